// What a table constraint's key columns say about where it can be enforced: a constraint of a
// distributed table is checked by each shard alone, so it must only ever compare rows that live
// in the same shard.
//
// PostgreSQL-side functions: read pg_constraint rows.
#pragma once

#include "tessera/pg/pg_includes.h"

extern "C" {
#include "access/attnum.h"
#include "access/htup.h"
}

namespace tessera::operations {

// True if the key columns (conkey) of pg_constraint row `tuple` include `attnum`.
bool constraint_includes_column(HeapTuple tuple, AttrNumber attnum);

// The same for the constraint with oid `oid`; false if it is gone.
bool constraint_oid_includes_column(Oid oid, AttrNumber attnum);

// True if exclusion constraint `tuple` compares column `attnum` with the equality operator of
// the column type's default hash operator class. Two rows such a constraint can exclude from
// each other then have equal distribution values, hash alike and live in the same shard, so the
// shards enforce it exactly; any other exclusion constraint could miss conflicts across shards.
bool exclusion_confined_to_shard(HeapTuple tuple, AttrNumber attnum);

// The same for the constraint with oid `oid`; false if it is gone.
bool exclusion_oid_confined_to_shard(Oid oid, AttrNumber attnum);

} // namespace tessera::operations
