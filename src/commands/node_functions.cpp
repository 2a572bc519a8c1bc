// citus_add_node, citus_remove_node, citus_set_coordinator_host: changing pg_dist_node.
#include "tessera/commands/ddl_propagation.h"
#include "tessera/commands/distribute.h"
#include "tessera/executor/connection.h"
#include "tessera/metadata/nodes.h"
#include "tessera/operations/node_added.h"
#include "tessera/pg/guard.h"

extern "C" {
#include "access/xact.h"
#include "catalog/pg_type_d.h"
#include "executor/spi.h"
#include "miscadmin.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"
}

namespace {

using tessera::executor::NodeConnection;

// Raises an ERROR unless the caller is a superuser: node changes reshape the whole cluster.
void require_superuser(const char *action)
{
    if (!superuser())
        ereport(ERROR, (errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
                        errmsg("only superusers can %s", action)));
}

// Checks that a node name and port are plausible before anything is contacted.
void check_node_address(const char *node_name, int32 node_port)
{
    if (node_name[0] == '\0')
        ereport(ERROR,
                (errcode(ERRCODE_INVALID_PARAMETER_VALUE), errmsg("node name must not be empty")));
    if (node_port <= 0 || node_port > 65535)
        ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                        errmsg("invalid port number %d", node_port),
                        errhint("Port numbers are between 1 and 65535.")));
}

// Serialises changes to the node list between concurrent callers.
void lock_node_catalog()
{
    if (SPI_execute("LOCK TABLE pg_catalog.pg_dist_node IN EXCLUSIVE MODE", false, 0) !=
        SPI_OK_UTILITY)
        elog(ERROR, "could not lock pg_dist_node");
}

// The first value of the first row of a remote result, or nullptr.
char *first_value(PGresult *result)
{
    if (PQntuples(result) < 1 || PQgetisnull(result, 0, 0))
        return nullptr;
    return pstrdup(PQgetvalue(result, 0, 0));
}

// Runs a query on the node and returns its single value (nullptr for none / NULL).
char *remote_value(NodeConnection *connection, const char *sql)
{
    PGresult *result = tessera::executor::execute_command(connection, sql);
    char *value = first_value(result);
    PQclear(result);
    return value;
}

// Makes sure a new worker can serve: reachable, not this very server, with the extension
// installed (created there if missing, within this transaction).
void prepare_new_worker(const char *node_name, int32 node_port)
{
    NodeConnection *connection = tessera::executor::get_node_connection(
        node_name, node_port, tessera::executor::kConnectionExclusive);
    tessera::executor::join_coordinated_transaction(connection);

    const char *identity_query =
        "SELECT system_identifier::text || ':' || current_setting('port') FROM "
        "pg_catalog.pg_control_system()";
    char *remote_identity = remote_value(connection, identity_query);
    if (SPI_execute(identity_query, true, 1) != SPI_OK_SELECT || SPI_processed != 1)
        elog(ERROR, "could not read the local system identifier");
    char *local_identity = SPI_getvalue(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1);
    if (remote_identity != nullptr && strcmp(remote_identity, local_identity) == 0)
        ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                        errmsg("node %s:%d is this coordinator", node_name, node_port),
                        errhint("Workers must be other PostgreSQL servers.")));

    char *version = remote_value(
        connection, "SELECT extversion FROM pg_catalog.pg_extension WHERE extname = 'tessera'");
    if (version == nullptr)
        PQclear(tessera::executor::execute_command(connection, "CREATE EXTENSION tessera"));
}

// Inserts the pg_dist_node row and returns the new node id.
int32 insert_node(const char *node_name, int32 node_port, int32 group_id, Datum role, Datum cluster)
{
    Oid types[5] = {TEXTOID, INT4OID, INT4OID, TEXTOID, NAMEOID};
    Datum values[5] = {CStringGetTextDatum(node_name), Int32GetDatum(node_port),
                       Int32GetDatum(group_id), role, cluster};
    char nulls[5] = {' ', ' ', group_id < 0 ? 'n' : ' ', ' ', ' '};
    // No row limit: an INSERT ... RETURNING cut short by one skips its AFTER STATEMENT triggers,
    // and with them the node cache invalidation every backend relies on.
    int rc = SPI_execute_with_args(
        "INSERT INTO pg_catalog.pg_dist_node (nodename, nodeport, groupid, noderole, nodecluster)"
        " VALUES ($1, $2, coalesce($3, nextval('tessera.pg_dist_groupid_seq')::int),"
        " $4::pg_catalog.noderole, $5) RETURNING nodeid",
        5, types, values, nulls, false, 0);
    if (rc != SPI_OK_INSERT_RETURNING || SPI_processed != 1)
        elog(ERROR, "could not insert into pg_dist_node");
    bool isnull;
    return DatumGetInt32(SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &isnull));
}

// The text of an enum argument (noderole), as a text Datum for SPI.
Datum enum_as_text(Datum value, Oid type)
{
    Oid output;
    bool varlena;
    getTypeOutputInfo(type, &output, &varlena);
    return CStringGetTextDatum(OidOutputFunctionCall(output, value));
}

} // namespace

// citus_add_node(nodename, nodeport, groupid, noderole, nodecluster): registers a worker after
// checking it can serve; returns its node id. Nothing changes if any check fails.
TESSERA_FUNCTION(citus_add_node)
{
    require_superuser("add nodes");
    char *node_name = text_to_cstring(PG_GETARG_TEXT_PP(0));
    int32 node_port = PG_GETARG_INT32(1);
    int32 group_id = PG_GETARG_INT32(2);
    Datum role = enum_as_text(PG_GETARG_DATUM(3), get_fn_expr_argtype(fcinfo->flinfo, 3));
    Datum cluster = PG_GETARG_DATUM(4);
    check_node_address(node_name, node_port);
    if (group_id == tessera::metadata::kCoordinatorGroupId)
        ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                        errmsg("group 0 is reserved for the coordinator"),
                        errhint("Use citus_set_coordinator_host to register the coordinator.")));
    if (group_id < -1)
        ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                        errmsg("invalid group id %d", group_id)));

    SPI_connect();
    lock_node_catalog();
    if (tessera::metadata::find_node(node_name, node_port) != nullptr)
        ereport(ERROR, (errcode(ERRCODE_DUPLICATE_OBJECT),
                        errmsg("node %s:%d is already in the cluster", node_name, node_port)));
    char *role_text = TextDatumGetCString(role);
    if (strcmp(role_text, "primary") == 0)
        prepare_new_worker(node_name, node_port);
    int32 node_id = insert_node(node_name, node_port, group_id < 0 ? -1 : group_id, role, cluster);
    SPI_finish();
    CommandCounterIncrement(); // the node cache, reloaded below, must see the new row

    // A new worker gets a copy of every reference table, in this same transaction.
    if (strcmp(role_text, "primary") == 0) {
        CommandCounterIncrement(); // make the new node visible to the caches
        // Roles first: the reference table copies carry grants to them.
        tessera::commands::copy_roles_to_node(node_name, node_port);
        tessera::commands::replicate_reference_tables();
    }
    PG_RETURN_INT32(node_id);
}

// citus_remove_node(nodename, nodeport): unregisters a node that holds no shard placements.
TESSERA_FUNCTION(citus_remove_node)
{
    require_superuser("remove nodes");
    char *node_name = text_to_cstring(PG_GETARG_TEXT_PP(0));
    int32 node_port = PG_GETARG_INT32(1);

    SPI_connect();
    lock_node_catalog();
    tessera::metadata::WorkerNode *node = tessera::metadata::find_node(node_name, node_port);
    if (node == nullptr)
        ereport(ERROR, (errcode(ERRCODE_UNDEFINED_OBJECT),
                        errmsg("node %s:%d is not in the cluster", node_name, node_port)));
    tessera::operations::before_worker_removed(node);

    Oid types[1] = {INT4OID};
    Datum values[1] = {Int32GetDatum(node->node_id)};
    if (SPI_execute_with_args("DELETE FROM pg_catalog.pg_dist_node WHERE nodeid = $1", 1, types,
                              values, nullptr, false, 0) != SPI_OK_DELETE)
        elog(ERROR, "could not delete from pg_dist_node");
    SPI_finish();
    tessera::executor::close_node_connections(node_name, node_port);
    PG_RETURN_VOID();
}

// citus_set_coordinator_host(host, port, ...): records the coordinator itself as group 0, so
// workers know how to reach it. Updates the row if it exists.
TESSERA_FUNCTION(citus_set_coordinator_host)
{
    require_superuser("set the coordinator host");
    char *host = text_to_cstring(PG_GETARG_TEXT_PP(0));
    int32 port = PG_GETARG_INT32(1);
    Datum role = enum_as_text(PG_GETARG_DATUM(2), get_fn_expr_argtype(fcinfo->flinfo, 2));
    check_node_address(host, port);

    SPI_connect();
    lock_node_catalog();
    Oid types[2] = {TEXTOID, INT4OID};
    Datum values[2] = {CStringGetTextDatum(host), Int32GetDatum(port)};
    int rc = SPI_execute_with_args("UPDATE pg_catalog.pg_dist_node SET nodename = $1, nodeport = $2"
                                   " WHERE groupid = 0",
                                   2, types, values, nullptr, false, 0);
    if (rc != SPI_OK_UPDATE)
        elog(ERROR, "could not update pg_dist_node");
    if (SPI_processed == 0)
        insert_node(host, port, tessera::metadata::kCoordinatorGroupId, role, PG_GETARG_DATUM(3));
    SPI_finish();
    PG_RETURN_VOID();
}
