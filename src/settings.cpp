// Definitions of the tessera.* settings.
#include "tessera/settings.h"

#include "tessera/executor/connection.h"
#include "tessera/pg/pg_includes.h"

#include <climits>

extern "C" {
#include "utils/guc.h"
}

char *tessera_node_conninfo = nullptr;
int tessera_shard_count = 32;
int tessera_max_adaptive_executor_pool_size = 16;
bool tessera_enable_router_planner = true;
bool tessera_enable_multi_shard_pushdown = true;
bool tessera_enable_sorted_merge = true;
int tessera_max_shared_pool_size = 0;
int tessera_executor_slow_start_interval = 10;
int tessera_max_cached_conns_per_worker = 1;

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

// A changed value applies to new connections; cached ones opened with the old value retire.
void assign_node_conninfo(const char *new_value, void *)
{
    const char *old_value = tessera_node_conninfo != nullptr ? tessera_node_conninfo : "";
    if (strcmp(old_value, new_value != nullptr ? new_value : "") != 0)
        tessera::executor::node_conninfo_changed();
}

} // namespace
int tessera_recover_2pc_interval = 60000;
int tessera_distributed_lock_timeout = 30000;
int tessera_test_fault = tessera::kFaultNone;

namespace tessera {

namespace {

const struct config_enum_entry test_fault_options[] = {
    {"none", kFaultNone, false},
    {"fail_before_local_commit", kFaultFailBeforeLocalCommit, false},
    {"exit_after_local_commit", kFaultExitAfterLocalCommit, false},
    {"pause_before_commit_prepared", kFaultPauseBeforeCommitPrepared, false},
    {"pause_during_shard_copy", kFaultPauseDuringShardCopy, false},
    {nullptr, 0, false},
};

} // namespace

// Defines every tessera.* setting with its default, bounds and documentation.
void register_settings()
{
    DefineCustomStringVariable(
        "tessera.node_conninfo",
        "Extra libpq connection settings used for connections to other nodes.",
        "Key=value pairs such as 'sslmode=prefer connect_timeout=5'. The host, port, database "
        "and user are always chosen by Tessera.",
        &tessera_node_conninfo, "connect_timeout=10", PGC_SIGHUP, 0, check_node_conninfo,
        assign_node_conninfo, nullptr);

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
    DefineCustomIntVariable(
        "tessera.recover_2pc_interval",
        "Time between runs of prepared-transaction recovery by the maintenance worker.",
        "Recovery commits or rolls back prepared transactions left on other nodes by "
        "interrupted two-phase commits. -1 disables the periodic run.",
        &tessera_recover_2pc_interval, 60000, -1, INT_MAX, PGC_SIGHUP, GUC_UNIT_MS, nullptr,
        nullptr, nullptr);

    DefineCustomIntVariable(
        "tessera.distributed_lock_timeout",
        "Longest time a command of a distributed transaction waits for a lock on another node.",
        "Sent to the other nodes as lock_timeout (the smaller of this and lock_timeout when both "
        "are set), so that a lock wait cycle across nodes ends with an error instead of "
        "waiting forever. 0 sends no limit.",
        &tessera_distributed_lock_timeout, 30000, 0, INT_MAX, PGC_USERSET, GUC_UNIT_MS, nullptr,
        nullptr, nullptr);

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

    MarkGUCPrefixReserved("tessera");
}

} // namespace tessera
