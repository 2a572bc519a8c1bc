// Shard group moves, and the SQL function citus_move_shard_placement (the rebalancer, which plans
// moves, is rebalance_plan.cpp). PostgreSQL-style code.
#include "tessera/operations/shard_move.h"

#include "tessera/executor/connection.h"
#include "tessera/metadata/catalog.h"
#include "tessera/metadata/distributed_table.h"
#include "tessera/metadata/nodes.h"
#include "tessera/operations/background_jobs.h"
#include "tessera/operations/foreign_keys.h"
#include "tessera/operations/move_progress.h"
#include "tessera/operations/partitions.h"
#include "tessera/operations/shard_cleanup.h"
#include "tessera/operations/shard_creation.h"
#include "tessera/operations/worker_objects.h"
#include "tessera/pg/guard.h"
#include "tessera/pg/privileges.h"

extern "C" {
#include "access/xact.h"
#include "catalog/pg_type_d.h"
#include "lib/stringinfo.h"
#include "miscadmin.h"
#include "storage/lmgr.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"
}

namespace tessera::operations {

namespace {

using executor::NodeConnection;

int compare_shards_by_range(const void *a, const void *b)
{
    const auto *left = *static_cast<metadata::ShardInterval *const *>(a);
    const auto *right = *static_cast<metadata::ShardInterval *const *>(b);
    if (left->min_value != right->min_value)
        return left->min_value < right->min_value ? -1 : 1;
    return left->shard_id < right->shard_id ? -1 : (left->shard_id > right->shard_id ? 1 : 0);
}

} // namespace

ShardGroupNames shard_group_names(const ColocatedShards *shards, int shard_index)
{
    StringInfoData literals;
    initStringInfo(&literals);
    StringInfoData tables;
    initStringInfo(&tables);
    for (int t = 0; t < shards->table_count; t++) {
        char *name =
            metadata::qualified_shard_name(shards->relids[t], shards->shard_ids[t][shard_index]);
        appendStringInfo(&literals, "%s%s", t > 0 ? ", " : "", quote_literal_cstr(name));
        appendStringInfo(&tables, "%s%s", t > 0 ? ", " : "", name);
    }
    return {literals.data, tables.data};
}

// Makes the source shards stop changing before the copy (`names`: the shard names as a list of
// literals, `tables`: the same as a list of table names).
// The coordinator's lock on the tables stops new writes, but a distributed transaction whose
// COMMIT PREPARED failed on the source keeps its prepared writes there until recovery commits
// them: copied before that, they would be lost with the dropped source shards. Such a prepared
// transaction is refused clearly; the EXCLUSIVE lock (reads go on) then waits for any writer
// still holding one of the shards, e.g. one that recovery commits in the meantime.
void lock_source_shards(executor::NodeConnection *source, const char *names, const char *tables)
{
    PGresult *result = executor::execute_command(
        source, psprintf("SELECT t FROM unnest(ARRAY[%s]::text[]) t "
                         "WHERE EXISTS (SELECT 1 FROM pg_catalog.pg_locks l "
                         "WHERE l.relation = pg_catalog.to_regclass(t) AND l.pid IS NULL AND "
                         "l.database = (SELECT oid FROM pg_catalog.pg_database "
                         "WHERE datname = pg_catalog.current_database())) LIMIT 1",
                         names));
    if (PQntuples(result) > 0) {
        char *locked = pstrdup(PQgetvalue(result, 0, 0));
        PQclear(result);
        ereport(ERROR,
                (errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
                 errmsg("shard table %s on source node %s is locked by a prepared transaction",
                        locked, executor::connection_node_name(source)),
                 errdetail("A distributed transaction that wrote to it is not finished on that "
                           "node; moving the shard now could lose its writes."),
                 errhint("Run SELECT recover_prepared_transactions() and retry the move.")));
    }
    PQclear(result);
    PQclear(executor::execute_command(source, psprintf("LOCK TABLE %s IN EXCLUSIVE MODE", tables)));
}

// Locks every table of colocation group `colocation_id` in EXCLUSIVE mode and returns the
// group's members (a List of Oid) as read after the last lock wait. A table can join the group
// in a transaction that commits while we wait for a lock (create_distributed_table with
// colocate_with, mark_tables_colocated, ...; each holds a lock on a member that conflicts with
// ours until it commits), so the members are read again after locking until no new one shows
// up; a table left behind would share the group's id but not its nodes.
static List *lock_colocation_group(int32 colocation_id)
{
    List *locked = NIL;
    for (;;) {
        List *members = metadata::tables_in_colocation_group(colocation_id);
        bool added = false;
        ListCell *cell;
        foreach (cell, members) {
            Oid relid = lfirst_oid(cell);
            if (list_member_oid(locked, relid))
                continue;
            LockRelationOid(relid, ExclusiveLock);
            locked = lappend_oid(locked, relid);
            added = true;
        }
        if (!added)
            return members;
    }
}

ColocatedShards *read_colocated_shards(int32 colocation_id, bool lock_for_move)
{
    List *tables = NIL;
    List *partitioned = NIL;
    ListCell *cell;
    List *members = lock_for_move ? lock_colocation_group(colocation_id)
                                  : metadata::tables_in_colocation_group(colocation_id);
    foreach (cell, members) {
        Oid relid = lfirst_oid(cell);
        metadata::PartitionRow *row = metadata::read_partition_row(relid);
        if (row == nullptr ||
            !metadata::is_movable_row(row->partition_method, row->replication_model))
            continue;
        // Partitioned tables first: a move creates their shards before it attaches the shards
        // of their partitions to them.
        if (is_partitioned_table(relid))
            partitioned = lappend_oid(partitioned, relid);
        else
            tables = lappend_oid(tables, relid);
    }
    tables = list_concat(partitioned, tables);
    auto *result = static_cast<ColocatedShards *>(palloc0(sizeof(ColocatedShards)));
    result->colocation_id = colocation_id;
    result->table_count = list_length(tables);
    result->relids = static_cast<Oid *>(palloc0(sizeof(Oid) * Max(result->table_count, 1)));
    result->shard_ids =
        static_cast<int64 **>(palloc0(sizeof(int64 *) * Max(result->table_count, 1)));
    int t = 0;
    foreach (cell, tables) {
        Oid relid = lfirst_oid(cell);
        List *shard_list = metadata::read_table_shards(relid);
        int count = list_length(shard_list);
        auto **shards = static_cast<metadata::ShardInterval **>(
            palloc0(sizeof(metadata::ShardInterval *) * Max(count, 1)));
        int i = 0;
        ListCell *shard_cell;
        foreach (shard_cell, shard_list)
            shards[i++] = static_cast<metadata::ShardInterval *>(lfirst(shard_cell));
        qsort(shards, count, sizeof(shards[0]), compare_shards_by_range);
        if (t == 0) {
            result->shard_count = count;
            result->group_of_index = static_cast<int32 *>(palloc0(sizeof(int32) * Max(count, 1)));
        } else if (count != result->shard_count) {
            ereport(ERROR, (errcode(ERRCODE_DATA_CORRUPTED),
                            errmsg("tables of colocation group %d have different shard counts",
                                   colocation_id)));
        }
        result->relids[t] = relid;
        result->shard_ids[t] = static_cast<int64 *>(palloc0(sizeof(int64) * Max(count, 1)));
        for (i = 0; i < count; i++) {
            if (shards[i]->placement_count != 1)
                ereport(ERROR, (errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
                                errmsg("shard " INT64_FORMAT " has %d placements",
                                       shards[i]->shard_id, shards[i]->placement_count),
                                errdetail("Only shards with exactly one placement can be moved.")));
            int32 group = shards[i]->placements[0].group_id;
            if (t == 0)
                result->group_of_index[i] = group;
            else if (result->group_of_index[i] != group)
                ereport(ERROR, (errcode(ERRCODE_DATA_CORRUPTED),
                                errmsg("colocated shards " INT64_FORMAT " and " INT64_FORMAT
                                       " are on different nodes",
                                       result->shard_ids[0][i], shards[i]->shard_id)));
            result->shard_ids[t][i] = shards[i]->shard_id;
        }
        t++;
    }
    return result;
}

void move_shard_group(ColocatedShards *shards, int shard_index, int32 source_group_id,
                      int32 target_group_id)
{
    Assert(shard_index >= 0 && shard_index < shards->shard_count);
    if (shards->group_of_index[shard_index] != source_group_id)
        ereport(ERROR, (errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
                        errmsg("shard group %d of colocation group %d is not on the source node",
                               shard_index, shards->colocation_id)));
    NodeConnection *source = transaction_connection(source_group_id);
    NodeConnection *target = transaction_connection(target_group_id);

    // The tables' schemas and types on the target first (committed at once, outside the
    // transaction): the leftover check below looks the shard names up in the target's
    // transaction, and a schema missing there then would stay missing for it (the lookup leaves
    // a negative catalog cache entry), failing CREATE TABLE of a group whose schema only its
    // source node had (single-shard tables, distributed schemas).
    for (int t = 0; t < shards->table_count; t++)
        ensure_table_objects_on_groups(shards->relids[t], &target_group_id, 1);

    // Shard tables an earlier move away from the target left there for a deferred drop go first
    // (or the move is refused while transactions may still read them).
    char **group_names =
        static_cast<char **>(palloc0(sizeof(char *) * Max(shards->table_count, 1)));
    for (int t = 0; t < shards->table_count; t++)
        group_names[t] =
            metadata::qualified_shard_name(shards->relids[t], shards->shard_ids[t][shard_index]);
    clear_pending_drops(target_group_id, group_names, shards->table_count);

    // Leftovers of an earlier failed attempt would make CREATE TABLE fail on the target: refuse
    // clearly instead of guessing whether they hold data.
    ShardGroupNames group = shard_group_names(shards, shard_index);
    if (shards->table_count > 0) {
        PGresult *result = executor::execute_command(
            target, psprintf("SELECT t FROM unnest(ARRAY[%s]::text[]) t "
                             "WHERE pg_catalog.to_regclass(t) IS NOT NULL LIMIT 1",
                             group.literals));
        if (PQntuples(result) > 0) {
            char *existing = pstrdup(PQgetvalue(result, 0, 0));
            PQclear(result);
            ereport(ERROR,
                    (errcode(ERRCODE_DUPLICATE_TABLE),
                     errmsg("target node %s already holds shard table %s",
                            executor::connection_node_name(target), existing),
                     errhint("Drop the leftover table on that node if it holds no needed data, "
                             "then retry.")));
        }
        PQclear(result);
    }

    if (shards->table_count > 0)
        lock_source_shards(source, group.literals, group.tables);
    move_progress_begin(shards, shard_index, metadata::primary_node_for_group(source_group_id),
                        metadata::primary_node_for_group(target_group_id), source);

    // Tables and rows first, for every table of the group; then the foreign keys, which
    // reference each other's shards on the target.
    for (int t = 0; t < shards->table_count; t++) {
        Oid relid = shards->relids[t];
        int64 shard_id = shards->shard_ids[t][shard_index];
        move_progress_copying(t);
        copy_reference_placement(relid, shard_id, source_group_id, target_group_id);
        // A partition's shard joins its partitioned table's shard, created before it (the
        // group's partitioned tables come first, see read_colocated_shards); the partitioned
        // shard's rows are counted in its partitions.
        ListCell *attach_cell;
        foreach (attach_cell, shard_attach_commands(relid, shard_index, shard_id))
            PQclear(executor::execute_command(target, static_cast<char *>(lfirst(attach_cell))));
        if (is_partitioned_table(relid))
            continue;
        char *shard_name = metadata::qualified_shard_name(relid, shard_id);
        move_progress_copied(target, shard_name);
        int64 source_rows = remote_row_count(source, shard_name);
        int64 target_rows = remote_row_count(target, shard_name);
        if (source_rows != target_rows)
            ereport(ERROR, (errcode(ERRCODE_INTERNAL_ERROR),
                            errmsg("shard " INT64_FORMAT " has " INT64_FORMAT
                                   " rows on the source but " INT64_FORMAT " after copying",
                                   shard_id, source_rows, target_rows)));
    }
    move_progress_status("adding foreign keys");
    StringInfoData sql;
    initStringInfo(&sql);
    for (int t = 0; t < shards->table_count; t++) {
        ListCell *cell;
        foreach (cell, shard_foreign_key_commands(shards->relids[t],
                                                  shards->shard_ids[t][shard_index], shard_index)) {
            appendStringInfoString(&sql, static_cast<char *>(lfirst(cell)));
            appendStringInfoString(&sql, ";\n");
        }
    }
    if (sql.len > 0)
        PQclear(executor::execute_command(target, sql.data));

    // Reads went on during the copy (the ExclusiveLock only stops writes); from the switch on,
    // statements route by the new placements (they accept invalidations when they plan and
    // execute). A transaction that already locked a table may still be reading the source shards,
    // and waiting for it here would deadlock with one that read and now wants to write (it waits
    // for our EXCLUSIVE lock): so ACCESS EXCLUSIVE is only taken when free, and when it is not,
    // the source shards are recorded in pg_dist_cleanup instead of dropped, to be dropped once the
    // transactions that may still read them have ended (shard_cleanup.cpp).
    move_progress_status("switching placements");
    bool drop_now = lock_tables_if_free(shards->relids, shards->table_count);

    for (int t = 0; t < shards->table_count; t++) {
        if (!metadata::update_placement_group(shards->shard_ids[t][shard_index], source_group_id,
                                              target_group_id))
            ereport(ERROR, (errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
                            errmsg("shard " INT64_FORMAT " has no placement on the source node",
                                   shards->shard_ids[t][shard_index])));
    }
    shards->group_of_index[shard_index] = target_group_id;

    if (drop_now) {
        resetStringInfo(&sql);
        appendStringInfoString(&sql, "DROP TABLE IF EXISTS ");
        for (int t = 0; t < shards->table_count; t++)
            appendStringInfo(&sql, "%s%s", t > 0 ? ", " : "", group_names[t]);
        if (shards->table_count > 0)
            PQclear(executor::execute_command(source, sql.data));
    } else {
        record_orphaned_shards(group_names, shards->table_count, source_group_id);
    }
    move_progress_status("waiting for commit");
}

} // namespace tessera::operations

// ---------------------------------------------------------------------------------------------
// SQL functions

namespace {

using namespace tessera;

void check_transfer_mode(const char *mode)
{
    if (strcmp(mode, "auto") != 0 && strcmp(mode, "block_writes") != 0 &&
        strcmp(mode, "force_logical") != 0)
        ereport(ERROR,
                (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                 errmsg("invalid shard_transfer_mode \"%s\"", mode),
                 errhint("Use 'auto', 'block_writes' or 'force_logical'; every mode copies the "
                         "shards while writes to their tables are blocked.")));
}

// An active primary worker, or an ERROR saying what `role` ("source", "target") node is wrong.
metadata::WorkerNode *worker_node(const char *name, int32 port, const char *role)
{
    metadata::WorkerNode *node = metadata::find_node(name, port);
    if (node == nullptr)
        ereport(ERROR, (errcode(ERRCODE_UNDEFINED_OBJECT),
                        errmsg("%s node %s:%d is not in the cluster", role, name, port)));
    if (!node->is_active || node->group_id == metadata::kCoordinatorGroupId ||
        node->node_role == nullptr || strcmp(node->node_role, "primary") != 0)
        ereport(ERROR,
                (errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
                 errmsg("%s node %s:%d is not an active primary worker node", role, name, port)));
    return node;
}

} // namespace

// citus_move_shard_placement(shard_id, source_name, source_port, target_name, target_port,
// shard_transfer_mode): moves the shard and its colocated shards to the target node.
TESSERA_FUNCTION(citus_move_shard_placement)
{
    pg::require_superuser("move shards");
    int64 shard_id = PG_GETARG_INT64(0);
    char *source_name = text_to_cstring(PG_GETARG_TEXT_PP(1));
    int32 source_port = PG_GETARG_INT32(2);
    char *target_name = text_to_cstring(PG_GETARG_TEXT_PP(3));
    int32 target_port = PG_GETARG_INT32(4);
    check_transfer_mode(text_to_cstring(PG_GETARG_TEXT_PP(5)));

    Oid relid = metadata::relid_of_shard(shard_id);
    if (!OidIsValid(relid))
        ereport(ERROR, (errcode(ERRCODE_UNDEFINED_OBJECT),
                        errmsg("shard " INT64_FORMAT " does not exist", shard_id)));
    metadata::PartitionRow *row = metadata::read_partition_row(relid);
    if (row == nullptr || !metadata::is_movable_row(row->partition_method, row->replication_model))
        ereport(ERROR, (errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
                        errmsg("cannot move shard " INT64_FORMAT " of reference table \"%s\"",
                               shard_id, get_rel_name(relid)),
                        errdetail("Reference tables have a copy on every worker.")));
    metadata::WorkerNode *source = worker_node(source_name, source_port, "source");
    metadata::WorkerNode *target = worker_node(target_name, target_port, "target");
    if (source->group_id == target->group_id)
        ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                        errmsg("source and target node are the same")));

    operations::ColocatedShards *shards =
        operations::read_colocated_shards(row->colocation_id, true);
    int shard_index = -1;
    for (int t = 0; t < shards->table_count && shard_index < 0; t++)
        for (int i = 0; i < shards->shard_count; i++)
            if (shards->shard_ids[t][i] == shard_id)
                shard_index = i;
    if (shard_index < 0)
        ereport(ERROR, (errcode(ERRCODE_UNDEFINED_OBJECT),
                        errmsg("shard " INT64_FORMAT " does not exist", shard_id)));
    // With one placement per shard, a source that holds it means the target does not; a leftover
    // table of the same name on the target is refused by move_shard_group.
    if (shards->group_of_index[shard_index] != source->group_id)
        ereport(ERROR, (errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
                        errmsg("source node %s:%d does not hold shard " INT64_FORMAT, source_name,
                               source_port, shard_id)));
    operations::move_shard_group(shards, shard_index, source->group_id, target->group_id);
    PG_RETURN_VOID();
}

namespace tessera::operations {

// See shard_move.h; the same check as the move functions'.
void check_shard_transfer_mode(const char *mode)
{
    check_transfer_mode(mode);
}

} // namespace tessera::operations
