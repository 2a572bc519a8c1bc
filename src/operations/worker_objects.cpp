// Objects a shard table needs on a worker: its schema and its enum, domain, composite and range
// types are created there as the coordinator defines them; other user-defined types must
// already exist.
#include "tessera/operations/worker_objects.h"

#include "tessera/executor/connection.h"
#include "tessera/metadata/distributed_functions.h"
#include "tessera/metadata/distributed_table.h"
#include "tessera/metadata/nodes.h"
#include "tessera/operations/shard_creation.h"
#include "tessera/operations/shard_ddl.h"
#include "tessera/operations/worker_extensions.h"
#include "tessera/pg/worker_text_environment.h"

#include <algorithm>

extern "C" {
#include "access/genam.h"
#include "access/htup_details.h"
#include "access/relation.h"
#include "access/stratnum.h"
#include "access/table.h"
#include "access/xact.h"
#include "catalog/dependency.h"
#include "catalog/namespace.h"
#include "catalog/pg_authid.h"
#include "catalog/pg_collation.h"
#include "catalog/pg_constraint.h"
#include "catalog/pg_enum.h"
#include "catalog/pg_namespace.h"
#include "catalog/pg_opclass.h"
#include "catalog/pg_range.h"
#include "catalog/pg_type.h"
#include "lib/stringinfo.h"
#include "miscadmin.h"
#include "nodes/readfuncs.h"
#include "utils/acl.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/catcache.h"
#include "utils/fmgroids.h"
#include "utils/lsyscache.h"
#include "utils/regproc.h"
#include "utils/rel.h"
#include "utils/ruleutils.h"
#include "utils/syscache.h"
}

namespace tessera::operations {

namespace {

// The labels of enum type `type` in sort order, as a comma-separated list of quoted literals.
char *enum_label_list(Oid type)
{
    CatCList *list = SearchSysCacheList1(ENUMTYPOIDNAME, ObjectIdGetDatum(type));
    int count = list->n_members;
    auto **labels = static_cast<Form_pg_enum *>(palloc0(sizeof(Form_pg_enum) * (count + 1)));
    for (int i = 0; i < count; i++)
        labels[i] = reinterpret_cast<Form_pg_enum>(GETSTRUCT(&list->members[i]->tuple));
    // The cache list is in name order; the type's order is enumsortorder.
    std::sort(labels, labels + count,
              [](Form_pg_enum a, Form_pg_enum b) { return a->enumsortorder < b->enumsortorder; });
    StringInfoData text;
    initStringInfo(&text);
    for (int i = 0; i < count; i++)
        appendStringInfo(&text, "%s%s", i > 0 ? ", " : "",
                         quote_literal_cstr(NameStr(labels[i]->enumlabel)));
    ReleaseSysCacheList(list);
    return text.data;
}

// The schema of type `type`.
Oid type_namespace(Oid type)
{
    HeapTuple tuple = SearchSysCache1(TYPEOID, ObjectIdGetDatum(type));
    if (!HeapTupleIsValid(tuple))
        elog(ERROR, "cache lookup failed for type %u", type);
    Oid namespace_oid = reinterpret_cast<Form_pg_type>(GETSTRUCT(tuple))->typnamespace;
    ReleaseSysCache(tuple);
    return namespace_oid;
}

// A command that creates enum type `type` on a node if it is missing there, tolerating a
// concurrent creation. A type of that name with other labels is replaced when nothing there
// depends on it (a leftover of a type dropped on the coordinator); otherwise it raises.
char *ensure_enum_command(Oid type)
{
    char *qualified = format_type_extended(type, -1, FORMAT_TYPE_FORCE_QUALIFY);
    const char *name_literal = quote_literal_cstr(qualified);
    char *labels = enum_label_list(type);
    StringInfoData body;
    initStringInfo(&body);
    appendStringInfo(&body,
                     "DECLARE found text[]; "
                     "BEGIN "
                     "IF pg_catalog.to_regtype(%s) IS NULL THEN "
                     "BEGIN "
                     "CREATE TYPE %s AS ENUM (%s); "
                     "EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; "
                     "END; "
                     "END IF; "
                     "SELECT pg_catalog.array_agg(e.enumlabel::text ORDER BY e.enumsortorder) "
                     "INTO found FROM pg_catalog.pg_enum e "
                     "WHERE e.enumtypid = pg_catalog.to_regtype(%s); "
                     "IF found IS DISTINCT FROM ARRAY[%s]::text[] THEN "
                     // A leftover of a type dropped on the coordinator: replaced if nothing
                     // there depends on it.
                     "BEGIN "
                     "DROP TYPE %s; "
                     "CREATE TYPE %s AS ENUM (%s); "
                     "EXCEPTION WHEN dependent_objects_still_exist OR wrong_object_type THEN "
                     "RAISE EXCEPTION 'type %% differs from the coordinator''s', %s "
                     "USING DETAIL = 'Its labels there are ' || coalesce(found::text, 'none') "
                     "|| ', and objects there depend on it.', "
                     "HINT = 'Make the type the same on every node.'; "
                     "END; "
                     "END IF; "
                     "END",
                     name_literal, qualified, labels, name_literal, labels, qualified, qualified,
                     labels, name_literal);
    return psprintf("DO %s", quote_literal_cstr(body.data));
}

// A command that runs `create` (a CREATE TYPE or CREATE DOMAIN of the type named `qualified`)
// on a node where no type of that name exists, tolerating a concurrent creation.
char *create_type_if_missing(const char *qualified, const char *create)
{
    char *body = psprintf("BEGIN IF pg_catalog.to_regtype(%s) IS NULL THEN "
                          "BEGIN %s; EXCEPTION WHEN duplicate_object OR unique_violation THEN "
                          "NULL; END; END IF; END",
                          quote_literal_cstr(qualified), create);
    return psprintf("DO %s", quote_literal_cstr(body));
}

// A command that creates domain `type` on a node if it is missing there (its base type first
// made sure of by the caller), with the coordinator's base type, collation, default, NOT NULL
// and CHECK constraints, tolerating a concurrent creation. An existing domain is left as it is.
char *ensure_domain_command(Oid type)
{
    HeapTuple tuple = SearchSysCache1(TYPEOID, ObjectIdGetDatum(type));
    if (!HeapTupleIsValid(tuple))
        elog(ERROR, "cache lookup failed for type %u", type);
    auto *form = reinterpret_cast<Form_pg_type>(GETSTRUCT(tuple));
    char *qualified = format_type_extended(type, -1, FORMAT_TYPE_FORCE_QUALIFY);
    // The default and the CHECK constraints are deparsed for the workers (names
    // schema-qualified, constants in the worker connections' styles): typdefault holds the
    // text as printed under the creating session's search_path and styles.
    int level = pg::enter_worker_text_environment();
    StringInfoData create;
    initStringInfo(&create);
    appendStringInfo(&create, "CREATE DOMAIN %s AS %s", qualified,
                     format_type_extended(form->typbasetype, form->typtypmod,
                                          FORMAT_TYPE_FORCE_QUALIFY | FORMAT_TYPE_TYPEMOD_GIVEN));
    if (OidIsValid(form->typcollation) && form->typcollation != get_typcollation(form->typbasetype))
        appendStringInfo(&create, " COLLATE %s", generate_collation_name(form->typcollation));
    bool isnull;
    Datum default_tree = SysCacheGetAttr(TYPEOID, tuple, Anum_pg_type_typdefaultbin, &isnull);
    if (!isnull)
        appendStringInfo(
            &create, " DEFAULT %s",
            deparse_expression(static_cast<Node *>(stringToNode(TextDatumGetCString(default_tree))),
                               NIL, false, false));
    if (form->typnotnull)
        appendStringInfoString(&create, " NOT NULL");
    ReleaseSysCache(tuple);

    Relation constraints = table_open(ConstraintRelationId, AccessShareLock);
    ScanKeyData key;
    ScanKeyInit(&key, Anum_pg_constraint_contypid, BTEqualStrategyNumber, F_OIDEQ,
                ObjectIdGetDatum(type));
    SysScanDesc scan =
        systable_beginscan(constraints, ConstraintTypidIndexId, true, nullptr, 1, &key);
    HeapTuple constraint;
    while (HeapTupleIsValid(constraint = systable_getnext(scan))) {
        auto *con = reinterpret_cast<Form_pg_constraint>(GETSTRUCT(constraint));
        if (con->contype != CONSTRAINT_CHECK)
            continue;
        char *definition = TextDatumGetCString(
            OidFunctionCall1(F_PG_GET_CONSTRAINTDEF_OID, ObjectIdGetDatum(con->oid)));
        appendStringInfo(&create, " CONSTRAINT %s %s", quote_identifier(NameStr(con->conname)),
                         definition);
    }
    systable_endscan(scan);
    table_close(constraints, AccessShareLock);
    pg::leave_worker_text_environment(level);

    return create_type_if_missing(qualified, create.data);
}

// A command that creates composite type `type` on a node if it is missing there (its
// attributes' types first made sure of by the caller), tolerating a concurrent creation. An
// existing type is left as it is.
char *ensure_composite_command(Oid type)
{
    char *qualified = format_type_extended(type, -1, FORMAT_TYPE_FORCE_QUALIFY);
    Relation rel = relation_open(get_typ_typrelid(type), AccessShareLock);
    TupleDesc desc = RelationGetDescr(rel);
    StringInfoData create;
    initStringInfo(&create);
    appendStringInfo(&create, "CREATE TYPE %s AS (", qualified);
    bool first = true;
    for (int i = 0; i < desc->natts; i++) {
        Form_pg_attribute att = TupleDescAttr(desc, i);
        if (att->attisdropped)
            continue;
        appendStringInfo(
            &create, "%s%s %s", first ? "" : ", ", quote_identifier(NameStr(att->attname)),
            format_type_extended(att->atttypid, att->atttypmod,
                                 FORMAT_TYPE_FORCE_QUALIFY | FORMAT_TYPE_TYPEMOD_GIVEN));
        if (OidIsValid(att->attcollation) && att->attcollation != get_typcollation(att->atttypid))
            appendStringInfo(&create, " COLLATE %s", generate_collation_name(att->attcollation));
        first = false;
    }
    appendStringInfoChar(&create, ')');
    relation_close(rel, AccessShareLock);
    return create_type_if_missing(qualified, create.data);
}

// The schema-qualified, quoted name of function `function`, as CREATE TYPE ... AS RANGE takes it.
char *qualified_function_name(Oid function)
{
    return quote_qualified_identifier(get_namespace_name(get_func_namespace(function)),
                                      get_func_name(function));
}

// Raises if function `func` of range type `type` (its canonical or subtype_diff function) is
// user-defined and not distributed: the workers could not create the type.
void check_range_function(Oid type, Oid func)
{
    if (!OidIsValid(func) || metadata::function_on_workers(func))
        return;
    ereport(ERROR,
            (errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
             errmsg("range type %s uses function %s, which is not distributed",
                    format_type_be(type), format_procedure(func)),
             errdetail("The workers get the range types of distributed tables' columns, and have "
                       "only distributed functions."),
             errhint("Run SELECT create_distributed_function('%s'); first.",
                     format_procedure_qualified(func))));
}

// A command that creates range type `type` on a node if it is missing there (its subtype first
// made sure of by the caller), with the coordinator's subtype, operator class, collation,
// canonical and subtype_diff functions and multirange type name, tolerating a concurrent
// creation. User-defined functions among them must exist on the node (distributed functions).
char *ensure_range_command(Oid type)
{
    HeapTuple tuple = SearchSysCache1(RANGETYPE, ObjectIdGetDatum(type));
    if (!HeapTupleIsValid(tuple))
        elog(ERROR, "cache lookup failed for range type %u", type);
    auto *form = reinterpret_cast<Form_pg_range>(GETSTRUCT(tuple));
    check_range_function(type, form->rngcanonical);
    check_range_function(type, form->rngsubdiff);
    char *qualified = format_type_extended(type, -1, FORMAT_TYPE_FORCE_QUALIFY);
    StringInfoData create;
    initStringInfo(&create);
    appendStringInfo(&create, "CREATE TYPE %s AS RANGE (SUBTYPE = %s", qualified,
                     format_type_extended(form->rngsubtype, -1, FORMAT_TYPE_FORCE_QUALIFY));
    HeapTuple opclass = SearchSysCache1(CLAOID, ObjectIdGetDatum(form->rngsubopc));
    if (!HeapTupleIsValid(opclass))
        elog(ERROR, "cache lookup failed for operator class %u", form->rngsubopc);
    auto *opclass_form = reinterpret_cast<Form_pg_opclass>(GETSTRUCT(opclass));
    appendStringInfo(&create, ", SUBTYPE_OPCLASS = %s",
                     quote_qualified_identifier(get_namespace_name(opclass_form->opcnamespace),
                                                NameStr(opclass_form->opcname)));
    ReleaseSysCache(opclass);
    if (OidIsValid(form->rngcollation))
        appendStringInfo(&create, ", COLLATION = %s", generate_collation_name(form->rngcollation));
    if (OidIsValid(form->rngcanonical))
        appendStringInfo(&create, ", CANONICAL = %s", qualified_function_name(form->rngcanonical));
    if (OidIsValid(form->rngsubdiff))
        appendStringInfo(&create, ", SUBTYPE_DIFF = %s", qualified_function_name(form->rngsubdiff));
    if (OidIsValid(form->rngmultitypid))
        appendStringInfo(&create, ", MULTIRANGE_TYPE_NAME = %s",
                         format_type_extended(form->rngmultitypid, -1, FORMAT_TYPE_FORCE_QUALIFY));
    appendStringInfoChar(&create, ')');
    ReleaseSysCache(tuple);
    return create_type_if_missing(qualified, create.data);
}

// The collation of type `type` that its definition names: a range type's subtype collation,
// else the type's own.
Oid defining_collation(Oid type)
{
    if (get_typtype(type) != TYPTYPE_RANGE)
        return get_typcollation(type);
    HeapTuple tuple = SearchSysCache1(RANGETYPE, ObjectIdGetDatum(type));
    if (!HeapTupleIsValid(tuple))
        return InvalidOid;
    Oid collation = reinterpret_cast<Form_pg_range>(GETSTRUCT(tuple))->rngcollation;
    ReleaseSysCache(tuple);
    return collation;
}

// Adds the enum, domain, composite and range types `type` needs (a domain's base type first, arrays
// by their element) to *types, in an order in which they can be created.
void collect_user_types(Oid type, List **types)
{
    Oid element = get_element_type(type);
    if (OidIsValid(element))
        type = element;
    if (type < FirstNormalObjectId || list_member_oid(*types, type))
        return;
    // An extension's type comes with the extension (ensure_relation_extensions_on_groups).
    if (OidIsValid(getExtensionOfObject(TypeRelationId, type)))
        return;
    char kind = get_typtype(type);
    if (kind == TYPTYPE_ENUM) {
        *types = lappend_oid(*types, type);
    } else if (kind == TYPTYPE_DOMAIN) {
        collect_user_types(getBaseType(type), types);
        *types = lappend_oid(*types, type);
    } else if (kind == TYPTYPE_COMPOSITE &&
               get_rel_relkind(get_typ_typrelid(type)) == RELKIND_COMPOSITE_TYPE) {
        // (A table's row type is not created: its table would have to be.)
        Relation rel = relation_open(get_typ_typrelid(type), AccessShareLock);
        TupleDesc desc = RelationGetDescr(rel);
        for (int i = 0; i < desc->natts; i++)
            if (!TupleDescAttr(desc, i)->attisdropped)
                collect_user_types(TupleDescAttr(desc, i)->atttypid, types);
        relation_close(rel, AccessShareLock);
        *types = list_append_unique_oid(*types, type);
    } else if (kind == TYPTYPE_RANGE) {
        collect_user_types(get_range_subtype(type), types);
        *types = list_append_unique_oid(*types, type);
    } else if (kind == TYPTYPE_MULTIRANGE) {
        // Created with its range type.
        collect_user_types(get_multirange_range(type), types);
    }
}

// The enum, domain and composite types columns of `relid` use, directly or through arrays,
// domains and composite types, without duplicates, in creation order.
List *column_user_types(Oid relid)
{
    Relation rel = relation_open(relid, AccessShareLock);
    TupleDesc desc = RelationGetDescr(rel);
    List *types = NIL;
    for (int i = 0; i < desc->natts; i++) {
        Form_pg_attribute att = TupleDescAttr(desc, i);
        if (!att->attisdropped)
            collect_user_types(att->atttypid, &types);
    }
    relation_close(rel, AccessShareLock);
    return types;
}

// The user-defined collations the columns of `relid` use, directly or as their domains' (the
// collations of composite types' attributes are not followed).
List *column_user_collations(Oid relid, List *types)
{
    List *collations = NIL;
    Relation rel = relation_open(relid, AccessShareLock);
    TupleDesc desc = RelationGetDescr(rel);
    for (int i = 0; i < desc->natts; i++) {
        Form_pg_attribute att = TupleDescAttr(desc, i);
        if (!att->attisdropped && att->attcollation >= FirstNormalObjectId)
            collations = list_append_unique_oid(collations, att->attcollation);
    }
    relation_close(rel, AccessShareLock);
    ListCell *cell;
    foreach (cell, types) {
        Oid collation = defining_collation(lfirst_oid(cell));
        if (collation >= FirstNormalObjectId)
            collations = list_append_unique_oid(collations, collation);
    }
    return collations;
}

// The schema of collation `collation`.
Oid collation_namespace(Oid collation)
{
    HeapTuple tuple = SearchSysCache1(COLLOID, ObjectIdGetDatum(collation));
    if (!HeapTupleIsValid(tuple))
        elog(ERROR, "cache lookup failed for collation %u", collation);
    Oid namespace_oid = reinterpret_cast<Form_pg_collation>(GETSTRUCT(tuple))->collnamespace;
    ReleaseSysCache(tuple);
    return namespace_oid;
}

// A command that creates collation `collation` on a node as the coordinator defines it (provider,
// locale, determinism), unless one of that name exists there, tolerating a concurrent creation.
char *ensure_collation_command(Oid collation)
{
    HeapTuple tuple = SearchSysCache1(COLLOID, ObjectIdGetDatum(collation));
    if (!HeapTupleIsValid(tuple))
        elog(ERROR, "cache lookup failed for collation %u", collation);
    auto *form = reinterpret_cast<Form_pg_collation>(GETSTRUCT(tuple));
    char *name = quote_qualified_identifier(get_namespace_name(form->collnamespace),
                                            NameStr(form->collname));
    StringInfoData options;
    initStringInfo(&options);
    bool isnull;
    if (form->collprovider == COLLPROVIDER_ICU) {
        Datum locale = SysCacheGetAttr(COLLOID, tuple, Anum_pg_collation_colliculocale, &isnull);
        appendStringInfo(&options, "provider = icu, locale = %s",
                         quote_literal_cstr(isnull ? "" : TextDatumGetCString(locale)));
    } else {
        Datum collate = SysCacheGetAttr(COLLOID, tuple, Anum_pg_collation_collcollate, &isnull);
        const char *lc_collate = isnull ? "C" : TextDatumGetCString(collate);
        Datum ctype = SysCacheGetAttr(COLLOID, tuple, Anum_pg_collation_collctype, &isnull);
        const char *lc_ctype = isnull ? "C" : TextDatumGetCString(ctype);
        appendStringInfo(&options, "provider = libc, lc_collate = %s, lc_ctype = %s",
                         quote_literal_cstr(lc_collate), quote_literal_cstr(lc_ctype));
    }
    appendStringInfo(&options, ", deterministic = %s",
                     form->collisdeterministic ? "true" : "false");
    char *body =
        psprintf("BEGIN "
                 "IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_collation WHERE collname = %s "
                 "AND collnamespace = %s::regnamespace) THEN "
                 "CREATE COLLATION %s (%s); "
                 "END IF; "
                 "EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; "
                 "END",
                 quote_literal_cstr(NameStr(form->collname)),
                 quote_literal_cstr(quote_identifier(get_namespace_name(form->collnamespace))),
                 name, options.data);
    ReleaseSysCache(tuple);
    return psprintf("DO %s", quote_literal_cstr(body));
}

} // namespace

// A command that creates schema `namespace_oid` on a node if it is missing there, owned by the
// coordinator schema's owner and with its privileges, tolerating a concurrent creation.
char *ensure_schema_command(Oid namespace_oid)
{
    HeapTuple tuple = SearchSysCache1(NAMESPACEOID, ObjectIdGetDatum(namespace_oid));
    if (!HeapTupleIsValid(tuple))
        elog(ERROR, "cache lookup failed for schema %u", namespace_oid);
    auto *form = reinterpret_cast<Form_pg_namespace>(GETSTRUCT(tuple));
    const char *schema = quote_identifier(NameStr(form->nspname));
    Oid owner = form->nspowner;
    StringInfoData grants;
    initStringInfo(&grants);
    bool isnull;
    Datum acl_datum = SysCacheGetAttr(NAMESPACEOID, tuple, Anum_pg_namespace_nspacl, &isnull);
    if (!isnull) {
        Acl *acl = DatumGetAclP(acl_datum);
        AclItem *items = ACL_DAT(acl);
        for (int i = 0; i < ACL_NUM(acl); i++) {
            AclMode privileges = ACLITEM_GET_PRIVS(items[i]);
            if (items[i].ai_grantee == owner || (privileges & (ACL_USAGE | ACL_CREATE)) == 0)
                continue;
            const char *grantee =
                items[i].ai_grantee == ACL_ID_PUBLIC
                    ? "PUBLIC"
                    : quote_identifier(GetUserNameFromId(items[i].ai_grantee, false));
            appendStringInfo(&grants, "GRANT %s%s%s ON SCHEMA %s TO %s; ",
                             (privileges & ACL_USAGE) != 0 ? "USAGE" : "",
                             (privileges & ACL_USAGE) != 0 && (privileges & ACL_CREATE) != 0 ? ", "
                                                                                             : "",
                             (privileges & ACL_CREATE) != 0 ? "CREATE" : "", schema, grantee);
        }
    }
    char *body = psprintf("BEGIN "
                          "IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_namespace WHERE nspname = "
                          "%s) THEN "
                          "CREATE SCHEMA %s AUTHORIZATION %s; %s"
                          "END IF; "
                          "EXCEPTION WHEN duplicate_schema OR unique_violation THEN NULL; "
                          "END",
                          quote_literal_cstr(NameStr(form->nspname)), schema,
                          quote_identifier(GetUserNameFromId(owner, false)), grants.data);
    ReleaseSysCache(tuple);
    return psprintf("DO %s", quote_literal_cstr(body));
}

// The commands that create `schemas`, then `collations` (domains and composite types may use
// them), then `types` (enum, domain or composite, in dependency order) on a node where they may
// exist already.
static char *object_commands(List *schemas, List *collations, List *types)
{
    StringInfoData commands;
    initStringInfo(&commands);
    ListCell *cell;
    foreach (cell, schemas)
        appendStringInfo(&commands, "%s;\n", ensure_schema_command(lfirst_oid(cell)));
    foreach (cell, collations)
        appendStringInfo(&commands, "%s;\n", ensure_collation_command(lfirst_oid(cell)));
    foreach (cell, types) {
        Oid type = lfirst_oid(cell);
        char kind = get_typtype(type);
        appendStringInfo(&commands, "%s;\n",
                         kind == TYPTYPE_ENUM     ? ensure_enum_command(type)
                         : kind == TYPTYPE_DOMAIN ? ensure_domain_command(type)
                         : kind == TYPTYPE_RANGE  ? ensure_range_command(type)
                                                  : ensure_composite_command(type));
    }
    return commands.data;
}

char *ensure_types_commands(List *types)
{
    List *needed = NIL;
    ListCell *cell;
    foreach (cell, types)
        collect_user_types(lfirst_oid(cell), &needed);
    List *schemas = NIL;
    List *collations = NIL;
    foreach (cell, needed) {
        schemas = list_append_unique_oid(schemas, type_namespace(lfirst_oid(cell)));
        Oid collation = defining_collation(lfirst_oid(cell));
        if (collation >= FirstNormalObjectId)
            collations = list_append_unique_oid(collations, collation);
    }
    foreach (cell, collations)
        schemas = list_append_unique_oid(schemas, collation_namespace(lfirst_oid(cell)));
    return object_commands(schemas, collations, needed);
}

// Runs `commands` on the nodes of `group_ids`, each on a connection of its own outside the
// coordinated transaction, so that what they create commits at once and every connection sees it.
// With `in_transaction`, inside a transaction block or on a node where the coordinated
// transaction holds work already, they run in that transaction instead (there, later statements
// use the node's one transaction connection anyway): its work may have dropped the objects
// there (DROP SCHEMA s CASCADE or DROP TYPE, then the same names made again and a table
// distributed with them, in one migration), which an outside connection still sees, or would
// wait for forever when replacing them; and a rolled back migration must not leave its types
// behind (a domain made again with another constraint would keep the old one on the shards).
static void run_on_groups(const char *commands, const int32 *group_ids, int group_count,
                          bool in_transaction = true)
{
    bool block = in_transaction && IsInTransactionBlock(true);
    auto **connections = static_cast<executor::NodeConnection **>(
        palloc0(sizeof(executor::NodeConnection *) * group_count));
    auto **texts = static_cast<const char **>(palloc0(sizeof(char *) * group_count));
    auto **results = static_cast<PGresult **>(palloc0(sizeof(PGresult *) * group_count));
    for (int i = 0; i < group_count; i++) {
        metadata::WorkerNode *node = metadata::usable_node_for_group(group_ids[i]);
        if (in_transaction && (block || executor::node_in_coordinated_transaction(
                                            node->node_name, node->node_port))) {
            connections[i] = executor::get_node_connection(node->node_name, node->node_port);
            executor::join_coordinated_transaction(connections[i]);
        } else {
            connections[i] = executor::get_node_connection(
                node->node_name, node->node_port,
                executor::kConnectionExclusive | executor::kConnectionOutsideTransaction);
        }
        texts[i] = commands;
    }
    executor::execute_commands_parallel(connections, texts, group_count, results, true);
    for (int i = 0; i < group_count; i++) {
        PQclear(results[i]);
        executor::release_connection(connections[i]);
    }
}

// Creates `schemas` on the nodes of `group_ids` as the bootstrap superuser when the current user
// is not a superuser. A role may own a schema an administrator made for it (CREATE SCHEMA
// AUTHORIZATION, a distributed schema) without the right to create schemas in the database, and
// the worker's copy of that schema (same owner and grants) must exist before the role's shards
// are made in it; the coordinator's schema exists already, so nothing new is allowed.
static void ensure_schemas_as_superuser(List *schemas, const int32 *group_ids, int group_count)
{
    if (superuser() || group_count == 0)
        return;
    StringInfoData commands;
    initStringInfo(&commands);
    ListCell *cell;
    foreach (cell, schemas)
        appendStringInfo(&commands, "%s;\n", ensure_schema_command(lfirst_oid(cell)));
    Oid saved_user;
    int saved_context;
    GetUserIdAndSecContext(&saved_user, &saved_context);
    SetUserIdAndSecContext(BOOTSTRAP_SUPERUSERID, saved_context | SECURITY_LOCAL_USERID_CHANGE);
    PG_TRY();
    {
        // As the bootstrap superuser, never on the transaction's connection (its role's).
        run_on_groups(commands.data, group_ids, group_count, false);
    }
    PG_FINALLY();
    {
        SetUserIdAndSecContext(saved_user, saved_context);
    }
    PG_END_TRY();
}

void ensure_table_objects_on_groups(Oid relid, const int32 *group_ids, int group_count)
{
    // The extensions first: a domain may be over an extension's type.
    ensure_relation_extensions_on_groups(relid, group_ids, group_count);
    List *types = column_user_types(relid);
    List *collations = column_user_collations(relid, types);
    List *schemas = list_make1_oid(get_rel_namespace(relid));
    ListCell *cell;
    foreach (cell, types)
        schemas = list_append_unique_oid(schemas, type_namespace(lfirst_oid(cell)));
    foreach (cell, collations)
        schemas = list_append_unique_oid(schemas, collation_namespace(lfirst_oid(cell)));
    if (group_count > 0) {
        ensure_schemas_as_superuser(schemas, group_ids, group_count);
        // The objects (the schemas again: a no-op where they exist), committed at once outside
        // transaction blocks.
        run_on_groups(object_commands(schemas, collations, types), group_ids, group_count);
    }
    check_column_types_on_groups(relid, group_ids, group_count);
}

void ensure_table_objects_on_placements(Oid relid)
{
    const metadata::DistributedTable *table = metadata::lookup_distributed_table(relid);
    if (table == nullptr)
        return;
    int count;
    int32 *group_ids = metadata::placement_group_ids(table, &count);
    ensure_table_objects_on_groups(relid, group_ids, count);
}

} // namespace tessera::operations
