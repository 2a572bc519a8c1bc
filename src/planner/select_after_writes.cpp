// A SELECT whose WITH clause writes to distributed tables (`WITH moved AS (DELETE ... RETURNING
// *) SELECT ... FROM moved`). The data-modifying WITH queries run first, each as a distributed
// statement of its own, in order; their RETURNING rows replace their references, and the rest
// of the SELECT is then planned like any query and run to completion, its rows returned from a
// tuplestore. As for writes with such WITH queries (check_modifying_ctes), the rest must not
// read a table they modify: PostgreSQL runs all parts on one snapshot, so it would not see
// their changes, while here it would.
#include "tessera/planner/modify_internal.h"
#include "tessera/planner/modify_planner.h"
#include "tessera/planner/query_tree.h"
#include "tessera/planner/single_scan_plan.h"

#include "tessera/metadata/distributed_table.h"

extern "C" {
#include "executor/executor.h"
#include "executor/tuptable.h"
#include "nodes/extensible.h"
#include "optimizer/optimizer.h"
#include "optimizer/planmain.h"
#include "parser/parsetree.h"
#include "utils/lsyscache.h"
#include "utils/tuplestore.h"
}

namespace tessera::planner::modify {

namespace {

struct SelectAfterWritesState {
    CustomScanState css;
    Query *query;
    Tuplestorestate *rows; // the SELECT's rows, once its WITH queries ran
    TupleTableSlot *row;   // reads `rows`
};

CustomScanMethods scan_methods;
CustomExecMethods exec_methods;
bool methods_registered = false;

// The first table a top-level WITH query of `query` modifies that is distributed, else
// InvalidOid.
Oid first_written_distributed_table(Query *query)
{
    ListCell *cell;
    foreach (cell, query->cteList) {
        auto *cte_query =
            reinterpret_cast<Query *>(static_cast<CommonTableExpr *>(lfirst(cell))->ctequery);
        if (cte_query->commandType == CMD_SELECT)
            continue;
        Oid relid = rt_fetch(cte_query->resultRelation, cte_query->rtable)->relid;
        if (metadata::is_distributed_table(relid))
            return relid;
    }
    return InvalidOid;
}

Node *create_state(CustomScan *plan)
{
    auto *state = static_cast<SelectAfterWritesState *>(palloc0(sizeof(SelectAfterWritesState)));
    NodeSetTag(state, T_CustomScanState);
    state->css.methods = &exec_methods;
    state->query = static_cast<Query *>(linitial(plan->custom_private));
    return reinterpret_cast<Node *>(state);
}

void begin_scan(CustomScanState *, EState *, int) {}

// Runs the WITH queries and then the rest of the SELECT, once; returns its rows one by one.
TupleTableSlot *exec_scan(CustomScanState *node)
{
    auto *state = reinterpret_cast<SelectAfterWritesState *>(node);
    EState *estate = node->ss.ps.state;
    if (state->rows == nullptr) {
        Query *select = run_modifying_ctes(
            bind_params(static_cast<Query *>(copyObject(state->query)), estate->es_param_list_info),
            estate);
        TupleDesc desc;
        state->rows = run_select(::planner(select, nullptr, 0, nullptr), estate, &desc);
        state->row = ExecAllocTableSlot(&estate->es_tupleTable, desc, &TTSOpsMinimalTuple);
    }
    if (!tuplestore_gettupleslot(state->rows, true, false, state->row))
        return nullptr;
    return state->row;
}

void end_scan(CustomScanState *node)
{
    auto *state = reinterpret_cast<SelectAfterWritesState *>(node);
    if (state->rows != nullptr)
        tuplestore_end(state->rows);
    state->rows = nullptr;
}

// A rescan returns the same rows: the WITH queries ran once, as in PostgreSQL.
void rescan(CustomScanState *node)
{
    auto *state = reinterpret_cast<SelectAfterWritesState *>(node);
    if (state->rows != nullptr)
        tuplestore_rescan(state->rows);
}

void explain_scan(CustomScanState *, List *, ExplainState *es)
{
    ExplainPropertyText("Write", "data-modifying WITH queries run first, then the SELECT", es);
}

void register_methods()
{
    if (methods_registered)
        return;
    scan_methods.CustomName = "Tessera Select After Writes";
    scan_methods.CreateCustomScanState = create_state;
    exec_methods.CustomName = "Tessera Select After Writes";
    exec_methods.BeginCustomScan = begin_scan;
    exec_methods.ExecCustomScan = exec_scan;
    exec_methods.EndCustomScan = end_scan;
    exec_methods.ReScanCustomScan = rescan;
    exec_methods.ExplainCustomScan = explain_scan;
    RegisterCustomScanMethods(&scan_methods);
    methods_registered = true;
}

} // namespace

} // namespace tessera::planner::modify

namespace tessera::planner {

PlannedStmt *plan_select_after_writes(Query *query, int cursor_options)
{
    if (query->commandType != CMD_SELECT || !query->hasModifyingCTE)
        return nullptr;
    Oid written = modify::first_written_distributed_table(query);
    if (!OidIsValid(written))
        return nullptr;
    modify::check_modifying_ctes(query, "SELECT", get_rel_name(written));
    modify::register_methods();
    CustomScan *scan = makeNode(CustomScan);
    scan->methods = &modify::scan_methods;
    scan->custom_private = list_make1(copyObject(query));
    PlannedStmt *stmt = make_single_scan_plan(query, scan, query->targetList);
    stmt->hasModifyingCTE = true;
    // Scrollable cursors read backwards: from a Material node above the scan.
    if ((cursor_options & CURSOR_OPT_SCROLL) != 0)
        stmt->planTree = materialize_finished_plan(stmt->planTree);
    return stmt;
}

} // namespace tessera::planner
