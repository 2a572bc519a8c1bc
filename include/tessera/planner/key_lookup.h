// Lookups and single-row writes by a unique key, sent to workers as prepared statements.
//
// A router query that reads one row of one table by constants covering a unique index (the
// typical `WHERE tenant_id = 7 AND id = 42` of an application, or a primary key lookup) is the
// same statement for every key value except those constants. With the constants turned into
// parameters, a worker connection parses and plans the statement once and then only binds new
// values; a generic plan is safe here because the unique index answers every value alike.
#pragma once

#include "tessera/pg/pg_includes.h"

extern "C" {
#include "nodes/parsenodes.h"
}

namespace tessera::planner {

// Parameter values replacing constants: text values (nullptr for NULL) and their built-in type
// OIDs.
struct KeyParameters {
    int count;
    Oid *types;
    char **values;
};

// A copy of `query` (a SELECT, UPDATE or DELETE) with the constants of its unique-key
// equalities, and for an UPDATE those it assigns, as parameters $1..$n, their values in
// *params; nullptr when the query is not such a lookup (more than one table, no unique index
// covered by equalities with constants of built-in types).
Query *parameterize_unique_key_lookup(Query *query, KeyParameters *params);

// `sql` with every parameter $n replaced by its value as a typed literal, as the statement
// would read with the constants back in place (for EXPLAIN).
char *inline_key_parameters(const char *sql, int count, const Oid *types, char *const *values);

} // namespace tessera::planner
