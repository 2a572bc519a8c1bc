// Changes to enum types on the workers. PostgreSQL-side (ereport(ERROR) on failure).
#pragma once

#include "tessera/pg/pg_includes.h"

extern "C" {
#include "nodes/nodes.h"
}

namespace tessera::commands {

// After ALTER TYPE ... ADD VALUE / RENAME VALUE ran locally: the same change on every active
// worker that has the type, in the coordinated transaction.
void propagate_enum_statement(Node *parsetree);

} // namespace tessera::commands
