// Tenant monitoring (citus_stat_tenants): the coordinator counts, per tenant (a distribution
// column value of one colocation group), the statements routed to it, in a bounded table in
// shared memory.
//
// A statement is attributed when every distributed scan it runs is pinned to one tenant (the
// same one): router SELECTs and single-tenant INSERT / UPDATE / DELETE. The scans note their
// tenant as they start (note_scan_tenant); the top-level statement's ExecutorEnd records it.
// With citus.stat_tenants_track = 'none' (the default) nothing is noted or measured: the
// executor hooks and the scans test one variable.
#pragma once

#include "tessera/pg/pg_includes.h"

extern "C" {
#include "nodes/primnodes.h"
extern int tessera_stat_tenants_track; // citus.stat_tenants_track: 0 none, 1 all
}

namespace tessera::executor {

// True when statements are attributed to tenants (citus.stat_tenants_track = 'all').
inline bool tenant_stats_enabled()
{
    return tessera_stat_tenants_track != 0;
}

// Defines the citus.stat_tenants_* settings (part of register_citus_settings).
void register_tenant_stats_settings();

// Reserves the shared tenant table and installs the executor hooks. Called from _PG_init.
void install_tenant_stats();

// Notes that a distributed scan of the current statement runs on the node `node_id` for the
// tenant `value` of colocation group `colocation_id` (value nullptr: a scan not pinned to one
// tenant, such as a multi-shard or reference-table scan, which leaves the statement
// unattributed). Call only when tenant_stats_enabled().
void note_scan_tenant(int32 colocation_id, const Const *value, int32 node_id);

} // namespace tessera::executor
