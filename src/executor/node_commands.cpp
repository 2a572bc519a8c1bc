// One command per node, in the coordinated transaction: the shape of every DDL-like change.
#include "tessera/executor/connection.h"
#include "tessera/metadata/nodes.h"

namespace tessera::executor {

void execute_on_nodes_in_transaction(List *nodes, const char *const *commands)
{
    int count = list_length(nodes);
    if (count == 0)
        return;
    auto **connections = static_cast<NodeConnection **>(palloc0(sizeof(void *) * (count + 1)));
    auto **results = static_cast<PGresult **>(palloc0(sizeof(PGresult *) * (count + 1)));
    List *pending = NIL;
    for (int i = 0; i < count; i++) {
        auto *node = static_cast<metadata::WorkerNode *>(list_nth(nodes, i));
        connections[i] = start_node_connection(node->node_name, node->node_port);
        pending = lappend(pending, connections[i]);
    }
    wait_for_connections(pending);
    for (int i = 0; i < count; i++)
        join_coordinated_transaction(connections[i]);
    execute_commands_parallel(connections, commands, count, results, true);
    for (int i = 0; i < count; i++)
        if (results[i] != nullptr)
            PQclear(results[i]);
}

void execute_on_every_node_in_transaction(List *nodes, const char *command)
{
    int count = list_length(nodes);
    auto **commands = static_cast<const char **>(palloc0(sizeof(char *) * (count + 1)));
    for (int i = 0; i < count; i++)
        commands[i] = command;
    execute_on_nodes_in_transaction(nodes, commands);
}

StringInfo batch_for_group(GroupBatches *batches, int32 group, bool *created)
{
    int index = 0;
    ListCell *cell;
    foreach (cell, batches->groups) {
        if (lfirst_int(cell) == group) {
            *created = false;
            return static_cast<StringInfo>(list_nth(batches->batches, index));
        }
        index++;
    }
    StringInfo batch = makeStringInfo();
    batches->groups = lappend_int(batches->groups, group);
    batches->batches = lappend(batches->batches, batch);
    *created = true;
    return batch;
}

void execute_group_batches_in_transaction(const GroupBatches *batches)
{
    int count = list_length(batches->groups);
    if (count == 0)
        return;
    auto **sql = static_cast<const char **>(palloc0(sizeof(char *) * (count + 1)));
    List *nodes = NIL;
    for (int i = 0; i < count; i++) {
        nodes = lappend(nodes, metadata::usable_node_for_group(list_nth_int(batches->groups, i)));
        sql[i] = static_cast<StringInfo>(list_nth(batches->batches, i))->data;
    }
    execute_on_nodes_in_transaction(nodes, sql);
}

} // namespace tessera::executor
