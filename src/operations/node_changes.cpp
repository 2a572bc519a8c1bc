// Shard bookkeeping when workers are added or removed.
#include "tessera/operations/node_added.h"

extern "C" {
#include "catalog/pg_namespace_d.h"
#include "catalog/pg_type_d.h"
#include "executor/spi.h"
#include "utils/lsyscache.h"
}

namespace tessera::operations {

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
            "s.logicalrelid = t.logicalrelid AND t.partmethod = 'n' AND p.groupid = $1 AND "
            "EXISTS (SELECT 1 FROM pg_catalog.pg_dist_placement o "
            "        WHERE o.shardid = p.shardid AND o.groupid <> p.groupid)",
            1, types, values, nullptr, false, 0) != SPI_OK_DELETE)
        elog(ERROR, "could not delete reference table placements");
    if (SPI_execute_with_args(
            "SELECT count(*) FROM pg_catalog.pg_dist_placement WHERE groupid = $1", 1, types,
            values, nullptr, true, 1) != SPI_OK_SELECT)
        elog(ERROR, "could not read pg_dist_placement");
    bool isnull;
    int64 placements =
        DatumGetInt64(SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &isnull));
    if (placements > 0)
        ereport(ERROR, (errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
                        errmsg("cannot remove node %s:%d: it holds %lld shard placements",
                               node->node_name, node->node_port, (long long)placements),
                        errhint("Move its shards to other nodes first.")));
}

} // namespace tessera::operations
