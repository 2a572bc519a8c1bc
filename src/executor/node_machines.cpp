// How many connections a scan may open per node: each node's share of the cores of the machine
// it runs on (nodes on one machine share its cores), which the node reports once per backend
// (tessera.node_cpu_count() and tessera.node_machine_id()).
#include "tessera/executor/distributed_scan_internal.h"

#include "tessera/executor/connection.h"

extern "C" {
#include "utils/memutils.h"
}

#include <libpq-fe.h>

namespace tessera::executor::distributed_scan_internal {

namespace {

// What a node reports of its machine, asked once per backend (tessera.node_cpu_count() and
// tessera.node_machine_id() on the node).
struct NodeMachine {
    char host[256];
    int port;
    int cores;     // 0: unknown
    char *machine; // identifies the machine: nodes of one machine share its cores
};
List *known_machines = NIL;

// The machine of host:port, asked over `connection` the first time.
const NodeMachine *node_machine(const char *host, int port, NodeConnection *connection)
{
    ListCell *cell;
    foreach (cell, known_machines) {
        auto *known = static_cast<NodeMachine *>(lfirst(cell));
        if (known->port == port && strcmp(known->host, host) == 0)
            return known;
    }
    MemoryContext old = MemoryContextSwitchTo(TopMemoryContext);
    auto *known = static_cast<NodeMachine *>(palloc0(sizeof(NodeMachine)));
    strlcpy(known->host, host, sizeof(known->host));
    known->port = port;
    known->machine = pstrdup(psprintf("%s:%d", host, port));
    MemoryContextSwitchTo(old);
    send_command(connection, "SELECT tessera.node_cpu_count(), tessera.node_machine_id()");
    PGresult *result = get_command_result_all(connection);
    if (result != nullptr && PQresultStatus(result) == PGRES_TUPLES_OK && PQntuples(result) == 1) {
        known->cores = atoi(PQgetvalue(result, 0, 0));
        if (!PQgetisnull(result, 0, 1))
            known->machine = MemoryContextStrdup(TopMemoryContext, PQgetvalue(result, 0, 1));
    }
    if (result != nullptr)
        PQclear(result);
    old = MemoryContextSwitchTo(TopMemoryContext);
    known_machines = lappend(known_machines, known);
    MemoryContextSwitchTo(old);
    return known;
}

} // namespace

void cap_pools_by_cores(DistributedScanState *state, List *first_connections)
{
    auto **machines =
        static_cast<const NodeMachine **>(palloc0(sizeof(void *) * (state->pool_count + 1)));
    for (int p = 0; p < state->pool_count; p++) {
        if (state->pools[p].target <= 1)
            continue;
        const TaskRun &node = state->tasks[state->pools[p].node_task];
        machines[p] = node_machine(node.host, node.port,
                                   static_cast<NodeConnection *>(list_nth(first_connections, p)));
    }
    for (int p = 0; p < state->pool_count; p++) {
        if (machines[p] == nullptr || machines[p]->cores <= 0)
            continue;
        int sharing = 0;
        for (int q = 0; q < state->pool_count; q++)
            sharing +=
                machines[q] != nullptr && strcmp(machines[q]->machine, machines[p]->machine) == 0;
        state->pools[p].target = Min(state->pools[p].target, Max(1, machines[p]->cores / sharing));
    }
}

} // namespace tessera::executor::distributed_scan_internal
