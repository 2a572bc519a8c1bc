// The write planner's parts, shared by modify_planner.cpp (analysis and planning),
// modify_checks.cpp (what cannot run correctly is refused), modify_subqueries.cpp (WITH and
// FROM / USING subqueries of a write), insert_select_pushdown.cpp (whether INSERT ... SELECT
// runs shard by shard), modifying_ctes.cpp (checks on data-modifying WITH queries),
// modify_tasks.cpp (per-shard tasks and rows evaluated on the coordinator),
// modify_precompute.cpp (what the coordinator computes before the shards run the rest),
// modify_scan.cpp (the Tessera Modify custom scan) and the MERGE planner (merge_internal.h).
// Internal to the planner.
#pragma once

#include "tessera/executor/distributed_scan.h"
#include "tessera/metadata/distributed_table.h"
#include "tessera/pg/pg_includes.h"
#include "tessera/planner/deparse.h"

extern "C" {
#include "executor/tuptable.h"
#include "nodes/execnodes.h"
#include "nodes/extensible.h"
#include "nodes/parsenodes.h"
#include "nodes/plannodes.h"
#include "utils/tuplestore.h"
}

namespace tessera::planner {

namespace modify {

using metadata::DistributedTable;

// How the statement becomes tasks.
enum ModifyKind {
    kInsertValues = 1,   // rows evaluated on the coordinator, grouped per shard
    kInsertPushdown = 2, // INSERT ... SELECT run shard by shard on the workers
    kInsertPull = 3,     // SELECT runs distributed, its rows are routed in batches
    kUpdateDelete = 4,   // UPDATE / DELETE on every shard left after pruning
    kMergePushdown = 5,  // MERGE with a colocated source, shard by shard (merge_planner.cpp)
    kMergeRouted = 6,    // MERGE whose source rows run first and are routed to the shards
};

// Positions in the Tessera Modify scan's custom_private.
enum ModifyField { kKindField = 0, kQueryField, kSelectPlanField, kTemplateField };

// Positions in the template of a parameterised UPDATE/DELETE (kTemplateField).
enum WriteTemplateField { kWriteTextField = 0, kWriteSplicesField, kWriteRelidsField };

// Rows per batch of an INSERT ... SELECT whose rows pass through the coordinator.
constexpr int kPullBatchRows = 20000;

inline const char *command_name(CmdType type)
{
    switch (type) {
    case CMD_INSERT:
        return "INSERT";
    case CMD_UPDATE:
        return "UPDATE";
    case CMD_DELETE:
        return "DELETE";
    default:
        return "MERGE";
    }
}

// The per-shard groups of evaluated rows of one batch, and how to print them.
struct RowRouter {
    const DistributedTable *target;
    Query *template_query; // the INSERT with a VALUES entry at values_index, rows left out
    Index values_index;
    List *relids;      // every relation the template names (its ON CONFLICT / RETURNING too)
    int column_count;  // visible target entries
    int dist_position; // position of the distribution column among them, -1 if absent
    Oid *types;
    int32 *typmods;
    Oid *collations;
    int16 *lengths;
    bool *by_values;
    List **rows;          // per shard index: a List of rows (each a List of Const)
    List **positions;     // per shard index: each row's place in the batch (an integer List)
    List *task_positions; // per task of the last routed_row_tasks: its rows' places, in order
    int row_count;
    // One task per run of consecutive rows of one shard instead of one per shard (see
    // routed_run_tasks), and the runs of the batch being built: each one's shard index and
    // length (integer Lists), the run number + 1 each shard last had, and whether a shard had
    // rows in two runs. runs_unsafe: two runs of the batch propose the same key to DO UPDATE
    // ... WHERE (track_conflict_key), which in PostgreSQL's one statement may fail ("cannot
    // affect row a second time") where separate statements would not: one task per shard then,
    // and rows_must_match says so to the reader of the last batch's RETURNING rows.
    bool split_runs;
    List *run_shards;
    List *run_lengths;
    int *shard_last_run;
    bool shard_revisited;
    bool runs_unsafe;
    bool rows_must_match;
    // Per task of the last routed_row_tasks, when it split the rows into runs: a List of its
    // statements' places (each an integer List), in order; NIL otherwise.
    List *task_runs;
    MemoryContext batch_context;
    List *row_template; // see insert_row_template; NIL if none
    // With tenant monitoring on: the distribution column value of the batch's rows (nullptr
    // before the first), and whether rows with other values came too.
    Const *tenant;
    bool tenant_mixed;
};

// Replaces Vars of range-table entry `varno` by the expressions of one VALUES row.
struct ValuesRowContext {
    Index varno;
    List *row;
};

// For citus_stat_tenants: marks the one task of a write of hash-distributed `target` with
// its tenant, the distribution column value a top-level equality of `bound` (parameters bound)
// pins; nothing if there are several tasks or no such value. Call only with tenant monitoring
// on.
void attribute_write_tenant(List *tasks, Query *bound, const DistributedTable *target);

// The tasks of UPDATE/DELETE `query` (parameters bound), one per shard left after pruning;
// with `lock_written_shards`, after taking the shards' write locks (lock_shards_for_write).
List *update_delete_tasks(Query *query, int *divisor, bool lock_written_shards = false);

// The lock class of the coordinator locks that shard writes take (advisory lock tags with this
// fourth field; pg_advisory_lock uses 1 and 2).
constexpr uint16 kShardWriteLockClass = 11;

// Coordinator-side shard locks that keep concurrent writes from deadlocking across nodes. A
// statement that writes to several placements at once (every copy of a reference table, or
// several shards of a distributed table by one UPDATE or DELETE) runs them in parallel: two
// such statements on the same rows could each lock them on a different node first and then
// wait for each other there, where no node's deadlock detector sees the cycle (until
// tessera.distributed_lock_timeout). So such a statement (`bound`: parameters bound) takes
// ExclusiveLock on each shard it writes, here on the coordinator, in shard id order, until
// transaction end: the second one waits for the first here instead. Writes to one shard take
// none. `shards` marks the shards an UPDATE/DELETE on a hash-distributed table reaches, when
// the caller computed them already (update_delete_shards); nullptr computes them.
void lock_shards_for_write(Query *bound, const bool *shards = nullptr);

// Takes the coordinator's write lock of shard `shard_id` in `mode` until transaction end.
void lock_shard_for_write(uint64 shard_id, LOCKMODE mode);

// Whether `bound` (parameters bound) is an UPDATE or DELETE of one reference-table row named by
// its whole primary key that reads nothing else (reference_row_locks.cpp); sets *key_hash to
// the hash of the key value and *key_mode to the mode of its key lock (ExclusiveLock for an
// UPDATE, AccessExclusiveLock for a DELETE). Such writes of different keys may run at the same
// time.
bool single_row_reference_write(Query *bound, uint32 *key_hash, LOCKMODE *key_mode);

// Takes the coordinator locks of such a write to reference table shard `shard_id` until
// transaction end: the table's write lock in a mode other single-row writes share (every other
// write still excludes them) and the key's lock in `key_mode`.
void lock_reference_row(uint64 shard_id, uint32 key_hash, LOCKMODE key_mode);

// The coordinator locks a locking read `bound` (parameters bound) of reference tables must take
// (executor::Task.reference_locks), or nullptr when it locks no reference rows. The read locks
// one copy's rows only while the node's statement runs (holding them in the coordinated
// transaction would block the transaction's own later DDL there when a foreign key check sends
// the read on a second connection), so the rows are held here instead: every write to a
// reference table takes the coordinator locks of lock_shards_for_write or lock_reference_row
// first, and these conflict with those exactly as the row lock strengths conflict with writes:
// for a read naming one row by its whole primary key, a lock on that key (mode by strength, as
// PostgreSQL's own tuple locks) and the table's lock in a mode single-row writes share; for
// any other read, the table's lock in ShareLock (FOR KEY SHARE / FOR SHARE) or ExclusiveLock.
char *reference_read_locks(Query *bound);

// Takes the locks reference_read_locks described, in order, until transaction end. NOWAIT
// raises the lock-not-available error; SKIP LOCKED returns false (skip the read) when the key
// named is held, or errors when the read names no key.
bool take_reference_read_locks(const char *spec);

// Where UPDATE / DELETE `query` reads system columns (ctid, xmin, ...) of distributed or
// reference tables: a row's ctid is an address within one shard or copy only.
struct SystemColumnUse {
    bool at_top_level; // in the statement's own conditions, new values or RETURNING
    bool in_subquery;  // in a subquery or WITH query (or a subquery's reference to the target)
    const char *relname;
};
SystemColumnUse system_column_use(Query *query);

// The task of an UPDATE or DELETE (parameters bound, nothing left to compute first) of the row a
// unique key of a hash-distributed table names: sent with the key and assigned constants as
// parameters, so the worker reuses one prepared statement for all keys. NIL when the statement
// is not such a write or reaches more than one shard.
List *keyed_update_delete_tasks(Query *bound, int *divisor);

// The tasks inserting the routed rows (one multi-row INSERT per shard); empties the groups.
List *routed_row_tasks(RowRouter *router, int *divisor);

// Adds one evaluated row (values/nulls in target-list order) to its shard's group.
void route_row(RowRouter *router, Datum *values, bool *nulls);

// True if `node` reads, at any level, a hash-distributed table or a local table: a subquery the
// workers cannot evaluate by themselves.
bool needs_coordinator(Node *node);

// Walker behind needs_coordinator, for callers that skip a query's own range table.
bool needs_coordinator_walker(Node *node, void *context);

// The range-table index of the INSERT's multi-row VALUES list, or 0.
Index insert_values_index(Query *query);

// Tasks of a pushed-down INSERT ... SELECT whose parameters are bound.
List *insert_pushdown_tasks(Query *query, int *divisor);

// For an UPDATE/DELETE with parameters and nothing to compute first (no WITH, no subqueries):
// the SQL deparsed once with the shard names left out, so each execution that lands on one
// shard only splices them in and sends the parameter values to a statement prepared on the
// worker. NIL when the statement does not qualify.
List *write_template(Query *query);

// For an INSERT ... VALUES with parameters into a hash-distributed table: the one-row INSERT
// every shard receives, deparsed once with the row's values as parameters $1..$n and the shard
// name left out, so a row that is alone in its shard goes to a statement prepared on the worker
// (parsed and planned there once per connection). NIL when the statement does not qualify:
// a column of a type the workers may know under another OID, or parameters outside VALUES.
List *insert_row_template(Query *query);

// UPDATE / DELETE `query` on `target` rewritten to modify the rows through their primary key
// (every column without one), the key subquery computed on the coordinator; nullptr when the
// statement has parts that cannot move (see modify_rewrite.cpp).
Query *rewrite_through_keys(Query *query, const DistributedTable *target);

// Makes `rewritten` (from rewrite_through_keys) exclude every other write to `target` until the
// transaction ends, now and whenever its plan is used again, so that the rows and values its key
// subquery reads are still those it writes (no lost update).
void lock_against_concurrent_writes(Query *rewritten, const DistributedTable *target);

Node *values_row_mutator(Node *node, ValuesRowContext *context);

// The task of a templated UPDATE/DELETE when its bound parameters pin it to one shard of a
// hash-distributed table; NIL otherwise (the caller then deparses as usual).
List *templated_update_delete_tasks(List *template_info, Query *bound, ParamListInfo params);

void replace_cte_references(Query *query, const char *name, Query *replacement);

// Checks the data-modifying WITH queries of `query` (a write, or a SELECT): the rest of the
// statement must not read a table they modify, since they run first (modifying_ctes.cpp).
void check_modifying_ctes(Query *query, const char *command, const char *relname);

// Runs SELECT (or a write with RETURNING) `select` now and returns a query producing its rows
// from constants.
Query *evaluate_to_rows(Query *select, EState *estate, List *names);

// Runs the top-level WITH queries of `select` up to its last data-modifying one, in order,
// each now and as a statement of its own, and replaces their references by their rows; the
// later WITH queries stay. Returns `select`, changed so.
Query *run_modifying_ctes(Query *select, EState *estate);

// Runs planned statement `plan` to completion into a tuplestore; *desc receives its row type.
Tuplestorestate *run_select(PlannedStmt *plan, EState *estate, TupleDesc *desc);

// Computes every remaining top-level WITH query of the statement on the coordinator, once and in
// order, and replaces its references by its rows (modify_precompute.cpp).
void materialize_ctes(Query *query, EState *estate);

// Evaluates the independent subqueries on distributed or local tables in the top-level
// expressions of an UPDATE or DELETE on the coordinator (a worker sees only its shards and no
// local table).
void precompute_sublinks(Query *query, EState *estate);

// The same for an INSERT: the independent subqueries of its ON CONFLICT clause and RETURNING list
// that read distributed or local tables are computed on the coordinator, once; returns a copy.
Query *precompute_insert_sublinks(Query *query, EState *estate);

// Plans the SELECT of a pulled INSERT ... SELECT that has data-modifying WITH queries, at
// execution, once they ran (run_modifying_ctes).
PlannedStmt *plan_select_after_ctes(Query *query, EState *estate);

// The rows of an INSERT ... VALUES with their subqueries computed now, once each.
List *precompute_values_sublinks(List *rows, EState *estate, int eflags);

void register_modify_methods();

// ON CONFLICT ON CONSTRAINT names a coordinator constraint, which has another name on the
// shards: name the constraint's columns instead.
void name_conflict_columns(Query *copy, Oid relid);

// True if the ANY / ALL `sublink` compares one value with the subquery's single column (its
// result can become an array); otherwise (row comparisons) the subquery becomes a VALUES list.
bool is_single_column_test(SubLink *sublink);

// True if `sublink` (in a top-level expression of the statement) can be evaluated on the
// coordinator before the statement is sent: it does not refer to the statement's rows and is of
// a kind whose result can be replaced by a constant.
bool is_precomputable_sublink(SubLink *sublink);

// True if `sublink`, in a top-level expression of UPDATE / DELETE `query` on hash-distributed
// `target`, is `target.dist_column [, ...] IN (subquery)` whose subquery yields its complete rows
// per shard group (colocated with the target) and compares its distribution column with the
// target's: every shard group can evaluate it on its own, so it is sent as it is.
bool is_colocated_in_sublink(SubLink *sublink, Query *query, const DistributedTable *target);

// The range-table index of the INSERT's SELECT (an RTE_SUBQUERY in the jointree), or 0.
Index insert_select_index(Query *query);

// Turns `query` into the template every per-shard INSERT is printed from: the rows come from a
// VALUES entry at `replace_index` (0: appended), which the target list reads column by column.
void init_row_router(RowRouter *router, Query *query, Index replace_index,
                     const DistributedTable *target, MemoryContext batch_context);

// The rows of an INSERT ... VALUES as expression lists in target-list order.
List *insert_value_rows(Query *query);

// One hash-distributed table of a query level and its join component.
struct LevelTable {
    Index varno;
    const DistributedTable *table;
    int component; // union-find parent (index into the level's tables)
};

// The hash-distributed tables of one query level; errors for relations a distributed
// modification cannot use.
LevelTable *level_tables(Query *query, const DistributedTable *target, const char *command,
                         int *count);

// The analysis of a write's query levels (modify_nesting.cpp). The tables of one level form
// join components (union-find over `tables`): the root of table `i`'s component; the table whose
// distribution column `expr` is (-1 if none); joining the components that `quals` equate on
// distribution columns; joining those that restricting `quals` pin to the same constant or
// parameter.
int find_component(LevelTable *tables, int i);
int table_for_dist_var(LevelTable *tables, int count, Expr *expr);
void connect_by_equalities(LevelTable *tables, int count, List *quals);
void connect_by_equal_pins(LevelTable *tables, int count, List *quals);

// Checks the nested levels (subqueries, WITH queries) of write `query` on `target`: every
// hash-distributed table there must be joined on its distribution column to the level above,
// so each shard group can answer alone; raises a clear ERROR otherwise. With
// `skip_top_subqueries`, the top level's FROM subqueries and WITH queries are not checked
// (planned apart).
void check_nested_levels(Query *query, const DistributedTable *target, const char *command,
                         bool skip_top_subqueries = false);

// Checks that every hash table of `query`'s top level is joined (through equalities of
// distribution columns, directly or transitively, or pinned to the same value as a table joined
// so) to the table at `anchor_varno`.
void check_joined_to(Query *query, LevelTable *tables, int count, Index anchor_varno,
                     const DistributedTable *target, const char *command);

// True if `node` contains a SubLink.
bool contains_sublink(Node *node);

// Tasks running `query` (a statement on `target`) on the shards marked in `shards` (all if
// nullptr); for reference tables on every placement, RETURNING only on the first.
List *tasks_for_shards(Query *query, const DistributedTable *target, const bool *shards,
                       int *divisor);

executor::Task *make_task(int32 group_id, char *sql);

// A write task (make_task) on the placement of shard `shard_index` of `table` that follows the
// shard when a move commits before it runs (executor::route_task_to_shard).
executor::Task *make_shard_task(const DistributedTable *table, int shard_index, char *sql);

const metadata::ShardPlacement *first_placement(const DistributedTable *table, int shard_index);

// Substitutions for shard index `shard_index` (reference tables: their only shard).
ShardSubstitution *substitutions_for(List *relids, int shard_index);

extern CustomScanMethods modify_scan_methods;

// ON CONFLICT DO UPDATE keys of a pulled INSERT ... SELECT across its batches, or of an INSERT
// split into runs (RowRouter::split_runs) across its runs (conflict_keys.cpp).
struct ConflictKeys;

// The tracker for `query` (routed by `router`), allocated in `context`, or nullptr when it has
// no ON CONFLICT DO UPDATE or some key column is never given.
ConflictKeys *make_conflict_keys(Query *query, const RowRouter *router, MemoryContext context);

// Starts the next batch: keys recorded from now on belong to it.
void start_conflict_key_batch(ConflictKeys *keys);

// Records the key of one row of the batch being built (values/nulls as the router's columns),
// after route_row routed it; raises an ERROR if an earlier batch proposed the same key. With the
// router's split_runs, sets its runs_unsafe if an earlier run of this batch proposed the same
// key (or might have: keys that cannot be compared here).
void track_conflict_key(ConflictKeys *keys, RowRouter *router, const Datum *values,
                        const bool *nulls);

// Whether `query`'s RETURNING rows need one task per run of consecutive rows of one shard to come
// back in the order of the rows proposed: ON CONFLICT DO NOTHING or DO UPDATE ... WHERE may skip
// rows (insert_runs.cpp).
bool needs_row_runs(const Query *query, const DistributedTable *target);

// Notes that the row just routed went to shard `shard_index` (a new run if the previous row went
// to another shard).
void note_row_run(RowRouter *router, int shard_index);

// The tasks of the routed rows, one per shard in `shard_order` (`shard_groups` shard indexes),
// each with one statement per run of consecutive rows of its shard; sets task_positions and
// task_runs; empties the groups.
List *routed_run_tasks(RowRouter *router, const int *shard_order, int shard_groups);

// The task inserting `rows` (Lists of Const) into shard `shard_index` of the router's
// hash-distributed table.
executor::Task *shard_rows_task(RowRouter *router, int shard_index, List *rows);

// Puts the RETURNING rows of a batch split into runs in the order of the runs into `ordered`:
// `rows` holds each task's rows as they came, `counts` per task and statement how many (see
// RowRouter::task_runs); `slot` is a minimal tuple slot of their descriptor.
void put_runs_in_order(const List *task_runs, Tuplestorestate **rows, int *const *counts,
                       Tuplestorestate *ordered, TupleTableSlot *slot);

// The statement inserting `rows` into shard `shard_index` (no parameters).
char *shard_rows_sql(RowRouter *router, int shard_index, List *rows);

// Builds the PlannedStmt of a write: one Tessera Modify scan of kind `kind` over `query`.
PlannedStmt *make_modify_plan(Query *query, int kind, PlannedStmt *select_plan);

// Raises the "cannot modify distribution column" ERROR if an entry of `target_list` assigns the
// distribution column of `table` anything but itself (or the value `quals` pin it to).
void check_distribution_column_unchanged(List *target_list, Index result_relation,
                                         const DistributedTable *table, Index excluded_relation,
                                         List *quals);

// `target_list` (UPDATE's, or ON CONFLICT DO UPDATE's SET) with each assignment to the
// distribution column of `table` that planning cannot prove keeps the row's value (see
// check_distribution_column_unchanged) wrapped in tessera_keep_distribution_value, which fails
// on the shards the write of a row the value would move: UPDATE t SET key = $1, ... WHERE id =
// $2, as ORMs save whole rows, then writes the rows that keep their value. A copy if changed.
List *guard_distribution_column(List *target_list, Index result_relation,
                                const DistributedTable *table, Index excluded_relation,
                                List *quals);

// The tasks of a MERGE planned by plan_merge_query (merge_planner.cpp), parameters bound from
// `estate`: kMergePushdown prints the source for every shard group; kMergeRouted runs
// `source_plan` and sends each shard its rows as a VALUES list. *divisor: copies per row.
List *merge_tasks(Query *merge, int kind, PlannedStmt *source_plan, EState *estate, int *divisor);

// Raises an ERROR unless every arbiter index of ON CONFLICT covers the distribution column
// (modify_checks.cpp). (Its SET's assignments to the distribution column: see
// guard_distribution_column.)
void check_on_conflict(Query *query, const DistributedTable *table);

// True for a sequence function call or an identity value.
bool uses_sequence(Node *node);

// True for a call of a user-defined function that is neither an extension's (other than
// tessera's) nor distributed: only the coordinator may call it.
bool calls_user_function(Node *node);

// True for a constant whose value means something else on the workers (reg* types).
bool node_dependent_constant(Node *node);

// True for a TABLESAMPLE clause (modify_checks.cpp).
bool is_table_sample(Node *node);

// Raises an ERROR if the parts of INSERT the workers evaluate (RETURNING, ON CONFLICT DO UPDATE)
// call sequence or user-defined functions.
void check_insert_worker_expressions(Query *query, const char *relname);

// Walker: true at the first subquery of INSERT ... VALUES rows that cannot be computed on its
// own before the rows.
bool unsupported_values_sublink_walker(Node *node, void *context);

// True if the ON CONFLICT clause of INSERT `query` holds subqueries.
bool on_conflict_has_sublinks(Query *query);

// INSERT ... SELECT with subqueries in ON CONFLICT: raises an ERROR for those that refer to the
// existing or excluded row.
void check_on_conflict_sublinks(Query *query, const char *relname);

// Replaces the references to the top-level WITH queries that PostgreSQL itself would inline by
// subqueries; the others stay, to be computed once on the coordinator (modify_subqueries.cpp).
void inline_ctes(Query *query, const char *command, const char *relname);

// Plans the top-level FROM / USING subqueries of an UPDATE or DELETE that read distributed or
// local tables: sent with each shard's statement when shard-local, else computed first.
void plan_from_subqueries(Query *query, const DistributedTable *target, const char *command,
                          const char *relname);

} // namespace modify

} // namespace tessera::planner
