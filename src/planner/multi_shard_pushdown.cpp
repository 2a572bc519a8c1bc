// The multi-shard planner's pushdown analysis: whether a query level's tables are colocated hash
// tables joined on their distribution columns (plus reference tables and shard-local
// subqueries), whether its groups and windows stay within a shard group, and whether it holds
// anything a worker query must not contain. multi_shard_planner.cpp builds the plans.
// PostgreSQL-style code: no C++ objects with destructors live in these frames.
#include "tessera/planner/multi_shard_internal.h"

#include "tessera/metadata/distributed_table.h"
#include "tessera/planner/deparse.h"
#include "tessera/planner/planner.h"
#include "tessera/planner/query_tree.h"
#include "tessera/planner/shard_pruning.h"

extern "C" {
#include "access/transam.h"
#include "nodes/makefuncs.h"
#include "nodes/nodeFuncs.h"
#include "optimizer/optimizer.h"
#include "optimizer/tlist.h"
#include "parser/parsetree.h"
#include "utils/lsyscache.h"
}

namespace tessera::planner::pushdown {

namespace {

int find_root(HashRte *tables, int i)
{
    while (tables[i].component != i)
        i = tables[i].component = tables[tables[i].component].component;
    return i;
}

HashRte *hash_rte_for(PushdownContext *context, Expr *expr)
{
    Var *var = same_level_var(expr);
    if (var == nullptr)
        return nullptr;
    for (int i = 0; i < context->table_count; i++)
        if (context->tables[i].varno == static_cast<Index>(var->varno) &&
            context->tables[i].table->dist_column == var->varattno)
            return &context->tables[i];
    return nullptr;
}

// True if `clause` equates the distribution columns of two hash tables (same type, hash
// equality): rows can only match within one shard group.
bool is_distribution_join(PushdownContext *context, Expr *clause, HashRte **left, HashRte **right)
{
    if (!IsA(clause, OpExpr) || list_length(reinterpret_cast<OpExpr *>(clause)->args) != 2)
        return false;
    auto *op = reinterpret_cast<OpExpr *>(clause);
    *left = hash_rte_for(context, static_cast<Expr *>(linitial(op->args)));
    *right = hash_rte_for(context, static_cast<Expr *>(lsecond(op->args)));
    if (*left == nullptr || *right == nullptr || *left == *right ||
        (*left)->table->dist_type != (*right)->table->dist_type)
        return false;
    return is_distribution_equality((*left)->table, op->opno, op->inputcollid) &&
           is_distribution_equality((*right)->table, op->opno, op->inputcollid);
}

// The range-table indexes (Bitmapset) under a join tree node.
Relids relids_under(Node *node)
{
    if (IsA(node, RangeTblRef))
        return bms_make_singleton(reinterpret_cast<RangeTblRef *>(node)->rtindex);
    Relids result = nullptr;
    if (IsA(node, JoinExpr)) {
        auto *join = reinterpret_cast<JoinExpr *>(node);
        result = bms_union(relids_under(join->larg), relids_under(join->rarg));
    } else if (IsA(node, FromExpr)) {
        ListCell *cell;
        foreach (cell, reinterpret_cast<FromExpr *>(node)->fromlist)
            result = bms_add_members(result, relids_under(static_cast<Node *>(lfirst(cell))));
    }
    return result;
}

// True if some hash table lies under `relids`.
bool has_hash_table(PushdownContext *context, Relids relids)
{
    for (int i = 0; i < context->table_count; i++)
        if (bms_is_member(context->tables[i].varno, relids))
            return true;
    return false;
}

// Marks the hash tables under `relids` as nullable (their rows may be null-extended).
void mark_nullable(PushdownContext *context, Relids relids)
{
    for (int i = 0; i < context->table_count; i++)
        if (bms_is_member(context->tables[i].varno, relids))
            context->tables[i].nullable = true;
}

// Walks the join tree: collects join equalities and restricting quals, checks outer joins.
void walk_join_tree(PushdownContext *context, Node *node, bool restricting)
{
    if (node == nullptr || !context->ok)
        return;
    if (IsA(node, RangeTblRef))
        return;
    if (IsA(node, FromExpr)) {
        auto *from = reinterpret_cast<FromExpr *>(node);
        ListCell *cell;
        foreach (cell, from->fromlist)
            walk_join_tree(context, static_cast<Node *>(lfirst(cell)), restricting);
        List *conjuncts = make_ands_implicit(reinterpret_cast<Expr *>(from->quals));
        context->join_equalities = list_concat(context->join_equalities, conjuncts);
        if (restricting)
            context->quals = list_concat(context->quals, list_copy(conjuncts));
        return;
    }
    if (!IsA(node, JoinExpr)) {
        context->ok = false;
        return;
    }
    auto *join = reinterpret_cast<JoinExpr *>(node);
    List *conjuncts = make_ands_implicit(reinterpret_cast<Expr *>(join->quals));
    switch (join->jointype) {
    case JOIN_INNER:
        walk_join_tree(context, join->larg, restricting);
        walk_join_tree(context, join->rarg, restricting);
        context->join_equalities = list_concat(context->join_equalities, conjuncts);
        if (restricting)
            context->quals = list_concat(context->quals, list_copy(conjuncts));
        return;
    case JOIN_LEFT:
    case JOIN_RIGHT:
    case JOIN_FULL: {
        Node *preserved = join->jointype == JOIN_RIGHT ? join->rarg : join->larg;
        Node *nullable = join->jointype == JOIN_RIGHT ? join->larg : join->rarg;
        Relids preserved_relids = relids_under(preserved);
        Relids nullable_relids = relids_under(nullable);
        bool preserved_hash = has_hash_table(context, preserved_relids);
        bool nullable_hash = has_hash_table(context, nullable_relids);
        // Each shard group must see every row that could match: either both sides are sharded
        // and joined on the distribution columns, or the nullable side is a reference table.
        bool joined_on_distribution = false;
        ListCell *cell;
        foreach (cell, conjuncts) {
            HashRte *left, *right;
            if (is_distribution_join(context, static_cast<Expr *>(lfirst(cell)), &left, &right) &&
                ((bms_is_member(left->varno, preserved_relids) &&
                  bms_is_member(right->varno, nullable_relids)) ||
                 (bms_is_member(right->varno, preserved_relids) &&
                  bms_is_member(left->varno, nullable_relids))))
                joined_on_distribution = true;
        }
        if (!(preserved_hash && (!nullable_hash || joined_on_distribution)) ||
            (join->jointype == JOIN_FULL && !joined_on_distribution)) {
            context->ok = false;
            return;
        }
        mark_nullable(context, nullable_relids);
        if (join->jointype == JOIN_FULL)
            mark_nullable(context, preserved_relids);
        walk_join_tree(context, preserved, restricting && join->jointype != JOIN_FULL);
        walk_join_tree(context, nullable, false);
        context->join_equalities = list_concat(context->join_equalities, conjuncts);
        return;
    }
    default:
        context->ok = false;
        return;
    }
}

} // namespace

// True if `query` can run unchanged on any worker: it reads only reference tables (at every
// level) and nothing a worker could evaluate differently. A TABLESAMPLE makes it differ: each
// shard group's worker would draw its own sample, and the query would see their union.
bool reference_only_query(Query *query)
{
    if (query->commandType != CMD_SELECT || query->hasModifyingCTE || query->rowMarks != NIL ||
        query_tree_walker(query, TESSERA_WALKER(unsafe_walker), nullptr, QTW_IGNORE_RANGE_TABLE))
        return false;
    ListCell *cell;
    foreach (cell, query->rtable) {
        auto *rte = static_cast<RangeTblEntry *>(lfirst(cell));
        if (rte->rtekind == RTE_RELATION) {
            if (!metadata::is_reference_table(rte->relid) || rte->tablesample != nullptr)
                return false;
        } else if (rte->rtekind == RTE_SUBQUERY) {
            if (!reference_only_query(rte->subquery))
                return false;
        } else if (rte->rtekind != RTE_JOIN) {
            return false;
        }
    }
    return true;
}

// If `subquery` yields, on each shard group, exactly its rows for that shard group (its tables
// colocated and joined on distribution columns; groups, windows and DISTINCT within a shard
// group; no LIMIT), returns a pseudo table describing the output column that carries a
// distribution column, and adds its tables to *relids. Else nullptr.
metadata::DistributedTable *shard_local_subquery(Query *subquery, List **relids)
{
    if (subquery->commandType != CMD_SELECT || subquery->setOperations != nullptr ||
        subquery->cteList != NIL || subquery->hasSubLinks || subquery->hasTargetSRFs ||
        subquery->groupingSets != NIL || subquery->rowMarks != NIL || subquery->hasModifyingCTE ||
        subquery->limitCount != nullptr || subquery->limitOffset != nullptr ||
        query_tree_walker(subquery, TESSERA_WALKER(unsafe_walker), nullptr, QTW_IGNORE_RANGE_TABLE))
        return nullptr;
    PushdownContext inner{};
    inner.query = subquery;
    if (!analyze_from(&inner))
        return nullptr;
    bool grouped =
        subquery->groupClause != NIL || subquery->hasAggs || subquery->havingQual != nullptr;
    if (grouped && !groups_by_distribution_column(&inner))
        return nullptr;
    if (subquery->hasWindowFuncs && !windows_partitioned_by_distribution_column(&inner))
        return nullptr;
    TargetEntry *dist_entry = nullptr;
    ListCell *cell;
    foreach (cell, subquery->targetList) {
        auto *entry = static_cast<TargetEntry *>(lfirst(cell));
        HashRte *rte = hash_rte_for(&inner, entry->expr);
        if (!entry->resjunk && rte != nullptr && !rte->nullable) {
            dist_entry = entry;
            break;
        }
    }
    if (dist_entry == nullptr)
        return nullptr;
    if (subquery->distinctClause != NIL) {
        // DISTINCT keeps rows apart per shard group only if its keys include the column.
        bool keyed = false;
        foreach (cell, subquery->distinctClause) {
            auto *clause = static_cast<SortGroupClause *>(lfirst(cell));
            keyed = keyed || clause->tleSortGroupRef == dist_entry->ressortgroupref;
        }
        if (!keyed || dist_entry->ressortgroupref == 0)
            return nullptr;
    }
    auto *pseudo =
        static_cast<metadata::DistributedTable *>(palloc(sizeof(metadata::DistributedTable)));
    *pseudo = *inner.tables[0].table;
    pseudo->relid = InvalidOid;
    pseudo->dist_column = dist_entry->resno;
    pseudo->dist_type = exprType(reinterpret_cast<Node *>(dist_entry->expr));
    pseudo->dist_typmod = exprTypmod(reinterpret_cast<Node *>(dist_entry->expr));
    if (pseudo->dist_type != inner.tables[0].table->dist_type)
        return nullptr;
    foreach (cell, inner.relids)
        *relids = list_append_unique_oid(*relids, lfirst_oid(cell));
    return pseudo;
}

// Checks a query level's range table and join tree; fills the context. Subqueries (and CTEs)
// take part when they are shard-local or read only reference tables.
bool analyze_from(PushdownContext *context)
{
    Query *query = context->query;
    context->tables =
        static_cast<HashRte *>(palloc0(sizeof(HashRte) * (list_length(query->rtable) + 1)));
    int32 colocation = -1;
    ListCell *cell;
    Index varno = 0;
    foreach (cell, query->rtable) {
        varno++;
        auto *rte = static_cast<RangeTblEntry *>(lfirst(cell));
        if (rte->rtekind == RTE_JOIN)
            continue;
        const metadata::DistributedTable *table = nullptr;
        if (rte->rtekind == RTE_SUBQUERY || rte->rtekind == RTE_CTE) {
            Query *subquery = rte->subquery;
            if (rte->rtekind == RTE_CTE) {
                if (rte->ctelevelsup != 0 || rte->self_reference)
                    return false;
                subquery = nullptr;
                ListCell *cte_cell;
                foreach (cte_cell, query->cteList) {
                    auto *cte = static_cast<CommonTableExpr *>(lfirst(cte_cell));
                    if (strcmp(cte->ctename, rte->ctename) == 0 && !cte->cterecursive &&
                        IsA(cte->ctequery, Query))
                        subquery = reinterpret_cast<Query *>(cte->ctequery);
                }
                if (subquery == nullptr)
                    return false;
            }
            if (rte->lateral)
                return false;
            if (reference_only_query(subquery)) {
                // Like a reference table; its tables still need their shard names.
                context->relids =
                    query_relation_oids(reinterpret_cast<Node *>(subquery), context->relids);
                continue;
            }
            table = shard_local_subquery(subquery, &context->relids);
            if (table == nullptr)
                return false;
        } else {
            if (rte->rtekind != RTE_RELATION || rte->tablesample != nullptr)
                return false;
            table = metadata::lookup_distributed_table(rte->relid);
            if (table == nullptr)
                return false;
            context->relids = list_append_unique_oid(context->relids, rte->relid);
            if (table->partition_method != metadata::kDistributeByHash)
                continue;
        }
        if (colocation >= 0 && colocation != table->colocation_id)
            return false;
        colocation = table->colocation_id;
        int index = context->table_count++;
        context->tables[index] = {varno, table, false, index};
    }
    if (context->table_count == 0)
        return false;
    context->ok = true;
    walk_join_tree(context, reinterpret_cast<Node *>(query->jointree), true);
    if (!context->ok)
        return false;
    // Every hash table must be tied to the others through distribution-column equalities.
    ListCell *qual;
    foreach (qual, context->join_equalities) {
        HashRte *left, *right;
        if (is_distribution_join(context, static_cast<Expr *>(lfirst(qual)), &left, &right))
            context->tables[find_root(context->tables, left - context->tables)].component =
                find_root(context->tables, right - context->tables);
    }
    for (int i = 1; i < context->table_count; i++)
        if (find_root(context->tables, i) != find_root(context->tables, 0))
            return false;
    return true;
}

// True if the query groups by the distribution column of a hash table whose rows are never
// null-extended: then every group lives in exactly one shard group.
bool groups_by_distribution_column(PushdownContext *context)
{
    ListCell *cell;
    foreach (cell, context->query->groupClause) {
        auto *clause = static_cast<SortGroupClause *>(lfirst(cell));
        TargetEntry *entry = get_sortgroupclause_tle(clause, context->query->targetList);
        HashRte *rte = hash_rte_for(context, entry->expr);
        if (rte != nullptr && !rte->nullable)
            return true;
    }
    return false;
}

// True if every window of the query is partitioned by the distribution column of a hash table
// whose rows are never null-extended.
bool windows_partitioned_by_distribution_column(PushdownContext *context)
{
    ListCell *cell;
    foreach (cell, context->query->windowClause) {
        auto *window = static_cast<WindowClause *>(lfirst(cell));
        bool found = false;
        ListCell *part;
        foreach (part, window->partitionClause) {
            auto *clause = static_cast<SortGroupClause *>(lfirst(part));
            TargetEntry *entry = get_sortgroupclause_tle(clause, context->query->targetList);
            HashRte *rte = hash_rte_for(context, entry->expr);
            found = found || (rte != nullptr && !rte->nullable);
        }
        if (!found)
            return false;
    }
    return true;
}

// Walker: true if the tree holds something the worker query must not contain.
bool unsafe_walker(Node *node, void *)
{
    if (node == nullptr)
        return false;
    if (IsA(node, SubLink) || IsA(node, Query) || IsA(node, NextValueExpr) ||
        depends_on_text_style(node) || depends_on_node_session(node) || makes_table_row(node))
        return true;
    // A generic plan's parameters travel with each task, as values of types every node knows.
    if (IsA(node, Param) && reinterpret_cast<Param *>(node)->paramkind == PARAM_EXTERN)
        return reinterpret_cast<Param *>(node)->paramtype >= FirstNormalObjectId;
    if (IsA(node, Var) && reinterpret_cast<Var *>(node)->varattno < 0)
        return true; // system columns mean nothing across shards
    if (IsA(node, Const) && !type_known_on_workers(reinterpret_cast<Const *>(node)->consttype))
        return true;
    if (IsA(node, Aggref) && reinterpret_cast<Aggref *>(node)->agglevelsup != 0)
        return true;
    if (calls_coordinator_function(node))
        return true;
    return expression_tree_walker(node, TESSERA_WALKER(unsafe_walker), nullptr);
}

} // namespace tessera::planner::pushdown

namespace tessera::planner {

const metadata::DistributedTable *shard_local_subquery_table(Query *subquery, List **relids)
{
    return pushdown::shard_local_subquery(subquery, relids);
}

} // namespace tessera::planner
