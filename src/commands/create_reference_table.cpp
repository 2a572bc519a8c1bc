// create_reference_table() and replicate_reference_tables(): a reference table has one shard
// with a copy on every worker; copies are added to nodes that lack them (a node just added).
// Like create_distributed_table, everything happens in the caller's transaction.
#include "tessera/commands/distribute.h"
#include "tessera/commands/distribute_internal.h"
#include "tessera/commands/trigger_propagation.h"

#include "tessera/executor/connection.h"
#include "tessera/metadata/catalog.h"
#include "tessera/metadata/distributed_table.h"
#include "tessera/metadata/nodes.h"
#include "tessera/operations/foreign_keys.h"
#include "tessera/operations/partitions.h"
#include "tessera/operations/shard_creation.h"
#include "tessera/operations/shard_ddl.h"
#include "tessera/pg/guard.h"

extern "C" {
#include "access/xact.h"
#include "catalog/namespace.h"
#include "catalog/pg_class.h"
#include "catalog/pg_namespace.h"
#include "miscadmin.h"
#include "storage/lmgr.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"
}

namespace tessera::commands {

using metadata::DistributedTable;

void make_reference_table(Oid relid)
{
    check_table_can_be_distributed(relid, "distribute");
    char *relname = get_rel_name(relid);
    if (get_rel_relkind(relid) == RELKIND_PARTITIONED_TABLE)
        ereport(ERROR, (errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
                        errmsg("cannot create reference table \"%s\": it is partitioned", relname),
                        errdetail("Partitioned tables can be hash-distributed with "
                                  "create_distributed_table(), not made reference tables.")));
    operations::check_shardable_definition(relid, InvalidAttrNumber);
    check_reference_table_triggers(relid);
    distribute_trigger_functions(relid);
    operations::check_foreign_keys_to_partitioned(relid);
    operations::check_outgoing_foreign_keys(relid, InvalidAttrNumber, 0);

    List *nodes = metadata::active_worker_nodes();
    if (nodes == NIL)
        ereport(ERROR, (errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
                        errmsg("cannot create reference table \"%s\": there are no active worker "
                               "nodes",
                               relname),
                        errhint("Add a worker with citus_add_node().")));

    // Bring existing reference tables to every node first, so all of them share one layout.
    replicate_reference_tables();

    LockRelationOid(get_relname_relid("pg_dist_colocation", PG_CATALOG_NAMESPACE),
                    ShareUpdateExclusiveLock);
    int32 colocation_id = metadata::find_colocation_group(1, -1, InvalidOid, InvalidOid);
    bool new_group = colocation_id == 0;
    if (new_group)
        colocation_id = metadata::next_colocation_id();

    operations::NewShard *shards = plan_shards(1, false, nodes, nullptr, true);
    copy_rows_into_new_shards(relid, shards, 1, InvalidAttrNumber, nullptr, InvalidOid);
    truncate_local_table(relid);

    if (new_group) {
        metadata::ColocationRow row{colocation_id, 1, -1, InvalidOid, InvalidOid};
        metadata::insert_colocation_row(&row);
    }
    write_metadata(relid, metadata::kDistributeByNone, metadata::kReplicationModelTwoPhase,
                   colocation_id, nullptr, shards, 1);
}

// The group of a placement of `shard` (a reference table's) to copy rows from: the first one on
// an active node that can be connected to, so that a new copy can be made while a worker holding
// another copy is down. Raises an error naming the first node when none can be reached.
static int32 reachable_reference_source(Oid relid, const metadata::ShardInterval *shard)
{
    const char *first_reason = nullptr;
    const metadata::WorkerNode *first_node = nullptr;
    for (int p = 0; p < shard->placement_count; p++) {
        metadata::WorkerNode *node =
            metadata::primary_node_for_group(shard->placements[p].group_id);
        if (node == nullptr || !node->is_active)
            continue;
        executor::NodeConnection *connection =
            executor::start_node_connection(node->node_name, node->node_port);
        char *reason = executor::finish_connection_or_explain(connection);
        if (reason == nullptr) {
            executor::release_connection(connection); // copy_reference_placement takes it again
            return node->group_id;
        }
        if (first_reason == nullptr) {
            first_reason = reason;
            first_node = node;
        }
    }
    if (first_node == nullptr)
        ereport(ERROR,
                (errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
                 errmsg("reference table %s has no copy on an active node", get_rel_name(relid))));
    ereport(ERROR, (errcode(ERRCODE_CONNECTION_FAILURE),
                    errmsg("could not connect to node %s:%d", first_node->node_name,
                           first_node->node_port),
                    errdetail_internal("%s", first_reason),
                    errhint("No node holding a copy of reference table %s could be reached to "
                            "copy it from.",
                            get_rel_name(relid))));
    pg_unreachable();
}

void replicate_reference_tables()
{
    if (!metadata::extension_present())
        return;
    List *nodes = metadata::active_worker_nodes();
    // New placements (shard id, group id, table): their foreign keys are added once all exist.
    List *new_relids = NIL;
    List *new_shards = NIL;
    List *new_groups = NIL;
    ListCell *table_cell;
    foreach (table_cell, metadata::all_distributed_tables()) {
        Oid relid = lfirst_oid(table_cell);
        if (!metadata::is_reference_table(relid))
            continue;
        LockRelationOid(relid, ExclusiveLock);
        const DistributedTable *table = metadata::lookup_distributed_table(relid);
        if (table == nullptr || table->shard_count != 1 || table->shards[0].placement_count == 0)
            continue;
        const metadata::ShardInterval *shard = &table->shards[0];
        int64 shard_id = shard->shard_id;
        int32 source_group = -1; // chosen when a node lacks a copy
        int32 *have = static_cast<int32 *>(palloc(sizeof(int32) * shard->placement_count));
        int have_count = shard->placement_count;
        for (int p = 0; p < have_count; p++)
            have[p] = shard->placements[p].group_id;
        ListCell *node_cell;
        foreach (node_cell, nodes) {
            metadata::WorkerNode *node = static_cast<metadata::WorkerNode *>(lfirst(node_cell));
            bool present = false;
            for (int p = 0; p < have_count; p++)
                present = present || have[p] == node->group_id;
            if (present)
                continue;
            if (source_group < 0)
                source_group = reachable_reference_source(relid, shard);
            operations::copy_reference_placement(relid, shard_id, source_group, node->group_id);
            new_relids = lappend_oid(new_relids, relid);
            new_shards = lappend(new_shards, psprintf(INT64_FORMAT, shard_id));
            new_groups = lappend_int(new_groups, node->group_id);
            metadata::ShardPlacement placement;
            placement.placement_id = metadata::next_placement_id();
            placement.shard_id = shard_id;
            placement.shard_state = metadata::kShardStateActive;
            placement.shard_length = 0;
            placement.group_id = node->group_id;
            metadata::insert_placement_row(&placement);
        }
    }
    ListCell *relid_cell;
    ListCell *shard_cell;
    ListCell *group_cell;
    forthree(relid_cell, new_relids, shard_cell, new_shards, group_cell, new_groups)
    {
        int64 shard_id = pg_strtoint64(static_cast<char *>(lfirst(shard_cell)));
        operations::add_reference_placement_foreign_keys(lfirst_oid(relid_cell), shard_id,
                                                         lfirst_int(group_cell));
    }
    CommandCounterIncrement();
}

} // namespace tessera::commands

TESSERA_FUNCTION(tessera_create_reference_table)
{
    tessera::commands::make_reference_table(PG_GETARG_OID(0));
    PG_RETURN_VOID();
}

TESSERA_FUNCTION(tessera_replicate_reference_tables)
{
    if (!superuser())
        ereport(ERROR, (errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
                        errmsg("only superusers can replicate reference tables")));
    tessera::commands::replicate_reference_tables();
    PG_RETURN_VOID();
}
