// The connection manager: libpq connections from this backend to other nodes.
//
// Connections are opened for the current database as the current user, with extra settings from
// tessera.node_conninfo. They are owned here: reused across statements of a session, and at
// transaction end any remote transaction is finished (see transaction/remote_transaction.h) and
// broken connections are closed. All waiting is non-blocking (WaitLatchOrSocket), so Ctrl-C
// cancels the remote query too.
//
// These functions are PostgreSQL-side: they report failures with ereport(ERROR) and must be
// called from PostgreSQL-style code (no live C++ objects with destructors in the calling frame),
// or through tessera::pg::guard.
#pragma once

#include "tessera/pg/pg_includes.h"

extern "C" {
#include "lib/stringinfo.h"
#include "libpq-fe.h"
#include "nodes/pg_list.h"
}

namespace tessera::executor {

// One libpq connection to a node. Owned by the connection manager; callers hold pointers only
// for the duration of the current transaction.
struct NodeConnection;

// Connection request flags.
enum ConnectionFlags : uint32 {
    // A connection that no other caller in this transaction holds (for parallel work on one node).
    kConnectionExclusive = 1 << 0,
    // Only if the node's shared connection limit allows: start_node_connection returns nullptr
    // rather than open a connection beyond tessera.max_shared_pool_size.
    kConnectionOptional = 1 << 1,
    // Only a connection that is already open and idle; nullptr if there is none.
    kConnectionIdleOnly = 1 << 2,
    // For commands that run outside the coordinated transaction and need not see its work (as
    // Tessera's own objects made as the bootstrap superuser): may be asked for as another role
    // than the one that holds the transaction's work on the node.
    kConnectionOutsideTransaction = 1 << 3,
};

// Returns an idle connection to host:port for this database and user, opening one if none is
// free. Raises an ERROR naming the node if the connection cannot be established.
NodeConnection *get_node_connection(const char *host, int port, uint32 flags = 0);

// Gives a connection back before the transaction ends, so later statements may reuse it for
// parallel work. Its remote transaction, if any, is untouched.
void release_connection(NodeConnection *connection);

// Starts opening a connection without waiting for it; finish with wait_for_connections.
// With kConnectionOptional, returns nullptr when no connection may be opened.
NodeConnection *start_node_connection(const char *host, int port, uint32 flags = 0);

// Waits until every connection in `connections` (a List of NodeConnection*) is established.
// Raises an ERROR naming the first node that could not be reached.
void wait_for_connections(List *connections);

// Finishes opening one connection; returns nullptr when it is ready, else a palloc'd reason and
// the connection is gone. For callers that report unreachable nodes instead of failing.
char *finish_connection_or_explain(NodeConnection *connection);

// Marks the connection as taking part in the current coordinated transaction: a BEGIN is sent
// before its next command, and at transaction end it is committed (or prepared and committed)
// or rolled back together with the local transaction.
void join_coordinated_transaction(NodeConnection *connection);

// True if the connection takes part in the coordinated transaction (it holds uncommitted work
// that later commands of this transaction must see).
bool connection_in_transaction(NodeConnection *connection);

// True if this transaction already has work on host:port for the current user, through a
// connection that later commands must reuse to see it.
bool node_in_coordinated_transaction(const char *host, int port);

// Like join_coordinated_transaction, for a connection that only reads (to keep one snapshot
// for a REPEATABLE READ transaction): it is committed without two-phase commit. Any later
// join_coordinated_transaction makes it a full participant.
void join_coordinated_transaction_for_reads(NodeConnection *connection);

// Sends one SQL command (with optional text-format parameters) without waiting for its result.
// Raises an ERROR if the command cannot be sent.
void send_command(NodeConnection *connection, const char *sql, int param_count = 0,
                  const Oid *param_types = nullptr, const char *const *param_values = nullptr);

// Like send_command with parameters, but through a statement prepared on the node (once per
// connection and SQL text), so the node skips parsing and planning on later executions.
void send_prepared_command(NodeConnection *connection, const char *sql, int param_count,
                           const Oid *param_types, const char *const *param_values);

// Asks for the rows of the command just sent on `connection` one result at a time (libpq's
// single-row mode), so a large result is never held whole in memory. Must directly follow the
// send. Returns false (and changes nothing) when the command went out in a pipeline.
bool stream_command_rows(NodeConnection *connection);

// Waits for and returns the next result of the command in flight on `connection`, or nullptr
// once all results were read. Waits interruptibly; on cancel the remote query is cancelled.
PGresult *get_command_result(NodeConnection *connection);

// Reads every result of the command in flight and returns the first error, or else the last
// result (nullptr if the connection failed). Never raises for remote errors. Caller PQclear()s.
PGresult *get_command_result_all(NodeConnection *connection);

// True when the command in flight on `connection` has a result ready (or has finished), so
// get_command_result will not block. Reads any input that arrived; raises if the link broke.
bool connection_result_ready(NodeConnection *connection);

// Like connection_result_ready, from what libpq already read: no system call.
bool connection_result_buffered(NodeConnection *connection);

// Waits until at least one of the busy connections has a result ready, the latch is set, or
// timeout_ms (-1: no timeout) passed. Interruptible: Ctrl-C raises the query-cancel ERROR.
void wait_for_any_result(NodeConnection **connections, int count, long timeout_ms = -1);

// Sends `sql` and waits for its result; raises the remote error (with the node named in the
// context) unless the result status is PGRES_COMMAND_OK or PGRES_TUPLES_OK. Caller PQclear()s.
PGresult *execute_command(NodeConnection *connection, const char *sql);

// Runs the same or different SQL on many connections in parallel and waits for all of them.
// commands[i] runs on connections[i]; results[i] receives the first result (caller PQclear()s).
// With raise_on_error, the first remote failure is raised after every command finished.
void execute_commands_parallel(NodeConnection **connections, const char *const *commands, int count,
                               PGresult **results, bool raise_on_error);

// Runs commands[i] on nodes[i] (a List of metadata::WorkerNode*), each through that node's
// connection in the coordinated transaction, all nodes in parallel; raises the first remote
// error. For DDL and other work that must commit or roll back with the local transaction.
void execute_on_nodes_in_transaction(List *nodes, const char *const *commands);

// Runs `command` on every node of `nodes` the same way.
void execute_on_every_node_in_transaction(List *nodes, const char *command);

// SQL collected per node group, to run as one batch on each group's primary node.
struct GroupBatches {
    List *groups = NIL;  // int32 group ids
    List *batches = NIL; // StringInfo, one per entry of groups
};

// The batch of `group`, created empty on first use (then *created is set).
StringInfo batch_for_group(GroupBatches *batches, int32 group, bool *created);

// Runs every batch on its group's primary node with execute_on_nodes_in_transaction.
void execute_group_batches_in_transaction(const GroupBatches *batches);

// Raises a PostgreSQL ERROR carrying the remote error of `result` (SQLSTATE, message, detail,
// hint) with the node named in the context.
[[noreturn]] void raise_remote_error(NodeConnection *connection, const PGresult *result);

// The libpq handle, for callers that speak COPY or stream results themselves.
PGconn *connection_pgconn(NodeConnection *connection);

// "host:port" of the connection's node, for messages.
const char *connection_node_name(NodeConnection *connection);

// Closes every connection of this backend to host:port (used after removing a node).
void close_node_connections(const char *host, int port);

// Checks a value for tessera.node_conninfo: it must parse as libpq key=value settings and must not
// name a setting Tessera chooses itself (host, port, dbname, user, ...). On failure returns false
// and sets *reason to a palloc'd explanation.
bool node_conninfo_acceptable(const char *conninfo, char **reason);

// Called when tessera.node_conninfo takes a new value: connections opened with the old value are
// no longer handed out and are closed once no transaction uses them.
void node_conninfo_changed();

} // namespace tessera::executor
