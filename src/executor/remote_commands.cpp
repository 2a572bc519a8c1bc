// Commands on node connections: sending (with the session settings of session_settings.cpp and
// the transaction preamble they need, through prepared statements when asked), reading results,
// waiting on several connections, and reporting remote errors.
#include "tessera/executor/autocommit_write.h"
#include "tessera/executor/connection_internal.h"
#include "tessera/executor/shared_connections.h"
#include "tessera/executor/worker_messages.h"
#include "tessera/settings.h"

extern "C" {
#include "access/xact.h"
#include "common/hashfn.h"
#include "miscadmin.h"
#include "pgstat.h"
#include "storage/latch.h"
#include "utils/builtins.h"
#include "utils/guc.h"
#include "utils/memutils.h"
#include "utils/timestamp.h"
}

namespace tessera::executor {

namespace {

// The statements of `statements` as one multi-statement string, each ending in ';'.
char *join_statements(List *statements)
{
    StringInfoData text;
    initStringInfo(&text);
    ListCell *cell;
    foreach (cell, statements)
        appendStringInfo(&text, "%s;", static_cast<char *>(lfirst(cell)));
    return text.data;
}

// Raises the error for a command that libpq could not send; the connection is unusable.
[[noreturn]] void raise_send_failure(NodeConnection *connection)
{
    connection->broken = true;
    if (connection->xact_state != RemoteXactState::kNone)
        connection->xact_state = RemoteXactState::kFailed;
    ereport(ERROR,
            (errcode(ERRCODE_CONNECTION_FAILURE),
             errmsg("could not send command to node %s:%d", connection->host, connection->port),
             errdetail_internal("%s", pchomp(PQerrorMessage(connection->conn)))));
}

// tessera.log_remote_commands (citus.log_remote_commands): reports `sql` as sent to the
// connection's node, as Citus does ("issuing ..."), with the node in the detail. Only
// reports, so it is safe on the abort path too.
void log_remote_command(const NodeConnection *connection, const char *sql)
{
    if (!tessera_log_remote_commands)
        return;
    ereport(NOTICE, (errmsg("issuing %s", sql),
                     errdetail("on server %s:%d", connection->host, connection->port)));
}

} // namespace

static void send_command_as(NodeConnection *connection, const char *sql, int param_count,
                            const Oid *param_types, const char *const *param_values,
                            bool use_prepared);

// Most statements a connection keeps prepared on its node; past this, commands with
// parameters are sent unnamed (parsed and planned each time).
constexpr int kMaxPreparedStatements = 256;

// A statement prepared on a node: its parameter types and text (the same text with other
// parameter types is another statement), and a hash of them to compare quickly.
struct PreparedStatement {
    uint32 hash;
    char *key;
};

// The key of `sql` with parameter types `param_types` among a connection's statements.
static char *statement_key(const char *sql, int param_count, const Oid *param_types)
{
    StringInfoData key;
    initStringInfo(&key);
    for (int i = 0; i < param_count; i++)
        appendStringInfo(&key, "%u,", param_types[i]);
    appendStringInfo(&key, ";%s", sql);
    return key.data;
}

void forget_prepared_statements(NodeConnection *connection)
{
    ListCell *cell;
    foreach (cell, connection->prepared_statements)
        pfree(static_cast<PreparedStatement *>(lfirst(cell))->key);
    list_free_deep(connection->prepared_statements);
    connection->prepared_statements = NIL;
}

// Drops the statements prepared on `connection` if DDL changed shards since they were prepared
// (one round trip, once per connection after each such change) rather than have the node refuse
// one. Runs before a command computes its prefix, so that the DEALLOCATE goes first.
static void drop_stale_prepared_statements(NodeConnection *connection)
{
    uint64 generation = shard_schema_generation();
    bool stale =
        connection->prepared_statements != NIL && connection->prepared_generation != generation;
    // Recorded first: the DEALLOCATE below is itself a command that comes through here.
    connection->prepared_generation = generation;
    if (stale) {
        PQclear(execute_command(connection, "DEALLOCATE ALL"));
        forget_prepared_statements(connection);
    }
}

// The name of `sql` prepared on the connection, preparing it now (one round trip) if needed;
// nullptr when the connection holds too many already.
static const char *prepared_statement(NodeConnection *connection, const char *sql, int param_count,
                                      const Oid *param_types)
{
    char *key = statement_key(sql, param_count, param_types);
    uint32 hash =
        hash_bytes(reinterpret_cast<const unsigned char *>(key), static_cast<int>(strlen(key)));
    ListCell *cell;
    int index = 0;
    foreach (cell, connection->prepared_statements) {
        auto *statement = static_cast<PreparedStatement *>(lfirst(cell));
        if (statement->hash == hash && strcmp(statement->key, key) == 0)
            return psprintf("tessera_%d", index);
        index++;
    }
    if (index >= kMaxPreparedStatements)
        return nullptr;
    char *name = psprintf("tessera_%d", index);
    log_remote_command(connection, psprintf("PREPARE %s AS %s", name, sql));
    if (!PQsendPrepare(connection->conn, name, sql, param_count, param_types)) {
        connection->broken = true;
        ereport(ERROR,
                (errcode(ERRCODE_CONNECTION_FAILURE),
                 errmsg("could not send command to node %s:%d", connection->host, connection->port),
                 errdetail_internal("%s", pchomp(PQerrorMessage(connection->conn)))));
    }
    connection->busy = true;
    PGresult *result = get_command_result_all(connection);
    if (result == nullptr || PQresultStatus(result) != PGRES_COMMAND_OK)
        raise_remote_error(connection, result);
    PQclear(result);
    MemoryContext old = MemoryContextSwitchTo(connections_memory());
    auto *statement = static_cast<PreparedStatement *>(palloc(sizeof(PreparedStatement)));
    *statement = {hash, pstrdup(key)};
    connection->prepared_statements = lappend(connection->prepared_statements, statement);
    MemoryContextSwitchTo(old);
    return name;
}

void send_prepared_command(NodeConnection *connection, const char *sql, int param_count,
                           const Oid *param_types, const char *const *param_values)
{
    send_command_as(connection, sql, param_count, param_types, param_values, true);
}

void send_command(NodeConnection *connection, const char *sql, int param_count,
                  const Oid *param_types, const char *const *param_values)
{
    send_command_as(connection, sql, param_count, param_types, param_values, false);
}

// Sends `prefix` (statements without parameters) and then the command in pipeline mode, ended
// by one Sync: a single round trip. The results of the prefix are skipped by
// get_command_result, which also leaves pipeline mode once the Sync is answered. Prefix
// statements that open every remote transaction go through statements prepared on the node.
static void send_pipelined(NodeConnection *connection, List *prefix, const char *sql,
                           const char *name, int param_count, const Oid *param_types,
                           const char *const *param_values)
{
    PGconn *conn = connection->conn;
    // Prepared first: preparing takes its own round trip, outside the pipeline.
    auto **prefix_names = static_cast<const char **>(
        palloc0(sizeof(const char *) * static_cast<size_t>(Max(list_length(prefix), 1))));
    ListCell *cell;
    foreach (cell, prefix) {
        const char *statement = static_cast<char *>(lfirst(cell));
        if (opens_every_remote_transaction(statement))
            prefix_names[foreach_current_index(cell)] =
                prepared_statement(connection, statement, 0, nullptr);
    }
    if (!PQenterPipelineMode(conn))
        raise_send_failure(connection);
    foreach (cell, prefix)
        log_remote_command(connection, static_cast<char *>(lfirst(cell)));
    log_remote_command(connection, sql);
    foreach (cell, prefix) {
        const char *prefix_name = prefix_names[foreach_current_index(cell)];
        if (!(prefix_name != nullptr
                  ? PQsendQueryPrepared(conn, prefix_name, 0, nullptr, nullptr, nullptr, 0)
                  : PQsendQueryParams(conn, static_cast<char *>(lfirst(cell)), 0, nullptr, nullptr,
                                      nullptr, nullptr, 0)))
            raise_send_failure(connection);
    }
    int sent = name != nullptr
                   ? PQsendQueryPrepared(conn, name, param_count, param_values, nullptr, nullptr, 0)
                   : PQsendQueryParams(conn, sql, param_count, param_types, param_values, nullptr,
                                       nullptr, 0);
    if (!sent || !PQpipelineSync(conn))
        raise_send_failure(connection);
    connection->skip_results = list_length(prefix);
    connection->pipeline_queries = list_length(prefix) + 1;
}

// send_command, optionally through a statement prepared on the node (kept per connection).
static void send_command_as(NodeConnection *connection, const char *sql, int param_count,
                            const Oid *param_types, const char *const *param_values,
                            bool use_prepared)
{
    if (connection->busy)
        elog(ERROR, "connection to %s:%d is busy", connection->host, connection->port);
    if (connection->xact_state == RemoteXactState::kFailed)
        ereport(ERROR, (errcode(ERRCODE_IN_FAILED_SQL_TRANSACTION),
                        errmsg("the transaction on node %s:%d was aborted", connection->host,
                               connection->port),
                        errdetail("An earlier command there failed or its savepoint was rolled "
                                  "back."),
                        errhint("Roll back the transaction and retry.")));

    if (connection->broken)
        ereport(ERROR, (errcode(ERRCODE_CONNECTION_FAILURE),
                        errmsg("connection to node %s:%d is no longer usable", connection->host,
                               connection->port),
                        errdetail("An earlier failure or cancellation left it in an unknown "
                                  "state.")));

    // Taken first: the commands sent on the way (DEALLOCATE, settings) are not the write.
    bool commits_alone =
        connection->commits_alone && connection->xact_state == RemoteXactState::kNone;
    connection->commits_alone = false;
    drop_stale_prepared_statements(connection);
    // The name of the statement prepared on the node, if one is to be used: the node then
    // parses and plans it once per connection, not per execution. Prepared first, before
    // anything below records the prefix as sent.
    const char *name = use_prepared && param_count > 0
                           ? prepared_statement(connection, sql, param_count, param_types)
                           : nullptr;
    // Session settings that changed, then BEGIN, savepoints and the like that the coordinated
    // transaction needs: both are recorded as sent here.
    List *prefix = settings_to_send(connection);
    if (prefix != NIL && connection->xact_state != RemoteXactState::kNone)
        connection->settings_in_xact = true; // a remote rollback would undo them
    prefix = list_concat(prefix, remote_transaction_preamble(connection));
    // A connection serving several roles in the transaction names the current one each time (a
    // rolled back savepoint there may have undone an earlier SET LOCAL ROLE).
    if (connection->role_switched && connection->xact_state != RemoteXactState::kNone)
        prefix = lappend(prefix, psprintf("SET LOCAL ROLE %s",
                                          quote_identifier(GetUserNameFromId(GetUserId(), false))));
    // Outside the remote transaction block the prefix goes first, alone: with the command it
    // would run as one implicit transaction, which commands such as CREATE DATABASE or VACUUM
    // refuse, and a failing command would undo the settings.
    if (prefix != NIL && connection->xact_state == RemoteXactState::kNone) {
        PQclear(execute_command(connection, join_statements(prefix)));
        prefix = NIL;
    }
    // A write that commits on its node by itself: its lock timeout goes with it, into the node's
    // implicit transaction (one statement string, or one pipeline up to its Sync).
    if (commits_alone)
        prefix = autocommit_write_preamble();
    if (use_prepared && param_count == 0 && prefix == NIL)
        name = prepared_statement(connection, sql, 0, param_types);
    if (prefix != NIL && param_count == 0) {
        // One round trip: the prefix travels with the command and its results are skipped.
        char *combined = psprintf("%s%s", join_statements(prefix), sql);
        log_remote_command(connection, combined);
        if (!PQsendQuery(connection->conn, combined))
            raise_send_failure(connection);
        connection->skip_results = list_length(prefix);
    } else if (prefix != NIL) {
        // Parameters need the extended protocol, one statement per query: a pipeline sends
        // the prefix statements and the command in one round trip.
        send_pipelined(connection, prefix, sql, name, param_count, param_types, param_values);
    } else {
        log_remote_command(connection, sql);
        int sent = name != nullptr ? PQsendQueryPrepared(connection->conn, name, param_count,
                                                         param_values, nullptr, nullptr, 0)
                   : param_count == 0
                       ? PQsendQuery(connection->conn, sql)
                       : PQsendQueryParams(connection->conn, sql, param_count, param_types,
                                           param_values, nullptr, nullptr, 0);
        if (!sent)
            raise_send_failure(connection);
    }
    connection->busy = true;
    connection->autocommit_in_flight = commits_alone;
    connection->cancel_forwarded = false;
    // Push the command out now; a non-blocking connection may hold it back otherwise.
    while (PQflush(connection->conn) == 1)
        wait_for_socket(connection, WL_SOCKET_WRITEABLE | WL_SOCKET_READABLE, -1);
}

bool pipeline_step(NodeConnection *connection, PGresult **result)
{
    if (*result == nullptr) {
        if (PQstatus(connection->conn) == CONNECTION_BAD) {
            connection->pipeline_queries = 0; // nothing more will come
            connection->broken = true;
            return false;
        }
        if (connection->pipeline_queries > 1)
            connection->pipeline_queries--;
        return true; // the end of one query's results; the Sync's answer follows the last
    }
    ExecStatusType status = PQresultStatus(*result);
    if (status != PGRES_PIPELINE_ABORTED && status != PGRES_PIPELINE_SYNC)
        return false;
    PQclear(*result);
    *result = nullptr;
    if (status == PGRES_PIPELINE_ABORTED)
        return true;
    connection->pipeline_queries = 0;
    if (!PQexitPipelineMode(connection->conn))
        connection->broken = true;
    return false;
}

PGresult *get_command_result(NodeConnection *connection)
{
    for (;;) {
        if (!connection->busy)
            return nullptr;
        if (!PQisBusy(connection->conn)) {
            PGresult *result = PQgetResult(connection->conn);
            if (connection->pipeline_queries > 0 && pipeline_step(connection, &result))
                continue;
            if (result == nullptr) {
                connection->busy = false;
                return nullptr;
            }
            ExecStatusType status = PQresultStatus(result);
            if (status == PGRES_FATAL_ERROR) {
                connection->skip_results = 0;
                if (connection->xact_state != RemoteXactState::kNone)
                    connection->xact_state = RemoteXactState::kFailed;
                if (PQstatus(connection->conn) == CONNECTION_BAD)
                    connection->broken = true;
            } else if (connection->skip_results > 0 && status == PGRES_SINGLE_TUPLE) {
                // A prefix statement's row, one by one: libpq keeps the single-row mode of the
                // connection's last streamed read for the first query of a pipeline. Its
                // zero-row TUPLES_OK follows.
                PQclear(result);
                continue;
            } else if (connection->skip_results > 0 &&
                       (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK)) {
                // A prefix statement's (the lock timeout of a write committing by itself is a
                // SELECT).
                connection->skip_results--;
                PQclear(result);
                continue;
            }
            return result;
        }
        wait_for_socket(connection, WL_SOCKET_READABLE, -1);
        if (!PQconsumeInput(connection->conn)) {
            connection->broken = true;
            connection->busy = false;
            if (connection->xact_state != RemoteXactState::kNone)
                connection->xact_state = RemoteXactState::kFailed;
            ereport(ERROR, (errcode(ERRCODE_CONNECTION_FAILURE),
                            errmsg("connection to node %s:%d was lost", connection->host,
                                   connection->port),
                            errdetail_internal("%s", pchomp(PQerrorMessage(connection->conn)))));
        }
    }
}

bool stream_command_rows(NodeConnection *connection)
{
    if (!connection->busy || connection->pipeline_queries > 0)
        return false;
    return PQsetSingleRowMode(connection->conn) == 1;
}

bool connection_result_buffered(NodeConnection *connection)
{
    return !connection->busy || !PQisBusy(connection->conn);
}

bool connection_result_ready(NodeConnection *connection)
{
    if (!connection->busy || !PQisBusy(connection->conn))
        return true;
    if (!PQconsumeInput(connection->conn)) {
        connection->broken = true;
        connection->busy = false;
        if (connection->xact_state != RemoteXactState::kNone)
            connection->xact_state = RemoteXactState::kFailed;
        ereport(ERROR,
                (errcode(ERRCODE_CONNECTION_FAILURE),
                 errmsg("connection to node %s:%d was lost", connection->host, connection->port),
                 errdetail_internal("%s", pchomp(PQerrorMessage(connection->conn)))));
    }
    return !PQisBusy(connection->conn);
}

void wait_for_any_result(NodeConnection **targets, int count, long timeout_ms)
{
    int busy = 0;
    NodeConnection *only = nullptr;
    for (int i = 0; i < count; i++)
        if (targets[i] != nullptr && targets[i]->busy)
            busy++, only = targets[i];
    if (busy == 0)
        return;
    if (busy == 1) {
        wait_for_socket(only, WL_SOCKET_READABLE, timeout_ms);
        return;
    }
    WaitEventSet *set = CreateWaitEventSet(CurrentMemoryContext, count + 2);
    AddWaitEventToSet(set, WL_LATCH_SET, PGINVALID_SOCKET, MyLatch, nullptr);
    AddWaitEventToSet(set, WL_EXIT_ON_PM_DEATH, PGINVALID_SOCKET, nullptr, nullptr);
    int sockets = 0;
    for (int i = 0; i < count; i++) {
        if (targets[i] == nullptr || !targets[i]->busy)
            continue;
        AddWaitEventToSet(set, WL_SOCKET_READABLE, PQsocket(targets[i]->conn), nullptr, nullptr);
        sockets++;
    }
    if (sockets == 0) {
        FreeWaitEventSet(set);
        return;
    }
    WaitEvent events[1];
    int fired = WaitEventSetWait(set, timeout_ms, events, 1, PG_WAIT_EXTENSION);
    FreeWaitEventSet(set);
    if (fired > 0 && (events[0].events & WL_LATCH_SET)) {
        ResetLatch(MyLatch);
        NodeConnection *committing = nullptr; // a write committing by itself, if one runs
        for (int i = 0; i < count; i++)
            if (targets[i] != nullptr && targets[i]->autocommit_in_flight)
                committing = targets[i];
        check_interrupts_for(committing);
    }
}

namespace {

// Marks the connection unusable after its link failed while finishing a COPY, and raises.
[[noreturn]] void raise_lost_during_copy(NodeConnection *connection)
{
    connection->broken = true;
    connection->busy = false;
    if (connection->xact_state != RemoteXactState::kNone)
        connection->xact_state = RemoteXactState::kFailed;
    ereport(ERROR, (errcode(ERRCODE_CONNECTION_FAILURE),
                    errmsg("connection to node %s:%d was lost", connection->host, connection->port),
                    errdetail_internal("%s", pchomp(PQerrorMessage(connection->conn)))));
}

// Ends a COPY that the caller did not ask for (a user command such as COPY ... FROM STDIN), so
// libpq moves on to the command's final result instead of repeating the COPY state forever:
// COPY FROM STDIN is ended with an error, COPY TO STDOUT data is read and dropped.
void finish_unexpected_copy(NodeConnection *connection, ExecStatusType status)
{
    PGconn *conn = connection->conn;
    if (status == PGRES_COPY_IN) {
        int rc;
        while ((rc = PQputCopyEnd(conn, "tessera sends no COPY data for this command")) == 0)
            wait_for_socket(connection, WL_SOCKET_WRITEABLE, -1);
        if (rc < 0)
            raise_lost_during_copy(connection);
        while (PQflush(conn) == 1)
            wait_for_socket(connection, WL_SOCKET_WRITEABLE | WL_SOCKET_READABLE, -1);
        return;
    }
    for (;;) {
        char *data = nullptr;
        int length = PQgetCopyData(conn, &data, 1);
        if (length > 0) {
            PQfreemem(data);
            continue;
        }
        if (length == -1)
            return; // the COPY is over; its final result follows
        if (length == -2)
            raise_lost_during_copy(connection);
        wait_for_socket(connection, WL_SOCKET_READABLE, -1);
        if (!PQconsumeInput(conn))
            raise_lost_during_copy(connection);
    }
}

} // namespace

// Reads every remaining result of the command in flight; keeps the first error or else the
// last result. Never raises for remote errors: the caller decides.
PGresult *get_command_result_all(NodeConnection *connection)
{
    PGresult *kept = nullptr;
    PGresult *result;
    while ((result = get_command_result(connection)) != nullptr) {
        ExecStatusType status = PQresultStatus(result);
        if (status == PGRES_COPY_IN || status == PGRES_COPY_OUT) {
            PQclear(result);
            finish_unexpected_copy(connection, status);
            continue;
        }
        if (status == PGRES_COPY_BOTH) {
            // Only replication connections stream both ways; this one cannot be used further.
            connection->broken = true;
            connection->busy = false;
            if (kept != nullptr)
                PQclear(kept);
            return result;
        }
        if (kept != nullptr && PQresultStatus(kept) == PGRES_FATAL_ERROR) {
            PQclear(result);
            continue;
        }
        if (kept != nullptr)
            PQclear(kept);
        kept = result;
    }
    return kept;
}

// True when `result` reports success of a command or query.
static bool result_ok(const PGresult *result)
{
    ExecStatusType status = result != nullptr ? PQresultStatus(result) : PGRES_FATAL_ERROR;
    return status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK;
}

PGresult *execute_command(NodeConnection *connection, const char *sql)
{
    send_command(connection, sql);
    PGresult *result = get_command_result_all(connection);
    if (!result_ok(result))
        raise_remote_error(connection, result);
    return result;
}

void execute_commands_parallel(NodeConnection **targets, const char *const *commands, int count,
                               PGresult **results, bool raise_on_error)
{
    for (int i = 0; i < count; i++)
        send_command(targets[i], commands[i]);
    for (int i = 0; i < count; i++)
        results[i] = get_command_result_all(targets[i]);
    if (!raise_on_error)
        return;
    for (int i = 0; i < count; i++) {
        if (!result_ok(results[i])) {
            PGresult *failed = results[i];
            for (int j = 0; j < count; j++)
                if (j != i && results[j] != nullptr)
                    PQclear(results[j]), results[j] = nullptr;
            raise_remote_error(targets[i], failed);
        }
    }
}

void raise_remote_error(NodeConnection *connection, const PGresult *result)
{
    const char *node = connection_node_name(connection);
    if (result == nullptr) {
        char *detail = pstrdup(PQerrorMessage(connection->conn));
        ereport(ERROR,
                (errcode(ERRCODE_CONNECTION_FAILURE), errmsg("command failed on node %s", node),
                 errdetail_internal("%s", pchomp(detail))));
    }
    // Notices the node sent before its error come first, as they would from PostgreSQL.
    emit_worker_notices();
    WorkerMessage worker;
    read_worker_message(result, &worker);
    int code = worker.sqlcode != 0 ? worker.sqlcode : ERRCODE_CONNECTION_FAILURE;
    char *message =
        worker.message != nullptr ? worker.message : pchomp(PQerrorMessage(connection->conn));
    // A lock wait ended by the distributed lock timeout gets a hint saying why it was bounded;
    // 55P03 from NOWAIT ("could not obtain lock on row ...") stays as PostgreSQL reports it.
    char *hint = worker.hint;
    if (hint == nullptr && code == ERRCODE_LOCK_NOT_AVAILABLE &&
        connection->xact_state != RemoteXactState::kNone &&
        strstr(message, "lock timeout") != nullptr)
        hint = pstrdup("Lock waits of distributed transactions on other nodes end after "
                       "tessera.distributed_lock_timeout (or lock_timeout, if smaller), so "
                       "that lock waits in a cycle across nodes cannot last forever. Retry "
                       "the transaction.");
    PQclear(const_cast<PGresult *>(result));
    ereport(ERROR, (errcode(code), errmsg_internal("%s", message),
                    worker.detail != nullptr ? errdetail_internal("%s", worker.detail) : 0,
                    hint != nullptr ? errhint("%s", hint) : 0, errworkerfields(&worker),
                    errcontext("while executing command on %s", node)));
}

bool send_quietly(NodeConnection *connection, const char *sql)
{
    if (connection->conn == nullptr || connection->busy || connection->broken ||
        node_unresponsive(connection))
        return false;
    log_remote_command(connection, sql);
    return PQsendQuery(connection->conn, sql) != 0;
}

bool finish_quietly(NodeConnection *connection, TimestampTz start, long timeout_ms, char *sqlstate)
{
    if (sqlstate != nullptr)
        sqlstate[0] = '\0';
    bool ok = true;
    for (;;) {
        while (PQflush(connection->conn) == 1) {
            long elapsed = TimestampDifferenceMilliseconds(start, GetCurrentTimestamp());
            if (elapsed >= timeout_ms) {
                mark_node_unresponsive(connection);
                return false;
            }
            WaitLatchOrSocket(nullptr, WL_SOCKET_WRITEABLE | WL_TIMEOUT | WL_EXIT_ON_PM_DEATH,
                              PQsocket(connection->conn), timeout_ms - elapsed, PG_WAIT_EXTENSION);
        }
        if (!PQisBusy(connection->conn)) {
            PGresult *result = PQgetResult(connection->conn);
            if (result == nullptr)
                return ok;
            if (PQresultStatus(result) != PGRES_COMMAND_OK &&
                PQresultStatus(result) != PGRES_TUPLES_OK) {
                const char *state = PQresultErrorField(result, PG_DIAG_SQLSTATE);
                if (ok && sqlstate != nullptr && state != nullptr)
                    strlcpy(sqlstate, state, 6);
                ok = false;
            }
            PQclear(result);
            continue;
        }
        // What already arrived counts even past the deadline (another node's answer may have
        // used up the time while this one's waited in the socket).
        if (!PQconsumeInput(connection->conn))
            return false;
        if (!PQisBusy(connection->conn))
            continue;
        long elapsed = TimestampDifferenceMilliseconds(start, GetCurrentTimestamp());
        if (elapsed >= timeout_ms) {
            mark_node_unresponsive(connection); // a hung node: spare the other connections
            return false;
        }
        // No latch: interrupts must not abort transaction-end cleanup half way.
        WaitLatchOrSocket(nullptr, WL_SOCKET_READABLE | WL_TIMEOUT | WL_EXIT_ON_PM_DEATH,
                          PQsocket(connection->conn), timeout_ms - elapsed, PG_WAIT_EXTENSION);
        if (!PQconsumeInput(connection->conn))
            return false;
    }
}

bool execute_quietly(NodeConnection *connection, const char *sql, long timeout_ms, char *sqlstate)
{
    if (sqlstate != nullptr)
        sqlstate[0] = '\0';
    if (!send_quietly(connection, sql))
        return false;
    return finish_quietly(connection, GetCurrentTimestamp(), timeout_ms, sqlstate);
}

} // namespace tessera::executor
