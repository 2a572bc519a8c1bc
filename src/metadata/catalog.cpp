// Direct reads and writes of pg_dist_partition, pg_dist_shard, pg_dist_placement and
// pg_dist_colocation. PostgreSQL-style code: no C++ objects with destructors live here.
#include "tessera/metadata/catalog.h"

extern "C" {
#include "access/genam.h"
#include "access/htup_details.h"
#include "access/stratnum.h"
#include "access/table.h"
#include "access/xact.h"
#include "catalog/indexing.h"
#include "catalog/namespace.h"
#include "catalog/pg_namespace.h"
#include "commands/sequence.h"
#include "utils/builtins.h"
#include "utils/catcache.h"
#include "utils/fmgroids.h"
#include "utils/inval.h"
#include "utils/lsyscache.h"
#include "utils/rel.h"
#include "utils/syscache.h"
}

namespace tessera::metadata {

namespace {

// Column numbers of the catalogs (as created by sql/100_distributed_metadata.sql).
enum PartitionColumn {
    kPartLogicalRelid = 1,
    kPartMethod,
    kPartKey,
    kPartColocationId,
    kPartRepModel,
    kPartAutoConverted,
    kPartColumnCount = kPartAutoConverted
};
enum ShardColumn {
    kShardLogicalRelid = 1,
    kShardId,
    kShardStorage,
    kShardMinValue,
    kShardMaxValue,
    kShardColumnCount = kShardMaxValue
};
enum PlacementColumn {
    kPlacementId = 1,
    kPlacementShardId,
    kPlacementShardState,
    kPlacementShardLength,
    kPlacementGroupId,
    kPlacementColumnCount = kPlacementGroupId
};
enum ColocationColumn {
    kColocationId = 1,
    kColocationShardCount,
    kColocationReplicationFactor,
    kColocationDistType,
    kColocationDistCollation,
    kColocationColumnCount = kColocationDistCollation
};

// Oid of a relation (table, index or sequence) of the extension in pg_catalog; raises an ERROR
// if it is missing, since callers only get here when the extension is present.
Oid catalog_object(const char *name)
{
    Oid relid = get_relname_relid(name, PG_CATALOG_NAMESPACE);
    if (!OidIsValid(relid))
        ereport(ERROR, (errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
                        errmsg("tessera catalog \"%s\" does not exist", name),
                        errhint("Run CREATE EXTENSION tessera in this database.")));
    return relid;
}

// Starts an index scan of catalog `rel` with one equality key on column `attno`.
SysScanDesc begin_scan(Relation rel, const char *index_name, AttrNumber attno, RegProcedure eq,
                       Datum value, ScanKeyData *key)
{
    ScanKeyInit(key, attno, BTEqualStrategyNumber, eq, value);
    return systable_beginscan(rel, catalog_object(index_name), true, nullptr, 1, key);
}

PartitionRow *partition_row_from_tuple(HeapTuple tuple, TupleDesc desc)
{
    Datum values[kPartColumnCount];
    bool nulls[kPartColumnCount];
    heap_deform_tuple(tuple, desc, values, nulls);
    PartitionRow *row = static_cast<PartitionRow *>(palloc0(sizeof(PartitionRow)));
    row->relid = DatumGetObjectId(values[kPartLogicalRelid - 1]);
    row->partition_method = DatumGetChar(values[kPartMethod - 1]);
    row->partition_key = nulls[kPartKey - 1] ? nullptr : TextDatumGetCString(values[kPartKey - 1]);
    row->colocation_id = DatumGetInt32(values[kPartColocationId - 1]);
    row->replication_model = DatumGetChar(values[kPartRepModel - 1]);
    return row;
}

ShardPlacement *placement_from_tuple(HeapTuple tuple, TupleDesc desc)
{
    Datum values[kPlacementColumnCount];
    bool nulls[kPlacementColumnCount];
    heap_deform_tuple(tuple, desc, values, nulls);
    ShardPlacement *placement = static_cast<ShardPlacement *>(palloc0(sizeof(ShardPlacement)));
    placement->placement_id = DatumGetInt64(values[kPlacementId - 1]);
    placement->shard_id = DatumGetInt64(values[kPlacementShardId - 1]);
    placement->shard_state = DatumGetInt32(values[kPlacementShardState - 1]);
    placement->shard_length = DatumGetInt64(values[kPlacementShardLength - 1]);
    placement->group_id = DatumGetInt32(values[kPlacementGroupId - 1]);
    placement->xmin = HeapTupleHeaderGetXmin(tuple->t_data);
    return placement;
}

// Parses a shardminvalue/shardmaxvalue text as int32.
bool parse_range_bound(Datum value, bool isnull, int32 *out)
{
    if (isnull)
        return false;
    char *bound = TextDatumGetCString(value);
    *out = pg_strtoint32(bound);
    return true;
}

int compare_placements(const void *a, const void *b)
{
    const ShardPlacement *left = static_cast<const ShardPlacement *>(a);
    const ShardPlacement *right = static_cast<const ShardPlacement *>(b);
    if (left->group_id != right->group_id)
        return left->group_id < right->group_id ? -1 : 1;
    if (left->placement_id != right->placement_id)
        return left->placement_id < right->placement_id ? -1 : 1;
    return 0;
}

// The placements of `shard_id` as a palloc'd array sorted by group id.
ShardPlacement *read_shard_placements(Relation placement_rel, int64 shard_id, int *count)
{
    ScanKeyData key;
    SysScanDesc scan = begin_scan(placement_rel, "pg_dist_placement_shardid_index",
                                  kPlacementShardId, F_INT8EQ, Int64GetDatum(shard_id), &key);
    List *found = NIL;
    HeapTuple tuple;
    while (HeapTupleIsValid(tuple = systable_getnext(scan)))
        found = lappend(found, placement_from_tuple(tuple, RelationGetDescr(placement_rel)));
    systable_endscan(scan);

    *count = list_length(found);
    ShardPlacement *placements =
        static_cast<ShardPlacement *>(palloc0(sizeof(ShardPlacement) * Max(*count, 1)));
    int i = 0;
    ListCell *cell;
    foreach (cell, found)
        placements[i++] = *static_cast<ShardPlacement *>(lfirst(cell));
    if (*count > 1)
        qsort(placements, *count, sizeof(ShardPlacement), compare_placements);
    return placements;
}

int compare_shards_by_id(const ListCell *a, const ListCell *b)
{
    const ShardInterval *left = static_cast<const ShardInterval *>(lfirst(a));
    const ShardInterval *right = static_cast<const ShardInterval *>(lfirst(b));
    if (left->shard_id != right->shard_id)
        return left->shard_id < right->shard_id ? -1 : 1;
    return 0;
}

int compare_oids(const ListCell *a, const ListCell *b)
{
    Oid left = lfirst_oid(a);
    Oid right = lfirst_oid(b);
    return left < right ? -1 : (left > right ? 1 : 0);
}

// Deletes every tuple of `rel` found through `index_name` with column `attno` = `value`.
void delete_matching(Relation rel, const char *index_name, AttrNumber attno, RegProcedure eq,
                     Datum value)
{
    ScanKeyData key;
    SysScanDesc scan = begin_scan(rel, index_name, attno, eq, value, &key);
    HeapTuple tuple;
    while (HeapTupleIsValid(tuple = systable_getnext(scan)))
        CatalogTupleDelete(rel, &tuple->t_self);
    systable_endscan(scan);
}

// Inserts one row (`values`/`nulls` in column order) into Tessera catalog `catalog`.
void insert_catalog_row(const char *catalog, Datum *values, bool *nulls)
{
    Relation rel = table_open(catalog_object(catalog), RowExclusiveLock);
    HeapTuple tuple = heap_form_tuple(RelationGetDescr(rel), values, nulls);
    CatalogTupleInsert(rel, tuple);
    table_close(rel, NoLock);
}

// Sets column `attno` to text `text`, or to NULL when `text` is nullptr.
void set_text_or_null(Datum *values, bool *nulls, AttrNumber attno, const char *text)
{
    if (text != nullptr)
        values[attno - 1] = CStringGetTextDatum(text);
    else
        nulls[attno - 1] = true;
}

} // namespace

Oid dist_partition_relid()
{
    return get_relname_relid("pg_dist_partition", PG_CATALOG_NAMESPACE);
}

int64 next_shard_id()
{
    return nextval_internal(catalog_object("pg_dist_shardid_seq"), false);
}

int64 next_placement_id()
{
    return nextval_internal(catalog_object("pg_dist_placement_placementid_seq"), false);
}

int32 next_colocation_id()
{
    return static_cast<int32>(nextval_internal(catalog_object("pg_dist_colocationid_seq"), false));
}

PartitionRow *read_partition_row(Oid relid)
{
    Relation rel = table_open(catalog_object("pg_dist_partition"), AccessShareLock);
    ScanKeyData key;
    SysScanDesc scan = begin_scan(rel, "pg_dist_partition_logical_relid_index", kPartLogicalRelid,
                                  F_OIDEQ, ObjectIdGetDatum(relid), &key);
    PartitionRow *row = nullptr;
    HeapTuple tuple = systable_getnext(scan);
    if (HeapTupleIsValid(tuple))
        row = partition_row_from_tuple(tuple, RelationGetDescr(rel));
    systable_endscan(scan);
    table_close(rel, NoLock);
    return row;
}

List *read_all_partition_rows()
{
    Relation rel = table_open(catalog_object("pg_dist_partition"), AccessShareLock);
    SysScanDesc scan = systable_beginscan(rel, InvalidOid, false, nullptr, 0, nullptr);
    List *rows = NIL;
    HeapTuple tuple;
    while (HeapTupleIsValid(tuple = systable_getnext(scan)))
        rows = lappend(rows, partition_row_from_tuple(tuple, RelationGetDescr(rel)));
    systable_endscan(scan);
    table_close(rel, NoLock);
    return rows;
}

List *read_table_shards(Oid relid)
{
    Relation shard_rel = table_open(catalog_object("pg_dist_shard"), AccessShareLock);
    Relation placement_rel = table_open(catalog_object("pg_dist_placement"), AccessShareLock);
    ScanKeyData key;
    SysScanDesc scan = begin_scan(shard_rel, "pg_dist_shard_logical_relid_index",
                                  kShardLogicalRelid, F_OIDEQ, ObjectIdGetDatum(relid), &key);
    List *shards = NIL;
    HeapTuple tuple;
    while (HeapTupleIsValid(tuple = systable_getnext(scan))) {
        Datum values[kShardColumnCount];
        bool nulls[kShardColumnCount];
        heap_deform_tuple(tuple, RelationGetDescr(shard_rel), values, nulls);
        ShardInterval *shard = static_cast<ShardInterval *>(palloc0(sizeof(ShardInterval)));
        shard->shard_id = DatumGetInt64(values[kShardId - 1]);
        bool has_min = parse_range_bound(values[kShardMinValue - 1], nulls[kShardMinValue - 1],
                                         &shard->min_value);
        bool has_max = parse_range_bound(values[kShardMaxValue - 1], nulls[kShardMaxValue - 1],
                                         &shard->max_value);
        shard->has_range = has_min && has_max;
        shard->placements =
            read_shard_placements(placement_rel, shard->shard_id, &shard->placement_count);
        shards = lappend(shards, shard);
    }
    systable_endscan(scan);
    table_close(placement_rel, NoLock);
    table_close(shard_rel, NoLock);
    list_sort(shards, compare_shards_by_id);
    return shards;
}

Oid relid_of_shard(int64 shard_id)
{
    Relation rel = table_open(catalog_object("pg_dist_shard"), AccessShareLock);
    ScanKeyData key;
    SysScanDesc scan = begin_scan(rel, "pg_dist_shard_shardid_index", kShardId, F_INT8EQ,
                                  Int64GetDatum(shard_id), &key);
    Oid relid = InvalidOid;
    HeapTuple tuple = systable_getnext(scan);
    if (HeapTupleIsValid(tuple)) {
        bool isnull;
        relid = DatumGetObjectId(
            heap_getattr(tuple, kShardLogicalRelid, RelationGetDescr(rel), &isnull));
    }
    systable_endscan(scan);
    table_close(rel, NoLock);
    return relid;
}

List *tables_in_colocation_group(int32 colocation_id)
{
    Relation rel = table_open(catalog_object("pg_dist_partition"), AccessShareLock);
    ScanKeyData key;
    SysScanDesc scan = begin_scan(rel, "pg_dist_partition_colocationid_index", kPartColocationId,
                                  F_INT4EQ, Int32GetDatum(colocation_id), &key);
    List *relids = NIL;
    HeapTuple tuple;
    while (HeapTupleIsValid(tuple = systable_getnext(scan))) {
        bool isnull;
        relids =
            lappend_oid(relids, DatumGetObjectId(heap_getattr(tuple, kPartLogicalRelid,
                                                              RelationGetDescr(rel), &isnull)));
    }
    systable_endscan(scan);
    table_close(rel, NoLock);
    list_sort(relids, compare_oids);
    return relids;
}

ColocationRow *read_colocation_row(int32 colocation_id)
{
    Relation rel = table_open(catalog_object("pg_dist_colocation"), AccessShareLock);
    ScanKeyData key;
    SysScanDesc scan = begin_scan(rel, "pg_dist_colocation_pkey", kColocationId, F_INT4EQ,
                                  Int32GetDatum(colocation_id), &key);
    ColocationRow *row = nullptr;
    HeapTuple tuple = systable_getnext(scan);
    if (HeapTupleIsValid(tuple)) {
        Datum values[kColocationColumnCount];
        bool nulls[kColocationColumnCount];
        heap_deform_tuple(tuple, RelationGetDescr(rel), values, nulls);
        row = static_cast<ColocationRow *>(palloc0(sizeof(ColocationRow)));
        row->colocation_id = DatumGetInt32(values[kColocationId - 1]);
        row->shard_count = DatumGetInt32(values[kColocationShardCount - 1]);
        row->replication_factor = DatumGetInt32(values[kColocationReplicationFactor - 1]);
        row->distribution_type = DatumGetObjectId(values[kColocationDistType - 1]);
        row->distribution_collation = DatumGetObjectId(values[kColocationDistCollation - 1]);
    }
    systable_endscan(scan);
    table_close(rel, NoLock);
    return row;
}

int32 find_colocation_group(int32 shard_count, int32 replication_factor, Oid distribution_type,
                            Oid distribution_collation)
{
    Relation rel = table_open(catalog_object("pg_dist_colocation"), AccessShareLock);
    SysScanDesc scan = systable_beginscan(rel, InvalidOid, false, nullptr, 0, nullptr);
    int32 found = 0;
    HeapTuple tuple;
    while (HeapTupleIsValid(tuple = systable_getnext(scan))) {
        Datum values[kColocationColumnCount];
        bool nulls[kColocationColumnCount];
        heap_deform_tuple(tuple, RelationGetDescr(rel), values, nulls);
        int32 id = DatumGetInt32(values[kColocationId - 1]);
        if (DatumGetInt32(values[kColocationShardCount - 1]) == shard_count &&
            DatumGetInt32(values[kColocationReplicationFactor - 1]) == replication_factor &&
            DatumGetObjectId(values[kColocationDistType - 1]) == distribution_type &&
            DatumGetObjectId(values[kColocationDistCollation - 1]) == distribution_collation &&
            (found == 0 || id < found))
            found = id;
    }
    systable_endscan(scan);
    table_close(rel, NoLock);
    return found;
}

void insert_colocation_row(const ColocationRow *row)
{
    Datum values[kColocationColumnCount];
    bool nulls[kColocationColumnCount] = {false};
    values[kColocationId - 1] = Int32GetDatum(row->colocation_id);
    values[kColocationShardCount - 1] = Int32GetDatum(row->shard_count);
    values[kColocationReplicationFactor - 1] = Int32GetDatum(row->replication_factor);
    values[kColocationDistType - 1] = ObjectIdGetDatum(row->distribution_type);
    values[kColocationDistCollation - 1] = ObjectIdGetDatum(row->distribution_collation);
    insert_catalog_row("pg_dist_colocation", values, nulls);
    CommandCounterIncrement();
}

// Sets pg_dist_colocation.shardcount of group `colocation_id`, so that the row keeps describing
// the group's shards after a shard split changed their number.
void update_colocation_shard_count(int32 colocation_id, int32 shard_count)
{
    Relation rel = table_open(catalog_object("pg_dist_colocation"), RowExclusiveLock);
    ScanKeyData key;
    SysScanDesc scan = begin_scan(rel, "pg_dist_colocation_pkey", kColocationId, F_INT4EQ,
                                  Int32GetDatum(colocation_id), &key);
    HeapTuple tuple = systable_getnext(scan);
    bool found = HeapTupleIsValid(tuple);
    if (found) {
        Datum values[kColocationColumnCount];
        bool nulls[kColocationColumnCount];
        bool replace[kColocationColumnCount] = {false};
        heap_deform_tuple(tuple, RelationGetDescr(rel), values, nulls);
        values[kColocationShardCount - 1] = Int32GetDatum(shard_count);
        replace[kColocationShardCount - 1] = true;
        HeapTuple updated = heap_modify_tuple(tuple, RelationGetDescr(rel), values, nulls, replace);
        CatalogTupleUpdate(rel, &updated->t_self, updated);
    }
    systable_endscan(scan);
    table_close(rel, NoLock);
    if (!found)
        elog(ERROR, "colocation group %d has no pg_dist_colocation row", colocation_id);
    CommandCounterIncrement();
}

void delete_colocation_row(int32 colocation_id)
{
    Relation rel = table_open(catalog_object("pg_dist_colocation"), RowExclusiveLock);
    delete_matching(rel, "pg_dist_colocation_pkey", kColocationId, F_INT4EQ,
                    Int32GetDatum(colocation_id));
    table_close(rel, NoLock);
    CommandCounterIncrement();
}

void insert_partition_row(const PartitionRow *row)
{
    Datum values[kPartColumnCount];
    bool nulls[kPartColumnCount] = {false};
    values[kPartLogicalRelid - 1] = ObjectIdGetDatum(row->relid);
    values[kPartMethod - 1] = CharGetDatum(row->partition_method);
    set_text_or_null(values, nulls, kPartKey, row->partition_key);
    values[kPartColocationId - 1] = Int32GetDatum(row->colocation_id);
    values[kPartRepModel - 1] = CharGetDatum(row->replication_model);
    values[kPartAutoConverted - 1] = BoolGetDatum(false);
    insert_catalog_row("pg_dist_partition", values, nulls);
    invalidate_table_metadata(row->relid);
    CommandCounterIncrement();
}

void insert_shard_row(Oid relid, int64 shard_id, char storage, const char *min_value,
                      const char *max_value)
{
    Datum values[kShardColumnCount];
    bool nulls[kShardColumnCount] = {false};
    values[kShardLogicalRelid - 1] = ObjectIdGetDatum(relid);
    values[kShardId - 1] = Int64GetDatum(shard_id);
    values[kShardStorage - 1] = CharGetDatum(storage);
    set_text_or_null(values, nulls, kShardMinValue, min_value);
    set_text_or_null(values, nulls, kShardMaxValue, max_value);
    insert_catalog_row("pg_dist_shard", values, nulls);
    invalidate_table_metadata(relid);
}

void insert_placement_row(const ShardPlacement *placement)
{
    Datum values[kPlacementColumnCount];
    bool nulls[kPlacementColumnCount] = {false};
    values[kPlacementId - 1] = Int64GetDatum(placement->placement_id);
    values[kPlacementShardId - 1] = Int64GetDatum(placement->shard_id);
    values[kPlacementShardState - 1] = Int32GetDatum(placement->shard_state);
    values[kPlacementShardLength - 1] = Int64GetDatum(placement->shard_length);
    values[kPlacementGroupId - 1] = Int32GetDatum(placement->group_id);
    insert_catalog_row("pg_dist_placement", values, nulls);
    Oid relid = relid_of_shard(placement->shard_id);
    if (OidIsValid(relid))
        invalidate_table_metadata(relid);
}

bool update_placement_group(int64 shard_id, int32 from_group_id, int32 to_group_id)
{
    Relation rel = table_open(catalog_object("pg_dist_placement"), RowExclusiveLock);
    ScanKeyData key;
    SysScanDesc scan = begin_scan(rel, "pg_dist_placement_shardid_index", kPlacementShardId,
                                  F_INT8EQ, Int64GetDatum(shard_id), &key);
    bool found = false;
    HeapTuple tuple;
    while (HeapTupleIsValid(tuple = systable_getnext(scan))) {
        Datum values[kPlacementColumnCount];
        bool nulls[kPlacementColumnCount];
        bool replace[kPlacementColumnCount] = {false};
        heap_deform_tuple(tuple, RelationGetDescr(rel), values, nulls);
        if (DatumGetInt32(values[kPlacementGroupId - 1]) != from_group_id)
            continue;
        values[kPlacementGroupId - 1] = Int32GetDatum(to_group_id);
        replace[kPlacementGroupId - 1] = true;
        HeapTuple updated = heap_modify_tuple(tuple, RelationGetDescr(rel), values, nulls, replace);
        CatalogTupleUpdate(rel, &updated->t_self, updated);
        found = true;
        break;
    }
    systable_endscan(scan);
    table_close(rel, NoLock);
    Oid relid = relid_of_shard(shard_id);
    if (OidIsValid(relid))
        invalidate_table_metadata(relid);
    CommandCounterIncrement();
    return found;
}

// Deletes shard `shard_id` from pg_dist_shard and its placements from pg_dist_placement (a shard
// split replaces it by new shards), and invalidates the logical table's metadata.
void delete_shard_metadata(int64 shard_id)
{
    Oid relid = relid_of_shard(shard_id);
    Relation placement_rel = table_open(catalog_object("pg_dist_placement"), RowExclusiveLock);
    delete_matching(placement_rel, "pg_dist_placement_shardid_index", kPlacementShardId, F_INT8EQ,
                    Int64GetDatum(shard_id));
    table_close(placement_rel, NoLock);
    Relation shard_rel = table_open(catalog_object("pg_dist_shard"), RowExclusiveLock);
    delete_matching(shard_rel, "pg_dist_shard_shardid_index", kShardId, F_INT8EQ,
                    Int64GetDatum(shard_id));
    table_close(shard_rel, NoLock);
    if (OidIsValid(relid))
        invalidate_table_metadata(relid);
    CommandCounterIncrement();
}

void update_partition_colocation(Oid relid, int32 colocation_id)
{
    Relation rel = table_open(catalog_object("pg_dist_partition"), RowExclusiveLock);
    ScanKeyData key;
    SysScanDesc scan = begin_scan(rel, "pg_dist_partition_logical_relid_index", kPartLogicalRelid,
                                  F_OIDEQ, ObjectIdGetDatum(relid), &key);
    int32 old_colocation_id = 0;
    bool found = false;
    HeapTuple tuple = systable_getnext(scan);
    if (HeapTupleIsValid(tuple)) {
        Datum values[kPartColumnCount];
        bool nulls[kPartColumnCount];
        bool replace[kPartColumnCount] = {false};
        heap_deform_tuple(tuple, RelationGetDescr(rel), values, nulls);
        old_colocation_id = DatumGetInt32(values[kPartColocationId - 1]);
        values[kPartColocationId - 1] = Int32GetDatum(colocation_id);
        replace[kPartColocationId - 1] = true;
        HeapTuple updated = heap_modify_tuple(tuple, RelationGetDescr(rel), values, nulls, replace);
        CatalogTupleUpdate(rel, &updated->t_self, updated);
        found = true;
    }
    systable_endscan(scan);
    table_close(rel, NoLock);
    if (!found)
        elog(ERROR, "table %u has no pg_dist_partition row", relid);
    invalidate_table_metadata(relid);
    CommandCounterIncrement();
    if (old_colocation_id != 0 && old_colocation_id != colocation_id &&
        tables_in_colocation_group(old_colocation_id) == NIL)
        delete_colocation_row(old_colocation_id);
}

void delete_table_metadata(Oid relid)
{
    PartitionRow *partition = read_partition_row(relid);
    List *shards = read_table_shards(relid);

    Relation placement_rel = table_open(catalog_object("pg_dist_placement"), RowExclusiveLock);
    ListCell *cell;
    foreach (cell, shards) {
        ShardInterval *shard = static_cast<ShardInterval *>(lfirst(cell));
        delete_matching(placement_rel, "pg_dist_placement_shardid_index", kPlacementShardId,
                        F_INT8EQ, Int64GetDatum(shard->shard_id));
    }
    table_close(placement_rel, NoLock);

    Relation shard_rel = table_open(catalog_object("pg_dist_shard"), RowExclusiveLock);
    delete_matching(shard_rel, "pg_dist_shard_logical_relid_index", kShardLogicalRelid, F_OIDEQ,
                    ObjectIdGetDatum(relid));
    table_close(shard_rel, NoLock);

    Relation partition_rel = table_open(catalog_object("pg_dist_partition"), RowExclusiveLock);
    delete_matching(partition_rel, "pg_dist_partition_logical_relid_index", kPartLogicalRelid,
                    F_OIDEQ, ObjectIdGetDatum(relid));
    table_close(partition_rel, NoLock);

    invalidate_table_metadata(relid);
    CommandCounterIncrement();

    if (partition != nullptr && partition->colocation_id != 0 &&
        tables_in_colocation_group(partition->colocation_id) == NIL)
        delete_colocation_row(partition->colocation_id);
}

void invalidate_table_metadata(Oid relid)
{
    if (SearchSysCacheExists1(RELOID, ObjectIdGetDatum(relid)))
        CacheInvalidateRelcacheByRelid(relid);
}

} // namespace tessera::metadata
