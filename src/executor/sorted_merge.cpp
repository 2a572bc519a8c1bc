// The merge of a Tessera Adaptive scan whose tasks each return rows in the final order: every
// task's rows are read into a tuplestore of its own, then returned through a binary heap of the
// tasks' current rows, compared as the Sort the merge stands for would compare them.
#include "tessera/executor/distributed_scan_internal.h"

extern "C" {
#include "access/stratnum.h"
#include "executor/executor.h"
#include "executor/tuptable.h"
#include "miscadmin.h"
#include "utils/builtins.h"
#include "utils/datum.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/ruleutils.h"
#include "utils/typcache.h"
}

namespace tessera::executor::distributed_scan_internal {

namespace {

// Compares two rows by the merge keys, as the Sort the merge stands for would.
int compare_merge_rows(DistributedScanState *state, TupleTableSlot *a, TupleTableSlot *b)
{
    for (int k = 0; k < state->merge_key_count; k++) {
        SortSupport key = &state->merge_keys[k];
        bool a_null, b_null;
        Datum a_value = slot_getattr(a, key->ssup_attno, &a_null);
        Datum b_value = slot_getattr(b, key->ssup_attno, &b_null);
        int result = ApplySortComparator(a_value, a_null, b_value, b_null, key);
        if (result != 0)
            return result;
    }
    return 0;
}

// binaryheap comparator over task indexes. The heap keeps its largest element first, so the
// comparison is inverted: the task whose current row sorts first comes out on top.
int compare_task_heads(Datum a, Datum b, void *arg)
{
    auto *state = static_cast<DistributedScanState *>(arg);
    int result = compare_merge_rows(state, state->task_heads[DatumGetInt32(a)],
                                    state->task_heads[DatumGetInt32(b)]);
    INVERT_COMPARE_RESULT(result);
    return result;
}

// Sorts the rows of every task together: the fallback when some task's rows did not arrive in
// merge order (a node that orders differently, e.g. under another collation library version),
// so that the answer is right either way.
void sort_all_task_rows(DistributedScanState *state)
{
    int count = state->merge_key_count;
    auto *attnos = static_cast<AttrNumber *>(palloc(sizeof(AttrNumber) * count));
    auto *operators = static_cast<Oid *>(palloc(sizeof(Oid) * count));
    auto *collations = static_cast<Oid *>(palloc(sizeof(Oid) * count));
    auto *nulls_first = static_cast<bool *>(palloc(sizeof(bool) * count));
    for (int k = 0; k < count; k++) {
        List *key = static_cast<List *>(list_nth(state->merge_key_list, k));
        attnos[k] = static_cast<AttrNumber>(intVal(list_nth(key, kKeyAttno)));
        operators[k] = static_cast<Oid>(intVal(list_nth(key, kKeySortop)));
        collations[k] = static_cast<Oid>(intVal(list_nth(key, kKeyCollation)));
        nulls_first[k] = boolVal(list_nth(key, kKeyNullsFirst));
    }
    TupleDesc desc = state->css.ss.ss_ScanTupleSlot->tts_tupleDescriptor;
    state->unsorted_rows =
        tuplesort_begin_heap(desc, count, attnos, operators, collations, nulls_first, work_mem,
                             nullptr, TUPLESORT_RANDOMACCESS);
    state->merge_read_slot = MakeSingleTupleTableSlot(desc, &TTSOpsMinimalTuple);
    for (int i = 0; i < state->task_count; i++)
        while (tuplestore_gettupleslot(state->task_rows[i], true, false, state->task_heads[i]))
            tuplesort_puttupleslot(state->unsorted_rows, state->task_heads[i]);
    tuplesort_performsort(state->unsorted_rows);
}

// The merge keys of the last row read from one task, to check that the next one does not sort
// before it. Only the keys are kept (by-reference values copied into `memory`), which is much
// cheaper than keeping the whole row.
struct LastKeys {
    MemoryContext memory;
    Datum *values;
    bool *nulls;
    bool valid;
};

// True if `slot` sorts before the row whose keys `last` holds.
bool sorts_before_last(DistributedScanState *state, const LastKeys &last, TupleTableSlot *slot)
{
    if (!last.valid)
        return false;
    for (int k = 0; k < state->merge_key_count; k++) {
        SortSupport key = &state->merge_keys[k];
        bool is_null;
        Datum value = slot_getattr(slot, key->ssup_attno, &is_null);
        int result = ApplySortComparator(value, is_null, last.values[k], last.nulls[k], key);
        if (result != 0)
            return result < 0;
    }
    return false;
}

// Keeps the merge keys of `slot` in `last`.
void remember_keys(DistributedScanState *state, LastKeys &last, TupleTableSlot *slot)
{
    MemoryContextReset(last.memory);
    TupleDesc desc = slot->tts_tupleDescriptor;
    for (int k = 0; k < state->merge_key_count; k++) {
        AttrNumber attno = state->merge_keys[k].ssup_attno;
        Form_pg_attribute attribute = TupleDescAttr(desc, attno - 1);
        Datum value = slot_getattr(slot, attno, &last.nulls[k]);
        if (last.nulls[k] || attribute->attbyval) {
            last.values[k] = value;
        } else {
            MemoryContext old = MemoryContextSwitchTo(last.memory);
            last.values[k] = datumCopy(value, false, attribute->attlen);
            MemoryContextSwitchTo(old);
        }
    }
    last.valid = true;
}

// Runs the tasks and reads every task's rows into a tuplestore of its own (spilling to disk past
// the task's share of work_mem), checking on the way that each task's rows come in merge
// order. The connections are free again afterwards.
void load_task_rows(DistributedScanState *state)
{
    EState *estate = state->css.ss.ps.state;
    if (!state->started)
        start_execution(state);
    int task_count = state->task_count;
    MemoryContext old = MemoryContextSwitchTo(estate->es_query_cxt);
    TupleDesc desc = state->css.ss.ss_ScanTupleSlot->tts_tupleDescriptor;
    int task_kb = Max(64, work_mem / Max(task_count, 1));
    state->task_rows =
        static_cast<Tuplestorestate **>(palloc0(sizeof(Tuplestorestate *) * (task_count + 1)));
    state->task_heads =
        static_cast<TupleTableSlot **>(palloc0(sizeof(TupleTableSlot *) * (task_count + 1)));
    // One memory context holds every task's kept keys (each task's reset on its next row).
    MemoryContext keys_memory = AllocSetContextCreate(
        CurrentMemoryContext, "tessera merge order check", ALLOCSET_SMALL_SIZES);
    auto *last = static_cast<LastKeys *>(palloc0(sizeof(LastKeys) * (task_count + 1)));
    for (int i = 0; i < task_count; i++) {
        state->task_rows[i] = tuplestore_begin_heap(false, false, task_kb);
        state->task_heads[i] = MakeSingleTupleTableSlot(desc, &TTSOpsMinimalTuple);
        last[i].memory =
            AllocSetContextCreate(keys_memory, "tessera merge task keys", ALLOCSET_SMALL_SIZES);
        last[i].values = static_cast<Datum *>(palloc0(sizeof(Datum) * state->merge_key_count));
        last[i].nulls = static_cast<bool *>(palloc0(sizeof(bool) * state->merge_key_count));
    }
    state->merge_heap = binaryheap_allocate(Max(task_count, 1), compare_task_heads, state);
    bool in_order = true;
    ExprContext *econtext = state->css.ss.ps.ps_ExprContext;
    PGresult *result;
    while ((result = next_result(state)) != nullptr) {
        state->current = result; // freed by end_scan should an error interrupt the loop
        int task = state->slots[state->current_slot].task;
        for (int row = 0; row < PQntuples(result); row++) {
            TupleTableSlot *slot = store_row(state, result, row);
            if (in_order && sorts_before_last(state, last[task], slot))
                in_order = false;
            tuplestore_puttupleslot(state->task_rows[task], slot);
            if (in_order)
                remember_keys(state, last[task], slot);
            ExecClearTuple(slot);
            ResetExprContext(econtext);
        }
        state->current = nullptr;
        PQclear(result);
        CHECK_FOR_INTERRUPTS();
    }
    end_scan(&state->css); // every task is done: hand the connections back
    MemoryContextDelete(keys_memory);
    if (!in_order) {
        ereport(DEBUG1, (errmsg("a task's rows arrived out of order, sorting them all instead of "
                                "merging")));
        sort_all_task_rows(state);
    }
    MemoryContextSwitchTo(old);
    state->merge_loaded = true;
}

} // namespace

// Sets up the sort support of the merge keys.
void prepare_merge_keys(DistributedScanState *state)
{
    state->merge_key_count = list_length(state->merge_key_list);
    if (state->merge_key_count > 0) {
        state->merge_keys =
            static_cast<SortSupport>(palloc0(sizeof(SortSupportData) * state->merge_key_count));
        for (int k = 0; k < state->merge_key_count; k++) {
            List *key = static_cast<List *>(list_nth(state->merge_key_list, k));
            SortSupport sortkey = &state->merge_keys[k];
            sortkey->ssup_cxt = CurrentMemoryContext;
            sortkey->ssup_collation = static_cast<Oid>(intVal(list_nth(key, kKeyCollation)));
            sortkey->ssup_nulls_first = boolVal(list_nth(key, kKeyNullsFirst));
            sortkey->ssup_attno = static_cast<AttrNumber>(intVal(list_nth(key, kKeyAttno)));
            sortkey->abbreviate = false;
            PrepareSortSupportFromOrderingOp(static_cast<Oid>(intVal(list_nth(key, kKeySortop))),
                                             sortkey);
        }
    }
}

// The next row of a merging scan: the smallest current row of all tasks.
// Reads every task's rows into the merge's stores now, unless they are there already.
void load_merge_rows(DistributedScanState *state)
{
    if (!state->merge_loaded)
        load_task_rows(state);
}

TupleTableSlot *next_merged_row(DistributedScanState *state)
{
    TupleTableSlot *slot = state->css.ss.ss_ScanTupleSlot;
    if (!state->merge_loaded)
        load_task_rows(state);
    if (state->unsorted_rows != nullptr) {
        if (!tuplesort_gettupleslot(state->unsorted_rows, true, false, state->merge_read_slot,
                                    nullptr))
            return ExecClearTuple(slot);
        return ExecCopySlot(slot, state->merge_read_slot);
    }
    binaryheap *heap = state->merge_heap;
    if (!state->merge_heap_ready) {
        binaryheap_reset(heap);
        for (int i = 0; i < state->task_count; i++)
            if (tuplestore_gettupleslot(state->task_rows[i], true, false, state->task_heads[i]))
                binaryheap_add_unordered(heap, Int32GetDatum(i));
        binaryheap_build(heap);
        state->merge_heap_ready = true;
    } else if (!binaryheap_empty(heap)) {
        // Advance the task whose row was returned last.
        int task = DatumGetInt32(binaryheap_first(heap));
        if (tuplestore_gettupleslot(state->task_rows[task], true, false, state->task_heads[task]))
            binaryheap_replace_first(heap, Int32GetDatum(task));
        else
            binaryheap_remove_first(heap);
    }
    if (binaryheap_empty(heap))
        return ExecClearTuple(slot);
    return ExecCopySlot(slot, state->task_heads[DatumGetInt32(binaryheap_first(heap))]);
}

// Rewinds a merging scan: its rows are kept, so the tasks do not run again.
void rescan_merge(DistributedScanState *state)
{
    if (!state->merge_loaded)
        return;
    if (state->unsorted_rows != nullptr) {
        tuplesort_rescan(state->unsorted_rows);
        return;
    }
    for (int i = 0; i < state->task_count; i++) {
        ExecClearTuple(state->task_heads[i]);
        tuplestore_rescan(state->task_rows[i]);
    }
    state->merge_heap_ready = false;
}

// Frees what a merging scan keeps.
void end_merge(DistributedScanState *state)
{
    if (!state->merge_loaded)
        return;
    for (int i = 0; i < state->task_count; i++) {
        ExecDropSingleTupleTableSlot(state->task_heads[i]);
        tuplestore_end(state->task_rows[i]);
    }
    if (state->unsorted_rows != nullptr) {
        tuplesort_end(state->unsorted_rows);
        ExecDropSingleTupleTableSlot(state->merge_read_slot);
        state->unsorted_rows = nullptr;
    }
    binaryheap_free(state->merge_heap);
    state->merge_heap = nullptr;
    state->merge_loaded = false;
}

// The merge keys for EXPLAIN, in ORDER BY style as a Sort shows them: the workers' column
// names with COLLATE, DESC (or USING for an operator that is not the type's default ordering)
// and NULLS FIRST/LAST where they differ from the defaults.
char *merge_key_text(DistributedScanState *state)
{
    StringInfoData out;
    initStringInfo(&out);
    TupleDesc desc = state->css.ss.ss_ScanTupleSlot->tts_tupleDescriptor;
    for (int k = 0; k < state->merge_key_count; k++) {
        List *key = static_cast<List *>(list_nth(state->merge_key_list, k));
        auto attno = static_cast<AttrNumber>(intVal(list_nth(key, kKeyAttno)));
        auto sortop = static_cast<Oid>(intVal(list_nth(key, kKeySortop)));
        auto collation = static_cast<Oid>(intVal(list_nth(key, kKeyCollation)));
        bool nulls_first = boolVal(list_nth(key, kKeyNullsFirst));
        Oid type = TupleDescAttr(desc, attno - 1)->atttypid;
        appendStringInfo(&out, "%s%s", k > 0 ? ", " : "",
                         quote_identifier(strVal(list_nth(key, kKeyName))));
        if (OidIsValid(collation) && collation != get_typcollation(type))
            appendStringInfo(&out, " COLLATE %s", generate_collation_name(collation));
        TypeCacheEntry *entry = lookup_type_cache(type, TYPECACHE_LT_OPR | TYPECACHE_GT_OPR);
        bool descending = false;
        if (sortop == entry->gt_opr) {
            appendStringInfoString(&out, " DESC");
            descending = true;
        } else if (sortop != entry->lt_opr) {
            appendStringInfo(&out, " USING %s", get_opname(sortop));
            Oid family, input_type;
            int16 strategy;
            descending = get_ordering_op_properties(sortop, &family, &input_type, &strategy) &&
                         strategy == BTGreaterStrategyNumber;
        }
        if (nulls_first && !descending)
            appendStringInfoString(&out, " NULLS FIRST");
        else if (!nulls_first && descending)
            appendStringInfoString(&out, " NULLS LAST");
    }
    return out.data;
}

} // namespace tessera::executor::distributed_scan_internal
