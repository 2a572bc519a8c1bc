// DDL on distributed and reference tables that is not propagated to the shards (see
// ddl_propagation.cpp for what is). Run only on the coordinator, it would leave the shards
// different from the table (a trigger that never fires, a policy not enforced), so it is refused
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
#include "nodes/parsenodes.h"
#include "parser/parse_type.h"
#include "utils/builtins.h"
#include "utils/fmgroids.h"
#include "utils/lsyscache.h"
#include "utils/rel.h"
}

namespace tessera::commands {

namespace {

// The relation `range` names, if it is a distributed or reference table; else InvalidOid.
Oid distributed_relation(RangeVar *range)
{
    if (range == nullptr)
        return InvalidOid;
    Oid relid = RangeVarGetRelid(range, NoLock, true);
    return OidIsValid(relid) && metadata::is_distributed_table(relid) ? relid : InvalidOid;
}

// Raises the error for `what` on distributed table `relid`.
[[noreturn]] void refuse(const char *what, Oid relid)
{
    ereport(ERROR,
            (errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
             errmsg("%s is not supported for distributed tables", what),
             errdetail("Table \"%s\" is %s; the change would not reach its shards.",
                       get_rel_name(relid),
                       metadata::is_reference_table(relid) ? "a reference table" : "distributed"),
             errhint("Undistribute the table with undistribute_table(), change it, and "
                     "distribute it again.")));
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
        // (ddl_propagation.cpp); triggers, policies and rules are not.
        auto *rename = castNode(RenameStmt, parsetree);
        if (rename->renameType == OBJECT_TABLE || rename->renameType == OBJECT_INDEX ||
            rename->renameType == OBJECT_COLUMN || rename->renameType == OBJECT_TABCONSTRAINT)
            return;
        relid = distributed_relation(rename->relation);
        what = "renaming";
        break;
    }
    case T_CreateTrigStmt:
        relid = distributed_relation(castNode(CreateTrigStmt, parsetree)->relation);
        what = "CREATE TRIGGER";
        break;
    case T_RuleStmt:
        relid = distributed_relation(castNode(RuleStmt, parsetree)->relation);
        what = "CREATE RULE";
        break;
    case T_CreatePolicyStmt:
        relid = distributed_relation(castNode(CreatePolicyStmt, parsetree)->table);
        what = "CREATE POLICY";
        break;
    case T_DropStmt:
        error_if_drop_cascades_to_columns(castNode(DropStmt, parsetree));
        return;
    case T_AlterObjectSchemaStmt: {
        // A table's own SET SCHEMA reaches its shards (ddl_propagation.cpp); a partition's
        // shards hang from the parent's, so they stay where the parent's are.
        auto *stmt = castNode(AlterObjectSchemaStmt, parsetree);
        relid = distributed_relation(stmt->relation);
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
