// DROP SCHEMA, ALTER SCHEMA ... RENAME TO and ALTER SCHEMA ... OWNER TO reach the workers. A
// schema is created on a worker when a distributed table (or a type it uses) first needs it
// there (operations/worker_objects.cpp); afterwards the shards are named through the
// coordinator's schema name, so a rename must happen on the workers too, and a dropped schema
// must not stay behind there (with privileges that keep its roles from being dropped).
#include "tessera/commands/schema_propagation.h"

#include "tessera/executor/connection.h"
#include "tessera/metadata/distributed_table.h"
#include "tessera/metadata/nodes.h"

extern "C" {
#include "commands/extension.h"
#include "lib/stringinfo.h"
#include "miscadmin.h"
#include "nodes/parsenodes.h"
#include "utils/acl.h"
#include "utils/builtins.h"
}

namespace tessera::commands {

namespace {

// A worker command that runs `command` only where schema `name` exists.
char *where_schema_exists(const char *name, const char *command)
{
    char *body = psprintf("BEGIN IF EXISTS (SELECT 1 FROM pg_catalog.pg_namespace WHERE "
                          "nspname = %s) THEN EXECUTE %s; END IF; END",
                          quote_literal_cstr(name), quote_literal_cstr(command));
    return psprintf("DO %s", quote_literal_cstr(body));
}

// The worker commands for `parsetree`, or nullptr when it changes no schema. Everything the
// dropped schemas held on the coordinator was dropped with them (or they were empty), shards
// included; what a worker may still hold there are objects Tessera created for those tables.
char *schema_command(Node *parsetree)
{
    if (IsA(parsetree, DropStmt)) {
        auto *stmt = castNode(DropStmt, parsetree);
        if (stmt->removeType != OBJECT_SCHEMA)
            return nullptr;
        StringInfoData command;
        initStringInfo(&command);
        appendStringInfoString(&command, "DROP SCHEMA IF EXISTS ");
        ListCell *cell;
        foreach (cell, stmt->objects)
            appendStringInfo(&command, "%s%s", cell == list_head(stmt->objects) ? "" : ", ",
                             quote_identifier(strVal(lfirst(cell))));
        appendStringInfoString(&command, " CASCADE");
        return command.data;
    }
    if (IsA(parsetree, RenameStmt)) {
        auto *stmt = castNode(RenameStmt, parsetree);
        if (stmt->renameType != OBJECT_SCHEMA)
            return nullptr;
        return where_schema_exists(stmt->subname, psprintf("ALTER SCHEMA %s RENAME TO %s",
                                                           quote_identifier(stmt->subname),
                                                           quote_identifier(stmt->newname)));
    }
    if (IsA(parsetree, AlterOwnerStmt)) {
        auto *stmt = castNode(AlterOwnerStmt, parsetree);
        if (stmt->objectType != OBJECT_SCHEMA)
            return nullptr;
        const char *name = strVal(stmt->object);
        Oid owner = get_rolespec_oid(stmt->newowner, false);
        return where_schema_exists(name,
                                   psprintf("ALTER SCHEMA %s OWNER TO %s", quote_identifier(name),
                                            quote_identifier(GetUserNameFromId(owner, false))));
    }
    return nullptr;
}

} // namespace

void propagate_schema_statement(Node *parsetree)
{
    if (parsetree == nullptr || creating_extension || !metadata::extension_present())
        return;
    char *command = schema_command(parsetree);
    if (command == nullptr)
        return;
    executor::execute_on_every_node_in_transaction(metadata::every_worker_node_or_error(), command);
}

} // namespace tessera::commands
