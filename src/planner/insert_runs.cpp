// RETURNING order of a multi-row INSERT whose rows may be skipped (ON CONFLICT DO NOTHING, DO
// UPDATE ... WHERE). PostgreSQL returns the rows in the order they were proposed; a shard's task
// returns its rows in the order it was sent them, but leaves out the skipped ones, so the rows of
// one task per shard cannot be put back in their places. Instead each run of consecutive rows of
// one shard is its own task, the tasks in the order of the runs: the tasks of one node run in
// task order on the node's one connection of the coordinated transaction (each seeing the
// earlier ones), and the concatenation of their RETURNING rows is PostgreSQL's order.
#include "tessera/planner/modify_internal.h"

#include "tessera/metadata/distributed_table.h"

extern "C" {
#include "nodes/pg_list.h"
}

namespace tessera::planner::modify {

bool needs_row_runs(const Query *query, const DistributedTable *target)
{
    const OnConflictExpr *conflict = query->onConflict;
    if (query->returningList == NIL || conflict == nullptr)
        return false;
    if (target->partition_method != metadata::kDistributeByHash || target->single_shard)
        return false;
    // DO UPDATE without WHERE affects every row proposed (or fails): no row is left out.
    return conflict->action == ONCONFLICT_NOTHING || conflict->onConflictWhere != nullptr;
}

void note_row_run(RowRouter *router, int shard_index)
{
    MemoryContext old = MemoryContextSwitchTo(router->batch_context);
    bool same_run = router->run_shards != NIL && llast_int(router->run_shards) == shard_index;
    if (same_run) {
        llast_int(router->run_lengths)++;
    } else {
        if (router->shard_last_run[shard_index] != 0)
            router->shard_revisited = true;
        router->run_shards = lappend_int(router->run_shards, shard_index);
        router->run_lengths = lappend_int(router->run_lengths, 1);
        router->shard_last_run[shard_index] = list_length(router->run_shards);
    }
    MemoryContextSwitchTo(old);
}

List *routed_run_tasks(RowRouter *router)
{
    int shard_count = Max(router->target->shard_count, 1);
    // Per shard: how many of its rows earlier runs took.
    auto *taken = static_cast<int *>(palloc0(sizeof(int) * shard_count));
    List *tasks = NIL;
    router->task_positions = NIL;
    ListCell *shard_cell;
    ListCell *length_cell;
    forboth(shard_cell, router->run_shards, length_cell, router->run_lengths)
    {
        int shard = lfirst_int(shard_cell);
        int length = lfirst_int(length_cell);
        List *rows = NIL;
        List *places = NIL;
        for (int k = taken[shard]; k < taken[shard] + length; k++) {
            rows = lappend(rows, list_nth(router->rows[shard], k));
            places = lappend_int(places, list_nth_int(router->positions[shard], k));
        }
        taken[shard] += length;
        router->task_positions = lappend(router->task_positions, places);
        tasks = lappend(tasks, shard_rows_task(router, shard, rows));
    }
    for (int i = 0; i < shard_count; i++) {
        if (taken[i] != list_length(router->rows[i]))
            elog(ERROR, "rows of shard index %d left out of the runs of an INSERT", i);
        router->rows[i] = NIL;
        router->positions[i] = NIL;
    }
    return tasks;
}

} // namespace tessera::planner::modify
