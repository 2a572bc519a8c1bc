// DECLARE CURSOR over distributed tables. PostgreSQL's cursor sees the data as of DECLARE: its
// snapshot is taken then, so the transaction's later writes do not show in its rows. A Tessera
// scan sends its tasks when first asked for a row, which for a cursor is its first FETCH; by
// then the transaction may have written (UPDATE, DELETE, INSERT, partitions detached or
// dropped) and the workers would answer with those writes. So the cursor's scans read their rows
// right after DECLARE, into stores that spill to disk past work_mem.
#include "tessera/executor/distributed_scan.h"
#include "tessera/pg/pg_includes.h"

extern "C" {
#include "nodes/nodeFuncs.h"
#include "utils/portal.h"
#include "utils/resowner.h"
#include "utils/snapmgr.h"
}

namespace tessera::executor {

namespace {

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

} // namespace

void read_cursor_ahead(Node *statement)
{
    if (statement == nullptr || !IsA(statement, DeclareCursorStmt))
        return;
    auto *declare = castNode(DeclareCursorStmt, statement);
    // FOR UPDATE / SHARE cursors lock the rows they return: left to run as fetched.
    if (declare->query != nullptr && IsA(declare->query, Query)) {
        auto *query = castNode(Query, declare->query);
        if (query->rowMarks != NIL || query->hasModifyingCTE)
            return;
    }
    Portal portal = GetPortalByName(declare->portalname);
    if (!PortalIsValid(portal) || portal->queryDesc == nullptr ||
        portal->queryDesc->planstate == nullptr)
        return;
    // As PortalRun does: the portal's resource owner keeps the stores' temporary files, its
    // snapshot is the one the rows are read under.
    ResourceOwner saved_owner = CurrentResourceOwner;
    CurrentResourceOwner = portal->resowner;
    PushActiveSnapshot(portal->queryDesc->snapshot);
    read_ahead_walker(portal->queryDesc->planstate, nullptr);
    PopActiveSnapshot();
    CurrentResourceOwner = saved_owner;
}

} // namespace tessera::executor
