// citus_create_restore_point(name): the same named restore point (pg_create_restore_point) on
// the coordinator and every active primary worker, taken while no distributed transaction can
// commit, so that recovering every node to that name gives one consistent cluster.
#include "tessera/executor/connection.h"
#include "tessera/metadata/nodes.h"
#include "tessera/pg/guard.h"

extern "C" {
#include "access/xact.h"
#include "access/xlog.h"
#include "access/xlog_internal.h"
#include "catalog/namespace.h"
#include "catalog/pg_namespace.h"
#include "fmgr.h"
#include "miscadmin.h"
#include "storage/lmgr.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"
#include "utils/pg_lsn.h"
}

namespace {

using tessera::executor::NodeConnection;
using tessera::metadata::WorkerNode;

// Locks a Tessera catalog in ExclusiveLock mode: reads go on, writes wait until this transaction
// ends. Raises an ERROR when the catalog is missing (the extension is not installed here).
void block_writes_to(const char *catalog)
{
    Oid relation = get_relname_relid(catalog, PG_CATALOG_NAMESPACE);
    if (!OidIsValid(relation))
        ereport(ERROR,
                (errcode(ERRCODE_UNDEFINED_TABLE), errmsg("pg_catalog.%s does not exist", catalog),
                 errhint("Is the tessera extension installed in this database?")));
    LockRelationOid(relation, ExclusiveLock);
}

// Checks what pg_create_restore_point would refuse, before any node is asked, so that a bad
// name or server state fails without leaving restore points on some nodes only.
void check_restore_point_allowed(const char *name)
{
    if (!superuser())
        ereport(ERROR, (errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
                        errmsg("must be superuser to create a restore point")));
    if (RecoveryInProgress())
        ereport(ERROR, (errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
                        errmsg("recovery is in progress"),
                        errhint("WAL control functions cannot be executed during recovery.")));
    if (!XLogIsNeeded())
        ereport(ERROR,
                (errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
                 errmsg("WAL level not sufficient for creating a restore point"),
                 errhint("wal_level must be set to \"replica\" or \"logical\" at server start.")));
    if (strlen(name) >= MAXFNAMELEN)
        ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                        errmsg("value too long for restore point (maximum %d characters)",
                               MAXFNAMELEN - 1)));
}

} // namespace

// Blocks distributed commits and metadata changes in this database for the rest of the
// statement (ExclusiveLock on pg_dist_transaction, where every two-phase commit writes its
// commit record before the local commit, and on the node and shard catalogs), then creates the
// restore point on every active primary worker and last on the coordinator, returning the
// coordinator's LSN. A transaction whose commit record is written is either committed
// everywhere at the restore point or prepared on some workers, which recovery then commits from
// the record; one not yet recorded is rolled back by recovery. Not allowed in a transaction
// block, where earlier statements' locks and writes would blur the point.
TESSERA_FUNCTION(citus_create_restore_point)
{
    char *name = text_to_cstring(PG_GETARG_TEXT_PP(0));
    check_restore_point_allowed(name);
    PreventInTransactionBlock(true, "citus_create_restore_point");

    // Connect first, so that the commit block lasts only as long as the restore points take.
    List *workers = tessera::metadata::active_worker_nodes();
    int count = list_length(workers);
    auto **connections = static_cast<NodeConnection **>(palloc0(sizeof(void *) * (count + 1)));
    for (int i = 0; i < count; i++) {
        auto *node = static_cast<WorkerNode *>(list_nth(workers, i));
        connections[i] = tessera::executor::start_node_connection(
            node->node_name, node->node_port, tessera::executor::kConnectionExclusive);
    }
    for (int i = 0; i < count; i++) {
        char *reason = tessera::executor::finish_connection_or_explain(connections[i]);
        if (reason != nullptr) {
            auto *node = static_cast<WorkerNode *>(list_nth(workers, i));
            ereport(ERROR, (errcode(ERRCODE_CONNECTION_FAILURE),
                            errmsg("could not connect to node %s:%d: %s", node->node_name,
                                   node->node_port, reason),
                            errdetail("No restore point was created.")));
        }
    }

    block_writes_to("pg_dist_transaction");
    block_writes_to("pg_dist_node");
    block_writes_to("pg_dist_partition");
    block_writes_to("pg_dist_shard");
    block_writes_to("pg_dist_placement");

    char *command =
        psprintf("SELECT pg_catalog.pg_create_restore_point(%s)", quote_literal_cstr(name));
    for (int i = 0; i < count; i++)
        tessera::executor::send_command(connections[i], command);
    // Read every answer before raising, so no connection is left with a result in flight.
    NodeConnection *failed = nullptr;
    PGresult *failure = nullptr;
    for (int i = 0; i < count; i++) {
        PGresult *result = tessera::executor::get_command_result_all(connections[i]);
        if (result == nullptr || PQresultStatus(result) != PGRES_TUPLES_OK) {
            if (failed == nullptr) {
                failed = connections[i];
                failure = result;
                continue;
            }
        }
        PQclear(result);
    }
    if (failed != nullptr)
        tessera::executor::raise_remote_error(failed, failure);
    for (int i = 0; i < count; i++)
        tessera::executor::release_connection(connections[i]);

    return DirectFunctionCall1(pg_create_restore_point, PointerGetDatum(PG_GETARG_TEXT_PP(0)));
}
