// The checks of the write planner (INSERT / UPDATE / DELETE on distributed and reference tables)
// that refuse what cannot run correctly: an UPDATE that would move a row to another shard, ON
// CONFLICT arbiters without the distribution column, sequence and user-defined functions in the
// parts of an INSERT the workers evaluate, system columns, subqueries in ON CONFLICT or VALUES
// that cannot be computed first. Moved from modify_planner.cpp, unchanged. PostgreSQL-style code:
// no C++ objects with destructors live in these frames.
#include "tessera/planner/insert_select_pushdown.h"
#include "tessera/planner/modify_internal.h"
#include "tessera/planner/query_tree.h"
#include "tessera/planner/single_scan_plan.h"

#include "tessera/executor/distributed_scan.h"
#include "tessera/metadata/distributed_functions.h"
#include "tessera/metadata/distributed_table.h"
#include "tessera/planner/deparse.h"
#include "tessera/planner/planner.h"
#include "tessera/planner/shard_pruning.h"

#include <utility>

extern "C" {
#include "access/htup_details.h"
#include "access/relation.h"
#include "access/transam.h"
#include "catalog/pg_class.h"
#include "catalog/pg_collation_d.h"
#include "catalog/pg_constraint.h"
#include "catalog/pg_index.h"
#include "catalog/pg_proc.h"
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
#include "parser/parse_func.h"
#include "parser/parsetree.h"
#include "rewrite/rewriteManip.h"
#include "tcop/pquery.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/datum.h"
#include "utils/fmgroids.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/rel.h"
#include "utils/relcache.h"
#include "utils/snapmgr.h"
#include "utils/syscache.h"
#include "utils/tuplestore.h"
#include "utils/typcache.h"
}

namespace tessera::planner::modify {

// True if `value`, assigned to the distribution column of `table` (at `result_relation`), is
// the value a top-level equality of `quals` already pins that column to, so that no row
// changes shard: UPDATE t SET key = 5, ... WHERE key = 5 (or the same parameter), as ORMs
// write whole rows.
bool assigns_pinned_value(Expr *value, Index result_relation, const DistributedTable *table,
                          List *quals)
{
    Expr *assigned = strip_relabel(value);
    if (assigned == nullptr || contain_volatile_functions(reinterpret_cast<Node *>(assigned)) ||
        contain_var_clause(reinterpret_cast<Node *>(assigned)))
        return false;
    TypeCacheEntry *type = lookup_type_cache(table->dist_type, TYPECACHE_HASH_OPFAMILY);
    if (!OidIsValid(type->hash_opf))
        return false;
    ListCell *cell;
    foreach (cell, quals) {
        auto *clause = static_cast<Expr *>(lfirst(cell));
        if (!IsA(clause, OpExpr) || list_length(reinterpret_cast<OpExpr *>(clause)->args) != 2)
            continue;
        auto *op = reinterpret_cast<OpExpr *>(clause);
        if (get_op_opfamily_strategy(op->opno, type->hash_opf) != HTEqualStrategyNumber)
            continue;
        for (int side = 0; side < 2; side++) {
            Var *var = same_level_var(static_cast<Expr *>(list_nth(op->args, side)));
            if (var == nullptr || var->varno != static_cast<int>(result_relation) ||
                var->varattno != table->dist_column)
                continue;
            auto *other = static_cast<Expr *>(list_nth(op->args, 1 - side));
            if (equal(strip_relabel(other), assigned))
                return true;
            // Constants of other types (WHERE key = 5 compares bigint with integer): the
            // equality itself, with the assigned value in place of the column, must hold.
            OpExpr *check = static_cast<OpExpr *>(copyObject(op));
            list_nth_cell(check->args, side)->ptr_value =
                makeRelabelType(static_cast<Expr *>(copyObject(value)), var->vartype,
                                var->vartypmod, var->varcollid, COERCE_IMPLICIT_CAST);
            Node *folded = eval_const_expressions(nullptr, reinterpret_cast<Node *>(check));
            if (IsA(folded, Const) && !reinterpret_cast<Const *>(folded)->constisnull &&
                DatumGetBool(reinterpret_cast<Const *>(folded)->constvalue))
                return true;
        }
    }
    return false;
}

namespace {

// True if `entry`, an assignment to the distribution column of `table`, keeps the column's
// value: the column itself, in ON CONFLICT DO UPDATE the conflicting row's own value
// (excluded.column: the arbiter covers the distribution column), or the value `quals` pin it to.
bool keeps_distribution_value(TargetEntry *entry, Index result_relation,
                              const DistributedTable *table, Index excluded_relation, List *quals)
{
    Var *var = same_level_var(entry->expr);
    if (var != nullptr && var->varattno == table->dist_column &&
        (var->varno == static_cast<int>(result_relation) ||
         (excluded_relation != 0 && var->varno == static_cast<int>(excluded_relation))))
        return true;
    return assigns_pinned_value(entry->expr, result_relation, table, quals);
}

// Raises the "cannot modify distribution column" ERROR for `table`.
[[noreturn]] void distribution_column_error(const DistributedTable *table)
{
    ereport(ERROR, (errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
                    errmsg("cannot modify distribution column \"%s\" of table \"%s\"",
                           get_attname(table->relid, table->dist_column, false),
                           get_rel_name(table->relid)),
                    errdetail("A changed value would belong to another shard."),
                    errhint("Delete the row and insert it again with the new value.")));
    pg_unreachable();
}

// True for a Param of a multiple assignment, SET (a, b) = (SELECT ...): the printed statement
// needs it as it is.
bool multiexpr_param_walker(Node *node, void *context)
{
    if (node == nullptr)
        return false;
    if (IsA(node, Param) && reinterpret_cast<Param *>(node)->paramkind == PARAM_MULTIEXPR)
        return true;
    return expression_tree_walker(node, TESSERA_WALKER(multiexpr_param_walker), context);
}

// tessera_keep_distribution_value(value, <the row's distribution column>, table, column): the
// shards compute `value` and fail the write of a row it would move to another shard.
Expr *keep_distribution_value_call(Expr *value, Index result_relation,
                                   const DistributedTable *table)
{
    Oid type;
    int32 typmod;
    Oid collation;
    get_atttypetypmodcoll(table->relid, table->dist_column, &type, &typmod, &collation);
    Var *old_value = makeVar(result_relation, table->dist_column, type, typmod, collation, 0);
    Oid argument_types[4] = {ANYELEMENTOID, ANYELEMENTOID, TEXTOID, TEXTOID};
    Oid function =
        LookupFuncName(list_make2(makeString(pstrdup("pg_catalog")),
                                  makeString(pstrdup(metadata::kKeepDistributionValueFunction))),
                       4, argument_types, false);
    auto text_constant = [](const char *text) {
        return reinterpret_cast<Expr *>(makeConst(TEXTOID, -1, DEFAULT_COLLATION_OID, -1,
                                                  CStringGetTextDatum(text), false, false));
    };
    List *arguments =
        list_make4(value, old_value, text_constant(get_rel_name(table->relid)),
                   text_constant(get_attname(table->relid, table->dist_column, false)));
    return reinterpret_cast<Expr *>(
        makeFuncExpr(function, type, arguments, collation, collation, COERCE_EXPLICIT_CALL));
}

} // namespace

// Raises an ERROR if the statement assigns the distribution column anything but itself (or
// the value its WHERE clause pins it to).
void check_distribution_column_unchanged(List *target_list, Index result_relation,
                                         const DistributedTable *table, Index excluded_relation,
                                         List *quals)
{
    // Reference and single-shard tables have no distribution column: any column may change.
    if (table->partition_method != metadata::kDistributeByHash || table->single_shard)
        return;
    ListCell *cell;
    foreach (cell, target_list) {
        auto *entry = static_cast<TargetEntry *>(lfirst(cell));
        if (entry->resjunk || entry->resno != table->dist_column)
            continue;
        if (!keeps_distribution_value(entry, result_relation, table, excluded_relation, quals))
            distribution_column_error(table);
    }
}

List *guard_distribution_column(List *target_list, Index result_relation,
                                const DistributedTable *table, Index excluded_relation, List *quals)
{
    if (table->partition_method != metadata::kDistributeByHash || table->single_shard)
        return target_list;
    List *guarded = target_list;
    ListCell *cell;
    foreach (cell, target_list) {
        auto *entry = static_cast<TargetEntry *>(lfirst(cell));
        if (entry->resjunk || entry->resno != table->dist_column ||
            keeps_distribution_value(entry, result_relation, table, excluded_relation, quals))
            continue;
        if (multiexpr_param_walker(reinterpret_cast<Node *>(entry->expr), nullptr))
            distribution_column_error(table);
        if (guarded == target_list)
            guarded = list_copy(target_list);
        TargetEntry *replacement = flatCopyTargetEntry(entry);
        replacement->expr = keep_distribution_value_call(entry->expr, result_relation, table);
        list_nth_cell(guarded, foreach_current_index(cell))->ptr_value = replacement;
    }
    return guarded;
}

// Raises an ERROR unless every arbiter index of ON CONFLICT covers the distribution column.
void check_on_conflict(Query *query, const DistributedTable *table)
{
    OnConflictExpr *conflict = query->onConflict;
    if (conflict == nullptr)
        return;
    // Any unique key of a single-shard table is enforced whole, in its one shard.
    if (table->partition_method != metadata::kDistributeByHash || table->single_shard)
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

// True for a sequence function call or an identity value.
bool uses_sequence(Node *node)
{
    return IsA(node, NextValueExpr) ||
           check_functions_in_node(
               node,
               [](Oid func, void *) {
                   return func == F_NEXTVAL || func == F_CURRVAL || func == F_LASTVAL ||
                          func == F_SETVAL_REGCLASS_INT8 || func == F_SETVAL_REGCLASS_INT8_BOOL;
               },
               nullptr);
}

// True for a call of a user-defined function (including operators and casts implemented by
// one) that is neither an extension's (other than tessera's) nor distributed, or of an operator
// made by users (applies_coordinator_operator). The workers may lack such a function or
// operator or have another one by that name, so only the coordinator may call it.
bool calls_user_function(Node *node)
{
    return applies_coordinator_operator(node) ||
           check_functions_in_node(
               node, [](Oid func, void *) { return !metadata::function_on_workers(func); },
               nullptr);
}

// True for a constant whose value means something else on the workers (an object identifier of
// the reg* types: 'orders'::regclass names the coordinator's table).
bool node_dependent_constant(Node *node)
{
    return IsA(node, Const) && !type_known_on_workers(reinterpret_cast<Const *>(node)->consttype);
}

// True for a TABLESAMPLE clause: sent with a write to every shard group, a sampled reference
// table would be sampled once per shard group instead of once per statement.
bool is_table_sample(Node *node)
{
    return IsA(node, TableSampleClause);
}

// Raises an ERROR if the parts of INSERT the workers evaluate (RETURNING, ON CONFLICT DO UPDATE)
// call sequence or user-defined functions: the workers have no such sequences and may lack the
// function or have another one by that name, which would silently give other values.
void check_insert_worker_expressions(Query *query, const char *relname)
{
    List *parts = list_make1(query->returningList);
    if (query->onConflict != nullptr)
        parts = lappend(lappend(parts, query->onConflict->onConflictSet),
                        query->onConflict->onConflictWhere);
    auto *node = reinterpret_cast<Node *>(parts);
    if (any_node_at_any_level(node, uses_sequence) ||
        any_node_at_any_level(node, calls_user_function))
        ereport(ERROR, (errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
                        errmsg("sequence and user-defined functions in RETURNING or ON CONFLICT of "
                               "INSERT on distributed table \"%s\" are not supported",
                               relname),
                        errdetail("These parts run on the worker nodes, which do not have the "
                                  "coordinator's sequences and functions."),
                        errhint("Use them in the inserted values or a column default instead.")));
}

// Walker: true at the first subquery of INSERT ... VALUES rows that cannot be computed on its
// own before the rows (see precompute_values_sublinks).
bool unsupported_values_sublink_walker(Node *node, void *context)
{
    if (node == nullptr)
        return false;
    if (IsA(node, SubLink)) {
        auto *sublink = reinterpret_cast<SubLink *>(node);
        if (!is_precomputable_sublink(sublink))
            return true;
        if ((sublink->subLinkType == ANY_SUBLINK || sublink->subLinkType == ALL_SUBLINK) &&
            !is_single_column_test(sublink))
            return true;
        return unsupported_values_sublink_walker(sublink->testexpr, context);
    }
    return expression_tree_walker(node, TESSERA_WALKER(unsupported_values_sublink_walker), context);
}

namespace {

// What system_column_walker is doing: the queries being walked (innermost first) and what it
// found.
struct SystemColumnSearch {
    List *levels;
    SystemColumnUse use;
};

// Walker for system_column_use: notes each Var of a system column of a distributed or
// reference table, at the statement's top level or below it.
bool system_column_walker(Node *node, SystemColumnSearch *search)
{
    if (node == nullptr)
        return false;
    if (IsA(node, Var)) {
        auto *var = reinterpret_cast<Var *>(node);
        if (var->varattno >= 0 || static_cast<int>(var->varlevelsup) >= list_length(search->levels))
            return false;
        auto *owner = static_cast<Query *>(list_nth(search->levels, var->varlevelsup));
        if (var->varno < 1 || var->varno > list_length(owner->rtable))
            return false;
        RangeTblEntry *rte = rt_fetch(var->varno, owner->rtable);
        if (rte->rtekind != RTE_RELATION || !metadata::is_distributed_table(rte->relid))
            return false;
        if (list_length(search->levels) == 1)
            search->use.at_top_level = true;
        else
            search->use.in_subquery = true;
        search->use.relname = get_rel_name(rte->relid);
        return false;
    }
    if (IsA(node, Query)) {
        search->levels = lcons(node, search->levels);
        (void)query_tree_walker(reinterpret_cast<Query *>(node),
                                TESSERA_WALKER(system_column_walker), search, 0);
        search->levels = list_delete_first(search->levels);
        return false;
    }
    return expression_tree_walker(node, TESSERA_WALKER(system_column_walker), search);
}

} // namespace

SystemColumnUse system_column_use(Query *query)
{
    SystemColumnSearch search{NIL, {false, false, nullptr}};
    (void)system_column_walker(reinterpret_cast<Node *>(query), &search);
    return search.use;
}

// True if the ON CONFLICT clause of INSERT `query` holds subqueries.
bool on_conflict_has_sublinks(Query *query)
{
    return query->onConflict != nullptr &&
           contains_sublink(reinterpret_cast<Node *>(query->onConflict));
}

// INSERT ... SELECT with subqueries in ON CONFLICT: only independent ones are supported (the
// pulled INSERT computes those on the coordinator first, as for INSERT ... VALUES); subqueries
// over the existing or proposed row would have to run on the workers, which see only their
// shards, and are refused.
void check_on_conflict_sublinks(Query *query, const char *relname)
{
    if (on_conflict_has_sublinks(query) &&
        unsupported_values_sublink_walker(reinterpret_cast<Node *>(query->onConflict), nullptr))
        ereport(ERROR,
                (errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
                 errmsg("subqueries that refer to the existing or excluded row in ON CONFLICT of "
                        "an INSERT into distributed table \"%s\" are not supported",
                        relname),
                 errdetail("Subqueries there are computed first, each on its own; row "
                           "comparisons are not supported.")));
}

} // namespace tessera::planner::modify
