// Extensions on the worker nodes: worker_extensions.h. A shard of a table whose column is a
// citext, whose index uses gin_trgm_ops or whose default calls uuid_generate_v4() can only be
// created on a worker that has the extension, in the coordinator's schema (the shards'
// definitions name its objects schema-qualified) and version. Which extensions an object needs
// is found through pg_depend. The tessera extension itself and plpgsql (which every database
// has) are left alone.
#include "tessera/operations/worker_extensions.h"

#include "tessera/executor/connection.h"
#include "tessera/metadata/distributed_table.h"
#include "tessera/metadata/nodes.h"
#include "tessera/operations/worker_objects.h"

extern "C" {
#include "access/genam.h"
#include "access/htup_details.h"
#include "access/skey.h"
#include "access/stratnum.h"
#include "access/table.h"
#include "catalog/dependency.h"
#include "catalog/indexing.h"
#include "catalog/namespace.h"
#include "catalog/objectaddress.h"
#include "catalog/pg_class.h"
#include "catalog/pg_depend.h"
#include "catalog/pg_extension.h"
#include "catalog/pg_proc.h"
#include "commands/extension.h"
#include "lib/stringinfo.h"
#include "nodes/parsenodes.h"
#include "utils/builtins.h"
#include "utils/fmgroids.h"
#include "utils/lsyscache.h"
#include "utils/rel.h"
}

namespace tessera::operations {

namespace {

// One extension as the coordinator has it.
struct ExtensionInfo {
    char *name;
    Oid schema;
    char *version;
};

// The coordinator's pg_extension row of extension `ext`.
ExtensionInfo extension_info(Oid ext)
{
    Relation rel = table_open(ExtensionRelationId, AccessShareLock);
    ScanKeyData key;
    ScanKeyInit(&key, Anum_pg_extension_oid, BTEqualStrategyNumber, F_OIDEQ, ObjectIdGetDatum(ext));
    SysScanDesc scan = systable_beginscan(rel, ExtensionOidIndexId, true, nullptr, 1, &key);
    HeapTuple tuple = systable_getnext(scan);
    if (!HeapTupleIsValid(tuple))
        elog(ERROR, "could not find extension %u", ext);
    auto *form = reinterpret_cast<Form_pg_extension>(GETSTRUCT(tuple));
    ExtensionInfo info;
    info.name = pstrdup(NameStr(form->extname));
    info.schema = form->extnamespace;
    bool isnull;
    Datum version =
        heap_getattr(tuple, Anum_pg_extension_extversion, RelationGetDescr(rel), &isnull);
    info.version = isnull ? nullptr : TextDatumGetCString(version);
    systable_endscan(scan);
    table_close(rel, AccessShareLock);
    return info;
}

// Appends extension `ext` to *extensions after the extensions it requires (recursively), so
// that the list can be created in order. Extensions not propagated are left out.
void add_extension_in_order(Oid ext, List **extensions)
{
    if (list_member_oid(*extensions, ext))
        return;
    Relation depend = table_open(DependRelationId, AccessShareLock);
    ScanKeyData keys[2];
    ScanKeyInit(&keys[0], Anum_pg_depend_classid, BTEqualStrategyNumber, F_OIDEQ,
                ObjectIdGetDatum(ExtensionRelationId));
    ScanKeyInit(&keys[1], Anum_pg_depend_objid, BTEqualStrategyNumber, F_OIDEQ,
                ObjectIdGetDatum(ext));
    SysScanDesc scan = systable_beginscan(depend, DependDependerIndexId, true, nullptr, 2, keys);
    List *required = NIL;
    HeapTuple tuple;
    while (HeapTupleIsValid(tuple = systable_getnext(scan))) {
        auto *form = reinterpret_cast<Form_pg_depend>(GETSTRUCT(tuple));
        if (form->refclassid == ExtensionRelationId)
            required = lappend_oid(required, form->refobjid);
    }
    systable_endscan(scan);
    table_close(depend, AccessShareLock);
    ListCell *cell;
    foreach (cell, required)
        add_extension_in_order(lfirst_oid(cell), extensions);
    char *name = get_extension_name(ext);
    if (name != nullptr && propagated_extension_name(name))
        *extensions = list_append_unique_oid(*extensions, ext);
}

// True if *visited holds (classid, objid); else adds it and returns false.
bool visited_before(Oid classid, Oid objid, List **visited)
{
    ListCell *cell;
    foreach (cell, *visited) {
        auto *address = static_cast<ObjectAddress *>(lfirst(cell));
        if (address->classId == classid && address->objectId == objid)
            return true;
    }
    auto *address = static_cast<ObjectAddress *>(palloc0(sizeof(ObjectAddress)));
    address->classId = classid;
    address->objectId = objid;
    *visited = lappend(*visited, address);
    return false;
}

// Adds to *extensions (in creation order) the extension object (classid, objid) belongs to,
// or, for an object of no extension, those of the objects it depends on, recursively. For a
// relation the objects that belong to it (indexes, defaults, constraints, partitions, owned
// sequences) count as well. Built-in objects belong to none.
void collect_object_extensions(Oid classid, Oid objid, List **visited, List **extensions)
{
    if (objid < FirstNormalObjectId || visited_before(classid, objid, visited))
        return;
    Oid ext = getExtensionOfObject(classid, objid);
    if (OidIsValid(ext)) {
        add_extension_in_order(ext, extensions);
        return;
    }
    List *next = NIL;
    Relation depend = table_open(DependRelationId, AccessShareLock);
    ScanKeyData keys[2];
    ScanKeyInit(&keys[0], Anum_pg_depend_classid, BTEqualStrategyNumber, F_OIDEQ,
                ObjectIdGetDatum(classid));
    ScanKeyInit(&keys[1], Anum_pg_depend_objid, BTEqualStrategyNumber, F_OIDEQ,
                ObjectIdGetDatum(objid));
    SysScanDesc scan = systable_beginscan(depend, DependDependerIndexId, true, nullptr, 2, keys);
    HeapTuple tuple;
    while (HeapTupleIsValid(tuple = systable_getnext(scan))) {
        auto *form = reinterpret_cast<Form_pg_depend>(GETSTRUCT(tuple));
        // (An object that merely goes away with an extension, DEPENDS ON EXTENSION, does not
        // need it.)
        if (form->deptype == DEPENDENCY_EXTENSION || form->deptype == DEPENDENCY_AUTO_EXTENSION)
            continue;
        auto *address = static_cast<ObjectAddress *>(palloc0(sizeof(ObjectAddress)));
        address->classId = form->refclassid;
        address->objectId = form->refobjid;
        next = lappend(next, address);
    }
    systable_endscan(scan);
    if (classid == RelationRelationId) {
        ScanKeyInit(&keys[0], Anum_pg_depend_refclassid, BTEqualStrategyNumber, F_OIDEQ,
                    ObjectIdGetDatum(classid));
        ScanKeyInit(&keys[1], Anum_pg_depend_refobjid, BTEqualStrategyNumber, F_OIDEQ,
                    ObjectIdGetDatum(objid));
        scan = systable_beginscan(depend, DependReferenceIndexId, true, nullptr, 2, keys);
        while (HeapTupleIsValid(tuple = systable_getnext(scan))) {
            auto *form = reinterpret_cast<Form_pg_depend>(GETSTRUCT(tuple));
            if (form->deptype != DEPENDENCY_AUTO && form->deptype != DEPENDENCY_INTERNAL &&
                form->deptype != DEPENDENCY_PARTITION_PRI &&
                form->deptype != DEPENDENCY_PARTITION_SEC)
                continue;
            auto *address = static_cast<ObjectAddress *>(palloc0(sizeof(ObjectAddress)));
            address->classId = form->classid;
            address->objectId = form->objid;
            next = lappend(next, address);
        }
        systable_endscan(scan);
    }
    table_close(depend, AccessShareLock);
    ListCell *cell;
    foreach (cell, next) {
        auto *address = static_cast<ObjectAddress *>(lfirst(cell));
        collect_object_extensions(address->classId, address->objectId, visited, extensions);
    }
}

// Every extension of the coordinator Tessera propagates, in creation order.
List *all_extensions()
{
    List *extensions = NIL;
    Relation rel = table_open(ExtensionRelationId, AccessShareLock);
    SysScanDesc scan = systable_beginscan(rel, InvalidOid, false, nullptr, 0, nullptr);
    HeapTuple tuple;
    List *oids = NIL;
    while (HeapTupleIsValid(tuple = systable_getnext(scan)))
        oids = lappend_oid(oids, reinterpret_cast<Form_pg_extension>(GETSTRUCT(tuple))->oid);
    systable_endscan(scan);
    table_close(rel, AccessShareLock);
    ListCell *cell;
    foreach (cell, oids)
        add_extension_in_order(lfirst_oid(cell), &extensions);
    return extensions;
}

// A command that gives a node extension `ext` as the coordinator has it: its schema first
// where missing, then the extension created, updated to the coordinator's version or moved to
// its schema, as the node needs; a concurrent creation is tolerated.
char *ensure_extension_command(Oid ext)
{
    ExtensionInfo info = extension_info(ext);
    const char *name = quote_identifier(info.name);
    const char *schema_name = get_namespace_name(info.schema);
    const char *schema = quote_identifier(schema_name);
    const char *version = quote_literal_cstr(info.version);
    char *body = psprintf(
        "DECLARE found_schema name; found_version text; "
        "BEGIN "
        "SELECT n.nspname, e.extversion INTO found_schema, found_version "
        "FROM pg_catalog.pg_extension e JOIN pg_catalog.pg_namespace n ON n.oid = e.extnamespace "
        "WHERE e.extname = %s; "
        "IF NOT FOUND THEN "
        "BEGIN "
        "CREATE EXTENSION %s WITH SCHEMA %s VERSION %s; "
        "EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; "
        "END; "
        "ELSE "
        "IF found_version IS DISTINCT FROM %s THEN ALTER EXTENSION %s UPDATE TO %s; END IF; "
        "IF found_schema IS DISTINCT FROM %s THEN ALTER EXTENSION %s SET SCHEMA %s; END IF; "
        "END IF; "
        "END",
        quote_literal_cstr(info.name), name, schema, version, version, name, version,
        quote_literal_cstr(schema_name), name, schema);
    return psprintf("%s;\nDO %s;\n", ensure_schema_command(info.schema), quote_literal_cstr(body));
}

// The commands that give a node `extensions` (in creation order).
char *ensure_extensions_commands(List *extensions)
{
    StringInfoData commands;
    initStringInfo(&commands);
    ListCell *cell;
    foreach (cell, extensions)
        appendStringInfoString(&commands, ensure_extension_command(lfirst_oid(cell)));
    return commands.data;
}

// A query for a node: the name of each of `extensions` it does not have as the coordinator
// does (schema and version), and whether its installation can provide that version.
char *extension_difference_query(List *extensions)
{
    StringInfoData values;
    initStringInfo(&values);
    ListCell *cell;
    foreach (cell, extensions) {
        ExtensionInfo info = extension_info(lfirst_oid(cell));
        appendStringInfo(&values, "%s(%s, %s, %s)", values.len > 0 ? ", " : "",
                         quote_literal_cstr(info.name), quote_literal_cstr(info.version),
                         quote_literal_cstr(get_namespace_name(info.schema)));
    }
    return psprintf("SELECT x.name, x.version, EXISTS (SELECT 1 FROM "
                    "pg_catalog.pg_available_extension_versions a WHERE a.name = x.name AND "
                    "a.version = x.version) FROM (VALUES %s) x(name, version, schema) "
                    "WHERE NOT EXISTS (SELECT 1 FROM pg_catalog.pg_extension e JOIN "
                    "pg_catalog.pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = "
                    "x.name AND e.extversion = x.version AND n.nspname = x.schema)",
                    values.data);
}

// Asks node `node` which of `extensions` it lacks (or has in another schema or version) and
// returns true if there is any; raises, naming the node and the extension, if its
// installation cannot provide one of them.
bool node_lacks_extensions(const metadata::WorkerNode *node, List *extensions)
{
    executor::NodeConnection *connection =
        executor::get_node_connection(node->node_name, node->node_port);
    PGresult *result =
        executor::execute_command(connection, extension_difference_query(extensions));
    int rows = PQntuples(result);
    for (int i = 0; i < rows; i++) {
        if (strcmp(PQgetvalue(result, i, 2), "t") == 0)
            continue;
        char *name = pstrdup(PQgetvalue(result, i, 0));
        char *version = pstrdup(PQgetvalue(result, i, 1));
        PQclear(result);
        ereport(ERROR,
                (errcode(ERRCODE_UNDEFINED_OBJECT),
                 errmsg("extension \"%s\" is not available on worker node %s:%d", name,
                        node->node_name, node->node_port),
                 errdetail("Tessera creates the coordinator's extensions on the worker nodes, "
                           "and version %s of \"%s\" is not installed on that node.",
                           version, name),
                 errhint("Install the extension's package on every worker node, then retry.")));
    }
    PQclear(result);
    executor::release_connection(connection);
    return rows > 0;
}

// Of `nodes` (WorkerNode*), those lacking any of `extensions`; raises if one cannot have them.
List *nodes_lacking_extensions(List *nodes, List *extensions)
{
    List *lacking = NIL;
    if (extensions == NIL)
        return NIL;
    ListCell *cell;
    foreach (cell, nodes) {
        auto *node = static_cast<metadata::WorkerNode *>(lfirst(cell));
        if (node_lacks_extensions(node, extensions))
            lacking = lappend(lacking, node);
    }
    return lacking;
}

} // namespace

bool propagated_extension_name(const char *name)
{
    return strcmp(name, "tessera") != 0 && strcmp(name, "plpgsql") != 0;
}

List *object_extensions(Oid classid, Oid objid)
{
    List *visited = NIL;
    List *extensions = NIL;
    collect_object_extensions(classid, objid, &visited, &extensions);
    return extensions;
}

void ensure_extensions_on_every_worker(List *extensions)
{
    if (extensions == NIL)
        return;
    List *nodes = nodes_lacking_extensions(metadata::every_worker_node_or_error(), extensions);
    if (nodes != NIL)
        executor::execute_on_every_node_in_transaction(nodes,
                                                       ensure_extensions_commands(extensions));
}

void ensure_relation_extensions_on_groups(Oid relid, const int32 *group_ids, int group_count)
{
    if (!metadata::extension_present())
        return;
    List *extensions = object_extensions(RelationRelationId, relid);
    if (extensions == NIL)
        return;
    List *nodes = NIL;
    for (int i = 0; i < group_count; i++)
        if (group_ids[i] != metadata::kCoordinatorGroupId)
            nodes = lappend(nodes, metadata::usable_node_for_group(group_ids[i]));
    nodes = nodes_lacking_extensions(nodes, extensions);
    if (nodes == NIL)
        return;
    char *commands = ensure_extensions_commands(extensions);
    ListCell *cell;
    foreach (cell, nodes) {
        auto *node = static_cast<metadata::WorkerNode *>(lfirst(cell));
        executor::NodeConnection *connection;
        if (executor::node_in_coordinated_transaction(node->node_name, node->node_port)) {
            // This transaction may have created or changed an extension there already (CREATE
            // EXTENSION before create_distributed_table in one transaction): another connection
            // would wait for it forever. The one connection of the transaction is used.
            connection = executor::get_node_connection(node->node_name, node->node_port);
            executor::join_coordinated_transaction(connection);
            PQclear(executor::execute_command(connection, commands));
        } else {
            // Like the table's schema and types, outside the coordinated transaction, so every
            // connection to the node sees the extension at once.
            connection = executor::get_node_connection(node->node_name, node->node_port,
                                                       executor::kConnectionExclusive);
            PQclear(executor::execute_command(connection, commands));
            executor::release_connection(connection);
        }
    }
}

char *function_extension_commands(Oid func)
{
    if (!metadata::extension_present())
        return pstrdup("");
    List *extensions = object_extensions(ProcedureRelationId, func);
    if (extensions == NIL)
        return pstrdup("");
    nodes_lacking_extensions(metadata::active_worker_nodes(), extensions);
    return ensure_extensions_commands(extensions);
}

void copy_extensions_to_node(const char *node_name, int node_port)
{
    if (!metadata::extension_present())
        return;
    List *extensions = all_extensions();
    if (extensions == NIL)
        return;
    metadata::WorkerNode node{};
    node.node_name = const_cast<char *>(node_name);
    node.node_port = node_port;
    if (!node_lacks_extensions(&node, extensions))
        return;
    executor::NodeConnection *connection = executor::get_node_connection(node_name, node_port);
    executor::join_coordinated_transaction(connection);
    PQclear(executor::execute_command(connection, ensure_extensions_commands(extensions)));
}

List *extension_with_requirements(Oid ext)
{
    List *extensions = NIL;
    add_extension_in_order(ext, &extensions);
    return extensions;
}

} // namespace tessera::operations
