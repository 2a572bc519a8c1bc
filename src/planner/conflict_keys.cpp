// ON CONFLICT DO UPDATE of a pulled INSERT ... SELECT over several batches: the coordinator
// remembers the arbiter keys that earlier batches proposed, so that a row proposed again fails
// as in PostgreSQL's one command ("cannot affect row a second time"), where each batch, its own
// statement on the workers, would update the row a second time. It also finds the rows of an
// INSERT ... RETURNING with DO UPDATE ... WHERE that propose a key an earlier run of rows of one
// shard proposed: the batch is then not split into runs (insert_runs.cpp).
#include "tessera/planner/modify_internal.h"

#include "tessera/metadata/distributed_table.h"

extern "C" {
#include "access/htup_details.h"
#include "catalog/pg_constraint.h"
#include "catalog/pg_index.h"
#include "common/hashfn.h"
#include "nodes/nodeFuncs.h"
#include "utils/builtins.h"
#include "utils/datum.h"
#include "utils/hsearch.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/syscache.h"
#include "utils/typcache.h"
}

namespace tessera::planner::modify {

// The arbiter keys that the rows of a pulled INSERT ... SELECT ... ON CONFLICT DO UPDATE
// proposed in earlier batches. Each batch is its own statement on the workers, so a later batch
// could update a row that an earlier one inserted or updated, where PostgreSQL's one command
// fails ("cannot affect row a second time"); the coordinator finds such rows instead.
struct ConflictKeys {
    bool trackable;  // false: the key cannot be hashed here (expressions, types without hash)
    bool exact;      // no DO UPDATE WHERE, no partial index: the first row always affected it
    bool moves_keys; // DO UPDATE assigns a key column: the updated row may leave the key
    int count;       // key columns
    int *positions;  // their positions among the router's columns
    FmgrInfo *hash;  // per key column
    FmgrInfo *equal; // per key column
    Oid *collations;
    int16 *lengths;
    bool *by_values;
    HTAB *table; // uint32 hash -> KeyBucket
    MemoryContext context;
    int batch; // number of the batch being built
    const char *relname;
};

// Keys of one hash value: a List of KeyEntry.
struct KeyBucket {
    uint32 hash;
    List *keys;
};

struct KeyEntry {
    int batch;
    int run; // run of the batch (RowRouter::split_runs), 0 otherwise
    Datum *values;
};

namespace {

// Raises the error for a row whose key an earlier batch proposed.
void conflict_key_repeated(const ConflictKeys *keys)
{
    if (!keys->trackable)
        ereport(ERROR,
                (errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
                 errmsg("INSERT ... SELECT ... ON CONFLICT DO UPDATE on distributed table \"%s\" "
                        "over more than %d rows is not supported with this conflict target",
                        keys->relname, kPullBatchRows),
                 errdetail("The rows are inserted in batches, each its own statement on the "
                           "workers, and rows proposing the same key in different batches "
                           "cannot be found for expressions or types without a hash function.")));
    if (keys->moves_keys)
        ereport(
            ERROR,
            (errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
             errmsg("INSERT ... SELECT ... ON CONFLICT DO UPDATE on distributed table \"%s\" is "
                    "not supported when rows more than %d apart propose the same key",
                    keys->relname, kPullBatchRows),
             errdetail("The rows are inserted in batches, each its own statement on the workers; "
                       "DO UPDATE assigns a column of the conflict key, so the earlier row may "
                       "have moved the table's row away from the key, and a later row would "
                       "then insert it again.")));
    if (keys->exact)
        ereport(ERROR, (errcode(ERRCODE_CARDINALITY_VIOLATION),
                        errmsg("ON CONFLICT DO UPDATE command cannot affect row a second time"),
                        errhint("Ensure that no rows proposed for insertion within the same "
                                "command have duplicate constrained values.")));
    ereport(ERROR,
            (errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
             errmsg("INSERT ... SELECT ... ON CONFLICT DO UPDATE on distributed table \"%s\" is "
                    "not supported when rows more than %d apart propose the same key",
                    keys->relname, kPullBatchRows),
             errdetail("The rows are inserted in batches, each its own statement on the workers; "
                       "with a WHERE clause or a partial index it is not known here whether the "
                       "earlier row modified the table's row.")));
}

} // namespace

// The tracker for `query` (a pulled INSERT ... SELECT), or nullptr when it has no ON CONFLICT
// DO UPDATE or some key column is never given (always NULL: such rows never conflict).
ConflictKeys *make_conflict_keys(Query *query, const RowRouter *router, MemoryContext context)
{
    OnConflictExpr *conflict = query->onConflict;
    if (conflict == nullptr || conflict->action != ONCONFLICT_UPDATE)
        return nullptr;
    MemoryContext old = MemoryContextSwitchTo(context);
    auto *keys = static_cast<ConflictKeys *>(palloc0(sizeof(ConflictKeys)));
    keys->context = context;
    keys->exact = conflict->onConflictWhere == nullptr && conflict->arbiterWhere == nullptr;
    keys->relname = get_rel_name(router->target->relid);
    keys->trackable = true;
    List *attnos = NIL;
    if (OidIsValid(conflict->constraint)) {
        HeapTuple tuple = SearchSysCache1(
            INDEXRELID, ObjectIdGetDatum(get_constraint_index(conflict->constraint)));
        if (!HeapTupleIsValid(tuple)) {
            keys->trackable = false;
        } else {
            auto *form = reinterpret_cast<Form_pg_index>(GETSTRUCT(tuple));
            for (int i = 0; i < form->indnkeyatts; i++) {
                if (form->indkey.values[i] == 0)
                    keys->trackable = false;
                attnos = lappend_int(attnos, form->indkey.values[i]);
            }
            ReleaseSysCache(tuple);
        }
    } else {
        ListCell *cell;
        foreach (cell, conflict->arbiterElems) {
            auto *element = static_cast<InferenceElem *>(lfirst(cell));
            Node *expr = element->expr;
            while (expr != nullptr && IsA(expr, RelabelType))
                expr = reinterpret_cast<Node *>(reinterpret_cast<RelabelType *>(expr)->arg);
            if (expr == nullptr || !IsA(expr, Var) || OidIsValid(element->infercollid) ||
                OidIsValid(element->inferopclass))
                keys->trackable = false;
            else
                attnos = lappend_int(attnos, reinterpret_cast<Var *>(expr)->varattno);
        }
    }
    if (attnos == NIL)
        keys->trackable = false;
    // A DO UPDATE that assigns a key column can move the row it updated out of the key: a later
    // row proposing the key then inserts it anew in PostgreSQL instead of failing.
    ListCell *set_cell;
    foreach (set_cell, conflict->onConflictSet) {
        auto *entry = static_cast<TargetEntry *>(lfirst(set_cell));
        if (entry->resjunk || !list_member_int(attnos, entry->resno))
            continue;
        // (SET k = target.k keeps the key)
        auto *var = reinterpret_cast<Var *>(entry->expr);
        bool same = IsA(var, Var) && var->varno == static_cast<int>(query->resultRelation) &&
                    var->varattno == entry->resno && var->varlevelsup == 0;
        if (!same)
            keys->moves_keys = true;
    }
    keys->count = list_length(attnos);
    keys->positions = static_cast<int *>(palloc0(sizeof(int) * (keys->count + 1)));
    keys->hash = static_cast<FmgrInfo *>(palloc0(sizeof(FmgrInfo) * (keys->count + 1)));
    keys->equal = static_cast<FmgrInfo *>(palloc0(sizeof(FmgrInfo) * (keys->count + 1)));
    keys->collations = static_cast<Oid *>(palloc0(sizeof(Oid) * (keys->count + 1)));
    keys->lengths = static_cast<int16 *>(palloc0(sizeof(int16) * (keys->count + 1)));
    keys->by_values = static_cast<bool *>(palloc0(sizeof(bool) * (keys->count + 1)));
    int key = 0;
    ListCell *cell;
    foreach (cell, keys->trackable ? attnos : NIL) {
        AttrNumber attno = static_cast<AttrNumber>(lfirst_int(cell));
        int position = -1;
        int column = 0;
        ListCell *entry_cell;
        foreach (entry_cell, query->targetList) {
            auto *entry = static_cast<TargetEntry *>(lfirst(entry_cell));
            if (entry->resjunk)
                continue;
            if (entry->resno == attno)
                position = column;
            column++;
        }
        if (position < 0) {
            // Never given, so always NULL: no row conflicts on this key.
            MemoryContextSwitchTo(old);
            return nullptr;
        }
        Oid type = router->types[position];
        TypeCacheEntry *cache =
            lookup_type_cache(type, TYPECACHE_HASH_PROC_FINFO | TYPECACHE_EQ_OPR_FINFO);
        if (!OidIsValid(cache->hash_proc_finfo.fn_oid) || !OidIsValid(cache->eq_opr_finfo.fn_oid)) {
            keys->trackable = false;
            break;
        }
        fmgr_info_copy(&keys->hash[key], &cache->hash_proc_finfo, context);
        fmgr_info_copy(&keys->equal[key], &cache->eq_opr_finfo, context);
        keys->positions[key] = position;
        keys->collations[key] = router->collations[position];
        keys->lengths[key] = router->lengths[position];
        keys->by_values[key] = router->by_values[position];
        key++;
    }
    if (keys->trackable) {
        HASHCTL control;
        memset(&control, 0, sizeof(control));
        control.keysize = sizeof(uint32);
        control.entrysize = sizeof(KeyBucket);
        control.hcxt = context;
        keys->table = hash_create("tessera conflict keys", 1024, &control,
                                  HASH_ELEM | HASH_BLOBS | HASH_CONTEXT);
    }
    MemoryContextSwitchTo(old);
    return keys;
}

void start_conflict_key_batch(ConflictKeys *keys)
{
    keys->batch++;
}

// Records the key of one row of the batch being built; raises an ERROR if an earlier batch
// proposed the same key (rows with a NULL in the key never conflict).
void track_conflict_key(ConflictKeys *keys, RowRouter *router, const Datum *values,
                        const bool *nulls)
{
    int run = router->split_runs ? list_length(router->run_shards) : 0;
    if (!keys->trackable) {
        // cannot tell: refuse rather than risk updating twice
        if (keys->batch > 1)
            conflict_key_repeated(keys);
        if (router->shard_revisited)
            router->runs_unsafe = true;
        return;
    }
    uint32 hash = 0;
    for (int i = 0; i < keys->count; i++) {
        int position = keys->positions[i];
        if (nulls[position])
            return;
        uint32 column_hash = DatumGetUInt32(
            FunctionCall1Coll(&keys->hash[i], keys->collations[i], values[position]));
        hash = hash_combine(hash, column_hash);
    }
    bool found = false;
    auto *bucket = static_cast<KeyBucket *>(hash_search(keys->table, &hash, HASH_ENTER, &found));
    if (!found)
        bucket->keys = NIL;
    ListCell *cell;
    foreach (cell, bucket->keys) {
        auto *entry = static_cast<KeyEntry *>(lfirst(cell));
        bool same = true;
        for (int i = 0; same && i < keys->count; i++)
            same = DatumGetBool(FunctionCall2Coll(&keys->equal[i], keys->collations[i],
                                                  entry->values[i], values[keys->positions[i]]));
        if (!same)
            continue;
        // In the same batch the same shard statement has both rows, and the worker decides.
        if (entry->batch != keys->batch)
            conflict_key_repeated(keys);
        // In another run of this batch: the runs must not be statements of their own.
        if (entry->run != run)
            router->runs_unsafe = true;
        return;
    }
    MemoryContext old = MemoryContextSwitchTo(keys->context);
    auto *entry = static_cast<KeyEntry *>(palloc(sizeof(KeyEntry)));
    entry->batch = keys->batch;
    entry->run = run;
    entry->values = static_cast<Datum *>(palloc(sizeof(Datum) * keys->count));
    for (int i = 0; i < keys->count; i++)
        entry->values[i] =
            datumCopy(values[keys->positions[i]], keys->by_values[i], keys->lengths[i]);
    bucket->keys = lappend(bucket->keys, entry);
    MemoryContextSwitchTo(old);
}

} // namespace tessera::planner::modify
