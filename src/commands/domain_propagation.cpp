// ALTER DOMAIN on a domain the workers have (the column type of a distributed table is created
// there: operations/worker_objects.cpp) runs there too, in the coordinated transaction. The
// shards check values against their node's domain: with a constraint added on the coordinator
// only, an UPDATE that the workers run would store values the coordinator then refuses to read
// back; a dropped one would still refuse values there. The coordinator's own copies of
// distributed tables are empty, so an added constraint is validated against the shards' rows
// there, as PostgreSQL validates a table's rows.
#include "tessera/commands/domain_propagation.h"

#include "tessera/commands/session_statement.h"
#include "tessera/executor/connection.h"
#include "tessera/metadata/distributed_table.h"
#include "tessera/metadata/nodes.h"

extern "C" {
#include "commands/extension.h"
#include "nodes/makefuncs.h"
#include "nodes/parsenodes.h"
#include "parser/parse_type.h"
#include "utils/builtins.h"
}

namespace tessera::commands {

void propagate_domain_statement(PlannedStmt *pstmt, const char *query_string)
{
    Node *parsetree = pstmt->utilityStmt;
    if (parsetree == nullptr || !IsA(parsetree, AlterDomainStmt) || creating_extension ||
        !metadata::extension_present() || query_string == nullptr)
        return;
    auto *stmt = castNode(AlterDomainStmt, parsetree);
    Oid type = typenameTypeId(nullptr, makeTypeNameFromNameList(stmt->typeName));
    const char *qualified = format_type_extended(type, -1, FORMAT_TYPE_FORCE_QUALIFY);
    // The user's text, with names and literals read as in this session, where the domain exists.
    char *body = psprintf("BEGIN IF pg_catalog.to_regtype(%s) IS NOT NULL THEN EXECUTE %s; "
                          "END IF; END",
                          quote_literal_cstr(qualified),
                          quote_literal_cstr(statement_text(pstmt, query_string)));
    executor::execute_on_every_node_in_transaction(
        metadata::every_worker_node_or_error(),
        psprintf("%s;\nDO %s;\n%s", session_settings_command(), quote_literal_cstr(body),
                 restore_session_settings_command()));
}

} // namespace tessera::commands
