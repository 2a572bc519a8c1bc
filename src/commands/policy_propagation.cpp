// Row-level security policies on distributed and reference tables. CREATE POLICY and ALTER
// POLICY are rebuilt for every shard placement from the catalogs after the local change (as for
// new shards, shard_policies.cpp), in the coordinated transaction; DROP POLICY and ALTER POLICY
// ... RENAME follow with the shards' names (before the local change); ENABLE / DISABLE / FORCE /
// NO FORCE ROW LEVEL SECURITY are ALTER TABLE propagation. New, moved and split shards get the
// policies after their rows (shard_creation.cpp).
//
// Worker queries run as the coordinator session's current user, so the shards enforce the same
// policies for the same role: superusers, BYPASSRLS roles and the owner (unless FORCE) bypass
// them on both sides alike. Policies whose expressions the shard could not evaluate as the
// coordinator would are refused: subqueries (other tables are not on the worker) and user
// functions that are not distributed.
#include "tessera/commands/ddl_propagation_internal.h"
#include "tessera/metadata/distributed_table.h"
#include "tessera/operations/shard_policies.h"

extern "C" {
#include "access/xact.h"
#include "catalog/namespace.h"
#include "nodes/makefuncs.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"
}

namespace tessera::commands::ddl_internal {

DdlPropagation *prepare_policy(Node *stmt)
{
    RangeVar *table = IsA(stmt, CreatePolicyStmt) ? castNode(CreatePolicyStmt, stmt)->table
                                                  : castNode(AlterPolicyStmt, stmt)->table;
    Oid relid = metadata::distributed_table_named(table);
    if (!OidIsValid(relid))
        return nullptr;
    auto *state = static_cast<DdlPropagation *>(palloc0(sizeof(DdlPropagation)));
    state->stmt = stmt;
    state->relid = relid;
    return state;
}

void finish_policy(DdlPropagation *state)
{
    Oid relid = state->relid;
    if (metadata::lookup_distributed_table(relid) == nullptr)
        return;
    CommandCounterIncrement();
    bool create = IsA(state->stmt, CreatePolicyStmt);
    const char *name = create ? castNode(CreatePolicyStmt, state->stmt)->policy_name
                              : castNode(AlterPolicyStmt, state->stmt)->policy_name;
    operations::check_shard_policies(relid);
    Oid policy = operations::policy_oid_by_name(relid, name);
    TableCommands *commands = new_table_commands(relid);
    for (int i = 0; i < commands->count; i++) {
        char *command = operations::shard_policy_command(relid, policy, commands->shard_ids[i]);
        commands->commands[i] =
            create
                ? command
                : psprintf("DROP POLICY IF EXISTS %s ON %s;\n%s", quote_identifier(name),
                           metadata::qualified_shard_name(relid, commands->shard_ids[i]), command);
    }
    send_table_commands(list_make1(commands));
}

} // namespace tessera::commands::ddl_internal
