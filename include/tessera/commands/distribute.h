// Turning local tables into distributed or reference tables and back.
//
// PostgreSQL-side functions: ereport(ERROR) on failure, everything in the caller's transaction.
#pragma once

#include "tessera/pg/pg_includes.h"

namespace tessera::commands {

// Locks `relid` and raises a clear ERROR unless it is a regular, permanent, non-inherited table
// owned by the current user that is not distributed yet. `kind` is the verb for messages.
// Partitioned tables pass only for "distribute"; partitions only with `as_partition` (they are
// distributed with their partitioned table, distribute_partition).
void check_table_can_be_distributed(Oid relid, const char *kind, bool as_partition = false);

// Distributes partition `relid` of hash-distributed partitioned table `parent_relid`: colocated
// with it, each shard attached to the parent's shard of the same index on its worker, the
// partition's rows copied into its shards.
void distribute_partition(Oid relid, Oid parent_relid);

// create_distributed_table(): hash-distributes `relid` by `column_name`. `method` and
// `colocate_with` are lower-case ('default', 'none' or a table name).
void distribute_table(Oid relid, const char *column_name, const char *method,
                      const char *colocate_with, bool shard_count_given, int shard_count);

// create_distributed_table(relid, NULL): a single-shard distributed table, one shard on one
// worker, in a new colocation group or in that of single-shard table `colocate_with`
// (lower-case 'default' or 'none' make a new group).
void distribute_single_shard_table(Oid relid, const char *colocate_with, bool shard_count_given);

// Makes `relid`, a table of a distributed schema, a single-shard table of the schema's colocation
// group `colocation_id`: on the node of the group's other tables, or (an empty group) on the
// worker at the group's id modulo the workers that take shards.
void distribute_tenant_table(Oid relid, int32 colocation_id);

// create_reference_table(): one shard with a placement on every active worker.
void make_reference_table(Oid relid);

// Gives every active worker a placement of every reference table, copying the rows.
void replicate_reference_tables();

// Takes an AccessExclusiveLock on table `relid` and returns its name, after checking that the
// extension is ready here, that the table exists and that the current user owns it (the checks
// before a table is taken apart and rebuilt: undistribute_table, alter_distributed_table).
char *lock_owned_table(Oid relid);

// undistribute_table(): copies the rows back into the local table, drops the shards and the
// metadata.
// `check_local_keys`: refuse when the table would keep a foreign key to a table that stays
// distributed (false when the caller distributes it again, as alter_distributed_table does).
void undistribute_table(Oid relid, bool check_local_keys = true);

// undistribute_table() of `relid`; a partition of a distributed partitioned table only with
// `as_partition` (it is undistributed with its partitioned table).
// `check_local_keys` as for undistribute_table().
void undistribute_relation(Oid relid, bool as_partition, bool check_local_keys);

// Drops the shards of dropped table `relid` (schema and name as it had) on the workers and
// deletes its metadata. Used by the sql_drop event trigger.
void drop_distributed_table_shards(Oid relid, const char *schema_name, const char *table_name);

// Raises an ERROR if DROP EXTENSION tessera would leave distributed tables without metadata.
void check_extension_can_be_dropped();

} // namespace tessera::commands
