// RETURNING order of a multi-row INSERT whose rows may be skipped (ON CONFLICT DO NOTHING, DO
// UPDATE ... WHERE). PostgreSQL returns the rows in the order they were proposed; a shard's
// statement returns its rows in the order it was sent them, but leaves out the skipped ones, so
// the rows of one statement per shard cannot be put back in their places. Instead each run of
// consecutive rows of one shard is its own statement: a shard's task sends its runs' statements
// at once, in order (each seeing the earlier ones' rows), and the executor tells which
// statement each RETURNING row came from (distributed_scan_row_statement); the runs' rows, in
// the order of the runs, are PostgreSQL's order (load_in_row_order).
#include "tessera/planner/modify_internal.h"

#include "tessera/metadata/distributed_table.h"

extern "C" {
#include "lib/stringinfo.h"
#include "nodes/pg_list.h"
#include "utils/tuplestore.h"
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

List *routed_run_tasks(RowRouter *router, const int *shard_order, int shard_groups)
{
    int shard_count = Max(router->target->shard_count, 1);
    // Per shard: its task, how many of its rows earlier runs took, its runs' statements and the
    // first of them.
    auto *task_of = static_cast<int *>(palloc(sizeof(int) * shard_count));
    auto *taken = static_cast<int *>(palloc0(sizeof(int) * shard_count));
    auto *statements = static_cast<StringInfoData *>(palloc0(sizeof(StringInfoData) * shard_count));
    auto **first_statements = static_cast<char **>(palloc0(sizeof(char *) * shard_count));
    for (int g = 0; g < shard_groups; g++)
        task_of[shard_order[g]] = g;
    router->task_positions = NIL;
    router->task_runs = NIL;
    for (int g = 0; g < shard_groups; g++) {
        router->task_positions = lappend(router->task_positions, router->positions[shard_order[g]]);
        router->task_runs = lappend(router->task_runs, NIL);
    }
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
        ListCell *runs = list_nth_cell(router->task_runs, task_of[shard]);
        lfirst(runs) = lappend(static_cast<List *>(lfirst(runs)), places);
        StringInfo sql = &statements[shard];
        char *statement = shard_rows_sql(router, shard, rows);
        if (sql->data == nullptr) {
            initStringInfo(sql);
            first_statements[shard] = statement;
        } else {
            appendStringInfoString(sql, ";\n");
        }
        appendStringInfoString(sql, statement);
    }
    List *tasks = NIL;
    for (int g = 0; g < shard_groups; g++) {
        int shard = shard_order[g];
        if (taken[shard] != list_length(router->rows[shard]))
            elog(ERROR, "rows of shard index %d left out of the runs of an INSERT", shard);
        executor::Task *task = make_shard_task(router->target, shard, statements[shard].data);
        if (list_length(static_cast<List *>(list_nth(router->task_runs, g))) > 1)
            task->explain_sql = first_statements[shard];
        tasks = lappend(tasks, task);
        router->rows[shard] = NIL;
        router->positions[shard] = NIL;
    }
    return tasks;
}

// A run of rows: its task, its statement there and the place of its first row in the batch.
struct RunPlace {
    int task;
    int statement;
    int first_place;
};

// Orders RunPlace entries by first place for qsort.
static int compare_run_places(const void *a, const void *b)
{
    return static_cast<const RunPlace *>(a)->first_place -
           static_cast<const RunPlace *>(b)->first_place;
}

void put_runs_in_order(const List *task_runs, Tuplestorestate **rows, int *const *counts,
                       Tuplestorestate *ordered, TupleTableSlot *slot)
{
    int run_count = 0;
    ListCell *cell;
    foreach (cell, task_runs)
        run_count += list_length(static_cast<List *>(lfirst(cell)));
    auto *runs = static_cast<RunPlace *>(palloc(sizeof(RunPlace) * (run_count + 1)));
    int r = 0;
    int task = 0;
    foreach (cell, task_runs) {
        int statement = 0;
        ListCell *run_cell;
        foreach (run_cell, static_cast<List *>(lfirst(cell)))
            runs[r++] = {task, statement++, linitial_int(static_cast<List *>(lfirst(run_cell)))};
        task++;
    }
    qsort(runs, run_count, sizeof(RunPlace), compare_run_places);
    // A task's runs come in the order of its statements, whose rows its store holds in turn.
    for (int i = 0; i < run_count; i++) {
        for (int k = 0; k < counts[runs[i].task][runs[i].statement]; k++) {
            if (!tuplestore_gettupleslot(rows[runs[i].task], true, false, slot))
                elog(ERROR, "RETURNING rows of a task ended early");
            tuplestore_puttupleslot(ordered, slot);
        }
    }
    pfree(runs);
}

} // namespace tessera::planner::modify
