// Distributed table metadata as the planner and executor see it: a backend-local cache over
// pg_dist_partition, pg_dist_shard and pg_dist_placement, keyed by the table's oid.
//
// Entries are built on first use and invalidated through the relcache: every write to those
// catalogs invalidates the logical table's relcache entry (directly from Tessera's C code, or by a
// trigger for plain SQL writes), so other sessions see a change as soon as it commits. Negative
// answers ("not distributed") are cached as well, so asking about an ordinary table costs one
// hash lookup.
//
// Pointers returned here stay valid until the end of the current transaction even if the entry
// is invalidated meanwhile; do not keep them longer. All functions are PostgreSQL-side: they
// report failures with ereport(ERROR) and must be called from PostgreSQL-style code (no live C++
// objects with destructors in the calling frame) or through tessera::pg::guard.
#pragma once

#include "tessera/metadata/nodes.h"
#include "tessera/pg/pg_includes.h"

extern "C" {
#include "access/attnum.h"
#include "nodes/parsenodes.h"
#include "nodes/pg_list.h"
}

namespace tessera::metadata {

// pg_dist_partition.partmethod values.
constexpr char kDistributeByHash = 'h';
constexpr char kDistributeByNone = 'n'; // reference and single-shard distributed tables

// pg_dist_partition.repmodel values.
constexpr char kReplicationModelStreaming = 's'; // hash-distributed, one placement per shard
constexpr char kReplicationModelTwoPhase = 't';  // reference tables, a placement on every worker

// pg_dist_shard.shardstorage for ordinary tables.
constexpr char kShardStorageTable = 't';

// pg_dist_placement.shardstate of a healthy placement.
constexpr int32 kShardStateActive = 1;

// First shard id handed out by pg_dist_shardid_seq.
constexpr int64 kFirstShardId = 102008;

// One row of pg_dist_placement.
struct ShardPlacement {
    int64 placement_id;
    int64 shard_id;
    int32 shard_state;
    int64 shard_length;
    int32 group_id;
    // xmin of the pg_dist_placement row: the transaction that made or last moved the placement
    // (a REPEATABLE READ transaction whose snapshot does not see it cannot read the placement).
    TransactionId xmin;
};

// One row of pg_dist_shard with its placements. Reference tables have no range (has_range false).
struct ShardInterval {
    int64 shard_id;
    int shard_index; // position in DistributedTable::shards
    bool has_range;
    int32 min_value; // inclusive hash range, valid when has_range
    int32 max_value;
    int placement_count;
    ShardPlacement *placements; // ordered by group id
};

// One distributed or reference table.
//
// A single-shard distributed table (create_distributed_table(t, NULL)) is recorded in the catalogs
// as Citus does (partmethod 'n', repmodel 's', no partition key, shard range NULL) but is seen
// here as a hash-distributed table of one shard covering the whole hash space, without a
// distribution column (dist_column InvalidAttrNumber, single_shard true): every row is in that
// shard, its colocation group has no other shard index, so every plan that is correct for
// colocated hash tables is correct for it, and tables of other groups are never joined with it
// on a worker. Code that would hash a distribution column value must check single_shard first.
struct DistributedTable {
    Oid relid;
    char partition_method;  // kDistributeByHash (also single-shard tables) or kDistributeByNone
    char replication_model; // kReplicationModelStreaming or kReplicationModelTwoPhase
    int32 colocation_id;
    AttrNumber dist_column; // InvalidAttrNumber for reference tables
    Oid dist_type;          // InvalidOid for reference tables
    int32 dist_typmod;
    Oid dist_collation;
    bool has_hash_function; // true for hash-distributed tables
    FmgrInfo hash_function; // support function 1 of the type's default hash opclass
    int shard_count;
    ShardInterval *shards; // sorted by min_value (hash tables) or shard id
    bool uniform_ranges;   // ranges are exactly split_hash_space(shard_count): O(1) lookup
    bool single_shard;     // a single-shard distributed table (no distribution column)
};

// True if the tessera extension exists in this database and is usable (not being created or
// dropped). Cheap: answered from a cache after the first call.
bool extension_present();

// The cached metadata of `relid`, or nullptr if it is neither a distributed nor a reference
// table (or the extension is not present). Fast for ordinary tables.
const DistributedTable *lookup_distributed_table(Oid relid);

// A number advanced whenever the cached metadata of a distributed or reference table is
// invalidated (its shards or placements may have changed). A plan built at one generation routes
// correctly as long as the generation has not moved: the executor compares it, cheaply, after
// accepting invalidation messages.
uint64 metadata_generation();

// True if `relid` is a distributed (hash) or reference table.
bool is_distributed_table(Oid relid);

// The distributed or reference table a statement's RangeVar `range` names (looked up without a
// lock, missing tables allowed), else InvalidOid; also InvalidOid for nullptr.
Oid distributed_table_named(RangeVar *range);

// True if `relid` is a reference table.
bool is_reference_table(Oid relid);

// True if `relid` is a single-shard distributed table (distributed without a distribution
// column).
bool is_single_shard_table(Oid relid);

// True if a pg_dist_partition row with `partition_method` and `replication_model` describes a
// table whose shards each have one placement and move with their colocation group: hash and
// single-shard distributed tables (not reference tables).
inline bool is_movable_row(char partition_method, char replication_model)
{
    return partition_method == kDistributeByHash ||
           (partition_method == kDistributeByNone &&
            replication_model == kReplicationModelStreaming);
}

// True if a pg_dist_partition row with `partition_method` and `replication_model` describes a
// single-shard distributed table ('n' and 's'; reference tables are 'n' and 't').
inline bool is_single_shard_row(char partition_method, char replication_model)
{
    return partition_method == kDistributeByNone && replication_model == kReplicationModelStreaming;
}

// `value` of type `type` as a value of `table`'s distribution column type: as is when the types
// match, else through its text form (so '42', 42 and 42::bigint all name the same value).
Datum as_distribution_value(const DistributedTable *table, Datum value, Oid type);

// The 32-bit hash of a (non-NULL) distribution column value of `table`.
int32 hash_distribution_value(const DistributedTable *table, Datum value);

// The shard whose hash range holds `hash`, or nullptr if no shard covers it (cannot happen for
// tables created by Tessera, whose ranges cover the whole hash space).
const ShardInterval *find_shard_for_hash(const DistributedTable *table, int32 hash);

// The shard that holds distribution column value `value` (not NULL). For reference and
// single-shard tables, the only shard.
const ShardInterval *find_shard_for_value(const DistributedTable *table, Datum value);

// Name of the shard table (unqualified, not quoted) for table name `relname` and `shard_id`:
// "<relname>_<shardid>", shortened with a hash when it would not fit in NAMEDATALEN.
char *shard_table_name(const char *relname, int64 shard_id);

// Schema-qualified, quoted name of the shard table of `relid` with id `shard_id`, as used in SQL
// sent to workers, e.g. public."Payments_102008".
char *qualified_shard_name(Oid relid, int64 shard_id);

// The node that holds `placement` (the primary of its group).
WorkerNode *placement_node(const ShardPlacement *placement);

// Appends to `groups` (an integer List) each node group holding a placement of `table` that is
// not there yet.
List *placement_groups(const DistributedTable *table, List *groups);

// The node groups holding a placement of `table`, as an array of *count (for the functions that
// act on a list of groups).
int32 *placement_group_ids(const DistributedTable *table, int *count);

// Oids of every distributed and reference table (a List of Oid), ordered by oid.
List *all_distributed_tables();

// Raises an ERROR if `query` (including subqueries, CTEs and sublinks) reads or writes a
// distributed or reference table: until distributed planning exists, such a query would only see
// the empty local table. Called by the planner hook.
void error_if_query_uses_distributed_tables(Query *query);

// Raises an ERROR for utility statements whose local execution on a distributed table would
// give wrong results (COPY to or from it). Called by the utility hook.
void error_if_utility_uses_distributed_tables(Node *parsetree);

// Raises the ERROR for a row of `relid` whose distribution column `column` is NULL: PostgreSQL's
// own not-null message when the column is declared NOT NULL, else one saying why a value is
// needed.
[[noreturn]] void report_null_distribution_value(Oid relid, AttrNumber column);

} // namespace tessera::metadata
