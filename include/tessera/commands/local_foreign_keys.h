// Foreign keys from local tables to distributed and reference tables: refused. The coordinator's
// table of a distributed or reference table holds no rows (the workers do), so its foreign key
// triggers never see the deletes and updates that would break such a key. The utility hook calls
// prepare_local_foreign_key_check before CREATE TABLE / ALTER TABLE runs and
// finish_local_foreign_key_check after it (and after the table was distributed, if it was),
// which raises an ERROR when the statement gave a local table such a key.
//
// PostgreSQL-side functions: palloc'd state, ereport(ERROR) on refusal.
#pragma once

#include "tessera/pg/pg_includes.h"

extern "C" {
#include "nodes/parsenodes.h"
#include "tcop/utility.h"
}

namespace tessera::commands {

// What finish_local_foreign_key_check needs: the statement's table and its keys beforehand.
struct LocalForeignKeyCheck;

// Before CREATE TABLE or ALTER TABLE (not one that CREATE TABLE runs as its subcommand, which
// the CREATE TABLE's own check covers) runs: the keys its table has now; else nullptr.
LocalForeignKeyCheck *prepare_local_foreign_key_check(Node *parsetree,
                                                      ProcessUtilityContext context);

// After the statement ran: raises an ERROR if it gave the table (still local) or one of its
// partitions a foreign key to a distributed or reference table.
void finish_local_foreign_key_check(LocalForeignKeyCheck *check);

} // namespace tessera::commands
