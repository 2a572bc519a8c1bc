// Shard splits, and the SQL functions citus_split_shard_by_split_points and
// isolate_tenant_to_new_shard. PostgreSQL-style code: the only frames holding C++ objects with
// destructors are split_ranges and tenant_points, which keep the pure range arithmetic's
// std::vectors away from PostgreSQL calls (their one palloc runs under tessera::pg::guard).
#include "tessera/operations/shard_split.h"

#include "tessera/core/shard_split.h"
#include "tessera/executor/connection.h"
#include "tessera/metadata/catalog.h"
#include "tessera/metadata/distributed_table.h"
#include "tessera/metadata/nodes.h"
#include "tessera/operations/enum_hash_condition.h"
#include "tessera/operations/foreign_keys.h"
#include "tessera/operations/partitions.h"
#include "tessera/operations/shard_cleanup.h"
#include "tessera/operations/shard_creation.h"
#include "tessera/operations/shard_move.h"
#include "tessera/pg/guard.h"
#include "tessera/pg/privileges.h"

#include <string>
#include <vector>

extern "C" {
#include "access/xact.h"
#include "catalog/pg_type_d.h"
#include "lib/stringinfo.h"
#include "miscadmin.h"
#include "storage/lmgr.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"
}

namespace tessera::operations {

namespace {

using executor::NodeConnection;

// The ranges core::split_range cuts `range` into at `points`, palloc'd (point_count + 1 of them).
// A bad point raises the core's error.
core::HashRange *split_ranges(core::HashRange range, const int32 *points, int point_count)
{
    std::vector<core::HashRange> ranges;
    {
        std::vector<int32_t> list(points, points + point_count);
        ranges = core::split_range(range, list);
    }
    size_t count = ranges.size();
    auto *result = pg::guard([count] {
        return static_cast<core::HashRange *>(palloc0(sizeof(core::HashRange) * count));
    });
    for (size_t i = 0; i < count; i++)
        result[i] = ranges[i];
    return result;
}

// The hash range of shard `shard_id` of `relid`, from the catalogs.
core::HashRange shard_range(Oid relid, int64 shard_id)
{
    ListCell *cell;
    foreach (cell, metadata::read_table_shards(relid)) {
        auto *shard = static_cast<metadata::ShardInterval *>(lfirst(cell));
        if (shard->shard_id != shard_id)
            continue;
        if (!shard->has_range)
            break;
        return {shard->min_value, shard->max_value};
    }
    ereport(ERROR, (errcode(ERRCODE_DATA_CORRUPTED),
                    errmsg("shard " INT64_FORMAT " of table \"%s\" has no hash range", shard_id,
                           get_rel_name(relid))));
    pg_unreachable();
}

// SQL condition, on a shard of `table`, for the rows whose distribution column hashes into
// [min, max]: the table's hash function called on the column, as the coordinator computes it.
char *hash_range_filter(const metadata::DistributedTable *table, int32 min, int32 max)
{
    Oid function = table->hash_function.fn_oid;
    char *column = get_attname(table->relid, table->dist_column, false);
    // An enum column: the labels in the range, as the worker cannot hash it as the coordinator.
    char *labels = enum_hash_range_condition(
        table->relid, table->dist_column, quote_identifier(column), min, max, "splitting shards");
    if (labels != nullptr)
        return labels;
    return psprintf("%s(%s) BETWEEN '%d'::integer AND '%d'::integer",
                    quote_qualified_identifier(get_namespace_name(get_func_namespace(function)),
                                               get_func_name(function)),
                    quote_identifier(column), min, max);
}

} // namespace

int64 *split_shard_group(int64 shard_id, const int32 *points, int point_count,
                         const int32 *group_ids)
{
    Oid relid = metadata::relid_of_shard(shard_id);
    metadata::PartitionRow *row = OidIsValid(relid) ? metadata::read_partition_row(relid) : nullptr;
    if (row == nullptr)
        ereport(ERROR, (errcode(ERRCODE_UNDEFINED_OBJECT),
                        errmsg("shard " INT64_FORMAT " does not exist", shard_id)));
    if (metadata::is_single_shard_row(row->partition_method, row->replication_model))
        ereport(ERROR, (errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
                        errmsg("cannot split shard " INT64_FORMAT
                               " of single-shard distributed table \"%s\"",
                               shard_id, get_rel_name(relid)),
                        errdetail("A table without a distribution column has one shard.")));
    if (row->partition_method != metadata::kDistributeByHash)
        ereport(ERROR, (errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
                        errmsg("cannot split shard " INT64_FORMAT " of reference table \"%s\"",
                               shard_id, get_rel_name(relid)),
                        errdetail("Reference tables have a single shard with a copy on every "
                                  "worker.")));

    // Writes to every table of the group wait from here until the transaction ends.
    ColocatedShards *shards = read_colocated_shards(row->colocation_id, true);
    int shard_index = -1;
    int table_index = -1;
    for (int t = 0; t < shards->table_count; t++) {
        Oid table = shards->relids[t];
        if (is_partitioned_table(table) || OidIsValid(distributed_partition_parent(table)))
            ereport(ERROR, (errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
                            errmsg("splitting shards of partitioned table \"%s\" is not supported",
                                   get_rel_name(OidIsValid(distributed_partition_parent(table))
                                                    ? distributed_partition_parent(table)
                                                    : table)),
                            errdetail("Table \"%s\" is in the colocation group of the shard.",
                                      get_rel_name(table))));
        for (int i = 0; i < shards->shard_count; i++) {
            if (shards->shard_ids[t][i] == shard_id) {
                shard_index = i;
                table_index = t;
            }
        }
    }
    if (shard_index < 0)
        ereport(ERROR, (errcode(ERRCODE_UNDEFINED_OBJECT),
                        errmsg("shard " INT64_FORMAT " does not exist", shard_id)));
    int32 source_group_id = shards->group_of_index[shard_index];

    // The new ranges; every table of the group has the same range for this shard group.
    core::HashRange range = shard_range(relid, shard_id);
    core::HashRange *ranges = split_ranges(range, points, point_count);
    int new_count = point_count + 1;
    for (int t = 0; t < shards->table_count; t++) {
        core::HashRange other = shard_range(shards->relids[t], shards->shard_ids[t][shard_index]);
        if (other.min != range.min || other.max != range.max)
            ereport(ERROR, (errcode(ERRCODE_DATA_CORRUPTED),
                            errmsg("colocated shards " INT64_FORMAT " and " INT64_FORMAT
                                   " have different hash ranges",
                                   shard_id, shards->shard_ids[t][shard_index])));
    }
    auto *groups = static_cast<int32 *>(palloc0(sizeof(int32) * new_count));
    for (int r = 0; r < new_count; r++)
        groups[r] = group_ids != nullptr ? group_ids[r] : source_group_id;

    // New shard ids, table by table, in range order.
    auto **new_ids = static_cast<int64 **>(palloc0(sizeof(int64 *) * shards->table_count));
    for (int t = 0; t < shards->table_count; t++) {
        new_ids[t] = static_cast<int64 *>(palloc0(sizeof(int64) * new_count));
        for (int r = 0; r < new_count; r++)
            new_ids[t][r] = metadata::next_shard_id();
    }

    // Stop the old shards from changing on their node, then create and fill the new ones.
    NodeConnection *source = transaction_connection(source_group_id);
    ShardGroupNames group = shard_group_names(shards, shard_index);
    lock_source_shards(source, group.literals, group.tables);

    for (int t = 0; t < shards->table_count; t++) {
        Oid table = shards->relids[t];
        int64 old_id = shards->shard_ids[t][shard_index];
        const metadata::DistributedTable *cached = metadata::lookup_distributed_table(table);
        if (cached == nullptr || !cached->has_hash_function)
            elog(ERROR, "table \"%s\" has no distribution column hash function",
                 get_rel_name(table));
        for (int r = 0; r < new_count; r++)
            create_split_shard(table, old_id, source_group_id, new_ids[t][r], groups[r],
                               hash_range_filter(cached, ranges[r].min, ranges[r].max),
                               ranges[r].min, ranges[r].max);
        // Every row went to exactly one new shard.
        int64 old_rows = remote_row_count(source, metadata::qualified_shard_name(table, old_id));
        int64 new_rows = 0;
        for (int r = 0; r < new_count; r++)
            new_rows += remote_row_count(transaction_connection(groups[r]),
                                         metadata::qualified_shard_name(table, new_ids[t][r]));
        if (old_rows != new_rows)
            ereport(ERROR, (errcode(ERRCODE_INTERNAL_ERROR),
                            errmsg("shard " INT64_FORMAT " has " INT64_FORMAT
                                   " rows but its split shards have " INT64_FORMAT,
                                   old_id, old_rows, new_rows)));
    }

    // Reads went on during the copy; from here statements route by the new shards (they accept
    // invalidations when they plan and execute). As for moves (shard_move.cpp), ACCESS EXCLUSIVE
    // is only taken when free: waiting for it would deadlock with a transaction that read a
    // table and now waits for our lock to write. When it is not free, a transaction may still
    // read the old shards, which are then left for a deferred drop (shard_cleanup.cpp).
    bool drop_now = lock_tables_if_free(shards->relids, shards->table_count);

    for (int t = 0; t < shards->table_count; t++) {
        Oid table = shards->relids[t];
        metadata::delete_shard_metadata(shards->shard_ids[t][shard_index]);
        for (int r = 0; r < new_count; r++) {
            metadata::insert_shard_row(table, new_ids[t][r], metadata::kShardStorageTable,
                                       psprintf("%d", ranges[r].min),
                                       psprintf("%d", ranges[r].max));
            metadata::ShardPlacement placement;
            placement.placement_id = metadata::next_placement_id();
            placement.shard_id = new_ids[t][r];
            placement.shard_state = metadata::kShardStateActive;
            placement.shard_length = 0;
            placement.group_id = groups[r];
            metadata::insert_placement_row(&placement);
        }
    }
    // The group's row keeps describing its shards: a table that asks for this many shards
    // joins the group by default, and one that asks for the old count gets a group of its own.
    metadata::update_colocation_shard_count(row->colocation_id,
                                            shards->shard_count - 1 + new_count);
    // The metadata cache now sees the new layout, which the foreign key commands look up.
    CommandCounterIncrement();

    // Foreign keys last, once every shard they reference exists: shard i of a table references
    // shard i of a colocated table, and the reference tables' shards on the same node.
    for (int r = 0; r < new_count; r++) {
        StringInfoData sql;
        initStringInfo(&sql);
        for (int t = 0; t < shards->table_count; t++) {
            ListCell *cell;
            foreach (cell, shard_foreign_key_commands(shards->relids[t], new_ids[t][r],
                                                      shard_index + r)) {
                appendStringInfoString(&sql, static_cast<char *>(lfirst(cell)));
                appendStringInfoString(&sql, ";\n");
            }
        }
        if (sql.len > 0)
            PQclear(executor::execute_command(transaction_connection(groups[r]), sql.data));
    }

    // The old shards go in the same distributed transaction (dropped exactly when the catalogs
    // stop naming them), or once the transactions that may read them have ended.
    if (drop_now) {
        PQclear(executor::execute_command(source, psprintf("DROP TABLE %s", group.tables)));
    } else {
        auto **names = static_cast<char **>(palloc(sizeof(char *) * shards->table_count));
        for (int t = 0; t < shards->table_count; t++)
            names[t] = metadata::qualified_shard_name(shards->relids[t],
                                                      shards->shard_ids[t][shard_index]);
        record_orphaned_shards(names, shards->table_count, source_group_id);
    }
    return new_ids[table_index];
}

} // namespace tessera::operations

// ---------------------------------------------------------------------------------------------
// SQL functions

namespace {

using namespace tessera;

// The split points that give hash value `hash` of shard range `range` a shard of its own,
// palloc'd (*point_count of them, 0 when the shard holds only that value already); *tenant_index
// is the index of the tenant's range among the resulting shards.
int32 *tenant_points(core::HashRange range, int32 hash, int *point_count, int *tenant_index)
{
    std::vector<int32_t> points = core::tenant_split_points(range, hash, tenant_index);
    size_t count = points.size();
    auto *result = pg::guard(
        [count] { return static_cast<int32 *>(palloc0(sizeof(int32) * (count > 0 ? count : 1))); });
    for (size_t i = 0; i < count; i++)
        result[i] = points[i];
    *point_count = static_cast<int>(count);
    return result;
}

// Parses the split point texts (core::parse_split_point) into a palloc'd array; the only frame
// holding std::strings.
int32 *parse_points(Datum *texts, int count)
{
    auto *points = pg::guard(
        [count] { return static_cast<int32 *>(palloc0(sizeof(int32) * (count > 0 ? count : 1))); });
    for (int i = 0; i < count; i++) {
        Datum datum = texts[i];
        char *point = pg::guard([datum] { return text_to_cstring(DatumGetTextPP(datum)); });
        points[i] = core::parse_split_point(std::string(point));
    }
    return points;
}

// Raises unless a split at `point_count` points got `node_count` nodes (one per new shard).
void check_node_count(int point_count, int node_count)
{
    core::check_split_node_count(static_cast<size_t>(point_count), static_cast<size_t>(node_count));
}

// The elements of a one-dimensional array argument without NULLs (`what` names it in errors).
Datum *array_elements(ArrayType *array, Oid element_type, const char *what, int *count)
{
    int16 length;
    bool by_value;
    char align;
    get_typlenbyvalalign(element_type, &length, &by_value, &align);
    Datum *elements;
    bool *nulls;
    deconstruct_array(array, element_type, length, by_value, align, &elements, &nulls, count);
    for (int i = 0; i < *count; i++)
        if (nulls[i])
            ereport(ERROR, (errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
                            errmsg("%s must not contain NULL", what)));
    return elements;
}

// `value` of type `type` as a value of the distribution column type of `table`: as is when the
// types match, else through its text form (so '42', 42 and 42::bigint all name tenant 42).
Datum tenant_value(const metadata::DistributedTable *table, Datum value, Oid type)
{
    if (type == table->dist_type)
        return value;
    if (!OidIsValid(type))
        ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                        errmsg("could not determine the type of tenant_id")));
    return metadata::as_distribution_value(table, value, type);
}

} // namespace

// citus_split_shard_by_split_points(shard_id, split_points text[], node_ids int[],
// shard_transfer_mode): splits the shard and its colocated shards at the split points (hash
// values; each ends one new shard), placing new shard i on node node_ids[i].
TESSERA_FUNCTION(citus_split_shard_by_split_points)
{
    pg::require_superuser("split shards");
    int64 shard_id = PG_GETARG_INT64(0);
    operations::check_shard_transfer_mode(text_to_cstring(PG_GETARG_TEXT_PP(3)));
    int point_count;
    Datum *texts = array_elements(PG_GETARG_ARRAYTYPE_P(1), TEXTOID, "split_points", &point_count);
    int node_count;
    Datum *node_ids = array_elements(PG_GETARG_ARRAYTYPE_P(2), INT4OID, "node_ids", &node_count);
    int32 *points = parse_points(texts, point_count);
    if (point_count == 0)
        ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                        errmsg("at least one split point is needed")));
    check_node_count(point_count, node_count);
    auto *groups = static_cast<int32 *>(palloc0(sizeof(int32) * node_count));
    for (int i = 0; i < node_count; i++) {
        int32 node_id = DatumGetInt32(node_ids[i]);
        metadata::WorkerNode *node = metadata::find_node_by_id(node_id);
        if (node == nullptr)
            ereport(ERROR, (errcode(ERRCODE_UNDEFINED_OBJECT),
                            errmsg("node with id %d does not exist", node_id)));
        if (!node->is_active || node->group_id == metadata::kCoordinatorGroupId ||
            node->node_role == nullptr || strcmp(node->node_role, "primary") != 0)
            ereport(ERROR,
                    (errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
                     errmsg("node with id %d is not an active primary worker node", node_id)));
        groups[i] = node->group_id;
    }
    operations::split_shard_group(shard_id, points, point_count, groups);
    PG_RETURN_VOID();
}

// isolate_tenant_to_new_shard(table_name, tenant_id, cascade_option, shard_transfer_mode): splits
// the shard holding tenant_id so that the tenant's hash value gets a shard of its own (with
// CASCADE, in every colocated table too), on the same node; returns that shard's id.
TESSERA_FUNCTION(isolate_tenant_to_new_shard)
{
    pg::require_superuser("isolate tenants");
    if (PG_ARGISNULL(0))
        ereport(ERROR,
                (errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED), errmsg("table_name must not be NULL")));
    Oid relid = PG_GETARG_OID(0);
    if (PG_ARGISNULL(1))
        ereport(ERROR,
                (errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED), errmsg("tenant_id must not be NULL"),
                 errdetail("Rows with NULL in the distribution column are not allowed "
                           "in distributed tables.")));
    const char *cascade = PG_ARGISNULL(2) ? "" : text_to_cstring(PG_GETARG_TEXT_PP(2));
    bool cascade_given = pg_strcasecmp(cascade, "cascade") == 0;
    if (!cascade_given && cascade[0] != '\0')
        ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                        errmsg("invalid cascade_option \"%s\"", cascade),
                        errhint("Use 'CASCADE' or leave it empty.")));
    operations::check_shard_transfer_mode(PG_ARGISNULL(3) ? "auto"
                                                          : text_to_cstring(PG_GETARG_TEXT_PP(3)));

    metadata::PartitionRow *row = metadata::read_partition_row(relid);
    if (row == nullptr)
        ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                        errmsg("table \"%s\" is not distributed", get_rel_name(relid))));
    if (metadata::is_single_shard_row(row->partition_method, row->replication_model))
        ereport(ERROR, (errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
                        errmsg("cannot isolate a tenant of single-shard distributed table \"%s\"",
                               get_rel_name(relid)),
                        errdetail("Tenants can only be isolated in hash-distributed tables.")));
    if (row->partition_method != metadata::kDistributeByHash)
        ereport(ERROR,
                (errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
                 errmsg("cannot isolate a tenant of reference table \"%s\"", get_rel_name(relid)),
                 errdetail("Tenants can only be isolated in hash-distributed tables.")));
    // Lock the group first; the metadata read after the locks is current.
    operations::ColocatedShards *group =
        operations::read_colocated_shards(row->colocation_id, true);
    if (group->table_count > 1 && !cascade_given)
        ereport(ERROR,
                (errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
                 errmsg("cannot isolate a tenant of table \"%s\" alone: it has colocated tables",
                        get_rel_name(relid)),
                 errdetail("Colocated tables keep the same shards, so the tenant's shard is "
                           "split in every table of the colocation group."),
                 errhint("Pass cascade_option => 'CASCADE' to isolate the tenant in the "
                         "colocated tables as well.")));
    const metadata::DistributedTable *table = metadata::lookup_distributed_table(relid);
    if (table == nullptr || table->shard_count == 0)
        ereport(ERROR, (errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
                        errmsg("table \"%s\" has no shards", get_rel_name(relid))));
    Datum value = tenant_value(table, PG_GETARG_DATUM(1), get_fn_expr_argtype(fcinfo->flinfo, 1));
    int32 hash = metadata::hash_distribution_value(table, value);
    const metadata::ShardInterval *shard = metadata::find_shard_for_hash(table, hash);
    if (shard == nullptr || !shard->has_range)
        ereport(ERROR, (errcode(ERRCODE_DATA_CORRUPTED),
                        errmsg("no shard of table \"%s\" holds hash value %d", get_rel_name(relid),
                               hash)));
    int point_count;
    int tenant_index;
    int32 *points =
        tenant_points({shard->min_value, shard->max_value}, hash, &point_count, &tenant_index);
    if (point_count == 0)
        ereport(ERROR,
                (errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
                 errmsg("the tenant of table \"%s\" is already isolated", get_rel_name(relid)),
                 errdetail("Shard " INT64_FORMAT " holds only its hash value %d.", shard->shard_id,
                           hash)));
    int64 *new_ids = operations::split_shard_group(shard->shard_id, points, point_count, nullptr);
    PG_RETURN_INT64(new_ids[tenant_index]);
}
