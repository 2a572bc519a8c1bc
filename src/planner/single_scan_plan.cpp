// A PlannedStmt that is one custom scan returning a query's visible columns.
#include "tessera/planner/single_scan_plan.h"

extern "C" {
#include "nodes/makefuncs.h"
#include "nodes/nodeFuncs.h"
}

namespace tessera::planner {

List *flatten_range_table(Query *query)
{
    struct Collector {
        static bool walk(Node *node, List **list)
        {
            if (node == nullptr)
                return false;
            if (IsA(node, RangeTblEntry)) {
                auto *rte = reinterpret_cast<RangeTblEntry *>(node);
                if (rte->rtekind == RTE_RELATION)
                    *list = lappend(*list, copyObject(rte));
                return false;
            }
            if (IsA(node, Query))
                return query_tree_walker(reinterpret_cast<Query *>(node), TESSERA_WALKER(walk),
                                         list, QTW_EXAMINE_RTES_BEFORE);
            return expression_tree_walker(node, TESSERA_WALKER(walk), list);
        }
    };
    List *flat = static_cast<List *>(copyObject(query->rtable));
    List *nested = NIL;
    // Walk below the top level only: its own entries are already in `flat`.
    query_tree_walker(query, TESSERA_WALKER(Collector::walk), &nested, 0);
    return list_concat(flat, nested);
}

PlannedStmt *make_single_scan_plan(Query *query, CustomScan *scan, List *output)
{
    List *scan_tlist = NIL;
    List *tlist = NIL;
    AttrNumber resno = 1;
    ListCell *cell;
    foreach (cell, output) {
        auto *entry = static_cast<TargetEntry *>(lfirst(cell));
        if (entry->resjunk)
            continue;
        TargetEntry *scan_entry = makeTargetEntry(static_cast<Expr *>(copyObject(entry->expr)),
                                                  resno, entry->resname, false);
        scan_tlist = lappend(scan_tlist, scan_entry);
        Var *var = makeVarFromTargetEntry(INDEX_VAR, scan_entry);
        tlist = lappend(
            tlist, makeTargetEntry(reinterpret_cast<Expr *>(var), resno, entry->resname, false));
        resno++;
    }
    scan->scan.scanrelid = 0;
    scan->custom_scan_tlist = scan_tlist;
    scan->scan.plan.targetlist = tlist;
    scan->scan.plan.startup_cost = 100;
    scan->scan.plan.total_cost = 100;
    scan->scan.plan.plan_rows = 1;
    scan->scan.plan.plan_width = 32;

    PlannedStmt *stmt = makeNode(PlannedStmt);
    stmt->commandType = query->commandType;
    stmt->queryId = query->queryId;
    stmt->hasReturning = query->returningList != NIL;
    stmt->canSetTag = query->canSetTag;
    stmt->planTree = &scan->scan.plan;
    stmt->rtable = flatten_range_table(query);
    ListCell *rte_cell;
    foreach (rte_cell, stmt->rtable) {
        auto *rte = static_cast<RangeTblEntry *>(lfirst(rte_cell));
        if (rte->rtekind == RTE_RELATION)
            stmt->relationOids = list_append_unique_oid(stmt->relationOids, rte->relid);
    }
    stmt->stmt_location = query->stmt_location;
    stmt->stmt_len = query->stmt_len;
    return stmt;
}

} // namespace tessera::planner
