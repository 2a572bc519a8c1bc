// The SQL that creates a table's shards on the workers, built from the catalogs (shard_ddl.cpp),
// and the checks that a table's definition can be repeated on shards (shard_definition_checks.cpp).
//
// PostgreSQL-side functions: palloc'd results, ereport(ERROR) on failure.
#pragma once

#include "tessera/pg/pg_includes.h"

extern "C" {
#include "access/attnum.h"
#include "nodes/nodes.h"
#include "nodes/pg_list.h"
#include "utils/relcache.h"
}

namespace tessera::operations {

// --- shard_definition_checks.cpp

// Raises a clear ERROR if the table's definition cannot be reproduced on shards: a primary key,
// unique constraint or unique index without `dist_column` (pass InvalidAttrNumber for reference
// tables, which have no such restriction), an exclusion constraint that does not compare
// `dist_column` with = (constraint_keys.h).
// Foreign keys are checked by check_outgoing_foreign_keys (foreign_keys.h).
void check_shardable_definition(Oid relid, AttrNumber dist_column);

// Raises a clear ERROR (with a hint to run create_distributed_function) if a part of the
// table's definition that its shards repeat on the workers calls a user-defined function the
// workers lack: a CHECK constraint, a generated column, an index expression or predicate.
// Without it the worker fails with "function ... does not exist". Called by
// check_shardable_definition and before ALTER TABLE / CREATE INDEX reach the shards.
void check_definition_functions(Oid relid);

// The first user-defined function that expression `node` calls and the workers lack (not
// distributed, not part of an extension), or InvalidOid.
Oid first_missing_function(Node *node);

// The expressions of `index` as pg_index stores them (a List, NIL for none) and its predicate (one
// expression, or nullptr), not simplified as RelationGetIndexExpressions / Predicate do: those
// inline SQL functions, and a shard's copy of the index built from them would not depend on the
// function (DROP FUNCTION ... CASCADE would leave it on the shards).
List *index_stored_expressions(Relation index);
Node *index_stored_predicate(Relation index);

// --- shard_ddl.cpp

// The commands (a List of char*) that create shard `shard_id` of `relid` on a worker: the table
// with its columns, types, collations, defaults that can be evaluated there, NOT NULL and CHECK
// constraints, then primary key / unique constraints and indexes, each renamed to the shard,
// then the table's owner (when it is not the current user) and the privileges granted on the
// table and its columns (GRANTs from pg_class.relacl / pg_attribute.attacl).
// Foreign keys are added later, after the rows (shard_foreign_key_commands).
List *shard_create_commands(Oid relid, int64 shard_id);

// Oids of the extended statistics objects of table `relid`, ascending.
List *table_statistics_oids(Oid relid);

// The quoted, schema-qualified name of the copy of extended statistics object `stat_oid` on
// shard `shard_id`: <name>_<shardid> (`name`, or the object's own name when nullptr), in the
// schema of the object's table (where the shard is; the object's own schema may not exist on
// the workers).
char *shard_statistics_name(Oid stat_oid, int64 shard_id, const char *name = nullptr);

// The commands that create extended statistics object `stat_oid` on shard `shard_id` of its
// table, from the catalogs: CREATE STATISTICS, then its statistics target and owner.
// shard_create_commands includes them for every statistics object of the table.
List *shard_statistics_commands(Oid stat_oid, int64 shard_id);

// "CREATE [UNIQUE] INDEX <index>_<shard> ON <shard> ..." for existing index `index_oid` of
// `relid`, built from the catalogs like the indexes of shard_create_commands.
char *shard_index_command(Oid relid, Oid index_oid, int64 shard_id);

// "ALTER TABLE <parent shard> ATTACH PARTITION <shard> FOR VALUES ..." that makes shard
// `shard_id` of partition `relid` a partition of shard `parent_shard_id` of its partitioned
// table `parent_relid` on a worker, with the partition's bound (printed in the workers' styles).
char *shard_attach_partition_command(Oid relid, int64 shard_id, Oid parent_relid,
                                     int64 parent_shard_id);

// "ALTER TABLE <parent shard> DETACH PARTITION <shard>": the reverse.
char *shard_detach_partition_command(Oid relid, int64 shard_id, Oid parent_relid,
                                     int64 parent_shard_id);

// True if `expression` calls a function that cannot run on a worker (sequence functions,
// functions that are not built in): such column defaults are left off the shards.
bool expression_is_coordinator_only(Node *expression);

// Column list for COPY into or out of the shards, "(a, b, ...)": every column that holds data
// (not dropped, not generated).
char *shard_copy_column_list(Oid relid);

// Schema-qualified names (a List of char*) of the column types of `relid` that are not built
// into PostgreSQL, which therefore may be missing on a worker; parallel List of column names
// (char*) in *column_names.
List *nonbuiltin_column_types(Oid relid, List **column_names);

// Copies of the rows of system catalog `catalog` whose column `relid_column` is `relid`, read
// through index `index` (which must lead with that column), in the index's order.
List *catalog_rows_of_relation(Oid catalog, Oid index, AttrNumber relid_column, Oid relid);

// The pg_constraint rows of `relid` (a List of HeapTuple copies, in index order).
List *table_constraints(Oid relid);

// The stored default (or generation) expression of column `attnum` of `rel`, or nullptr.
Node *column_default(Relation rel, AttrNumber attnum);

// "name = 'value', ..." from the storage parameters (reloptions) of relation `relid` (a table
// or an index), ready for WITH (...) or SET (...); nullptr when it has none.
char *reloptions_list(Oid relid);

} // namespace tessera::operations
