// SET CONSTRAINTS in a coordinated transaction: the modes set so far (per subtransaction level),
// run in the remote transactions already begun and at the start of those that begin later, so
// that the nodes check constraints when the coordinator would. Moved from
// remote_transaction.cpp; unchanged but for the two functions that end the modes of a
// subtransaction or of the transaction.
#include "tessera/transaction/remote_transaction.h"
#include "tessera/transaction/remote_transaction_internal.h"

extern "C" {
#include "utils/memutils.h"
}

namespace tessera::transaction {

using executor::NodeConnection;
using executor::RemoteXactState;

namespace {

// One SET CONSTRAINTS of this transaction: the subtransaction level it belongs to, the mode and,
// for SET CONSTRAINTS <names>, the command each node runs (NIL for ALL). The last ALL and the
// named ones after it apply; a subtransaction rollback drops those of its levels.
struct ConstraintsMode {
    int level;
    bool deferred;
    List *node_commands; // NodeConstraintsCommand*; NIL: SET CONSTRAINTS ALL
};

// ConstraintsMode entries, oldest first, in TopTransactionContext; NIL at transaction start.
List *constraints_modes = NIL;

// The command entry `mode` has for the node of `connection`, or nullptr.
const char *constraints_mode_command(const ConstraintsMode *mode,
                                     const executor::NodeConnection *connection)
{
    if (mode->node_commands == NIL)
        return mode->deferred ? "SET CONSTRAINTS ALL DEFERRED" : "SET CONSTRAINTS ALL IMMEDIATE";
    ListCell *cell;
    foreach (cell, mode->node_commands) {
        auto *command = static_cast<NodeConstraintsCommand *>(lfirst(cell));
        if (command->port == connection->port && strcmp(command->host, connection->host) == 0)
            return command->command;
    }
    return nullptr;
}

// Records a SET CONSTRAINTS (see the header) and runs it in the remote transactions begun.
void add_constraints_mode(bool deferred, List *node_commands)
{
    MemoryContext old = MemoryContextSwitchTo(TopTransactionContext);
    auto *mode = static_cast<ConstraintsMode *>(palloc(sizeof(ConstraintsMode)));
    mode->level = GetCurrentTransactionNestLevel();
    mode->deferred = deferred;
    mode->node_commands = NIL;
    ListCell *cell;
    foreach (cell, node_commands) {
        auto *from = static_cast<NodeConstraintsCommand *>(lfirst(cell));
        auto *copy = static_cast<NodeConstraintsCommand *>(palloc(sizeof(NodeConstraintsCommand)));
        copy->host = pstrdup(from->host);
        copy->port = from->port;
        copy->command = pstrdup(from->command);
        mode->node_commands = lappend(mode->node_commands, copy);
    }
    constraints_modes = lappend(constraints_modes, mode);
    MemoryContextSwitchTo(old);
    // Remote transactions already begun get it now (with the savepoints of this level first,
    // so that a rollback to them takes it back there too).
    foreach (cell, executor::all_node_connections()) {
        auto *connection = static_cast<NodeConnection *>(lfirst(cell));
        if (connection->xact_state != RemoteXactState::kStarted || connection->broken)
            continue;
        const char *command = constraints_mode_command(mode, connection);
        if (command != nullptr)
            PQclear(executor::execute_command(connection, command));
    }
}

} // namespace

// The SET CONSTRAINTS commands a remote transaction beginning on `connection` must run to match
// this one: the last SET CONSTRAINTS ALL and the named ones after it (char*, oldest first).
List *constraints_mode_commands(const executor::NodeConnection *connection)
{
    int last_all = -1;
    int index = 0;
    ListCell *cell;
    foreach (cell, constraints_modes) {
        if (static_cast<ConstraintsMode *>(lfirst(cell))->node_commands == NIL)
            last_all = index;
        index++;
    }
    List *commands = NIL;
    index = 0;
    foreach (cell, constraints_modes) {
        if (index++ < last_all)
            continue;
        const char *command =
            constraints_mode_command(static_cast<ConstraintsMode *>(lfirst(cell)), connection);
        if (command != nullptr)
            commands = lappend(commands, pstrdup(command));
    }
    return commands;
}

// The subtransaction at nesting level `level` ends: the SET CONSTRAINTS of its levels are
// forgotten (`aborted`) or become its parent's.
void constraints_modes_at_subtransaction_end(bool aborted, int level)
{
    ListCell *cell;
    foreach (cell, constraints_modes) {
        auto *mode = static_cast<ConstraintsMode *>(lfirst(cell));
        if (mode->level < level)
            continue;
        if (aborted)
            constraints_modes = foreach_delete_current(constraints_modes, cell);
        else
            mode->level = level - 1;
    }
}

// Forgets this transaction's SET CONSTRAINTS modes (freed with TopTransactionContext).
void forget_constraints_modes()
{
    constraints_modes = NIL;
}

void set_remote_constraints_all(bool deferred)
{
    add_constraints_mode(deferred, NIL);
}

void set_remote_constraints_named(bool deferred, List *node_commands)
{
    if (node_commands != NIL)
        add_constraints_mode(deferred, node_commands);
}

} // namespace tessera::transaction
