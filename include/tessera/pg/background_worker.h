// The settings every Tessera background worker shares.
#pragma once

#include "tessera/pg/pg_includes.h"

extern "C" {
#include "postmaster/bgworker.h"
}

namespace tessera::pg {

// Fills `worker` (zeroed first) for a background worker of this library: shared memory and a
// database connection, started once recovery finished, not restarted, entry point `function`
// (an extern "C" symbol of the tessera library), shown as `type` in pg_stat_activity's
// backend_type and as `name` in the process title. Callers set what differs (restart time,
// bgw_main_arg, bgw_extra, bgw_notify_pid) afterwards.
void fill_tessera_worker(BackgroundWorker *worker, const char *function, const char *type,
                         const char *name);

} // namespace tessera::pg
