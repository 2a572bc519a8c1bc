// Coordinated commit and rollback of the remote transactions opened by this backend.
#include "tessera/transaction/remote_transaction.h"

#include "tessera/executor/connection_internal.h"
#include "tessera/metadata/nodes.h"

extern "C" {
#include "access/xact.h"
#include "executor/spi.h"
#include "miscadmin.h"
#include "utils/builtins.h"
#include "utils/snapmgr.h"
}

namespace tessera::executor {

void join_coordinated_transaction(NodeConnection *connection)
{
    if (connection->xact_state == RemoteXactState::kNone)
        connection->xact_state = RemoteXactState::kJoined;
}

bool connection_in_transaction(NodeConnection *connection)
{
    return connection->xact_state != RemoteXactState::kNone;
}

} // namespace tessera::executor

namespace tessera::transaction {

using executor::NodeConnection;
using executor::RemoteXactState;

namespace {

// How long transaction-end commands may take before the connection is given up on.
constexpr long kTransactionEndTimeoutMs = 30000;

int prepared_counter = 0;

// Connections whose remote transaction has begun (or failed): the participants.
List *participants()
{
    List *result = NIL;
    ListCell *cell;
    foreach (cell, executor::all_node_connections()) {
        auto *connection = static_cast<NodeConnection *>(lfirst(cell));
        if (connection->xact_state == RemoteXactState::kJoined)
            connection->xact_state = RemoteXactState::kNone; // joined but never used
        else if (connection->xact_state != RemoteXactState::kNone)
            result = lappend(result, connection);
    }
    return result;
}

// Group id of the node a connection points at (for the commit record); -1 if unknown.
int32 group_of(NodeConnection *connection)
{
    metadata::WorkerNode *node = metadata::find_node(connection->host, connection->port);
    return node != nullptr ? node->group_id : -1;
}

// Records that the prepared transactions of `prepared` are to be committed, in the local
// transaction: it becomes true exactly when the local commit does.
void write_commit_records(List *prepared)
{
    // Commit callbacks run after the statement's snapshot is gone; SPI needs one.
    PushActiveSnapshot(GetTransactionSnapshot());
    SPI_connect();
    ListCell *cell;
    foreach (cell, prepared) {
        auto *connection = static_cast<NodeConnection *>(lfirst(cell));
        Oid types[2] = {INT4OID, TEXTOID};
        Datum values[2] = {Int32GetDatum(group_of(connection)),
                           CStringGetTextDatum(connection->prepared_gid)};
        if (SPI_execute_with_args(
                "INSERT INTO pg_catalog.pg_dist_transaction (groupid, gid) VALUES ($1, $2)", 2,
                types, values, nullptr, false, 0) != SPI_OK_INSERT)
            elog(ERROR, "could not record the commit of a distributed transaction");
    }
    SPI_finish();
    PopActiveSnapshot();
}

// Commits a single participant directly: no prepare is needed when one node is involved.
void commit_single(NodeConnection *connection)
{
    connection->xact_state = RemoteXactState::kNone; // whatever happens, it is over there
    PQclear(executor::execute_command(connection, "COMMIT"));
}

// Prepares every participant, then records the decision locally.
void prepare_all(List *list)
{
    ListCell *cell;
    foreach (cell, list) {
        auto *connection = static_cast<NodeConnection *>(lfirst(cell));
        snprintf(connection->prepared_gid, sizeof(connection->prepared_gid), "%s%d_%u_%d",
                 prepared_transaction_prefix(), MyProcPid, GetTopTransactionId(),
                 ++prepared_counter);
        executor::send_command(connection, psprintf("PREPARE TRANSACTION %s",
                                                    quote_literal_cstr(connection->prepared_gid)));
    }
    // Read every answer before raising, so no connection is left with a result in flight.
    NodeConnection *failed = nullptr;
    PGresult *failure = nullptr;
    foreach (cell, list) {
        auto *connection = static_cast<NodeConnection *>(lfirst(cell));
        PGresult *result;
        bool ok = true;
        while ((result = executor::get_command_result(connection)) != nullptr) {
            if (PQresultStatus(result) != PGRES_COMMAND_OK && failure == nullptr) {
                failed = connection, failure = result, ok = false;
                continue;
            }
            PQclear(result);
        }
        connection->xact_state = ok ? RemoteXactState::kPrepared : RemoteXactState::kNone;
    }
    if (failed != nullptr)
        executor::raise_remote_error(failed, failure);
    write_commit_records(list);
}

// Before the local commit: finish or prepare every remote transaction. May raise an ERROR, which
// aborts the local transaction and so rolls everything back.
void before_local_commit()
{
    List *list = participants();
    if (list == NIL)
        return;
    ListCell *cell;
    foreach (cell, list) {
        auto *connection = static_cast<NodeConnection *>(lfirst(cell));
        if (connection->xact_state == RemoteXactState::kFailed || connection->busy)
            ereport(ERROR, (errcode(ERRCODE_IN_FAILED_SQL_TRANSACTION),
                            errmsg("cannot commit: the transaction on node %s:%d was aborted",
                                   connection->host, connection->port)));
    }
    if (list_length(list) == 1)
        commit_single(static_cast<NodeConnection *>(linitial(list)));
    else
        prepare_all(list);
    list_free(list);
}

// After the local commit: commit the prepared transactions. Failures only warn; the commit
// records let recovery finish the job.
void after_local_commit()
{
    ListCell *cell;
    foreach (cell, executor::all_node_connections()) {
        auto *connection = static_cast<NodeConnection *>(lfirst(cell));
        if (connection->xact_state != RemoteXactState::kPrepared)
            continue;
        char *command =
            psprintf("COMMIT PREPARED %s", quote_literal_cstr(connection->prepared_gid));
        if (!executor::execute_quietly(connection, command, kTransactionEndTimeoutMs)) {
            ereport(WARNING, (errmsg("could not commit prepared transaction %s on node %s:%d",
                                     connection->prepared_gid, connection->host, connection->port),
                              errdetail("It will be committed by transaction recovery.")));
            connection->broken = true;
        }
        connection->xact_state = RemoteXactState::kNone;
    }
}

// After a local abort: roll back every remote transaction, prepared or not. Never raises.
void after_local_abort()
{
    ListCell *cell;
    foreach (cell, executor::all_node_connections()) {
        auto *connection = static_cast<NodeConnection *>(lfirst(cell));
        switch (connection->xact_state) {
        case RemoteXactState::kNone:
        case RemoteXactState::kJoined:
            break;
        case RemoteXactState::kStarted:
        case RemoteXactState::kFailed:
            if (connection->busy) {
                executor::cancel_running_command(connection);
                connection->broken = true; // closing ends the remote transaction too
            } else if (!executor::execute_quietly(connection, "ROLLBACK",
                                                  kTransactionEndTimeoutMs)) {
                connection->broken = true;
            }
            break;
        case RemoteXactState::kPrepared: {
            char *command =
                psprintf("ROLLBACK PREPARED %s", quote_literal_cstr(connection->prepared_gid));
            if (!executor::execute_quietly(connection, command, kTransactionEndTimeoutMs)) {
                ereport(WARNING,
                        (errmsg("could not roll back prepared transaction %s on node %s:%d",
                                connection->prepared_gid, connection->host, connection->port),
                         errdetail("It will be rolled back by transaction recovery.")));
                connection->broken = true;
            }
            break;
        }
        }
        connection->xact_state = RemoteXactState::kNone;
    }
}

// Transaction callback: drives the remote side through PostgreSQL's commit and abort.
void on_transaction_event(XactEvent event, void *)
{
    switch (event) {
    case XACT_EVENT_PRE_COMMIT:
        before_local_commit();
        break;
    case XACT_EVENT_COMMIT:
        after_local_commit();
        executor::reset_connections_at_transaction_end();
        break;
    case XACT_EVENT_ABORT:
        after_local_abort();
        executor::reset_connections_at_transaction_end();
        break;
    case XACT_EVENT_PRE_PREPARE: {
        List *list = participants();
        if (list != NIL)
            ereport(ERROR,
                    (errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
                     errmsg("cannot PREPARE a transaction that has run commands on other nodes")));
        break;
    }
    default:
        break;
    }
}

// Subtransaction callback: a rolled-back savepoint cannot be undone on the other nodes yet, so
// remote transactions that were open then can no longer commit.
void on_subtransaction_event(SubXactEvent event, SubTransactionId, SubTransactionId, void *)
{
    if (event != SUBXACT_EVENT_ABORT_SUB)
        return;
    ListCell *cell;
    foreach (cell, executor::all_node_connections()) {
        auto *connection = static_cast<NodeConnection *>(lfirst(cell));
        if (connection->xact_state == RemoteXactState::kStarted) {
            if (connection->busy) {
                executor::cancel_running_command(connection);
                connection->broken = true;
            }
            connection->xact_state = RemoteXactState::kFailed;
        }
    }
}

} // namespace

const char *prepared_transaction_prefix()
{
    return psprintf("tessera_%u_", MyDatabaseId);
}

void install_transaction_callbacks()
{
    RegisterXactCallback(on_transaction_event, nullptr);
    RegisterSubXactCallback(on_subtransaction_event, nullptr);
}

} // namespace tessera::transaction
