// The connection manager: opening, reusing, waiting on and closing libpq connections to nodes.
// Who a connection logs in as is in connection_identity.cpp, connect timeouts and the nodes that
// timed out in connection_timeouts.cpp, cancel requests in connection_cancel.cpp.
#include "tessera/core/wait_graph.h"
#include "tessera/executor/autocommit_write.h"
#include "tessera/executor/connection_internal.h"
#include "tessera/executor/connection_manager_internal.h"
#include "tessera/executor/shared_connections.h"
#include "tessera/executor/worker_messages.h"
#include "tessera/metadata/nodes.h"
#include "tessera/settings.h"

extern "C" {
#include "access/htup_details.h"
#include "access/xact.h"
#include "catalog/pg_authid.h"
#include "commands/dbcommands.h"
#include "libpq/pqcomm.h"
#include "mb/pg_wchar.h"
#include "miscadmin.h"
#include "pgstat.h"
#include "port.h"
#include "port/pg_bswap.h"
#include "storage/ipc.h"
#include "storage/latch.h"
#include "utils/acl.h"
#include "utils/builtins.h"
#include "utils/guc.h"
#include "utils/memutils.h"
#include "utils/syscache.h"
#include "utils/timestamp.h"
}

#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>
#include <cctype>

namespace tessera::executor {

namespace {

List *connections = NIL;
MemoryContext connection_context = nullptr;
// Bumped whenever tessera.node_conninfo changes; connections of older generations are retired.
uint64 conninfo_generation = 0;

// Options every node connection starts with: dates and intervals travel as ISO text, which
// reads back exactly whatever the coordinator session's DateStyle (other styles lose time zones),
// and floats with all their digits, whatever the session's extra_float_digits.
// Shard queries run without parallel workers: a statement already runs its shards in parallel,
// and parallel workers on top of that only oversubscribe the worker's cores. Transactions begun
// without an isolation level (a write committing on its node by itself, autocommit_write.cpp)
// run at READ COMMITTED whatever the node's configured default, as the coordinator's did.
constexpr const char *kSessionOptions =
    "-c DateStyle=ISO,YMD -c IntervalStyle=postgres -c extra_float_digits=3 "
    "-c max_parallel_workers_per_gather=0 -c default_transaction_isolation=read\\ committed";

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

// True if no other identity's connection to host:port takes part in the coordinated
// transaction; otherwise names that connection's role in *other.
bool no_other_identity_in_transaction(const char *host, int port, ConnectionIdentity identity,
                                      Oid *other)
{
    ListCell *cell;
    foreach (cell, connections) {
        auto *connection = static_cast<NodeConnection *>(lfirst(cell));
        if (!connection->broken && connection->port == port &&
            connection->xact_state != RemoteXactState::kNone &&
            (connection->user_id != identity.role || connection->login_user_id != identity.login) &&
            strcmp(connection->host, host) == 0) {
            *other = connection->user_id;
            return false;
        }
    }
    return true;
}

// The one connection that holds this transaction's work on host:port for another identity than
// `identity`, when commands as `identity` may run there after a SET LOCAL ROLE: its login user
// may set the role on the node (a superuser, or a member, as PostgreSQL checks SET ROLE), is the
// session user (or the one a new connection would log in as: after SET SESSION AUTHORIZATION the
// node's session_user must not stay another user's) and neither `identity` nor a third one has
// work there. nullptr otherwise.
NodeConnection *switchable_transaction_connection(const char *host, int port,
                                                  ConnectionIdentity identity)
{
    NodeConnection *found = nullptr;
    ListCell *cell;
    foreach (cell, connections) {
        auto *connection = static_cast<NodeConnection *>(lfirst(cell));
        if (connection->broken || connection->port != port ||
            connection->xact_state == RemoteXactState::kNone || strcmp(connection->host, host) != 0)
            continue;
        if (found != nullptr ||
            (connection->user_id == identity.role && connection->login_user_id == identity.login))
            return nullptr;
        found = connection;
    }
    if (found == nullptr || !OidIsValid(identity.role) ||
        (found->login_user_id != GetSessionUserId() && found->login_user_id != identity.login) ||
        !(superuser_arg(found->login_user_id) ||
          is_member_of_role(found->login_user_id, identity.role)))
        return nullptr;
    return found;
}

// Starts a non-blocking libpq connection for the current database and `who`; nullptr when
// an optional connection would exceed the node's shared limit.
NodeConnection *start_connection(const char *host, int port, bool optional, ConnectionIdentity who)
{
    char *error = nullptr;
    PQconninfoOption *extra = PQconninfoParse(tessera::effective_node_conninfo(), &error);
    if (extra == nullptr) {
        char *detail = pstrdup(error != nullptr ? error : "out of memory");
        if (error != nullptr)
            PQfreemem(error);
        ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                        errmsg("invalid node_conninfo setting"), errdetail_internal("%s", detail)));
    }

    const char *keywords[64];
    const char *values[64];
    int n = 0;
    char port_text[16];
    snprintf(port_text, sizeof(port_text), "%d", port);
    keywords[n] = "host", values[n++] = host;
    keywords[n] = "port", values[n++] = port_text;
    keywords[n] = "dbname", values[n++] = get_database_name(MyDatabaseId);
    keywords[n] = "user", values[n++] = GetUserNameFromId(who.login, false);
    keywords[n] = "client_encoding", values[n++] = GetDatabaseEncodingName();
    // A role set at connection start is the session's default: RESET ROLE, DISCARD ALL and a
    // rolled back transaction on the node all come back to it.
    StringInfoData options;
    initStringInfo(&options);
    appendStringInfoString(&options, kSessionOptions);
    if (who.login != who.role) {
        appendStringInfoString(&options, " -c role=");
        append_option_value(&options, GetUserNameFromId(who.role, false));
    }
    keywords[n] = "options", values[n++] = options.data;
    // Names this backend, so that the distributed deadlock detector can tell for whom a backend
    // on the node works (transaction/deadlock_detection.h); an application_name in
    // tessera.node_conninfo replaces it, and the node's waits are then not seen.
    char identity[64];
    core::format_backend_identity(
        identity, sizeof(identity),
        core::BackendIdentity{MyProcPid, static_cast<int64_t>(MyStartTime)});
    keywords[n] = "fallback_application_name", values[n++] = identity;
    // TCP keepalives (libpq turns them on) with tighter timing than the kernel's default of two
    // hours: a worker that vanished without closing the connection (powered off, cut off) is
    // noticed after about two minutes even while a command waits for its answer. (A worker
    // whose processes hang still answers keepalives from its kernel: statement_timeout covers
    // that.) tessera.node_conninfo may set them otherwise: its values come later and win.
    keywords[n] = "keepalives_idle", values[n++] = "60";
    keywords[n] = "keepalives_interval", values[n++] = "10";
    keywords[n] = "keepalives_count", values[n++] = "6";
    for (PQconninfoOption *option = extra; option->keyword != nullptr && n < 62; option++) {
        if (option->val == nullptr || reserved_keyword(option->keyword))
            continue;
        keywords[n] = option->keyword, values[n++] = option->val;
    }
    keywords[n] = nullptr, values[n] = nullptr;

    // A node that just timed out is not tried again for a while: the connection carries the
    // reason instead, and finishing it fails at once (callers may then use another placement).
    char *skipped = recent_connect_timeout(host, port);
    // Count it among this coordinator's connections to the node; an optional connection is not
    // opened once the node's shared limit is reached.
    if (skipped == nullptr && !reserve_shared_connection(host, port, !optional)) {
        PQconninfoFree(extra);
        return nullptr;
    }
    register_exit_callback();
    MemoryContext old = MemoryContextSwitchTo(connections_memory());
    auto *connection = static_cast<NodeConnection *>(palloc0(sizeof(NodeConnection)));
    strlcpy(connection->host, host, sizeof(connection->host));
    connection->port = port;
    connection->user_id = who.role;
    connection->login_user_id = who.login;
    connection->conninfo_generation = conninfo_generation;
    connection->address_generation = metadata::node_address_generation(false);
    connection->xact_state = RemoteXactState::kNone;
    connection->connecting = true;
    connection->counted = skipped == nullptr;
    connection->skipped_reason = skipped;
    // Marked broken so that no one else picks it up before it is finished (and closed).
    connection->broken = skipped != nullptr;
    connections = lappend(connections, connection);
    MemoryContextSwitchTo(old);
    if (skipped != nullptr) {
        PQconninfoFree(extra);
        return connection;
    }

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
    watch_worker_notices(connection->conn);
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
    PQconninfoOption *extra = PQconninfoParse(tessera::effective_node_conninfo(), &error);
    long timeout = tessera_node_connection_timeout > 0 ? tessera_node_connection_timeout
                   : extra != nullptr                  ? connect_timeout_ms(extra)
                                                       : -1;
    if (extra != nullptr)
        PQconninfoFree(extra);
    if (error != nullptr)
        PQfreemem(error);

    if (connection->skipped_reason != nullptr) {
        char *reason = pstrdup(connection->skipped_reason);
        close_connection(connection);
        return reason;
    }

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
            remember_timed_out_node(connection->host, connection->port, timeout);
            close_connection(connection);
            return psprintf("The connection attempt timed out after %ld ms.", timeout);
        }
        status = PQconnectPoll(connection->conn);
    }
    connection->connecting = false;
    forget_timed_out_node(connection->host, connection->port);
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

NodeConnection *find_usable_connection(const char *host, int port, bool exclusive,
                                       ConnectionIdentity identity)
{
    NodeConnection *idle = nullptr;
    // A node that moved (citus_update_node) may have left its old address to another server:
    // idle connections opened before any such move are not reused.
    uint64 addresses = metadata::node_address_generation(true);
    ListCell *cell;
    foreach (cell, connections) {
        auto *connection = static_cast<NodeConnection *>(lfirst(cell));
        if (connection->broken || connection->port != port ||
            connection->user_id != identity.role || connection->login_user_id != identity.login ||
            strcmp(connection->host, host) != 0)
            continue;
        if (!exclusive && connection->xact_state != RemoteXactState::kNone && !connection->busy)
            return connection;
        if (!connection->claimed && !connection->busy && idle == nullptr &&
            connection->xact_state == RemoteXactState::kNone &&
            connection->conninfo_generation == conninfo_generation &&
            connection->address_generation == addresses) {
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

MemoryContext connections_memory()
{
    if (connection_context == nullptr)
        connection_context =
            AllocSetContextCreate(TopMemoryContext, "tessera connections", ALLOCSET_SMALL_SIZES);
    return connection_context;
}

List *all_node_connections()
{
    return connections;
}

void release_connection(NodeConnection *connection)
{
    connection->claimed = false;
}

bool node_in_coordinated_transaction(const char *host, int port)
{
    ConnectionIdentity identity = current_identity();
    ListCell *cell;
    foreach (cell, connections) {
        auto *connection = static_cast<NodeConnection *>(lfirst(cell));
        if (!connection->broken && connection->port == port &&
            connection->user_id == identity.role && connection->login_user_id == identity.login &&
            connection->xact_state != RemoteXactState::kNone && strcmp(connection->host, host) == 0)
            return true;
    }
    return switchable_transaction_connection(host, port, identity) != nullptr;
}

NodeConnection *start_node_connection(const char *host, int port, uint32 flags)
{
    ConnectionIdentity identity = current_identity_or_error(host, port);
    // A connection of another role that holds this transaction's work on the node cannot be used
    // (it is logged in, or set, as that role), and a second one would not see the work. Tessera's
    // own autocommit work (kConnectionOutsideTransaction) needs none of it.
    Oid other = InvalidOid;
    if ((flags & kConnectionOutsideTransaction) == 0 &&
        !no_other_identity_in_transaction(host, port, identity, &other)) {
        // Where that connection may take the role on (SET LOCAL ROLE before each command, as the
        // coordinator session switched roles), it serves this role too and sees the work.
        NodeConnection *shared = (flags & kConnectionExclusive) == 0
                                     ? switchable_transaction_connection(host, port, identity)
                                     : nullptr;
        if (shared != nullptr && !shared->busy) {
            shared->role_switched = true;
            shared->claimed = true;
            return shared;
        }
        ereport(
            ERROR,
            (errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
             errmsg("switching roles after using node %s:%d in a transaction is not "
                    "supported for distributed tables",
                    host, port),
             errdetail("The transaction's work on the node runs as role \"%s\"; commands as "
                       "role \"%s\" would run on another connection and not see it.",
                       GetUserNameFromId(other, false), GetUserNameFromId(identity.role, false)),
             errhint("Set the role (SET LOCAL ROLE) before the transaction's first statement "
                     "on distributed tables, or commit first.")));
    }
    NodeConnection *connection =
        find_usable_connection(host, port, (flags & kConnectionExclusive) != 0, identity);
    if (connection == nullptr && (flags & kConnectionIdleOnly) == 0)
        connection = start_connection(host, port, (flags & kConnectionOptional) != 0, identity);
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
            check_interrupts_for(connection);
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

void disconnect(NodeConnection *connection)
{
    if (connection->wait_set != nullptr)
        FreeWaitEventSet(connection->wait_set);
    connection->wait_set = nullptr;
    if (connection->conn != nullptr)
        PQfinish(connection->conn);
    connection->conn = nullptr;
    connection->busy = false;
    connection->broken = true;
}

void close_connection(NodeConnection *connection)
{
    if (connection->counted)
        release_shared_connection(connection->host, connection->port);
    connection->counted = false;
    disconnect(connection);
    forget_prepared_statements(connection);
    connections = list_delete_ptr(connections, connection);
    if (connection->skipped_reason != nullptr)
        pfree(connection->skipped_reason);
    pfree(connection);
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
            other->login_user_id == connection->login_user_id && !other->broken &&
            strcmp(other->host, connection->host) == 0)
            kept++;
    }
    return kept < tessera_max_cached_conns_per_worker;
}

void reset_connections_at_transaction_end(bool committed)
{
    if (committed)
        shard_schema_committed();
    else
        shard_schema_rolled_back(true);
    List *copy = list_copy(connections);
    ListCell *cell;
    foreach (cell, copy) {
        auto *connection = static_cast<NodeConnection *>(lfirst(cell));
        connection->claimed = false;
        connection->reads_only = false;
        connection->skip_results = 0;
        if (!committed && connection->settings_in_xact && connection->session_settings != nullptr) {
            // Sent inside a remote transaction that rolled back: send again next time. After a
            // commit they hold (a PREPARE TRANSACTION keeps session settings too), and a
            // connection whose remote end failed is closed below.
            pfree(connection->session_settings);
            connection->session_settings = nullptr;
        }
        connection->settings_in_xact = false;
        connection->role_switched = false; // SET LOCAL ROLE ended with the remote transaction
        connection->commits_alone = false;
        connection->autocommit_in_flight = false;
        connection->cancel_forwarded = false;
        if (connection->busy) {
            // A command still in flight (an error or cancel interrupted us): stop it there.
            cancel_running_command(connection);
            connection->broken = true;
        }
        if (connection->broken || connection->conn == nullptr ||
            PQstatus(connection->conn) == CONNECTION_BAD ||
            connection->xact_state != RemoteXactState::kNone ||
            connection->conninfo_generation != conninfo_generation ||
            connection->address_generation != metadata::node_address_generation(false) ||
            !keep_cached(connection))
            close_connection(connection);
    }
    list_free(copy);
    forget_unresponsive_nodes();
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
