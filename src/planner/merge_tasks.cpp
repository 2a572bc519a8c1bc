// The tasks of a MERGE in the planned shape (see merge_planner.cpp): a pushed-down MERGE prints
// its source for every shard group; a routed one runs its source, routes each row to its shard,
// fills in the values the coordinator computes (merge_generated_values.cpp) and sends each shard
// its rows as a VALUES list. Moved from merge_planner.cpp, unchanged. PostgreSQL-style code: no
// C++ objects with destructors live in these frames.
#include "tessera/planner/merge_internal.h"
#include "tessera/planner/modify_internal.h"
#include "tessera/planner/query_tree.h"

#include "tessera/metadata/distributed_table.h"
#include "tessera/pg/worker_text_environment.h"
#include "tessera/planner/deparse.h"
#include "tessera/planner/shard_pruning.h"

extern "C" {
#include "access/htup_details.h"
#include "catalog/pg_attribute.h"
#include "executor/executor.h"
#include "lib/stringinfo.h"
#include "miscadmin.h"
#include "nodes/makefuncs.h"
#include "parser/parsetree.h"
#include "storage/lmgr.h"
#include "utils/builtins.h"
#include "utils/datum.h"
#include "utils/lsyscache.h"
#include "utils/ruleutils.h"
#include "utils/syscache.h"
#include "utils/tuplestore.h"
}

namespace tessera::planner::modify {

namespace {

// True if column `attno` of `relid` is declared NOT NULL.
bool column_not_null(Oid relid, AttrNumber attno)
{
    HeapTuple tuple = SearchSysCache2(ATTNUM, ObjectIdGetDatum(relid), Int16GetDatum(attno));
    if (!HeapTupleIsValid(tuple))
        return false;
    bool not_null = reinterpret_cast<Form_pg_attribute>(GETSTRUCT(tuple))->attnotnull;
    ReleaseSysCache(tuple);
    return not_null;
}

// Statements writing several placements at once take the coordinator's shard write locks
// first, in shard id order (see lock_shard_for_write): here for the shards of `target` with a
// source (`sources[i]` set), before anything is sent.
void lock_written_shards(const DistributedTable *target, StringInfo *sources, int shard_count)
{
    int written = 0;
    for (int i = 0; i < shard_count; i++)
        if (sources[i] != nullptr)
            written += target->shards[i].placement_count;
    if (written <= 1)
        return;
    for (int i = 0; i < shard_count; i++)
        if (sources[i] != nullptr)
            lock_shard_for_write(static_cast<uint64>(target->shards[i].shard_id), ExclusiveLock);
}

} // namespace

// The tasks of MERGE `merge` (the planned shape) of kind `kind`; a routed MERGE's source rows
// come from running `source_plan`.
List *merge_tasks(Query *merge, int kind, PlannedStmt *source_plan, EState *estate, int *divisor)
{
    RangeTblEntry *target_rte = rt_fetch(kTargetIndex, merge->rtable);
    const DistributedTable *target = metadata::lookup_distributed_table(target_rte->relid);
    const char *relname = get_rel_name(target->relid);
    Query *bound = bind_params(merge, estate->es_param_list_info);
    // now(), current_setting(), ... as the coordinator session sees them, once for all shards.
    bound = reinterpret_cast<Query *>(
        evaluate_node_session_expressions(reinterpret_cast<Node *>(bound), "MERGE", relname));
    // Serial / identity defaults of NOT MATCHED INSERTs (a routed MERGE only, see
    // plan_merge_query) become source columns the coordinator fills in below.
    int source_natts = list_length(rt_fetch(kSourceIndex, bound->rtable)->eref->colnames);
    CoordinatorValues computed;
    if (kind == kMergeRouted)
        computed = prepare_coordinator_values(bound, source_natts);
    else if (has_coordinator_values(bound->mergeActionList))
        elog(ERROR, "pushed down MERGE with values the coordinator computes");
    Node *worker_parts =
        reinterpret_cast<Node *>(list_make2(bound->jointree->quals, bound->mergeActionList));
    if (text_styles_matter(worker_parts))
        ereport(ERROR,
                (errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
                 errmsg("date/time or float values converted to text in MERGE on distributed "
                        "table \"%s\" need DateStyle ISO, YMD, IntervalStyle postgres and "
                        "extra_float_digits above 0",
                        relname),
                 errdetail("The ON condition and the actions run on the worker nodes, whose "
                           "sessions use those settings."),
                 errhint("Convert the values in the USING source instead, or reset the "
                         "settings.")));
    bool hash = target->partition_method == metadata::kDistributeByHash;
    int shard_count = hash ? target->shard_count : 1;
    auto **sources = static_cast<StringInfo *>(palloc0(sizeof(StringInfo) * shard_count));
    Query *source = rt_fetch(kSourceIndex, bound->rtable)->subquery;

    if (kind == kMergePushdown) {
        List *relids = query_relation_oids(reinterpret_cast<Node *>(source), NIL);
        for (int i = 0; i < shard_count; i++) {
            sources[i] = makeStringInfo();
            appendStringInfo(sources[i], "(%s)",
                             deparse_query_for_shards(source, substitutions_for(relids, i),
                                                      list_length(relids)));
        }
        lock_written_shards(target, sources, shard_count);
    } else {
        TupleDesc desc;
        Tuplestorestate *rows = run_select(source_plan, estate, &desc);
        TupleTableSlot *slot = MakeSingleTupleTableSlot(desc, &TTSOpsMinimalTuple);
        int natts = desc->natts;
        if (natts != source_natts)
            elog(ERROR, "MERGE source has %d columns, expected %d", natts, source_natts);
        for (int i = 0; i < natts; i++) {
            Oid type = TupleDescAttr(desc, i)->atttypid;
            if (!type_known_on_workers(type))
                ereport(ERROR, (errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
                                errmsg("a source column of type %s in MERGE on distributed table "
                                       "\"%s\" is not supported",
                                       format_type_be(type), relname),
                                errdetail("The source's rows are sent to the worker nodes, which "
                                          "may not know the type.")));
        }
        bool route = hash && !target->single_shard;
        bool inserts = false;
        ListCell *cell;
        foreach (cell, bound->mergeActionList)
            inserts =
                inserts || static_cast<MergeAction *>(lfirst(cell))->commandType == CMD_INSERT;
        ExprState **unmatched_quals = nullptr;
        ExprContext *econtext = GetPerTupleExprContext(estate);
        // First pass: the shard of every source row, and the rows kept for the second.
        int count = 0;
        int capacity = 64;
        auto *kept = static_cast<MinimalTuple *>(palloc(sizeof(MinimalTuple) * capacity));
        auto *shard_of = static_cast<int *>(palloc(sizeof(int) * capacity));
        while (tuplestore_gettupleslot(rows, true, false, slot)) {
            CHECK_FOR_INTERRUPTS();
            slot_getallattrs(slot);
            int shard_index = 0;
            if (route) {
                Form_pg_attribute attr = TupleDescAttr(desc, natts - 1);
                if (slot->tts_isnull[natts - 1]) {
                    // Matches nothing; only an INSERT could do something with it, which puts
                    // NULL in the distribution column: PostgreSQL's not-null error from any
                    // shard, or Tessera's own. Which NOT MATCHED action takes the row depends
                    // on the source row alone, so it is decided here.
                    if (!inserts)
                        continue;
                    if (unmatched_quals == nullptr)
                        unmatched_quals = init_unmatched_quals(bound->mergeActionList);
                    ResetExprContext(econtext);
                    econtext->ecxt_scantuple = slot;
                    if (!unmatched_row_inserts(bound->mergeActionList, unmatched_quals, econtext))
                        continue;
                    if (!column_not_null(target->relid, target->dist_column))
                        metadata::report_null_distribution_value(target->relid,
                                                                 target->dist_column);
                } else {
                    shard_index = shard_index_for_constant(target, slot->tts_values[natts - 1],
                                                           attr->atttypid, attr->attcollation);
                    if (shard_index < 0)
                        ereport(ERROR, (errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
                                        errmsg("MERGE on distributed table \"%s\" cannot route a "
                                               "source value of type %s",
                                               relname, format_type_be(attr->atttypid))));
                }
            }
            if (count == capacity) {
                capacity *= 2;
                kept = static_cast<MinimalTuple *>(repalloc(kept, sizeof(MinimalTuple) * capacity));
                shard_of = static_cast<int *>(repalloc(shard_of, sizeof(int) * capacity));
            }
            kept[count] = ExecCopySlotMinimalTuple(slot);
            shard_of[count++] = shard_index;
            if (sources[shard_index] == nullptr)
                sources[shard_index] = makeStringInfo();
        }
        tuplestore_end(rows);
        lock_written_shards(target, sources, shard_count);

        // The NOT MATCHED action each row would take if it matched no target row (-1: none
        // that computes values), and which rows do match: only the rows an INSERT with values
        // the coordinator computes inserts take values, in source order, as PostgreSQL takes
        // them only for the rows it inserts.
        int *action_of = nullptr;
        bool *matched = nullptr;
        if (computed.count > 0 && count > 0) {
            if (unmatched_quals == nullptr)
                unmatched_quals = init_unmatched_quals(bound->mergeActionList);
            action_of = static_cast<int *>(palloc(sizeof(int) * count));
            auto *asks = static_cast<bool *>(palloc0(sizeof(bool) * count));
            bool any = false;
            for (int r = 0; r < count; r++) {
                ExecStoreMinimalTuple(kept[r], slot, false);
                ResetExprContext(econtext);
                econtext->ecxt_scantuple = slot;
                int action =
                    unmatched_action_index(bound->mergeActionList, unmatched_quals, econtext);
                action_of[r] = action >= 0 && computed.action_computes[action] ? action : -1;
                asks[r] = action_of[r] >= 0;
                any = any || asks[r];
            }
            if (any)
                matched = rows_matching_target(bound, target, desc, kept, shard_of, asks, count);
        }

        // The computed values, in source order (each row's in its action's column order), in
        // the session's own settings.
        Datum *values = nullptr;
        bool *nulls = nullptr;
        if (matched != nullptr) {
            values = static_cast<Datum *>(palloc0(sizeof(Datum) * count * computed.count));
            nulls = static_cast<bool *>(palloc(sizeof(bool) * count * computed.count));
            for (int r = 0; r < count; r++) {
                CHECK_FOR_INTERRUPTS();
                bool inserted = action_of[r] >= 0 && !matched[r];
                ExecStoreMinimalTuple(kept[r], slot, false);
                ResetExprContext(econtext);
                econtext->ecxt_scantuple = slot;
                for (int k = 0; k < computed.count; k++) {
                    Const *type = computed.null_value[k];
                    int at = r * computed.count + k;
                    nulls[at] = true;
                    if (!inserted || computed.action[k] != action_of[r])
                        continue;
                    Datum value =
                        ExecEvalExprSwitchContext(computed.state[k], econtext, &nulls[at]);
                    if (!nulls[at])
                        values[at] = datumCopy(value, type->constbyval, type->constlen);
                }
            }
        }

        // Second pass: the rows as a VALUES list per shard, with the computed values.
        int level = pg::enter_worker_text_environment();
        for (int r = 0; r < count; r++) {
            CHECK_FOR_INTERRUPTS();
            ExecStoreMinimalTuple(kept[r], slot, false);
            slot_getallattrs(slot);
            StringInfo text = sources[shard_of[r]];
            appendStringInfoString(text, text->len == 0 ? "(VALUES (" : ", (");
            for (int i = 0; i < natts; i++) {
                Form_pg_attribute attr = TupleDescAttr(desc, i);
                Const *value =
                    makeConst(attr->atttypid, attr->atttypmod, attr->attcollation, attr->attlen,
                              slot->tts_values[i], slot->tts_isnull[i], attr->attbyval);
                appendStringInfo(
                    text, "%s%s", i == 0 ? "" : ", ",
                    deparse_expression(reinterpret_cast<Node *>(value), NIL, false, false));
            }
            for (int k = 0; k < computed.count; k++) {
                Const *value = computed.null_value[k];
                if (values != nullptr && !nulls[r * computed.count + k]) {
                    value = static_cast<Const *>(copyObject(value));
                    value->constvalue = values[r * computed.count + k];
                    value->constisnull = false;
                }
                appendStringInfo(
                    text, ", %s",
                    deparse_expression(reinterpret_cast<Node *>(value), NIL, false, false));
            }
            appendStringInfoChar(text, ')');
        }
        pg::leave_worker_text_environment(level);
        ExecDropSingleTupleTableSlot(slot);
        for (int i = 0; i < shard_count; i++)
            if (sources[i] != nullptr)
                appendStringInfoChar(sources[i], ')');
    }

    List *tasks = NIL;
    *divisor = 1;
    for (int i = 0; i < shard_count; i++) {
        if (sources[i] == nullptr)
            continue;
        const metadata::ShardInterval &shard = target->shards[i];
        first_placement(target, i);
        char *sql = merge_statement_text(
            bound, metadata::qualified_shard_name(target->relid, shard.shard_id), sources[i]->data);
        int placements = hash ? 1 : shard.placement_count;
        for (int p = 0; p < placements; p++)
            tasks = lappend(tasks, hash ? make_shard_task(target, i, sql)
                                        : make_task(shard.placements[p].group_id, sql));
        if (!hash)
            *divisor = Max(shard.placement_count, 1);
    }
    return tasks;
}

} // namespace tessera::planner::modify
