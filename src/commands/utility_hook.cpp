// The ProcessUtility hook: where DDL on distributed tables will be propagated to the workers.
#include "tessera/commands/ddl_propagation.h"
#include "tessera/commands/distributed_utility.h"
#include "tessera/commands/domain_propagation.h"
#include "tessera/commands/enum_propagation.h"
#include "tessera/commands/extension_propagation.h"
#include "tessera/commands/function_propagation.h"
#include "tessera/commands/local_foreign_keys.h"
#include "tessera/commands/maintenance_propagation.h"
#include "tessera/commands/partition_commands.h"
#include "tessera/commands/schema_propagation.h"
#include "tessera/commands/schema_sharding.h"
#include "tessera/commands/type_propagation.h"
#include "tessera/commands/write_commands.h"
#include "tessera/executor/autocommit_write.h"
#include "tessera/module.h"
#include "tessera/pg/guard.h"
#include "tessera/planner/statement_cache.h"
#include "tessera/settings.h"

extern "C" {
#include "tcop/utility.h"
}

namespace {

ProcessUtility_hook_type previous_utility_hook = nullptr;

// Runs a utility statement through the previous hook or PostgreSQL's standard implementation.
void run_standard_utility(PlannedStmt *pstmt, const char *query_string, bool read_only_tree,
                          ProcessUtilityContext context, ParamListInfo params,
                          QueryEnvironment *query_env, DestReceiver *dest, QueryCompletion *qc)
{
    if (previous_utility_hook != nullptr)
        previous_utility_hook(pstmt, query_string, read_only_tree, context, params, query_env, dest,
                              qc);
    else
        standard_ProcessUtility(pstmt, query_string, read_only_tree, context, params, query_env,
                                dest, qc);
}

// run_standard_utility for EXPLAIN: the statement it explains is planned with its own constants
// (not from the statement cache), as the user wrote it.
void run_explain(PlannedStmt *pstmt, const char *query_string, bool read_only_tree,
                 ProcessUtilityContext context, ParamListInfo params, QueryEnvironment *query_env,
                 DestReceiver *dest, QueryCompletion *qc)
{
    tessera::planner::enter_explain();
    PG_TRY();
    {
        run_standard_utility(pstmt, query_string, read_only_tree, context, params, query_env, dest,
                             qc);
    }
    PG_FINALLY();
    {
        tessera::planner::leave_explain();
    }
    PG_END_TRY();
}

// The work of Tessera's ProcessUtility hook: checks, prepares and propagates what a statement
// changes.
void process_utility_statement(PlannedStmt *pstmt, const char *query_string, bool read_only_tree,
                               ProcessUtilityContext context, ParamListInfo params,
                               QueryEnvironment *query_env, DestReceiver *dest, QueryCompletion *qc)
{
    // SET / RESET of a setting with a citus.* and a tessera.* name act on one of them.
    if (Node *setting = tessera::rewrite_setting_statement(pstmt->utilityStmt)) {
        pstmt = static_cast<PlannedStmt *>(copyObject(pstmt));
        pstmt->utilityStmt = setting;
        read_only_tree = false;
    }
    // COPY into distributed tables is done here; COPY out of them becomes COPY (query).
    PlannedStmt *replacement = nullptr;
    if (tessera::commands::process_distributed_copy(pstmt, query_string, context, query_env, qc,
                                                    &replacement))
        return;
    if (replacement != nullptr) {
        pstmt = replacement;
        read_only_tree = false;
    }
    // Distributed schemas: refusals (SET SCHEMA across them, partitioned and foreign tables in
    // them), and what to distribute once the statement ran (a new schema or table).
    tessera::commands::SchemaShardingStatement *schema_sharding =
        tessera::commands::prepare_schema_sharding_statement(pstmt->utilityStmt);
    // DDL on distributed tables: checked and prepared before it runs locally, sent to the
    // shards after.
    tessera::commands::DdlPropagation *propagation =
        tessera::commands::prepare_ddl_propagation(pstmt, query_string, context);
    tessera::commands::check_utility_statement(pstmt->utilityStmt);
    tessera::commands::check_subscription_statement(pstmt->utilityStmt);
    // New, attached and detached partitions of distributed tables.
    tessera::commands::PartitionCommand *partition_command =
        tessera::commands::prepare_partition_command(pstmt->utilityStmt);
    // Renamed, moved, re-owned and reshaped user types: on the workers too (named beforehand).
    char *type_command = tessera::commands::prepare_type_propagation(pstmt, query_string);
    // Renamed, moved and re-owned distributed functions: on the workers too (named beforehand).
    char *function_command = tessera::commands::prepare_function_propagation(pstmt->utilityStmt);
    // CREATE / ALTER TABLE: the foreign keys the table has before, to find the statement's.
    tessera::commands::LocalForeignKeyCheck *local_foreign_keys =
        tessera::commands::prepare_local_foreign_key_check(pstmt->utilityStmt, context);
    // DROP EXTENSION: refused if the coordinator alone would change a distributed table.
    char *extension_command = tessera::commands::prepare_extension_propagation(pstmt->utilityStmt);
    // EXPLAIN plans the statement with its own constants, never from the statement cache.
    if (IsA(pstmt->utilityStmt, ExplainStmt))
        run_explain(pstmt, query_string, read_only_tree, context, params, query_env, dest, qc);
    else
        run_standard_utility(pstmt, query_string, read_only_tree, context, params, query_env, dest,
                             qc);
    // A new distributed schema, or a new table of one: distributed now.
    tessera::commands::finish_schema_sharding_statement(schema_sharding);
    // Extensions a distributed table's new index or column needs: on its nodes before its
    // shards change.
    tessera::commands::ensure_statement_extensions(pstmt->utilityStmt);
    // Subscriptions: none may take in a distributed or reference table.
    tessera::commands::check_subscription_tables(pstmt->utilityStmt);
    // TRUNCATE: the local (empty) tables are truncated and locked; now their shards.
    tessera::commands::truncate_distributed_tables(pstmt->utilityStmt);
    // VACUUM, ANALYZE, REINDEX, CLUSTER: the shards too.
    tessera::commands::propagate_maintenance_statement(pstmt->utilityStmt);
    tessera::commands::finish_ddl_propagation(propagation);
    tessera::commands::finish_partition_command(partition_command);
    // A local table (not distributed by now) given a foreign key to a distributed or reference
    // table: refused, the coordinator could not enforce it.
    tessera::commands::finish_local_foreign_key_check(local_foreign_keys);
    // Roles and privileges: the same change on the workers and the shards.
    tessera::commands::propagate_role_and_grant_statement(pstmt, query_string, context);
    // New or renamed enum labels: on the workers too.
    tessera::commands::propagate_enum_statement(pstmt->utilityStmt);
    // Domain defaults and constraints: on the workers too.
    tessera::commands::propagate_domain_statement(pstmt, query_string);
    // Dropped, renamed and re-owned schemas: on the workers too.
    tessera::commands::propagate_schema_statement(pstmt->utilityStmt);
    // Created, updated, moved and dropped extensions: on the workers too.
    tessera::commands::finish_extension_propagation(pstmt->utilityStmt, extension_command);
    // ALTER EXTENSION ... ADD / DROP: the planner's cache of members, and the workers.
    tessera::commands::propagate_extension_membership(pstmt, query_string);
    tessera::commands::finish_type_propagation(type_command);
    // Distributed functions replaced, altered, renamed, moved, re-owned or granted: the same.
    tessera::commands::finish_function_propagation(pstmt->utilityStmt, function_command);
    // SET CONSTRAINTS ALL: in the remote transactions too.
    tessera::commands::propagate_constraints_set(pstmt->utilityStmt);
    // RESET ALL: settings with two names get the default configured under either.
    tessera::restore_aliases_after_reset_all(pstmt->utilityStmt);
}

// Tessera's ProcessUtility hook: process_utility_statement, counted as a utility statement
// running (statements it runs are not the client's own: autocommit_write.cpp).
void tessera_process_utility(PlannedStmt *pstmt, const char *query_string, bool read_only_tree,
                             ProcessUtilityContext context, ParamListInfo params,
                             QueryEnvironment *query_env, DestReceiver *dest, QueryCompletion *qc)
{
    tessera::executor::enter_utility_statement();
    PG_TRY();
    {
        process_utility_statement(pstmt, query_string, read_only_tree, context, params, query_env,
                                  dest, qc);
    }
    PG_FINALLY();
    {
        tessera::executor::leave_utility_statement();
    }
    PG_END_TRY();
}

} // namespace

namespace tessera {

void install_utility_hook()
{
    previous_utility_hook = ProcessUtility_hook;
    ProcessUtility_hook = tessera_process_utility;
}

} // namespace tessera
