// The connection manager: opening, reusing, waiting on and closing libpq connections to nodes.
#include "tessera/core/wait_graph.h"
#include "tessera/executor/connection_internal.h"
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
// and parallel workers on top of that only oversubscribe the worker's cores.
constexpr const char *kSessionOptions =
    "-c DateStyle=ISO,YMD -c IntervalStyle=postgres -c extra_float_digits=3 "
    "-c max_parallel_workers_per_gather=0";

// The connect timeout in milliseconds from tessera.node_conninfo (connect_timeout, seconds);
// -1 when none is set. tessera.node_connection_timeout, when not 0, is used instead. libpq enforces
// it only for blocking connects, so we do it ourselves.
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

// For how long a node whose connection attempt timed out is not tried again by this backend:
// every statement that needs it would otherwise wait the whole connect_timeout again, and
// reference table reads could not turn to another placement at once. Attempts that fail fast
// (refused, authentication) are cheap to repeat and are not remembered, so a restarted node is
// used again at once.
constexpr long kConnectTimeoutMemoryMs = 5000;

// A node ("host:port") whose last connection attempt from this backend timed out, and when.
struct TimedOutNode {
    char key[272];
    TimestampTz at;
    long timeout_ms;
};

// The remembered nodes (TimedOutNode *, in connections_memory()); entries expire after
// kConnectTimeoutMemoryMs and are dropped when a connection to the node succeeds.
List *timed_out_nodes = NIL;

// The entry of host:port in timed_out_nodes, or nullptr.
TimedOutNode *find_timed_out_node(const char *host, int port)
{
    char key[272];
    snprintf(key, sizeof(key), "%s:%d", host, port);
    ListCell *cell;
    foreach (cell, timed_out_nodes) {
        auto *node = static_cast<TimedOutNode *>(lfirst(cell));
        if (strcmp(node->key, key) == 0)
            return node;
    }
    return nullptr;
}

// Forgets host:port: a connection to it succeeded (or its memory expired).
void forget_timed_out_node(const char *host, int port)
{
    TimedOutNode *node = find_timed_out_node(host, port);
    if (node != nullptr) {
        timed_out_nodes = list_delete_ptr(timed_out_nodes, node);
        pfree(node);
    }
}

// Remembers that a connection attempt to host:port just timed out after timeout_ms.
void remember_timed_out_node(const char *host, int port, long timeout_ms)
{
    TimedOutNode *node = find_timed_out_node(host, port);
    if (node == nullptr) {
        node = static_cast<TimedOutNode *>(
            MemoryContextAllocZero(connections_memory(), sizeof(TimedOutNode)));
        snprintf(node->key, sizeof(node->key), "%s:%d", host, port);
        MemoryContext old = MemoryContextSwitchTo(connections_memory());
        timed_out_nodes = lappend(timed_out_nodes, node);
        MemoryContextSwitchTo(old);
    }
    node->at = GetCurrentTimestamp();
    node->timeout_ms = timeout_ms;
}

// If a connection attempt to host:port timed out less than kConnectTimeoutMemoryMs ago, the
// reason not to try again now (palloc'd in connections_memory()); else nullptr.
char *recent_connect_timeout(const char *host, int port)
{
    TimedOutNode *node = find_timed_out_node(host, port);
    if (node == nullptr)
        return nullptr;
    long ago = TimestampDifferenceMilliseconds(node->at, GetCurrentTimestamp());
    if (ago >= kConnectTimeoutMemoryMs) {
        forget_timed_out_node(host, port);
        return nullptr;
    }
    return MemoryContextStrdup(
        connections_memory(),
        psprintf("The last connection attempt, %.1f s ago, timed out after %ld ms; the node is "
                 "not tried again for %ld s after that.",
                 ago / 1000.0, node->timeout_ms, kConnectTimeoutMemoryMs / 1000));
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

// Who a connection acts for: the role its commands run as and the user it logs in as.
struct ConnectionIdentity {
    Oid role;
    Oid login; // InvalidOid: no user may log in and set the role
};

// True if the role exists and may log in (pg_authid.rolcanlogin).
bool role_can_login(Oid role)
{
    HeapTuple tuple = SearchSysCache1(AUTHOID, ObjectIdGetDatum(role));
    if (!HeapTupleIsValid(tuple))
        return false;
    bool can_login = reinterpret_cast<Form_pg_authid>(GETSTRUCT(tuple))->rolcanlogin;
    ReleaseSysCache(tuple);
    return can_login;
}

// The identity for the current user. A role that can log in logs in itself, as always. One that
// cannot (a NOLOGIN role reached by SET ROLE or a SECURITY DEFINER function) is taken on by the
// session user, or else the authenticated user (SET SESSION AUTHORIZATION), who logs in and sets
// the role at connection start, as the node allows only a member of the role (or a superuser):
// the shards then check privileges and apply policies for that role, as the coordinator does.
ConnectionIdentity current_identity()
{
    ConnectionIdentity identity{GetUserId(), InvalidOid};
    if (role_can_login(identity.role)) {
        identity.login = identity.role;
        return identity;
    }
    Oid candidates[2] = {GetSessionUserId(), GetAuthenticatedUserId()};
    for (Oid candidate : candidates) {
        if (role_can_login(candidate) && is_member_of_role(candidate, identity.role)) {
            identity.login = candidate;
            break;
        }
    }
    return identity;
}

// The identity for the current user, or an ERROR when no user may log in and set the role
// (a SECURITY DEFINER function of a NOLOGIN role called by a user who is not its member).
ConnectionIdentity current_identity_or_error(const char *host, int port)
{
    ConnectionIdentity identity = current_identity();
    if (!OidIsValid(identity.login)) {
        const char *role = GetUserNameFromId(identity.role, false);
        const char *session = GetUserNameFromId(GetSessionUserId(), false);
        ereport(ERROR,
                (errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
                 errmsg("permission denied to set role \"%s\" on node %s:%d", role, host, port),
                 errdetail("Role \"%s\" cannot log in, so connections to the nodes log in as "
                           "session user \"%s\" and set the role, which needs membership in "
                           "it.",
                           role, session),
                 errhint("Grant role \"%s\" to \"%s\", or allow it to log in.", role, session)));
    }
    return identity;
}

// Appends `value` to `buffer` escaped for the startup packet's options, which split on
// whitespace and take a backslash to mean that the next character is literal.
void append_option_value(StringInfo buffer, const char *value)
{
    for (const char *c = value; *c != '\0'; c++) {
        if (isspace(static_cast<unsigned char>(*c)) || *c == '\\')
            appendStringInfoChar(buffer, '\\');
        appendStringInfoChar(buffer, *c);
    }
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
    return false;
}

NodeConnection *start_node_connection(const char *host, int port, uint32 flags)
{
    ConnectionIdentity identity = current_identity_or_error(host, port);
    // A connection of another role that holds this transaction's work on the node cannot be used
    // (it is logged in, or set, as that role), and a second one would not see the work. Tessera's
    // own autocommit work (kConnectionOutsideTransaction) needs none of it.
    Oid other = InvalidOid;
    if ((flags & kConnectionOutsideTransaction) == 0 &&
        !no_other_identity_in_transaction(host, port, identity, &other))
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

namespace {

// How long a cancel request may take: connecting to the node's postmaster, sending the request
// and seeing the postmaster close the socket (it has then signalled the backend). A live node
// answers in milliseconds; one that does not within this time is taken for hung.
constexpr long kCancelTimeoutMs = 2000;

// Nodes ("host:port", in connections_memory()) that did not answer a cancel request or a
// transaction-end command in time during this transaction or its end so far: further cancels and
// transaction-end commands there are not attempted, so that a hung node costs one timeout per
// transaction end, not one per connection.
List *unresponsive_nodes = NIL;

// The leading fields of libpq's PGcancel (struct pg_cancel in libpq-int.h): the server address,
// the backend's pid and its cancel key, laid out so in every libpq from 7.4 to 17. libpq before
// 17 offers only the blocking PQcancel, which waits without limit for a hung postmaster.
struct CancelTarget {
    SockAddr raddr;
    int be_pid;
    int be_key;
};

// "host:port" of the connection's node, palloc'd.
char *node_key(const NodeConnection *connection)
{
    return psprintf("%s:%d", connection->host, connection->port);
}

// Waits up to `timeout_ms` for `events` on `sock`, ignoring interrupts (abort paths must not
// raise). True if the socket became ready.
bool wait_raw_socket(pgsocket sock, int events, long timeout_ms)
{
    if (timeout_ms <= 0)
        return false;
    int rc = WaitLatchOrSocket(nullptr, events | WL_TIMEOUT | WL_EXIT_ON_PM_DEATH, sock, timeout_ms,
                               PG_WAIT_EXTENSION);
    return (rc & events) != 0;
}

// Sends a cancel request (the CancelRequest startup packet) to the postmaster at `target`
// without blocking for longer than `timeout_ms`: connects, sends, and waits for the postmaster
// to close the socket, which it does once the backend has been signalled. True if it did.
bool send_cancel_request(const CancelTarget *target, long timeout_ms)
{
    TimestampTz start = GetCurrentTimestamp();
    auto remaining = [&]() {
        return timeout_ms - TimestampDifferenceMilliseconds(start, GetCurrentTimestamp());
    };
    pgsocket sock = socket(target->raddr.addr.ss_family, SOCK_STREAM, 0);
    if (sock == PGINVALID_SOCKET)
        return false;
    bool acknowledged = false;
    do {
        if (!pg_set_noblock(sock))
            break;
        if (connect(sock, reinterpret_cast<const struct sockaddr *>(&target->raddr.addr),
                    target->raddr.salen) != 0) {
            if (errno != EINPROGRESS && errno != EINTR)
                break;
            if (!wait_raw_socket(sock, WL_SOCKET_WRITEABLE, remaining()))
                break;
            int error = 0;
            socklen_t length = sizeof(error);
            if (getsockopt(sock, SOL_SOCKET, SO_ERROR, &error, &length) != 0 || error != 0)
                break;
        }
        struct {
            uint32 length;
            CancelRequestPacket request;
        } packet;
        packet.length = pg_hton32(static_cast<uint32>(sizeof(packet)));
        packet.request.cancelRequestCode = pg_hton32(CANCEL_REQUEST_CODE);
        packet.request.backendPID = pg_hton32(static_cast<uint32>(target->be_pid));
        packet.request.cancelAuthCode = pg_hton32(static_cast<uint32>(target->be_key));
        size_t sent = 0;
        bool failed = false;
        while (sent < sizeof(packet) && !failed) {
            ssize_t n = send(sock, reinterpret_cast<char *>(&packet) + sent, sizeof(packet) - sent,
                             MSG_NOSIGNAL);
            if (n > 0)
                sent += static_cast<size_t>(n);
            else if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)
                failed = true;
            else if (!wait_raw_socket(sock, WL_SOCKET_WRITEABLE, remaining()))
                failed = true;
        }
        if (failed)
            break;
        // The postmaster closes the socket once it has processed the request: end of file (or a
        // reset) is the acknowledgement.
        for (;;) {
            char buffer[16];
            ssize_t n = recv(sock, buffer, sizeof(buffer), 0);
            if (n == 0 || (n < 0 && errno == ECONNRESET)) {
                acknowledged = true;
                break;
            }
            if (n > 0 || errno == EINTR)
                continue;
            if ((errno != EAGAIN && errno != EWOULDBLOCK) ||
                !wait_raw_socket(sock, WL_SOCKET_READABLE, remaining()))
                break;
        }
    } while (false);
    closesocket(sock);
    return acknowledged;
}

} // namespace

bool node_unresponsive(const NodeConnection *connection)
{
    char *key = node_key(connection);
    bool found = false;
    ListCell *cell;
    foreach (cell, unresponsive_nodes)
        found = found || strcmp(static_cast<char *>(lfirst(cell)), key) == 0;
    pfree(key);
    return found;
}

void mark_node_unresponsive(const NodeConnection *connection)
{
    if (node_unresponsive(connection))
        return;
    MemoryContext old = MemoryContextSwitchTo(connections_memory());
    unresponsive_nodes = lappend(unresponsive_nodes, node_key(connection));
    MemoryContextSwitchTo(old);
}

void forget_unresponsive_nodes()
{
    list_free_deep(unresponsive_nodes);
    unresponsive_nodes = NIL;
}

bool cancel_running_command(NodeConnection *connection)
{
    if (connection->conn == nullptr || !connection->busy)
        return true;
    if (node_unresponsive(connection))
        return false;
    PGcancel *cancel = PQgetCancel(connection->conn);
    if (cancel == nullptr)
        return false;
    // Only when the fields read are where they are expected: the pid must be the backend's.
    const auto *target = reinterpret_cast<const CancelTarget *>(cancel);
    bool acknowledged = false;
    if (PQlibVersion() < 180000 && target->be_pid == PQbackendPID(connection->conn)) {
        acknowledged = send_cancel_request(target, kCancelTimeoutMs);
        if (!acknowledged) {
            elog(DEBUG1, "cancel request to %s:%d not answered within %ld ms", connection->host,
                 connection->port, kCancelTimeoutMs);
            mark_node_unresponsive(connection);
        }
    }
    PQfreeCancel(cancel);
    return acknowledged;
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
