// pg_dist_node, read through a backend-local cache refreshed whenever the catalog changes.
#include "tessera/metadata/nodes.h"

#include "tessera/pg/guard.h"

extern "C" {
#include "catalog/namespace.h"
#include "catalog/pg_namespace_d.h"
#include "commands/trigger.h"
#include "executor/spi.h"
#include "utils/builtins.h"
#include "utils/inval.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/snapmgr.h"
}

namespace tessera::metadata {

namespace {

MemoryContext node_cache_context = nullptr;
List *cached_nodes = NIL; // every row of pg_dist_node, ordered by nodeid
bool cache_valid = false;
bool callback_registered = false;
Oid node_catalog_oid = InvalidOid;

// Relcache callback: a change to pg_dist_node (or a full reset) makes the cache stale.
void invalidate_on_relcache_change(Datum, Oid relid)
{
    if (relid == InvalidOid || relid == node_catalog_oid) {
        cache_valid = false;
        if (relid == InvalidOid)
            node_catalog_oid = InvalidOid;
    }
}

// Reads pg_dist_node into the cache.
void load_nodes()
{
    if (!callback_registered) {
        CacheRegisterRelcacheCallback(invalidate_on_relcache_change, 0);
        callback_registered = true;
    }
    if (node_cache_context == nullptr)
        node_cache_context =
            AllocSetContextCreate(CacheMemoryContext, "tessera node cache", ALLOCSET_SMALL_SIZES);
    node_catalog_oid = get_relname_relid("pg_dist_node", PG_CATALOG_NAMESPACE);

    // Mark valid before reading: an invalidation arriving during the read marks it stale again.
    cache_valid = true;
    MemoryContextReset(node_cache_context);
    cached_nodes = NIL;

    // Read the latest committed state plus this transaction's changes so far, like a catalog
    // scan; the statement's snapshot may predate a node this very statement added.
    PushActiveSnapshot(GetLatestSnapshot());
    SPI_connect();
    if (SPI_execute("SELECT nodeid, groupid, nodename, nodeport, isactive, shouldhaveshards, "
                    "noderole::text FROM pg_catalog.pg_dist_node ORDER BY nodeid",
                    true, 0) != SPI_OK_SELECT)
        elog(ERROR, "could not read pg_dist_node");
    MemoryContext old = MemoryContextSwitchTo(node_cache_context);
    for (uint64 row = 0; row < SPI_processed; row++) {
        HeapTuple tuple = SPI_tuptable->vals[row];
        TupleDesc desc = SPI_tuptable->tupdesc;
        bool isnull;
        auto *node = static_cast<WorkerNode *>(palloc0(sizeof(WorkerNode)));
        node->node_id = DatumGetInt32(SPI_getbinval(tuple, desc, 1, &isnull));
        node->group_id = DatumGetInt32(SPI_getbinval(tuple, desc, 2, &isnull));
        node->node_name = SPI_getvalue(tuple, desc, 3);
        node->node_port = DatumGetInt32(SPI_getbinval(tuple, desc, 4, &isnull));
        node->is_active = DatumGetBool(SPI_getbinval(tuple, desc, 5, &isnull));
        node->should_have_shards = DatumGetBool(SPI_getbinval(tuple, desc, 6, &isnull));
        node->node_role = SPI_getvalue(tuple, desc, 7);
        cached_nodes = lappend(cached_nodes, node);
    }
    MemoryContextSwitchTo(old);
    SPI_finish();
    PopActiveSnapshot();
}

// The cached node list, reloaded if stale.
List *nodes()
{
    if (!cache_valid) {
        PG_TRY();
        {
            load_nodes();
        }
        PG_CATCH();
        {
            cache_valid = false;
            PG_RE_THROW();
        }
        PG_END_TRY();
    }
    return cached_nodes;
}

// A palloc'd copy of a cached node, so callers never hold pointers into the cache.
WorkerNode *copy_node(const WorkerNode *node)
{
    auto *copy = static_cast<WorkerNode *>(palloc(sizeof(WorkerNode)));
    *copy = *node;
    copy->node_name = pstrdup(node->node_name);
    copy->node_role = pstrdup(node->node_role);
    return copy;
}

// Active primary workers, optionally only those that should receive shards.
List *workers(bool only_shard_eligible)
{
    List *result = NIL;
    ListCell *cell;
    foreach (cell, nodes()) {
        auto *node = static_cast<WorkerNode *>(lfirst(cell));
        if (node->group_id == kCoordinatorGroupId || !node->is_active ||
            strcmp(node->node_role, "primary") != 0)
            continue;
        if (only_shard_eligible && !node->should_have_shards)
            continue;
        result = lappend(result, copy_node(node));
    }
    return result;
}

} // namespace

List *active_worker_nodes()
{
    return workers(false);
}

List *shard_eligible_worker_nodes()
{
    return workers(true);
}

WorkerNode *primary_node_for_group(int32 group_id)
{
    ListCell *cell;
    foreach (cell, nodes()) {
        auto *node = static_cast<WorkerNode *>(lfirst(cell));
        if (node->group_id == group_id && strcmp(node->node_role, "primary") == 0)
            return copy_node(node);
    }
    ereport(ERROR, (errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
                    errmsg("no primary node found for group %d", group_id)));
    pg_unreachable();
}

WorkerNode *find_node(const char *node_name, int32 node_port)
{
    ListCell *cell;
    foreach (cell, nodes()) {
        auto *node = static_cast<WorkerNode *>(lfirst(cell));
        if (node->node_port == node_port && strcmp(node->node_name, node_name) == 0)
            return copy_node(node);
    }
    return nullptr;
}

} // namespace tessera::metadata

// Trigger on pg_dist_node: tells every backend (this one at once, the others at commit) that
// the node list changed.
TESSERA_FUNCTION(tessera_invalidate_node_cache)
{
    if (!CALLED_AS_TRIGGER(fcinfo))
        throw tessera::Error("tessera_invalidate_node_cache must be called as a trigger");
    auto *trigger_data = reinterpret_cast<TriggerData *>(fcinfo->context);
    CacheInvalidateRelcacheByRelid(RelationGetRelid(trigger_data->tg_relation));
    return PointerGetDatum(nullptr);
}
