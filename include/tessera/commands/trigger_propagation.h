// Row triggers on distributed and reference tables (tessera.enable_unsafe_triggers, also named
// citus.enable_unsafe_triggers): what is refused, and the trigger functions the workers need.
// The shard DDL of triggers is in operations/shard_triggers.h; CREATE / DROP / ALTER TRIGGER reach
// the shards through DDL propagation (ddl_propagation_internal.h). PostgreSQL-side functions
// (ereport(ERROR) on failure).
#pragma once

#include "tessera/pg/pg_includes.h"

extern "C" {
#include "nodes/parsenodes.h"
}

namespace tessera::commands {

// Raises if `name` is the name the shards' range guard has (operations::kShardRangeGuardName):
// a trigger of distributed or reference table `relid` cannot be created or renamed to it.
void check_trigger_name(Oid relid, const char *name);

// Before CREATE TRIGGER on distributed or reference table `relid` runs: raises unless the
// setting is on and the trigger is a row trigger the shards can carry (not statement-level, not
// on TRUNCATE, not a constraint trigger, not INSTEAD OF, without transition tables, not on a
// partitioned table or a partition).
void check_create_trigger(CreateTrigStmt *stmt, Oid relid);

// Before local table `relid` becomes a distributed or reference table (`kind`: "distribute"):
// the same checks for each trigger it has.
void check_table_triggers(Oid relid, const char *kind);

// A BEFORE INSERT / UPDATE row trigger of reference table `relid` runs once on each of the
// table's placements: raises unless its function is IMMUTABLE, as anything else (random(),
// clock_timestamp(), now(), sequences) could give the copies different rows.
void check_reference_table_trigger(Oid relid, Oid trigger_oid);

// check_reference_table_trigger for each trigger of `relid`, before it becomes a reference table.
void check_reference_table_triggers(Oid relid);

// Makes the functions of the triggers of `relid` exist on the workers (as distributed
// functions), before the shards' triggers that call them are created.
void distribute_trigger_functions(Oid relid);

} // namespace tessera::commands
