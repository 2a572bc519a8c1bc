// The Tessera Adaptive custom scan: runs a list of per-shard tasks on the workers in parallel and
// returns their rows.
//
// A task is SQL text and the group id of the node that holds its shard. The plan carries its
// tasks in CustomScan.custom_private (see make_distributed_scan), so plans can be copied and
// cached like any other.
#pragma once

#include "tessera/pg/pg_includes.h"

extern "C" {
#include "nodes/execnodes.h"
#include "nodes/extensible.h"
#include "nodes/plannodes.h"
}

namespace tessera::metadata {
struct DistributedTable;
}

namespace tessera::executor {

// One unit of remote work.
struct Task {
    int32 group_id;
    char *sql;
    // Other groups holding the same data (reference tables), tried in order when group_id's
    // node cannot be reached. Reads only. An integer List, or NIL.
    List *fallback_groups;
    bool modifies; // writes: runs in the coordinated transaction and counts affected rows
    // Reads with row locks (FOR UPDATE / SHARE): runs in the coordinated transaction, on the
    // connection later writes of the transaction use, so the locks last until it ends.
    bool locks_rows;
    // Shards whose coordinator write locks the scan takes (ExclusiveLock, those of all its tasks
    // in shard id order, until transaction end) before any task runs. Set on multi-shard reads
    // whose row locks wait, so that two of them (or one and a multi-shard write) cannot lock
    // rows on different nodes in opposite orders (see set_shard_locker).
    int lock_shard_count;
    int64 *lock_shard_ids;
    // Coordinator locks a locking read of reference table rows takes before it runs, until the
    // transaction ends (planner/reference_row_locks.cpp builds and takes them through the
    // ReferenceLocker; opaque here), or nullptr. The read itself locks one copy's rows only
    // for the length of the node's statement: every writer of a reference table takes the
    // conflicting coordinator locks first.
    char *reference_locks;
    // Parameter values sent with the SQL (text; nullptr for NULL), through a statement
    // prepared on the node.
    int param_count;
    Oid *param_types;
    char **param_values;
    // The parameters stand for constants of the query (so the node can reuse a prepared
    // statement): EXPLAIN shows them back in place.
    bool params_are_constants;
    // Ids of the statement's own parameters ($n) that `sql` reads, when the plan is generic
    // (Integer List, NIL if none): their values are bound at execution (set_param_binder).
    List *statement_params;
    // The tenant the task serves, for citus_stat_tenants: the distribution column value that
    // pins it (nullptr when it is not pinned to one value) and that column's colocation group.
    Const *tenant_value;
    int32 tenant_colocation_id;
    // The shard whose (only) placement group_id was read from, when it can move (a hash table's
    // shard; route_shard_id 0 otherwise), and the metadata generation it was read at: a static
    // task whose generation is not the current one is sent where the shard is now (a move
    // committed since planning; see reroute_tasks in distributed_scan.cpp).
    Oid route_relid;
    int64 route_shard_id;
    uint64 route_generation;
    // A task of several statements (`sql` separated by ';'): the first, whose plan EXPLAIN shows
    // (EXPLAIN of `sql` would run the others); nullptr for a task of one statement.
    char *explain_sql;
};

// Marks `task`, whose group_id was read from shard `shard_index` of `table`, to follow that shard
// when it moves (nothing for reference tables and shards of several placements).
void route_task_to_shard(Task *task, const metadata::DistributedTable *table, int shard_index);

// How the scan's tasks are obtained.
enum class TaskSource {
    kStatic = 1,   // fixed at planning time
    kDeferred = 2, // a router query whose shard depends on parameters: planned at execution
    kTemplate = 3, // like kDeferred, from SQL deparsed once with the shard names left out
};

// Takes the coordinator's write lock of one shard (planner/modify_tasks.cpp provides it at
// start-up; the executor takes it for Task.lock_shard_id).
using ShardLocker = void (*)(uint64 shard_id);
void set_shard_locker(ShardLocker locker);

// Takes the coordinator locks of Task.reference_locks; false when the task is to be skipped
// (SKIP LOCKED and its row is locked).
using ReferenceLocker = bool (*)(const char *locks);
void set_reference_locker(ReferenceLocker locker);

// Registers the custom scan methods. Called from _PG_init.
void register_distributed_scan();

// Builds a CustomScan node. `tasks` is a List of Task*. `column_attnos` (List of Integer) maps
// result column i of every task to attribute column_attnos[i] of the scan tuple; NIL means
// column i goes to attribute i + 1. For kDeferred, `deferred_query` is the router query.
// For kTemplate, `template_info` is the planner's description of the template (opaque here).
CustomScan *make_distributed_scan(TaskSource source, List *tasks, List *column_attnos,
                                  Query *deferred_query, List *template_info = NIL);

// One key of a merge (see set_distributed_scan_merge): scan attribute `attno` compared with the
// btree ordering operator `sortop` under `collation`, NULLs first or last; `name` is for EXPLAIN.
List *make_merge_key(AttrNumber attno, Oid sortop, Oid collation, bool nulls_first,
                     const char *name);

// Marks `scan` as merging: every task returns its rows sorted by `keys` (a List of
// make_merge_key results, most significant first), and the scan returns all tasks' rows in that
// order by merging them instead of concatenating them.
void set_distributed_scan_merge(CustomScan *scan, List *keys);

// Marks `scan` as all the work of its statement's top plan node, which returns its rows as they
// are: a Tessera Modify node running its only batch through it. Such a write may then commit
// on its node by itself (executor/autocommit_write.h).
void set_distributed_scan_whole_statement(CustomScan *scan);

// True if `plan` is a Tessera Adaptive scan that makes its one task at execution from the
// statement's parameters (kDeferred, kTemplate): a plan that stays right for any values.
bool routes_by_parameters(const Plan *plan);

// The task (its index in the list the scan was made with) that the row `scan` (a Tessera
// Adaptive scan state) returned last came from; -1 when not known (merging scans, rows
// replayed after a rescan).
int distributed_scan_row_task(PlanState *scan);

// Of a task of several statements (separated by ';'), the statement that the row `scan`
// returned last came from, counting only the statements that return rows (an INSERT ...
// RETURNING returns a result also when it inserted nothing); -1 when not known.
int distributed_scan_row_statement(PlanState *scan);

// True if `plan` is the state of a Tessera Adaptive scan.
bool is_distributed_scan(const PlanState *plan);

// Runs the tasks of the Tessera Adaptive scan `scan`, if it has not started, and keeps all their
// rows for it (spilling past work_mem), so that it returns the data as it was now. Scans that
// write or lock rows are left alone.
void read_scan_ahead(PlanState *scan);

// Opens the distributed tables of the statement `estate` runs until its executor ends, as
// PostgreSQL's scans keep their tables open: the session's DDL on them while a portal or cursor
// over them is suspended fails as on local tables (cursor_read_ahead.cpp).
void open_distributed_tables(EState *estate);

// Installs the ExecutorStart hook that makes a cursor's Tessera scans read their rows as it
// opens (DECLARE CURSOR, PL/pgSQL OPEN), as PostgreSQL's cursor sees the data as of then and not
// the transaction's later writes (cursor_read_ahead.cpp).
void install_cursor_read_ahead();

// Plans the single task of a deferred router query once parameter values are known; raises an
// ERROR if it cannot. Provided by the planner layer (which sits above this one) at start-up.
using DeferredTaskPlanner = Task *(*)(Query *query, List *template_info, ParamListInfo params);
void set_deferred_task_planner(DeferredTaskPlanner planner);

// The SQL of a task whose parameters stand for constants, with the constants back in place
// (shown by EXPLAIN). Provided by the planner layer at start-up, like the deferred planner.
using ParamInliner = char *(*)(const char *sql, int count, const Oid *types, char *const *values);
void set_param_inliner(ParamInliner inliner);

// A copy of `task` whose statement parameters (Task.statement_params) have this execution's
// values from `params` as its parameters. Provided by the planner layer at start-up.
using ParamBinder = Task *(*)(const Task *task, ParamListInfo params);
void set_param_binder(ParamBinder binder);

} // namespace tessera::executor
