// Builds the DDL of shard tables from the catalogs of the logical table. Index and constraint
// statements are assembled from pg_index / pg_constraint with the shard's names, never by
// rewriting the text of the original statements. PostgreSQL-style code.
#include "tessera/operations/shard_ddl.h"
#include "tessera/operations/constraint_keys.h"

#include "tessera/metadata/distributed_functions.h"
#include "tessera/metadata/distributed_table.h"
#include "tessera/pg/worker_text_environment.h"

extern "C" {
#include "access/amapi.h"
#include "access/genam.h"
#include "access/htup_details.h"
#include "access/relation.h"
#include "access/stratnum.h"
#include "access/table.h"
#include "catalog/dependency.h"
#include "catalog/index.h"
#include "catalog/indexing.h"
#include "catalog/namespace.h"
#include "catalog/pg_am.h"
#include "catalog/pg_attrdef.h"
#include "catalog/pg_class.h"
#include "catalog/pg_constraint.h"
#include "catalog/pg_index.h"
#include "catalog/pg_opclass.h"
#include "catalog/pg_proc.h"
#include "catalog/pg_statistic_ext.h"
#include "catalog/pg_trigger.h"
#include "catalog/pg_type.h"
#include "commands/defrem.h"
#include "commands/trigger.h"
#include "lib/stringinfo.h"
#include "miscadmin.h"
#include "nodes/makefuncs.h"
#include "nodes/nodeFuncs.h"
#include "optimizer/optimizer.h"
#include "parser/parser.h"
#include "utils/acl.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/float.h"
#include "utils/fmgroids.h"
#include "utils/fmgrprotos.h"
#include "utils/guc.h"
#include "utils/lsyscache.h"
#include "utils/regproc.h"
#include "utils/rel.h"
#include "utils/ruleutils.h"
#include "utils/syscache.h"
}

namespace tessera::operations {

namespace {

// True for functions that cannot run on a worker: sequence functions (the sequence lives on the
// coordinator) and functions that are not built in (they may not exist there).
bool function_is_coordinator_only(Oid funcid, void *)
{
    return funcid == F_NEXTVAL || funcid == F_CURRVAL || funcid == F_SETVAL_REGCLASS_INT8 ||
           funcid == F_SETVAL_REGCLASS_INT8_BOOL || funcid == F_LASTVAL ||
           funcid >= FirstNormalObjectId;
}

bool coordinator_only_walker(Node *node, void *context)
{
    if (node == nullptr)
        return false;
    if (check_functions_in_node(node, function_is_coordinator_only, context))
        return true;
    return expression_tree_walker(
        node, reinterpret_cast<bool (*)()>(reinterpret_cast<void (*)()>(coordinator_only_walker)),
        context);
}

const char *qualified_shard(Relation rel, int64 shard_id)
{
    return quote_qualified_identifier(
        get_namespace_name(RelationGetNamespace(rel)),
        metadata::shard_table_name(RelationGetRelationName(rel), shard_id));
}

// Privilege names of table ACL bits, in the order GRANT lists them.
constexpr struct {
    AclMode mode;
    const char *name;
} kTablePrivileges[] = {
    {ACL_SELECT, "SELECT"},   {ACL_INSERT, "INSERT"},     {ACL_UPDATE, "UPDATE"},
    {ACL_DELETE, "DELETE"},   {ACL_TRUNCATE, "TRUNCATE"}, {ACL_REFERENCES, "REFERENCES"},
    {ACL_TRIGGER, "TRIGGER"},
};

// Appends to `commands` the GRANTs that give the shard the privileges of `acl` (a relacl, or
// with `column` set an attacl), except the owner's own (the shard's owner has them).
List *acl_grant_commands(List *commands, Datum acl_datum, const char *shard, const char *column,
                         Oid owner)
{
    Acl *acl = DatumGetAclP(acl_datum);
    AclItem *items = ACL_DAT(acl);
    for (int i = 0; i < ACL_NUM(acl); i++) {
        AclItem *item = &items[i];
        if (item->ai_grantee == owner)
            continue;
        AclMode privileges = ACLITEM_GET_PRIVS(*item);
        AclMode options = ACLITEM_GET_GOPTIONS(*item);
        const char *grantee = item->ai_grantee == ACL_ID_PUBLIC
                                  ? "PUBLIC"
                                  : quote_identifier(GetUserNameFromId(item->ai_grantee, false));
        // Privileges without grant option, then those with it.
        for (int with_option = 0; with_option < 2; with_option++) {
            StringInfoData sql;
            initStringInfo(&sql);
            for (const auto &privilege : kTablePrivileges) {
                if ((privileges & privilege.mode) == 0 ||
                    ((options & privilege.mode) != 0) != (with_option == 1))
                    continue;
                appendStringInfo(&sql, "%s%s", sql.len == 0 ? "GRANT " : ", ", privilege.name);
                if (column != nullptr)
                    appendStringInfo(&sql, " (%s)", quote_identifier(column));
            }
            if (sql.len == 0)
                continue;
            appendStringInfo(&sql, " ON TABLE %s TO %s%s", shard, grantee,
                             with_option == 1 ? " WITH GRANT OPTION" : "");
            commands = lappend(commands, sql.data);
        }
    }
    return commands;
}

// The commands that give the shard the table's owner (when it is not the user creating the
// shard) and the privileges granted on the table and its columns.
List *owner_and_grant_commands(List *commands, Relation rel, int64 shard_id)
{
    const char *shard = qualified_shard(rel, shard_id);
    Oid owner = rel->rd_rel->relowner;
    if (owner != GetUserId())
        commands = lappend(commands, psprintf("ALTER TABLE %s OWNER TO %s", shard,
                                              quote_identifier(GetUserNameFromId(owner, false))));
    HeapTuple tuple = SearchSysCache1(RELOID, ObjectIdGetDatum(RelationGetRelid(rel)));
    if (!HeapTupleIsValid(tuple))
        elog(ERROR, "cache lookup failed for relation %u", RelationGetRelid(rel));
    bool isnull;
    Datum acl = SysCacheGetAttr(RELOID, tuple, Anum_pg_class_relacl, &isnull);
    if (!isnull)
        commands = acl_grant_commands(commands, acl, shard, nullptr, owner);
    ReleaseSysCache(tuple);
    TupleDesc desc = RelationGetDescr(rel);
    for (int i = 0; i < desc->natts; i++) {
        Form_pg_attribute att = TupleDescAttr(desc, i);
        if (att->attisdropped)
            continue;
        HeapTuple att_tuple = SearchSysCache2(ATTNUM, ObjectIdGetDatum(RelationGetRelid(rel)),
                                              Int16GetDatum(att->attnum));
        if (!HeapTupleIsValid(att_tuple))
            continue;
        Datum att_acl = SysCacheGetAttr(ATTNUM, att_tuple, Anum_pg_attribute_attacl, &isnull);
        if (!isnull)
            commands = acl_grant_commands(commands, att_acl, shard, NameStr(att->attname), owner);
        ReleaseSysCache(att_tuple);
    }
    return commands;
}

char *reloptions_clause(Oid relid);

// "CREATE TABLE shard (columns ...)".
char *create_table_command(Relation rel, int64 shard_id, List *deparse_context)
{
    TupleDesc desc = RelationGetDescr(rel);
    StringInfoData buf;
    initStringInfo(&buf);
    appendStringInfo(&buf, "CREATE %sTABLE %s (",
                     rel->rd_rel->relpersistence == RELPERSISTENCE_UNLOGGED ? "UNLOGGED " : "",
                     qualified_shard(rel, shard_id));
    bool first = true;
    for (int i = 0; i < desc->natts; i++) {
        Form_pg_attribute att = TupleDescAttr(desc, i);
        if (att->attisdropped)
            continue;
        if (!first)
            appendStringInfoString(&buf, ", ");
        first = false;
        appendStringInfo(
            &buf, "%s %s", quote_identifier(NameStr(att->attname)),
            format_type_extended(att->atttypid, att->atttypmod,
                                 FORMAT_TYPE_TYPEMOD_GIVEN | FORMAT_TYPE_FORCE_QUALIFY));
        if (OidIsValid(att->attcollation) && att->attcollation != get_typcollation(att->atttypid))
            appendStringInfo(&buf, " COLLATE %s", generate_collation_name(att->attcollation));
        if (att->atthasdef) {
            Node *expr = column_default(rel, att->attnum);
            if (expr != nullptr) {
                char *text = deparse_expression(expr, deparse_context, false, false);
                if (att->attgenerated == ATTRIBUTE_GENERATED_STORED)
                    appendStringInfo(&buf, " GENERATED ALWAYS AS (%s) STORED", text);
                else if (!coordinator_only_walker(expr, nullptr))
                    appendStringInfo(&buf, " DEFAULT %s", text);
            }
        }
        if (att->attnotnull)
            appendStringInfoString(&buf, " NOT NULL");
    }
    appendStringInfoChar(&buf, ')');
    // A partitioned table's shard is partitioned the same way; its partitions are the shards
    // of the table's partitions, attached to it (shard_attach_partition_command).
    if (rel->rd_rel->relkind == RELKIND_PARTITIONED_TABLE)
        appendStringInfo(&buf, " PARTITION BY %s",
                         TextDatumGetCString(DirectFunctionCall1(
                             pg_get_partkeydef, ObjectIdGetDatum(RelationGetRelid(rel)))));
    else // storage parameters (fillfactor, autovacuum_*, ...), as ALTER TABLE SET sets them
        appendStringInfoString(&buf, reloptions_clause(RelationGetRelid(rel)));
    return buf.data;
}

// "ALTER TABLE shard ADD CONSTRAINT name <definition>" for CHECK, PRIMARY KEY and UNIQUE.
char *add_constraint_command(Relation rel, int64 shard_id, HeapTuple tuple)
{
    Form_pg_constraint con = reinterpret_cast<Form_pg_constraint>(GETSTRUCT(tuple));
    const char *name = NameStr(con->conname);
    // Index-backed constraints name an index, which must be unique in the schema.
    if (con->contype != CONSTRAINT_CHECK)
        name = metadata::shard_table_name(name, shard_id);
    char *definition =
        TextDatumGetCString(DirectFunctionCall1(pg_get_constraintdef, ObjectIdGetDatum(con->oid)));
    return psprintf("ALTER TABLE %s ADD CONSTRAINT %s %s", qualified_shard(rel, shard_id),
                    quote_identifier(name), definition);
}

// Schema-qualified name of an operator class.
char *opclass_name(Oid opclass)
{
    HeapTuple tuple = SearchSysCache1(CLAOID, ObjectIdGetDatum(opclass));
    if (!HeapTupleIsValid(tuple))
        elog(ERROR, "cache lookup failed for operator class %u", opclass);
    Form_pg_opclass form = reinterpret_cast<Form_pg_opclass>(GETSTRUCT(tuple));
    char *name =
        quote_qualified_identifier(get_namespace_name(form->opcnamespace), NameStr(form->opcname));
    ReleaseSysCache(tuple);
    return name;
}

// " WITH (name = 'value', ...)" from a relation's reloptions, or "".
char *reloptions_clause(Oid relid)
{
    char *list = reloptions_list(relid);
    return list != nullptr ? psprintf(" WITH (%s)", list) : pstrdup("");
}

// "CREATE [UNIQUE] INDEX name ON [ONLY] shard USING am (...)" assembled from pg_index. ONLY for
// an invalid index of a partitioned table (made by CREATE INDEX ON ONLY, awaiting ALTER INDEX
// ... ATTACH PARTITION): the shard's copy is made the same way, and is as invalid as the
// table's while the shard's partitions lack their attached index.
char *create_index_command(Relation rel, int64 shard_id, Oid index_oid, List *deparse_context)
{
    Relation index = index_open(index_oid, AccessShareLock);
    Form_pg_index form = index->rd_index;
    bool isnull;
    Datum class_datum =
        SysCacheGetAttr(INDEXRELID, index->rd_indextuple, Anum_pg_index_indclass, &isnull);
    oidvector *classes = reinterpret_cast<oidvector *>(DatumGetPointer(class_datum));
    List *expressions = index_stored_expressions(index);
    ListCell *next_expression = list_head(expressions);
    Oid am = index->rd_rel->relam;

    StringInfoData buf;
    initStringInfo(&buf);
    appendStringInfo(
        &buf, "CREATE %sINDEX %s ON %s%s USING %s (", form->indisunique ? "UNIQUE " : "",
        quote_identifier(metadata::shard_table_name(RelationGetRelationName(index), shard_id)),
        index->rd_rel->relkind == RELKIND_PARTITIONED_INDEX && !form->indisvalid ? "ONLY " : "",
        qualified_shard(rel, shard_id), quote_identifier(get_am_name(am)));
    for (int i = 0; i < form->indnatts; i++) {
        if (i == form->indnkeyatts)
            appendStringInfoString(&buf, ") INCLUDE (");
        else if (i > 0)
            appendStringInfoString(&buf, ", ");
        AttrNumber attnum = form->indkey.values[i];
        Oid key_type;
        Oid key_collation;
        if (attnum != 0) {
            int32 typmod;
            appendStringInfoString(
                &buf, quote_identifier(get_attname(RelationGetRelid(rel), attnum, false)));
            get_atttypetypmodcoll(RelationGetRelid(rel), attnum, &key_type, &typmod,
                                  &key_collation);
        } else {
            Node *expression = static_cast<Node *>(lfirst(next_expression));
            next_expression = lnext(expressions, next_expression);
            appendStringInfo(&buf, "(%s)",
                             deparse_expression(expression, deparse_context, false, false));
            key_type = exprType(expression);
            key_collation = exprCollation(expression);
        }
        if (i >= form->indnkeyatts)
            continue;
        Oid collation = index->rd_indcollation[i];
        if (OidIsValid(collation) && collation != key_collation)
            appendStringInfo(&buf, " COLLATE %s", generate_collation_name(collation));
        Oid opclass = classes->values[i];
        if (opclass != GetDefaultOpClass(key_type, am))
            appendStringInfo(&buf, " %s", opclass_name(opclass));
        if (index->rd_indam->amcanorder) {
            int16 option = index->rd_indoption[i];
            if (option & INDOPTION_DESC) {
                appendStringInfoString(&buf, " DESC");
                if (!(option & INDOPTION_NULLS_FIRST))
                    appendStringInfoString(&buf, " NULLS LAST");
            } else if (option & INDOPTION_NULLS_FIRST) {
                appendStringInfoString(&buf, " NULLS FIRST");
            }
        }
    }
    appendStringInfoChar(&buf, ')');
    if (form->indnullsnotdistinct)
        appendStringInfoString(&buf, " NULLS NOT DISTINCT");
    appendStringInfoString(&buf, reloptions_clause(index_oid));
    Node *predicate = index_stored_predicate(index);
    if (predicate != nullptr)
        appendStringInfo(&buf, " WHERE %s",
                         deparse_expression(predicate, deparse_context, false, false));
    index_close(index, AccessShareLock);
    return buf.data;
}

} // namespace

List *catalog_rows_of_relation(Oid catalog, Oid index, AttrNumber relid_column, Oid relid)
{
    Relation rel = table_open(catalog, AccessShareLock);
    ScanKeyData key;
    ScanKeyInit(&key, relid_column, BTEqualStrategyNumber, F_OIDEQ, ObjectIdGetDatum(relid));
    SysScanDesc scan = systable_beginscan(rel, index, true, nullptr, 1, &key);
    List *tuples = NIL;
    HeapTuple tuple;
    while (HeapTupleIsValid(tuple = systable_getnext(scan)))
        tuples = lappend(tuples, heap_copytuple(tuple));
    systable_endscan(scan);
    table_close(rel, AccessShareLock);
    return tuples;
}

List *table_constraints(Oid relid)
{
    return catalog_rows_of_relation(ConstraintRelationId, ConstraintRelidTypidNameIndexId,
                                    Anum_pg_constraint_conrelid, relid);
}

Node *column_default(Relation rel, AttrNumber attnum)
{
    TupleConstr *constr = RelationGetDescr(rel)->constr;
    if (constr == nullptr)
        return nullptr;
    for (int i = 0; i < constr->num_defval; i++) {
        if (constr->defval[i].adnum == attnum)
            return static_cast<Node *>(stringToNode(constr->defval[i].adbin));
    }
    return nullptr;
}

namespace {

// Appends to `commands` the settings of `rel` that CREATE TABLE and CREATE INDEX do not carry,
// made with ALTER TABLE / ALTER INDEX on the shard: per-column statistics targets, storage,
// compression and options, the replica identity, the index CLUSTER uses, and the statistics
// targets of index columns. Without them a new or moved shard would silently lose what ALTER
// TABLE / ALTER INDEX set on the table and its existing shards.
List *shard_settings_commands(List *commands, Relation rel, int64 shard_id)
{
    const char *shard = qualified_shard(rel, shard_id);
    TupleDesc desc = RelationGetDescr(rel);
    StringInfoData buf;
    initStringInfo(&buf);
    for (int i = 0; i < desc->natts; i++) {
        Form_pg_attribute att = TupleDescAttr(desc, i);
        if (att->attisdropped)
            continue;
        const char *column = quote_identifier(NameStr(att->attname));
        if (att->attstattarget >= 0)
            appendStringInfo(&buf, "%sALTER COLUMN %s SET STATISTICS %d", buf.len ? ", " : "",
                             column, att->attstattarget);
        if (att->attstorage != get_typstorage(att->atttypid)) {
            const char *storage = att->attstorage == TYPSTORAGE_PLAIN      ? "PLAIN"
                                  : att->attstorage == TYPSTORAGE_EXTERNAL ? "EXTERNAL"
                                  : att->attstorage == TYPSTORAGE_MAIN     ? "MAIN"
                                                                           : "EXTENDED";
            appendStringInfo(&buf, "%sALTER COLUMN %s SET STORAGE %s", buf.len ? ", " : "", column,
                             storage);
        }
        if (att->attcompression != '\0')
            appendStringInfo(&buf, "%sALTER COLUMN %s SET COMPRESSION %s", buf.len ? ", " : "",
                             column, att->attcompression == 'l' ? "lz4" : "pglz");
        HeapTuple att_tuple = SearchSysCache2(ATTNUM, ObjectIdGetDatum(RelationGetRelid(rel)),
                                              Int16GetDatum(att->attnum));
        if (HeapTupleIsValid(att_tuple)) {
            bool isnull;
            Datum options =
                SysCacheGetAttr(ATTNUM, att_tuple, Anum_pg_attribute_attoptions, &isnull);
            if (!isnull) {
                Datum *items;
                int count;
                deconstruct_array(DatumGetArrayTypeP(options), TEXTOID, -1, false, TYPALIGN_INT,
                                  &items, nullptr, &count);
                StringInfoData list;
                initStringInfo(&list);
                for (int k = 0; k < count; k++) {
                    char *option = TextDatumGetCString(items[k]);
                    char *equals = strchr(option, '=');
                    if (equals == nullptr)
                        continue;
                    *equals = '\0';
                    appendStringInfo(&list, "%s%s = %s", list.len ? ", " : "",
                                     quote_identifier(option), quote_literal_cstr(equals + 1));
                }
                if (list.len > 0)
                    appendStringInfo(&buf, "%sALTER COLUMN %s SET (%s)", buf.len ? ", " : "",
                                     column, list.data);
            }
            ReleaseSysCache(att_tuple);
        }
    }
    if (rel->rd_rel->relreplident == REPLICA_IDENTITY_FULL)
        appendStringInfo(&buf, "%sREPLICA IDENTITY FULL", buf.len ? ", " : "");
    else if (rel->rd_rel->relreplident == REPLICA_IDENTITY_NOTHING)
        appendStringInfo(&buf, "%sREPLICA IDENTITY NOTHING", buf.len ? ", " : "");
    ListCell *cell;
    foreach (cell, RelationGetIndexList(rel)) {
        Oid index_oid = lfirst_oid(cell);
        Relation index = index_open(index_oid, AccessShareLock);
        const char *index_name =
            quote_identifier(metadata::shard_table_name(RelationGetRelationName(index), shard_id));
        if (index->rd_index->indisreplident && rel->rd_rel->relreplident == REPLICA_IDENTITY_INDEX)
            appendStringInfo(&buf, "%sREPLICA IDENTITY USING INDEX %s", buf.len ? ", " : "",
                             index_name);
        if (index->rd_index->indisclustered)
            appendStringInfo(&buf, "%sCLUSTER ON %s", buf.len ? ", " : "", index_name);
        const char *qualified_index = quote_qualified_identifier(
            get_namespace_name(RelationGetNamespace(index)),
            metadata::shard_table_name(RelationGetRelationName(index), shard_id));
        TupleDesc index_desc = RelationGetDescr(index);
        for (int k = 0; k < index_desc->natts; k++) {
            Form_pg_attribute att = TupleDescAttr(index_desc, k);
            if (att->attstattarget >= 0)
                commands =
                    lappend(commands, psprintf("ALTER INDEX %s ALTER COLUMN %d SET STATISTICS %d",
                                               qualified_index, att->attnum, att->attstattarget));
        }
        index_close(index, AccessShareLock);
    }
    if (buf.len > 0)
        commands = lappend(commands, psprintf("ALTER TABLE %s %s", shard, buf.data));
    return commands;
}

// The commands that make statistics object `stat_oid` (of a table) on shard `shard_id`: CREATE
// STATISTICS of the same kinds over the same columns and expressions, named
// <name>_<shardid> in the table's schema, then its statistics target and owner.
List *statistics_create_commands(List *commands, Oid stat_oid, int64 shard_id)
{
    HeapTuple tuple = SearchSysCache1(STATEXTOID, ObjectIdGetDatum(stat_oid));
    if (!HeapTupleIsValid(tuple))
        elog(ERROR, "cache lookup failed for statistics object %u", stat_oid);
    auto *form = reinterpret_cast<Form_pg_statistic_ext>(GETSTRUCT(tuple));
    Oid relid = form->stxrelid;
    const char *shard_stat = shard_statistics_name(stat_oid, shard_id);
    bool isnull;
    Datum kinds_datum = SysCacheGetAttr(STATEXTOID, tuple, Anum_pg_statistic_ext_stxkind, &isnull);
    ArrayType *kinds_array = DatumGetArrayTypeP(kinds_datum);
    char *kinds = reinterpret_cast<char *>(ARR_DATA_PTR(kinds_array));
    int kind_count = ARR_DIMS(kinds_array)[0];
    StringInfoData kind_list;
    initStringInfo(&kind_list);
    for (int i = 0; i < kind_count; i++) {
        const char *name = kinds[i] == STATS_EXT_NDISTINCT      ? "ndistinct"
                           : kinds[i] == STATS_EXT_DEPENDENCIES ? "dependencies"
                           : kinds[i] == STATS_EXT_MCV          ? "mcv"
                                                                : nullptr;
        if (name != nullptr) // expression statistics (e) are built without being named
            appendStringInfo(&kind_list, "%s%s", kind_list.len ? ", " : "", name);
    }
    char *columns = TextDatumGetCString(
        DirectFunctionCall1(pg_get_statisticsobjdef_columns, ObjectIdGetDatum(stat_oid)));
    Relation rel = relation_open(relid, AccessShareLock);
    commands = lappend(commands,
                       psprintf("CREATE STATISTICS %s%s%s%s ON %s FROM %s", shard_stat,
                                kind_list.len ? " (" : "", kind_list.data, kind_list.len ? ")" : "",
                                columns, qualified_shard(rel, shard_id)));
    relation_close(rel, AccessShareLock);
    if (form->stxstattarget >= 0)
        commands = lappend(commands, psprintf("ALTER STATISTICS %s SET STATISTICS %d", shard_stat,
                                              form->stxstattarget));
    if (form->stxowner != GetUserId())
        commands =
            lappend(commands, psprintf("ALTER STATISTICS %s OWNER TO %s", shard_stat,
                                       quote_identifier(GetUserNameFromId(form->stxowner, false))));
    ReleaseSysCache(tuple);
    return commands;
}

} // namespace

List *table_statistics_oids(Oid relid)
{
    List *oids = NIL;
    ListCell *cell;
    foreach (cell, catalog_rows_of_relation(StatisticExtRelationId, StatisticExtRelidIndexId,
                                            Anum_pg_statistic_ext_stxrelid, relid))
        oids = lappend_oid(oids, reinterpret_cast<Form_pg_statistic_ext>(
                                     GETSTRUCT(static_cast<HeapTuple>(lfirst(cell))))
                                     ->oid);
    list_sort(oids, list_oid_cmp);
    return oids;
}

char *shard_statistics_name(Oid stat_oid, int64 shard_id, const char *name)
{
    HeapTuple tuple = SearchSysCache1(STATEXTOID, ObjectIdGetDatum(stat_oid));
    if (!HeapTupleIsValid(tuple))
        elog(ERROR, "cache lookup failed for statistics object %u", stat_oid);
    auto *form = reinterpret_cast<Form_pg_statistic_ext>(GETSTRUCT(tuple));
    char *shard_name =
        metadata::shard_table_name(name != nullptr ? name : NameStr(form->stxname), shard_id);
    Oid schema = get_rel_namespace(form->stxrelid);
    ReleaseSysCache(tuple);
    return quote_qualified_identifier(get_namespace_name(schema), shard_name);
}

List *shard_statistics_commands(Oid stat_oid, int64 shard_id)
{
    int level = pg::enter_worker_text_environment();
    List *commands = statistics_create_commands(NIL, stat_oid, shard_id);
    pg::leave_worker_text_environment(level);
    return commands;
}

namespace {

// ERROR if partitioned table `rel` has an invalid index (CREATE INDEX ON ONLY whose partitions'
// indexes are not all attached yet). A new shard of it gets its partitions attached after it
// is made: ATTACH PARTITION would attach (or create) the partitions' indexes on the shard that
// are not attached on the coordinator, and the shard's index could never match the table's.
void check_no_invalid_partitioned_index(Relation rel)
{
    if (rel->rd_rel->relkind != RELKIND_PARTITIONED_TABLE)
        return;
    ListCell *cell;
    foreach (cell, RelationGetIndexList(rel)) {
        Oid index_oid = lfirst_oid(cell);
        HeapTuple tuple = SearchSysCache1(INDEXRELID, ObjectIdGetDatum(index_oid));
        if (!HeapTupleIsValid(tuple))
            elog(ERROR, "cache lookup failed for index %u", index_oid);
        bool valid = reinterpret_cast<Form_pg_index>(GETSTRUCT(tuple))->indisvalid;
        ReleaseSysCache(tuple);
        if (!valid)
            ereport(ERROR,
                    (errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
                     errmsg("cannot create a shard of partitioned table \"%s\" while its index "
                            "\"%s\" is invalid",
                            RelationGetRelationName(rel), get_rel_name(index_oid)),
                     errdetail("The index was made with CREATE INDEX ON ONLY and not every "
                               "partition has its index attached to it yet."),
                     errhint("Attach an index of every partition with ALTER INDEX ... ATTACH "
                             "PARTITION (or drop the index), then try again.")));
    }
}

} // namespace

List *shard_create_commands(Oid relid, int64 shard_id)
{
    Relation rel = relation_open(relid, AccessShareLock);
    check_no_invalid_partitioned_index(rel);
    int level = pg::enter_worker_text_environment();
    List *deparse_context = deparse_context_for(RelationGetRelationName(rel), relid);
    List *commands = list_make1(create_table_command(rel, shard_id, deparse_context));

    // CHECK constraints first, then the indexes, index-backed constraints included, in the
    // order of the table's indexes (by OID): PostgreSQL checks unique indexes in that order, so
    // a row violating two of them fails on a shard with the same constraint as on a local table
    // (constraints read by name would create "t_email_key" before "t_pkey").
    List *constraints = table_constraints(relid);
    ListCell *cell;
    foreach (cell, constraints) {
        HeapTuple tuple = static_cast<HeapTuple>(lfirst(cell));
        if (reinterpret_cast<Form_pg_constraint>(GETSTRUCT(tuple))->contype == CONSTRAINT_CHECK)
            commands = lappend(commands, add_constraint_command(rel, shard_id, tuple));
    }
    foreach (cell, RelationGetIndexList(rel)) {
        Oid index_oid = lfirst_oid(cell);
        Oid constraint_oid = get_index_constraint(index_oid);
        if (!OidIsValid(constraint_oid)) {
            commands =
                lappend(commands, create_index_command(rel, shard_id, index_oid, deparse_context));
            continue;
        }
        ListCell *con_cell;
        foreach (con_cell, constraints) {
            HeapTuple tuple = static_cast<HeapTuple>(lfirst(con_cell));
            Form_pg_constraint con = reinterpret_cast<Form_pg_constraint>(GETSTRUCT(tuple));
            if (con->oid == constraint_oid &&
                (con->contype == CONSTRAINT_PRIMARY || con->contype == CONSTRAINT_UNIQUE ||
                 con->contype == CONSTRAINT_EXCLUSION))
                commands = lappend(commands, add_constraint_command(rel, shard_id, tuple));
        }
    }
    commands = shard_settings_commands(commands, rel, shard_id);
    // Extended statistics: the workers plan the shard queries with them.
    foreach (cell, table_statistics_oids(relid))
        commands = statistics_create_commands(commands, lfirst_oid(cell), shard_id);
    commands = owner_and_grant_commands(commands, rel, shard_id);
    pg::leave_worker_text_environment(level);
    relation_close(rel, NoLock);
    return commands;
}

char *shard_index_command(Oid relid, Oid index_oid, int64 shard_id)
{
    Relation rel = relation_open(relid, AccessShareLock);
    int level = pg::enter_worker_text_environment();
    List *deparse_context = deparse_context_for(RelationGetRelationName(rel), relid);
    char *command = create_index_command(rel, shard_id, index_oid, deparse_context);
    pg::leave_worker_text_environment(level);
    relation_close(rel, NoLock);
    return command;
}

char *shard_attach_partition_command(Oid relid, int64 shard_id, Oid parent_relid,
                                     int64 parent_shard_id)
{
    HeapTuple tuple = SearchSysCache1(RELOID, ObjectIdGetDatum(relid));
    if (!HeapTupleIsValid(tuple))
        elog(ERROR, "cache lookup failed for relation %u", relid);
    bool isnull;
    Datum bound = SysCacheGetAttr(RELOID, tuple, Anum_pg_class_relpartbound, &isnull);
    if (isnull)
        elog(ERROR, "relation %u has no partition bound", relid);
    char *bound_text = TextDatumGetCString(bound);
    ReleaseSysCache(tuple);
    // The bound's constants are printed in the workers' styles (dates in ISO).
    int level = pg::enter_worker_text_environment();
    char *bound_sql = TextDatumGetCString(
        DirectFunctionCall2(pg_get_expr, CStringGetTextDatum(bound_text), ObjectIdGetDatum(relid)));
    pg::leave_worker_text_environment(level);
    return psprintf("ALTER TABLE %s ATTACH PARTITION %s %s",
                    metadata::qualified_shard_name(parent_relid, parent_shard_id),
                    metadata::qualified_shard_name(relid, shard_id), bound_sql);
}

char *shard_detach_partition_command(Oid relid, int64 shard_id, Oid parent_relid,
                                     int64 parent_shard_id)
{
    return psprintf("ALTER TABLE %s DETACH PARTITION %s",
                    metadata::qualified_shard_name(parent_relid, parent_shard_id),
                    metadata::qualified_shard_name(relid, shard_id));
}

bool expression_is_coordinator_only(Node *expression)
{
    return coordinator_only_walker(expression, nullptr);
}

char *shard_copy_column_list(Oid relid)
{
    Relation rel = relation_open(relid, AccessShareLock);
    TupleDesc desc = RelationGetDescr(rel);
    StringInfoData buf;
    initStringInfo(&buf);
    appendStringInfoChar(&buf, '(');
    bool first = true;
    for (int i = 0; i < desc->natts; i++) {
        Form_pg_attribute att = TupleDescAttr(desc, i);
        if (att->attisdropped || att->attgenerated != '\0')
            continue;
        if (!first)
            appendStringInfoString(&buf, ", ");
        first = false;
        appendStringInfoString(&buf, quote_identifier(NameStr(att->attname)));
    }
    appendStringInfoChar(&buf, ')');
    relation_close(rel, NoLock);
    return buf.data;
}

List *nonbuiltin_column_types(Oid relid, List **column_names)
{
    Relation rel = relation_open(relid, AccessShareLock);
    TupleDesc desc = RelationGetDescr(rel);
    List *types = NIL;
    *column_names = NIL;
    for (int i = 0; i < desc->natts; i++) {
        Form_pg_attribute att = TupleDescAttr(desc, i);
        if (att->attisdropped || att->atttypid < FirstNormalObjectId)
            continue;
        types = lappend(types, format_type_extended(att->atttypid, -1, FORMAT_TYPE_FORCE_QUALIFY));
        *column_names = lappend(*column_names, pstrdup(NameStr(att->attname)));
    }
    relation_close(rel, NoLock);
    return types;
}

char *reloptions_list(Oid relid)
{
    HeapTuple tuple = SearchSysCache1(RELOID, ObjectIdGetDatum(relid));
    if (!HeapTupleIsValid(tuple))
        elog(ERROR, "cache lookup failed for relation %u", relid);
    bool isnull;
    Datum datum = SysCacheGetAttr(RELOID, tuple, Anum_pg_class_reloptions, &isnull);
    char *list = nullptr;
    if (!isnull) {
        Datum *options;
        int count;
        deconstruct_array(DatumGetArrayTypeP(datum), TEXTOID, -1, false, TYPALIGN_INT, &options,
                          nullptr, &count);
        StringInfoData buf;
        initStringInfo(&buf);
        for (int i = 0; i < count; i++) {
            char *option = TextDatumGetCString(options[i]);
            char *equals = strchr(option, '=');
            if (equals == nullptr)
                continue;
            *equals = '\0';
            appendStringInfo(&buf, "%s%s = %s", buf.len == 0 ? "" : ", ", quote_identifier(option),
                             quote_literal_cstr(equals + 1));
        }
        if (buf.len > 0)
            list = buf.data;
    }
    ReleaseSysCache(tuple);
    return list;
}

} // namespace tessera::operations
