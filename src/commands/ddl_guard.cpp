// DDL on distributed and reference tables is not propagated to the shards yet. Run only on the
// coordinator, it would leave the shards different from the table (a constraint not enforced, a
// renamed column the workers do not know), so it is refused with a clear error instead.
#include "tessera/commands/distributed_utility.h"
#include "tessera/metadata/distributed_table.h"

extern "C" {
#include "catalog/index.h"
#include "catalog/namespace.h"
#include "nodes/parsenodes.h"
#include "utils/lsyscache.h"
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

} // namespace

void error_if_unsupported_ddl(Node *parsetree)
{
    if (parsetree == nullptr || !metadata::extension_present())
        return;
    Oid relid = InvalidOid;
    const char *what = nullptr;
    switch (nodeTag(parsetree)) {
    case T_AlterTableStmt:
        relid = distributed_relation(castNode(AlterTableStmt, parsetree)->relation);
        what = "ALTER TABLE";
        break;
    case T_IndexStmt:
        relid = distributed_relation(castNode(IndexStmt, parsetree)->relation);
        what = "CREATE INDEX";
        break;
    case T_RenameStmt: {
        auto *rename = castNode(RenameStmt, parsetree);
        relid = distributed_relation(rename->relation);
        if (rename->renameType == OBJECT_INDEX &&
            OidIsValid(RangeVarGetRelid(rename->relation, NoLock, true))) {
            Oid table = IndexGetRelation(RangeVarGetRelid(rename->relation, NoLock, true), true);
            relid = OidIsValid(table) && metadata::is_distributed_table(table) ? table : InvalidOid;
        }
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
    case T_AlterObjectSchemaStmt:
        relid = distributed_relation(castNode(AlterObjectSchemaStmt, parsetree)->relation);
        what = "ALTER TABLE ... SET SCHEMA";
        break;
    default:
        return;
    }
    if (OidIsValid(relid))
        refuse(what, relid);
}

} // namespace tessera::commands
