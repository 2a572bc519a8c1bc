// Recovery of two-phase commits: prepared transactions that a coordinator backend left on other
// nodes (it crashed, lost a connection, or was stopped between PREPARE TRANSACTION and COMMIT
// PREPARED) are committed if their commit record exists and rolled back otherwise, and commit
// records that are no longer needed are deleted. Run by recover_prepared_transactions() and by
// the maintenance worker (transaction/maintenance.h).
#pragma once

namespace tessera::transaction {

// Resolves every finished prepared transaction of this database on every active primary node
// and cleans up pg_dist_transaction. Returns how many prepared transactions it committed or
// rolled back. Nodes that cannot be reached are skipped with a WARNING. PostgreSQL-side: must
// run in a transaction; raises on local errors.
// With `incomplete`, sets it to true if something was left to retry: a node could not be
// reached or a prepared transaction could not be resolved (not those still being committed by
// their own transaction).
int recover_prepared_transactions_now(bool *incomplete = nullptr);

} // namespace tessera::transaction
