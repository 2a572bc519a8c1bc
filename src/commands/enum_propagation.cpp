// ALTER TYPE ... ADD VALUE / RENAME VALUE on an enum type reaches the workers that have the type
// (distributed tables' enum column types are created there: operations/worker_objects.cpp), in
// the coordinated transaction, so the labels stay the same on every node.
#include "tessera/commands/enum_propagation.h"

#include "tessera/commands/ddl_propagation.h"
#include "tessera/executor/connection.h"
#include "tessera/metadata/distributed_table.h"
#include "tessera/metadata/nodes.h"
#include "tessera/operations/shard_triggers.h"

extern "C" {
#include "access/xact.h"
#include "commands/extension.h"
#include "lib/stringinfo.h"
#include "nodes/makefuncs.h"
#include "nodes/parsenodes.h"
#include "parser/parse_type.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"
}

namespace tessera::commands {

namespace {

// The worker command for `stmt` on the type named `qualified`: run only where the type exists.
char *enum_command(AlterEnumStmt *stmt, const char *qualified)
{
    StringInfoData command;
    initStringInfo(&command);
    appendStringInfo(&command, "ALTER TYPE %s ", qualified);
    if (stmt->oldVal != nullptr) {
        appendStringInfo(&command, "RENAME VALUE %s TO %s", quote_literal_cstr(stmt->oldVal),
                         quote_literal_cstr(stmt->newVal));
    } else {
        appendStringInfo(&command, "ADD VALUE %s%s",
                         stmt->skipIfNewValExists ? "IF NOT EXISTS " : "",
                         quote_literal_cstr(stmt->newVal));
        if (stmt->newValNeighbor != nullptr)
            appendStringInfo(&command, " %s %s", stmt->newValIsAfter ? "AFTER" : "BEFORE",
                             quote_literal_cstr(stmt->newValNeighbor));
    }
    char *body = psprintf("BEGIN IF pg_catalog.to_regtype(%s) IS NOT NULL THEN EXECUTE %s; "
                          "END IF; END",
                          quote_literal_cstr(qualified), quote_literal_cstr(command.data));
    return psprintf("DO %s", quote_literal_cstr(body));
}

// The shard-range guard of shard `shard_id` of `relid` (send_commands_to_shards' callback).
char *range_guard_command(Oid relid, int64 shard_id, void *)
{
    return operations::shard_range_guard_command_if_needed(relid, shard_id);
}

// The shard-range guards of the tables distributed by enum `type` (or a domain over it) with
// BEFORE row triggers list the labels of each shard's range (enum_hash_condition.h): a label
// added or renamed changes those lists, so the guards are made again on every shard.
void refresh_enum_range_guards(Oid type)
{
    CommandCounterIncrement();
    List *relids = NIL;
    ListCell *cell;
    foreach (cell, metadata::all_distributed_tables()) {
        Oid relid = lfirst_oid(cell);
        const metadata::DistributedTable *table = metadata::lookup_distributed_table(relid);
        if (table != nullptr && table->partition_method == metadata::kDistributeByHash &&
            !table->single_shard && table->dist_column != InvalidAttrNumber &&
            getBaseType(get_atttype(relid, table->dist_column)) == type &&
            operations::has_before_row_write_trigger(relid))
            relids = lappend_oid(relids, relid);
    }
    if (relids != NIL)
        send_commands_to_shards(relids, range_guard_command, nullptr);
}

} // namespace

void propagate_enum_statement(Node *parsetree)
{
    if (parsetree == nullptr || !IsA(parsetree, AlterEnumStmt) || creating_extension ||
        !metadata::extension_present())
        return;
    auto *stmt = castNode(AlterEnumStmt, parsetree);
    Oid type = typenameTypeId(nullptr, makeTypeNameFromNameList(stmt->typeName));
    const char *qualified = format_type_extended(type, -1, FORMAT_TYPE_FORCE_QUALIFY);
    executor::execute_on_every_node_in_transaction(metadata::every_worker_node_or_error(),
                                                   enum_command(stmt, qualified));
    refresh_enum_range_guards(type);
}

} // namespace tessera::commands
