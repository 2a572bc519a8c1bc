// Autocommit single-shard writes (see autocommit_write.h): when such a write may commit on its
// node by itself, and the coordinator's side of it (cancels arriving while the node runs it).
#include "tessera/executor/autocommit_write.h"

#include "tessera/executor/connection_internal.h"
#include "tessera/executor/distributed_scan_internal.h"
#include "tessera/settings.h"

extern "C" {
#include "access/xact.h"
#include "executor/executor.h"
#include "mb/pg_wchar.h"
#include "miscadmin.h"
#include "tcop/dest.h"
#include "tcop/pquery.h"
#include "tcop/tcopprot.h"
#include "utils/guc.h"
#include "utils/portal.h"

// From libpq/libpq.h, whose headers need GSSAPI's.
extern bool pq_buffer_has_data(void);
extern void pq_startmsgread(void);
extern void pq_endmsgread(void);
extern int pq_peekbyte(void);
}

namespace tessera::executor {

namespace {

ExecutorRun_hook_type previous_executor_run = nullptr;
ExecutorFinish_hook_type previous_executor_finish = nullptr;

// Executors running (ExecutorRun / ExecutorFinish) and utility statements running, nested in
// each other: a statement of the client runs at executor depth 1 and utility depth 0; one run by
// a function, a trigger, DO, CALL or EXPLAIN ANALYZE deeper.
int executor_depth = 0;
int utility_depth = 0;

// QueryCancelHoldoffCount just after the cancel hold of a write its node committed by itself
// (hold_cancels_after_node_commit), 0 when none is held.
uint32 cancel_hold_level = 0;

// ExecutorRun hook: counts the depth.
void depth_executor_run(QueryDesc *query_desc, ScanDirection direction, uint64 count,
                        bool execute_once)
{
    executor_depth++;
    PG_TRY();
    {
        if (previous_executor_run != nullptr)
            previous_executor_run(query_desc, direction, count, execute_once);
        else
            standard_ExecutorRun(query_desc, direction, count, execute_once);
    }
    PG_FINALLY();
    {
        executor_depth--;
    }
    PG_END_TRY();
}

// ExecutorFinish hook: counts the depth (AFTER triggers run here).
void depth_executor_finish(QueryDesc *query_desc)
{
    executor_depth++;
    PG_TRY();
    {
        if (previous_executor_finish != nullptr)
            previous_executor_finish(query_desc);
        else
            standard_ExecutorFinish(query_desc);
    }
    PG_FINALLY();
    {
        executor_depth--;
    }
    PG_END_TRY();
}

// Whether the client's next message, already received, is Sync: the end of the extended-query
// pipeline the running Execute belongs to, so the implicit transaction commits right after it.
// False when nothing more has arrived yet (the client may still send more statements for the
// same transaction, as a JDBC batch does). Reads nothing: the byte stays for the main loop.
bool sync_follows()
{
    if (whereToSendOutput != DestRemote || !pq_buffer_has_data())
        return false;
    pq_startmsgread();
    int next = pq_peekbyte();
    pq_endmsgread();
    return next == 'S';
}

// Whether the statement being executed is the client's whole transaction: the only statement of
// a simple Query message outside a transaction block, or an Execute message followed by Sync.
// `statement` must be the portal's only statement (not one a function, rule or EXPLAIN runs).
bool statement_is_whole_transaction(const PlannedStmt *statement)
{
    Portal portal = ActivePortal;
    if (portal == nullptr || list_length(portal->stmts) != 1 ||
        linitial(portal->stmts) != statement)
        return false;
    // The simple Query message runs its statements in the unnamed portal, hidden from
    // pg_cursors (Bind's portals and cursors are visible; EXECUTE's hidden portals are named).
    if (!portal->visible)
        return portal->name[0] == '\0';
    return sync_follows();
}

// Whether some connection is in the coordinated transaction (it has remote work).
bool remote_work_open()
{
    ListCell *cell;
    foreach (cell, all_node_connections()) {
        auto *connection = static_cast<NodeConnection *>(lfirst(cell));
        if (connection->xact_state != RemoteXactState::kNone)
            return true;
    }
    return false;
}

// Whether sending the statement's RETURNING rows to the client cannot fail on the coordinator
// once the node has committed them: no encoding conversion (which a character the client's
// encoding lacks fails) and no temp_file_limit (rows beyond work_mem spill to a temporary file,
// which the limit fails). PostgreSQL would roll such a statement back.
bool returning_output_cannot_fail()
{
    if (temp_file_limit >= 0)
        return false;
    return pg_get_client_encoding() == GetDatabaseEncoding() ||
           GetDatabaseEncoding() == PG_SQL_ASCII;
}

// Holds cancels (statement_timeout, a user's cancel) for the rest of the transaction once the
// node has answered a write committing by itself: the write is committed there, and an error
// now would report a failure for it, where PostgreSQL either rolls back or, once it commits,
// ignores the cancel. The transaction's end drops such a cancel (release_cancel_hold).
void hold_cancels_after_node_commit()
{
    if (cancel_hold_level != 0)
        return;
    HOLD_CANCEL_INTERRUPTS();
    cancel_hold_level = QueryCancelHoldoffCount;
}

// Ends the hold of hold_cancels_after_node_commit; `drop_pending`: forget a cancel that arrived
// meanwhile. An error resets the holdoff count by itself (errfinish), hence the level check.
void release_cancel_hold(bool drop_pending)
{
    if (cancel_hold_level == 0)
        return;
    if (QueryCancelHoldoffCount >= cancel_hold_level)
        RESUME_CANCEL_INTERRUPTS();
    cancel_hold_level = 0;
    if (drop_pending)
        QueryCancelPending = false;
}

// Transaction callback: the transaction ended, so does the cancel hold of a committed write.
void end_cancel_hold(XactEvent event, void *)
{
    if (event == XACT_EVENT_COMMIT || event == XACT_EVENT_ABORT ||
        event == XACT_EVENT_PARALLEL_COMMIT || event == XACT_EVENT_PARALLEL_ABORT ||
        event == XACT_EVENT_PREPARE)
        release_cancel_hold(true);
}

// Whether the statement that `scan` (the Tessera scan of a write with one task on one shard
// placement; `whole_statement`: all the work of the top plan node, else the top plan node
// itself) belongs to may commit on its node by itself: the top-level statement of an autocommit
// transaction of the client (nothing before it in the transaction wrote, nothing after it in the
// client's message can still roll it back), at READ COMMITTED, planned as the scan alone (no
// coordinator projection, filter, subplan or modifying CTE), with no remote transaction open.
bool statement_may_commit_alone(PlanState *scan, bool whole_statement)
{
    if (!tessera_enable_single_shard_autocommit)
        return false;
    // Autocommit at READ COMMITTED (the nodes' sessions default to it), nothing written yet.
    if (IsTransactionBlock() || IsSubTransaction() || XactIsoLevel != XACT_READ_COMMITTED ||
        GetTopTransactionIdIfAny() != InvalidTransactionId || remote_work_open())
        return false;
    if (executor_depth != 1 || utility_depth != 0)
        return false;
    const PlannedStmt *statement = scan->state->es_plannedstmt;
    if (statement == nullptr || (statement->planTree != scan->plan && !whole_statement) ||
        (statement->commandType != CMD_INSERT && statement->commandType != CMD_UPDATE &&
         statement->commandType != CMD_DELETE) ||
        statement->hasModifyingCTE || statement->subplans != NIL || statement->rowMarks != NIL)
        return false;
    const Plan *top = statement->planTree;
    if (top->qual != NIL || top->initPlan != NIL || scan->plan->qual != NIL)
        return false;
    // RETURNING: the node's columns as they are, nothing computed on the coordinator after the
    // node has committed, and sent to the client without a conversion or limit that can fail.
    if (statement->hasReturning && !returning_output_cannot_fail())
        return false;
    ListCell *cell;
    foreach (cell, top->targetlist) {
        auto *entry = static_cast<TargetEntry *>(lfirst(cell));
        if (!IsA(entry->expr, Var))
            return false;
    }
    return statement_is_whole_transaction(statement);
}

} // namespace

bool scan_write_commits_alone(distributed_scan_internal::DistributedScanState *state)
{
    if (!state->modifies || state->locks_rows || state->task_count != 1)
        return false;
    // One placement of a hash-distributed shard (route_shard_id is 0 for reference tables and
    // replicated shards), no coordinator locks.
    const Task *task = state->tasks[0].task;
    if (task->route_shard_id == 0 || task->lock_shard_count > 0 ||
        task->reference_locks != nullptr || task->fallback_groups != NIL)
        return false;
    return statement_may_commit_alone(&state->css.ss.ps, state->whole_statement);
}

void mark_commits_alone(NodeConnection *connection)
{
    connection->commits_alone = true;
}

void check_interrupts_for(NodeConnection *connection)
{
    if (connection == nullptr || !connection->autocommit_in_flight || !connection->busy ||
        !QueryCancelPending || ProcDiePending) {
        CHECK_FOR_INTERRUPTS();
        return;
    }
    // Sent on once; a node that does not take it (hung) leaves the cancel to be raised now,
    // even when the node's rows had come (its commit outcome is then unknown).
    if (!connection->cancel_forwarded) {
        if (!cancel_running_command(connection)) {
            release_cancel_hold(false);
            CHECK_FOR_INTERRUPTS();
            return;
        }
        connection->cancel_forwarded = true;
    }
    // Other interrupts are served; the cancel stays pending.
    HOLD_CANCEL_INTERRUPTS();
    CHECK_FOR_INTERRUPTS();
    RESUME_CANCEL_INTERRUPTS();
}

void autocommit_write_answered(NodeConnection *connection)
{
    if (connection != nullptr && connection->autocommit_in_flight)
        hold_cancels_after_node_commit();
}

void end_autocommit_write(NodeConnection *connection, bool failed)
{
    if (!connection->autocommit_in_flight)
        return;
    if (!failed)
        hold_cancels_after_node_commit();
    bool forwarded = connection->cancel_forwarded;
    connection->autocommit_in_flight = false;
    connection->cancel_forwarded = false;
    if (!forwarded)
        return;
    if (failed)
        CHECK_FOR_INTERRUPTS(); // the node rolled back: the coordinator's own cancel error
    else
        QueryCancelPending = false; // committed there before the cancel arrived
}

void enter_utility_statement()
{
    utility_depth++;
}

void leave_utility_statement()
{
    utility_depth--;
}

void install_autocommit_write_tracking()
{
    previous_executor_run = ExecutorRun_hook;
    ExecutorRun_hook = depth_executor_run;
    previous_executor_finish = ExecutorFinish_hook;
    ExecutorFinish_hook = depth_executor_finish;
    RegisterXactCallback(end_cancel_hold, nullptr);
}

} // namespace tessera::executor
