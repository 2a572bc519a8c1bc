// Errors and notices of workers as the coordinator reports them: shard names read back as the
// names of the coordinator's tables, indexes and constraints, so that a client sees what
// PostgreSQL itself would say for the same statement on a local table.
#pragma once

#include "tessera/pg/pg_includes.h"

extern "C" {
#include "libpq-fe.h"
}

namespace tessera::executor {

struct NodeConnection;

// The fields of a worker's error or notice, palloc'd, with shard names rewritten.
struct WorkerMessage {
    int sqlcode;          // MAKE_SQLSTATE of its SQLSTATE, 0 if it has none
    const char *severity; // "ERROR", "NOTICE", ... (not localized), or nullptr
    char *message;        // primary message, or nullptr
    char *detail;         // or nullptr
    char *hint;           // or nullptr
    char *schema_name;    // the error fields, as PostgreSQL sets them (nullptr when absent)
    char *table_name;
    char *column_name;
    char *datatype_name;
    char *constraint_name;
};

// Reads the fields of `result` (a worker's error or notice). Shard names of tables and of
// their indexes (and so of index-backed constraints) become the coordinator's names, in the
// message, DETAIL, HINT and the table and constraint fields; errors about whether an object
// exists on the worker (duplicate or undefined objects) keep the worker's names, which are the
// ones that tell what is wrong there.
void read_worker_message(const PGresult *result, WorkerMessage *message);

// Adds the error fields of `message` (schema, table, column, data type, constraint) to the
// report being built; for use inside ereport(...). Returns 0 like the errxxx() functions.
int errworkerfields(const WorkerMessage *message);

// Lets libpq hand the notices (NOTICE, WARNING, ...) of `conn`, a connection to a worker, to
// this file: while notices are forwarded (see forward_worker_notices) they are queued, else
// they go to the server log as libpq's default receiver sends them.
void watch_worker_notices(PGconn *conn);

// Turns forwarding of worker notices to the client on or off. On while the distributed scan
// reads the results of the user's statement, so that a RAISE NOTICE of a function or trigger
// run on a worker reaches the client; off for the commands Tessera itself sends (whose notices,
// like "schema ... already exists, skipping", are not the user's). Reset at transaction end.
void forward_worker_notices(bool on);

// Reports the queued worker notices at their level (each once), with shard names rewritten.
void emit_worker_notices();

} // namespace tessera::executor
