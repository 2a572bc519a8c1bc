// Which distributed tables each query level of a write reads, and how they are joined to each
// other and to the target's rows: the analysis that decides whether a write can run on the
// shards as it is (each shard group sees only its own rows).
#include "tessera/planner/modify_internal.h"
#include "tessera/planner/planner.h"
#include "tessera/planner/query_tree.h"
#include "tessera/planner/shard_pruning.h"

extern "C" {
#include "nodes/nodeFuncs.h"
#include "optimizer/optimizer.h"
#include "parser/parsetree.h"
#include "rewrite/rewriteManip.h"
#include "utils/lsyscache.h"
#include "utils/typcache.h"
}

namespace tessera::planner::modify {

namespace {

// `clause` as an operator with two arguments; nullptr if it is something else.
OpExpr *binary_operator(Node *clause)
{
    if (!IsA(clause, OpExpr) || list_length(reinterpret_cast<OpExpr *>(clause)->args) != 2)
        return nullptr;
    return reinterpret_cast<OpExpr *>(clause);
}

} // namespace

// The root of table `i`'s join component.
int find_component(LevelTable *tables, int i)
{
    while (tables[i].component != i)
        i = tables[i].component = tables[tables[i].component].component;
    return i;
}

// The entry of `tables` whose distribution column `expr` is (through binary relabelling).
int table_for_dist_var(LevelTable *tables, int count, Expr *expr)
{
    Var *var = same_level_var(expr);
    if (var == nullptr)
        return -1;
    for (int i = 0; i < count; i++)
        if (tables[i].varno == static_cast<Index>(var->varno) &&
            tables[i].table->dist_column == var->varattno)
            return i;
    return -1;
}

// Joins the components of tables whose distribution columns are equated by a clause of `quals`.
void connect_by_equalities(LevelTable *tables, int count, List *quals)
{
    // Single-shard tables of one colocation group share their only shard group: they are
    // joined whatever the conditions.
    for (int i = 0; i < count; i++) {
        for (int j = 0; j < i && tables[i].table->single_shard; j++) {
            if (tables[j].table->single_shard &&
                tables[j].table->colocation_id == tables[i].table->colocation_id) {
                tables[find_component(tables, i)].component = find_component(tables, j);
                break;
            }
        }
    }
    ListCell *cell;
    foreach (cell, quals) {
        OpExpr *op = binary_operator(static_cast<Node *>(lfirst(cell)));
        if (op == nullptr)
            continue;
        int left = table_for_dist_var(tables, count, static_cast<Expr *>(linitial(op->args)));
        int right = table_for_dist_var(tables, count, static_cast<Expr *>(lsecond(op->args)));
        if (left < 0 || right < 0 ||
            tables[left].table->dist_type != tables[right].table->dist_type)
            continue;
        if (!is_distribution_equality(tables[left].table, op->opno, op->inputcollid) ||
            !is_distribution_equality(tables[right].table, op->opno, op->inputcollid))
            continue;
        tables[find_component(tables, left)].component = find_component(tables, right);
    }
}

// Joins the components of tables whose distribution columns are each equated, by conditions
// that every row of the result meets (`quals`: WHERE and inner join conditions), to the same
// constant or the same parameter: tenant_id = 3 on both tables pins both to one shard group
// and implies the equality of their distribution columns, as PostgreSQL's equivalence classes
// would derive it.
void connect_by_equal_pins(LevelTable *tables, int count, List *quals)
{
    struct Pin {
        int table;
        Oid opno;
        Node *value;
    };
    auto *pins = static_cast<Pin *>(palloc(sizeof(Pin) * (list_length(quals) + 1)));
    int pin_count = 0;
    ListCell *cell;
    foreach (cell, quals) {
        OpExpr *op = binary_operator(static_cast<Node *>(lfirst(cell)));
        if (op == nullptr)
            continue;
        for (int side = 0; side < 2; side++) {
            int table =
                table_for_dist_var(tables, count, static_cast<Expr *>(list_nth(op->args, side)));
            auto *value = static_cast<Node *>(list_nth(op->args, 1 - side));
            bool pinning =
                (IsA(value, Const) && !reinterpret_cast<Const *>(value)->constisnull) ||
                (IsA(value, Param) && reinterpret_cast<Param *>(value)->paramkind == PARAM_EXTERN);
            if (table < 0 || !pinning ||
                !is_distribution_equality(tables[table].table, op->opno, op->inputcollid))
                continue;
            pins[pin_count++] = Pin{table, op->opno, value};
        }
    }
    for (int i = 0; i < pin_count; i++)
        for (int j = 0; j < i; j++)
            if (pins[i].opno == pins[j].opno &&
                tables[pins[i].table].table->dist_type == tables[pins[j].table].table->dist_type &&
                equal(pins[i].value, pins[j].value))
                tables[find_component(tables, pins[i].table)].component =
                    find_component(tables, pins[j].table);
    pfree(pins);
}

// The hash-distributed tables of one query level (its own range table), checking that every
// relation is distributed or a reference table and that hash tables are colocated with
// `target` (when it is hash-distributed).
LevelTable *level_tables(Query *query, const DistributedTable *target, const char *command,
                         int *count)
{
    auto *tables =
        static_cast<LevelTable *>(palloc0(sizeof(LevelTable) * (list_length(query->rtable) + 1)));
    int n = 0;
    ListCell *cell;
    Index varno = 0;
    foreach (cell, query->rtable) {
        varno++;
        auto *rte = static_cast<RangeTblEntry *>(lfirst(cell));
        if (rte->rtekind != RTE_RELATION)
            continue;
        const DistributedTable *table = metadata::lookup_distributed_table(rte->relid);
        if (table == nullptr)
            ereport(ERROR, (errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
                            errmsg("%s on distributed table \"%s\" cannot read local table \"%s\"",
                                   command, get_rel_name(target->relid), get_rel_name(rte->relid)),
                            errdetail("The statement runs on the worker nodes, which do not have "
                                      "the coordinator's local tables."),
                            errhint("Make the table a reference table with "
                                    "create_reference_table(), or distribute it colocated.")));
        if (table->partition_method != metadata::kDistributeByHash)
            continue;
        if (target->partition_method != metadata::kDistributeByHash)
            ereport(ERROR,
                    (errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
                     errmsg("%s on reference table \"%s\" cannot read distributed table \"%s\"",
                            command, get_rel_name(target->relid), get_rel_name(rte->relid)),
                     errdetail("Every copy of a reference table must receive the same rows, "
                               "but each node holds only some rows of a distributed table.")));
        if (table->colocation_id != target->colocation_id)
            ereport(ERROR,
                    (errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
                     errmsg("%s on distributed table \"%s\" cannot read table \"%s\", which is not "
                            "colocated with it",
                            command, get_rel_name(target->relid), get_rel_name(rte->relid)),
                     errhint("Distribute the tables with colocate_with, or use a reference "
                             "table.")));
        tables[n] = {varno, table, n};
        n++;
    }
    *count = n;
    return tables;
}

// Walker: raises an ERROR at the first hash-distributed table below the top level (in
// subqueries, CTEs or sublinks); checks every relation there like level_tables.
struct NestedContext {
    const DistributedTable *target;
    const char *command;
    bool skip_top_subqueries; // FROM subqueries and WITH of the top level are planned apart
    int depth;
    Query *levels[64]; // the query of every level above (levels[0]: top level)
};

// True if `sublink` (in a top-level expression of the statement) can be evaluated on the
// coordinator before the statement is sent: it does not refer to the statement's rows and is of
// a kind whose result can be replaced by a constant.
bool is_precomputable_sublink(SubLink *sublink)
{
    if (sublink->subLinkType != EXISTS_SUBLINK && sublink->subLinkType != EXPR_SUBLINK &&
        sublink->subLinkType != ANY_SUBLINK && sublink->subLinkType != ALL_SUBLINK &&
        sublink->subLinkType != ARRAY_SUBLINK)
        return false;
    if ((sublink->subLinkType == ANY_SUBLINK || sublink->subLinkType == ALL_SUBLINK) &&
        sublink->testexpr == nullptr)
        return false;
    return !contain_vars_of_level(sublink->subselect, 1);
}

// True if the ANY / ALL `sublink` compares one value with the subquery's single column (its
// result can become an array); otherwise (row comparisons) the subquery becomes a VALUES list.
bool is_single_column_test(SubLink *sublink)
{
    auto *test = reinterpret_cast<Node *>(sublink->testexpr);
    return test != nullptr && IsA(test, OpExpr) &&
           list_length(reinterpret_cast<OpExpr *>(test)->args) == 2 &&
           IsA(lsecond(reinterpret_cast<OpExpr *>(test)->args), Param);
}

// True if `sublink`, in a top-level expression of UPDATE / DELETE `query` on hash-distributed
// `target`, is `target.dist_column [, ...] IN (subquery)` whose subquery yields its complete rows
// per shard group (colocated with the target) and compares its distribution column with the
// target's: every shard group can evaluate it on its own, so it is sent as it is.
bool is_colocated_in_sublink(SubLink *sublink, Query *query, const DistributedTable *target)
{
    if (sublink->subLinkType != ANY_SUBLINK || query->commandType == CMD_INSERT ||
        target->partition_method != metadata::kDistributeByHash || sublink->testexpr == nullptr)
        return false;
    List *relids = NIL;
    const DistributedTable *pseudo =
        shard_local_subquery_table(reinterpret_cast<Query *>(sublink->subselect), &relids);
    if (pseudo == nullptr || pseudo->colocation_id != target->colocation_id ||
        pseudo->dist_type != target->dist_type)
        return false;
    TypeCacheEntry *type = lookup_type_cache(target->dist_type, TYPECACHE_HASH_OPFAMILY);
    if (!OidIsValid(type->hash_opf))
        return false;
    List *tests = add_conjuncts(NIL, sublink->testexpr);
    ListCell *cell;
    foreach (cell, tests) {
        auto *test = static_cast<Node *>(lfirst(cell));
        if (!IsA(test, OpExpr) || list_length(reinterpret_cast<OpExpr *>(test)->args) != 2)
            continue;
        auto *op = reinterpret_cast<OpExpr *>(test);
        if (!is_distribution_equality(target, op->opno, op->inputcollid) ||
            !is_distribution_equality(pseudo, op->opno, op->inputcollid))
            continue;
        for (int side = 0; side < 2; side++) {
            Expr *left = strip_relabel(static_cast<Expr *>(list_nth(op->args, side)));
            Expr *right = strip_relabel(static_cast<Expr *>(list_nth(op->args, 1 - side)));
            if (left == nullptr || right == nullptr || !IsA(left, Var) || !IsA(right, Param))
                continue;
            auto *var = reinterpret_cast<Var *>(left);
            auto *param = reinterpret_cast<Param *>(right);
            if (var->varlevelsup == 0 && var->varno == static_cast<int>(query->resultRelation) &&
                var->varattno == target->dist_column && param->paramkind == PARAM_SUBLINK &&
                param->paramid == pseudo->dist_column)
                return true;
        }
    }
    return false;
}

// True if some hash-distributed table at `level` is equated on its distribution column to the
// distribution column of a hash-distributed table of an enclosing level (a correlated subquery
// joined on the distribution column), for component `component`.
bool anchored_to_outer(NestedContext *context, LevelTable *tables, int count, int component,
                       List *quals)
{
    ListCell *cell;
    foreach (cell, quals) {
        OpExpr *op = binary_operator(static_cast<Node *>(lfirst(cell)));
        if (op == nullptr)
            continue;
        for (int side = 0; side < 2; side++) {
            int inner =
                table_for_dist_var(tables, count, static_cast<Expr *>(list_nth(op->args, side)));
            Expr *other = strip_relabel(static_cast<Expr *>(list_nth(op->args, 1 - side)));
            if (inner < 0 || find_component(tables, inner) != component || other == nullptr ||
                !IsA(other, Var))
                continue;
            auto *var = reinterpret_cast<Var *>(other);
            int up = static_cast<int>(var->varlevelsup);
            if (up < 1 || up > context->depth)
                continue;
            Query *outer = context->levels[context->depth - up];
            if (var->varno < 1 || var->varno > list_length(outer->rtable))
                continue;
            RangeTblEntry *rte = rt_fetch(var->varno, outer->rtable);
            if (rte->rtekind != RTE_RELATION)
                continue;
            const DistributedTable *table = metadata::lookup_distributed_table(rte->relid);
            if (table != nullptr && table->partition_method == metadata::kDistributeByHash &&
                table->colocation_id == tables[inner].table->colocation_id &&
                var->varattno == table->dist_column &&
                table->dist_type == tables[inner].table->dist_type &&
                is_distribution_equality(table, op->opno, op->inputcollid) &&
                is_distribution_equality(tables[inner].table, op->opno, op->inputcollid))
                return true;
        }
    }
    return false;
}

bool nested_tables_walker(Node *node, NestedContext *context)
{
    if (node == nullptr)
        return false;
    if (IsA(node, SubLink) && context->depth == 1 && context->skip_top_subqueries &&
        is_colocated_in_sublink(reinterpret_cast<SubLink *>(node), context->levels[0],
                                context->target)) {
        // Sent as it is: its subquery was checked whole (shard_local_subquery_table).
        auto *sublink = reinterpret_cast<SubLink *>(node);
        return expression_tree_walker(sublink->testexpr, TESSERA_WALKER(nested_tables_walker),
                                      context);
    }
    if (IsA(node, SubLink) && context->depth == 1 &&
        is_precomputable_sublink(reinterpret_cast<SubLink *>(node))) {
        // Evaluated on the coordinator at execution (see precompute_sublinks); only its
        // relations are checked here.
        auto *sublink = reinterpret_cast<SubLink *>(node);
        return expression_tree_walker(sublink->testexpr, TESSERA_WALKER(nested_tables_walker),
                                      context);
    }
    if (IsA(node, Query)) {
        auto *query = reinterpret_cast<Query *>(node);
        if (context->depth > 0) {
            if (query->commandType != CMD_SELECT)
                ereport(ERROR, (errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
                                errmsg("data-modifying subqueries are not supported in writes to "
                                       "distributed tables")));
            int count = 0;
            LevelTable *tables = level_tables(query, context->target, context->command, &count);
            List *quals = all_join_quals(reinterpret_cast<Node *>(query->jointree), NIL);
            connect_by_equalities(tables, count, quals);
            for (int i = 0; i < count; i++) {
                // level_tables keeps only tables of the target's group: a single-shard group
                // is whole on one node, any subquery over it can run there.
                if (context->target->single_shard)
                    continue;
                if (anchored_to_outer(context, tables, count, find_component(tables, i), quals))
                    continue;
                ereport(ERROR,
                        (errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
                         errmsg("%s on distributed table \"%s\" cannot use distributed table "
                                "\"%s\" in this subquery",
                                context->command, get_rel_name(context->target->relid),
                                get_rel_name(tables[i].table->relid)),
                         errdetail("A subquery on a distributed table must either be independent "
                                   "of the modified rows or be joined to them on the "
                                   "distribution column."),
                         errhint("Join the table in the FROM / USING list on the distribution "
                                 "column instead, or use a reference table.")));
            }
        }
        if (context->depth >= 63)
            ereport(ERROR, (errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
                            errmsg("subqueries nested too deeply")));
        context->levels[context->depth] = query;
        int flags = context->depth == 0 && context->skip_top_subqueries
                        ? QTW_IGNORE_RT_SUBQUERIES | QTW_IGNORE_CTE_SUBQUERIES
                        : 0;
        context->depth++;
        bool result =
            query_tree_walker(query, TESSERA_WALKER(nested_tables_walker), context, flags);
        context->depth--;
        return result;
    }
    return expression_tree_walker(node, TESSERA_WALKER(nested_tables_walker), context);
}

// With `skip_top_subqueries`, the top level's FROM subqueries and WITH queries are not checked:
// plan_from_subqueries has made each of them shard-local, reference-only or computed on the
// coordinator first.
void check_nested_levels(Query *query, const DistributedTable *target, const char *command,
                         bool skip_top_subqueries)
{
    NestedContext context{};
    context.target = target;
    context.command = command;
    context.skip_top_subqueries = skip_top_subqueries;
    nested_tables_walker(reinterpret_cast<Node *>(query), &context);
}

// Checks that every hash table of `query`'s top level is joined (through equalities of
// distribution columns, directly or transitively) to the table at `anchor_varno`.
void check_joined_to(Query *query, LevelTable *tables, int count, Index anchor_varno,
                     const DistributedTable *target, const char *command)
{
    connect_by_equalities(tables, count,
                          all_join_quals(reinterpret_cast<Node *>(query->jointree), NIL));
    connect_by_equal_pins(tables, count,
                          restricting_quals(reinterpret_cast<Node *>(query->jointree), NIL));
    int anchor = -1;
    for (int i = 0; i < count; i++)
        if (tables[i].varno == anchor_varno)
            anchor = i;
    for (int i = 0; i < count; i++) {
        if (anchor >= 0 && find_component(tables, i) == find_component(tables, anchor))
            continue;
        ereport(ERROR,
                (errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
                 errmsg("%s on distributed table \"%s\" must join distributed table \"%s\" on the "
                        "distribution column",
                        command, get_rel_name(target->relid), get_rel_name(tables[i].table->relid)),
                 errdetail("Only rows in the same shard group can be joined on the worker nodes."),
                 errhint("Add an equality between the distribution columns of the tables.")));
    }
}

// True if `node` contains a SubLink.
bool contains_sublink(Node *node)
{
    return checkExprHasSubLink(node);
}

} // namespace tessera::planner::modify
