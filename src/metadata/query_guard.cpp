// Refuses queries that would read or write the (empty) local table of a distributed table, until
// distributed planning takes them over. PostgreSQL-style code.
#include "tessera/metadata/distributed_table.h"

extern "C" {
#include "catalog/namespace.h"
#include "nodes/nodeFuncs.h"
#include "utils/lsyscache.h"
}

namespace tessera::metadata {

namespace {

bool find_distributed_relation(Node *node, Oid *found)
{
    if (node == nullptr)
        return false;
    if (IsA(node, RangeTblEntry)) {
        RangeTblEntry *rte = castNode(RangeTblEntry, node);
        if (rte->rtekind == RTE_RELATION && is_distributed_table(rte->relid)) {
            *found = rte->relid;
            return true;
        }
        return false;
    }
    if (IsA(node, Query))
        return query_tree_walker(
            castNode(Query, node),
            reinterpret_cast<bool (*)()>(reinterpret_cast<void (*)()>(find_distributed_relation)),
            found, QTW_EXAMINE_RTES_BEFORE);
    return expression_tree_walker(
        node, reinterpret_cast<bool (*)()>(reinterpret_cast<void (*)()>(find_distributed_relation)),
        found);
}

} // namespace

void error_if_query_uses_distributed_tables(Query *query)
{
    if (query == nullptr || !extension_present())
        return;
    Oid found = InvalidOid;
    if (!find_distributed_relation(reinterpret_cast<Node *>(query), &found))
        return;
    ereport(ERROR,
            (errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
             errmsg("tessera cannot plan this query on %s table \"%s\"",
                    is_reference_table(found) ? "reference" : "distributed", get_rel_name(found)),
             errdetail("The table's rows are stored in its shards on the worker nodes, and this "
                       "version of tessera cannot run queries on them yet."),
             errhint("Use undistribute_table() to make the table local again.")));
}

void error_if_utility_uses_distributed_tables(Node *parsetree)
{
    if (parsetree == nullptr || !IsA(parsetree, CopyStmt) || !extension_present())
        return;
    CopyStmt *copy = castNode(CopyStmt, parsetree);
    if (copy->relation == nullptr)
        return; // COPY (query) TO: the query goes through the planner hook
    Oid relid = RangeVarGetRelid(copy->relation, NoLock, true);
    if (!OidIsValid(relid) || !is_distributed_table(relid))
        return;
    ereport(
        ERROR,
        (errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
         errmsg("tessera cannot run COPY %s %s table \"%s\" yet", copy->is_from ? "into" : "from",
                is_reference_table(relid) ? "reference" : "distributed", get_rel_name(relid)),
         errdetail("The table's rows are stored in its shards on the worker nodes.")));
}

} // namespace tessera::metadata
