// run_command_on_workers(command, parallel): the same SQL on every active worker, one row each.
#include "tessera/executor/connection.h"
#include "tessera/metadata/nodes.h"
#include "tessera/pg/guard.h"

extern "C" {
#include "funcapi.h"
#include "utils/builtins.h"
#include "utils/tuplestore.h"
}

namespace {

using tessera::executor::NodeConnection;
using tessera::metadata::WorkerNode;

// The outcome of the command on one worker, as reported to the caller.
struct WorkerOutcome {
    bool success;
    char *result; // a single value, a command tag, or the error message; nullptr for SQL NULL
};

// Interprets one worker's result: a single value, the command tag, or the failure.
WorkerOutcome describe_result(NodeConnection *connection, PGresult *result)
{
    if (result == nullptr)
        return {false, pchomp(PQerrorMessage(tessera::executor::connection_pgconn(connection)))};
    WorkerOutcome outcome{true, nullptr};
    switch (PQresultStatus(result)) {
    case PGRES_TUPLES_OK:
        if (PQnfields(result) != 1 || PQntuples(result) > 1)
            outcome = {false, pstrdup("the command must return at most one row with one column")};
        else if (PQntuples(result) == 1 && !PQgetisnull(result, 0, 0))
            outcome.result = pstrdup(PQgetvalue(result, 0, 0));
        break;
    case PGRES_COMMAND_OK:
        outcome.result = pstrdup(PQcmdStatus(result));
        break;
    case PGRES_EMPTY_QUERY:
        outcome = {false, pstrdup("the command is empty")};
        break;
    default: {
        const char *message = PQresultErrorField(result, PG_DIAG_MESSAGE_PRIMARY);
        outcome = {false, pstrdup(message != nullptr ? message : PQresultErrorMessage(result))};
        break;
    }
    }
    PQclear(result);
    return outcome;
}

// Adds one output row.
void emit_row(ReturnSetInfo *rsinfo, const WorkerNode *node, const WorkerOutcome &outcome)
{
    Datum values[4] = {CStringGetTextDatum(node->node_name), Int32GetDatum(node->node_port),
                       BoolGetDatum(outcome.success),
                       outcome.result != nullptr ? CStringGetTextDatum(outcome.result) : 0};
    bool nulls[4] = {false, false, false, outcome.result == nullptr};
    tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
}

} // namespace

// Runs the command outside the current transaction (each worker commits on its own), in parallel
// unless `parallel` is false. A worker that cannot be reached or fails reports success = false.
TESSERA_FUNCTION(run_command_on_workers)
{
    char *command = text_to_cstring(PG_GETARG_TEXT_PP(0));
    bool parallel = PG_GETARG_BOOL(1);
    InitMaterializedSRF(fcinfo, 0);
    auto *rsinfo = reinterpret_cast<ReturnSetInfo *>(fcinfo->resultinfo);

    List *workers = tessera::metadata::active_worker_nodes();
    int count = list_length(workers);
    auto **connections = static_cast<NodeConnection **>(palloc0(sizeof(void *) * (count + 1)));
    auto *outcomes = static_cast<WorkerOutcome *>(palloc0(sizeof(WorkerOutcome) * (count + 1)));

    // Open every connection at once; a node that cannot be reached is reported, not raised.
    for (int i = 0; i < count; i++) {
        auto *node = static_cast<WorkerNode *>(list_nth(workers, i));
        connections[i] = tessera::executor::start_node_connection(
            node->node_name, node->node_port, tessera::executor::kConnectionExclusive);
    }
    for (int i = 0; i < count; i++) {
        char *reason = tessera::executor::finish_connection_or_explain(connections[i]);
        if (reason != nullptr) {
            auto *node = static_cast<WorkerNode *>(list_nth(workers, i));
            outcomes[i] = {false, psprintf("could not connect to node %s:%d: %s", node->node_name,
                                           node->node_port, reason)};
            connections[i] = nullptr;
        }
    }

    if (parallel) {
        for (int i = 0; i < count; i++)
            if (connections[i] != nullptr)
                tessera::executor::send_command(connections[i], command);
        for (int i = 0; i < count; i++)
            if (connections[i] != nullptr)
                outcomes[i] = describe_result(
                    connections[i], tessera::executor::get_command_result_all(connections[i]));
    } else {
        for (int i = 0; i < count; i++) {
            if (connections[i] == nullptr)
                continue;
            tessera::executor::send_command(connections[i], command);
            outcomes[i] = describe_result(
                connections[i], tessera::executor::get_command_result_all(connections[i]));
        }
    }

    // Done with the connections: later statements of this transaction may use them again
    // (without this, each call in a transaction block would open new ones).
    for (int i = 0; i < count; i++)
        if (connections[i] != nullptr)
            tessera::executor::release_connection(connections[i]);

    for (int i = 0; i < count; i++)
        emit_row(rsinfo, static_cast<WorkerNode *>(list_nth(workers, i)), outcomes[i]);
    return (Datum)0;
}
