// The checks on data-modifying WITH queries. Here such a WITH query runs first, as a statement of
// its own, while PostgreSQL runs the whole statement on one snapshot; these checks refuse the
// statements whose rest would then see the WITH queries' changes.
// PostgreSQL-style code: no C++ objects with destructors live in these frames.
#include "tessera/operations/foreign_keys.h"
#include "tessera/planner/modify_internal.h"
#include "tessera/planner/query_tree.h"

extern "C" {
#include "catalog/partition.h"
#include "catalog/pg_class.h"
#include "catalog/pg_inherits.h"
#include "parser/parsetree.h"
#include "utils/lsyscache.h"
}

namespace tessera::planner::modify {

namespace {

// True if `relids` (Oids of tables a statement reads) holds `written`, one of its partitions (at
// any level) or one of the partitioned tables it is a partition of: these read rows of `written`.
bool reads_rows_of(List *relids, Oid written)
{
    if (list_member_oid(relids, written))
        return true;
    if (get_rel_relkind(written) == RELKIND_PARTITIONED_TABLE) {
        ListCell *cell;
        foreach (cell, find_all_inheritors(written, AccessShareLock, nullptr))
            if (list_member_oid(relids, lfirst_oid(cell)))
                return true;
    }
    if (get_rel_relispartition(written)) {
        ListCell *cell;
        foreach (cell, get_partition_ancestors(written))
            if (list_member_oid(relids, lfirst_oid(cell)))
                return true;
    }
    return false;
}

} // namespace

// Checks the data-modifying WITH queries of write `query`. They run first, one after the other,
// each as a statement of its own, and their RETURNING rows replace their references (see
// materialize_ctes); PostgreSQL instead runs them all on one snapshot, so the rest of the
// statement must not read (or, for UPDATE / DELETE, modify) a table they modify: it would see
// their changes. A partition and its partitioned tables share rows, so reading one of them
// counts as reading the other.
void check_modifying_ctes(Query *query, const char *command, const char *relname)
{
    ListCell *cell;
    foreach (cell, query->cteList) {
        auto *cte = static_cast<CommonTableExpr *>(lfirst(cell));
        auto *cte_query = reinterpret_cast<Query *>(cte->ctequery);
        if (cte_query->commandType == CMD_SELECT)
            continue;
        Oid modified = rt_fetch(cte_query->resultRelation, cte_query->rtable)->relid;
        List *relids = NIL;
        ListCell *other;
        foreach (other, query->cteList)
            if (other != cell)
                relids = query_relation_oids(
                    static_cast<CommonTableExpr *>(lfirst(other))->ctequery, relids);
        if (query->commandType == CMD_INSERT) {
            // The INSERT's target itself may be the modified table (rows moved within it), but
            // its ON CONFLICT DO UPDATE must not meet a row the WITH query updated or inserted:
            // PostgreSQL refuses to change a row twice in one statement (or keeps one of the
            // changes), while here the WITH query's change is done and would be updated again.
            Oid target = rt_fetch(query->resultRelation, query->rtable)->relid;
            if (query->onConflict != nullptr && query->onConflict->action == ONCONFLICT_UPDATE &&
                cte_query->commandType != CMD_DELETE &&
                reads_rows_of(list_make1_oid(target), modified))
                ereport(ERROR,
                        (errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
                         errmsg("WITH query \"%s\" modifies table \"%s\", which the ON CONFLICT "
                                "DO UPDATE of the INSERT on distributed table \"%s\" could update "
                                "again",
                                cte->ctename, get_rel_name(modified), relname),
                         errdetail("Data-modifying WITH queries run before the statement, so its "
                                   "conflicts would find their rows already changed.")));
            Index select_index = insert_select_index(query);
            if (select_index != 0)
                relids = query_relation_oids(
                    reinterpret_cast<Node *>(rt_fetch(select_index, query->rtable)->subquery),
                    relids);
            relids = query_relation_oids(reinterpret_cast<Node *>(query->returningList), relids);
            relids = query_relation_oids(reinterpret_cast<Node *>(query->onConflict), relids);
        } else {
            Query rest = *query;
            rest.cteList = NIL;
            relids = query_relation_oids(reinterpret_cast<Node *>(&rest), relids);
        }
        if (reads_rows_of(relids, modified))
            ereport(ERROR,
                    (errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
                     errmsg("WITH query \"%s\" modifies table \"%s\", which the rest of the %s "
                            "on distributed table \"%s\" uses",
                            cte->ctename, get_rel_name(modified), command, relname),
                     errdetail("Data-modifying WITH queries run before the statement, which would "
                               "see their changes.")));
        // The foreign key actions its DELETE / UPDATE fires (ON DELETE CASCADE, SET NULL, ...)
        // write other tables, and these changes too are done when the rest runs.
        if (cte_query->commandType == CMD_INSERT)
            continue;
        Bitmapset *assigned = nullptr;
        ListCell *target;
        foreach (target, cte_query->targetList) {
            auto *entry = static_cast<TargetEntry *>(lfirst(target));
            if (!entry->resjunk)
                assigned = bms_add_member(assigned, entry->resno);
        }
        foreach (target, operations::foreign_key_action_tables(
                             modified, cte_query->commandType == CMD_DELETE, assigned)) {
            if (reads_rows_of(relids, lfirst_oid(target)))
                ereport(ERROR,
                        (errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
                         errmsg("WITH query \"%s\" modifies table \"%s\" through a foreign key "
                                "action, which the rest of the %s on distributed table \"%s\" "
                                "uses",
                                cte->ctename, get_rel_name(lfirst_oid(target)), command, relname),
                         errdetail("Data-modifying WITH queries run before the statement, which "
                                   "would see their changes.")));
        }
    }
}

} // namespace tessera::planner::modify
