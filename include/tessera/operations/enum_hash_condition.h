// Hash-range conditions that a worker evaluates for a distribution column whose hash depends on
// enum values. PostgreSQL hashes an enum value by its pg_enum OID, and every node numbers the
// labels of the same enum type with OIDs of its own, so worker_hash() on a worker does not give
// the hash the coordinator placed the row by. For such columns the condition lists the labels
// whose coordinator hash falls in the range instead.
//
// PostgreSQL-side functions: palloc'd results, ereport(ERROR) on failure.
#pragma once

#include "tessera/pg/pg_includes.h"

extern "C" {
#include "access/attnum.h"
}

namespace tessera::operations {

// The enum type whose labels' OIDs the hash of type `type` depends on directly (the type is an
// enum, or a domain over one), or InvalidOid. Raises, naming `what` (the operation refused,
// e.g. "splitting shards"), when the hash depends on enum OIDs inside an array, composite,
// range or multirange type, which no label list can describe.
Oid distribution_enum_type(Oid type, const char *what);

// SQL condition, evaluated on a worker, true when `column_sql` (a value of `relid`'s
// distribution column `dist_column`, an enum or a domain over one) hashes into [min, max] on
// the coordinator: its label is one of those whose coordinator hash lies in the range (false
// when none does; NULL for a NULL value). nullptr when the column's hash does not depend on enum
// OIDs.
char *enum_hash_range_condition(Oid relid, AttrNumber dist_column, const char *column_sql,
                                int32 min, int32 max, const char *what);

} // namespace tessera::operations
