// The library's entry point: settings and hooks, installed when PostgreSQL preloads tessera.
#include "tessera/module.h"

#include "tessera/executor/autocommit_write.h"
#include "tessera/executor/distributed_scan.h"
#include "tessera/executor/shared_connections.h"
#include "tessera/executor/tenant_stats.h"
#include "tessera/operations/move_progress.h"
#include "tessera/pg/guard.h"
#include "tessera/settings.h"
#include "tessera/transaction/deadlock_detection.h"
#include "tessera/transaction/maintenance.h"
#include "tessera/transaction/remote_transaction.h"

extern "C" {
#include "miscadmin.h"

PG_MODULE_MAGIC;

void _PG_init(void);
}

namespace {
bool preloaded = false;
}

namespace tessera {

bool loaded_at_startup()
{
    return preloaded;
}

} // namespace tessera

// Registers settings and hooks when loaded through shared_preload_libraries. Loaded any other way
// (CREATE EXTENSION in a server without the preload), it installs nothing: hooks added mid-session
// would see half the picture. tessera_check_preloaded() then refuses the extension clearly.
extern "C" void _PG_init(void)
{
    if (!process_shared_preload_libraries_in_progress)
        return;
    tessera::pg::entry([] {
        tessera::register_settings();
        tessera::executor::register_distributed_scan();
        tessera::executor::install_shared_connection_counts();
        tessera::operations::install_move_progress();
        tessera::executor::install_tenant_stats();
        tessera::executor::install_cursor_read_ahead();
        tessera::executor::install_autocommit_write_tracking();
        tessera::install_planner_hook();
        tessera::install_utility_hook();
        tessera::transaction::install_transaction_callbacks();
        tessera::transaction::register_maintenance_launcher();
        tessera::transaction::install_deadlock_detection();
    });
    preloaded = true;
}

// Raises a clear error unless tessera was preloaded; the extension script calls it first.
TESSERA_FUNCTION(tessera_check_preloaded)
{
    if (!tessera::loaded_at_startup())
        throw tessera::Error("tessera must be loaded via shared_preload_libraries",
                             tessera::sqlstate::kObjectNotInPrerequisiteState, {},
                             "Add tessera to shared_preload_libraries in postgresql.conf and "
                             "restart the server.");
    PG_RETURN_VOID();
}
