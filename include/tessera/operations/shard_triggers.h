// The SQL that gives a table's shards its triggers on the workers, built from the catalogs:
// the user's row triggers and the shard-range guard (see kShardRangeGuardName).
//
// PostgreSQL-side functions: palloc'd results, ereport(ERROR) on failure.
#pragma once

#include "tessera/pg/pg_includes.h"

extern "C" {
#include "access/attnum.h"
#include "nodes/pg_list.h"
}

namespace tessera::operations {

// Oids of the user triggers of `relid` (pg_trigger rows that are not internal: foreign key
// triggers are made by the shards' own foreign keys), in name order.
List *table_user_triggers(Oid relid);

// What Tessera needs to know of a pg_trigger row.
struct TriggerInfo {
    Oid oid;
    const char *name;
    Oid function;           // tgfoid
    int16 type;             // tgtype (TRIGGER_TYPE_* bits)
    char enabled;           // tgenabled
    bool constraint;        // a constraint trigger
    bool transition_tables; // REFERENCING OLD / NEW TABLE
};

// The pg_trigger row of trigger `trigger_oid` (there is no syscache on pg_trigger's oid).
TriggerInfo read_trigger(Oid trigger_oid);

// "CREATE TRIGGER <name> ... ON <shard> ..." for trigger `trigger_oid` of `relid` (the same name,
// timing, events, UPDATE OF columns, WHEN condition, function and arguments), followed by the
// ALTER TABLE that disables it (or makes it fire in replica or all sessions) when it is not
// enabled as created. Built from pg_get_triggerdef in the workers' text environment.
char *shard_trigger_command(Oid relid, Oid trigger_oid, int64 shard_id);

// The name of the shard-range guard: the trigger that every shard of a hash-distributed table
// with BEFORE INSERT / UPDATE row triggers gets (on the shards only, never on the coordinator's
// table). It is an AFTER INSERT OR UPDATE row trigger, so it sees each row as the BEFORE triggers
// left it, whatever their names; its WHEN condition is true only for a row whose distribution
// column does not hash into the shard's range (or is NULL), and then it raises an error: a
// trigger must not move a row out of its shard, where reads by its value could not find it.
constexpr const char *kShardRangeGuardName = "tessera_shard_range_guard";

// True if `relid` has a user row trigger that fires BEFORE INSERT or UPDATE (one that could
// change the distribution column of the row written).
bool has_before_row_write_trigger(Oid relid);

// "CREATE OR REPLACE TRIGGER tessera_shard_range_guard ... ON <shard>" for shard `shard_id` of
// `relid` with hash range [min_value, max_value] and distribution column `dist_column` (named in
// the WHEN condition: the shard's column numbers may differ from the table's). The guard is
// enabled as created (fires in ordinary sessions, which all writes through the coordinator
// are; a replacement enables a guard left disabled), which needs only the TRIGGER privilege, as
// CREATE TRIGGER does. Hashes with worker_hash(), the type's hash function with the column's
// collation, as the coordinator routes rows.
char *shard_range_guard_command(Oid relid, int64 shard_id, AttrNumber dist_column, int32 min_value,
                                int32 max_value);

// shard_range_guard_command for shard `shard_id` of `relid` as the metadata describes it, if
// the table is hash-distributed and has_before_row_write_trigger; else nullptr.
char *shard_range_guard_command_if_needed(Oid relid, int64 shard_id);

// shard_trigger_command for every user trigger of `relid`, then the shard-range guard if the
// shard needs one (see shard_range_guard_command_if_needed). Run after the shard's rows are
// copied in (the rows were already through the triggers), never with shard_create_commands.
List *shard_trigger_commands(Oid relid, int64 shard_id);

// The same for a shard not (yet) in the metadata: hash range [min_value, max_value] when
// `has_range`, distribution column `dist_column` (InvalidAttrNumber for reference tables).
List *shard_trigger_commands(Oid relid, int64 shard_id, AttrNumber dist_column, bool has_range,
                             int32 min_value, int32 max_value);

} // namespace tessera::operations
