// Writes to distributed and reference tables: INSERT (VALUES / SELECT), UPDATE and DELETE.
//
// Planning checks what can run correctly and builds a PlannedStmt around one "Tessera Modify"
// custom scan that holds the (rewritten) Query. At execution the scan turns the statement into
// per-shard tasks, batch by batch, and runs each batch through a Tessera Adaptive scan created
// on the fly; its RETURNING rows are passed through and its affected-row counts make the tag.
// PostgreSQL-style code: no C++ objects with destructors live in these frames.
#include "tessera/planner/modify_planner.h"
#include "tessera/planner/query_tree.h"
#include "tessera/planner/single_scan_plan.h"

#include "tessera/executor/distributed_scan.h"
#include "tessera/metadata/distributed_table.h"
#include "tessera/planner/deparse.h"
#include "tessera/planner/planner.h"
#include "tessera/planner/shard_pruning.h"

#include <utility>

extern "C" {
#include "access/htup_details.h"
#include "access/transam.h"
#include "catalog/pg_constraint.h"
#include "catalog/pg_index.h"
#include "catalog/pg_type_d.h"
#include "commands/explain.h"
#include "executor/executor.h"
#include "executor/tstoreReceiver.h"
#include "miscadmin.h"
#include "nodes/extensible.h"
#include "nodes/makefuncs.h"
#include "nodes/nodeFuncs.h"
#include "optimizer/clauses.h"
#include "optimizer/optimizer.h"
#include "optimizer/planner.h"
#include "parser/parsetree.h"
#include "rewrite/rewriteManip.h"
#include "tcop/pquery.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/datum.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/snapmgr.h"
#include "utils/syscache.h"
#include "utils/tuplestore.h"
#include "utils/typcache.h"
}

namespace tessera::planner {

// True if `node` (an expression of an INSERT's target list) can be evaluated on a worker; Vars
// of the INSERT's SELECT (range-table entry `select_index`) count as evaluable.
bool is_shippable_select_expression(Node *node, Index select_index);

namespace {

using metadata::DistributedTable;

// How the statement becomes tasks.
enum ModifyKind {
    kInsertValues = 1,   // rows evaluated on the coordinator, grouped per shard
    kInsertPushdown = 2, // INSERT ... SELECT run shard by shard on the workers
    kInsertPull = 3,     // SELECT runs distributed, its rows are routed in batches
    kUpdateDelete = 4,   // UPDATE / DELETE on every shard left after pruning
};

// Positions in the Tessera Modify scan's custom_private.
enum ModifyField { kKindField = 0, kQueryField, kSelectPlanField, kTemplateField };

// Positions in the template of a parameterised UPDATE/DELETE (kTemplateField).
enum WriteTemplateField { kWriteTextField = 0, kWriteSplicesField, kWriteRelidsField };

// Rows per batch of an INSERT ... SELECT whose rows pass through the coordinator.
constexpr int kPullBatchRows = 20000;

const char *command_name(CmdType type)
{
    switch (type) {
    case CMD_INSERT:
        return "INSERT";
    case CMD_UPDATE:
        return "UPDATE";
    case CMD_DELETE:
        return "DELETE";
    default:
        return "MERGE";
    }
}

// ---------------------------------------------------------------------------------------------
// Analysis helpers

// A hash-distributed table at one range-table index of one query level.
struct LevelTable {
    Index varno;
    const DistributedTable *table;
    int component; // union-find parent (index into the level's tables)
};

int find_component(LevelTable *tables, int i)
{
    while (tables[i].component != i)
        i = tables[i].component = tables[tables[i].component].component;
    return i;
}

// The entry of `tables` whose distribution column `expr` is (through binary relabelling).
int table_for_dist_var(LevelTable *tables, int count, Expr *expr)
{
    while (expr != nullptr && IsA(expr, RelabelType))
        expr = reinterpret_cast<RelabelType *>(expr)->arg;
    if (expr == nullptr || !IsA(expr, Var))
        return -1;
    auto *var = reinterpret_cast<Var *>(expr);
    if (var->varlevelsup != 0)
        return -1;
    for (int i = 0; i < count; i++)
        if (tables[i].varno == static_cast<Index>(var->varno) &&
            tables[i].table->dist_column == var->varattno)
            return i;
    return -1;
}

// Joins the components of tables whose distribution columns are equated by a clause of `quals`.
void connect_by_equalities(LevelTable *tables, int count, List *quals)
{
    ListCell *cell;
    foreach (cell, quals) {
        auto *clause = static_cast<Expr *>(lfirst(cell));
        if (!IsA(clause, OpExpr) || list_length(reinterpret_cast<OpExpr *>(clause)->args) != 2)
            continue;
        auto *op = reinterpret_cast<OpExpr *>(clause);
        int left = table_for_dist_var(tables, count, static_cast<Expr *>(linitial(op->args)));
        int right = table_for_dist_var(tables, count, static_cast<Expr *>(lsecond(op->args)));
        if (left < 0 || right < 0 ||
            tables[left].table->dist_type != tables[right].table->dist_type)
            continue;
        TypeCacheEntry *type =
            lookup_type_cache(tables[left].table->dist_type, TYPECACHE_HASH_OPFAMILY);
        if (!OidIsValid(type->hash_opf) ||
            get_op_opfamily_strategy(op->opno, type->hash_opf) != HTEqualStrategyNumber)
            continue;
        tables[find_component(tables, left)].component = find_component(tables, right);
    }
}

// The hash-distributed tables of one query level (its own range table), checking that every
// relation is distributed or a reference table and that hash tables are colocated with
// `target` (when it is hash-distributed).
LevelTable *level_tables(Query *query, const DistributedTable *target, const char *command,
                         int *count)
{
    auto *tables =
        static_cast<LevelTable *>(palloc0(sizeof(LevelTable) * (list_length(query->rtable) + 1)));
    int n = 0;
    ListCell *cell;
    Index varno = 0;
    foreach (cell, query->rtable) {
        varno++;
        auto *rte = static_cast<RangeTblEntry *>(lfirst(cell));
        if (rte->rtekind != RTE_RELATION)
            continue;
        const DistributedTable *table = metadata::lookup_distributed_table(rte->relid);
        if (table == nullptr)
            ereport(ERROR, (errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
                            errmsg("%s on distributed table \"%s\" cannot read local table \"%s\"",
                                   command, get_rel_name(target->relid), get_rel_name(rte->relid)),
                            errdetail("The statement runs on the worker nodes, which do not have "
                                      "the coordinator's local tables."),
                            errhint("Make the table a reference table with "
                                    "create_reference_table(), or distribute it colocated.")));
        if (table->partition_method != metadata::kDistributeByHash)
            continue;
        if (target->partition_method != metadata::kDistributeByHash)
            ereport(ERROR,
                    (errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
                     errmsg("%s on reference table \"%s\" cannot read distributed table \"%s\"",
                            command, get_rel_name(target->relid), get_rel_name(rte->relid)),
                     errdetail("Every copy of a reference table must receive the same rows, "
                               "but each node holds only some rows of a distributed table.")));
        if (table->colocation_id != target->colocation_id)
            ereport(ERROR,
                    (errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
                     errmsg("%s on distributed table \"%s\" cannot read table \"%s\", which is not "
                            "colocated with it",
                            command, get_rel_name(target->relid), get_rel_name(rte->relid)),
                     errhint("Distribute the tables with colocate_with, or use a reference "
                             "table.")));
        tables[n] = {varno, table, n};
        n++;
    }
    *count = n;
    return tables;
}

// Walker: raises an ERROR at the first hash-distributed table below the top level (in
// subqueries, CTEs or sublinks); checks every relation there like level_tables.
struct NestedContext {
    const DistributedTable *target;
    const char *command;
    bool skip_top_subqueries; // FROM subqueries and WITH of the top level are planned apart
    int depth;
    Query *levels[64]; // the query of every level above (levels[0]: top level)
};

// True if `sublink` (in a top-level expression of the statement) can be evaluated on the
// coordinator before the statement is sent: it does not refer to the statement's rows and is of
// a kind whose result can be replaced by a constant.
bool is_precomputable_sublink(SubLink *sublink)
{
    if (sublink->subLinkType != EXISTS_SUBLINK && sublink->subLinkType != EXPR_SUBLINK &&
        sublink->subLinkType != ANY_SUBLINK && sublink->subLinkType != ALL_SUBLINK &&
        sublink->subLinkType != ARRAY_SUBLINK)
        return false;
    if ((sublink->subLinkType == ANY_SUBLINK || sublink->subLinkType == ALL_SUBLINK) &&
        sublink->testexpr == nullptr)
        return false;
    return !contain_vars_of_level(sublink->subselect, 1);
}

// True if the ANY / ALL `sublink` compares one value with the subquery's single column (its
// result can become an array); otherwise (row comparisons) the subquery becomes a VALUES list.
bool is_single_column_test(SubLink *sublink)
{
    auto *test = reinterpret_cast<Node *>(sublink->testexpr);
    return test != nullptr && IsA(test, OpExpr) &&
           list_length(reinterpret_cast<OpExpr *>(test)->args) == 2 &&
           IsA(lsecond(reinterpret_cast<OpExpr *>(test)->args), Param);
}

// True if `sublink`, in a top-level expression of UPDATE / DELETE `query` on hash-distributed
// `target`, is `target.dist_column [, ...] IN (subquery)` whose subquery yields its complete rows
// per shard group (colocated with the target) and compares its distribution column with the
// target's: every shard group can evaluate it on its own, so it is sent as it is.
bool is_colocated_in_sublink(SubLink *sublink, Query *query, const DistributedTable *target)
{
    if (sublink->subLinkType != ANY_SUBLINK || query->commandType == CMD_INSERT ||
        target->partition_method != metadata::kDistributeByHash || sublink->testexpr == nullptr)
        return false;
    List *relids = NIL;
    const DistributedTable *pseudo =
        shard_local_subquery_table(reinterpret_cast<Query *>(sublink->subselect), &relids);
    if (pseudo == nullptr || pseudo->colocation_id != target->colocation_id ||
        pseudo->dist_type != target->dist_type)
        return false;
    TypeCacheEntry *type = lookup_type_cache(target->dist_type, TYPECACHE_HASH_OPFAMILY);
    if (!OidIsValid(type->hash_opf))
        return false;
    List *tests = add_conjuncts(NIL, sublink->testexpr);
    ListCell *cell;
    foreach (cell, tests) {
        auto *test = static_cast<Node *>(lfirst(cell));
        if (!IsA(test, OpExpr) || list_length(reinterpret_cast<OpExpr *>(test)->args) != 2)
            continue;
        auto *op = reinterpret_cast<OpExpr *>(test);
        if (get_op_opfamily_strategy(op->opno, type->hash_opf) != HTEqualStrategyNumber)
            continue;
        for (int side = 0; side < 2; side++) {
            Expr *left = strip_relabel(static_cast<Expr *>(list_nth(op->args, side)));
            Expr *right = strip_relabel(static_cast<Expr *>(list_nth(op->args, 1 - side)));
            if (left == nullptr || right == nullptr || !IsA(left, Var) || !IsA(right, Param))
                continue;
            auto *var = reinterpret_cast<Var *>(left);
            auto *param = reinterpret_cast<Param *>(right);
            if (var->varlevelsup == 0 && var->varno == static_cast<int>(query->resultRelation) &&
                var->varattno == target->dist_column && param->paramkind == PARAM_SUBLINK &&
                param->paramid == pseudo->dist_column)
                return true;
        }
    }
    return false;
}

// True if some hash-distributed table at `level` is equated on its distribution column to the
// distribution column of a hash-distributed table of an enclosing level (a correlated subquery
// joined on the distribution column), for component `component`.
bool anchored_to_outer(NestedContext *context, LevelTable *tables, int count, int component,
                       List *quals)
{
    ListCell *cell;
    foreach (cell, quals) {
        auto *clause = static_cast<Expr *>(lfirst(cell));
        if (!IsA(clause, OpExpr) || list_length(reinterpret_cast<OpExpr *>(clause)->args) != 2)
            continue;
        auto *op = reinterpret_cast<OpExpr *>(clause);
        for (int side = 0; side < 2; side++) {
            int inner =
                table_for_dist_var(tables, count, static_cast<Expr *>(list_nth(op->args, side)));
            Expr *other = strip_relabel(static_cast<Expr *>(list_nth(op->args, 1 - side)));
            if (inner < 0 || find_component(tables, inner) != component || other == nullptr ||
                !IsA(other, Var))
                continue;
            auto *var = reinterpret_cast<Var *>(other);
            int up = static_cast<int>(var->varlevelsup);
            if (up < 1 || up > context->depth)
                continue;
            Query *outer = context->levels[context->depth - up];
            if (var->varno < 1 || var->varno > list_length(outer->rtable))
                continue;
            RangeTblEntry *rte = rt_fetch(var->varno, outer->rtable);
            if (rte->rtekind != RTE_RELATION)
                continue;
            const DistributedTable *table = metadata::lookup_distributed_table(rte->relid);
            TypeCacheEntry *type =
                lookup_type_cache(tables[inner].table->dist_type, TYPECACHE_HASH_OPFAMILY);
            if (table != nullptr && table->partition_method == metadata::kDistributeByHash &&
                table->colocation_id == tables[inner].table->colocation_id &&
                var->varattno == table->dist_column &&
                table->dist_type == tables[inner].table->dist_type && OidIsValid(type->hash_opf) &&
                get_op_opfamily_strategy(op->opno, type->hash_opf) == HTEqualStrategyNumber)
                return true;
        }
    }
    return false;
}

bool nested_tables_walker(Node *node, NestedContext *context)
{
    if (node == nullptr)
        return false;
    if (IsA(node, SubLink) && context->depth == 1 && context->skip_top_subqueries &&
        is_colocated_in_sublink(reinterpret_cast<SubLink *>(node), context->levels[0],
                                context->target)) {
        // Sent as it is: its subquery was checked whole (shard_local_subquery_table).
        auto *sublink = reinterpret_cast<SubLink *>(node);
        return expression_tree_walker(sublink->testexpr, TESSERA_WALKER(nested_tables_walker),
                                      context);
    }
    if (IsA(node, SubLink) && context->depth == 1 &&
        is_precomputable_sublink(reinterpret_cast<SubLink *>(node))) {
        // Evaluated on the coordinator at execution (see precompute_sublinks); only its
        // relations are checked here.
        auto *sublink = reinterpret_cast<SubLink *>(node);
        return expression_tree_walker(sublink->testexpr, TESSERA_WALKER(nested_tables_walker),
                                      context);
    }
    if (IsA(node, Query)) {
        auto *query = reinterpret_cast<Query *>(node);
        if (context->depth > 0) {
            if (query->commandType != CMD_SELECT)
                ereport(ERROR, (errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
                                errmsg("data-modifying subqueries are not supported in writes to "
                                       "distributed tables")));
            int count = 0;
            LevelTable *tables = level_tables(query, context->target, context->command, &count);
            List *quals = all_join_quals(reinterpret_cast<Node *>(query->jointree), NIL);
            connect_by_equalities(tables, count, quals);
            for (int i = 0; i < count; i++) {
                if (anchored_to_outer(context, tables, count, find_component(tables, i), quals))
                    continue;
                ereport(ERROR,
                        (errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
                         errmsg("%s on distributed table \"%s\" cannot use distributed table "
                                "\"%s\" in this subquery",
                                context->command, get_rel_name(context->target->relid),
                                get_rel_name(tables[i].table->relid)),
                         errdetail("A subquery on a distributed table must either be independent "
                                   "of the modified rows or be joined to them on the "
                                   "distribution column."),
                         errhint("Join the table in the FROM / USING list on the distribution "
                                 "column instead, or use a reference table.")));
            }
        }
        if (context->depth >= 63)
            ereport(ERROR, (errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
                            errmsg("subqueries nested too deeply")));
        context->levels[context->depth] = query;
        int flags = context->depth == 0 && context->skip_top_subqueries
                        ? QTW_IGNORE_RT_SUBQUERIES | QTW_IGNORE_CTE_SUBQUERIES
                        : 0;
        context->depth++;
        bool result =
            query_tree_walker(query, TESSERA_WALKER(nested_tables_walker), context, flags);
        context->depth--;
        return result;
    }
    return expression_tree_walker(node, TESSERA_WALKER(nested_tables_walker), context);
}

// With `skip_top_subqueries`, the top level's FROM subqueries and WITH queries are not checked:
// plan_from_subqueries has made each of them shard-local, reference-only or computed on the
// coordinator first.
void check_nested_levels(Query *query, const DistributedTable *target, const char *command,
                         bool skip_top_subqueries = false)
{
    NestedContext context{};
    context.target = target;
    context.command = command;
    context.skip_top_subqueries = skip_top_subqueries;
    nested_tables_walker(reinterpret_cast<Node *>(query), &context);
}

// Checks that every hash table of `query`'s top level is joined (through equalities of
// distribution columns, directly or transitively) to the table at `anchor_varno`.
void check_joined_to(Query *query, LevelTable *tables, int count, Index anchor_varno,
                     const DistributedTable *target, const char *command)
{
    connect_by_equalities(tables, count,
                          all_join_quals(reinterpret_cast<Node *>(query->jointree), NIL));
    int anchor = -1;
    for (int i = 0; i < count; i++)
        if (tables[i].varno == anchor_varno)
            anchor = i;
    for (int i = 0; i < count; i++) {
        if (anchor >= 0 && find_component(tables, i) == find_component(tables, anchor))
            continue;
        ereport(ERROR,
                (errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
                 errmsg("%s on distributed table \"%s\" must join distributed table \"%s\" on the "
                        "distribution column",
                        command, get_rel_name(target->relid), get_rel_name(tables[i].table->relid)),
                 errdetail("Only rows in the same shard group can be joined on the worker nodes."),
                 errhint("Add an equality between the distribution columns of the tables.")));
    }
}

// True if `node` contains a SubLink.
bool contains_sublink(Node *node)
{
    return checkExprHasSubLink(node);
}

// Raises an ERROR if the statement assigns the distribution column anything but itself.
void check_distribution_column_unchanged(List *target_list, Index result_relation,
                                         const DistributedTable *table)
{
    if (table->partition_method != metadata::kDistributeByHash)
        return;
    ListCell *cell;
    foreach (cell, target_list) {
        auto *entry = static_cast<TargetEntry *>(lfirst(cell));
        if (entry->resjunk || entry->resno != table->dist_column)
            continue;
        Expr *expr = entry->expr;
        while (expr != nullptr && IsA(expr, RelabelType))
            expr = reinterpret_cast<RelabelType *>(expr)->arg;
        if (expr != nullptr && IsA(expr, Var)) {
            auto *var = reinterpret_cast<Var *>(expr);
            if (var->varno == static_cast<int>(result_relation) && var->varlevelsup == 0 &&
                var->varattno == table->dist_column)
                continue;
        }
        ereport(ERROR, (errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
                        errmsg("cannot modify distribution column \"%s\" of table \"%s\"",
                               get_attname(table->relid, table->dist_column, false),
                               get_rel_name(table->relid)),
                        errdetail("A changed value would belong to another shard."),
                        errhint("Delete the row and insert it again with the new value.")));
    }
}

// Raises an ERROR unless every arbiter index of ON CONFLICT covers the distribution column.
void check_on_conflict(Query *query, const DistributedTable *table)
{
    OnConflictExpr *conflict = query->onConflict;
    if (conflict == nullptr)
        return;
    if (conflict->action == ONCONFLICT_UPDATE)
        check_distribution_column_unchanged(conflict->onConflictSet, query->resultRelation, table);
    if (table->partition_method != metadata::kDistributeByHash)
        return;
    bool covers = conflict->arbiterElems == NIL && !OidIsValid(conflict->constraint);
    ListCell *cell;
    foreach (cell, conflict->arbiterElems) {
        auto *element = static_cast<InferenceElem *>(lfirst(cell));
        Expr *expr = strip_relabel(reinterpret_cast<Expr *>(element->expr));
        if (expr != nullptr && IsA(expr, Var) &&
            reinterpret_cast<Var *>(expr)->varattno == table->dist_column)
            covers = true;
    }
    if (OidIsValid(conflict->constraint)) {
        Oid index = get_constraint_index(conflict->constraint);
        HeapTuple tuple = SearchSysCache1(INDEXRELID, ObjectIdGetDatum(index));
        if (HeapTupleIsValid(tuple)) {
            auto *form = reinterpret_cast<Form_pg_index>(GETSTRUCT(tuple));
            for (int i = 0; i < form->indnkeyatts; i++)
                covers = covers || form->indkey.values[i] == table->dist_column;
            ReleaseSysCache(tuple);
        }
    }
    if (!covers)
        ereport(ERROR,
                (errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
                 errmsg("the ON CONFLICT target of distributed table \"%s\" must include the "
                        "distribution column \"%s\"",
                        get_rel_name(table->relid),
                        get_attname(table->relid, table->dist_column, false))));
}

// The range-table index of the INSERT's SELECT (an RTE_SUBQUERY in the jointree), or 0.
Index insert_select_index(Query *query)
{
    if (query->jointree == nullptr || list_length(query->jointree->fromlist) != 1)
        return 0;
    auto *ref = static_cast<Node *>(linitial(query->jointree->fromlist));
    if (!IsA(ref, RangeTblRef))
        return 0;
    Index index = reinterpret_cast<RangeTblRef *>(ref)->rtindex;
    RangeTblEntry *rte = rt_fetch(index, query->rtable);
    return rte->rtekind == RTE_SUBQUERY ? index : 0;
}

// The range-table index of the INSERT's multi-row VALUES list, or 0.
Index insert_values_index(Query *query)
{
    Index index = 0;
    ListCell *cell;
    foreach (cell, query->rtable) {
        index++;
        if (static_cast<RangeTblEntry *>(lfirst(cell))->rtekind == RTE_VALUES)
            return index;
    }
    return 0;
}

// The target entry for attribute `attno`, or nullptr.
TargetEntry *entry_for_attno(List *target_list, AttrNumber attno)
{
    ListCell *cell;
    foreach (cell, target_list) {
        auto *entry = static_cast<TargetEntry *>(lfirst(cell));
        if (!entry->resjunk && entry->resno == attno)
            return entry;
    }
    return nullptr;
}

// True if INSERT ... SELECT can run shard by shard: the SELECT reads only tables colocated with
// the target (joined on their distribution columns) and reference tables, the target's
// distribution column takes the distribution column of one of them, and nothing in the SELECT
// mixes rows of different shards (aggregates without grouping by that column, LIMIT, window
// functions, DISTINCT, set operations). For reference tables: the SELECT reads only reference
// tables. Every expression must be evaluable on the workers.
bool insert_select_pushable(Query *query, Index select_index, const DistributedTable *target)
{
    Query *select = rt_fetch(select_index, query->rtable)->subquery;
    if (select->setOperations != nullptr || select->limitCount != nullptr ||
        select->limitOffset != nullptr || select->hasWindowFuncs || select->distinctClause != NIL ||
        select->hasTargetSRFs || select->hasModifyingCTE || select->cteList != NIL ||
        select->rowMarks != NIL || select->hasSubLinks || select->groupingSets != NIL)
        return false;
    // The INSERT's own expressions (defaults, casts) must be shippable.
    ListCell *cell;
    foreach (cell, query->targetList) {
        auto *entry = static_cast<TargetEntry *>(lfirst(cell));
        if (!is_shippable_select_expression(reinterpret_cast<Node *>(entry->expr), select_index))
            return false;
    }
    // Every relation of the SELECT, at every level, must be distributed or reference, and
    // nested levels must not read hash tables.
    bool nested_hash = false;
    bool local = false;
    struct Walk {
        static bool walk(Node *node, bool *flags)
        {
            if (node == nullptr)
                return false;
            if (IsA(node, RangeTblEntry)) {
                auto *rte = reinterpret_cast<RangeTblEntry *>(node);
                if (rte->rtekind == RTE_RELATION) {
                    const DistributedTable *table = metadata::lookup_distributed_table(rte->relid);
                    if (table == nullptr)
                        flags[0] = true;
                    else if (table->partition_method == metadata::kDistributeByHash)
                        flags[1] = true;
                }
                return false;
            }
            if (IsA(node, Query))
                return query_tree_walker(reinterpret_cast<Query *>(node), TESSERA_WALKER(walk),
                                         flags, QTW_EXAMINE_RTES_BEFORE);
            return expression_tree_walker(node, TESSERA_WALKER(walk), flags);
        }
    };
    bool flags[2] = {false, false};
    // Nested levels of the SELECT.
    query_tree_walker(select, TESSERA_WALKER(Walk::walk), flags, 0);
    local = flags[0];
    nested_hash = flags[1];
    if (local || nested_hash)
        return false;
    // The SELECT's own range table.
    int count = 0;
    auto *tables =
        static_cast<LevelTable *>(palloc0(sizeof(LevelTable) * (list_length(select->rtable) + 1)));
    Index varno = 0;
    foreach (cell, select->rtable) {
        varno++;
        auto *rte = static_cast<RangeTblEntry *>(lfirst(cell));
        if (rte->rtekind != RTE_RELATION) {
            if (rte->rtekind != RTE_JOIN && rte->rtekind != RTE_VALUES &&
                rte->rtekind != RTE_FUNCTION)
                return false;
            continue;
        }
        const DistributedTable *table = metadata::lookup_distributed_table(rte->relid);
        if (table == nullptr)
            return false;
        if (table->partition_method != metadata::kDistributeByHash)
            continue;
        if (target->partition_method != metadata::kDistributeByHash ||
            table->colocation_id != target->colocation_id)
            return false;
        tables[count] = {varno, table, count};
        count++;
    }
    if (target->partition_method != metadata::kDistributeByHash)
        return count == 0 && !contain_volatile_functions(reinterpret_cast<Node *>(query));
    if (count == 0)
        return false;
    // The target's distribution column must come from a source distribution column.
    TargetEntry *dist_entry = entry_for_attno(query->targetList, target->dist_column);
    if (dist_entry == nullptr)
        return false;
    Expr *dist_expr = strip_relabel(dist_entry->expr);
    if (!IsA(dist_expr, Var) || reinterpret_cast<Var *>(dist_expr)->varno != (int)select_index)
        return false;
    TargetEntry *source =
        get_tle_by_resno(select->targetList, reinterpret_cast<Var *>(dist_expr)->varattno);
    if (source == nullptr)
        return false;
    int anchor = table_for_dist_var(tables, count, source->expr);
    if (anchor < 0 || tables[anchor].table->dist_type != target->dist_type)
        return false;
    connect_by_equalities(tables, count,
                          all_join_quals(reinterpret_cast<Node *>(select->jointree), NIL));
    for (int i = 0; i < count; i++)
        if (find_component(tables, i) != find_component(tables, anchor))
            return false;
    // Aggregation must group by a distribution column of the joined tables.
    if (select->hasAggs || select->groupClause != NIL || select->havingQual != nullptr) {
        bool grouped = false;
        foreach (cell, select->groupClause) {
            auto *clause = static_cast<SortGroupClause *>(lfirst(cell));
            TargetEntry *entry = get_sortgroupclause_tle(clause, select->targetList);
            if (table_for_dist_var(tables, count, entry->expr) >= 0)
                grouped = true;
        }
        if (!grouped)
            return false;
    }
    return true;
}

// Moves every expression of a pushed-down INSERT ... SELECT's target list into the SELECT, so the
// printed INSERT names exactly the columns its SELECT produces (the rewriter adds the defaults of
// missing columns to the INSERT's own target list, which SQL text cannot express).
void move_targets_into_select(Query *query, Index select_index)
{
    RangeTblEntry *select_rte = rt_fetch(select_index, query->rtable);
    Query *select = select_rte->subquery;
    struct Substitute {
        static Node *mutate(Node *node, void *context)
        {
            auto *args = static_cast<std::pair<Index, List *> *>(context);
            if (node == nullptr)
                return nullptr;
            if (IsA(node, Var)) {
                auto *var = reinterpret_cast<Var *>(node);
                if (var->varno == static_cast<int>(args->first) && var->varlevelsup == 0)
                    return reinterpret_cast<Node *>(
                        copyObject(get_tle_by_resno(args->second, var->varattno)->expr));
            }
            return expression_tree_mutator(node, TESSERA_MUTATOR(mutate), context);
        }
    };
    std::pair<Index, List *> args{select_index, select->targetList};
    List *new_select = NIL;
    List *used_refs = NIL;
    AttrNumber resno = 1;
    ListCell *cell;
    foreach (cell, query->targetList) {
        auto *entry = static_cast<TargetEntry *>(lfirst(cell));
        if (entry->resjunk)
            continue;
        Index sortgroupref = 0;
        Expr *plain = strip_relabel(entry->expr);
        if (IsA(plain, Var) &&
            reinterpret_cast<Var *>(plain)->varno == static_cast<int>(select_index)) {
            TargetEntry *source =
                get_tle_by_resno(select->targetList, reinterpret_cast<Var *>(plain)->varattno);
            if (source->ressortgroupref != 0 &&
                !list_member_int(used_refs, static_cast<int>(source->ressortgroupref))) {
                sortgroupref = source->ressortgroupref;
                used_refs = lappend_int(used_refs, static_cast<int>(sortgroupref));
            }
        }
        auto *expr = reinterpret_cast<Expr *>(
            Substitute::mutate(reinterpret_cast<Node *>(entry->expr), &args));
        TargetEntry *moved = makeTargetEntry(expr, resno, entry->resname, false);
        moved->ressortgroupref = sortgroupref;
        new_select = lappend(new_select, moved);
        entry->expr = reinterpret_cast<Expr *>(
            makeVar(select_index, resno, exprType(reinterpret_cast<Node *>(expr)),
                    exprTypmod(reinterpret_cast<Node *>(expr)),
                    exprCollation(reinterpret_cast<Node *>(expr)), 0));
        resno++;
    }
    // Entries that GROUP BY / ORDER BY refer to stay, hidden.
    foreach (cell, select->targetList) {
        auto *entry = static_cast<TargetEntry *>(lfirst(cell));
        if (entry->ressortgroupref == 0 ||
            list_member_int(used_refs, static_cast<int>(entry->ressortgroupref)))
            continue;
        TargetEntry *kept = static_cast<TargetEntry *>(copyObject(entry));
        kept->resno = resno++;
        kept->resjunk = true;
        new_select = lappend(new_select, kept);
    }
    select->targetList = new_select;
}

// ---------------------------------------------------------------------------------------------
// Parameters

// ---------------------------------------------------------------------------------------------
// Task building

// Substitutions for shard index `shard_index` (reference tables: their only shard).
ShardSubstitution *substitutions_for(List *relids, int shard_index)
{
    int count = list_length(relids);
    auto *substitutions =
        static_cast<ShardSubstitution *>(palloc(sizeof(ShardSubstitution) * (count + 1)));
    for (int i = 0; i < count; i++) {
        Oid relid = list_nth_oid(relids, i);
        const DistributedTable *table = metadata::lookup_distributed_table(relid);
        if (table == nullptr)
            ereport(ERROR, (errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
                            errmsg("local table \"%s\" cannot be read by a write to a distributed "
                                   "table here",
                                   get_rel_name(relid))));
        bool hash = table->partition_method == metadata::kDistributeByHash;
        substitutions[i] = {relid, table->shards[hash ? shard_index : 0].shard_id};
    }
    return substitutions;
}

const metadata::ShardPlacement *first_placement(const DistributedTable *table, int shard_index)
{
    const metadata::ShardInterval &shard = table->shards[shard_index];
    if (shard.placement_count < 1)
        ereport(ERROR, (errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
                        errmsg("shard %lld of table \"%s\" has no placement",
                               (long long)shard.shard_id, get_rel_name(table->relid))));
    return &shard.placements[0];
}

executor::Task *make_task(int32 group_id, char *sql)
{
    auto *task = static_cast<executor::Task *>(palloc0(sizeof(executor::Task)));
    task->group_id = group_id;
    task->sql = sql;
    task->modifies = true;
    return task;
}

// Tasks running `query` (a statement on `target`) on the shards marked in `shards` (all if
// nullptr); for reference tables on every placement, RETURNING only on the first.
List *tasks_for_shards(Query *query, const DistributedTable *target, const bool *shards,
                       int *divisor)
{
    List *relids = query_relation_oids(reinterpret_cast<Node *>(query), NIL);
    int count = list_length(relids);
    List *tasks = NIL;
    if (target->partition_method != metadata::kDistributeByHash) {
        const metadata::ShardInterval &shard = target->shards[0];
        first_placement(target, 0);
        ShardSubstitution *substitutions = substitutions_for(relids, 0);
        char *sql = deparse_query_for_shards(query, substitutions, count);
        char *quiet_sql = sql;
        if (query->returningList != NIL && shard.placement_count > 1) {
            Query *quiet = static_cast<Query *>(copyObject(query));
            quiet->returningList = NIL;
            quiet_sql = deparse_query_for_shards(quiet, substitutions, count);
        }
        for (int p = 0; p < shard.placement_count; p++)
            tasks =
                lappend(tasks, make_task(shard.placements[p].group_id, p == 0 ? sql : quiet_sql));
        *divisor = Max(shard.placement_count, 1);
        return tasks;
    }
    *divisor = 1;
    for (int i = 0; i < target->shard_count; i++) {
        if (shards != nullptr && !shards[i])
            continue;
        const metadata::ShardPlacement *placement = first_placement(target, i);
        tasks = lappend(
            tasks, make_task(placement->group_id,
                             deparse_query_for_shards(query, substitutions_for(relids, i), count)));
    }
    return tasks;
}

// Shards of `table` at `varno` that rows satisfying `quals` can live in, combined (AND) into
// `shards`.
void restrict_shards(bool *shards, const DistributedTable *table, Index varno, List *quals)
{
    bool *pruned = prune_shards(table, varno, quals);
    for (int i = 0; i < table->shard_count; i++)
        shards[i] = shards[i] && pruned[i];
}

// Tasks of an UPDATE or DELETE whose parameters are bound.
// The shards of hash-distributed `target` that an UPDATE or DELETE with bound parameters can
// touch (a palloc'd flag per shard).
bool *update_delete_shards(Query *query, const DistributedTable *target)
{
    List *quals = restricting_quals(reinterpret_cast<Node *>(query->jointree), NIL);
    quals =
        reinterpret_cast<List *>(eval_const_expressions(nullptr, reinterpret_cast<Node *>(quals)));
    auto *shards = static_cast<bool *>(palloc(sizeof(bool) * target->shard_count));
    for (int i = 0; i < target->shard_count; i++)
        shards[i] = true;
    // Every hash table of the top level is joined to the target on the distribution column,
    // so a restriction on any of them restricts the target's shards too.
    int count = 0;
    LevelTable *tables = level_tables(query, target, command_name(query->commandType), &count);
    for (int i = 0; i < count; i++)
        restrict_shards(shards, tables[i].table, tables[i].varno, quals);
    return shards;
}

List *update_delete_tasks(Query *query, int *divisor)
{
    RangeTblEntry *target_rte = rt_fetch(query->resultRelation, query->rtable);
    const DistributedTable *target = metadata::lookup_distributed_table(target_rte->relid);
    if (target->partition_method != metadata::kDistributeByHash)
        return tasks_for_shards(query, target, nullptr, divisor);
    return tasks_for_shards(query, target, update_delete_shards(query, target), divisor);
}

// Walker: true at the first external parameter.
bool has_param_walker(Node *node, void *context)
{
    if (node == nullptr)
        return false;
    if (IsA(node, Param))
        return reinterpret_cast<Param *>(node)->paramkind == PARAM_EXTERN;
    if (IsA(node, Query))
        return query_tree_walker(reinterpret_cast<Query *>(node), TESSERA_WALKER(has_param_walker),
                                 context, 0);
    return expression_tree_walker(node, TESSERA_WALKER(has_param_walker), context);
}

// For an UPDATE/DELETE with parameters and nothing to compute first (no WITH, no subqueries):
// the SQL deparsed once with the shard names left out, so each execution that lands on one
// shard only splices them in and sends the parameter values to a statement prepared on the
// worker. NIL when the statement does not qualify.
List *write_template(Query *query)
{
    if (query->cteList != NIL || query->hasSubLinks ||
        !has_param_walker(reinterpret_cast<Node *>(query), nullptr))
        return NIL;
    List *relids = query_relation_oids(reinterpret_cast<Node *>(query), NIL);
    int count = list_length(relids);
    auto *substitutions =
        static_cast<ShardSubstitution *>(palloc(sizeof(ShardSubstitution) * (count + 1)));
    List *relid_values = NIL;
    for (int i = 0; i < count; i++) {
        substitutions[i] = {list_nth_oid(relids, i), 0};
        relid_values =
            lappend(relid_values, makeInteger(static_cast<int>(list_nth_oid(relids, i))));
    }
    List *splices = NIL;
    char *text = deparse_query_template(query, substitutions, count, &splices);
    return list_make3(makeString(text), splices, relid_values);
}

// The task of a templated UPDATE/DELETE when its bound parameters pin it to one shard of a
// hash-distributed table; NIL otherwise (the caller then deparses as usual).
List *templated_update_delete_tasks(List *template_info, Query *bound, ParamListInfo params)
{
    RangeTblEntry *target_rte = rt_fetch(bound->resultRelation, bound->rtable);
    const DistributedTable *target = metadata::lookup_distributed_table(target_rte->relid);
    if (target == nullptr || target->partition_method != metadata::kDistributeByHash)
        return NIL;
    bool *shards = update_delete_shards(bound, target);
    int index = -1;
    for (int i = 0; i < target->shard_count; i++) {
        if (!shards[i])
            continue;
        if (index >= 0)
            return NIL; // several shards: the general path
        index = i;
    }
    if (index < 0)
        return NIL;
    int param_count = 0;
    Oid *types = nullptr;
    char **values = nullptr;
    if (!params_as_text(params, &param_count, &types, &values))
        return NIL;
    List *relids = NIL;
    ListCell *cell;
    foreach (cell, static_cast<List *>(list_nth(template_info, kWriteRelidsField)))
        relids = lappend_oid(relids, static_cast<Oid>(intVal(lfirst(cell))));
    ShardSubstitution *substitutions = substitutions_for(relids, index);
    char *sql =
        instantiate_query_template(strVal(list_nth(template_info, kWriteTextField)),
                                   static_cast<List *>(list_nth(template_info, kWriteSplicesField)),
                                   substitutions, list_length(relids));
    executor::Task *task = make_task(first_placement(target, index)->group_id, sql);
    task->param_count = param_count;
    task->param_types = types;
    task->param_values = values;
    return list_make1(task);
}

// Tasks of a pushed-down INSERT ... SELECT whose parameters are bound.
List *insert_pushdown_tasks(Query *query, int *divisor)
{
    RangeTblEntry *target_rte = rt_fetch(query->resultRelation, query->rtable);
    const DistributedTable *target = metadata::lookup_distributed_table(target_rte->relid);
    if (target->partition_method != metadata::kDistributeByHash)
        return tasks_for_shards(query, target, nullptr, divisor);
    Query *select = rt_fetch(insert_select_index(query), query->rtable)->subquery;
    List *quals = restricting_quals(reinterpret_cast<Node *>(select->jointree), NIL);
    quals =
        reinterpret_cast<List *>(eval_const_expressions(nullptr, reinterpret_cast<Node *>(quals)));
    auto *shards = static_cast<bool *>(palloc(sizeof(bool) * target->shard_count));
    for (int i = 0; i < target->shard_count; i++)
        shards[i] = true;
    Index varno = 0;
    ListCell *cell;
    foreach (cell, select->rtable) {
        varno++;
        auto *rte = static_cast<RangeTblEntry *>(lfirst(cell));
        if (rte->rtekind != RTE_RELATION)
            continue;
        const DistributedTable *table = metadata::lookup_distributed_table(rte->relid);
        if (table != nullptr && table->partition_method == metadata::kDistributeByHash)
            restrict_shards(shards, table, varno, quals);
    }
    return tasks_for_shards(query, target, shards, divisor);
}

// ---------------------------------------------------------------------------------------------
// Rows evaluated on the coordinator (INSERT ... VALUES and pulled INSERT ... SELECT)

// The per-shard groups of evaluated rows of one batch, and how to print them.
struct RowRouter {
    const DistributedTable *target;
    Query *template_query; // the INSERT with a VALUES entry at values_index, rows left out
    Index values_index;
    int column_count;  // visible target entries
    int dist_position; // position of the distribution column among them, -1 if absent
    Oid *types;
    int32 *typmods;
    Oid *collations;
    int16 *lengths;
    bool *by_values;
    List **rows; // per shard index: a List of rows (each a List of Const)
    int row_count;
    MemoryContext batch_context;
};

// ON CONFLICT ON CONSTRAINT names a coordinator constraint, which has another name on the
// shards: name the constraint's columns instead.
void name_conflict_columns(Query *copy, Oid relid)
{
    if (copy->onConflict == nullptr || !OidIsValid(copy->onConflict->constraint))
        return;
    Oid index_oid = get_constraint_index(copy->onConflict->constraint);
    HeapTuple tuple = SearchSysCache1(INDEXRELID, ObjectIdGetDatum(index_oid));
    if (!HeapTupleIsValid(tuple))
        elog(ERROR, "cache lookup failed for index %u", index_oid);
    auto *form = reinterpret_cast<Form_pg_index>(GETSTRUCT(tuple));
    List *elements = NIL;
    for (int i = 0; i < form->indnkeyatts; i++) {
        AttrNumber attno = form->indkey.values[i];
        Oid type;
        int32 typmod;
        Oid collation;
        get_atttypetypmodcoll(relid, attno, &type, &typmod, &collation);
        InferenceElem *element = makeNode(InferenceElem);
        element->expr = reinterpret_cast<Node *>(
            makeVar(copy->resultRelation, attno, type, typmod, collation, 0));
        elements = lappend(elements, element);
    }
    ReleaseSysCache(tuple);
    copy->onConflict->arbiterElems = elements;
    copy->onConflict->constraint = InvalidOid;
}

// Turns `query` into the template every per-shard INSERT is printed from: the rows come from a
// VALUES entry at `replace_index` (0: appended), which the target list reads column by column.
void init_row_router(RowRouter *router, Query *query, Index replace_index,
                     const DistributedTable *target, MemoryContext batch_context)
{
    router->target = target;
    router->batch_context = batch_context;
    Query *copy = static_cast<Query *>(copyObject(query));
    int count = 0;
    ListCell *cell;
    foreach (cell, copy->targetList)
        if (!static_cast<TargetEntry *>(lfirst(cell))->resjunk)
            count++;
    router->column_count = count;
    router->types = static_cast<Oid *>(palloc0(sizeof(Oid) * (count + 1)));
    router->typmods = static_cast<int32 *>(palloc0(sizeof(int32) * (count + 1)));
    router->collations = static_cast<Oid *>(palloc0(sizeof(Oid) * (count + 1)));
    router->lengths = static_cast<int16 *>(palloc0(sizeof(int16) * (count + 1)));
    router->by_values = static_cast<bool *>(palloc0(sizeof(bool) * (count + 1)));
    router->dist_position = -1;

    auto *values = makeNode(RangeTblEntry);
    values->rtekind = RTE_VALUES;
    values->inFromCl = true;
    List *names = NIL;
    int position = 0;
    foreach (cell, copy->targetList) {
        auto *entry = static_cast<TargetEntry *>(lfirst(cell));
        if (entry->resjunk)
            continue;
        Oid type = exprType(reinterpret_cast<Node *>(entry->expr));
        router->types[position] = type;
        router->typmods[position] = exprTypmod(reinterpret_cast<Node *>(entry->expr));
        router->collations[position] = exprCollation(reinterpret_cast<Node *>(entry->expr));
        get_typlenbyval(type, &router->lengths[position], &router->by_values[position]);
        if (target->partition_method == metadata::kDistributeByHash &&
            entry->resno == target->dist_column)
            router->dist_position = position;
        values->coltypes = lappend_oid(values->coltypes, type);
        values->coltypmods = lappend_int(values->coltypmods, router->typmods[position]);
        values->colcollations = lappend_oid(values->colcollations, router->collations[position]);
        names = lappend(names, makeString(psprintf("column%d", position + 1)));
        position++;
    }
    values->eref = makeAlias("*VALUES*", names);
    Index index = replace_index;
    if (index == 0) {
        copy->rtable = lappend(copy->rtable, values);
        index = list_length(copy->rtable);
    } else {
        ListCell *slot = list_nth_cell(copy->rtable, index - 1);
        lfirst(slot) = values;
    }
    position = 0;
    foreach (cell, copy->targetList) {
        auto *entry = static_cast<TargetEntry *>(lfirst(cell));
        if (entry->resjunk)
            continue;
        entry->expr = reinterpret_cast<Expr *>(makeVar(index, position + 1, router->types[position],
                                                       router->typmods[position],
                                                       router->collations[position], 0));
        position++;
    }
    router->template_query = copy;
    router->values_index = index;
    router->rows = static_cast<List **>(palloc0(sizeof(List *) * Max(target->shard_count, 1)));
    router->row_count = 0;
}

// Adds one evaluated row (values/nulls in target-list order) to its shard's group.
void route_row(RowRouter *router, Datum *values, bool *nulls)
{
    const DistributedTable *target = router->target;
    int shard_index = 0;
    if (target->partition_method == metadata::kDistributeByHash) {
        if (router->dist_position < 0 || nulls[router->dist_position])
            metadata::report_null_distribution_value(target->relid, target->dist_column);
        const metadata::ShardInterval *shard =
            metadata::find_shard_for_value(target, values[router->dist_position]);
        if (shard == nullptr)
            ereport(ERROR, (errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
                            errmsg("no shard of table \"%s\" covers the inserted value",
                                   get_rel_name(target->relid))));
        shard_index = shard->shard_index;
    }
    MemoryContext old = MemoryContextSwitchTo(router->batch_context);
    List *row = NIL;
    for (int i = 0; i < router->column_count; i++) {
        Datum value =
            nulls[i] ? (Datum)0 : datumCopy(values[i], router->by_values[i], router->lengths[i]);
        row = lappend(row, makeConst(router->types[i], router->typmods[i], router->collations[i],
                                     router->lengths[i], value, nulls[i], router->by_values[i]));
    }
    router->rows[shard_index] = lappend(router->rows[shard_index], row);
    MemoryContextSwitchTo(old);
    router->row_count++;
}

// The tasks inserting the routed rows (one multi-row INSERT per shard); empties the groups.
List *routed_row_tasks(RowRouter *router, int *divisor)
{
    const DistributedTable *target = router->target;
    RangeTblEntry *values = rt_fetch(router->values_index, router->template_query->rtable);
    List *tasks = NIL;
    *divisor = 1;
    MemoryContext old = MemoryContextSwitchTo(router->batch_context);
    for (int i = 0; i < target->shard_count; i++) {
        if (router->rows[i] == NIL)
            continue;
        values->values_lists = router->rows[i];
        tasks = list_concat(
            tasks,
            target->partition_method == metadata::kDistributeByHash
                ? list_make1(make_task(first_placement(target, i)->group_id,
                                       deparse_query_for_shards(
                                           router->template_query,
                                           substitutions_for(list_make1_oid(target->relid), i), 1)))
                : tasks_for_shards(router->template_query, target, nullptr, divisor));
        router->rows[i] = NIL;
    }
    values->values_lists = NIL;
    router->row_count = 0;
    MemoryContextSwitchTo(old);
    return tasks;
}

// Replaces Vars of range-table entry `varno` by the expressions of one VALUES row.
struct ValuesRowContext {
    Index varno;
    List *row;
};

Node *values_row_mutator(Node *node, ValuesRowContext *context)
{
    if (node == nullptr)
        return nullptr;
    if (IsA(node, Var)) {
        auto *var = reinterpret_cast<Var *>(node);
        if (var->varno == static_cast<int>(context->varno) && var->varlevelsup == 0)
            return static_cast<Node *>(copyObject(list_nth(context->row, var->varattno - 1)));
    }
    return expression_tree_mutator(node, TESSERA_MUTATOR(values_row_mutator), context);
}

// ---------------------------------------------------------------------------------------------
// The Tessera Modify custom scan

struct ModifyScanState {
    CustomScanState css;
    int kind;
    Query *query;
    PlannedStmt *select_plan;
    List *template_info; // kUpdateDelete with parameters: SQL deparsed once (see make_template)
    PlanState *child;    // the Tessera Adaptive scan running the current batch
    bool child_done;
    bool exhausted; // no batch left to build
    int divisor;    // copies per row (placements of a reference table)
    uint64 processed_before;
    // Rows evaluated on the coordinator.
    RowRouter router;
    bool router_ready;
    MemoryContext batch_context;
    // kInsertValues: the rows and target expressions.
    List *value_rows; // Lists of Expr, one per VALUES row (a single row without VALUES)
    int next_value_row;
    // kInsertPull: the SELECT's rows.
    Tuplestorestate *pulled;
    TupleTableSlot *pulled_slot;
    ExprState **pulled_exprs;
};

CustomScanMethods modify_scan_methods;
CustomExecMethods modify_exec_methods;
bool modify_methods_registered = false;

// The rows of an INSERT ... VALUES as expression lists in target-list order.
List *insert_value_rows(Query *query)
{
    List *exprs = NIL;
    ListCell *cell;
    foreach (cell, query->targetList) {
        auto *entry = static_cast<TargetEntry *>(lfirst(cell));
        if (!entry->resjunk)
            exprs = lappend(exprs, entry->expr);
    }
    Index values_index = insert_values_index(query);
    if (values_index == 0)
        return list_make1(exprs);
    RangeTblEntry *values = rt_fetch(values_index, query->rtable);
    List *rows = NIL;
    foreach (cell, values->values_lists) {
        ValuesRowContext context{values_index, static_cast<List *>(lfirst(cell))};
        rows = lappend(rows, values_row_mutator(reinterpret_cast<Node *>(exprs), &context));
    }
    return rows;
}

// Evaluates `expr` in the scan's per-tuple context.
Datum evaluate(ModifyScanState *state, Expr *expr, bool *isnull)
{
    if (IsA(expr, Const)) {
        auto *constant = reinterpret_cast<Const *>(expr);
        *isnull = constant->constisnull;
        return constant->constvalue;
    }
    ExprContext *econtext = state->css.ss.ps.ps_ExprContext;
    MemoryContext old = MemoryContextSwitchTo(econtext->ecxt_per_tuple_memory);
    Expr *planned = expression_planner(expr);
    ExprState *expr_state = ExecInitExpr(planned, nullptr);
    Datum value = ExecEvalExpr(expr_state, econtext, isnull);
    MemoryContextSwitchTo(old);
    return value;
}

// Builds the next batch of rows for kInsertValues: every row (a VALUES list is one batch).
List *next_values_batch(ModifyScanState *state)
{
    int count = state->router.column_count;
    auto *values = static_cast<Datum *>(palloc0(sizeof(Datum) * (count + 1)));
    auto *nulls = static_cast<bool *>(palloc0(sizeof(bool) * (count + 1)));
    ExprContext *econtext = state->css.ss.ps.ps_ExprContext;
    while (state->next_value_row < list_length(state->value_rows)) {
        auto *row = static_cast<List *>(list_nth(state->value_rows, state->next_value_row++));
        ResetExprContext(econtext);
        for (int i = 0; i < count; i++)
            values[i] = evaluate(state, static_cast<Expr *>(list_nth(row, i)), &nulls[i]);
        route_row(&state->router, values, nulls);
    }
    state->exhausted = true;
    return routed_row_tasks(&state->router, &state->divisor);
}

// Runs planned SELECT `plan` to completion into a tuplestore; *desc receives its row type.
Tuplestorestate *run_select(PlannedStmt *plan, EState *estate, TupleDesc *desc)
{
    Tuplestorestate *rows = tuplestore_begin_heap(false, false, work_mem);
    DestReceiver *dest = CreateDestReceiver(DestTuplestore);
    SetTuplestoreDestReceiverParams(dest, rows, CurrentMemoryContext, false, nullptr, nullptr);
    QueryDesc *query_desc =
        CreateQueryDesc(plan, estate->es_sourceText, GetActiveSnapshot(), InvalidSnapshot, dest,
                        estate->es_param_list_info, estate->es_queryEnv, 0);
    ExecutorStart(query_desc, 0);
    ExecutorRun(query_desc, ForwardScanDirection, 0, true);
    ExecutorFinish(query_desc);
    *desc = CreateTupleDescCopy(query_desc->tupDesc);
    ExecutorEnd(query_desc);
    FreeQueryDesc(query_desc);
    dest->rDestroy(dest);
    return rows;
}

// True if `node` reads, at any level, a hash-distributed table or a local table: a subquery the
// workers cannot evaluate by themselves.
bool needs_coordinator(Node *node)
{
    struct Walk {
        static bool walk(Node *node, void *)
        {
            if (node == nullptr)
                return false;
            if (IsA(node, RangeTblEntry)) {
                auto *rte = reinterpret_cast<RangeTblEntry *>(node);
                if (rte->rtekind != RTE_RELATION)
                    return false;
                // Local tables exist only here; hash tables are split over the workers.
                const DistributedTable *table = metadata::lookup_distributed_table(rte->relid);
                return table == nullptr || table->partition_method == metadata::kDistributeByHash;
            }
            if (IsA(node, Query))
                return query_tree_walker(reinterpret_cast<Query *>(node), TESSERA_WALKER(walk),
                                         nullptr, QTW_EXAMINE_RTES_BEFORE);
            return expression_tree_walker(node, TESSERA_WALKER(walk), nullptr);
        }
    };
    return Walk::walk(node, nullptr);
}

// Rows a subquery computed on the coordinator may send to the workers (as a VALUES list in
// every task): more is refused rather than shipped to every shard.
constexpr int64 kMaxShippedRows = 100000;

// A SELECT producing exactly `rows` (Lists of Const; columns as in `desc`, named `names`):
// a VALUES list, or a single row of NULLs filtered out when there are none.
Query *make_rows_query(List *rows, TupleDesc desc, List *names)
{
    Query *query = makeNode(Query);
    query->commandType = CMD_SELECT;
    query->querySource = QSRC_ORIGINAL;
    query->canSetTag = true;
    RangeTblEntry *values = nullptr;
    if (rows != NIL) {
        values = makeNode(RangeTblEntry);
        values->rtekind = RTE_VALUES;
        values->inFromCl = true;
        values->values_lists = rows;
        List *value_names = NIL;
        for (int i = 0; i < desc->natts; i++) {
            Form_pg_attribute attr = TupleDescAttr(desc, i);
            values->coltypes = lappend_oid(values->coltypes, attr->atttypid);
            values->coltypmods = lappend_int(values->coltypmods, attr->atttypmod);
            values->colcollations = lappend_oid(values->colcollations, attr->attcollation);
            value_names = lappend(value_names, makeString(psprintf("column%d", i + 1)));
        }
        values->eref = makeAlias("*VALUES*", value_names);
        query->rtable = list_make1(values);
        RangeTblRef *ref = makeNode(RangeTblRef);
        ref->rtindex = 1;
        query->jointree = makeFromExpr(list_make1(ref), nullptr);
    } else {
        query->jointree = makeFromExpr(NIL, makeBoolConst(false, false));
    }
    for (int i = 0; i < desc->natts; i++) {
        Form_pg_attribute attr = TupleDescAttr(desc, i);
        Expr *expr = values != nullptr
                         ? reinterpret_cast<Expr *>(makeVar(1, i + 1, attr->atttypid,
                                                            attr->atttypmod, attr->attcollation, 0))
                         : reinterpret_cast<Expr *>(
                               makeNullConst(attr->atttypid, attr->atttypmod, attr->attcollation));
        const char *name = i < list_length(names) && list_nth(names, i) != nullptr
                               ? strVal(list_nth(names, i))
                               : psprintf("column%d", i + 1);
        query->targetList =
            lappend(query->targetList, makeTargetEntry(expr, i + 1, pstrdup(name), false));
    }
    return query;
}

// Runs SELECT `select` now (distributed like any query, in the statement's snapshot) and
// returns a query producing its rows from constants, to be sent to the workers instead.
Query *evaluate_to_rows(Query *select, EState *estate, List *names)
{
    PlannedStmt *plan = ::planner(static_cast<Query *>(copyObject(select)), nullptr, 0, nullptr);
    TupleDesc desc;
    Tuplestorestate *store = run_select(plan, estate, &desc);
    TupleTableSlot *slot = MakeSingleTupleTableSlot(desc, &TTSOpsMinimalTuple);
    auto *lengths = static_cast<int16 *>(palloc0(sizeof(int16) * (desc->natts + 1)));
    auto *by_values = static_cast<bool *>(palloc0(sizeof(bool) * (desc->natts + 1)));
    for (int i = 0; i < desc->natts; i++)
        get_typlenbyval(TupleDescAttr(desc, i)->atttypid, &lengths[i], &by_values[i]);
    List *rows = NIL;
    int64 count = 0;
    while (tuplestore_gettupleslot(store, true, false, slot)) {
        if (++count > kMaxShippedRows)
            ereport(ERROR,
                    (errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
                     errmsg("a subquery computed on the coordinator returned more than %lld rows",
                            static_cast<long long>(kMaxShippedRows)),
                     errdetail("Its rows would be sent to the worker nodes with every task."),
                     errhint("Join the subquery's tables with the modified table on the "
                             "distribution column, so that it runs on the shards.")));
        slot_getallattrs(slot);
        List *row = NIL;
        for (int i = 0; i < desc->natts; i++) {
            Form_pg_attribute attr = TupleDescAttr(desc, i);
            bool isnull = slot->tts_isnull[i];
            Datum value = (Datum)0;
            if (!isnull)
                value = lengths[i] == -1
                            ? PointerGetDatum(PG_DETOAST_DATUM_COPY(slot->tts_values[i]))
                            : datumCopy(slot->tts_values[i], by_values[i], lengths[i]);
            row = lappend(row, makeConst(attr->atttypid, attr->atttypmod, attr->attcollation,
                                         lengths[i], value, isnull, by_values[i]));
        }
        rows = lappend(rows, row);
        CHECK_FOR_INTERRUPTS();
    }
    ExecDropSingleTupleTableSlot(slot);
    tuplestore_end(store);
    if (names == NIL) {
        ListCell *cell;
        foreach (cell, select->targetList) {
            auto *entry = static_cast<TargetEntry *>(lfirst(cell));
            if (!entry->resjunk)
                names = lappend(names,
                                entry->resname != nullptr ? makeString(entry->resname) : nullptr);
        }
    }
    return make_rows_query(rows, desc, names);
}

// Replaces every reference to the top-level WITH query `name` by a subquery (a copy of
// `replacement`), at any level.
struct CteReplaceContext {
    const char *name;
    Query *replacement;
    int depth; // of the query whose range table is walked
};

bool replace_cte_walker(Node *node, CteReplaceContext *context)
{
    if (node == nullptr)
        return false;
    if (IsA(node, RangeTblEntry)) {
        auto *rte = reinterpret_cast<RangeTblEntry *>(node);
        if (rte->rtekind == RTE_CTE && rte->ctelevelsup == static_cast<Index>(context->depth) &&
            strcmp(rte->ctename, context->name) == 0) {
            auto *subquery = static_cast<Query *>(copyObject(context->replacement));
            // Its references to enclosing levels now start `depth` levels further down.
            if (context->depth > 0)
                IncrementVarSublevelsUp(reinterpret_cast<Node *>(subquery), context->depth, 1);
            rte->rtekind = RTE_SUBQUERY;
            rte->subquery = subquery;
            rte->security_barrier = false;
            rte->ctename = nullptr;
            rte->ctelevelsup = 0;
            rte->self_reference = false;
            rte->coltypes = NIL;
            rte->coltypmods = NIL;
            rte->colcollations = NIL;
        }
        return false;
    }
    if (IsA(node, Query)) {
        context->depth++;
        bool result =
            query_tree_walker(reinterpret_cast<Query *>(node), TESSERA_WALKER(replace_cte_walker),
                              context, QTW_EXAMINE_RTES_BEFORE);
        context->depth--;
        return result;
    }
    return expression_tree_walker(node, TESSERA_WALKER(replace_cte_walker), context);
}

void replace_cte_references(Query *query, const char *name, Query *replacement)
{
    CteReplaceContext context{name, replacement, 0};
    query_tree_walker(query, TESSERA_WALKER(replace_cte_walker), &context, QTW_EXAMINE_RTES_BEFORE);
}

// Computes every remaining top-level WITH query of the statement on the coordinator, once and in
// order, and replaces its references by its rows.
void materialize_ctes(Query *query, EState *estate)
{
    List *ctes = query->cteList;
    ListCell *cell;
    foreach (cell, ctes) {
        auto *cte = static_cast<CommonTableExpr *>(lfirst(cell));
        Query *rows =
            evaluate_to_rows(reinterpret_cast<Query *>(cte->ctequery), estate, cte->ctecolnames);
        replace_cte_references(query, cte->ctename, rows);
    }
    query->cteList = NIL;
}

// Replaces an independent subquery on distributed tables by its result, computed now.
Node *precompute_sublink(SubLink *sublink, EState *estate)
{
    if ((sublink->subLinkType == ANY_SUBLINK || sublink->subLinkType == ALL_SUBLINK) &&
        !is_single_column_test(sublink)) {
        // A row comparison, e.g. (a, b) IN (SELECT ...): the workers compare with its rows.
        sublink->subselect = reinterpret_cast<Node *>(
            evaluate_to_rows(reinterpret_cast<Query *>(sublink->subselect), estate, NIL));
        return reinterpret_cast<Node *>(sublink);
    }
    auto *subselect = reinterpret_cast<Query *>(copyObject(sublink->subselect));
    PlannedStmt *plan = ::planner(subselect, nullptr, 0, nullptr);
    TupleDesc desc;
    Tuplestorestate *rows = run_select(plan, estate, &desc);
    TupleTableSlot *slot = MakeSingleTupleTableSlot(desc, &TTSOpsMinimalTuple);
    Oid type = desc->natts > 0 ? TupleDescAttr(desc, 0)->atttypid : BOOLOID;
    int32 typmod = desc->natts > 0 ? TupleDescAttr(desc, 0)->atttypmod : -1;
    Oid collation = desc->natts > 0 ? TupleDescAttr(desc, 0)->attcollation : InvalidOid;
    int16 length;
    bool by_value;
    get_typlenbyval(type, &length, &by_value);
    List *values = NIL;
    List *nulls = NIL;
    while (tuplestore_gettupleslot(rows, true, false, slot)) {
        bool isnull = true;
        Datum value = desc->natts > 0 ? slot_getattr(slot, 1, &isnull) : (Datum)0;
        values = lappend(values, reinterpret_cast<void *>(
                                     isnull ? (Datum)0 : datumCopy(value, by_value, length)));
        nulls = lappend_int(nulls, isnull ? 1 : 0);
        if (sublink->subLinkType == EXISTS_SUBLINK)
            break;
    }
    ExecDropSingleTupleTableSlot(slot);
    tuplestore_end(rows);
    int count = list_length(values);
    switch (sublink->subLinkType) {
    case EXISTS_SUBLINK:
        return makeBoolConst(count > 0, false);
    case EXPR_SUBLINK:
        if (count > 1)
            ereport(ERROR, (errcode(ERRCODE_CARDINALITY_VIOLATION),
                            errmsg("more than one row returned by a subquery used as an "
                                   "expression")));
        return reinterpret_cast<Node *>(
            makeConst(type, typmod, collation, length,
                      count == 1 ? reinterpret_cast<Datum>(linitial(values)) : (Datum)0,
                      count == 0 || linitial_int(nulls) != 0, by_value));
    default:
        break;
    }
    // ANY / ALL / ARRAY: an array of the values.
    Oid array_type = get_array_type(type);
    if (!OidIsValid(array_type))
        ereport(ERROR, (errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
                        errmsg("subquery results of type %s cannot be sent to the workers",
                               format_type_be(type))));
    auto *datums = static_cast<Datum *>(palloc0(sizeof(Datum) * (count + 1)));
    auto *isnulls = static_cast<bool *>(palloc0(sizeof(bool) * (count + 1)));
    for (int i = 0; i < count; i++) {
        datums[i] = reinterpret_cast<Datum>(list_nth(values, i));
        isnulls[i] = list_nth_int(nulls, i) != 0;
    }
    char align;
    get_typlenbyvalalign(type, &length, &by_value, &align);
    int dims[1] = {count};
    int lbs[1] = {1};
    ArrayType *array = count == 0 ? construct_empty_array(type)
                                  : construct_md_array(datums, isnulls, 1, dims, lbs, type, length,
                                                       by_value, align);
    Const *array_const =
        makeConst(array_type, -1, collation, -1, PointerGetDatum(array), false, false);
    if (sublink->subLinkType == ARRAY_SUBLINK)
        return reinterpret_cast<Node *>(array_const);
    auto *test = reinterpret_cast<OpExpr *>(sublink->testexpr);
    ScalarArrayOpExpr *saop = makeNode(ScalarArrayOpExpr);
    saop->opno = test->opno;
    saop->opfuncid = test->opfuncid;
    saop->useOr = sublink->subLinkType == ANY_SUBLINK;
    saop->inputcollid = test->inputcollid;
    saop->args = list_make2(copyObject(linitial(test->args)), array_const);
    saop->location = sublink->location;
    return reinterpret_cast<Node *>(saop);
}

struct PrecomputeContext {
    EState *estate;
    Query *query;
    const DistributedTable *target;
};

Node *precompute_mutator(Node *node, PrecomputeContext *context)
{
    if (node == nullptr)
        return nullptr;
    if (IsA(node, Query))
        return node;
    if (IsA(node, SubLink)) {
        auto *sublink = reinterpret_cast<SubLink *>(node);
        if (is_colocated_in_sublink(sublink, context->query, context->target))
            return node;
        if (is_precomputable_sublink(sublink) && needs_coordinator(sublink->subselect))
            return precompute_sublink(sublink, context->estate);
    }
    return expression_tree_mutator(node, TESSERA_MUTATOR(precompute_mutator), context);
}

// Evaluates the independent subqueries on distributed or local tables in the top-level
// expressions of an UPDATE or DELETE on the coordinator (a worker sees only its shards and no
// local table).
void precompute_sublinks(Query *query, EState *estate)
{
    if (!query->hasSubLinks)
        return;
    PrecomputeContext context{
        estate, query,
        metadata::lookup_distributed_table(rt_fetch(query->resultRelation, query->rtable)->relid)};
    query->targetList = reinterpret_cast<List *>(
        precompute_mutator(reinterpret_cast<Node *>(query->targetList), &context));
    query->returningList = reinterpret_cast<List *>(
        precompute_mutator(reinterpret_cast<Node *>(query->returningList), &context));
    if (query->jointree != nullptr)
        query->jointree->quals = precompute_mutator(query->jointree->quals, &context);
}

// Runs the SELECT of a pulled INSERT ... SELECT into a tuplestore.
void pull_select_rows(ModifyScanState *state)
{
    EState *estate = state->css.ss.ps.state;
    TupleDesc tupdesc;
    state->pulled = run_select(state->select_plan, estate, &tupdesc);

    state->pulled_slot = MakeSingleTupleTableSlot(tupdesc, &TTSOpsMinimalTuple);
    int count = state->router.column_count;
    state->pulled_exprs = static_cast<ExprState **>(palloc0(sizeof(ExprState *) * (count + 1)));
    int position = 0;
    ListCell *cell;
    foreach (cell, state->query->targetList) {
        auto *entry = static_cast<TargetEntry *>(lfirst(cell));
        if (entry->resjunk)
            continue;
        // Vars of the SELECT's range-table entry read the pulled row (the scan tuple).
        state->pulled_exprs[position++] = ExecInitExpr(expression_planner(entry->expr), nullptr);
    }
}

// Builds the next batch of a pulled INSERT ... SELECT.
List *next_pull_batch(ModifyScanState *state)
{
    if (state->pulled == nullptr)
        pull_select_rows(state);
    int count = state->router.column_count;
    auto *values = static_cast<Datum *>(palloc0(sizeof(Datum) * (count + 1)));
    auto *nulls = static_cast<bool *>(palloc0(sizeof(bool) * (count + 1)));
    ExprContext *econtext = state->css.ss.ps.ps_ExprContext;
    while (state->router.row_count < kPullBatchRows) {
        if (!tuplestore_gettupleslot(state->pulled, true, false, state->pulled_slot)) {
            state->exhausted = true;
            break;
        }
        ResetExprContext(econtext);
        econtext->ecxt_scantuple = state->pulled_slot;
        for (int i = 0; i < count; i++)
            values[i] = ExecEvalExprSwitchContext(state->pulled_exprs[i], econtext, &nulls[i]);
        route_row(&state->router, values, nulls);
        CHECK_FOR_INTERRUPTS();
    }
    return routed_row_tasks(&state->router, &state->divisor);
}

// The tasks of the next batch; sets `exhausted` after the last one.
List *next_batch(ModifyScanState *state)
{
    EState *estate = state->css.ss.ps.state;
    switch (state->kind) {
    case kInsertValues:
        return next_values_batch(state);
    case kInsertPull:
        return next_pull_batch(state);
    case kInsertPushdown:
        state->exhausted = true;
        return insert_pushdown_tasks(bind_params(state->query, estate->es_param_list_info),
                                     &state->divisor);
    default: {
        state->exhausted = true;
        Query *bound = bind_params(state->query, estate->es_param_list_info);
        if (state->template_info != NIL) {
            List *tasks = templated_update_delete_tasks(state->template_info, bound,
                                                        estate->es_param_list_info);
            if (tasks != NIL)
                return tasks;
        }
        materialize_ctes(bound, estate);
        precompute_sublinks(bound, estate);
        return update_delete_tasks(bound, &state->divisor);
    }
    }
}

Node *create_modify_state(CustomScan *plan)
{
    auto *state = static_cast<ModifyScanState *>(palloc0(sizeof(ModifyScanState)));
    NodeSetTag(state, T_CustomScanState);
    state->css.methods = &modify_exec_methods;
    state->kind = intVal(list_nth(plan->custom_private, kKindField));
    state->query = static_cast<Query *>(list_nth(plan->custom_private, kQueryField));
    state->select_plan =
        static_cast<PlannedStmt *>(list_nth(plan->custom_private, kSelectPlanField));
    state->template_info = static_cast<List *>(list_nth(plan->custom_private, kTemplateField));
    state->divisor = 1;
    return reinterpret_cast<Node *>(state);
}

void begin_modify(CustomScanState *node, EState *estate, int eflags)
{
    auto *state = reinterpret_cast<ModifyScanState *>(node);
    state->batch_context =
        AllocSetContextCreate(estate->es_query_cxt, "tessera modify batch", ALLOCSET_DEFAULT_SIZES);
    if (state->kind == kInsertValues || state->kind == kInsertPull) {
        Query *query = state->query;
        const DistributedTable *target = metadata::lookup_distributed_table(
            rt_fetch(query->resultRelation, query->rtable)->relid);
        Index replace =
            state->kind == kInsertPull ? insert_select_index(query) : insert_values_index(query);
        init_row_router(&state->router, query, replace, target, state->batch_context);
        state->router_ready = true;
        if (state->kind == kInsertValues)
            state->value_rows = insert_value_rows(query);
    }
}

// Ends the current child scan and settles the row count of its batch.
void finish_child(ModifyScanState *state)
{
    if (state->child == nullptr || state->child_done)
        return;
    EState *estate = state->css.ss.ps.state;
    uint64 added = estate->es_processed - state->processed_before;
    estate->es_processed = state->processed_before + added / Max(state->divisor, 1);
    state->child_done = true;
}

TupleTableSlot *exec_modify(CustomScanState *node)
{
    auto *state = reinterpret_cast<ModifyScanState *>(node);
    EState *estate = node->ss.ps.state;
    for (;;) {
        if (state->child != nullptr && !state->child_done) {
            TupleTableSlot *slot = ExecProcNode(state->child);
            if (!TupIsNull(slot))
                return slot;
            finish_child(state);
        }
        if (state->exhausted)
            return nullptr;
        CHECK_FOR_INTERRUPTS();
        if (state->child != nullptr) {
            ExecEndNode(state->child);
            state->child = nullptr;
            node->custom_ps = NIL;
            MemoryContextReset(state->batch_context);
        }
        List *tasks = next_batch(state);
        if (tasks == NIL)
            continue;
        auto *plan = reinterpret_cast<CustomScan *>(node->ss.ps.plan);
        CustomScan *scan =
            executor::make_distributed_scan(executor::TaskSource::kStatic, tasks, NIL, nullptr);
        scan->scan.scanrelid = 0;
        scan->custom_scan_tlist = plan->custom_scan_tlist;
        scan->scan.plan.targetlist = plan->scan.plan.targetlist;
        state->processed_before = estate->es_processed;
        state->child = ExecInitNode(&scan->scan.plan, estate, 0);
        state->child_done = false;
        node->custom_ps = list_make1(state->child);
    }
}

void end_modify(CustomScanState *node)
{
    auto *state = reinterpret_cast<ModifyScanState *>(node);
    if (state->child != nullptr) {
        finish_child(state);
        ExecEndNode(state->child);
        state->child = nullptr;
    }
    if (state->pulled != nullptr)
        tuplestore_end(state->pulled);
    state->pulled = nullptr;
}

void rescan_modify(CustomScanState *)
{
    ereport(ERROR, (errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
                    errmsg("writes to distributed tables cannot be rescanned")));
}

void explain_modify(CustomScanState *node, List *, ExplainState *es)
{
    auto *state = reinterpret_cast<ModifyScanState *>(node);
    const char *how = "";
    switch (state->kind) {
    case kInsertValues:
        how = "rows evaluated on the coordinator, one INSERT per shard";
        break;
    case kInsertPushdown:
        how = "INSERT ... SELECT pushed down to colocated shards";
        break;
    case kInsertPull:
        how = "SELECT runs distributed, rows inserted per shard in batches";
        break;
    default:
        how = "one statement per shard after pruning";
        break;
    }
    ExplainPropertyText("Write", how, es);
    if (state->child == nullptr && !es->analyze && state->query->cteList == NIL &&
        (state->kind == kUpdateDelete || state->kind == kInsertPushdown)) {
        // Show the task count (planning the tasks has no side effects here).
        int divisor = 1;
        Query *bound = bind_params(state->query, node->ss.ps.state->es_param_list_info);
        List *tasks = state->kind == kUpdateDelete ? update_delete_tasks(bound, &divisor)
                                                   : insert_pushdown_tasks(bound, &divisor);
        ExplainPropertyInteger("Task Count", nullptr, list_length(tasks), es);
        if (es->verbose && tasks != NIL)
            ExplainPropertyText("First Task", static_cast<executor::Task *>(linitial(tasks))->sql,
                                es);
    }
}

void register_modify_methods()
{
    if (modify_methods_registered)
        return;
    modify_scan_methods.CustomName = "Tessera Modify";
    modify_scan_methods.CreateCustomScanState = create_modify_state;
    modify_exec_methods.CustomName = "Tessera Modify";
    modify_exec_methods.BeginCustomScan = begin_modify;
    modify_exec_methods.ExecCustomScan = exec_modify;
    modify_exec_methods.EndCustomScan = end_modify;
    modify_exec_methods.ReScanCustomScan = rescan_modify;
    modify_exec_methods.ExplainCustomScan = explain_modify;
    RegisterCustomScanMethods(&modify_scan_methods);
    modify_methods_registered = true;
}

// ---------------------------------------------------------------------------------------------
// Planning

// Replaces the references to the top-level WITH queries that PostgreSQL itself would inline
// (not MATERIALIZED, referenced once or NOT MATERIALIZED, not recursive, no volatile function) by
// subqueries; the others stay, to be computed once on the coordinator (materialize_ctes).
// Unreferenced ones are dropped: PostgreSQL does not run them either.
void inline_ctes(Query *query, const char *command, const char *relname)
{
    List *kept = NIL;
    ListCell *cell;
    foreach (cell, query->cteList) {
        auto *cte = static_cast<CommonTableExpr *>(lfirst(cell));
        if (cte->cterecursive)
            ereport(ERROR, (errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
                            errmsg("WITH RECURSIVE is not supported in %s on distributed table "
                                   "\"%s\"",
                                   command, relname),
                            errhint("Compute the recursive query first, e.g. into a temporary "
                                    "table.")));
        auto *cte_query = reinterpret_cast<Query *>(cte->ctequery);
        if (cte->cterefcount == 0)
            continue;
        bool inline_it =
            (cte->ctematerialized == CTEMaterializeNever ||
             (cte->ctematerialized == CTEMaterializeDefault && cte->cterefcount == 1)) &&
            !contain_volatile_functions(cte->ctequery);
        if (inline_it)
            replace_cte_references(query, cte->ctename, cte_query);
        else
            kept = lappend(kept, cte);
    }
    query->cteList = kept;
}

// Turns FROM / USING subquery `rte` (at `varno` of the top level) into a WITH query computed on
// the coordinator before the statement runs.
void compute_subquery_first(Query *query, RangeTblEntry *rte, Index varno, const char *command,
                            const char *relname)
{
    if (contain_vars_of_level(reinterpret_cast<Node *>(rte->subquery), 1))
        ereport(ERROR,
                (errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
                 errmsg("%s on distributed table \"%s\" cannot use a LATERAL subquery that reads "
                        "distributed tables here",
                        command, relname),
                 errdetail("The subquery is neither computable on its own nor joined to the "
                           "modified rows on the distribution column.")));
    CommonTableExpr *cte = makeNode(CommonTableExpr);
    cte->ctename = psprintf("tessera_subquery_%u", varno);
    cte->ctequery = reinterpret_cast<Node *>(rte->subquery);
    cte->ctematerialized = CTEMaterializeAlways;
    cte->cterefcount = 1;
    cte->ctecolnames = rte->eref->colnames;
    query->cteList = lappend(query->cteList, cte);
    rte->rtekind = RTE_CTE;
    rte->ctename = cte->ctename;
    rte->ctelevelsup = 0;
    rte->self_reference = false;
    rte->subquery = nullptr;
    rte->lateral = false;
}

// Plans the top-level FROM / USING subqueries of an UPDATE or DELETE that read distributed or
// local tables: one that yields its complete rows per shard group, colocated with the target and
// joined to it on the distribution column, is sent with each shard's statement; any other is
// computed on the coordinator first and sent as rows.
void plan_from_subqueries(Query *query, const DistributedTable *target, const char *command,
                          const char *relname)
{
    bool any = false;
    ListCell *cell;
    foreach (cell, query->rtable) {
        auto *rte = static_cast<RangeTblEntry *>(lfirst(cell));
        any = any || (rte->rtekind == RTE_SUBQUERY &&
                      needs_coordinator(reinterpret_cast<Node *>(rte->subquery)));
    }
    if (!any)
        return;
    int count = 0;
    LevelTable *tables = level_tables(query, target, command, &count);
    int first_subquery = count;
    Index varno = 0;
    foreach (cell, query->rtable) {
        varno++;
        auto *rte = static_cast<RangeTblEntry *>(lfirst(cell));
        if (rte->rtekind != RTE_SUBQUERY ||
            !needs_coordinator(reinterpret_cast<Node *>(rte->subquery)))
            continue;
        const DistributedTable *pseudo = nullptr;
        if (target->partition_method == metadata::kDistributeByHash) {
            List *relids = NIL;
            pseudo = shard_local_subquery_table(rte->subquery, &relids);
            if (pseudo != nullptr && (pseudo->colocation_id != target->colocation_id ||
                                      pseudo->dist_type != target->dist_type))
                pseudo = nullptr;
        }
        if (pseudo == nullptr) {
            compute_subquery_first(query, rte, varno, command, relname);
            continue;
        }
        tables[count] = {varno, pseudo, count};
        count++;
    }
    if (count == first_subquery)
        return;
    connect_by_equalities(tables, count,
                          all_join_quals(reinterpret_cast<Node *>(query->jointree), NIL));
    int anchor = -1;
    for (int i = 0; i < first_subquery; i++)
        if (tables[i].varno == static_cast<Index>(query->resultRelation))
            anchor = i;
    for (int i = first_subquery; i < count; i++) {
        if (anchor >= 0 && find_component(tables, i) == find_component(tables, anchor))
            continue;
        compute_subquery_first(query, rt_fetch(tables[i].varno, query->rtable), tables[i].varno,
                               command, relname);
    }
}

PlannedStmt *make_modify_plan(Query *query, int kind, PlannedStmt *select_plan)
{
    register_modify_methods();
    CustomScan *scan = makeNode(CustomScan);
    scan->methods = &modify_scan_methods;
    scan->custom_private =
        list_make4(makeInteger(kind), copyObject(query), reinterpret_cast<Node *>(select_plan),
                   kind == kUpdateDelete ? write_template(query) : NIL);
    PlannedStmt *stmt = make_single_scan_plan(query, scan, query->returningList);
    if (select_plan != nullptr) {
        stmt->relationOids = list_concat_unique_oid(stmt->relationOids, select_plan->relationOids);
        stmt->invalItems = list_concat(stmt->invalItems, select_plan->invalItems);
    }
    stmt->stmt_location = query->stmt_location;
    stmt->stmt_len = query->stmt_len;
    return stmt;
}

} // namespace

bool is_distributed_modification(Query *query)
{
    if (query->commandType != CMD_INSERT && query->commandType != CMD_UPDATE &&
        query->commandType != CMD_DELETE)
        return false;
    if (query->resultRelation < 1 || query->resultRelation > list_length(query->rtable))
        return false;
    RangeTblEntry *rte = rt_fetch(query->resultRelation, query->rtable);
    return rte->rtekind == RTE_RELATION && metadata::is_distributed_table(rte->relid);
}

PlannedStmt *plan_modify_query(Query *query, int cursor_options, ParamListInfo bound_params)
{
    const char *command = command_name(query->commandType);
    RangeTblEntry *target_rte = rt_fetch(query->resultRelation, query->rtable);
    const DistributedTable *target = metadata::lookup_distributed_table(target_rte->relid);
    const char *relname = get_rel_name(target->relid);
    if (query->hasModifyingCTE)
        ereport(ERROR, (errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
                        errmsg("data-modifying WITH queries are not supported in %s on "
                               "distributed table \"%s\"",
                               command, relname)));
    if (query->cteList != NIL) {
        query = static_cast<Query *>(copyObject(query));
        inline_ctes(query, command, relname);
    }
    if (query->rowMarks != NIL)
        ereport(ERROR, (errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
                        errmsg("row locks are not supported in %s on distributed table \"%s\"",
                               command, relname)));
    if (query->commandType == CMD_INSERT) {
        check_on_conflict(query, target);
        query = static_cast<Query *>(copyObject(query));
        name_conflict_columns(query, target->relid);
        Index select_index = insert_select_index(query);
        if (query->cteList != NIL) {
            // WITH queries left (computed once): they become the SELECT's own.
            Query *select =
                select_index != 0 ? rt_fetch(select_index, query->rtable)->subquery : nullptr;
            if (select == nullptr || select->hasModifyingCTE)
                ereport(ERROR,
                        (errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
                         errmsg("WITH is not supported in INSERT ... VALUES on distributed table "
                                "\"%s\"",
                                relname),
                         errhint("Use INSERT ... SELECT instead.")));
            ListCell *outer_cell;
            foreach (outer_cell, query->cteList) {
                ListCell *inner_cell;
                foreach (inner_cell, select->cteList)
                    if (strcmp(static_cast<CommonTableExpr *>(lfirst(outer_cell))->ctename,
                               static_cast<CommonTableExpr *>(lfirst(inner_cell))->ctename) == 0)
                        ereport(ERROR,
                                (errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
                                 errmsg("WITH query name \"%s\" is used twice in INSERT on "
                                        "distributed table \"%s\"",
                                        static_cast<CommonTableExpr *>(lfirst(inner_cell))->ctename,
                                        relname)));
            }
            IncrementVarSublevelsUp(reinterpret_cast<Node *>(select), -1, 1);
            select->cteList = list_concat(query->cteList, select->cteList);
            select->hasRecursive = select->hasRecursive || query->hasRecursive;
            query->cteList = NIL;
        }
        if (select_index == 0) {
            bool sublinks = contains_sublink(reinterpret_cast<Node *>(query->targetList));
            ListCell *cell;
            foreach (cell, query->rtable) {
                auto *rte = static_cast<RangeTblEntry *>(lfirst(cell));
                if (rte->rtekind == RTE_VALUES &&
                    contains_sublink(reinterpret_cast<Node *>(rte->values_lists)))
                    sublinks = true;
            }
            if (sublinks)
                ereport(ERROR,
                        (errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
                         errmsg("subqueries in the VALUES of an INSERT into distributed table "
                                "\"%s\" are not supported",
                                relname),
                         errhint("Use INSERT ... SELECT instead.")));
            if (query->onConflict != nullptr || query->returningList != NIL)
                check_nested_levels(query, target, command);
            return make_modify_plan(query, kInsertValues, nullptr);
        }
        if (query->onConflict != nullptr &&
            contains_sublink(reinterpret_cast<Node *>(query->onConflict)))
            ereport(ERROR,
                    (errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
                     errmsg("subqueries in ON CONFLICT of an INSERT into distributed table \"%s\" "
                            "are not supported",
                            relname)));
        if (insert_select_pushable(query, select_index, target)) {
            move_targets_into_select(query, select_index);
            return make_modify_plan(query, kInsertPushdown, nullptr);
        }
        // The SELECT runs on its own (distributed if it reads distributed tables).
        Query *select =
            static_cast<Query *>(copyObject(rt_fetch(select_index, query->rtable)->subquery));
        PlannedStmt *select_plan =
            ::planner(select, nullptr, cursor_options & ~CURSOR_OPT_PARALLEL_OK, bound_params);
        return make_modify_plan(query, kInsertPull, select_plan);
    }
    if (query->commandType == CMD_UPDATE)
        check_distribution_column_unchanged(query->targetList, query->resultRelation, target);
    query = static_cast<Query *>(copyObject(query));
    plan_from_subqueries(query, target, command, relname);
    check_nested_levels(query, target, command, true);
    int count = 0;
    LevelTable *tables = level_tables(query, target, command, &count);
    if (target->partition_method == metadata::kDistributeByHash)
        check_joined_to(query, tables, count, query->resultRelation, target, command);
    else if (contain_volatile_functions(reinterpret_cast<Node *>(query)))
        ereport(ERROR,
                (errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
                 errmsg("volatile functions are not supported in %s on reference table \"%s\"",
                        command, relname),
                 errdetail("Every copy of the table must receive the same values.")));
    return make_modify_plan(query, kUpdateDelete, nullptr);
}

bool is_shippable_select_expression(Node *node, Index select_index)
{
    struct Strip {
        static Node *mutate(Node *node, Index *index)
        {
            if (node == nullptr)
                return nullptr;
            if (IsA(node, Var) && reinterpret_cast<Var *>(node)->varno == static_cast<int>(*index))
                return reinterpret_cast<Node *>(
                    makeNullConst(exprType(node), exprTypmod(node), exprCollation(node)));
            return expression_tree_mutator(node, TESSERA_MUTATOR(mutate), index);
        }
    };
    Node *stripped = Strip::mutate(node, &select_index);
    return is_shippable_expression(stripped);
}

} // namespace tessera::planner
