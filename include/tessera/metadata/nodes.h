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

// Active primary workers that should receive new shards (shouldhaveshards), ordered by node id.
List *shard_eligible_worker_nodes();

// The primary node of `group_id`; raises an ERROR if there is none.
WorkerNode *primary_node_for_group(int32 group_id);

// Looks up a node by name and port; nullptr if it is not in pg_dist_node.
WorkerNode *find_node(const char *node_name, int32 node_port);

} // namespace tessera::metadata
