// Shard pruning: which shards of a hash-distributed table can hold rows satisfying some quals.
// PostgreSQL-side functions (palloc, ereport).
#pragma once

#include "tessera/metadata/distributed_table.h"

extern "C" {
#include "nodes/primnodes.h"
}

namespace tessera::planner {

// True if equality operator `opno`, compared under input collation `collation`, holds only
// between values that `table`'s distribution hashes alike: the equality of the column type's
// hash operator family, under a deterministic collation or the column's own. (Under a
// nondeterministic collation, e.g. case-insensitive, 'A' = 'a' holds though they hash apart.)
bool is_distribution_equality(const metadata::DistributedTable *table, Oid opno, Oid collation);

// If `clause` is `dist_column = value` on range-table entry `varno` of `table` (either operand
// order, through implicit casts, an equality of the column type's hash operator family), returns
// the value expression (a Const or Param); else nullptr.
Expr *distribution_equality_value(const metadata::DistributedTable *table, Index varno,
                                  Expr *clause);

// The shard index holding non-NULL constant `value` of type `type` for `table`; -1 when the
// type's hash function is not compatible with the column's (then no pruning is possible).
int shard_index_for_constant(const metadata::DistributedTable *table, Datum value, Oid type,
                             Oid collation);

// The shard indexes (as a palloc'd bool array of table->shard_count, true = must be read) that
// can hold rows of range-table entry `varno` satisfying every clause of `quals` (a List of Expr,
// implicitly ANDed). Understands =, IN (...), = ANY(array const) and ORs of those.
bool *prune_shards(const metadata::DistributedTable *table, Index varno, List *quals);

// The conjuncts `quals` (a List of Expr of one query level with range table `rtable`, all of
// them restricting: WHERE and inner-join conditions), constant-folded, plus the pins they imply
// through reference tables: when a conjunct equates a hash table's distribution column with a
// reference-table column that other conjuncts pin to a constant, a parameter or an IN list,
// those pins restated on the distribution column (`u.org = o.id AND o.id = 5` adds
// `u.org = 5`). Both equalities must be of the distribution column's hash operator family, so
// the pinned value hashes like the distribution column's.
List *with_reference_table_pins(List *rtable, List *quals);

// `quals` plus the pins implied by equalities of a hash table's distribution column with a column
// of a subquery that lists rows of constants (UPDATE ... FROM (VALUES ...) v WHERE t.key = v.k,
// and the keys an UPDATE / DELETE rewritten through its rows' keys computed at execution):
// `column = ANY (the constants)`. `quals` must all restrict (see result_restricting_quals).
List *with_constant_rows_pins(List *rtable, List *quals);

} // namespace tessera::planner
