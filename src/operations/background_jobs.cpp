// Background jobs: citus_rebalance_start and the job runner that carries out its moves (see
// background_jobs.h). PostgreSQL-style code: SQL functions, a transaction callback and a
// background worker entry point; nothing here holds a C++ object with a destructor.
#include "tessera/operations/background_jobs.h"

#include "tessera/metadata/nodes.h"
#include "tessera/operations/shard_move.h"
#include "tessera/pg/background_worker.h"
#include "tessera/pg/guard.h"

extern "C" {
#include "access/xact.h"
#include "catalog/pg_authid_d.h"
#include "catalog/pg_type_d.h"
#include "commands/extension.h"
#include "executor/spi.h"
#include "lib/stringinfo.h"
#include "miscadmin.h"
#include "pgstat.h"
#include "postmaster/bgworker.h"
#include "storage/ipc.h"
#include "storage/latch.h"
#include "storage/lock.h"
#include "tcop/tcopprot.h"
#include "utils/builtins.h"
#include "utils/memutils.h"
#include "utils/snapmgr.h"
#include "utils/wait_event.h"

PGDLLEXPORT void tessera_job_runner_main(Datum argument);
}

namespace tessera::operations {

namespace {

// First key of the session advisory lock a runner holds on its job (the second is the job id
// modulo 2^31): "tess" in ASCII.
constexpr int32 kJobLockClass = 0x74657373;

// What a job runner needs to know, passed in bgw_extra.
struct JobRunnerArgs {
    Oid database;
    Oid owner;
    int64 job_id;
};

// Jobs scheduled by the current transaction: their runners start once it commits.
List *jobs_to_start = NIL;
bool callback_registered = false;

// Registers a dynamic background worker that runs job `job_id` of `database` as `owner`. Does not
// wait for it, unless `handle` is given: it then receives the worker's handle (the worker
// notifies this backend of its start and exit). Returns false if no background worker slot was
// free.
bool launch_job_runner(Oid database, Oid owner, int64 job_id,
                       BackgroundWorkerHandle **handle = nullptr)
{
    char name[BGW_MAXLEN];
    snprintf(name, sizeof(name), "tessera job runner for job " INT64_FORMAT, job_id);
    BackgroundWorker worker;
    pg::fill_tessera_worker(&worker, "tessera_job_runner_main", "tessera job runner", name);
    JobRunnerArgs args = {database, owner, job_id};
    static_assert(sizeof(args) <= BGW_EXTRALEN, "job runner arguments must fit in bgw_extra");
    memcpy(worker.bgw_extra, &args, sizeof(args));
    worker.bgw_notify_pid = handle != nullptr ? MyProcPid : 0;
    BackgroundWorkerHandle *registered = nullptr;
    if (!RegisterDynamicBackgroundWorker(&worker, &registered))
        return false;
    if (handle != nullptr)
        *handle = registered;
    else if (registered != nullptr)
        pfree(registered);
    return true;
}

// After commit, starts a runner for every job the transaction scheduled; after an abort there are
// no such jobs. A runner that cannot start now is started by the next maintenance pass.
void on_transaction_end(XactEvent event, void *)
{
    if (event != XACT_EVENT_COMMIT && event != XACT_EVENT_ABORT && event != XACT_EVENT_PREPARE &&
        event != XACT_EVENT_PARALLEL_COMMIT && event != XACT_EVENT_PARALLEL_ABORT)
        return;
    if (event == XACT_EVENT_COMMIT) {
        ListCell *cell;
        foreach (cell, jobs_to_start) {
            int64 job_id = *static_cast<int64 *>(lfirst(cell));
            if (!launch_job_runner(MyDatabaseId, GetUserId(), job_id))
                ereport(
                    WARNING,
                    (errmsg("could not start the runner of background job " INT64_FORMAT, job_id),
                     errdetail("All background worker slots are in use."),
                     errhint("The maintenance worker starts it at its next run; raise "
                             "max_worker_processes to avoid the wait.")));
        }
    }
    list_free_deep(jobs_to_start);
    jobs_to_start = NIL;
}

// Runs `sql` through SPI (connected by the caller) with int8 parameters; raises unless it
// returns `expected`.
void run_sql(const char *sql, int expected, int nargs = 0, int64 arg1 = 0, int64 arg2 = 0)
{
    Oid types[2] = {INT8OID, INT8OID};
    Datum values[2] = {Int64GetDatum(arg1), Int64GetDatum(arg2)};
    int rc = SPI_execute_with_args(sql, nargs, types, values, nullptr, false, 0);
    if (rc != expected)
        elog(ERROR, "background job bookkeeping failed (SPI result %d): %s", rc, sql);
}

// The text of column `column` of row `row` of the last SPI result, or nullptr if NULL.
char *spi_text(int row, int column)
{
    return SPI_getvalue(SPI_tuptable->vals[row], SPI_tuptable->tupdesc, column);
}

// Starts a transaction with a snapshot and an SPI connection.
void begin_bookkeeping()
{
    SetCurrentStatementStartTimestamp();
    StartTransactionCommand();
    PushActiveSnapshot(GetTransactionSnapshot());
    if (SPI_connect() != SPI_OK_CONNECT)
        elog(ERROR, "SPI_connect failed");
}

// Ends what begin_bookkeeping started, committing.
void end_bookkeeping()
{
    SPI_finish();
    PopActiveSnapshot();
    CommitTransactionCommand();
}

// Ends job `job_id`: state `state` ('finished', 'failed' or 'cancelled'), its tasks that never
// ran `leftover_status`. Within a bookkeeping transaction.
void end_job(int64 job_id, const char *state, const char *leftover_status)
{
    run_sql(psprintf("UPDATE pg_catalog.pg_dist_background_task SET status = '%s' "
                     "WHERE job_id = $1 AND status IN ('blocked', 'runnable')",
                     leftover_status),
            SPI_OK_UPDATE, 1, job_id);
    run_sql(psprintf("UPDATE pg_catalog.pg_dist_background_job SET state = '%s', "
                     "started_at = coalesce(started_at, now()), finished_at = now() "
                     "WHERE job_id = $1",
                     state),
            SPI_OK_UPDATE, 1, job_id);
}

// Whether job `state` is one a live runner would be in the middle of.
bool runner_state(const char *state)
{
    return strcmp(state, "running") == 0 || strcmp(state, "cancelling") == 0 ||
           strcmp(state, "failing") == 0;
}

// Ends job `job_id`, found in `state` (a runner_state) with nobody holding its runner lock: its
// runner is gone (a crash, a restart, a terminated runner). The job ends failed, or cancelled if
// a cancel was under way, and its interrupted task is marked with an error. With SPI connected.
void end_orphaned_job(int64 job_id, const char *state)
{
    bool cancelling = strcmp(state, "cancelling") == 0;
    run_sql("UPDATE pg_catalog.pg_dist_background_task SET pid = NULL, "
            "status = 'error', message = 'the job''s runner stopped while this task "
            "ran (the coordinator restarted or the runner was terminated); its move "
            "was rolled back unless it had started to commit' "
            "WHERE job_id = $1 AND status IN ('running', 'cancelling')",
            SPI_OK_UPDATE, 1, job_id);
    end_job(job_id, cancelling ? "cancelled" : "failed", cancelling ? "cancelled" : "unscheduled");
    ereport(LOG, (errmsg("background job " INT64_FORMAT " lost its runner and is now %s", job_id,
                         cancelling ? "cancelled" : "failed")));
}

// Whether the runner lock of job `job_id` is free (nobody runs the job): takes it without waiting
// and releases it at once, as pg_try_advisory_lock(int4, int4) and pg_advisory_unlock would (the
// runner takes it with the former), without SPI.
bool runner_lock_free(int64 job_id)
{
    LOCKTAG tag;
    SET_LOCKTAG_ADVISORY(tag, MyDatabaseId, static_cast<uint32>(kJobLockClass),
                         static_cast<uint32>(job_id % 2147483648), 2);
    if (LockAcquire(&tag, ExclusiveLock, true, true) == LOCKACQUIRE_NOT_AVAIL)
        return false;
    LockRelease(&tag, ExclusiveLock, true);
    return true;
}

// Takes the job's runner lock (for the rest of the runner's life) and checks the job can run: it
// must be scheduled; one found in a runner_state lost its previous runner and is ended here.
// Returns whether to run the job.
bool claim_job(int64 job_id)
{
    bool run = false;
    begin_bookkeeping();
    if (OidIsValid(get_extension_oid("tessera", true))) {
        run_sql("SELECT pg_catalog.pg_try_advisory_lock($1::int4, ($2 % 2147483648)::int4)",
                SPI_OK_SELECT, 2, kJobLockClass, job_id);
        if (strcmp(spi_text(0, 1), "t") == 0) {
            run_sql("SELECT state FROM pg_catalog.pg_dist_background_job WHERE job_id = $1 "
                    "FOR UPDATE",
                    SPI_OK_SELECT, 1, job_id);
            const char *state = SPI_processed == 1 ? spi_text(0, 1) : "finished";
            if (strcmp(state, "scheduled") == 0)
                run = true;
            else if (runner_state(state))
                end_orphaned_job(job_id, state);
        }
    }
    end_bookkeeping();
    return run;
}

// Picks the job's next task and marks it running; ends the job when it was cancelled or has no
// task left. Returns the task's command (allocated in `into`) and id, or nullptr when the job is
// over.
char *next_task(int64 job_id, MemoryContext into, int64 *task_id)
{
    char *command = nullptr;
    begin_bookkeeping();
    run_sql("SELECT state FROM pg_catalog.pg_dist_background_job WHERE job_id = $1 FOR UPDATE",
            SPI_OK_SELECT, 1, job_id);
    const char *state = SPI_processed == 1 ? spi_text(0, 1) : "finished";
    if (strcmp(state, "cancelling") == 0) {
        end_job(job_id, "cancelled", "cancelled");
    } else if (strcmp(state, "scheduled") == 0 || strcmp(state, "running") == 0) {
        run_sql("SELECT task_id, command FROM pg_catalog.pg_dist_background_task "
                "WHERE job_id = $1 AND status = 'runnable' ORDER BY task_id LIMIT 1",
                SPI_OK_SELECT, 1, job_id);
        if (SPI_processed == 0) {
            end_job(job_id, "finished", "unscheduled");
        } else {
            *task_id = pg_strtoint64(spi_text(0, 1));
            command = MemoryContextStrdup(into, spi_text(0, 2));
            run_sql(psprintf("UPDATE pg_catalog.pg_dist_background_task SET status = 'running', "
                             "pid = %d WHERE task_id = $1",
                             MyProcPid),
                    SPI_OK_UPDATE, 1, *task_id);
            run_sql("UPDATE pg_catalog.pg_dist_background_job SET state = 'running', "
                    "started_at = coalesce(started_at, now()) WHERE job_id = $1",
                    SPI_OK_UPDATE, 1, job_id);
        }
    }
    end_bookkeeping();
    return command;
}

// Runs one task's command in its own transaction. Returns nullptr on success, else the error
// (allocated in `into`), the transaction rolled back.
ErrorData *run_task(const char *command, MemoryContext into)
{
    ErrorData *volatile failure = nullptr;
    PG_TRY();
    {
        begin_bookkeeping();
        pgstat_report_activity(STATE_RUNNING, command);
        if (SPI_execute(command, false, 0) < 0)
            elog(ERROR, "could not run background task: %s", command);
        end_bookkeeping();
    }
    PG_CATCH();
    {
        MemoryContextSwitchTo(into);
        failure = CopyErrorData();
        FlushErrorState();
        AbortCurrentTransaction();
    }
    PG_END_TRY();
    pgstat_report_activity(STATE_IDLE, nullptr);
    return failure;
}

// Records the outcome of task `task_id`: done, or (with `failure`) an error that ends the job,
// failed, or cancelled if citus_job_cancel asked for it (the UPDATE waits for a cancel still
// committing and then sees its state). Returns whether the job goes on.
bool finish_task(int64 job_id, int64 task_id, ErrorData *failure)
{
    bool go_on = failure == nullptr;
    begin_bookkeeping();
    if (failure == nullptr) {
        run_sql("UPDATE pg_catalog.pg_dist_background_task SET status = 'done', pid = NULL "
                "WHERE task_id = $1",
                SPI_OK_UPDATE, 1, task_id);
    } else {
        run_sql("UPDATE pg_catalog.pg_dist_background_job SET finished_at = now(), "
                "state = CASE WHEN state = 'cancelling' THEN 'cancelled' "
                "ELSE 'failed' END::pg_catalog.citus_job_status WHERE job_id = $1 "
                "RETURNING state",
                SPI_OK_UPDATE_RETURNING, 1, job_id);
        bool cancelled = SPI_processed == 1 && strcmp(spi_text(0, 1), "cancelled") == 0;
        Oid types[2] = {INT8OID, TEXTOID};
        Datum values[2] = {Int64GetDatum(task_id),
                           CStringGetTextDatum(psprintf("ERROR: %s", failure->message))};
        if (SPI_execute_with_args(
                psprintf("UPDATE pg_catalog.pg_dist_background_task SET pid = NULL, "
                         "status = '%s', message = $2 WHERE task_id = $1",
                         cancelled ? "cancelled" : "error"),
                2, types, values, nullptr, false, 0) != SPI_OK_UPDATE)
            elog(ERROR, "could not record the failure of background task " INT64_FORMAT, task_id);
        run_sql(psprintf("UPDATE pg_catalog.pg_dist_background_task SET status = '%s' "
                         "WHERE job_id = $1 AND status IN ('blocked', 'runnable')",
                         cancelled ? "cancelled" : "unscheduled"),
                SPI_OK_UPDATE, 1, job_id);
        ereport(LOG,
                (errmsg("background job " INT64_FORMAT " %s: task " INT64_FORMAT ": %s", job_id,
                        cancelled ? "cancelled" : "failed", task_id, failure->message)));
    }
    end_bookkeeping();
    return go_on;
}

} // namespace

void start_runners_for_orphaned_jobs()
{
    if (SPI_connect() != SPI_OK_CONNECT)
        elog(ERROR, "SPI_connect failed");
    run_sql("SELECT j.job_id, coalesce((SELECT t.owner::oid FROM "
            "pg_catalog.pg_dist_background_task t WHERE t.job_id = j.job_id "
            "ORDER BY t.task_id LIMIT 1), 10::oid) FROM pg_catalog.pg_dist_background_job j "
            "WHERE j.state NOT IN ('finished', 'failed', 'cancelled') ORDER BY j.job_id",
            SPI_OK_SELECT);
    uint64 count = SPI_processed;
    SPITupleTable *jobs = SPI_tuptable;
    for (uint64 i = 0; i < count; i++) {
        bool isnull;
        int64 job_id = DatumGetInt64(SPI_getbinval(jobs->vals[i], jobs->tupdesc, 1, &isnull));
        Oid owner = DatumGetObjectId(SPI_getbinval(jobs->vals[i], jobs->tupdesc, 2, &isnull));
        // A free lock means no runner: start one (which takes the lock for good; should two
        // start, the second finds it taken and exits).
        if (!runner_lock_free(job_id))
            continue;
        if (!launch_job_runner(MyDatabaseId, owner, job_id))
            ereport(WARNING,
                    (errmsg("could not start the runner of background job " INT64_FORMAT, job_id),
                     errdetail("All background worker slots are in use.")));
        else
            ereport(LOG, (errmsg("started a runner for background job " INT64_FORMAT, job_id)));
    }
    SPI_finish();
}

void error_if_rebalance_job_running()
{
    if (SPI_connect() != SPI_OK_CONNECT)
        elog(ERROR, "SPI_connect failed");
    run_sql("SELECT job_id FROM pg_catalog.pg_dist_background_job WHERE job_type = 'rebalance' "
            "AND state NOT IN ('finished', 'failed', 'cancelled') ORDER BY job_id LIMIT 1",
            SPI_OK_SELECT);
    if (SPI_processed > 0)
        ereport(ERROR, (errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
                        errmsg("a rebalance is already running as job %s", spi_text(0, 1)),
                        errdetail("Shards cannot be rebalanced while a background rebalance runs."),
                        errhint("Wait for it with SELECT citus_rebalance_wait(); or stop it with "
                                "SELECT citus_rebalance_stop();")));
    SPI_finish();
}

} // namespace tessera::operations

// citus_rebalance_start(rebalance_strategy, drain_only, shard_transfer_mode): plans the moves as
// rebalance_table_shards would and records them as a background job, one task per shard group
// move, in the caller's transaction; its runner starts when that commits. Returns the job id, or
// NULL when nothing needs to move. Refuses while another rebalance job has not ended.
TESSERA_FUNCTION(citus_rebalance_start)
{
    using namespace tessera;
    if (!superuser())
        ereport(ERROR, (errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
                        errmsg("only superusers can rebalance shards")));
    const char *strategy = operations::rebalance_strategy_argument(fcinfo, 0);
    bool drain_only = !PG_ARGISNULL(1) && PG_GETARG_BOOL(1);
    const char *mode = PG_ARGISNULL(2) ? "auto" : text_to_cstring(PG_GETARG_TEXT_PP(2));
    operations::check_shard_transfer_mode(mode);

    if (SPI_connect() != SPI_OK_CONNECT)
        elog(ERROR, "SPI_connect failed");
    // Concurrent starts queue here, so that only one of them can find no ongoing job.
    operations::run_sql("LOCK TABLE pg_catalog.pg_dist_background_job IN EXCLUSIVE MODE",
                        SPI_OK_UTILITY);
    // A job left running by a runner that is gone (e.g. the coordinator restarted and the
    // maintenance worker, which would end it, has not run yet) is ended now.
    operations::run_sql("SELECT job_id, state FROM pg_catalog.pg_dist_background_job "
                        "WHERE job_type = 'rebalance' AND "
                        "state IN ('running', 'cancelling', 'failing') ORDER BY job_id",
                        SPI_OK_SELECT);
    uint64 running_count = SPI_processed;
    SPITupleTable *running = SPI_tuptable;
    for (uint64 i = 0; i < running_count; i++) {
        int64 running_id = pg_strtoint64(SPI_getvalue(running->vals[i], running->tupdesc, 1));
        char *running_state = SPI_getvalue(running->vals[i], running->tupdesc, 2);
        if (operations::runner_lock_free(running_id))
            operations::end_orphaned_job(running_id, running_state);
    }
    operations::run_sql("SELECT job_id FROM pg_catalog.pg_dist_background_job "
                        "WHERE job_type = 'rebalance' AND "
                        "state NOT IN ('finished', 'failed', 'cancelled') ORDER BY job_id LIMIT 1",
                        SPI_OK_SELECT);
    if (SPI_processed > 0)
        ereport(ERROR,
                (errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
                 errmsg("a rebalance is already running as job %s", operations::spi_text(0, 1)),
                 errdetail("Only one rebalance job runs at a time."),
                 errhint("To monitor progress, run: SELECT * FROM citus_rebalance_status(); to "
                         "stop it, SELECT citus_rebalance_stop();")));

    int move_count = 0;
    operations::PlannedMove *moves =
        operations::plan_rebalance_moves(drain_only, strategy, &move_count);
    if (move_count == 0) {
        SPI_finish();
        ereport(NOTICE, (errmsg("no moves available for rebalancing")));
        PG_RETURN_NULL();
    }

    Oid types[1] = {TEXTOID};
    Datum values[1] = {CStringGetTextDatum(drain_only ? "drain nodes that should hold no shards"
                                                      : "rebalance all colocation groups")};
    if (SPI_execute_with_args("INSERT INTO pg_catalog.pg_dist_background_job (job_type, "
                              "description) VALUES ('rebalance', $1) RETURNING job_id",
                              1, types, values, nullptr, false, 0) != SPI_OK_INSERT_RETURNING)
        elog(ERROR, "could not record the rebalance job");
    int64 job_id = pg_strtoint64(operations::spi_text(0, 1));
    for (int m = 0; m < move_count; m++) {
        metadata::WorkerNode *source = metadata::primary_node_for_group(moves[m].source_group_id);
        metadata::WorkerNode *target = metadata::primary_node_for_group(moves[m].target_group_id);
        char *command = psprintf(
            "SELECT pg_catalog.citus_move_shard_placement(" INT64_FORMAT ", %s, %d, %s, %d, %s)",
            moves[m].shard_id, quote_literal_cstr(source->node_name), source->node_port,
            quote_literal_cstr(target->node_name), target->node_port, quote_literal_cstr(mode));
        Oid task_types[2] = {INT8OID, TEXTOID};
        Datum task_values[2] = {Int64GetDatum(job_id), CStringGetTextDatum(command)};
        if (SPI_execute_with_args(psprintf("INSERT INTO pg_catalog.pg_dist_background_task "
                                           "(job_id, command, nodes_involved) "
                                           "VALUES ($1, $2, ARRAY[%d, %d])",
                                           source->node_id, target->node_id),
                                  2, task_types, task_values, nullptr, false, 0) != SPI_OK_INSERT)
            elog(ERROR, "could not record a rebalance task");
    }
    SPI_finish();

    if (!operations::callback_registered) {
        RegisterXactCallback(operations::on_transaction_end, nullptr);
        operations::callback_registered = true;
    }
    MemoryContext old = MemoryContextSwitchTo(TopMemoryContext);
    auto *id = static_cast<int64 *>(palloc(sizeof(int64)));
    *id = job_id;
    operations::jobs_to_start = lappend(operations::jobs_to_start, id);
    MemoryContextSwitchTo(old);

    ereport(NOTICE, (errmsg("scheduled %d moves as job " INT64_FORMAT, move_count, job_id),
                     errdetail("The moves run one after the other in a background job."),
                     errhint("To monitor progress, run: SELECT * FROM citus_rebalance_status();")));
    PG_RETURN_INT64(job_id);
}

// tessera.end_job_if_runner_gone(job_id): if job `job_id` is in a state only a live runner
// leaves it in (running, cancelling, failing) but nobody holds its runner lock (the runner was
// terminated or crashed), starts a runner for it, which ends it in its own transaction (failed,
// or cancelled if a cancel was under way; see claim_job), and waits up to 5 s for that runner to
// exit. Returns whether it started one. citus_job_wait and the status functions call it, so that
// such a job ends when it is looked at instead of at the next maintenance pass, which may be far
// off or disabled. (The wait can run out when the caller's transaction holds a lock the runner
// needs, e.g. after citus_job_cancel in the same transaction: the job then ends after it.)
TESSERA_FUNCTION(tessera_end_job_if_runner_gone)
{
    using namespace tessera::operations;
    int64 job_id = PG_GETARG_INT64(0);
    if (SPI_connect() != SPI_OK_CONNECT)
        elog(ERROR, "SPI_connect failed");
    run_sql("SELECT j.state, coalesce((SELECT t.owner::oid FROM "
            "pg_catalog.pg_dist_background_task t WHERE t.job_id = j.job_id "
            "ORDER BY t.task_id LIMIT 1), 10::oid) FROM pg_catalog.pg_dist_background_job j "
            "WHERE j.job_id = $1",
            SPI_OK_SELECT, 1, job_id);
    bool orphaned = SPI_processed == 1 && runner_state(spi_text(0, 1)) && runner_lock_free(job_id);
    Oid owner = InvalidOid;
    if (orphaned) {
        bool isnull;
        owner = DatumGetObjectId(
            SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 2, &isnull));
    }
    SPI_finish();
    BackgroundWorkerHandle *handle = nullptr;
    // With no free slot, the maintenance worker's next pass ends the job.
    if (!orphaned || !launch_job_runner(MyDatabaseId, owner, job_id, &handle))
        PG_RETURN_BOOL(false);
    for (int waited = 0; waited < 5000; waited += 10) {
        pid_t pid;
        BgwHandleStatus status = GetBackgroundWorkerPid(handle, &pid);
        if (status == BGWH_STOPPED || status == BGWH_POSTMASTER_DIED)
            break;
        (void)WaitLatch(MyLatch, WL_LATCH_SET | WL_TIMEOUT | WL_EXIT_ON_PM_DEATH, 10,
                        PG_WAIT_EXTENSION);
        ResetLatch(MyLatch);
        CHECK_FOR_INTERRUPTS();
    }
    pfree(handle);
    PG_RETURN_BOOL(true);
}

// A job runner: connects to the job's database as its owner, claims the job and runs its tasks in
// order, each in its own transaction, until one fails, the job is cancelled or none is left.
// Bookkeeping transactions hold interrupts, so a cancel (citus_job_cancel signals the runner)
// interrupts only a move; SIGTERM ends the runner, and the maintenance worker then ends its job
// (or tessera.end_job_if_runner_gone, called by citus_job_wait and the status functions).
extern "C" void tessera_job_runner_main(Datum)
{
    using namespace tessera::operations;
    pqsignal(SIGTERM, die);
    BackgroundWorkerUnblockSignals();
    JobRunnerArgs args;
    memcpy(&args, MyBgworkerEntry->bgw_extra, sizeof(args));
    BackgroundWorkerInitializeConnectionByOid(args.database, args.owner, 0);

    MemoryContext job_context =
        AllocSetContextCreate(TopMemoryContext, "tessera job runner", ALLOCSET_DEFAULT_SIZES);
    HOLD_INTERRUPTS();
    bool run = claim_job(args.job_id);
    RESUME_INTERRUPTS();
    while (run) {
        MemoryContextReset(job_context);
        int64 task_id = 0;
        HOLD_INTERRUPTS();
        char *command = next_task(args.job_id, job_context, &task_id);
        RESUME_INTERRUPTS();
        if (command == nullptr)
            break;
        ErrorData *failure = run_task(command, job_context);
        HOLD_INTERRUPTS();
        run = finish_task(args.job_id, task_id, failure);
        RESUME_INTERRUPTS();
    }
    proc_exit(0);
}
