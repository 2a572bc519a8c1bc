// Coordinated transactions: the remote transactions on other nodes commit or roll back with the
// local one. One node touched: its COMMIT runs before the local commit. Several: two-phase commit
// (PREPARE TRANSACTION everywhere, a commit record in pg_dist_transaction written by the local
// transaction, then COMMIT PREPARED), so a crash at any point can be resolved from the records.
#pragma once

struct List; // PostgreSQL's nodes/pg_list.h

namespace tessera::transaction {

// Registers the transaction and subtransaction callbacks. Called from _PG_init.
void install_transaction_callbacks();

// Prefix of every prepared-transaction name this database's coordinator creates on workers.
// Recovery recognises its own prepared transactions by it.
const char *prepared_transaction_prefix();

// SET CONSTRAINTS ALL DEFERRED / IMMEDIATE ran in this transaction (at the current
// subtransaction level): sends it to every node whose remote transaction has begun (raising
// their error, such as a pending deferred check failing), and to the others when theirs begins;
// a rolled-back subtransaction takes its settings back.
void set_remote_constraints_all(bool deferred);

// What SET CONSTRAINTS <names> runs on one node: the names of the shards' copies there.
struct NodeConstraintsCommand {
    const char *host;
    int port;
    const char *command; // SET CONSTRAINTS <shard constraint names> DEFERRED / IMMEDIATE
};

// SET CONSTRAINTS <names> ran in this transaction and named constraints of distributed tables:
// each node runs its command (NodeConstraintsCommand*) now if its remote transaction has begun,
// else when it begins (after any SET CONSTRAINTS ALL before it); rolled back with its
// subtransaction like set_remote_constraints_all.
void set_remote_constraints_named(bool deferred, List *node_commands);

// SET TRANSACTION SNAPSHOT ran in this transaction: the imported snapshot is the coordinator's
// alone, the workers cannot take it, so a later remote transaction of this transaction is
// refused instead of reading with another snapshot than the local tables.
void note_imported_snapshot();

// Raises an error if this transaction ran SET TRANSACTION SNAPSHOT: called before a remote
// transaction begins on a node.
void check_no_imported_snapshot();

} // namespace tessera::transaction
