// Rebalancing: plans the moves that balance shard groups over the workers (by the rebalance
// strategy of pg_dist_rebalance_strategy, through core/rebalance_planner.h) and the SQL functions
// rebalance_table_shards, get_rebalance_table_shards_plan and citus_shard_cost_by_disk_size; the
// moves themselves are shard_move.cpp's. PostgreSQL-style code: no C++ objects with destructors
// live in these frames except in plan_moves, which keeps the planner's std::vectors away from
// PostgreSQL calls (its one palloc runs under tessera::pg::guard).
#include "tessera/operations/shard_move.h"

#include "tessera/core/rebalance_planner.h"
#include "tessera/executor/connection.h"
#include "tessera/metadata/catalog.h"
#include "tessera/metadata/distributed_table.h"
#include "tessera/metadata/nodes.h"
#include "tessera/operations/background_jobs.h"
#include "tessera/operations/partitions.h"
#include "tessera/pg/guard.h"
#include "tessera/pg/privileges.h"
#include "tessera/settings.h"

#include <cmath>
#include <vector>

extern "C" {
#include "catalog/pg_type_d.h"
#include "executor/spi.h"
#include "funcapi.h"
#include "miscadmin.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"
#include "utils/regproc.h"
#include "utils/tuplestore.h"
}

namespace {

using namespace tessera;

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

// rebalance_table_shards(relation, threshold, max_shard_moves, excluded_shard_list,
// shard_transfer_mode, drain_only, rebalance_strategy): plans by shard count and runs every move in
// the caller's transaction, so the whole rebalance commits or rolls back as one.
TESSERA_FUNCTION(rebalance_table_shards)
{
    pg::require_superuser("rebalance shards");
    operations::error_if_rebalance_job_running();
    if (!PG_ARGISNULL(4))
        operations::check_shard_transfer_mode(text_to_cstring(PG_GETARG_TEXT_PP(4)));
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

// See shard_move.h.
const char *rebalance_strategy_argument(FunctionCallInfo fcinfo, int argno)
{
    const char *name = strategy_argument(fcinfo, argno);
    return read_strategy(name)->name;
}

} // namespace tessera::operations
