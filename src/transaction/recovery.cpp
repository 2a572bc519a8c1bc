// Recovery of interrupted two-phase commits; see recovery.h.
//
// Why it is safe next to transactions that are committing right now. A coordinator transaction
// T prepares on every node, then inserts its commit records, then commits locally (records
// visible), then sends COMMIT PREPARED. For each node, recovery
//   1. reads the node's commit records with a fresh snapshot (R0),
//   2. lists the node's prepared transactions of this database (P),
//   3. for each one in P checks whether T (its backend pid and xid are in the name) is still
//      running; if so it is left alone: T will decide,
//   4. reads the commit records again with a fresh snapshot (R1): T is over, so its records are
//      visible if and only if T committed; commits what has a record, rolls back the rest,
//   5. deletes the records of R0 that are not in P: their transactions committed before step 1,
//      so all of their PREPAREs happened before step 2, and not being in P means they are
//      resolved. (A record that appears only in R1 may belong to a T that is still sending its
//      COMMIT PREPARED, so it stays until the next run.)
// Concurrent runs are serialized by a self-conflicting lock on pg_dist_transaction.
#include "tessera/transaction/recovery.h"

#include "tessera/core/prepared_gid.h"
#include "tessera/executor/connection.h"
#include "tessera/metadata/nodes.h"
#include "tessera/pg/guard.h"
#include "tessera/transaction/remote_transaction.h"

extern "C" {
#include "access/transam.h"
#include "catalog/namespace.h"
#include "catalog/pg_namespace_d.h"
#include "catalog/pg_type_d.h"
#include "executor/spi.h"
#include "miscadmin.h"
#include "storage/lmgr.h"
#include "storage/procarray.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"
#include "utils/snapmgr.h"
#include "utils/timestamp.h"
}

namespace tessera::transaction {

namespace {

using executor::NodeConnection;
using metadata::WorkerNode;

// True if `gids` (a List of char*) holds `gid`.
bool contains(List *gids, const char *gid)
{
    ListCell *cell;
    foreach (cell, gids)
        if (strcmp(static_cast<const char *>(lfirst(cell)), gid) == 0)
            return true;
    return false;
}

// The commit records of `group_id`, read with a snapshot taken now (whatever the isolation
// level of the calling transaction): a List of palloc'd gids.
List *read_commit_records(int32 group_id)
{
    MemoryContext caller_context = CurrentMemoryContext;
    SPI_connect();
    Oid types[1] = {INT4OID};
    SPIPlanPtr plan =
        SPI_prepare("SELECT gid FROM pg_catalog.pg_dist_transaction WHERE groupid = $1", 1, types);
    if (plan == nullptr)
        elog(ERROR, "could not plan the read of pg_dist_transaction: %s",
             SPI_result_code_string(SPI_result));
    Datum values[1] = {Int32GetDatum(group_id)};
    if (SPI_execute_snapshot(plan, values, nullptr, GetLatestSnapshot(), InvalidSnapshot, true,
                             false, 0) != SPI_OK_SELECT)
        elog(ERROR, "could not read pg_dist_transaction");
    // Build the result in the caller's memory: SPI_finish frees SPI's.
    MemoryContext spi_context = MemoryContextSwitchTo(caller_context);
    List *gids = NIL;
    for (uint64 row = 0; row < SPI_processed; row++)
        gids = lappend(gids, SPI_getvalue(SPI_tuptable->vals[row], SPI_tuptable->tupdesc, 1));
    MemoryContextSwitchTo(spi_context);
    SPI_finish();
    return gids;
}

// Deletes the commit records (group_id, gid) for every gid in `gids`.
void delete_commit_records(int32 group_id, List *gids)
{
    if (gids == NIL)
        return;
    int count = list_length(gids);
    auto *elements = static_cast<Datum *>(palloc(sizeof(Datum) * count));
    for (int i = 0; i < count; i++)
        elements[i] = CStringGetTextDatum(static_cast<char *>(list_nth(gids, i)));
    ArrayType *array = construct_array(elements, count, TEXTOID, -1, false, TYPALIGN_INT);
    SPI_connect();
    Oid types[2] = {INT4OID, TEXTARRAYOID};
    Datum values[2] = {Int32GetDatum(group_id), PointerGetDatum(array)};
    if (SPI_execute_with_args("DELETE FROM pg_catalog.pg_dist_transaction "
                              "WHERE groupid = $1 AND gid = ANY ($2)",
                              2, types, values, nullptr, false, 0) != SPI_OK_DELETE)
        elog(ERROR, "could not delete from pg_dist_transaction");
    SPI_finish();
}

// True if the coordinator transaction that prepared `gid` is still running: a backend with
// that pid runs with that top-level xid. Not TransactionIdIsInProgress: it takes any xid above
// the latest completed one for running, and after a coordinator crash the xid of a transaction
// whose commit never reached the WAL is such an xid until the counter passes it again, which
// left its prepared transactions (and their locks) on the workers for as long; and when the
// counter did pass it, a new transaction with that xid held recovery off in turn.
bool preparer_running(const core::PreparedGid &gid)
{
    return BackendXidGetPid(gid.xid) == gid.pid;
}

// How long a recovery command may go without its answer before recovery gives up on the node
// for this run: a hung node must not hold up the recovery of the others (nor the maintenance
// worker, which runs one database after the other) forever. The command may still complete
// there; the next run sees what it did.
constexpr long kRecoveryCommandTimeoutMs = 10000;

// Runs `sql` on `connection` outside any transaction; returns nullptr on success, else the
// remote error message (palloc'd), and then its SQLSTATE in `sqlstate` (6 bytes) if given.
// If the node does not answer within kRecoveryCommandTimeoutMs, sets *hung (the connection
// then still has the command in flight and must not be used again) and returns a message.
char *run_on_node(NodeConnection *connection, const char *sql, PGresult **rows, bool *hung,
                  char *sqlstate = nullptr)
{
    *hung = false;
    executor::send_command(connection, sql);
    TimestampTz start = GetCurrentTimestamp();
    PGresult *result = nullptr;
    for (;;) {
        while (!executor::connection_result_ready(connection)) {
            long remaining = kRecoveryCommandTimeoutMs -
                             TimestampDifferenceMilliseconds(start, GetCurrentTimestamp());
            if (remaining <= 0) {
                if (result != nullptr)
                    PQclear(result);
                *hung = true;
                if (sqlstate != nullptr)
                    sqlstate[0] = '\0';
                return psprintf("The node did not answer within %ld ms.",
                                kRecoveryCommandTimeoutMs);
            }
            executor::wait_for_any_result(&connection, 1, remaining);
        }
        PGresult *next = executor::get_command_result(connection);
        if (next == nullptr)
            break;
        // Keep the first error, else the last result.
        if (result != nullptr && PQresultStatus(result) == PGRES_FATAL_ERROR) {
            PQclear(next);
            continue;
        }
        if (result != nullptr)
            PQclear(result);
        result = next;
    }
    ExecStatusType status = result != nullptr ? PQresultStatus(result) : PGRES_FATAL_ERROR;
    if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK) {
        if (rows != nullptr)
            *rows = result;
        else
            PQclear(result);
        return nullptr;
    }
    const char *message =
        result != nullptr ? PQresultErrorField(result, PG_DIAG_MESSAGE_PRIMARY) : nullptr;
    const char *state = result != nullptr ? PQresultErrorField(result, PG_DIAG_SQLSTATE) : nullptr;
    if (sqlstate != nullptr)
        strlcpy(sqlstate, state != nullptr ? state : "", 6);
    char *copy = pstrdup(
        message != nullptr ? message : PQerrorMessage(executor::connection_pgconn(connection)));
    if (result != nullptr)
        PQclear(result);
    return pchomp(copy);
}

// Set when a recovery run leaves something it should retry (see recover_node).
bool run_incomplete = false;

// Recovers the prepared transactions of one node. Returns how many it resolved; sets
// run_incomplete when the node cannot be reached or a prepared transaction stays unresolved.
int recover_node(const WorkerNode *node, const char *prefix)
{
    NodeConnection *connection = executor::start_node_connection(node->node_name, node->node_port,
                                                                 executor::kConnectionExclusive);
    char *reason = executor::finish_connection_or_explain(connection);
    if (reason != nullptr) {
        run_incomplete = true;
        ereport(WARNING, (errmsg("could not recover prepared transactions on node %s:%d",
                                 node->node_name, node->node_port),
                          errdetail_internal("%s", reason)));
        return 0;
    }

    List *records_before = read_commit_records(node->group_id); // step 1

    // Step 2: this database's prepared transactions there.
    PGresult *rows = nullptr;
    bool hung = false;
    char *error = run_on_node(connection,
                              psprintf("SELECT gid FROM pg_catalog.pg_prepared_xacts "
                                       "WHERE database = pg_catalog.current_database() "
                                       "AND pg_catalog.starts_with(gid, %s)",
                                       quote_literal_cstr(prefix)),
                              &rows, &hung);
    if (error != nullptr) {
        run_incomplete = true;
        ereport(WARNING, (errmsg("could not list prepared transactions on node %s:%d",
                                 node->node_name, node->node_port),
                          errdetail_internal("%s", error)));
        return 0;
    }
    List *prepared = NIL;
    for (int row = 0; row < PQntuples(rows); row++)
        prepared = lappend(prepared, pstrdup(PQgetvalue(rows, row, 0)));
    PQclear(rows);

    // Step 3: whose coordinator transaction is still running.
    List *finished = NIL;
    ListCell *cell;
    foreach (cell, prepared) {
        auto *gid = static_cast<char *>(lfirst(cell));
        core::PreparedGid parts;
        if (!core::parse_prepared_gid(gid, &parts) || parts.database != MyDatabaseId)
            continue; // not a name we make
        if (core::resolve_prepared_transaction(preparer_running(parts), false) ==
            core::Resolution::kLeave)
            continue;
        finished = lappend(finished, gid);
    }

    // Step 4: decide with records read after the check.
    List *records_after = finished != NIL ? read_commit_records(node->group_id) : NIL;
    List *committed = NIL;
    int resolved = 0;
    foreach (cell, finished) {
        auto *gid = static_cast<char *>(lfirst(cell));
        bool commit = core::resolve_prepared_transaction(false, contains(records_after, gid)) ==
                      core::Resolution::kCommit;
        char sqlstate[6];
        error = run_on_node(
            connection,
            psprintf("%s PREPARED %s", commit ? "COMMIT" : "ROLLBACK", quote_literal_cstr(gid)),
            nullptr, &hung, sqlstate);
        if (error != nullptr && strcmp(sqlstate, "42704") == 0)
            continue; // gone: its transaction finished it itself a moment ago
        if (error != nullptr) {
            run_incomplete = true;
            ereport(WARNING,
                    (errmsg("could not %s prepared transaction %s on node %s:%d",
                            commit ? "commit" : "roll back", gid, node->node_name, node->node_port),
                     errdetail_internal("%s", error)));
            if (hung)
                break; // the rest waits for the next run
            continue;
        }
        resolved++;
        if (commit)
            committed = lappend(committed, gid);
    }

    // Step 5: records no longer needed.
    List *obsolete = committed;
    foreach (cell, records_before) {
        auto *gid = static_cast<char *>(lfirst(cell));
        if (!contains(prepared, gid) && !contains(obsolete, gid))
            obsolete = lappend(obsolete, gid);
    }
    delete_commit_records(node->group_id, obsolete);
    return resolved;
}

} // namespace

int recover_prepared_transactions_now(bool *incomplete)
{
    run_incomplete = false;
    Oid records = get_relname_relid("pg_dist_transaction", PG_CATALOG_NAMESPACE);
    if (!OidIsValid(records))
        ereport(ERROR, (errcode(ERRCODE_UNDEFINED_TABLE),
                        errmsg("pg_catalog.pg_dist_transaction does not exist"),
                        errhint("Is the tessera extension installed in this database?")));
    // One recovery at a time per database; committing transactions (RowExclusiveLock) go on.
    LockRelationOid(records, ShareUpdateExclusiveLock);

    const char *prefix = prepared_transaction_prefix();
    int resolved = 0;
    ListCell *cell;
    foreach (cell, metadata::active_worker_nodes())
        resolved += recover_node(static_cast<WorkerNode *>(lfirst(cell)), prefix);
    if (incomplete != nullptr && run_incomplete)
        *incomplete = true;
    return resolved;
}

} // namespace tessera::transaction

// recover_prepared_transactions() returns int: resolves the prepared transactions that
// interrupted two-phase commits of this database left on the workers.
TESSERA_FUNCTION(recover_prepared_transactions)
{
    PG_RETURN_INT32(tessera::transaction::recover_prepared_transactions_now());
}
