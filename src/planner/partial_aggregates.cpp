// Splitting aggregates between workers and coordinator.
#include "tessera/planner/partial_aggregates.h"

extern "C" {
#include "access/transam.h"
#include "catalog/pg_aggregate_d.h"
#include "catalog/pg_type_d.h"
#include "nodes/makefuncs.h"
#include "nodes/nodeFuncs.h"
#include "parser/parse_clause.h"
#include "parser/parse_coerce.h"
#include "parser/parse_collate.h"
#include "parser/parse_func.h"
#include "parser/parse_oper.h"
#include "utils/lsyscache.h"
}

namespace tessera::planner {

Var *add_worker_column(AggregateSplit *context, Expr *expr, const char *name);

namespace {

// A partial aggregate kind this planner can split, by the aggregate's name and argument type.
enum class PartialKind {
    kNone,
    kCount,
    kSum,
    kMinMax,
    kAvg,
    kBoolAnd,
    kBoolOr,
    kFloatState,     // avg/stddev/variance over floats: float8_accum states (sql/210_...)
    kIntAvgState,    // avg over int2/int4: int8[] states
    kDistinctValues, // agg(DISTINCT x): workers group by x, the coordinator aggregates
};

// The one non-constant argument of a DISTINCT aggregate whose other arguments are constants
// (string_agg(DISTINCT x, ',')), or nullptr.
TargetEntry *distinct_argument(Aggref *aggref)
{
    TargetEntry *found = nullptr;
    ListCell *cell;
    foreach (cell, aggref->args) {
        auto *entry = static_cast<TargetEntry *>(lfirst(cell));
        if (IsA(entry->expr, Const))
            continue;
        if (found != nullptr)
            return nullptr;
        found = entry;
    }
    return found;
}

// The coordinator-side combine aggregate (in schema tessera) finishing a float state as
// aggregate `name` does; nullptr if `name` is not of the avg/stddev/variance family.
const char *float_state_combiner(const char *name)
{
    static const char *const pairs[][2] = {{"avg", "combine_float_avg"},
                                           {"stddev", "combine_float_stddev_samp"},
                                           {"stddev_samp", "combine_float_stddev_samp"},
                                           {"stddev_pop", "combine_float_stddev_pop"},
                                           {"variance", "combine_float_var_samp"},
                                           {"var_samp", "combine_float_var_samp"},
                                           {"var_pop", "combine_float_var_pop"}};
    for (const auto &pair : pairs)
        if (strcmp(name, pair[0]) == 0)
            return pair[1];
    return nullptr;
}

PartialKind partial_kind(Aggref *aggref)
{
    if (aggref->aggdistinct != NIL) {
        // DISTINCT makes duplicates across workers harmless: each returns the distinct values.
        if (aggref->aggorder == NIL && aggref->aggfilter == nullptr &&
            aggref->aggkind == AGGKIND_NORMAL && !aggref->aggvariadic &&
            aggref->aggdirectargs == NIL && aggref->aggfnoid < FirstNormalObjectId &&
            distinct_argument(aggref) != nullptr)
            return PartialKind::kDistinctValues;
        return PartialKind::kNone;
    }
    if (aggref->aggorder != NIL || aggref->aggdirectargs != NIL ||
        aggref->aggkind != AGGKIND_NORMAL || aggref->aggvariadic ||
        aggref->aggfnoid >= FirstNormalObjectId)
        return PartialKind::kNone;
    const char *name = get_func_name(aggref->aggfnoid);
    if (strcmp(name, "count") == 0)
        return PartialKind::kCount;
    if (list_length(aggref->args) != 1)
        return PartialKind::kNone;
    Oid type = exprType(
        reinterpret_cast<Node *>(static_cast<TargetEntry *>(linitial(aggref->args))->expr));
    bool numeric_input = type == INT2OID || type == INT4OID || type == INT8OID ||
                         type == NUMERICOID || type == FLOAT4OID || type == FLOAT8OID;
    if ((type == FLOAT4OID || type == FLOAT8OID) && float_state_combiner(name) != nullptr)
        return PartialKind::kFloatState;
    if ((type == INT2OID || type == INT4OID) && strcmp(name, "avg") == 0)
        return PartialKind::kIntAvgState;
    if (strcmp(name, "sum") == 0 && (numeric_input || type == INTERVALOID || type == MONEYOID))
        return PartialKind::kSum;
    if (strcmp(name, "min") == 0 || strcmp(name, "max") == 0)
        return PartialKind::kMinMax;
    if (strcmp(name, "avg") == 0 && numeric_input)
        return PartialKind::kAvg;
    if (strcmp(name, "bool_and") == 0 || strcmp(name, "every") == 0)
        return PartialKind::kBoolAnd;
    if (strcmp(name, "bool_or") == 0)
        return PartialKind::kBoolOr;
    return PartialKind::kNone;
}

// Builds aggregate `name`(arg) as the parser would, collations included; `schema` qualifies
// the name when given.
Node *make_aggregate(AggregateSplit *context, const char *name, Node *arg,
                     const char *schema = nullptr)
{
    List *qualified = schema != nullptr
                          ? list_make2(makeString(pstrdup(schema)), makeString(pstrdup(name)))
                          : list_make1(makeString(pstrdup(name)));
    FuncCall *call = makeFuncCall(qualified, list_make1(arg), COERCE_EXPLICIT_CALL, -1);
    Node *aggregate = ParseFuncOrColumn(context->pstate, call->funcname, list_make1(arg), nullptr,
                                        call, false, -1);
    assign_expr_collations(context->pstate, aggregate);
    return aggregate;
}

// Casts `expr` to `type` as an explicit cast would.
Node *cast_to(AggregateSplit *context, Node *expr, Oid type, int32 typmod)
{
    if (exprType(expr) == type)
        return expr;
    Node *cast = coerce_to_target_type(context->pstate, expr, exprType(expr), type, typmod,
                                       COERCION_EXPLICIT, COERCE_EXPLICIT_CAST, -1);
    if (cast == nullptr)
        context->failed = true;
    return cast != nullptr ? cast : expr;
}

// The coordinator expression combining the partial results of `aggref`.
Node *combine_aggregate(AggregateSplit *context, Aggref *aggref)
{
    PartialKind kind = partial_kind(aggref);
    const char *name = get_func_name(aggref->aggfnoid);
    switch (kind) {
    case PartialKind::kCount: {
        Var *partial =
            add_worker_column(context, reinterpret_cast<Expr *>(copyObject(aggref)), nullptr);
        Node *sum = make_aggregate(context, "sum", reinterpret_cast<Node *>(partial));
        CoalesceExpr *coalesce = makeNode(CoalesceExpr);
        Node *total = cast_to(context, sum, INT8OID, -1);
        coalesce->coalescetype = INT8OID;
        coalesce->args = list_make2(
            total, makeConst(INT8OID, -1, InvalidOid, 8, Int64GetDatum(0), false, FLOAT8PASSBYVAL));
        coalesce->location = -1;
        return reinterpret_cast<Node *>(coalesce);
    }
    case PartialKind::kSum:
    case PartialKind::kMinMax:
    case PartialKind::kBoolAnd:
    case PartialKind::kBoolOr: {
        Var *partial =
            add_worker_column(context, reinterpret_cast<Expr *>(copyObject(aggref)), nullptr);
        const char *combine = kind == PartialKind::kSum       ? "sum"
                              : kind == PartialKind::kBoolAnd ? "bool_and"
                              : kind == PartialKind::kBoolOr  ? "bool_or"
                                                              : name;
        Node *result = make_aggregate(context, combine, reinterpret_cast<Node *>(partial));
        return cast_to(context, result, aggref->aggtype, -1);
    }
    case PartialKind::kAvg: {
        Aggref *sum_part = static_cast<Aggref *>(copyObject(aggref));
        Aggref *count_part = static_cast<Aggref *>(copyObject(aggref));
        Node *arg =
            reinterpret_cast<Node *>(static_cast<TargetEntry *>(linitial(aggref->args))->expr);
        Node *worker_sum = make_aggregate(context, "sum", static_cast<Node *>(copyObject(arg)));
        Node *worker_count = make_aggregate(context, "count", static_cast<Node *>(copyObject(arg)));
        // Keep any FILTER clause of the original aggregate on both partials.
        reinterpret_cast<Aggref *>(worker_sum)->aggfilter = sum_part->aggfilter;
        reinterpret_cast<Aggref *>(worker_count)->aggfilter = count_part->aggfilter;
        Var *sum_column = add_worker_column(context, reinterpret_cast<Expr *>(worker_sum), nullptr);
        Var *count_column =
            add_worker_column(context, reinterpret_cast<Expr *>(worker_count), nullptr);
        Oid result_type = aggref->aggtype; // numeric or float8
        Node *total =
            cast_to(context, make_aggregate(context, "sum", reinterpret_cast<Node *>(sum_column)),
                    result_type, -1);
        Node *count =
            cast_to(context, make_aggregate(context, "sum", reinterpret_cast<Node *>(count_column)),
                    result_type, -1);
        Expr *division = make_op(context->pstate, list_make1(makeString(pstrdup("/"))), total,
                                 count, nullptr, -1);
        assign_expr_collations(context->pstate, reinterpret_cast<Node *>(division));
        return reinterpret_cast<Node *>(division);
    }
    case PartialKind::kFloatState:
    case PartialKind::kIntAvgState: {
        // Workers return transition states; the coordinator combines and finishes them with
        // PostgreSQL's own functions, as its parallel aggregation does.
        Node *arg = reinterpret_cast<Node *>(
            copyObject(static_cast<TargetEntry *>(linitial(aggref->args))->expr));
        Node *state = make_aggregate(context,
                                     kind == PartialKind::kFloatState ? "partial_float_state"
                                                                      : "partial_int_avg_state",
                                     arg, "tessera");
        reinterpret_cast<Aggref *>(state)->aggfilter =
            static_cast<Expr *>(copyObject(aggref->aggfilter));
        Var *column = add_worker_column(context, reinterpret_cast<Expr *>(state), nullptr);
        const char *combiner =
            kind == PartialKind::kFloatState ? float_state_combiner(name) : "combine_int_avg";
        return make_aggregate(context, combiner, reinterpret_cast<Node *>(column), "tessera");
    }
    case PartialKind::kDistinctValues: {
        TargetEntry *argument = distinct_argument(aggref);
        Var *column = nullptr;
        ListCell *expr_cell, *column_cell;
        forboth(expr_cell, context->distinct_exprs, column_cell,
                context->distinct_columns) if (equal(lfirst(expr_cell), argument->expr)) column =
            static_cast<Var *>(lfirst(column_cell));
        if (column == nullptr) {
            Oid type = exprType(reinterpret_cast<Node *>(argument->expr));
            Oid sort_operator, equality_operator;
            bool hashable;
            get_sort_group_operators(type, false, true, false, &sort_operator, &equality_operator,
                                     nullptr, &hashable);
            if (!OidIsValid(equality_operator))
                break;
            column = add_worker_column(context, static_cast<Expr *>(copyObject(argument->expr)),
                                       nullptr);
            SortGroupClause *group = makeNode(SortGroupClause);
            group->tleSortGroupRef = ++context->next_group_ref;
            group->eqop = equality_operator;
            group->sortop = sort_operator;
            group->hashable = hashable;
            static_cast<TargetEntry *>(llast(context->worker_tlist))->ressortgroupref =
                group->tleSortGroupRef;
            context->extra_groups = lappend(context->extra_groups, group);
            context->distinct_exprs = lappend(context->distinct_exprs, argument->expr);
            context->distinct_columns = lappend(context->distinct_columns, column);
        }
        auto *combined = static_cast<Aggref *>(copyObject(aggref));
        ListCell *cell;
        foreach (cell, combined->args) {
            auto *entry = static_cast<TargetEntry *>(lfirst(cell));
            if (!IsA(entry->expr, Const))
                entry->expr = reinterpret_cast<Expr *>(copyObject(column));
        }
        return reinterpret_cast<Node *>(combined);
    }
    case PartialKind::kNone:
        break;
    }
    context->failed = true;
    return reinterpret_cast<Node *>(aggref);
}

} // namespace

// Adds `expr` as a worker output column; returns a Var of the coordinator query reading it.
Var *add_worker_column(AggregateSplit *context, Expr *expr, const char *name)
{
    int resno = list_length(context->worker_tlist) + 1;
    context->worker_tlist =
        lappend(context->worker_tlist,
                makeTargetEntry(expr, resno,
                                pstrdup(name != nullptr ? name : psprintf("w%d", resno)), false));
    return makeVar(1, resno, exprType(reinterpret_cast<Node *>(expr)),
                   exprTypmod(reinterpret_cast<Node *>(expr)),
                   exprCollation(reinterpret_cast<Node *>(expr)), 0);
}

// Rewrites a coordinator expression: group keys and aggregates read worker columns.
Node *combine_mutator(Node *node, AggregateSplit *context)
{
    if (node == nullptr || context->failed)
        return node;
    int index = 1;
    ListCell *cell;
    foreach (cell, context->group_exprs) {
        if (equal(node, lfirst(cell))) {
            Node *expr = static_cast<Node *>(lfirst(cell));
            return reinterpret_cast<Node *>(
                makeVar(1, index, exprType(expr), exprTypmod(expr), exprCollation(expr), 0));
        }
        index++;
    }
    if (IsA(node, Aggref))
        return combine_aggregate(context, reinterpret_cast<Aggref *>(node));
    if (IsA(node, Var)) {
        context->failed = true; // a column neither grouped nor aggregated
        return node;
    }
    return expression_tree_mutator(node, TESSERA_MUTATOR(combine_mutator), context);
}

} // namespace tessera::planner
