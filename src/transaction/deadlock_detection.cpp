// Distributed deadlock detection; see deadlock_detection.h.
//
// PostgreSQL-style code: the detector runs in a background worker and raises errors the
// PostgreSQL way; the graph logic lives in core/wait_graph.h and is called through
// compute_victims, which keeps every C++ container inside one frame that calls no PostgreSQL
// function.
#include "tessera/transaction/deadlock_detection.h"

#include "tessera/core/wait_graph.h"
#include "tessera/executor/connection.h"
#include "tessera/metadata/nodes.h"
#include "tessera/settings.h"

extern "C" {
#include "access/twophase.h"
#include "access/xact.h"
#include "commands/extension.h"
#include "datatype/timestamp.h"
#include "executor/spi.h"
#include "miscadmin.h"
#include "pgstat.h"
#include "storage/ipc.h"
#include "storage/latch.h"
#include "storage/proc.h"
#include "storage/procarray.h"
#include "storage/shmem.h"
#include "storage/spin.h"
#include "utils/elog.h"
#include "utils/memutils.h"
#include "utils/snapmgr.h"
#include "utils/timestamp.h"
}

#include <csignal>
#include <cstddef>
#include <exception>
#include <vector>

namespace tessera::transaction {

namespace {

// The transaction a detector cancelled: its backend's pid and the transaction's start.
struct VictimMark {
    int32 pid;
    TimestampTz xact_start;
};

// One mark per PGPROC slot (indexed by pgprocno).
struct DeadlockShared {
    slock_t mutex;
    int slots;
    VictimMark marks[FLEXIBLE_ARRAY_MEMBER];
};

DeadlockShared *shared = nullptr;
shmem_request_hook_type previous_shmem_request = nullptr;
shmem_startup_hook_type previous_shmem_startup = nullptr;
emit_log_hook_type previous_emit_log_hook = nullptr;

constexpr const char *kDeadlockMessage =
    "canceling the transaction since it was involved in a distributed deadlock";

// PGPROC slots: every backend, auxiliary process and prepared transaction has one.
int proc_slots()
{
    return MaxBackends + NUM_AUXILIARY_PROCS + max_prepared_xacts;
}

Size shared_size()
{
    return add_size(offsetof(DeadlockShared, marks), mul_size(sizeof(VictimMark), proc_slots()));
}

// shmem_request_hook: reserves the victim marks.
void request_shared_memory()
{
    if (previous_shmem_request != nullptr)
        previous_shmem_request();
    RequestAddinShmemSpace(MAXALIGN(shared_size()));
}

// shmem_startup_hook: creates (or attaches to) the victim marks.
void attach_shared_memory()
{
    if (previous_shmem_startup != nullptr)
        previous_shmem_startup();
    LWLockAcquire(AddinShmemInitLock, LW_EXCLUSIVE);
    bool found;
    shared = static_cast<DeadlockShared *>(
        ShmemInitStruct("tessera deadlock detection", shared_size(), &found));
    if (!found) {
        SpinLockInit(&shared->mutex);
        shared->slots = proc_slots();
        for (int i = 0; i < shared->slots; i++)
            shared->marks[i] = VictimMark{0, 0};
    }
    LWLockRelease(AddinShmemInitLock);
}

// True (and the mark is removed) if a detector cancelled this backend's current transaction.
bool take_victim_mark()
{
    if (shared == nullptr || MyProc == nullptr || MyProc->pgprocno < 0 ||
        MyProc->pgprocno >= shared->slots)
        return false;
    TimestampTz xact_start = GetCurrentTransactionStartTimestamp();
    bool marked = false;
    SpinLockAcquire(&shared->mutex);
    VictimMark *mark = &shared->marks[MyProc->pgprocno];
    if (mark->pid == MyProcPid && mark->xact_start == xact_start) {
        marked = true;
        mark->pid = 0;
    }
    SpinLockRelease(&shared->mutex);
    return marked;
}

// emit_log_hook: the statement-cancel ERROR of a backend that a detector chose as the victim of
// a distributed deadlock becomes the deadlock error, for its client and the server log alike.
// (The cancel may have reached it waiting for another node or for a lock here: either way the
// ERROR is the one a cancel raises.)
void rewrite_deadlock_cancel(ErrorData *edata)
{
    if (edata->elevel == ERROR && edata->sqlerrcode == ERRCODE_QUERY_CANCELED &&
        take_victim_mark()) {
        edata->sqlerrcode = ERRCODE_T_R_DEADLOCK_DETECTED;
        edata->message = pstrdup(kDeadlockMessage);
        edata->message_id = kDeadlockMessage;
        edata->detail = pstrdup("Transactions waited for each other's locks across nodes; this "
                                "one, the youngest, was canceled so that the others can go on.");
        edata->hint = pstrdup("Retry the transaction.");
    }
    if (previous_emit_log_hook != nullptr)
        previous_emit_log_hook(edata);
}

// Microseconds between the Unix epoch and PostgreSQL's (2000-01-01).
constexpr int64 kUnixToPostgresUs =
    static_cast<int64>(POSTGRES_EPOCH_JDATE - UNIX_EPOCH_JDATE) * SECS_PER_DAY * USECS_PER_SEC;

// A backend of this database on the coordinator that is in a transaction.
struct CoordinatorBackend {
    int32 pid;
    int64 started;  // backend start, Unix seconds (as in its connections' application_name)
    int64 xact_us;  // transaction start, Unix microseconds
    char *blockers; // pg_blocking_pids as text when it waits for a lock, else nullptr
    char *name;     // application_name
};

// What one look saw: the edges between coordinator backends (palloc'd in the detector's
// context).
struct Look {
    core::WaitEdge *edges;
    int count;
    int capacity;
};

void add_edge(Look *look, const core::WaitEdge &edge)
{
    if (look->count == look->capacity) {
        look->capacity = Max(16, look->capacity * 2);
        look->edges =
            look->edges == nullptr
                ? static_cast<core::WaitEdge *>(palloc(sizeof(core::WaitEdge) * look->capacity))
                : static_cast<core::WaitEdge *>(
                      repalloc(look->edges, sizeof(core::WaitEdge) * look->capacity));
    }
    look->edges[look->count++] = edge;
}

// The coordinator backend with `pid`, or nullptr.
const CoordinatorBackend *find_backend(const CoordinatorBackend *backends, int count, int32 pid)
{
    for (int i = 0; i < count; i++)
        if (backends[i].pid == pid)
            return &backends[i];
    return nullptr;
}

// Reads this database's backends in a transaction from pg_stat_activity (with their lock waits);
// returns how many, the array in *out (palloc'd in the current context).
int read_coordinator_backends(CoordinatorBackend **out)
{
    MemoryContext caller = CurrentMemoryContext;
    char *sql = psprintf(
        "SELECT pid, floor(extract(epoch FROM backend_start))::bigint, "
        "(extract(epoch FROM xact_start) * 1000000)::bigint, "
        "CASE WHEN wait_event_type = 'Lock' THEN pg_catalog.pg_blocking_pids(pid)::text END, "
        "application_name "
        "FROM pg_catalog.pg_stat_activity "
        "WHERE datid = %u AND xact_start IS NOT NULL AND pid <> pg_catalog.pg_backend_pid()",
        MyDatabaseId);
    SPI_connect();
    if (SPI_execute(sql, true, 0) != SPI_OK_SELECT)
        elog(ERROR, "could not read pg_stat_activity");
    int count = static_cast<int>(SPI_processed);
    auto *backends = static_cast<CoordinatorBackend *>(
        MemoryContextAllocZero(caller, sizeof(CoordinatorBackend) * Max(count, 1)));
    for (int row = 0; row < count; row++) {
        HeapTuple tuple = SPI_tuptable->vals[row];
        TupleDesc desc = SPI_tuptable->tupdesc;
        bool null;
        backends[row].pid = DatumGetInt32(SPI_getbinval(tuple, desc, 1, &null));
        backends[row].started = DatumGetInt64(SPI_getbinval(tuple, desc, 2, &null));
        backends[row].xact_us = DatumGetInt64(SPI_getbinval(tuple, desc, 3, &null));
        char *blockers = SPI_getvalue(tuple, desc, 4);
        backends[row].blockers =
            blockers != nullptr ? MemoryContextStrdup(caller, blockers) : nullptr;
        char *name = SPI_getvalue(tuple, desc, 5);
        backends[row].name = MemoryContextStrdup(caller, name != nullptr ? name : "");
    }
    SPI_finish();
    *out = backends;
    return count;
}

// The coordinator backend a worker backend with application_name `name` works for, or nullptr.
const CoordinatorBackend *backend_named(const CoordinatorBackend *backends, int count,
                                        const char *name)
{
    core::BackendIdentity identity;
    if (!core::parse_backend_identity(name, &identity))
        return nullptr;
    const CoordinatorBackend *backend = find_backend(backends, count, identity.pid);
    return backend != nullptr && backend->started == identity.start ? backend : nullptr;
}

// The backend that `backend` works for: the coordinator backend named in its application_name
// when it serves one of this node's own connections (a connection to itself), else itself.
const CoordinatorBackend *owner_of(const CoordinatorBackend *backends, int count,
                                   const CoordinatorBackend *backend)
{
    const CoordinatorBackend *owner = backend_named(backends, count, backend->name);
    return owner != nullptr ? owner : backend;
}

// Adds the coordinator's own lock waits between backends of `backends`: node 0, or -1 when the
// waiter serves a connection of another backend here (PostgreSQL's own detector cannot see
// that its client waits for it).
void add_coordinator_edges(Look *look, const CoordinatorBackend *backends, int count)
{
    for (int i = 0; i < count; i++) {
        const char *text = backends[i].blockers;
        if (text == nullptr)
            continue;
        // "{123,456}"
        for (const char *c = text; *c != '\0';) {
            if (*c < '0' || *c > '9') {
                c++;
                continue;
            }
            char *end;
            long pid = strtol(c, &end, 10);
            c = end;
            const CoordinatorBackend *holder =
                find_backend(backends, count, static_cast<int32>(pid));
            if (holder == nullptr)
                continue;
            const CoordinatorBackend *waiter = owner_of(backends, count, &backends[i]);
            holder = owner_of(backends, count, holder);
            add_edge(look, core::WaitEdge{waiter->pid, waiter->xact_us, holder->pid,
                                          holder->xact_us, waiter != &backends[i] ? -1 : 0});
        }
    }
}

// How long one node may take to list its waits before it is left out of this look.
constexpr long kNodeAnswerTimeoutMs = 2000;

// The lock waits between backends of Tessera connections on a worker, as pairs of
// application_name (waiter, holder); the node's own deadlock detector handles the rest.
constexpr const char *kWorkerWaitsQuery =
    "SELECT w.application_name, h.application_name "
    "FROM pg_catalog.pg_stat_activity w "
    "CROSS JOIN LATERAL pg_catalog.unnest(pg_catalog.pg_blocking_pids(w.pid)) AS b(pid) "
    "JOIN pg_catalog.pg_stat_activity h ON h.pid = b.pid "
    "WHERE w.wait_event_type = 'Lock' AND w.datname = pg_catalog.current_database() "
    "AND w.application_name LIKE 'tessera:%' AND h.application_name LIKE 'tessera:%'";

// Runs kWorkerWaitsQuery on `connection`; the rows, or nullptr when the node did not answer in
// time or failed (it is then left out; the connection is not used again).
PGresult *read_worker_waits(executor::NodeConnection *connection)
{
    executor::send_command(connection, kWorkerWaitsQuery);
    TimestampTz start = GetCurrentTimestamp();
    PGresult *rows = nullptr;
    for (;;) {
        while (!executor::connection_result_ready(connection)) {
            long remaining = kNodeAnswerTimeoutMs -
                             TimestampDifferenceMilliseconds(start, GetCurrentTimestamp());
            if (remaining <= 0) {
                if (rows != nullptr)
                    PQclear(rows);
                return nullptr;
            }
            executor::wait_for_any_result(&connection, 1, remaining);
        }
        PGresult *next = executor::get_command_result(connection);
        if (next == nullptr)
            break;
        if (rows == nullptr && PQresultStatus(next) == PGRES_TUPLES_OK)
            rows = next;
        else
            PQclear(next);
    }
    return rows;
}

// One look at the waits: the coordinator's, then each worker's. In a transaction of its own, so
// that pg_stat_activity is read afresh.
void take_look(Look *look, MemoryContext into)
{
    SetCurrentStatementStartTimestamp();
    StartTransactionCommand();
    PushActiveSnapshot(GetTransactionSnapshot());
    MemoryContext old = MemoryContextSwitchTo(into);
    look->edges = nullptr;
    look->count = 0;
    look->capacity = 0;
    CoordinatorBackend *backends;
    int count = read_coordinator_backends(&backends);
    add_coordinator_edges(look, backends, count);
    MemoryContextSwitchTo(old);

    ListCell *cell;
    foreach (cell, metadata::active_worker_nodes()) {
        auto *node = static_cast<metadata::WorkerNode *>(lfirst(cell));
        executor::NodeConnection *connection = executor::start_node_connection(
            node->node_name, node->node_port, executor::kConnectionExclusive);
        if (connection == nullptr || executor::finish_connection_or_explain(connection) != nullptr)
            continue;
        PGresult *rows = read_worker_waits(connection);
        if (rows == nullptr)
            continue;
        for (int row = 0; row < PQntuples(rows); row++) {
            const CoordinatorBackend *waiter =
                backend_named(backends, count, PQgetvalue(rows, row, 0));
            const CoordinatorBackend *holder =
                backend_named(backends, count, PQgetvalue(rows, row, 1));
            if (waiter == nullptr || holder == nullptr)
                continue;
            old = MemoryContextSwitchTo(into);
            add_edge(look, core::WaitEdge{waiter->pid, waiter->xact_us, holder->pid,
                                          holder->xact_us, node->node_id});
            MemoryContextSwitchTo(old);
        }
        PQclear(rows);
        executor::release_connection(connection);
    }
    PopActiveSnapshot();
    CommitTransactionCommand();
}

// A victim as handed out of compute_victims: no C++ containers.
struct Victim {
    int32 pid;
    int64 xact_us;
    int cycle_length;
    int32 cycle[8]; // the first backends of its cycle, for the log
};

// The victims of the cycles whose waits both looks saw; at most `capacity`. Pure C++: no
// PostgreSQL call, no exception escapes (a failure finds nothing this time).
int compute_victims(const Look &first, const Look &second, Victim *out, int capacity) noexcept
{
    try {
        std::vector<core::WaitEdge> a(first.edges, first.edges + first.count);
        std::vector<core::WaitEdge> b(second.edges, second.edges + second.count);
        std::vector<core::DeadlockVictim> victims =
            core::find_deadlock_victims(core::lasting_edges(a, b));
        int count = 0;
        for (const core::DeadlockVictim &victim : victims) {
            if (count == capacity)
                break;
            Victim &v = out[count++];
            v.pid = victim.pid;
            v.xact_us = victim.xact_start;
            v.cycle_length = static_cast<int>(victim.cycle.size());
            for (size_t i = 0; i < victim.cycle.size() && i < 8; i++)
                v.cycle[i] = victim.cycle[i];
        }
        return count;
    } catch (...) {
        return 0;
    }
}

// True if the first look saw any distributed cycle at all (so that a second look is worth it).
bool any_cycle(const Look &look) noexcept
{
    try {
        std::vector<core::WaitEdge> edges(look.edges, look.edges + look.count);
        return !core::find_deadlock_victims(edges).empty();
    } catch (...) {
        return false;
    }
}

// Marks the victim and interrupts it; false if its backend is gone.
bool cancel_victim(const Victim &victim)
{
    PGPROC *proc = BackendPidGetProc(victim.pid);
    if (proc == nullptr || shared == nullptr || proc->pgprocno < 0 ||
        proc->pgprocno >= shared->slots)
        return false;
    SpinLockAcquire(&shared->mutex);
    shared->marks[proc->pgprocno] = VictimMark{victim.pid, victim.xact_us - kUnixToPostgresUs};
    SpinLockRelease(&shared->mutex);
    return kill(victim.pid, SIGINT) == 0;
}

} // namespace

void install_deadlock_detection()
{
    previous_shmem_request = shmem_request_hook;
    shmem_request_hook = request_shared_memory;
    previous_shmem_startup = shmem_startup_hook;
    shmem_startup_hook = attach_shared_memory;
    previous_emit_log_hook = emit_log_hook;
    emit_log_hook = rewrite_deadlock_cancel;
}

long deadlock_detection_interval_ms()
{
    if (tessera_distributed_deadlock_detection_factor < 0)
        return -1;
    double interval = tessera_distributed_deadlock_detection_factor * DeadlockTimeout;
    return interval < 1 ? 1 : static_cast<long>(Min(interval, static_cast<double>(INT_MAX)));
}

namespace {

// For each PGPROC slot, the local transaction it waited in at the previous look
// (InvalidLocalTransactionId when it did not wait). The launcher's own memory.
LocalTransactionId *waited_in = nullptr;

} // namespace

List *databases_with_lasting_waits()
{
    uint32 slots = ProcGlobal->allProcCount;
    if (waited_in == nullptr)
        waited_in = static_cast<LocalTransactionId *>(
            MemoryContextAllocZero(TopMemoryContext, sizeof(LocalTransactionId) * slots));
    List *databases = NIL;
    List *counts = NIL; // lasting waiters per entry of `databases`
    for (uint32 i = 0; i < slots; i++) {
        PGPROC *proc = &ProcGlobal->allProcs[i];
        uint32 wait = *static_cast<volatile uint32 *>(&proc->wait_event_info);
        uint32 wait_class = wait & 0xFF000000;
        LocalTransactionId lxid = *static_cast<volatile LocalTransactionId *>(&proc->lxid);
        bool waits = proc->pid != 0 && OidIsValid(proc->databaseId) &&
                     (wait_class == PG_WAIT_LOCK || wait_class == PG_WAIT_EXTENSION) &&
                     lxid != InvalidLocalTransactionId;
        bool lasting = waits && waited_in[i] == lxid;
        waited_in[i] = waits ? lxid : InvalidLocalTransactionId;
        if (!lasting)
            continue;
        int position = -1;
        for (int d = 0; d < list_length(databases) && position < 0; d++)
            if (list_nth_oid(databases, d) == proc->databaseId)
                position = d;
        if (position < 0) {
            databases = lappend_oid(databases, proc->databaseId);
            counts = lappend_int(counts, 1);
        } else {
            list_nth_cell(counts, position)->int_value++;
        }
    }
    List *result = NIL;
    for (int i = 0; i < list_length(databases); i++)
        if (list_nth_int(counts, i) >= 2)
            result = lappend_oid(result, list_nth_oid(databases, i));
    return result;
}

int detect_distributed_deadlocks()
{
    // Only where the extension is and there are workers to ask.
    SetCurrentStatementStartTimestamp();
    StartTransactionCommand();
    bool applicable =
        OidIsValid(get_extension_oid("tessera", true)) && metadata::active_worker_nodes() != NIL;
    CommitTransactionCommand();
    if (!applicable)
        return 0;

    MemoryContext context = AllocSetContextCreate(TopMemoryContext, "tessera deadlock detection",
                                                  ALLOCSET_DEFAULT_SIZES);
    Look first;
    take_look(&first, context);
    if (!any_cycle(first))
        return 0;

    // A second look a moment later: only waits that lasted count, so a wait that was just
    // ending (or a picture pieced together from nodes read at different moments) is no cycle.
    long pause = Max(Min(static_cast<long>(DeadlockTimeout) / 2, 1000L), 50L);
    (void)WaitLatch(MyLatch, WL_LATCH_SET | WL_TIMEOUT | WL_EXIT_ON_PM_DEATH, pause,
                    PG_WAIT_EXTENSION);
    ResetLatch(MyLatch);
    CHECK_FOR_INTERRUPTS();
    Look second;
    take_look(&second, context);

    Victim victims[32];
    int count = compute_victims(first, second, victims, lengthof(victims));
    int cancelled = 0;
    for (int i = 0; i < count; i++) {
        if (!cancel_victim(victims[i]))
            continue;
        cancelled++;
        StringInfoData cycle;
        initStringInfo(&cycle);
        for (int j = 0; j < Min(victims[i].cycle_length, 8); j++)
            appendStringInfo(&cycle, "%s%d", j > 0 ? " -> " : "", victims[i].cycle[j]);
        if (victims[i].cycle_length > 8)
            appendStringInfoString(&cycle, " -> ...");
        ereport(LOG, (errmsg("canceling the transaction of backend %d to end a distributed "
                             "deadlock",
                             victims[i].pid),
                      errdetail("Backends waiting for each other across nodes: %s.", cycle.data)));
    }
    return cancelled;
}

} // namespace tessera::transaction
