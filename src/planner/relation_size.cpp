// Size estimates of distributed and reference tables for the coordinator's planner. The
// coordinator's own copy of such a table is empty (its rows live in the shards), so its
// statistics claim one row, and PostgreSQL would then join the table by nested loops that
// rescan every shard once per outer row. Instead the estimate comes from the shards' sizes and
// statistics on the workers, asked at most once a minute per table and backend; when a worker
// cannot be asked, a fixed size per shard stands in.
#include "tessera/planner/planner.h"

#include "tessera/executor/connection.h"
#include "tessera/metadata/distributed_table.h"
#include "tessera/metadata/nodes.h"

extern "C" {
#include "access/htup_details.h"
#include "access/relation.h"
#include "optimizer/plancat.h"
#include "storage/bufpage.h"
#include "utils/builtins.h"
#include "utils/hsearch.h"
#include "utils/memutils.h"
#include "utils/rel.h"
#include "utils/timestamp.h"
}

namespace tessera::planner {

namespace {

get_relation_info_hook_type previous_relation_info_hook = nullptr;

// How long a table's estimate is reused before the workers are asked again.
constexpr long kEstimateLifetimeMs = 60 * 1000;

// Pages per shard assumed when the workers cannot be asked (PostgreSQL assumes 10 pages for a
// table it has never measured, for the same reason: not to plan for an empty table).
constexpr double kUnknownShardPages = 10.0;

struct SizeEstimate {
    Oid relid; // hash key
    double pages;
    double tuples;        // -1: derive from pages
    double unknown_pages; // pages of shards without statistics (rows derived from the width)
    TimestampTz measured;
};

HTAB *estimates = nullptr;

// The shards of `table` (reference tables: one placement) grouped by the node holding them, as
// an ARRAY[...] literal of quoted shard names per group; `groups` receives the group ids.
List *shard_names_by_group(const metadata::DistributedTable *table, List **groups)
{
    List *names = NIL;
    *groups = NIL;
    bool reference = table->partition_method != metadata::kDistributeByHash;
    for (int s = 0; s < table->shard_count; s++) {
        const metadata::ShardInterval &shard = table->shards[s];
        if (shard.placement_count < 1)
            continue;
        int32 group = shard.placements[0].group_id;
        char *name =
            quote_literal_cstr(metadata::qualified_shard_name(table->relid, shard.shard_id));
        int index = -1;
        for (int g = 0; g < list_length(*groups); g++)
            if (list_nth_int(*groups, g) == group)
                index = g;
        if (index < 0) {
            *groups = lappend_int(*groups, group);
            StringInfo text = makeStringInfo();
            appendStringInfoString(text, name);
            names = lappend(names, text);
        } else {
            appendStringInfo(static_cast<StringInfo>(list_nth(names, index)), ", %s", name);
        }
        if (reference)
            break;
    }
    return names;
}

// Adds the pages and rows of `table`'s shards to `estimate`, asking each node that holds some;
// false if a node gave no usable answer. Raises if a node cannot be reached.
bool measure_on_nodes(const metadata::DistributedTable *table, SizeEstimate *estimate)
{
    List *groups = NIL;
    List *names = shard_names_by_group(table, &groups);
    ListCell *group_cell;
    ListCell *names_cell;
    forboth(group_cell, groups, names_cell, names)
    {
        metadata::WorkerNode *node = metadata::primary_node_for_group(lfirst_int(group_cell));
        if (node == nullptr)
            return false;
        executor::NodeConnection *connection =
            executor::get_node_connection(node->node_name, node->node_port);
        char *sql = psprintf(
            "SELECT coalesce(sum(pages), 0), coalesce(sum(rows), 0), "
            "coalesce(sum(pages) FILTER (WHERE rows IS NULL), 0) FROM ("
            "SELECT pg_catalog.pg_relation_size(c.oid) / %d.0 AS pages, "
            "CASE WHEN c.reltuples >= 0 AND c.relpages > 0 THEN c.reltuples / c.relpages * "
            "(pg_catalog.pg_relation_size(c.oid) / %d.0) END AS rows "
            "FROM pg_catalog.pg_class c WHERE c.oid = ANY (ARRAY(SELECT "
            "pg_catalog.to_regclass(n) FROM pg_catalog.unnest(ARRAY[%s]::text[]) n))) s",
            BLCKSZ, BLCKSZ, static_cast<StringInfo>(lfirst(names_cell))->data);
        PGresult *result = executor::execute_command(connection, sql);
        executor::release_connection(connection);
        bool usable = PQntuples(result) == 1 && PQnfields(result) == 3;
        if (usable) {
            estimate->pages += strtod(PQgetvalue(result, 0, 0), nullptr);
            estimate->tuples += strtod(PQgetvalue(result, 0, 1), nullptr);
            estimate->unknown_pages += strtod(PQgetvalue(result, 0, 2), nullptr);
        }
        PQclear(result);
        if (!usable)
            return false;
    }
    return true;
}

// Asks the workers for the pages of `table`'s shards, and their rows where the shard has
// statistics (scaled to its current size, as PostgreSQL scales a table's own statistics).
// False when a worker cannot be reached or answer; connection failures do not raise.
bool measure_shards(const metadata::DistributedTable *table, SizeEstimate *estimate)
{
    estimate->pages = 0;
    estimate->tuples = 0;
    estimate->unknown_pages = 0;
    MemoryContext context = CurrentMemoryContext;
    volatile bool measured = false;
    PG_TRY();
    {
        measured = measure_on_nodes(table, estimate);
    }
    PG_CATCH();
    {
        // Only a node that cannot be reached or answer is tolerated; anything else (a cancel,
        // running out of memory) goes on as it came.
        MemoryContextSwitchTo(context);
        ErrorData *error = CopyErrorData();
        if (ERRCODE_TO_CATEGORY(error->sqlerrcode) != ERRCODE_CONNECTION_EXCEPTION)
            PG_RE_THROW();
        FlushErrorState();
        FreeErrorData(error);
        measured = false;
    }
    PG_END_TRY();
    return measured;
}

// The estimate of `table`, measured now if there is none or it is older than its lifetime.
const SizeEstimate *table_estimate(const metadata::DistributedTable *table)
{
    if (estimates == nullptr) {
        HASHCTL control;
        control.keysize = sizeof(Oid);
        control.entrysize = sizeof(SizeEstimate);
        estimates =
            hash_create("tessera table size estimates", 64, &control, HASH_ELEM | HASH_BLOBS);
    }
    bool found;
    auto *entry =
        static_cast<SizeEstimate *>(hash_search(estimates, &table->relid, HASH_FIND, &found));
    TimestampTz now = GetCurrentTimestamp();
    if (entry != nullptr &&
        !TimestampDifferenceExceeds(entry->measured, now, static_cast<int>(kEstimateLifetimeMs)))
        return entry;
    SizeEstimate fresh{table->relid, 0, 0, 0, now};
    if (!measure_shards(table, &fresh)) {
        // Not kept: the next planning asks again.
        auto *fallback = static_cast<SizeEstimate *>(palloc(sizeof(SizeEstimate)));
        *fallback = {table->relid, kUnknownShardPages * table->shard_count, 0,
                     kUnknownShardPages * table->shard_count, now};
        return fallback;
    }
    entry = static_cast<SizeEstimate *>(hash_search(estimates, &table->relid, HASH_ENTER, &found));
    *entry = fresh;
    return entry;
}

// get_relation_info hook: a distributed or reference table's pages and rows are its shards'.
// Not for the query-less planning of maintenance on the coordinator's own, empty copy (an index
// build choosing its parallel workers, CLUSTER choosing a sort): that runs as the table's owner,
// who may not reach the shards' schema on the workers, and has no use for the shards' size.
void distributed_relation_info(PlannerInfo *root, Oid relid, bool inhparent, RelOptInfo *rel)
{
    if (previous_relation_info_hook != nullptr)
        previous_relation_info_hook(root, relid, inhparent, rel);
    if (!metadata::extension_present() || root->parse == nullptr ||
        root->parse->jointree == nullptr)
        return;
    const metadata::DistributedTable *table = metadata::lookup_distributed_table(relid);
    if (table == nullptr || table->shard_count == 0)
        return;
    const SizeEstimate *estimate = table_estimate(table);
    double tuples = estimate->tuples;
    if (estimate->unknown_pages > 0) {
        // As PostgreSQL estimates an unanalyzed table: rows per page from the row width.
        Relation relation = relation_open(relid, NoLock);
        int32 width = get_rel_data_width(relation, nullptr) + MAXALIGN(SizeofHeapTupleHeader) +
                      sizeof(ItemIdData);
        relation_close(relation, NoLock);
        double density = (BLCKSZ - SizeOfPageHeaderData) / static_cast<double>(Max(width, 1));
        tuples += estimate->unknown_pages * density;
    }
    rel->pages =
        static_cast<BlockNumber>(Min(estimate->pages, static_cast<double>(MaxBlockNumber)));
    rel->tuples = Max(tuples, 1.0);
    rel->allvisfrac = 0;
}

} // namespace

void install_relation_size_hook()
{
    previous_relation_info_hook = get_relation_info_hook;
    get_relation_info_hook = distributed_relation_info;
}

} // namespace tessera::planner
