// Builds the trigger DDL of shard tables from the catalogs of the logical table: the user's row
// triggers (from pg_get_triggerdef, renamed to the shard) and the shard-range guard that keeps a
// BEFORE trigger from moving a row out of its shard. PostgreSQL-style code.
#include "tessera/operations/shard_triggers.h"

#include "tessera/operations/enum_hash_condition.h"
#include "tessera/operations/shard_ddl.h"

#include "tessera/metadata/distributed_table.h"
#include "tessera/pg/worker_text_environment.h"

extern "C" {
#include "access/genam.h"
#include "access/htup_details.h"
#include "access/stratnum.h"
#include "access/table.h"
#include "catalog/indexing.h"
#include "catalog/objectaddress.h"
#include "catalog/pg_trigger.h"
#include "commands/trigger.h"
#include "lib/stringinfo.h"
#include "utils/builtins.h"
#include "utils/fmgroids.h"
#include "utils/lsyscache.h"
#include "utils/rel.h"
#include "utils/ruleutils.h"
}

namespace tessera::operations {

List *table_user_triggers(Oid relid)
{
    List *oids = NIL;
    ListCell *cell;
    foreach (cell, catalog_rows_of_relation(TriggerRelationId, TriggerRelidNameIndexId,
                                            Anum_pg_trigger_tgrelid, relid)) {
        auto *form =
            reinterpret_cast<Form_pg_trigger>(GETSTRUCT(static_cast<HeapTuple>(lfirst(cell))));
        if (!form->tgisinternal)
            oids = lappend_oid(oids, form->oid);
    }
    return oids;
}

TriggerInfo read_trigger(Oid trigger_oid)
{
    Relation rel = table_open(TriggerRelationId, AccessShareLock);
    HeapTuple tuple = get_catalog_object_by_oid(rel, Anum_pg_trigger_oid, trigger_oid);
    if (!HeapTupleIsValid(tuple))
        elog(ERROR, "could not find tuple for trigger %u", trigger_oid);
    auto *form = reinterpret_cast<Form_pg_trigger>(GETSTRUCT(tuple));
    TriggerInfo info;
    info.oid = trigger_oid;
    info.name = pstrdup(NameStr(form->tgname));
    info.function = form->tgfoid;
    info.type = form->tgtype;
    info.enabled = form->tgenabled;
    info.constraint = OidIsValid(form->tgconstraint);
    bool old_null;
    bool new_null;
    (void)heap_getattr(tuple, Anum_pg_trigger_tgoldtable, RelationGetDescr(rel), &old_null);
    (void)heap_getattr(tuple, Anum_pg_trigger_tgnewtable, RelationGetDescr(rel), &new_null);
    info.transition_tables = !old_null || !new_null;
    table_close(rel, AccessShareLock);
    return info;
}

char *shard_trigger_command(Oid relid, Oid trigger_oid, int64 shard_id)
{
    TriggerInfo trigger = read_trigger(trigger_oid);
    // The definition as pg_get_triggerdef prints it, the table schema-qualified and functions
    // and types qualified as the workers read them.
    int level = pg::enter_worker_text_environment();
    char *definition = TextDatumGetCString(DirectFunctionCall2(
        pg_get_triggerdef_ext, ObjectIdGetDatum(trigger_oid), BoolGetDatum(false)));
    char *table = quote_qualified_identifier(get_namespace_name(get_rel_namespace(relid)),
                                             get_rel_name(relid));
    pg::leave_worker_text_environment(level);
    // "CREATE TRIGGER name timing events ON table ...": the first " ON " outside double quotes
    // (the name and UPDATE OF columns may be quoted identifiers) is followed by the table.
    const char *on = nullptr;
    bool quoted = false;
    for (const char *p = definition; *p != '\0' && on == nullptr; p++) {
        if (*p == '"')
            quoted = !quoted;
        else if (!quoted && strncmp(p, " ON ", 4) == 0)
            on = p;
    }
    size_t table_length = strlen(table);
    if (on == nullptr || strncmp(on + 4, table, table_length) != 0 || on[4 + table_length] != ' ')
        elog(ERROR, "unexpected definition of trigger %u: %s", trigger_oid, definition);
    StringInfoData buf;
    initStringInfo(&buf);
    appendBinaryStringInfo(&buf, definition, static_cast<int>(on - definition));
    appendStringInfo(&buf, " ON %s%s", metadata::qualified_shard_name(relid, shard_id),
                     on + 4 + table_length);
    // A trigger that ALTER TABLE disabled (or made fire in replica sessions) is created so.
    const char *state = nullptr;
    switch (trigger.enabled) {
    case TRIGGER_DISABLED:
        state = "DISABLE TRIGGER";
        break;
    case TRIGGER_FIRES_ON_REPLICA:
        state = "ENABLE REPLICA TRIGGER";
        break;
    case TRIGGER_FIRES_ALWAYS:
        state = "ENABLE ALWAYS TRIGGER";
        break;
    default:
        break;
    }
    if (state != nullptr)
        appendStringInfo(&buf, ";\nALTER TABLE %s %s %s",
                         metadata::qualified_shard_name(relid, shard_id), state,
                         quote_identifier(trigger.name));
    return buf.data;
}

bool has_before_row_write_trigger(Oid relid)
{
    ListCell *cell;
    foreach (cell, table_user_triggers(relid)) {
        TriggerInfo trigger = read_trigger(lfirst_oid(cell));
        if (TRIGGER_FOR_ROW(trigger.type) && TRIGGER_FOR_BEFORE(trigger.type) &&
            (TRIGGER_FOR_INSERT(trigger.type) || TRIGGER_FOR_UPDATE(trigger.type)))
            return true;
    }
    return false;
}

char *shard_range_guard_command(Oid relid, int64 shard_id, AttrNumber dist_column, int32 min_value,
                                int32 max_value)
{
    char *shard = metadata::qualified_shard_name(relid, shard_id);
    const char *guard = quote_identifier(kShardRangeGuardName);
    char *column = psprintf("NEW.%s", quote_identifier(get_attname(relid, dist_column, false)));
    // An enum column: the labels in the range, as the worker cannot hash it as the coordinator.
    char *in_range = enum_hash_range_condition(relid, dist_column, column, min_value, max_value,
                                               "a BEFORE row trigger");
    if (in_range == nullptr)
        in_range = psprintf("pg_catalog.worker_hash(%s) BETWEEN '%d'::integer AND '%d'::integer",
                            column, min_value, max_value);
    // NULL has no shard either: COALESCE makes the condition true for it.
    return psprintf("CREATE OR REPLACE TRIGGER %s AFTER INSERT OR UPDATE ON %s FOR EACH ROW "
                    "WHEN (NOT COALESCE(%s, false)) "
                    "EXECUTE FUNCTION pg_catalog.tessera_shard_range_guard('%d', '%d')",
                    guard, shard, in_range, min_value, max_value);
}

char *shard_range_guard_command_if_needed(Oid relid, int64 shard_id)
{
    const metadata::DistributedTable *table = metadata::lookup_distributed_table(relid);
    // A single-shard table's one shard takes every row: nothing to guard.
    if (table == nullptr || table->partition_method != metadata::kDistributeByHash ||
        table->single_shard || !has_before_row_write_trigger(relid))
        return nullptr;
    for (int i = 0; i < table->shard_count; i++) {
        const metadata::ShardInterval &shard = table->shards[i];
        if (shard.shard_id == shard_id && shard.has_range)
            return shard_range_guard_command(relid, shard_id, table->dist_column, shard.min_value,
                                             shard.max_value);
    }
    elog(ERROR, "shard " INT64_FORMAT " of table \"%s\" has no hash range", shard_id,
         get_rel_name(relid));
    pg_unreachable();
}

List *shard_trigger_commands(Oid relid, int64 shard_id)
{
    List *commands = NIL;
    ListCell *cell;
    foreach (cell, table_user_triggers(relid))
        commands = lappend(commands, shard_trigger_command(relid, lfirst_oid(cell), shard_id));
    char *guard = shard_range_guard_command_if_needed(relid, shard_id);
    if (guard != nullptr)
        commands = lappend(commands, guard);
    return commands;
}

List *shard_trigger_commands(Oid relid, int64 shard_id, AttrNumber dist_column, bool has_range,
                             int32 min_value, int32 max_value)
{
    List *commands = NIL;
    ListCell *cell;
    foreach (cell, table_user_triggers(relid))
        commands = lappend(commands, shard_trigger_command(relid, lfirst_oid(cell), shard_id));
    if (has_range && dist_column != InvalidAttrNumber && has_before_row_write_trigger(relid))
        commands = lappend(commands, shard_range_guard_command(relid, shard_id, dist_column,
                                                               min_value, max_value));
    return commands;
}

} // namespace tessera::operations
