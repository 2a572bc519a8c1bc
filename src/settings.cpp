// Definitions of the tessera.* settings.
#include "tessera/settings.h"

#include "tessera/executor/connection.h"
#include "tessera/executor/tenant_stats.h"
#include "tessera/pg/pg_includes.h"
#include "tessera/transaction/remote_transaction.h"

#include <climits>

extern "C" {
#include "miscadmin.h"
#include "nodes/parsenodes.h"
#include "utils/guc.h"
#include "utils/guc_tables.h"
}

char *tessera_node_conninfo = nullptr;
int tessera_shard_count = 32;
int tessera_max_adaptive_executor_pool_size = 16;
bool tessera_enable_router_planner = true;
bool tessera_enable_multi_shard_pushdown = true;
bool tessera_enable_sorted_merge = true;
bool tessera_enable_statement_cache = true;
bool tessera_enable_single_shard_autocommit = true;
bool tessera_enable_unsafe_triggers = false;
bool tessera_enable_schema_based_sharding = false;
int tessera_max_shared_pool_size = 0;
int tessera_executor_slow_start_interval = 10;
int tessera_max_cached_conns_per_worker = 1;
bool tessera_explain_all_tasks = false;
bool tessera_log_remote_commands = false;
int tessera_multi_shard_modify_mode = tessera::kMultiShardParallel;
// citus.node_conninfo: when not empty, used instead of tessera.node_conninfo.
static char *citus_node_conninfo = nullptr;
// Settings Citus has and Tessera accepts only in the value that matches what it does.
static int citus_shard_replication_factor = 1;
static bool citus_enable_repartition_joins = false;

namespace {

// Rejects a tessera.node_conninfo that libpq cannot parse or that names a reserved setting, so
// the mistake shows at ALTER SYSTEM / reload time rather than at the next connection.
bool check_node_conninfo(char **new_value, void **, GucSource)
{
    char *reason = nullptr;
    if (tessera::executor::node_conninfo_acceptable(*new_value, &reason))
        return true;
    GUC_check_errdetail("%s", reason);
    return false;
}

// The node_conninfo in effect if tessera.node_conninfo and citus.node_conninfo held these.
const char *conninfo_in_effect(const char *tessera_value, const char *citus_value)
{
    if (citus_value != nullptr && citus_value[0] != '\0')
        return citus_value;
    return tessera_value != nullptr ? tessera_value : "";
}

// A changed value applies to new connections; cached ones opened with the old value retire.
void assign_node_conninfo(const char *new_value, void *)
{
    const char *before = conninfo_in_effect(tessera_node_conninfo, citus_node_conninfo);
    const char *after = conninfo_in_effect(new_value, citus_node_conninfo);
    if (strcmp(before, after) != 0)
        tessera::executor::node_conninfo_changed();
}

// citus.node_conninfo: the same check as tessera.node_conninfo; empty means "not set".
bool check_citus_node_conninfo(char **new_value, void **extra, GucSource source)
{
    if (*new_value == nullptr || (*new_value)[0] == '\0')
        return true;
    return check_node_conninfo(new_value, extra, source);
}

// A changed citus.node_conninfo retires cached connections like a changed tessera one.
void assign_citus_node_conninfo(const char *new_value, void *)
{
    const char *before = conninfo_in_effect(tessera_node_conninfo, citus_node_conninfo);
    const char *after = conninfo_in_effect(tessera_node_conninfo, new_value);
    if (strcmp(before, after) != 0)
        tessera::executor::node_conninfo_changed();
}

// SHOW of either node_conninfo name: the value connections use.
const char *show_node_conninfo()
{
    return conninfo_in_effect(tessera_node_conninfo, citus_node_conninfo);
}

// Tessera keeps one placement per shard: a citus.shard_replication_factor other than 1 would
// promise copies that never exist, so it is refused.
bool check_shard_replication_factor(int *new_value, void **, GucSource)
{
    if (*new_value == 1)
        return true;
    GUC_check_errcode(ERRCODE_FEATURE_NOT_SUPPORTED);
    GUC_check_errmsg("shard replication factor %d is not supported for distributed tables",
                     *new_value);
    GUC_check_errdetail("Tessera keeps one placement per shard.");
    GUC_check_errhint("Use citus.shard_replication_factor = 1 and make nodes highly available "
                      "with PostgreSQL streaming replication.");
    return false;
}

// tessera.distributed_deadlock_detection_factor: -1 (off) or at least 1, so that the detector
// never looks before PostgreSQL's own deadlock check on each node had its chance.
bool check_deadlock_detection_factor(double *value, void **, GucSource)
{
    if (*value == -1.0 || *value >= 1.0)
        return true;
    GUC_check_errdetail("The factor must be -1 (no distributed deadlock detection) or at least 1.");
    return false;
}

} // namespace
int tessera_recover_2pc_interval = 60000;
int tessera_distributed_lock_timeout = 30000;
double tessera_distributed_deadlock_detection_factor = 2.0;
int tessera_node_connection_timeout = 0;
int tessera_rebalancer_by_disk_size_base_cost = 100 * 1024 * 1024;
int tessera_test_fault = tessera::kFaultNone;

namespace tessera {

namespace {

const struct config_enum_entry test_fault_options[] = {
    {"none", kFaultNone, false},
    {"fail_before_local_commit", kFaultFailBeforeLocalCommit, false},
    {"exit_after_local_commit", kFaultExitAfterLocalCommit, false},
    {"pause_before_commit_prepared", kFaultPauseBeforeCommitPrepared, false},
    {"pause_during_shard_copy", kFaultPauseDuringShardCopy, false},
    {"pause_before_rollback_prepared", kFaultPauseBeforeRollbackPrepared, false},
    {nullptr, 0, false},
};

const struct config_enum_entry multi_shard_modify_mode_options[] = {
    {"parallel", kMultiShardParallel, false},
    {"sequential", kMultiShardSequential, false},
    {nullptr, 0, false},
};

// A citus.* setting that is another name of a tessera.* one: both share one C variable.
struct SettingAlias {
    const char *citus_name;
    const char *tessera_name;
};

// Every citus.* name that shares a tessera.* setting's variable. (citus.node_conninfo is not
// here: a string cannot share its variable; it overrides tessera.node_conninfo when set.)
constexpr SettingAlias kAliases[] = {
    {"citus.shard_count", "tessera.shard_count"},
    {"citus.max_adaptive_executor_pool_size", "tessera.max_adaptive_executor_pool_size"},
    {"citus.executor_slow_start_interval", "tessera.executor_slow_start_interval"},
    {"citus.max_shared_pool_size", "tessera.max_shared_pool_size"},
    {"citus.max_cached_conns_per_worker", "tessera.max_cached_conns_per_worker"},
    {"citus.multi_shard_modify_mode", "tessera.multi_shard_modify_mode"},
    {"citus.explain_all_tasks", "tessera.explain_all_tasks"},
    {"citus.enable_unsafe_triggers", "tessera.enable_unsafe_triggers"},
    {"citus.enable_schema_based_sharding", "tessera.enable_schema_based_sharding"},
    {"citus.log_remote_commands", "tessera.log_remote_commands"},
    {"citus.recover_2pc_interval", "tessera.recover_2pc_interval"},
    {"citus.node_connection_timeout", "tessera.node_connection_timeout"},
    {"citus.rebalancer_by_disk_size_base_cost", "tessera.rebalancer_by_disk_size_base_cost"},
    {"citus.distributed_deadlock_detection_factor",
     "tessera.distributed_deadlock_detection_factor"},
};

// Well-known Citus settings whose behaviour Tessera does not have: setting one is an error
// naming it, rather than a value silently without effect.
constexpr const char *kUnsupportedCitusSettings[] = {
    "citus.enable_ddl_propagation",
    "citus.enable_local_execution",
    "citus.enable_binary_protocol",
    "citus.enable_version_checks",
    "citus.enable_statistics_collection",
    "citus.enable_create_role_propagation",
    "citus.enable_alter_role_propagation",
    "citus.enable_metadata_sync",
    "citus.use_citus_managed_tables",
    "citus.use_secondary_nodes",
    "citus.cluster_name",
    "citus.local_table_join_policy",
    "citus.task_assignment_policy",
    "citus.task_executor_type",
    "citus.propagate_set_commands",
    "citus.limit_clause_row_fetch_count",
    "citus.count_distinct_error_rate",
    "citus.coordinator_aggregation_strategy",
    "citus.max_intermediate_result_size",
    "citus.multi_task_query_log_level",
    "citus.log_distributed_deadlock_detection",
    "citus.max_worker_nodes_tracked",
    "citus.writable_standby_coordinator",
    "citus.shard_max_size",
    "citus.stat_statements_track",
    "citus.override_table_visibility",
    "citus.show_shards_for_app_name_prefixes",
    "citus.defer_drop_after_shard_move",
    "citus.defer_shard_delete_interval",
    "citus.max_background_task_executors_per_node",
    "citus.background_task_queue_interval",
    "citus.allow_modifications_from_workers_to_replicated_tables",
    "citus.create_object_propagation",
    "citus.enable_repartitioned_insert_select",
    "citus.values_materialization_threshold",
    "citus.max_client_connections",
    "citus.local_shared_pool_size",
    "citus.force_max_query_parallelization",
    "citus.enable_cost_based_connection_establishment",
    "citus.enable_router_execution",
    "citus.enable_fast_path_router_planner",
    "citus.all_modifications_commutative",
    "citus.select_opens_transaction_block",
    "citus.function_opens_transaction_block",
    "citus.max_adaptive_executor_pool_size_per_worker",
};

// The GUC record of `name` (defined by now), found in PostgreSQL's table of settings.
struct config_generic *find_setting(const char *name)
{
    struct config_generic **settings = get_guc_variables();
    int count = GetNumConfigOptions();
    for (int i = 0; i < count; i++)
        if (pg_strcasecmp(settings[i]->name, name) == 0)
            return settings[i];
    return nullptr;
}

// Which of an alias pair SET and RESET act on: the one whose default (reset value) comes from
// the more specific source (postgresql.conf, ALTER DATABASE / ROLE ... SET, the connection),
// tessera.* when neither or both were configured the same way. So RESET restores the value
// the administrator configured, under whichever name they used, and every SET / SET LOCAL of
// either name lands on one GUC whose stack undoes it correctly.
const char *owner_of(const SettingAlias &alias)
{
    struct config_generic *citus = find_setting(alias.citus_name);
    struct config_generic *tessera = find_setting(alias.tessera_name);
    if (citus != nullptr && tessera != nullptr && citus->reset_source > tessera->reset_source)
        return alias.citus_name;
    return alias.tessera_name;
}

// Makes the shared variable of an alias pair hold the owner's reset value (after both names
// were defined or RESET ALL ran: each then assigned its own).
void apply_owner_reset_value(const SettingAlias &alias)
{
    struct config_generic *owner = find_setting(owner_of(alias));
    if (owner == nullptr)
        return;
    switch (owner->vartype) {
    case PGC_BOOL: {
        auto *conf = reinterpret_cast<struct config_bool *>(owner);
        *conf->variable = conf->reset_val;
        break;
    }
    case PGC_INT: {
        auto *conf = reinterpret_cast<struct config_int *>(owner);
        *conf->variable = conf->reset_val;
        break;
    }
    case PGC_ENUM: {
        auto *conf = reinterpret_cast<struct config_enum *>(owner);
        *conf->variable = conf->reset_val;
        break;
    }
    case PGC_REAL: {
        auto *conf = reinterpret_cast<struct config_real *>(owner);
        *conf->variable = conf->reset_val;
        break;
    }
    default:
        break;
    }
}

// The alias pair `name` belongs to (under either name), or nullptr.
const SettingAlias *alias_of(const char *name)
{
    for (const SettingAlias &alias : kAliases)
        if (pg_strcasecmp(name, alias.citus_name) == 0 ||
            pg_strcasecmp(name, alias.tessera_name) == 0)
            return &alias;
    return nullptr;
}

} // namespace

const char *effective_node_conninfo()
{
    return show_node_conninfo();
}

Node *rewrite_setting_statement(Node *statement)
{
    if (statement == nullptr || !IsA(statement, VariableSetStmt))
        return nullptr;
    auto *set = reinterpret_cast<VariableSetStmt *>(statement);
    if (set->name == nullptr)
        return nullptr;
    if (set->kind == VAR_SET_MULTI && strcmp(set->name, "TRANSACTION SNAPSHOT") == 0) {
        transaction::note_imported_snapshot();
        return nullptr;
    }
    for (const char *unsupported : kUnsupportedCitusSettings)
        if (pg_strcasecmp(set->name, unsupported) == 0)
            ereport(ERROR, (errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
                            errmsg("setting \"%s\" is not supported by tessera", unsupported),
                            errdetail("Tessera does not have the behaviour this Citus setting "
                                      "controls, so a value for it would have no effect."),
                            errhint("Remove the setting; docs/architecture.md lists the "
                                    "citus.* settings Tessera honours.")));
    const SettingAlias *alias = alias_of(set->name);
    if (alias == nullptr)
        return nullptr;
    const char *owner = owner_of(*alias);
    if (pg_strcasecmp(set->name, owner) == 0)
        return nullptr;
    // Check the value (and whether the setting may change now) under the name the user wrote,
    // so that a refusal names it; the statement then runs under the owner's name.
    if (set->kind == VAR_SET_VALUE || set->kind == VAR_SET_DEFAULT || set->kind == VAR_RESET)
        (void)set_config_option(
            set->name, set->kind == VAR_SET_VALUE ? ExtractSetVariableArgs(set) : nullptr,
            superuser() ? PGC_SUSET : PGC_USERSET, PGC_S_SESSION,
            set->is_local ? GUC_ACTION_LOCAL : GUC_ACTION_SET, false, ERROR, false);
    auto *copy = static_cast<VariableSetStmt *>(copyObject(set));
    copy->name = pstrdup(owner);
    return reinterpret_cast<Node *>(copy);
}

void restore_aliases_after_reset_all(Node *statement)
{
    bool reset_all = false;
    if (statement != nullptr && IsA(statement, VariableSetStmt))
        reset_all = reinterpret_cast<VariableSetStmt *>(statement)->kind == VAR_RESET_ALL;
    if (statement != nullptr && IsA(statement, DiscardStmt))
        reset_all = reinterpret_cast<DiscardStmt *>(statement)->target == DISCARD_ALL;
    if (!reset_all)
        return;
    // RESET ALL reset both names, each to its own default, in name order: run the owner's
    // RESET again so that the configured default wins (a SET on the same GUC, so SET LOCAL
    // semantics and rollback stay PostgreSQL's own).
    for (const SettingAlias &alias : kAliases) {
        const char *owner = owner_of(alias);
        if (owner == alias.citus_name)
            SetPGVariable(owner, NIL, false);
    }
}

// Defines every tessera.* setting with its default, bounds and documentation.
void register_settings()
{
    DefineCustomStringVariable(
        "tessera.node_conninfo",
        "Extra libpq connection settings used for connections to other nodes.",
        "Key=value pairs such as 'sslmode=prefer connect_timeout=5'. The host, port, database "
        "and user are always chosen by Tessera.",
        &tessera_node_conninfo, "connect_timeout=10", PGC_SIGHUP, 0, check_node_conninfo,
        assign_node_conninfo, show_node_conninfo);

    DefineCustomIntVariable(
        "tessera.shard_count", "Number of shards for tables distributed without an explicit count.",
        nullptr, &tessera_shard_count, 32, 1, 64000, PGC_USERSET, 0, nullptr, nullptr, nullptr);

    DefineCustomIntVariable("tessera.max_adaptive_executor_pool_size",
                            "Most connections one statement opens to one worker.",
                            "Tasks beyond this many per worker wait for a free connection.",
                            &tessera_max_adaptive_executor_pool_size, 16, 1, 1000, PGC_USERSET, 0,
                            nullptr, nullptr, nullptr);

    DefineCustomBoolVariable("tessera.enable_router_planner",
                             "Sends whole queries to one worker when they touch one shard group.",
                             "When off, every query reads the shards and combines on the "
                             "coordinator (for testing).",
                             &tessera_enable_router_planner, true, PGC_USERSET, 0, nullptr, nullptr,
                             nullptr);

    DefineCustomBoolVariable("tessera.enable_multi_shard_pushdown",
                             "Runs joins, filters and partial aggregates on the workers.",
                             "When off, multi-shard queries read each table's shards and do the "
                             "rest on the coordinator (for testing).",
                             &tessera_enable_multi_shard_pushdown, true, PGC_USERSET, 0, nullptr,
                             nullptr, nullptr);
    DefineCustomBoolVariable("tessera.enable_sorted_merge",
                             "Merges the workers' sorted rows for ORDER BY instead of sorting "
                             "them again.",
                             "Applies to multi-shard pushdown queries whose workers return "
                             "their rows in the final order. When off, the coordinator sorts.",
                             &tessera_enable_sorted_merge, true, PGC_USERSET, 0, nullptr, nullptr,
                             nullptr);
    DefineCustomBoolVariable(
        "tessera.enable_statement_cache",
        "Reuses the plans of statements sent without parameters that differ only in constants.",
        "A single-table statement routed by its values (a router read, INSERT ... VALUES, UPDATE "
        "or DELETE) is planned once per session with its constants as parameters, as a prepared "
        "statement would be; later statements of the same shape run that plan with their own "
        "constants. When off, every such statement is planned anew.",
        &tessera_enable_statement_cache, true, PGC_USERSET, 0, nullptr, nullptr, nullptr);
    DefineCustomBoolVariable(
        "tessera.enable_single_shard_autocommit",
        "Lets an autocommit statement that writes one shard placement commit on its node by "
        "itself.",
        "Such a statement is sent without BEGIN and COMMIT and commits with the node's own "
        "autocommit: one round trip instead of two. When off, it runs in a remote transaction "
        "block committed by the coordinator.",
        &tessera_enable_single_shard_autocommit, true, PGC_USERSET, 0, nullptr, nullptr, nullptr);
    DefineCustomIntVariable(
        "tessera.recover_2pc_interval",
        "Time between runs of prepared-transaction recovery by the maintenance worker.",
        "Recovery commits or rolls back prepared transactions left on other nodes by "
        "interrupted two-phase commits. -1 disables the periodic run.",
        &tessera_recover_2pc_interval, 60000, -1, INT_MAX, PGC_SIGHUP, GUC_UNIT_MS, nullptr,
        nullptr, nullptr);

    DefineCustomIntVariable(
        "tessera.node_connection_timeout",
        "Longest time opening a connection to another node may take.",
        "A node that does not complete the connection in time (a frozen server, dropped "
        "packets) fails the statement that needs it. 0 uses connect_timeout of "
        "tessera.node_conninfo (default 10 s).",
        &tessera_node_connection_timeout, 0, 0, 3600000, PGC_USERSET, GUC_UNIT_MS, nullptr, nullptr,
        nullptr);

    DefineCustomIntVariable(
        "tessera.rebalancer_by_disk_size_base_cost",
        "Cost added to every shard group's size by the by_disk_size rebalance strategy.",
        "Keeps empty shard groups from counting as free when balancing by disk size.",
        &tessera_rebalancer_by_disk_size_base_cost, 100 * 1024 * 1024, 0, INT_MAX, PGC_USERSET,
        GUC_UNIT_BYTE, nullptr, nullptr, nullptr);

    DefineCustomIntVariable(
        "tessera.distributed_lock_timeout",
        "Longest time a command of a distributed transaction waits for a lock on another node.",
        "Sent to the other nodes as lock_timeout (the smaller of this and lock_timeout when both "
        "are set), so that a lock wait cycle across nodes ends with an error instead of "
        "waiting forever. 0 sends no limit.",
        &tessera_distributed_lock_timeout, 30000, 0, INT_MAX, PGC_USERSET, GUC_UNIT_MS, nullptr,
        nullptr, nullptr);

    DefineCustomRealVariable(
        "tessera.distributed_deadlock_detection_factor",
        "How long, in multiples of deadlock_timeout, between looks for distributed deadlocks.",
        "The coordinator's maintenance worker gathers the lock waits of every node that many "
        "times deadlock_timeout apart and cancels the youngest transaction of each wait cycle "
        "that spans more than one node. -1 disables it; tessera.distributed_lock_timeout still "
        "bounds such waits.",
        &tessera_distributed_deadlock_detection_factor, 2.0, -1.0, 1000.0, PGC_SIGHUP, 0,
        check_deadlock_detection_factor, nullptr, nullptr);

    DefineCustomEnumVariable(
        "tessera.test_fault",
        "Injects a failure into the distributed commit path or a shard copy (tests only).", nullptr,
        &tessera_test_fault, kFaultNone, test_fault_options, PGC_SUSET,
        GUC_NO_SHOW_ALL | GUC_NOT_IN_SAMPLE, nullptr, nullptr, nullptr);

    DefineCustomIntVariable(
        "tessera.max_shared_pool_size",
        "Most connections all backends of this coordinator open to one worker.",
        "Each statement may still open one connection per worker it needs; further parallel "
        "connections are opened only below this limit. 0 means the coordinator's "
        "max_connections; -1 means no limit.",
        &tessera_max_shared_pool_size, 0, -1, INT_MAX / 2, PGC_SIGHUP, 0, nullptr, nullptr,
        nullptr);

    DefineCustomIntVariable(
        "tessera.executor_slow_start_interval",
        "Time between opening further connections to a worker while tasks wait.",
        "A statement starts with the connections it already has (at least one per worker) and "
        "opens one more per worker each interval while tasks are waiting.",
        &tessera_executor_slow_start_interval, 10, 0, 10000, PGC_USERSET, GUC_UNIT_MS, nullptr,
        nullptr, nullptr);

    DefineCustomIntVariable(
        "tessera.max_cached_conns_per_worker",
        "Idle connections to each worker a session keeps between transactions.",
        "Further connections opened for parallel work are closed at transaction end, so idle "
        "sessions do not hold the workers' connection slots.",
        &tessera_max_cached_conns_per_worker, 1, 0, 1000, PGC_USERSET, 0, nullptr, nullptr,
        nullptr);

    DefineCustomBoolVariable("tessera.explain_all_tasks",
                             "EXPLAIN shows every task of a distributed scan, not just one.",
                             "Each task is shown with its node and the plan the node makes for "
                             "it (one EXPLAIN round trip per task).",
                             &tessera_explain_all_tasks, false, PGC_USERSET, 0, nullptr, nullptr,
                             nullptr);

    DefineCustomBoolVariable(
        "tessera.enable_unsafe_triggers",
        "Allows row triggers on distributed tables; they are created on every shard.",
        "A trigger fires on the worker that holds the row, inside the shard's transaction: it "
        "sees only that node, where distributed tables other than its own shard do not exist.",
        &tessera_enable_unsafe_triggers, false, PGC_USERSET, 0, nullptr, nullptr, nullptr);

    DefineCustomBoolVariable(
        "tessera.enable_schema_based_sharding", "CREATE SCHEMA creates a distributed schema.",
        "The tables created in a distributed schema become single-shard distributed tables of "
        "the schema's own colocation group, all on one node.",
        &tessera_enable_schema_based_sharding, false, PGC_USERSET, 0, nullptr, nullptr, nullptr);

    DefineCustomBoolVariable(
        "tessera.log_remote_commands", "Logs every command sent to another node.",
        "Each command is reported at NOTICE level, with the node and user "
        "in the detail.",
        &tessera_log_remote_commands, false, PGC_USERSET, 0, nullptr, nullptr, nullptr);

    DefineCustomEnumVariable(
        "tessera.multi_shard_modify_mode",
        "How many connections per node multi-shard statements use: parallel or sequential.",
        "Writes always use the one connection that holds the transaction's work on each node. "
        "sequential also limits multi-shard reads to one connection per node.",
        &tessera_multi_shard_modify_mode, kMultiShardParallel, multi_shard_modify_mode_options,
        PGC_USERSET, 0, nullptr, nullptr, nullptr);

    register_citus_settings();

    MarkGUCPrefixReserved("tessera");
    MarkGUCPrefixReserved("citus");
}

// Defines the citus.* names: aliases sharing the variables of tessera.* settings (defined
// after them; the value in effect is then made the configured one), citus.node_conninfo, and
// the Citus settings Tessera accepts only in the value that matches what it does.
void register_citus_settings()
{
    DefineCustomIntVariable("citus.shard_count", "Another name of tessera.shard_count.", nullptr,
                            &tessera_shard_count, 32, 1, 64000, PGC_USERSET, 0, nullptr, nullptr,
                            nullptr);
    DefineCustomIntVariable("citus.max_adaptive_executor_pool_size",
                            "Another name of tessera.max_adaptive_executor_pool_size.", nullptr,
                            &tessera_max_adaptive_executor_pool_size, 16, 1, 1000, PGC_USERSET, 0,
                            nullptr, nullptr, nullptr);
    DefineCustomIntVariable("citus.executor_slow_start_interval",
                            "Another name of tessera.executor_slow_start_interval.", nullptr,
                            &tessera_executor_slow_start_interval, 10, 0, 10000, PGC_USERSET,
                            GUC_UNIT_MS, nullptr, nullptr, nullptr);
    DefineCustomIntVariable("citus.max_shared_pool_size",
                            "Another name of tessera.max_shared_pool_size.", nullptr,
                            &tessera_max_shared_pool_size, 0, -1, INT_MAX / 2, PGC_SIGHUP, 0,
                            nullptr, nullptr, nullptr);
    DefineCustomIntVariable("citus.max_cached_conns_per_worker",
                            "Another name of tessera.max_cached_conns_per_worker.", nullptr,
                            &tessera_max_cached_conns_per_worker, 1, 0, 1000, PGC_USERSET, 0,
                            nullptr, nullptr, nullptr);
    DefineCustomEnumVariable(
        "citus.multi_shard_modify_mode", "Another name of tessera.multi_shard_modify_mode.",
        nullptr, &tessera_multi_shard_modify_mode, kMultiShardParallel,
        multi_shard_modify_mode_options, PGC_USERSET, 0, nullptr, nullptr, nullptr);
    DefineCustomBoolVariable(
        "citus.explain_all_tasks", "Another name of tessera.explain_all_tasks.", nullptr,
        &tessera_explain_all_tasks, false, PGC_USERSET, 0, nullptr, nullptr, nullptr);
    DefineCustomBoolVariable(
        "citus.enable_unsafe_triggers", "Another name of tessera.enable_unsafe_triggers.", nullptr,
        &tessera_enable_unsafe_triggers, false, PGC_USERSET, 0, nullptr, nullptr, nullptr);
    DefineCustomBoolVariable("citus.enable_schema_based_sharding",
                             "Another name of tessera.enable_schema_based_sharding.", nullptr,
                             &tessera_enable_schema_based_sharding, false, PGC_USERSET, 0, nullptr,
                             nullptr, nullptr);
    DefineCustomBoolVariable(
        "citus.log_remote_commands", "Another name of tessera.log_remote_commands.", nullptr,
        &tessera_log_remote_commands, false, PGC_USERSET, 0, nullptr, nullptr, nullptr);
    DefineCustomIntVariable("citus.recover_2pc_interval",
                            "Another name of tessera.recover_2pc_interval.", nullptr,
                            &tessera_recover_2pc_interval, 60000, -1, INT_MAX, PGC_SIGHUP,
                            GUC_UNIT_MS, nullptr, nullptr, nullptr);
    DefineCustomIntVariable("citus.node_connection_timeout",
                            "Another name of tessera.node_connection_timeout.", nullptr,
                            &tessera_node_connection_timeout, 0, 0, 3600000, PGC_USERSET,
                            GUC_UNIT_MS, nullptr, nullptr, nullptr);
    DefineCustomIntVariable("citus.rebalancer_by_disk_size_base_cost",
                            "Another name of tessera.rebalancer_by_disk_size_base_cost.", nullptr,
                            &tessera_rebalancer_by_disk_size_base_cost, 100 * 1024 * 1024, 0,
                            INT_MAX, PGC_USERSET, GUC_UNIT_BYTE, nullptr, nullptr, nullptr);
    DefineCustomRealVariable("citus.distributed_deadlock_detection_factor",
                             "Another name of tessera.distributed_deadlock_detection_factor.",
                             nullptr, &tessera_distributed_deadlock_detection_factor, 2.0, -1.0,
                             1000.0, PGC_SIGHUP, 0, check_deadlock_detection_factor, nullptr,
                             nullptr);
    // Each definition above assigned its own default or configured value to the shared
    // variable: put back the value of the name that was configured.
    for (const SettingAlias &alias : kAliases)
        apply_owner_reset_value(alias);

    DefineCustomStringVariable(
        "citus.node_conninfo",
        "Extra libpq connection settings for connections to other nodes; when not empty, used "
        "instead of tessera.node_conninfo.",
        nullptr, &citus_node_conninfo, "", PGC_SIGHUP, 0, check_citus_node_conninfo,
        assign_citus_node_conninfo, show_node_conninfo);

    DefineCustomIntVariable("citus.shard_replication_factor",
                            "Copies of each shard: Tessera keeps one, so only 1 is accepted.",
                            nullptr, &citus_shard_replication_factor, 1, 1, 100, PGC_USERSET, 0,
                            check_shard_replication_factor, nullptr, nullptr);
    DefineCustomBoolVariable(
        "citus.enable_repartition_joins",
        "Accepted for Citus compatibility: Tessera runs joins that are not on the distribution "
        "column by reading the shards and joining on the coordinator, whatever this says.",
        nullptr, &citus_enable_repartition_joins, false, PGC_USERSET, 0, nullptr, nullptr, nullptr);
    executor::register_tenant_stats_settings();
}

} // namespace tessera
