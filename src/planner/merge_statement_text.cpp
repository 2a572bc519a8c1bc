// The text of a MERGE in the planned shape (see merge_planner.cpp) for one shard: PostgreSQL 15
// prints no MERGE through ruleutils, so the statement is printed here, its expressions by
// ruleutils (row comparisons across schemas' operators written out, as in other shard queries);
// and the names it gives the target and the source. PostgreSQL-style code: no C++ objects with
// destructors live in these frames.
#include "tessera/planner/deparse_internal.h"
#include "tessera/planner/merge_internal.h"

#include "tessera/pg/worker_text_environment.h"

extern "C" {
#include "lib/stringinfo.h"
#include "nodes/makefuncs.h"
#include "optimizer/optimizer.h"
#include "parser/parsetree.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"
#include "utils/ruleutils.h"
}

namespace tessera::planner::modify {

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

// Prints MERGE `merge` (the planned shape, parameters bound) for one shard: the target named
// `target_name`, the source `source_text` (a parenthesised SELECT or a VALUES list).
namespace {

// Prints `expr` for the MERGE sent to the shards: row comparisons whose columns take operators
// of different schemas written out column by column (ruleutils names only the first one's).
char *print_expression(Node *expr, List *context)
{
    return deparse_expression(expand_row_compares(static_cast<Node *>(copyObject(expr))), context,
                              true, false);
}

// The ruleutils context that names `merge`'s target and source as the shards' statements do.
List *names_context(Query *merge)
{
    const char *alias = target_alias(merge);
    PlannedStmt *names_of = makeNode(PlannedStmt);
    names_of->rtable = merge->rtable;
    return deparse_context_for_plan_tree(names_of,
                                         list_make2(pstrdup(alias), pstrdup(source_name(alias))));
}

// merge_on_text with the context at hand.
const char *on_text(Query *merge, List *context)
{
    Node *on = merge->jointree->quals;
    if (on != nullptr && IsA(on, List))
        on = reinterpret_cast<Node *>(make_ands_explicit(reinterpret_cast<List *>(on)));
    return on != nullptr ? print_expression(on, context) : "true";
}

} // namespace

const char *merge_on_text(Query *merge)
{
    return on_text(merge, names_context(merge));
}

char *merge_statement_text(Query *merge, const char *target_name, const char *source_text)
{
    int level = pg::enter_worker_text_environment();
    const char *alias = target_alias(merge);
    const char *source = source_name(alias);
    List *context = names_context(merge);
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
    appendStringInfo(&sql, ") ON %s", on_text(merge, context));
    foreach (cell, merge->mergeActionList) {
        auto *action = static_cast<MergeAction *>(lfirst(cell));
        appendStringInfoString(&sql, action->matched ? " WHEN MATCHED" : " WHEN NOT MATCHED");
        if (action->qual != nullptr)
            appendStringInfo(&sql, " AND %s", print_expression(action->qual, context));
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
                                 print_expression(reinterpret_cast<Node *>(entry->expr), context));
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
                                 print_expression(reinterpret_cast<Node *>(entry->expr), context));
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

} // namespace tessera::planner::modify
