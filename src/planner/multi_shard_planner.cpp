// The multi-shard pushdown planner. A query over colocated distributed tables joined on their
// distribution columns (plus reference tables) is split in two:
//   - a worker query, run on every shard group in parallel: the joins and filters, and either the
//     whole grouping (when it groups by a distribution column, so no group spans shard groups)
//     or partial aggregates per group;
//   - a coordinator query over the workers' rows (read through a placeholder function scan that
//     becomes the Tessera Adaptive scan): combining partial aggregates, HAVING, DISTINCT,
//     ORDER BY, LIMIT — planned and executed by PostgreSQL itself.
// Anything outside the shapes handled here is left to the general plan (relation_scan.cpp).
// Which queries qualify is decided in multi_shard_pushdown.cpp.
#include "tessera/executor/distributed_scan.h"
#include "tessera/metadata/distributed_functions.h"
#include "tessera/metadata/distributed_table.h"
#include "tessera/pg/guard.h"
#include "tessera/planner/deparse.h"
#include "tessera/planner/modify_internal.h"
#include "tessera/planner/multi_shard_internal.h"
#include "tessera/planner/partial_aggregates.h"
#include "tessera/planner/planner.h"
#include "tessera/planner/query_tree.h"
#include "tessera/planner/shard_pruning.h"
#include "tessera/settings.h"

extern "C" {
#include "access/transam.h"
#include "catalog/namespace.h"
#include "catalog/pg_aggregate_d.h"
#include "catalog/pg_operator_d.h"
#include "catalog/pg_proc_d.h"
#include "catalog/pg_type_d.h"
#include "common/int.h"
#include "nodes/makefuncs.h"
#include "nodes/nodeFuncs.h"
#include "optimizer/optimizer.h"
#include "optimizer/planner.h"
#include "parser/parse_coerce.h"
#include "parser/parse_collate.h"
#include "parser/parse_func.h"
#include "parser/parse_oper.h"
#include "parser/parsetree.h"
#include "rewrite/rewriteManip.h"
#include "utils/lsyscache.h"
#include "utils/typcache.h"
}

namespace tessera::planner {

namespace {

using pushdown::PushdownContext;

// How the grouping of the query is split between workers and coordinator.
enum class SplitMode {
    kFull,    // workers compute the query's rows (groups never span shard groups)
    kPartial, // workers compute partial aggregates per group; the coordinator combines
};

// A copy of `task` with the values of its statement parameters as task parameters $1..$n (n the
// highest it reads; the ones it does not read are sent as NULL text).
executor::Task *bind_statement_params(const executor::Task *task, ParamListInfo params)
{
    int count = 0;
    ListCell *cell;
    foreach (cell, task->statement_params)
        count = Max(count, lfirst_int(cell));
    auto *bound = static_cast<executor::Task *>(palloc(sizeof(executor::Task)));
    *bound = *task;
    bound->statement_params = NIL;
    bound->param_count = count;
    bound->param_types = static_cast<Oid *>(palloc(sizeof(Oid) * (count + 1)));
    bound->param_values = static_cast<char **>(palloc0(sizeof(char *) * (count + 1)));
    for (int id = 1; id <= count; id++) {
        bound->param_types[id - 1] = TEXTOID;
        if (!list_member_int(task->statement_params, id))
            continue;
        if (params == nullptr || id > params->numParams)
            ereport(ERROR, (errcode(ERRCODE_UNDEFINED_PARAMETER),
                            errmsg("there is no parameter $%d", id)));
        ParamExternData workspace;
        ParamExternData *value = params->paramFetch != nullptr
                                     ? params->paramFetch(params, id, false, &workspace)
                                     : &params->params[id - 1];
        bound->param_types[id - 1] = value->ptype;
        if (!value->isnull)
            bound->param_values[id - 1] = param_value_text(value->ptype, value->value);
    }
    return bound;
}

// The placeholder function whose scan stands for the workers' rows in the coordinator query.
Oid worker_results_function()
{
    List *name = list_make2(makeString(pstrdup("tessera")), makeString(pstrdup("worker_results")));
    return LookupFuncName(name, 0, nullptr, false);
}

// A range-table entry scanning the placeholder function with the worker query's columns.
RangeTblEntry *worker_results_rte(List *worker_tlist)
{
    RangeTblFunction *function = makeNode(RangeTblFunction);
    FuncExpr *call = makeFuncExpr(worker_results_function(), RECORDOID, NIL, InvalidOid, InvalidOid,
                                  COERCE_EXPLICIT_CALL);
    call->funcretset = true;
    function->funcexpr = reinterpret_cast<Node *>(call);
    List *names = NIL;
    ListCell *cell;
    foreach (cell, worker_tlist) {
        auto *entry = static_cast<TargetEntry *>(lfirst(cell));
        Node *expr = reinterpret_cast<Node *>(entry->expr);
        names = lappend(names, makeString(pstrdup(entry->resname)));
        function->funccoltypes = lappend_oid(function->funccoltypes, exprType(expr));
        function->funccoltypmods = lappend_int(function->funccoltypmods, exprTypmod(expr));
        function->funccolcollations = lappend_oid(function->funccolcollations, exprCollation(expr));
    }
    function->funccolcount = list_length(worker_tlist);
    function->funccolnames = names;
    RangeTblEntry *rte = makeNode(RangeTblEntry);
    rte->rtekind = RTE_FUNCTION;
    rte->functions = list_make1(function);
    rte->eref = makeAlias("worker_results", names);
    rte->inFromCl = true;
    return rte;
}

// True if every worker column's type can travel as text and be read back.
bool transferable_columns(List *worker_tlist)
{
    ListCell *cell;
    foreach (cell, worker_tlist) {
        Oid type =
            exprType(reinterpret_cast<Node *>(static_cast<TargetEntry *>(lfirst(cell))->expr));
        if (type == RECORDOID || type == UNKNOWNOID || get_typtype(type) == TYPTYPE_PSEUDO ||
            !type_known_on_workers(type))
            return false;
    }
    return true;
}

// The constant LIMIT (plus OFFSET) a worker may apply, or -1.
int64 worker_limit(Query *query)
{
    if (query->limitCount == nullptr || query->limitOption != LIMIT_OPTION_COUNT)
        return -1;
    // The parser leaves LIMIT 10 as a cast of an integer constant: fold it.
    Node *count =
        eval_const_expressions(nullptr, static_cast<Node *>(copyObject(query->limitCount)));
    if (!IsA(count, Const) || reinterpret_cast<Const *>(count)->constisnull)
        return -1;
    int64 limit = DatumGetInt64(reinterpret_cast<Const *>(count)->constvalue);
    if (query->limitOffset != nullptr) {
        Node *offset =
            eval_const_expressions(nullptr, static_cast<Node *>(copyObject(query->limitOffset)));
        if (!IsA(offset, Const) || reinterpret_cast<Const *>(offset)->constisnull)
            return -1;
        int64 skip = DatumGetInt64(reinterpret_cast<Const *>(offset)->constvalue);
        if (skip < 0 || pg_add_s64_overflow(limit, skip, &limit))
            return -1;
    }
    return limit < 0 ? -1 : limit;
}

// The coordinator query being planned whose worker_results scan returns rows sorted by its
// ORDER BY (set only around standard_planner in plan_multi_shard_query), and whether the
// planner was told so (mark_presorted_worker_results).
Query *presorted_query = nullptr;
bool presorted_used = false;

// The keys by which the coordinator can merge the tasks' rows instead of sorting them, as
// make_merge_key Lists; NIL when it must sort. Merging needs the coordinator to take the rows
// as they come up to the ORDER BY: no grouping there (kFull: the workers compute the rows whole,
// grouped by a distribution column if at all, windows too), no DISTINCT; and every ORDER BY key a
// worker column the workers sort by with the same built-in ordering operator, collation and NULLs
// placement (the worker query gets the same sortClause).
List *merge_keys_for(Query *query, SplitMode mode, int cursor_options, List *coordinator_tlist,
                     List *worker_tlist)
{
    if (!tessera_enable_sorted_merge || mode != SplitMode::kFull || query->sortClause == NIL ||
        query->distinctClause != NIL || query->hasDistinctOn)
        return NIL;
    // A cursor declared without NO SCROLL may fetch backward when its plan can scan backward,
    // as a Sort on top can; the merging scan cannot, so such cursors keep the Sort.
    if ((cursor_options & CURSOR_OPT_FAST_PLAN) && !(cursor_options & CURSOR_OPT_NO_SCROLL))
        return NIL;
    List *keys = NIL;
    ListCell *cell;
    foreach (cell, query->sortClause) {
        auto *clause = static_cast<SortGroupClause *>(lfirst(cell));
        TargetEntry *entry = get_sortgroupclause_tle(clause, coordinator_tlist);
        if (!IsA(entry->expr, Var))
            return NIL;
        auto *var = reinterpret_cast<Var *>(entry->expr);
        if (var->varno != 1 || var->varattno < 1 || var->varattno > list_length(worker_tlist))
            return NIL;
        auto *worker_entry = static_cast<TargetEntry *>(list_nth(worker_tlist, var->varattno - 1));
        // The worker orders by the same target entry: same expression, so same collation.
        if (worker_entry->ressortgroupref != clause->tleSortGroupRef ||
            exprCollation(reinterpret_cast<Node *>(worker_entry->expr)) != var->varcollid)
            return NIL;
        Oid family, input_type;
        int16 strategy;
        // The workers sort with the operator the coordinator merges by: built in, or an
        // extension's (citext's <), which every worker has.
        if ((clause->sortop >= FirstNormalObjectId &&
             !metadata::extension_object_on_workers(OperatorRelationId, clause->sortop)) ||
            !get_ordering_op_properties(clause->sortop, &family, &input_type, &strategy))
            return NIL;
        keys = lappend(keys, executor::make_merge_key(var->varattno, clause->sortop, var->varcollid,
                                                      clause->nulls_first, worker_entry->resname));
    }
    return keys;
}

// Replaces the placeholder function scan in the plan tree by the Tessera Adaptive scan.
bool replace_function_scan(Plan *plan, CustomScan *scan)
{
    if (plan == nullptr)
        return false;
    if (IsA(plan, FunctionScan)) {
        auto *function_scan = reinterpret_cast<FunctionScan *>(plan);
        Index relid = function_scan->scan.scanrelid;
        List *scan_tlist = NIL;
        auto *rtfunc = static_cast<RangeTblFunction *>(linitial(function_scan->functions));
        for (int i = 0; i < rtfunc->funccolcount; i++) {
            Var *var = makeVar(relid, i + 1, list_nth_oid(rtfunc->funccoltypes, i),
                               list_nth_int(rtfunc->funccoltypmods, i),
                               list_nth_oid(rtfunc->funccolcollations, i), 0);
            scan_tlist = lappend(
                scan_tlist, makeTargetEntry(reinterpret_cast<Expr *>(var), i + 1, nullptr, false));
        }
        NodeTag tag = scan->scan.plan.type;
        scan->scan.plan = function_scan->scan.plan; // costs, target list, quals, ids
        scan->scan.plan.type = tag;
        scan->scan.scanrelid = 0;
        scan->custom_scan_tlist = scan_tlist;
        ChangeVarNodes(reinterpret_cast<Node *>(scan->scan.plan.targetlist), relid, INDEX_VAR, 0);
        ChangeVarNodes(reinterpret_cast<Node *>(scan->scan.plan.qual), relid, INDEX_VAR, 0);
        return true;
    }
    return false;
}

// Finds the placeholder scan anywhere below `plan` and swaps it for `scan`.
bool swap_in_scan(Plan **slot, CustomScan *scan)
{
    Plan *plan = *slot;
    if (plan == nullptr)
        return false;
    if (IsA(plan, FunctionScan)) {
        if (!replace_function_scan(plan, scan))
            return false;
        *slot = &scan->scan.plan;
        return true;
    }
    if (swap_in_scan(&plan->lefttree, scan) || swap_in_scan(&plan->righttree, scan))
        return true;
    if (IsA(plan, SubqueryScan))
        return swap_in_scan(&reinterpret_cast<SubqueryScan *>(plan)->subplan, scan);
    return false;
}

// True if the row locks of `query` (a multi-shard query level) can be taken by its worker
// queries: every locked relation is a hash-distributed table of the query level itself (a
// locked subquery is not pushed down, and the query is then refused as before). Locking rows
// of a reference table across shards is refused: each shard group's query would lock the rows
// of its own node's copy, so one statement would hold the same row on several copies (and two
// of them could wait on each other across nodes), where PostgreSQL locks it once.
bool row_locks_pushable(Query *query)
{
    ListCell *cell;
    foreach (cell, query->rowMarks) {
        auto *mark = static_cast<RowMarkClause *>(lfirst(cell));
        RangeTblEntry *rte = rt_fetch(mark->rti, query->rtable);
        if (rte->rtekind != RTE_RELATION || mark->pushedDown)
            return false;
        const metadata::DistributedTable *table = metadata::lookup_distributed_table(rte->relid);
        if (table == nullptr)
            return false;
        if (metadata::is_reference_table(rte->relid))
            ereport(ERROR, (errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
                            errmsg("row locks on reference table \"%s\" are not supported for "
                                   "queries across shards",
                                   get_rel_name(rte->relid)),
                            errdetail("Each shard's query would lock the row on its own node's "
                                      "copy of the reference table."),
                            errhint("Lock only the distributed tables: FOR UPDATE OF <table>.")));
        if (table->partition_method != metadata::kDistributeByHash)
            return false;
    }
    return true;
}

// Marks `task` (the task of shard group `index` of a multi-shard `query` with row locks) as
// locking rows, and, when some lock waits for rows others hold (no NOWAIT or SKIP LOCKED),
// gives it the shards whose coordinator write locks must be taken first, as multi-shard writes
// take them: without that, two such statements run at once could each lock rows on one node
// first and then wait for each other on the other node, a cycle no node's deadlock detector
// sees. NOWAIT and SKIP LOCKED never wait for a row, so they take none and run side by side.
void set_task_row_locks(executor::Task *task, Query *query, int index)
{
    task->locks_rows = true;
    bool waits = false;
    ListCell *cell;
    foreach (cell, query->rowMarks)
        waits = waits || static_cast<RowMarkClause *>(lfirst(cell))->waitPolicy == LockWaitBlock;
    if (!waits)
        return;
    task->lock_shard_ids =
        static_cast<int64 *>(palloc(sizeof(int64) * (list_length(query->rowMarks) + 1)));
    foreach (cell, query->rowMarks) {
        RangeTblEntry *rte =
            rt_fetch(static_cast<RowMarkClause *>(lfirst(cell))->rti, query->rtable);
        const metadata::DistributedTable *table = metadata::lookup_distributed_table(rte->relid);
        task->lock_shard_ids[task->lock_shard_count++] = table->shards[index].shard_id;
    }
}

// Takes the coordinator write lock of a shard for the executor (Task.lock_shard_ids).
void lock_shard_for_row_locks(uint64 shard_id)
{
    modify::lock_shard_for_write(shard_id, ExclusiveLock);
}

} // namespace

void mark_presorted_worker_results(PlannerInfo *root, RelOptInfo *rel, RangeTblEntry *rte)
{
    // Only the coordinator query itself (not a query planned meanwhile), and only when the
    // ORDER BY is all PostgreSQL wants of the rows' order there.
    if (presorted_query == nullptr || root->parse != presorted_query ||
        rte->rtekind != RTE_FUNCTION || rel->relid != 1 || root->sort_pathkeys == NIL ||
        !equal(root->query_pathkeys, root->sort_pathkeys))
        return;
    ListCell *cell;
    foreach (cell, rel->pathlist)
        static_cast<Path *>(lfirst(cell))->pathkeys = root->sort_pathkeys;
    presorted_used = true;
}

PlannedStmt *plan_multi_shard_query(Query *original, int cursor_options, ParamListInfo bound_params)
{
    // A custom plan of a prepared statement knows its parameters' values: the worker query
    // carries them as constants (a generic plan, without values, is not pushed down).
    original = bind_constant_params(original, bound_params);
    if (!tessera_enable_multi_shard_pushdown || original->commandType != CMD_SELECT ||
        original->setOperations != nullptr || original->hasSubLinks || original->hasTargetSRFs ||
        original->groupingSets != NIL || has_row_security(original) || original->hasModifyingCTE ||
        (cursor_options & CURSOR_OPT_SCROLL))
        return nullptr;
    if (pushdown::unsafe_walker(reinterpret_cast<Node *>(original->targetList), nullptr) ||
        pushdown::unsafe_walker(original->havingQual, nullptr) ||
        query_tree_walker(original, TESSERA_WALKER(pushdown::unsafe_walker), nullptr,
                          QTW_IGNORE_RANGE_TABLE | QTW_IGNORE_CTE_SUBQUERIES))
        return nullptr;
    // Every CTE travels in the worker query's WITH clause, referenced or not: each must be
    // shard-local or read only reference tables (checked on the references, and here).
    ListCell *cte_cell;
    foreach (cte_cell, original->cteList) {
        auto *cte = static_cast<CommonTableExpr *>(lfirst(cte_cell));
        if (cte->cterecursive || !IsA(cte->ctequery, Query))
            return nullptr;
        List *ignored = NIL;
        auto *cte_query = reinterpret_cast<Query *>(cte->ctequery);
        if (!pushdown::reference_only_query(cte_query) &&
            pushdown::shard_local_subquery(cte_query, &ignored) == nullptr)
            return nullptr;
    }

    Query *query = static_cast<Query *>(copyObject(original));
    PushdownContext context{};
    context.query = query;
    if (!pushdown::analyze_from(&context))
        return nullptr;
    // Row locks: the worker queries carry the query's locking clause (PostgreSQL allows it only
    // without grouping, DISTINCT or window functions, so the workers compute the rows whole).
    if (original->rowMarks != NIL && !row_locks_pushable(query))
        return nullptr;
    foreach (cte_cell, query->cteList) // unreferenced ones too: they are in the WITH clause
        context.relids = query_relation_oids(
            static_cast<CommonTableExpr *>(lfirst(cte_cell))->ctequery, context.relids);

    bool grouped = query->groupClause != NIL || query->hasAggs || query->havingQual != nullptr;
    SplitMode mode = !grouped || pushdown::groups_by_distribution_column(&context)
                         ? SplitMode::kFull
                         : SplitMode::kPartial;
    if (query->hasDistinctOn && mode == SplitMode::kPartial)
        return nullptr;
    // Window functions run on the workers when every window's partitions lie within one shard
    // group (partitioned by a distribution column), and the rows they see are the query's own.
    if (query->hasWindowFuncs && (mode != SplitMode::kFull ||
                                  !pushdown::windows_partitioned_by_distribution_column(&context)))
        return nullptr;

    // Build the worker query and the coordinator's target list.
    AggregateSplit split{};
    split.query = query;
    split.pstate = make_parsestate(nullptr);
    split.pstate->p_expr_kind = EXPR_KIND_SELECT_TARGET;
    Query *worker = static_cast<Query *>(copyObject(query));
    List *coordinator_tlist = NIL;
    List *merge_keys = NIL;
    ListCell *cell;
    if (mode == SplitMode::kFull) {
        foreach (cell, query->targetList) {
            auto *entry = static_cast<TargetEntry *>(lfirst(cell));
            Var *var = add_worker_column(&split, static_cast<Expr *>(copyObject(entry->expr)),
                                         entry->resname);
            // The worker keeps the grouping and ordering that refer to this column.
            static_cast<TargetEntry *>(llast(split.worker_tlist))->ressortgroupref =
                entry->ressortgroupref;
            TargetEntry *outer = makeTargetEntry(reinterpret_cast<Expr *>(var), entry->resno,
                                                 entry->resname, entry->resjunk);
            outer->ressortgroupref = entry->ressortgroupref;
            coordinator_tlist = lappend(coordinator_tlist, outer);
        }
        worker->targetList = split.worker_tlist;
        worker->sortClause = NIL;
        worker->distinctClause = NIL;
        worker->hasDistinctOn = false;
        worker->limitCount = nullptr;
        worker->limitOffset = nullptr;
        int64 limit = worker_limit(query);
        merge_keys =
            merge_keys_for(query, mode, cursor_options, coordinator_tlist, split.worker_tlist);
        if (merge_keys != NIL) // each worker returns its rows in the final order
            worker->sortClause = static_cast<List *>(copyObject(query->sortClause));
        if (limit >= 0 && query->distinctClause == NIL) {
            // Each worker's first rows in the final order contain its share of the answer.
            worker->sortClause = static_cast<List *>(copyObject(query->sortClause));
            worker->limitCount = reinterpret_cast<Node *>(makeConst(
                INT8OID, -1, InvalidOid, 8, Int64GetDatum(limit), false, FLOAT8PASSBYVAL));
        }
    } else {
        // Group keys first, then the partial aggregates added while rewriting.
        List *worker_groups = NIL;
        foreach (cell, query->targetList)
            split.next_group_ref = Max(split.next_group_ref,
                                       static_cast<TargetEntry *>(lfirst(cell))->ressortgroupref);
        foreach (cell, query->groupClause) {
            auto *clause = static_cast<SortGroupClause *>(lfirst(cell));
            TargetEntry *entry = get_sortgroupclause_tle(clause, query->targetList);
            split.group_exprs = lappend(split.group_exprs, entry->expr);
            add_worker_column(&split, static_cast<Expr *>(copyObject(entry->expr)), entry->resname);
            TargetEntry *worker_entry = static_cast<TargetEntry *>(llast(split.worker_tlist));
            worker_entry->ressortgroupref = clause->tleSortGroupRef;
            worker_groups = lappend(worker_groups, copyObject(clause));
        }
        foreach (cell, query->targetList) {
            auto *entry = static_cast<TargetEntry *>(lfirst(cell));
            Node *expr = combine_mutator(reinterpret_cast<Node *>(entry->expr), &split);
            TargetEntry *outer = makeTargetEntry(reinterpret_cast<Expr *>(expr), entry->resno,
                                                 entry->resname, entry->resjunk);
            outer->ressortgroupref = entry->ressortgroupref;
            coordinator_tlist = lappend(coordinator_tlist, outer);
        }
        Node *having = combine_mutator(query->havingQual, &split);
        if (split.failed)
            return nullptr;
        worker->targetList = split.worker_tlist;
        worker->groupClause = list_concat(worker_groups, split.extra_groups);
        worker->havingQual = nullptr;
        worker->sortClause = NIL;
        worker->distinctClause = NIL;
        worker->hasDistinctOn = false;
        worker->limitCount = nullptr;
        worker->limitOffset = nullptr;
        worker->hasAggs = true;
        query->havingQual = having;
    }
    if (split.failed || !transferable_columns(split.worker_tlist))
        return nullptr;

    // Tasks: one per shard group left after pruning on the top-level filters (and the pins
    // they imply through reference-table columns).
    const metadata::DistributedTable *anchor = context.tables[0].table;
    List *pruning_quals = with_reference_table_pins(context.query->rtable, context.quals);
    bool *wanted = static_cast<bool *>(palloc(sizeof(bool) * anchor->shard_count));
    for (int i = 0; i < anchor->shard_count; i++)
        wanted[i] = true;
    for (int t = 0; t < context.table_count; t++) {
        if (context.tables[t].nullable)
            continue;
        bool *table_shards =
            prune_shards(context.tables[t].table, context.tables[t].varno, pruning_quals);
        for (int i = 0; i < anchor->shard_count; i++)
            wanted[i] = wanted[i] && table_shards[i];
    }
    int relid_count = list_length(context.relids);
    auto *substitutions =
        static_cast<ShardSubstitution *>(palloc(sizeof(ShardSubstitution) * (relid_count + 1)));
    List *tasks = NIL;
    List *statement_params = referenced_params(reinterpret_cast<Node *>(worker));
    for (int i = 0; i < anchor->shard_count; i++) {
        if (!wanted[i])
            continue;
        for (int r = 0; r < relid_count; r++) {
            Oid relid = list_nth_oid(context.relids, r);
            const metadata::DistributedTable *table = metadata::lookup_distributed_table(relid);
            bool hash = table->partition_method == metadata::kDistributeByHash;
            substitutions[r] = {relid, table->shards[hash ? i : 0].shard_id};
        }
        const metadata::ShardInterval &shard = anchor->shards[i];
        if (shard.placement_count < 1)
            ereport(ERROR, (errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
                            errmsg("shard %lld has no placement", (long long)shard.shard_id)));
        auto *task = static_cast<executor::Task *>(palloc0(sizeof(executor::Task)));
        task->group_id = shard.placements[0].group_id;
        executor::route_task_to_shard(task, anchor, i);
        task->sql = deparse_query_for_shards(worker, substitutions, relid_count);
        task->statement_params = statement_params;
        if (query->rowMarks != NIL)
            set_task_row_locks(task, query, i);
        tasks = lappend(tasks, task);
    }
    // One task locks rows on one node only, whose lock manager sees every wait.
    if (list_length(tasks) < 2)
        foreach (cell, tasks)
            static_cast<executor::Task *>(lfirst(cell))->lock_shard_count = 0;

    // The coordinator query: the original's upper part over the workers' rows.
    Query *coordinator = makeNode(Query);
    coordinator->commandType = CMD_SELECT;
    coordinator->querySource = query->querySource;
    coordinator->canSetTag = query->canSetTag;
    coordinator->queryId = query->queryId;
    coordinator->rtable = list_make1(worker_results_rte(split.worker_tlist));
    RangeTblRef *ref = makeNode(RangeTblRef);
    ref->rtindex = 1;
    coordinator->jointree = makeFromExpr(list_make1(ref), nullptr);
    coordinator->targetList = coordinator_tlist;
    coordinator->sortClause = query->sortClause;
    coordinator->distinctClause = query->distinctClause;
    coordinator->hasDistinctOn = query->hasDistinctOn;
    coordinator->limitCount = query->limitCount;
    coordinator->limitOffset = query->limitOffset;
    coordinator->limitOption = query->limitOption;
    if (mode == SplitMode::kPartial) {
        coordinator->groupClause = query->groupClause;
        coordinator->havingQual = query->havingQual;
        coordinator->hasAggs = true;
    }
    coordinator->stmt_location = query->stmt_location;
    coordinator->stmt_len = query->stmt_len;

    PlannedStmt *stmt;
    bool merging = false;
    if (merge_keys != NIL) {
        // Saved and restored around the planner, which might plan other queries meanwhile.
        Query *saved_query = presorted_query;
        bool saved_used = presorted_used;
        presorted_query = coordinator;
        presorted_used = false;
        PG_TRY();
        {
            stmt = standard_planner(coordinator, nullptr, cursor_options, bound_params);
            merging = presorted_used;
        }
        PG_FINALLY();
        {
            presorted_query = saved_query;
            presorted_used = saved_used;
        }
        PG_END_TRY();
    } else {
        stmt = standard_planner(coordinator, nullptr, cursor_options, bound_params);
    }
    CustomScan *scan =
        executor::make_distributed_scan(executor::TaskSource::kStatic, tasks, NIL, nullptr);
    // Once the scan's path had the sort pathkeys the plan relies on its order: it merges.
    if (merging)
        executor::set_distributed_scan_merge(scan, merge_keys);
    // No placeholder scan left means the planner proved the workers' rows are not needed
    // (e.g. HAVING false): the plan stands as it is, with no tasks to run.
    swap_in_scan(&stmt->planTree, scan);

    // Permission checks, locks and plan invalidation still concern the original tables.
    ListCell *rte_cell;
    foreach (rte_cell, original->rtable) {
        auto *rte = static_cast<RangeTblEntry *>(lfirst(rte_cell));
        if (rte->rtekind != RTE_RELATION)
            continue;
        stmt->rtable = lappend(stmt->rtable, copyObject(rte));
        stmt->relationOids = list_append_unique_oid(stmt->relationOids, rte->relid);
    }
    return stmt;
}

// Walker for referenced_params.
static bool referenced_params_walker(Node *node, List **ids)
{
    if (node == nullptr)
        return false;
    if (IsA(node, Param) && reinterpret_cast<Param *>(node)->paramkind == PARAM_EXTERN) {
        *ids = list_append_unique_int(*ids, reinterpret_cast<Param *>(node)->paramid);
        return false;
    }
    if (IsA(node, Query))
        return query_tree_walker(reinterpret_cast<Query *>(node),
                                 TESSERA_WALKER(referenced_params_walker), ids, 0);
    return expression_tree_walker(node, TESSERA_WALKER(referenced_params_walker), ids);
}

List *referenced_params(Node *node)
{
    List *ids = NIL;
    referenced_params_walker(node, &ids);
    return ids;
}

void install_statement_param_binder()
{
    executor::set_param_binder(bind_statement_params);
    executor::set_shard_locker(lock_shard_for_row_locks);
}

} // namespace tessera::planner

// tessera.worker_results(): only a placeholder in plans; never runs.
TESSERA_FUNCTION(tessera_worker_results)
{
    throw tessera::Error("tessera.worker_results() cannot be called directly",
                         tessera::sqlstate::kFeatureNotSupported,
                         "It stands for the rows of distributed tasks in query plans.");
}
