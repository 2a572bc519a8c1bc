// The connection manager's parts, shared by connection_manager.cpp (opening, reusing, waiting on
// and closing connections), connection_identity.cpp (who a connection logs in as and the role it
// sets) and connection_timeouts.cpp (connect timeouts, and the nodes whose last connection
// attempt timed out). Cancel requests (connection_cancel.cpp) are declared in
// connection_internal.h. Internal to the connection manager.
#pragma once

#include "tessera/executor/connection_internal.h"

extern "C" {
#include "lib/stringinfo.h"
#include "libpq-fe.h"
}

namespace tessera::executor {

// Who a connection acts for: the role its commands run as and the user it logs in as.
struct ConnectionIdentity {
    Oid role;
    Oid login; // InvalidOid: no user may log in and set the role
};

// The identity for the current user: the role logs in itself if it can, else a member of it
// (the session or authenticated user) logs in and sets the role (connection_identity.cpp).
ConnectionIdentity current_identity();

// The identity for the current user, or an ERROR when no user may log in and set the role.
ConnectionIdentity current_identity_or_error(const char *host, int port);

// Appends `value` to `buffer` escaped for the startup packet's options.
void append_option_value(StringInfo buffer, const char *value);

// The connect timeout in milliseconds from tessera.node_conninfo (connect_timeout, seconds);
// -1 when none is set (connection_timeouts.cpp).
long connect_timeout_ms(PQconninfoOption *options);

// Forgets host:port: a connection to it succeeded (or its memory expired).
void forget_timed_out_node(const char *host, int port);

// Remembers that a connection attempt to host:port just timed out after timeout_ms.
void remember_timed_out_node(const char *host, int port, long timeout_ms);

// If a connection attempt to host:port timed out moments ago, the reason not to try again now
// (palloc'd in connections_memory()); else nullptr.
char *recent_connect_timeout(const char *host, int port);

} // namespace tessera::executor
