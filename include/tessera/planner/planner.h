// The distributed planner: entry points used by the planner hook and by _PG_init.
// PostgreSQL-side functions (palloc, ereport).
#pragma once

#include "tessera/pg/pg_includes.h"

extern "C" {
#include "nodes/params.h"
#include "nodes/parsenodes.h"
#include "nodes/pathnodes.h"
#include "nodes/plannodes.h"
}

namespace tessera::metadata {
struct DistributedTable;
}

namespace tessera::planner {

// Installs the set_rel_pathlist hook that turns scans of distributed tables into Tessera scans.
void install_relation_scan_hook();

// Installs the get_relation_info hook that sizes distributed tables by their shards (the
// coordinator's own copy of such a table is empty).
void install_relation_size_hook();

// Plans `query` as one task on one worker if every distributed table in it is pinned to the
// same shard group (or it reads only reference tables) and the whole query can run there.
// Returns nullptr when the query is not such a router query.
PlannedStmt *plan_router_query(Query *query, int cursor_options);

// Plans a query over colocated distributed tables joined on their distribution columns (and
// reference tables) as a worker query per shard group plus a coordinator query that merges the
// results (partial aggregates, ORDER BY, LIMIT). Returns nullptr for other shapes.
PlannedStmt *plan_multi_shard_query(Query *query, int cursor_options, ParamListInfo bound_params);

// set_rel_pathlist hook part: while plan_multi_shard_query plans a coordinator query whose tasks
// return their rows in the query's ORDER BY, gives the scan of their rows the query's sort
// pathkeys, so that PostgreSQL plans no Sort above it (the scan merges the tasks' rows).
void mark_presorted_worker_results(PlannerInfo *root, RelOptInfo *rel, RangeTblEntry *rte);

// If `subquery` yields, on each shard group, exactly its rows for that shard group (its tables
// colocated and joined on distribution columns; grouping, windows and DISTINCT kept within a
// shard group; no LIMIT), returns a pseudo table (relid InvalidOid) whose dist_column is the
// output column carrying a distribution column, and adds the subquery's tables to *relids.
// Else nullptr. Shared by the SELECT pushdown planner and the planner of writes.
const metadata::DistributedTable *shard_local_subquery_table(Query *subquery, List **relids);

// Lets the executor plan deferred router tasks (whose shard depends on parameter values).
void install_deferred_router();

// Lets the executor bind a generic plan's parameters into the tasks of a multi-shard query, and
// take the shard locks of its row locks (see
// multi_shard_planner.cpp). Called from _PG_init.
void install_statement_param_binder();

// The ids of the statement parameters ($n) that `node` reads, at any level (Integer List): the
// ones a task's SQL carries (Task.statement_params).
List *referenced_params(Node *node);

// Raises an ERROR for statements on distributed tables that Tessera cannot run correctly
// (data-modifying statements, row locks outside router queries).
void error_if_unsupported(Query *query);

// True if the query (at any level) references a distributed or reference table.
bool query_references_distributed_tables(Query *query);

} // namespace tessera::planner
