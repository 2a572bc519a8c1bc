// CREATE TABLE ... PARTITION OF, ALTER TABLE ... ATTACH PARTITION and DETACH PARTITION on
// distributed partitioned tables (see partition_commands.h). PostgreSQL-style code.
#include "tessera/commands/partition_commands.h"

#include "tessera/commands/ddl_propagation.h"
#include "tessera/commands/distribute.h"
#include "tessera/metadata/distributed_table.h"
#include "tessera/operations/partitions.h"
#include "tessera/operations/shard_ddl.h"

extern "C" {
#include "catalog/index.h"
#include "catalog/namespace.h"
#include "catalog/pg_constraint.h"
#include "catalog/pg_inherits.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"
}

namespace tessera::commands {

enum class PartitionAction { kCreate, kAttachLocal, kAttachDistributed, kDetach };

struct PartitionCommand {
    PartitionAction action;
    Oid parent;
    Oid partition;      // InvalidOid for kCreate: the table does not exist yet
    RangeVar *created;  // kCreate: the new table
    bool if_not_exists; // kCreate
};

namespace {

// Raises the error for a partition statement that distributed tables do not support.
[[noreturn]] void refuse(const char *what, Oid relid, const char *hint)
{
    ereport(ERROR,
            (errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
             errmsg("%s is not supported for distributed tables", what),
             errdetail("Table \"%s\" is %s.", get_rel_name(relid),
                       metadata::is_reference_table(relid) ? "a reference table" : "distributed"),
             hint != nullptr ? errhint("%s", hint) : 0));
    pg_unreachable();
}

// CREATE TABLE ... PARTITION OF: the new partition of a distributed table is distributed too.
PartitionCommand *prepare_create_partition(CreateStmt *stmt)
{
    if (stmt->partbound == nullptr || list_length(stmt->inhRelations) != 1)
        return nullptr;
    Oid parent = metadata::distributed_table_named(linitial_node(RangeVar, stmt->inhRelations));
    if (!OidIsValid(parent))
        return nullptr;
    if (stmt->partspec != nullptr)
        refuse("a partition that is partitioned itself", parent,
               "Create the partition without PARTITION BY.");
    auto *command = static_cast<PartitionCommand *>(palloc0(sizeof(PartitionCommand)));
    command->action = PartitionAction::kCreate;
    command->parent = parent;
    command->created = stmt->relation;
    command->if_not_exists = stmt->if_not_exists;
    return command;
}

// ALTER TABLE parent ATTACH / DETACH PARTITION partition.
PartitionCommand *prepare_alter_partition(AlterTableStmt *stmt)
{
    if (!is_partition_alter_table(stmt))
        return nullptr;
    auto *cmd = linitial_node(AlterTableCmd, stmt->cmds);
    auto *partition_cmd = castNode(PartitionCmd, cmd->def);
    Oid parent = metadata::distributed_table_named(stmt->relation);
    Oid partition = RangeVarGetRelid(partition_cmd->name, NoLock, true);
    bool partition_distributed = OidIsValid(partition) && metadata::is_distributed_table(partition);
    if (!OidIsValid(parent)) {
        // A local partitioned table would read the distributed table's empty local storage.
        if (cmd->subtype == AT_AttachPartition && partition_distributed)
            refuse("attaching a distributed table to a local partitioned table", partition,
                   "Distribute the partitioned table first, then attach the table to it.");
        return nullptr;
    }
    if (!OidIsValid(partition))
        return nullptr; // PostgreSQL reports the missing table
    auto *command = static_cast<PartitionCommand *>(palloc0(sizeof(PartitionCommand)));
    command->parent = parent;
    command->partition = partition;
    if (cmd->subtype == AT_DetachPartition || cmd->subtype == AT_DetachPartitionFinalize) {
        if (partition_cmd->concurrent || cmd->subtype == AT_DetachPartitionFinalize)
            refuse("DETACH PARTITION CONCURRENTLY", parent,
                   "Use DETACH PARTITION without CONCURRENTLY.");
        command->action = PartitionAction::kDetach;
        return command;
    }
    if (!partition_distributed) {
        command->action = PartitionAction::kAttachLocal;
        return command;
    }
    const metadata::DistributedTable *parent_table = metadata::lookup_distributed_table(parent);
    const metadata::DistributedTable *table = metadata::lookup_distributed_table(partition);
    if (table->partition_method != metadata::kDistributeByHash ||
        table->colocation_id != parent_table->colocation_id)
        ereport(ERROR,
                (errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
                 errmsg("cannot attach table \"%s\" to distributed table \"%s\": it is not "
                        "colocated with it",
                        get_rel_name(partition), get_rel_name(parent)),
                 errdetail("A partition's shards must be on the nodes of its partitioned "
                           "table's shards."),
                 errhint("Undistribute \"%s\" and attach it as a local table, or distribute it "
                         "with colocate_with => '%s'.",
                         get_rel_name(partition), get_rel_name(parent))));
    operations::check_partition_definition(partition, table->dist_column);
    command->action = PartitionAction::kAttachDistributed;
    return command;
}

// Builds "ALTER TABLE <parent shard> ATTACH PARTITION <shard> ..." for shard `shard_id` of
// partition `relid` (send_commands_to_shards callback).
char *attach_command(Oid relid, int64 shard_id, void *)
{
    const metadata::DistributedTable *table = metadata::lookup_distributed_table(relid);
    for (int i = 0; i < table->shard_count; i++)
        if (table->shards[i].shard_id == shard_id)
            return static_cast<char *>(
                linitial(operations::shard_attach_commands(relid, i, shard_id)));
    elog(ERROR, "shard " INT64_FORMAT " of relation %u not found", shard_id, relid);
    return nullptr;
}

// Builds "ALTER TABLE <parent shard> DETACH PARTITION <shard>" (send_commands_to_shards
// callback); `arg` points to the parent's Oid.
char *detach_command(Oid relid, int64 shard_id, void *arg)
{
    Oid parent = *static_cast<Oid *>(arg);
    const metadata::DistributedTable *table = metadata::lookup_distributed_table(relid);
    const metadata::DistributedTable *parent_table = metadata::lookup_distributed_table(parent);
    for (int i = 0; i < table->shard_count; i++)
        if (table->shards[i].shard_id == shard_id)
            return operations::shard_detach_partition_command(relid, shard_id, parent,
                                                              parent_table->shards[i].shard_id);
    elog(ERROR, "shard " INT64_FORMAT " of relation %u not found", shard_id, relid);
    return nullptr;
}

// The DO block that renames, on the node of shard `shard_id` of partitioned table `relid`, the
// indexes the worker made on the partitions' shards for the shard's index of `arg` (a
// partitioned index Oid, pointed to) to the names the catalogs give them (<index>_<shardid>),
// as for new shards. Renaming a constraint's index renames the constraint too. (A
// send_commands_to_shards callback.)
char *partition_index_rename_command(Oid relid, int64 shard_id, void *arg)
{
    Oid index_oid = *static_cast<Oid *>(arg);
    const metadata::DistributedTable *table = metadata::lookup_distributed_table(relid);
    int shard_index = -1;
    for (int i = 0; i < table->shard_count; i++)
        if (table->shards[i].shard_id == shard_id)
            shard_index = i;
    char *schema = get_namespace_name(get_rel_namespace(index_oid));
    StringInfoData values;
    initStringInfo(&values);
    ListCell *cell;
    foreach (cell, find_inheritance_children(index_oid, NoLock)) {
        Oid partition_index = lfirst_oid(cell);
        Oid partition = IndexGetRelation(partition_index, false);
        const metadata::DistributedTable *partition_table =
            metadata::lookup_distributed_table(partition);
        if (partition_table == nullptr || shard_index < 0 ||
            shard_index >= partition_table->shard_count)
            continue;
        int64 partition_shard = partition_table->shards[shard_index].shard_id;
        appendStringInfo(
            &values, "%s(%s, %s)", values.len > 0 ? ", " : "",
            quote_literal_cstr(metadata::qualified_shard_name(partition, partition_shard)),
            quote_literal_cstr(
                metadata::shard_table_name(get_rel_name(partition_index), partition_shard)));
    }
    if (values.len == 0)
        return nullptr;
    char *parent_index = quote_qualified_identifier(
        schema, metadata::shard_table_name(get_rel_name(index_oid), shard_id));
    char *body = psprintf(
        "DECLARE r record; BEGIN FOR r IN SELECT x.indexrelid::pg_catalog.regclass AS idx, "
        "e.expected FROM (VALUES %s) e(tab, expected) JOIN pg_catalog.pg_index x ON x.indrelid "
        "= e.tab::pg_catalog.regclass JOIN pg_catalog.pg_inherits i ON i.inhrelid = "
        "x.indexrelid AND i.inhparent = %s::pg_catalog.regclass JOIN pg_catalog.pg_class c ON "
        "c.oid = x.indexrelid WHERE c.relname OPERATOR(pg_catalog.<>) e.expected LOOP EXECUTE "
        "pg_catalog.format('ALTER INDEX %%s RENAME TO %%I', r.idx, r.expected); END LOOP; END",
        values.data, quote_literal_cstr(parent_index));
    return psprintf("DO %s", quote_literal_cstr(body));
}

} // namespace

void name_partition_shard_indexes(Oid relid, const Oid *constraint_oids, int count)
{
    if (!operations::is_partitioned_table(relid))
        return;
    for (int i = 0; i < count; i++) {
        Oid index_oid = get_constraint_index(constraint_oids[i]);
        if (!OidIsValid(index_oid))
            continue;
        auto *arg = static_cast<Oid *>(palloc(sizeof(Oid)));
        *arg = index_oid;
        send_commands_to_shards(list_make1_oid(relid), partition_index_rename_command, arg);
    }
}

bool is_partition_alter_table(AlterTableStmt *stmt)
{
    if (list_length(stmt->cmds) != 1)
        return false;
    auto *cmd = linitial_node(AlterTableCmd, stmt->cmds);
    return cmd->subtype == AT_AttachPartition || cmd->subtype == AT_DetachPartition ||
           cmd->subtype == AT_DetachPartitionFinalize;
}

PartitionCommand *prepare_partition_command(Node *parsetree)
{
    if (parsetree == nullptr || !metadata::extension_present())
        return nullptr;
    if (IsA(parsetree, CreateStmt))
        return prepare_create_partition(castNode(CreateStmt, parsetree));
    if (IsA(parsetree, AlterTableStmt))
        return prepare_alter_partition(castNode(AlterTableStmt, parsetree));
    return nullptr;
}

void finish_partition_command(PartitionCommand *command)
{
    if (command == nullptr)
        return;
    switch (command->action) {
    case PartitionAction::kCreate: {
        Oid relid = RangeVarGetRelid(command->created, NoLock, false);
        // CREATE TABLE IF NOT EXISTS of a table that was there: nothing was created.
        if (metadata::is_distributed_table(relid) ||
            operations::distributed_partition_parent(relid) != command->parent)
            return;
        distribute_partition(relid, command->parent);
        break;
    }
    case PartitionAction::kAttachLocal:
        distribute_partition(command->partition, command->parent);
        break;
    case PartitionAction::kAttachDistributed:
        send_commands_to_shards(list_make1_oid(command->partition), attach_command, nullptr);
        break;
    case PartitionAction::kDetach:
        send_commands_to_shards(list_make1_oid(command->partition), detach_command,
                                &command->parent);
        break;
    }
}

} // namespace tessera::commands
