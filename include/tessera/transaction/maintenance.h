// The maintenance background workers: a launcher, started with the server, that every
// tessera.recover_2pc_interval runs prepared-transaction recovery (transaction/recovery.h) in
// each database that has the extension, one short-lived worker per database at a time. Workers
// connect only for one run and exit, so they never hold a database open for long (DROP
// DATABASE and CREATE DATABASE ... TEMPLATE are not blocked by them for more than a moment).
#pragma once

namespace tessera::transaction {

// Registers the launcher and the shared memory through which backends wake it. Called from
// _PG_init while shared_preload_libraries are loaded.
void register_maintenance_launcher();

// Asks the launcher for a recovery pass now, because a COMMIT / ROLLBACK PREPARED just failed
// and its prepared transaction (with its locks) waits on a worker. While passes leave work
// undone the launcher retries after 1 s, 2 s, 4 s, ... up to tessera.recover_2pc_interval, then
// returns to that interval; nothing happens while the interval is -1 (recovery off). Never
// raises; cheap (a flag in shared memory and a latch).
void request_prompt_recovery();

} // namespace tessera::transaction
