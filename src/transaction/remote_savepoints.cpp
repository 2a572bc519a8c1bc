// The savepoints that let a local subtransaction roll back its remote work.
//
// Savepoints. The remote transaction on a connection begins (BEGIN) at some local nesting level
// S, the level where its first command ran. Before any later command, the connection gets a
// savepoint named tessera_sp_<L> for every local subtransaction level L above S that it does
// not have yet, so its savepoints always mirror the local subtransactions S+1..S+depth. Then:
//   - a local subtransaction at level L commits (RELEASE, or the end of a PL/pgSQL block): if
//     the connection's top savepoint is tessera_sp_<L>, it is released, lazily, with the next
//     command (RELEASE of the lowest released level releases everything above it);
//   - a local subtransaction at level L rolls back: if the connection's top savepoint is L, the
//     remote work since then is undone (ROLLBACK TO SAVEPOINT + RELEASE); if the whole remote
//     transaction began inside L (S >= L), it is rolled back entirely and the connection goes
//     back to "joined"; otherwise the connection did nothing inside L and is left alone.
// Rolling back never raises: a connection that cannot be brought back (busy and not
// cancellable in time, or unreachable) is given up: marked failed (later commands and the
// commit raise a clear error) or, when all of its remote work was rolled back anyway, closed
// at transaction end, which discards that work. Moved from remote_transaction.cpp; the
// SET CONSTRAINTS part of the subtransaction callback is now a call to
// remote_constraints_mode.cpp.
#include "tessera/transaction/remote_transaction_internal.h"

#include "tessera/executor/shared_connections.h"

extern "C" {
#include "utils/elog.h"
}

namespace tessera::transaction {

using executor::NodeConnection;
using executor::RemoteXactState;

// Forgets the savepoint bookkeeping of a connection whose remote transaction is over.
void clear_savepoints(NodeConnection *connection)
{
    connection->remote_start_level = 0;
    connection->savepoint_depth = 0;
    connection->release_pending_level = 0;
}

// Clears the savepoint bookkeeping of every connection; the transaction is over.
void forget_all_savepoints()
{
    ListCell *cell;
    foreach (cell, executor::all_node_connections())
        clear_savepoints(static_cast<NodeConnection *>(lfirst(cell)));
}

namespace {

// A remote transaction that cannot be brought back in line with the local subtransaction
// rollback. If all of its work was to be rolled back (`whole`), closing the connection at
// transaction end does exactly that, so it simply leaves the transaction; otherwise the
// transaction can no longer commit.
void give_up_connection(NodeConnection *connection, bool whole)
{
    if (!whole)
        ereport(WARNING, (errmsg("could not roll back to savepoint on node %s:%d", connection->host,
                                 connection->port),
                          errdetail("The transaction can no longer commit; roll it back.")));
    executor::cancel_running_command(connection);
    connection->broken = true;
    connection->xact_state = whole ? RemoteXactState::kNone : RemoteXactState::kFailed;
    if (whole) {
        clear_savepoints(connection);
        // Its remote transaction belongs to the rolled-back subtransaction alone: end it now by
        // disconnecting, so that its locks do not hold up this transaction's later commands on
        // that node (which use another connection).
        executor::disconnect(connection);
    }
}

// The local subtransaction at nesting level `level` rolls back: undo its work on `connection`.
void roll_back_remote_subtransaction(NodeConnection *connection, int level)
{
    if (connection->xact_state != RemoteXactState::kStarted &&
        connection->xact_state != RemoteXactState::kFailed)
        return;
    bool whole = level <= connection->remote_start_level;
    bool at_savepoint = !whole && connection->savepoint_depth > 0 &&
                        connection->remote_start_level + connection->savepoint_depth == level;
    if (!whole && !at_savepoint)
        return; // nothing was sent there inside this subtransaction

    if (connection->busy && !cancel_and_drain(connection, kRollbackTimeoutMs)) {
        give_up_connection(connection, whole);
        return;
    }
    char command[128];
    if (whole)
        strlcpy(command, "ROLLBACK", sizeof(command));
    else
        snprintf(command, sizeof(command),
                 "ROLLBACK TO SAVEPOINT tessera_sp_%d; RELEASE SAVEPOINT tessera_sp_%d", level,
                 level);
    if (!executor::execute_quietly(connection, command, kRollbackTimeoutMs)) {
        give_up_connection(connection, whole);
        return;
    }
    if (connection->settings_in_xact && connection->session_settings != nullptr) {
        // Session settings sent since may have been undone: send them again next time.
        pfree(connection->session_settings);
        connection->session_settings = nullptr;
    }
    if (whole) {
        // Back to joined: a later command in this transaction begins a new remote transaction.
        connection->xact_state = RemoteXactState::kJoined;
        clear_savepoints(connection);
    } else {
        connection->xact_state = RemoteXactState::kStarted;
        connection->savepoint_depth--;
        connection->release_pending_level = 0; // ROLLBACK TO removed every savepoint above
    }
}

// The local subtransaction at `level` commits into its parent: so does its remote work.
void release_remote_subtransaction(NodeConnection *connection, int level)
{
    if (connection->xact_state != RemoteXactState::kStarted &&
        connection->xact_state != RemoteXactState::kFailed)
        return;
    if (connection->savepoint_depth > 0 &&
        connection->remote_start_level + connection->savepoint_depth == level) {
        connection->savepoint_depth--;
        connection->release_pending_level = level; // sent with the next command, if any
    } else if (connection->savepoint_depth == 0 && connection->remote_start_level == level) {
        connection->remote_start_level = level - 1; // the remote work now belongs to the parent
    }
}

} // namespace

// Subtransaction callback: keeps the remote savepoints in step with the local ones.
void on_subtransaction_event(SubXactEvent event, SubTransactionId, SubTransactionId, void *)
{
    if (event != SUBXACT_EVENT_ABORT_SUB && event != SUBXACT_EVENT_COMMIT_SUB)
        return;
    if (event == SUBXACT_EVENT_ABORT_SUB)
        executor::shard_schema_rolled_back(false);
    // The ending subtransaction is still the current one during these events.
    int level = GetCurrentTransactionNestLevel();
    ListCell *cell;
    // SET CONSTRAINTS ALL of this level: forgotten (rollback) or its parent's (commit).
    constraints_modes_at_subtransaction_end(event == SUBXACT_EVENT_ABORT_SUB, level);
    foreach (cell, executor::all_node_connections()) {
        auto *connection = static_cast<NodeConnection *>(lfirst(cell));
        if (event == SUBXACT_EVENT_ABORT_SUB)
            roll_back_remote_subtransaction(connection, level);
        else
            release_remote_subtransaction(connection, level);
    }
}

} // namespace tessera::transaction
