// Shard group moves, and the SQL functions citus_move_shard_placement, rebalance_table_shards and
// get_rebalance_table_shards_plan. PostgreSQL-style code: no C++ objects with destructors live in
// these frames except in plan_moves, which keeps the planner's std::vectors away from
// PostgreSQL calls (its one palloc runs under tessera::pg::guard).
#include "tessera/operations/shard_move.h"

#include "tessera/core/rebalance_planner.h"
#include "tessera/executor/connection.h"
#include "tessera/metadata/catalog.h"
#include "tessera/metadata/distributed_table.h"
#include "tessera/metadata/nodes.h"
#include "tessera/operations/background_jobs.h"
#include "tessera/operations/foreign_keys.h"
#include "tessera/operations/move_progress.h"
#include "tessera/operations/partitions.h"
#include "tessera/operations/shard_creation.h"
#include "tessera/operations/worker_objects.h"
#include "tessera/pg/guard.h"
#include "tessera/settings.h"

#include <cmath>
#include <vector>

extern "C" {
#include "access/xact.h"
#include "catalog/pg_type_d.h"
#include "executor/spi.h"
#include "funcapi.h"
#include "lib/stringinfo.h"
#include "miscadmin.h"
#include "storage/lmgr.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"
#include "utils/regproc.h"
#include "utils/tuplestore.h"
}

namespace tessera::operations {

namespace {

using executor::NodeConnection;

int compare_shards_by_range(const void *a, const void *b)
{
    const auto *left = *static_cast<metadata::ShardInterval *const *>(a);
    const auto *right = *static_cast<metadata::ShardInterval *const *>(b);
    if (left->min_value != right->min_value)
        return left->min_value < right->min_value ? -1 : 1;
    return left->shard_id < right->shard_id ? -1 : (left->shard_id > right->shard_id ? 1 : 0);
}

} // namespace

ShardGroupNames shard_group_names(const ColocatedShards *shards, int shard_index)
{
    StringInfoData literals;
    initStringInfo(&literals);
    StringInfoData tables;
    initStringInfo(&tables);
    for (int t = 0; t < shards->table_count; t++) {
        char *name =
            metadata::qualified_shard_name(shards->relids[t], shards->shard_ids[t][shard_index]);
        appendStringInfo(&literals, "%s%s", t > 0 ? ", " : "", quote_literal_cstr(name));
        appendStringInfo(&tables, "%s%s", t > 0 ? ", " : "", name);
    }
    return {literals.data, tables.data};
}

// Makes the source shards stop changing before the copy (`names`: the shard names as a list of
// literals, `tables`: the same as a list of table names).
// The coordinator's lock on the tables stops new writes, but a distributed transaction whose
// COMMIT PREPARED failed on the source keeps its prepared writes there until recovery commits
// them: copied before that, they would be lost with the dropped source shards. Such a prepared
// transaction is refused clearly; the EXCLUSIVE lock (reads go on) then waits for any writer
// still holding one of the shards, e.g. one that recovery commits in the meantime.
void lock_source_shards(executor::NodeConnection *source, const char *names, const char *tables)
{
    PGresult *result = executor::execute_command(
        source, psprintf("SELECT t FROM unnest(ARRAY[%s]::text[]) t "
                         "WHERE EXISTS (SELECT 1 FROM pg_catalog.pg_locks l "
                         "WHERE l.relation = pg_catalog.to_regclass(t) AND l.pid IS NULL AND "
                         "l.database = (SELECT oid FROM pg_catalog.pg_database "
                         "WHERE datname = pg_catalog.current_database())) LIMIT 1",
                         names));
    if (PQntuples(result) > 0) {
        char *locked = pstrdup(PQgetvalue(result, 0, 0));
        PQclear(result);
        ereport(ERROR,
                (errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
                 errmsg("shard table %s on source node %s is locked by a prepared transaction",
                        locked, executor::connection_node_name(source)),
                 errdetail("A distributed transaction that wrote to it is not finished on that "
                           "node; moving the shard now could lose its writes."),
                 errhint("Run SELECT recover_prepared_transactions() and retry the move.")));
    }
    PQclear(result);
    PQclear(executor::execute_command(source, psprintf("LOCK TABLE %s IN EXCLUSIVE MODE", tables)));
}

// Locks every table of colocation group `colocation_id` in EXCLUSIVE mode and returns the
// group's members (a List of Oid) as read after the last lock wait. A table can join the group
// in a transaction that commits while we wait for a lock (create_distributed_table with
// colocate_with, mark_tables_colocated, ...; each holds a lock on a member that conflicts with
// ours until it commits), so the members are read again after locking until no new one shows
// up; a table left behind would share the group's id but not its nodes.
static List *lock_colocation_group(int32 colocation_id)
{
    List *locked = NIL;
    for (;;) {
        List *members = metadata::tables_in_colocation_group(colocation_id);
        bool added = false;
        ListCell *cell;
        foreach (cell, members) {
            Oid relid = lfirst_oid(cell);
            if (list_member_oid(locked, relid))
                continue;
            LockRelationOid(relid, ExclusiveLock);
            locked = lappend_oid(locked, relid);
            added = true;
        }
        if (!added)
            return members;
    }
}

ColocatedShards *read_colocated_shards(int32 colocation_id, bool lock_for_move)
{
    List *tables = NIL;
    List *partitioned = NIL;
    ListCell *cell;
    List *members = lock_for_move ? lock_colocation_group(colocation_id)
                                  : metadata::tables_in_colocation_group(colocation_id);
    foreach (cell, members) {
        Oid relid = lfirst_oid(cell);
        metadata::PartitionRow *row = metadata::read_partition_row(relid);
        if (row == nullptr ||
            !metadata::is_movable_row(row->partition_method, row->replication_model))
            continue;
        // Partitioned tables first: a move creates their shards before it attaches the shards
        // of their partitions to them.
        if (is_partitioned_table(relid))
            partitioned = lappend_oid(partitioned, relid);
        else
            tables = lappend_oid(tables, relid);
    }
    tables = list_concat(partitioned, tables);
    auto *result = static_cast<ColocatedShards *>(palloc0(sizeof(ColocatedShards)));
    result->colocation_id = colocation_id;
    result->table_count = list_length(tables);
    result->relids = static_cast<Oid *>(palloc0(sizeof(Oid) * Max(result->table_count, 1)));
    result->shard_ids =
        static_cast<int64 **>(palloc0(sizeof(int64 *) * Max(result->table_count, 1)));
    int t = 0;
    foreach (cell, tables) {
        Oid relid = lfirst_oid(cell);
        List *shard_list = metadata::read_table_shards(relid);
        int count = list_length(shard_list);
        auto **shards = static_cast<metadata::ShardInterval **>(
            palloc0(sizeof(metadata::ShardInterval *) * Max(count, 1)));
        int i = 0;
        ListCell *shard_cell;
        foreach (shard_cell, shard_list)
            shards[i++] = static_cast<metadata::ShardInterval *>(lfirst(shard_cell));
        qsort(shards, count, sizeof(shards[0]), compare_shards_by_range);
        if (t == 0) {
            result->shard_count = count;
            result->group_of_index = static_cast<int32 *>(palloc0(sizeof(int32) * Max(count, 1)));
        } else if (count != result->shard_count) {
            ereport(ERROR, (errcode(ERRCODE_DATA_CORRUPTED),
                            errmsg("tables of colocation group %d have different shard counts",
                                   colocation_id)));
        }
        result->relids[t] = relid;
        result->shard_ids[t] = static_cast<int64 *>(palloc0(sizeof(int64) * Max(count, 1)));
        for (i = 0; i < count; i++) {
            if (shards[i]->placement_count != 1)
                ereport(ERROR, (errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
                                errmsg("shard " INT64_FORMAT " has %d placements",
                                       shards[i]->shard_id, shards[i]->placement_count),
                                errdetail("Only shards with exactly one placement can be moved.")));
            int32 group = shards[i]->placements[0].group_id;
            if (t == 0)
                result->group_of_index[i] = group;
            else if (result->group_of_index[i] != group)
                ereport(ERROR, (errcode(ERRCODE_DATA_CORRUPTED),
                                errmsg("colocated shards " INT64_FORMAT " and " INT64_FORMAT
                                       " are on different nodes",
                                       result->shard_ids[0][i], shards[i]->shard_id)));
            result->shard_ids[t][i] = shards[i]->shard_id;
        }
        t++;
    }
    return result;
}

void move_shard_group(ColocatedShards *shards, int shard_index, int32 source_group_id,
                      int32 target_group_id)
{
    Assert(shard_index >= 0 && shard_index < shards->shard_count);
    if (shards->group_of_index[shard_index] != source_group_id)
        ereport(ERROR, (errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
                        errmsg("shard group %d of colocation group %d is not on the source node",
                               shard_index, shards->colocation_id)));
    NodeConnection *source = transaction_connection(source_group_id);
    NodeConnection *target = transaction_connection(target_group_id);

    // The tables' schemas and types on the target first (committed at once, outside the
    // transaction): the leftover check below looks the shard names up in the target's
    // transaction, and a schema missing there then would stay missing for it (the lookup leaves
    // a negative catalog cache entry), failing CREATE TABLE of a group whose schema only its
    // source node had (single-shard tables, distributed schemas).
    for (int t = 0; t < shards->table_count; t++)
        ensure_table_objects_on_groups(shards->relids[t], &target_group_id, 1);

    // Leftovers of an earlier failed attempt would make CREATE TABLE fail on the target: refuse
    // clearly instead of guessing whether they hold data.
    ShardGroupNames group = shard_group_names(shards, shard_index);
    if (shards->table_count > 0) {
        PGresult *result = executor::execute_command(
            target, psprintf("SELECT t FROM unnest(ARRAY[%s]::text[]) t "
                             "WHERE pg_catalog.to_regclass(t) IS NOT NULL LIMIT 1",
                             group.literals));
        if (PQntuples(result) > 0) {
            char *existing = pstrdup(PQgetvalue(result, 0, 0));
            PQclear(result);
            ereport(ERROR,
                    (errcode(ERRCODE_DUPLICATE_TABLE),
                     errmsg("target node %s already holds shard table %s",
                            executor::connection_node_name(target), existing),
                     errhint("Drop the leftover table on that node if it holds no needed data, "
                             "then retry.")));
        }
        PQclear(result);
    }

    if (shards->table_count > 0)
        lock_source_shards(source, group.literals, group.tables);
    move_progress_begin(shards, shard_index, metadata::primary_node_for_group(source_group_id),
                        metadata::primary_node_for_group(target_group_id), source);

    // Tables and rows first, for every table of the group; then the foreign keys, which
    // reference each other's shards on the target.
    for (int t = 0; t < shards->table_count; t++) {
        Oid relid = shards->relids[t];
        int64 shard_id = shards->shard_ids[t][shard_index];
        move_progress_copying(t);
        copy_reference_placement(relid, shard_id, source_group_id, target_group_id);
        // A partition's shard joins its partitioned table's shard, created before it (the
        // group's partitioned tables come first, see read_colocated_shards); the partitioned
        // shard's rows are counted in its partitions.
        ListCell *attach_cell;
        foreach (attach_cell, shard_attach_commands(relid, shard_index, shard_id))
            PQclear(executor::execute_command(target, static_cast<char *>(lfirst(attach_cell))));
        if (is_partitioned_table(relid))
            continue;
        char *shard_name = metadata::qualified_shard_name(relid, shard_id);
        move_progress_copied(target, shard_name);
        int64 source_rows = remote_row_count(source, shard_name);
        int64 target_rows = remote_row_count(target, shard_name);
        if (source_rows != target_rows)
            ereport(ERROR, (errcode(ERRCODE_INTERNAL_ERROR),
                            errmsg("shard " INT64_FORMAT " has " INT64_FORMAT
                                   " rows on the source but " INT64_FORMAT " after copying",
                                   shard_id, source_rows, target_rows)));
    }
    move_progress_status("adding foreign keys");
    StringInfoData sql;
    initStringInfo(&sql);
    for (int t = 0; t < shards->table_count; t++) {
        ListCell *cell;
        foreach (cell, shard_foreign_key_commands(shards->relids[t],
                                                  shards->shard_ids[t][shard_index], shard_index)) {
            appendStringInfoString(&sql, static_cast<char *>(lfirst(cell)));
            appendStringInfoString(&sql, ";\n");
        }
    }
    if (sql.len > 0)
        PQclear(executor::execute_command(target, sql.data));

    // Reads went on during the copy (the ExclusiveLock only stops writes). From here the shards
    // change node and the source copies are dropped: a read planned with the old placements
    // would find its shard gone on the source once the move commits. Wait for the reads under
    // way and keep new ones waiting until the commit, after which they plan with the new
    // placements.
    move_progress_status("switching placements");
    for (int t = 0; t < shards->table_count; t++)
        LockRelationOid(shards->relids[t], AccessExclusiveLock);

    for (int t = 0; t < shards->table_count; t++) {
        if (!metadata::update_placement_group(shards->shard_ids[t][shard_index], source_group_id,
                                              target_group_id))
            ereport(ERROR, (errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
                            errmsg("shard " INT64_FORMAT " has no placement on the source node",
                                   shards->shard_ids[t][shard_index])));
    }
    shards->group_of_index[shard_index] = target_group_id;

    resetStringInfo(&sql);
    appendStringInfoString(&sql, "DROP TABLE IF EXISTS ");
    for (int t = 0; t < shards->table_count; t++)
        appendStringInfo(
            &sql, "%s%s", t > 0 ? ", " : "",
            metadata::qualified_shard_name(shards->relids[t], shards->shard_ids[t][shard_index]));
    if (shards->table_count > 0)
        PQclear(executor::execute_command(source, sql.data));
    move_progress_status("waiting for commit");
}

} // namespace tessera::operations

// ---------------------------------------------------------------------------------------------
// SQL functions

namespace {

using namespace tessera;

void require_superuser(const char *action)
{
    if (!superuser())
        ereport(ERROR, (errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
                        errmsg("only superusers can %s", action)));
}

void check_transfer_mode(const char *mode)
{
    if (strcmp(mode, "auto") != 0 && strcmp(mode, "block_writes") != 0 &&
        strcmp(mode, "force_logical") != 0)
        ereport(ERROR,
                (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                 errmsg("invalid shard_transfer_mode \"%s\"", mode),
                 errhint("Use 'auto', 'block_writes' or 'force_logical'; every mode copies the "
                         "shards while writes to their tables are blocked.")));
}

// The name given as argument `argno` (a rebalance_strategy name), or nullptr for the default.
const char *strategy_argument(FunctionCallInfo fcinfo, int argno)
{
    if (PG_NARGS() <= argno || PG_ARGISNULL(argno))
        return nullptr;
    return pstrdup(NameStr(*PG_GETARG_NAME(argno)));
}

// A row of pg_dist_rebalance_strategy, with the built-in functions recognised so that they need
// no call per shard group or node.
struct Strategy {
    char *name;
    Oid cost_function;
    Oid capacity_function;
    Oid allowed_function;
    bool unit_cost;     // citus_shard_cost_1
    bool by_disk_size;  // citus_shard_cost_by_disk_size
    bool unit_capacity; // citus_node_capacity_1
    bool all_allowed;   // citus_shard_allowed_on_node_true
    double default_threshold;
    double minimum_threshold;
    double improvement_threshold;
};

// The strategy called `name` (nullptr: the default one), or an ERROR saying there is none.
Strategy *read_strategy(const char *name)
{
    if (SPI_connect() != SPI_OK_CONNECT)
        elog(ERROR, "SPI_connect failed");
    Oid types[1] = {TEXTOID};
    Datum values[1] = {name != nullptr ? CStringGetTextDatum(name) : (Datum)0};
    char nulls[1] = {name != nullptr ? ' ' : 'n'};
    int rc = SPI_execute_with_args(
        "SELECT s.name::text, s.shard_cost_function::oid, s.node_capacity_function::oid, "
        "s.shard_allowed_on_node_function::oid, "
        "s.shard_cost_function::oid = 'pg_catalog.citus_shard_cost_1(bigint)'::regprocedure, "
        "s.shard_cost_function::oid = "
        "'pg_catalog.citus_shard_cost_by_disk_size(bigint)'::regprocedure, "
        "s.node_capacity_function::oid = "
        "'pg_catalog.citus_node_capacity_1(integer)'::regprocedure, "
        "s.shard_allowed_on_node_function::oid = "
        "'pg_catalog.citus_shard_allowed_on_node_true(bigint, integer)'::regprocedure, "
        "s.default_threshold::float8, s.minimum_threshold::float8, s.improvement_threshold::float8 "
        "FROM pg_catalog.pg_dist_rebalance_strategy s "
        "WHERE CASE WHEN $1 IS NULL THEN s.default_strategy ELSE s.name = $1::name END",
        1, types, values, nulls, true, 1);
    if (rc != SPI_OK_SELECT)
        elog(ERROR, "reading pg_dist_rebalance_strategy failed (SPI result %d)", rc);
    if (SPI_processed == 0) {
        SPI_finish();
        if (name != nullptr)
            ereport(ERROR, (errcode(ERRCODE_UNDEFINED_OBJECT),
                            errmsg("rebalance strategy \"%s\" does not exist", name),
                            errhint("The strategies are listed in pg_dist_rebalance_strategy.")));
        ereport(ERROR, (errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
                        errmsg("no default rebalance strategy is set"),
                        errhint("Name a strategy, or set one with "
                                "citus_set_default_rebalance_strategy.")));
    }
    auto *strategy = static_cast<Strategy *>(SPI_palloc(sizeof(Strategy)));
    HeapTuple row = SPI_tuptable->vals[0];
    TupleDesc desc = SPI_tuptable->tupdesc;
    auto text = [&](int column) { return SPI_getvalue(row, desc, column); };
    strategy->name = static_cast<char *>(SPI_palloc(strlen(text(1)) + 1));
    strcpy(strategy->name, text(1));
    strategy->cost_function = static_cast<Oid>(strtoul(text(2), nullptr, 10));
    strategy->capacity_function = static_cast<Oid>(strtoul(text(3), nullptr, 10));
    strategy->allowed_function = static_cast<Oid>(strtoul(text(4), nullptr, 10));
    strategy->unit_cost = strcmp(text(5), "t") == 0;
    strategy->by_disk_size = strcmp(text(6), "t") == 0;
    strategy->unit_capacity = strcmp(text(7), "t") == 0;
    strategy->all_allowed = strcmp(text(8), "t") == 0;
    strategy->default_threshold = strtod(text(9), nullptr);
    strategy->minimum_threshold = strtod(text(10), nullptr);
    strategy->improvement_threshold = strtod(text(11), nullptr);
    SPI_finish();
    return strategy;
}

// An active primary worker, or an ERROR saying what `role` ("source", "target") node is wrong.
metadata::WorkerNode *worker_node(const char *name, int32 port, const char *role)
{
    metadata::WorkerNode *node = metadata::find_node(name, port);
    if (node == nullptr)
        ereport(ERROR, (errcode(ERRCODE_UNDEFINED_OBJECT),
                        errmsg("%s node %s:%d is not in the cluster", role, name, port)));
    if (!node->is_active || node->group_id == metadata::kCoordinatorGroupId ||
        node->node_role == nullptr || strcmp(node->node_role, "primary") != 0)
        ereport(ERROR,
                (errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
                 errmsg("%s node %s:%d is not an active primary worker node", role, name, port)));
    return node;
}

// The plan of the rebalancer: palloc'd moves, as the pure planner computes them. The only frame
// holding std:: objects; its single PostgreSQL call runs under guard().
core::RebalanceMove *plan_moves(const core::RebalanceNode *nodes, int node_count,
                                const core::RebalanceShardGroup *groups, int group_count,
                                const core::RebalanceDisallowed *disallowed, int disallowed_count,
                                const core::RebalanceOptions &options, int *move_count)
{
    std::vector<core::RebalanceMove> moves;
    {
        std::vector<core::RebalanceNode> node_list(nodes, nodes + node_count);
        std::vector<core::RebalanceShardGroup> group_list(groups, groups + group_count);
        std::vector<core::RebalanceDisallowed> rules(disallowed, disallowed + disallowed_count);
        moves = core::plan_rebalance(node_list, group_list, options, rules);
    }
    size_t count = moves.size();
    auto *result = pg::guard([count] {
        return static_cast<core::RebalanceMove *>(
            palloc0(sizeof(core::RebalanceMove) * (count > 0 ? count : 1)));
    });
    for (size_t i = 0; i < count; i++)
        result[i] = moves[i];
    *move_count = static_cast<int>(count);
    return result;
}

// Everything a rebalance needs: the colocation groups it covers and the planned moves.
struct RebalancePlan {
    int colocation_count;
    tessera::operations::ColocatedShards **colocations;
    int move_count;
    core::RebalanceMove *moves;
};

// The size of shard group `shard_index` of `shards` (all its shards) on `node`, which holds it.
int64 shard_group_disk_size(tessera::operations::ColocatedShards *shards, int shard_index,
                            metadata::WorkerNode *node)
{
    char *names = tessera::operations::shard_group_names(shards, shard_index).literals;
    executor::NodeConnection *connection =
        executor::get_node_connection(node->node_name, node->node_port);
    PGresult *result = executor::execute_command(
        connection, psprintf("SELECT coalesce(sum(pg_catalog.pg_total_relation_size("
                             "pg_catalog.to_regclass(t))), 0) FROM unnest(ARRAY[%s]::text[]) t",
                             names));
    int64 size = PQntuples(result) == 1 ? pg_strtoint64(PQgetvalue(result, 0, 0)) : 0;
    PQclear(result);
    return size;
}

// Base cost of a shard group for citus_shard_cost_by_disk_size (default 100 MiB), so that empty
// shard groups do not count as free.
double disk_size_base_cost()
{
    return static_cast<double>(tessera_rebalancer_by_disk_size_base_cost);
}

int compare_int64(const void *a, const void *b)
{
    int64 left = *static_cast<const int64 *>(a);
    int64 right = *static_cast<const int64 *>(b);
    return left < right ? -1 : (left > right ? 1 : 0);
}

// Sets groups[].cost to each shard group's disk size (all its shards, measured on their workers
// by tessera_shard_sizes in one round trip per worker) plus the base cost: the cost
// citus_shard_cost_by_disk_size gives, without one call per shard group. A size that cannot be
// measured is an error rather than a guess.
void set_disk_size_costs(tessera::operations::ColocatedShards **colocations, int colocation_count,
                         core::RebalanceShardGroup *groups)
{
    if (SPI_connect() != SPI_OK_CONNECT)
        elog(ERROR, "SPI_connect failed");
    if (SPI_execute("SELECT shardid, shard_size FROM pg_catalog.tessera_shard_sizes() "
                    "WHERE shard_size IS NOT NULL ORDER BY shardid",
                    true, 0) != SPI_OK_SELECT)
        elog(ERROR, "measuring shard sizes failed");
    uint64 count = SPI_processed;
    // (shard id, size) pairs sorted by shard id.
    auto *sizes = static_cast<int64 *>(palloc(sizeof(int64) * 2 * Max(count, 1)));
    for (uint64 r = 0; r < count; r++) {
        sizes[2 * r] = pg_strtoint64(SPI_getvalue(SPI_tuptable->vals[r], SPI_tuptable->tupdesc, 1));
        sizes[2 * r + 1] =
            pg_strtoint64(SPI_getvalue(SPI_tuptable->vals[r], SPI_tuptable->tupdesc, 2));
    }
    int g = 0;
    for (int c = 0; c < colocation_count; c++) {
        tessera::operations::ColocatedShards *shards = colocations[c];
        for (int i = 0; i < shards->shard_count; i++) {
            double cost = disk_size_base_cost();
            for (int t = 0; t < shards->table_count; t++) {
                if (tessera::operations::is_partitioned_table(shards->relids[t]))
                    continue; // its partitions' shards hold the rows
                int64 key = shards->shard_ids[t][i];
                auto *found = static_cast<int64 *>(
                    bsearch(&key, sizes, count, sizeof(int64) * 2, compare_int64));
                if (found == nullptr)
                    ereport(ERROR,
                            (errcode(ERRCODE_CONNECTION_FAILURE),
                             errmsg("the size of shard " INT64_FORMAT " is unknown", key),
                             errdetail("Rebalancing by disk size needs the size of every shard."),
                             errhint("Check that the shard's worker is reachable.")));
                cost += static_cast<double>(found[1]);
            }
            groups[g++].cost = cost;
        }
    }
    SPI_finish();
}

// A float4 the strategy function returned, checked: finite and not below `minimum` (or above
// it, when `strictly`).
double checked_value(Datum value, const char *what, const char *function, double minimum,
                     bool strictly)
{
    double result = DatumGetFloat4(value);
    if (std::isnan(result) || std::isinf(result) || result < minimum ||
        (strictly && result == minimum))
        ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                        errmsg("%s function %s returned %g", what, function, result),
                        errdetail(strictly ? "It must return a positive number."
                                           : "It must return a number that is not negative.")));
    return result;
}

// The plan for the colocation group of `relation` (or all of them when InvalidOid), with the
// rebalancer's options and the rebalance strategy `strategy_name` (nullptr: the default);
// `excluded` lists shard ids whose shard groups stay where they are. A negative threshold means
// the strategy's default_threshold.
RebalancePlan *build_plan(Oid relation, const char *strategy_name, double threshold,
                          int64 max_moves, Datum *excluded, int excluded_count, bool drain_only)
{
    Strategy *strategy = read_strategy(strategy_name);
    if (threshold < 0)
        threshold = strategy->default_threshold;
    else if (threshold < strategy->minimum_threshold)
        ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                        errmsg("threshold %g is lower than the minimum threshold %g of rebalance "
                               "strategy \"%s\"",
                               threshold, strategy->minimum_threshold, strategy->name)));

    // The colocation groups to balance: the relation's, or every hash-distributed table's.
    List *colocation_ids = NIL;
    if (OidIsValid(relation)) {
        metadata::PartitionRow *row = metadata::read_partition_row(relation);
        if (row == nullptr)
            ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                            errmsg("table \"%s\" is not distributed", get_rel_name(relation))));
        if (!metadata::is_movable_row(row->partition_method, row->replication_model))
            ereport(ERROR, (errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
                            errmsg("table \"%s\" is a reference table", get_rel_name(relation)),
                            errdetail("Reference tables have a copy on every worker; there is "
                                      "nothing to rebalance.")));
        colocation_ids = lappend_int(colocation_ids, row->colocation_id);
    } else {
        ListCell *cell;
        foreach (cell, metadata::read_all_partition_rows()) {
            auto *row = static_cast<metadata::PartitionRow *>(lfirst(cell));
            if (metadata::is_movable_row(row->partition_method, row->replication_model) &&
                !list_member_int(colocation_ids, row->colocation_id))
                colocation_ids = lappend_int(colocation_ids, row->colocation_id);
        }
        list_sort(colocation_ids, list_int_cmp);
    }

    auto *plan = static_cast<RebalancePlan *>(palloc0(sizeof(RebalancePlan)));
    plan->colocation_count = list_length(colocation_ids);
    plan->colocations = static_cast<tessera::operations::ColocatedShards **>(
        palloc0(sizeof(void *) * Max(plan->colocation_count, 1)));
    int total_groups = 0;
    int c = 0;
    ListCell *cell;
    foreach (cell, colocation_ids) {
        plan->colocations[c] = tessera::operations::read_colocated_shards(lfirst_int(cell), false);
        total_groups += plan->colocations[c]->shard_count;
        c++;
    }
    auto *groups = static_cast<core::RebalanceShardGroup *>(
        palloc0(sizeof(core::RebalanceShardGroup) * Max(total_groups, 1)));
    int g = 0;
    for (c = 0; c < plan->colocation_count; c++) {
        tessera::operations::ColocatedShards *shards = plan->colocations[c];
        for (int i = 0; i < shards->shard_count; i++) {
            bool movable = true;
            for (int t = 0; t < shards->table_count && movable; t++)
                for (int e = 0; e < excluded_count; e++)
                    if (DatumGetInt64(excluded[e]) == shards->shard_ids[t][i])
                        movable = false;
            groups[g++] = {shards->colocation_id, i, shards->group_of_index[i], movable};
        }
    }
    List *workers = metadata::active_worker_nodes();
    int node_count = list_length(workers);
    auto *nodes = static_cast<core::RebalanceNode *>(
        palloc0(sizeof(core::RebalanceNode) * Max(node_count, 1)));
    auto **node_rows =
        static_cast<metadata::WorkerNode **>(palloc0(sizeof(void *) * Max(node_count, 1)));
    int n = 0;
    foreach (cell, workers) {
        auto *worker = static_cast<metadata::WorkerNode *>(lfirst(cell));
        node_rows[n] = worker;
        nodes[n++] = {worker->group_id, worker->should_have_shards};
    }

    // The strategy's costs, capacities and placement rules (the built-in functions of
    // by_shard_count need no calls: every value is 1, every node allowed).
    if (strategy->by_disk_size) {
        set_disk_size_costs(plan->colocations, plan->colocation_count, groups);
    } else if (!strategy->unit_cost) {
        const char *function = format_procedure(strategy->cost_function);
        g = 0;
        for (c = 0; c < plan->colocation_count; c++)
            for (int i = 0; i < plan->colocations[c]->shard_count; i++, g++)
                groups[g].cost = checked_value(
                    OidFunctionCall1(strategy->cost_function,
                                     Int64GetDatum(plan->colocations[c]->shard_ids[0][i])),
                    "shard cost", function, 0, false);
    }
    if (!strategy->unit_capacity) {
        const char *function = format_procedure(strategy->capacity_function);
        for (n = 0; n < node_count; n++)
            if (node_rows[n]->should_have_shards)
                nodes[n].capacity =
                    checked_value(OidFunctionCall1(strategy->capacity_function,
                                                   Int32GetDatum(node_rows[n]->node_id)),
                                  "node capacity", function, 0, true);
    }
    core::RebalanceDisallowed *disallowed = nullptr;
    int disallowed_count = 0;
    if (!strategy->all_allowed && node_count > 0) {
        disallowed = static_cast<core::RebalanceDisallowed *>(
            palloc(sizeof(core::RebalanceDisallowed) * Max(total_groups, 1) * node_count));
        g = 0;
        for (c = 0; c < plan->colocation_count; c++) {
            tessera::operations::ColocatedShards *shards = plan->colocations[c];
            for (int i = 0; i < shards->shard_count; i++, g++)
                for (n = 0; n < node_count; n++)
                    if (!DatumGetBool(OidFunctionCall2(strategy->allowed_function,
                                                       Int64GetDatum(shards->shard_ids[0][i]),
                                                       Int32GetDatum(node_rows[n]->node_id))))
                        disallowed[disallowed_count++] = {shards->colocation_id, i,
                                                          node_rows[n]->group_id};
        }
    }

    core::RebalanceOptions options;
    options.drain_only = drain_only;
    options.max_moves = max_moves;
    options.threshold = threshold;
    options.improvement_threshold = strategy->improvement_threshold;
    plan->moves = plan_moves(nodes, node_count, groups, total_groups, disallowed, disallowed_count,
                             options, &plan->move_count);
    return plan;
}

// Arguments shared by rebalance_table_shards and get_rebalance_table_shards_plan: relation,
// threshold, max_shard_moves, excluded_shard_list, and the rebalance_strategy (argument
// `strategy_argno`).
RebalancePlan *build_plan(FunctionCallInfo fcinfo, bool drain_only, int strategy_argno)
{
    Oid relation = PG_ARGISNULL(0) ? InvalidOid : PG_GETARG_OID(0);
    // NULL: the strategy's default threshold.
    double threshold = PG_ARGISNULL(1) ? -1.0 : PG_GETARG_FLOAT4(1);
    if (!PG_ARGISNULL(1) && !(threshold >= 0.0 && threshold <= 1.0))
        ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                        errmsg("threshold must be between 0.0 and 1.0"),
                        errdetail("The threshold is the fraction of the average utilization of "
                                  "the nodes (shard groups per node, by shard count) by which a "
                                  "node may differ from it.")));
    int64 max_moves = PG_ARGISNULL(2) ? PG_INT64_MAX : PG_GETARG_INT32(2);
    int excluded_count = 0;
    Datum *excluded = nullptr;
    if (!PG_ARGISNULL(3)) {
        ArrayType *array = PG_GETARG_ARRAYTYPE_P(3);
        bool *nulls;
        deconstruct_array(array, INT8OID, 8, FLOAT8PASSBYVAL, TYPALIGN_DOUBLE, &excluded, &nulls,
                          &excluded_count);
    }
    return build_plan(relation, strategy_argument(fcinfo, strategy_argno), threshold, max_moves,
                      excluded, excluded_count, drain_only);
}

tessera::operations::ColocatedShards *plan_colocation(RebalancePlan *plan, int32 colocation_id)
{
    for (int c = 0; c < plan->colocation_count; c++)
        if (plan->colocations[c]->colocation_id == colocation_id)
            return plan->colocations[c];
    elog(ERROR, "colocation group %d is not in the rebalance plan", colocation_id);
}

} // namespace

// citus_move_shard_placement(shard_id, source_name, source_port, target_name, target_port,
// shard_transfer_mode): moves the shard and its colocated shards to the target node.
TESSERA_FUNCTION(citus_move_shard_placement)
{
    require_superuser("move shards");
    int64 shard_id = PG_GETARG_INT64(0);
    char *source_name = text_to_cstring(PG_GETARG_TEXT_PP(1));
    int32 source_port = PG_GETARG_INT32(2);
    char *target_name = text_to_cstring(PG_GETARG_TEXT_PP(3));
    int32 target_port = PG_GETARG_INT32(4);
    check_transfer_mode(text_to_cstring(PG_GETARG_TEXT_PP(5)));

    Oid relid = metadata::relid_of_shard(shard_id);
    if (!OidIsValid(relid))
        ereport(ERROR, (errcode(ERRCODE_UNDEFINED_OBJECT),
                        errmsg("shard " INT64_FORMAT " does not exist", shard_id)));
    metadata::PartitionRow *row = metadata::read_partition_row(relid);
    if (row == nullptr || !metadata::is_movable_row(row->partition_method, row->replication_model))
        ereport(ERROR, (errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
                        errmsg("cannot move shard " INT64_FORMAT " of reference table \"%s\"",
                               shard_id, get_rel_name(relid)),
                        errdetail("Reference tables have a copy on every worker.")));
    metadata::WorkerNode *source = worker_node(source_name, source_port, "source");
    metadata::WorkerNode *target = worker_node(target_name, target_port, "target");
    if (source->group_id == target->group_id)
        ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                        errmsg("source and target node are the same")));

    operations::ColocatedShards *shards =
        operations::read_colocated_shards(row->colocation_id, true);
    int shard_index = -1;
    for (int t = 0; t < shards->table_count && shard_index < 0; t++)
        for (int i = 0; i < shards->shard_count; i++)
            if (shards->shard_ids[t][i] == shard_id)
                shard_index = i;
    if (shard_index < 0)
        ereport(ERROR, (errcode(ERRCODE_UNDEFINED_OBJECT),
                        errmsg("shard " INT64_FORMAT " does not exist", shard_id)));
    // With one placement per shard, a source that holds it means the target does not; a leftover
    // table of the same name on the target is refused by move_shard_group.
    if (shards->group_of_index[shard_index] != source->group_id)
        ereport(ERROR, (errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
                        errmsg("source node %s:%d does not hold shard " INT64_FORMAT, source_name,
                               source_port, shard_id)));
    operations::move_shard_group(shards, shard_index, source->group_id, target->group_id);
    PG_RETURN_VOID();
}

// rebalance_table_shards(relation, threshold, max_shard_moves, excluded_shard_list,
// shard_transfer_mode, drain_only, rebalance_strategy): plans by shard count and runs every move in
// the caller's transaction, so the whole rebalance commits or rolls back as one.
TESSERA_FUNCTION(rebalance_table_shards)
{
    require_superuser("rebalance shards");
    operations::error_if_rebalance_job_running();
    if (!PG_ARGISNULL(4))
        check_transfer_mode(text_to_cstring(PG_GETARG_TEXT_PP(4)));
    bool drain_only = !PG_ARGISNULL(5) && PG_GETARG_BOOL(5);
    RebalancePlan *plan = build_plan(fcinfo, drain_only, 6);
    for (int m = 0; m < plan->move_count; m++) {
        const core::RebalanceMove &move = plan->moves[m];
        // Lock and re-read: the plan was made without blocking writes.
        operations::ColocatedShards *shards =
            operations::read_colocated_shards(move.colocation_id, true);
        plan_colocation(plan, move.colocation_id); // the plan covers it
        if (move.shard_index >= shards->shard_count ||
            shards->group_of_index[move.shard_index] != move.source_group_id)
            ereport(ERROR, (errcode(ERRCODE_T_R_SERIALIZATION_FAILURE),
                            errmsg("shard placements changed while planning the rebalance"),
                            errhint("Run rebalance_table_shards again.")));
        operations::move_shard_group(shards, move.shard_index, move.source_group_id,
                                     move.target_group_id);
    }
    PG_RETURN_VOID();
}

// get_rebalance_table_shards_plan(relation, threshold, max_shard_moves, excluded_shard_list,
// drain_only, rebalance_strategy): the moves rebalance_table_shards would make, one row per shard
// group (its shard of the colocation group's first table, and the size of all its shards on the
// source).
TESSERA_FUNCTION(get_rebalance_table_shards_plan)
{
    InitMaterializedSRF(fcinfo, 0);
    auto *rsinfo = reinterpret_cast<ReturnSetInfo *>(fcinfo->resultinfo);
    bool drain_only = !PG_ARGISNULL(4) && PG_GETARG_BOOL(4);
    RebalancePlan *plan = build_plan(fcinfo, drain_only, 5);
    for (int m = 0; m < plan->move_count; m++) {
        const core::RebalanceMove &move = plan->moves[m];
        operations::ColocatedShards *shards = plan_colocation(plan, move.colocation_id);
        metadata::WorkerNode *source = metadata::primary_node_for_group(move.source_group_id);
        metadata::WorkerNode *target = metadata::primary_node_for_group(move.target_group_id);

        int64 size = shard_group_disk_size(shards, move.shard_index, source);

        Datum values[7];
        bool nulls[7] = {false};
        values[0] = ObjectIdGetDatum(shards->relids[0]);
        values[1] = Int64GetDatum(shards->shard_ids[0][move.shard_index]);
        values[2] = Int64GetDatum(size);
        values[3] = CStringGetTextDatum(source->node_name);
        values[4] = Int32GetDatum(source->node_port);
        values[5] = CStringGetTextDatum(target->node_name);
        values[6] = Int32GetDatum(target->node_port);
        tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
    }
    return (Datum)0;
}

// citus_shard_cost_by_disk_size(shard_id): the cost of the shard's group for the by_disk_size
// strategy, its size on its worker plus the base cost (rebalances compute the same for every
// shard group at once, see set_disk_size_costs).
TESSERA_FUNCTION(citus_shard_cost_by_disk_size)
{
    int64 shard_id = PG_GETARG_INT64(0);
    Oid relid = metadata::relid_of_shard(shard_id);
    if (!OidIsValid(relid))
        ereport(ERROR, (errcode(ERRCODE_UNDEFINED_OBJECT),
                        errmsg("shard " INT64_FORMAT " does not exist", shard_id)));
    metadata::PartitionRow *row = metadata::read_partition_row(relid);
    if (row == nullptr || !metadata::is_movable_row(row->partition_method, row->replication_model))
        ereport(ERROR, (errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
                        errmsg("shard " INT64_FORMAT " of table \"%s\" is not rebalanced", shard_id,
                               get_rel_name(relid)),
                        errdetail("Only shards of distributed tables have a rebalance cost.")));
    operations::ColocatedShards *shards =
        operations::read_colocated_shards(row->colocation_id, false);
    for (int t = 0; t < shards->table_count; t++)
        for (int i = 0; i < shards->shard_count; i++)
            if (shards->shard_ids[t][i] == shard_id) {
                metadata::WorkerNode *node =
                    metadata::primary_node_for_group(shards->group_of_index[i]);
                double size = static_cast<double>(shard_group_disk_size(shards, i, node));
                PG_RETURN_FLOAT4(static_cast<float4>(size + disk_size_base_cost()));
            }
    ereport(ERROR, (errcode(ERRCODE_UNDEFINED_OBJECT),
                    errmsg("shard " INT64_FORMAT " does not exist", shard_id)));
}

namespace tessera::operations {

// See shard_move.h: the plan of build_plan with default options, as shard ids and node groups.
PlannedMove *plan_rebalance_moves(bool drain_only, const char *strategy, int *move_count)
{
    RebalancePlan *plan =
        build_plan(InvalidOid, strategy, -1.0, PG_INT64_MAX, nullptr, 0, drain_only);
    auto *moves =
        static_cast<PlannedMove *>(palloc0(sizeof(PlannedMove) * Max(plan->move_count, 1)));
    for (int m = 0; m < plan->move_count; m++) {
        const core::RebalanceMove &move = plan->moves[m];
        ColocatedShards *shards = plan_colocation(plan, move.colocation_id);
        moves[m].shard_id = shards->shard_ids[0][move.shard_index];
        moves[m].source_group_id = move.source_group_id;
        moves[m].target_group_id = move.target_group_id;
    }
    *move_count = plan->move_count;
    return moves;
}

// See shard_move.h; the same check as the move functions'.
void check_shard_transfer_mode(const char *mode)
{
    check_transfer_mode(mode);
}

// See shard_move.h.
const char *rebalance_strategy_argument(FunctionCallInfo fcinfo, int argno)
{
    const char *name = strategy_argument(fcinfo, argno);
    return read_strategy(name)->name;
}

} // namespace tessera::operations
