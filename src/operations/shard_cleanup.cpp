// Deferred drops of the shard tables moves leave behind (pg_dist_cleanup), and the SQL function
// citus_cleanup_orphaned_resources. PostgreSQL-style code: no C++ object with a destructor lives
// in these frames.
#include "tessera/operations/shard_cleanup.h"

#include "tessera/core/shard_names.h"
#include "tessera/executor/connection.h"
#include "tessera/metadata/catalog.h"
#include "tessera/metadata/nodes.h"
#include "tessera/operations/shard_creation.h"
#include "tessera/pg/guard.h"
#include "tessera/pg/privileges.h"

#include <string>

extern "C" {
#include "catalog/namespace.h"
#include "catalog/pg_namespace_d.h"
#include "catalog/pg_type_d.h"
#include "commands/sequence.h"
#include "executor/spi.h"
#include "miscadmin.h"
#include "storage/lmgr.h"
#include "storage/lock.h"
#include "storage/procarray.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"
#include "utils/regproc.h"
#include "utils/timestamp.h"
#include "utils/varlena.h"
}

namespace tessera::operations {

namespace {

// pg_dist_cleanup.object_type of a shard table and policy_type of a drop deferred after the
// operation succeeded (Citus's values).
constexpr int kObjectShardTable = 1;
constexpr int kPolicyDeferredOnSuccess = 2;

// How long the maintenance worker waits for the lockers of one shard's table (it skips the shard
// until its next pass after that), and how long a move waits for those of a shard table of the
// same name left on its target.
constexpr long kMaintenanceWaitMs = 2000;
constexpr long kMoveWaitMs = 5000;

// Runs `sql` through SPI (connected by the caller) with `nargs` parameters; raises unless the
// result is `expected`.
void run_spi(const char *sql, int expected, int nargs, Oid *types, Datum *values)
{
    int rc = SPI_execute_with_args(sql, nargs, types, values, nullptr, false, 0);
    if (rc != expected)
        elog(ERROR, "pg_dist_cleanup bookkeeping failed (SPI result %d): %s", rc, sql);
}

// The shard id that ends shard table name `name` ("<table>_<shardid>", maybe quoted), or 0. No
// PostgreSQL call while the std::string lives.
int64 shard_id_of_name(const char *name)
{
    size_t length = strlen(name);
    if (length > 0 && name[length - 1] == '"')
        length--;
    int64_t shard_id = 0;
    if (!core::parse_shard_id_suffix(std::string(name, length), &shard_id))
        return 0;
    return shard_id;
}

// `name` parsed and quoted again, so that a hand-edited record cannot inject SQL; nullptr if it
// is not a (qualified) name.
char *requoted_name(const char *name)
{
    List *parts = stringToQualifiedNameList(name);
    if (list_length(parts) == 2)
        return quote_qualified_identifier(strVal(linitial(parts)), strVal(lsecond(parts)));
    if (list_length(parts) == 1)
        return pstrdup(quote_identifier(strVal(linitial(parts))));
    return nullptr;
}

// True if pg_dist_placement places shard `shard_id` on group `group_id`: the table there is in
// use and must never be dropped (a record can only name it after a later move back).
bool placed_on_group(int64 shard_id, int32 group_id)
{
    Oid types[2] = {INT8OID, INT4OID};
    Datum values[2] = {Int64GetDatum(shard_id), Int32GetDatum(group_id)};
    run_spi("SELECT 1 FROM pg_catalog.pg_dist_placement WHERE shardid = $1 AND groupid = $2",
            SPI_OK_SELECT, 2, types, values);
    return SPI_processed > 0;
}

// Waits until the `count` transactions `lockers` have ended; with `timeout_ms` >= 0, gives up
// after that long and returns false.
bool wait_for_transactions(const VirtualTransactionId *lockers, int count, long timeout_ms)
{
    TimestampTz start = GetCurrentTimestamp();
    for (int i = 0; i < count; i++) {
        if (timeout_ms < 0) {
            VirtualXactLock(lockers[i], true);
            continue;
        }
        while (!VirtualXactLock(lockers[i], false)) {
            if (TimestampDifferenceExceeds(start, GetCurrentTimestamp(),
                                           static_cast<int>(timeout_ms)))
                return false;
            CHECK_FOR_INTERRUPTS();
            pg_usleep(10000L);
        }
    }
    return true;
}

// Waits until every transaction that holds a lock on table `relid` now (this one excepted) has
// ended (see wait_for_transactions for `timeout_ms`). Every transaction that may still read a
// source shard a move left behind is among them: it holds a lock on the table since before the
// move committed, and later ones route by the new placements. Newer lockers are not waited
// for, so a busy table does not keep its old shard forever.
bool wait_for_table_lockers(Oid relid, long timeout_ms)
{
    LOCKTAG tag;
    SET_LOCKTAG_RELATION(tag, MyDatabaseId, relid);
    int count = 0;
    VirtualTransactionId *found = GetLockConflicts(&tag, AccessExclusiveLock, &count);
    // GetLockConflicts reuses its array: keep a copy.
    auto *lockers =
        static_cast<VirtualTransactionId *>(palloc(sizeof(VirtualTransactionId) * (count + 1)));
    memcpy(lockers, found, sizeof(VirtualTransactionId) * count);
    return wait_for_transactions(lockers, count, timeout_ms);
}

// Like wait_for_table_lockers for a shard whose table is not known any more (a split removed
// the shard from the catalogs, or the table was dropped): every transaction of the database
// running now.
bool wait_for_database_transactions(long timeout_ms)
{
    int count = 0;
    VirtualTransactionId *running =
        GetCurrentVirtualXIDs(InvalidTransactionId, false, false, 0, &count);
    return wait_for_transactions(running, count, timeout_ms);
}

// Deletes record `record_id`; false if it is gone (another cleanup took it).
bool delete_record(int64 record_id)
{
    Oid types[1] = {INT8OID};
    Datum values[1] = {Int64GetDatum(record_id)};
    run_spi("DELETE FROM pg_catalog.pg_dist_cleanup WHERE record_id = $1", SPI_OK_DELETE, 1, types,
            values);
    return SPI_processed > 0;
}

// One pg_dist_cleanup record of a shard table.
struct Orphan {
    int64 record_id;
    int64 operation_id;
    char *name; // qualified, quoted
    int32 group_id;
    int64 shard_id; // from the name; 0 if it has none
};

// The records `sql` (SPI, with its parameters) returns as record_id, operation_id, object_name,
// node_group_id; *count of them.
Orphan *read_orphans(const char *sql, int nargs, Oid *types, Datum *values, int *count)
{
    run_spi(sql, SPI_OK_SELECT, nargs, types, values);
    *count = static_cast<int>(SPI_processed);
    auto *orphans = static_cast<Orphan *>(palloc0(sizeof(Orphan) * (*count + 1)));
    for (int i = 0; i < *count; i++) {
        HeapTuple row = SPI_tuptable->vals[i];
        TupleDesc desc = SPI_tuptable->tupdesc;
        orphans[i].record_id = strtoi64(SPI_getvalue(row, desc, 1), nullptr, 10);
        orphans[i].operation_id = strtoi64(SPI_getvalue(row, desc, 2), nullptr, 10);
        orphans[i].name = SPI_getvalue(row, desc, 3);
        orphans[i].group_id = pg_strtoint32(SPI_getvalue(row, desc, 4));
        orphans[i].shard_id = shard_id_of_name(orphans[i].name);
    }
    return orphans;
}

// Waits for the lockers of the tables of `count` orphans (wait_for_table_lockers), or for every
// transaction of the database when one's table is not known any more; false if `timeout_ms`
// (>= 0) passed first.
bool wait_for_readers(const Orphan *orphans, int count, long timeout_ms)
{
    bool unknown_table = false;
    for (int i = 0; i < count; i++) {
        Oid relid =
            orphans[i].shard_id != 0 ? metadata::relid_of_shard(orphans[i].shard_id) : InvalidOid;
        if (!OidIsValid(relid))
            unknown_table = true;
        else if (!wait_for_table_lockers(relid, timeout_ms))
            return false;
    }
    return !unknown_table || wait_for_database_transactions(timeout_ms);
}

// Deletes the records of `count` orphans, all on node group `group_id`, and drops those whose
// record this transaction deleted (not another cleanup) and that are not placed there now (a
// later move back made the name live again), in one statement in the coordinated transaction:
// the tables of a shard group reference each other through foreign keys. Returns the number of
// tables dropped.
int drop_orphans(const Orphan *orphans, int count, int32 group_id)
{
    StringInfoData names;
    initStringInfo(&names);
    int dropped = 0;
    for (int i = 0; i < count; i++) {
        if (!delete_record(orphans[i].record_id))
            continue;
        if (orphans[i].shard_id != 0 && placed_on_group(orphans[i].shard_id, group_id))
            continue;
        char *quoted = requoted_name(orphans[i].name);
        if (quoted == nullptr) {
            ereport(LOG, (errmsg("tessera: forgetting deferred drop of invalid name %s",
                                 orphans[i].name)));
            continue;
        }
        appendStringInfo(&names, "%s%s", dropped > 0 ? ", " : "", quoted);
        dropped++;
    }
    if (dropped == 0)
        return 0;
    if (metadata::primary_node_for_group(group_id) == nullptr) {
        ereport(LOG, (errmsg("tessera: forgetting deferred drop of %s", names.data),
                      errdetail("Node group %d has no primary node any more.", group_id)));
        return 0;
    }
    PQclear(executor::execute_command(transaction_connection(group_id),
                                      psprintf("DROP TABLE IF EXISTS %s", names.data)));
    return dropped;
}

// A new operation id (pg_dist_operationid_seq) for the records of one move or split.
int64 next_cleanup_operation_id()
{
    Oid sequence = get_relname_relid("pg_dist_operationid_seq", PG_CATALOG_NAMESPACE);
    if (!OidIsValid(sequence))
        elog(ERROR, "sequence pg_dist_operationid_seq is missing");
    return nextval_internal(sequence, false);
}

// Records a source shard for a deferred drop, in the caller's transaction.
void record_orphaned_shard(int64 operation_id, const char *qualified_name, int32 group_id)
{
    if (SPI_connect() != SPI_OK_CONNECT)
        elog(ERROR, "SPI_connect failed");
    Oid types[5] = {INT8OID, INT4OID, TEXTOID, INT4OID, INT4OID};
    Datum values[5] = {Int64GetDatum(operation_id), Int32GetDatum(kObjectShardTable),
                       CStringGetTextDatum(qualified_name), Int32GetDatum(group_id),
                       Int32GetDatum(kPolicyDeferredOnSuccess)};
    run_spi("INSERT INTO pg_catalog.pg_dist_cleanup (record_id, operation_id, object_type, "
            "object_name, node_group_id, policy_type) VALUES "
            "(nextval('pg_catalog.pg_dist_cleanup_recordid_seq'), $1, $2, $3, $4, $5)",
            SPI_OK_INSERT, 5, types, values);
    SPI_finish();
}

} // namespace

// Takes the locks that are free now (see shard_cleanup.h).
bool lock_tables_if_free(const Oid *relids, int count)
{
    bool all = true;
    for (int t = 0; t < count; t++)
        if (!ConditionalLockRelationOid(relids[t], AccessExclusiveLock))
            all = false;
    return all;
}

// Records one operation's shards for a deferred drop (see shard_cleanup.h).
void record_orphaned_shards(char *const *names, int count, int32 group_id)
{
    int64 operation_id = next_cleanup_operation_id();
    for (int t = 0; t < count; t++)
        record_orphaned_shard(operation_id, names[t], group_id);
}

// Drops the recorded shards whose readers have ended, batch by batch (see shard_cleanup.h).
int cleanup_orphaned_shards(bool wait)
{
    if (SPI_connect() != SPI_OK_CONNECT)
        elog(ERROR, "SPI_connect failed");
    int count = 0;
    Orphan *orphans =
        read_orphans("SELECT record_id, operation_id, object_name, node_group_id FROM "
                     "pg_catalog.pg_dist_cleanup "
                     "WHERE object_type = 1 ORDER BY operation_id, node_group_id, record_id",
                     0, nullptr, nullptr, &count);
    int dropped = 0;
    // One batch per operation and node group: the shards of one move.
    for (int first = 0, next = 0; first < count; first = next) {
        next = first + 1;
        while (next < count && orphans[next].operation_id == orphans[first].operation_id &&
               orphans[next].group_id == orphans[first].group_id)
            next++;
        if (wait_for_readers(&orphans[first], next - first, wait ? -1 : kMaintenanceWaitMs))
            dropped += drop_orphans(&orphans[first], next - first, orphans[first].group_id);
    }
    SPI_finish();
    return dropped;
}

// Drops recorded tables of the names a move is about to create on its target (see
// shard_cleanup.h).
void clear_pending_drops(int32 group_id, char *const *names, int count)
{
    if (SPI_connect() != SPI_OK_CONNECT)
        elog(ERROR, "SPI_connect failed");
    auto *orphans = static_cast<Orphan *>(palloc0(sizeof(Orphan) * (count + 1)));
    int found = 0;
    for (int i = 0; i < count; i++) {
        Oid types[2] = {INT4OID, TEXTOID};
        Datum values[2] = {Int32GetDatum(group_id), CStringGetTextDatum(names[i])};
        int matches = 0;
        Orphan *match = read_orphans(
            "SELECT record_id, operation_id, object_name, node_group_id "
            "FROM pg_catalog.pg_dist_cleanup "
            "WHERE object_type = 1 AND node_group_id = $1 AND object_name = $2 LIMIT 1",
            2, types, values, &matches);
        if (matches > 0)
            orphans[found++] = match[0];
    }
    // The caller holds the tables' EXCLUSIVE lock: a transaction that read a table and now waits
    // for it to write would never end, so the wait is short.
    if (found > 0 && !wait_for_readers(orphans, found, kMoveWaitMs))
        ereport(
            ERROR,
            (errcode(ERRCODE_OBJECT_IN_USE),
             errmsg("shard table %s on the target node is waiting to be dropped", orphans[0].name),
             errdetail("An earlier move left it there; transactions that began before that "
                       "move ended may still read it."),
             errhint("Retry once those transactions end, after "
                     "SELECT citus_cleanup_orphaned_resources().")));
    if (found > 0)
        drop_orphans(orphans, found, group_id);
    SPI_finish();
}

// Drops or forgets the recorded tables on a node being removed (see shard_cleanup.h).
void drop_orphans_of_removed_node(const metadata::WorkerNode *node)
{
    if (!OidIsValid(get_relname_relid("pg_dist_cleanup", PG_CATALOG_NAMESPACE)))
        return;
    if (SPI_connect() != SPI_OK_CONNECT)
        elog(ERROR, "SPI_connect failed");
    Oid types[1] = {INT4OID};
    Datum values[1] = {Int32GetDatum(node->group_id)};
    int count = 0;
    Orphan *orphans = read_orphans(
        "SELECT record_id, operation_id, object_name, node_group_id FROM "
        "pg_catalog.pg_dist_cleanup "
        "WHERE object_type = 1 AND node_group_id = $1 ORDER BY operation_id, record_id",
        1, types, values, &count);
    if (count > 0) {
        executor::NodeConnection *connection =
            executor::start_node_connection(node->node_name, node->node_port);
        char *reason = executor::finish_connection_or_explain(connection);
        if (reason != nullptr) {
            // As for the node's reference table copies: a node that is down can be removed.
            ereport(WARNING, (errmsg("could not drop the %d shard tables that moves left on node "
                                     "%s:%d for a deferred drop",
                                     count, node->node_name, node->node_port),
                              errdetail_internal("%s", reason),
                              errhint("Drop them there if the node is used again; "
                                      "pg_dist_cleanup names them.")));
            for (int i = 0; i < count; i++)
                delete_record(orphans[i].record_id);
        } else {
            if (!wait_for_readers(orphans, count, kMoveWaitMs))
                ereport(ERROR,
                        (errcode(ERRCODE_OBJECT_IN_USE),
                         errmsg("cannot remove node %s:%d: shard table %s there is waiting to be "
                                "dropped",
                                node->node_name, node->node_port, orphans[0].name),
                         errdetail("A move left it there; transactions that began before that "
                                   "move ended may still read it."),
                         errhint("Run SELECT citus_cleanup_orphaned_resources() and retry.")));
            drop_orphans(orphans, count, node->group_id);
        }
    }
    SPI_finish();
}

} // namespace tessera::operations

// citus_cleanup_orphaned_resources(): drops the shard tables waiting in pg_dist_cleanup now,
// after the transactions that lock their tables now have ended.
TESSERA_FUNCTION(citus_cleanup_orphaned_resources)
{
    tessera::pg::require_superuser("clean up orphaned resources");
    int dropped = tessera::operations::cleanup_orphaned_shards(true);
    if (dropped > 0)
        ereport(NOTICE, (errmsg("cleaned up %d orphaned resources", dropped)));
    PG_RETURN_VOID();
}
