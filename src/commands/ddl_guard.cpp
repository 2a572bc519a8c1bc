// DDL on distributed and reference tables that is not propagated to the shards (see
// ddl_propagation.cpp for what is). Run only on the coordinator, it would leave the shards
// different from the table (a trigger that never fires, a policy not enforced), so it is refused
// with a clear error instead.
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
