// The multi-shard planner's pushdown analysis (multi_shard_pushdown.cpp), shared with the plan
// building in multi_shard_planner.cpp. Internal to the planner.
#pragma once

#include "tessera/metadata/distributed_table.h"
#include "tessera/pg/pg_includes.h"

extern "C" {
#include "nodes/parsenodes.h"
}

namespace tessera::planner::pushdown {

// One hash-distributed table of the top query level.
struct HashRte {
    Index varno;
    const metadata::DistributedTable *table;
    bool nullable; // on the nullable side of an outer join
    int component; // union-find parent, for the join connectivity check
};

// What analyze_from found at the top query level.
struct PushdownContext {
    Query *query;
    HashRte *tables;
    int table_count;
    List *relids;          // distributed and reference tables (Oids)
    List *quals;           // quals that restrict rows at the top level (for pruning)
    List *join_equalities; // OpExpr joining distribution columns (anywhere in the join tree)
    bool ok;
};

// Checks a query level's range table and join tree; fills the context. Subqueries (and CTEs)
// take part when they are shard-local or read only reference tables.
bool analyze_from(PushdownContext *context);

// True if the query groups by the distribution column of a hash table whose rows are never
// null-extended: then every group lives in exactly one shard group.
bool groups_by_distribution_column(PushdownContext *context);

// True if every window of the query is partitioned by the distribution column of a hash table
// whose rows are never null-extended.
bool windows_partitioned_by_distribution_column(PushdownContext *context);

// Walker: true if the tree holds something the worker query must not contain.
bool unsafe_walker(Node *node, void *);

// True if `query` can run unchanged on any worker: it reads only reference tables (at every
// level) and nothing a worker could evaluate differently.
bool reference_only_query(Query *query);

// If `subquery` yields, on each shard group, exactly its rows for that shard group, returns a
// pseudo table describing the output column that carries a distribution column, and adds its
// tables to *relids. Else nullptr.
metadata::DistributedTable *shard_local_subquery(Query *subquery, List **relids);

} // namespace tessera::planner::pushdown
