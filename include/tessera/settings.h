// Tessera's GUCs (all named tessera.*), registered once from _PG_init.
#pragma once

extern "C" {
extern char *tessera_node_conninfo;
extern int tessera_shard_count;
extern int tessera_max_adaptive_executor_pool_size;
extern bool tessera_enable_router_planner;
extern bool tessera_enable_multi_shard_pushdown;
extern bool tessera_enable_sorted_merge;
extern bool tessera_enable_statement_cache; // plans of parameterless statements reused by shape
extern bool tessera_enable_single_shard_autocommit; // one-placement autocommit writes commit alone
extern bool tessera_enable_unsafe_triggers;         // row triggers on distributed tables allowed
extern bool tessera_enable_schema_based_sharding;   // CREATE SCHEMA makes a distributed schema
extern int tessera_max_shared_pool_size;
extern int tessera_executor_slow_start_interval;
extern int tessera_max_cached_conns_per_worker;
extern int tessera_recover_2pc_interval;     // ms between recovery runs; -1 disables
extern int tessera_distributed_lock_timeout; // ms a remote lock wait may last; 0 disables
extern double tessera_distributed_deadlock_detection_factor; // × deadlock_timeout; -1 disables
extern int tessera_node_connection_timeout; // ms a new node connection may take; 0: conninfo
extern int tessera_test_fault;              // a tessera::TestFault (tests only)
extern bool tessera_explain_all_tasks;      // EXPLAIN shows every task of a distributed scan
extern bool tessera_log_remote_commands;    // NOTICE for every command sent to a node
extern int tessera_multi_shard_modify_mode; // a tessera::MultiShardModifyMode
// bytes the by_disk_size rebalance strategy adds to each shard group's size
extern int tessera_rebalancer_by_disk_size_base_cost;
}

typedef struct Node Node;

namespace tessera {

// Fault points for tests (tessera.test_fault), in the commit path of distributed transactions
// and in shard copies.
enum TestFault : int {
    kFaultNone = 0,
    // ERROR after every participant prepared and the commit records were written, before the
    // local commit: everything must roll back.
    kFaultFailBeforeLocalCommit,
    // After the local commit, leave the prepared transactions on the nodes (no COMMIT PREPARED)
    // and end the session, as if the coordinator stopped: recovery must commit them.
    kFaultExitAfterLocalCommit,
    // After the local commit, wait 3 s before sending COMMIT PREPARED, so that a test can stop
    // a node in between: the session must go on, and recovery must commit what was left.
    kFaultPauseBeforeCommitPrepared,
    // In every shard copy between nodes (shard moves, new reference table copies), once the first
    // rows reached the target: log "tessera.test_fault: pausing in the copy of shard N" and wait
    // 3 s (interruptibly), so that a test can stop a node or cancel the statement while both ends
    // are in the middle of their COPY.
    kFaultPauseDuringShardCopy,
    // As kFaultFailBeforeLocalCommit (ERROR after every participant prepared), then, in the
    // abort, wait 3 s before sending ROLLBACK PREPARED, so that a test can stop nodes in between:
    // the abort must still end within one rollback deadline, however many nodes hang.
    kFaultPauseBeforeRollbackPrepared,
};

// tessera.multi_shard_modify_mode (also citus.multi_shard_modify_mode).
enum MultiShardModifyMode : int {
    kMultiShardParallel = 0,
    // One connection per node for every multi-shard statement (writes always use one).
    kMultiShardSequential,
};

// Defines every tessera.* setting and the citus.* names of those Tessera has. Called from
// _PG_init.
void register_settings();

// Defines the citus.* settings (part of register_settings).
void register_citus_settings();

// The extra libpq settings connections to other nodes use: citus.node_conninfo when it is not
// empty, else tessera.node_conninfo.
const char *effective_node_conninfo();

// For a SET / RESET naming a setting with two names (citus.* and tessera.*), a copy naming the
// one that holds its configured default, so that both names act on one GUC; nullptr when the
// statement can run as it is. Raises an error for well-known Citus settings Tessera lacks.
Node *rewrite_setting_statement(Node *statement);

// After RESET ALL or DISCARD ALL: gives settings with two names their configured default.
void restore_aliases_after_reset_all(Node *statement);

} // namespace tessera
