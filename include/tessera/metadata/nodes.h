// Reading pg_dist_node: which nodes exist and where they are.
//
// PostgreSQL-side functions: results are palloc'd in the current memory context and failures are
// reported with ereport(ERROR).
#pragma once

#include "tessera/pg/pg_includes.h"

extern "C" {
#include "nodes/pg_list.h"
}

namespace tessera::metadata {

// Group id of the coordinator in pg_dist_node (as in Citus).
constexpr int32 kCoordinatorGroupId = 0;

// One row of pg_dist_node.
struct WorkerNode {
    int32 node_id;
    int32 group_id;
    char *node_name;
    int32 node_port;
    bool is_active;
    bool should_have_shards;
    char *node_role; // 'primary', 'secondary', 'unavailable'
};

// Active primary workers (group id != 0) ordered by node id: the nodes that hold shards.
// A List of WorkerNode*.
List *active_worker_nodes();

// The active primary workers, for a change that every worker must get (schemas, types): raises
// an ERROR naming a disabled primary worker if there is one, since it would miss the change
// that the shards it keeps depend on. `detail`, if given, replaces the ERROR's default DETAIL
// (why the node would miss the change).
List *every_worker_node_or_error(const char *detail = nullptr);

// Active primary workers that should receive new shards (shouldhaveshards), ordered by node id.
List *shard_eligible_worker_nodes();

// The primary node of `group_id`; raises an ERROR if there is none.
WorkerNode *primary_node_for_group(int32 group_id);

// The coordinator's own pg_dist_node row (group id 0, primary), or nullptr when the coordinator
// was not added to the metadata (citus_set_coordinator_host).
WorkerNode *coordinator_node();

// Looks up a node by name and port; nullptr if it is not in pg_dist_node.
WorkerNode *find_node(const char *node_name, int32 node_port);

// Looks up a node by its node id; nullptr if it is not in pg_dist_node.
WorkerNode *find_node_by_id(int32 node_id);

// The primary node of `group_id` for work on the shard placements there: like
// primary_node_for_group, but raises an ERROR naming the node when it is disabled
// (citus_disable_node), so reads and writes of its shards fail clearly instead of reaching it.
WorkerNode *usable_node_for_group(int32 group_id);

// A counter, per backend, that grows whenever a reload of pg_dist_node finds that a node's
// address (host and port) changed or a node went away (citus_update_node, citus_remove_node).
// Cached connections opened under an older value are not reused: the address they reach may
// no longer be the node's. With `refresh`, reloads a stale node cache first (needs a
// transaction); without, returns the value as of the last reload.
uint64 node_address_generation(bool refresh);

} // namespace tessera::metadata
