// Pruning shards by equality restrictions on the distribution column.
#include "tessera/planner/shard_pruning.h"
#include "tessera/planner/query_tree.h"

extern "C" {
#include "access/hash.h"
#include "catalog/pg_type_d.h"
#include "nodes/makefuncs.h"
#include "nodes/nodeFuncs.h"
#include "optimizer/optimizer.h"
#include "parser/parsetree.h"
#include "utils/array.h"
#include "utils/lsyscache.h"
#include "utils/typcache.h"
}

namespace tessera::planner {

namespace {

// True if `expr` is the distribution column of `table` at range-table entry `varno`.
bool is_distribution_column(const metadata::DistributedTable *table, Index varno, Expr *expr)
{
    expr = strip_relabel(expr);
    if (expr == nullptr || !IsA(expr, Var))
        return false;
    auto *var = reinterpret_cast<Var *>(expr);
    // A single-shard table has no distribution column (whole-row Vars have attribute 0 too).
    return !table->single_shard && var->varno == static_cast<int>(varno) && var->varlevelsup == 0 &&
           var->varattno == table->dist_column;
}

// The hash operator family of the distribution column's type.
Oid distribution_hash_family(const metadata::DistributedTable *table)
{
    TypeCacheEntry *type = lookup_type_cache(table->dist_type, TYPECACHE_HASH_OPFAMILY);
    return type->hash_opf;
}

// Marks the shards that can hold the values of clause `clause`; returns false if the clause
// says nothing about the distribution column (then every shard stays possible).
bool shards_for_clause(const metadata::DistributedTable *table, Index varno, Expr *clause,
                       bool *shards)
{
    if (IsA(clause, BoolExpr) && reinterpret_cast<BoolExpr *>(clause)->boolop == OR_EXPR) {
        bool *arm = static_cast<bool *>(palloc(sizeof(bool) * table->shard_count));
        ListCell *cell;
        foreach (cell, reinterpret_cast<BoolExpr *>(clause)->args) {
            memset(arm, 0, sizeof(bool) * table->shard_count);
            if (!shards_for_clause(table, varno, static_cast<Expr *>(lfirst(cell)), arm))
                return false;
            for (int i = 0; i < table->shard_count; i++)
                shards[i] = shards[i] || arm[i];
        }
        return true;
    }
    if (IsA(clause, ScalarArrayOpExpr)) {
        auto *saop = reinterpret_cast<ScalarArrayOpExpr *>(clause);
        if (!saop->useOr || list_length(saop->args) != 2 ||
            !is_distribution_column(table, varno, static_cast<Expr *>(linitial(saop->args))) ||
            !is_distribution_equality(table, saop->opno, saop->inputcollid))
            return false;
        Expr *array = strip_relabel(static_cast<Expr *>(lsecond(saop->args)));
        if (!IsA(array, Const))
            return false;
        auto *constant = reinterpret_cast<Const *>(array);
        if (constant->constisnull)
            return true; // = ANY(NULL) matches nothing
        ArrayType *values = DatumGetArrayTypeP(constant->constvalue);
        Oid element_type = ARR_ELEMTYPE(values);
        int16 length;
        bool by_value;
        char align;
        get_typlenbyvalalign(element_type, &length, &by_value, &align);
        Datum *elements;
        bool *nulls;
        int count;
        deconstruct_array(values, element_type, length, by_value, align, &elements, &nulls, &count);
        for (int i = 0; i < count; i++) {
            if (nulls[i])
                continue;
            int index =
                shard_index_for_constant(table, elements[i], element_type, saop->inputcollid);
            if (index < 0)
                return false;
            shards[index] = true;
        }
        return true;
    }
    Expr *value = distribution_equality_value(table, varno, clause);
    if (value == nullptr || !IsA(value, Const))
        return false;
    auto *constant = reinterpret_cast<Const *>(value);
    if (constant->constisnull)
        return true; // = NULL matches nothing
    int index = shard_index_for_constant(table, constant->constvalue, constant->consttype,
                                         constant->constcollid);
    if (index < 0)
        return false;
    shards[index] = true;
    return true;
}

// A same-level Var of a user column of an entry of `rtable`, or nullptr.
Var *rtable_column_var(List *rtable, Expr *expr)
{
    Var *var = same_level_var(expr);
    if (var == nullptr || var->varattno <= 0 || var->varno < 1 || var->varno > list_length(rtable))
        return nullptr;
    return var;
}

// A same-level Var of a column of a reference table of `rtable`, or nullptr.
Var *reference_table_var(List *rtable, Expr *expr)
{
    Var *var = rtable_column_var(rtable, expr);
    if (var == nullptr)
        return nullptr;
    auto *rte = rt_fetch(var->varno, rtable);
    if (rte->rtekind != RTE_RELATION || !metadata::is_reference_table(rte->relid))
        return nullptr;
    return var;
}

// A same-level Var of the distribution column of a hash-distributed table of `rtable` (sets
// *table), or nullptr.
Var *distribution_var(List *rtable, Expr *expr, const metadata::DistributedTable **table)
{
    Var *var = rtable_column_var(rtable, expr);
    if (var == nullptr)
        return nullptr;
    auto *rte = rt_fetch(var->varno, rtable);
    if (rte->rtekind != RTE_RELATION)
        return nullptr;
    const metadata::DistributedTable *found = metadata::lookup_distributed_table(rte->relid);
    if (found == nullptr || found->partition_method != metadata::kDistributeByHash ||
        found->single_shard || found->dist_column != var->varattno)
        return nullptr;
    *table = found;
    return var;
}

// A binary operator between the distribution column of a hash-distributed table and another
// column: the operator, the distribution column and its table, the other column.
struct DistributionJoin {
    OpExpr *op;
    Var *column;
    const metadata::DistributedTable *table;
    Var *other;
};

// Fills *join if `clause` is a binary operator between the distribution column of a
// hash-distributed table of `rtable` and a column `other_column` accepts (either side first).
bool distribution_join(List *rtable, Expr *clause, Var *(*other_column)(List *, Expr *),
                       DistributionJoin *join)
{
    if (!IsA(clause, OpExpr) || list_length(reinterpret_cast<OpExpr *>(clause)->args) != 2)
        return false;
    auto *op = reinterpret_cast<OpExpr *>(clause);
    for (int side = 0; side < 2; side++) {
        const metadata::DistributedTable *table = nullptr;
        Var *column =
            distribution_var(rtable, static_cast<Expr *>(list_nth(op->args, side)), &table);
        Var *other = column != nullptr
                         ? other_column(rtable, static_cast<Expr *>(list_nth(op->args, 1 - side)))
                         : nullptr;
        if (other != nullptr) {
            *join = {op, column, table, other};
            return true;
        }
    }
    return false;
}

// A pin of a reference-table column: `column op value` (value a Const or an external Param) or
// `column op ANY (array constant)`.
struct ReferencePin {
    Var *column;
    Oid opno;
    Oid collation;
    Expr *value;
    bool is_array;
};

// Fills *pin if `clause` pins a reference-table column of `rtable`; returns whether it does.
bool reference_pin(List *rtable, Expr *clause, ReferencePin *pin)
{
    if (IsA(clause, OpExpr) && list_length(reinterpret_cast<OpExpr *>(clause)->args) == 2) {
        auto *op = reinterpret_cast<OpExpr *>(clause);
        auto *left = static_cast<Expr *>(linitial(op->args));
        auto *right = static_cast<Expr *>(lsecond(op->args));
        Var *column = reference_table_var(rtable, left);
        Expr *value = strip_relabel(right);
        if (column == nullptr) {
            column = reference_table_var(rtable, right);
            value = strip_relabel(left);
        }
        if (column == nullptr || value == nullptr ||
            !(IsA(value, Const) ||
              (IsA(value, Param) && reinterpret_cast<Param *>(value)->paramkind == PARAM_EXTERN)))
            return false;
        *pin = {column, op->opno, op->inputcollid, value, false};
        return true;
    }
    if (IsA(clause, ScalarArrayOpExpr)) {
        auto *saop = reinterpret_cast<ScalarArrayOpExpr *>(clause);
        if (!saop->useOr || list_length(saop->args) != 2)
            return false;
        Var *column = reference_table_var(rtable, static_cast<Expr *>(linitial(saop->args)));
        Expr *array = strip_relabel(static_cast<Expr *>(lsecond(saop->args)));
        if (column == nullptr || array == nullptr || !IsA(array, Const))
            return false;
        *pin = {column, saop->opno, saop->inputcollid, array, true};
        return true;
    }
    return false;
}

// `pin` restated on distribution column `column` of `table` (`column = value` or
// `column = ANY (array)`), or nullptr when the pin's operator is not an equality of the
// column's hash operator family, or that family has no equality between the column's type and
// the value's: then equal values might hash apart and nothing can be pruned.
Expr *restate_pin(const metadata::DistributedTable *table, Var *column, const ReferencePin &pin)
{
    if (!is_distribution_equality(table, pin.opno, pin.collation))
        return nullptr;
    Oid value_type = exprType(reinterpret_cast<Node *>(pin.value));
    if (pin.is_array)
        value_type = get_element_type(value_type);
    Oid family = distribution_hash_family(table);
    if (!OidIsValid(value_type) || !OidIsValid(family))
        return nullptr;
    Oid opno = get_opfamily_member(family, table->dist_type, value_type, HTEqualStrategyNumber);
    if (!OidIsValid(opno))
        return nullptr;
    auto *var = static_cast<Expr *>(copyObjectImpl(column));
    auto *value = static_cast<Expr *>(copyObjectImpl(pin.value));
    if (pin.is_array) {
        ScalarArrayOpExpr *saop = makeNode(ScalarArrayOpExpr);
        saop->opno = opno;
        saop->opfuncid = get_opcode(opno);
        saop->useOr = true;
        saop->inputcollid = table->dist_collation;
        saop->args = list_make2(var, value);
        saop->location = -1;
        return reinterpret_cast<Expr *>(saop);
    }
    return make_opclause(opno, BOOLOID, false, var, value, InvalidOid, table->dist_collation);
}

// The constants of output column `attno` of `rte` when it is a subquery listing rows of
// constants (a VALUES list in FROM, or a WITH query computed on the coordinator at execution,
// see materialize_ctes), as an array constant without the NULLs (they equal nothing); nullptr
// when `rte` is anything else.
Const *constant_rows_column(RangeTblEntry *rte, AttrNumber attno)
{
    Query *rows = rte->rtekind == RTE_SUBQUERY ? rte->subquery : nullptr;
    if (rows == nullptr || rows->commandType != CMD_SELECT || rows->jointree == nullptr ||
        rows->setOperations != nullptr || rows->cteList != NIL || rows->hasSubLinks ||
        rows->hasAggs || rows->hasWindowFuncs || rows->hasTargetSRFs || rows->groupClause != NIL ||
        rows->groupingSets != NIL || rows->havingQual != nullptr || rows->distinctClause != NIL ||
        rows->limitCount != nullptr || rows->limitOffset != nullptr)
        return nullptr;
    TargetEntry *entry = get_tle_by_resno(rows->targetList, attno);
    if (entry == nullptr || entry->resjunk)
        return nullptr;
    Oid type = exprType(reinterpret_cast<Node *>(entry->expr));
    Oid array_type = get_array_type(type);
    if (!OidIsValid(array_type))
        return nullptr;
    List *values = NIL;
    Node *where = rows->jointree->quals;
    if (rows->rtable == NIL) {
        // No rows at all (make_rows_query of an empty result): WHERE false.
        if (rows->jointree->fromlist != NIL || where == nullptr || !IsA(where, Const) ||
            (!reinterpret_cast<Const *>(where)->constisnull &&
             DatumGetBool(reinterpret_cast<Const *>(where)->constvalue)))
            return nullptr;
    } else {
        if (list_length(rows->rtable) != 1 || where != nullptr ||
            list_length(rows->jointree->fromlist) != 1 || !IsA(entry->expr, Var))
            return nullptr;
        auto *list = static_cast<RangeTblEntry *>(linitial(rows->rtable));
        auto *var = reinterpret_cast<Var *>(entry->expr);
        if (list->rtekind != RTE_VALUES || var->varno != 1 || var->varlevelsup != 0)
            return nullptr;
        ListCell *cell;
        foreach (cell, list->values_lists) {
            auto *row = static_cast<List *>(lfirst(cell));
            if (var->varattno < 1 || var->varattno > list_length(row))
                return nullptr;
            Node *value = eval_const_expressions(
                nullptr, static_cast<Node *>(list_nth(row, var->varattno - 1)));
            if (!IsA(value, Const) || reinterpret_cast<Const *>(value)->consttype != type)
                return nullptr;
            if (!reinterpret_cast<Const *>(value)->constisnull)
                values = lappend(values, value);
        }
    }
    int16 length;
    bool by_value;
    char align;
    get_typlenbyvalalign(type, &length, &by_value, &align);
    auto *datums = static_cast<Datum *>(palloc(sizeof(Datum) * (list_length(values) + 1)));
    int count = 0;
    ListCell *cell;
    foreach (cell, values)
        datums[count++] = reinterpret_cast<Const *>(lfirst(cell))->constvalue;
    ArrayType *array = construct_array(datums, count, type, length, by_value, align);
    return makeConst(array_type, -1, InvalidOid, -1, PointerGetDatum(array), false, false);
}

} // namespace

List *with_constant_rows_pins(List *rtable, List *quals)
{
    List *result = quals;
    ListCell *cell;
    foreach (cell, quals) {
        DistributionJoin join;
        if (!distribution_join(rtable, static_cast<Expr *>(lfirst(cell)), rtable_column_var, &join))
            continue;
        Var *other = join.other;
        Const *array = constant_rows_column(rt_fetch(other->varno, rtable), other->varattno);
        if (array == nullptr)
            continue;
        ReferencePin pin{other, join.op->opno, join.op->inputcollid,
                         reinterpret_cast<Expr *>(array), true};
        Expr *restated = restate_pin(join.table, join.column, pin);
        if (restated != nullptr)
            result = lappend(result == quals ? list_copy(quals) : result, restated);
    }
    return result;
}

List *with_reference_table_pins(List *rtable, List *quals)
{
    quals =
        reinterpret_cast<List *>(eval_const_expressions(nullptr, reinterpret_cast<Node *>(quals)));
    List *pins = NIL;
    ListCell *cell;
    foreach (cell, quals) {
        ReferencePin pin;
        if (!reference_pin(rtable, static_cast<Expr *>(lfirst(cell)), &pin))
            continue;
        auto *copy = static_cast<ReferencePin *>(palloc(sizeof(ReferencePin)));
        *copy = pin;
        pins = lappend(pins, copy);
    }
    if (pins == NIL)
        return quals;
    List *result = list_copy(quals);
    foreach (cell, quals) {
        DistributionJoin join;
        if (!distribution_join(rtable, static_cast<Expr *>(lfirst(cell)), reference_table_var,
                               &join) ||
            !is_distribution_equality(join.table, join.op->opno, join.op->inputcollid))
            continue;
        ListCell *pin_cell;
        foreach (pin_cell, pins) {
            auto *pin = static_cast<ReferencePin *>(lfirst(pin_cell));
            if (pin->column->varno != join.other->varno ||
                pin->column->varattno != join.other->varattno)
                continue;
            Expr *restated = restate_pin(join.table, join.column, *pin);
            if (restated != nullptr)
                result = lappend(result, restated);
        }
    }
    return result;
}

bool is_distribution_equality(const metadata::DistributedTable *table, Oid opno, Oid collation)
{
    if (table->single_shard)
        return false; // no distribution column
    Oid family = distribution_hash_family(table);
    if (!OidIsValid(family) || !op_in_opfamily(opno, family) ||
        get_op_opfamily_strategy(opno, family) != HTEqualStrategyNumber)
        return false;
    return !OidIsValid(collation) || collation == table->dist_collation ||
           get_collation_isdeterministic(collation);
}

Expr *distribution_equality_value(const metadata::DistributedTable *table, Index varno,
                                  Expr *clause)
{
    if (table->partition_method != metadata::kDistributeByHash || !IsA(clause, OpExpr))
        return nullptr;
    auto *op = reinterpret_cast<OpExpr *>(clause);
    if (list_length(op->args) != 2 || !is_distribution_equality(table, op->opno, op->inputcollid))
        return nullptr;
    auto *left = static_cast<Expr *>(linitial(op->args));
    auto *right = static_cast<Expr *>(lsecond(op->args));
    Expr *value = nullptr;
    if (is_distribution_column(table, varno, left))
        value = strip_relabel(right);
    else if (is_distribution_column(table, varno, right))
        value = strip_relabel(left);
    if (value == nullptr)
        return nullptr;
    if (IsA(value, Const))
        return value;
    if (IsA(value, Param) && reinterpret_cast<Param *>(value)->paramkind == PARAM_EXTERN)
        return value;
    return nullptr;
}

int shard_index_for_constant(const metadata::DistributedTable *table, Datum value, Oid type,
                             Oid collation)
{
    if (table->single_shard)
        return 0; // every value is in the one shard
    int32 hash;
    if (type == table->dist_type) {
        hash = metadata::hash_distribution_value(table, value);
    } else {
        // Members of one hash operator family hash equal values alike, whatever their type.
        Oid family = distribution_hash_family(table);
        Oid proc = get_opfamily_proc(family, type, type, HASHSTANDARD_PROC);
        if (!OidIsValid(proc))
            return -1;
        Oid coll = OidIsValid(table->dist_collation) ? table->dist_collation : collation;
        hash = DatumGetInt32(OidFunctionCall1Coll(proc, coll, value));
    }
    const metadata::ShardInterval *shard = metadata::find_shard_for_hash(table, hash);
    return shard != nullptr ? shard->shard_index : -1;
}

bool *prune_shards(const metadata::DistributedTable *table, Index varno, List *quals)
{
    bool *result = static_cast<bool *>(palloc(sizeof(bool) * table->shard_count));
    for (int i = 0; i < table->shard_count; i++)
        result[i] = true;
    if (table->partition_method != metadata::kDistributeByHash || table->single_shard)
        return result;
    bool *clause_shards = static_cast<bool *>(palloc(sizeof(bool) * table->shard_count));
    ListCell *cell;
    foreach (cell, quals) {
        memset(clause_shards, 0, sizeof(bool) * table->shard_count);
        // Fold constant expressions first: before planning, IN (1, 2) is still an ARRAY[...]
        // expression and 2 + 3 an operator call.
        Expr *clause = reinterpret_cast<Expr *>(
            eval_const_expressions(nullptr, reinterpret_cast<Node *>(lfirst(cell))));
        if (!shards_for_clause(table, varno, clause, clause_shards))
            continue;
        for (int i = 0; i < table->shard_count; i++)
            result[i] = result[i] && clause_shards[i];
    }
    return result;
}

} // namespace tessera::planner
