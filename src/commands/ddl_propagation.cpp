// DDL propagation: the statement runs locally first, then the same change is sent to every shard
// placement in the coordinated transaction. PostgreSQL-style code.
//
// This file holds the entry points the utility hook calls, the helpers the propagation files
// share (ddl_propagation_internal.h), renames and SET SCHEMA. How the shard statements are made:
//   CREATE / DROP INDEX  index_propagation.cpp;
//   ALTER TABLE          alter_table_propagation.cpp (checks: alter_table_checks.cpp, text
//                        edits: alter_table_text_edits.cpp);
//   ALTER INDEX          index_alter_propagation.cpp;
//   renames              generated from the parse tree with the shards' names, before the local
//                        change (the catalogs still have the old names);
//   SET SCHEMA           the same, each shard moved to the new schema on its node.
#include "tessera/commands/ddl_propagation_internal.h"
#include "tessera/commands/partition_commands.h"
#include "tessera/commands/session_statement.h"
#include "tessera/commands/trigger_propagation.h"
#include "tessera/executor/connection.h"
#include "tessera/executor/shared_connections.h"
#include "tessera/operations/shard_ddl.h"
#include "tessera/operations/shard_triggers.h"
#include "tessera/operations/worker_objects.h"

extern "C" {
#include "access/htup_details.h"
#include "access/relation.h"
#include "catalog/index.h"
#include "catalog/namespace.h"
#include "catalog/pg_class.h"
#include "catalog/pg_constraint.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"
#include "utils/rel.h"
#include "utils/syscache.h"
}

namespace tessera::commands {

namespace ddl_internal {

// ---------------------------------------------------------------------------------------------
// Small catalog helpers

// "reference table" or "distributed table", for messages.
const char *table_kind(Oid relid)
{
    return metadata::is_reference_table(relid) ? "reference table" : "distributed table";
}

// Oids of the pg_constraint rows of `relid`, ascending.
List *constraint_oids(Oid relid)
{
    List *oids = NIL;
    ListCell *cell;
    foreach (cell, operations::table_constraints(relid))
        oids = lappend_oid(oids, reinterpret_cast<Form_pg_constraint>(
                                     GETSTRUCT(static_cast<HeapTuple>(lfirst(cell))))
                                     ->oid);
    list_sort(oids, list_oid_cmp);
    return oids;
}

// True for constraints backed by an index, whose shard copies are named <name>_<shardid>.
bool index_backed(char contype)
{
    return contype == CONSTRAINT_PRIMARY || contype == CONSTRAINT_UNIQUE ||
           contype == CONSTRAINT_EXCLUSION;
}

// contype and name of constraint `oid`; false if it is gone.
bool constraint_info(Oid oid, char *contype, char **name)
{
    HeapTuple tuple = SearchSysCache1(CONSTROID, ObjectIdGetDatum(oid));
    if (!HeapTupleIsValid(tuple))
        return false;
    auto *con = reinterpret_cast<Form_pg_constraint>(GETSTRUCT(tuple));
    *contype = con->contype;
    *name = pstrdup(NameStr(con->conname));
    ReleaseSysCache(tuple);
    return true;
}

// Names of the index-backed constraints of `relid`.
List *index_backed_constraint_names(Oid relid)
{
    List *names = NIL;
    ListCell *cell;
    foreach (cell, constraint_oids(relid)) {
        char contype;
        char *name;
        if (constraint_info(lfirst_oid(cell), &contype, &name) && index_backed(contype))
            names = lappend(names, name);
    }
    return names;
}

// True if `names` (char*) holds `name`.
bool name_in_list(List *names, const char *name)
{
    ListCell *cell;
    foreach (cell, names) {
        if (strcmp(static_cast<char *>(lfirst(cell)), name) == 0)
            return true;
    }
    return false;
}

// ERROR: `what` is not supported for distributed tables.
[[noreturn]] void refuse(Oid relid, const char *what, const char *hint)
{
    ereport(ERROR, (errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
                    errmsg("%s is not supported for distributed tables", what),
                    errdetail("Table \"%s\" is a %s.", get_rel_name(relid), table_kind(relid)),
                    hint != nullptr ? errhint("%s", hint) : 0));
    pg_unreachable();
}

// ERROR: a unique constraint or index without the distribution column cannot be enforced.
[[noreturn]] void refuse_unique_without_dist_column(Oid relid, const char *kind, const char *name,
                                                    AttrNumber dist_column)
{
    const char *column = get_attname(relid, dist_column, false);
    ereport(ERROR,
            (errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
             errmsg("%s \"%s\" on distributed table \"%s\" must include the distribution column "
                    "\"%s\"",
                    kind, name, get_rel_name(relid), column),
             errdetail("Uniqueness can only be enforced within a shard."),
             errhint("Add \"%s\" to the key columns.", column)));
    pg_unreachable();
}

// ERROR: an exclusion constraint that does not compare the distribution column with its
// equality could be broken by rows in different shards.
[[noreturn]] void refuse_exclusion_across_shards(Oid relid, const char *name,
                                                 AttrNumber dist_column)
{
    const char *column = get_attname(relid, dist_column, false);
    ereport(ERROR,
            (errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
             errmsg("exclusion constraint \"%s\" on distributed table \"%s\" must compare the "
                    "distribution column \"%s\" with =",
                    name, get_rel_name(relid), column),
             errdetail("Exclusions can only be enforced within a shard."),
             errhint("Add \"%s WITH =\" to the constraint.", column)));
    pg_unreachable();
}

// ---------------------------------------------------------------------------------------------
// Per-shard commands

// One empty command slot per shard of `relid`.
TableCommands *new_table_commands(Oid relid)
{
    const metadata::DistributedTable *table = metadata::lookup_distributed_table(relid);
    if (table == nullptr)
        elog(ERROR, "relation %u is not a distributed table", relid);
    auto *commands = static_cast<TableCommands *>(palloc0(sizeof(TableCommands)));
    commands->relid = relid;
    commands->count = table->shard_count;
    commands->shard_ids = static_cast<int64 *>(palloc0(sizeof(int64) * (table->shard_count + 1)));
    commands->commands = static_cast<char **>(palloc0(sizeof(char *) * (table->shard_count + 1)));
    for (int s = 0; s < table->shard_count; s++)
        commands->shard_ids[s] = table->shards[s].shard_id;
    return commands;
}

// Quoted schema-qualified name of the shard `shard_id` of a relation called `relname` in
// namespace `schema` (used before a rename, when the catalog still has the old name, and for
// indexes, which live in their table's schema).
char *qualified_shard_object(Oid schema, const char *relname, int64 shard_id)
{
    return quote_qualified_identifier(get_namespace_name(schema),
                                      metadata::shard_table_name(relname, shard_id));
}

// The shard `shard_id` of `table`, or nullptr.
const metadata::ShardInterval *find_shard(const metadata::DistributedTable *table, int64 shard_id)
{
    for (int s = 0; s < table->shard_count; s++)
        if (table->shards[s].shard_id == shard_id)
            return &table->shards[s];
    return nullptr;
}

// Sends every command to every placement of its shard: one command string per node (all its
// shards), the nodes in parallel, each over the connection of the coordinated transaction.
void send_table_commands(List *items)
{
    executor::GroupBatches batches;
    ListCell *cell;
    foreach (cell, items) {
        auto *item = static_cast<TableCommands *>(lfirst(cell));
        const metadata::DistributedTable *table = metadata::lookup_distributed_table(item->relid);
        if (table == nullptr)
            elog(ERROR, "relation %u is not a distributed table", item->relid);
        for (int i = 0; i < item->count; i++) {
            if (item->commands[i] == nullptr)
                continue;
            const metadata::ShardInterval *shard = find_shard(table, item->shard_ids[i]);
            if (shard == nullptr)
                elog(ERROR, "shard " INT64_FORMAT " of relation %u not found", item->shard_ids[i],
                     item->relid);
            for (int p = 0; p < shard->placement_count; p++) {
                bool created;
                StringInfo batch =
                    executor::batch_for_group(&batches, shard->placements[p].group_id, &created);
                appendStringInfo(batch, "%s;\n", item->commands[i]);
            }
        }
    }
    // Statements prepared on the nodes may read these shards: they are prepared again.
    executor::advance_shard_schema_generation();
    executor::execute_group_batches_in_transaction(&batches);
}

// A propagation whose shard commands were computed before the local change.
DdlPropagation *ready_state(Oid relid, List *items)
{
    if (items == NIL)
        return nullptr;
    auto *state = static_cast<DdlPropagation *>(palloc0(sizeof(DdlPropagation)));
    state->relid = relid;
    state->ready = items;
    return state;
}

DdlPropagation *prepare_drop_table_objects(DropStmt *stmt, const char *kind, const char *skipped)
{
    List *items = NIL;
    Oid any_table = InvalidOid;
    ListCell *cell;
    foreach (cell, stmt->objects) {
        List *names = static_cast<List *>(lfirst(cell));
        if (list_length(names) < 2)
            continue;
        List *table_names = list_truncate(list_copy(names), list_length(names) - 1);
        Oid relid = metadata::distributed_table_named(makeRangeVarFromNameList(table_names));
        if (!OidIsValid(relid))
            continue;
        const char *name = strVal(llast(names));
        if (skipped != nullptr && strcmp(name, skipped) == 0)
            continue;
        TableCommands *commands = new_table_commands(relid);
        for (int i = 0; i < commands->count; i++)
            commands->commands[i] =
                psprintf("DROP %s IF EXISTS %s ON %s%s", kind, quote_identifier(name),
                         metadata::qualified_shard_name(relid, commands->shard_ids[i]),
                         stmt->behavior == DROP_CASCADE ? " CASCADE" : "");
        items = lappend(items, commands);
        any_table = relid;
    }
    return ready_state(any_table, items);
}

} // namespace ddl_internal

using namespace ddl_internal;

namespace {

// ---------------------------------------------------------------------------------------------
// Renames and SET SCHEMA: generated before the local change, from the old names.

// RENAME of a distributed table, or of an index, column or constraint of one: the shard
// commands, from the names before the change.
DdlPropagation *prepare_rename(RenameStmt *stmt)
{
    switch (stmt->renameType) {
    case OBJECT_TABLE:
    case OBJECT_INDEX:
    case OBJECT_COLUMN:
    case OBJECT_TABCONSTRAINT:
    case OBJECT_TRIGGER:
    case OBJECT_POLICY:
        break;
    default:
        return nullptr;
    }
    if (stmt->relation == nullptr)
        return nullptr;
    Oid relid = RangeVarGetRelid(stmt->relation, NoLock, true);
    if (!OidIsValid(relid))
        return nullptr;
    if (stmt->renameType == OBJECT_TABLE || stmt->renameType == OBJECT_INDEX) {
        char relkind = get_rel_relkind(relid);
        if (relkind == RELKIND_INDEX || relkind == RELKIND_PARTITIONED_INDEX) {
            Oid table_relid = IndexGetRelation(relid, true);
            if (!OidIsValid(table_relid) || !metadata::is_distributed_table(table_relid))
                return nullptr;
            return ready_state(table_relid, list_make1(index_commands(
                                                table_relid, relid, stmt->newname, DROP_RESTRICT)));
        }
    } else if (stmt->renameType == OBJECT_COLUMN && stmt->relationType != OBJECT_TABLE) {
        return nullptr; // a view's or a composite type's column
    }
    if (!metadata::is_distributed_table(relid))
        return nullptr;
    if (stmt->renameType == OBJECT_TRIGGER)
        check_trigger_name(relid, stmt->newname);
    TableCommands *commands = new_table_commands(relid);
    Oid schema = get_rel_namespace(relid);
    const char *relname = get_rel_name(relid);
    bool suffix_constraint = false;
    if (stmt->renameType == OBJECT_TABCONSTRAINT)
        suffix_constraint = name_in_list(index_backed_constraint_names(relid), stmt->subname);
    for (int i = 0; i < commands->count; i++) {
        int64 shard_id = commands->shard_ids[i];
        char *shard = qualified_shard_object(schema, relname, shard_id);
        switch (stmt->renameType) {
        case OBJECT_TABLE:
            commands->commands[i] =
                psprintf("ALTER TABLE %s RENAME TO %s", shard,
                         quote_identifier(metadata::shard_table_name(stmt->newname, shard_id)));
            break;
        case OBJECT_COLUMN:
            commands->commands[i] =
                psprintf("ALTER TABLE %s RENAME COLUMN %s TO %s", shard,
                         quote_identifier(stmt->subname), quote_identifier(stmt->newname));
            break;
        case OBJECT_POLICY: // shards' policies have the table's policy names
            commands->commands[i] =
                psprintf("ALTER POLICY %s ON %s RENAME TO %s", quote_identifier(stmt->subname),
                         shard, quote_identifier(stmt->newname));
            break;
        case OBJECT_TRIGGER: // shards' triggers have the table's trigger names
            commands->commands[i] =
                psprintf("ALTER TRIGGER %s ON %s RENAME TO %s", quote_identifier(stmt->subname),
                         shard, quote_identifier(stmt->newname));
            break;
        default: // OBJECT_TABCONSTRAINT
            commands->commands[i] =
                psprintf("ALTER TABLE %s RENAME CONSTRAINT %s TO %s", shard,
                         quote_identifier(suffix_constraint
                                              ? metadata::shard_table_name(stmt->subname, shard_id)
                                              : stmt->subname),
                         quote_identifier(suffix_constraint
                                              ? metadata::shard_table_name(stmt->newname, shard_id)
                                              : stmt->newname));
            break;
        }
    }
    return ready_state(relid, list_make1(commands));
}

// ALTER TABLE ... SET SCHEMA of a distributed or reference table: each shard moves to the new
// schema on its node (created there first if missing), named as the table's shards are named
// in it. Computed before the local change, while the shards still have their old names.
DdlPropagation *prepare_set_schema(AlterObjectSchemaStmt *stmt)
{
    if (stmt->objectType != OBJECT_TABLE)
        return nullptr;
    Oid relid = metadata::distributed_table_named(stmt->relation);
    Oid new_schema = get_namespace_oid(stmt->newschema, true);
    if (!OidIsValid(relid) || !OidIsValid(new_schema))
        return nullptr; // not distributed, or PostgreSQL reports the missing schema
    TableCommands *commands = new_table_commands(relid);
    Oid schema = get_rel_namespace(relid);
    const char *relname = get_rel_name(relid);
    char *ensure_schema = operations::ensure_schema_command(new_schema);
    for (int i = 0; i < commands->count; i++)
        commands->commands[i] =
            psprintf("%s; ALTER TABLE %s SET SCHEMA %s", ensure_schema,
                     qualified_shard_object(schema, relname, commands->shard_ids[i]),
                     quote_identifier(stmt->newschema));
    return ready_state(relid, list_make1(commands));
}

} // namespace

// ---------------------------------------------------------------------------------------------

DdlPropagation *prepare_ddl_propagation(PlannedStmt *pstmt, const char *query_string,
                                        ProcessUtilityContext context)
{
    Node *parsetree = pstmt->utilityStmt;
    if (parsetree == nullptr || !metadata::extension_present())
        return nullptr;
    DdlPropagation *state = nullptr;
    Oid relid = InvalidOid;
    switch (nodeTag(parsetree)) {
    case T_AlterTableStmt: {
        auto *stmt = castNode(AlterTableStmt, parsetree);
        // ALTER INDEX, or ALTER TABLE naming an index: index_alter_propagation.cpp.
        Oid index_oid = InvalidOid;
        if ((stmt->objtype == OBJECT_INDEX || stmt->objtype == OBJECT_TABLE) &&
            OidIsValid(index_oid = distributed_index_of(stmt->relation, &relid)))
            return prepare_alter_index(stmt, index_oid, relid);
        if (stmt->objtype != OBJECT_TABLE || is_partition_alter_table(stmt) ||
            !OidIsValid(relid = metadata::distributed_table_named(stmt->relation)))
            return nullptr; // ATTACH / DETACH PARTITION: partition_commands.cpp
        if (context == PROCESS_UTILITY_SUBCOMMAND || query_string == nullptr ||
            stmt->relation->location < 0)
            refuse(relid, "ALTER TABLE as part of another statement", nullptr);
        state = prepare_alter_table(stmt, relid);
        break;
    }
    case T_IndexStmt: {
        auto *stmt = castNode(IndexStmt, parsetree);
        if (!OidIsValid(relid = metadata::distributed_table_named(stmt->relation)))
            return nullptr;
        if (stmt->concurrent)
            check_unique_index_statement(stmt, relid);
        if (context == PROCESS_UTILITY_SUBCOMMAND)
            refuse(relid, "CREATE INDEX as part of another statement", nullptr);
        state = static_cast<DdlPropagation *>(palloc0(sizeof(DdlPropagation)));
        state->stmt = parsetree;
        state->relid = relid;
        state->old_objects = index_oids(relid);
        return state;
    }
    case T_RenameStmt:
        if (castNode(RenameStmt, parsetree)->renameType == OBJECT_STATISTIC_EXT)
            return prepare_statistics(parsetree);
        return prepare_rename(castNode(RenameStmt, parsetree));
    case T_AlterObjectSchemaStmt:
        return prepare_set_schema(castNode(AlterObjectSchemaStmt, parsetree));
    case T_DropStmt: {
        auto *stmt = castNode(DropStmt, parsetree);
        // The shards' range guard is not a trigger of the table: DROP TRIGGER IF EXISTS of its
        // name is a no-op on the coordinator and must not reach the shards.
        if (stmt->removeType == OBJECT_TRIGGER)
            return prepare_drop_table_objects(stmt, "TRIGGER", operations::kShardRangeGuardName);
        if (stmt->removeType == OBJECT_POLICY)
            return prepare_drop_table_objects(stmt, "POLICY", nullptr);
        if (stmt->removeType == OBJECT_STATISTIC_EXT)
            return prepare_statistics(parsetree);
        if (stmt->removeType != OBJECT_INDEX)
            return nullptr;
        return prepare_drop_index(stmt);
    }
    case T_CreateTrigStmt:
        return prepare_create_trigger(castNode(CreateTrigStmt, parsetree));
    case T_CreatePolicyStmt:
    case T_AlterPolicyStmt:
        return prepare_policy(parsetree);
    case T_CreateStatsStmt:
    case T_AlterStatsStmt:
    case T_AlterOwnerStmt:
        return prepare_statistics(parsetree);
    default:
        return nullptr;
    }
    state->text = statement_text(pstmt, query_string);
    state->text_offset = pstmt->stmt_location > 0 ? pstmt->stmt_location : 0;
    return state;
}

void send_commands_to_shards(List *relids, char *(*make_command)(Oid, int64, void *), void *arg)
{
    List *items = NIL;
    ListCell *cell;
    foreach (cell, relids) {
        TableCommands *commands = new_table_commands(lfirst_oid(cell));
        for (int i = 0; i < commands->count; i++)
            commands->commands[i] = make_command(commands->relid, commands->shard_ids[i], arg);
        items = lappend(items, commands);
    }
    send_table_commands(items);
}

void send_commands_to_shards_outside_transaction(List *relids,
                                                 char *(*make_command)(Oid, int64, void *),
                                                 void *arg)
{
    // Each node group's commands, in shard order.
    List *groups = NIL;   // int32
    List *commands = NIL; // List of char*, one per entry of groups
    ListCell *cell;
    foreach (cell, relids) {
        Oid relid = lfirst_oid(cell);
        const metadata::DistributedTable *table = metadata::lookup_distributed_table(relid);
        if (table == nullptr)
            continue;
        for (int s = 0; s < table->shard_count; s++) {
            const metadata::ShardInterval *shard = &table->shards[s];
            char *command = make_command(relid, shard->shard_id, arg);
            for (int p = 0; p < shard->placement_count; p++) {
                int32 group = shard->placements[p].group_id;
                int position = -1;
                for (int g = 0; g < list_length(groups) && position < 0; g++)
                    if (list_nth_int(groups, g) == group)
                        position = g;
                if (position < 0) {
                    groups = lappend_int(groups, group);
                    commands = lappend(commands, NIL);
                    position = list_length(groups) - 1;
                }
                ListCell *node_commands = list_nth_cell(commands, position);
                lfirst(node_commands) =
                    lappend(static_cast<List *>(lfirst(node_commands)), command);
            }
        }
    }
    int count = list_length(groups);
    if (count == 0)
        return;
    auto **connections = static_cast<executor::NodeConnection **>(palloc0(sizeof(void *) * count));
    for (int g = 0; g < count; g++) {
        metadata::WorkerNode *node = metadata::usable_node_for_group(list_nth_int(groups, g));
        connections[g] = executor::get_node_connection(node->node_name, node->node_port,
                                                       executor::kConnectionExclusive);
    }
    // Round r: the r-th command of every node that has one, the nodes in parallel.
    auto **round_connections =
        static_cast<executor::NodeConnection **>(palloc0(sizeof(void *) * count));
    auto **round_commands = static_cast<const char **>(palloc0(sizeof(char *) * count));
    auto **results = static_cast<PGresult **>(palloc0(sizeof(PGresult *) * count));
    for (int round = 0;; round++) {
        int busy = 0;
        for (int g = 0; g < count; g++) {
            auto *node_commands = static_cast<List *>(list_nth(commands, g));
            if (round >= list_length(node_commands))
                continue;
            round_connections[busy] = connections[g];
            round_commands[busy] = static_cast<char *>(list_nth(node_commands, round));
            busy++;
        }
        if (busy == 0)
            break;
        executor::execute_commands_parallel(round_connections, round_commands, busy, results, true);
        for (int i = 0; i < busy; i++)
            if (results[i] != nullptr)
                PQclear(results[i]);
    }
    for (int g = 0; g < count; g++)
        executor::release_connection(connections[g]);
}

void finish_ddl_propagation(DdlPropagation *propagation)
{
    if (propagation == nullptr)
        return;
    if (propagation->ready != NIL && propagation->concurrent) {
        send_table_commands_one_by_one(propagation->ready, "DROP INDEX CONCURRENTLY");
        return;
    }
    if (propagation->ready != NIL) {
        send_table_commands(propagation->ready);
        return;
    }
    if (IsA(propagation->stmt, AlterTableStmt) && OidIsValid(propagation->index_oid))
        finish_alter_index(propagation);
    else if (IsA(propagation->stmt, AlterTableStmt))
        finish_alter_table(propagation);
    else if (IsA(propagation->stmt, IndexStmt) &&
             castNode(IndexStmt, propagation->stmt)->concurrent)
        finish_create_index_concurrently(propagation);
    else if (IsA(propagation->stmt, IndexStmt))
        finish_create_index(propagation);
    else if (IsA(propagation->stmt, CreateTrigStmt))
        finish_create_trigger(propagation);
    else if (IsA(propagation->stmt, CreatePolicyStmt) || IsA(propagation->stmt, AlterPolicyStmt))
        finish_policy(propagation);
    else if (IsA(propagation->stmt, CreateStatsStmt) || IsA(propagation->stmt, AlterStatsStmt) ||
             IsA(propagation->stmt, AlterOwnerStmt))
        finish_statistics(propagation);
}

} // namespace tessera::commands
