// The parts of a write that the coordinator computes at execution, before the shards run the
// rest: SELECTs run to completion, WITH queries and subqueries the workers cannot evaluate
// replaced by their rows (as VALUES lists) or values (as constants).
// PostgreSQL-style code: no C++ objects with destructors live in these frames.
#include "tessera/planner/modify_internal.h"
#include "tessera/planner/query_tree.h"

#include "tessera/metadata/distributed_table.h"

extern "C" {
#include "executor/executor.h"
#include "executor/tstoreReceiver.h"
#include "miscadmin.h"
#include "nodes/makefuncs.h"
#include "nodes/nodeFuncs.h"
#include "optimizer/optimizer.h"
#include "optimizer/planner.h"
#include "parser/parsetree.h"
#include "rewrite/rewriteManip.h"
#include "tcop/pquery.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/datum.h"
#include "utils/lsyscache.h"
#include "utils/snapmgr.h"
#include "utils/tuplestore.h"
}

namespace tessera::planner::modify {

// Runs planned SELECT `plan` to completion into a tuplestore; *desc receives its row type.
Tuplestorestate *run_select(PlannedStmt *plan, EState *estate, TupleDesc *desc)
{
    Tuplestorestate *rows = tuplestore_begin_heap(false, false, work_mem);
    DestReceiver *dest = CreateDestReceiver(DestTuplestore);
    SetTuplestoreDestReceiverParams(dest, rows, CurrentMemoryContext, false, nullptr, nullptr);
    QueryDesc *query_desc =
        CreateQueryDesc(plan, estate->es_sourceText, GetActiveSnapshot(), InvalidSnapshot, dest,
                        estate->es_param_list_info, estate->es_queryEnv, 0);
    ExecutorStart(query_desc, 0);
    ExecutorRun(query_desc, ForwardScanDirection, 0, true);
    ExecutorFinish(query_desc);
    *desc = CreateTupleDescCopy(query_desc->tupDesc);
    ExecutorEnd(query_desc);
    FreeQueryDesc(query_desc);
    dest->rDestroy(dest);
    return rows;
}

// Walker: true at the first hash-distributed or local table, at any level (the RTEs of a Query
// met as a node are examined too).
bool needs_coordinator_walker(Node *node, void *context)
{
    if (node == nullptr)
        return false;
    if (IsA(node, RangeTblEntry)) {
        auto *rte = reinterpret_cast<RangeTblEntry *>(node);
        if (rte->rtekind != RTE_RELATION)
            return false;
        // Local tables exist only here; hash tables are split over the workers.
        const DistributedTable *table = metadata::lookup_distributed_table(rte->relid);
        return table == nullptr || table->partition_method == metadata::kDistributeByHash;
    }
    if (IsA(node, Query))
        return query_tree_walker(reinterpret_cast<Query *>(node),
                                 TESSERA_WALKER(needs_coordinator_walker), context,
                                 QTW_EXAMINE_RTES_BEFORE);
    return expression_tree_walker(node, TESSERA_WALKER(needs_coordinator_walker), context);
}

// True if `node` reads, at any level, a hash-distributed table or a local table: a subquery the
// workers cannot evaluate by themselves.
bool needs_coordinator(Node *node)
{
    return needs_coordinator_walker(node, nullptr);
}

// Rows a subquery computed on the coordinator may send to the workers (as a VALUES list in
// every task): more is refused rather than shipped to every shard.
constexpr int64 kMaxShippedRows = 100000;

// A SELECT producing exactly `rows` (Lists of Const; columns as in `desc`, named `names`):
// a VALUES list, or a single row of NULLs filtered out when there are none.
Query *make_rows_query(List *rows, TupleDesc desc, List *names)
{
    Query *query = makeNode(Query);
    query->commandType = CMD_SELECT;
    query->querySource = QSRC_ORIGINAL;
    query->canSetTag = true;
    RangeTblEntry *values = nullptr;
    if (rows != NIL) {
        values = makeNode(RangeTblEntry);
        values->rtekind = RTE_VALUES;
        values->inFromCl = true;
        values->values_lists = rows;
        List *value_names = NIL;
        for (int i = 0; i < desc->natts; i++) {
            Form_pg_attribute attr = TupleDescAttr(desc, i);
            values->coltypes = lappend_oid(values->coltypes, attr->atttypid);
            values->coltypmods = lappend_int(values->coltypmods, attr->atttypmod);
            values->colcollations = lappend_oid(values->colcollations, attr->attcollation);
            value_names = lappend(value_names, makeString(psprintf("column%d", i + 1)));
        }
        values->eref = makeAlias("*VALUES*", value_names);
        query->rtable = list_make1(values);
        RangeTblRef *ref = makeNode(RangeTblRef);
        ref->rtindex = 1;
        query->jointree = makeFromExpr(list_make1(ref), nullptr);
    } else {
        query->jointree = makeFromExpr(NIL, makeBoolConst(false, false));
    }
    for (int i = 0; i < desc->natts; i++) {
        Form_pg_attribute attr = TupleDescAttr(desc, i);
        Expr *expr = values != nullptr
                         ? reinterpret_cast<Expr *>(makeVar(1, i + 1, attr->atttypid,
                                                            attr->atttypmod, attr->attcollation, 0))
                         : reinterpret_cast<Expr *>(
                               makeNullConst(attr->atttypid, attr->atttypmod, attr->attcollation));
        const char *name = i < list_length(names) && list_nth(names, i) != nullptr
                               ? strVal(list_nth(names, i))
                               : psprintf("column%d", i + 1);
        query->targetList =
            lappend(query->targetList, makeTargetEntry(expr, i + 1, pstrdup(name), false));
    }
    return query;
}

// Runs SELECT `select` now (distributed like any query, in the statement's snapshot) and
// returns a query producing its rows from constants, to be sent to the workers instead.
Query *evaluate_to_rows(Query *select, EState *estate, List *names)
{
    PlannedStmt *plan = ::planner(static_cast<Query *>(copyObject(select)), nullptr, 0, nullptr);
    TupleDesc desc;
    Tuplestorestate *store = run_select(plan, estate, &desc);
    TupleTableSlot *slot = MakeSingleTupleTableSlot(desc, &TTSOpsMinimalTuple);
    auto *lengths = static_cast<int16 *>(palloc0(sizeof(int16) * (desc->natts + 1)));
    auto *by_values = static_cast<bool *>(palloc0(sizeof(bool) * (desc->natts + 1)));
    for (int i = 0; i < desc->natts; i++)
        get_typlenbyval(TupleDescAttr(desc, i)->atttypid, &lengths[i], &by_values[i]);
    List *rows = NIL;
    int64 count = 0;
    while (tuplestore_gettupleslot(store, true, false, slot)) {
        if (++count > kMaxShippedRows)
            ereport(ERROR,
                    (errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
                     errmsg("a subquery computed on the coordinator returned more than %lld rows",
                            static_cast<long long>(kMaxShippedRows)),
                     errdetail("Its rows would be sent to the worker nodes with every task."),
                     errhint("Join the subquery's tables with the modified table on the "
                             "distribution column, so that it runs on the shards.")));
        slot_getallattrs(slot);
        List *row = NIL;
        for (int i = 0; i < desc->natts; i++) {
            Form_pg_attribute attr = TupleDescAttr(desc, i);
            bool isnull = slot->tts_isnull[i];
            Datum value = (Datum)0;
            if (!isnull)
                value = lengths[i] == -1
                            ? PointerGetDatum(PG_DETOAST_DATUM_COPY(slot->tts_values[i]))
                            : datumCopy(slot->tts_values[i], by_values[i], lengths[i]);
            row = lappend(row, makeConst(attr->atttypid, attr->atttypmod, attr->attcollation,
                                         lengths[i], value, isnull, by_values[i]));
        }
        rows = lappend(rows, row);
        CHECK_FOR_INTERRUPTS();
    }
    ExecDropSingleTupleTableSlot(slot);
    tuplestore_end(store);
    if (names == NIL) {
        ListCell *cell;
        foreach (cell, select->targetList) {
            auto *entry = static_cast<TargetEntry *>(lfirst(cell));
            if (!entry->resjunk)
                names = lappend(names,
                                entry->resname != nullptr ? makeString(entry->resname) : nullptr);
        }
    }
    return make_rows_query(rows, desc, names);
}

// Replaces every reference to the top-level WITH query `name` by a subquery (a copy of
// `replacement`), at any level.
struct CteReplaceContext {
    const char *name;
    Query *replacement;
    int depth; // of the query whose range table is walked
};

bool replace_cte_walker(Node *node, CteReplaceContext *context)
{
    if (node == nullptr)
        return false;
    if (IsA(node, RangeTblEntry)) {
        auto *rte = reinterpret_cast<RangeTblEntry *>(node);
        if (rte->rtekind == RTE_CTE && rte->ctelevelsup == static_cast<Index>(context->depth) &&
            strcmp(rte->ctename, context->name) == 0) {
            auto *subquery = static_cast<Query *>(copyObject(context->replacement));
            // Its references to enclosing levels now start `depth` levels further down.
            if (context->depth > 0)
                IncrementVarSublevelsUp(reinterpret_cast<Node *>(subquery), context->depth, 1);
            rte->rtekind = RTE_SUBQUERY;
            rte->subquery = subquery;
            // The references use the WITH query's column names (WITH v(id, title) AS (VALUES
            // ...)), which its own output need not have: the deparsed subquery gets them as
            // column aliases, "(VALUES ...) v(id, title)".
            if (rte->alias == nullptr)
                rte->alias = makeAlias(rte->eref->aliasname, NIL);
            if (rte->alias->colnames == NIL)
                rte->alias->colnames = list_copy(rte->eref->colnames);
            rte->security_barrier = false;
            rte->ctename = nullptr;
            rte->ctelevelsup = 0;
            rte->self_reference = false;
            rte->coltypes = NIL;
            rte->coltypmods = NIL;
            rte->colcollations = NIL;
        }
        return false;
    }
    if (IsA(node, Query)) {
        context->depth++;
        bool result =
            query_tree_walker(reinterpret_cast<Query *>(node), TESSERA_WALKER(replace_cte_walker),
                              context, QTW_EXAMINE_RTES_BEFORE);
        context->depth--;
        return result;
    }
    return expression_tree_walker(node, TESSERA_WALKER(replace_cte_walker), context);
}

void replace_cte_references(Query *query, const char *name, Query *replacement)
{
    CteReplaceContext context{name, replacement, 0};
    query_tree_walker(query, TESSERA_WALKER(replace_cte_walker), &context, QTW_EXAMINE_RTES_BEFORE);
}

// Computes every remaining top-level WITH query of the statement on the coordinator, once and in
// order, and replaces its references by its rows.
void materialize_ctes(Query *query, EState *estate)
{
    List *ctes = query->cteList;
    ListCell *cell;
    foreach (cell, ctes) {
        auto *cte = static_cast<CommonTableExpr *>(lfirst(cell));
        Query *rows =
            evaluate_to_rows(reinterpret_cast<Query *>(cte->ctequery), estate, cte->ctecolnames);
        replace_cte_references(query, cte->ctename, rows);
    }
    query->cteList = NIL;
}

// Replaces an independent subquery on distributed tables by its result, computed now.
Node *precompute_sublink(SubLink *sublink, EState *estate)
{
    if ((sublink->subLinkType == ANY_SUBLINK || sublink->subLinkType == ALL_SUBLINK) &&
        !is_single_column_test(sublink)) {
        // A row comparison, e.g. (a, b) IN (SELECT ...): the workers compare with its rows.
        sublink->subselect = reinterpret_cast<Node *>(
            evaluate_to_rows(reinterpret_cast<Query *>(sublink->subselect), estate, NIL));
        return reinterpret_cast<Node *>(sublink);
    }
    auto *subselect = reinterpret_cast<Query *>(copyObject(sublink->subselect));
    PlannedStmt *plan = ::planner(subselect, nullptr, 0, nullptr);
    TupleDesc desc;
    Tuplestorestate *rows = run_select(plan, estate, &desc);
    TupleTableSlot *slot = MakeSingleTupleTableSlot(desc, &TTSOpsMinimalTuple);
    Oid type = desc->natts > 0 ? TupleDescAttr(desc, 0)->atttypid : BOOLOID;
    int32 typmod = desc->natts > 0 ? TupleDescAttr(desc, 0)->atttypmod : -1;
    Oid collation = desc->natts > 0 ? TupleDescAttr(desc, 0)->attcollation : InvalidOid;
    int16 length;
    bool by_value;
    get_typlenbyval(type, &length, &by_value);
    List *values = NIL;
    List *nulls = NIL;
    while (tuplestore_gettupleslot(rows, true, false, slot)) {
        bool isnull = true;
        Datum value = desc->natts > 0 ? slot_getattr(slot, 1, &isnull) : (Datum)0;
        values = lappend(values, reinterpret_cast<void *>(
                                     isnull ? (Datum)0 : datumCopy(value, by_value, length)));
        nulls = lappend_int(nulls, isnull ? 1 : 0);
        if (sublink->subLinkType == EXISTS_SUBLINK)
            break;
    }
    ExecDropSingleTupleTableSlot(slot);
    tuplestore_end(rows);
    int count = list_length(values);
    switch (sublink->subLinkType) {
    case EXISTS_SUBLINK:
        return makeBoolConst(count > 0, false);
    case EXPR_SUBLINK:
        if (count > 1)
            ereport(ERROR, (errcode(ERRCODE_CARDINALITY_VIOLATION),
                            errmsg("more than one row returned by a subquery used as an "
                                   "expression")));
        return reinterpret_cast<Node *>(
            makeConst(type, typmod, collation, length,
                      count == 1 ? reinterpret_cast<Datum>(linitial(values)) : (Datum)0,
                      count == 0 || linitial_int(nulls) != 0, by_value));
    default:
        break;
    }
    // ANY / ALL / ARRAY: an array of the values.
    Oid array_type = get_array_type(type);
    if (!OidIsValid(array_type))
        ereport(ERROR, (errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
                        errmsg("subquery results of type %s cannot be sent to the workers",
                               format_type_be(type))));
    auto *datums = static_cast<Datum *>(palloc0(sizeof(Datum) * (count + 1)));
    auto *isnulls = static_cast<bool *>(palloc0(sizeof(bool) * (count + 1)));
    for (int i = 0; i < count; i++) {
        datums[i] = reinterpret_cast<Datum>(list_nth(values, i));
        isnulls[i] = list_nth_int(nulls, i) != 0;
    }
    char align;
    get_typlenbyvalalign(type, &length, &by_value, &align);
    int dims[1] = {count};
    int lbs[1] = {1};
    ArrayType *array = count == 0 ? construct_empty_array(type)
                                  : construct_md_array(datums, isnulls, 1, dims, lbs, type, length,
                                                       by_value, align);
    Const *array_const =
        makeConst(array_type, -1, collation, -1, PointerGetDatum(array), false, false);
    if (sublink->subLinkType == ARRAY_SUBLINK)
        return reinterpret_cast<Node *>(array_const);
    auto *test = reinterpret_cast<OpExpr *>(sublink->testexpr);
    ScalarArrayOpExpr *saop = makeNode(ScalarArrayOpExpr);
    saop->opno = test->opno;
    saop->opfuncid = test->opfuncid;
    saop->useOr = sublink->subLinkType == ANY_SUBLINK;
    saop->inputcollid = test->inputcollid;
    saop->args = list_make2(copyObject(linitial(test->args)), array_const);
    saop->location = sublink->location;
    return reinterpret_cast<Node *>(saop);
}

struct PrecomputeContext {
    EState *estate;
    Query *query;
    const DistributedTable *target;
};

Node *precompute_mutator(Node *node, PrecomputeContext *context)
{
    if (node == nullptr)
        return nullptr;
    if (IsA(node, Query))
        return node;
    if (IsA(node, SubLink)) {
        auto *sublink = reinterpret_cast<SubLink *>(node);
        if (is_colocated_in_sublink(sublink, context->query, context->target))
            return node;
        if (is_precomputable_sublink(sublink) && needs_coordinator(sublink->subselect))
            return precompute_sublink(sublink, context->estate);
    }
    return expression_tree_mutator(node, TESSERA_MUTATOR(precompute_mutator), context);
}

// Evaluates the independent subqueries on distributed or local tables in the top-level
// expressions of an UPDATE or DELETE on the coordinator (a worker sees only its shards and no
// local table).
void precompute_sublinks(Query *query, EState *estate)
{
    if (!query->hasSubLinks)
        return;
    PrecomputeContext context{
        estate, query,
        metadata::lookup_distributed_table(rt_fetch(query->resultRelation, query->rtable)->relid)};
    query->targetList = reinterpret_cast<List *>(
        precompute_mutator(reinterpret_cast<Node *>(query->targetList), &context));
    query->returningList = reinterpret_cast<List *>(
        precompute_mutator(reinterpret_cast<Node *>(query->returningList), &context));
    if (query->jointree != nullptr)
        query->jointree->quals = precompute_mutator(query->jointree->quals, &context);
}

// The same for an INSERT (VALUES or pulled SELECT): the independent subqueries of its ON
// CONFLICT clause and RETURNING list that read distributed or local tables are computed on the
// coordinator, once; returns a copy. (Its VALUES and SELECT are computed on the coordinator
// anyway; subqueries on reference tables or correlated on the distribution column are sent.)
Query *precompute_insert_sublinks(Query *query, EState *estate)
{
    if (!query->hasSubLinks)
        return query;
    query = static_cast<Query *>(copyObject(query));
    PrecomputeContext context{
        estate, query,
        metadata::lookup_distributed_table(rt_fetch(query->resultRelation, query->rtable)->relid)};
    if (query->onConflict != nullptr) {
        query->onConflict->onConflictSet = reinterpret_cast<List *>(precompute_mutator(
            reinterpret_cast<Node *>(query->onConflict->onConflictSet), &context));
        query->onConflict->onConflictWhere =
            precompute_mutator(query->onConflict->onConflictWhere, &context);
    }
    query->returningList = reinterpret_cast<List *>(
        precompute_mutator(reinterpret_cast<Node *>(query->returningList), &context));
    return query;
}

Query *run_modifying_ctes(Query *select, EState *estate)
{
    int last = 0;
    int position = 0;
    ListCell *cell;
    foreach (cell, select->cteList) {
        position++;
        auto *cte = static_cast<CommonTableExpr *>(lfirst(cell));
        if (reinterpret_cast<Query *>(cte->ctequery)->commandType != CMD_SELECT)
            last = position;
    }
    List *ctes = select->cteList;
    List *kept = NIL;
    position = 0;
    foreach (cell, ctes) {
        auto *cte = static_cast<CommonTableExpr *>(lfirst(cell));
        if (++position > last) {
            kept = lappend(kept, cte);
            continue;
        }
        Query *rows =
            evaluate_to_rows(reinterpret_cast<Query *>(cte->ctequery), estate, cte->ctecolnames);
        replace_cte_references(select, cte->ctename, rows);
    }
    select->cteList = kept;
    select->hasModifyingCTE = false;
    return select;
}

// Plans the SELECT of a pulled INSERT ... SELECT that has data-modifying WITH queries, at
// execution, once they ran (run_modifying_ctes).
PlannedStmt *plan_select_after_ctes(Query *query, EState *estate)
{
    Query *select = bind_params(rt_fetch(insert_select_index(query), query->rtable)->subquery,
                                estate->es_param_list_info);
    return ::planner(run_modifying_ctes(select, estate), nullptr, 0, nullptr);
}

// Mutator for precompute_values_sublinks.
Node *values_sublink_mutator(Node *node, EState *estate)
{
    if (node == nullptr)
        return nullptr;
    if (IsA(node, Query))
        return node;
    if (IsA(node, SubLink))
        return precompute_sublink(reinterpret_cast<SubLink *>(node), estate);
    return expression_tree_mutator(node, TESSERA_MUTATOR(values_sublink_mutator), estate);
}

// The rows of an INSERT ... VALUES with their subqueries computed now, once each (the planner
// let only independent ones through), since the rows are evaluated here, not on the workers.
List *precompute_values_sublinks(List *rows, EState *estate, int eflags)
{
    if ((eflags & EXEC_FLAG_EXPLAIN_ONLY) != 0 ||
        !checkExprHasSubLink(reinterpret_cast<Node *>(rows)))
        return rows;
    return reinterpret_cast<List *>(values_sublink_mutator(reinterpret_cast<Node *>(rows), estate));
}

} // namespace tessera::planner::modify
