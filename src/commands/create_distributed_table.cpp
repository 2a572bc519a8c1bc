// create_distributed_table(): turn a local table into shards on the workers (reference tables:
// create_reference_table.cpp). Everything happens in the caller's transaction: the remote DDL and
// COPY run on connections that joined the coordinated transaction, so a failure anywhere leaves
// nothing behind on any node. PostgreSQL-style code: no C++ objects with destructors live here.
#include "tessera/commands/distribute.h"
#include "tessera/commands/distribute_internal.h"
#include "tessera/commands/schema_sharding.h"
#include "tessera/commands/trigger_propagation.h"

#include "tessera/commands/distributed_utility.h"
#include "tessera/core/hash_ranges.h"
#include "tessera/executor/connection.h"
#include "tessera/metadata/catalog.h"
#include "tessera/metadata/distributed_table.h"
#include "tessera/metadata/nodes.h"
#include "tessera/operations/foreign_keys.h"
#include "tessera/operations/partitions.h"
#include "tessera/operations/shard_creation.h"
#include "tessera/operations/shard_ddl.h"
#include "tessera/operations/shard_policies.h"
#include "tessera/pg/guard.h"
#include "tessera/settings.h"

extern "C" {
#include "access/relation.h"
#include "access/table.h"
#include "access/tableam.h"
#include "catalog/index.h"
#include "catalog/namespace.h"
#include "catalog/partition.h"
#include "catalog/pg_class.h"
#include "catalog/pg_collation.h"
#include "catalog/pg_inherits.h"
#include "catalog/pg_namespace.h"
#include "commands/tablecmds.h"
#include "commands/trigger.h"
#include "executor/spi.h"
#include "executor/tuptable.h"
#include "miscadmin.h"
#include "nodes/makefuncs.h"
#include "pgstat.h"
#include "storage/lmgr.h"
#include "utils/acl.h"
#include "utils/builtins.h"
#include "utils/formatting.h"
#include "utils/lsyscache.h"
#include "utils/regproc.h"
#include "utils/rel.h"
#include "utils/relcache.h"
#include "utils/snapmgr.h"
#include "utils/syscache.h"
#include "utils/typcache.h"
#include "utils/varlena.h"
}

namespace tessera::commands {

namespace {

using metadata::DistributedTable;

// The lock a new table takes on the table of the colocation group it joins, held until commit:
// it conflicts with the EXCLUSIVE lock a shard move or split takes on every table of the group,
// so the group's placements cannot change between reading them and committing the new shards.
constexpr LOCKMODE kJoinGroupLock = ShareUpdateExclusiveLock;

} // namespace

// Placement group lists of colocated shards, or round-robin over `nodes`.
operations::NewShard *plan_shards(int shard_count, bool hash_ranges, List *nodes,
                                  const DistributedTable *colocated, bool every_node)
{
    operations::NewShard *shards =
        static_cast<operations::NewShard *>(palloc0(sizeof(operations::NewShard) * shard_count));
    int node_count = list_length(nodes);
    int64 width = (int64{1} << 32) / shard_count;
    for (int i = 0; i < shard_count; i++) {
        operations::NewShard *shard = &shards[i];
        shard->shard_id = metadata::next_shard_id();
        if (hash_ranges && colocated != nullptr) {
            // A colocated table's ranges, which shard splits may have made unequal.
            shard->has_range = true;
            shard->min_value = colocated->shards[i].min_value;
            shard->max_value = colocated->shards[i].max_value;
        } else if (hash_ranges) {
            int64 min = int64{PG_INT32_MIN} + width * i;
            int64 max = (i == shard_count - 1) ? int64{PG_INT32_MAX} : min + width - 1;
            shard->has_range = true;
            shard->min_value = static_cast<int32>(min);
            shard->max_value = static_cast<int32>(max);
        }
        if (colocated != nullptr) {
            const metadata::ShardInterval *peer = &colocated->shards[i];
            shard->placement_count = peer->placement_count;
            shard->group_ids = static_cast<int32 *>(palloc0(sizeof(int32) * peer->placement_count));
            for (int p = 0; p < peer->placement_count; p++)
                shard->group_ids[p] = peer->placements[p].group_id;
        } else if (every_node) {
            shard->placement_count = node_count;
            shard->group_ids = static_cast<int32 *>(palloc0(sizeof(int32) * node_count));
            int p = 0;
            ListCell *cell;
            foreach (cell, nodes)
                shard->group_ids[p++] = static_cast<metadata::WorkerNode *>(lfirst(cell))->group_id;
        } else {
            shard->placement_count = 1;
            shard->group_ids = static_cast<int32 *>(palloc0(sizeof(int32)));
            shard->group_ids[0] =
                static_cast<metadata::WorkerNode *>(list_nth(nodes, i % node_count))->group_id;
        }
    }
    return shards;
}

// Records the new table in pg_dist_partition, pg_dist_shard and pg_dist_placement.
void write_metadata(Oid relid, char method, char repmodel, int32 colocation_id, Var *dist_var,
                    const operations::NewShard *shards, int shard_count)
{
    metadata::PartitionRow row;
    row.relid = relid;
    row.partition_method = method;
    row.partition_key = dist_var != nullptr ? nodeToString(dist_var) : nullptr;
    row.colocation_id = colocation_id;
    row.replication_model = repmodel;
    metadata::insert_partition_row(&row);
    for (int i = 0; i < shard_count; i++) {
        const operations::NewShard *shard = &shards[i];
        metadata::insert_shard_row(relid, shard->shard_id, metadata::kShardStorageTable,
                                   shard->has_range ? psprintf("%d", shard->min_value) : nullptr,
                                   shard->has_range ? psprintf("%d", shard->max_value) : nullptr);
        for (int p = 0; p < shard->placement_count; p++) {
            metadata::ShardPlacement placement;
            placement.placement_id = metadata::next_placement_id();
            placement.shard_id = shard->shard_id;
            placement.shard_state = metadata::kShardStateActive;
            placement.shard_length = 0;
            placement.group_id = shard->group_ids[p];
            metadata::insert_placement_row(&placement);
        }
    }
    CommandCounterIncrement();
}

// Gives the local table new, empty storage, as TRUNCATE does, without TRUNCATE's foreign key
// check and without going through the utility hook (which would reach the shards of a distributed
// table); the old storage goes away at commit.
void give_new_local_storage(Oid relid)
{
    Relation rel = table_open(relid, AccessExclusiveLock);
    CheckTableNotInUse(rel, "TRUNCATE");
    RelationSetNewRelfilenode(rel, rel->rd_rel->relpersistence);
    Oid toast_relid = rel->rd_rel->reltoastrelid;
    if (OidIsValid(toast_relid)) {
        Relation toast = relation_open(toast_relid, AccessExclusiveLock);
        RelationSetNewRelfilenode(toast, toast->rd_rel->relpersistence);
        relation_close(toast, NoLock);
    }
    ReindexParams params = {0, InvalidOid};
    reindex_relation(relid, REINDEX_REL_PROCESS_TOAST, &params);
    pgstat_count_truncate(rel);
    table_close(rel, NoLock);
}

// True if the local table (not its shards) holds a row visible to this transaction.
bool local_table_has_rows(Oid relid)
{
    Relation rel = table_open(relid, AccessShareLock);
    TableScanDesc scan = table_beginscan(rel, GetActiveSnapshot(), 0, nullptr);
    TupleTableSlot *slot = table_slot_create(rel, nullptr);
    bool found = table_scan_getnextslot(scan, ForwardScanDirection, slot);
    ExecDropSingleTupleTableSlot(slot);
    table_endscan(scan);
    table_close(rel, NoLock);
    return found;
}

// Creates the shards and copies every row of the local table into them. The local table is
// emptied afterwards, so the copy must see every row it holds, not just those the statement's
// snapshot sees: rows committed by others after a REPEATABLE READ transaction took its snapshot,
// and rows written earlier in the same statement (undistribute_table and create_distributed_table
// in one SELECT), would otherwise be lost. The table is locked (AccessExclusiveLock), so the
// latest snapshot is final, as for ALTER TABLE's rewrites.
void copy_rows_into_new_shards(Oid relid, operations::NewShard *shards, int shard_count,
                               AttrNumber dist_column, FmgrInfo *hash_function, Oid collation,
                               bool copy_rows)
{
    CommandCounterIncrement();
    PushActiveSnapshot(GetLatestSnapshot());
    operations::create_shards(relid, shards, shard_count, dist_column, hash_function, collation,
                              copy_rows);
    PopActiveSnapshot();
}

// Empties the local table: its rows now live in the shards.
// The collation of a distribution column as the DETAIL of a colocation error names it.
static const char *collation_label(Oid collation)
{
    return OidIsValid(collation) ? quote_identifier(get_collation_name(collation)) : "none";
}

void check_distribution_types_match(const char *relname, const char *column, Oid type,
                                    Oid collation, const char *other, Oid other_type,
                                    Oid other_collation)
{
    if (type != other_type)
        ereport(ERROR,
                (errcode(ERRCODE_DATATYPE_MISMATCH),
                 errmsg("cannot colocate table \"%s\" with table \"%s\": distribution column "
                        "types do not match",
                        relname, other),
                 errdetail("\"%s\".\"%s\" is %s, \"%s\" is distributed by %s.", relname, column,
                           format_type_be(type), other, format_type_be(other_type))));
    if (collation != other_collation)
        ereport(ERROR,
                (errcode(ERRCODE_DATATYPE_MISMATCH),
                 errmsg("cannot colocate table \"%s\" with table \"%s\": distribution column "
                        "collations do not match",
                        relname, other),
                 errdetail("\"%s\".\"%s\" has collation %s, \"%s\" is distributed by %s with "
                           "collation %s.",
                           relname, column, collation_label(collation), other,
                           format_type_be(other_type), collation_label(other_collation)),
                 errhint("Give the column the collation of the other table's distribution "
                         "column, or colocate it with another table.")));
}

void truncate_local_table(Oid relid)
{
    if (operations::referenced_by_other_tables(relid)) {
        // Local tables that still reference it (to be distributed next) keep their rows, so
        // TRUNCATE would refuse (or, with CASCADE, empty them too). Give this table alone new,
        // empty storage.
        give_new_local_storage(relid);
        return;
    }
    char *name = quote_qualified_identifier(get_namespace_name(get_rel_namespace(relid)),
                                            get_rel_name(relid));
    if (SPI_connect() != SPI_OK_CONNECT)
        elog(ERROR, "SPI_connect failed");
    if (SPI_execute(psprintf("TRUNCATE TABLE ONLY %s", name), false, 0) != SPI_OK_UTILITY)
        elog(ERROR, "could not truncate table %s", name);
    SPI_finish();
}

namespace {

// Raises a clear ERROR unless the partitions of partitioned table `relid` (`partitions`, a List
// of Oids) can be distributed with it by `column_name`: before anything is created, so that a
// refusal leaves nothing behind.
void check_partitioned_table_can_be_distributed(Oid relid, List *partitions,
                                                const char *column_name)
{
    AttrNumber attnum = get_attnum(relid, column_name);
    if (attnum > 0)
        operations::check_partition_definition(relid, attnum);
    ListCell *cell;
    foreach (cell, partitions) {
        Oid partition = lfirst_oid(cell);
        check_table_can_be_distributed(partition, "distribute", true);
        AttrNumber partition_attnum = get_attnum(partition, column_name);
        if (partition_attnum > 0) {
            operations::check_partition_definition(partition, partition_attnum);
            operations::check_shardable_definition(partition, partition_attnum);
        }
    }
}

// "char *" of a text argument, lower-cased and trimmed.
char *normalized_text(text *value)
{
    char *string = text_to_cstring(value);
    return str_tolower(string, strlen(string), DEFAULT_COLLATION_OID);
}

} // namespace

void check_table_can_be_distributed(Oid relid, const char *kind, bool as_partition)
{
    if (!metadata::extension_present())
        ereport(ERROR, (errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
                        errmsg("the tessera extension is not ready in this database")));

    // Hold the table against concurrent writes and DDL until the end of the transaction; reads
    // of the local table would see rows that are being moved, so block them too.
    LockRelationOid(relid, AccessExclusiveLock);
    HeapTuple tuple = SearchSysCache1(RELOID, ObjectIdGetDatum(relid));
    if (!HeapTupleIsValid(tuple))
        ereport(ERROR, (errcode(ERRCODE_UNDEFINED_TABLE),
                        errmsg("relation with OID %u does not exist", relid)));
    Form_pg_class form = reinterpret_cast<Form_pg_class>(GETSTRUCT(tuple));
    char relkind = form->relkind;
    char persistence = form->relpersistence;
    bool is_partition = form->relispartition;
    ReleaseSysCache(tuple);
    char *name = get_rel_name(relid);

    if (!pg_class_ownercheck(relid, GetUserId()))
        aclcheck_error(ACLCHECK_NOT_OWNER, OBJECT_TABLE, name);

    const char *what = nullptr;
    switch (relkind) {
    case RELKIND_RELATION:
        break;
    case RELKIND_VIEW:
        what = "a view";
        break;
    case RELKIND_MATVIEW:
        what = "a materialized view";
        break;
    case RELKIND_FOREIGN_TABLE:
        what = "a foreign table";
        break;
    case RELKIND_SEQUENCE:
        what = "a sequence";
        break;
    case RELKIND_INDEX:
    case RELKIND_PARTITIONED_INDEX:
        what = "an index";
        break;
    case RELKIND_COMPOSITE_TYPE:
        what = "a composite type";
        break;
    case RELKIND_PARTITIONED_TABLE:
        // Hash-distributed partitioned tables are distributed with their partitions
        // (distribute_table); reference tables and partitions of partitions are not.
        if (as_partition)
            ereport(ERROR, (errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
                            errmsg("cannot %s table \"%s\": it is partitioned", kind, name),
                            errdetail("Partitions that are partitioned themselves are not "
                                      "supported for distributed tables.")));
        break;
    default:
        what = "not a table";
        break;
    }
    if (what != nullptr)
        ereport(ERROR, (errcode(ERRCODE_WRONG_OBJECT_TYPE),
                        errmsg("cannot %s \"%s\": it is %s", kind, name, what),
                        errdetail("Only regular tables can be distributed.")));
    if (persistence == RELPERSISTENCE_TEMP)
        ereport(ERROR, (errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
                        errmsg("cannot %s temporary table \"%s\"", kind, name),
                        errdetail("Temporary tables exist only in one session of one node.")));
    if (is_partition && !as_partition)
        ereport(ERROR, (errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
                        errmsg("cannot %s table \"%s\": it is a partition", kind, name),
                        errdetail("Partitions are distributed with their partitioned table."),
                        errhint("Distribute partitioned table \"%s\"; its partitions follow.",
                                get_rel_name(get_partition_parent(relid, true)))));
    if (!is_partition && has_superclass(relid))
        ereport(ERROR,
                (errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
                 errmsg("cannot %s table \"%s\": it inherits from another table", kind, name),
                 errdetail("Table inheritance is not supported for distributed tables.")));
    if (relkind != RELKIND_PARTITIONED_TABLE && has_subclass(relid))
        ereport(ERROR, (errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
                        errmsg("cannot %s table \"%s\": other tables inherit from it", kind, name),
                        errdetail("Table inheritance is not supported for distributed tables.")));
    check_not_subscribed(relid, kind);
    // Writes go to the shards: the table's triggers must be ones the shards can carry
    // (tessera.enable_unsafe_triggers on, row triggers only).
    check_table_triggers(relid, kind);
    // Policies are enforced on the workers: their expressions must run there.
    operations::check_shard_policies(relid);

    const DistributedTable *existing = metadata::lookup_distributed_table(relid);
    if (existing != nullptr)
        ereport(
            ERROR,
            (errcode(ERRCODE_DUPLICATE_OBJECT),
             errmsg("table \"%s\" is already %s", name,
                    existing->partition_method == metadata::kDistributeByNone ? "a reference table"
                                                                              : "distributed"),
             errhint("Use undistribute_table() first to change how it is distributed.")));
}

// The table `colocate_with` names (InvalidOid for 'none' and 'default'), locked until commit in
// kJoinGroupLock: the lock conflicts with a shard move's, so the group's shards stay where they
// are until we commit (a move waits, then finds the new table in the group and moves it too).
static Oid colocate_with_table(const char *colocate_with)
{
    if (strcmp(colocate_with, "none") == 0 || strcmp(colocate_with, "default") == 0)
        return InvalidOid;
    List *names = stringToQualifiedNameList(colocate_with);
    return RangeVarGetRelid(makeRangeVarFromNameList(names), kJoinGroupLock, false);
}

// The workers that may take new shards; an ERROR naming table `relname` when there are none
// and the table is not colocated with an existing one (whose shards' nodes it would use).
static List *nodes_for_new_shards(const char *relname, const DistributedTable *colocated)
{
    List *nodes = metadata::shard_eligible_worker_nodes();
    if (colocated == nullptr && nodes == NIL)
        ereport(ERROR, (errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
                        errmsg("cannot distribute table \"%s\": there are no active worker nodes",
                               relname),
                        errhint("Add a worker with citus_add_node().")));
    return nodes;
}

// Makes `relid` (checked by check_table_can_be_distributed) a single-shard table of colocation
// group `colocation_id` (0: a new group), on the node of `colocated` (a table of that group)
// when given, else on the worker at the group's id modulo the workers that take shards. The
// group's pg_dist_colocation row is written when missing: a new group, or the group of a
// distributed schema whose last table was dropped.
static void place_single_shard_table(Oid relid, const DistributedTable *colocated,
                                     int32 colocation_id)
{
    char *relname = get_rel_name(relid);
    operations::check_shardable_definition(relid, InvalidAttrNumber);
    distribute_trigger_functions(relid);
    // Foreign keys to reference tables need their placements on the shard's node.
    if (operations::check_outgoing_foreign_keys(relid, InvalidAttrNumber, colocation_id, true))
        replicate_reference_tables();

    List *nodes = nodes_for_new_shards(relname, colocated);

    if (colocation_id == 0)
        colocation_id = metadata::next_colocation_id();
    bool new_group = metadata::read_colocation_row(colocation_id) == nullptr;

    operations::NewShard *shard =
        static_cast<operations::NewShard *>(palloc0(sizeof(operations::NewShard)));
    shard->shard_id = metadata::next_shard_id();
    shard->has_range = false;
    shard->placement_count = 1;
    shard->group_ids = static_cast<int32 *>(palloc0(sizeof(int32)));
    if (colocated != nullptr) {
        if (colocated->shards[0].placement_count < 1)
            ereport(ERROR, (errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
                            errmsg("shard %lld of table \"%s\" has no placement",
                                   (long long)colocated->shards[0].shard_id,
                                   get_rel_name(colocated->relid))));
        shard->group_ids[0] = colocated->shards[0].placements[0].group_id;
    } else {
        // A new group goes to the worker at its colocation id modulo the number of workers
        // that take shards, so that successive groups spread over the workers.
        shard->group_ids[0] =
            static_cast<metadata::WorkerNode *>(list_nth(nodes, colocation_id % list_length(nodes)))
                ->group_id;
    }
    copy_rows_into_new_shards(relid, shard, 1, InvalidAttrNumber, nullptr, InvalidOid);
    truncate_local_table(relid);

    if (new_group) {
        metadata::ColocationRow row{colocation_id, 1, 1, InvalidOid, InvalidOid};
        metadata::insert_colocation_row(&row);
    }
    write_metadata(relid, metadata::kDistributeByNone, metadata::kReplicationModelStreaming,
                   colocation_id, nullptr, shard, 1);
}

void distribute_table(Oid relid, const char *column_name, const char *method,
                      const char *colocate_with, bool shard_count_given, int shard_count)
{
    check_table_can_be_distributed(relid, "distribute");
    char *relname = get_rel_name(relid);
    bool partitioned = get_rel_relkind(relid) == RELKIND_PARTITIONED_TABLE;
    List *partitions = partitioned ? find_inheritance_children(relid, AccessExclusiveLock) : NIL;
    if (partitioned)
        check_partitioned_table_can_be_distributed(relid, partitions, column_name);

    if (strcmp(method, "hash") != 0) {
        if (strcmp(method, "range") == 0 || strcmp(method, "append") == 0)
            ereport(ERROR, (errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
                            errmsg("distribution type \"%s\" is not supported", method),
                            errhint("Use 'hash', or create_reference_table() for a table "
                                    "replicated to every node.")));
        ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                        errmsg("invalid distribution type \"%s\"", method),
                        errhint("The supported distribution type is 'hash'.")));
    }

    AttrNumber attnum = get_attnum(relid, column_name);
    if (attnum == InvalidAttrNumber)
        ereport(ERROR,
                (errcode(ERRCODE_UNDEFINED_COLUMN),
                 errmsg("column \"%s\" of relation \"%s\" does not exist", column_name, relname)));
    if (attnum < 0)
        ereport(ERROR, (errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
                        errmsg("cannot distribute table \"%s\" by system column \"%s\"", relname,
                               column_name)));
    Oid type;
    int32 typmod;
    Oid collation;
    get_atttypetypmodcoll(relid, attnum, &type, &typmod, &collation);
    TypeCacheEntry *type_entry = lookup_type_cache(type, TYPECACHE_HASH_PROC_FINFO);
    if (!OidIsValid(type_entry->hash_proc))
        ereport(ERROR,
                (errcode(ERRCODE_UNDEFINED_FUNCTION),
                 errmsg("cannot distribute table \"%s\" by column \"%s\": type %s has no hash "
                        "function",
                        relname, column_name, format_type_be(type)),
                 errdetail("Hash distribution needs a default hash operator class for the "
                           "column's type."),
                 errhint("Choose a column of a hashable type such as integer, bigint, text or "
                         "uuid.")));

    if (shard_count_given && (shard_count < 1 || shard_count > 64000))
        ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                        errmsg("shard_count must be between 1 and 64000"),
                        errdetail("shard_count was %d.", shard_count)));

    // Decide the colocation group. Concurrent calls serialize here, so two of them cannot both
    // create the default group of the same kind.
    LockRelationOid(get_relname_relid("pg_dist_colocation", PG_CATALOG_NAMESPACE),
                    ShareUpdateExclusiveLock);
    const DistributedTable *colocated = nullptr;
    int32 colocation_id = 0;
    Oid other = colocate_with_table(colocate_with);
    if (OidIsValid(other)) {
        colocated = metadata::lookup_distributed_table(other);
        if (colocated == nullptr || colocated->partition_method != metadata::kDistributeByHash ||
            colocated->single_shard)
            ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                            errmsg("cannot colocate table \"%s\" with table \"%s\": it is not a "
                                   "hash-distributed table",
                                   relname, get_rel_name(other))));
        check_distribution_types_match(relname, column_name, type, collation, get_rel_name(other),
                                       colocated->dist_type, colocated->dist_collation);
        if (shard_count_given && shard_count != colocated->shard_count)
            ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                            errmsg("cannot colocate table \"%s\" with table \"%s\": shard counts "
                                   "differ",
                                   relname, get_rel_name(other)),
                            errdetail("shard_count is %d, table \"%s\" has %d shards.", shard_count,
                                      get_rel_name(other), colocated->shard_count)));
        shard_count = colocated->shard_count;
        colocation_id = colocated->colocation_id;
    } else {
        if (!shard_count_given)
            shard_count = tessera_shard_count;
        // By default, a table whose foreign key references a distributed table through the
        // distribution columns joins that table's colocation group: the key needs it.
        const DistributedTable *referenced = nullptr;
        if (strcmp(colocate_with, "default") == 0) {
            Oid referenced_relid = operations::foreign_key_colocation_target(relid, attnum);
            if (OidIsValid(referenced_relid)) {
                LockRelationOid(referenced_relid, kJoinGroupLock);
                referenced = metadata::lookup_distributed_table(referenced_relid);
            }
            if (referenced != nullptr &&
                (referenced->dist_type != type || referenced->dist_collation != collation ||
                 (shard_count_given && referenced->shard_count != shard_count)))
                referenced = nullptr;
        }
        if (referenced != nullptr) {
            colocated = referenced;
            colocation_id = referenced->colocation_id;
            shard_count = referenced->shard_count;
        } else if (strcmp(colocate_with, "default") == 0) {
            colocation_id = metadata::find_colocation_group(shard_count, 1, type, collation);
            if (colocation_id != 0) {
                List *members = metadata::tables_in_colocation_group(colocation_id);
                if (members != NIL) {
                    LockRelationOid(linitial_oid(members), kJoinGroupLock);
                    colocated = metadata::lookup_distributed_table(linitial_oid(members));
                }
                // A split keeps the group's shardcount true, but a group split by an older
                // version (or one split while this call waited for its lock) can have more
                // shards than its shardcount says: a new table joins it with the same (split)
                // layout, unless it asked for a shard count of its own, which then makes a
                // new group.
                if (colocated != nullptr && colocated->shard_count != shard_count) {
                    if (shard_count_given) {
                        colocated = nullptr;
                        colocation_id = 0;
                    } else {
                        shard_count = colocated->shard_count;
                    }
                }
            }
        }
    }

    operations::check_shardable_definition(relid, attnum);
    distribute_trigger_functions(relid);
    operations::check_foreign_keys_to_partitioned(relid);
    // Foreign keys to reference tables need their placements on every node of the shards.
    if (operations::check_outgoing_foreign_keys(relid, attnum, colocation_id))
        replicate_reference_tables();

    List *nodes = nodes_for_new_shards(relname, colocated);

    bool new_group = colocation_id == 0;
    if (new_group)
        colocation_id = metadata::next_colocation_id();

    operations::NewShard *shards = plan_shards(shard_count, true, nodes, colocated, false);
    // A partitioned table holds no rows of its own: its partitions do, and follow below.
    copy_rows_into_new_shards(relid, shards, shard_count, attnum, &type_entry->hash_proc_finfo,
                              collation, !partitioned);
    if (!partitioned)
        truncate_local_table(relid);

    if (new_group) {
        metadata::ColocationRow row{colocation_id, shard_count, 1, type, collation};
        metadata::insert_colocation_row(&row);
    }
    Var *dist_var = makeVar(1, attnum, type, typmod, collation, 0);
    write_metadata(relid, metadata::kDistributeByHash, metadata::kReplicationModelStreaming,
                   colocation_id, dist_var, shards, shard_count);
    ListCell *cell;
    foreach (cell, partitions)
        distribute_partition(lfirst_oid(cell), relid);
}

void distribute_single_shard_table(Oid relid, const char *colocate_with, bool shard_count_given)
{
    check_table_can_be_distributed(relid, "distribute");
    char *relname = get_rel_name(relid);
    if (get_rel_relkind(relid) == RELKIND_PARTITIONED_TABLE)
        ereport(ERROR, (errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
                        errmsg("cannot distribute partitioned table \"%s\" without a distribution "
                               "column",
                               relname),
                        errdetail("Single-shard distributed tables cannot be partitioned "
                                  "tables yet.")));
    if (shard_count_given)
        ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                        errmsg("shard_count cannot be given for a table without a distribution "
                               "column"),
                        errdetail("A table distributed without a distribution column has one "
                                  "shard.")));

    // Concurrent calls serialize here, as in distribute_table.
    LockRelationOid(get_relname_relid("pg_dist_colocation", PG_CATALOG_NAMESPACE),
                    ShareUpdateExclusiveLock);
    const DistributedTable *colocated = nullptr;
    int32 colocation_id = 0;
    Oid other = colocate_with_table(colocate_with);
    if (OidIsValid(other)) {
        colocated = metadata::lookup_distributed_table(other);
        if (colocated == nullptr || !colocated->single_shard)
            ereport(ERROR,
                    (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                     errmsg("cannot colocate table \"%s\" with table \"%s\": it is not a "
                            "single-shard distributed table",
                            relname, get_rel_name(other)),
                     errdetail("A table without a distribution column can only be colocated "
                               "with another table distributed without a distribution column.")));
        colocation_id = colocated->colocation_id;
    }

    if (OidIsValid(schema_of_tenant_group(colocation_id)))
        ereport(ERROR, (errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
                        errmsg("cannot colocate table \"%s\" with table \"%s\": it belongs to "
                               "distributed schema \"%s\"",
                               relname, get_rel_name(colocated->relid),
                               get_namespace_name(schema_of_tenant_group(colocation_id))),
                        errdetail("Only the tables of a distributed schema are in its colocation "
                                  "group."),
                        errhint("Create the table in that schema instead.")));
    place_single_shard_table(relid, colocated, colocation_id);
}

void distribute_tenant_table(Oid relid, int32 colocation_id)
{
    check_table_can_be_distributed(relid, "distribute");
    char *relname = get_rel_name(relid);
    char *schema = get_namespace_name(get_rel_namespace(relid));
    if (get_rel_relkind(relid) == RELKIND_PARTITIONED_TABLE)
        ereport(ERROR, (errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
                        errmsg("cannot distribute partitioned table \"%s\" of distributed schema "
                               "\"%s\"",
                               relname, schema),
                        errdetail("Partitioned tables are not supported in distributed schemas: "
                                  "single-shard distributed tables cannot be partitioned yet.")));
    // Serialize with other tables joining groups (distribute_single_shard_table).
    LockRelationOid(get_relname_relid("pg_dist_colocation", PG_CATALOG_NAMESPACE),
                    ShareUpdateExclusiveLock);
    const DistributedTable *colocated = nullptr;
    List *members = metadata::tables_in_colocation_group(colocation_id);
    if (members != NIL) {
        LockRelationOid(linitial_oid(members), kJoinGroupLock);
        colocated = metadata::lookup_distributed_table(linitial_oid(members));
    }
    place_single_shard_table(relid, colocated, colocation_id);
}

void distribute_partition(Oid relid, Oid parent_relid)
{
    check_table_can_be_distributed(relid, "distribute", true);
    const DistributedTable *parent = metadata::lookup_distributed_table(parent_relid);
    if (parent == nullptr || parent->partition_method != metadata::kDistributeByHash)
        elog(ERROR, "partitioned table %u is not hash-distributed", parent_relid);
    char *column_name = get_attname(parent_relid, parent->dist_column, false);
    AttrNumber attnum = get_attnum(relid, column_name);
    if (attnum == InvalidAttrNumber)
        elog(ERROR, "partition %u has no column \"%s\"", relid, column_name);
    Oid type;
    int32 typmod;
    Oid collation;
    get_atttypetypmodcoll(relid, attnum, &type, &typmod, &collation);
    TypeCacheEntry *type_entry = lookup_type_cache(type, TYPECACHE_HASH_PROC_FINFO);
    operations::check_partition_definition(relid, attnum);
    operations::check_shardable_definition(relid, attnum);
    distribute_trigger_functions(relid);

    operations::NewShard *shards = plan_shards(parent->shard_count, true, NIL, parent, false);
    // create_shards attaches each shard to the parent's shard of the same index.
    copy_rows_into_new_shards(relid, shards, parent->shard_count, attnum,
                              &type_entry->hash_proc_finfo, collation);
    truncate_local_table(relid);
    Var *dist_var = makeVar(1, attnum, type, typmod, collation, 0);
    write_metadata(relid, metadata::kDistributeByHash, metadata::kReplicationModelStreaming,
                   parent->colocation_id, dist_var, shards, parent->shard_count);
}

} // namespace tessera::commands

TESSERA_FUNCTION(tessera_create_distributed_table)
{
    if (PG_ARGISNULL(0))
        ereport(ERROR,
                (errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED), errmsg("table_name must not be NULL")));
    Oid relid = PG_GETARG_OID(0);
    char *method = PG_ARGISNULL(2) ? pstrdup("hash")
                                   : tessera::commands::normalized_text(PG_GETARG_TEXT_PP(2));
    char *colocate_with =
        PG_ARGISNULL(3) ? pstrdup("default") : text_to_cstring(PG_GETARG_TEXT_PP(3));
    char *lowered = str_tolower(colocate_with, strlen(colocate_with), DEFAULT_COLLATION_OID);
    if (strcmp(lowered, "default") == 0 || strcmp(lowered, "none") == 0)
        colocate_with = lowered;
    bool shard_count_given = !PG_ARGISNULL(4);
    int shard_count = shard_count_given ? PG_GETARG_INT32(4) : 0;
    // No distribution column: a single-shard distributed table (the distribution type is
    // not used then, as in Citus).
    if (PG_ARGISNULL(1)) {
        tessera::commands::distribute_single_shard_table(relid, colocate_with, shard_count_given);
        PG_RETURN_VOID();
    }
    char *column = text_to_cstring(PG_GETARG_TEXT_PP(1));
    tessera::commands::distribute_table(relid, column, method, colocate_with, shard_count_given,
                                        shard_count);
    PG_RETURN_VOID();
}

// truncate_local_data_after_distributing_table(table): in Citus the rows a table had before it
// was distributed stay hidden in the coordinator's local table until this is called. Tessera
// empties the local table while distributing it, so this checks the table and says that there
// is nothing left; should the local table still hold rows, they are removed (never the shards').
TESSERA_FUNCTION(tessera_truncate_local_data_after_distributing_table)
{
    if (PG_ARGISNULL(0))
        ereport(ERROR,
                (errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED), errmsg("table_name must not be NULL")));
    Oid relid = PG_GETARG_OID(0);
    char *relname = get_rel_name(relid);
    if (relname == nullptr)
        ereport(ERROR, (errcode(ERRCODE_UNDEFINED_TABLE),
                        errmsg("relation with OID %u does not exist", relid)));
    // Keeps the table from being undistributed or dropped meanwhile.
    LockRelationOid(relid, AccessShareLock);
    if (tessera::metadata::lookup_distributed_table(relid) == nullptr)
        ereport(ERROR,
                (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                 errmsg("table \"%s\" is not a distributed or reference table", relname),
                 errdetail("truncate_local_data_after_distributing_table removes the local rows "
                           "of a table that was distributed."),
                 errhint("Use TRUNCATE to empty a local table.")));
    AclResult acl = pg_class_aclcheck(relid, GetUserId(), ACL_TRUNCATE);
    if (acl != ACLCHECK_OK)
        aclcheck_error(acl, OBJECT_TABLE, relname);

    if (!tessera::commands::local_table_has_rows(relid)) {
        ereport(NOTICE, (errmsg("table \"%s\" has no local data to truncate", relname),
                         errdetail("Its rows were moved to the shards when it was distributed.")));
        PG_RETURN_VOID();
    }
    if (tessera::operations::referenced_by_other_tables(relid))
        ereport(ERROR, (errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
                        errmsg("cannot truncate the local data of table \"%s\": other tables "
                               "reference it",
                               relname),
                        errdetail("Removing its local rows could break their foreign keys.")));
    tessera::commands::give_new_local_storage(relid);
    PG_RETURN_VOID();
}
