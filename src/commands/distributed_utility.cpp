// Checks the utility hook runs before a statement touches distributed tables.
// PostgreSQL-style code.
#include "tessera/commands/distributed_utility.h"
#include "tessera/commands/distribute.h"
#include "tessera/metadata/distributed_table.h"
#include "tessera/transaction/remote_transaction.h"

extern "C" {
#include "access/genam.h"
#include "access/htup_details.h"
#include "access/table.h"
#include "access/xact.h"
#include "catalog/indexing.h"
#include "catalog/namespace.h"
#include "catalog/pg_constraint.h"
#include "nodes/parsenodes.h"
#include "utils/fmgroids.h"
#include "utils/lsyscache.h"
#include "utils/rel.h"
}

namespace tessera::commands {

void check_utility_statement(Node *parsetree)
{
    if (parsetree == nullptr)
        return;
    if (IsA(parsetree, DropStmt)) {
        DropStmt *drop = castNode(DropStmt, parsetree);
        if (drop->removeType != OBJECT_EXTENSION) {
            error_if_unsupported_ddl(parsetree); // DROP TYPE ... CASCADE
            return;
        }
        ListCell *cell;
        foreach (cell, drop->objects) {
            Node *object = static_cast<Node *>(lfirst(cell));
            if (IsA(object, String) && strcmp(strVal(object), "tessera") == 0)
                check_extension_can_be_dropped();
        }
        return;
    }
    metadata::error_if_utility_uses_distributed_tables(parsetree);
    error_if_unsupported_ddl(parsetree);
}

void check_constraints_set(Node *parsetree)
{
    if (parsetree == nullptr || !IsA(parsetree, ConstraintsSetStmt) ||
        !metadata::extension_present())
        return;
    auto *stmt = castNode(ConstraintsSetStmt, parsetree);
    Relation constraints = nullptr;
    ListCell *cell;
    foreach (cell, stmt->constraints) {
        auto *name = static_cast<RangeVar *>(lfirst(cell));
        List *namespaces = name->schemaname != nullptr
                               ? list_make1_oid(LookupExplicitNamespace(name->schemaname, true))
                               : fetch_search_path(true);
        if (constraints == nullptr)
            constraints = table_open(ConstraintRelationId, AccessShareLock);
        ListCell *namespace_cell;
        foreach (namespace_cell, namespaces) {
            ScanKeyData keys[2];
            ScanKeyInit(&keys[0], Anum_pg_constraint_conname, BTEqualStrategyNumber, F_NAMEEQ,
                        CStringGetDatum(name->relname));
            ScanKeyInit(&keys[1], Anum_pg_constraint_connamespace, BTEqualStrategyNumber, F_OIDEQ,
                        ObjectIdGetDatum(lfirst_oid(namespace_cell)));
            SysScanDesc scan =
                systable_beginscan(constraints, ConstraintNameNspIndexId, true, nullptr, 2, keys);
            HeapTuple tuple;
            while (HeapTupleIsValid(tuple = systable_getnext(scan))) {
                auto *form = reinterpret_cast<Form_pg_constraint>(GETSTRUCT(tuple));
                if (form->condeferrable && OidIsValid(form->conrelid) &&
                    metadata::is_distributed_table(form->conrelid))
                    ereport(ERROR, (errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
                                    errmsg("SET CONSTRAINTS with the name of constraint \"%s\" of "
                                           "distributed table \"%s\" is not supported",
                                           name->relname, get_rel_name(form->conrelid)),
                                    errhint("Use SET CONSTRAINTS ALL.")));
            }
            systable_endscan(scan);
        }
    }
    if (constraints != nullptr)
        table_close(constraints, AccessShareLock);
}

void propagate_constraints_set(Node *parsetree)
{
    if (parsetree == nullptr || !IsA(parsetree, ConstraintsSetStmt) ||
        !metadata::extension_present() || !IsTransactionBlock())
        return;
    auto *stmt = castNode(ConstraintsSetStmt, parsetree);
    if (stmt->constraints == NIL)
        transaction::set_remote_constraints_all(stmt->deferred);
}

} // namespace tessera::commands
