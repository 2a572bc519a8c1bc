// ALTER TYPE ... ADD VALUE / RENAME VALUE on an enum type reaches the workers that have the type
// (distributed tables' enum column types are created there: operations/worker_objects.cpp), in
// the coordinated transaction, so the labels stay the same on every node.
#include "tessera/commands/enum_propagation.h"

#include "tessera/executor/connection.h"
#include "tessera/metadata/distributed_table.h"
#include "tessera/metadata/nodes.h"

extern "C" {
#include "commands/extension.h"
#include "lib/stringinfo.h"
#include "nodes/makefuncs.h"
#include "nodes/parsenodes.h"
#include "parser/parse_type.h"
#include "utils/builtins.h"
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
}

} // namespace tessera::commands
