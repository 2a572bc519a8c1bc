// The maintenance background workers: a launcher, started with the server, that every
// tessera.recover_2pc_interval runs prepared-transaction recovery (transaction/recovery.h) in
// each database that has the extension, one short-lived worker per database at a time. Workers
// connect only for one run and exit, so they never hold a database open for long (DROP
// DATABASE and CREATE DATABASE ... TEMPLATE are not blocked by them for more than a moment).
#pragma once

namespace tessera::transaction {

// Registers the launcher. Called from _PG_init while shared_preload_libraries are loaded.
void register_maintenance_launcher();

} // namespace tessera::transaction
