// The connection record shared by the connection manager and the remote transaction layer.
// Not for other layers: they use the functions in connection.h.
#pragma once

#include "tessera/executor/connection.h"

extern "C" {
#include "datatype/timestamp.h"
#include "storage/latch.h"
}

namespace tessera::executor {

// Where a connection stands in the coordinated (distributed) transaction.
enum class RemoteXactState {
    kNone,     // autocommit: not part of the coordinated transaction
    kJoined,   // joined; BEGIN not sent yet
    kStarted,  // BEGIN sent
    kPrepared, // PREPARE TRANSACTION succeeded
    kFailed,   // an error happened inside the remote transaction
};

struct NodeConnection {
    char host[256];
    int port;
    Oid user_id;       // the role shard commands run as (the coordinator's current user)
    Oid login_user_id; // the user it logged in as: user_id, or one that set role user_id
    PGconn *conn;
    bool connecting;      // PQconnectStart done, handshake not finished
    bool busy;            // a command is in flight
    bool claimed;         // handed out in the current transaction
    bool broken;          // unusable; closed at transaction end
    bool counted;         // counted in the shared per-node connection counts
    bool reads_only;      // joined the coordinated transaction only to keep a snapshot
    int skip_results;     // results of an implicit BEGIN still to discard
    int pipeline_queries; // in pipeline mode: queries whose results have not all been read
    // A write that commits on the node by itself (see executor/autocommit_write.h): set by the
    // scan for its next command (commits_alone), in flight from its sending until the scan has
    // read its end (autocommit_in_flight); cancel_forwarded: the coordinator's cancel was sent
    // on to the node and waits for the node's answer.
    bool commits_alone;
    bool autocommit_in_flight;
    bool cancel_forwarded;
    RemoteXactState xact_state;
    char prepared_gid[64];      // name of the prepared transaction, when prepared
    char *session_settings;     // the session settings last sent (TimeZone, DateStyle, ...)
    bool settings_in_xact;      // they were sent inside a remote transaction block
    bool role_switched;         // serves other roles too: commands name theirs (SET LOCAL ROLE)
    WaitEventSet *wait_set;     // latch, postmaster death and the socket, once connected
    int socket_event;           // position of the socket in wait_set
    int wait_events;            // the socket events wait_set waits for
    List *prepared_statements;  // the statements prepared on the node, by number
    uint64 prepared_generation; // shard_schema_generation() when they were prepared
    uint64 conninfo_generation; // tessera.node_conninfo generation it was opened with
    uint64 address_generation;  // metadata::node_address_generation() when it was opened
    // Savepoints mirror the local subtransactions (see transaction/remote_savepoints.cpp):
    // the remote transaction began at local nesting level remote_start_level and holds the
    // savepoints tessera_sp_<L> for L = remote_start_level + 1 .. + savepoint_depth; if
    // release_pending_level > 0, tessera_sp_<release_pending_level> was released locally and
    // is released remotely with the next command.
    int remote_start_level;
    int savepoint_depth;
    int release_pending_level;
    // Set instead of `conn` when the node's last connection attempt timed out moments ago:
    // no attempt is made, finishing the connection fails with this reason.
    char *skipped_reason;
};

// The memory context that holds every connection record for the life of the backend.
MemoryContext connections_memory();

// Every connection of this backend: a List of NodeConnection* in TopMemoryContext.
List *all_node_connections();

// Waits (interruptibly) until `connection`'s socket is ready for `events` (WL_SOCKET_*).
// Returns false if `timeout_ms` (>= 0) elapsed first.
bool wait_for_socket(NodeConnection *connection, int events, long timeout_ms);

// Closes the connection and forgets it.
void close_connection(NodeConnection *connection);

// Closes the connection's libpq connection (ending its remote session and transaction) but keeps
// the record, broken, until transaction end.
void disconnect(NodeConnection *connection);

// Frees the records of the statements prepared on the connection's node (not deallocating
// them there).
void forget_prepared_statements(NodeConnection *connection);

// Sends a cancel request for the command running on `connection` and waits (a short, fixed
// time, ignoring interrupts) for the node's postmaster to take it. True if it did (or nothing
// runs); false if it could not be sent or the node did not answer in time: the node is then
// taken for hung until transaction end (see node_unresponsive). Never throws.
bool cancel_running_command(NodeConnection *connection);

// True if the connection's node did not answer a cancel request or a transaction-end command
// in time during this transaction or its end so far; transaction-end work skips such nodes.
bool node_unresponsive(const NodeConnection *connection);

// Records that the connection's node did not answer in time (until transaction end).
void mark_node_unresponsive(const NodeConnection *connection);

// Forgets the nodes taken for hung: a transaction end starts afresh (a node that was slow to
// take a cancel earlier in the transaction may well answer its COMMIT PREPARED).
void forget_unresponsive_nodes();

// Runs `sql` to completion without raising; returns true on success. Waits at most timeout_ms.
// For transaction-end work, where raising an ERROR is not allowed. When the node answered with
// an error and `sqlstate` (6 bytes) is given, its SQLSTATE is stored there, else "".
bool execute_quietly(NodeConnection *connection, const char *sql, long timeout_ms,
                     char *sqlstate = nullptr);

// execute_quietly in two halves, so that one command can run on several nodes at once: sends
// `sql` (false when the connection cannot take it: broken, busy or its node taken for hung),
// then reads its results, waiting until `start` + timeout_ms at most.
bool send_quietly(NodeConnection *connection, const char *sql);
bool finish_quietly(NodeConnection *connection, TimestampTz start, long timeout_ms,
                    char *sqlstate = nullptr);

// The commands that must precede the next command sent on `connection` within the coordinated
// transaction (BEGIN and its settings, pending savepoint releases, new savepoints), as a List
// of statements (char *, no ';'), NIL if none. Marks them as sent: the caller must send them
// before its command. Defined by the transaction layer.
List *remote_transaction_preamble(NodeConnection *connection);

// Whether `statement`, one of the preamble's, opens every remote transaction alike (BEGIN with
// its isolation level, the lock timeout): worth preparing once per connection rather than
// parsing at each transaction. Defined by the transaction layer.
bool opens_every_remote_transaction(const char *statement);

// The statements that precede a write committing on its node by itself (commits_alone): the
// lock timeout of remote statements, set for the node's implicit transaction only. A List of
// char *, NIL if there is no timeout. Defined by the transaction layer.
List *autocommit_write_preamble();

// SET commands (a List of char*) bringing `connection`'s session in line with the coordinator
// session's propagated settings (session_settings.cpp), or NIL when nothing changed since they
// were last sent on it.
List *settings_to_send(NodeConnection *connection);

// For a connection in pipeline mode (pipeline_queries > 0), with `*result` just read: consumes
// what the pipeline adds to the results of its queries (the end of each query's results, the
// results of queries skipped after an error) and returns true; the Sync's answer ends the
// pipeline and becomes the null result that ends the command. Returns false for a result that
// belongs to the caller.
bool pipeline_step(NodeConnection *connection, PGresult **result);

// Clears per-transaction marks; closes broken connections. Called at transaction end;
// `committed` tells whether session settings sent inside the transaction still hold.
void reset_connections_at_transaction_end(bool committed);

} // namespace tessera::executor
