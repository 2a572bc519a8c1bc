// The connection manager: opening, reusing, waiting on and closing libpq connections to nodes.
#include "tessera/executor/connection_internal.h"
#include "tessera/executor/shared_connections.h"
#include "tessera/settings.h"

extern "C" {
#include "access/xact.h"
#include "commands/dbcommands.h"
#include "mb/pg_wchar.h"
#include "miscadmin.h"
#include "pgstat.h"
#include "port.h"
#include "storage/ipc.h"
#include "storage/latch.h"
#include "utils/builtins.h"
#include "utils/guc.h"
#include "utils/memutils.h"
#include "utils/timestamp.h"
}

#include <poll.h>

namespace tessera::executor {

namespace {

List *connections = NIL;
MemoryContext connection_context = nullptr;
// Bumped whenever tessera.node_conninfo changes; connections of older generations are retired.
uint64 conninfo_generation = 0;

// The memory context that holds every connection record for the life of the backend.
MemoryContext connections_memory()
{
    if (connection_context == nullptr)
        connection_context =
            AllocSetContextCreate(TopMemoryContext, "tessera connections", ALLOCSET_SMALL_SIZES);
    return connection_context;
}

// Options every node connection starts with: dates and intervals travel as ISO text, which
// reads back exactly whatever the coordinator session's DateStyle (other styles lose time zones).
// Shard queries run without parallel workers: a statement already runs its shards in parallel,
// and parallel workers on top of that only oversubscribe the worker's cores.
constexpr const char *kSessionOptions =
    "-c DateStyle=ISO,YMD -c IntervalStyle=postgres -c max_parallel_workers_per_gather=0";

// Settings that must match the coordinator session's for a query to compute the same result on
// a worker: time zone conversions, and float to text conversions (and float transfer precision:
// at the default of 1 and above the text is exact).
constexpr const char *kPropagatedSettings[] = {"TimeZone", "extra_float_digits", "bytea_output"};

// SET commands bringing the connection's session in line with the coordinator session, or
// nullptr when nothing changed since they were last sent.
char *settings_to_send(NodeConnection *connection)
{
    StringInfoData wanted;
    initStringInfo(&wanted);
    for (const char *name : kPropagatedSettings) {
        const char *value = GetConfigOption(name, false, false);
        appendStringInfo(&wanted, "SET %s TO %s;", name, quote_literal_cstr(value));
    }
    if (connection->session_settings != nullptr &&
        strcmp(connection->session_settings, wanted.data) == 0)
        return nullptr;
    if (connection->session_settings != nullptr)
        pfree(connection->session_settings);
    connection->session_settings = MemoryContextStrdup(connections_memory(), wanted.data);
    return wanted.data;
}

// The connect timeout in milliseconds from tessera.node_conninfo (connect_timeout, seconds);
// -1 when none is set. libpq enforces it only for blocking connects, so we do it ourselves.
long connect_timeout_ms(PQconninfoOption *options)
{
    for (PQconninfoOption *option = options; option != nullptr && option->keyword != nullptr;
         option++) {
        if (strcmp(option->keyword, "connect_timeout") == 0 && option->val != nullptr &&
            option->val[0] != '\0') {
            long seconds = strtol(option->val, nullptr, 10);
            return seconds > 0 ? Max(seconds, 2) * 1000L : -1;
        }
    }
    return -1;
}

// True for settings that tessera.node_conninfo may not override.
bool reserved_keyword(const char *keyword)
{
    static const char *const reserved[] = {"host", "hostaddr", "port",        "dbname",
                                           "user", "options",  "replication", "client_encoding"};
    for (const char *name : reserved)
        if (strcmp(keyword, name) == 0)
            return true;
    return false;
}

// At backend exit: closes every connection, so the shared counts stay true.
void close_all_at_exit(int, Datum)
{
    while (connections != NIL)
        close_connection(static_cast<NodeConnection *>(linitial(connections)));
}

void register_exit_callback()
{
    static bool registered = false;
    if (!registered)
        before_shmem_exit(close_all_at_exit, 0);
    registered = true;
}

// Starts a non-blocking libpq connection for the current database and user; nullptr when an
// optional connection would exceed the node's shared limit.
NodeConnection *start_connection(const char *host, int port, bool optional)
{
    char *error = nullptr;
    PQconninfoOption *extra =
        PQconninfoParse(tessera_node_conninfo != nullptr ? tessera_node_conninfo : "", &error);
    if (extra == nullptr) {
        char *detail = pstrdup(error != nullptr ? error : "out of memory");
        if (error != nullptr)
            PQfreemem(error);
        ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                        errmsg("invalid tessera.node_conninfo"), errdetail_internal("%s", detail)));
    }

    const char *keywords[64];
    const char *values[64];
    int n = 0;
    char port_text[16];
    snprintf(port_text, sizeof(port_text), "%d", port);
    keywords[n] = "host", values[n++] = host;
    keywords[n] = "port", values[n++] = port_text;
    keywords[n] = "dbname", values[n++] = get_database_name(MyDatabaseId);
    keywords[n] = "user", values[n++] = GetUserNameFromId(GetUserId(), false);
    keywords[n] = "client_encoding", values[n++] = GetDatabaseEncodingName();
    keywords[n] = "options", values[n++] = kSessionOptions;
    keywords[n] = "fallback_application_name", values[n++] = "tessera";
    for (PQconninfoOption *option = extra; option->keyword != nullptr && n < 62; option++) {
        if (option->val == nullptr || reserved_keyword(option->keyword))
            continue;
        keywords[n] = option->keyword, values[n++] = option->val;
    }
    keywords[n] = nullptr, values[n] = nullptr;

    // Count it among this coordinator's connections to the node; an optional connection is not
    // opened once the node's shared limit is reached.
    if (!reserve_shared_connection(host, port, !optional)) {
        PQconninfoFree(extra);
        return nullptr;
    }
    register_exit_callback();
    MemoryContext old = MemoryContextSwitchTo(connections_memory());
    auto *connection = static_cast<NodeConnection *>(palloc0(sizeof(NodeConnection)));
    strlcpy(connection->host, host, sizeof(connection->host));
    connection->port = port;
    connection->user_id = GetUserId();
    connection->conninfo_generation = conninfo_generation;
    connection->xact_state = RemoteXactState::kNone;
    connection->connecting = true;
    connection->counted = true;
    connections = lappend(connections, connection);
    MemoryContextSwitchTo(old);

    connection->conn = PQconnectStartParams(keywords, values, 0);
    PQconninfoFree(extra); // after the start: `values` point into it
    if (connection->conn == nullptr || PQstatus(connection->conn) == CONNECTION_BAD) {
        char *detail = pstrdup(connection->conn != nullptr ? PQerrorMessage(connection->conn)
                                                           : "out of memory");
        close_connection(connection);
        ereport(ERROR, (errcode(ERRCODE_CONNECTION_FAILURE),
                        errmsg("could not connect to node %s:%d", host, port),
                        errdetail_internal("%s", pchomp(detail))));
    }
    return connection;
}

// Waits for the socket like wait_for_socket; if an interrupt (Ctrl-C) raises, the half-open
// connection, of no use to anyone, is closed first.
bool wait_or_close(NodeConnection *connection, int events, long timeout_ms)
{
    bool ready = false;
    bool *const ready_slot = &ready;
    PG_TRY();
    {
        *ready_slot = wait_for_socket(connection, events, timeout_ms);
    }
    PG_CATCH();
    {
        close_connection(connection);
        PG_RE_THROW();
    }
    PG_END_TRY();
    return ready;
}

// Finishes the libpq handshake of a connection started by start_connection. Returns nullptr on
// success, else a palloc'd reason; the failed connection is then closed. Interrupts still raise.
char *finish_connecting_or_explain(NodeConnection *connection)
{
    char *error = nullptr;
    PQconninfoOption *extra =
        PQconninfoParse(tessera_node_conninfo != nullptr ? tessera_node_conninfo : "", &error);
    long timeout = extra != nullptr ? connect_timeout_ms(extra) : -1;
    if (extra != nullptr)
        PQconninfoFree(extra);
    if (error != nullptr)
        PQfreemem(error);

    TimestampTz start = GetCurrentTimestamp();
    PostgresPollingStatusType status = PGRES_POLLING_WRITING;
    while (status != PGRES_POLLING_OK) {
        if (status == PGRES_POLLING_FAILED) {
            char *reason = pchomp(PQerrorMessage(connection->conn));
            close_connection(connection);
            return reason;
        }
        long remaining = -1;
        if (timeout > 0) {
            long elapsed = TimestampDifferenceMilliseconds(start, GetCurrentTimestamp());
            remaining = Max(timeout - elapsed, 0);
        }
        int events = status == PGRES_POLLING_READING ? WL_SOCKET_READABLE : WL_SOCKET_WRITEABLE;
        if (!wait_or_close(connection, events, remaining)) {
            close_connection(connection);
            return psprintf("The connection attempt timed out after %ld ms.", timeout);
        }
        status = PQconnectPoll(connection->conn);
    }
    connection->connecting = false;
    if (PQsetnonblocking(connection->conn, 1) != 0)
        elog(WARNING, "could not make connection to %s:%d non-blocking", connection->host,
             connection->port);
    return nullptr;
}

// Finishes the handshake or raises an ERROR naming the node.
void finish_connecting(NodeConnection *connection)
{
    char host[256];
    int port = connection->port;
    strlcpy(host, connection->host, sizeof(host));
    char *reason = finish_connecting_or_explain(connection);
    if (reason != nullptr)
        ereport(ERROR, (errcode(ERRCODE_CONNECTION_FAILURE),
                        errmsg("could not connect to node %s:%d", host, port),
                        errdetail_internal("%s", reason)));
}

// A connection to host:port for the current user that this transaction may use: with
// `exclusive`, one nobody claimed; otherwise preferably the one already in the remote transaction.
// True if an idle connection has been closed by its node (a restart, an administrator): an idle
// connection receives nothing unless the server ends it. One poll() without waiting.
bool idle_connection_lost(NodeConnection *connection)
{
    struct pollfd poll_fd = {PQsocket(connection->conn), POLLIN, 0};
    if (poll(&poll_fd, 1, 0) <= 0)
        return false; // nothing arrived: alive as far as anyone can tell
    return !PQconsumeInput(connection->conn) || PQstatus(connection->conn) == CONNECTION_BAD ||
           poll(&poll_fd, 1, 0) > 0;
}

NodeConnection *find_usable_connection(const char *host, int port, bool exclusive)
{
    Oid user = GetUserId();
    NodeConnection *idle = nullptr;
    ListCell *cell;
    foreach (cell, connections) {
        auto *connection = static_cast<NodeConnection *>(lfirst(cell));
        if (connection->broken || connection->port != port || connection->user_id != user ||
            strcmp(connection->host, host) != 0)
            continue;
        if (!exclusive && connection->xact_state != RemoteXactState::kNone && !connection->busy)
            return connection;
        if (!connection->claimed && !connection->busy && idle == nullptr &&
            connection->xact_state == RemoteXactState::kNone &&
            connection->conninfo_generation == conninfo_generation) {
            // A node restarted since the last use: do not fail this statement on a dead
            // connection; it is closed at transaction end and a new one is opened now.
            if (!connection->connecting && idle_connection_lost(connection)) {
                connection->broken = true;
                continue;
            }
            idle = connection;
        }
    }
    return idle;
}

} // namespace

List *all_node_connections()
{
    return connections;
}

void release_connection(NodeConnection *connection)
{
    connection->claimed = false;
}

NodeConnection *start_node_connection(const char *host, int port, uint32 flags)
{
    NodeConnection *connection =
        find_usable_connection(host, port, (flags & kConnectionExclusive) != 0);
    if (connection == nullptr && (flags & kConnectionIdleOnly) == 0)
        connection = start_connection(host, port, (flags & kConnectionOptional) != 0);
    if (connection != nullptr)
        connection->claimed = true;
    return connection;
}

char *finish_connection_or_explain(NodeConnection *connection)
{
    return connection->connecting ? finish_connecting_or_explain(connection) : nullptr;
}

void wait_for_connections(List *pending)
{
    ListCell *cell;
    foreach (cell, pending) {
        auto *connection = static_cast<NodeConnection *>(lfirst(cell));
        if (connection->connecting)
            finish_connecting(connection);
    }
}

NodeConnection *get_node_connection(const char *host, int port, uint32 flags)
{
    NodeConnection *connection = start_node_connection(host, port, flags);
    if (connection->connecting)
        finish_connecting(connection);
    return connection;
}

// Waits on the connection's own long-lived wait event set: building one per wait costs an
// epoll instance (three system calls) on the hot path of every query.
static bool wait_on_cached_set(NodeConnection *connection, int events, long timeout_ms)
{
    if (connection->wait_set == nullptr) {
        WaitEventSet *set = CreateWaitEventSet(connections_memory(), 3);
        AddWaitEventToSet(set, WL_LATCH_SET, PGINVALID_SOCKET, MyLatch, nullptr);
        AddWaitEventToSet(set, WL_EXIT_ON_PM_DEATH, PGINVALID_SOCKET, nullptr, nullptr);
        connection->socket_event =
            AddWaitEventToSet(set, events, PQsocket(connection->conn), nullptr, nullptr);
        connection->wait_set = set;
        connection->wait_events = events;
    } else if (connection->wait_events != events) {
        ModifyWaitEvent(connection->wait_set, connection->socket_event, events, nullptr);
        connection->wait_events = events;
    }
    TimestampTz start = timeout_ms >= 0 ? GetCurrentTimestamp() : 0;
    for (;;) {
        long remaining = -1;
        if (timeout_ms >= 0) {
            remaining = timeout_ms - TimestampDifferenceMilliseconds(start, GetCurrentTimestamp());
            if (remaining <= 0)
                return false;
        }
        WaitEvent event;
        int fired = WaitEventSetWait(connection->wait_set, remaining, &event, 1, PG_WAIT_EXTENSION);
        if (fired == 0)
            return false;
        if (event.events & WL_LATCH_SET) {
            ResetLatch(MyLatch);
            CHECK_FOR_INTERRUPTS();
            continue;
        }
        if (event.events & (WL_SOCKET_READABLE | WL_SOCKET_WRITEABLE))
            return true;
    }
}

bool wait_for_socket(NodeConnection *connection, int events, long timeout_ms)
{
    // While connecting, libpq may switch sockets (one per address tried): no caching then.
    if (!connection->connecting)
        return wait_on_cached_set(connection, events, timeout_ms);
    int wait_flags = events | WL_LATCH_SET | WL_EXIT_ON_PM_DEATH;
    TimestampTz start = GetCurrentTimestamp();
    for (;;) {
        long remaining = -1;
        if (timeout_ms >= 0) {
            remaining = timeout_ms - TimestampDifferenceMilliseconds(start, GetCurrentTimestamp());
            if (remaining <= 0)
                return false;
            wait_flags |= WL_TIMEOUT;
        }
        int rc = WaitLatchOrSocket(MyLatch, wait_flags, PQsocket(connection->conn), remaining,
                                   PG_WAIT_EXTENSION);
        if (rc & WL_LATCH_SET) {
            ResetLatch(MyLatch);
            CHECK_FOR_INTERRUPTS();
        }
        if (rc & (WL_SOCKET_READABLE | WL_SOCKET_WRITEABLE))
            return true;
        if (rc & WL_TIMEOUT)
            return false;
    }
}

void close_connection(NodeConnection *connection)
{
    if (connection->counted)
        release_shared_connection(connection->host, connection->port);
    connection->counted = false;
    if (connection->wait_set != nullptr)
        FreeWaitEventSet(connection->wait_set);
    connection->wait_set = nullptr;
    if (connection->conn != nullptr)
        PQfinish(connection->conn);
    connection->conn = nullptr;
    connections = list_delete_ptr(connections, connection);
    pfree(connection);
}

void cancel_running_command(NodeConnection *connection)
{
    if (connection->conn == nullptr || !connection->busy)
        return;
    PGcancel *cancel = PQgetCancel(connection->conn);
    if (cancel == nullptr)
        return;
    char error[256];
    if (!PQcancel(cancel, error, sizeof(error)))
        elog(DEBUG1, "could not cancel command on %s:%d: %s", connection->host, connection->port,
             error);
    PQfreeCancel(cancel);
}

static void send_command_as(NodeConnection *connection, const char *sql, int param_count,
                            const Oid *param_types, const char *const *param_values,
                            bool use_prepared);

// Most statements a connection keeps prepared on its node; past this, commands with
// parameters are sent unnamed (parsed and planned each time).
constexpr int kMaxPreparedStatements = 256;

// The name of `sql` prepared on the connection, preparing it now (one round trip) if needed;
// nullptr when the connection holds too many already.
static const char *prepared_statement(NodeConnection *connection, const char *sql, int param_count,
                                      const Oid *param_types)
{
    ListCell *cell;
    int index = 0;
    foreach (cell, connection->prepared_statements) {
        if (strcmp(static_cast<char *>(lfirst(cell)), sql) == 0)
            return psprintf("tessera_%d", index);
        index++;
    }
    if (index >= kMaxPreparedStatements)
        return nullptr;
    char *name = psprintf("tessera_%d", index);
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
    connection->prepared_statements = lappend(connection->prepared_statements, pstrdup(sql));
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

    // Session settings that changed, then BEGIN, savepoints and the like that the coordinated
    // transaction needs: both are recorded as sent here.
    char *settings = settings_to_send(connection);
    int prefix_results = settings != nullptr ? lengthof(kPropagatedSettings) : 0;
    if (settings != nullptr && connection->xact_state != RemoteXactState::kNone)
        connection->settings_in_xact = true; // a remote rollback would undo them
    int preamble_count = 0;
    char *preamble = remote_transaction_preamble(connection, &preamble_count);
    char *prefix = settings;
    if (preamble != nullptr) {
        prefix = psprintf("%s%s", settings != nullptr ? settings : "", preamble);
        prefix_results += preamble_count;
    }
    // Inside the remote transaction block the prefix may travel with the command. Outside it
    // it may not: the pair would run as one implicit transaction, which commands such as CREATE
    // DATABASE or VACUUM refuse, and a failing command would undo the settings. Parameters need
    // the extended protocol, which takes one statement: then the prefix goes first, alone (the
    // nested call adds nothing, as everything is recorded as sent).
    bool combine =
        prefix != nullptr && param_count == 0 && connection->xact_state != RemoteXactState::kNone;
    if (prefix != nullptr && !combine) {
        PQclear(execute_command(connection, prefix));
        prefix = nullptr;
    }
    int sent;
    if (prefix != nullptr) {
        // One round trip: the prefix travels with the command and its results are skipped.
        sent = PQsendQuery(connection->conn, psprintf("%s%s", prefix, sql));
        connection->skip_results = prefix_results;
    } else if (use_prepared) {
        // The node parses and plans the statement once per connection, not per execution.
        const char *name = prepared_statement(connection, sql, param_count, param_types);
        sent = name != nullptr ? PQsendQueryPrepared(connection->conn, name, param_count,
                                                     param_values, nullptr, nullptr, 0)
                               : PQsendQueryParams(connection->conn, sql, param_count, param_types,
                                                   param_values, nullptr, nullptr, 0);
    } else {
        sent = param_count == 0 ? PQsendQuery(connection->conn, sql)
                                : PQsendQueryParams(connection->conn, sql, param_count, param_types,
                                                    param_values, nullptr, nullptr, 0);
    }
    if (!sent) {
        connection->broken = true;
        if (connection->xact_state != RemoteXactState::kNone)
            connection->xact_state = RemoteXactState::kFailed;
        ereport(ERROR,
                (errcode(ERRCODE_CONNECTION_FAILURE),
                 errmsg("could not send command to node %s:%d", connection->host, connection->port),
                 errdetail_internal("%s", pchomp(PQerrorMessage(connection->conn)))));
    }
    connection->busy = true;
    // Push the command out now; a non-blocking connection may hold it back otherwise.
    while (PQflush(connection->conn) == 1)
        wait_for_socket(connection, WL_SOCKET_WRITEABLE | WL_SOCKET_READABLE, -1);
}

PGresult *get_command_result(NodeConnection *connection)
{
    for (;;) {
        if (!connection->busy)
            return nullptr;
        if (!PQisBusy(connection->conn)) {
            PGresult *result = PQgetResult(connection->conn);
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
            } else if (connection->skip_results > 0 && status == PGRES_COMMAND_OK) {
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
        CHECK_FOR_INTERRUPTS();
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
    const char *sqlstate = PQresultErrorField(result, PG_DIAG_SQLSTATE);
    const char *primary = PQresultErrorField(result, PG_DIAG_MESSAGE_PRIMARY);
    const char *detail = PQresultErrorField(result, PG_DIAG_MESSAGE_DETAIL);
    const char *hint = PQresultErrorField(result, PG_DIAG_MESSAGE_HINT);
    int code = ERRCODE_CONNECTION_FAILURE;
    if (sqlstate != nullptr && strlen(sqlstate) == 5)
        code = MAKE_SQLSTATE(sqlstate[0], sqlstate[1], sqlstate[2], sqlstate[3], sqlstate[4]);
    char *message =
        pstrdup(primary != nullptr ? primary : pchomp(PQerrorMessage(connection->conn)));
    char *detail_copy = detail != nullptr ? pstrdup(detail) : nullptr;
    char *hint_copy = hint != nullptr ? pstrdup(hint) : nullptr;
    if (hint_copy == nullptr && code == ERRCODE_LOCK_NOT_AVAILABLE &&
        connection->xact_state != RemoteXactState::kNone)
        hint_copy = pstrdup("Lock waits of distributed transactions on other nodes end after "
                            "tessera.distributed_lock_timeout (or lock_timeout, if smaller), so "
                            "that lock waits in a cycle across nodes cannot last forever. Retry "
                            "the transaction.");
    PQclear(const_cast<PGresult *>(result));
    ereport(ERROR, (errcode(code), errmsg_internal("%s", message),
                    detail_copy != nullptr ? errdetail_internal("%s", detail_copy) : 0,
                    hint_copy != nullptr ? errhint("%s", hint_copy) : 0,
                    errcontext("while executing command on %s", node)));
}

bool execute_quietly(NodeConnection *connection, const char *sql, long timeout_ms)
{
    if (connection->conn == nullptr || connection->busy || connection->broken)
        return false;
    if (!PQsendQuery(connection->conn, sql))
        return false;
    TimestampTz start = GetCurrentTimestamp();
    bool ok = true;
    for (;;) {
        while (PQflush(connection->conn) == 1) {
            long elapsed = TimestampDifferenceMilliseconds(start, GetCurrentTimestamp());
            if (elapsed >= timeout_ms)
                return false;
            WaitLatchOrSocket(nullptr, WL_SOCKET_WRITEABLE | WL_TIMEOUT | WL_EXIT_ON_PM_DEATH,
                              PQsocket(connection->conn), timeout_ms - elapsed, PG_WAIT_EXTENSION);
        }
        if (!PQisBusy(connection->conn)) {
            PGresult *result = PQgetResult(connection->conn);
            if (result == nullptr)
                return ok;
            if (PQresultStatus(result) != PGRES_COMMAND_OK &&
                PQresultStatus(result) != PGRES_TUPLES_OK)
                ok = false;
            PQclear(result);
            continue;
        }
        long elapsed = TimestampDifferenceMilliseconds(start, GetCurrentTimestamp());
        if (elapsed >= timeout_ms)
            return false;
        // No latch: interrupts must not abort transaction-end cleanup half way.
        WaitLatchOrSocket(nullptr, WL_SOCKET_READABLE | WL_TIMEOUT | WL_EXIT_ON_PM_DEATH,
                          PQsocket(connection->conn), timeout_ms - elapsed, PG_WAIT_EXTENSION);
        if (!PQconsumeInput(connection->conn))
            return false;
    }
}

// True while fewer than tessera.max_cached_conns_per_worker earlier connections of this list
// (same node and user) are being kept: idle connections hold slots of the worker's
// max_connections that other sessions may need.
static bool keep_cached(NodeConnection *connection)
{
    int kept = 0;
    ListCell *cell;
    foreach (cell, connections) {
        auto *other = static_cast<NodeConnection *>(lfirst(cell));
        if (other == connection)
            break;
        if (other->port == connection->port && other->user_id == connection->user_id &&
            !other->broken && strcmp(other->host, connection->host) == 0)
            kept++;
    }
    return kept < tessera_max_cached_conns_per_worker;
}

void reset_connections_at_transaction_end()
{
    List *copy = list_copy(connections);
    ListCell *cell;
    foreach (cell, copy) {
        auto *connection = static_cast<NodeConnection *>(lfirst(cell));
        connection->claimed = false;
        connection->reads_only = false;
        connection->skip_results = 0;
        if (connection->settings_in_xact && connection->session_settings != nullptr) {
            // Sent inside a remote transaction that may have rolled back: send again next time.
            pfree(connection->session_settings);
            connection->session_settings = nullptr;
        }
        connection->settings_in_xact = false;
        if (connection->busy) {
            // A command still in flight (an error or cancel interrupted us): stop it there.
            cancel_running_command(connection);
            connection->broken = true;
        }
        if (connection->broken || connection->conn == nullptr ||
            PQstatus(connection->conn) == CONNECTION_BAD ||
            connection->xact_state != RemoteXactState::kNone ||
            connection->conninfo_generation != conninfo_generation || !keep_cached(connection))
            close_connection(connection);
    }
    list_free(copy);
}

PGconn *connection_pgconn(NodeConnection *connection)
{
    return connection->conn;
}

const char *connection_node_name(NodeConnection *connection)
{
    return psprintf("%s:%d", connection->host, connection->port);
}

bool node_conninfo_acceptable(const char *conninfo, char **reason)
{
    char *error = nullptr;
    PQconninfoOption *options = PQconninfoParse(conninfo != nullptr ? conninfo : "", &error);
    if (options == nullptr) {
        *reason = pchomp(error != nullptr ? error : "out of memory");
        if (error != nullptr)
            PQfreemem(error);
        return false;
    }
    bool ok = true;
    for (PQconninfoOption *option = options; option->keyword != nullptr; option++) {
        if (option->val != nullptr && reserved_keyword(option->keyword)) {
            *reason = psprintf("Tessera sets \"%s\" itself on every connection.", option->keyword);
            ok = false;
            break;
        }
    }
    PQconninfoFree(options);
    return ok;
}

void node_conninfo_changed()
{
    conninfo_generation++;
}

void close_node_connections(const char *host, int port)
{
    List *copy = list_copy(connections);
    ListCell *cell;
    foreach (cell, copy) {
        auto *connection = static_cast<NodeConnection *>(lfirst(cell));
        if (connection->port == port && strcmp(connection->host, host) == 0 && !connection->busy &&
            connection->xact_state == RemoteXactState::kNone)
            close_connection(connection);
    }
    list_free(copy);
}

} // namespace tessera::executor
