// INSERT ... SELECT pushdown analysis (moved from modify_planner.cpp, unchanged): whether the
// SELECT of an INSERT ... SELECT reads only what each shard group holds, so the statement can run
// shard by shard on the workers, and the rewrite that moves the INSERT's target expressions into
// that SELECT so that it prints as SQL. PostgreSQL-style code: no C++ objects with destructors
// live in these frames.
#include "tessera/planner/insert_select_pushdown.h"
#include "tessera/planner/modify_internal.h"
#include "tessera/planner/query_tree.h"

#include "tessera/metadata/distributed_table.h"
#include "tessera/planner/deparse.h"

#include <utility>

extern "C" {
#include "nodes/makefuncs.h"
#include "nodes/nodeFuncs.h"
#include "optimizer/optimizer.h"
#include "parser/parsetree.h"
}

namespace tessera::planner::modify {

bool assigns_part_of_column(Node *expr)
{
    if (IsA(expr, CoerceToDomain))
        expr = reinterpret_cast<Node *>(reinterpret_cast<CoerceToDomain *>(expr)->arg);
    return IsA(expr, FieldStore) ||
           (IsA(expr, SubscriptingRef) &&
            reinterpret_cast<SubscriptingRef *>(expr)->refassgnexpr != nullptr);
}

// The target entry for attribute `attno`, or nullptr.
TargetEntry *entry_for_attno(List *target_list, AttrNumber attno)
{
    ListCell *cell;
    foreach (cell, target_list) {
        auto *entry = static_cast<TargetEntry *>(lfirst(cell));
        if (!entry->resjunk && entry->resno == attno)
            return entry;
    }
    return nullptr;
}

// True for an expression a worker cannot evaluate as the coordinator would (volatile or
// user-defined functions, sequence values, constants of user types, date/time text or float
// text that depends on the session, expressions reading the node session); tested at every
// query level with any_node_at_any_level.
bool coordinator_only(Node *node)
{
    return IsA(node, NextValueExpr) || depends_on_text_style(node) ||
           depends_on_node_session(node) ||
           (IsA(node, Const) &&
            !type_known_on_workers(reinterpret_cast<Const *>(node)->consttype)) ||
           calls_coordinator_function(node);
}

// True if INSERT ... SELECT can run shard by shard: the SELECT reads only tables colocated with
// the target (joined on their distribution columns) and reference tables, the target's
// distribution column takes the distribution column of one of them, and nothing in the SELECT
// mixes rows of different shards (aggregates without grouping by that column, LIMIT, window
// functions, DISTINCT, set operations). For reference tables: the SELECT reads only reference
// tables. Every expression must be evaluable on the workers.
bool insert_select_pushable(Query *query, Index select_index, const DistributedTable *target)
{
    Query *select = rt_fetch(select_index, query->rtable)->subquery;
    if (select->setOperations != nullptr || select->limitCount != nullptr ||
        select->limitOffset != nullptr || select->hasWindowFuncs || select->distinctClause != NIL ||
        select->hasTargetSRFs || select->hasModifyingCTE || select->cteList != NIL ||
        select->rowMarks != NIL || select->hasSubLinks || select->groupingSets != NIL)
        return false;
    // What only the coordinator can evaluate (nextval(), user functions) makes it pull the rows.
    if (any_node_at_any_level(reinterpret_cast<Node *>(select), coordinator_only))
        return false;
    // So does a TABLESAMPLE: each shard group would draw its own sample, of every copy of a
    // reference table, where PostgreSQL draws one.
    if (any_node_at_any_level(reinterpret_cast<Node *>(select), is_table_sample))
        return false;
    // The INSERT's own expressions (defaults, casts) must be shippable. Element and field
    // assignments (INSERT INTO t (a[1], c.f) SELECT ...) cannot move into the SELECT that
    // move_targets_into_select prints (ruleutils would print "a[1] := x"): the coordinator
    // computes those rows.
    ListCell *cell;
    foreach (cell, query->targetList) {
        auto *entry = static_cast<TargetEntry *>(lfirst(cell));
        if (!is_shippable_select_expression(reinterpret_cast<Node *>(entry->expr), select_index))
            return false;
        if (assigns_part_of_column(reinterpret_cast<Node *>(entry->expr)))
            return false;
    }
    // Every relation of the SELECT, at every level, must be distributed or reference, and
    // nested levels must not read hash tables; the SELECT's own range table is checked below.
    if (query_tree_walker(select, TESSERA_WALKER(needs_coordinator_walker), nullptr, 0))
        return false;
    // The SELECT's own range table.
    int count = 0;
    auto *tables =
        static_cast<LevelTable *>(palloc0(sizeof(LevelTable) * (list_length(select->rtable) + 1)));
    Index varno = 0;
    foreach (cell, select->rtable) {
        varno++;
        auto *rte = static_cast<RangeTblEntry *>(lfirst(cell));
        if (rte->rtekind != RTE_RELATION) {
            if (rte->rtekind != RTE_JOIN && rte->rtekind != RTE_VALUES &&
                rte->rtekind != RTE_FUNCTION)
                return false;
            continue;
        }
        const DistributedTable *table = metadata::lookup_distributed_table(rte->relid);
        if (table == nullptr)
            return false;
        if (table->partition_method != metadata::kDistributeByHash)
            continue;
        if (target->partition_method != metadata::kDistributeByHash ||
            table->colocation_id != target->colocation_id)
            return false;
        tables[count] = {varno, table, count};
        count++;
    }
    if (target->partition_method != metadata::kDistributeByHash)
        return count == 0 && !contain_volatile_functions(reinterpret_cast<Node *>(query));
    if (count == 0)
        return false;
    // A single-shard target and its colocated sources (checked above) share one shard group,
    // on one node: the statement runs there whole.
    if (target->single_shard)
        return true;
    // The target's distribution column must come from a source distribution column.
    TargetEntry *dist_entry = entry_for_attno(query->targetList, target->dist_column);
    if (dist_entry == nullptr)
        return false;
    Expr *dist_expr = strip_relabel(dist_entry->expr);
    if (!IsA(dist_expr, Var) || reinterpret_cast<Var *>(dist_expr)->varno != (int)select_index)
        return false;
    TargetEntry *source =
        get_tle_by_resno(select->targetList, reinterpret_cast<Var *>(dist_expr)->varattno);
    if (source == nullptr)
        return false;
    int anchor = table_for_dist_var(tables, count, source->expr);
    if (anchor < 0 || tables[anchor].table->dist_type != target->dist_type)
        return false;
    connect_by_equalities(tables, count,
                          all_join_quals(reinterpret_cast<Node *>(select->jointree), NIL));
    for (int i = 0; i < count; i++)
        if (find_component(tables, i) != find_component(tables, anchor))
            return false;
    // Aggregation must group by a distribution column of the joined tables.
    if (select->hasAggs || select->groupClause != NIL || select->havingQual != nullptr) {
        bool grouped = false;
        foreach (cell, select->groupClause) {
            auto *clause = static_cast<SortGroupClause *>(lfirst(cell));
            TargetEntry *entry = get_sortgroupclause_tle(clause, select->targetList);
            if (table_for_dist_var(tables, count, entry->expr) >= 0)
                grouped = true;
        }
        if (!grouped)
            return false;
    }
    return true;
}

// Moves every expression of a pushed-down INSERT ... SELECT's target list into the SELECT, so the
// printed INSERT names exactly the columns its SELECT produces (the rewriter adds the defaults of
// missing columns to the INSERT's own target list, which SQL text cannot express).
void move_targets_into_select(Query *query, Index select_index)
{
    RangeTblEntry *select_rte = rt_fetch(select_index, query->rtable);
    Query *select = select_rte->subquery;
    struct Substitute {
        static Node *mutate(Node *node, void *context)
        {
            auto *args = static_cast<std::pair<Index, List *> *>(context);
            if (node == nullptr)
                return nullptr;
            if (IsA(node, Var)) {
                auto *var = reinterpret_cast<Var *>(node);
                if (var->varno == static_cast<int>(args->first) && var->varlevelsup == 0)
                    return reinterpret_cast<Node *>(
                        copyObject(get_tle_by_resno(args->second, var->varattno)->expr));
            }
            return expression_tree_mutator(node, TESSERA_MUTATOR(mutate), context);
        }
    };
    std::pair<Index, List *> args{select_index, select->targetList};
    List *new_select = NIL;
    List *used_refs = NIL;
    AttrNumber resno = 1;
    ListCell *cell;
    foreach (cell, query->targetList) {
        auto *entry = static_cast<TargetEntry *>(lfirst(cell));
        if (entry->resjunk)
            continue;
        Index sortgroupref = 0;
        Expr *plain = strip_relabel(entry->expr);
        if (IsA(plain, Var) &&
            reinterpret_cast<Var *>(plain)->varno == static_cast<int>(select_index)) {
            TargetEntry *source =
                get_tle_by_resno(select->targetList, reinterpret_cast<Var *>(plain)->varattno);
            if (source->ressortgroupref != 0 &&
                !list_member_int(used_refs, static_cast<int>(source->ressortgroupref))) {
                sortgroupref = source->ressortgroupref;
                used_refs = lappend_int(used_refs, static_cast<int>(sortgroupref));
            }
        }
        auto *expr = reinterpret_cast<Expr *>(
            Substitute::mutate(reinterpret_cast<Node *>(entry->expr), &args));
        TargetEntry *moved = makeTargetEntry(expr, resno, entry->resname, false);
        moved->ressortgroupref = sortgroupref;
        new_select = lappend(new_select, moved);
        entry->expr = reinterpret_cast<Expr *>(
            makeVar(select_index, resno, exprType(reinterpret_cast<Node *>(expr)),
                    exprTypmod(reinterpret_cast<Node *>(expr)),
                    exprCollation(reinterpret_cast<Node *>(expr)), 0));
        resno++;
    }
    // Entries that GROUP BY / ORDER BY refer to stay, hidden.
    foreach (cell, select->targetList) {
        auto *entry = static_cast<TargetEntry *>(lfirst(cell));
        if (entry->ressortgroupref == 0 ||
            list_member_int(used_refs, static_cast<int>(entry->ressortgroupref)))
            continue;
        TargetEntry *kept = static_cast<TargetEntry *>(copyObject(entry));
        kept->resno = resno++;
        kept->resjunk = true;
        new_select = lappend(new_select, kept);
    }
    select->targetList = new_select;
}

} // namespace tessera::planner::modify

namespace tessera::planner {

bool is_shippable_select_expression(Node *node, Index select_index)
{
    struct Strip {
        static Node *mutate(Node *node, Index *index)
        {
            if (node == nullptr)
                return nullptr;
            if (IsA(node, Var) && reinterpret_cast<Var *>(node)->varno == static_cast<int>(*index))
                return reinterpret_cast<Node *>(
                    makeNullConst(exprType(node), exprTypmod(node), exprCollation(node)));
            return expression_tree_mutator(node, TESSERA_MUTATOR(mutate), index);
        }
    };
    Node *stripped = Strip::mutate(node, &select_index);
    return is_shippable_expression(stripped);
}

} // namespace tessera::planner
