// Refuses writes that would break local tables' foreign keys to distributed tables (see the
// header). PostgreSQL-style code: no C++ objects with destructors live in these frames.
#include "tessera/planner/local_key_writes.h"

#include "tessera/metadata/distributed_table.h"
#include "tessera/operations/foreign_keys.h"
#include "tessera/pg/guard.h"

extern "C" {
#include "nodes/bitmapset.h"
#include "nodes/nodeFuncs.h"
#include "parser/parsetree.h"
}

namespace tessera::planner {

namespace {

// Adds the columns the SET list `target_list` assigns (resno, junk entries aside) to `columns`.
Bitmapset *assigned_columns(List *target_list, Bitmapset *columns)
{
    ListCell *cell;
    foreach (cell, target_list) {
        auto *entry = static_cast<TargetEntry *>(lfirst(cell));
        if (!entry->resjunk)
            columns = bms_add_member(columns, entry->resno);
    }
    return columns;
}

// Checks the write of one query level, then walks its subqueries and WITH queries.
bool local_key_writes_walker(Node *node, void *)
{
    if (node == nullptr)
        return false;
    if (!IsA(node, Query))
        return expression_tree_walker(node, TESSERA_WALKER(local_key_writes_walker), nullptr);
    auto *query = reinterpret_cast<Query *>(node);
    if (query->resultRelation > 0 &&
        query->resultRelation <= static_cast<int>(list_length(query->rtable))) {
        RangeTblEntry *rte = rt_fetch(query->resultRelation, query->rtable);
        bool deleting = false;
        Bitmapset *updated = nullptr;
        switch (query->commandType) {
        case CMD_DELETE:
            deleting = true;
            break;
        case CMD_UPDATE:
            updated = assigned_columns(query->targetList, updated);
            break;
        case CMD_INSERT:
            if (query->onConflict != nullptr && query->onConflict->action == ONCONFLICT_UPDATE)
                updated = assigned_columns(query->onConflict->onConflictSet, updated);
            break;
        case CMD_MERGE: {
            ListCell *cell;
            foreach (cell, query->mergeActionList) {
                auto *action = static_cast<MergeAction *>(lfirst(cell));
                if (action->commandType == CMD_DELETE)
                    deleting = true;
                else if (action->commandType == CMD_UPDATE)
                    updated = assigned_columns(action->targetList, updated);
            }
            break;
        }
        default:
            break;
        }
        if (rte->rtekind == RTE_RELATION && (deleting || updated != nullptr) &&
            metadata::is_distributed_table(rte->relid)) {
            if (deleting)
                operations::check_write_keeps_local_keys(rte->relid, true, nullptr);
            if (updated != nullptr)
                operations::check_write_keeps_local_keys(rte->relid, false, updated);
        }
    }
    return query_tree_walker(query, TESSERA_WALKER(local_key_writes_walker), nullptr, 0);
}

} // namespace

void error_if_write_breaks_local_keys(Query *query)
{
    // Writes stand at the top level or in its WITH queries (PostgreSQL allows data-modifying
    // WITH queries only there): a SELECT without such a WITH query has none to walk for.
    if (query->commandType == CMD_SELECT && !query->hasModifyingCTE)
        return;
    local_key_writes_walker(reinterpret_cast<Node *>(query), nullptr);
}

} // namespace tessera::planner
