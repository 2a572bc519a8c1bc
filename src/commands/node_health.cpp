// citus_check_connection_to_node: whether this node can connect to another one and run a
// query there (the building block of citus_check_cluster_node_health, sql/140_node_health.sql).
#include "tessera/executor/connection.h"
#include "tessera/executor/connection_internal.h"
#include "tessera/pg/guard.h"

extern "C" {
#include "utils/builtins.h"
}

namespace {

// How long the test query may take once connected.
constexpr long kCheckQueryTimeoutMs = 10000;

} // namespace

// tessera.check_connection_to_node(nodename, nodeport), behind citus_check_connection_to_node:
// true when a connection to the node opens (for this database and user, with the node_conninfo
// settings) and answers a query; false, with a WARNING giving the reason, otherwise. A host
// name that cannot be resolved raises (the SQL wrapper turns that into false).
TESSERA_FUNCTION(tessera_check_connection_to_node)
{
    char *host = text_to_cstring(PG_GETARG_TEXT_PP(0));
    int32 port = PG_GETARG_INT32(1);
    if (port <= 0 || port > 65535)
        ereport(ERROR,
                (errcode(ERRCODE_INVALID_PARAMETER_VALUE), errmsg("invalid port number %d", port)));
    using namespace tessera::executor;
    NodeConnection *connection = start_node_connection(host, port, kConnectionExclusive);
    char *reason = finish_connection_or_explain(connection);
    if (reason != nullptr) {
        ereport(WARNING, (errmsg("cannot connect to node %s:%d", host, port),
                          errdetail_internal("%s", reason)));
        PG_RETURN_BOOL(false);
    }
    char sqlstate[6];
    bool answered = execute_quietly(connection, "SELECT 1", kCheckQueryTimeoutMs, sqlstate);
    if (!answered) {
        // Whatever state it is in now, it is closed at transaction end rather than reused.
        connection->broken = true;
        ereport(WARNING, (errmsg("node %s:%d did not answer a query", host, port),
                          sqlstate[0] != '\0' ? errdetail("SQLSTATE %s", sqlstate) : 0));
    }
    release_connection(connection);
    PG_RETURN_BOOL(answered);
}
