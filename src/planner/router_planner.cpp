// The router planner: a query whose distributed tables are all pinned to one shard group (by
// equalities on their distribution columns, directly or through joins on them), or that reads
// only reference tables, runs whole on the one worker that holds that shard group.
#include "tessera/executor/distributed_scan.h"
#include "tessera/executor/tenant_stats.h"
#include "tessera/metadata/distributed_table.h"
#include "tessera/planner/deparse.h"
#include "tessera/planner/key_lookup.h"
#include "tessera/planner/modify_internal.h"
#include "tessera/planner/planner.h"
#include "tessera/planner/query_tree.h"
#include "tessera/planner/shard_pruning.h"
#include "tessera/planner/single_scan_plan.h"
#include "tessera/settings.h"

extern "C" {
#include "access/sysattr.h"
#include "access/transam.h"
#include "catalog/pg_proc_d.h"
#include "nodes/makefuncs.h"
#include "nodes/nodeFuncs.h"
#include "optimizer/optimizer.h"
#include "optimizer/prep.h"
#include "parser/parsetree.h"
#include "utils/datum.h"
#include "utils/lsyscache.h"
#include "utils/typcache.h"
}

namespace tessera::planner {

namespace {

// What the analysis learned about the whole query.
struct RouterAnalysis {
    bool routable;
    bool has_hash_table;
    int32 colocation_id;
    int shard_index;   // the shard group pinned by constants, -1 if none yet
    int param_id;      // the parameter pinning the shard group, 0 if none
    bool has_params;   // the query uses external parameters anywhere
    bool has_null_pin; // some level compares the distribution column with NULL: no rows
    List *relids;      // distributed and reference tables, each once (Oids)
    const metadata::DistributedTable *first_table;
    // The constant pinning the shard group (the tenant for citus_stat_tenants), and whether
    // another pin holds a different value of the same shard group (several tenants).
    Const *pin_value;
    bool pins_differ;
};

// A hash-distributed table at one range-table index of one query level, and its pin.
struct LevelTable {
    Index varno;
    const metadata::DistributedTable *table;
    bool pinned;
};

// Records a pin of the shard group by `value` (a Const or an external Param).
void add_pin(RouterAnalysis *analysis, const metadata::DistributedTable *table, Expr *value)
{
    if (IsA(value, Param)) {
        int id = reinterpret_cast<Param *>(value)->paramid;
        if (analysis->param_id != 0 && analysis->param_id != id)
            analysis->routable = false;
        analysis->param_id = id;
        return;
    }
    auto *constant = reinterpret_cast<Const *>(value);
    if (constant->constisnull) {
        // "column = NULL" is never true: that level returns no rows on any shard group.
        analysis->has_null_pin = true;
        return;
    }
    int index = shard_index_for_constant(table, constant->constvalue, constant->consttype,
                                         constant->constcollid);
    if (index < 0 || (analysis->shard_index >= 0 && analysis->shard_index != index))
        analysis->routable = false;
    analysis->shard_index = index;
    if (analysis->pin_value == nullptr)
        analysis->pin_value = constant;
    else if (!analysis->pins_differ && !equal(analysis->pin_value, constant))
        analysis->pins_differ = true; // rare (joins pinned twice): compared in full
}

// The entry of `tables` for range-table index `varno` holding `var`'s distribution column.
LevelTable *table_for_var(LevelTable *tables, int count, Expr *expr)
{
    Var *var = same_level_var(expr);
    if (var == nullptr)
        return nullptr;
    for (int i = 0; i < count; i++)
        if (tables[i].varno == static_cast<Index>(var->varno) &&
            tables[i].table->dist_column == var->varattno)
            return &tables[i];
    return nullptr;
}

// True if the conjunction `qual`, constant-folded, holds a constant false or NULL conjunct.
bool has_false_conjunct(Node *qual)
{
    if (qual == nullptr)
        return false;
    List *conjuncts = add_conjuncts(NIL, eval_const_expressions(nullptr, copyObject(qual)));
    ListCell *cell;
    foreach (cell, conjuncts) {
        auto *constant = static_cast<Node *>(lfirst(cell));
        if (IsA(constant, Const) &&
            (reinterpret_cast<Const *>(constant)->constisnull ||
             !DatumGetBool(reinterpret_cast<Const *>(constant)->constvalue)))
            return true;
    }
    return false;
}

// Pins the tables of every part of join tree `node` that a constant false or NULL condition
// (e.g. id = NULL folded) empties on every shard group: any shard group will do for them. Such
// a condition in WHERE empties the whole level, but one in an inner join below the nullable
// side of an outer join empties only that join: the preserved side's rows still count.
void pin_emptied_tables(RouterAnalysis *analysis, LevelTable *tables, int count, Node *node)
{
    if (node == nullptr)
        return;
    Node *quals = nullptr;
    if (IsA(node, FromExpr)) {
        auto *from = reinterpret_cast<FromExpr *>(node);
        ListCell *cell;
        foreach (cell, from->fromlist)
            pin_emptied_tables(analysis, tables, count, static_cast<Node *>(lfirst(cell)));
        quals = from->quals;
    } else if (IsA(node, JoinExpr)) {
        auto *join = reinterpret_cast<JoinExpr *>(node);
        pin_emptied_tables(analysis, tables, count, join->larg);
        pin_emptied_tables(analysis, tables, count, join->rarg);
        if (join->jointype == JOIN_INNER)
            quals = join->quals; // an outer join's condition removes no rows of its own
    }
    if (!has_false_conjunct(quals))
        return;
    analysis->has_null_pin = true;
    Relids emptied = get_relids_in_jointree(node, false);
    for (int i = 0; i < count; i++)
        if (bms_is_member(static_cast<int>(tables[i].varno), emptied))
            tables[i].pinned = true;
}

// Pins this level's hash-distributed tables: by equalities with constants or parameters
// (directly or through a reference-table column pinned to them), and through equi-joins of
// distribution columns, until nothing changes. Tables already pinned (by pin_emptied_tables)
// stay as they are.
void pin_level_tables(RouterAnalysis *analysis, LevelTable *tables, int count, List *rtable,
                      List *quals)
{
    // Fold constant expressions (id = 2 + 3, casts of literals) so they pin like constants, and
    // restate pins of reference-table columns on the distribution columns equated with them.
    quals = with_reference_table_pins(rtable, quals);
    bool changed = true;
    while (changed && analysis->routable) {
        changed = false;
        ListCell *cell;
        foreach (cell, quals) {
            auto *clause = static_cast<Expr *>(lfirst(cell));
            for (int i = 0; i < count; i++) {
                if (tables[i].pinned)
                    continue;
                Expr *value = distribution_equality_value(tables[i].table, tables[i].varno, clause);
                if (value != nullptr) {
                    add_pin(analysis, tables[i].table, value);
                    tables[i].pinned = true;
                    changed = true;
                }
            }
            if (!IsA(clause, OpExpr) || list_length(reinterpret_cast<OpExpr *>(clause)->args) != 2)
                continue;
            auto *op = reinterpret_cast<OpExpr *>(clause);
            LevelTable *left =
                table_for_var(tables, count, static_cast<Expr *>(linitial(op->args)));
            LevelTable *right =
                table_for_var(tables, count, static_cast<Expr *>(lsecond(op->args)));
            if (left == nullptr || right == nullptr || left->pinned == right->pinned ||
                left->table->dist_type != right->table->dist_type ||
                !is_distribution_equality(left->table, op->opno, op->inputcollid) ||
                !is_distribution_equality(right->table, op->opno, op->inputcollid))
                continue;
            left->pinned = right->pinned = true;
            changed = true;
        }
    }
    for (int i = 0; i < count; i++)
        if (!tables[i].pinned)
            analysis->routable = false;
}

// Checks one query level: its range table and the pins of its distributed tables.
void analyze_level(RouterAnalysis *analysis, Query *query)
{
    if (query->commandType != CMD_SELECT || query->hasModifyingCTE)
        analysis->routable = false;
    int count = 0;
    auto *tables =
        static_cast<LevelTable *>(palloc0(sizeof(LevelTable) * (list_length(query->rtable) + 1)));
    ListCell *cell;
    Index varno = 0;
    foreach (cell, query->rtable) {
        varno++;
        auto *rte = static_cast<RangeTblEntry *>(lfirst(cell));
        if (rte->rtekind == RTE_NAMEDTUPLESTORE) {
            analysis->routable = false;
            continue;
        }
        if (rte->rtekind != RTE_RELATION)
            continue;
        const metadata::DistributedTable *table = metadata::lookup_distributed_table(rte->relid);
        if (table == nullptr) {
            analysis->routable = false; // a local table: the worker does not have it
            continue;
        }
        analysis->relids = list_append_unique_oid(analysis->relids, rte->relid);
        if (analysis->first_table == nullptr)
            analysis->first_table = table;
        if (table->partition_method != metadata::kDistributeByHash)
            continue;
        if (analysis->has_hash_table && analysis->colocation_id != table->colocation_id)
            analysis->routable = false;
        analysis->has_hash_table = true;
        analysis->colocation_id = table->colocation_id;
        if (table->single_shard) {
            // Its group has one shard group: the table is pinned to it whatever the conditions.
            if (analysis->shard_index > 0)
                analysis->routable = false;
            analysis->shard_index = 0;
            continue;
        }
        tables[count++] = {varno, table, false};
    }
    if (count > 0) {
        pin_emptied_tables(analysis, tables, count, reinterpret_cast<Node *>(query->jointree));
        pin_level_tables(analysis, tables, count, query->rtable,
                         restricting_quals(reinterpret_cast<Node *>(query->jointree), NIL));
    }
}

// Walks every query level (subqueries, CTEs, sublinks) and every expression: analyses levels,
// notes parameters, and rejects what a worker cannot evaluate identically.
bool analysis_walker(Node *node, RouterAnalysis *analysis)
{
    if (node == nullptr || !analysis->routable)
        return false;
    if (IsA(node, Query)) {
        auto *query = reinterpret_cast<Query *>(node);
        // The rewriter turned SEARCH / CYCLE into columns of the CTE's query but left the
        // clause, which ruleutils prints again: the worker would add the columns twice.
        ListCell *cte_cell;
        foreach (cte_cell, query->cteList) {
            auto *cte = static_cast<CommonTableExpr *>(lfirst(cte_cell));
            if (cte->search_clause != nullptr || cte->cycle_clause != nullptr)
                analysis->routable = false;
        }
        analyze_level(analysis, query);
        return query_tree_walker(query, TESSERA_WALKER(analysis_walker), analysis, 0);
    }
    if (IsA(node, Param)) {
        auto *param = reinterpret_cast<Param *>(node);
        if (param->paramkind == PARAM_EXTERN) {
            analysis->has_params = true;
            // Its value is bound as a constant of its type at execution, and constants of types
            // the workers lack are never routed (below): such a parameter would fail every
            // execution instead of being planned over relation scans now.
            if (!type_known_on_workers(param->paramtype))
                analysis->routable = false;
        }
    } else if (IsA(node, Const)) {
        if (!type_known_on_workers(reinterpret_cast<Const *>(node)->consttype))
            analysis->routable = false;
    } else if (IsA(node, NextValueExpr) || depends_on_text_style(node) ||
               depends_on_node_session(node)) {
        analysis->routable = false;
    } else if (IsA(node, Var) &&
               reinterpret_cast<Var *>(node)->varattno == TableOidAttributeNumber) {
        analysis->routable = false; // a worker would answer with its shard's oid
    } else if (makes_table_row(node)) {
        analysis->routable = false;
    }
    if (calls_coordinator_function(node))
        analysis->routable = false;
    return expression_tree_walker(node, TESSERA_WALKER(analysis_walker), analysis);
}

// Analyses the whole query.
RouterAnalysis analyze_query(Query *query)
{
    RouterAnalysis analysis{};
    analysis.routable = true;
    analysis.shard_index = -1;
    analysis_walker(reinterpret_cast<Node *>(query), &analysis);
    if (analysis.relids == NIL)
        analysis.routable = false;
    // The worker's rows come back as text, read with the result columns' input functions:
    // anonymous records (a subquery's whole row) and arrays of them cannot be read back.
    ListCell *cell;
    foreach (cell, query->targetList) {
        Oid type =
            exprType(reinterpret_cast<Node *>(static_cast<TargetEntry *>(lfirst(cell))->expr));
        Oid element = get_element_type(type);
        if (get_typtype(OidIsValid(element) ? element : type) == TYPTYPE_PSEUDO)
            analysis.routable = false;
    }
    if (analysis.has_hash_table && analysis.shard_index < 0 && analysis.param_id == 0) {
        if (analysis.has_null_pin)
            analysis.shard_index = 0; // every pin is NULL: any one shard group gives no rows
        else
            analysis.routable = false;
    }
    if (analysis.shard_index >= 0 && analysis.param_id != 0)
        analysis.routable = false; // cannot tell at planning time whether they agree
    return analysis;
}

// For a query over reference tables only: the other groups (besides `chosen`) that hold a copy of
// every one of them, where the query can run if `chosen`'s node is down.
List *groups_holding_all(List *relids, int32 chosen)
{
    const metadata::DistributedTable *first =
        metadata::lookup_distributed_table(list_nth_oid(relids, 0));
    List *groups = NIL;
    for (int p = 0; p < first->shards[0].placement_count; p++) {
        int32 group = first->shards[0].placements[p].group_id;
        bool everywhere = group != chosen;
        ListCell *cell;
        foreach (cell, relids) {
            const metadata::DistributedTable *table =
                metadata::lookup_distributed_table(lfirst_oid(cell));
            bool found = false;
            for (int q = 0; q < table->shards[0].placement_count && !found; q++)
                found = table->shards[0].placements[q].group_id == group;
            everywhere = everywhere && found;
        }
        if (everywhere)
            groups = lappend_int(groups, group);
    }
    return groups;
}

// The task for a fully pinned (parameter-free) analysed query.
executor::Task *build_task(Query *query, const RouterAnalysis &analysis)
{
    int count = list_length(analysis.relids);
    auto *substitutions =
        static_cast<ShardSubstitution *>(palloc(sizeof(ShardSubstitution) * (count + 1)));
    int32 group_id = -1;
    const metadata::DistributedTable *routed = nullptr; // a hash table fixing the node
    for (int i = 0; i < count; i++) {
        Oid relid = list_nth_oid(analysis.relids, i);
        const metadata::DistributedTable *table = metadata::lookup_distributed_table(relid);
        bool hash = table->partition_method == metadata::kDistributeByHash;
        if (hash)
            routed = table;
        const metadata::ShardInterval &shard = table->shards[hash ? analysis.shard_index : 0];
        if (shard.placement_count < 1)
            ereport(ERROR, (errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
                            errmsg("shard %lld of table \"%s\" has no placement",
                                   (long long)shard.shard_id, get_rel_name(relid))));
        substitutions[i] = {relid, shard.shard_id};
        if (hash || group_id < 0)
            group_id = hash ? shard.placements[0].group_id
                            : (group_id < 0 ? shard.placements[0].group_id : group_id);
    }
    auto *task = static_cast<executor::Task *>(palloc0(sizeof(executor::Task)));
    task->group_id = group_id;
    executor::route_task_to_shard(task, routed, analysis.shard_index);
    // A lookup by a unique key goes out with the key as parameters, so the worker reuses one
    // prepared statement for every key value.
    KeyParameters key;
    Query *keyed = parameterize_unique_key_lookup(query, &key);
    task->sql = deparse_query_for_shards(keyed != nullptr ? keyed : query, substitutions, count);
    if (keyed != nullptr) {
        task->param_count = key.count;
        task->param_types = key.types;
        task->param_values = key.values;
        task->params_are_constants = true;
    }
    if (!analysis.has_hash_table)
        task->fallback_groups = groups_holding_all(analysis.relids, group_id);
    // Row locks are held until the transaction ends when a distributed table pins the query. A
    // query of reference tables alone locks its one copy's rows in the worker's own statement
    // (foreign key checks of coordinator tables referencing a reference table send such reads
    // while the statement keeps the transaction's connection busy), and holds them as
    // coordinator locks that every write to a reference table takes first.
    task->locks_rows = analysis.has_hash_table && query_locks_rows(query);
    if (!analysis.has_hash_table)
        task->reference_locks = modify::reference_read_locks(query);
    // The tenant: one value pins the hash-distributed tables (none for single-shard tables,
    // which have no distribution column, or when only NULL pins them).
    if (analysis.has_hash_table && analysis.pin_value != nullptr && !analysis.pins_differ &&
        !analysis.has_null_pin) {
        task->tenant_value = analysis.pin_value;
        task->tenant_colocation_id = analysis.colocation_id;
    }
    return task;
}

// Positions in the template description stored with a kTemplate scan.
enum TemplateField { kTextField = 0, kSplicesField, kPinParamField, kRelidsField, kLocksRowsField };

// The substitutions placing every table of `relids` (a List of Integer) at shard group `index`.
ShardSubstitution *substitutions_at(List *relids, int index, int32 *group_id)
{
    int count = list_length(relids);
    auto *substitutions =
        static_cast<ShardSubstitution *>(palloc(sizeof(ShardSubstitution) * (count + 1)));
    *group_id = -1;
    for (int i = 0; i < count; i++) {
        auto relid = static_cast<Oid>(intVal(list_nth(relids, i)));
        const metadata::DistributedTable *table = metadata::lookup_distributed_table(relid);
        if (table == nullptr)
            ereport(ERROR, (errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
                            errmsg("table %u is no longer distributed", relid)));
        bool hash = table->partition_method == metadata::kDistributeByHash;
        const metadata::ShardInterval &shard = table->shards[hash ? index : 0];
        if (shard.placement_count < 1)
            ereport(ERROR, (errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
                            errmsg("shard %lld of table \"%s\" has no placement",
                                   (long long)shard.shard_id, get_rel_name(relid))));
        substitutions[i] = {relid, shard.shard_id};
        if (hash || *group_id < 0)
            *group_id = shard.placements[0].group_id;
    }
    return substitutions;
}

// The template of a router query pinned by parameter `param_id`: deparsed once, shard names
// spliced in per execution.
List *make_template(Query *query, const RouterAnalysis &analysis)
{
    int count = list_length(analysis.relids);
    List *relids = NIL;
    auto *substitutions =
        static_cast<ShardSubstitution *>(palloc(sizeof(ShardSubstitution) * (count + 1)));
    for (int i = 0; i < count; i++) {
        Oid relid = list_nth_oid(analysis.relids, i);
        relids = lappend(relids, makeInteger(static_cast<int>(relid)));
        substitutions[i] = {relid, 0};
    }
    List *splices = NIL;
    char *text = deparse_query_template(query, substitutions, count, &splices);
    // Whether it locks rows is known now: checked once, not at every execution.
    return list_make5(makeString(text), splices, makeInteger(analysis.param_id), relids,
                      makeBoolean(query_locks_rows(query)));
}

// The task of a templated router query for this execution's parameter values; nullptr when a
// parameter's type is not built in (the caller then binds and deparses instead).
executor::Task *plan_template_task(List *template_info, ParamListInfo params)
{
    int count = 0;
    Oid *types = nullptr;
    char **values = nullptr;
    if (!params_as_text(params, &count, &types, &values))
        return nullptr;
    int pin_param = intVal(list_nth(template_info, kPinParamField));
    if (pin_param < 1 || pin_param > count)
        return nullptr;
    ParamExternData workspace;
    ParamExternData *pin = params->paramFetch != nullptr
                               ? params->paramFetch(params, pin_param, false, &workspace)
                               : &params->params[pin_param - 1];
    Datum pin_value = pin->value;
    bool pin_null = pin->isnull;
    Oid pin_type = pin->ptype;
    List *relids = static_cast<List *>(list_nth(template_info, kRelidsField));
    const metadata::DistributedTable *anchor = nullptr;
    ListCell *cell;
    foreach (cell, relids) {
        const metadata::DistributedTable *table =
            metadata::lookup_distributed_table(static_cast<Oid>(intVal(lfirst(cell))));
        if (table != nullptr && table->partition_method == metadata::kDistributeByHash) {
            anchor = table;
            break;
        }
    }
    if (anchor == nullptr || !OidIsValid(pin_type))
        return nullptr;
    // "column = NULL" matches nothing anywhere: any shard group answers.
    int index = pin_null ? 0 : shard_index_for_constant(anchor, pin_value, pin_type, InvalidOid);
    if (index < 0)
        return nullptr;
    int32 group_id;
    ShardSubstitution *substitutions = substitutions_at(relids, index, &group_id);
    auto *task = static_cast<executor::Task *>(palloc0(sizeof(executor::Task)));
    task->group_id = group_id;
    executor::route_task_to_shard(task, anchor, index);
    task->sql =
        instantiate_query_template(strVal(list_nth(template_info, kTextField)),
                                   static_cast<List *>(list_nth(template_info, kSplicesField)),
                                   substitutions, list_length(relids));
    task->param_count = count;
    task->param_types = types;
    task->param_values = values;
    // The tenant (only with tenant monitoring on: this runs at every execution).
    if (executor::tenant_stats_enabled() && !pin_null) {
        int16 length;
        bool by_value;
        get_typlenbyval(pin_type, &length, &by_value);
        task->tenant_value =
            makeConst(pin_type, -1, InvalidOid, length, pin_value, false, by_value);
        task->tenant_colocation_id = anchor->colocation_id;
    }
    return task;
}

// Plans the task of a deferred router query with the parameter values of this execution: from
// the template when there is one (and every parameter has a built-in type, so its OID means the
// same on the workers), else by binding the values into the query and deparsing it.
executor::Task *plan_deferred_task(Query *query, List *template_info, ParamListInfo params)
{
    if (template_info != NIL && params != nullptr) {
        executor::Task *task = plan_template_task(template_info, params);
        if (task != nullptr) {
            task->locks_rows = boolVal(list_nth(template_info, kLocksRowsField));
            return task;
        }
    }
    Query *bound = bind_params(query, params);
    RouterAnalysis analysis = analyze_query(bound);
    if (!analysis.routable || analysis.has_params)
        ereport(ERROR, (errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
                        errmsg("could not route the query to a single shard group"),
                        errdetail("A parameter value pins the distribution column to NULL or to "
                                  "a value whose shard cannot be found.")));
    return build_task(bound, analysis);
}

} // namespace

PlannedStmt *plan_router_query(Query *query, int cursor_options)
{
    if (!tessera_enable_router_planner || query->commandType != CMD_SELECT)
        return nullptr;
    // Cursors that scroll backwards need a plan that can run in reverse: leave those to the
    // general planner (which adds a Material node).
    if (cursor_options & CURSOR_OPT_SCROLL)
        return nullptr;
    // Security quals of row-level security are not part of the deparsed SQL: those the shards
    // do not enforce (planner_hook.cpp strips the others) are applied by the coordinator's plan.
    if (has_row_security(query))
        return nullptr;
    RouterAnalysis analysis = analyze_query(query);
    if (!analysis.routable)
        return nullptr;
    CustomScan *scan;
    if (analysis.has_params && analysis.param_id > 0 && analysis.shard_index < 0)
        scan = executor::make_distributed_scan(executor::TaskSource::kTemplate, NIL, NIL,
                                               static_cast<Query *>(copyObject(query)),
                                               make_template(query, analysis));
    else if (analysis.has_params)
        scan = executor::make_distributed_scan(executor::TaskSource::kDeferred, NIL, NIL,
                                               static_cast<Query *>(copyObject(query)));
    else
        scan = executor::make_distributed_scan(
            executor::TaskSource::kStatic, list_make1(build_task(query, analysis)), NIL, nullptr);
    return make_single_scan_plan(query, scan, query->targetList);
}

void install_deferred_router()
{
    executor::set_deferred_task_planner(plan_deferred_task);
    executor::set_param_inliner(inline_key_parameters);
    executor::set_reference_locker(modify::take_reference_read_locks);
}

} // namespace tessera::planner
