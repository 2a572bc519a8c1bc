// Changes to schemas on the workers. PostgreSQL-side (ereport(ERROR) on failure).
#pragma once

#include "tessera/pg/pg_includes.h"

extern "C" {
#include "nodes/nodes.h"
}

namespace tessera::commands {

// After DROP SCHEMA, ALTER SCHEMA ... RENAME TO or ALTER SCHEMA ... OWNER TO ran locally: the
// same change on every active worker that has the schema, in the coordinated transaction.
void propagate_schema_statement(Node *parsetree);

} // namespace tessera::commands
