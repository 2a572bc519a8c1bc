// ALTER INDEX (or ALTER TABLE naming an index) on an index of a distributed or reference table.
// PostgreSQL-style code.
//
// Storage parameters (SET / RESET) and the statistics target of an index column (ALTER COLUMN
// n SET STATISTICS) are applied to each shard's copy of the index after the local change, from
// the catalogs (so the shards end up with exactly the coordinator's values). ATTACH PARTITION
// (of a partition's index to a partitioned table's, as after CREATE INDEX ON ONLY) runs on
// each colocated pair of shards. Every other subcommand (SET TABLESPACE: tablespaces are per
// node) is refused before it runs: run only here, it would leave the shards' indexes
// different from the coordinator's.
#include "tessera/commands/ddl_propagation_internal.h"
#include "tessera/operations/shard_ddl.h"

extern "C" {
#include "access/htup_details.h"
#include "catalog/index.h"
#include "catalog/namespace.h"
#include "catalog/pg_attribute.h"
#include "catalog/pg_class.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"
#include "utils/syscache.h"
}

namespace tessera::commands::ddl_internal {

namespace {

// "a, toast.b": the option names of a RESET list.
char *option_names_text(List *options)
{
    StringInfoData buf;
    initStringInfo(&buf);
    ListCell *cell;
    foreach (cell, options) {
        auto *option = castNode(DefElem, lfirst(cell));
        if (buf.len > 0)
            appendStringInfoString(&buf, ", ");
        if (option->defnamespace != nullptr)
            appendStringInfo(&buf, "%s.", quote_identifier(option->defnamespace));
        appendStringInfoString(&buf, quote_identifier(option->defname));
    }
    return buf.data;
}

// The index column an ALTER COLUMN ... SET STATISTICS subcommand names (by number or name).
AttrNumber statistics_column(Oid index_oid, AlterTableCmd *cmd)
{
    if (cmd->num != 0)
        return cmd->num;
    return cmd->name != nullptr ? get_attnum(index_oid, cmd->name) : InvalidAttrNumber;
}

// The statistics target of column `attnum` of `relid` (-1: the default).
int column_statistics_target(Oid relid, AttrNumber attnum)
{
    HeapTuple tuple = SearchSysCache2(ATTNUM, ObjectIdGetDatum(relid), Int16GetDatum(attnum));
    if (!HeapTupleIsValid(tuple))
        elog(ERROR, "cache lookup failed for attribute %d of relation %u", attnum, relid);
    int target = reinterpret_cast<Form_pg_attribute>(GETSTRUCT(tuple))->attstattarget;
    ReleaseSysCache(tuple);
    return target;
}

} // namespace

Oid distributed_index_of(RangeVar *range, Oid *table_relid)
{
    if (range == nullptr)
        return InvalidOid;
    Oid index_oid = RangeVarGetRelid(range, NoLock, true);
    if (!OidIsValid(index_oid))
        return InvalidOid;
    char relkind = get_rel_relkind(index_oid);
    if (relkind != RELKIND_INDEX && relkind != RELKIND_PARTITIONED_INDEX)
        return InvalidOid;
    Oid relid = IndexGetRelation(index_oid, true);
    if (!OidIsValid(relid) || !metadata::is_distributed_table(relid))
        return InvalidOid;
    *table_relid = relid;
    return index_oid;
}

DdlPropagation *prepare_alter_index(AlterTableStmt *stmt, Oid index_oid, Oid table_relid)
{
    ListCell *cell;
    foreach (cell, stmt->cmds) {
        auto *cmd = castNode(AlterTableCmd, lfirst(cell));
        switch (cmd->subtype) {
        case AT_SetRelOptions:
        case AT_ResetRelOptions:
        case AT_SetStatistics:
            break;
        case AT_AttachPartition: {
            // ATTACH PARTITION <partition's index>: the partition is distributed (colocated with
            // the table, as every partition of a distributed table); PostgreSQL checks the rest.
            Oid partition_relid = InvalidOid;
            Oid partition_index =
                distributed_index_of(castNode(PartitionCmd, cmd->def)->name, &partition_relid);
            RangeVar *name = castNode(PartitionCmd, cmd->def)->name;
            if (!OidIsValid(partition_index) && OidIsValid(RangeVarGetRelid(name, NoLock, true)))
                ereport(ERROR,
                        (errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
                         errmsg("cannot attach index \"%s\" to index \"%s\" of distributed "
                                "table \"%s\"",
                                name->relname, get_rel_name(index_oid), get_rel_name(table_relid)),
                         errdetail("Index \"%s\" does not belong to a distributed table.",
                                   name->relname)));
            break;
        }
        default:
            ereport(ERROR,
                    (errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
                     errmsg("this ALTER INDEX subcommand is not supported for distributed tables"),
                     errdetail("Index \"%s\" belongs to %s \"%s\"; the change would not reach "
                               "the shards' indexes. Supported: SET (...), RESET (...), ALTER "
                               "COLUMN ... SET STATISTICS, ATTACH PARTITION, RENAME.",
                               get_rel_name(index_oid), table_kind(table_relid),
                               get_rel_name(table_relid))));
        }
    }
    auto *state = static_cast<DdlPropagation *>(palloc0(sizeof(DdlPropagation)));
    state->stmt = reinterpret_cast<Node *>(stmt);
    state->relid = table_relid;
    state->index_oid = index_oid;
    return state;
}

namespace {

// ALTER INDEX <index> ATTACH PARTITION <partition index> ran here: the same on each pair of
// shards of the table and the partition with the same shard index (colocated, on the same
// nodes), so each shard's index becomes valid when the coordinator's does.
void attach_partition_index_to_shards(Oid index_oid, Oid table_relid, RangeVar *name)
{
    Oid partition_relid = InvalidOid;
    Oid partition_index = distributed_index_of(name, &partition_relid);
    const metadata::DistributedTable *partition =
        OidIsValid(partition_index) ? metadata::lookup_distributed_table(partition_relid) : nullptr;
    TableCommands *commands = new_table_commands(table_relid);
    if (partition == nullptr || partition->shard_count != commands->count)
        elog(ERROR, "partition index \"%s\" has no shards colocated with table \"%s\"",
             name->relname, get_rel_name(table_relid));
    Oid schema = get_rel_namespace(index_oid);
    const char *index_name = get_rel_name(index_oid);
    Oid partition_schema = get_rel_namespace(partition_index);
    const char *partition_index_name = get_rel_name(partition_index);
    for (int i = 0; i < commands->count; i++)
        commands->commands[i] =
            psprintf("ALTER INDEX %s ATTACH PARTITION %s",
                     qualified_shard_object(schema, index_name, commands->shard_ids[i]),
                     qualified_shard_object(partition_schema, partition_index_name,
                                            partition->shards[i].shard_id));
    send_table_commands(list_make1(commands));
}

} // namespace

void finish_alter_index(DdlPropagation *state)
{
    auto *stmt = castNode(AlterTableStmt, state->stmt);
    Oid index_oid = state->index_oid;
    if (metadata::lookup_distributed_table(state->relid) == nullptr)
        return;
    // ATTACH PARTITION is a statement of its own (the grammar takes no other subcommand).
    if (list_length(stmt->cmds) == 1 &&
        castNode(AlterTableCmd, linitial(stmt->cmds))->subtype == AT_AttachPartition) {
        attach_partition_index_to_shards(
            index_oid, state->relid,
            castNode(PartitionCmd, castNode(AlterTableCmd, linitial(stmt->cmds))->def)->name);
        return;
    }
    // One "ALTER INDEX <shard index> ..." per shard, with the subcommands in statement order.
    List *clauses = NIL; // char*: the subcommands, as text
    ListCell *cell;
    foreach (cell, stmt->cmds) {
        auto *cmd = castNode(AlterTableCmd, lfirst(cell));
        if (cmd->subtype == AT_SetRelOptions) {
            char *options = operations::reloptions_list(index_oid);
            if (options != nullptr)
                clauses = lappend(clauses, psprintf("SET (%s)", options));
        } else if (cmd->subtype == AT_ResetRelOptions) {
            clauses = lappend(clauses,
                              psprintf("RESET (%s)", option_names_text(castNode(List, cmd->def))));
        } else if (cmd->subtype == AT_SetStatistics) {
            AttrNumber attnum = statistics_column(index_oid, cmd);
            if (attnum == InvalidAttrNumber)
                elog(ERROR, "index column of ALTER INDEX ... SET STATISTICS not found");
            clauses = lappend(clauses, psprintf("ALTER COLUMN %d SET STATISTICS %d", attnum,
                                                column_statistics_target(index_oid, attnum)));
        }
    }
    if (clauses == NIL)
        return;
    StringInfoData tail;
    initStringInfo(&tail);
    foreach (cell, clauses)
        appendStringInfo(&tail, "%s%s", tail.len == 0 ? " " : ", ",
                         static_cast<char *>(lfirst(cell)));
    TableCommands *commands = new_table_commands(state->relid);
    Oid schema = get_rel_namespace(index_oid);
    const char *name = get_rel_name(index_oid);
    for (int i = 0; i < commands->count; i++)
        commands->commands[i] =
            psprintf("ALTER INDEX %s%s",
                     qualified_shard_object(schema, name, commands->shard_ids[i]), tail.data);
    send_table_commands(list_make1(commands));
}

} // namespace tessera::commands::ddl_internal
