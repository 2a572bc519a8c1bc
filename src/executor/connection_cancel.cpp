// Cancelling a node's running command without blocking (libpq before 17 offers only the
// blocking PQcancel), and the nodes that did not answer a cancel request or a transaction-end
// command in time, which are not tried again during this transaction's end. Moved from
// connection_manager.cpp, unchanged.
#include "tessera/executor/connection_internal.h"

extern "C" {
#include "libpq/pqcomm.h"
#include "pgstat.h"
#include "port.h"
#include "port/pg_bswap.h"
#include "storage/latch.h"
#include "utils/memutils.h"
#include "utils/timestamp.h"
}

#include <sys/socket.h>
#include <unistd.h>

namespace tessera::executor {

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

} // namespace tessera::executor
