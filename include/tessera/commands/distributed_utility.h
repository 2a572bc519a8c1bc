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

// Refuses DDL that would change a distributed or reference table on the coordinator only
// (ALTER TABLE, CREATE INDEX, renames, triggers, rules, policies, SET SCHEMA).
void error_if_unsupported_ddl(Node *parsetree);

} // namespace tessera::commands
