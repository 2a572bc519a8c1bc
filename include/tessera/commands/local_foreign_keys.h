// ALTER TABLE giving a local table a foreign key to a distributed or reference table: refused.
// The coordinator's table of a distributed or reference table holds no rows (the workers do), so
// its foreign key triggers never see the deletes and updates that would break such a key; the
// planner refuses those writes while such a key exists (planner/local_key_writes.h), which is
// the only way to keep it. CREATE TABLE ... REFERENCES stays allowed: it is the first step of
// distributing the new table (create_distributed_table() then checks the key on the workers).
// The utility hook calls prepare_local_foreign_key_check before ALTER TABLE runs and
// finish_local_foreign_key_check after it, which raises an ERROR when the statement gave a
// local table (or its partitions) such a key: ADD FOREIGN KEY, ADD COLUMN ... REFERENCES,
// ATTACH PARTITION to a parent with such a key.
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

// Before ALTER TABLE runs (not one that CREATE TABLE runs as its subcommand for its foreign
// keys): the keys its table has now; else nullptr.
LocalForeignKeyCheck *prepare_local_foreign_key_check(Node *parsetree,
                                                      ProcessUtilityContext context);

// After the statement ran: raises an ERROR if it gave the table (still local) or one of its
// partitions a foreign key to a distributed or reference table.
void finish_local_foreign_key_check(LocalForeignKeyCheck *check);

} // namespace tessera::commands
