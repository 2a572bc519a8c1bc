// The backend-local cache of distributed table metadata, invalidated through the relcache.
// PostgreSQL-style code: no C++ objects with destructors live in these frames.
#include "tessera/core/hash_ranges.h"
#include "tessera/metadata/catalog.h"
#include "tessera/metadata/distributed_table.h"

extern "C" {
#include "access/hash.h"
#include "access/xact.h"
#include "catalog/namespace.h"
#include "catalog/pg_collation.h"
#include "commands/extension.h"
#include "common/hashfn.h"
#include "mb/pg_wchar.h"
#include "miscadmin.h"
#include "utils/builtins.h"
#include "utils/hsearch.h"
#include "utils/inval.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/syscache.h"
#include "utils/typcache.h"
}

namespace tessera::metadata {

namespace {

struct CacheEntry {
    Oid relid; // hash key
    bool valid;
    DistributedTable *table; // nullptr: not distributed
    MemoryContext context;   // holds *table, or nullptr
};

HTAB *cache = nullptr;
bool callbacks_registered = false;

// Counts invalidations, to notice one that arrives while an entry is being built.
uint64 invalidation_counter = 0;

// Advanced whenever a cached table's metadata (shards, placements) may have changed: plans and
// tasks remember it, so that the executor notices with one comparison that its routing may be
// out of date (metadata_generation in distributed_table.h).
uint64 generation = 1;

// Oid of pg_dist_partition once the extension was seen present; InvalidOid while unknown.
Oid known_partition_relid = InvalidOid;

// Contexts of replaced entries, freed at the end of the transaction (callers may still hold
// pointers into them until then).
List *retired_contexts = NIL;

void retire_context(MemoryContext context)
{
    if (context == nullptr)
        return;
    MemoryContext old = MemoryContextSwitchTo(TopMemoryContext);
    retired_contexts = lappend(retired_contexts, context);
    MemoryContextSwitchTo(old);
}

void invalidate_all_entries()
{
    if (cache == nullptr)
        return;
    HASH_SEQ_STATUS status;
    hash_seq_init(&status, cache);
    CacheEntry *entry;
    while ((entry = static_cast<CacheEntry *>(hash_seq_search(&status))) != nullptr)
        entry->valid = false;
}

// Relcache invalidation: forget the table's entry (or everything).
void relcache_callback(Datum, Oid relid)
{
    invalidation_counter++;
    if (!OidIsValid(relid) || relid == known_partition_relid) {
        generation++;
        known_partition_relid = InvalidOid;
        invalidate_all_entries();
        return;
    }
    if (cache == nullptr)
        return;
    CacheEntry *entry = static_cast<CacheEntry *>(hash_search(cache, &relid, HASH_FIND, nullptr));
    if (entry != nullptr) {
        if (entry->valid && entry->table != nullptr)
            generation++;
        entry->valid = false;
    }
}

// Frees retired entries once no caller can hold pointers into them any more.
void xact_callback(XactEvent event, void *)
{
    if (event != XACT_EVENT_COMMIT && event != XACT_EVENT_ABORT && event != XACT_EVENT_PREPARE &&
        event != XACT_EVENT_PARALLEL_COMMIT && event != XACT_EVENT_PARALLEL_ABORT)
        return;
    ListCell *cell;
    foreach (cell, retired_contexts)
        MemoryContextDelete(static_cast<MemoryContext>(lfirst(cell)));
    list_free(retired_contexts);
    retired_contexts = NIL;
}

void ensure_cache()
{
    if (!callbacks_registered) {
        CacheRegisterRelcacheCallback(relcache_callback, (Datum)0);
        RegisterXactCallback(xact_callback, nullptr);
        callbacks_registered = true;
    }
    if (cache == nullptr) {
        HASHCTL info;
        memset(&info, 0, sizeof(info));
        info.keysize = sizeof(Oid);
        info.entrysize = sizeof(CacheEntry);
        info.hcxt = CacheMemoryContext;
        cache = hash_create("tessera distributed tables", 64, &info,
                            HASH_ELEM | HASH_BLOBS | HASH_CONTEXT);
    }
}

int compare_shards_by_min(const void *a, const void *b)
{
    const ShardInterval *left = static_cast<const ShardInterval *>(a);
    const ShardInterval *right = static_cast<const ShardInterval *>(b);
    if (left->has_range != right->has_range)
        return left->has_range ? -1 : 1;
    if (left->has_range && left->min_value != right->min_value)
        return left->min_value < right->min_value ? -1 : 1;
    if (left->shard_id != right->shard_id)
        return left->shard_id < right->shard_id ? -1 : 1;
    return 0;
}

// True if the shards' ranges are exactly split_hash_space(count), in order.
bool ranges_are_uniform(const DistributedTable *table)
{
    if (table->shard_count < 1 || table->shard_count > 64000)
        return false;
    const int64 width = (int64{1} << 32) / table->shard_count;
    for (int i = 0; i < table->shard_count; i++) {
        const ShardInterval *shard = &table->shards[i];
        int64 min = int64{PG_INT32_MIN} + width * i;
        int64 max = (i == table->shard_count - 1) ? int64{PG_INT32_MAX} : min + width - 1;
        if (!shard->has_range || shard->min_value != min || shard->max_value != max)
            return false;
    }
    return true;
}

// Reads the catalogs into a new DistributedTable allocated in `context`; nullptr if `relid` is
// not distributed.
DistributedTable *build_table(Oid relid, MemoryContext context)
{
    if (!SearchSysCacheExists1(RELOID, ObjectIdGetDatum(relid)))
        return nullptr;
    PartitionRow *row = read_partition_row(relid);
    if (row == nullptr)
        return nullptr;

    MemoryContext old = MemoryContextSwitchTo(context);
    DistributedTable *table = static_cast<DistributedTable *>(palloc0(sizeof(DistributedTable)));
    table->relid = relid;
    table->partition_method = row->partition_method;
    table->replication_model = row->replication_model;
    table->colocation_id = row->colocation_id;
    if (row->partition_key != nullptr) {
        Node *key = static_cast<Node *>(stringToNode(row->partition_key));
        if (key == nullptr || !IsA(key, Var))
            ereport(ERROR,
                    (errcode(ERRCODE_DATA_CORRUPTED),
                     errmsg("invalid partition key in pg_dist_partition for table %u", relid)));
        table->dist_column = castNode(Var, key)->varattno;
        get_atttypetypmodcoll(relid, table->dist_column, &table->dist_type, &table->dist_typmod,
                              &table->dist_collation);
        TypeCacheEntry *type = lookup_type_cache(table->dist_type, TYPECACHE_HASH_PROC_FINFO);
        if (OidIsValid(type->hash_proc)) {
            fmgr_info_copy(&table->hash_function, &type->hash_proc_finfo, context);
            table->has_hash_function = true;
        }
    }

    List *shards = read_table_shards(relid);
    table->shard_count = list_length(shards);
    table->shards =
        static_cast<ShardInterval *>(palloc0(sizeof(ShardInterval) * Max(table->shard_count, 1)));
    int i = 0;
    ListCell *cell;
    foreach (cell, shards)
        table->shards[i++] = *static_cast<ShardInterval *>(lfirst(cell));
    qsort(table->shards, table->shard_count, sizeof(ShardInterval), compare_shards_by_min);
    for (i = 0; i < table->shard_count; i++)
        table->shards[i].shard_index = i;
    // A single-shard table: seen as a hash table whose one shard covers the whole hash space.
    if (is_single_shard_row(table->partition_method, table->replication_model) &&
        table->shard_count == 1) {
        table->partition_method = kDistributeByHash;
        table->single_shard = true;
        table->shards[0].has_range = true;
        table->shards[0].min_value = PG_INT32_MIN;
        table->shards[0].max_value = PG_INT32_MAX;
    }
    table->uniform_ranges =
        table->partition_method == kDistributeByHash && ranges_are_uniform(table);
    MemoryContextSwitchTo(old);
    return table;
}

} // namespace

// The invalidation generation of the cached metadata (see distributed_table.h).
uint64 metadata_generation()
{
    return generation;
}

bool extension_present()
{
    if (OidIsValid(known_partition_relid))
        return true;
    if (!IsTransactionState())
        return false;
    Oid relid = dist_partition_relid();
    if (!OidIsValid(relid))
        return false;
    // During CREATE EXTENSION the catalogs exist before the script finished.
    if (creating_extension && CurrentExtensionObject == get_extension_oid("tessera", true))
        return false;
    ensure_cache();
    known_partition_relid = relid;
    return true;
}

const DistributedTable *lookup_distributed_table(Oid relid)
{
    if (relid < FirstNormalObjectId || !extension_present())
        return nullptr;
    ensure_cache();
    bool found;
    CacheEntry *entry = static_cast<CacheEntry *>(hash_search(cache, &relid, HASH_ENTER, &found));
    if (!found) {
        entry->valid = false;
        entry->table = nullptr;
        entry->context = nullptr;
    }
    if (entry->valid)
        return entry->table;

    // Build into a fresh context; the entry is only updated once building succeeded.
    retire_context(entry->context);
    entry->context = nullptr;
    entry->table = nullptr;
    MemoryContext context =
        AllocSetContextCreate(CacheMemoryContext, "tessera table metadata", ALLOCSET_SMALL_SIZES);
    DistributedTable *table;
    uint64 counter_before = invalidation_counter;
    PG_TRY();
    {
        table = build_table(relid, context);
    }
    PG_CATCH();
    {
        MemoryContextDelete(context);
        PG_RE_THROW();
    }
    PG_END_TRY();

    // An invalidation that arrived while reading the catalogs may have made what was read stale:
    // use it for this call, but read again next time.
    entry = static_cast<CacheEntry *>(hash_search(cache, &relid, HASH_ENTER, &found));
    if (table == nullptr) {
        MemoryContextDelete(context);
        context = nullptr;
    }
    entry->table = table;
    entry->context = context;
    entry->valid = (invalidation_counter == counter_before);
    return table;
}

bool is_distributed_table(Oid relid)
{
    return lookup_distributed_table(relid) != nullptr;
}

Oid distributed_table_named(RangeVar *range)
{
    if (range == nullptr || !extension_present())
        return InvalidOid;
    Oid relid = RangeVarGetRelid(range, NoLock, true);
    return OidIsValid(relid) && is_distributed_table(relid) ? relid : InvalidOid;
}

bool is_reference_table(Oid relid)
{
    const DistributedTable *table = lookup_distributed_table(relid);
    return table != nullptr && table->partition_method == kDistributeByNone;
}

bool is_single_shard_table(Oid relid)
{
    const DistributedTable *table = lookup_distributed_table(relid);
    return table != nullptr && table->single_shard;
}

Datum as_distribution_value(const DistributedTable *table, Datum value, Oid type)
{
    if (type == table->dist_type)
        return value;
    Oid output;
    bool varlena;
    getTypeOutputInfo(type, &output, &varlena);
    char *text = OidOutputFunctionCall(output, value);
    Oid input;
    Oid io_param;
    getTypeInputInfo(table->dist_type, &input, &io_param);
    return OidInputFunctionCall(input, text, io_param, table->dist_typmod);
}

int32 hash_distribution_value(const DistributedTable *table, Datum value)
{
    if (!table->has_hash_function)
        ereport(ERROR, (errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
                        errmsg("table \"%s\" has no distribution column hash function",
                               get_rel_name(table->relid))));
    return DatumGetInt32(FunctionCall1Coll(const_cast<FmgrInfo *>(&table->hash_function),
                                           table->dist_collation, value));
}

const ShardInterval *find_shard_for_hash(const DistributedTable *table, int32 hash)
{
    if (table->shard_count == 0)
        return nullptr;
    if (table->uniform_ranges)
        return &table->shards[core::shard_index_for_hash(hash, table->shard_count)];
    int low = 0;
    int high = table->shard_count - 1;
    while (low <= high) {
        int mid = low + (high - low) / 2;
        const ShardInterval *shard = &table->shards[mid];
        if (!shard->has_range || hash < shard->min_value)
            high = mid - 1;
        else if (hash > shard->max_value)
            low = mid + 1;
        else
            return shard;
    }
    return nullptr;
}

const ShardInterval *find_shard_for_value(const DistributedTable *table, Datum value)
{
    if (table->partition_method == kDistributeByNone || table->single_shard)
        return table->shard_count > 0 ? &table->shards[0] : nullptr;
    return find_shard_for_hash(table, hash_distribution_value(table, value));
}

char *shard_table_name(const char *relname, int64 shard_id)
{
    char suffix[32];
    snprintf(suffix, sizeof(suffix), "_" INT64_FORMAT, shard_id);
    int relname_length = strlen(relname);
    int suffix_length = strlen(suffix);
    if (relname_length + suffix_length <= NAMEDATALEN - 1)
        return psprintf("%s%s", relname, suffix);
    // Too long: keep a prefix and add a hash of the full name, so names stay distinct.
    uint32 hash = hash_bytes(reinterpret_cast<const unsigned char *>(relname), relname_length);
    int budget = NAMEDATALEN - 1 - suffix_length - 9; // "_" + 8 hex digits
    int prefix_length = pg_mbcliplen(relname, relname_length, budget);
    return psprintf("%.*s_%08x%s", prefix_length, relname, hash, suffix);
}

char *qualified_shard_name(Oid relid, int64 shard_id)
{
    char *relname = get_rel_name(relid);
    char *schema = get_namespace_name(get_rel_namespace(relid));
    if (relname == nullptr || schema == nullptr)
        ereport(ERROR, (errcode(ERRCODE_UNDEFINED_TABLE),
                        errmsg("relation with OID %u does not exist", relid)));
    return quote_qualified_identifier(schema, shard_table_name(relname, shard_id));
}

WorkerNode *placement_node(const ShardPlacement *placement)
{
    return primary_node_for_group(placement->group_id);
}

List *placement_groups(const DistributedTable *table, List *groups)
{
    for (int s = 0; s < table->shard_count; s++)
        for (int p = 0; p < table->shards[s].placement_count; p++)
            groups = list_append_unique_int(groups, table->shards[s].placements[p].group_id);
    return groups;
}

int32 *placement_group_ids(const DistributedTable *table, int *count)
{
    List *groups = placement_groups(table, NIL);
    *count = list_length(groups);
    auto *ids = static_cast<int32 *>(palloc0(sizeof(int32) * (*count + 1)));
    for (int i = 0; i < *count; i++)
        ids[i] = list_nth_int(groups, i);
    return ids;
}

List *all_distributed_tables()
{
    if (!extension_present())
        return NIL;
    List *relids = NIL;
    ListCell *cell;
    foreach (cell, read_all_partition_rows())
        relids = lappend_oid(relids, static_cast<PartitionRow *>(lfirst(cell))->relid);
    list_sort(relids, list_oid_cmp);
    return relids;
}

} // namespace tessera::metadata
