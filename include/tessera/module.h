// Hook installation points, one per layer, called from _PG_init.
#pragma once

namespace tessera {

// Installs the planner hook, chaining any hook installed before ours.
void install_planner_hook();

// Installs the ProcessUtility hook, chaining any hook installed before ours.
void install_utility_hook();

// True when the library was loaded through shared_preload_libraries.
bool loaded_at_startup();

} // namespace tessera
