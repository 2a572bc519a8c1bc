// Values of a MERGE's NOT MATCHED INSERTs that only the coordinator can compute (serial /
// identity defaults, whose sequences live there; other sequence values, volatile or
// non-distributed functions): which values they are, the NOT MATCHED action each source row
// would take, and the query that asks the shards which source rows match a target row, so that
// the coordinator computes values only for the rows an INSERT inserts (merge_tasks sends them
// as extra source columns). Moved from merge_planner.cpp, unchanged. PostgreSQL-style code: no
// C++ objects with destructors live in these frames.
#include "tessera/planner/merge_internal.h"
#include "tessera/planner/modify_internal.h"
#include "tessera/planner/query_tree.h"

#include "tessera/executor/connection.h"
#include "tessera/metadata/distributed_table.h"
#include "tessera/metadata/nodes.h"
#include "tessera/pg/worker_text_environment.h"
#include "tessera/planner/deparse.h"

extern "C" {
#include "access/htup_details.h"
#include "catalog/pg_attribute.h"
#include "executor/executor.h"
#include "lib/stringinfo.h"
#include "nodes/makefuncs.h"
#include "nodes/nodeFuncs.h"
#include "optimizer/optimizer.h"
#include "parser/parsetree.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"
#include "utils/ruleutils.h"
}

namespace tessera::planner::modify {

// True if the coordinator computes `entry`, a value of an INSERT of a NOT MATCHED action, for
// each row it inserts (merge_tasks): it reads the source row only, so its value can travel
// with that row, as a value of a type the workers know. This is what lets a NOT MATCHED
// INSERT leave a serial / identity column to its default, whose sequence lives on the
// coordinator only.
bool coordinator_computes(TargetEntry *entry)
{
    Node *expr = reinterpret_cast<Node *>(entry->expr);
    return !entry->resjunk && !contains_sublink(expr) && !reads_target(expr, nullptr) &&
           type_known_on_workers(exprType(expr));
}

// True if some NOT MATCHED INSERT of `actions` has a value the coordinator computes per row.
bool has_coordinator_values(List *actions)
{
    ListCell *cell;
    foreach (cell, actions) {
        auto *action = static_cast<MergeAction *>(lfirst(cell));
        if (action->commandType != CMD_INSERT)
            continue;
        ListCell *entry_cell;
        foreach (entry_cell, action->targetList)
            if (needs_coordinator_value(static_cast<TargetEntry *>(lfirst(entry_cell))))
                return true;
    }
    return false;
}

// The conditions of the NOT MATCHED actions of `actions` (nullptr for other actions and for
// actions without one), ready to evaluate over a source row as the scan tuple.
ExprState **init_unmatched_quals(List *actions)
{
    auto **quals =
        static_cast<ExprState **>(palloc0(sizeof(ExprState *) * (list_length(actions) + 1)));
    int i = 0;
    ListCell *cell;
    foreach (cell, actions) {
        auto *action = static_cast<MergeAction *>(lfirst(cell));
        if (!action->matched && action->qual != nullptr)
            quals[i] =
                ExecInitExpr(expression_planner(reinterpret_cast<Expr *>(action->qual)), nullptr);
        i++;
    }
    return quals;
}

// The position in `actions` of the NOT MATCHED action PostgreSQL would take for the source row
// in `econtext`'s scan tuple (the first whose condition holds), or -1 if none would.
int unmatched_action_index(List *actions, ExprState **quals, ExprContext *econtext)
{
    int i = 0;
    ListCell *cell;
    foreach (cell, actions) {
        auto *action = static_cast<MergeAction *>(lfirst(cell));
        ExprState *qual = quals[i++];
        if (action->matched)
            continue;
        if (qual != nullptr) {
            bool isnull = false;
            Datum holds = ExecEvalExprSwitchContext(qual, econtext, &isnull);
            if (isnull || !DatumGetBool(holds))
                continue;
        }
        return i - 1;
    }
    return -1;
}

// True if the NOT MATCHED action PostgreSQL would take for the source row in `econtext`'s scan
// tuple (the first whose condition holds) is an INSERT.
bool unmatched_row_inserts(List *actions, ExprState **quals, ExprContext *econtext)
{
    int index = unmatched_action_index(actions, quals, econtext);
    return index >= 0 &&
           static_cast<MergeAction *>(list_nth(actions, index))->commandType == CMD_INSERT;
}

// Replaces every value of `merge`'s NOT MATCHED INSERTs that the coordinator computes by a new
// column of the source (after its `natts` columns, named n1, n2, ...), and returns how to
// compute them. Such an INSERT is printed with OVERRIDING SYSTEM VALUE: the value the
// coordinator computed (an identity column's) is the one to insert, whatever the shards'
// columns are. `merge` is the statement's bound copy.
CoordinatorValues prepare_coordinator_values(Query *merge, int natts)
{
    CoordinatorValues values;
    int actions = list_length(merge->mergeActionList);
    int capacity = 0;
    ListCell *cell;
    foreach (cell, merge->mergeActionList) {
        auto *action = static_cast<MergeAction *>(lfirst(cell));
        if (action->commandType == CMD_INSERT)
            capacity += list_length(action->targetList);
    }
    values.action = static_cast<int *>(palloc0(sizeof(int) * (capacity + 1)));
    values.state = static_cast<ExprState **>(palloc0(sizeof(ExprState *) * (capacity + 1)));
    values.null_value = static_cast<Const **>(palloc0(sizeof(Const *) * (capacity + 1)));
    values.action_computes = static_cast<bool *>(palloc0(sizeof(bool) * (actions + 1)));
    RangeTblEntry *source_rte = rt_fetch(kSourceIndex, merge->rtable);
    int index = 0;
    foreach (cell, merge->mergeActionList) {
        auto *action = static_cast<MergeAction *>(lfirst(cell));
        if (action->commandType == CMD_INSERT) {
            ListCell *entry_cell;
            foreach (entry_cell, action->targetList) {
                auto *entry = static_cast<TargetEntry *>(lfirst(entry_cell));
                if (!needs_coordinator_value(entry))
                    continue;
                if (!coordinator_computes(entry))
                    elog(ERROR, "MERGE value the coordinator cannot compute");
                Expr *expr = entry->expr;
                Oid type = exprType(reinterpret_cast<Node *>(expr));
                int32 typmod = exprTypmod(reinterpret_cast<Node *>(expr));
                Oid collation = exprCollation(reinterpret_cast<Node *>(expr));
                int16 typlen;
                bool typbyval;
                get_typlenbyval(type, &typlen, &typbyval);
                int k = values.count++;
                values.action[k] = index;
                values.state[k] = ExecInitExpr(
                    expression_planner(static_cast<Expr *>(copyObject(expr))), nullptr);
                values.null_value[k] = makeConst(type, typmod, collation, typlen,
                                                 static_cast<Datum>(0), true, typbyval);
                values.action_computes[index] = true;
                entry->expr = reinterpret_cast<Expr *>(
                    makeVar(kSourceIndex, natts + k + 1, type, typmod, collation, 0));
                source_rte->eref->colnames =
                    lappend(source_rte->eref->colnames, makeString(psprintf("n%d", k + 1)));
                action->override = OVERRIDING_SYSTEM_VALUE;
            }
        }
        index++;
    }
    return values;
}

// Asks the shards which of the `count` source rows `rows` (routed to shard `shard_of[r]`)
// match a target row by `merge`'s ON condition, for the rows with `asks[r]` set; returns one
// flag per row. The matching target rows are locked (FOR SHARE) in the coordinated
// transaction until it ends, so the MERGE that follows, sent through the same connections,
// finds them matching still. One query per node.
bool *rows_matching_target(Query *merge, const DistributedTable *target, TupleDesc desc,
                           MinimalTuple *rows, const int *shard_of, const bool *asks, int count)
{
    auto *matched = static_cast<bool *>(palloc0(sizeof(bool) * (count + 1)));
    int level = pg::enter_worker_text_environment();
    const char *alias = target_alias(merge);
    const char *source = source_name(alias);
    const char *on_text = merge_on_text(merge);
    StringInfoData columns;
    initStringInfo(&columns);
    for (int i = 0; i < desc->natts; i++)
        appendStringInfo(&columns, "%s, ",
                         quote_identifier(strVal(
                             list_nth(rt_fetch(kSourceIndex, merge->rtable)->eref->colnames, i))));
    appendStringInfoString(&columns, "merge_row");
    TupleTableSlot *slot = MakeSingleTupleTableSlot(desc, &TTSOpsMinimalTuple);
    int shard_count =
        target->partition_method == metadata::kDistributeByHash ? target->shard_count : 1;
    executor::GroupBatches ctes;
    executor::GroupBatches selects;
    for (int s = 0; s < shard_count; s++) {
        StringInfo values = nullptr;
        for (int r = 0; r < count; r++) {
            if (!asks[r] || shard_of[r] != s)
                continue;
            if (values == nullptr) {
                values = makeStringInfo();
                appendStringInfoString(values, "(VALUES ");
            } else {
                appendStringInfoString(values, ", ");
            }
            ExecStoreMinimalTuple(rows[r], slot, false);
            slot_getallattrs(slot);
            appendStringInfoChar(values, '(');
            for (int i = 0; i < desc->natts; i++) {
                Form_pg_attribute attr = TupleDescAttr(desc, i);
                Const *value =
                    makeConst(attr->atttypid, attr->atttypmod, attr->attcollation, attr->attlen,
                              slot->tts_values[i], slot->tts_isnull[i], attr->attbyval);
                appendStringInfo(
                    values, "%s, ",
                    deparse_expression(reinterpret_cast<Node *>(value), NIL, false, false));
            }
            appendStringInfo(values, "%d)", r);
        }
        if (values == nullptr)
            continue;
        appendStringInfoChar(values, ')');
        int32 group = first_placement(target, s)->group_id;
        bool created = false;
        StringInfo cte = executor::batch_for_group(&ctes, group, &created);
        appendStringInfo(cte,
                         "%sm%d AS (SELECT %s.merge_row FROM %s AS %s, %s AS %s(%s) WHERE %s FOR "
                         "SHARE OF %s)",
                         created ? "WITH " : ", ", s, quote_identifier(source),
                         metadata::qualified_shard_name(target->relid, target->shards[s].shard_id),
                         quote_identifier(alias), values->data, quote_identifier(source),
                         columns.data, on_text, quote_identifier(alias));
        StringInfo select = executor::batch_for_group(&selects, group, &created);
        appendStringInfo(select, "%sSELECT merge_row FROM m%d", created ? " " : " UNION ALL ", s);
    }
    ExecDropSingleTupleTableSlot(slot);
    pg::leave_worker_text_environment(level);

    int nodes = list_length(ctes.groups);
    if (nodes == 0)
        return matched;
    auto **connections =
        static_cast<executor::NodeConnection **>(palloc0(sizeof(void *) * (nodes + 1)));
    auto **commands = static_cast<const char **>(palloc0(sizeof(char *) * (nodes + 1)));
    auto **results = static_cast<PGresult **>(palloc0(sizeof(PGresult *) * (nodes + 1)));
    List *pending = NIL;
    for (int i = 0; i < nodes; i++) {
        metadata::WorkerNode *node = metadata::usable_node_for_group(list_nth_int(ctes.groups, i));
        connections[i] = executor::start_node_connection(node->node_name, node->node_port);
        pending = lappend(pending, connections[i]);
        StringInfo command = static_cast<StringInfo>(list_nth(ctes.batches, i));
        appendStringInfoString(command,
                               static_cast<StringInfo>(list_nth(selects.batches, i))->data);
        commands[i] = command->data;
    }
    executor::wait_for_connections(pending);
    for (int i = 0; i < nodes; i++)
        executor::join_coordinated_transaction(connections[i]);
    executor::execute_commands_parallel(connections, commands, nodes, results, true);
    for (int i = 0; i < nodes; i++) {
        for (int r = 0; results[i] != nullptr && r < PQntuples(results[i]); r++) {
            int row = atoi(PQgetvalue(results[i], r, 0));
            if (row >= 0 && row < count)
                matched[row] = true;
        }
        if (results[i] != nullptr)
            PQclear(results[i]);
        executor::release_connection(connections[i]);
    }
    return matched;
}

} // namespace tessera::planner::modify
