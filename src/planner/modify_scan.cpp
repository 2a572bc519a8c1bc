// Writes on distributed tables: the Tessera Modify custom scan, which at execution turns the
// statement into batches of per-shard tasks and runs each through a Tessera Adaptive scan.
#include "tessera/planner/modify_internal.h"
#include "tessera/planner/modify_planner.h"
#include "tessera/planner/query_tree.h"
#include "tessera/planner/single_scan_plan.h"

#include "tessera/executor/distributed_scan.h"
#include "tessera/executor/tenant_stats.h"
#include "tessera/metadata/distributed_table.h"
#include "tessera/planner/deparse.h"
#include "tessera/planner/planner.h"
#include "tessera/planner/shard_pruning.h"
#include "tessera/settings.h"

#include <utility>

extern "C" {
#include "access/htup_details.h"
#include "access/transam.h"
#include "catalog/pg_constraint.h"
#include "catalog/pg_index.h"
#include "catalog/pg_type_d.h"
#include "commands/explain.h"
#include "common/hashfn.h"
#include "executor/executor.h"
#include "miscadmin.h"
#include "nodes/extensible.h"
#include "nodes/makefuncs.h"
#include "nodes/nodeFuncs.h"
#include "optimizer/clauses.h"
#include "optimizer/optimizer.h"
#include "optimizer/planner.h"
#include "parser/parsetree.h"
#include "utils/builtins.h"
#include "utils/hsearch.h"
#include "utils/inval.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/syscache.h"
#include "utils/tuplestore.h"
#include "utils/typcache.h"
}

namespace tessera::planner::modify {

// ---------------------------------------------------------------------------------------------
// The Tessera Modify custom scan

struct ModifyScanState {
    CustomScanState css;
    int kind;
    Query *query;
    PlannedStmt *select_plan;
    List *template_info; // SQL deparsed once: write_template or insert_row_template
    PlanState *child;    // the Tessera Adaptive scan running the current batch
    bool child_done;
    bool exhausted;     // no batch left to build
    bool batch_started; // a batch's child scan was started
    int divisor;        // copies per row (placements of a reference table)
    uint64 processed_before;
    // Rows evaluated on the coordinator.
    RowRouter router;
    bool router_ready;
    bool write_locked; // lock_shards_for_write done
    MemoryContext batch_context;
    // kInsertValues: the rows and target expressions.
    List *value_rows; // Lists of Expr, one per VALUES row (a single row without VALUES)
    int next_value_row;
    // kInsertPull: the SELECT's rows.
    Tuplestorestate *pulled;
    TupleTableSlot *pulled_slot;
    ExprState **pulled_exprs;
    ConflictKeys *conflict_keys; // ON CONFLICT DO UPDATE: keys of earlier batches
    // A multi-row INSERT's RETURNING rows of the current batch, in the order of its rows (see
    // load_in_row_order), and the slots reading them.
    Tuplestorestate *ordered;
    TupleTableSlot *ordered_slot;
    TupleTableSlot *task_slot;
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
        if (state->conflict_keys != nullptr)
            track_conflict_key(state->conflict_keys, &state->router, values, nulls);
    }
    state->exhausted = true;
    return routed_row_tasks(&state->router, &state->divisor);
}

// Runs the SELECT of a pulled INSERT ... SELECT into a tuplestore.
void pull_select_rows(ModifyScanState *state)
{
    EState *estate = state->css.ss.ps.state;
    TupleDesc tupdesc;
    if (state->select_plan == nullptr)
        state->select_plan = plan_select_after_ctes(state->query, estate);
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
    if (state->conflict_keys != nullptr)
        start_conflict_key_batch(state->conflict_keys);
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
        if (state->conflict_keys != nullptr)
            track_conflict_key(state->conflict_keys, &state->router, values, nulls);
        CHECK_FOR_INTERRUPTS();
    }
    return routed_row_tasks(&state->router, &state->divisor);
}

// `tasks` of UPDATE / DELETE `bound`, the one task marked with its tenant when tenant
// monitoring is on (citus_stat_tenants).
List *attributed_write_tasks(List *tasks, Query *bound)
{
    if (executor::tenant_stats_enabled())
        attribute_write_tenant(tasks, bound,
                               metadata::lookup_distributed_table(
                                   rt_fetch(bound->resultRelation, bound->rtable)->relid));
    return tasks;
}

// The tasks of the next batch; sets `exhausted` after the last one.
List *next_batch(ModifyScanState *state)
{
    EState *estate = state->css.ss.ps.state;
    switch (state->kind) {
    case kInsertValues:
    case kInsertPull:
        // Rows for every copy of a reference table (hash tables: per-shard groups of rows).
        if (!state->write_locked) {
            lock_shards_for_write(state->query);
            state->write_locked = true;
        }
        return state->kind == kInsertValues ? next_values_batch(state) : next_pull_batch(state);
    case kInsertPushdown: {
        state->exhausted = true;
        Query *bound = bind_params(state->query, estate->es_param_list_info);
        // RETURNING and ON CONFLICT subqueries over other shards (or other colocation groups)
        // are computed here, once, before the write: a shard would see only its own rows, or
        // name a shard of another table with its own shard's suffix.
        bound = precompute_insert_sublinks(bound, estate);
        lock_shards_for_write(bound);
        return insert_pushdown_tasks(bound, &state->divisor);
    }
    case kMergePushdown:
    case kMergeRouted:
        state->exhausted = true;
        return merge_tasks(state->query, state->kind, state->select_plan, estate, &state->divisor);
    default: {
        state->exhausted = true;
        Query *bound = bind_params(state->query, estate->es_param_list_info);
        // WITH queries (and FROM subqueries planned as such) are computed here first: they may
        // read the session over their rows (age(created_at)), which the coordinator evaluates
        // as it reads them.
        materialize_ctes(bound, estate);
        // now(), current_setting(), ... as the coordinator session sees them, once for all shards
        bound = reinterpret_cast<Query *>(evaluate_node_session_expressions(
            reinterpret_cast<Node *>(bound), command_name(bound->commandType),
            get_rel_name(rt_fetch(bound->resultRelation, bound->rtable)->relid)));
        // The template was printed once with its conversions of parameters (a date's ::text)
        // left to the workers' styles; under other session styles they are computed above.
        if (state->template_info != NIL &&
            !text_styles_matter(reinterpret_cast<Node *>(state->query))) {
            List *tasks = templated_update_delete_tasks(state->template_info, bound,
                                                        estate->es_param_list_info);
            if (tasks != NIL)
                return attributed_write_tasks(tasks, bound);
        }
        List *keyed = keyed_update_delete_tasks(bound, &state->divisor);
        if (keyed != NIL)
            return attributed_write_tasks(keyed, bound);
        precompute_sublinks(bound, estate);
        List *tasks =
            attributed_write_tasks(update_delete_tasks(bound, &state->divisor, true), bound);
        // ctid = ... names one row of one shard (or copy); on several it names several rows.
        if (list_length(tasks) > 1) {
            SystemColumnUse system_columns = system_column_use(bound);
            if (system_columns.at_top_level)
                ereport(ERROR,
                        (errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
                         errmsg("system columns of distributed table \"%s\" are not supported "
                                "in %s across shards",
                                system_columns.relname, command_name(bound->commandType)),
                         errdetail("A row's ctid is its address within one shard only."),
                         errhint("Filter on the distribution column so that the statement "
                                 "targets a single shard.")));
        }
        return tasks;
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

// RETURNING and ON CONFLICT DO UPDATE run on the workers, whose connections print dates,
// intervals and floats as text under fixed styles: under other session styles such conversions
// there would answer in the wrong style, so the statement is refused (decided at execution,
// since a cached plan outlives SET DateStyle). With `over_rows`, conversions of constants and
// parameters are left out: the caller computes them here first.
void check_worker_text_styles(Query *query, bool over_rows)
{
    auto matter = over_rows ? text_styles_matter_over_rows : text_styles_matter;
    if (!matter(reinterpret_cast<Node *>(query->returningList)) &&
        !matter(reinterpret_cast<Node *>(query->onConflict)))
        return;
    const char *command = query->commandType == CMD_INSERT   ? "INSERT"
                          : query->commandType == CMD_UPDATE ? "UPDATE"
                                                             : "DELETE";
    ereport(ERROR,
            (errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
             errmsg("date/time or float values converted to text in RETURNING or ON CONFLICT of %s "
                    "on distributed table \"%s\" need DateStyle ISO, YMD, IntervalStyle postgres "
                    "and extra_float_digits above 0",
                    command, get_rel_name(rt_fetch(query->resultRelation, query->rtable)->relid)),
             errdetail("These parts run on the worker nodes, whose sessions use those settings."),
             errhint("Return the values themselves and convert them in the client, or reset "
                     "the settings.")));
}

void begin_modify(CustomScanState *node, EState *estate, int eflags)
{
    auto *state = reinterpret_cast<ModifyScanState *>(node);
    // (A pushed-down INSERT ... SELECT sends its RETURNING and ON CONFLICT as they are.)
    check_worker_text_styles(state->query, state->kind != kInsertPushdown);
    // The shards are looked up from here on: a move or split that committed since this
    // transaction locked the table must be seen (see resolve_tasks in distributed_scan.cpp).
    AcceptInvalidationMessages();
    state->batch_context =
        AllocSetContextCreate(estate->es_query_cxt, "tessera modify batch", ALLOCSET_DEFAULT_SIZES);
    if (state->kind == kInsertValues || state->kind == kInsertPull) {
        Query *query = state->query;
        const DistributedTable *target = metadata::lookup_distributed_table(
            rt_fetch(query->resultRelation, query->rtable)->relid);
        // The rows are evaluated here, but ON CONFLICT and RETURNING are printed into the
        // shards' SQL: parameters there are sent as their values.
        ParamListInfo params = estate->es_param_list_info;
        if (params != nullptr && params->numParams > 0 &&
            (query->onConflict != nullptr || query->returningList != NIL))
            query = bind_params(query, params);
        // Printed once when planned, with conversions of constants left to the workers' styles.
        bool styled_template = text_styles_matter(reinterpret_cast<Node *>(query->onConflict)) ||
                               text_styles_matter(reinterpret_cast<Node *>(query->returningList));
        if (query->onConflict != nullptr || query->returningList != NIL) {
            // ON CONFLICT DO UPDATE SET updated_at = now() and RETURNING run on the workers:
            // now() and the like as the coordinator session sees them (as the rows' values
            // are), once for all shards; so are conversions of constants to text under the
            // session's styles.
            query = static_cast<Query *>(copyObject(query));
            const char *relname = get_rel_name(target->relid);
            query->onConflict =
                reinterpret_cast<OnConflictExpr *>(evaluate_node_session_expressions(
                    reinterpret_cast<Node *>(query->onConflict), "INSERT", relname));
            query->returningList = reinterpret_cast<List *>(evaluate_node_session_expressions(
                reinterpret_cast<Node *>(query->returningList), "INSERT", relname));
        }
        Index replace =
            state->kind == kInsertPull ? insert_select_index(query) : insert_values_index(query);
        if ((eflags & EXEC_FLAG_EXPLAIN_ONLY) == 0)
            query = precompute_insert_sublinks(query, estate);
        init_row_router(&state->router, query, replace, target, state->batch_context);
        // RETURNING in the order of the rows proposed when some may be skipped (insert_runs.cpp).
        state->router.split_runs = needs_row_runs(query, target);
        if (state->kind == kInsertPull || state->router.split_runs)
            state->conflict_keys = make_conflict_keys(query, &state->router, estate->es_query_cxt);
        if (state->kind == kInsertValues && state->conflict_keys != nullptr)
            start_conflict_key_batch(state->conflict_keys); // the VALUES rows are one batch
        if (state->kind == kInsertValues && !styled_template)
            state->router.row_template = state->template_info;
        state->router_ready = true;
        if (state->kind == kInsertValues)
            state->value_rows =
                precompute_values_sublinks(insert_value_rows(query), estate, eflags);
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

// True if the RETURNING rows of the batch whose tasks are `tasks` must be put back in the order
// of the rows inserted: PostgreSQL returns a multi-row INSERT's rows in that order, and ORMs
// (Django's bulk_create, say) give the returned keys to their objects by position; the tasks of
// different shards would interleave them.
bool returns_in_row_order(ModifyScanState *state, List *tasks)
{
    return state->query->returningList != NIL &&
           (state->kind == kInsertValues || state->kind == kInsertPull) && list_length(tasks) > 1 &&
           list_length(state->router.task_positions) == list_length(tasks);
}

// Raises the error for a batch of DO UPDATE ... WHERE ... RETURNING that could not be split into
// runs (RowRouter::runs_unsafe) and whose tasks left rows out, more than one of them returning
// rows: their RETURNING rows cannot be put in the order of the rows proposed.
void report_unordered_returning(ModifyScanState *state)
{
    ereport(ERROR,
            (errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
             errmsg("INSERT ... ON CONFLICT DO UPDATE ... WHERE ... RETURNING on distributed table "
                    "\"%s\" is not supported when it skips rows and rows of other shards come "
                    "between rows proposing the same key",
                    get_rel_name(state->router.target->relid)),
             errdetail("Each shard's rows are one statement on the workers, which returns the rows "
                       "it did not skip without their places among the rows proposed. With a "
                       "conflict target of expressions, or of types without a hash function, any "
                       "two rows of one shard count as proposing the same key."),
             errhint("Propose each key once, or leave out RETURNING.")));
}

// Reads every RETURNING row of the current batch's tasks and keeps them in `ordered` in the
// order of the batch's rows. Each task inserts its rows in that order and returns one row per
// row inserted; when a task returns fewer the rows cannot be matched to their places, and each
// task's rows follow the previous task's instead (the order of the tasks' first rows: a
// trigger left rows out). Where ON CONFLICT DO NOTHING or DO UPDATE ... WHERE may leave rows
// out, each task holds one statement per run of consecutive rows of its shard, and the runs'
// rows come in the order of the runs (insert_runs.cpp).
void load_in_row_order(ModifyScanState *state)
{
    EState *estate = state->css.ss.ps.state;
    MemoryContext old = MemoryContextSwitchTo(estate->es_query_cxt);
    List *places = state->router.task_positions;
    int task_count = list_length(places);
    TupleDesc desc = ExecGetResultType(state->child);
    if (state->ordered_slot == nullptr) {
        state->ordered_slot = MakeSingleTupleTableSlot(desc, &TTSOpsMinimalTuple);
        state->task_slot = MakeSingleTupleTableSlot(desc, &TTSOpsMinimalTuple);
    }
    auto **rows = static_cast<Tuplestorestate **>(palloc0(sizeof(void *) * task_count));
    auto *counts = static_cast<int *>(palloc0(sizeof(int) * task_count));
    // Split into runs: per task and statement, how many rows it returned.
    List *task_runs = state->router.task_runs;
    auto **statement_counts = static_cast<int **>(palloc0(sizeof(int *) * task_count));
    for (int t = 0; t < task_count && task_runs != NIL; t++)
        statement_counts[t] = static_cast<int *>(
            palloc0(sizeof(int) * (list_length(static_cast<List *>(list_nth(task_runs, t))) + 1)));
    int store_kb = Max(64, work_mem / task_count);
    for (int t = 0; t < task_count; t++)
        rows[t] = tuplestore_begin_heap(false, false, store_kb);
    for (;;) {
        TupleTableSlot *slot = ExecProcNode(state->child);
        if (TupIsNull(slot))
            break;
        int task = executor::distributed_scan_row_task(state->child);
        if (task < 0 || task >= task_count)
            elog(ERROR, "RETURNING row of an unknown task");
        tuplestore_puttupleslot(rows[task], slot);
        counts[task]++;
        if (task_runs != NIL) {
            int statement = executor::distributed_scan_row_statement(state->child);
            if (statement < 0 ||
                statement >= list_length(static_cast<List *>(list_nth(task_runs, task))))
                elog(ERROR, "RETURNING row of an unknown statement");
            statement_counts[task][statement]++;
        }
        CHECK_FOR_INTERRUPTS();
    }
    finish_child(state);
    if (task_runs != NIL) {
        state->ordered = tuplestore_begin_heap(false, false, work_mem);
        put_runs_in_order(task_runs, rows, statement_counts, state->ordered, state->task_slot);
        for (int t = 0; t < task_count; t++)
            tuplestore_end(rows[t]);
        MemoryContextSwitchTo(old);
        return;
    }
    bool matched = true;
    for (int t = 0; t < task_count; t++)
        matched = matched && counts[t] == list_length(static_cast<List *>(list_nth(places, t)));
    // Rows of one task alone are in order whatever it left out.
    int returning_tasks = 0;
    for (int t = 0; t < task_count; t++)
        returning_tasks += counts[t] > 0 ? 1 : 0;
    if (!matched && state->router.rows_must_match && returning_tasks > 1)
        report_unordered_returning(state);
    state->ordered = tuplestore_begin_heap(false, false, work_mem);
    auto *next = static_cast<int *>(palloc0(sizeof(int) * task_count));
    for (;;) {
        // The task whose next row comes first in the batch (or, unmatched, the first task
        // with rows left).
        int chosen = -1;
        int chosen_place = 0;
        for (int t = 0; t < task_count; t++) {
            if (next[t] >= counts[t])
                continue;
            int place = list_nth_int(static_cast<List *>(list_nth(places, t)), next[t]);
            if (chosen < 0 || (matched && place < chosen_place)) {
                chosen = t;
                chosen_place = place;
            }
        }
        if (chosen < 0)
            break;
        if (!tuplestore_gettupleslot(rows[chosen], true, false, state->task_slot))
            elog(ERROR, "RETURNING rows of a task ended early");
        tuplestore_puttupleslot(state->ordered, state->task_slot);
        next[chosen]++;
    }
    for (int t = 0; t < task_count; t++)
        tuplestore_end(rows[t]);
    MemoryContextSwitchTo(old);
}

TupleTableSlot *exec_modify(CustomScanState *node)
{
    auto *state = reinterpret_cast<ModifyScanState *>(node);
    EState *estate = node->ss.ps.state;
    for (;;) {
        if (state->ordered != nullptr) {
            if (tuplestore_gettupleslot(state->ordered, true, false, state->ordered_slot))
                return state->ordered_slot;
            tuplestore_end(state->ordered);
            state->ordered = nullptr;
        }
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
        // The statement's only batch, its rows returned as the child reads them.
        if (state->exhausted && !state->batch_started && !returns_in_row_order(state, tasks))
            executor::set_distributed_scan_whole_statement(scan);
        state->batch_started = true;
        state->processed_before = estate->es_processed;
        state->child = ExecInitNode(&scan->scan.plan, estate, 0);
        state->child_done = false;
        node->custom_ps = list_make1(state->child);
        if (returns_in_row_order(state, tasks))
            load_in_row_order(state);
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
    if (state->ordered != nullptr)
        tuplestore_end(state->ordered);
    state->ordered = nullptr;
    if (state->ordered_slot != nullptr) {
        ExecDropSingleTupleTableSlot(state->ordered_slot);
        ExecDropSingleTupleTableSlot(state->task_slot);
    }
    state->ordered_slot = nullptr;
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
    case kMergePushdown:
        how = "MERGE pushed down to colocated shards";
        break;
    case kMergeRouted:
        how = "MERGE source rows computed first, routed to the target's shards";
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
        if (es->verbose && tasks != NIL && tessera_explain_all_tasks) {
            // citus.explain_all_tasks: every task's statement.
            ListCell *cell;
            foreach (cell, tasks)
                ExplainPropertyText("Task", static_cast<executor::Task *>(lfirst(cell))->sql, es);
        } else if (es->verbose && tasks != NIL) {
            ExplainPropertyText("First Task", static_cast<executor::Task *>(linitial(tasks))->sql,
                                es);
        }
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

} // namespace tessera::planner::modify

namespace tessera::planner {

bool routes_writes_at_execution(const Plan *plan)
{
    if (!IsA(plan, CustomScan) ||
        reinterpret_cast<const CustomScan *>(plan)->methods != &modify::modify_scan_methods)
        return false;
    int kind = intVal(
        list_nth(reinterpret_cast<const CustomScan *>(plan)->custom_private, modify::kKindField));
    return kind == modify::kInsertValues || kind == modify::kUpdateDelete;
}

} // namespace tessera::planner
