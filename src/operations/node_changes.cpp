// Shard bookkeeping when workers are added or removed.
#include "tessera/operations/node_added.h"

extern "C" {
#include "catalog/pg_namespace_d.h"
#include "catalog/pg_type_d.h"
#include "executor/spi.h"
#include "utils/lsyscache.h"
}

namespace tessera::operations {

void on_worker_added(const metadata::WorkerNode *)
{
    // Reference tables arrive with the distributed-table catalogs; until then there is nothing
    // to copy to a new worker.
}

void before_worker_removed(const metadata::WorkerNode *node)
{
    if (!OidIsValid(get_relname_relid("pg_dist_placement", PG_CATALOG_NAMESPACE)))
        return;
    Oid types[1] = {INT4OID};
    Datum values[1] = {Int32GetDatum(node->group_id)};
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
