// What a write that fails on several tasks reports: the error of the failed task with the
// lowest index, kept until the tasks before it have finished (distributed_scan_internal.h).
#include "tessera/executor/distributed_scan_internal.h"

#include "tessera/executor/connection.h"
#include "tessera/executor/worker_messages.h"

extern "C" {
#include "utils/elog.h"
#include "utils/memutils.h"
}

namespace tessera::executor::distributed_scan_internal {

// Keeps the error of task `task_index` of a multi-task write instead of raising it at once
// (false: raise it now). The error reported for such a write is that of the failed task with
// the lowest index, as if the tasks had run one after another: a multi-row INSERT's tasks are in
// the order of their first rows (routed_row_tasks), other writes' in shard order. Which task
// answers first no longer decides. The error is captured as PostgreSQL's ErrorData (the
// PGresult is freed) so that no libpq memory is held if something else fails meanwhile.
// A foreign key violation comes last: PostgreSQL checks foreign keys after all rows, so any other
// error of any row wins over it; while one is kept, the other nodes' tasks all run.
bool defer_task_error(DistributedScanState *state, Slot &slot, PGresult *result)
{
    if (!state->modifies || state->task_count < 2 || PQresultStatus(result) != PGRES_FATAL_ERROR)
        return false;
    slot.failed = true; // nothing more can run in the node's transaction
    int task_index = slot.task;
    const char *sqlstate = PQresultErrorField(result, PG_DIAG_SQLSTATE);
    bool late = sqlstate != nullptr && strcmp(sqlstate, "23503") == 0;
    bool better = state->failed_error == nullptr || (state->failed_late && !late) ||
                  (late == state->failed_late && task_index < state->failed_task);
    if (!better) {
        PQclear(result);
        return true;
    }
    NodeConnection *connection = slot.connection;
    MemoryContext old = CurrentMemoryContext;
    ErrorData *error = nullptr;
    PG_TRY();
    {
        raise_remote_error(connection, result); // frees `result`
    }
    PG_CATCH();
    {
        MemoryContextSwitchTo(state->css.ss.ps.state->es_query_cxt);
        error = CopyErrorData();
        FlushErrorState();
    }
    PG_END_TRY();
    MemoryContextSwitchTo(old);
    if (state->failed_error != nullptr)
        FreeErrorData(state->failed_error);
    state->failed_error = error;
    state->failed_task = task_index;
    state->failed_late = late;
    return true;
}

// Raises the kept error of a multi-task write once no task before the failed one (nor the
// failed one itself) is still running or waiting to start (a foreign key violation: once no task
// runs any more); with `now`, at once (nothing runs any more).
void raise_deferred_error_when_settled(DistributedScanState *state, bool now)
{
    if (state->failed_error == nullptr || (state->failed_late && !now))
        return;
    for (int i = 0; i <= state->failed_task && !now; i++)
        if (!state->tasks[i].done)
            return;
    emit_worker_notices();
    ErrorData *error = state->failed_error;
    state->failed_error = nullptr;
    ReThrowError(error);
}

} // namespace tessera::executor::distributed_scan_internal
