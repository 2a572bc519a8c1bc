// Tessera's GUCs (all named tessera.*), registered once from _PG_init.
#pragma once

extern "C" {
extern char *tessera_node_conninfo;
extern int tessera_shard_count;
}

namespace tessera {

// Defines every tessera.* setting. Called from _PG_init.
void register_settings();

} // namespace tessera
