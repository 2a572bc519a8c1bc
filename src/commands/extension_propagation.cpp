// CREATE / ALTER / DROP EXTENSION reach every worker in the coordinated transaction, and a
// distributed table's new index or column first gets the extensions it needs on its nodes
// (operations/worker_extensions.cpp does the work on the nodes).
#include "tessera/commands/extension_propagation.h"

#include "tessera/commands/session_statement.h"
#include "tessera/executor/connection.h"
#include "tessera/metadata/distributed_table.h"
#include "tessera/metadata/nodes.h"
#include "tessera/operations/worker_extensions.h"

extern "C" {
#include "catalog/namespace.h"
#include "catalog/pg_class.h"
#include "commands/extension.h"
#include "lib/stringinfo.h"
#include "nodes/parsenodes.h"
#include "utils/builtins.h"
#include "utils/inval.h"
#include "utils/lsyscache.h"
}

namespace tessera::commands {

using operations::object_extensions;
using operations::propagated_extension_name;

namespace {

// The extension a statement names, if it is one Tessera propagates (else InvalidOid).
Oid propagated_extension(const char *name)
{
    if (!propagated_extension_name(name))
        return InvalidOid;
    return get_extension_oid(name, true);
}

// True when statements on this node are to reach the workers.
bool propagating()
{
    return !creating_extension && metadata::extension_present();
}

// Raises if DROP EXTENSION ... CASCADE of `dropped` (extension Oids) would change a
// distributed or reference table on the coordinator only.
void refuse_dropping_used_extensions(List *dropped)
{
    ListCell *table_cell;
    foreach (table_cell, metadata::all_distributed_tables()) {
        Oid relid = lfirst_oid(table_cell);
        List *used = object_extensions(RelationRelationId, relid);
        ListCell *cell;
        foreach (cell, dropped) {
            if (!list_member_oid(used, lfirst_oid(cell)))
                continue;
            ereport(ERROR,
                    (errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
                     errmsg("cannot drop extension %s because %s table %s depends on it",
                            get_extension_name(lfirst_oid(cell)),
                            metadata::is_reference_table(relid) ? "reference" : "distributed",
                            quote_qualified_identifier(get_namespace_name(get_rel_namespace(relid)),
                                                       get_rel_name(relid))),
                     errdetail("DROP EXTENSION ... CASCADE would drop the table's columns, "
                               "indexes or constraints that use the extension on the "
                               "coordinator only, and the shards would differ from their "
                               "table."),
                     errhint("Drop what uses the extension from the table first, or "
                             "undistribute the table with undistribute_table.")));
        }
    }
}

} // namespace

char *prepare_extension_propagation(Node *parsetree)
{
    if (parsetree == nullptr || !IsA(parsetree, DropStmt) || !propagating())
        return nullptr;
    auto *stmt = castNode(DropStmt, parsetree);
    if (stmt->removeType != OBJECT_EXTENSION)
        return nullptr;
    StringInfoData names;
    initStringInfo(&names);
    List *dropped = NIL;
    ListCell *cell;
    foreach (cell, stmt->objects) {
        const char *name = strVal(lfirst(cell));
        if (!propagated_extension_name(name))
            continue;
        appendStringInfo(&names, "%s%s", names.len > 0 ? ", " : "", quote_identifier(name));
        Oid ext = get_extension_oid(name, true);
        if (OidIsValid(ext))
            dropped = lappend_oid(dropped, ext);
    }
    if (names.len == 0)
        return nullptr;
    // With RESTRICT, PostgreSQL itself refuses when a table uses the extension.
    if (stmt->behavior == DROP_CASCADE && dropped != NIL)
        refuse_dropping_used_extensions(dropped);
    return psprintf("DROP EXTENSION IF EXISTS %s %s", names.data,
                    stmt->behavior == DROP_CASCADE ? "CASCADE" : "RESTRICT");
}

void finish_extension_propagation(Node *parsetree, char *prepared)
{
    if (parsetree == nullptr || !propagating())
        return;
    if (prepared != nullptr) {
        executor::execute_on_every_node_in_transaction(metadata::every_worker_node_or_error(),
                                                       prepared);
        return;
    }
    const char *name = nullptr;
    if (IsA(parsetree, CreateExtensionStmt))
        name = castNode(CreateExtensionStmt, parsetree)->extname;
    else if (IsA(parsetree, AlterExtensionStmt))
        name = castNode(AlterExtensionStmt, parsetree)->extname;
    else if (IsA(parsetree, AlterObjectSchemaStmt) &&
             castNode(AlterObjectSchemaStmt, parsetree)->objectType == OBJECT_EXTENSION)
        name = strVal(castNode(AlterObjectSchemaStmt, parsetree)->object);
    if (name == nullptr)
        return;
    Oid ext = propagated_extension(name);
    if (!OidIsValid(ext))
        return;
    operations::ensure_extensions_on_every_worker(operations::extension_with_requirements(ext));
}

void propagate_extension_membership(PlannedStmt *pstmt, const char *query_string)
{
    Node *parsetree = pstmt->utilityStmt;
    if (parsetree == nullptr || !IsA(parsetree, AlterExtensionContentsStmt))
        return;
    // Membership lives in pg_depend, whose changes invalidate nothing, yet every backend's
    // planner caches which objects are extension members (metadata::extension_object_on_workers):
    // the members of an extension other than tessera are taken to be on the workers, so a
    // stale answer would ship a call of an object the workers lack, or keep one on the
    // coordinator that they have. Every backend forgets its answers at commit (this one at the
    // next command), also for statements run by an extension's scripts.
    CacheInvalidateRelcacheAll();
    if (!propagating() || query_string == nullptr)
        return;
    auto *stmt = castNode(AlterExtensionContentsStmt, parsetree);
    if (!OidIsValid(propagated_extension(stmt->extname)))
        return;
    // The user's text, names read as in this session. ADD needs the object on every worker
    // (the workers' extension must list it as the coordinator's does): a worker lacking it
    // fails the statement everywhere, with a hint.
    const char *adding = stmt->action > 0 ? "ADD" : "DROP";
    char *body = psprintf(
        "BEGIN EXECUTE %s; EXCEPTION WHEN undefined_function OR undefined_object OR "
        "undefined_table OR invalid_schema_name THEN RAISE EXCEPTION USING "
        "ERRCODE = SQLSTATE, MESSAGE = SQLERRM, DETAIL = %s, HINT = %s; END",
        quote_literal_cstr(statement_text(pstmt, query_string)),
        quote_literal_cstr(psprintf("ALTER EXTENSION ... %s runs on every worker too, and the "
                                    "object does not exist on this one.",
                                    adding)),
        quote_literal_cstr("Create the object on the workers first (create_distributed_function "
                           "for a function, run_command_on_workers otherwise)."));
    // citus_activate_node creates the extensions a node lacks but does not change the members
    // of one it has: a disabled worker would keep the old membership.
    executor::execute_on_every_node_in_transaction(
        metadata::every_worker_node_or_error(
            "citus_activate_node() creates the extensions a node lacks but does not change "
            "which objects belong to an extension the node has."),
        psprintf("%s;\nDO %s;\n%s", session_settings_command(), quote_literal_cstr(body),
                 restore_session_settings_command()));
}

void ensure_statement_extensions(Node *parsetree)
{
    if (parsetree == nullptr || !propagating())
        return;
    RangeVar *range = nullptr;
    if (IsA(parsetree, IndexStmt))
        range = castNode(IndexStmt, parsetree)->relation;
    else if (IsA(parsetree, AlterTableStmt) &&
             castNode(AlterTableStmt, parsetree)->objtype == OBJECT_TABLE)
        range = castNode(AlterTableStmt, parsetree)->relation;
    if (range == nullptr)
        return;
    Oid relid = RangeVarGetRelid(range, NoLock, true);
    const metadata::DistributedTable *table =
        OidIsValid(relid) ? metadata::lookup_distributed_table(relid) : nullptr;
    if (table == nullptr)
        return;
    int count;
    int32 *group_ids = metadata::placement_group_ids(table, &count);
    operations::ensure_relation_extensions_on_groups(relid, group_ids, count);
}

} // namespace tessera::commands
