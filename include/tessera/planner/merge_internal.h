// The MERGE planner's parts, shared by merge_planner.cpp (the planned shape, its checks and the
// plan), merge_generated_values.cpp (values of NOT MATCHED INSERTs the coordinator computes, and
// the query asking the shards which source rows match), merge_statement_text.cpp (the MERGE
// printed for one shard) and merge_tasks.cpp (the per-shard tasks). Internal to the planner.
#pragma once

#include "tessera/metadata/distributed_table.h"
#include "tessera/pg/pg_includes.h"

extern "C" {
#include "access/tupdesc.h"
#include "nodes/execnodes.h"
#include "nodes/parsenodes.h"
#include "nodes/primnodes.h"
}

namespace tessera::planner::modify {

using metadata::DistributedTable;

// Range-table entries of a MERGE in the planned shape: the target, then the source subquery.
constexpr Index kTargetIndex = 1;
constexpr Index kSourceIndex = 2;

// Walker: true at a Var of the target (merge_planner.cpp).
bool reads_target(Node *node, void *);

// True if action value `entry` holds something a worker cannot evaluate (merge_planner.cpp).
bool needs_coordinator_value(TargetEntry *entry);

// True if the coordinator computes `entry`, a value of an INSERT of a NOT MATCHED action, for
// each row it inserts (merge_generated_values.cpp).
bool coordinator_computes(TargetEntry *entry);

// True if some NOT MATCHED INSERT of `actions` has a value the coordinator computes per row.
bool has_coordinator_values(List *actions);

// The conditions of the NOT MATCHED actions of `actions`, ready to evaluate over a source row.
ExprState **init_unmatched_quals(List *actions);

// The position in `actions` of the NOT MATCHED action PostgreSQL would take for the source row
// in `econtext`'s scan tuple, or -1 if none would.
int unmatched_action_index(List *actions, ExprState **quals, ExprContext *econtext);

// True if the NOT MATCHED action PostgreSQL would take for the source row in `econtext`'s scan
// tuple is an INSERT.
bool unmatched_row_inserts(List *actions, ExprState **quals, ExprContext *econtext);

// The values of NOT MATCHED INSERTs that the coordinator computes for each row they insert
// (serial / identity defaults, other sequence values, volatile or non-distributed functions),
// each sent as one more column of the routed source rows.
struct CoordinatorValues {
    int count = 0;
    int *action = nullptr;           // position of the value's action in mergeActionList
    ExprState **state = nullptr;     // the value, over the source row as the scan tuple
    Const **null_value = nullptr;    // a NULL of the value's type, for rows it is not computed for
    bool *action_computes = nullptr; // per action: whether it has such values
};

// Replaces every value of `merge`'s NOT MATCHED INSERTs that the coordinator computes by a new
// source column (after its `natts` columns) and returns how to compute them.
CoordinatorValues prepare_coordinator_values(Query *merge, int natts);

// Asks the shards which of the `count` source rows `rows` match a target row by `merge`'s ON
// condition (for the rows with `asks[r]` set), locking the matching rows; one flag per row.
bool *rows_matching_target(Query *merge, const DistributedTable *target, TupleDesc desc,
                           MinimalTuple *rows, const int *shard_of, const bool *asks, int count);

// The statement's name for the source, unlike the target's (merge_statement_text.cpp).
const char *source_name(const char *target_alias);

// The name the statement gives the target (its alias or the table's name).
const char *target_alias(Query *merge);

// Prints `merge`'s ON condition as the shards' statements name the target and the source
// (target_alias, source_name), in the worker text environment the caller entered.
const char *merge_on_text(Query *merge);

// Prints MERGE `merge` (the planned shape, parameters bound) for one shard: the target named
// `target_name`, the source `source_text` (a parenthesised SELECT or a VALUES list).
char *merge_statement_text(Query *merge, const char *target_name, const char *source_text);

} // namespace tessera::planner::modify
