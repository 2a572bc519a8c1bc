// What must happen to shards when the node list changes.
#pragma once

#include "tessera/metadata/nodes.h"

namespace tessera::operations {

// Called by citus_remove_node before the node's row is deleted: refuses if the node still holds
// shards that exist nowhere else, and forgets its reference table placements (which exist on
// the other workers too).
void before_worker_removed(const metadata::WorkerNode *node);

} // namespace tessera::operations
