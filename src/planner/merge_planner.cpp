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
// extra source columns (prepare_coordinator_values, rows_matching_target). PostgreSQL 15 prints
// no MERGE through ruleutils, so the statement is printed here, its expressions by ruleutils.
// PostgreSQL-style code: no C++ objects with destructors live in these frames.
#include "tessera/planner/insert_select_pushdown.h"
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

constexpr Index kTargetIndex = 1;
constexpr Index kSourceIndex = 2;

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

// True for an expression node a worker cannot evaluate as the coordinator would: sequence values,
// volatile or user-defined functions that are not distributed, values of the table's row type,
// constants of types the workers may not know.
bool worker_cannot_evaluate(Node *node)
{
    return IsA(node, NextValueExpr) || calls_coordinator_function(node) || makes_table_row(node) ||
           (IsA(node, Const) && !type_known_on_workers(reinterpret_cast<Const *>(node)->consttype));
}

// True if action value `entry` holds something a worker cannot evaluate (a sequence value, a
// volatile or non-distributed user function).
bool needs_coordinator_value(TargetEntry *entry)
{
    return !entry->resjunk &&
           any_node_at_any_level(reinterpret_cast<Node *>(entry->expr), worker_cannot_evaluate);
}

// True if the coordinator computes `entry`, a value of an INSERT of a NOT MATCHED action, for
// each row it inserts (merge_tasks): it reads the source row only, so its value can travel
// with that row, as a value of a type the workers know. This is what lets a NOT MATCHED
// INSERT leave a serial / identity column to its default, whose sequence lives on the
// coordinator only.
bool coordinator_computes(TargetEntry *entry)
{
    Node *expr = reinterpret_cast<Node *>(entry->expr);
    return !entry->resjunk && !contains_sublink(expr) && !reads_target(expr, nullptr) &&
           type_known_on_workers(exprType(expr));
}

// True if some NOT MATCHED INSERT of `actions` has a value the coordinator computes per row.
bool has_coordinator_values(List *actions)
{
    ListCell *cell;
    foreach (cell, actions) {
        auto *action = static_cast<MergeAction *>(lfirst(cell));
        if (action->commandType != CMD_INSERT)
            continue;
        ListCell *entry_cell;
        foreach (entry_cell, action->targetList)
            if (needs_coordinator_value(static_cast<TargetEntry *>(lfirst(entry_cell))))
                return true;
    }
    return false;
}

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

// True if column `attno` of `relid` is declared NOT NULL.
bool column_not_null(Oid relid, AttrNumber attno)
{
    HeapTuple tuple = SearchSysCache2(ATTNUM, ObjectIdGetDatum(relid), Int16GetDatum(attno));
    if (!HeapTupleIsValid(tuple))
        return false;
    bool not_null = reinterpret_cast<Form_pg_attribute>(GETSTRUCT(tuple))->attnotnull;
    ReleaseSysCache(tuple);
    return not_null;
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

// The conditions of the NOT MATCHED actions of `actions` (nullptr for other actions and for
// actions without one), ready to evaluate over a source row as the scan tuple.
ExprState **init_unmatched_quals(List *actions)
{
    auto **quals =
        static_cast<ExprState **>(palloc0(sizeof(ExprState *) * (list_length(actions) + 1)));
    int i = 0;
    ListCell *cell;
    foreach (cell, actions) {
        auto *action = static_cast<MergeAction *>(lfirst(cell));
        if (!action->matched && action->qual != nullptr)
            quals[i] =
                ExecInitExpr(expression_planner(reinterpret_cast<Expr *>(action->qual)), nullptr);
        i++;
    }
    return quals;
}

// The position in `actions` of the NOT MATCHED action PostgreSQL would take for the source row
// in `econtext`'s scan tuple (the first whose condition holds), or -1 if none would.
int unmatched_action_index(List *actions, ExprState **quals, ExprContext *econtext)
{
    int i = 0;
    ListCell *cell;
    foreach (cell, actions) {
        auto *action = static_cast<MergeAction *>(lfirst(cell));
        ExprState *qual = quals[i++];
        if (action->matched)
            continue;
        if (qual != nullptr) {
            bool isnull = false;
            Datum holds = ExecEvalExprSwitchContext(qual, econtext, &isnull);
            if (isnull || !DatumGetBool(holds))
                continue;
        }
        return i - 1;
    }
    return -1;
}

// True if the NOT MATCHED action PostgreSQL would take for the source row in `econtext`'s scan
// tuple (the first whose condition holds) is an INSERT.
bool unmatched_row_inserts(List *actions, ExprState **quals, ExprContext *econtext)
{
    int index = unmatched_action_index(actions, quals, econtext);
    return index >= 0 &&
           static_cast<MergeAction *>(list_nth(actions, index))->commandType == CMD_INSERT;
}

const char *source_name(const char *target_alias);
const char *target_alias(Query *merge);

// The values of NOT MATCHED INSERTs that the coordinator computes for each row they insert
// (serial / identity defaults, other sequence values, volatile or non-distributed functions),
// each sent as one more column of the routed source rows.
struct CoordinatorValues {
    int count = 0;
    int *action = nullptr;           // position of the value's action in mergeActionList
    ExprState **state = nullptr;     // the value, over the source row as the scan tuple
    Const **null_value = nullptr;    // a NULL of the value's type, for rows it is not computed for
    bool *action_computes = nullptr; // per action: whether it has such values
};

// Replaces every value of `merge`'s NOT MATCHED INSERTs that the coordinator computes by a new
// column of the source (after its `natts` columns, named n1, n2, ...), and returns how to
// compute them. Such an INSERT is printed with OVERRIDING SYSTEM VALUE: the value the
// coordinator computed (an identity column's) is the one to insert, whatever the shards'
// columns are. `merge` is the statement's bound copy.
CoordinatorValues prepare_coordinator_values(Query *merge, int natts)
{
    CoordinatorValues values;
    int actions = list_length(merge->mergeActionList);
    int capacity = 0;
    ListCell *cell;
    foreach (cell, merge->mergeActionList) {
        auto *action = static_cast<MergeAction *>(lfirst(cell));
        if (action->commandType == CMD_INSERT)
            capacity += list_length(action->targetList);
    }
    values.action = static_cast<int *>(palloc0(sizeof(int) * (capacity + 1)));
    values.state = static_cast<ExprState **>(palloc0(sizeof(ExprState *) * (capacity + 1)));
    values.null_value = static_cast<Const **>(palloc0(sizeof(Const *) * (capacity + 1)));
    values.action_computes = static_cast<bool *>(palloc0(sizeof(bool) * (actions + 1)));
    RangeTblEntry *source_rte = rt_fetch(kSourceIndex, merge->rtable);
    int index = 0;
    foreach (cell, merge->mergeActionList) {
        auto *action = static_cast<MergeAction *>(lfirst(cell));
        if (action->commandType == CMD_INSERT) {
            ListCell *entry_cell;
            foreach (entry_cell, action->targetList) {
                auto *entry = static_cast<TargetEntry *>(lfirst(entry_cell));
                if (!needs_coordinator_value(entry))
                    continue;
                if (!coordinator_computes(entry))
                    elog(ERROR, "MERGE value the coordinator cannot compute");
                Expr *expr = entry->expr;
                Oid type = exprType(reinterpret_cast<Node *>(expr));
                int32 typmod = exprTypmod(reinterpret_cast<Node *>(expr));
                Oid collation = exprCollation(reinterpret_cast<Node *>(expr));
                int16 typlen;
                bool typbyval;
                get_typlenbyval(type, &typlen, &typbyval);
                int k = values.count++;
                values.action[k] = index;
                values.state[k] = ExecInitExpr(
                    expression_planner(static_cast<Expr *>(copyObject(expr))), nullptr);
                values.null_value[k] = makeConst(type, typmod, collation, typlen,
                                                 static_cast<Datum>(0), true, typbyval);
                values.action_computes[index] = true;
                entry->expr = reinterpret_cast<Expr *>(
                    makeVar(kSourceIndex, natts + k + 1, type, typmod, collation, 0));
                source_rte->eref->colnames =
                    lappend(source_rte->eref->colnames, makeString(psprintf("n%d", k + 1)));
                action->override = OVERRIDING_SYSTEM_VALUE;
            }
        }
        index++;
    }
    return values;
}

// Asks the shards which of the `count` source rows `rows` (routed to shard `shard_of[r]`)
// match a target row by `merge`'s ON condition, for the rows with `asks[r]` set; returns one
// flag per row. The matching target rows are locked (FOR SHARE) in the coordinated
// transaction until it ends, so the MERGE that follows, sent through the same connections,
// finds them matching still. One query per node.
bool *rows_matching_target(Query *merge, const DistributedTable *target, TupleDesc desc,
                           MinimalTuple *rows, const int *shard_of, const bool *asks, int count)
{
    auto *matched = static_cast<bool *>(palloc0(sizeof(bool) * (count + 1)));
    int level = pg::enter_worker_text_environment();
    const char *alias = target_alias(merge);
    const char *source = source_name(alias);
    PlannedStmt *names_of = makeNode(PlannedStmt);
    names_of->rtable = merge->rtable;
    List *context =
        deparse_context_for_plan_tree(names_of, list_make2(pstrdup(alias), pstrdup(source)));
    Node *on = merge->jointree->quals;
    if (on != nullptr && IsA(on, List))
        on = reinterpret_cast<Node *>(make_ands_explicit(reinterpret_cast<List *>(on)));
    const char *on_text = on != nullptr ? deparse_expression(on, context, true, false) : "true";
    StringInfoData columns;
    initStringInfo(&columns);
    for (int i = 0; i < desc->natts; i++)
        appendStringInfo(&columns, "%s, ",
                         quote_identifier(strVal(
                             list_nth(rt_fetch(kSourceIndex, merge->rtable)->eref->colnames, i))));
    appendStringInfoString(&columns, "merge_row");
    TupleTableSlot *slot = MakeSingleTupleTableSlot(desc, &TTSOpsMinimalTuple);
    int shard_count =
        target->partition_method == metadata::kDistributeByHash ? target->shard_count : 1;
    executor::GroupBatches ctes;
    executor::GroupBatches selects;
    for (int s = 0; s < shard_count; s++) {
        StringInfo values = nullptr;
        for (int r = 0; r < count; r++) {
            if (!asks[r] || shard_of[r] != s)
                continue;
            if (values == nullptr) {
                values = makeStringInfo();
                appendStringInfoString(values, "(VALUES ");
            } else {
                appendStringInfoString(values, ", ");
            }
            ExecStoreMinimalTuple(rows[r], slot, false);
            slot_getallattrs(slot);
            appendStringInfoChar(values, '(');
            for (int i = 0; i < desc->natts; i++) {
                Form_pg_attribute attr = TupleDescAttr(desc, i);
                Const *value =
                    makeConst(attr->atttypid, attr->atttypmod, attr->attcollation, attr->attlen,
                              slot->tts_values[i], slot->tts_isnull[i], attr->attbyval);
                appendStringInfo(
                    values, "%s, ",
                    deparse_expression(reinterpret_cast<Node *>(value), NIL, false, false));
            }
            appendStringInfo(values, "%d)", r);
        }
        if (values == nullptr)
            continue;
        appendStringInfoChar(values, ')');
        int32 group = first_placement(target, s)->group_id;
        bool created = false;
        StringInfo cte = executor::batch_for_group(&ctes, group, &created);
        appendStringInfo(cte,
                         "%sm%d AS (SELECT %s.merge_row FROM %s AS %s, %s AS %s(%s) WHERE %s FOR "
                         "SHARE OF %s)",
                         created ? "WITH " : ", ", s, quote_identifier(source),
                         metadata::qualified_shard_name(target->relid, target->shards[s].shard_id),
                         quote_identifier(alias), values->data, quote_identifier(source),
                         columns.data, on_text, quote_identifier(alias));
        StringInfo select = executor::batch_for_group(&selects, group, &created);
        appendStringInfo(select, "%sSELECT merge_row FROM m%d", created ? " " : " UNION ALL ", s);
    }
    ExecDropSingleTupleTableSlot(slot);
    pg::leave_worker_text_environment(level);

    int nodes = list_length(ctes.groups);
    if (nodes == 0)
        return matched;
    auto **connections =
        static_cast<executor::NodeConnection **>(palloc0(sizeof(void *) * (nodes + 1)));
    auto **commands = static_cast<const char **>(palloc0(sizeof(char *) * (nodes + 1)));
    auto **results = static_cast<PGresult **>(palloc0(sizeof(PGresult *) * (nodes + 1)));
    List *pending = NIL;
    for (int i = 0; i < nodes; i++) {
        metadata::WorkerNode *node = metadata::usable_node_for_group(list_nth_int(ctes.groups, i));
        connections[i] = executor::start_node_connection(node->node_name, node->node_port);
        pending = lappend(pending, connections[i]);
        StringInfo command = static_cast<StringInfo>(list_nth(ctes.batches, i));
        appendStringInfoString(command,
                               static_cast<StringInfo>(list_nth(selects.batches, i))->data);
        commands[i] = command->data;
    }
    executor::wait_for_connections(pending);
    for (int i = 0; i < nodes; i++)
        executor::join_coordinated_transaction(connections[i]);
    executor::execute_commands_parallel(connections, commands, nodes, results, true);
    for (int i = 0; i < nodes; i++) {
        for (int r = 0; results[i] != nullptr && r < PQntuples(results[i]); r++) {
            int row = atoi(PQgetvalue(results[i], r, 0));
            if (row >= 0 && row < count)
                matched[row] = true;
        }
        if (results[i] != nullptr)
            PQclear(results[i]);
        executor::release_connection(connections[i]);
    }
    return matched;
}

// The statement's name for the source, unlike the target's.
const char *source_name(const char *target_alias)
{
    return strcmp(target_alias, "merge_source") == 0 ? "merge_source_1" : "merge_source";
}

// The name the statement gives the target (its alias or the table's name).
const char *target_alias(Query *merge)
{
    RangeTblEntry *rte = rt_fetch(kTargetIndex, merge->rtable);
    return rte->alias != nullptr ? rte->alias->aliasname : get_rel_name(rte->relid);
}

} // namespace

// Prints MERGE `merge` (the planned shape, parameters bound) for one shard: the target named
// `target_name`, the source `source_text` (a parenthesised SELECT or a VALUES list).
char *merge_statement_text(Query *merge, const char *target_name, const char *source_text)
{
    int level = pg::enter_worker_text_environment();
    const char *alias = target_alias(merge);
    const char *source = source_name(alias);
    PlannedStmt *names_of = makeNode(PlannedStmt);
    names_of->rtable = merge->rtable;
    List *context =
        deparse_context_for_plan_tree(names_of, list_make2(pstrdup(alias), pstrdup(source)));
    RangeTblEntry *source_rte = rt_fetch(kSourceIndex, merge->rtable);
    Oid relid = rt_fetch(kTargetIndex, merge->rtable)->relid;

    StringInfoData sql;
    initStringInfo(&sql);
    appendStringInfo(&sql, "MERGE INTO %s AS %s USING %s AS %s(", target_name,
                     quote_identifier(alias), source_text, quote_identifier(source));
    ListCell *cell;
    bool first = true;
    foreach (cell, source_rte->eref->colnames) {
        appendStringInfo(&sql, "%s%s", first ? "" : ", ", quote_identifier(strVal(lfirst(cell))));
        first = false;
    }
    Node *on = merge->jointree->quals;
    if (on != nullptr && IsA(on, List))
        on = reinterpret_cast<Node *>(make_ands_explicit(reinterpret_cast<List *>(on)));
    appendStringInfo(&sql, ") ON %s",
                     on != nullptr ? deparse_expression(on, context, true, false) : "true");
    foreach (cell, merge->mergeActionList) {
        auto *action = static_cast<MergeAction *>(lfirst(cell));
        appendStringInfoString(&sql, action->matched ? " WHEN MATCHED" : " WHEN NOT MATCHED");
        if (action->qual != nullptr)
            appendStringInfo(&sql, " AND %s",
                             deparse_expression(action->qual, context, true, false));
        appendStringInfoString(&sql, " THEN ");
        List *entries = NIL;
        ListCell *entry_cell;
        foreach (entry_cell, action->targetList) {
            auto *entry = static_cast<TargetEntry *>(lfirst(entry_cell));
            if (!entry->resjunk)
                entries = lappend(entries, entry);
        }
        switch (action->commandType) {
        case CMD_UPDATE:
            appendStringInfoString(&sql, "UPDATE SET ");
            first = true;
            foreach (entry_cell, entries) {
                auto *entry = static_cast<TargetEntry *>(lfirst(entry_cell));
                appendStringInfo(&sql, "%s%s = %s", first ? "" : ", ",
                                 quote_identifier(get_attname(relid, entry->resno, false)),
                                 deparse_expression(reinterpret_cast<Node *>(entry->expr), context,
                                                    true, false));
                first = false;
            }
            break;
        case CMD_DELETE:
            appendStringInfoString(&sql, "DELETE");
            break;
        case CMD_INSERT: {
            if (entries == NIL) {
                appendStringInfoString(&sql, "INSERT DEFAULT VALUES");
                break;
            }
            appendStringInfoString(&sql, "INSERT (");
            first = true;
            foreach (entry_cell, entries) {
                auto *entry = static_cast<TargetEntry *>(lfirst(entry_cell));
                appendStringInfo(&sql, "%s%s", first ? "" : ", ",
                                 quote_identifier(get_attname(relid, entry->resno, false)));
                first = false;
            }
            appendStringInfoString(&sql, ")");
            if (action->override == OVERRIDING_SYSTEM_VALUE)
                appendStringInfoString(&sql, " OVERRIDING SYSTEM VALUE");
            else if (action->override == OVERRIDING_USER_VALUE)
                appendStringInfoString(&sql, " OVERRIDING USER VALUE");
            appendStringInfoString(&sql, " VALUES (");
            first = true;
            foreach (entry_cell, entries) {
                auto *entry = static_cast<TargetEntry *>(lfirst(entry_cell));
                appendStringInfo(&sql, "%s%s", first ? "" : ", ",
                                 deparse_expression(reinterpret_cast<Node *>(entry->expr), context,
                                                    true, false));
                first = false;
            }
            appendStringInfoString(&sql, ")");
            break;
        }
        default:
            appendStringInfoString(&sql, "DO NOTHING");
            break;
        }
    }
    pg::leave_worker_text_environment(level);
    return sql.data;
}

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

namespace {

// Statements writing several placements at once take the coordinator's shard write locks
// first, in shard id order (see lock_shard_for_write): here for the shards of `target` with a
// source (`sources[i]` set), before anything is sent.
void lock_written_shards(const DistributedTable *target, StringInfo *sources, int shard_count)
{
    int written = 0;
    for (int i = 0; i < shard_count; i++)
        if (sources[i] != nullptr)
            written += target->shards[i].placement_count;
    if (written <= 1)
        return;
    for (int i = 0; i < shard_count; i++)
        if (sources[i] != nullptr)
            lock_shard_for_write(static_cast<uint64>(target->shards[i].shard_id), ExclusiveLock);
}

} // namespace

// The tasks of MERGE `merge` (the planned shape) of kind `kind`; a routed MERGE's source rows
// come from running `source_plan`.
List *merge_tasks(Query *merge, int kind, PlannedStmt *source_plan, EState *estate, int *divisor)
{
    RangeTblEntry *target_rte = rt_fetch(kTargetIndex, merge->rtable);
    const DistributedTable *target = metadata::lookup_distributed_table(target_rte->relid);
    const char *relname = get_rel_name(target->relid);
    Query *bound = bind_params(merge, estate->es_param_list_info);
    // now(), current_setting(), ... as the coordinator session sees them, once for all shards.
    bound = reinterpret_cast<Query *>(
        evaluate_node_session_expressions(reinterpret_cast<Node *>(bound), "MERGE", relname));
    // Serial / identity defaults of NOT MATCHED INSERTs (a routed MERGE only, see
    // plan_merge_query) become source columns the coordinator fills in below.
    int source_natts = list_length(rt_fetch(kSourceIndex, bound->rtable)->eref->colnames);
    CoordinatorValues computed;
    if (kind == kMergeRouted)
        computed = prepare_coordinator_values(bound, source_natts);
    else if (has_coordinator_values(bound->mergeActionList))
        elog(ERROR, "pushed down MERGE with values the coordinator computes");
    Node *worker_parts =
        reinterpret_cast<Node *>(list_make2(bound->jointree->quals, bound->mergeActionList));
    if (text_styles_matter(worker_parts))
        ereport(ERROR,
                (errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
                 errmsg("date/time or float values converted to text in MERGE on distributed "
                        "table \"%s\" need DateStyle ISO, YMD, IntervalStyle postgres and "
                        "extra_float_digits above 0",
                        relname),
                 errdetail("The ON condition and the actions run on the worker nodes, whose "
                           "sessions use those settings."),
                 errhint("Convert the values in the USING source instead, or reset the "
                         "settings.")));
    bool hash = target->partition_method == metadata::kDistributeByHash;
    int shard_count = hash ? target->shard_count : 1;
    auto **sources = static_cast<StringInfo *>(palloc0(sizeof(StringInfo) * shard_count));
    Query *source = rt_fetch(kSourceIndex, bound->rtable)->subquery;

    if (kind == kMergePushdown) {
        List *relids = query_relation_oids(reinterpret_cast<Node *>(source), NIL);
        for (int i = 0; i < shard_count; i++) {
            sources[i] = makeStringInfo();
            appendStringInfo(sources[i], "(%s)",
                             deparse_query_for_shards(source, substitutions_for(relids, i),
                                                      list_length(relids)));
        }
        lock_written_shards(target, sources, shard_count);
    } else {
        TupleDesc desc;
        Tuplestorestate *rows = run_select(source_plan, estate, &desc);
        TupleTableSlot *slot = MakeSingleTupleTableSlot(desc, &TTSOpsMinimalTuple);
        int natts = desc->natts;
        if (natts != source_natts)
            elog(ERROR, "MERGE source has %d columns, expected %d", natts, source_natts);
        for (int i = 0; i < natts; i++) {
            Oid type = TupleDescAttr(desc, i)->atttypid;
            if (!type_known_on_workers(type))
                ereport(ERROR, (errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
                                errmsg("a source column of type %s in MERGE on distributed table "
                                       "\"%s\" is not supported",
                                       format_type_be(type), relname),
                                errdetail("The source's rows are sent to the worker nodes, which "
                                          "may not know the type.")));
        }
        bool route = hash && !target->single_shard;
        bool inserts = false;
        ListCell *cell;
        foreach (cell, bound->mergeActionList)
            inserts =
                inserts || static_cast<MergeAction *>(lfirst(cell))->commandType == CMD_INSERT;
        ExprState **unmatched_quals = nullptr;
        ExprContext *econtext = GetPerTupleExprContext(estate);
        // First pass: the shard of every source row, and the rows kept for the second.
        int count = 0;
        int capacity = 64;
        auto *kept = static_cast<MinimalTuple *>(palloc(sizeof(MinimalTuple) * capacity));
        auto *shard_of = static_cast<int *>(palloc(sizeof(int) * capacity));
        while (tuplestore_gettupleslot(rows, true, false, slot)) {
            CHECK_FOR_INTERRUPTS();
            slot_getallattrs(slot);
            int shard_index = 0;
            if (route) {
                Form_pg_attribute attr = TupleDescAttr(desc, natts - 1);
                if (slot->tts_isnull[natts - 1]) {
                    // Matches nothing; only an INSERT could do something with it, which puts
                    // NULL in the distribution column: PostgreSQL's not-null error from any
                    // shard, or Tessera's own. Which NOT MATCHED action takes the row depends
                    // on the source row alone, so it is decided here.
                    if (!inserts)
                        continue;
                    if (unmatched_quals == nullptr)
                        unmatched_quals = init_unmatched_quals(bound->mergeActionList);
                    ResetExprContext(econtext);
                    econtext->ecxt_scantuple = slot;
                    if (!unmatched_row_inserts(bound->mergeActionList, unmatched_quals, econtext))
                        continue;
                    if (!column_not_null(target->relid, target->dist_column))
                        metadata::report_null_distribution_value(target->relid,
                                                                 target->dist_column);
                } else {
                    shard_index = shard_index_for_constant(target, slot->tts_values[natts - 1],
                                                           attr->atttypid, attr->attcollation);
                    if (shard_index < 0)
                        ereport(ERROR, (errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
                                        errmsg("MERGE on distributed table \"%s\" cannot route a "
                                               "source value of type %s",
                                               relname, format_type_be(attr->atttypid))));
                }
            }
            if (count == capacity) {
                capacity *= 2;
                kept = static_cast<MinimalTuple *>(repalloc(kept, sizeof(MinimalTuple) * capacity));
                shard_of = static_cast<int *>(repalloc(shard_of, sizeof(int) * capacity));
            }
            kept[count] = ExecCopySlotMinimalTuple(slot);
            shard_of[count++] = shard_index;
            if (sources[shard_index] == nullptr)
                sources[shard_index] = makeStringInfo();
        }
        tuplestore_end(rows);
        lock_written_shards(target, sources, shard_count);

        // The NOT MATCHED action each row would take if it matched no target row (-1: none
        // that computes values), and which rows do match: only the rows an INSERT with values
        // the coordinator computes inserts take values, in source order, as PostgreSQL takes
        // them only for the rows it inserts.
        int *action_of = nullptr;
        bool *matched = nullptr;
        if (computed.count > 0 && count > 0) {
            if (unmatched_quals == nullptr)
                unmatched_quals = init_unmatched_quals(bound->mergeActionList);
            action_of = static_cast<int *>(palloc(sizeof(int) * count));
            auto *asks = static_cast<bool *>(palloc0(sizeof(bool) * count));
            bool any = false;
            for (int r = 0; r < count; r++) {
                ExecStoreMinimalTuple(kept[r], slot, false);
                ResetExprContext(econtext);
                econtext->ecxt_scantuple = slot;
                int action =
                    unmatched_action_index(bound->mergeActionList, unmatched_quals, econtext);
                action_of[r] = action >= 0 && computed.action_computes[action] ? action : -1;
                asks[r] = action_of[r] >= 0;
                any = any || asks[r];
            }
            if (any)
                matched = rows_matching_target(bound, target, desc, kept, shard_of, asks, count);
        }

        // The computed values, in source order (each row's in its action's column order), in
        // the session's own settings.
        Datum *values = nullptr;
        bool *nulls = nullptr;
        if (matched != nullptr) {
            values = static_cast<Datum *>(palloc0(sizeof(Datum) * count * computed.count));
            nulls = static_cast<bool *>(palloc(sizeof(bool) * count * computed.count));
            for (int r = 0; r < count; r++) {
                CHECK_FOR_INTERRUPTS();
                bool inserted = action_of[r] >= 0 && !matched[r];
                ExecStoreMinimalTuple(kept[r], slot, false);
                ResetExprContext(econtext);
                econtext->ecxt_scantuple = slot;
                for (int k = 0; k < computed.count; k++) {
                    Const *type = computed.null_value[k];
                    int at = r * computed.count + k;
                    nulls[at] = true;
                    if (!inserted || computed.action[k] != action_of[r])
                        continue;
                    Datum value =
                        ExecEvalExprSwitchContext(computed.state[k], econtext, &nulls[at]);
                    if (!nulls[at])
                        values[at] = datumCopy(value, type->constbyval, type->constlen);
                }
            }
        }

        // Second pass: the rows as a VALUES list per shard, with the computed values.
        int level = pg::enter_worker_text_environment();
        for (int r = 0; r < count; r++) {
            CHECK_FOR_INTERRUPTS();
            ExecStoreMinimalTuple(kept[r], slot, false);
            slot_getallattrs(slot);
            StringInfo text = sources[shard_of[r]];
            appendStringInfoString(text, text->len == 0 ? "(VALUES (" : ", (");
            for (int i = 0; i < natts; i++) {
                Form_pg_attribute attr = TupleDescAttr(desc, i);
                Const *value =
                    makeConst(attr->atttypid, attr->atttypmod, attr->attcollation, attr->attlen,
                              slot->tts_values[i], slot->tts_isnull[i], attr->attbyval);
                appendStringInfo(
                    text, "%s%s", i == 0 ? "" : ", ",
                    deparse_expression(reinterpret_cast<Node *>(value), NIL, false, false));
            }
            for (int k = 0; k < computed.count; k++) {
                Const *value = computed.null_value[k];
                if (values != nullptr && !nulls[r * computed.count + k]) {
                    value = static_cast<Const *>(copyObject(value));
                    value->constvalue = values[r * computed.count + k];
                    value->constisnull = false;
                }
                appendStringInfo(
                    text, ", %s",
                    deparse_expression(reinterpret_cast<Node *>(value), NIL, false, false));
            }
            appendStringInfoChar(text, ')');
        }
        pg::leave_worker_text_environment(level);
        ExecDropSingleTupleTableSlot(slot);
        for (int i = 0; i < shard_count; i++)
            if (sources[i] != nullptr)
                appendStringInfoChar(sources[i], ')');
    }

    List *tasks = NIL;
    *divisor = 1;
    for (int i = 0; i < shard_count; i++) {
        if (sources[i] == nullptr)
            continue;
        const metadata::ShardInterval &shard = target->shards[i];
        first_placement(target, i);
        char *sql = merge_statement_text(
            bound, metadata::qualified_shard_name(target->relid, shard.shard_id), sources[i]->data);
        int placements = hash ? 1 : shard.placement_count;
        for (int p = 0; p < placements; p++)
            tasks = lappend(tasks, make_task(shard.placements[p].group_id, sql));
        if (!hash)
            *divisor = Max(shard.placement_count, 1);
    }
    return tasks;
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
