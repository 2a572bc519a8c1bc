// The coordinated transaction's parts, shared by remote_transaction.cpp (joining, commit and
// abort), remote_savepoints.cpp (the savepoints that mirror local subtransactions) and
// remote_constraints_mode.cpp (the SET CONSTRAINTS modes remote transactions begin with).
// Internal to the transaction layer.
#pragma once

#include "tessera/executor/connection_internal.h"
#include "tessera/pg/pg_includes.h"

extern "C" {
#include "access/xact.h"
#include "nodes/pg_list.h"
}

namespace tessera::transaction {

// How long a plain ROLLBACK, or a ROLLBACK TO SAVEPOINT of a subtransaction, may take. They
// run with interrupts held (Ctrl-C waits for them), and closing the connection rolls the remote
// transaction back just as well (the node does it when it sees the connection go), so there is
// no point in waiting long for a node that may hang: the command only saves a reconnection.
// A ROLLBACK TO SAVEPOINT not answered in time leaves that node's transaction unable to commit.
constexpr long kRollbackTimeoutMs = 3000;

// Cancels the command in flight on `connection` and reads its results away, waiting at most
// `timeout_ms`; true when the connection is idle again. Never raises (remote_transaction.cpp).
bool cancel_and_drain(executor::NodeConnection *connection, long timeout_ms);

// Forgets the savepoint bookkeeping of a connection whose remote transaction is over
// (remote_savepoints.cpp).
void clear_savepoints(executor::NodeConnection *connection);

// Clears the savepoint bookkeeping of every connection; the transaction is over.
void forget_all_savepoints();

// Subtransaction callback: keeps the remote savepoints in step with the local ones.
void on_subtransaction_event(SubXactEvent event, SubTransactionId, SubTransactionId, void *);

// The SET CONSTRAINTS commands a remote transaction beginning on `connection` must run to match
// this one (char*, oldest first; remote_constraints_mode.cpp).
List *constraints_mode_commands(const executor::NodeConnection *connection);

// The subtransaction at nesting level `level` ends: the SET CONSTRAINTS of its levels are
// forgotten (`aborted`) or become its parent's.
void constraints_modes_at_subtransaction_end(bool aborted, int level);

// Forgets this transaction's SET CONSTRAINTS modes; the transaction is over (they are freed with
// TopTransactionContext).
void forget_constraints_modes();

} // namespace tessera::transaction
