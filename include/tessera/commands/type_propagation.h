// Changes to user-defined types on the workers. PostgreSQL-side (ereport(ERROR) on failure).
#pragma once

#include "tessera/pg/pg_includes.h"

extern "C" {
#include "nodes/plannodes.h"
}

namespace tessera::commands {

// Before an ALTER TYPE / ALTER DOMAIN that renames a type, one of its attributes or constraints,
// moves it to another schema, changes its owner or changes a composite type's attributes, or a
// DROP TYPE / DROP DOMAIN, runs locally: the command that makes the same change on a worker that
// has the type, or nullptr for other statements. Computed beforehand, while the type still has its
// old name.
char *prepare_type_propagation(PlannedStmt *pstmt, const char *query_string);

// After the statement ran locally: sends `command` to every active worker, in the coordinated
// transaction.
void finish_type_propagation(char *command);

} // namespace tessera::commands
