// pg_dist_node, read through a backend-local cache refreshed whenever the catalog changes.
#include "tessera/metadata/nodes.h"

#include "tessera/pg/guard.h"

extern "C" {
#include "access/xact.h"
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
bool cache_loaded_once = false;
uint64 address_generation = 0;
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

// True if one of `previous` ("<nodeid> <host>:<port>" strings, the cache before a reload) is
// not in the reloaded cache: the node moved to another address or was removed.
bool address_moved_or_removed(List *previous)
{
    ListCell *previous_cell;
    foreach (previous_cell, previous) {
        bool found = false;
        ListCell *cell;
        foreach (cell, cached_nodes) {
            auto *node = static_cast<WorkerNode *>(lfirst(cell));
            char *address = psprintf("%d %s:%d", node->node_id, node->node_name, node->node_port);
            found = strcmp(address, static_cast<char *>(lfirst(previous_cell))) == 0;
            pfree(address);
            if (found)
                break;
        }
        if (!found)
            return true;
    }
    return false;
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
    // The addresses known so far, to tell whether one changed (kept in the caller's context).
    List *previous = NIL;
    ListCell *previous_cell;
    foreach (previous_cell, cached_nodes) {
        auto *node = static_cast<WorkerNode *>(lfirst(previous_cell));
        previous = lappend(previous,
                           psprintf("%d %s:%d", node->node_id, node->node_name, node->node_port));
    }
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
    if (cache_loaded_once && address_moved_or_removed(previous))
        address_generation++;
    cache_loaded_once = true;
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

WorkerNode *coordinator_node()
{
    ListCell *cell;
    foreach (cell, nodes()) {
        auto *node = static_cast<WorkerNode *>(lfirst(cell));
        if (node->group_id == kCoordinatorGroupId && strcmp(node->node_role, "primary") == 0)
            return copy_node(node);
    }
    return nullptr;
}

List *every_worker_node_or_error(const char *detail)
{
    ListCell *cell;
    foreach (cell, nodes()) {
        auto *node = static_cast<WorkerNode *>(lfirst(cell));
        if (node->group_id != kCoordinatorGroupId && !node->is_active &&
            strcmp(node->node_role, "primary") == 0)
            ereport(ERROR, (errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
                            errmsg("cannot run this statement while node %s:%d is disabled",
                                   node->node_name, node->node_port),
                            detail != nullptr
                                ? errdetail("%s", detail)
                                : errdetail("The node would miss a change its shards depend on."),
                            errhint("Activate it with citus_activate_node() first.")));
    }
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

WorkerNode *find_node_by_id(int32 node_id)
{
    ListCell *cell;
    foreach (cell, nodes()) {
        auto *node = static_cast<WorkerNode *>(lfirst(cell));
        if (node->node_id == node_id)
            return copy_node(node);
    }
    return nullptr;
}

WorkerNode *usable_node_for_group(int32 group_id)
{
    WorkerNode *node = primary_node_for_group(group_id);
    if (!node->is_active)
        ereport(ERROR, (errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
                        errmsg("node %s:%d is disabled", node->node_name, node->node_port),
                        errdetail("It holds shard placements this command needs."),
                        errhint("Activate it with citus_activate_node() once it is back, or "
                                "move its shards to other nodes.")));
    return node;
}

uint64 node_address_generation(bool refresh)
{
    if (refresh && IsTransactionState())
        (void)nodes();
    return address_generation;
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
