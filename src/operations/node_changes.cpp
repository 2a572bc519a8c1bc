// Shard bookkeeping when workers are added or removed.
#include "tessera/operations/node_added.h"

#include "tessera/executor/connection.h"
#include "tessera/metadata/distributed_table.h"
#include "tessera/operations/shard_cleanup.h"

extern "C" {
#include "catalog/pg_namespace_d.h"
#include "catalog/pg_type_d.h"
#include "executor/spi.h"
#include "lib/stringinfo.h"
#include "utils/lsyscache.h"
}

namespace tessera::operations {

namespace {

// Drops the node's copies of reference tables (rows of `rows`: logicalrelid, shardid) with the
// local transaction. A node that cannot be reached keeps its copies: it is leaving anyway, a
// WARNING says what is left there, and citus_add_node replaces them should the node come back
// (as in Citus, removing a node does not require it to be up or disabled first).
void drop_reference_copies(const metadata::WorkerNode *node, SPITupleTable *rows, uint64 count)
{
    if (count == 0)
        return;
    StringInfoData command;
    initStringInfo(&command);
    appendStringInfoString(&command, "DROP TABLE IF EXISTS ");
    for (uint64 i = 0; i < count; i++) {
        bool isnull;
        Oid relid = DatumGetObjectId(SPI_getbinval(rows->vals[i], rows->tupdesc, 1, &isnull));
        int64 shard_id = DatumGetInt64(SPI_getbinval(rows->vals[i], rows->tupdesc, 2, &isnull));
        appendStringInfo(&command, "%s%s", i > 0 ? ", " : "",
                         metadata::qualified_shard_name(relid, shard_id));
    }
    executor::NodeConnection *connection =
        executor::start_node_connection(node->node_name, node->node_port);
    char *reason = executor::finish_connection_or_explain(connection);
    if (reason != nullptr) {
        ereport(WARNING,
                (errmsg("could not drop the reference table copies on node %s:%d", node->node_name,
                        node->node_port),
                 errdetail_internal("%s", reason),
                 errhint("citus_add_node replaces them if the node is added again; to remove "
                         "them now, run there: %s",
                         command.data)));
        return;
    }
    executor::join_coordinated_transaction(connection);
    PQclear(executor::execute_command(connection, command.data));
}

} // namespace

void before_worker_removed(const metadata::WorkerNode *node)
{
    if (!OidIsValid(get_relname_relid("pg_dist_placement", PG_CATALOG_NAMESPACE)))
        return;
    Oid types[1] = {INT4OID};
    Datum values[1] = {Int32GetDatum(node->group_id)};
    // Reference tables have a copy on every worker: the node's copies can go, as long as each
    // has another placement elsewhere.
    if (SPI_execute_with_args(
            "DELETE FROM pg_catalog.pg_dist_placement p USING pg_catalog.pg_dist_shard s, "
            "pg_catalog.pg_dist_partition t WHERE p.shardid = s.shardid AND "
            "s.logicalrelid = t.logicalrelid AND t.partmethod = 'n' AND t.repmodel = 't' AND "
            "p.groupid = $1 AND "
            "EXISTS (SELECT 1 FROM pg_catalog.pg_dist_placement o "
            "        WHERE o.shardid = p.shardid AND o.groupid <> p.groupid) "
            "RETURNING s.logicalrelid, s.shardid",
            1, types, values, nullptr, false, 0) != SPI_OK_DELETE_RETURNING)
        elog(ERROR, "could not delete reference table placements");
    // Kept until the check below: a node that still holds shards is refused before anything is
    // dropped there (or a warning about copies it cannot drop precedes the refusal).
    SPITupleTable *reference_rows = SPI_tuptable;
    uint64 reference_count = SPI_processed;
    if (SPI_execute_with_args(
            "SELECT count(*) FROM pg_catalog.pg_dist_placement WHERE groupid = $1", 1, types,
            values, nullptr, false, 1) != SPI_OK_SELECT) // not read-only: see the DELETE
        elog(ERROR, "could not read pg_dist_placement");
    bool isnull;
    int64 placements =
        DatumGetInt64(SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &isnull));
    if (placements > 0)
        ereport(ERROR, (errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
                        errmsg("cannot remove node %s:%d: it holds %lld shard placements",
                               node->node_name, node->node_port, (long long)placements),
                        errhint("Move its shards to other nodes first.")));
    Oid two_types[2] = {INT4OID, INT4OID};
    Datum two_values[2] = {Int32GetDatum(node->group_id), Int32GetDatum(node->node_id)};
    drop_reference_copies(node, reference_rows, reference_count);
    // Source shards that moves off the node (a drain) left for a deferred drop: dropped now, as
    // no cleanup visits a node that is not in pg_dist_node.
    drop_orphans_of_removed_node(node);
    // The group's commit records go with its last node: recovery only visits the groups of
    // nodes in pg_dist_node, so they would stay forever. A prepared transaction still left on
    // the node (it could not be reached) is refused when the node is added again.
    if (SPI_execute_with_args(
            "DELETE FROM pg_catalog.pg_dist_transaction WHERE groupid = $1 AND NOT EXISTS "
            "(SELECT 1 FROM pg_catalog.pg_dist_node WHERE groupid = $1 AND nodeid <> $2)",
            2, two_types, two_values, nullptr, false, 0) != SPI_OK_DELETE)
        elog(ERROR, "could not delete from pg_dist_transaction");
}

} // namespace tessera::operations
