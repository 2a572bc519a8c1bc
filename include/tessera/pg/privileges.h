// Privilege checks shared by the SQL functions that reshape the cluster.
#pragma once

namespace tessera::pg {

// Raises "only superusers can <action>" (insufficient privilege) unless the current user is a
// superuser: node changes, shard moves, splits and rebalances reshape the whole cluster.
void require_superuser(const char *action);

} // namespace tessera::pg
