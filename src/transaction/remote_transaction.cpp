// Coordinated commit and rollback of the remote transactions opened by this backend, and the
// savepoints that let a local subtransaction roll back its remote work.
//
// The savepoints that mirror local subtransactions are kept by remote_savepoints.cpp, the
// SET CONSTRAINTS modes remote transactions begin with by remote_constraints_mode.cpp.
#include "tessera/transaction/remote_transaction.h"
#include "tessera/transaction/remote_transaction_internal.h"

#include "tessera/core/prepared_gid.h"
#include "tessera/executor/connection_internal.h"
#include "tessera/executor/shared_connections.h"
#include "tessera/metadata/nodes.h"
#include "tessera/settings.h"
#include "tessera/transaction/maintenance.h"

extern "C" {
#include "access/xact.h"
#include "catalog/pg_authid.h"
#include "executor/spi.h"
#include "miscadmin.h"
#include "pgstat.h"
#include "storage/latch.h"
#include "storage/proc.h"
#include "utils/builtins.h"
#include "utils/memutils.h"
#include "utils/snapmgr.h"
#include "utils/timeout.h"
#include "utils/timestamp.h"
}

namespace tessera::transaction {

namespace {

// The local transaction (by its local id) that ran SET TRANSACTION SNAPSHOT, or invalid.
LocalTransactionId imported_snapshot_lxid = InvalidLocalTransactionId;

} // namespace

void note_imported_snapshot()
{
    imported_snapshot_lxid = MyProc->lxid;
}

// Raises an error if this transaction imported a snapshot: a remote transaction beginning now
// would read the workers with a snapshot of its own, not the imported one, and so answer with
// other rows than the coordinator's snapshot shows.
void check_no_imported_snapshot()
{
    if (imported_snapshot_lxid == InvalidLocalTransactionId ||
        imported_snapshot_lxid != MyProc->lxid)
        return;
    ereport(ERROR, (errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
                    errmsg("SET TRANSACTION SNAPSHOT is not supported for distributed tables"),
                    errdetail("The imported snapshot exists on the coordinator only; the worker "
                              "nodes cannot read with it."),
                    errhint("Access distributed and reference tables in a transaction that does "
                            "not import a snapshot.")));
}

} // namespace tessera::transaction

namespace tessera::executor {

void join_coordinated_transaction(NodeConnection *connection)
{
    if (connection->xact_state == RemoteXactState::kNone)
        connection->xact_state = RemoteXactState::kJoined;
    connection->reads_only = false;
}

void join_coordinated_transaction_for_reads(NodeConnection *connection)
{
    if (connection->xact_state == RemoteXactState::kNone) {
        connection->xact_state = RemoteXactState::kJoined;
        connection->reads_only = true;
    }
}

bool connection_in_transaction(NodeConnection *connection)
{
    return connection->xact_state != RemoteXactState::kNone;
}

// The start of the statement bounding lock waits in each remote transaction.
constexpr char kLockTimeoutCommand[] = "SET LOCAL lock_timeout = ";
// The start of the statement opening each remote transaction.
constexpr char kBeginCommand[] = "BEGIN TRANSACTION ISOLATION LEVEL ";
// The start of the statement bounding the lock waits of a write that commits on its node by
// itself: SET LOCAL outside a transaction block would warn, set_config(..., true) does not, and
// lasts until the node's implicit transaction (the pipeline up to its Sync) ends.
constexpr char kAutocommitLockTimeoutCommand[] = "SELECT pg_catalog.set_config('lock_timeout', '";

bool opens_every_remote_transaction(const char *statement)
{
    return strncmp(statement, kBeginCommand, strlen(kBeginCommand)) == 0 ||
           strncmp(statement, kLockTimeoutCommand, strlen(kLockTimeoutCommand)) == 0 ||
           strncmp(statement, kAutocommitLockTimeoutCommand,
                   strlen(kAutocommitLockTimeoutCommand)) == 0;
}

// The lock timeout (ms) of remote statements: tessera.distributed_lock_timeout, or lock_timeout
// when it is set and smaller; 0 for none. Bounds every remote lock wait, so that a wait cycle
// across nodes ends even where the deadlock detector cannot see it (see settings.cpp).
static int remote_lock_timeout()
{
    int timeout = tessera_distributed_lock_timeout;
    if (LockTimeout > 0 && (timeout == 0 || LockTimeout < timeout))
        timeout = LockTimeout;
    return timeout;
}

List *autocommit_write_preamble()
{
    int timeout = remote_lock_timeout();
    if (timeout <= 0)
        return NIL;
    return list_make1(psprintf("%s%d', true)", kAutocommitLockTimeoutCommand, timeout));
}

List *remote_transaction_preamble(NodeConnection *connection)
{
    if (connection->xact_state != RemoteXactState::kJoined &&
        connection->xact_state != RemoteXactState::kStarted)
        return NIL;
    if (connection->xact_state == RemoteXactState::kJoined)
        transaction::check_no_imported_snapshot();
    int level = GetCurrentTransactionNestLevel();
    List *statements = NIL;

    if (connection->xact_state == RemoteXactState::kJoined) {
        // The coordinator's isolation level. SERIALIZABLE holds for what each node sees (a
        // tenant's transactions on its node); across nodes no single order is checked.
        const char *level_name = XactIsoLevel == XACT_SERIALIZABLE      ? "SERIALIZABLE"
                                 : XactIsoLevel == XACT_REPEATABLE_READ ? "REPEATABLE READ"
                                                                        : "READ COMMITTED";
        statements = lappend(statements, psprintf("%s%s", kBeginCommand, level_name));
        // Bound every lock wait there, so a wait cycle across nodes ends (see settings.cpp).
        int timeout = remote_lock_timeout();
        if (timeout > 0)
            statements = lappend(statements, psprintf("%s%d", kLockTimeoutCommand, timeout));
        // SET CONSTRAINTS ALL of this transaction so far: the node checks constraints when
        // the coordinator would.
        statements = list_concat(statements, transaction::constraints_mode_commands(connection));
        connection->xact_state = RemoteXactState::kStarted;
        connection->remote_start_level = level;
        connection->savepoint_depth = 0;
        connection->release_pending_level = 0;
        return statements;
    }

    if (connection->release_pending_level > 0) {
        statements = lappend(statements, psprintf("RELEASE SAVEPOINT tessera_sp_%d",
                                                  connection->release_pending_level));
        connection->release_pending_level = 0;
    }
    while (connection->remote_start_level + connection->savepoint_depth < level) {
        connection->savepoint_depth++;
        statements = lappend(statements,
                             psprintf("SAVEPOINT tessera_sp_%d", connection->remote_start_level +
                                                                     connection->savepoint_depth));
    }
    return statements;
}

} // namespace tessera::executor

namespace tessera::transaction {

using executor::NodeConnection;
using executor::RemoteXactState;

namespace {

// How long a command still running outside the transaction may take to end after its cancel
// was acknowledged (the node is alive) at abort, before the connection is given up on.
constexpr long kTransactionEndTimeoutMs = 30000;

// How long COMMIT PREPARED / ROLLBACK PREPARED may take (after the local commit or abort, with
// interrupts held). A live node answers in milliseconds; a prepared transaction a hung node
// does not finish in time is left to transaction recovery, which the maintenance worker is
// asked to run promptly, and its connection is closed.
constexpr long kPreparedEndTimeoutMs = 5000;

uint32 prepared_counter = 0;

// Connections whose remote transaction has begun (or failed): the participants.
List *participants()
{
    List *result = NIL;
    ListCell *cell;
    foreach (cell, executor::all_node_connections()) {
        auto *connection = static_cast<NodeConnection *>(lfirst(cell));
        if (connection->xact_state == RemoteXactState::kJoined)
            connection->xact_state = RemoteXactState::kNone; // joined but never used
        else if (connection->xact_state != RemoteXactState::kNone)
            result = lappend(result, connection);
    }
    return result;
}

// Group id of the node a connection points at (for the commit record); -1 if unknown.
int32 group_of(NodeConnection *connection)
{
    metadata::WorkerNode *node = metadata::find_node(connection->host, connection->port);
    return node != nullptr ? node->group_id : -1;
}

// Records that the prepared transactions of `prepared` are to be committed, in the local
// transaction: it becomes true exactly when the local commit does. The local commit is made
// synchronous whatever synchronous_commit says: COMMIT PREPARED goes out right after it, and a
// coordinator crash that lost an asynchronous commit record would have recovery roll back the
// participants not yet committed while the others stay committed (half a transaction).
void write_commit_records(List *prepared)
{
    ForceSyncCommit();
    // At commit time no snapshot is active; the node lookup and the inserts need one.
    PushActiveSnapshot(GetTransactionSnapshot());
    // The records are Tessera's, not the user's: written as the bootstrap superuser, so a role
    // without rights on pg_dist_transaction can commit across nodes. An error aborts the
    // transaction, which restores the user.
    Oid saved_user;
    int saved_context;
    GetUserIdAndSecContext(&saved_user, &saved_context);
    SetUserIdAndSecContext(BOOTSTRAP_SUPERUSERID, saved_context | SECURITY_LOCAL_USERID_CHANGE);
    SPI_connect();
    ListCell *cell;
    foreach (cell, prepared) {
        auto *connection = static_cast<NodeConnection *>(lfirst(cell));
        Oid types[2] = {INT4OID, TEXTOID};
        Datum values[2] = {Int32GetDatum(group_of(connection)),
                           CStringGetTextDatum(connection->prepared_gid)};
        if (SPI_execute_with_args(
                "INSERT INTO pg_catalog.pg_dist_transaction (groupid, gid) VALUES ($1, $2)", 2,
                types, values, nullptr, false, 0) != SPI_OK_INSERT)
            elog(ERROR, "could not record the commit of a distributed transaction");
    }
    SPI_finish();
    SetUserIdAndSecContext(saved_user, saved_context);
    PopActiveSnapshot();
}

// Commits a single participant directly: no prepare is needed when one node is involved.
void commit_single(NodeConnection *connection)
{
    connection->xact_state = RemoteXactState::kNone; // whatever happens, it is over there
    PQclear(executor::execute_command(connection, "COMMIT"));
}

// Prepares every participant, then records the decision locally.
void prepare_all(List *list)
{
    core::PreparedGid gid{MyDatabaseId, MyProcPid, GetTopTransactionId(), 0};
    ListCell *cell;
    foreach (cell, list) {
        auto *connection = static_cast<NodeConnection *>(lfirst(cell));
        gid.sequence = ++prepared_counter;
        core::format_prepared_gid(connection->prepared_gid, sizeof(connection->prepared_gid), gid);
        executor::send_command(connection, psprintf("PREPARE TRANSACTION %s",
                                                    quote_literal_cstr(connection->prepared_gid)));
        // From here on an abort must roll the prepared transaction back, should it exist.
        connection->xact_state = RemoteXactState::kPrepared;
    }
    // Read every answer before raising, so no connection is left with a result in flight.
    NodeConnection *failed = nullptr;
    PGresult *failure = nullptr;
    foreach (cell, list) {
        auto *connection = static_cast<NodeConnection *>(lfirst(cell));
        PGresult *result;
        bool ok = true;
        while ((result = executor::get_command_result(connection)) != nullptr) {
            if (PQresultStatus(result) != PGRES_COMMAND_OK) {
                ok = false;
                if (failure == nullptr) {
                    failed = connection, failure = result;
                    continue;
                }
            }
            PQclear(result);
        }
        // A failed PREPARE ends the remote transaction (rolled back); success leaves it prepared.
        connection->xact_state = ok ? RemoteXactState::kPrepared : RemoteXactState::kNone;
    }
    if (failed != nullptr)
        executor::raise_remote_error(failed, failure);
    write_commit_records(list);

    if (tessera_test_fault == kFaultFailBeforeLocalCommit ||
        tessera_test_fault == kFaultPauseBeforeRollbackPrepared)
        ereport(ERROR,
                (errcode(ERRCODE_INTERNAL_ERROR),
                 errmsg("tessera.test_fault: failing after prepare, before the local commit")));
}

// Before the local commit: finish or prepare every remote transaction. May raise an ERROR, which
// aborts the local transaction and so rolls everything back.
void before_local_commit()
{
    List *list = participants();
    if (list == NIL)
        return;
    ListCell *cell;
    foreach (cell, list) {
        auto *connection = static_cast<NodeConnection *>(lfirst(cell));
        if (connection->xact_state == RemoteXactState::kFailed || connection->busy ||
            connection->broken)
            ereport(ERROR, (errcode(ERRCODE_IN_FAILED_SQL_TRANSACTION),
                            errmsg("cannot commit: the transaction on node %s:%d was aborted",
                                   connection->host, connection->port),
                            errdetail("A command there failed, was cancelled, or the connection "
                                      "was lost; the distributed transaction is rolled back.")));
    }
    // Nodes that only served reads (a REPEATABLE READ snapshot) have nothing to make atomic:
    // a plain COMMIT ends them. The others commit in one phase or two.
    // One writer commits in one phase only when the local transaction wrote nothing: with local
    // writes (DDL, catalog changes, a local table) a one-phase remote COMMIT would come first
    // and could not be undone should the local commit then fail or the coordinator crash,
    // leaving e.g. a shard with a new column the coordinator lacks. Prepared, the remote work
    // follows the local commit record, as with several writers.
    bool local_writes = TransactionIdIsValid(GetTopTransactionIdIfAny());
    List *writers = NIL;
    foreach (cell, list) {
        auto *connection = static_cast<NodeConnection *>(lfirst(cell));
        if (connection->reads_only)
            commit_single(connection);
        else
            writers = lappend(writers, connection);
    }
    if (list_length(writers) == 1 && !local_writes)
        commit_single(static_cast<NodeConnection *>(linitial(writers)));
    else if (writers != NIL)
        prepare_all(writers);
    list_free(writers);
    list_free(list);
}

// before_local_commit under statement_timeout. PostgreSQL stops the statement timer before it
// commits, but here the commit waits on other nodes (PREPARE, COMMIT): one that hangs would
// hold the COMMIT forever. So the remote commit work gets a statement_timeout of its own; its
// expiry raises the usual "canceling statement due to statement timeout" and rolls back.
void before_local_commit_timed()
{
    bool remote = false;
    ListCell *cell;
    foreach (cell, executor::all_node_connections()) {
        auto state = static_cast<NodeConnection *>(lfirst(cell))->xact_state;
        remote = remote || (state != RemoteXactState::kNone && state != RemoteXactState::kJoined);
    }
    bool timed = remote && StatementTimeout > 0 && !get_timeout_active(STATEMENT_TIMEOUT);
    if (timed)
        enable_timeout_after(STATEMENT_TIMEOUT, StatementTimeout);
    before_local_commit(); // on error, PostgreSQL's error recovery stops every timer
    if (timed)
        disable_timeout(STATEMENT_TIMEOUT, false);
}

// tessera.test_fault = exit_after_local_commit: the local commit is done; leave every prepared
// transaction where it is, drop the connections without a word and end this session as soon as
// the commit returns, as if the coordinator had stopped here.
bool simulate_exit_after_local_commit()
{
    bool any = false;
    ListCell *cell;
    foreach (cell, executor::all_node_connections()) {
        auto *connection = static_cast<NodeConnection *>(lfirst(cell));
        if (connection->xact_state != RemoteXactState::kPrepared)
            continue;
        connection->xact_state = RemoteXactState::kNone;
        connection->broken = true; // closed at transaction end; prepared transactions survive it
        any = true;
    }
    if (any) {
        // Processed at the next CHECK_FOR_INTERRUPTS after the commit: a clean FATAL exit.
        ProcDiePending = true;
        InterruptPending = true;
    }
    return any;
}

// What is left to do when COMMIT PREPARED failed on `connection` (`sqlstate`: the node's
// error, or "" when it did not answer): nothing if the transaction is already gone, else a
// warning, and the maintenance worker is asked to commit it soon.
void commit_prepared_failed(NodeConnection *connection, const char *sqlstate)
{
    // No such prepared transaction: a recovery run committed it a moment ago (it acts once this
    // transaction is over, which it is since the local commit, and finds the commit record).
    // Nothing is wrong, and the connection is fine.
    if (strcmp(sqlstate, "42704") == 0)
        return;
    ereport(WARNING, (errmsg("could not commit prepared transaction %s on node %s:%d",
                             connection->prepared_gid, connection->host, connection->port),
                      errdetail("It will be committed by transaction recovery.")));
    connection->broken = true;
    // Its locks are held there until then: have the maintenance worker retry soon.
    request_prompt_recovery();
}

// After the local commit: commit the prepared transactions, on every node at once (their row
// locks go as soon as each node has committed). Failures only warn; the commit records let
// recovery finish the job.
void after_local_commit()
{
    executor::forget_unresponsive_nodes();
    if (tessera_test_fault == kFaultExitAfterLocalCommit && simulate_exit_after_local_commit())
        return;
    if (tessera_test_fault == kFaultPauseBeforeCommitPrepared)
        pg_usleep(3000000L);
    TimestampTz start = GetCurrentTimestamp();
    List *sent = NIL;
    ListCell *cell;
    foreach (cell, executor::all_node_connections()) {
        auto *connection = static_cast<NodeConnection *>(lfirst(cell));
        if (connection->xact_state != RemoteXactState::kPrepared)
            continue;
        char *command =
            psprintf("COMMIT PREPARED %s", quote_literal_cstr(connection->prepared_gid));
        if (executor::send_quietly(connection, command)) {
            sent = lappend(sent, connection);
            continue;
        }
        commit_prepared_failed(connection, "");
        connection->xact_state = RemoteXactState::kNone;
    }
    foreach (cell, sent) {
        auto *connection = static_cast<NodeConnection *>(lfirst(cell));
        char sqlstate[6];
        if (!executor::finish_quietly(connection, start, kPreparedEndTimeoutMs, sqlstate))
            commit_prepared_failed(connection, sqlstate);
        connection->xact_state = RemoteXactState::kNone;
    }
    list_free(sent);
}

} // namespace

// Cancels the command in flight on `connection` and reads its results away, waiting at most
// `timeout_ms`; a COPY in progress is ended with an error. Returns true when the connection is
// idle again. Never raises and ignores interrupts (for abort paths).
bool cancel_and_drain(NodeConnection *connection, long timeout_ms)
{
    if (!connection->busy)
        return true;
    if (connection->conn == nullptr || connection->broken)
        return false;
    // A node that does not take the cancel in time is hung: its results will not come either.
    if (!executor::cancel_running_command(connection))
        return false;
    TimestampTz start = GetCurrentTimestamp();
    for (;;) {
        long remaining = timeout_ms - TimestampDifferenceMilliseconds(start, GetCurrentTimestamp());
        if (remaining <= 0)
            return false;
        int flushed = PQflush(connection->conn);
        if (flushed < 0)
            return false;
        if (flushed == 0 && !PQisBusy(connection->conn)) {
            PGresult *result = PQgetResult(connection->conn);
            if (connection->pipeline_queries > 0 && executor::pipeline_step(connection, &result))
                continue;
            if (result == nullptr) {
                connection->busy = false;
                connection->skip_results = 0;
                return true;
            }
            ExecStatusType status = PQresultStatus(result);
            PQclear(result);
            if (status == PGRES_COPY_IN) {
                if (PQputCopyEnd(connection->conn, "cancelled by tessera") < 0)
                    return false;
            } else if (status == PGRES_COPY_OUT || status == PGRES_COPY_BOTH) {
                return false; // draining an unbounded COPY stream is not worth it here
            }
            continue;
        }
        int events = WL_SOCKET_READABLE | WL_TIMEOUT | WL_EXIT_ON_PM_DEATH;
        if (flushed == 1)
            events |= WL_SOCKET_WRITEABLE;
        // No latch: an interrupt must not stop the cleanup half way.
        WaitLatchOrSocket(nullptr, events, PQsocket(connection->conn), remaining,
                          PG_WAIT_EXTENSION);
        if (!PQconsumeInput(connection->conn))
            return false;
    }
}

namespace {

// What is left to do when ROLLBACK PREPARED did not succeed on `connection`: a warning, and the
// maintenance worker is asked to roll the transaction back soon (its locks are held until then).
void rollback_prepared_failed(NodeConnection *connection)
{
    ereport(WARNING, (errmsg("could not roll back prepared transaction %s on node %s:%d",
                             connection->prepared_gid, connection->host, connection->port),
                      errdetail("It will be rolled back by transaction recovery.")));
    connection->broken = true;
    request_prompt_recovery();
}

// After a local abort: roll back every remote transaction, prepared or not, on every node at
// once (ROLLBACK and ROLLBACK PREPARED are all sent before any answer is awaited, so the abort
// takes as long as the slowest node, not their sum; a hung node costs its own deadline only).
// Never raises.
void after_local_abort()
{
    executor::forget_unresponsive_nodes();
    ListCell *cell;
    // First stop the commands still running outside the transaction (run_command_on_workers,
    // run_command_on_shards, ...): one may be waiting for a lock this transaction holds, and once
    // the rollbacks below release it, it would run to completion and commit on its own after the
    // caller was told it failed. Waiting for the cancel to land makes the outcome certain.
    foreach (cell, executor::all_node_connections()) {
        auto *connection = static_cast<NodeConnection *>(lfirst(cell));
        if (connection->xact_state == RemoteXactState::kNone && connection->busy &&
            !cancel_and_drain(connection, kTransactionEndTimeoutMs))
            connection->broken = true;
    }
    // Busy prepared connections: the PREPARE's answer was never read (an error came first); wait
    // for it before ROLLBACK PREPARED can be sent.
    bool any_prepared = false;
    foreach (cell, executor::all_node_connections()) {
        auto *connection = static_cast<NodeConnection *>(lfirst(cell));
        if (connection->xact_state != RemoteXactState::kPrepared)
            continue;
        any_prepared = true;
        if (connection->busy && !cancel_and_drain(connection, kPreparedEndTimeoutMs))
            connection->broken = true;
    }
    if (any_prepared && tessera_test_fault == kFaultPauseBeforeRollbackPrepared)
        pg_usleep(3000000L);
    TimestampTz start = GetCurrentTimestamp();
    List *rollbacks = NIL;          // ROLLBACK sent
    List *prepared_rollbacks = NIL; // ROLLBACK PREPARED sent
    foreach (cell, executor::all_node_connections()) {
        auto *connection = static_cast<NodeConnection *>(lfirst(cell));
        switch (connection->xact_state) {
        case RemoteXactState::kNone:
        case RemoteXactState::kJoined:
            break;
        case RemoteXactState::kStarted:
        case RemoteXactState::kFailed:
            if (connection->busy) {
                executor::cancel_running_command(connection);
                connection->broken = true; // closing ends the remote transaction too
            } else if (executor::send_quietly(connection, "ROLLBACK")) {
                rollbacks = lappend(rollbacks, connection);
            } else {
                connection->broken = true;
            }
            break;
        case RemoteXactState::kPrepared: {
            char *command =
                psprintf("ROLLBACK PREPARED %s", quote_literal_cstr(connection->prepared_gid));
            if (executor::send_quietly(connection, command))
                prepared_rollbacks = lappend(prepared_rollbacks, connection);
            else
                rollback_prepared_failed(connection);
            break;
        }
        }
        connection->xact_state = RemoteXactState::kNone;
    }
    foreach (cell, prepared_rollbacks) {
        auto *connection = static_cast<NodeConnection *>(lfirst(cell));
        if (!executor::finish_quietly(connection, start, kPreparedEndTimeoutMs, nullptr))
            rollback_prepared_failed(connection);
    }
    foreach (cell, rollbacks) {
        auto *connection = static_cast<NodeConnection *>(lfirst(cell));
        if (!executor::finish_quietly(connection, start, kRollbackTimeoutMs, nullptr))
            connection->broken = true;
    }
    list_free(rollbacks);
    list_free(prepared_rollbacks);
}

// Transaction callback: drives the remote side through PostgreSQL's commit and abort.
void on_transaction_event(XactEvent event, void *)
{
    switch (event) {
    case XACT_EVENT_PRE_COMMIT:
        before_local_commit_timed();
        break;
    case XACT_EVENT_COMMIT:
        forget_constraints_modes(); // (freed with TopTransactionContext)
        after_local_commit();
        forget_all_savepoints();
        executor::reset_connections_at_transaction_end(true);
        break;
    case XACT_EVENT_ABORT:
        forget_constraints_modes();
        after_local_abort();
        forget_all_savepoints();
        executor::reset_connections_at_transaction_end(false);
        break;
    case XACT_EVENT_PRE_PREPARE: {
        List *list = participants();
        if (list != NIL)
            ereport(ERROR,
                    (errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
                     errmsg("cannot PREPARE a transaction that has run commands on other nodes")));
        break;
    }
    default:
        break;
    }
}

} // namespace

const char *prepared_transaction_prefix()
{
    char prefix[32];
    core::format_prepared_gid_prefix(prefix, sizeof(prefix), MyDatabaseId);
    return pstrdup(prefix);
}

void install_transaction_callbacks()
{
    RegisterXactCallback(on_transaction_event, nullptr);
    RegisterSubXactCallback(on_subtransaction_event, nullptr);
}

} // namespace tessera::transaction
