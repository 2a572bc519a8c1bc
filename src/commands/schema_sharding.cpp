// Schema-based sharding (Citus 12): a distributed schema (a tenant schema) is recorded in
// pg_dist_schema with a colocation group of its own; every table of the schema is a single-shard
// distributed table of that group, so all of them live on one node and a query over one schema's
// tables (and reference tables) runs whole there. citus_schema_distribute() and
// citus_schema_undistribute() convert a schema's tables; with enable_schema_based_sharding on,
// CREATE SCHEMA makes a distributed schema, and CREATE TABLE (also CREATE TABLE AS / SELECT INTO)
// in a distributed schema distributes the new table into its group. DROP SCHEMA forgets the
// schema (the sql_drop event trigger). Statements a distributed schema cannot follow are refused
// before they run. PostgreSQL-style code: no C++ objects with destructors live here.
#include "tessera/commands/schema_sharding.h"

#include "tessera/commands/distribute.h"
#include "tessera/metadata/catalog.h"
#include "tessera/metadata/distributed_table.h"
#include "tessera/operations/foreign_keys.h"
#include "tessera/pg/guard.h"
#include "tessera/settings.h"

extern "C" {
#include "access/genam.h"
#include "access/htup_details.h"
#include "access/stratnum.h"
#include "access/table.h"
#include "catalog/catalog.h"
#include "catalog/dependency.h"
#include "catalog/namespace.h"
#include "catalog/pg_authid.h"
#include "catalog/pg_class.h"
#include "catalog/pg_constraint.h"
#include "catalog/pg_namespace.h"
#include "commands/extension.h"
#include "executor/spi.h"
#include "miscadmin.h"
#include "storage/lmgr.h"
#include "utils/acl.h"
#include "utils/builtins.h"
#include "utils/fmgroids.h"
#include "utils/lsyscache.h"
#include "utils/rel.h"
#include "utils/syscache.h"
}

namespace tessera::commands {

struct SchemaShardingStatement {
    bool create_schema;  // CREATE SCHEMA with enable_schema_based_sharding on
    char *schema_name;   // the schema being created
    bool schema_existed; // CREATE SCHEMA IF NOT EXISTS of an existing schema: nothing to do
    RangeVar *table;     // CREATE TABLE / CREATE TABLE AS in a distributed schema
    Oid table_schema;    // its distributed schema
    int32 colocation_id; // and that schema's group
};

namespace {

// The oid of pg_catalog object `name` (a catalog or one of its indexes) of the extension.
Oid dist_schema_object(const char *name)
{
    return get_relname_relid(name, PG_CATALOG_NAMESPACE);
}

// Reads the pg_dist_schema row whose column `attno` (1 schemaid, 2 colocationid) equals `value`
// through index `index_name`; returns the other column (0 / InvalidOid when there is none).
Datum lookup_dist_schema(AttrNumber attno, const char *index_name, Datum value, RegProcedure eq,
                         bool *found)
{
    *found = false;
    Oid catalog = dist_schema_object("pg_dist_schema");
    Oid index = dist_schema_object(index_name);
    if (!OidIsValid(catalog) || !OidIsValid(index))
        return Datum(0);
    Relation rel = table_open(catalog, AccessShareLock);
    ScanKeyData key;
    ScanKeyInit(&key, attno, BTEqualStrategyNumber, eq, value);
    SysScanDesc scan = systable_beginscan(rel, index, true, nullptr, 1, &key);
    Datum result = Datum(0);
    HeapTuple tuple = systable_getnext(scan);
    if (HeapTupleIsValid(tuple)) {
        bool isnull = false;
        result = heap_getattr(tuple, attno == 1 ? 2 : 1, RelationGetDescr(rel), &isnull);
        *found = !isnull;
    }
    systable_endscan(scan);
    table_close(rel, AccessShareLock);
    return result;
}

// Runs `query` with int4/oid arguments through SPI; returns the first column of each result row
// as an int32 List (an empty List for statements without RETURNING). As the bootstrap superuser:
// these are Tessera's own catalog changes, which any role dropping or distributing a schema it
// owns makes (pg_dist_schema grants no writes to users).
List *run_sql(const char *query, int nargs, Oid *types, Datum *values)
{
    List *result = NIL;
    MemoryContext caller = CurrentMemoryContext;
    if (SPI_connect() != SPI_OK_CONNECT)
        elog(ERROR, "SPI_connect failed");
    Oid saved_user;
    int saved_context;
    GetUserIdAndSecContext(&saved_user, &saved_context);
    SetUserIdAndSecContext(BOOTSTRAP_SUPERUSERID, saved_context | SECURITY_LOCAL_USERID_CHANGE);
    volatile int rc = 0;
    PG_TRY();
    {
        rc = SPI_execute_with_args(query, nargs, types, values, nullptr, false, 0);
    }
    PG_FINALLY();
    {
        SetUserIdAndSecContext(saved_user, saved_context);
    }
    PG_END_TRY();
    if (rc < 0)
        elog(ERROR, "could not run \"%s\": SPI error %d", query, rc);
    if (SPI_tuptable != nullptr) {
        for (uint64 i = 0; i < SPI_processed; i++) {
            bool isnull = false;
            Datum value = SPI_getbinval(SPI_tuptable->vals[i], SPI_tuptable->tupdesc, 1, &isnull);
            MemoryContext spi = MemoryContextSwitchTo(caller);
            result = lappend_int(result, isnull ? 0 : DatumGetInt32(value));
            MemoryContextSwitchTo(spi);
        }
    }
    SPI_finish();
    return result;
}

// Records `schema` as a distributed schema of `colocation_id`, with the group's colocation row.
void record_tenant_schema(Oid schema, int32 colocation_id)
{
    metadata::ColocationRow row{colocation_id, 1, 1, InvalidOid, InvalidOid};
    metadata::insert_colocation_row(&row);
    Oid types[2] = {OIDOID, INT4OID};
    Datum values[2] = {ObjectIdGetDatum(schema), Int32GetDatum(colocation_id)};
    run_sql("INSERT INTO pg_catalog.pg_dist_schema (schemaid, colocationid) VALUES ($1, $2)", 2,
            types, values);
    CommandCounterIncrement();
}

// Deletes the colocation row of former distributed schema group `colocation_id` once no table is
// left in it.
void forget_tenant_group(int32 colocation_id)
{
    if (metadata::read_colocation_row(colocation_id) != nullptr &&
        metadata::tables_in_colocation_group(colocation_id) == NIL)
        metadata::delete_colocation_row(colocation_id);
}

// Name of `schema` for messages; raises an ERROR if it does not exist.
char *existing_schema_name(Oid schema)
{
    char *name = get_namespace_name(schema);
    if (name == nullptr)
        ereport(ERROR, (errcode(ERRCODE_UNDEFINED_SCHEMA),
                        errmsg("schema with OID %u does not exist", schema)));
    return name;
}

// Raises an ERROR unless the extension is usable and the current user owns `schema`; locks the
// schema against concurrent CREATE TABLE, DROP and other conversions until commit.
char *lock_owned_schema(Oid schema)
{
    if (!metadata::extension_present())
        ereport(ERROR, (errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
                        errmsg("the tessera extension is not ready in this database")));
    char *name = existing_schema_name(schema);
    LockDatabaseObject(NamespaceRelationId, schema, 0, AccessExclusiveLock);
    name = existing_schema_name(schema); // dropped while we waited?
    if (!pg_namespace_ownercheck(schema, GetUserId()))
        aclcheck_error(ACLCHECK_NOT_OWNER, OBJECT_SCHEMA, name);
    return name;
}

// Raises an ERROR for schemas that cannot become distributed schemas: system schemas, public,
// temporary schemas and the schemas of extensions (Tessera's own included).
void check_schema_can_be_distributed(Oid schema, const char *name)
{
    const char *why = nullptr;
    if (IsCatalogNamespace(schema) || IsToastNamespace(schema) ||
        strcmp(name, "information_schema") == 0)
        why = "it is a system schema";
    else if (isAnyTempNamespace(schema))
        why = "it is a temporary schema";
    else if (schema == PG_PUBLIC_NAMESPACE)
        why = "it is the public schema";
    else if (OidIsValid(getExtensionOfObject(NamespaceRelationId, schema)))
        why = psprintf("it belongs to extension \"%s\"",
                       get_extension_name(getExtensionOfObject(NamespaceRelationId, schema)));
    if (why != nullptr)
        ereport(ERROR, (errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
                        errmsg("cannot distribute schema \"%s\": %s", name, why)));
}

// Oids (a List) of the tables of `schema` with relkind r, p or f, ordered by oid.
List *schema_tables(Oid schema)
{
    List *result = NIL;
    Oid types[1] = {OIDOID};
    Datum values[1] = {ObjectIdGetDatum(schema)};
    ListCell *cell;
    foreach (cell, run_sql("SELECT c.oid::pg_catalog.int4 FROM pg_catalog.pg_class c "
                           "WHERE c.relnamespace = $1 AND c.relkind IN ('r', 'p', 'f') "
                           "ORDER BY c.oid",
                           1, types, values))
        result = lappend_oid(result, static_cast<Oid>(lfirst_int(cell)));
    return result;
}

// Raises an ERROR naming the first foreign key between a table of `schema` and a table outside
// it, other than keys from the schema's tables to reference tables.
void check_schema_foreign_keys(Oid schema, const char *name)
{
    Oid types[1] = {OIDOID};
    Datum values[1] = {ObjectIdGetDatum(schema)};
    List *keys = run_sql(
        "SELECT k.oid::pg_catalog.int4 FROM pg_catalog.pg_constraint k "
        "JOIN pg_catalog.pg_class r ON r.oid = k.conrelid "
        "JOIN pg_catalog.pg_class f ON f.oid = k.confrelid "
        "WHERE k.contype = 'f' AND (r.relnamespace = $1) <> (f.relnamespace = $1) "
        "AND NOT (r.relnamespace = $1 AND EXISTS (SELECT 1 FROM pg_catalog.pg_dist_partition p "
        "WHERE p.logicalrelid = k.confrelid AND p.partmethod = 'n' AND p.repmodel = 't')) "
        "ORDER BY k.oid LIMIT 1",
        1, types, values);
    if (keys == NIL)
        return;
    Oid key = static_cast<Oid>(linitial_int(keys));
    HeapTuple tuple = SearchSysCache1(CONSTROID, ObjectIdGetDatum(key));
    if (!HeapTupleIsValid(tuple))
        elog(ERROR, "cache lookup failed for constraint %u", key);
    Form_pg_constraint form = reinterpret_cast<Form_pg_constraint>(GETSTRUCT(tuple));
    Oid from = form->conrelid;
    Oid to = form->confrelid;
    ReleaseSysCache(tuple);
    bool outgoing = get_rel_namespace(from) == schema;
    ereport(ERROR,
            (errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
             errmsg("cannot distribute schema \"%s\": foreign key \"%s\" of table \"%s\" "
                    "references table \"%s\" %s the schema",
                    name, get_constraint_name(key), get_rel_name(from), get_rel_name(to),
                    outgoing ? "outside" : "inside"),
             errdetail("The tables of a distributed schema can only reference tables of the same "
                       "schema and reference tables, and only tables of the schema can reference "
                       "them."),
             outgoing ? errhint("Make \"%s\" a reference table, or drop the foreign key.",
                                get_rel_name(to))
                      : errhint("Drop the foreign key first.")));
}

// Raises an ERROR unless each of `tables` (of distributed schema `name`) can become one of its
// single-shard tables; returns them ordered so that every table comes after those it references.
List *tenant_tables_in_order(List *tables, const char *name)
{
    ListCell *cell;
    foreach (cell, tables) {
        Oid relid = lfirst_oid(cell);
        char relkind = get_rel_relkind(relid);
        char *relname = get_rel_name(relid);
        if (relkind == RELKIND_FOREIGN_TABLE)
            ereport(ERROR, (errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
                            errmsg("cannot distribute schema \"%s\": table \"%s\" is a foreign "
                                   "table",
                                   name, relname),
                            errdetail("Foreign tables are not supported in distributed "
                                      "schemas.")));
        if (relkind == RELKIND_PARTITIONED_TABLE || get_rel_relispartition(relid))
            ereport(ERROR,
                    (errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
                     errmsg("cannot distribute schema \"%s\": table \"%s\" is %s", name, relname,
                            relkind == RELKIND_PARTITIONED_TABLE ? "partitioned" : "a partition"),
                     errdetail("Partitioned tables are not supported in distributed "
                               "schemas: single-shard distributed tables cannot be "
                               "partitioned yet.")));
        if (metadata::lookup_distributed_table(relid) != nullptr)
            ereport(ERROR, (errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
                            errmsg("cannot distribute schema \"%s\": table \"%s\" is already a "
                                   "distributed or reference table",
                                   name, relname),
                            errhint("Undistribute it with undistribute_table() first.")));
    }
    // Referenced tables first: a single-shard table may only reference distributed ones.
    List *ordered = NIL;
    List *remaining = list_copy(tables);
    while (remaining != NIL) {
        List *next = NIL;
        bool progress = false;
        foreach (cell, remaining) {
            Oid relid = lfirst_oid(cell);
            bool ready = true;
            ListCell *ref;
            foreach (ref, operations::referenced_tables(relid))
                ready = ready && !list_member_oid(remaining, lfirst_oid(ref));
            if (ready && !progress) {
                ordered = lappend_oid(ordered, relid);
                progress = true;
            } else {
                next = lappend_oid(next, relid);
            }
        }
        if (!progress)
            ereport(ERROR, (errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
                            errmsg("cannot distribute schema \"%s\": the foreign keys of table "
                                   "\"%s\" form a cycle",
                                   name, get_rel_name(linitial_oid(remaining))),
                            errdetail("Tables are distributed one by one, each after the tables "
                                      "it references.")));
        remaining = next;
    }
    return ordered;
}

// Makes `schema` (checked, locked) a distributed schema of a new colocation group and distributes
// its tables into it.
void make_tenant_schema(Oid schema, const char *name)
{
    List *tables = tenant_tables_in_order(schema_tables(schema), name);
    check_schema_foreign_keys(schema, name);
    LockRelationOid(dist_schema_object("pg_dist_colocation"), ShareUpdateExclusiveLock);
    int32 colocation_id = metadata::next_colocation_id();
    record_tenant_schema(schema, colocation_id);
    ListCell *cell;
    foreach (cell, tables)
        distribute_tenant_table(lfirst_oid(cell), colocation_id);
}

// The namespace a CREATE statement's `relation` goes to, or InvalidOid for temporary tables.
Oid creation_namespace(RangeVar *relation)
{
    if (relation == nullptr || relation->relpersistence == RELPERSISTENCE_TEMP)
        return InvalidOid;
    if (relation->schemaname != nullptr)
        return get_namespace_oid(relation->schemaname, true);
    return RangeVarGetCreationNamespace(relation);
}

// Refuses ALTER TABLE ... SET SCHEMA that would move a table into, out of or between
// distributed schemas.
void check_set_schema(AlterObjectSchemaStmt *stmt)
{
    if (stmt->relation == nullptr)
        return;
    Oid relid = RangeVarGetRelid(stmt->relation, NoLock, true);
    if (!OidIsValid(relid))
        return;
    char relkind = get_rel_relkind(relid);
    if (relkind != RELKIND_RELATION && relkind != RELKIND_PARTITIONED_TABLE &&
        relkind != RELKIND_FOREIGN_TABLE)
        return;
    Oid from = get_rel_namespace(relid);
    Oid to = get_namespace_oid(stmt->newschema, true);
    if (!OidIsValid(to) || from == to)
        return;
    bool from_tenant = tenant_schema_colocation(from) != 0;
    bool to_tenant = tenant_schema_colocation(to) != 0;
    if (!from_tenant && !to_tenant)
        return;
    ereport(ERROR,
            (errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
             errmsg("cannot move table \"%s\" %s distributed schema \"%s\"", get_rel_name(relid),
                    from_tenant ? "out of" : "into", get_namespace_name(from_tenant ? from : to)),
             errdetail("ALTER TABLE ... SET SCHEMA is not supported for the tables of distributed "
                       "schemas."),
             from_tenant
                 ? errhint("Use citus_schema_undistribute() first, or copy the rows into a table "
                           "created in the other schema.")
                 : errhint("Create the table in the distributed schema and copy the rows into "
                           "it, or move it before distributing the schema.")));
}

// Raises an ERROR for CREATE statements the schema's tables cannot be: partitioned tables,
// partitions, inheritance children and foreign tables.
void check_created_table(CreateStmt *stmt, Oid schema, bool foreign)
{
    const char *what = nullptr;
    if (foreign)
        what = "foreign table";
    else if (stmt->partspec != nullptr)
        what = "partitioned table";
    else if (stmt->partbound != nullptr)
        what = "partition";
    else if (stmt->inhRelations != NIL)
        ereport(ERROR,
                (errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
                 errmsg("cannot create table \"%s\" in distributed schema \"%s\": it inherits "
                        "from another table",
                        stmt->relation->relname, get_namespace_name(schema)),
                 errdetail("Table inheritance is not supported for distributed tables.")));
    if (what == nullptr)
        return;
    ereport(ERROR,
            (errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
             errmsg("cannot create %s \"%s\" in distributed schema \"%s\"", what,
                    stmt->relation->relname, get_namespace_name(schema)),
             foreign ? errdetail("Foreign tables are not supported in distributed schemas.")
                     : errdetail("Partitioned tables are not supported in distributed schemas: "
                                 "single-shard distributed tables cannot be partitioned "
                                 "yet.")));
}

} // namespace

int32 tenant_schema_colocation(Oid schema)
{
    if (!OidIsValid(schema) || !metadata::extension_present())
        return 0;
    bool found = false;
    Datum value =
        lookup_dist_schema(1, "pg_dist_schema_pkey", ObjectIdGetDatum(schema), F_OIDEQ, &found);
    return found ? DatumGetInt32(value) : 0;
}

Oid schema_of_tenant_group(int32 colocation_id)
{
    if (colocation_id == 0 || !metadata::extension_present())
        return InvalidOid;
    bool found = false;
    Datum value = lookup_dist_schema(2, "pg_dist_schema_unique_colocationid_index",
                                     Int32GetDatum(colocation_id), F_INT4EQ, &found);
    return found ? DatumGetObjectId(value) : InvalidOid;
}

void distribute_schema(Oid schema)
{
    char *name = lock_owned_schema(schema);
    if (tenant_schema_colocation(schema) != 0) {
        ereport(NOTICE, (errmsg("schema \"%s\" is already distributed", name)));
        return;
    }
    check_schema_can_be_distributed(schema, name);
    make_tenant_schema(schema, name);
}

void undistribute_schema(Oid schema)
{
    char *name = lock_owned_schema(schema);
    int32 colocation_id = tenant_schema_colocation(schema);
    if (colocation_id == 0) {
        ereport(NOTICE, (errmsg("schema \"%s\" is not distributed", name)));
        return;
    }
    // Referencing tables first: a distributed table cannot reference a local one.
    List *remaining = metadata::tables_in_colocation_group(colocation_id);
    while (remaining != NIL) {
        Oid chosen = InvalidOid;
        ListCell *cell;
        foreach (cell, remaining) {
            Oid relid = lfirst_oid(cell);
            bool referenced = false;
            ListCell *other;
            foreach (other, remaining)
                referenced =
                    referenced ||
                    (lfirst_oid(other) != relid &&
                     list_member_oid(operations::referenced_tables(lfirst_oid(other)), relid));
            if (!referenced) {
                chosen = relid;
                break;
            }
        }
        if (!OidIsValid(chosen))
            chosen = linitial_oid(remaining);        // a cycle: undistribute_relation explains
        undistribute_relation(chosen, false, false); // keys to reference tables stay
        remaining = list_delete_oid(remaining, chosen);
    }
    Oid types[1] = {OIDOID};
    Datum values[1] = {ObjectIdGetDatum(schema)};
    run_sql("DELETE FROM pg_catalog.pg_dist_schema WHERE schemaid = $1", 1, types, values);
    CommandCounterIncrement();
    forget_tenant_group(colocation_id);
}

SchemaShardingStatement *prepare_schema_sharding_statement(Node *parsetree)
{
    if (parsetree == nullptr || creating_extension || !metadata::extension_present())
        return nullptr;
    if (IsA(parsetree, CreateSchemaStmt)) {
        if (!tessera_enable_schema_based_sharding)
            return nullptr;
        auto *stmt = castNode(CreateSchemaStmt, parsetree);
        char *name =
            stmt->schemaname != nullptr ? stmt->schemaname : get_rolespec_name(stmt->authrole);
        auto *state =
            static_cast<SchemaShardingStatement *>(palloc0(sizeof(SchemaShardingStatement)));
        state->create_schema = true;
        state->schema_name = pstrdup(name);
        state->schema_existed = OidIsValid(get_namespace_oid(name, true));
        return state;
    }
    if (IsA(parsetree, AlterObjectSchemaStmt)) {
        check_set_schema(castNode(AlterObjectSchemaStmt, parsetree));
        return nullptr;
    }
    RangeVar *relation = nullptr;
    if (IsA(parsetree, CreateStmt) || IsA(parsetree, CreateForeignTableStmt)) {
        auto *stmt = reinterpret_cast<CreateStmt *>(parsetree);
        Oid schema = creation_namespace(stmt->relation);
        if (tenant_schema_colocation(schema) == 0)
            return nullptr;
        check_created_table(stmt, schema, IsA(parsetree, CreateForeignTableStmt));
        relation = stmt->relation;
    } else if (IsA(parsetree, CreateTableAsStmt)) {
        auto *stmt = castNode(CreateTableAsStmt, parsetree);
        if (stmt->objtype != OBJECT_TABLE || stmt->into == nullptr)
            return nullptr;
        relation = stmt->into->rel;
    } else {
        return nullptr;
    }
    Oid schema = creation_namespace(relation);
    int32 colocation_id = tenant_schema_colocation(schema);
    if (colocation_id == 0)
        return nullptr;
    auto *state = static_cast<SchemaShardingStatement *>(palloc0(sizeof(SchemaShardingStatement)));
    state->table = static_cast<RangeVar *>(copyObject(relation));
    if (state->table->schemaname == nullptr)
        state->table->schemaname = get_namespace_name(schema);
    state->table_schema = schema;
    state->colocation_id = colocation_id;
    return state;
}

void finish_schema_sharding_statement(SchemaShardingStatement *statement)
{
    if (statement == nullptr)
        return;
    if (statement->create_schema) {
        if (statement->schema_existed)
            return;
        Oid schema = get_namespace_oid(statement->schema_name, false);
        // The schema may already hold tables: CREATE SCHEMA ... CREATE TABLE.
        char *name = lock_owned_schema(schema);
        check_schema_can_be_distributed(schema, name);
        make_tenant_schema(schema, name);
        return;
    }
    Oid relid = RangeVarGetRelid(statement->table, NoLock, true);
    if (!OidIsValid(relid) || get_rel_namespace(relid) != statement->table_schema ||
        metadata::lookup_distributed_table(relid) != nullptr)
        return; // CREATE TABLE IF NOT EXISTS of a table that exists
    distribute_tenant_table(relid, statement->colocation_id);
}

void forget_dropped_tenant_schemas()
{
    if (!metadata::extension_present())
        return;
    List *groups = run_sql("DELETE FROM pg_catalog.pg_dist_schema ds "
                           "USING pg_catalog.pg_event_trigger_dropped_objects() d "
                           "WHERE d.classid = 'pg_catalog.pg_namespace'::pg_catalog.regclass "
                           "AND d.objid = ds.schemaid RETURNING ds.colocationid",
                           0, nullptr, nullptr);
    CommandCounterIncrement();
    ListCell *cell;
    foreach (cell, groups)
        forget_tenant_group(lfirst_int(cell));
}

} // namespace tessera::commands

// citus_schema_distribute(schemaname regnamespace)
TESSERA_FUNCTION(tessera_citus_schema_distribute)
{
    tessera::commands::distribute_schema(PG_GETARG_OID(0));
    PG_RETURN_VOID();
}

// citus_schema_undistribute(schemaname regnamespace)
TESSERA_FUNCTION(tessera_citus_schema_undistribute)
{
    tessera::commands::undistribute_schema(PG_GETARG_OID(0));
    PG_RETURN_VOID();
}
