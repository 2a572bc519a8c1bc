// INSERT ... SELECT pushdown analysis of the write planner: whether an INSERT ... SELECT can run
// shard by shard on the workers, and the rewrite that lets its SELECT print as SQL. Internal to
// the planner (modify_planner.cpp plans with it).
#pragma once

#include "tessera/metadata/distributed_table.h"
#include "tessera/pg/pg_includes.h"

extern "C" {
#include "nodes/parsenodes.h"
}

namespace tessera::planner {

// True if `node` (an expression of an INSERT's target list) can be evaluated on a worker; Vars
// of the INSERT's SELECT (range-table entry `select_index`) count as evaluable.
bool is_shippable_select_expression(Node *node, Index select_index);

namespace modify {

// True if target-list expression `expr` assigns an array element or a field of a composite
// column (SET a[1] = x, SET c.f = x), which the shards' statements cannot carry.
bool assigns_part_of_column(Node *expr);

// The target entry of target list `target_list` that sets attribute `attno` (not resjunk), or
// nullptr. (Also used by the MERGE planner for its actions' target lists.)
TargetEntry *entry_for_attno(List *target_list, AttrNumber attno);

// True if INSERT ... SELECT `query` (its SELECT at range-table entry `select_index`) can run
// shard by shard on the shards of `target`.
bool insert_select_pushable(Query *query, Index select_index,
                            const metadata::DistributedTable *target);

// Moves every expression of a pushed-down INSERT ... SELECT's target list into the SELECT.
void move_targets_into_select(Query *query, Index select_index);

} // namespace modify

} // namespace tessera::planner
