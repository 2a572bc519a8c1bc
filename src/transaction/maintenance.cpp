// The maintenance launcher and its per-database recovery workers; see maintenance.h.
//
// PostgreSQL-style code throughout: these are process entry points, and nothing here holds a C++
// object with a destructor.
#include "tessera/transaction/maintenance.h"

#include "tessera/operations/background_jobs.h"
#include "tessera/operations/shard_cleanup.h"
#include "tessera/pg/background_worker.h"
#include "tessera/pg/pg_includes.h"
#include "tessera/settings.h"
#include "tessera/transaction/deadlock_detection.h"
#include "tessera/transaction/recovery.h"

#include <climits>

extern "C" {
#include "access/heapam.h"
#include "access/htup_details.h"
#include "access/table.h"
#include "access/tableam.h"
#include "access/xact.h"
#include "catalog/pg_database.h"
#include "catalog/pg_namespace_d.h"
#include "commands/dbcommands.h"
#include "commands/extension.h"
#include "miscadmin.h"
#include "pgstat.h"
#include "postmaster/bgworker.h"
#include "postmaster/interrupt.h"
#include "storage/ipc.h"
#include "storage/latch.h"
#include "storage/proc.h"
#include "storage/shmem.h"
#include "tcop/tcopprot.h"
#include "utils/guc.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/snapmgr.h"
#include "utils/timestamp.h"

PGDLLEXPORT void tessera_maintenance_launcher_main(Datum argument);
PGDLLEXPORT void tessera_recovery_worker_main(Datum argument);
PGDLLEXPORT void tessera_deadlock_detector_main(Datum argument);
}

namespace tessera::transaction {

namespace {

// Set by SIGTERM: the launcher exits at the next opportunity.
volatile sig_atomic_t shutdown_requested = false;

void request_shutdown(SIGNAL_ARGS)
{
    int saved_errno = errno;
    shutdown_requested = true;
    SetLatch(MyLatch);
    errno = saved_errno;
}

// Shared between the launcher, its recovery workers and the backends that commit.
struct MaintenanceShared {
    pg_atomic_uint32 recovery_requested;  // a backend asks for a pass now
    pg_atomic_uint32 recovery_incomplete; // a worker of the current pass left work to retry
    pg_atomic_uint32 launcher_procno;     // the launcher's pgprocno + 1; 0 when not running
};

MaintenanceShared *shared = nullptr;
shmem_request_hook_type previous_shmem_request = nullptr;
shmem_startup_hook_type previous_shmem_startup = nullptr;

// First retry delay after a requested pass left work, in ms; it doubles up to the interval.
constexpr long kFirstRetryMs = 1000;

// shmem_request_hook: reserves the shared state.
void request_shared_memory()
{
    if (previous_shmem_request != nullptr)
        previous_shmem_request();
    RequestAddinShmemSpace(MAXALIGN(sizeof(MaintenanceShared)));
}

// shmem_startup_hook: creates (or attaches to) the shared state.
void attach_shared_memory()
{
    if (previous_shmem_startup != nullptr)
        previous_shmem_startup();
    LWLockAcquire(AddinShmemInitLock, LW_EXCLUSIVE);
    bool found;
    shared = static_cast<MaintenanceShared *>(
        ShmemInitStruct("tessera maintenance", sizeof(MaintenanceShared), &found));
    if (!found) {
        pg_atomic_init_u32(&shared->recovery_requested, 0);
        pg_atomic_init_u32(&shared->recovery_incomplete, 0);
        pg_atomic_init_u32(&shared->launcher_procno, 0);
    }
    LWLockRelease(AddinShmemInitLock);
}

// on_shmem_exit callback of the launcher: backends stop setting its latch.
void forget_launcher(int, Datum)
{
    if (shared != nullptr)
        pg_atomic_write_u32(&shared->launcher_procno, 0);
}

// A database the launcher visits.
struct DatabaseEntry {
    Oid oid;
    NameData name;
};

// Databases that accept connections and are not templates or half-dropped: a List of
// DatabaseEntry*, allocated in `into`. Reads the shared catalog pg_database.
List *databases_to_visit(MemoryContext into)
{
    List *result = NIL;
    StartTransactionCommand();
    (void)GetTransactionSnapshot();
    Relation relation = table_open(DatabaseRelationId, AccessShareLock);
    TableScanDesc scan = table_beginscan_catalog(relation, 0, nullptr);
    HeapTuple tuple;
    while (HeapTupleIsValid(tuple = heap_getnext(scan, ForwardScanDirection))) {
        auto *form = reinterpret_cast<Form_pg_database>(GETSTRUCT(tuple));
        if (!form->datallowconn || form->datistemplate || database_is_invalid_form(form))
            continue;
        MemoryContext old = MemoryContextSwitchTo(into);
        auto *entry = static_cast<DatabaseEntry *>(palloc(sizeof(DatabaseEntry)));
        entry->oid = form->oid;
        entry->name = form->datname;
        result = lappend(result, entry);
        MemoryContextSwitchTo(old);
    }
    table_endscan(scan);
    table_close(relation, AccessShareLock);
    CommitTransactionCommand();
    return result;
}

// Runs one background worker of `kind` ("recovery worker", "deadlock detector"; its entry point
// is `function`) for `database` and waits until it exits. Returns false if no worker could be
// started (no free background worker slot).
bool run_database_worker(const DatabaseEntry *database, const char *kind, const char *function)
{
    char type[BGW_MAXLEN];
    char name[BGW_MAXLEN];
    snprintf(type, sizeof(type), "tessera %s", kind);
    snprintf(name, sizeof(name), "tessera %s for %s", kind, NameStr(database->name));
    BackgroundWorker worker;
    tessera::pg::fill_tessera_worker(&worker, function, type, name);
    worker.bgw_main_arg = ObjectIdGetDatum(database->oid);
    worker.bgw_notify_pid = MyProcPid;

    BackgroundWorkerHandle *handle = nullptr;
    if (!RegisterDynamicBackgroundWorker(&worker, &handle))
        return false;
    pid_t pid;
    if (WaitForBackgroundWorkerStartup(handle, &pid) == BGWH_STARTED)
        WaitForBackgroundWorkerShutdown(handle);
    pfree(handle);
    return true;
}

// One pass: a recovery worker for every database, one after the other.
void run_pass(MemoryContext pass_context)
{
    MemoryContextReset(pass_context);
    List *databases = databases_to_visit(pass_context);
    ListCell *cell;
    foreach (cell, databases) {
        if (shutdown_requested)
            return;
        if (!run_database_worker(static_cast<DatabaseEntry *>(lfirst(cell)), "recovery worker",
                                 "tessera_recovery_worker_main")) {
            ereport(WARNING,
                    (errmsg("tessera maintenance: could not start a recovery worker"),
                     errdetail("All background worker slots are in use."),
                     errhint("Raise max_worker_processes; recovery is retried next time.")));
            break;
        }
    }
}

// Runs a deadlock detector in every database where at least two backends have been waiting
// since the previous look (databases_with_lasting_waits), one after the other, each to its end.
void run_deadlock_detection(MemoryContext pass_context)
{
    MemoryContextReset(pass_context);
    MemoryContext old = MemoryContextSwitchTo(pass_context);
    List *waiting = databases_with_lasting_waits();
    MemoryContextSwitchTo(old);
    if (waiting == NIL)
        return; // the common case: no catalog read at all
    List *databases = databases_to_visit(pass_context);
    ListCell *cell;
    foreach (cell, databases) {
        auto *database = static_cast<DatabaseEntry *>(lfirst(cell));
        if (shutdown_requested)
            return;
        if (!list_member_oid(waiting, database->oid))
            continue;
        if (!run_database_worker(database, "deadlock detector", "tessera_deadlock_detector_main"))
            return; // no free slot: the next interval tries again
    }
}

} // namespace

void request_prompt_recovery()
{
    if (shared == nullptr || tessera_recover_2pc_interval < 0)
        return;
    pg_atomic_write_u32(&shared->recovery_requested, 1);
    uint32 procno = pg_atomic_read_u32(&shared->launcher_procno);
    if (procno > 0 && procno <= ProcGlobal->allProcCount)
        SetLatch(&ProcGlobal->allProcs[procno - 1].procLatch);
}

void register_maintenance_launcher()
{
    previous_shmem_request = shmem_request_hook;
    shmem_request_hook = request_shared_memory;
    previous_shmem_startup = shmem_startup_hook;
    shmem_startup_hook = attach_shared_memory;

    BackgroundWorker worker;
    tessera::pg::fill_tessera_worker(&worker, "tessera_maintenance_launcher_main",
                                     "tessera maintenance launcher",
                                     "tessera maintenance launcher");
    worker.bgw_restart_time = 10;
    RegisterBackgroundWorker(&worker);
}

} // namespace tessera::transaction

// The launcher: connected to no database (it reads only the shared pg_database), it runs a pass
// right after start and then every tessera.recover_2pc_interval; -1 pauses it until the setting
// changes. A backend whose COMMIT / ROLLBACK PREPARED failed sets its latch with a request: it
// runs a pass at once and, while passes leave work undone, again after 1 s, 2 s, 4 s, ... (at
// most the interval), until one succeeds. SIGTERM ends it (after the current recovery worker);
// SIGHUP rereads the configuration.
extern "C" void tessera_maintenance_launcher_main(Datum)
{
    using tessera::transaction::shared;
    pqsignal(SIGHUP, SignalHandlerForConfigReload);
    pqsignal(SIGTERM, tessera::transaction::request_shutdown);
    BackgroundWorkerUnblockSignals();
    BackgroundWorkerInitializeConnection(nullptr, nullptr, 0);
    if (shared != nullptr) {
        on_shmem_exit(tessera::transaction::forget_launcher, 0);
        pg_atomic_write_u32(&shared->launcher_procno, static_cast<uint32>(MyProc->pgprocno) + 1);
    }

    MemoryContext pass_context =
        AllocSetContextCreate(TopMemoryContext, "tessera maintenance", ALLOCSET_DEFAULT_SIZES);
    MemoryContext detection_context = AllocSetContextCreate(
        TopMemoryContext, "tessera deadlock detection pass", ALLOCSET_DEFAULT_SIZES);
    TimestampTz last_pass = 0;
    TimestampTz last_detection = 0;
    bool ran = false;
    long retry_delay = 0;       // ms; > 0 while retrying after a request
    TimestampTz next_retry = 0; // when, if retry_delay > 0
    for (;;) {
        if (tessera::transaction::shutdown_requested)
            proc_exit(0);
        CHECK_FOR_INTERRUPTS();
        if (ConfigReloadPending) {
            ConfigReloadPending = false;
            ProcessConfigFile(PGC_SIGHUP);
        }
        long timeout = -1;
        // Distributed deadlock detection: a look at the waits every half of factor x
        // deadlock_timeout, so that waits lasting from one look to the next are found within
        // that interval of forming.
        long detection_interval = tessera::transaction::deadlock_detection_interval_ms();
        if (detection_interval > 1)
            detection_interval /= 2;
        if (detection_interval >= 0) {
            TimestampTz now = GetCurrentTimestamp();
            long since = last_detection == 0 ? LONG_MAX
                                             : TimestampDifferenceMilliseconds(last_detection, now);
            if (since >= detection_interval) {
                last_detection = now;
                tessera::transaction::run_deadlock_detection(detection_context);
                since = 0;
            }
            timeout = Max(detection_interval - since, 1);
        }
        bool requested =
            shared != nullptr && pg_atomic_exchange_u32(&shared->recovery_requested, 0) != 0;
        if (tessera_recover_2pc_interval < 0) {
            retry_delay = 0; // recovery is off: requests are dropped
        } else {
            TimestampTz now = GetCurrentTimestamp();
            if (requested) {
                retry_delay = tessera::transaction::kFirstRetryMs;
                next_retry = now;
            }
            long elapsed = ran ? TimestampDifferenceMilliseconds(last_pass, now) : LONG_MAX;
            bool retry_due = retry_delay > 0 && now >= next_retry;
            if (elapsed >= tessera_recover_2pc_interval || retry_due) {
                last_pass = now;
                ran = true;
                if (shared != nullptr)
                    pg_atomic_write_u32(&shared->recovery_incomplete, 0);
                pgstat_report_activity(STATE_RUNNING, "recovering prepared transactions");
                tessera::transaction::run_pass(pass_context);
                pgstat_report_activity(STATE_IDLE, nullptr);
                bool incomplete =
                    shared != nullptr && pg_atomic_read_u32(&shared->recovery_incomplete) != 0;
                if (retry_delay > 0 && incomplete) {
                    next_retry = TimestampTzPlusMilliseconds(GetCurrentTimestamp(), retry_delay);
                    retry_delay = Min(retry_delay * 2, Max(tessera_recover_2pc_interval,
                                                           tessera::transaction::kFirstRetryMs));
                } else {
                    retry_delay = 0;
                }
                continue;
            }
            long recovery_timeout = tessera_recover_2pc_interval - elapsed;
            if (retry_delay > 0)
                recovery_timeout =
                    Min(recovery_timeout, Max(TimestampDifferenceMilliseconds(now, next_retry), 1));
            timeout = timeout >= 0 ? Min(timeout, recovery_timeout) : recovery_timeout;
        }
        int events = WL_LATCH_SET | WL_EXIT_ON_PM_DEATH | (timeout >= 0 ? WL_TIMEOUT : 0);
        (void)WaitLatch(MyLatch, events, timeout, PG_WAIT_EXTENSION);
        ResetLatch(MyLatch);
    }
}

// A recovery worker: connects to one database, runs recovery if the extension is there, starts
// runners for background jobs that have none, exits.
// An error ends it with the usual log entry; the next pass tries again.
extern "C" void tessera_recovery_worker_main(Datum argument)
{
    pqsignal(SIGTERM, die);
    BackgroundWorkerUnblockSignals();
    BackgroundWorkerInitializeConnectionByOid(DatumGetObjectId(argument), InvalidOid, 0);

    SetCurrentStatementStartTimestamp();
    StartTransactionCommand();
    PushActiveSnapshot(GetTransactionSnapshot());
    int resolved = 0;
    bool incomplete = false;
    if (OidIsValid(get_extension_oid("tessera", true))) {
        pgstat_report_activity(STATE_RUNNING, "recovering prepared transactions");
        resolved = tessera::transaction::recover_prepared_transactions_now(&incomplete);
    }
    // Tells the launcher to retry soon if it is retrying after a failed commit.
    if (incomplete && tessera::transaction::shared != nullptr)
        pg_atomic_write_u32(&tessera::transaction::shared->recovery_incomplete, 1);
    if (resolved > 0)
        ereport(LOG, (errmsg("tessera recovered %d prepared transaction%s in database \"%s\"",
                             resolved, resolved == 1 ? "" : "s", get_database_name(MyDatabaseId))));
    PopActiveSnapshot();
    CommitTransactionCommand();

    // Background jobs left without a runner (e.g. by a restart) are run or ended; in a
    // transaction of their own, so that a failure here cannot undo recovery's bookkeeping.
    SetCurrentStatementStartTimestamp();
    StartTransactionCommand();
    PushActiveSnapshot(GetTransactionSnapshot());
    if (OidIsValid(get_extension_oid("tessera", true))) {
        pgstat_report_activity(STATE_RUNNING, "checking background jobs");
        tessera::operations::start_runners_for_orphaned_jobs();
    }
    PopActiveSnapshot();
    CommitTransactionCommand();

    // Shards moves left for a deferred drop (pg_dist_cleanup) whose tables no transaction locks
    // any more; a transaction of its own again.
    SetCurrentStatementStartTimestamp();
    StartTransactionCommand();
    PushActiveSnapshot(GetTransactionSnapshot());
    if (OidIsValid(get_extension_oid("tessera", true)) &&
        OidIsValid(get_relname_relid("pg_dist_cleanup", PG_CATALOG_NAMESPACE))) {
        pgstat_report_activity(STATE_RUNNING, "dropping orphaned shards");
        int dropped = tessera::operations::cleanup_orphaned_shards(false);
        if (dropped > 0)
            ereport(LOG, (errmsg("tessera dropped %d orphaned shard%s in database \"%s\"", dropped,
                                 dropped == 1 ? "" : "s", get_database_name(MyDatabaseId))));
    }
    PopActiveSnapshot();
    CommitTransactionCommand();
    pgstat_report_activity(STATE_IDLE, nullptr);
    proc_exit(0);
}

// A deadlock detector: connects to one database, looks for distributed deadlocks there
// (transaction/deadlock_detection.h) and cancels their victims, exits. An error ends it with the
// usual log entry; the next interval tries again.
extern "C" void tessera_deadlock_detector_main(Datum argument)
{
    pqsignal(SIGTERM, die);
    BackgroundWorkerUnblockSignals();
    BackgroundWorkerInitializeConnectionByOid(DatumGetObjectId(argument), InvalidOid, 0);
    pgstat_report_activity(STATE_RUNNING, "looking for distributed deadlocks");
    tessera::transaction::detect_distributed_deadlocks();
    pgstat_report_activity(STATE_IDLE, nullptr);
    proc_exit(0);
}
