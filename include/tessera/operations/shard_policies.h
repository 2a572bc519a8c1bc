// The SQL that gives a table's shards its row-level security on the workers, built from the
// catalogs: the policies of pg_policy and the ENABLE / FORCE ROW LEVEL SECURITY of pg_class.
// Worker queries run as the coordinator session's current user, so the shards' policies are
// enforced there for the same role as on the coordinator.
//
// PostgreSQL-side functions: palloc'd results, ereport(ERROR) on failure.
#pragma once

#include "tessera/pg/pg_includes.h"

extern "C" {
#include "nodes/pg_list.h"
}

namespace tessera::operations {

// True if `relid` has row-level security enabled or any policy.
bool has_row_level_security(Oid relid);

// Raises a clear ERROR if a policy of `relid` cannot be repeated on its shards: an expression
// with a subquery (it could read other tables, which the workers do not have as tables) or
// calling a user function the workers lack (with the create_distributed_function hint).
void check_shard_policies(Oid relid);

// "CREATE POLICY <name> ON <shard> AS ... FOR ... TO ... USING (...) WITH CHECK (...)" for
// policy `policy_oid` of `relid`, expressions printed in the workers' text environment.
char *shard_policy_command(Oid relid, Oid policy_oid, int64 shard_id);

// The Oid of policy `name` of `relid` (an ERROR if there is none).
Oid policy_oid_by_name(Oid relid, const char *name);

// shard_policy_command for every policy of `relid`, then ALTER TABLE ... ENABLE / FORCE ROW
// LEVEL SECURITY as the table has them. Run after the shard's rows are copied in (a COPY FROM
// into a table with row-level security is refused to roles it applies to).
List *shard_policy_commands(Oid relid, int64 shard_id);

} // namespace tessera::operations
