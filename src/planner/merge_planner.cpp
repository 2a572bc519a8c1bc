// MERGE on distributed and reference tables.
//
// Planning brings the MERGE into one shape: the target at range-table entry 1 and the source as
// one subquery (entry 2) that outputs every source column the ON condition and the actions read,
// plus, for a hash-distributed target, the value ON equates with the target's distribution
// column (its last column, "route"). Two ways to run it:
//   - pushdown: the source reads only tables colocated with the target (joined on their
//     distribution columns) and reference tables, and ON equates the target's distribution
//     column with a source distribution column: every shard group runs its own MERGE with the
//     source printed for its shards, in parallel, in the coordinated transaction;
//   - routed: the source runs first (distributed or on the coordinator) and each of its rows is
//     sent, by its route value, to the shard that holds the target rows it can match; every
//     shard with rows runs a MERGE over a VALUES list of them. A reference table's placements
//     each receive every row.
// A NOT MATCHED INSERT must insert the route value into the distribution column, and a MATCHED
// UPDATE may not change it: otherwise a row could land in the wrong shard. Values of a NOT
// MATCHED INSERT that only the coordinator can compute (serial / identity defaults: the
// sequences live there) make the MERGE routed: the shards report which source rows match,
// and the coordinator computes the values for the rows an INSERT takes and sends them as
// extra source columns (prepare_coordinator_values, rows_matching_target, in
// merge_generated_values.cpp). PostgreSQL 15 prints no MERGE through ruleutils, so the
// statement is printed by merge_statement_text.cpp, its expressions by ruleutils; the per-shard
// tasks are built by merge_tasks.cpp. This file holds the planned shape, its checks and the plan.
// PostgreSQL-style code: no C++ objects with destructors live in these frames.
#include "tessera/planner/insert_select_pushdown.h"
#include "tessera/planner/merge_internal.h"
#include "tessera/planner/modify_internal.h"
#include "tessera/planner/modify_planner.h"
#include "tessera/planner/query_tree.h"

#include "tessera/executor/connection.h"
#include "tessera/metadata/distributed_table.h"
#include "tessera/metadata/nodes.h"
#include "tessera/pg/worker_text_environment.h"
#include "tessera/planner/deparse.h"
#include "tessera/planner/shard_pruning.h"

extern "C" {
#include "access/htup_details.h"
#include "catalog/pg_attribute.h"
#include "catalog/pg_type_d.h"
#include "executor/executor.h"
#include "lib/stringinfo.h"
#include "miscadmin.h"
#include "nodes/makefuncs.h"
#include "nodes/nodeFuncs.h"
#include "optimizer/optimizer.h"
#include "optimizer/planner.h"
#include "parser/parsetree.h"
#include "rewrite/rewriteManip.h"
#include "storage/lmgr.h"
#include "utils/builtins.h"
#include "utils/datum.h"
#include "utils/lsyscache.h"
#include "utils/ruleutils.h"
#include "utils/syscache.h"
#include "utils/tuplestore.h"
}

namespace tessera::planner::modify {

namespace {

// Raises the error for a MERGE shape that cannot run correctly on distributed table `relname`.
[[noreturn]] void merge_not_supported(const char *relname, const char *what, const char *hint)
{
    ereport(ERROR,
            (errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
             errmsg("%s in MERGE on distributed table \"%s\" is not supported", what, relname),
             hint != nullptr ? errhint("%s", hint) : 0));
}

// Walker: collects the distinct source columns (Vars of the statement's own level that are not
// the target's) into *vars.
bool collect_source_vars(Node *node, List **vars)
{
    if (node == nullptr)
        return false;
    if (IsA(node, Var)) {
        auto *var = reinterpret_cast<Var *>(node);
        if (var->varlevelsup != 0 || var->varno == static_cast<int>(kTargetIndex))
            return false;
        ListCell *cell;
        foreach (cell, *vars) {
            auto *known = static_cast<Var *>(lfirst(cell));
            if (known->varno == var->varno && known->varattno == var->varattno)
                return false;
        }
        *vars = lappend(*vars, copyObject(var));
        return false;
    }
    return expression_tree_walker(node, TESSERA_WALKER(collect_source_vars), vars);
}

// Mutator: replaces each collected source column by the matching column of the source subquery.
Node *remap_source_vars(Node *node, List *vars)
{
    if (node == nullptr)
        return nullptr;
    if (IsA(node, Var)) {
        auto *var = reinterpret_cast<Var *>(node);
        if (var->varlevelsup != 0 || var->varno == static_cast<int>(kTargetIndex))
            return reinterpret_cast<Node *>(copyObject(var));
        int position = 1;
        ListCell *cell;
        foreach (cell, vars) {
            auto *known = static_cast<Var *>(lfirst(cell));
            if (known->varno == var->varno && known->varattno == var->varattno)
                return reinterpret_cast<Node *>(makeVar(kSourceIndex, position, var->vartype,
                                                        var->vartypmod, var->varcollid, 0));
            position++;
        }
        elog(ERROR, "MERGE source column not collected");
    }
    return expression_tree_mutator(node, TESSERA_MUTATOR(remap_source_vars), vars);
}

// True for an expression node a worker cannot evaluate as the coordinator would: sequence values,
// volatile or user-defined functions that are not distributed, values of the table's row type,
// constants of types the workers may not know.
bool worker_cannot_evaluate(Node *node)
{
    return IsA(node, NextValueExpr) || calls_coordinator_function(node) || makes_table_row(node) ||
           (IsA(node, Const) && !type_known_on_workers(reinterpret_cast<Const *>(node)->consttype));
}

} // namespace

// Walker: true at a Var of the target.
bool reads_target(Node *node, void *)
{
    if (node == nullptr)
        return false;
    if (IsA(node, Var)) {
        auto *var = reinterpret_cast<Var *>(node);
        return var->varlevelsup == 0 && var->varno == static_cast<int>(kTargetIndex);
    }
    return expression_tree_walker(node, TESSERA_WALKER(reads_target), nullptr);
}

// True if action value `entry` holds something a worker cannot evaluate (a sequence value, a
// volatile or non-distributed user function).
bool needs_coordinator_value(TargetEntry *entry)
{
    return !entry->resjunk &&
           any_node_at_any_level(reinterpret_cast<Node *>(entry->expr), worker_cannot_evaluate);
}

namespace {

// `expr` without relabelling and without a cast between integer types on top.
Expr *strip_integer_casts(Expr *expr)
{
    for (;;) {
        if (expr == nullptr)
            return nullptr;
        if (IsA(expr, RelabelType)) {
            expr = reinterpret_cast<RelabelType *>(expr)->arg;
            continue;
        }
        if (IsA(expr, FuncExpr)) {
            auto *func = reinterpret_cast<FuncExpr *>(expr);
            Oid result = func->funcresulttype;
            if (func->funcformat != COERCE_EXPLICIT_CALL && list_length(func->args) == 1 &&
                (result == INT2OID || result == INT4OID || result == INT8OID)) {
                Oid argument = exprType(static_cast<Node *>(linitial(func->args)));
                if (argument == INT2OID || argument == INT4OID || argument == INT8OID) {
                    expr = static_cast<Expr *>(linitial(func->args));
                    continue;
                }
            }
        }
        return expr;
    }
}

// True if `value` (assigned to the target's distribution column by an action) is the route
// value itself, up to relabelling and casts between integer types (which keep the value or
// fail): the row stays in (or goes to) the shard the route value chose.
bool is_route_value(Expr *value, Expr *route)
{
    return route != nullptr && equal(strip_integer_casts(value), strip_integer_casts(route));
}

// The expression of the source (no target column, nothing volatile) that a top-level equality
// of ON compares with the target's distribution column, or nullptr.
Expr *find_route_expression(Node *on, const DistributedTable *target)
{
    List *conjuncts = add_conjuncts(NIL, on);
    ListCell *cell;
    foreach (cell, conjuncts) {
        auto *clause = static_cast<Expr *>(lfirst(cell));
        if (!IsA(clause, OpExpr) || list_length(reinterpret_cast<OpExpr *>(clause)->args) != 2)
            continue;
        auto *op = reinterpret_cast<OpExpr *>(clause);
        if (!is_distribution_equality(target, op->opno, op->inputcollid))
            continue;
        for (int side = 0; side < 2; side++) {
            Var *var = same_level_var(static_cast<Expr *>(list_nth(op->args, side)));
            if (var == nullptr || var->varno != static_cast<int>(kTargetIndex) ||
                var->varattno != target->dist_column)
                continue;
            auto *other = static_cast<Expr *>(list_nth(op->args, 1 - side));
            Node *node = reinterpret_cast<Node *>(other);
            if (reads_target(node, nullptr) || contain_volatile_functions(node) ||
                contains_sublink(node))
                continue;
            return strip_relabel(other);
        }
    }
    return nullptr;
}

// Checks the actions of MERGE `query` on `target`: no subqueries, no element or field
// assignments, nothing only the coordinator can evaluate; the distribution column keeps its
// value in UPDATE and takes the route value in INSERT.
void check_actions(Query *query, const DistributedTable *target, Expr *route, const char *relname)
{
    bool hash = target->partition_method == metadata::kDistributeByHash && !target->single_shard;
    ListCell *cell;
    foreach (cell, query->mergeActionList) {
        auto *action = static_cast<MergeAction *>(lfirst(cell));
        Node *parts = reinterpret_cast<Node *>(list_make2(action->qual, action->targetList));
        if (contains_sublink(parts))
            merge_not_supported(relname, "a subquery in WHEN conditions or actions",
                                "Compute the value in the USING source and refer to its column.");
        bool worker_only = any_node_at_any_level(action->qual, worker_cannot_evaluate);
        ListCell *entry_cell;
        foreach (entry_cell, action->targetList) {
            auto *entry = static_cast<TargetEntry *>(lfirst(entry_cell));
            // A NOT MATCHED INSERT's serial / identity default (or another value only the
            // coordinator can compute) is computed there for each row it inserts.
            worker_only = worker_only ||
                          (needs_coordinator_value(entry) &&
                           (action->commandType != CMD_INSERT || !coordinator_computes(entry)));
        }
        if (worker_only)
            merge_not_supported(relname,
                                "a sequence value, volatile or non-distributed user function",
                                "The WHEN conditions and the UPDATE values run on the worker "
                                "nodes; give the values "
                                "in the USING source, or distribute the function with "
                                "create_distributed_function.");
        foreach (entry_cell, action->targetList) {
            auto *entry = static_cast<TargetEntry *>(lfirst(entry_cell));
            if (assigns_part_of_column(reinterpret_cast<Node *>(entry->expr)))
                merge_not_supported(relname, "assigning to an array element or a field",
                                    "Assign the whole column.");
        }
        if (!hash)
            continue;
        TargetEntry *dist_entry = entry_for_attno(action->targetList, target->dist_column);
        if (action->commandType == CMD_UPDATE && dist_entry != nullptr) {
            Var *var = same_level_var(dist_entry->expr);
            bool unchanged = var != nullptr && var->varno == static_cast<int>(kTargetIndex) &&
                             var->varattno == target->dist_column;
            if (!unchanged && !is_route_value(dist_entry->expr, route))
                check_distribution_column_unchanged(list_make1(dist_entry), kTargetIndex, target, 0,
                                                    NIL);
        }
        if (action->commandType == CMD_INSERT &&
            (dist_entry == nullptr || !is_route_value(dist_entry->expr, route)))
            ereport(ERROR, (errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
                            errmsg("MERGE on distributed table \"%s\" must insert the value its ON "
                                   "condition compares with distribution column \"%s\"",
                                   relname, get_attname(target->relid, target->dist_column, false)),
                            errdetail("Another value could belong to another shard."),
                            errhint("Insert the source column that ON equates with \"%s\".",
                                    get_attname(target->relid, target->dist_column, false))));
    }
}

// True if the join tree `node` has an outer join.
bool has_outer_join(Node *node)
{
    if (node == nullptr)
        return false;
    if (IsA(node, FromExpr)) {
        ListCell *cell;
        foreach (cell, reinterpret_cast<FromExpr *>(node)->fromlist)
            if (has_outer_join(static_cast<Node *>(lfirst(cell))))
                return true;
        return false;
    }
    if (IsA(node, JoinExpr)) {
        auto *join = reinterpret_cast<JoinExpr *>(node);
        return join->jointype != JOIN_INNER || has_outer_join(join->larg) ||
               has_outer_join(join->rarg);
    }
    return false;
}

// True if the source subquery `source` can run with the MERGE shard by shard on `target`'s
// shards: the INSERT ... SELECT pushdown rules, the route column taking the place of the
// distribution column.
bool source_pushable(Query *merge, Query *source, const DistributedTable *target, bool inserts)
{
    if (target->partition_method != metadata::kDistributeByHash)
        return false;
    // A source row from the null side of an outer join has no shard of its own to insert in.
    if (inserts && has_outer_join(reinterpret_cast<Node *>(source->jointree)))
        return false;
    Query *probe = makeNode(Query);
    probe->commandType = CMD_INSERT;
    probe->resultRelation = kTargetIndex;
    probe->rtable = list_make2(copyObject(rt_fetch(kTargetIndex, merge->rtable)),
                               rt_fetch(kSourceIndex, merge->rtable));
    probe->jointree = makeFromExpr(list_make1(makeNode(RangeTblRef)), nullptr);
    reinterpret_cast<RangeTblRef *>(linitial(probe->jointree->fromlist))->rtindex = kSourceIndex;
    if (!target->single_shard) {
        auto *route = static_cast<TargetEntry *>(llast(source->targetList));
        Node *route_expr = reinterpret_cast<Node *>(route->expr);
        probe->targetList = list_make1(makeTargetEntry(
            reinterpret_cast<Expr *>(makeVar(kSourceIndex, route->resno, exprType(route_expr),
                                             exprTypmod(route_expr), exprCollation(route_expr), 0)),
            target->dist_column, pstrdup("route"), false));
    }
    return insert_select_pushable(probe, kSourceIndex, target);
}

// `source` itself, or, when it only reads one subquery (USING (SELECT ...) AS x) that can take
// other output columns, that subquery with `source`'s output columns: the pushdown rules then
// see the subquery's own tables.
Query *without_subquery_wrapper(Query *source)
{
    if (list_length(source->rtable) != 1 || source->cteList != NIL ||
        list_length(source->jointree->fromlist) != 1 ||
        !IsA(linitial(source->jointree->fromlist), RangeTblRef))
        return source;
    RangeTblEntry *rte = static_cast<RangeTblEntry *>(linitial(source->rtable));
    Query *inner = rte->subquery;
    if (rte->rtekind != RTE_SUBQUERY || inner == nullptr || inner->setOperations != nullptr ||
        inner->distinctClause != NIL || inner->hasTargetSRFs || inner->hasWindowFuncs ||
        inner->limitCount != nullptr || inner->limitOffset != nullptr ||
        inner->groupingSets != NIL || inner->rowMarks != NIL || rte->security_barrier)
        return source;
    Query *probe = makeNode(Query);
    probe->commandType = CMD_INSERT;
    probe->rtable = source->rtable;
    probe->targetList = source->targetList;
    move_targets_into_select(probe, 1);
    return inner;
}

} // namespace

// Brings MERGE `query` on `target` into the planned shape (see the top of the file); returns a
// changed copy. Raises a clear ERROR for what cannot run correctly.
Query *merge_planned_shape(Query *query, const DistributedTable *target, const char *relname)
{
    if (query->resultRelation != static_cast<int>(kTargetIndex))
        merge_not_supported(relname, "this statement shape", nullptr);
    if (query->hasModifyingCTE)
        merge_not_supported(relname, "a data-modifying WITH query",
                            "Run the data-modifying statement first, in the same transaction.");
    if (has_row_security(query))
        merge_not_supported(relname, "row-level security", nullptr);
    Node *on = query->jointree->quals;
    if (contains_sublink(on))
        merge_not_supported(relname, "a subquery in the ON condition",
                            "Compute the value in the USING source and refer to its column.");
    if (any_node_at_any_level(on, worker_cannot_evaluate))
        merge_not_supported(relname, "a volatile or non-distributed user function in ON",
                            "The ON condition runs on the worker nodes.");
    bool hash = target->partition_method == metadata::kDistributeByHash && !target->single_shard;
    Expr *route = hash ? find_route_expression(on, target) : nullptr;
    if (hash && route == nullptr)
        ereport(
            ERROR,
            (errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
             errmsg("MERGE on distributed table \"%s\" needs an ON condition that equates "
                    "distribution column \"%s\" with a source column or a value",
                    relname, get_attname(target->relid, target->dist_column, false)),
             errdetail("Each source row is merged in the shard its value belongs to."),
             errhint("Add %s.%s = <source column> to the ON condition.",
                     quote_identifier(target_alias(query)),
                     quote_identifier(get_attname(target->relid, target->dist_column, false)))));
    check_actions(query, target, route, relname);

    // The source columns the statement reads.
    List *vars = NIL;
    collect_source_vars(on, &vars);
    ListCell *cell;
    foreach (cell, query->mergeActionList) {
        auto *action = static_cast<MergeAction *>(lfirst(cell));
        collect_source_vars(action->qual, &vars);
        collect_source_vars(reinterpret_cast<Node *>(action->targetList), &vars);
    }
    foreach (cell, vars)
        if (static_cast<Var *>(lfirst(cell))->varattno <= 0)
            merge_not_supported(relname, "a whole-row or system column of the source",
                                "Name the source's columns one by one.");

    // The source subquery: the MERGE's FROM list without the target, renumbered.
    Query *source = makeNode(Query);
    source->commandType = CMD_SELECT;
    source->canSetTag = true;
    source->rtable = list_copy_tail(static_cast<List *>(copyObject(query->rtable)), 1);
    source->jointree =
        makeFromExpr(static_cast<List *>(copyObject(query->jointree->fromlist)), nullptr);
    source->cteList = static_cast<List *>(copyObject(query->cteList));
    source->hasRecursive = query->hasRecursive;
    source->hasSubLinks = contains_sublink(reinterpret_cast<Node *>(source->jointree));
    List *colnames = NIL;
    AttrNumber resno = 1;
    foreach (cell, vars) {
        char *name = psprintf("c%d", resno);
        source->targetList = lappend(
            source->targetList,
            makeTargetEntry(static_cast<Expr *>(copyObject(lfirst(cell))), resno++, name, false));
        colnames = lappend(colnames, makeString(name));
    }
    if (hash) {
        source->targetList =
            lappend(source->targetList, makeTargetEntry(static_cast<Expr *>(copyObject(route)),
                                                        resno++, pstrdup("route"), false));
        colnames = lappend(colnames, makeString(pstrdup("route")));
    }
    if (source->targetList == NIL) {
        // The statement reads no source column (ON and the actions use constants only): a
        // routed source's rows would print as "()", which is no VALUES row; give each one a
        // column nothing reads.
        source->targetList = list_make1(makeTargetEntry(
            reinterpret_cast<Expr *>(makeBoolConst(true, false)), resno++, pstrdup("c0"), false));
        colnames = lappend(colnames, makeString(pstrdup("c0")));
    }
    OffsetVarNodes(reinterpret_cast<Node *>(source), -1, 0);
    source = without_subquery_wrapper(source);

    Query *shaped = static_cast<Query *>(copyObject(query));
    RangeTblEntry *source_rte = makeNode(RangeTblEntry);
    source_rte->rtekind = RTE_SUBQUERY;
    source_rte->subquery = source;
    source_rte->alias = makeAlias(source_name(target_alias(query)), NIL);
    source_rte->eref = makeAlias(source_name(target_alias(query)), colnames);
    source_rte->inFromCl = true;
    shaped->rtable = list_make2(linitial(shaped->rtable), source_rte);
    auto *ref = makeNode(RangeTblRef);
    ref->rtindex = kSourceIndex;
    shaped->jointree = makeFromExpr(list_make1(ref), remap_source_vars(on, vars));
    foreach (cell, shaped->mergeActionList) {
        auto *action = static_cast<MergeAction *>(lfirst(cell));
        action->qual = remap_source_vars(action->qual, vars);
        action->targetList = reinterpret_cast<List *>(
            remap_source_vars(reinterpret_cast<Node *>(action->targetList), vars));
    }
    shaped->cteList = NIL;
    shaped->hasRecursive = false;
    shaped->hasSubLinks = false;
    return shaped;
}

} // namespace tessera::planner::modify

namespace tessera::planner {

using namespace modify;

bool is_distributed_merge(Query *query)
{
    if (query->commandType != CMD_MERGE || query->resultRelation < 1 ||
        query->resultRelation > list_length(query->rtable))
        return false;
    RangeTblEntry *rte = rt_fetch(query->resultRelation, query->rtable);
    return rte->rtekind == RTE_RELATION && metadata::is_distributed_table(rte->relid);
}

PlannedStmt *plan_merge_query(Query *query, int cursor_options, ParamListInfo bound_params)
{
    RangeTblEntry *target_rte = rt_fetch(query->resultRelation, query->rtable);
    const DistributedTable *target = metadata::lookup_distributed_table(target_rte->relid);
    const char *relname = get_rel_name(target->relid);
    Query *shaped = merge_planned_shape(query, target, relname);
    Query *source = rt_fetch(kSourceIndex, shaped->rtable)->subquery;
    bool inserts = false;
    ListCell *cell;
    foreach (cell, shaped->mergeActionList)
        inserts = inserts || static_cast<MergeAction *>(lfirst(cell))->commandType == CMD_INSERT;
    // Pushed down only when the route value is the source's own distribution column (a
    // constant route value sends every row to one shard, from the coordinator).
    // Values the coordinator computes for the rows a NOT MATCHED INSERT inserts (serial and
    // identity defaults) need the source rows there: such a MERGE is routed.
    if (!has_coordinator_values(shaped->mergeActionList) &&
        source_pushable(shaped, source, target, inserts))
        return make_modify_plan(shaped, kMergePushdown, nullptr);
    PlannedStmt *source_plan = ::planner(static_cast<Query *>(copyObject(source)), nullptr,
                                         cursor_options & ~CURSOR_OPT_PARALLEL_OK, bound_params);
    return make_modify_plan(shaped, kMergeRouted, source_plan);
}

} // namespace tessera::planner
