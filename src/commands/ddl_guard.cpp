// DDL on distributed and reference tables that is not propagated to the shards (see
// ddl_propagation.cpp for what is). Run only on the coordinator, it would leave the shards
// different from the table (a policy not enforced, a rule never applied), so it is refused
// with a clear error instead.
#include "tessera/commands/distributed_utility.h"
#include "tessera/metadata/distributed_table.h"

extern "C" {
#include "access/genam.h"
#include "access/table.h"
#include "catalog/index.h"
#include "catalog/indexing.h"
#include "catalog/namespace.h"
#include "catalog/pg_class.h"
#include "catalog/pg_depend.h"
#include "catalog/pg_type.h"
#include "commands/tablespace.h"
#include "miscadmin.h"
#include "nodes/parsenodes.h"
#include "parser/parse_type.h"
#include "utils/builtins.h"
#include "utils/fmgroids.h"
#include "utils/lsyscache.h"
#include "utils/rel.h"
}

namespace tessera::commands {

namespace {

// Raises the error for `what` on distributed table `relid`; `hint` replaces the default one
// (undistribute, change, distribute again) when the change would not survive that either.
[[noreturn]] void refuse(const char *what, Oid relid, const char *hint = nullptr)
{
    ereport(ERROR,
            (errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
             errmsg("%s is not supported for distributed tables", what),
             errdetail("Table \"%s\" is %s; the change would not reach its shards.",
                       get_rel_name(relid),
                       metadata::is_reference_table(relid) ? "a reference table" : "distributed"),
             errhint("%s", hint != nullptr ? hint
                                           : "Undistribute the table with undistribute_table(), "
                                             "change it, and distribute it again.")));
}

// The first distributed or reference table of `ranges` (RangeVar*), else InvalidOid.
Oid first_distributed_relation(List *ranges)
{
    ListCell *cell;
    foreach (cell, ranges) {
        Oid relid = metadata::distributed_table_named(castNode(RangeVar, lfirst(cell)));
        if (OidIsValid(relid))
            return relid;
    }
    return InvalidOid;
}

// The first distributed or reference table in schema `schema`, else InvalidOid.
Oid distributed_relation_in_schema(Oid schema)
{
    ListCell *cell;
    foreach (cell, metadata::all_distributed_tables()) {
        if (get_rel_namespace(lfirst_oid(cell)) == schema)
            return lfirst_oid(cell);
    }
    return InvalidOid;
}

// CREATE / ALTER PUBLICATION: a publication of a distributed table would publish the
// coordinator's empty table, never the rows (they are written on the workers). The first
// distributed table it would add (by name, by schema, or FOR ALL TABLES), else InvalidOid.
Oid distributed_relation_of_publication(List *objects, bool for_all_tables)
{
    if (for_all_tables) {
        List *tables = metadata::all_distributed_tables();
        return tables != NIL ? linitial_oid(tables) : InvalidOid;
    }
    ListCell *cell;
    foreach (cell, objects) {
        auto *object = castNode(PublicationObjSpec, lfirst(cell));
        Oid relid = InvalidOid;
        if (object->pubobjtype == PUBLICATIONOBJ_TABLE && object->pubtable != nullptr) {
            relid = metadata::distributed_table_named(object->pubtable->relation);
        } else if (object->pubobjtype == PUBLICATIONOBJ_TABLES_IN_SCHEMA) {
            Oid schema = get_namespace_oid(object->name, true);
            relid = OidIsValid(schema) ? distributed_relation_in_schema(schema) : InvalidOid;
        } else if (object->pubobjtype == PUBLICATIONOBJ_TABLES_IN_CUR_SCHEMA) {
            List *path = fetch_search_path(false);
            relid = path != NIL ? distributed_relation_in_schema(linitial_oid(path)) : InvalidOid;
        }
        if (OidIsValid(relid))
            return relid;
    }
    return InvalidOid;
}

// The index `range` names if it belongs to a distributed or reference table (the table in
// *relid), else InvalidOid.
Oid distributed_table_index(RangeVar *range, Oid *relid)
{
    if (range == nullptr)
        return InvalidOid;
    Oid index_oid = RangeVarGetRelid(range, NoLock, true);
    if (!OidIsValid(index_oid) || (get_rel_relkind(index_oid) != RELKIND_INDEX &&
                                   get_rel_relkind(index_oid) != RELKIND_PARTITIONED_INDEX))
        return InvalidOid;
    Oid table = IndexGetRelation(index_oid, true);
    if (!OidIsValid(table) || !metadata::is_distributed_table(table))
        return InvalidOid;
    *relid = table;
    return index_oid;
}

// ALTER TABLE / INDEX ALL IN TABLESPACE: the distributed table it would move (itself, or one
// of its indexes) to another tablespace on the coordinator only, else InvalidOid.
// Tablespaces are per node, and moving a distributed table is refused (ALTER TABLE).
Oid distributed_relation_moved(AlterTableMoveAllStmt *stmt)
{
    if (stmt->objtype != OBJECT_TABLE && stmt->objtype != OBJECT_INDEX)
        return InvalidOid;
    Oid from = get_tablespace_oid(stmt->orig_tablespacename, true);
    Oid to = get_tablespace_oid(stmt->new_tablespacename, true);
    if (!OidIsValid(from) || !OidIsValid(to) || from == to)
        return InvalidOid; // PostgreSQL reports the missing tablespace, or does nothing
    if (from == MyDatabaseTableSpace)
        from = InvalidOid; // pg_class.reltablespace is 0 for the database's default
    ListCell *cell;
    foreach (cell, metadata::all_distributed_tables()) {
        Oid relid = lfirst_oid(cell);
        if (stmt->objtype == OBJECT_TABLE) {
            if (get_rel_tablespace(relid) == from)
                return relid;
            continue;
        }
        Relation rel = table_open(relid, AccessShareLock);
        List *indexes = RelationGetIndexList(rel);
        table_close(rel, AccessShareLock);
        ListCell *index_cell;
        foreach (index_cell, indexes) {
            if (get_rel_tablespace(lfirst_oid(index_cell)) == from)
                return relid;
        }
    }
    return InvalidOid;
}

// A column of a distributed or reference table whose type is `type` or is built on it (its
// array type, domains over it, composite types holding it), in *relid and *attnum; false if
// there is none.
bool distributed_column_of_type(Oid type, Oid *relid, AttrNumber *attnum)
{
    List *pending = list_make1_oid(type);
    List *seen = NIL;
    bool found = false;
    Relation depend = table_open(DependRelationId, AccessShareLock);
    while (pending != NIL && !found) {
        Oid current = linitial_oid(pending);
        pending = list_delete_first(pending);
        if (list_member_oid(seen, current))
            continue;
        seen = lappend_oid(seen, current);
        ScanKeyData keys[2];
        ScanKeyInit(&keys[0], Anum_pg_depend_refclassid, BTEqualStrategyNumber, F_OIDEQ,
                    ObjectIdGetDatum(TypeRelationId));
        ScanKeyInit(&keys[1], Anum_pg_depend_refobjid, BTEqualStrategyNumber, F_OIDEQ,
                    ObjectIdGetDatum(current));
        SysScanDesc scan =
            systable_beginscan(depend, DependReferenceIndexId, true, nullptr, 2, keys);
        HeapTuple tuple;
        while (!found && HeapTupleIsValid(tuple = systable_getnext(scan))) {
            auto *dependent = reinterpret_cast<Form_pg_depend>(GETSTRUCT(tuple));
            if (dependent->classid == TypeRelationId) {
                pending = lappend_oid(pending, dependent->objid);
            } else if (dependent->classid == RelationRelationId && dependent->objsubid > 0) {
                if (get_rel_relkind(dependent->objid) == RELKIND_COMPOSITE_TYPE) {
                    pending = lappend_oid(pending, get_rel_type_id(dependent->objid));
                } else if (metadata::is_distributed_table(dependent->objid)) {
                    *relid = dependent->objid;
                    *attnum = static_cast<AttrNumber>(dependent->objsubid);
                    found = true;
                }
            }
        }
        systable_endscan(scan);
    }
    table_close(depend, AccessShareLock);
    return found;
}

// DROP TYPE / DOMAIN ... CASCADE would drop the columns using the type here, as a dependency,
// which no DDL propagation sees: the shards would keep them.
void error_if_drop_cascades_to_columns(DropStmt *stmt)
{
    if ((stmt->removeType != OBJECT_TYPE && stmt->removeType != OBJECT_DOMAIN) ||
        stmt->behavior != DROP_CASCADE)
        return;
    ListCell *cell;
    foreach (cell, stmt->objects) {
        Oid type = LookupTypeNameOid(nullptr, castNode(TypeName, lfirst(cell)), true);
        Oid relid = InvalidOid;
        AttrNumber attnum = 0;
        if (OidIsValid(type) && distributed_column_of_type(type, &relid, &attnum))
            ereport(ERROR,
                    (errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
                     errmsg("cannot drop type %s with CASCADE: column \"%s\" of distributed table "
                            "\"%s\" uses it",
                            format_type_be(type), get_attname(relid, attnum, false),
                            get_rel_name(relid)),
                     errdetail("The column would be dropped here but not on the shards."),
                     errhint("Drop the column with ALTER TABLE first, then the type.")));
    }
}

} // namespace

void error_if_unsupported_ddl(Node *parsetree)
{
    if (parsetree == nullptr || !metadata::extension_present())
        return;
    Oid relid = InvalidOid;
    const char *what = nullptr;
    switch (nodeTag(parsetree)) {
    case T_RenameStmt: {
        // Tables, indexes, columns and constraints are renamed on the shards too
        // (ddl_propagation.cpp), triggers (trigger_propagation.cpp) and policies
        // (policy_propagation.cpp); rules are not.
        auto *rename = castNode(RenameStmt, parsetree);
        if (rename->renameType == OBJECT_TABLE || rename->renameType == OBJECT_INDEX ||
            rename->renameType == OBJECT_COLUMN || rename->renameType == OBJECT_TABCONSTRAINT ||
            rename->renameType == OBJECT_TRIGGER || rename->renameType == OBJECT_POLICY)
            return;
        relid = metadata::distributed_table_named(rename->relation);
        what = "renaming";
        break;
    }
    case T_CreateStmt: {
        // A child table of a distributed table: queries on the parent read its shards only and
        // would miss the child's rows. (Partitions have a bound: partition_commands.cpp.)
        auto *stmt = castNode(CreateStmt, parsetree);
        if (stmt->partbound != nullptr)
            return;
        relid = first_distributed_relation(stmt->inhRelations);
        if (OidIsValid(relid))
            refuse("CREATE TABLE ... INHERITS", relid,
                   "Use a partitioned distributed table and CREATE TABLE ... PARTITION OF.");
        return;
    }
    case T_CreateForeignTableStmt: {
        // A foreign partition or child of a distributed table: its rows are elsewhere, and
        // queries on the parent read the parent's shards only.
        relid = first_distributed_relation(
            castNode(CreateForeignTableStmt, parsetree)->base.inhRelations);
        if (OidIsValid(relid))
            refuse("CREATE FOREIGN TABLE ... PARTITION OF or INHERITS", relid,
                   "Partitions of a distributed table must be regular tables.");
        return;
    }
    case T_AlterTableStmt: {
        // ALTER TABLE child INHERIT parent, for the same reason (a distributed child is
        // refused by ALTER TABLE propagation already).
        ListCell *cell;
        foreach (cell, castNode(AlterTableStmt, parsetree)->cmds) {
            auto *cmd = castNode(AlterTableCmd, lfirst(cell));
            if (cmd->subtype == AT_AddInherit &&
                OidIsValid(relid = metadata::distributed_table_named(castNode(RangeVar, cmd->def))))
                refuse("ALTER TABLE ... INHERIT", relid,
                       "Use a partitioned distributed table and ATTACH PARTITION.");
        }
        return;
    }
    case T_CreatePublicationStmt:
    case T_AlterPublicationStmt: {
        if (IsA(parsetree, CreatePublicationStmt)) {
            auto *stmt = castNode(CreatePublicationStmt, parsetree);
            relid = distributed_relation_of_publication(stmt->pubobjects, stmt->for_all_tables);
        } else if (castNode(AlterPublicationStmt, parsetree)->action != AP_DropObjects) {
            auto *stmt = castNode(AlterPublicationStmt, parsetree);
            relid = distributed_relation_of_publication(stmt->pubobjects, stmt->for_all_tables);
        }
        if (OidIsValid(relid))
            refuse("publishing a table", relid,
                   "The rows are on the workers; the coordinator's table is always empty. List "
                   "only local tables.");
        return;
    }
    case T_AlterObjectDependsStmt: {
        // DROP EXTENSION would drop the index here and leave the shards' indexes.
        auto *stmt = castNode(AlterObjectDependsStmt, parsetree);
        if (stmt->objectType == OBJECT_INDEX &&
            OidIsValid(distributed_table_index(stmt->relation, &relid)))
            refuse("ALTER INDEX ... DEPENDS ON EXTENSION", relid,
                   "Drop the index explicitly before dropping the extension.");
        // DROP EXTENSION would drop the trigger here and leave the shards' triggers.
        if (stmt->objectType == OBJECT_TRIGGER &&
            OidIsValid(relid = metadata::distributed_table_named(stmt->relation)))
            refuse("ALTER TRIGGER ... DEPENDS ON EXTENSION", relid,
                   "Drop the trigger explicitly before dropping the extension.");
        return;
    }
    case T_AlterTableMoveAllStmt:
        relid = distributed_relation_moved(castNode(AlterTableMoveAllStmt, parsetree));
        if (OidIsValid(relid))
            refuse(castNode(AlterTableMoveAllStmt, parsetree)->objtype == OBJECT_INDEX
                       ? "ALTER INDEX ALL IN TABLESPACE"
                       : "ALTER TABLE ALL IN TABLESPACE",
                   relid,
                   "Tablespaces are per node. Name the tables to move with ALTER TABLE ... SET "
                   "TABLESPACE, local tables only.");
        return;
    case T_CreateTrigStmt: // checked and propagated by trigger_propagation.cpp
        return;
    case T_RuleStmt:
        relid = metadata::distributed_table_named(castNode(RuleStmt, parsetree)->relation);
        what = "CREATE RULE";
        break;
    case T_CreatePolicyStmt: // checked and propagated by policy_propagation.cpp
        return;
    case T_DropStmt:
        error_if_drop_cascades_to_columns(castNode(DropStmt, parsetree));
        return;
    case T_AlterObjectSchemaStmt: {
        // A table's own SET SCHEMA reaches its shards (ddl_propagation.cpp); a partition's
        // shards hang from the parent's, so they stay where the parent's are.
        auto *stmt = castNode(AlterObjectSchemaStmt, parsetree);
        relid = metadata::distributed_table_named(stmt->relation);
        if (stmt->objectType == OBJECT_TABLE && OidIsValid(relid) &&
            !get_rel_relispartition(relid) && get_rel_relkind(relid) != RELKIND_PARTITIONED_TABLE)
            return;
        what = "ALTER TABLE ... SET SCHEMA";
        break;
    }
    default:
        return;
    }
    if (OidIsValid(relid))
        refuse(what, relid);
}

} // namespace tessera::commands
