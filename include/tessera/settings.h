// Tessera's GUCs (all named tessera.*), registered once from _PG_init.
#pragma once

extern "C" {
extern char *tessera_node_conninfo;
extern int tessera_shard_count;
extern int tessera_max_adaptive_executor_pool_size;
extern bool tessera_enable_router_planner;
extern bool tessera_enable_multi_shard_pushdown;
}

namespace tessera {

// Defines every tessera.* setting. Called from _PG_init.
void register_settings();

} // namespace tessera
