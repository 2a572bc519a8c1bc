// SQL functions that let regression tests drive distributed transactions directly.
#include "tessera/executor/connection.h"
#include "tessera/pg/guard.h"

extern "C" {
#include "utils/builtins.h"
}

// tessera.test_run_in_transaction(nodename, nodeport, command) returns text: runs `command` on
// the node inside the coordinated transaction (the connection joins it and keeps it until the
// transaction ends). Returns the single value of a one-row, one-column result, NULL for an
// empty result, or else the command tag; raises the node's error.
TESSERA_FUNCTION(tessera_test_run_in_transaction)
{
    char *host = text_to_cstring(PG_GETARG_TEXT_PP(0));
    int32 port = PG_GETARG_INT32(1);
    char *command = text_to_cstring(PG_GETARG_TEXT_PP(2));

    tessera::executor::NodeConnection *connection =
        tessera::executor::get_node_connection(host, port);
    tessera::executor::join_coordinated_transaction(connection);
    PGresult *result = tessera::executor::execute_command(connection, command);
    char *value = nullptr;
    if (PQresultStatus(result) == PGRES_TUPLES_OK) {
        if (PQntuples(result) > 0 && PQnfields(result) > 0 && !PQgetisnull(result, 0, 0))
            value = pstrdup(PQgetvalue(result, 0, 0));
    } else {
        value = pstrdup(PQcmdStatus(result));
    }
    PQclear(result);
    if (value == nullptr)
        PG_RETURN_NULL();
    PG_RETURN_TEXT_P(cstring_to_text(value));
}
