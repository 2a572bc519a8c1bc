// The state of a Tessera Adaptive scan, shared by the scan itself (distributed_scan.cpp: task
// dispatch over connection pools, rows), its EXPLAIN (distributed_scan_explain.cpp) and the merge
// of ordered task results (sorted_merge.cpp). Not for other files: they use distributed_scan.h.
#pragma once

#include "tessera/executor/connection.h"
#include "tessera/executor/distributed_scan.h"

extern "C" {
#include "commands/explain.h"
#include "lib/binaryheap.h"
#include "nodes/execnodes.h"
#include "utils/sortsupport.h"
#include "utils/tuplesort.h"
#include "utils/tuplestore.h"
}

namespace tessera::executor::distributed_scan_internal {

// Positions in a merge key (make_merge_key).
enum MergeKeyField { kKeyAttno = 0, kKeySortop, kKeyCollation, kKeyNullsFirst, kKeyName };

// A task resolved to its node for this execution.
struct TaskRun {
    char *sql;
    bool modifies;
    bool locks_rows;
    const Task *task; // parameters, if any
    char *host;
    int port;
    int32 node_id; // pg_dist_node id of the node at host:port
    bool started;
    bool done;
    double elapsed_ms;
    TimestampTz start;
    int results; // results with rows received so far (one per statement of a multi-statement task)
};

// The connection pool of one node for this execution.
struct NodePool {
    int node_task;         // a task of the node, naming it
    int unstarted;         // tasks not yet sent
    int target;            // most connections this execution may use on the node
    int opened;            // connections in use by this execution
    TimestampTz last_open; // when the pool last grew
};

// One connection working through the tasks of its node.
struct Slot {
    NodeConnection *connection;
    int node_task; // a task of the slot's node, naming the node
    int task;      // index of the running task, -1 when idle
    bool failed;   // a task failed here (a write's: the node's transaction is aborted)
};

struct DistributedScanState {
    CustomScanState css;
    TaskSource source;
    bool modifies;         // some task writes
    bool locks_rows;       // some task locks rows (runs in the coordinated transaction)
    bool backwards;        // tasks start from the last (see next_read_runs_backwards)
    List *plan_tasks;      // Task* from the plan
    Query *deferred_query; // for TaskSource::kDeferred and kTemplate
    List *template_info;   // for TaskSource::kTemplate
    int task_count;
    TaskRun *tasks;
    int slot_count;
    Slot *slots;
    NodeConnection **busy_connections; // scratch list for wait_for_any_result
    NodePool *pools;                   // one per node the tasks run on
    int pool_count;
    bool started;
    // The scan is the whole work of its statement's top plan node (a Tessera Modify node whose
    // only batch it runs): see set_distributed_scan_whole_statement.
    bool whole_statement;
    // A write's task failed (multi-task writes only): the error of the failed task with the
    // lowest index so far, raised once every task before it has finished (see
    // defer_task_error); tasks after it are not started any more.
    int failed_task;
    ErrorData *failed_error;
    bool failed_late; // failed_error is a foreign key violation (see defer_task_error)
    PGresult *current;
    List *fetched;         // results read ahead (PGresult*), returned before asking the nodes again
    List *fetched_tasks;   // the task index of each result in `fetched`
    int current_task;      // the task index of `current`
    List *fetched_results; // the statement (see TaskRun::results) of each result in `fetched`
    int current_result;    // the statement of `current` among its task's
    int current_row;
    int current_slot;
    int column_count;
    AttrNumber *column_attnos; // result column -> scan attribute
    FmgrInfo *input_functions; // per scan attribute
    Oid *input_params;
    int32 *typmods;
    // From the first rescan on (the inner side of a nested loop, a correlated subquery): the
    // rows read so far, replayed by later rescans, which read on from the tasks only past them.
    // The tasks' rows cannot change within one execution (executor parameters never reach the
    // worker SQL; they are applied by local quals), so each task runs at most twice.
    Tuplestorestate *rows;
    bool rows_complete;          // `rows` holds every row of the tasks
    TupleTableSlot *replay_slot; // minimal-tuple slot reading `rows`
    // Merging scans: the tasks' rows, each task's sorted by merge_keys, are all read first into
    // one tuplestore per task, then merged through a binary heap of the tasks' current rows.
    List *merge_key_list; // make_merge_key Lists, from the plan; NIL: no merge
    int merge_key_count;
    SortSupport merge_keys;
    bool merge_loaded;               // task_rows hold every task's rows
    Tuplestorestate **task_rows;     // per task
    TupleTableSlot **task_heads;     // per task: its current row in the merge
    binaryheap *merge_heap;          // task indexes, smallest current row first
    bool merge_heap_ready;           // the heap holds every task that has a current row
    Tuplesortstate *unsorted_rows;   // a task's rows were out of order: all rows sorted here
    TupleTableSlot *merge_read_slot; // minimal-tuple slot reading unsorted_rows
};

// Resolves the tasks to nodes (after planning deferred ones with the parameter values). With
// `for_explain` (EXPLAIN without ANALYZE) the coordinator locks of locking reads of reference
// tables are not taken: the statement does not run.
void resolve_tasks(DistributedScanState *state, bool for_explain = false);

// Starts execution: resolves the tasks and opens each node's first connections.
void start_execution(DistributedScanState *state);

// Waits for the next result that carries rows (nullptr when every task has finished).
PGresult *next_result(DistributedScanState *state);

// Keeps the error `result` of the task running on `slot` of a multi-task write instead of raising
// it at once (false: the caller raises it now): the statement reports the error of the failed
// task with the lowest index, as if the tasks had run one after another (a multi-row INSERT's
// tasks are in the order of their first rows, other writes' in shard order); a foreign key
// violation comes last, since PostgreSQL checks foreign keys after the row. Frees `result`.
bool defer_task_error(DistributedScanState *state, Slot &slot, PGresult *result);

// Raises the kept error once no task before the failed one (nor the failed one itself) is still
// running or waiting to start (a foreign key violation: once no task runs any more); with `now`,
// at once.
void raise_deferred_error_when_settled(DistributedScanState *state, bool now);

// Fills the scan slot from row `row` of `result`.
TupleTableSlot *store_row(DistributedScanState *state, PGresult *result, int row);

// Ends the running tasks and hands the scan's connections back.
void end_scan(CustomScanState *node);

// Merging scans (sorted_merge.cpp): the sort support of the merge keys, set up at scan start;
// the next row in merge order; rewinding; freeing what the merge keeps; the keys for EXPLAIN.
void prepare_merge_keys(DistributedScanState *state);
TupleTableSlot *next_merged_row(DistributedScanState *state);
void load_merge_rows(DistributedScanState *state);
void rescan_merge(DistributedScanState *state);
void end_merge(DistributedScanState *state);
char *merge_key_text(DistributedScanState *state);

// EXPLAIN (distributed_scan_explain.cpp): the merge keys of a merging scan, the task count and,
// for one task (every task with tessera.explain_all_tasks), where it runs and the worker's own
// plan.
void explain_scan(CustomScanState *node, List *, ExplainState *es);

// --- node_machines.cpp

// Caps each node's pool at its share of its machine's cores: more connections than cores only
// make the node's backends compete. `first_connections` holds each pool's first connection
// (asked about its machine the first time the backend meets the node).
void cap_pools_by_cores(DistributedScanState *state, List *first_connections);

// --- task_encoding.cpp

// The scan's plan methods (named and registered by register_distributed_scan).
extern CustomScanMethods scan_methods;

// Positions in CustomScan.custom_private.
enum PrivateField {
    kSourceField = 0,
    kTasksField,
    kColumnsField,
    kQueryField,
    kTemplateField,
    kMergeField,          // present only on merging scans (set_distributed_scan_merge)
    kWholeStatementField, // present only when set (set_distributed_scan_whole_statement)
};

// A Task List as custom_private holds it (copyable node types only), and back.
List *encode_tasks(List *tasks);
List *decode_tasks(List *encoded);

// Sends the tasks (Task*, owned by the execution) planned before the current metadata
// generation where their shards are now (task_routing.cpp).
void reroute_tasks(List *tasks);

// In a transaction that keeps one snapshot (REPEATABLE READ, SERIALIZABLE): raises a
// serialization failure if a task's shard was moved or split by a transaction that snapshot does
// not see. Its node's snapshot could not show the shard's rows as the transaction's snapshot
// sees them (the move created the table there later; task_routing.cpp).
void check_snapshot_routes(List *tasks);

} // namespace tessera::executor::distributed_scan_internal
