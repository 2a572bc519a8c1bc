// Writes to distributed and reference tables: INSERT (VALUES / SELECT), UPDATE and DELETE.
//
// Planning checks what can run correctly and builds a PlannedStmt around one "Tessera Modify"
// custom scan that holds the (rewritten) Query. At execution the scan turns the statement into
// per-shard tasks, batch by batch, and runs each batch through a Tessera Adaptive scan created
// on the fly; its RETURNING rows are passed through and its affected-row counts make the tag.
// The checks of what can run correctly are in modify_checks.cpp, the FROM / USING subqueries and
// WITH queries of a write in modify_subqueries.cpp.
// PostgreSQL-style code: no C++ objects with destructors live in these frames.
#include "tessera/planner/modify_planner.h"
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

// True for a tableoid column.
bool is_table_oid(Node *node)
{
    return IsA(node, Var) && reinterpret_cast<Var *>(node)->varattno == TableOidAttributeNumber;
}

// Context of table_oid_mutator: the range tables of the query levels being walked, innermost
// first, and the statement's command (for errors).
struct TableOidContext {
    List *rtables;
    const char *command;
};

// Mutator: tableoid of a distributed or reference table becomes that table's OID, at any query
// level. The workers would give their shard's (or placement's) OID instead. A partitioned
// table's rows carry their partition's OID, which only the worker holding the row knows: such a
// tableoid is refused (as a constant it matched no partition, and RETURNING named the parent).
Node *table_oid_mutator(Node *node, TableOidContext *context)
{
    if (node == nullptr)
        return nullptr;
    if (IsA(node, Var)) {
        auto *var = reinterpret_cast<Var *>(node);
        if (var->varattno != TableOidAttributeNumber ||
            var->varlevelsup >= static_cast<Index>(list_length(context->rtables)))
            return node;
        auto *rtable = static_cast<List *>(list_nth(context->rtables, var->varlevelsup));
        if (var->varno < 1 || var->varno > list_length(rtable))
            return node;
        RangeTblEntry *rte = rt_fetch(var->varno, rtable);
        if (rte->rtekind != RTE_RELATION || !metadata::is_distributed_table(rte->relid))
            return node;
        if (get_rel_relkind(rte->relid) == RELKIND_PARTITIONED_TABLE)
            ereport(ERROR,
                    (errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
                     errmsg("tableoid of partitioned distributed table \"%s\" is not supported in "
                            "%s",
                            get_rel_name(rte->relid), context->command),
                     errdetail("A row's partition is known only to the worker holding it."),
                     errhint("Write to the partition itself, or choose its rows by the partition "
                             "key.")));
        return reinterpret_cast<Node *>(makeConst(OIDOID, -1, InvalidOid, sizeof(Oid),
                                                  ObjectIdGetDatum(rte->relid), false, true));
    }
    if (IsA(node, Query)) {
        auto *query = reinterpret_cast<Query *>(node);
        context->rtables = lcons(query->rtable, context->rtables);
        Node *result = reinterpret_cast<Node *>(
            query_tree_mutator(query, TESSERA_MUTATOR(table_oid_mutator), context, 0));
        context->rtables = list_delete_first(context->rtables);
        return result;
    }
    return expression_tree_mutator(node, TESSERA_MUTATOR(table_oid_mutator), context);
}

// Walker: true at a WHERE CURRENT OF condition.
bool current_of_walker(Node *node, void *context)
{
    if (node == nullptr)
        return false;
    if (IsA(node, CurrentOfExpr))
        return true;
    return expression_tree_walker(node, TESSERA_WALKER(current_of_walker), context);
}

// ---------------------------------------------------------------------------------------------
// Planning

PlannedStmt *make_modify_plan(Query *query, int kind, PlannedStmt *select_plan)
{
    register_modify_methods();
    CustomScan *scan = makeNode(CustomScan);
    scan->methods = &modify_scan_methods;
    scan->custom_private =
        list_make4(makeInteger(kind), copyObject(query), reinterpret_cast<Node *>(select_plan),
                   kind == kUpdateDelete   ? write_template(query)
                   : kind == kInsertValues ? insert_row_template(query)
                                           : NIL);
    PlannedStmt *stmt = make_single_scan_plan(query, scan, query->returningList);
    if (select_plan != nullptr) {
        stmt->relationOids = list_concat_unique_oid(stmt->relationOids, select_plan->relationOids);
        stmt->invalItems = list_concat(stmt->invalItems, select_plan->invalItems);
    }
    stmt->stmt_location = query->stmt_location;
    stmt->stmt_len = query->stmt_len;
    return stmt;
}

} // namespace tessera::planner::modify

namespace tessera::planner {

using namespace modify;

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

// Prepares UPDATE / DELETE `query` (a copy the function changes) on `target` for the shards:
// FROM / USING subqueries planned apart, and checks that the shards can run the rest as it
// is. Only analyses and raises; nothing to undo when it fails (see
// plan_update_delete_or_rewrite).
void check_update_delete(Query *query, const DistributedTable *target, const char *command,
                         const char *relname)
{
    // A subquery's ctid values come from the shard (or copy) that computed them, and would be
    // compared with the rows of every shard of the target.
    SystemColumnUse system_columns = system_column_use(query);
    if (system_columns.in_subquery)
        ereport(ERROR, (errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
                        errmsg("system columns of distributed table \"%s\" in subqueries of %s on "
                               "distributed table \"%s\" are not supported",
                               system_columns.relname, command, relname),
                        errdetail("A row's ctid is its address within one shard only."),
                        errhint("Choose the rows by their key columns instead.")));
    plan_from_subqueries(query, target, command, relname);
    check_nested_levels(query, target, command, true);
    // Such expressions are computed on the coordinator before the statement is sent; over the
    // rows' columns (in subqueries too, which may be sent with the statement) only the rewrite
    // through the rows' keys can do that (see the caller).
    if (session_expression_over_rows(reinterpret_cast<Node *>(query->targetList), true) ||
        session_expression_over_rows(reinterpret_cast<Node *>(query->jointree), true))
        ereport(ERROR,
                (errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
                 errmsg("functions that read the session, such as now() or current_setting(), "
                        "need constant arguments in %s on distributed table \"%s\"",
                        command, relname),
                 errdetail("The statement runs on the workers; such functions are computed on "
                           "the coordinator first.")));
    // WITH queries left are computed once on the coordinator: their values are the same for
    // every copy of a reference table, and they may call what only the coordinator has.
    Query without_ctes = *query;
    without_ctes.cteList = NIL;
    // The statement runs on the workers, which do not have the coordinator's sequences and may
    // not have its functions; the rewrite through the rows' keys computes the new values and
    // conditions on the coordinator (the caller).
    if (any_node_at_any_level(reinterpret_cast<Node *>(&without_ctes), uses_sequence))
        ereport(ERROR, (errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
                        errmsg("sequence functions are not supported in %s on distributed table "
                               "\"%s\"",
                               command, relname),
                        errdetail("The statement runs on the worker nodes; sequences exist on the "
                                  "coordinator only."),
                        errhint("Compute the values first, e.g. with INSERT ... SELECT "
                                "nextval(...), or use a column default.")));
    if (any_node_at_any_level(reinterpret_cast<Node *>(&without_ctes), calls_user_function))
        ereport(ERROR,
                (errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
                 errmsg("user-defined functions are not supported in this %s on distributed "
                        "table \"%s\"",
                        command, relname),
                 errdetail("The statement runs on the worker nodes, which may not have the "
                           "function; it is computed on the coordinator only in the new values "
                           "and conditions of a table with a primary key.")));
    // Each shard group's worker would draw its own sample (of every copy of a reference table),
    // where PostgreSQL draws one: the rewrite through the rows' keys samples on the coordinator.
    if (any_node_at_any_level(reinterpret_cast<Node *>(&without_ctes), is_table_sample))
        ereport(ERROR, (errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
                        errmsg("TABLESAMPLE is not supported in this %s on distributed table "
                               "\"%s\"",
                               command, relname),
                        errdetail("The statement runs on the worker nodes, each of which would "
                                  "draw its own sample; the sample is drawn once on the "
                                  "coordinator only for a table with a primary key.")));
    if (any_node_at_any_level(reinterpret_cast<Node *>(&without_ctes), node_dependent_constant))
        ereport(ERROR,
                (errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
                 errmsg("object identifier constants are not supported in this %s on distributed "
                        "table \"%s\"",
                        command, relname),
                 errdetail("The statement runs on the worker nodes, where names and object "
                           "identifiers differ; such values are computed on the coordinator only "
                           "in the new values and conditions of a table with a primary key.")));
    int count = 0;
    LevelTable *tables = level_tables(query, target, command, &count);
    if (target->partition_method == metadata::kDistributeByHash)
        check_joined_to(query, tables, count, query->resultRelation, target, command);
    else if (contain_volatile_functions(reinterpret_cast<Node *>(&without_ctes)))
        ereport(ERROR,
                (errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
                 errmsg("volatile functions are not supported in %s on reference table \"%s\"",
                        command, relname),
                 errdetail("Every copy of the table must receive the same values.")));
}

// Plans UPDATE / DELETE `original` on `target`. A shape the shards cannot run as it is (tables
// that are not colocated or not joined on the distribution column, a reference table fed by
// distributed tables, ...) is planned again through the rows' primary keys, computed on the
// coordinator first (rewrite_through_keys); if that fails too, the first error is raised.
PlannedStmt *plan_update_delete_or_rewrite(Query *original, const DistributedTable *target,
                                           const char *command, const char *relname)
{
    MemoryContext context = CurrentMemoryContext;
    ErrorData *volatile error = nullptr;
    Query *volatile query = static_cast<Query *>(copyObject(original));
    PG_TRY();
    {
        check_update_delete(query, target, command, relname);
    }
    PG_CATCH();
    {
        MemoryContextSwitchTo(context);
        ErrorData *caught = CopyErrorData();
        if (caught->sqlerrcode != ERRCODE_FEATURE_NOT_SUPPORTED)
            PG_RE_THROW();
        FlushErrorState();
        error = caught;
    }
    PG_END_TRY();
    if (error == nullptr)
        return make_modify_plan(query, kUpdateDelete, nullptr);
    query = rewrite_through_keys(original, target);
    if (query == nullptr)
        ReThrowError(error);
    PG_TRY();
    {
        check_update_delete(query, target, command, relname);
    }
    PG_CATCH();
    {
        // The rewritten statement cannot run either: the original reason is the one to tell.
        MemoryContextSwitchTo(context);
        FlushErrorState();
        ReThrowError(error);
    }
    PG_END_TRY();
    lock_against_concurrent_writes(query, target);
    return make_modify_plan(query, kUpdateDelete, nullptr);
}

PlannedStmt *plan_modify_query(Query *query, int cursor_options, ParamListInfo bound_params)
{
    const char *command = command_name(query->commandType);
    RangeTblEntry *target_rte = rt_fetch(query->resultRelation, query->rtable);
    const DistributedTable *target = metadata::lookup_distributed_table(target_rte->relid);
    const char *relname = get_rel_name(target->relid);
    // tableoid names the distributed table, not the shard the worker reads it from.
    if (any_node_at_any_level(reinterpret_cast<Node *>(query), is_table_oid)) {
        TableOidContext table_oids{NIL, command};
        query = reinterpret_cast<Query *>(
            table_oid_mutator(reinterpret_cast<Node *>(copyObject(query)), &table_oids));
    }
    // Policies of distributed tables are enforced by their shards, for the same role: the
    // statement sent there is checked as PostgreSQL checks it here.
    if (has_row_security(query)) {
        Query *stripped = without_shard_enforced_row_security(query);
        if (stripped != nullptr)
            query = stripped;
    }
    // Other security quals and check options (a view's CHECK OPTION, a local table's policies)
    // are applied by the executor of the coordinator's plan; the statements sent to the shards
    // would skip them.
    if (has_row_security(query))
        ereport(ERROR, (errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
                        errmsg("security barrier views, views WITH CHECK OPTION and row-level "
                               "security the shards cannot apply alike are not supported in %s "
                               "on distributed table \"%s\"",
                               command, relname),
                        errdetail("The statement runs on the shards, which would not apply "
                                  "these conditions and checks as PostgreSQL applies them here.")));
    if (query->hasModifyingCTE)
        check_modifying_ctes(query, command, relname);
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
        check_insert_worker_expressions(query, relname);
        query = static_cast<Query *>(copyObject(query));
        OnConflictExpr *conflict = query->onConflict;
        if (conflict != nullptr && conflict->action == ONCONFLICT_UPDATE)
            conflict->onConflictSet =
                guard_distribution_column(conflict->onConflictSet, query->resultRelation, target,
                                          conflict->exclRelIndex, NIL);
        name_conflict_columns(query, target->relid);
        Index select_index = insert_select_index(query);
        if (query->cteList != NIL) {
            // WITH queries left (computed once): they become the SELECT's own.
            Query *select =
                select_index != 0 ? rt_fetch(select_index, query->rtable)->subquery : nullptr;
            if (select == nullptr)
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
            select->hasModifyingCTE = select->hasModifyingCTE || query->hasModifyingCTE;
            query->cteList = NIL;
            if (select->hasModifyingCTE) {
                // The SELECT is planned at execution, once its data-modifying WITH queries ran.
                check_on_conflict_sublinks(query, relname);
                return make_modify_plan(query, kInsertPull, nullptr);
            }
        }
        if (select_index == 0) {
            // The rows are computed on the coordinator; so are their subqueries, first.
            bool sublinks = unsupported_values_sublink_walker(
                reinterpret_cast<Node *>(query->targetList), nullptr);
            ListCell *cell;
            foreach (cell, query->rtable) {
                auto *rte = static_cast<RangeTblEntry *>(lfirst(cell));
                if (rte->rtekind == RTE_VALUES &&
                    unsupported_values_sublink_walker(reinterpret_cast<Node *>(rte->values_lists),
                                                      nullptr))
                    sublinks = true;
            }
            if (sublinks)
                ereport(ERROR,
                        (errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
                         errmsg("this subquery in the VALUES of an INSERT into distributed "
                                "table \"%s\" is not supported",
                                relname),
                         errdetail("Subqueries there are computed first, each on its own; row "
                                   "comparisons are not supported."),
                         errhint("Use INSERT ... SELECT instead.")));
            if (query->onConflict != nullptr || query->returningList != NIL)
                check_nested_levels(query, target, command);
            return make_modify_plan(query, kInsertValues, nullptr);
        }
        check_on_conflict_sublinks(query, relname);
        // (Subqueries in ON CONFLICT are computed on the coordinator when the pulled INSERT
        // starts; a pushed-down one would send them to every shard as they are.)
        if (!on_conflict_has_sublinks(query) &&
            insert_select_pushable(query, select_index, target)) {
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
    // A cursor's current row is a position in the coordinator's scan; the shards have no cursor.
    if (current_of_walker(reinterpret_cast<Node *>(query->jointree), nullptr))
        ereport(ERROR,
                (errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
                 errmsg("WHERE CURRENT OF is not supported in %s on distributed table \"%s\"",
                        command, relname),
                 errhint("Choose the row by its key columns instead.")));
    if (query->commandType == CMD_UPDATE) {
        List *targets = guard_distribution_column(
            query->targetList, query->resultRelation, target, 0,
            restricting_quals(reinterpret_cast<Node *>(query->jointree), NIL));
        if (targets != query->targetList) {
            query = static_cast<Query *>(copyObject(query));
            query->targetList = static_cast<List *>(copyObject(targets));
        }
    }
    return plan_update_delete_or_rewrite(query, target, command, relname);
}

} // namespace tessera::planner
