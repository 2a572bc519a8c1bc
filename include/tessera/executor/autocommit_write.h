// Autocommit single-shard writes: an autocommit statement that writes one shard placement on
// one node and nothing else is sent without BEGIN and COMMIT, and commits with the node's own
// autocommit (one round trip instead of two), where that is indistinguishable from PostgreSQL:
// the statement is the client's whole transaction and nothing on the coordinator can fail it
// once the node has answered. See docs/architecture.md, *Transactions*.
#pragma once

#include "tessera/executor/connection.h"

extern "C" {
#include "nodes/execnodes.h"
}

namespace tessera::executor {

namespace distributed_scan_internal {
struct DistributedScanState;
}

// Whether the write of `state` (a Tessera scan) may commit on its node by itself, without BEGIN
// and COMMIT: one task on the one placement of a hash-distributed shard, taking no coordinator
// locks, in the top-level statement of an autocommit transaction of the client (nothing before
// it in the transaction wrote, nothing after it in the client's message can still roll it back),
// at READ COMMITTED, planned as the scan alone (no coordinator projection, filter, subplan or
// modifying CTE), with no remote transaction open.
bool scan_write_commits_alone(distributed_scan_internal::DistributedScanState *state);

// Marks `connection`'s next command as a write committing on its node by itself: it is sent
// with the lock timeout of remote statements for its own transaction only, and outside the
// coordinated transaction.
void mark_commits_alone(NodeConnection *connection);

// CHECK_FOR_INTERRUPTS while waiting for `connection`: a cancel (statement_timeout, a user's
// cancel, a deadlock victim's) that arrives while a write committing by itself runs there is sent
// on to the node instead of being raised at once: the node may already have committed, and the
// coordinator raises it (check_autocommit_write_result) only if the node's answer is an error.
void check_interrupts_for(NodeConnection *connection);

// Called when the node's rows of a write committing by itself on `connection` have come: the
// node has run the write and is committing it, so cancels are held from now until the
// transaction ends (a cancel then is dropped, as PostgreSQL ignores one once it commits).
void autocommit_write_answered(NodeConnection *connection);

// Called with the end (`failed`: an error) of the command a connection ran as a write committing
// by itself. On an error after a cancel was sent on, raises the coordinator's own cancel; after
// success, a cancel that came too late is dropped (the statement committed, as PostgreSQL ignores
// a cancel arriving once it commits) and later ones are held until the transaction ends.
void end_autocommit_write(NodeConnection *connection, bool failed);

// A utility statement (DO, CALL, EXPLAIN, EXECUTE, ...) starts / ends: what runs inside it is
// not the client's own statement. Called by Tessera's ProcessUtility hook (utility_hook.cpp).
void enter_utility_statement();
void leave_utility_statement();

// Installs the executor hooks that track the statement nesting depth.
void install_autocommit_write_tracking();

} // namespace tessera::executor
