// Checks the utility hook runs before a statement touches distributed tables.
// PostgreSQL-style code.
#include "tessera/commands/distributed_utility.h"
#include "tessera/commands/distribute.h"
#include "tessera/metadata/distributed_table.h"

extern "C" {
#include "nodes/parsenodes.h"
}

namespace tessera::commands {

void check_utility_statement(Node *parsetree)
{
    if (parsetree == nullptr)
        return;
    if (IsA(parsetree, DropStmt)) {
        DropStmt *drop = castNode(DropStmt, parsetree);
        if (drop->removeType != OBJECT_EXTENSION) {
            error_if_unsupported_ddl(parsetree); // DROP TYPE ... CASCADE
            return;
        }
        ListCell *cell;
        foreach (cell, drop->objects) {
            Node *object = static_cast<Node *>(lfirst(cell));
            if (IsA(object, String) && strcmp(strVal(object), "tessera") == 0)
                check_extension_can_be_dropped();
        }
        return;
    }
    metadata::error_if_utility_uses_distributed_tables(parsetree);
    error_if_unsupported_ddl(parsetree);
}

} // namespace tessera::commands
