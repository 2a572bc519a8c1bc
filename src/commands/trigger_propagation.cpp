// Row triggers on distributed and reference tables. With tessera.enable_unsafe_triggers on,
// CREATE TRIGGER makes the trigger on every shard placement in the coordinated transaction
// (rebuilt from the catalogs after the local CREATE, as for new shards), after making its
// function a distributed function; DROP TRIGGER and ALTER TRIGGER ... RENAME follow with the
// shards' names (before the local change); ALTER TABLE ENABLE / DISABLE TRIGGER is ALTER TABLE
// propagation. New, moved and split shards get the triggers after their rows (shard_creation).
//
// A trigger fires on the worker that holds the row, inside the worker's part of the distributed
// transaction: it sees that node only, where other distributed tables do not exist (workers have
// no metadata). The coordinator's table never holds rows, so its own copy of the trigger never
// fires. Refused even when on: statement-level triggers (a statement reaches every shard it
// touches, so they would fire once per shard), TRUNCATE triggers, constraint triggers, INSTEAD OF,
// transition tables, and triggers on partitioned tables and partitions.
//
// A BEFORE INSERT / UPDATE row trigger may change the distribution column: the row would stay in
// the shard of the value the coordinator routed, where reads by the new value never look. So the
// shards of a hash-distributed table with such triggers also get the shard-range guard
// (shard_triggers.h's kShardRangeGuardName, created wherever the shards' triggers are): an AFTER
// row trigger, which sees the row as every BEFORE trigger left it, whose WHEN condition checks that
// the distribution column still hashes into the shard's range, and whose function,
// tessera_shard_range_guard() below, fails the write when it does not. A change to a value of
// the same shard is allowed (reads by the new value find the row there). The guard is a trigger
// rather than a CHECK constraint so that it stays off the coordinator's table (whose CHECK
// constraints shards, undistribute_table and users see) and raises an error that says what
// happened. Once created it stays until the shard goes (harmless without BEFORE triggers).
#include "tessera/commands/trigger_propagation.h"

#include "tessera/commands/ddl_propagation_internal.h"
#include "tessera/commands/function_propagation.h"
#include "tessera/metadata/distributed_table.h"
#include "tessera/operations/shard_ddl.h"
#include "tessera/operations/shard_triggers.h"
#include "tessera/pg/guard.h"
#include "tessera/settings.h"

extern "C" {
#include "access/htup_details.h"
#include "catalog/namespace.h"
#include "catalog/pg_class.h"
#include "catalog/pg_proc.h"
#include "catalog/pg_trigger.h"
#include "commands/trigger.h"
#include "nodes/makefuncs.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"
#include "utils/syscache.h"
}

namespace tessera::commands {

namespace {

// What a trigger is, from a CREATE TRIGGER statement or from pg_trigger.
struct TriggerKind {
    const char *name;
    bool row;
    bool truncate;
    bool constraint;
    bool instead_of;
    bool transition_tables;
};

// Why trigger `kind` on table `relid` cannot be on its shards even with the setting on: what it
// is (e.g. "a statement-level trigger"), why, and a hint (may be nullptr); false if it can.
bool unsupported_trigger(Oid relid, const TriggerKind &kind, const char **what, const char **detail,
                         const char **hint)
{
    *hint = nullptr;
    char relkind = get_rel_relkind(relid);
    if (relkind == RELKIND_PARTITIONED_TABLE || get_rel_relispartition(relid)) {
        *what = "a trigger on a partitioned table or a partition";
        *detail = "Triggers would have to follow partitions attached, detached and created later.";
    } else if (kind.constraint) {
        *what = "a constraint trigger";
        *detail = "Its firing is deferred to the end of each worker's transaction.";
        *hint = "Use a plain AFTER ... FOR EACH ROW trigger.";
    } else if (kind.instead_of) {
        *what = "an INSTEAD OF trigger";
        *detail = "INSTEAD OF triggers are for views.";
    } else if (kind.truncate) {
        *what = "a TRUNCATE trigger";
        *detail = "TRUNCATE runs on every shard: the trigger would fire once per shard.";
    } else if (!kind.row) {
        *what = "a statement-level trigger";
        *detail = "A statement runs on every shard it touches: the trigger would fire once per "
                  "shard, or not at all when the statement touches none.";
        *hint = "Use a FOR EACH ROW trigger.";
    } else if (kind.transition_tables) {
        *what = "a trigger with transition tables (REFERENCING)";
        *detail = "Each shard would see only its own rows.";
    } else {
        return false;
    }
    return true;
}

// The hint of the errors raised while the setting is off.
constexpr const char *kSettingHint =
    "Set tessera.enable_unsafe_triggers (or citus.enable_unsafe_triggers) to on to create row "
    "triggers on every shard.";

// Why triggers are not simply safe, for the errors raised while the setting is off.
constexpr const char *kSettingDetail =
    "Its triggers would fire on the worker nodes, inside each shard's transaction, where other "
    "distributed tables do not exist.";

} // namespace

void check_trigger_name(Oid relid, const char *name)
{
    if (name != nullptr && strcmp(name, operations::kShardRangeGuardName) == 0)
        ereport(ERROR, (errcode(ERRCODE_RESERVED_NAME),
                        errmsg("trigger name \"%s\" is reserved for distributed tables", name),
                        errdetail("Tessera gives the shards of table \"%s\" a trigger of that "
                                  "name.",
                                  get_rel_name(relid))));
}

void check_create_trigger(CreateTrigStmt *stmt, Oid relid)
{
    if (!tessera_enable_unsafe_triggers)
        ereport(ERROR, (errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
                        errmsg("CREATE TRIGGER is not supported for distributed tables"),
                        errdetail("Table \"%s\" is a %s. %s", get_rel_name(relid),
                                  ddl_internal::table_kind(relid), kSettingDetail),
                        errhint("%s", kSettingHint)));
    TriggerKind kind = {stmt->trigname,
                        stmt->row,
                        (stmt->events & TRIGGER_TYPE_TRUNCATE) != 0,
                        stmt->isconstraint,
                        stmt->timing == TRIGGER_TYPE_INSTEAD,
                        stmt->transitionRels != NIL};
    check_trigger_name(relid, stmt->trigname);
    const char *what;
    const char *detail;
    const char *hint;
    if (unsupported_trigger(relid, kind, &what, &detail, &hint))
        ereport(ERROR, (errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
                        errmsg("%s is not supported for distributed tables", what),
                        errdetail("Table \"%s\" is a %s. %s", get_rel_name(relid),
                                  ddl_internal::table_kind(relid), detail),
                        hint != nullptr ? errhint("%s", hint) : 0));
}

void check_table_triggers(Oid relid, const char *kind_of_action)
{
    ListCell *cell;
    foreach (cell, operations::table_user_triggers(relid)) {
        operations::TriggerInfo trigger = operations::read_trigger(lfirst_oid(cell));
        check_trigger_name(relid, trigger.name);
        TriggerKind kind = {trigger.name,
                            TRIGGER_FOR_ROW(trigger.type) != 0,
                            TRIGGER_FOR_TRUNCATE(trigger.type) != 0,
                            trigger.constraint,
                            TRIGGER_FOR_INSTEAD(trigger.type) != 0,
                            trigger.transition_tables};
        if (!tessera_enable_unsafe_triggers)
            ereport(ERROR,
                    (errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
                     errmsg("cannot %s table \"%s\": it has trigger \"%s\"", kind_of_action,
                            get_rel_name(relid), kind.name),
                     errdetail("Triggers of distributed tables fire on the worker nodes, inside "
                               "each shard's transaction, where other distributed tables do not "
                               "exist."),
                     errhint("%s Or drop the table's triggers first.", kSettingHint)));
        const char *what;
        const char *detail;
        const char *hint;
        if (unsupported_trigger(relid, kind, &what, &detail, &hint))
            ereport(ERROR, (errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
                            errmsg("cannot %s table \"%s\": trigger \"%s\" is %s", kind_of_action,
                                   get_rel_name(relid), kind.name, what),
                            errdetail("Triggers of this kind are not supported for distributed "
                                      "tables. %s",
                                      detail),
                            hint != nullptr ? errhint("%s", hint) : 0));
    }
}

void check_reference_table_trigger(Oid relid, Oid trigger_oid)
{
    operations::TriggerInfo trigger = operations::read_trigger(trigger_oid);
    if (!TRIGGER_FOR_ROW(trigger.type) || !TRIGGER_FOR_BEFORE(trigger.type) ||
        !(TRIGGER_FOR_INSERT(trigger.type) || TRIGGER_FOR_UPDATE(trigger.type)) ||
        func_volatile(trigger.function) == PROVOLATILE_IMMUTABLE)
        return;
    const char *function = get_func_name(trigger.function);
    ereport(ERROR,
            (errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
             errmsg("a BEFORE INSERT or UPDATE trigger whose function is not IMMUTABLE is not "
                    "supported for reference tables"),
             errdetail("Trigger \"%s\" of reference table \"%s\" runs on each of the table's "
                       "copies, where function %s(), not IMMUTABLE, may give each copy a "
                       "different row (random(), clock_timestamp(), now(), a sequence).",
                       trigger.name, get_rel_name(relid), function),
             errhint("Declare function %s() IMMUTABLE if it computes the row from the row alone, "
                     "or use a hash-distributed table.",
                     function)));
}

void check_reference_table_triggers(Oid relid)
{
    ListCell *cell;
    foreach (cell, operations::table_user_triggers(relid))
        check_reference_table_trigger(relid, lfirst_oid(cell));
}

void distribute_trigger_functions(Oid relid)
{
    ListCell *cell;
    foreach (cell, operations::table_user_triggers(relid))
        ensure_function_on_workers(operations::read_trigger(lfirst_oid(cell)).function);
}

namespace ddl_internal {

DdlPropagation *prepare_create_trigger(CreateTrigStmt *stmt)
{
    Oid relid = metadata::distributed_table_named(stmt->relation);
    if (!OidIsValid(relid))
        return nullptr;
    check_create_trigger(stmt, relid);
    auto *state = static_cast<DdlPropagation *>(palloc0(sizeof(DdlPropagation)));
    state->stmt = reinterpret_cast<Node *>(stmt);
    state->relid = relid;
    return state;
}

void finish_create_trigger(DdlPropagation *state)
{
    auto *stmt = castNode(CreateTrigStmt, state->stmt);
    Oid relid = state->relid;
    if (metadata::lookup_distributed_table(relid) == nullptr)
        return;
    CommandCounterIncrement();
    Oid trigger_oid = get_trigger_oid(relid, stmt->trigname, false);
    if (metadata::is_reference_table(relid))
        check_reference_table_trigger(relid, trigger_oid);
    ensure_function_on_workers(operations::read_trigger(trigger_oid).function);
    TableCommands *commands = new_table_commands(relid);
    for (int i = 0; i < commands->count; i++) {
        char *create =
            operations::shard_trigger_command(relid, trigger_oid, commands->shard_ids[i]);
        // CREATE OR REPLACE: the shard's trigger is replaced by the new definition.
        commands->commands[i] =
            stmt->replace
                ? psprintf("DROP TRIGGER IF EXISTS %s ON %s;\n%s", quote_identifier(stmt->trigname),
                           metadata::qualified_shard_name(relid, commands->shard_ids[i]), create)
                : create;
        // The first BEFORE row trigger brings the shard-range guard (CREATE OR REPLACE: a shard
        // may have it already).
        char *guard =
            operations::shard_range_guard_command_if_needed(relid, commands->shard_ids[i]);
        if (guard != nullptr)
            commands->commands[i] = psprintf("%s;\n%s", commands->commands[i], guard);
    }
    send_table_commands(list_make1(commands));
}

} // namespace ddl_internal

} // namespace tessera::commands

// The function of the shard-range guard (see the file comment): its WHEN condition found a row
// whose distribution column a BEFORE trigger set to a value outside the shard's hash range (the
// trigger's two arguments) or to NULL. Runs on the worker that holds the shard; the error aborts
// the write, and the coordinator's statement with it.
TESSERA_FUNCTION(tessera_shard_range_guard)
{
    if (!CALLED_AS_TRIGGER(fcinfo))
        ereport(ERROR, (errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
                        errmsg("tessera_shard_range_guard() must be called as a trigger")));
    TriggerData *data = reinterpret_cast<TriggerData *>(fcinfo->context);
    const Trigger *trigger = data->tg_trigger;
    const char *min = trigger->tgnargs >= 2 ? trigger->tgargs[0] : "?";
    const char *max = trigger->tgnargs >= 2 ? trigger->tgargs[1] : "?";
    ereport(ERROR,
            (errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
             errmsg("changing the distribution column to a value of another shard in a trigger "
                    "is not supported"),
             errdetail("A BEFORE trigger set the distribution column of a row written to shard "
                       "\"%s\" (hash values %s to %s) to a value outside that range, or to "
                       "NULL: reads by the new value would not find the row.",
                       RelationGetRelationName(data->tg_relation), min, max),
             errhint("Give the distribution column its value in the INSERT or UPDATE itself; a "
                     "trigger may change it only to a value of the same shard.")));
    return PointerGetDatum(nullptr);
}
