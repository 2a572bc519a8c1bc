// Cursors over distributed tables. PostgreSQL's cursor sees the data as of its opening (DECLARE
// CURSOR, PL/pgSQL OPEN): its snapshot is taken then, so the transaction's later writes do not
// show in its rows. A Tessera scan sends its tasks when first asked for a row, which for a cursor
// is its first FETCH; by then the transaction may have written (UPDATE, DELETE, INSERT,
// partitions detached or attached) and the workers would answer with those writes. So the
// cursor's scans read their rows as it opens, into stores that spill to disk past work_mem.
// Protocol portals fetched in parts (Execute with a row limit) need no read-ahead: their scans
// start at the first Execute, where PostgreSQL takes the portal's snapshot. Every scan keeps the
// statement's distributed tables open, so the session cannot change them under a suspended one.
#include "tessera/executor/distributed_scan.h"
#include "tessera/metadata/distributed_table.h"
#include "tessera/pg/pg_includes.h"

extern "C" {
#include "catalog/pg_class.h"
#include "executor/executor.h"
#include "nodes/nodeFuncs.h"
#include "tcop/pquery.h"
#include "utils/portal.h"
}

namespace tessera::executor {

namespace {

ExecutorStart_hook_type previous_executor_start = nullptr;

// planstate_tree_walker callback: reads ahead every Tessera scan under `plan` (init plans and
// subplans included).
bool read_ahead_walker(PlanState *plan, void *context)
{
    if (plan == nullptr)
        return false;
    if (is_distributed_scan(plan))
        read_scan_ahead(plan);
    return planstate_tree_walker(plan, TESSERA_WALKER(read_ahead_walker), context);
}

// True while PortalStart of a cursor opened by DECLARE CURSOR or PL/pgSQL OPEN starts its
// executor: both plan for a cursor (CURSOR_OPT_FAST_PLAN), unlike a statement's own portal, a
// PL/pgSQL FOR loop's (fetched at once, before the loop body writes anything) and a protocol
// portal. PortalStart makes the portal active, with its resource owner and snapshot, and sets
// its queryDesc only after ExecutorStart.
bool opening_cursor()
{
    Portal portal = ActivePortal;
    return portal != nullptr && portal->status == PORTAL_DEFINED && portal->queryDesc == nullptr &&
           portal->strategy == PORTAL_ONE_SELECT && (portal->cursorOptions & CURSOR_OPT_FAST_PLAN);
}

// ExecutorStart hook: after the executor started, a cursor's scans read their rows now. Cursors
// that lock rows (FOR UPDATE / SHARE) still run as fetched.
void cursor_executor_start(QueryDesc *query_desc, int eflags)
{
    if (previous_executor_start != nullptr)
        previous_executor_start(query_desc, eflags);
    else
        standard_ExecutorStart(query_desc, eflags);
    if ((eflags & EXEC_FLAG_EXPLAIN_ONLY) || query_desc->operation != CMD_SELECT ||
        query_desc->planstate == nullptr || !opening_cursor())
        return;
    PlannedStmt *statement = query_desc->plannedstmt;
    if (statement->rowMarks != NIL || statement->hasModifyingCTE)
        return;
    read_ahead_walker(query_desc->planstate, nullptr);
}

} // namespace

// Opens the statement's distributed tables for as long as its executor runs, as PostgreSQL's
// own scans keep their tables open: the session's DDL on them while a portal or cursor over
// them is suspended (TRUNCATE, ALTER TABLE, CREATE INDEX between two fetches) then fails with
// "... is being used by active queries in this session" as on a local table, instead of
// changing the shards under the scan (whose later fetches waited on the workers' locks). The
// executor closes them when it ends. A partitioned table is left closed: PostgreSQL's scans
// open the partitions they read, not the parent, so ALTER TABLE ... ATTACH / DETACH PARTITION
// under an open cursor succeeds there, and must here.
void open_distributed_tables(EState *estate)
{
    Index index = 0;
    ListCell *cell;
    foreach (cell, estate->es_range_table) {
        index++;
        auto *entry = lfirst_node(RangeTblEntry, cell);
        if (entry->rtekind == RTE_RELATION && entry->rellockmode != NoLock &&
            entry->relkind == RELKIND_RELATION && metadata::is_distributed_table(entry->relid))
            ExecGetRangeTableRelation(estate, index);
    }
}

void install_cursor_read_ahead()
{
    previous_executor_start = ExecutorStart_hook;
    ExecutorStart_hook = cursor_executor_start;
}

} // namespace tessera::executor
