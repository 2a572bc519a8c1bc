// The planner hook: the door through which queries on distributed tables reach Tessera's planner.
// Queries without distributed tables go straight to PostgreSQL's planner. Others are tried as
// router queries (whole query on one worker); otherwise PostgreSQL plans them with every scan of
// a distributed table replaced by a Tessera scan of its shards (see relation_scan.cpp).
#include "tessera/metadata/distributed_table.h"
#include "tessera/module.h"
#include "tessera/pg/guard.h"
#include "tessera/planner/local_key_writes.h"
#include "tessera/planner/modify_planner.h"
#include "tessera/planner/planner.h"
#include "tessera/planner/query_tree.h"
#include "tessera/planner/statement_cache.h"
#include "tessera/planner/whole_row_marks.h"

extern "C" {
#include "executor/executor.h"
#include "miscadmin.h"
#include "nodes/nodeFuncs.h"
#include "optimizer/planner.h"
#include "parser/parsetree.h"
#include "utils/inval.h"
#include "utils/lsyscache.h"
}

namespace tessera::planner {

namespace {

planner_hook_type previous_planner_hook = nullptr;

// Walker: true at the first distributed or reference table in any range table.
bool references_walker(Node *node, void *)
{
    if (node == nullptr)
        return false;
    if (IsA(node, RangeTblEntry)) {
        auto *rte = reinterpret_cast<RangeTblEntry *>(node);
        return rte->rtekind == RTE_RELATION && metadata::is_distributed_table(rte->relid);
    }
    if (IsA(node, Query))
        return query_tree_walker(reinterpret_cast<Query *>(node), TESSERA_WALKER(references_walker),
                                 nullptr, QTW_EXAMINE_RTES_BEFORE);
    return expression_tree_walker(node, TESSERA_WALKER(references_walker), nullptr);
}

// The name of the distributed table at range-table index `rti` of `query`, or nullptr.
const char *distributed_table_at(Query *query, Index rti)
{
    if (rti < 1 || rti > static_cast<Index>(list_length(query->rtable)))
        return nullptr;
    RangeTblEntry *rte = rt_fetch(rti, query->rtable);
    if (rte->rtekind != RTE_RELATION || !metadata::is_distributed_table(rte->relid))
        return nullptr;
    return get_rel_name(rte->relid);
}

// Walker for error_if_unsupported: checks every query level.
bool unsupported_walker(Node *node, void *)
{
    if (node == nullptr)
        return false;
    if (IsA(node, Query)) {
        auto *query = reinterpret_cast<Query *>(node);
        if (query->commandType != CMD_SELECT && query->commandType != CMD_UTILITY) {
            const char *target = distributed_table_at(query, query->resultRelation);
            // MERGE is not planned for distributed tables, at any level.
            if (target != nullptr && query->commandType == CMD_MERGE)
                ereport(ERROR,
                        (errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
                         errmsg("MERGE on distributed table \"%s\" is not supported", target),
                         errhint("Use INSERT ... ON CONFLICT DO UPDATE, UPDATE and DELETE "
                                 "instead.")));
            // Top-level writes are planned by modify_planner.cpp; these are nested ones (WITH).
            if (target != nullptr)
                ereport(ERROR, (errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
                                errmsg("%s on distributed table \"%s\" is not supported here",
                                       query->commandType == CMD_INSERT   ? "INSERT"
                                       : query->commandType == CMD_UPDATE ? "UPDATE"
                                                                          : "DELETE",
                                       target),
                                errdetail("INSERT, UPDATE and DELETE on distributed tables run "
                                          "as statements of their own, not inside WITH.")));
        }
        ListCell *cell;
        foreach (cell, query->rowMarks) {
            auto *mark = static_cast<RowMarkClause *>(lfirst(cell));
            const char *target = distributed_table_at(query, mark->rti);
            if (target != nullptr)
                ereport(ERROR,
                        (errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
                         errmsg("row locks on distributed table \"%s\" are not supported for "
                                "queries across shards",
                                target),
                         errhint("Filter on the distribution column so that the query targets "
                                 "a single shard.")));
        }
        return query_tree_walker(query, TESSERA_WALKER(unsupported_walker), nullptr, 0);
    }
    return expression_tree_walker(node, TESSERA_WALKER(unsupported_walker), nullptr);
}

// Walks a plan tree: raises an ERROR at a scan that would read the coordinator's own (empty)
// copy of a distributed or reference table instead of its shards.
void check_plan_scans(Plan *plan, List *rtable)
{
    if (plan == nullptr)
        return;
    switch (nodeTag(plan)) {
    case T_SeqScan:
    case T_SampleScan:
    case T_IndexScan:
    case T_IndexOnlyScan:
    case T_BitmapIndexScan:
    case T_BitmapHeapScan:
    case T_TidScan:
    case T_TidRangeScan: {
        Index relid = reinterpret_cast<Scan *>(plan)->scanrelid;
        RangeTblEntry *rte = rt_fetch(relid, rtable);
        if (rte->rtekind == RTE_RELATION && metadata::is_distributed_table(rte->relid))
            ereport(ERROR, (errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
                            errmsg("tessera cannot plan this query on distributed table \"%s\"",
                                   get_rel_name(rte->relid)),
                            errdetail("The plan would read the coordinator's empty copy of the "
                                      "table instead of its shards.")));
        break;
    }
    default:
        break;
    }
    ListCell *cell;
    List *children = NIL;
    if (IsA(plan, Append))
        children = reinterpret_cast<Append *>(plan)->appendplans;
    else if (IsA(plan, MergeAppend))
        children = reinterpret_cast<MergeAppend *>(plan)->mergeplans;
    else if (IsA(plan, BitmapAnd))
        children = reinterpret_cast<BitmapAnd *>(plan)->bitmapplans;
    else if (IsA(plan, BitmapOr))
        children = reinterpret_cast<BitmapOr *>(plan)->bitmapplans;
    else if (IsA(plan, CustomScan))
        children = reinterpret_cast<CustomScan *>(plan)->custom_plans;
    else if (IsA(plan, SubqueryScan))
        check_plan_scans(reinterpret_cast<SubqueryScan *>(plan)->subplan, rtable);
    foreach (cell, children)
        check_plan_scans(static_cast<Plan *>(lfirst(cell)), rtable);
    check_plan_scans(plan->lefttree, rtable);
    check_plan_scans(plan->righttree, rtable);
}

// A last line of defence for plans made by PostgreSQL's planner on queries over distributed
// tables: every scan of such a table must be a Tessera scan, never a wrong (empty) answer.
void error_if_plan_reads_local_table(PlannedStmt *plan)
{
    check_plan_scans(plan->planTree, plan->rtable);
    ListCell *cell;
    foreach (cell, plan->subplans)
        check_plan_scans(static_cast<Plan *>(lfirst(cell)), plan->rtable);
}

// Worker queries run as the session's role, so the shards apply that role's policies: a table
// PostgreSQL would read with a view owner's row-level security cannot be read right.
void error_if_row_security_of_other_role(Query *query)
{
    Oid relid = row_security_checked_as_other_role(query);
    if (OidIsValid(relid))
        ereport(ERROR,
                (errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
                 errmsg("reading table \"%s\" with row-level security through a view owned by "
                        "another role is not supported for distributed tables",
                        get_rel_name(relid)),
                 errdetail("The shards apply the policies of the current role, not of the view's "
                           "owner."),
                 errhint("Create the view WITH (security_invoker = true).")));
}

// Worker queries run as the session's role, so the shards check that role's privileges: a table
// PostgreSQL lets the query use with a view's or rule's owner's privileges, which the current
// role lacks, would fail there on a shard's name. Refused at planning, naming the table, after
// the checks PostgreSQL's executor makes first (the statement's own tables, in order).
void error_if_denied_to_current_role(Query *query)
{
    Oid relid = table_denied_to_current_role(query);
    if (!OidIsValid(relid))
        return;
    ExecCheckRTPerms(query->rtable, true);
    const char *role = GetUserNameFromId(GetUserId(), false);
    ereport(ERROR,
            (errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
             errmsg("using table \"%s\" with the privileges of a view's or rule's owner is not "
                    "supported for distributed tables",
                    get_rel_name(relid)),
             errdetail("The shards check the privileges of the current role \"%s\", which "
                       "lacks them on the table.",
                       role),
             errhint("Grant the privileges on table \"%s\" to role \"%s\".", get_rel_name(relid),
                     role)));
}

// A SELECT reading distributed or reference tables through row-level security: without the
// policies' security quals when the shards enforce them all (they have the same policies and
// worker queries run as the same role, so each shard returns the rows PostgreSQL would let the
// role see, its own policy applied before the user's leaky conditions). The query is then planned
// as any other (router, multi-shard or the coordinator's plan over shard scans), with shard
// pruning on the user's conditions only, and the policies are evaluated once, on the shards, as
// PostgreSQL evaluates them once. Anything else (a local table's policies, a security-barrier
// view) keeps its quals, which only the coordinator's plan applies: `query` is returned as is.
Query *without_select_row_security(Query *query)
{
    if (query->commandType != CMD_SELECT || !has_row_security(query))
        return query;
    Query *stripped = without_shard_enforced_row_security(query);
    return stripped != nullptr ? stripped : query;
}

// Walker for first_row_mark: stops at the first query level with a row lock clause, which it
// stores in `context` (a RowMarkClause **).
bool row_mark_walker(Node *node, void *context)
{
    if (node == nullptr)
        return false;
    if (IsA(node, Query)) {
        auto *query = reinterpret_cast<Query *>(node);
        if (query->rowMarks != NIL) {
            *static_cast<RowMarkClause **>(context) =
                static_cast<RowMarkClause *>(linitial(query->rowMarks));
            return true;
        }
        return query_tree_walker(query, TESSERA_WALKER(row_mark_walker), context, 0);
    }
    return expression_tree_walker(node, TESSERA_WALKER(row_mark_walker), context);
}

// The first row lock clause of `query` or of a query nested in it (depth first), or nullptr.
RowMarkClause *first_row_mark(Query *query)
{
    RowMarkClause *found = nullptr;
    row_mark_walker(reinterpret_cast<Node *>(query), &found);
    return found;
}

// A plan of Tessera's (router, multi-shard, ...) locks rows on the workers, so its PlannedStmt
// has no row marks, and PostgreSQL would name it "SELECT" where it names a locking read by its
// first lock ("cannot execute SELECT FOR UPDATE in a read-only transaction", the command tag
// of logs and statistics). A row mark with that strength is added, as a parent mark: the
// executor ignores those (it opens no relation and locks nothing for them on the coordinator).
PlannedStmt *with_row_lock_tag(PlannedStmt *plan, Query *query)
{
    if (plan == nullptr || plan->commandType != CMD_SELECT || plan->rowMarks != NIL)
        return plan;
    RowMarkClause *clause = first_row_mark(query);
    if (clause == nullptr)
        return plan;
    PlanRowMark *mark = makeNode(PlanRowMark);
    mark->rti = mark->prti = clause->rti;
    mark->rowmarkId = 1;
    mark->markType = ROW_MARK_REFERENCE;
    mark->allMarkTypes = 1 << ROW_MARK_REFERENCE;
    mark->strength = clause->strength;
    mark->waitPolicy = clause->waitPolicy;
    mark->isParent = true;
    plan->rowMarks = list_make1(mark);
    return plan;
}

// Plans a query on distributed tables: MERGE and writes by the modify planner, reads as routed,
// pushed-down or coordinator plans over shard scans.
PlannedStmt *plan_distributed_statement(Query *parse, const char *query_string, int cursor_options,
                                        ParamListInfo bound_params)
{
    // MERGE into distributed and reference tables (merge_planner.cpp).
    if (is_distributed_merge(parse))
        return plan_merge_query(parse, cursor_options, bound_params);
    // Writes to distributed and reference tables (modify_planner.cpp).
    if (is_distributed_modification(parse))
        return plan_modify_query(parse, cursor_options, bound_params);
    Query *original = parse;
    PlannedStmt *after_writes = plan_select_after_writes(parse, cursor_options);
    if (after_writes != nullptr)
        return with_row_lock_tag(after_writes, original);
    parse = without_select_row_security(parse);
    PlannedStmt *routed = plan_router_query(parse, cursor_options);
    if (routed != nullptr)
        return with_row_lock_tag(routed, original);
    PlannedStmt *pushed_down = plan_multi_shard_query(parse, cursor_options, bound_params);
    if (pushed_down != nullptr)
        return with_row_lock_tag(pushed_down, original);
    error_if_unsupported(parse);
    // The coordinator's plan of a write to a local table or of a locking read.
    if (marks_rows_of_other_tables(parse))
        parse = distributed_tables_read_whole(parse);
    PlannedStmt *plan =
        previous_planner_hook != nullptr
            ? previous_planner_hook(parse, query_string, cursor_options, bound_params)
            : standard_planner(parse, query_string, cursor_options, bound_params);
    error_if_plan_reads_local_table(plan);
    return plan;
}

// Plans a query. Queries on distributed tables are routed or planned over Tessera scans.
PlannedStmt *tessera_planner(Query *parse, const char *query_string, int cursor_options,
                             ParamListInfo bound_params)
{
    // Placements a move committed since this transaction took its locks: locking a table the
    // transaction already holds processes no invalidation messages, so take them here, before
    // the tables' metadata is read (cheap when there are none).
    if (metadata::extension_present())
        AcceptInvalidationMessages();
    if (metadata::extension_present() && query_references_distributed_tables(parse)) {
        error_if_row_security_of_other_role(parse);
        error_if_denied_to_current_role(parse);
        // Deletes and key updates that local tables' foreign keys would not see: refused.
        error_if_write_breaks_local_keys(parse);
        // A statement alike but for its constants was planned before: its plan, reused.
        if (PlannedStmt *cached = plan_with_statement_cache(
                parse, query_string, cursor_options, bound_params, plan_distributed_statement))
            return cached;
        return plan_distributed_statement(parse, query_string, cursor_options, bound_params);
    }
    if (previous_planner_hook != nullptr)
        return previous_planner_hook(parse, query_string, cursor_options, bound_params);
    return standard_planner(parse, query_string, cursor_options, bound_params);
}

} // namespace

bool query_references_distributed_tables(Query *query)
{
    return references_walker(reinterpret_cast<Node *>(query), nullptr);
}

void error_if_unsupported(Query *query)
{
    unsupported_walker(reinterpret_cast<Node *>(query), nullptr);
}

} // namespace tessera::planner

namespace tessera {

void install_planner_hook()
{
    planner::previous_planner_hook = planner_hook;
    planner_hook = planner::tessera_planner;
    planner::install_relation_scan_hook();
    planner::install_relation_size_hook();
    planner::install_deferred_router();
    planner::install_statement_param_binder();
    planner::install_statement_cache();
}

} // namespace tessera
