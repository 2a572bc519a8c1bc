// Refuses foreign keys from local tables to distributed and reference tables (see the header).
// PostgreSQL-style code: no C++ objects with destructors live in these frames.
#include "tessera/commands/local_foreign_keys.h"

#include "tessera/metadata/distributed_table.h"
#include "tessera/operations/foreign_keys.h"

extern "C" {
#include "catalog/namespace.h"
#include "catalog/pg_class.h"
#include "utils/lsyscache.h"
}

namespace tessera::commands {

struct LocalForeignKeyCheck {
    RangeVar *relation; // the statement's table
    List *known_keys;   // pg_constraint Oids of the foreign keys before the statement
};

namespace {

// The table `relation` names if it exists and is a table that can have foreign keys, else
// InvalidOid.
Oid keyed_table(RangeVar *relation)
{
    Oid relid = RangeVarGetRelid(relation, NoLock, true);
    if (!OidIsValid(relid))
        return InvalidOid;
    char relkind = get_rel_relkind(relid);
    if (relkind != RELKIND_RELATION && relkind != RELKIND_PARTITIONED_TABLE)
        return InvalidOid;
    return relid;
}

} // namespace

LocalForeignKeyCheck *prepare_local_foreign_key_check(Node *parsetree,
                                                      ProcessUtilityContext context)
{
    if (parsetree == nullptr || !metadata::extension_present())
        return nullptr;
    RangeVar *relation = nullptr;
    List *known_keys = NIL;
    if (IsA(parsetree, AlterTableStmt) && context != PROCESS_UTILITY_SUBCOMMAND) {
        auto *stmt = castNode(AlterTableStmt, parsetree);
        if (stmt->objtype != OBJECT_TABLE)
            return nullptr;
        relation = stmt->relation;
        // ATTACH PARTITION: the partition's own keys are not new
        ListCell *cell;
        foreach (cell, stmt->cmds) {
            auto *cmd = static_cast<AlterTableCmd *>(lfirst(cell));
            if (cmd->subtype != AT_AttachPartition)
                continue;
            Oid partition = keyed_table(castNode(PartitionCmd, cmd->def)->name);
            if (OidIsValid(partition))
                known_keys =
                    list_concat(known_keys, operations::foreign_key_oids_of_tree(partition));
        }
    } else {
        return nullptr;
    }
    if (relation == nullptr)
        return nullptr;
    Oid relid = keyed_table(relation);
    if (OidIsValid(relid))
        known_keys = list_concat(known_keys, operations::foreign_key_oids_of_tree(relid));
    auto *check = static_cast<LocalForeignKeyCheck *>(palloc0(sizeof(LocalForeignKeyCheck)));
    check->relation = copyObject(relation);
    check->known_keys = known_keys;
    return check;
}

void finish_local_foreign_key_check(LocalForeignKeyCheck *check)
{
    if (check == nullptr)
        return;
    Oid relid = keyed_table(check->relation);
    if (!OidIsValid(relid))
        return;
    operations::check_new_local_foreign_keys(relid, check->known_keys);
}

} // namespace tessera::commands
