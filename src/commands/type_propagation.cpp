// ALTER TYPE / ALTER DOMAIN statements that change how a type is named or built, and DROP TYPE /
// DROP DOMAIN (and DROP COLLATION), run on the workers that have the type too (the enum, domain and
// composite types of distributed tables' columns are created there: operations/worker_objects.cpp),
// in the coordinated transaction. Shard queries name user types as the coordinator does, and
// composite values come back in the worker's shape: a type renamed, moved or given another
// attribute on the coordinator only made every later query of its tables fail. Enum labels
// (enum_propagation.cpp) and domain constraints and defaults (domain_propagation.cpp) have their
// own files.
#include "tessera/commands/type_propagation.h"

#include "tessera/commands/session_statement.h"
#include "tessera/executor/connection.h"
#include "tessera/metadata/distributed_table.h"
#include "tessera/metadata/nodes.h"
#include "tessera/operations/worker_objects.h"

extern "C" {
#include "catalog/namespace.h"
#include "catalog/pg_collation.h"
#include "commands/extension.h"
#include "nodes/makefuncs.h"
#include "nodes/parsenodes.h"
#include "parser/parse_type.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"
#include "utils/syscache.h"
}

namespace tessera::commands {

namespace {

// The type a type-name list (or, in DROP TYPE, a TypeName) names, or InvalidOid when there is none
// (the statement then fails locally, with PostgreSQL's own error).
Oid type_named(Node *object)
{
    TypeName *name = IsA(object, TypeName) ? castNode(TypeName, object)
                                           : makeTypeNameFromNameList(castNode(List, object));
    Type type = LookupTypeName(nullptr, name, nullptr, true);
    if (type == nullptr)
        return InvalidOid;
    Oid oid = typeTypeId(type);
    ReleaseSysCache(type);
    return oid;
}

// The composite type a RangeVar names (ALTER TYPE ... ADD ATTRIBUTE, RENAME ATTRIBUTE).
Oid composite_type_named(RangeVar *relation)
{
    Oid relid = RangeVarGetRelid(relation, NoLock, true);
    return OidIsValid(relid) ? get_rel_type_id(relid) : InvalidOid;
}

// The user type `parsetree` changes, if it is one of the statements this file propagates;
// `target_schema` is set for SET SCHEMA.
Oid changed_type(Node *parsetree, Oid *target_schema)
{
    *target_schema = InvalidOid;
    switch (nodeTag(parsetree)) {
    case T_RenameStmt: {
        auto *stmt = castNode(RenameStmt, parsetree);
        if (stmt->renameType == OBJECT_TYPE || stmt->renameType == OBJECT_DOMAIN ||
            stmt->renameType == OBJECT_DOMCONSTRAINT)
            return type_named(stmt->object);
        if (stmt->renameType == OBJECT_ATTRIBUTE && stmt->relationType == OBJECT_TYPE)
            return composite_type_named(stmt->relation);
        return InvalidOid;
    }
    case T_AlterObjectSchemaStmt: {
        auto *stmt = castNode(AlterObjectSchemaStmt, parsetree);
        if (stmt->objectType != OBJECT_TYPE && stmt->objectType != OBJECT_DOMAIN)
            return InvalidOid;
        *target_schema = get_namespace_oid(stmt->newschema, true);
        return type_named(stmt->object);
    }
    case T_AlterOwnerStmt: {
        auto *stmt = castNode(AlterOwnerStmt, parsetree);
        if (stmt->objectType != OBJECT_TYPE && stmt->objectType != OBJECT_DOMAIN)
            return InvalidOid;
        return type_named(stmt->object);
    }
    case T_AlterTableStmt: {
        auto *stmt = castNode(AlterTableStmt, parsetree);
        return stmt->objtype == OBJECT_TYPE ? composite_type_named(stmt->relation) : InvalidOid;
    }
    default:
        return InvalidOid;
    }
}

// For DROP TYPE / DROP DOMAIN: the commands that drop, on a worker, each of the named user types
// it has (nullptr when none of them exists here). A type left behind on the workers would be
// taken as it is by a later table whose type of the same name is defined otherwise.
char *drop_types_command(DropStmt *stmt)
{
    StringInfoData body;
    initStringInfo(&body);
    ListCell *cell;
    foreach (cell, stmt->objects) {
        Oid type = type_named(static_cast<Node *>(lfirst(cell)));
        if (!OidIsValid(type) || type < FirstNormalObjectId)
            continue;
        const char *qualified = format_type_extended(type, -1, FORMAT_TYPE_FORCE_QUALIFY);
        appendStringInfo(&body,
                         "IF pg_catalog.to_regtype(%s) IS NOT NULL THEN EXECUTE %s; END IF; ",
                         quote_literal_cstr(qualified),
                         quote_literal_cstr(psprintf(
                             "DROP %s %s%s", stmt->removeType == OBJECT_DOMAIN ? "DOMAIN" : "TYPE",
                             qualified, stmt->behavior == DROP_CASCADE ? " CASCADE" : "")));
    }
    if (body.len == 0)
        return nullptr;
    return psprintf("DO %s", quote_literal_cstr(psprintf("BEGIN %sEND", body.data)));
}

// For DROP COLLATION: the command that drops, on a worker, the named user collations it has
// (created there for distributed tables' columns: operations/worker_objects.cpp).
char *drop_collations_command(DropStmt *stmt)
{
    StringInfoData names;
    initStringInfo(&names);
    ListCell *cell;
    foreach (cell, stmt->objects) {
        Oid collation = get_collation_oid(castNode(List, lfirst(cell)), true);
        if (!OidIsValid(collation) || collation < FirstNormalObjectId)
            continue;
        HeapTuple tuple = SearchSysCache1(COLLOID, ObjectIdGetDatum(collation));
        if (!HeapTupleIsValid(tuple))
            continue;
        auto *form = reinterpret_cast<Form_pg_collation>(GETSTRUCT(tuple));
        appendStringInfo(&names, "%s%s", names.len > 0 ? ", " : "",
                         quote_qualified_identifier(get_namespace_name(form->collnamespace),
                                                    NameStr(form->collname)));
        ReleaseSysCache(tuple);
    }
    if (names.len == 0)
        return nullptr;
    return psprintf("DROP COLLATION IF EXISTS %s%s", names.data,
                    stmt->behavior == DROP_CASCADE ? " CASCADE" : "");
}

} // namespace

char *prepare_type_propagation(PlannedStmt *pstmt, const char *query_string)
{
    Node *parsetree = pstmt->utilityStmt;
    if (parsetree == nullptr || query_string == nullptr || creating_extension ||
        !metadata::extension_present())
        return nullptr;
    if (IsA(parsetree, DropStmt)) {
        auto *stmt = castNode(DropStmt, parsetree);
        if (stmt->removeType == OBJECT_COLLATION)
            return drop_collations_command(stmt);
        return stmt->removeType == OBJECT_TYPE || stmt->removeType == OBJECT_DOMAIN
                   ? drop_types_command(stmt)
                   : nullptr;
    }
    Oid target_schema;
    Oid type = changed_type(parsetree, &target_schema);
    if (!OidIsValid(type) || type < FirstNormalObjectId)
        return nullptr;
    const char *qualified = format_type_extended(type, -1, FORMAT_TYPE_FORCE_QUALIFY);
    // The user's text, read as in this session, where the type exists (under its old name).
    char *body = psprintf("BEGIN IF pg_catalog.to_regtype(%s) IS NOT NULL THEN EXECUTE %s; "
                          "END IF; END",
                          quote_literal_cstr(qualified),
                          quote_literal_cstr(statement_text(pstmt, query_string)));
    return psprintf("%s;\n%sDO %s;\n%s", session_settings_command(),
                    OidIsValid(target_schema)
                        ? psprintf("%s;\n", operations::ensure_schema_command(target_schema))
                        : "",
                    quote_literal_cstr(body), restore_session_settings_command());
}

void finish_type_propagation(char *command)
{
    if (command == nullptr)
        return;
    executor::execute_on_every_node_in_transaction(metadata::every_worker_node_or_error(), command);
}

} // namespace tessera::commands
