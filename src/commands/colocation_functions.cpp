// mark_tables_colocated(source, targets[]) and update_distributed_table_colocation(table,
// colocate_with): move hash-distributed tables from one colocation group to another, or into a
// group of their own ('none'), without moving any data.
//
// The planner pushes a join of colocated tables down shard by shard, pairing shard i of one
// table with shard i of the other on the node that holds both. A colocation id is therefore a
// promise about where the rows are, and a table only joins a group when that promise already
// holds: the same number of shards, the same distribution column type and collation (the same
// value hashes alike), the same hash range for every shard, and the placements of every shard on
// the same nodes. Foreign keys between distributed tables are enforced per shard group, so a
// table is not taken away from a table it has such a key with. Partitions move with their
// partitioned table. PostgreSQL-style code: no C++ objects with destructors live here.
#include "tessera/metadata/catalog.h"
#include "tessera/metadata/distributed_table.h"
#include "tessera/operations/foreign_keys.h"
#include "tessera/pg/guard.h"

extern "C" {
#include "access/xact.h"
#include "catalog/namespace.h"
#include "catalog/partition.h"
#include "catalog/pg_class.h"
#include "catalog/pg_collation.h"
#include "catalog/pg_inherits.h"
#include "catalog/pg_namespace.h"
#include "catalog/pg_type.h"
#include "miscadmin.h"
#include "storage/lmgr.h"
#include "utils/acl.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/formatting.h"
#include "utils/lsyscache.h"
#include "utils/regproc.h"
}

namespace {

using tessera::metadata::DistributedTable;

// Blocks shard moves, DDL and other colocation changes of `relid` until the end of the
// transaction while reads and writes go on: a move takes ExclusiveLock on every table of the
// group it moves, and this lock conflicts with it.
void lock_against_moves(Oid relid)
{
    LockRelationOid(relid, ShareUpdateExclusiveLock);
}

// The hash-distributed table `relid`, locked against shard moves, or a clear ERROR naming the
// function `caller` (a reference table, a local table, or a table that does not exist).
const DistributedTable *require_hash_table(Oid relid, const char *caller)
{
    char *relname = get_rel_name(relid);
    if (relname == nullptr)
        ereport(ERROR, (errcode(ERRCODE_UNDEFINED_TABLE),
                        errmsg("relation with OID %u does not exist", relid)));
    lock_against_moves(relid);
    const DistributedTable *table = tessera::metadata::lookup_distributed_table(relid);
    if (table == nullptr)
        ereport(ERROR,
                (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                 errmsg("%s: table \"%s\" is not distributed", caller, relname),
                 errhint("Use create_distributed_table() with colocate_with to distribute it.")));
    if (table->partition_method != tessera::metadata::kDistributeByHash)
        ereport(ERROR, (errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
                        errmsg("%s: table \"%s\" is a reference table", caller, relname),
                        errdetail("Only hash-distributed tables have a colocation group that can "
                                  "be changed; reference tables are on every node.")));
    if (table->single_shard)
        ereport(ERROR, (errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
                        errmsg("%s is not supported for single-shard distributed table \"%s\"",
                               caller, relname),
                        errhint("Create the table with colocate_with instead.")));
    return table;
}

// Raises a clear ERROR unless `table` can be moved by `caller`: the current user owns it and
// it is not a partition (partitions follow their partitioned table).
void check_movable(const DistributedTable *table, const char *caller)
{
    char *relname = get_rel_name(table->relid);
    if (!pg_class_ownercheck(table->relid, GetUserId()))
        aclcheck_error(ACLCHECK_NOT_OWNER, OBJECT_TABLE, relname);
    if (get_rel_relispartition(table->relid))
        ereport(ERROR, (errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
                        errmsg("%s: table \"%s\" is a partition", caller, relname),
                        errdetail("Partitions are colocated with their partitioned table."),
                        errhint("Change the colocation of partitioned table \"%s\"; its partitions "
                                "follow.",
                                get_rel_name(get_partition_parent(table->relid, true)))));
}

// Raises a clear ERROR unless the shards of `table` line up with those of `peer` (a table of the
// group it is to join), so that pairing shard i of both on one node gives the right rows.
void check_shards_line_up(const DistributedTable *table, const DistributedTable *peer,
                          const char *caller)
{
    char *name = get_rel_name(table->relid);
    char *peer_name = get_rel_name(peer->relid);
    const char *failure =
        psprintf("%s: cannot colocate table \"%s\" with table \"%s\"", caller, name, peer_name);
    if (table->shard_count != peer->shard_count)
        ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                        errmsg("%s: shard counts differ", failure),
                        errdetail("Table \"%s\" has %d shards, table \"%s\" has %d.", name,
                                  table->shard_count, peer_name, peer->shard_count),
                        errhint("Use alter_distributed_table() to change the shard count or the "
                                "colocation by rebuilding the table.")));
    if (table->dist_type != peer->dist_type || table->dist_collation != peer->dist_collation)
        ereport(ERROR,
                (errcode(ERRCODE_DATATYPE_MISMATCH),
                 errmsg("%s: distribution column types do not match", failure),
                 errdetail("Table \"%s\" is distributed by %s%s, table \"%s\" by %s%s.", name,
                           format_type_be(table->dist_type),
                           table->dist_type == peer->dist_type ? " (another collation)" : "",
                           peer_name, format_type_be(peer->dist_type),
                           table->dist_type == peer->dist_type ? " (another collation)" : "")));
    for (int i = 0; i < table->shard_count; i++) {
        const tessera::metadata::ShardInterval *shard = &table->shards[i];
        const tessera::metadata::ShardInterval *other = &peer->shards[i];
        if (shard->has_range != other->has_range ||
            (shard->has_range &&
             (shard->min_value != other->min_value || shard->max_value != other->max_value)))
            ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                            errmsg("%s: the hash ranges of their shards differ", failure),
                            errdetail("Shard " INT64_FORMAT " and shard " INT64_FORMAT
                                      " cover different ranges.",
                                      shard->shard_id, other->shard_id)));
        bool same_nodes = shard->placement_count == other->placement_count;
        for (int p = 0; same_nodes && p < shard->placement_count; p++)
            same_nodes = shard->placements[p].group_id == other->placements[p].group_id;
        if (!same_nodes)
            ereport(ERROR,
                    (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                     errmsg("%s: their shards are on different nodes", failure),
                     errdetail("Shard " INT64_FORMAT " of \"%s\" and shard " INT64_FORMAT
                               " of \"%s\" cover the same hash range but are placed on "
                               "different nodes.",
                               shard->shard_id, name, other->shard_id, peer_name),
                     errhint("Move the shards of \"%s\" next to those of \"%s\" with "
                             "citus_move_shard_placement(), or use alter_distributed_table() to "
                             "rebuild it colocated.",
                             name, peer_name)));
    }
}

// `relid` and, for a partitioned table, its partitions (a List of Oid), each locked against
// shard moves.
List *with_partitions(Oid relid)
{
    List *relids = list_make1_oid(relid);
    if (get_rel_relkind(relid) == RELKIND_PARTITIONED_TABLE) {
        ListCell *cell;
        foreach (cell, find_inheritance_children(relid, ShareUpdateExclusiveLock))
            relids = lappend_oid(relids, lfirst_oid(cell));
    }
    return relids;
}

// Raises a clear ERROR if a foreign key between a table of `moving` (a List of Oid, every one
// of them going to colocation group `new_group`) and a hash-distributed table that does not end
// up in `new_group` would cross colocation groups: such keys are enforced inside a shard group.
void check_foreign_keys_stay_colocated(List *moving, int32 new_group, const char *caller)
{
    ListCell *cell;
    foreach (cell, moving) {
        Oid relid = lfirst_oid(cell);
        List *others = tessera::operations::referenced_tables(relid);
        others = list_concat_unique_oid(others,
                                        tessera::operations::referencing_distributed_tables(relid));
        ListCell *other_cell;
        foreach (other_cell, others) {
            Oid other = lfirst_oid(other_cell);
            if (other == relid || list_member_oid(moving, other))
                continue;
            lock_against_moves(other);
            const DistributedTable *table = tessera::metadata::lookup_distributed_table(other);
            if (table == nullptr || table->partition_method != tessera::metadata::kDistributeByHash)
                continue; // reference tables are on every node
            if (new_group != 0 && table->colocation_id == new_group)
                continue;
            ereport(ERROR,
                    (errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
                     errmsg("%s: a foreign key ties table \"%s\" to table \"%s\"", caller,
                            get_rel_name(relid), get_rel_name(other)),
                     errdetail("Foreign keys between distributed tables are enforced within each "
                               "shard group, so both tables must stay colocated."),
                     errhint("Drop the foreign key first, or change the colocation of both "
                             "tables together.")));
        }
    }
}

// Moves the tables of `moving` (hash-distributed, each with its partitions) into the group of
// `peer`, after checking every one of them against it. Tables already in that group stay.
void join_group(List *moving, const DistributedTable *peer, const char *caller)
{
    List *relids = NIL;
    ListCell *cell;
    foreach (cell, moving) {
        Oid relid = lfirst_oid(cell);
        ListCell *part_cell;
        foreach (part_cell, with_partitions(relid))
            relids = list_append_unique_oid(relids, lfirst_oid(part_cell));
    }
    // The group's tables stay where they are meanwhile (a shard move of the group waits).
    foreach (cell, tessera::metadata::tables_in_colocation_group(peer->colocation_id))
        lock_against_moves(lfirst_oid(cell));
    foreach (cell, relids) {
        const DistributedTable *table =
            tessera::metadata::lookup_distributed_table(lfirst_oid(cell));
        if (table == nullptr || table->partition_method != tessera::metadata::kDistributeByHash)
            elog(ERROR, "table %u is not hash-distributed", lfirst_oid(cell));
        check_shards_line_up(table, peer, caller);
    }
    check_foreign_keys_stay_colocated(relids, peer->colocation_id, caller);
    foreach (cell, relids) {
        const DistributedTable *table =
            tessera::metadata::lookup_distributed_table(lfirst_oid(cell));
        if (table->colocation_id != peer->colocation_id)
            tessera::metadata::update_partition_colocation(table->relid, peer->colocation_id);
    }
}

// Gives `table` (with its partitions) a colocation group of its own, unless no other table
// shares its group already.
void leave_group(const DistributedTable *table, const char *caller)
{
    List *relids = with_partitions(table->relid);
    bool shared = false;
    ListCell *cell;
    foreach (cell, tessera::metadata::tables_in_colocation_group(table->colocation_id))
        shared = shared || !list_member_oid(relids, lfirst_oid(cell));
    if (!shared)
        return;
    check_foreign_keys_stay_colocated(relids, 0, caller);
    tessera::metadata::ColocationRow *old_row =
        tessera::metadata::read_colocation_row(table->colocation_id);
    tessera::metadata::ColocationRow row{tessera::metadata::next_colocation_id(),
                                         table->shard_count,
                                         old_row != nullptr ? old_row->replication_factor : 1,
                                         table->dist_type, table->dist_collation};
    tessera::metadata::insert_colocation_row(&row);
    foreach (cell, relids)
        tessera::metadata::update_partition_colocation(lfirst_oid(cell), row.colocation_id);
}

// Serializes colocation changes with create_distributed_table, which picks groups under the
// same lock.
void lock_colocation_catalog()
{
    LockRelationOid(get_relname_relid("pg_dist_colocation", PG_CATALOG_NAMESPACE),
                    ShareUpdateExclusiveLock);
}

// Raises the ERROR for a NULL argument `name`.
void require_argument(bool isnull, const char *name)
{
    if (isnull)
        ereport(ERROR,
                (errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED), errmsg("%s must not be NULL", name)));
}

} // namespace

// mark_tables_colocated(source_table_name, target_table_names): puts every target table into the
// colocation group of the source table, refusing (and changing nothing) if any of them cannot be.
TESSERA_FUNCTION(tessera_mark_tables_colocated)
{
    const char *caller = "mark_tables_colocated";
    require_argument(PG_ARGISNULL(0), "source_table_name");
    require_argument(PG_ARGISNULL(1), "target_table_names");
    Oid source_relid = PG_GETARG_OID(0);
    ArrayType *array = PG_GETARG_ARRAYTYPE_P(1);
    Datum *elements;
    bool *nulls;
    int count;
    deconstruct_array(array, REGCLASSOID, sizeof(Oid), true, TYPALIGN_INT, &elements, &nulls,
                      &count);
    if (count == 0)
        ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                        errmsg("%s: target_table_names is empty", caller),
                        errhint("Name at least one table to colocate with table \"%s\".",
                                get_rel_name(source_relid))));

    lock_colocation_catalog();
    const DistributedTable *source = require_hash_table(source_relid, caller);
    List *targets = NIL;
    for (int i = 0; i < count; i++) {
        require_argument(nulls[i], "an element of target_table_names");
        Oid relid = DatumGetObjectId(elements[i]);
        const DistributedTable *target = require_hash_table(relid, caller);
        check_movable(target, caller);
        targets = list_append_unique_oid(targets, relid);
    }
    join_group(targets, source, caller);
    PG_RETURN_VOID();
}

// update_distributed_table_colocation(table_name, colocate_with): moves the table into the
// colocation group of table `colocate_with`, or into a group of its own with 'none'.
TESSERA_FUNCTION(tessera_update_distributed_table_colocation)
{
    const char *caller = "update_distributed_table_colocation";
    require_argument(PG_ARGISNULL(0), "table_name");
    require_argument(PG_ARGISNULL(1), "colocate_with");
    Oid relid = PG_GETARG_OID(0);
    char *colocate_with = text_to_cstring(PG_GETARG_TEXT_PP(1));
    char *lowered = str_tolower(colocate_with, strlen(colocate_with), DEFAULT_COLLATION_OID);
    if (strcmp(lowered, "default") == 0)
        ereport(
            ERROR,
            (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
             errmsg("%s: colocate_with must be 'none' or the name of a distributed table", caller),
             errdetail("'default' chooses a group when a table is distributed; it names no "
                       "table to colocate with.")));

    lock_colocation_catalog();
    const DistributedTable *table = require_hash_table(relid, caller);
    check_movable(table, caller);
    if (strcmp(lowered, "none") == 0) {
        leave_group(table, caller);
        PG_RETURN_VOID();
    }
    List *names = stringToQualifiedNameList(colocate_with);
    Oid other = RangeVarGetRelid(makeRangeVarFromNameList(names), NoLock, false);
    const DistributedTable *peer = require_hash_table(other, caller);
    join_group(list_make1_oid(relid), peer, caller);
    PG_RETURN_VOID();
}

// create_distributed_table(), declared here for its concurrent variant below.
extern "C" Datum tessera_create_distributed_table(PG_FUNCTION_ARGS);

// create_distributed_table_concurrently(...): accepted where Citus accepts it (not inside a
// transaction block), and then distributes the table exactly as create_distributed_table()
// does. Tessera has no logical-replication copy, so unlike Citus the table is locked against
// reads and writes until the transaction that copies it commits; a NOTICE says so, since callers of
// the concurrent variant expect the table to stay usable meanwhile.
TESSERA_FUNCTION(tessera_create_distributed_table_concurrently)
{
    PreventInTransactionBlock(true, "create_distributed_table_concurrently");
    // As in Citus: a single-shard table is made by create_distributed_table() only.
    if (PG_ARGISNULL(1))
        ereport(ERROR, (errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
                        errmsg("create_distributed_table_concurrently is not supported for tables "
                               "without a distribution column"),
                        errhint("Use create_distributed_table() instead.")));
    const char *relname = PG_ARGISNULL(0) ? nullptr : get_rel_name(PG_GETARG_OID(0));
    // Not for a table that create_distributed_table() refuses at once for being distributed.
    if (relname != nullptr && !tessera::metadata::is_distributed_table(PG_GETARG_OID(0)))
        ereport(NOTICE,
                (errmsg("create_distributed_table_concurrently blocks reads and writes of table "
                        "\"%s\" until it commits",
                        relname),
                 errdetail("Tessera has no logical-replication copy: the table is distributed "
                           "as create_distributed_table() does, in one transaction.")));
    return tessera_create_distributed_table(fcinfo);
}
