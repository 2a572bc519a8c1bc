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
#include "access/xact.h"
#include "utils/lsyscache.h"
#include "utils/snapmgr.h"
}

namespace tessera::executor {

// Records the shard a task was routed by (see distributed_scan.h).
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

namespace {

// The only placement of the shard `task` follows (Task.route_shard_id), from the metadata cache;
// nullptr if the shard is gone or has several placements.
const metadata::ShardPlacement *current_placement(const Task *task)
{
    const metadata::DistributedTable *table = metadata::lookup_distributed_table(task->route_relid);
    for (int i = 0; table != nullptr && i < table->shard_count; i++)
        if (table->shards[i].shard_id == task->route_shard_id)
            return table->shards[i].placement_count == 1 ? &table->shards[i].placements[0]
                                                         : nullptr;
    return nullptr;
}

} // namespace

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
        const metadata::ShardPlacement *placement = current_placement(task);
        if (placement == nullptr) {
            const char *name = get_rel_name(task->route_relid);
            ereport(ERROR, (errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
                            errmsg("shard " INT64_FORMAT " of table \"%s\" changed since the "
                                   "statement was planned",
                                   task->route_shard_id, name != nullptr ? name : "?"),
                            errdetail("The shard was split or its table's distribution changed "
                                      "by a transaction that committed meanwhile."),
                            errhint("Run the statement again.")));
        }
        task->group_id = placement->group_id;
        task->route_generation = current;
    }
}

// Refuses tasks whose shard moved after the transaction snapshot (see
// distributed_scan_internal.h).
void check_snapshot_routes(List *tasks)
{
    Snapshot snapshot = GetTransactionSnapshot();
    ListCell *cell;
    foreach (cell, tasks) {
        auto *task = static_cast<Task *>(lfirst(cell));
        if (task->route_shard_id == 0)
            continue;
        const metadata::ShardPlacement *placement = current_placement(task);
        if (placement == nullptr || TransactionIdIsCurrentTransactionId(placement->xmin) ||
            !XidInMVCCSnapshot(placement->xmin, snapshot))
            continue;
        ereport(ERROR,
                (errcode(ERRCODE_T_R_SERIALIZATION_FAILURE),
                 errmsg("could not serialize access due to a concurrent shard move or split"),
                 errdetail("Shard " INT64_FORMAT " was placed where it is now by a transaction "
                           "this transaction's snapshot does not see.",
                           task->route_shard_id),
                 errhint("Retry the transaction.")));
    }
}

} // namespace distributed_scan_internal

} // namespace tessera::executor
