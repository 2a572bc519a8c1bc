// The settings every Tessera background worker shares (background_worker.h).
#include "tessera/pg/background_worker.h"

#include <cstring>

namespace tessera::pg {

void fill_tessera_worker(BackgroundWorker *worker, const char *function, const char *type,
                         const char *name)
{
    memset(worker, 0, sizeof(*worker));
    worker->bgw_flags = BGWORKER_SHMEM_ACCESS | BGWORKER_BACKEND_DATABASE_CONNECTION;
    worker->bgw_start_time = BgWorkerStart_RecoveryFinished;
    worker->bgw_restart_time = BGW_NEVER_RESTART;
    strlcpy(worker->bgw_library_name, "tessera", sizeof(worker->bgw_library_name));
    strlcpy(worker->bgw_function_name, function, sizeof(worker->bgw_function_name));
    strlcpy(worker->bgw_type, type, sizeof(worker->bgw_type));
    strlcpy(worker->bgw_name, name, sizeof(worker->bgw_name));
    worker->bgw_notify_pid = 0;
}

} // namespace tessera::pg
