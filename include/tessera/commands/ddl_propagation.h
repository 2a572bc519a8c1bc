// DDL on distributed and reference tables, propagated to every shard placement.
//
// The utility hook calls prepare_ddl_propagation before the statement runs locally (it refuses
// what cannot be propagated and records what the change needs from the catalogs as they were),
// and finish_ddl_propagation after the local change: the equivalent statement is then sent to
// every placement, with table, index and constraint names replaced by the shards', inside the
// coordinated transaction, so the local change and every shard change commit or abort together.
//
// PostgreSQL-side functions: palloc'd state, ereport(ERROR) on refusal or remote failure.
#pragma once

#include "tessera/pg/pg_includes.h"

extern "C" {
#include "nodes/plannodes.h"
#include "tcop/utility.h"
}

namespace tessera::commands {

// What one statement must do on the shards once it ran locally.
struct DdlPropagation;

// Checks `pstmt` and, if it is DDL to propagate (CREATE INDEX, DROP INDEX, ALTER TABLE,
// renames of tables, indexes, columns and constraints on distributed or reference tables),
// returns the state finish_ddl_propagation needs; else nullptr. Raises a clear ERROR for
// subcommands that are not supported.
DdlPropagation *prepare_ddl_propagation(PlannedStmt *pstmt, const char *query_string,
                                        ProcessUtilityContext context);

// Sends the change to every placement after the statement ran locally.
void finish_ddl_propagation(DdlPropagation *propagation);

// Builds one command per shard of each table in `relids` (a List of Oid of distributed or
// reference tables) with make_command(relid, shard_id, arg), and runs them on every placement
// in the coordinated transaction, one batch per node, the nodes in parallel.
void send_commands_to_shards(List *relids, char *(*make_command)(Oid, int64, void *), void *arg);

// The same for commands that cannot run in a transaction block (VACUUM): each placement's command
// runs on its own on a connection outside any transaction, the commands of different nodes in
// parallel, one per node at a time. Raises the first remote error once the round it failed in is
// over; the commands that ran before stay done.
void send_commands_to_shards_outside_transaction(List *relids,
                                                 char *(*make_command)(Oid, int64, void *),
                                                 void *arg);

// Role DDL (CREATE/ALTER/DROP ROLE, GRANT/REVOKE role, DROP/REASSIGN OWNED) and GRANT/REVOKE on
// distributed tables and on schemas that hold them: after the statement ran locally, the same
// change is made on every active worker (roles) or shard placement (table privileges) in the
// coordinated transaction (role_propagation.cpp). Does nothing for other statements.
// Creates (or brings up to date) every role made on this coordinator, with its attributes,
// password and memberships, on the worker `node_name`:`node_port`, in the coordinated
// transaction: a worker added after its roles were created must know them too.
void copy_roles_to_node(const char *node_name, int node_port);

void propagate_role_and_grant_statement(PlannedStmt *pstmt, const char *query_string,
                                        ProcessUtilityContext context);

} // namespace tessera::commands
