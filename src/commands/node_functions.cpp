// citus_add_node, citus_remove_node, citus_set_coordinator_host, citus_disable_node,
// citus_activate_node, citus_update_node: changing pg_dist_node.
#include "tessera/commands/ddl_propagation.h"
#include "tessera/commands/distribute.h"
#include "tessera/commands/function_propagation.h"
#include "tessera/executor/connection.h"
#include "tessera/metadata/distributed_table.h"
#include "tessera/metadata/nodes.h"
#include "tessera/operations/foreign_keys.h"
#include "tessera/operations/node_added.h"
#include "tessera/operations/worker_extensions.h"
#include "tessera/pg/guard.h"
#include "tessera/pg/privileges.h"
#include "tessera/transaction/remote_transaction.h"

extern "C" {
#include "access/xact.h"
#include "catalog/pg_type_d.h"
#include "executor/spi.h"
#include "miscadmin.h"
#include "storage/lmgr.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"
}

namespace {

using tessera::executor::NodeConnection;

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

// The id of the node name:port that citus_add_node is asked to add again, when the row in
// pg_dist_node is what the call asks for (same role and cluster, and group unless the call left
// it to choose, group_id -1); otherwise an error, since the call cannot be honoured. Needs SPI.
int32 registered_node_id(const char *node_name, int32 node_port, int32 group_id, Datum role,
                         Datum cluster)
{
    Oid types[5] = {TEXTOID, INT4OID, INT4OID, TEXTOID, NAMEOID};
    Datum values[5] = {CStringGetTextDatum(node_name), Int32GetDatum(node_port),
                       Int32GetDatum(group_id), role, cluster};
    int rc = SPI_execute_with_args(
        "SELECT nodeid FROM pg_catalog.pg_dist_node WHERE nodename = $1 AND nodeport = $2"
        " AND ($3 < 0 OR groupid = $3) AND noderole::text = $4 AND nodecluster = $5",
        5, types, values, nullptr, true, 0);
    if (rc != SPI_OK_SELECT)
        elog(ERROR, "could not read pg_dist_node");
    if (SPI_processed != 1)
        ereport(ERROR, (errcode(ERRCODE_DUPLICATE_OBJECT),
                        errmsg("node %s:%d is already in the cluster", node_name, node_port),
                        errdetail("It is registered with a different group, role or cluster."),
                        errhint("Use citus_remove_node first to register it differently.")));
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

// Refuses to add the node behind `connection` while it holds a prepared transaction of this
// coordinator's database: it was left there when the node was removed without being reachable,
// nothing resolves it any more (the node's commit records went with it), and its locks would
// block the replacement of the stale copies.
void refuse_leftover_prepared_transactions(NodeConnection *connection, const char *node_name,
                                           int32 node_port)
{
    char *gid = remote_value(
        connection,
        psprintf("SELECT gid FROM pg_catalog.pg_prepared_xacts WHERE database = "
                 "pg_catalog.current_database() AND pg_catalog.starts_with(gid, %s) LIMIT 1",
                 quote_literal_cstr(tessera::transaction::prepared_transaction_prefix())));
    if (gid != nullptr)
        ereport(ERROR,
                (errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
                 errmsg("cannot add node %s:%d: it holds prepared transaction %s of this cluster",
                        node_name, node_port, gid),
                 errdetail("It is left from an earlier membership of the node; nothing resolves "
                           "it any more, and its locks would block the node's new copies."),
                 errhint("Run ROLLBACK PREPARED %s on that node, then add it again.",
                         quote_literal_cstr(gid))));
}

// Defined below with citus_activate_node, which shares them.
tessera::metadata::WorkerNode *existing_node(const char *node_name, int32 node_port);
void lock_reference_tables();
List *reference_tables_missing_on(int32 group_id);
void drop_stale_reference_copies(NodeConnection *connection, List *reference_tables);

} // namespace

// citus_add_node(nodename, nodeport, groupid, noderole, nodecluster): registers a worker after
// checking it can serve; returns its node id. Nothing changes if any check fails. A node already
// registered as asked is left as it is and its id returned (as Citus does).
TESSERA_FUNCTION(citus_add_node)
{
    tessera::pg::require_superuser("add nodes");
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

    // Decided before SPI_connect: memory allocated while connected is freed by SPI_finish, and
    // the role is looked at again after it.
    bool primary = strcmp(TextDatumGetCString(role), "primary") == 0;

    SPI_connect();
    lock_node_catalog();
    if (tessera::metadata::find_node(node_name, node_port) != nullptr) {
        // As in Citus, adding a node again returns its id, so set-up scripts can be re-run.
        int32 existing_id = registered_node_id(node_name, node_port, group_id, role, cluster);
        SPI_finish();
        PG_RETURN_INT32(existing_id);
    }
    if (primary)
        prepare_new_worker(node_name, node_port);
    int32 node_id = insert_node(node_name, node_port, group_id < 0 ? -1 : group_id, role, cluster);
    SPI_finish();
    CommandCounterIncrement(); // the node cache, reloaded below, must see the new row

    // A new worker gets a copy of every reference table, in this same transaction.
    if (primary) {
        CommandCounterIncrement(); // make the new node visible to the caches
        // The catalogs place nothing on a node being added: copies of reference tables it kept
        // from an earlier membership (e.g. removed while it was down, when they could not be
        // dropped) are stale and would make the copies below fail. They go first, in this
        // transaction, so a failure later leaves them as they were.
        if (tessera::metadata::extension_present()) {
            SPI_connect();
            tessera::metadata::WorkerNode *added = existing_node(node_name, node_port);
            SPI_finish();
            lock_reference_tables();
            NodeConnection *connection =
                tessera::executor::get_node_connection(node_name, node_port);
            tessera::executor::join_coordinated_transaction(connection);
            refuse_leftover_prepared_transactions(connection, node_name, node_port);
            drop_stale_reference_copies(connection, reference_tables_missing_on(added->group_id));
        }
        // Roles first: the reference table copies carry grants to them.
        tessera::commands::copy_roles_to_node(node_name, node_port);
        // The coordinator's extensions before what may use them.
        tessera::operations::copy_extensions_to_node(node_name, node_port);
        tessera::commands::copy_distributed_functions_to_node(node_name, node_port);
        tessera::commands::replicate_reference_tables();
    }
    PG_RETURN_INT32(node_id);
}

// citus_remove_node(nodename, nodeport): unregisters a node that holds no shard placements.
TESSERA_FUNCTION(citus_remove_node)
{
    tessera::pg::require_superuser("remove nodes");
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
    tessera::pg::require_superuser("set the coordinator host");
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

namespace {

// A copy of `node` (looked up while connected to SPI) that outlives SPI_finish.
tessera::metadata::WorkerNode *outside_spi(const tessera::metadata::WorkerNode *node)
{
    if (node == nullptr)
        return nullptr;
    auto *copy = static_cast<tessera::metadata::WorkerNode *>(
        SPI_palloc(sizeof(tessera::metadata::WorkerNode)));
    *copy = *node;
    copy->node_name = static_cast<char *>(SPI_palloc(strlen(node->node_name) + 1));
    strcpy(copy->node_name, node->node_name);
    copy->node_role = static_cast<char *>(SPI_palloc(strlen(node->node_role) + 1));
    strcpy(copy->node_role, node->node_role);
    return copy;
}

// The node `node_name`:`node_port` of pg_dist_node, or an ERROR saying it is not there. Called
// while connected to SPI; the result outlives SPI_finish.
tessera::metadata::WorkerNode *existing_node(const char *node_name, int32 node_port)
{
    tessera::metadata::WorkerNode *node = tessera::metadata::find_node(node_name, node_port);
    if (node == nullptr)
        ereport(ERROR, (errcode(ERRCODE_UNDEFINED_OBJECT),
                        errmsg("node %s:%d is not in the cluster", node_name, node_port)));
    return outside_spi(node);
}

// Locks every reference table in ExclusiveLock, in oid order: writes under way finish first and
// new ones wait, so none is planned with the placements about to change.
void lock_reference_tables()
{
    ListCell *cell;
    foreach (cell, tessera::metadata::all_distributed_tables()) {
        Oid relid = lfirst_oid(cell);
        if (tessera::metadata::is_reference_table(relid))
            LockRelationOid(relid, ExclusiveLock);
    }
}

// Runs `sql` (one $1 integer argument) through SPI and returns the first column of the first
// row as an int64 (0 without rows).
int64 count_with_group(const char *sql, int32 group_id)
{
    Oid types[1] = {INT4OID};
    Datum values[1] = {Int32GetDatum(group_id)};
    if (SPI_execute_with_args(sql, 1, types, values, nullptr, false, 0) != SPI_OK_SELECT)
        elog(ERROR, "could not read the shard placements");
    if (SPI_processed == 0)
        return 0;
    bool isnull;
    Datum value = SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &isnull);
    return isnull ? 0 : DatumGetInt64(value);
}

// Sets pg_dist_node.isactive of node `node_id`.
void set_node_active(int32 node_id, bool active)
{
    Oid types[2] = {BOOLOID, INT4OID};
    Datum values[2] = {BoolGetDatum(active), Int32GetDatum(node_id)};
    if (SPI_execute_with_args("UPDATE pg_catalog.pg_dist_node SET isactive = $1 WHERE nodeid = $2",
                              2, types, values, nullptr, false, 0) != SPI_OK_UPDATE)
        elog(ERROR, "could not update pg_dist_node");
}

// Reference tables without a placement in `group_id` (a List of Oid): those a node coming back
// into service must get again.
List *reference_tables_missing_on(int32 group_id)
{
    List *missing = NIL;
    ListCell *cell;
    foreach (cell, tessera::metadata::all_distributed_tables()) {
        Oid relid = lfirst_oid(cell);
        const tessera::metadata::DistributedTable *table =
            tessera::metadata::lookup_distributed_table(relid);
        if (table == nullptr || table->partition_method != tessera::metadata::kDistributeByNone ||
            table->shard_count != 1)
            continue;
        bool present = false;
        for (int p = 0; p < table->shards[0].placement_count; p++)
            present = present || table->shards[0].placements[p].group_id == group_id;
        if (!present)
            missing = lappend_oid(missing, relid);
    }
    return missing;
}

// Drops, on the node coming back (activated, or added again after a removal that could not
// reach it), the copies of `reference_tables` it kept from before: the catalogs place none of
// them there, and they missed every write (and DDL) since. Only the shard tables of these known
// shard ids are named; IF EXISTS makes it a no-op on a node that never held them. CASCADE also
// drops the foreign keys of the node's distributed shards that reference them;
// add_foreign_keys_to_reference_copies puts them back once the fresh copies are there.
void drop_stale_reference_copies(NodeConnection *connection, List *reference_tables)
{
    if (reference_tables == NIL)
        return;
    StringInfoData command;
    initStringInfo(&command);
    appendStringInfoString(&command, "DROP TABLE IF EXISTS ");
    ListCell *cell;
    foreach (cell, reference_tables) {
        Oid relid = lfirst_oid(cell);
        const tessera::metadata::DistributedTable *table =
            tessera::metadata::lookup_distributed_table(relid);
        appendStringInfo(&command, "%s%s", cell == list_head(reference_tables) ? "" : ", ",
                         tessera::metadata::qualified_shard_name(relid, table->shards[0].shard_id));
    }
    appendStringInfoString(&command, " CASCADE");
    // Quietly: the notices of the cascade would only confuse the caller.
    PQclear(tessera::executor::execute_command(
        connection, psprintf("SET LOCAL client_min_messages TO warning; %s; "
                             "SET LOCAL client_min_messages TO DEFAULT",
                             command.data)));
}

// Adds back, on the node of `group_id`, the foreign keys from its distributed shards to the
// reference tables of `reference_tables`, whose copies there were just made anew.
void add_foreign_keys_to_reference_copies(NodeConnection *connection, int32 group_id,
                                          List *reference_tables)
{
    StringInfoData commands;
    initStringInfo(&commands);
    ListCell *cell;
    foreach (cell, reference_tables) {
        Oid referenced = lfirst_oid(cell);
        Oid types[1] = {OIDOID};
        Datum values[1] = {ObjectIdGetDatum(referenced)};
        if (SPI_execute_with_args("SELECT oid, conrelid FROM pg_catalog.pg_constraint "
                                  "WHERE contype = 'f' AND confrelid = $1 AND conrelid <> $1 "
                                  "ORDER BY oid",
                                  1, types, values, nullptr, true, 0) != SPI_OK_SELECT)
            elog(ERROR, "could not read pg_constraint");
        uint64 count = SPI_processed;
        SPITupleTable *rows = SPI_tuptable;
        for (uint64 i = 0; i < count; i++) {
            bool isnull;
            Oid key = DatumGetObjectId(SPI_getbinval(rows->vals[i], rows->tupdesc, 1, &isnull));
            Oid relid = DatumGetObjectId(SPI_getbinval(rows->vals[i], rows->tupdesc, 2, &isnull));
            const tessera::metadata::DistributedTable *table =
                tessera::metadata::lookup_distributed_table(relid);
            // Reference tables referencing it were copied anew with their keys.
            if (table == nullptr || table->partition_method != tessera::metadata::kDistributeByHash)
                continue;
            for (int s = 0; s < table->shard_count; s++) {
                const tessera::metadata::ShardInterval *shard = &table->shards[s];
                bool here = false;
                for (int p = 0; p < shard->placement_count; p++)
                    here = here || shard->placements[p].group_id == group_id;
                if (!here)
                    continue;
                ListCell *command_cell;
                foreach (command_cell, tessera::operations::shard_foreign_key_commands(
                                           relid, shard->shard_id, shard->shard_index, key))
                    appendStringInfo(&commands, "%s;\n", static_cast<char *>(lfirst(command_cell)));
            }
        }
    }
    if (commands.len > 0)
        PQclear(tessera::executor::execute_command(connection, commands.data));
}

// Locks, in ExclusiveLock and oid order, every distributed or reference table with a placement
// in `group_id`: writes under way there finish first, new ones wait for the caller's commit.
void lock_tables_placed_in_group(int32 group_id)
{
    ListCell *cell;
    foreach (cell, tessera::metadata::all_distributed_tables()) {
        Oid relid = lfirst_oid(cell);
        const tessera::metadata::DistributedTable *table =
            tessera::metadata::lookup_distributed_table(relid);
        if (table == nullptr)
            continue;
        bool here = false;
        for (int s = 0; s < table->shard_count && !here; s++)
            for (int p = 0; p < table->shards[s].placement_count; p++)
                here = here || table->shards[s].placements[p].group_id == group_id;
        if (here)
            LockRelationOid(relid, ExclusiveLock);
    }
}

} // namespace

// citus_disable_node(nodename, nodeport, synchronous): takes a worker out of service, typically
// because it failed. It is not contacted. Its rows in pg_dist_placement for reference tables go
// (so reads and writes of reference tables use the other workers only), it gets no new shards,
// and work on its distributed shards fails with an error naming it until citus_activate_node.
// `synchronous` changes nothing: no worker keeps a copy of the metadata to wait for.
TESSERA_FUNCTION(citus_disable_node)
{
    tessera::pg::require_superuser("disable nodes");
    char *node_name = text_to_cstring(PG_GETARG_TEXT_PP(0));
    int32 node_port = PG_GETARG_INT32(1);

    SPI_connect();
    lock_node_catalog();
    tessera::metadata::WorkerNode *node = existing_node(node_name, node_port);
    if (node->group_id == tessera::metadata::kCoordinatorGroupId)
        ereport(ERROR,
                (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                 errmsg("cannot disable node %s:%d: it is the coordinator", node_name, node_port)));
    if (tessera::metadata::extension_present()) {
        lock_reference_tables();
        // A reference table whose only copy is there would be lost, not merely out of reach.
        if (count_with_group(
                "SELECT count(*) FROM pg_catalog.pg_dist_placement p "
                "JOIN pg_catalog.pg_dist_shard s USING (shardid) "
                "JOIN pg_catalog.pg_dist_partition t USING (logicalrelid) "
                "WHERE t.partmethod = 'n' AND t.repmodel = 't' AND p.groupid = $1 AND NOT EXISTS "
                "(SELECT 1 FROM pg_catalog.pg_dist_placement o "
                " WHERE o.shardid = p.shardid AND o.groupid <> p.groupid)",
                node->group_id) > 0)
            ereport(ERROR,
                    (errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
                     errmsg("cannot disable node %s:%d: it holds the only copy of a reference "
                            "table",
                            node_name, node_port),
                     errhint("Add another worker with citus_add_node() first.")));
        Oid types[1] = {INT4OID};
        Datum values[1] = {Int32GetDatum(node->group_id)};
        if (SPI_execute_with_args(
                "DELETE FROM pg_catalog.pg_dist_placement p USING pg_catalog.pg_dist_shard s, "
                "pg_catalog.pg_dist_partition t WHERE p.shardid = s.shardid AND "
                "s.logicalrelid = t.logicalrelid AND t.partmethod = 'n' AND t.repmodel = 't' AND "
                "p.groupid = $1",
                1, types, values, nullptr, false, 0) != SPI_OK_DELETE)
            elog(ERROR, "could not delete reference table placements");
        int64 shard_placements = count_with_group(
            "SELECT count(*) FROM pg_catalog.pg_dist_placement WHERE groupid = $1", node->group_id);
        if (shard_placements > 0)
            ereport(NOTICE, (errmsg("node %s:%d holds %lld shard placements of distributed tables",
                                    node_name, node_port, (long long)shard_placements),
                             errdetail("Queries and writes that need them fail until the node is "
                                       "activated again with citus_activate_node().")));
    }
    set_node_active(node->node_id, false);
    SPI_finish();
    tessera::executor::close_node_connections(node_name, node_port);
    PG_RETURN_VOID();
}

// citus_activate_node(nodename, nodeport): puts a node (disabled, or never active) back in
// service and returns its node id. The node must be reachable. In the caller's transaction it
// is marked active, the extension and roles are made sure of there, the reference table copies
// it kept from before (stale) are dropped and the reference tables are copied to it again
// (replicate_reference_tables), with the foreign keys of its distributed shards to them.
TESSERA_FUNCTION(citus_activate_node)
{
    tessera::pg::require_superuser("activate nodes");
    char *node_name = text_to_cstring(PG_GETARG_TEXT_PP(0));
    int32 node_port = PG_GETARG_INT32(1);

    SPI_connect();
    lock_node_catalog();
    tessera::metadata::WorkerNode *node = existing_node(node_name, node_port);
    if (node->group_id == tessera::metadata::kCoordinatorGroupId)
        ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                        errmsg("cannot activate node %s:%d: it is the coordinator", node_name,
                               node_port)));
    bool primary = strcmp(node->node_role, "primary") == 0;
    if (primary)
        prepare_new_worker(node_name, node_port);
    set_node_active(node->node_id, true);
    SPI_finish();
    CommandCounterIncrement(); // the node cache must see it active

    if (primary && tessera::metadata::extension_present()) {
        lock_reference_tables();
        NodeConnection *connection = tessera::executor::get_node_connection(node_name, node_port);
        tessera::executor::join_coordinated_transaction(connection);
        List *missing = reference_tables_missing_on(node->group_id);
        drop_stale_reference_copies(connection, missing);
        tessera::commands::copy_roles_to_node(node_name, node_port);
        // The coordinator's extensions before what may use them.
        tessera::operations::copy_extensions_to_node(node_name, node_port);
        tessera::commands::copy_distributed_functions_to_node(node_name, node_port);
        tessera::commands::replicate_reference_tables();
        connection = tessera::executor::get_node_connection(node_name, node_port);
        tessera::executor::join_coordinated_transaction(connection);
        SPI_connect();
        add_foreign_keys_to_reference_copies(connection, node->group_id, missing);
        SPI_finish();
    }
    PG_RETURN_INT32(node->node_id);
}

// citus_update_node(node_id, new_node_name, new_node_port, force, lock_cooldown): gives a node
// a new address, e.g. its standby just promoted. Without `force`, writes under way on the
// node's shards are waited for (and new ones wait for the caller's commit); with it, the
// address changes at once and writes already running there finish at the old address.
// `lock_cooldown` (ms, >= 0) is accepted for compatibility: nothing is terminated. Idle cached
// connections to the old address are not reused by any backend afterwards. Prepared
// transactions left on the node are recovered at the new address (commit records are kept per
// node group, and recovery reads the address from pg_dist_node).
TESSERA_FUNCTION(citus_update_node)
{
    tessera::pg::require_superuser("update nodes");
    int32 node_id = PG_GETARG_INT32(0);
    char *new_name = text_to_cstring(PG_GETARG_TEXT_PP(1));
    int32 new_port = PG_GETARG_INT32(2);
    bool force = PG_GETARG_BOOL(3);
    int32 lock_cooldown = PG_GETARG_INT32(4);
    check_node_address(new_name, new_port);
    if (lock_cooldown < 0)
        ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                        errmsg("lock_cooldown must not be negative")));

    SPI_connect();
    lock_node_catalog();
    tessera::metadata::WorkerNode *node = outside_spi(tessera::metadata::find_node_by_id(node_id));
    if (node == nullptr)
        ereport(ERROR, (errcode(ERRCODE_UNDEFINED_OBJECT),
                        errmsg("node %d is not in the cluster", node_id)));
    if (node->node_port == new_port && strcmp(node->node_name, new_name) == 0) {
        SPI_finish();
        PG_RETURN_VOID();
    }
    if (tessera::metadata::find_node(new_name, new_port) != nullptr)
        ereport(ERROR, (errcode(ERRCODE_DUPLICATE_OBJECT),
                        errmsg("node %s:%d is already in the cluster", new_name, new_port),
                        errdetail("Two nodes cannot share an address.")));
    if (!force && tessera::metadata::extension_present())
        lock_tables_placed_in_group(node->group_id);

    Oid types[3] = {TEXTOID, INT4OID, INT4OID};
    Datum values[3] = {CStringGetTextDatum(new_name), Int32GetDatum(new_port),
                       Int32GetDatum(node_id)};
    if (SPI_execute_with_args(
            "UPDATE pg_catalog.pg_dist_node SET nodename = $1, nodeport = $2 WHERE nodeid = $3", 3,
            types, values, nullptr, false, 0) != SPI_OK_UPDATE)
        elog(ERROR, "could not update pg_dist_node");
    SPI_finish();
    tessera::executor::close_node_connections(node->node_name, node->node_port);
    PG_RETURN_VOID();
}
