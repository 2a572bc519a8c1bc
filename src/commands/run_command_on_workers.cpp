// run_command_on_workers(command, parallel): the same SQL on every active worker, one row each;
// run_command_on_all_nodes(command, parallel, warn): the same on the coordinator too;
// tessera.run_commands_on_nodes(nodes, ports, commands, parallel): one command per (node, port),
// the engine behind run_command_on_shards / _placements / _colocated_placements.
#include "tessera/executor/connection.h"
#include "tessera/metadata/nodes.h"
#include "tessera/pg/guard.h"

extern "C" {
#include "catalog/pg_type.h"
#include "funcapi.h"
#include "postmaster/postmaster.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"
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

namespace {

// Runs `command` on each of the `count` nodes outside the current transaction (each node commits
// on its own), in parallel unless `parallel` is false, and returns one outcome per node. A node
// that cannot be reached or fails reports success = false rather than raising.
WorkerOutcome *run_on_nodes(const WorkerNode *nodes, int count, const char *command, bool parallel)
{
    auto **connections = static_cast<NodeConnection **>(palloc0(sizeof(void *) * (count + 1)));
    auto *outcomes = static_cast<WorkerOutcome *>(palloc0(sizeof(WorkerOutcome) * (count + 1)));

    // Open every connection at once; a node that cannot be reached is reported, not raised.
    for (int i = 0; i < count; i++)
        connections[i] = tessera::executor::start_node_connection(
            nodes[i].node_name, nodes[i].node_port, tessera::executor::kConnectionExclusive);
    for (int i = 0; i < count; i++) {
        char *reason = tessera::executor::finish_connection_or_explain(connections[i]);
        if (reason != nullptr) {
            outcomes[i] = {false, psprintf("could not connect to node %s:%d: %s",
                                           nodes[i].node_name, nodes[i].node_port, reason)};
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
    return outcomes;
}

// The nodes of `list` (WorkerNode*) copied into an array, for run_on_nodes.
WorkerNode *node_array(List *list, int extra)
{
    auto *nodes =
        static_cast<WorkerNode *>(palloc0(sizeof(WorkerNode) * (list_length(list) + extra + 1)));
    for (int i = 0; i < list_length(list); i++)
        nodes[extra + i] = *static_cast<WorkerNode *>(list_nth(list, i));
    return nodes;
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
    WorkerNode *nodes = node_array(workers, 0);
    WorkerOutcome *outcomes = run_on_nodes(nodes, count, command, parallel);
    for (int i = 0; i < count; i++)
        emit_row(rsinfo, &nodes[i], outcomes[i]);
    return (Datum)0;
}

// run_command_on_all_nodes(command, parallel, give_warning_for_connection_errors): the command on
// the coordinator and every active primary worker, each through its own connection and outside
// the current transaction, one row (nodeid, success, result) per node, the coordinator first.
// A coordinator missing from pg_dist_node is reached at localhost on this server's port and
// reported as node id 0, as Citus does. With give_warning_for_connection_errors, each node that
// fails also raises a WARNING.
TESSERA_FUNCTION(run_command_on_all_nodes)
{
    char *command = text_to_cstring(PG_GETARG_TEXT_PP(0));
    bool parallel = PG_GETARG_BOOL(1);
    bool warn = PG_GETARG_BOOL(2);
    InitMaterializedSRF(fcinfo, 0);
    auto *rsinfo = reinterpret_cast<ReturnSetInfo *>(fcinfo->resultinfo);

    List *workers = tessera::metadata::active_worker_nodes();
    WorkerNode *nodes = node_array(workers, 1);
    int count = list_length(workers) + 1;
    WorkerNode *coordinator = tessera::metadata::coordinator_node();
    if (coordinator != nullptr) {
        nodes[0] = *coordinator;
    } else {
        nodes[0].node_id = 0;
        nodes[0].node_name = pstrdup("localhost");
        nodes[0].node_port = PostPortNumber;
    }
    WorkerOutcome *outcomes = run_on_nodes(nodes, count, command, parallel);
    for (int i = 0; i < count; i++) {
        if (warn && !outcomes[i].success)
            ereport(WARNING, (errmsg("error on node with node id %d: %s", nodes[i].node_id,
                                     outcomes[i].result != nullptr ? outcomes[i].result : "")));
        Datum values[3] = {Int32GetDatum(nodes[i].node_id), BoolGetDatum(outcomes[i].success),
                           outcomes[i].result != nullptr ? CStringGetTextDatum(outcomes[i].result)
                                                         : 0};
        bool nulls[3] = {false, false, outcomes[i].result == nullptr};
        tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
    }
    return (Datum)0;
}

namespace {

// The elements of a one-dimensional array argument without NULLs, as Datums; `what` names the
// argument in errors.
Datum *array_elements(ArrayType *array, Oid element_type, const char *what, int *count)
{
    if (ARR_NDIM(array) > 1)
        ereport(ERROR, (errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
                        errmsg("%s must be a one-dimensional array", what)));
    int16 typlen;
    bool typbyval;
    char typalign;
    get_typlenbyvalalign(element_type, &typlen, &typbyval, &typalign);
    Datum *values;
    bool *nulls;
    deconstruct_array(array, element_type, typlen, typbyval, typalign, &values, &nulls, count);
    for (int i = 0; i < *count; i++)
        if (nulls[i])
            ereport(ERROR, (errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
                            errmsg("%s must not contain NULL values", what)));
    return values;
}

// Reads the result of the command in flight on *connection. When the connection broke, it is
// given up (set to nullptr) and *lost says why, for the node's commands not run yet.
WorkerOutcome collect_result(NodeConnection **connection, char **lost)
{
    PGresult *result = tessera::executor::get_command_result_all(*connection);
    WorkerOutcome outcome = describe_result(*connection, result);
    if (result == nullptr) {
        *lost = psprintf("the connection broke before this command: %s", outcome.result);
        *connection = nullptr;
    }
    return outcome;
}

} // namespace

// Runs commands[i] on nodes[i]:ports[i] outside the current transaction (each command commits on
// its own) and returns one row per command, in the order given. One connection per distinct
// node: with `parallel`, the nodes work at the same time, each running its own commands one
// after another; without it, one command at a time in order. A node that cannot be reached or a
// command that fails reports success = false, like run_command_on_workers.
TESSERA_FUNCTION(tessera_run_commands_on_nodes)
{
    int count = 0;
    int port_count = 0;
    int command_count = 0;
    Datum *names = array_elements(PG_GETARG_ARRAYTYPE_P(0), TEXTOID, "node names", &count);
    Datum *ports = array_elements(PG_GETARG_ARRAYTYPE_P(1), INT4OID, "node ports", &port_count);
    Datum *commands = array_elements(PG_GETARG_ARRAYTYPE_P(2), TEXTOID, "commands", &command_count);
    if (port_count != count || command_count != count)
        ereport(ERROR, (errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
                        errmsg("node names, node ports and commands must have the same length")));
    bool parallel = PG_GETARG_BOOL(3);
    InitMaterializedSRF(fcinfo, 0);
    auto *rsinfo = reinterpret_cast<ReturnSetInfo *>(fcinfo->resultinfo);

    // The distinct nodes, and for each command the index of its node.
    auto *nodes = static_cast<WorkerNode *>(palloc0(sizeof(WorkerNode) * (count + 1)));
    int *node_of = static_cast<int *>(palloc0(sizeof(int) * (count + 1)));
    int node_count = 0;
    for (int i = 0; i < count; i++) {
        char *name = TextDatumGetCString(names[i]);
        int port = DatumGetInt32(ports[i]);
        // Only the cluster's own nodes: this is not a way to reach arbitrary servers.
        if (tessera::metadata::find_node(name, port) == nullptr)
            ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                            errmsg("node %s:%d is not in pg_dist_node", name, port)));
        int n = 0;
        while (n < node_count &&
               (nodes[n].node_port != port || strcmp(nodes[n].node_name, name) != 0))
            n++;
        if (n == node_count) {
            nodes[n].node_name = name;
            nodes[n].node_port = port;
            node_count++;
        }
        node_of[i] = n;
    }

    auto **connections = static_cast<NodeConnection **>(palloc0(sizeof(void *) * (node_count + 1)));
    char **unreachable = static_cast<char **>(palloc0(sizeof(char *) * (node_count + 1)));
    for (int n = 0; n < node_count; n++)
        connections[n] = tessera::executor::start_node_connection(
            nodes[n].node_name, nodes[n].node_port, tessera::executor::kConnectionExclusive);
    for (int n = 0; n < node_count; n++) {
        char *reason = tessera::executor::finish_connection_or_explain(connections[n]);
        if (reason != nullptr) {
            unreachable[n] = psprintf("could not connect to node %s:%d: %s", nodes[n].node_name,
                                      nodes[n].node_port, reason);
            connections[n] = nullptr;
        }
    }

    auto *outcomes = static_cast<WorkerOutcome *>(palloc0(sizeof(WorkerOutcome) * (count + 1)));
    for (int i = 0; i < count; i++)
        if (connections[node_of[i]] == nullptr)
            outcomes[i] = {false, unreachable[node_of[i]]};

    if (parallel) {
        // Rounds: each node gets its next command, then every node's result is collected.
        int *next = static_cast<int *>(palloc0(sizeof(int) * (node_count + 1)));
        int *running = static_cast<int *>(palloc0(sizeof(int) * (node_count + 1)));
        for (;;) {
            bool any = false;
            for (int n = 0; n < node_count; n++) {
                running[n] = -1;
                if (connections[n] == nullptr)
                    continue;
                while (next[n] < count && node_of[next[n]] != n)
                    next[n]++;
                if (next[n] == count)
                    continue;
                running[n] = next[n]++;
                tessera::executor::send_command(connections[n],
                                                TextDatumGetCString(commands[running[n]]));
                any = true;
            }
            if (!any)
                break;
            for (int n = 0; n < node_count; n++)
                if (running[n] >= 0)
                    outcomes[running[n]] = collect_result(&connections[n], &unreachable[n]);
        }
    } else {
        for (int i = 0; i < count; i++) {
            NodeConnection *connection = connections[node_of[i]];
            if (connection == nullptr)
                continue;
            tessera::executor::send_command(connection, TextDatumGetCString(commands[i]));
            outcomes[i] = collect_result(&connections[node_of[i]], &unreachable[node_of[i]]);
        }
    }
    // Commands not run because their node's connection broke earlier report why.
    for (int i = 0; i < count; i++)
        if (!outcomes[i].success && outcomes[i].result == nullptr)
            outcomes[i] = {false, unreachable[node_of[i]]};

    for (int n = 0; n < node_count; n++)
        if (connections[n] != nullptr)
            tessera::executor::release_connection(connections[n]);

    for (int i = 0; i < count; i++)
        emit_row(rsinfo, &nodes[node_of[i]], outcomes[i]);
    return (Datum)0;
}
