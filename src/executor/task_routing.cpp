// Routing static tasks by the current placements: a plan keeps the node group each task was
// planned for, and a shard move that commits while the plan is cached (a prepared statement, a
// PL/pgSQL plan) or while a transaction that planned with the old placements goes on would send
// the task to the source node, whose shard the move left for a deferred drop. The executor
// notices with one comparison (the metadata generation) and sends such tasks where their shard
// is now. PostgreSQL-style code.
#include "tessera/executor/distributed_scan.h"
#include "tessera/executor/distributed_scan_internal.h"
#include "tessera/metadata/distributed_table.h"

extern "C" {
#include "utils/lsyscache.h"
}

namespace tessera::executor {

void route_task_to_shard(Task *task, const metadata::DistributedTable *table, int shard_index)
{
    if (table == nullptr || table->partition_method != metadata::kDistributeByHash ||
        shard_index < 0 || shard_index >= table->shard_count ||
        table->shards[shard_index].placement_count != 1)
        return;
    task->route_relid = table->relid;
    task->route_shard_id = table->shards[shard_index].shard_id;
    task->route_generation = metadata::metadata_generation();
}

namespace distributed_scan_internal {

// Sends every task of `tasks` (Task*, owned by this execution) whose routing predates the
// current metadata generation to the node group that holds its shard now. Cheap when nothing
// changed: one comparison per task.
void reroute_tasks(List *tasks)
{
    uint64 current = metadata::metadata_generation();
    ListCell *cell;
    foreach (cell, tasks) {
        auto *task = static_cast<Task *>(lfirst(cell));
        if (task->route_shard_id == 0 || task->route_generation == current)
            continue;
        const metadata::DistributedTable *table =
            metadata::lookup_distributed_table(task->route_relid);
        const metadata::ShardInterval *shard = nullptr;
        for (int i = 0; table != nullptr && i < table->shard_count && shard == nullptr; i++)
            if (table->shards[i].shard_id == task->route_shard_id)
                shard = &table->shards[i];
        if (shard == nullptr || shard->placement_count != 1) {
            const char *name = get_rel_name(task->route_relid);
            ereport(ERROR, (errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
                            errmsg("shard " INT64_FORMAT " of table \"%s\" changed since the "
                                   "statement was planned",
                                   task->route_shard_id, name != nullptr ? name : "?"),
                            errdetail("The shard was split or its table's distribution changed "
                                      "by a transaction that committed meanwhile."),
                            errhint("Run the statement again.")));
        }
        task->group_id = shard->placements[0].group_id;
        task->route_generation = current;
    }
}

} // namespace distributed_scan_internal

} // namespace tessera::executor
