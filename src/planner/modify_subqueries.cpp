// The WITH queries and FROM / USING subqueries of a write: the WITH queries PostgreSQL would
// inline become subqueries, and a subquery that is not shard-local is computed on the
// coordinator first and sent as rows. Moved from modify_planner.cpp, unchanged. PostgreSQL-style
// code: no C++ objects with destructors live in these frames.
#include "tessera/planner/insert_select_pushdown.h"
#include "tessera/planner/modify_internal.h"
#include "tessera/planner/query_tree.h"
#include "tessera/planner/single_scan_plan.h"

#include "tessera/executor/distributed_scan.h"
#include "tessera/metadata/distributed_functions.h"
#include "tessera/metadata/distributed_table.h"
#include "tessera/planner/deparse.h"
#include "tessera/planner/planner.h"
#include "tessera/planner/shard_pruning.h"

#include <utility>

extern "C" {
#include "access/htup_details.h"
#include "access/relation.h"
#include "access/transam.h"
#include "catalog/pg_class.h"
#include "catalog/pg_constraint.h"
#include "catalog/pg_index.h"
#include "catalog/pg_proc.h"
#include "catalog/pg_type_d.h"
#include "commands/explain.h"
#include "executor/executor.h"
#include "executor/tstoreReceiver.h"
#include "miscadmin.h"
#include "nodes/extensible.h"
#include "nodes/makefuncs.h"
#include "nodes/nodeFuncs.h"
#include "optimizer/clauses.h"
#include "optimizer/optimizer.h"
#include "optimizer/planner.h"
#include "parser/parsetree.h"
#include "rewrite/rewriteManip.h"
#include "tcop/pquery.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/datum.h"
#include "utils/fmgroids.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/rel.h"
#include "utils/relcache.h"
#include "utils/snapmgr.h"
#include "utils/syscache.h"
#include "utils/tuplestore.h"
#include "utils/typcache.h"
}

namespace tessera::planner::modify {

// Replaces the references to the top-level WITH queries that PostgreSQL itself would inline
// (not MATERIALIZED, referenced once or NOT MATERIALIZED, not recursive, no volatile function) by
// subqueries; the others stay, to be computed once on the coordinator (materialize_ctes).
// Unreferenced ones are dropped: PostgreSQL does not run them either.
void inline_ctes(Query *query, const char *command, const char *relname)
{
    List *kept = NIL;
    ListCell *cell;
    foreach (cell, query->cteList) {
        auto *cte = static_cast<CommonTableExpr *>(lfirst(cell));
        if (cte->cterecursive && query->commandType == CMD_INSERT) {
            // Becomes the SELECT's own, which the coordinator plans like any query.
            kept = lappend(kept, cte);
            continue;
        }
        if (cte->cterecursive)
            ereport(ERROR, (errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
                            errmsg("WITH RECURSIVE is not supported in %s on distributed table "
                                   "\"%s\"",
                                   command, relname),
                            errhint("Compute the recursive query first, e.g. into a temporary "
                                    "table.")));
        auto *cte_query = reinterpret_cast<Query *>(cte->ctequery);
        if (cte_query->commandType != CMD_SELECT) {
            // Data-modifying: run once, first, even when nothing reads it (materialize_ctes).
            kept = lappend(kept, cte);
            continue;
        }
        if (cte->cterefcount == 0)
            continue;
        bool inline_it =
            (cte->ctematerialized == CTEMaterializeNever ||
             (cte->ctematerialized == CTEMaterializeDefault && cte->cterefcount == 1)) &&
            !contain_volatile_functions(cte->ctequery);
        if (inline_it)
            replace_cte_references(query, cte->ctename, cte_query);
        else
            kept = lappend(kept, cte);
    }
    query->cteList = kept;
}

// Turns FROM / USING subquery `rte` (at `varno` of the top level) into a WITH query computed on
// the coordinator before the statement runs.
void compute_subquery_first(Query *query, RangeTblEntry *rte, Index varno, const char *command,
                            const char *relname)
{
    if (contain_vars_of_level(reinterpret_cast<Node *>(rte->subquery), 1))
        ereport(ERROR,
                (errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
                 errmsg("%s on distributed table \"%s\" cannot use a LATERAL subquery that reads "
                        "distributed tables here",
                        command, relname),
                 errdetail("The subquery is neither computable on its own nor joined to the "
                           "modified rows on the distribution column.")));
    CommonTableExpr *cte = makeNode(CommonTableExpr);
    cte->ctename = psprintf("tessera_subquery_%u", varno);
    cte->ctequery = reinterpret_cast<Node *>(rte->subquery);
    cte->ctematerialized = CTEMaterializeAlways;
    cte->cterefcount = 1;
    cte->ctecolnames = rte->eref->colnames;
    query->cteList = lappend(query->cteList, cte);
    rte->rtekind = RTE_CTE;
    rte->ctename = cte->ctename;
    rte->ctelevelsup = 0;
    rte->self_reference = false;
    rte->subquery = nullptr;
    rte->lateral = false;
}

// Plans the top-level FROM / USING subqueries of an UPDATE or DELETE that read distributed or
// local tables: one that yields its complete rows per shard group, colocated with the target and
// joined to it on the distribution column, is sent with each shard's statement; any other is
// computed on the coordinator first and sent as rows.
void plan_from_subqueries(Query *query, const DistributedTable *target, const char *command,
                          const char *relname)
{
    bool any = false;
    ListCell *cell;
    foreach (cell, query->rtable) {
        auto *rte = static_cast<RangeTblEntry *>(lfirst(cell));
        any = any || (rte->rtekind == RTE_SUBQUERY &&
                      needs_coordinator(reinterpret_cast<Node *>(rte->subquery)));
    }
    if (!any)
        return;
    int count = 0;
    LevelTable *tables = level_tables(query, target, command, &count);
    int first_subquery = count;
    Index varno = 0;
    foreach (cell, query->rtable) {
        varno++;
        auto *rte = static_cast<RangeTblEntry *>(lfirst(cell));
        if (rte->rtekind != RTE_SUBQUERY ||
            !needs_coordinator(reinterpret_cast<Node *>(rte->subquery)))
            continue;
        const DistributedTable *pseudo = nullptr;
        // (A subquery reading the session over its rows, age(created_at) say, is computed here:
        // the coordinator evaluates that when it reads the rows.)
        if (target->partition_method == metadata::kDistributeByHash &&
            !session_expression_over_rows(reinterpret_cast<Node *>(rte->subquery), true)) {
            List *relids = NIL;
            pseudo = shard_local_subquery_table(rte->subquery, &relids);
            if (pseudo != nullptr && (pseudo->colocation_id != target->colocation_id ||
                                      pseudo->dist_type != target->dist_type))
                pseudo = nullptr;
        }
        if (pseudo == nullptr) {
            compute_subquery_first(query, rte, varno, command, relname);
            continue;
        }
        tables[count] = {varno, pseudo, count};
        count++;
    }
    if (count == first_subquery)
        return;
    connect_by_equalities(tables, count,
                          all_join_quals(reinterpret_cast<Node *>(query->jointree), NIL));
    int anchor = -1;
    for (int i = 0; i < first_subquery; i++)
        if (tables[i].varno == static_cast<Index>(query->resultRelation))
            anchor = i;
    for (int i = first_subquery; i < count; i++) {
        if (anchor >= 0 && find_component(tables, i) == find_component(tables, anchor))
            continue;
        compute_subquery_first(query, rt_fetch(tables[i].varno, query->rtable), tables[i].varno,
                               command, relname);
    }
}

} // namespace tessera::planner::modify
