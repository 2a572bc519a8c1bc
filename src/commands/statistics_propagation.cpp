// Extended statistics (CREATE / ALTER / DROP STATISTICS) of distributed and reference tables:
// every shard has its own copy of each statistics object of its table, named
// <name>_<shardid> in the table's schema (operations::shard_statistics_name), so the workers plan
// the shard queries with the same statistics as a local table. CREATE STATISTICS is created on
// every shard from the catalogs after it ran locally; ALTER STATISTICS ... SET STATISTICS and
// OWNER TO are re-sent from the catalogs; RENAME and DROP are computed before the local change
// (the catalog still has the old name). SET SCHEMA changes the coordinator's object only: the
// shards' copies stay in their table's schema. New shards get them from shard_create_commands.
#include "tessera/commands/ddl_propagation_internal.h"
#include "tessera/metadata/distributed_table.h"
#include "tessera/operations/shard_ddl.h"

extern "C" {
#include "catalog/namespace.h"
#include "catalog/pg_statistic_ext.h"
#include "commands/defrem.h"
#include "miscadmin.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"
#include "utils/syscache.h"
}

namespace tessera::commands::ddl_internal {

namespace {

// The table of statistics object `stat_oid`, or InvalidOid.
Oid statistics_table(Oid stat_oid)
{
    HeapTuple tuple = SearchSysCache1(STATEXTOID, ObjectIdGetDatum(stat_oid));
    if (!HeapTupleIsValid(tuple))
        return InvalidOid;
    Oid relid = reinterpret_cast<Form_pg_statistic_ext>(GETSTRUCT(tuple))->stxrelid;
    ReleaseSysCache(tuple);
    return relid;
}

// The statistics object a name list names, if it belongs to a distributed or reference table
// (its table in *relid); else InvalidOid. A missing object is left to PostgreSQL's own error
// (or IF EXISTS notice).
Oid distributed_statistics(List *names, Oid *relid)
{
    Oid stat_oid = get_statistics_object_oid(names, true);
    if (!OidIsValid(stat_oid))
        return InvalidOid;
    *relid = statistics_table(stat_oid);
    return OidIsValid(*relid) && metadata::is_distributed_table(*relid) ? stat_oid : InvalidOid;
}

// One command per shard of `relid`: `format` with the name of the shard's copy of `stat_oid` and
// `argument`.
TableCommands *statistics_commands(Oid relid, Oid stat_oid, const char *format,
                                   const char *argument)
{
    TableCommands *commands = new_table_commands(relid);
    for (int i = 0; i < commands->count; i++)
        commands->commands[i] = psprintf(
            format, operations::shard_statistics_name(stat_oid, commands->shard_ids[i]), argument);
    return commands;
}

// A state that finish_statistics completes from the catalogs after the local change.
DdlPropagation *later_state(Node *stmt, Oid relid, List *old_objects, Oid stat_oid)
{
    auto *state = static_cast<DdlPropagation *>(palloc0(sizeof(DdlPropagation)));
    state->stmt = stmt;
    state->relid = relid;
    state->old_objects = old_objects;
    state->index_oid = stat_oid; // the statistics object (ALTER STATISTICS)
    return state;
}

} // namespace

DdlPropagation *prepare_statistics(Node *parsetree)
{
    Oid relid = InvalidOid;
    switch (nodeTag(parsetree)) {
    case T_CreateStatsStmt: {
        auto *stmt = castNode(CreateStatsStmt, parsetree);
        if (list_length(stmt->relations) != 1 || !IsA(linitial(stmt->relations), RangeVar))
            return nullptr; // PostgreSQL refuses these itself
        relid =
            metadata::distributed_table_named(static_cast<RangeVar *>(linitial(stmt->relations)));
        if (!OidIsValid(relid))
            return nullptr;
        return later_state(parsetree, relid, operations::table_statistics_oids(relid), InvalidOid);
    }
    case T_AlterStatsStmt: {
        auto *stmt = castNode(AlterStatsStmt, parsetree);
        Oid stat_oid = distributed_statistics(stmt->defnames, &relid);
        return OidIsValid(stat_oid) ? later_state(parsetree, relid, NIL, stat_oid) : nullptr;
    }
    case T_AlterOwnerStmt: {
        auto *stmt = castNode(AlterOwnerStmt, parsetree);
        if (stmt->objectType != OBJECT_STATISTIC_EXT)
            return nullptr;
        Oid stat_oid = distributed_statistics(castNode(List, stmt->object), &relid);
        return OidIsValid(stat_oid) ? later_state(parsetree, relid, NIL, stat_oid) : nullptr;
    }
    case T_RenameStmt: {
        auto *stmt = castNode(RenameStmt, parsetree);
        if (stmt->renameType != OBJECT_STATISTIC_EXT)
            return nullptr;
        Oid stat_oid = distributed_statistics(castNode(List, stmt->object), &relid);
        if (!OidIsValid(stat_oid))
            return nullptr;
        TableCommands *commands = new_table_commands(relid);
        for (int i = 0; i < commands->count; i++)
            commands->commands[i] =
                psprintf("ALTER STATISTICS %s RENAME TO %s",
                         operations::shard_statistics_name(stat_oid, commands->shard_ids[i]),
                         quote_identifier(
                             metadata::shard_table_name(stmt->newname, commands->shard_ids[i])));
        return ready_state(relid, list_make1(commands));
    }
    case T_DropStmt: {
        auto *stmt = castNode(DropStmt, parsetree);
        if (stmt->removeType != OBJECT_STATISTIC_EXT)
            return nullptr;
        List *items = NIL;
        Oid any_table = InvalidOid;
        ListCell *cell;
        foreach (cell, stmt->objects) {
            Oid stat_oid = distributed_statistics(castNode(List, lfirst(cell)), &relid);
            if (!OidIsValid(stat_oid))
                continue;
            any_table = relid;
            // IF EXISTS: the shard's copy went with a column dropped there, say.
            items = lappend(
                items, statistics_commands(relid, stat_oid, "DROP STATISTICS IF EXISTS %s%s", ""));
        }
        return ready_state(any_table, items);
    }
    default:
        return nullptr;
    }
}

void finish_statistics(DdlPropagation *state)
{
    if (!metadata::is_distributed_table(state->relid))
        return;
    List *items = NIL;
    if (IsA(state->stmt, CreateStatsStmt)) {
        ListCell *cell;
        foreach (cell, operations::table_statistics_oids(state->relid)) {
            Oid stat_oid = lfirst_oid(cell);
            if (list_member_oid(state->old_objects, stat_oid))
                continue; // IF NOT EXISTS of an object the table has
            TableCommands *commands = new_table_commands(state->relid);
            for (int i = 0; i < commands->count; i++) {
                StringInfoData text;
                initStringInfo(&text);
                ListCell *command;
                foreach (command,
                         operations::shard_statistics_commands(stat_oid, commands->shard_ids[i]))
                    appendStringInfo(&text, "%s%s", text.len ? "; " : "",
                                     static_cast<char *>(lfirst(command)));
                commands->commands[i] = text.data;
            }
            items = lappend(items, commands);
        }
    } else {
        // ALTER STATISTICS ... SET STATISTICS / OWNER TO: the object's state now.
        HeapTuple tuple = SearchSysCache1(STATEXTOID, ObjectIdGetDatum(state->index_oid));
        if (!HeapTupleIsValid(tuple))
            return;
        auto *form = reinterpret_cast<Form_pg_statistic_ext>(GETSTRUCT(tuple));
        if (IsA(state->stmt, AlterStatsStmt))
            items = list_make1(statistics_commands(state->relid, state->index_oid,
                                                   "ALTER STATISTICS %s SET STATISTICS %s",
                                                   psprintf("%d", form->stxstattarget)));
        else
            items = list_make1(statistics_commands(
                state->relid, state->index_oid, "ALTER STATISTICS %s OWNER TO %s",
                quote_identifier(GetUserNameFromId(form->stxowner, false))));
        ReleaseSysCache(tuple);
    }
    send_table_commands(items);
}

} // namespace tessera::commands::ddl_internal
