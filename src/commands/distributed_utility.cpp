// Checks the utility hook runs before a statement touches distributed tables.
// PostgreSQL-style code.
#include "tessera/commands/distributed_utility.h"
#include "tessera/commands/distribute.h"
#include "tessera/metadata/distributed_table.h"
#include "tessera/metadata/nodes.h"
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
#include "utils/builtins.h"
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

namespace {

// Adds `name` (quoted, schema-qualified) to the names of node host:port in `nodes`
// (NodeConstraintsCommand*, whose command holds the comma-separated names so far), once.
List *add_node_constraint_name(List *nodes, const char *host, int port, const char *name)
{
    ListCell *cell;
    foreach (cell, nodes) {
        auto *node = static_cast<transaction::NodeConstraintsCommand *>(lfirst(cell));
        if (node->port != port || strcmp(node->host, host) != 0)
            continue;
        // names are quoted identifiers joined by ", ", so a whole-name match is exact
        const char *at = node->command;
        size_t length = strlen(name);
        while ((at = strstr(at, name)) != nullptr) {
            if ((at == node->command || at[-1] == ' ') && (at[length] == ',' || at[length] == '\0'))
                return nodes;
            at += length;
        }
        node->command = psprintf("%s, %s", node->command, name);
        return nodes;
    }
    auto *node = static_cast<transaction::NodeConstraintsCommand *>(
        palloc0(sizeof(transaction::NodeConstraintsCommand)));
    node->host = pstrdup(host);
    node->port = port;
    node->command = pstrdup(name);
    return lappend(nodes, node);
}

// The deferrable constraints of distributed and reference tables that SET CONSTRAINTS `stmt`
// names, as PostgreSQL finds them: a qualified name in its schema, an unqualified one in the
// first schema of the search path that has a constraint of that name (all of them there).
// Returns the names their shards' copies have on each node (NodeConstraintsCommand*, the names
// in `command`): foreign keys and CHECK constraints keep their name on the shards, constraints
// backed by an index are <name>_<shardid>.
List *shard_constraint_names_by_node(ConstraintsSetStmt *stmt)
{
    List *nodes = NIL;
    Relation constraints = table_open(ConstraintRelationId, AccessShareLock);
    ListCell *cell;
    foreach (cell, stmt->constraints) {
        auto *name = static_cast<RangeVar *>(lfirst(cell));
        List *namespaces = name->schemaname != nullptr
                               ? list_make1_oid(LookupExplicitNamespace(name->schemaname, true))
                               : fetch_search_path(true);
        ListCell *namespace_cell;
        foreach (namespace_cell, namespaces) {
            Oid namespace_oid = lfirst_oid(namespace_cell);
            if (!OidIsValid(namespace_oid))
                continue;
            ScanKeyData keys[2];
            ScanKeyInit(&keys[0], Anum_pg_constraint_conname, BTEqualStrategyNumber, F_NAMEEQ,
                        CStringGetDatum(name->relname));
            ScanKeyInit(&keys[1], Anum_pg_constraint_connamespace, BTEqualStrategyNumber, F_OIDEQ,
                        ObjectIdGetDatum(namespace_oid));
            SysScanDesc scan =
                systable_beginscan(constraints, ConstraintNameNspIndexId, true, nullptr, 2, keys);
            bool found = false;
            HeapTuple tuple;
            while (HeapTupleIsValid(tuple = systable_getnext(scan))) {
                found = true;
                auto *form = reinterpret_cast<Form_pg_constraint>(GETSTRUCT(tuple));
                if (!form->condeferrable || !OidIsValid(form->conrelid))
                    continue;
                const metadata::DistributedTable *table =
                    metadata::lookup_distributed_table(form->conrelid);
                if (table == nullptr)
                    continue;
                const char *schema = get_namespace_name(namespace_oid);
                bool index_backed = form->contype == CONSTRAINT_PRIMARY ||
                                    form->contype == CONSTRAINT_UNIQUE ||
                                    form->contype == CONSTRAINT_EXCLUSION;
                for (int s = 0; s < table->shard_count; s++) {
                    const metadata::ShardInterval *shard = &table->shards[s];
                    const char *shard_name =
                        index_backed
                            ? metadata::shard_table_name(NameStr(form->conname), shard->shard_id)
                            : NameStr(form->conname);
                    char *qualified = quote_qualified_identifier(schema, shard_name);
                    for (int p = 0; p < shard->placement_count; p++) {
                        metadata::WorkerNode *node =
                            metadata::primary_node_for_group(shard->placements[p].group_id);
                        nodes = add_node_constraint_name(nodes, node->node_name, node->node_port,
                                                         qualified);
                    }
                }
            }
            systable_endscan(scan);
            if (found)
                break;
        }
    }
    table_close(constraints, AccessShareLock);
    return nodes;
}

} // namespace

void propagate_constraints_set(Node *parsetree)
{
    if (parsetree == nullptr || !IsA(parsetree, ConstraintsSetStmt) ||
        !metadata::extension_present() || !IsTransactionBlock())
        return;
    auto *stmt = castNode(ConstraintsSetStmt, parsetree);
    if (stmt->constraints == NIL) {
        transaction::set_remote_constraints_all(stmt->deferred);
        return;
    }
    List *nodes = shard_constraint_names_by_node(stmt);
    ListCell *cell;
    foreach (cell, nodes) {
        auto *node = static_cast<transaction::NodeConstraintsCommand *>(lfirst(cell));
        node->command = psprintf("SET CONSTRAINTS %s %s", node->command,
                                 stmt->deferred ? "DEFERRED" : "IMMEDIATE");
    }
    transaction::set_remote_constraints_named(stmt->deferred, nodes);
}

} // namespace tessera::commands
