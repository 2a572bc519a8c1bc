// The Tessera Adaptive custom scan: dispatches tasks over per-node connection pools, turns the
// workers' text rows into tuples. Its EXPLAIN is in distributed_scan_explain.cpp.
#include "tessera/executor/distributed_scan.h"
#include "tessera/executor/distributed_scan_internal.h"

#include "tessera/executor/autocommit_write.h"

#include "tessera/executor/connection.h"
#include "tessera/executor/shared_connections.h"
#include "tessera/executor/tenant_stats.h"
#include "tessera/executor/worker_messages.h"
#include "tessera/metadata/nodes.h"
#include "tessera/settings.h"

extern "C" {
#include "access/htup_details.h"
#include "access/xact.h"
#include "executor/executor.h"
#include "executor/tuptable.h"
#include "miscadmin.h"
#include "nodes/makefuncs.h"
#include "utils/builtins.h"
#include "utils/inval.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/timestamp.h"
#include "utils/tuplestore.h"
}

namespace tessera::executor {

using namespace distributed_scan_internal;

namespace {

DeferredTaskPlanner deferred_task_planner = nullptr;
ShardLocker shard_locker = nullptr;
ReferenceLocker reference_locker = nullptr;
ParamBinder param_binder = nullptr;

CustomExecMethods exec_methods;

Node *create_scan_state(CustomScan *plan)
{
    auto *state = static_cast<DistributedScanState *>(palloc0(sizeof(DistributedScanState)));
    NodeSetTag(state, T_CustomScanState);
    state->css.methods = &exec_methods;
    state->source = static_cast<TaskSource>(intVal(list_nth(plan->custom_private, kSourceField)));
    state->plan_tasks =
        decode_tasks(static_cast<List *>(list_nth(plan->custom_private, kTasksField)));
    state->deferred_query = static_cast<Query *>(list_nth(plan->custom_private, kQueryField));
    state->template_info = static_cast<List *>(list_nth(plan->custom_private, kTemplateField));
    if (list_length(plan->custom_private) > kMergeField)
        state->merge_key_list = static_cast<List *>(list_nth(plan->custom_private, kMergeField));
    state->whole_statement = list_length(plan->custom_private) > kWholeStatementField;
    List *columns = static_cast<List *>(list_nth(plan->custom_private, kColumnsField));
    state->column_count = list_length(columns);
    if (state->column_count > 0) {
        state->column_attnos =
            static_cast<AttrNumber *>(palloc(sizeof(AttrNumber) * state->column_count));
        for (int i = 0; i < state->column_count; i++)
            state->column_attnos[i] = static_cast<AttrNumber>(intVal(list_nth(columns, i)));
    }
    return reinterpret_cast<Node *>(state);
}

// Prepares the input functions that turn the workers' text into the scan tuple's types. A scan
// of a table gives its rows the table's OID as tableoid (a worker would give its shard's).
void begin_scan(CustomScanState *node, EState *estate, int eflags)
{
    auto *state = reinterpret_cast<DistributedScanState *>(node);
    Index scanrelid = reinterpret_cast<Scan *>(node->ss.ps.plan)->scanrelid;
    if (scanrelid > 0)
        node->ss.ss_ScanTupleSlot->tts_tableOid = exec_rt_fetch(scanrelid, estate)->relid;
    TupleDesc desc = node->ss.ss_ScanTupleSlot->tts_tupleDescriptor;
    state->input_functions = static_cast<FmgrInfo *>(palloc0(sizeof(FmgrInfo) * desc->natts));
    state->input_params = static_cast<Oid *>(palloc0(sizeof(Oid) * desc->natts));
    state->typmods = static_cast<int32 *>(palloc0(sizeof(int32) * desc->natts));
    for (int i = 0; i < desc->natts; i++) {
        Form_pg_attribute attribute = TupleDescAttr(desc, i);
        if (attribute->attisdropped)
            continue;
        Oid input;
        getTypeInputInfo(attribute->atttypid, &input, &state->input_params[i]);
        fmgr_info(input, &state->input_functions[i]);
        state->typmods[i] = attribute->atttypmod;
    }
    if (state->column_count == 0) {
        // Identity mapping: result column i is scan attribute i + 1.
        state->column_count = desc->natts;
        state->column_attnos =
            static_cast<AttrNumber *>(palloc(sizeof(AttrNumber) * state->column_count));
        for (int i = 0; i < desc->natts; i++)
            state->column_attnos[i] = static_cast<AttrNumber>(i + 1);
    }
    prepare_merge_keys(state);
    open_distributed_tables(estate);
}

// The node to run `task` on: the primary of its group or, for data held in several places
// (reference tables) when that node is disabled or cannot be reached, the first reachable
// alternative that is not disabled. A disabled node is never used: a task with nowhere else to
// go fails with an error naming it (a plan cached before citus_disable_node may still point
// there).
metadata::WorkerNode *reachable_node(const Task *task)
{
    metadata::WorkerNode *node = metadata::primary_node_for_group(task->group_id);
    // Row locks are taken on the primary copy only, as writes are.
    if (task->fallback_groups == NIL || task->modifies || task->locks_rows)
        return metadata::usable_node_for_group(task->group_id);
    char *first_reason = nullptr;
    metadata::WorkerNode *candidate = node;
    ListCell *cell = list_head(task->fallback_groups);
    for (;;) {
        if (candidate->is_active) {
            NodeConnection *connection =
                start_node_connection(candidate->node_name, candidate->node_port);
            char *reason = finish_connection_or_explain(connection);
            if (reason == nullptr) {
                release_connection(connection); // the pool takes it from here
                if (candidate != node)
                    ereport(DEBUG1,
                            (errmsg("node %s:%d is unreachable or disabled, reading from %s:%d "
                                    "instead",
                                    node->node_name, node->node_port, candidate->node_name,
                                    candidate->node_port)));
                return candidate;
            }
            if (first_reason == nullptr)
                first_reason = reason;
        }
        if (cell == nullptr)
            break;
        candidate = metadata::primary_node_for_group(lfirst_int(cell));
        cell = lnext(task->fallback_groups, cell);
    }
    if (first_reason == nullptr)
        (void)metadata::usable_node_for_group(task->group_id); // every holder is disabled
    ereport(ERROR, (errcode(ERRCODE_CONNECTION_FAILURE),
                    errmsg("could not connect to node %s:%d", node->node_name, node->node_port),
                    errdetail_internal("%s", first_reason),
                    errhint("No other node holding the same data could be reached either.")));
    pg_unreachable();
}

// True if task `task` runs on the node `slot` is connected to.
bool same_node(const TaskRun &task, const TaskRun &other)
{
    return task.port == other.port && strcmp(task.host, other.host) == 0;
}

// Starts the next unstarted task of the slot's node on the slot; returns false if none is left.
bool dispatch_next(DistributedScanState *state, int slot_index, const TaskRun &node_task)
{
    Slot &slot = state->slots[slot_index];
    for (int n = 0; n < state->task_count && !slot.failed; n++) {
        int i = state->backwards ? state->task_count - 1 - n : n;
        TaskRun &task = state->tasks[i];
        if (task.started || !same_node(task, node_task))
            continue;
        if (state->failed_error != nullptr && !state->failed_late && i > state->failed_task)
            continue; // an earlier task failed: this one's outcome no longer matters
        task.started = true;
        task.start = GetCurrentTimestamp();
        slot.task = i;
        if (task.task->param_count > 0)
            send_prepared_command(slot.connection, task.sql, task.task->param_count,
                                  task.task->param_types, task.task->param_values);
        else
            send_command(slot.connection, task.sql);
        // Rows stream in as the node sends them, so a large result never sits whole in memory.
        // Not on a connection of the coordinated transaction: its results may be read ahead
        // at once (see next_row), better as one result than row by row.
        if (!task.modifies && !connection_in_transaction(slot.connection))
            stream_command_rows(slot.connection);
        return true;
    }
    slot.task = -1;
    return false;
}

// True inside a transaction block whose isolation level keeps one snapshot throughout.
bool snapshot_must_last()
{
    return XactIsoLevel >= XACT_REPEATABLE_READ && IsInTransactionBlock(true);
}

// Adds a slot for `connection` working on the node of pool `pool` and starts a task on it.
void add_slot(DistributedScanState *state, NodeConnection *connection, NodePool &pool)
{
    int index = state->slot_count++;
    state->slots[index] = {connection, pool.node_task, -1, false};
    pool.opened++;
    if (dispatch_next(state, index, state->tasks[pool.node_task]))
        pool.unstarted--;
}

// Slow start: every tessera.executor_slow_start_interval, each node with waiting tasks gets one
// more connection (within its targets and the shared per-node limit). Returns how long the
// caller may wait before growing again (-1: no growth pending).
long grow_pools(DistributedScanState *state)
{
    long wait_ms = -1;
    TimestampTz now = GetCurrentTimestamp();
    for (int p = 0; p < state->pool_count; p++) {
        NodePool &pool = state->pools[p];
        if (pool.unstarted == 0 || pool.opened >= pool.target)
            continue;
        long since = TimestampDifferenceMilliseconds(pool.last_open, now);
        if (since < tessera_executor_slow_start_interval) {
            long remaining = tessera_executor_slow_start_interval - since;
            wait_ms = wait_ms < 0 ? remaining : Min(wait_ms, remaining);
            continue;
        }
        const TaskRun &node = state->tasks[pool.node_task];
        NodeConnection *extra =
            start_node_connection(node.host, node.port, kConnectionExclusive | kConnectionOptional);
        pool.last_open = now;
        if (extra == nullptr) {
            pool.target = pool.opened; // the node's shared limit is reached
            continue;
        }
        if (finish_connection_or_explain(extra) != nullptr) {
            pool.target = pool.opened; // an extra connection failed: carry on with what we have
            continue;
        }
        add_slot(state, extra, pool);
        if (pool.unstarted > 0 && pool.opened < pool.target)
            wait_ms = wait_ms < 0 ? tessera_executor_slow_start_interval
                                  : Min(wait_ms, (long)tessera_executor_slow_start_interval);
    }
    return wait_ms;
}

// Orders shard ids for qsort.
int compare_lock_shards(const void *a, const void *b)
{
    int64 left = *static_cast<const int64 *>(a);
    int64 right = *static_cast<const int64 *>(b);
    return left < right ? -1 : left > right ? 1 : 0;
}

// Takes the coordinator write locks the tasks ask for (Task.lock_shard_ids), in shard id order,
// before any task runs: statements locking rows of several shards then queue here instead of
// locking rows on different nodes in opposite orders (a wait cycle no node sees).
void lock_task_shards(List *tasks)
{
    int total = 0;
    ListCell *cell;
    foreach (cell, tasks)
        total += static_cast<Task *>(lfirst(cell))->lock_shard_count;
    if (total == 0)
        return;
    auto *ids = static_cast<int64 *>(palloc(sizeof(int64) * total));
    int count = 0;
    foreach (cell, tasks) {
        auto *task = static_cast<Task *>(lfirst(cell));
        for (int i = 0; i < task->lock_shard_count; i++)
            ids[count++] = task->lock_shard_ids[i];
    }
    if (shard_locker == nullptr)
        elog(ERROR, "no locker for the shards of distributed tasks");
    qsort(ids, count, sizeof(int64), compare_lock_shards);
    for (int i = 0; i < count; i++)
        shard_locker(static_cast<uint64>(ids[i]));
    pfree(ids);
}

// Takes the coordinator locks of the tasks' locking reads of reference tables
// (Task.reference_locks), in task order, before any task runs; returns the tasks still to run
// (a SKIP LOCKED read whose row is locked is left out).
List *take_reference_locks(List *tasks)
{
    List *kept = NIL;
    bool skipped = false;
    ListCell *cell;
    foreach (cell, tasks) {
        auto *task = static_cast<Task *>(lfirst(cell));
        if (task->reference_locks != nullptr) {
            if (reference_locker == nullptr)
                elog(ERROR, "no locker for the reference rows of distributed tasks");
            if (!reference_locker(task->reference_locks)) {
                skipped = true;
                continue;
            }
        }
        kept = lappend(kept, task);
    }
    return skipped ? kept : tasks;
}

} // namespace

namespace distributed_scan_internal {

// Resolves the tasks to nodes (after planning deferred ones with the parameter values).
void resolve_tasks(DistributedScanState *state, bool for_explain)
{
    // A shard move may have committed since planning (see shard_cleanup.cpp): take its
    // invalidations now, even in a transaction that already holds every lock this statement
    // needs (locking then processes none), so that tasks go where their shards are now.
    AcceptInvalidationMessages();
    List *tasks = state->plan_tasks;
    if (state->source == TaskSource::kStatic)
        reroute_tasks(tasks);
    if (state->source == TaskSource::kDeferred || state->source == TaskSource::kTemplate) {
        if (deferred_task_planner == nullptr)
            elog(ERROR, "no planner for deferred distributed tasks");
        tasks = list_make1(deferred_task_planner(state->deferred_query, state->template_info,
                                                 state->css.ss.ps.state->es_param_list_info));
    }
    if (snapshot_must_last())
        check_snapshot_routes(tasks);
    if (!for_explain)
        tasks = take_reference_locks(tasks);
    state->task_count = list_length(tasks);
    state->tasks = static_cast<TaskRun *>(palloc0(sizeof(TaskRun) * (state->task_count + 1)));
    for (int i = 0; i < state->task_count; i++) {
        auto *task = static_cast<Task *>(list_nth(tasks, i));
        if (task->statement_params != NIL) {
            if (param_binder == nullptr)
                elog(ERROR, "no binder for the parameters of distributed tasks");
            task = param_binder(task, state->css.ss.ps.state->es_param_list_info);
        }
        metadata::WorkerNode *node = reachable_node(task);
        state->tasks[i].sql = task->sql;
        state->tasks[i].task = task;
        state->tasks[i].modifies = task->modifies;
        state->tasks[i].locks_rows = task->locks_rows;
        state->modifies = state->modifies || task->modifies;
        state->locks_rows = state->locks_rows || task->locks_rows;
        state->tasks[i].host = node->node_name;
        state->tasks[i].port = node->node_port;
        state->tasks[i].node_id = node->node_id;
    }
    lock_task_shards(tasks);
}

// Starts execution: one connection per node (the transaction's own where it holds uncommitted
// work there), plus idle connections already open, up to tessera.max_adaptive_executor_pool_size.
// More are opened later while tasks wait (slow start; see grow_pools).
void start_execution(DistributedScanState *state)
{
    resolve_tasks(state);
    // citus_stat_tenants: a scan of one task pinned to one tenant attributes the statement to it;
    // any other scan (several shards, reference tables only) leaves the statement unattributed.
    if (tenant_stats_enabled()) {
        const Task *only = state->task_count == 1 ? state->tasks[0].task : nullptr;
        if (only != nullptr && only->tenant_value != nullptr)
            note_scan_tenant(only->tenant_colocation_id, only->tenant_value,
                             state->tasks[0].node_id);
        else
            note_scan_tenant(0, nullptr, 0);
    }
    // Writes keep task order: shard order (the order their locks are taken in on each node), or
    // for a multi-row INSERT the order of the tasks' first rows; on error the first failed
    // task's error is reported (defer_task_error).
    state->backwards = !state->modifies && state->task_count > 1 && next_read_runs_backwards();
    state->slots = static_cast<Slot *>(palloc0(sizeof(Slot) * (state->task_count + 1)));
    state->busy_connections =
        static_cast<NodeConnection **>(palloc0(sizeof(void *) * (state->task_count + 1)));
    state->pools = static_cast<NodePool *>(palloc0(sizeof(NodePool) * (state->task_count + 1)));
    state->pool_count = 0;
    List *first_connections = NIL;
    bool commits_alone = scan_write_commits_alone(state);
    for (int i = 0; i < state->task_count; i++) {
        bool seen = false;
        for (int p = 0; p < state->pool_count && !seen; p++)
            seen = same_node(state->tasks[state->pools[p].node_task], state->tasks[i]);
        if (seen)
            continue;
        NodePool &pool = state->pools[state->pool_count++];
        pool.node_task = i;
        for (int j = i; j < state->task_count; j++)
            pool.unstarted += same_node(state->tasks[j], state->tasks[i]) ? 1 : 0;
        // Row locks join the transaction on its connection to the node, or on the first one;
        // when that connection is busy (the statement's own scan reads through it, as when a
        // foreign key check of a row the statement writes locks the referenced row), a second
        // one would hold locks its later DDL or writes there, sent through the first, could
        // wait for: the locks are then taken in the node's own statement, as before.
        bool node_joined = state->locks_rows && node_in_coordinated_transaction(
                                                    state->tasks[i].host, state->tasks[i].port);
        NodeConnection *first = start_node_connection(state->tasks[i].host, state->tasks[i].port);
        // Writes go through the one connection that holds this transaction's work on the node,
        // so that every later statement of the transaction sees them. So do the reads of a
        // REPEATABLE READ or SERIALIZABLE transaction block: the node's snapshot, taken at its
        // first statement, must last until the end as the coordinator's does.
        if (commits_alone)
            mark_commits_alone(first); // no BEGIN and COMMIT: the node's autocommit
        else if (state->modifies)
            join_coordinated_transaction(first);
        else if ((state->locks_rows && (!node_joined || connection_in_transaction(first))) ||
                 snapshot_must_last())
            // Row locks last until the transaction ends; a later write there takes this
            // connection too (and makes it a writer), so it does not wait on its own locks.
            join_coordinated_transaction_for_reads(first);
        // citus.multi_shard_modify_mode = sequential: one connection per node for reads as
        // for writes.
        pool.target = connection_in_transaction(first) ||
                              tessera_multi_shard_modify_mode == kMultiShardSequential
                          ? 1
                          : Min(pool.unstarted, Max(tessera_max_adaptive_executor_pool_size, 1));
        first_connections = lappend(first_connections, first);
    }
    wait_for_connections(first_connections);
    cap_pools_by_cores(state, first_connections);
    TimestampTz now = GetCurrentTimestamp();
    for (int p = 0; p < state->pool_count; p++) {
        NodePool &pool = state->pools[p];
        pool.last_open = now;

        add_slot(state, static_cast<NodeConnection *>(list_nth(first_connections, p)), pool);
        // Connections already open and idle cost nothing: use them at once.
        while (pool.opened < pool.target && pool.unstarted > 0) {
            NodeConnection *idle = start_node_connection(
                state->tasks[pool.node_task].host, state->tasks[pool.node_task].port,
                kConnectionExclusive | kConnectionIdleOnly);
            if (idle == nullptr)
                break;
            add_slot(state, idle, pool);
        }
    }
    state->started = true;
}

// Waits for the next result that carries rows; dispatches further tasks as slots free up.
// Returns nullptr when every task has finished.
PGresult *read_next_result(DistributedScanState *state)
{
    bool waited = false;
    for (;;) {
        // One pass over the running tasks; every system call here counts on the router path,
        // so sockets are read only after a wait said they have data.
        bool progressed = false;
        for (int s = 0; s < state->slot_count; s++) {
            Slot &slot = state->slots[s];
            if (slot.task < 0)
                continue;
            if (!(waited ? connection_result_ready(slot.connection)
                         : connection_result_buffered(slot.connection)))
                continue;
            progressed = true;
            PGresult *result = get_command_result(slot.connection);
            if (result == nullptr) {
                TaskRun &task = state->tasks[slot.task];
                end_autocommit_write(slot.connection, false);
                task.done = true;
                task.elapsed_ms =
                    TimestampDifferenceMilliseconds(task.start, GetCurrentTimestamp());
                for (int p = 0; p < state->pool_count; p++)
                    if (state->pools[p].node_task == slot.node_task &&
                        dispatch_next(state, s, state->tasks[slot.node_task]))
                        state->pools[p].unstarted--;
                continue;
            }
            ExecStatusType status = PQresultStatus(result);
            if (state->tasks[slot.task].modifies &&
                (status == PGRES_TUPLES_OK || status == PGRES_COMMAND_OK)) {
                const char *affected = PQcmdTuples(result);
                if (affected[0] != '\0')
                    state->css.ss.ps.state->es_processed += strtoull(affected, nullptr, 10);
            }
            if (status == PGRES_TUPLES_OK || status == PGRES_SINGLE_TUPLE) {
                autocommit_write_answered(slot.connection); // RETURNING rows of a committing write
                state->current_slot = s;
                return result;
            }
            if (status != PGRES_COMMAND_OK) {
                if (!defer_task_error(state, slot, result)) {
                    end_autocommit_write(slot.connection, true);
                    raise_remote_error(slot.connection, result);
                }
                continue; // the task's end (nullptr) follows
            }
            PQclear(result);
        }
        raise_deferred_error_when_settled(state, false);
        int count = 0;
        for (int s = 0; s < state->slot_count; s++)
            if (state->slots[s].task >= 0)
                state->busy_connections[count++] = state->slots[s].connection;
        if (count == 0) {
            raise_deferred_error_when_settled(state, true);
            return nullptr; // every task finished
        }
        if (progressed)
            continue; // look again before sleeping: more may be ready
        long grow_in = grow_pools(state);
        wait_for_any_result(state->busy_connections, count, grow_in);
        waited = true;
    }
}

// read_next_result, with the notices the nodes raise meanwhile (a RAISE NOTICE of a function or
// trigger running for the statement) reported to the client. If reading fails, the abort of
// the (sub)transaction turns the forwarding off.
PGresult *next_result(DistributedScanState *state)
{
    forward_worker_notices(true);
    PGresult *result = read_next_result(state);
    forward_worker_notices(false);
    emit_worker_notices();
    return result;
}

// Fills the scan slot from row `row` of `result`.
TupleTableSlot *store_row(DistributedScanState *state, PGresult *result, int row)
{
    TupleTableSlot *slot = state->css.ss.ss_ScanTupleSlot;
    ExecClearTuple(slot);
    int natts = slot->tts_tupleDescriptor->natts;
    for (int i = 0; i < natts; i++) {
        slot->tts_values[i] = (Datum)0;
        slot->tts_isnull[i] = true;
    }
    int fields = Min(PQnfields(result), state->column_count);
    MemoryContext old =
        MemoryContextSwitchTo(state->css.ss.ps.ps_ExprContext->ecxt_per_tuple_memory);
    for (int column = 0; column < fields; column++) {
        int attribute = state->column_attnos[column] - 1;
        if (attribute < 0 || attribute >= natts)
            continue;
        if (PQgetisnull(result, row, column))
            continue;
        slot->tts_values[attribute] =
            InputFunctionCall(&state->input_functions[attribute], PQgetvalue(result, row, column),
                              state->input_params[attribute], state->typmods[attribute]);
        slot->tts_isnull[attribute] = false;
    }
    MemoryContextSwitchTo(old);
    return ExecStoreVirtualTuple(slot);
}

// Ends the running tasks and hands the scan's connections back.
void end_scan(CustomScanState *node)
{
    auto *state = reinterpret_cast<DistributedScanState *>(node);
    if (state->current != nullptr)
        PQclear(state->current);
    state->current = nullptr;
    ListCell *cell;
    foreach (cell, state->fetched)
        PQclear(static_cast<PGresult *>(lfirst(cell)));
    list_free(state->fetched);
    state->fetched = NIL;
    list_free(state->fetched_tasks);
    state->fetched_tasks = NIL;
    list_free(state->fetched_results);
    state->fetched_results = NIL;
    // Drain tasks a LIMIT left unread, so the connections are clean for the next statement.
    for (int s = 0; s < state->slot_count; s++) {
        Slot &slot = state->slots[s];
        if (slot.task < 0)
            continue;
        PGresult *result;
        while ((result = get_command_result_all(slot.connection)) != nullptr)
            PQclear(result);
        slot.task = -1;
    }
    // Hand the connections back: a rescan or the next statement may use them again.
    for (int s = 0; s < state->slot_count; s++)
        release_connection(state->slots[s].connection);
    state->slot_count = 0;
}

} // namespace distributed_scan_internal

namespace {

// True if the scan runs its tasks over a connection in the coordinated transaction.
bool holds_transaction_connection(DistributedScanState *state)
{
    for (int s = 0; s < state->slot_count; s++)
        if (connection_in_transaction(state->slots[s].connection))
            return true;
    return false;
}

TupleTableSlot *next_task_row(ScanState *node);

// ExecScan access method: the next row, replayed from the rows of earlier passes (after a
// rescan) or from any task.
TupleTableSlot *next_row(ScanState *node)
{
    auto *state = reinterpret_cast<DistributedScanState *>(node);
    if (state->merge_key_count > 0)
        return next_merged_row(state);
    if (state->rows == nullptr)
        return next_task_row(node);
    TupleTableSlot *slot = state->css.ss.ss_ScanTupleSlot;
    if (!tuplestore_ateof(state->rows) &&
        tuplestore_gettupleslot(state->rows, true, false, state->replay_slot))
        return ExecCopySlot(slot, state->replay_slot);
    if (state->rows_complete)
        return ExecClearTuple(slot);
    TupleTableSlot *row = next_task_row(node);
    if (TupIsNull(row))
        state->rows_complete = true;
    else
        tuplestore_puttupleslot(state->rows, row); // the read pointer stays at the end
    return row;
}

// The next row from any task.
TupleTableSlot *next_task_row(ScanState *node)
{
    auto *state = reinterpret_cast<DistributedScanState *>(node);
    for (;;) {
        if (state->current != nullptr) {
            if (state->current_row < PQntuples(state->current))
                return store_row(state, state->current, state->current_row++);
            PQclear(state->current);
            state->current = nullptr;
        }
        if (!state->started) {
            start_execution(state);
            // A connection holding this transaction's work on a node is the only one that sees
            // it, and the next scan of the statement may need it: read every result at once so
            // it is free again (a semi-join's other scan, say).
            if (holds_transaction_connection(state)) {
                PGresult *result;
                while ((result = next_result(state)) != nullptr) {
                    state->fetched = lappend(state->fetched, result);
                    int task = state->slots[state->current_slot].task;
                    state->fetched_tasks = lappend_int(state->fetched_tasks, task);
                    state->fetched_results =
                        lappend_int(state->fetched_results, state->tasks[task].results++);
                }
            }
        }
        if (state->fetched != NIL) {
            state->current = static_cast<PGresult *>(linitial(state->fetched));
            state->current_task = linitial_int(state->fetched_tasks);
            state->current_result = linitial_int(state->fetched_results);
            state->fetched = list_delete_first(state->fetched);
            state->fetched_tasks = list_delete_first(state->fetched_tasks);
            state->fetched_results = list_delete_first(state->fetched_results);
        } else {
            state->current = next_result(state);
            if (state->current != nullptr) {
                state->current_task = state->slots[state->current_slot].task;
                state->current_result = state->tasks[state->current_task].results++;
            }
        }
        state->current_row = 0;
        if (state->current == nullptr)
            return ExecClearTuple(node->ss_ScanTupleSlot);
    }
}

bool recheck_row(ScanState *, TupleTableSlot *)
{
    return true;
}

TupleTableSlot *exec_scan(CustomScanState *node)
{
    return ExecScan(&node->ss, next_row, recheck_row);
}

// Starts the (empty) store that keeps the scan's rows for replaying them: next_row reads it
// first and adds to it the rows it reads from the tasks until they are complete.
void begin_replay_store(DistributedScanState *state)
{
    MemoryContext old = MemoryContextSwitchTo(state->css.ss.ps.state->es_query_cxt);
    state->rows = tuplestore_begin_heap(false, false, work_mem);
    state->rows_complete = false;
    state->replay_slot = MakeSingleTupleTableSlot(
        state->css.ss.ss_ScanTupleSlot->tts_tupleDescriptor, &TTSOpsMinimalTuple);
    MemoryContextSwitchTo(old);
}

// ReScanCustomScan: replays the rows read so far (then reads on), or, on the first rescan, runs
// the tasks again keeping their rows for later rescans. Scans that write run again each time.
void rescan(CustomScanState *node)
{
    auto *state = reinterpret_cast<DistributedScanState *>(node);
    if (state->merge_key_count > 0) {
        rescan_merge(state);
        return;
    }
    if (state->rows != nullptr) {
        tuplestore_rescan(state->rows);
        return;
    }
    end_scan(node);
    state->started = false;
    if (state->modifies)
        return;
    begin_replay_store(state);
}

// EndCustomScan: ends the tasks and frees the kept rows.
void finish_scan(CustomScanState *node)
{
    auto *state = reinterpret_cast<DistributedScanState *>(node);
    end_scan(node);
    end_merge(state);
    if (state->rows != nullptr) {
        tuplestore_end(state->rows);
        ExecDropSingleTupleTableSlot(state->replay_slot);
        state->rows = nullptr;
        state->replay_slot = nullptr;
    }
}
} // namespace

bool is_distributed_scan(const PlanState *plan)
{
    return plan != nullptr && IsA(plan, CustomScanState) &&
           reinterpret_cast<const CustomScanState *>(plan)->methods == &exec_methods;
}

void read_scan_ahead(PlanState *scan)
{
    auto *state = reinterpret_cast<DistributedScanState *>(scan);
    if (state->started || state->rows != nullptr || state->merge_loaded)
        return;
    if (state->deferred_query != nullptr && state->deferred_query->rowMarks != NIL)
        return;
    if (state->source != TaskSource::kDeferred && state->source != TaskSource::kTemplate) {
        ListCell *cell;
        foreach (cell, state->plan_tasks) {
            auto *task = static_cast<Task *>(lfirst(cell));
            if (task->modifies || task->locks_rows)
                return;
        }
    }
    if (state->merge_key_count > 0) {
        load_merge_rows(state);
        return;
    }
    // The store rescan() replays from: next_row reads it first, and it is complete.
    begin_replay_store(state);
    for (;;) {
        TupleTableSlot *row = next_task_row(&state->css.ss);
        if (TupIsNull(row))
            break;
        tuplestore_puttupleslot(state->rows, row);
        ResetExprContext(state->css.ss.ps.ps_ExprContext);
        CHECK_FOR_INTERRUPTS();
    }
    state->rows_complete = true;
    end_scan(&state->css); // every task is done: hand the connections back
    tuplestore_rescan(state->rows);
}

int distributed_scan_row_task(PlanState *scan)
{
    auto *state = reinterpret_cast<DistributedScanState *>(scan);
    if (state->merge_key_count > 0 || state->rows != nullptr || state->current == nullptr)
        return -1;
    return state->current_task;
}

int distributed_scan_row_statement(PlanState *scan)
{
    auto *state = reinterpret_cast<DistributedScanState *>(scan);
    if (state->merge_key_count > 0 || state->rows != nullptr || state->current == nullptr)
        return -1;
    return state->current_result;
}

void set_shard_locker(ShardLocker locker)
{
    shard_locker = locker;
}

void set_reference_locker(ReferenceLocker locker)
{
    reference_locker = locker;
}

void set_deferred_task_planner(DeferredTaskPlanner planner)
{
    deferred_task_planner = planner;
}

void set_param_binder(ParamBinder binder)
{
    param_binder = binder;
}

void register_distributed_scan()
{
    scan_methods.CustomName = "Tessera Adaptive";
    scan_methods.CreateCustomScanState = create_scan_state;
    exec_methods.CustomName = "Tessera Adaptive";
    exec_methods.BeginCustomScan = begin_scan;
    exec_methods.ExecCustomScan = exec_scan;
    exec_methods.EndCustomScan = finish_scan;
    exec_methods.ReScanCustomScan = rescan;
    exec_methods.ExplainCustomScan = explain_scan;
    RegisterCustomScanMethods(&scan_methods);
}

} // namespace tessera::executor
