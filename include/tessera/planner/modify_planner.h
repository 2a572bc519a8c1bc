// Planning and running writes to distributed and reference tables: INSERT (VALUES and SELECT),
// UPDATE and DELETE.
//
// A write becomes a PlannedStmt whose plan is a single "Tessera Modify" custom scan (no
// ModifyTable). At execution the scan turns the statement into per-shard tasks and runs them
// through the Tessera Adaptive scan in the coordinated transaction:
//   - INSERT ... VALUES: every row's values (defaults, sequences, parameters, expressions) are
//     evaluated on the coordinator, rows are grouped by shard, one INSERT per shard;
//   - UPDATE / DELETE: one task per shard left after pruning on the distribution column;
//   - INSERT ... SELECT: pushed down shard by shard when source and target are colocated and the
//     distribution column maps; otherwise the SELECT runs distributed into a tuplestore and its
//     rows are inserted in batches of multi-row INSERTs, grouped by shard;
//   - reference tables: the same statement on every placement.
// Affected-row counts add up to the command tag; RETURNING rows are the scan's rows.
//
// PostgreSQL-side functions (palloc, ereport).
#pragma once

#include "tessera/pg/pg_includes.h"

extern "C" {
#include "nodes/params.h"
#include "nodes/parsenodes.h"
#include "nodes/plannodes.h"
}

namespace tessera::planner {

// True if `query` is an INSERT, UPDATE or DELETE whose target is a distributed or reference
// table.
bool is_distributed_modification(Query *query);

// Plans such a write. Raises a clear ERROR for writes Tessera cannot run correctly.
PlannedStmt *plan_modify_query(Query *query, int cursor_options, ParamListInfo bound_params);

// True if `query` is a MERGE into a distributed or reference table.
bool is_distributed_merge(Query *query);

// Plans such a MERGE (merge_planner.cpp): pushed down to colocated shard groups, or its source
// computed first and its rows routed to the target's shards. Raises a clear ERROR for MERGE
// shapes Tessera cannot run correctly.
PlannedStmt *plan_merge_query(Query *query, int cursor_options, ParamListInfo bound_params);

// Plans a SELECT whose WITH clause writes to distributed tables: those WITH queries run first,
// then the rest of the SELECT (select_after_writes.cpp). nullptr for any other query.
PlannedStmt *plan_select_after_writes(Query *query, int cursor_options);

// True if `plan` is a write whose rows or shards are found at execution from the statement's
// values: INSERT ... VALUES, and UPDATE / DELETE pruned on the distribution column (a plan that
// stays right for any values of its parameters).
bool routes_writes_at_execution(const Plan *plan);

} // namespace tessera::planner
