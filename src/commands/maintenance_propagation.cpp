// VACUUM, ANALYZE, REINDEX and CLUSTER on distributed and reference tables. The coordinator's
// own table is empty, so run only there these commands would do nothing for the rows: after
// they ran locally, every shard placement gets the same command, with the statement's options,
// on the shard's name. PostgreSQL-style code.
#include "tessera/commands/maintenance_propagation.h"
#include "tessera/commands/ddl_propagation.h"
#include "tessera/metadata/distributed_table.h"

extern "C" {
#include "access/htup_details.h"
#include "access/relation.h"
#include "catalog/index.h"
#include "catalog/namespace.h"
#include "catalog/pg_class.h"
#include "catalog/pg_index.h"
#include "commands/defrem.h"
#include "lib/stringinfo.h"
#include "nodes/parsenodes.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"
#include "utils/rel.h"
#include "utils/syscache.h"
}

namespace tessera::commands {

namespace {

// What one shard's command is made of: "<prefix><shard name><suffix>", the shard name being
// the table's (index == InvalidOid) or that of one of its indexes; with using_index, the suffix
// is " USING <that index's shard>" (CLUSTER).
struct ShardCommand {
    const char *prefix = "";
    Oid index = InvalidOid;
    const char *suffix = "";
    Oid using_index = InvalidOid;
};

// A ShardCommand with `prefix`, palloc'd (it outlives no transaction).
ShardCommand *new_shard_command(const char *prefix)
{
    auto *command = static_cast<ShardCommand *>(palloc0(sizeof(ShardCommand)));
    command->prefix = prefix;
    command->suffix = "";
    return command;
}

// "(option value, ...) " for a statement's generic options (DefElems), or "" without options.
char *options_text(List *options)
{
    if (options == NIL)
        return pstrdup("");
    StringInfoData text;
    initStringInfo(&text);
    appendStringInfoChar(&text, '(');
    ListCell *cell;
    foreach (cell, options) {
        auto *option = lfirst_node(DefElem, cell);
        if (cell != list_head(options))
            appendStringInfoString(&text, ", ");
        appendStringInfoString(&text, quote_identifier(option->defname));
        if (option->arg == nullptr)
            continue;
        if (IsA(option->arg, Integer))
            appendStringInfo(&text, " %d", intVal(option->arg));
        else if (IsA(option->arg, Float))
            appendStringInfo(&text, " %s", castNode(Float, option->arg)->fval);
        else if (IsA(option->arg, Boolean))
            appendStringInfoString(&text, boolVal(option->arg) ? " true" : " false");
        else
            appendStringInfo(&text, " %s", quote_literal_cstr(defGetString(option)));
    }
    appendStringInfoString(&text, ") ");
    return text.data;
}

// " (a, b)" for a column list (String nodes), or "".
char *columns_text(List *columns)
{
    if (columns == NIL)
        return pstrdup("");
    StringInfoData text;
    initStringInfo(&text);
    appendStringInfoString(&text, " (");
    ListCell *cell;
    foreach (cell, columns) {
        if (cell != list_head(columns))
            appendStringInfoString(&text, ", ");
        appendStringInfoString(&text, quote_identifier(strVal(lfirst(cell))));
    }
    appendStringInfoChar(&text, ')');
    return text.data;
}

// The quoted, schema-qualified name of the shard `shard_id` of relation `relid` (a table or an
// index of one: shards' indexes are named like the shards, in the table's schema).
char *shard_relation_name(Oid relid, int64 shard_id)
{
    return quote_qualified_identifier(get_namespace_name(get_rel_namespace(relid)),
                                      metadata::shard_table_name(get_rel_name(relid), shard_id));
}

// The command for shard `shard_id` of `relid` (send_commands_to_shards callback).
char *make_shard_command(Oid relid, int64 shard_id, void *arg)
{
    auto *command = static_cast<ShardCommand *>(arg);
    char *name = shard_relation_name(OidIsValid(command->index) ? command->index : relid, shard_id);
    if (OidIsValid(command->using_index))
        return psprintf("%s%s USING %s", command->prefix, name,
                        quote_identifier(metadata::shard_table_name(
                            get_rel_name(command->using_index), shard_id)));
    return psprintf("%s%s%s", command->prefix, name, command->suffix);
}

// True if the generic option `name` is set (and not to false) in `options`.
bool option_set(List *options, const char *name)
{
    ListCell *cell;
    foreach (cell, options) {
        auto *option = lfirst_node(DefElem, cell);
        if (strcmp(option->defname, name) == 0)
            return defGetBoolean(option);
    }
    return false;
}

// VACUUM / ANALYZE: each distributed table the statement names, with its column list.
void propagate_vacuum(VacuumStmt *stmt)
{
    const char *verb = stmt->is_vacuumcmd ? "VACUUM " : "ANALYZE ";
    char *options = options_text(stmt->options);
    ListCell *cell;
    foreach (cell, stmt->rels) {
        auto *target = lfirst_node(VacuumRelation, cell);
        Oid relid = metadata::distributed_table_named(target->relation);
        if (!OidIsValid(relid))
            continue;
        ShardCommand *command = new_shard_command(psprintf("%s%s", verb, options));
        command->suffix = columns_text(target->va_cols);
        // VACUUM cannot run in a transaction block; ANALYZE commits with the statement's
        // transaction, as it does here.
        if (stmt->is_vacuumcmd)
            send_commands_to_shards_outside_transaction(list_make1_oid(relid), make_shard_command,
                                                        command);
        else
            send_commands_to_shards(list_make1_oid(relid), make_shard_command, command);
    }
}

// REINDEX TABLE / INDEX of a distributed table or of one of its indexes.
void propagate_reindex(ReindexStmt *stmt)
{
    if (stmt->kind != REINDEX_OBJECT_TABLE && stmt->kind != REINDEX_OBJECT_INDEX)
        return; // SCHEMA, DATABASE, SYSTEM: the local tables only
    if (stmt->relation == nullptr || !metadata::extension_present())
        return;
    Oid target = RangeVarGetRelid(stmt->relation, NoLock, true);
    if (!OidIsValid(target))
        return;
    Oid relid = stmt->kind == REINDEX_OBJECT_INDEX ? IndexGetRelation(target, true) : target;
    if (!OidIsValid(relid) || !metadata::is_distributed_table(relid))
        return;
    ShardCommand *command =
        new_shard_command(psprintf("REINDEX %s%s ", options_text(stmt->params),
                                   stmt->kind == REINDEX_OBJECT_INDEX ? "INDEX" : "TABLE"));
    command->index = stmt->kind == REINDEX_OBJECT_INDEX ? target : InvalidOid;
    if (option_set(stmt->params, "concurrently"))
        send_commands_to_shards_outside_transaction(list_make1_oid(relid), make_shard_command,
                                                    command);
    else
        send_commands_to_shards(list_make1_oid(relid), make_shard_command, command);
}

// The index `relid` is clustered on (after CLUSTER ran locally), or InvalidOid.
Oid clustered_index(Oid relid)
{
    Relation rel = relation_open(relid, AccessShareLock);
    List *indexes = RelationGetIndexList(rel);
    relation_close(rel, AccessShareLock);
    ListCell *cell;
    foreach (cell, indexes) {
        Oid index = lfirst_oid(cell);
        HeapTuple tuple = SearchSysCache1(INDEXRELID, ObjectIdGetDatum(index));
        if (!HeapTupleIsValid(tuple))
            continue;
        bool clustered = reinterpret_cast<Form_pg_index>(GETSTRUCT(tuple))->indisclustered;
        ReleaseSysCache(tuple);
        if (clustered)
            return index;
    }
    return InvalidOid;
}

// CLUSTER of a distributed table: each shard on the shard of the index it was clustered on.
void propagate_cluster(ClusterStmt *stmt)
{
    Oid relid = metadata::distributed_table_named(stmt->relation);
    if (!OidIsValid(relid))
        return; // no table: the tables clustered before, here only
    Oid index = clustered_index(relid);
    if (!OidIsValid(index))
        return; // PostgreSQL refused it already
    ShardCommand *command = new_shard_command(psprintf("CLUSTER %s", options_text(stmt->params)));
    command->using_index = index;
    send_commands_to_shards(list_make1_oid(relid), make_shard_command, command);
}

} // namespace

void propagate_maintenance_statement(Node *parsetree)
{
    if (parsetree == nullptr)
        return;
    switch (nodeTag(parsetree)) {
    case T_VacuumStmt:
        propagate_vacuum(castNode(VacuumStmt, parsetree));
        break;
    case T_ReindexStmt:
        propagate_reindex(castNode(ReindexStmt, parsetree));
        break;
    case T_ClusterStmt:
        propagate_cluster(castNode(ClusterStmt, parsetree));
        break;
    default:
        break;
    }
}

} // namespace tessera::commands
