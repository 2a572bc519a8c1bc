// The environment in which SQL text for the workers is printed from trees and catalogs.
#pragma once

#include "tessera/pg/pg_includes.h"

namespace tessera::pg {

// Enters the environment in which SQL for the workers is printed: only pg_catalog visible (every
// user type, function and operator named with its schema, since the workers read it under their
// own search_path) and the date, interval, float and string styles of the worker connections
// (ISO, YMD / postgres / all digits / standard strings), so that constants read back there as
// they mean here. Only settings that differ are changed (this runs for every routed query), and
// the search path is overridden directly rather than through its setting. Returns the GUC nest
// level to pass to leave_worker_text_environment.
int enter_worker_text_environment();

// Leaves the environment entered by enter_worker_text_environment (errors leave it by themselves,
// at transaction or subtransaction abort).
void leave_worker_text_environment(int level);

} // namespace tessera::pg
