// tessera_shard_sizes(): the sizes of every shard placement, measured on its worker. Feeds the
// citus_tables and citus_shards views and the citus_*_size functions. PostgreSQL-style code.
#include "tessera/executor/connection.h"
#include "tessera/metadata/catalog.h"
#include "tessera/metadata/distributed_table.h"
#include "tessera/metadata/nodes.h"
#include "tessera/pg/guard.h"

extern "C" {
#include "funcapi.h"
#include "lib/stringinfo.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"
#include "utils/tuplestore.h"
}

namespace {

using tessera::executor::NodeConnection;

// Shard ids and qualified names of the placements on one node group, as SQL array literals.
struct GroupShards {
    int32 group_id;
    StringInfoData ids;
    StringInfoData names;
    int count;
};

} // namespace

TESSERA_FUNCTION(tessera_shard_sizes)
{
    using namespace tessera;
    InitMaterializedSRF(fcinfo, 0);
    ReturnSetInfo *rsinfo = reinterpret_cast<ReturnSetInfo *>(fcinfo->resultinfo);
    if (!metadata::extension_present())
        return (Datum)0;

    GroupShards *groups = nullptr;
    int group_count = 0;
    int capacity = 0;
    ListCell *table_cell;
    foreach (table_cell, metadata::read_all_partition_rows()) {
        Oid relid = static_cast<metadata::PartitionRow *>(lfirst(table_cell))->relid;
        if (get_rel_name(relid) == nullptr)
            continue;
        ListCell *shard_cell;
        foreach (shard_cell, metadata::read_table_shards(relid)) {
            auto *shard = static_cast<metadata::ShardInterval *>(lfirst(shard_cell));
            char *name = metadata::qualified_shard_name(relid, shard->shard_id);
            for (int p = 0; p < shard->placement_count; p++) {
                int32 group = shard->placements[p].group_id;
                int g = 0;
                while (g < group_count && groups[g].group_id != group)
                    g++;
                if (g == group_count) {
                    if (group_count == capacity) {
                        capacity = Max(4, capacity * 2);
                        groups = static_cast<GroupShards *>(
                            groups == nullptr ? palloc(sizeof(GroupShards) * capacity)
                                              : repalloc(groups, sizeof(GroupShards) * capacity));
                    }
                    groups[g].group_id = group;
                    groups[g].count = 0;
                    initStringInfo(&groups[g].ids);
                    initStringInfo(&groups[g].names);
                    group_count++;
                }
                GroupShards *target = &groups[g];
                appendStringInfo(&target->ids, "%s" INT64_FORMAT, target->count > 0 ? "," : "",
                                 shard->shard_id);
                appendStringInfo(&target->names, "%s%s", target->count > 0 ? "," : "",
                                 quote_literal_cstr(name));
                target->count++;
            }
        }
    }
    if (group_count == 0)
        return (Datum)0;

    // Ask every reachable node in parallel; an unreachable node leaves its sizes out (NULL).
    List *pending = NIL;
    NodeConnection **connections =
        static_cast<NodeConnection **>(palloc0(sizeof(NodeConnection *) * group_count));
    for (int g = 0; g < group_count; g++) {
        metadata::WorkerNode *node = metadata::primary_node_for_group(groups[g].group_id);
        connections[g] = executor::start_node_connection(node->node_name, node->node_port);
        pending = lappend(pending, connections[g]);
    }
    NodeConnection **ready =
        static_cast<NodeConnection **>(palloc0(sizeof(NodeConnection *) * group_count));
    const char **commands = static_cast<const char **>(palloc0(sizeof(char *) * group_count));
    int *ready_group = static_cast<int *>(palloc0(sizeof(int) * group_count));
    int ready_count = 0;
    for (int g = 0; g < group_count; g++) {
        if (char *reason = executor::finish_connection_or_explain(connections[g])) {
            metadata::WorkerNode *node = metadata::primary_node_for_group(groups[g].group_id);
            ereport(WARNING,
                    (errmsg("could not reach node %s:%d, the sizes of its shards are unknown",
                            node->node_name, node->node_port),
                     errdetail("%s", reason)));
            continue;
        }
        ready[ready_count] = connections[g];
        ready_group[ready_count] = g;
        commands[ready_count] = psprintf(
            "SELECT s.id, pg_catalog.pg_total_relation_size(r), pg_catalog.pg_relation_size(r), "
            "pg_catalog.pg_table_size(r) "
            "FROM unnest(ARRAY[%s]::bigint[], ARRAY[%s]::text[]) AS s(id, name), "
            "LATERAL pg_catalog.to_regclass(s.name) AS r",
            groups[g].ids.data, groups[g].names.data);
        ready_count++;
    }
    PGresult **results = static_cast<PGresult **>(palloc0(sizeof(PGresult *) * group_count));
    executor::execute_commands_parallel(ready, commands, ready_count, results, false);
    for (int r = 0; r < ready_count; r++) {
        PGresult *result = results[r];
        if (result != nullptr && PQresultStatus(result) == PGRES_TUPLES_OK) {
            for (int row = 0; row < PQntuples(result); row++) {
                // shardid, groupid, then the total, main-fork and table (no indexes) sizes
                Datum values[5];
                bool nulls[5] = {false, false, false, false, false};
                values[0] = Int64GetDatum(pg_strtoint64(PQgetvalue(result, row, 0)));
                values[1] = Int32GetDatum(groups[ready_group[r]].group_id);
                for (int column = 1; column <= 3; column++) {
                    if (PQgetisnull(result, row, column))
                        nulls[column + 1] = true;
                    else
                        values[column + 1] =
                            Int64GetDatum(pg_strtoint64(PQgetvalue(result, row, column)));
                }
                tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
            }
        }
        if (result != nullptr)
            PQclear(result);
    }
    return (Datum)0;
}
