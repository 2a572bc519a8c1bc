// Utility statements and distributed tables.
#pragma once

#include "tessera/pg/pg_includes.h"

extern "C" {
#include "nodes/nodes.h"
}

namespace tessera::commands {

// Called by the utility hook before a statement runs: refuses DROP EXTENSION tessera while
// distributed tables exist, and statements that would act on the empty local table of a
// distributed table (COPY). ereport(ERROR) on refusal.
void check_utility_statement(Node *parsetree);

// Refuses DDL that would change a distributed or reference table on the coordinator only and is
// not propagated to the shards (triggers, rules, policies, SET SCHEMA, renames of triggers and
// policies). ALTER TABLE, CREATE/DROP INDEX and renames are handled by ddl_propagation.h.
void error_if_unsupported_ddl(Node *parsetree);

// SET CONSTRAINTS in a transaction block, after it ran: SET CONSTRAINTS ALL reaches the remote
// transactions, and SET CONSTRAINTS <names> of constraints of distributed or reference tables
// reaches them with the names of the shards' copies on each node.
void propagate_constraints_set(Node *parsetree);

// CREATE / ALTER SUBSCRIPTION would have logical replication write the coordinator's empty local
// table of a distributed or reference table. Before CREATE SUBSCRIPTION runs: refuses it when the
// publisher lists such a table in its publications (subscription_guard.cpp). After CREATE / ALTER
// SUBSCRIPTION ran: refuses it when the subscription's tables (pg_subscription_rel) include one.
void check_subscription_statement(Node *parsetree);
void check_subscription_tables(Node *parsetree);

// The subscription that writes into table `relid` (a row of pg_subscription_rel), or InvalidOid.
Oid subscription_writing_into(Oid relid);

// Refuses to `kind` ("distribute", ...) table `relid` while a subscription writes into it: the
// subscription would go on writing the coordinator's empty local table, not the shards.
void check_not_subscribed(Oid relid, const char *kind);

} // namespace tessera::commands
