// The lifecycle end of distributed tables: DROP (through the sql_drop event trigger, which sees
// DROP TABLE, DROP SCHEMA ... CASCADE and DROP OWNED alike), undistribute_table(), and the guard
// against DROP EXTENSION while distributed tables exist. PostgreSQL-style code.
#include "tessera/commands/distribute.h"
#include "tessera/commands/function_propagation.h"
#include "tessera/commands/schema_sharding.h"
#include "tessera/executor/connection.h"
#include "tessera/metadata/catalog.h"
#include "tessera/metadata/distributed_table.h"
#include "tessera/operations/foreign_keys.h"
#include "tessera/operations/partitions.h"
#include "tessera/operations/shard_ddl.h"
#include "tessera/operations/shard_policies.h"
#include "tessera/operations/shard_triggers.h"
#include "tessera/pg/guard.h"

extern "C" {
#include "access/htup_details.h"
#include "access/relation.h"
#include "access/table.h"
#include "catalog/pg_class.h"
#include "catalog/pg_inherits.h"
#include "commands/copy.h"
#include "commands/event_trigger.h"
#include "commands/trigger.h"
#include "executor/spi.h"
#include "lib/stringinfo.h"
#include "miscadmin.h"
#include "nodes/makefuncs.h"
#include "parser/parse_relation.h"
#include "storage/latch.h"
#include "storage/lmgr.h"
#include "utils/acl.h"
#include "utils/builtins.h"
#include "utils/guc.h"
#include "utils/lsyscache.h"
#include "utils/rel.h"
#include "utils/syscache.h"
#include "utils/wait_event.h"
}

namespace tessera::commands {

namespace {

using executor::NodeConnection;

// Sends "DROP TABLE IF EXISTS <shards>" to every node holding a placement of `shards` (a List of
// ShardInterval*), over connections in the coordinated transaction.
void drop_shard_tables(List *shards, const char *schema_name, const char *table_name)
{
    // Group the shard names by node group.
    int32 *groups = nullptr;
    StringInfoData *names = nullptr;
    int group_count = 0;
    int capacity = 0;
    ListCell *cell;
    foreach (cell, shards) {
        metadata::ShardInterval *shard = static_cast<metadata::ShardInterval *>(lfirst(cell));
        char *name = quote_qualified_identifier(
            schema_name, metadata::shard_table_name(table_name, shard->shard_id));
        for (int p = 0; p < shard->placement_count; p++) {
            int32 group = shard->placements[p].group_id;
            int g = 0;
            while (g < group_count && groups[g] != group)
                g++;
            if (g == group_count) {
                if (group_count == capacity) {
                    capacity = Max(4, capacity * 2);
                    groups = static_cast<int32 *>(groups == nullptr
                                                      ? palloc(sizeof(int32) * capacity)
                                                      : repalloc(groups, sizeof(int32) * capacity));
                    names = static_cast<StringInfoData *>(
                        names == nullptr ? palloc(sizeof(StringInfoData) * capacity)
                                         : repalloc(names, sizeof(StringInfoData) * capacity));
                }
                groups[g] = group;
                initStringInfo(&names[g]);
                appendStringInfoString(&names[g], "DROP TABLE IF EXISTS ");
                group_count++;
            } else {
                appendStringInfoString(&names[g], ", ");
            }
            appendStringInfoString(&names[g], name);
        }
    }
    if (group_count == 0)
        return;
    NodeConnection **connections =
        static_cast<NodeConnection **>(palloc(sizeof(NodeConnection *) * group_count));
    const char **commands = static_cast<const char **>(palloc(sizeof(char *) * group_count));
    PGresult **results = static_cast<PGresult **>(palloc0(sizeof(PGresult *) * group_count));
    for (int g = 0; g < group_count; g++) {
        metadata::WorkerNode *node = metadata::primary_node_for_group(groups[g]);
        connections[g] = executor::get_node_connection(node->node_name, node->node_port);
        executor::join_coordinated_transaction(connections[g]);
        appendStringInfoString(&names[g], " CASCADE");
        commands[g] = names[g].data;
    }
    executor::execute_commands_parallel(connections, commands, group_count, results, true);
    for (int g = 0; g < group_count; g++)
        PQclear(results[g]);
}

// The source of rows for CopyFrom while a shard is read back: the worker connection in COPY OUT
// state and the data received but not handed out yet. CopyFrom's callback has no argument.
struct CopyBackState {
    NodeConnection *connection;
    char *pending;
    int pending_length;
    int pending_offset;
    bool done;
};
CopyBackState *copy_back_state = nullptr;

int read_from_shard(void *outbuf, int minread, int maxread)
{
    CopyBackState *state = copy_back_state;
    PGconn *conn = executor::connection_pgconn(state->connection);
    int copied = 0;
    while (copied < minread && !state->done) {
        if (state->pending != nullptr && state->pending_offset < state->pending_length) {
            int chunk = Min(maxread - copied, state->pending_length - state->pending_offset);
            memcpy(static_cast<char *>(outbuf) + copied, state->pending + state->pending_offset,
                   chunk);
            copied += chunk;
            state->pending_offset += chunk;
            continue;
        }
        if (state->pending != nullptr) {
            PQfreemem(state->pending);
            state->pending = nullptr;
        }
        char *data = nullptr;
        int length = PQgetCopyData(conn, &data, 1);
        if (length > 0) {
            state->pending = data;
            state->pending_length = length;
            state->pending_offset = 0;
        } else if (length == 0) {
            int rc =
                WaitLatchOrSocket(MyLatch, WL_SOCKET_READABLE | WL_LATCH_SET | WL_EXIT_ON_PM_DEATH,
                                  PQsocket(conn), -1L, PG_WAIT_EXTENSION);
            if (rc & WL_LATCH_SET) {
                ResetLatch(MyLatch);
                CHECK_FOR_INTERRUPTS();
            }
            if (!PQconsumeInput(conn))
                ereport(ERROR, (errcode(ERRCODE_CONNECTION_FAILURE),
                                errmsg("connection to node %s was lost",
                                       executor::connection_node_name(state->connection))));
        } else if (length == -1) {
            state->done = true;
        } else {
            ereport(ERROR, (errcode(ERRCODE_CONNECTION_FAILURE),
                            errmsg("could not read rows from node %s",
                                   executor::connection_node_name(state->connection)),
                            errdetail_internal("%s", pchomp(PQerrorMessage(conn)))));
        }
    }
    return copied;
}

// If table `relid` has user triggers: keeps them from firing for the rows copied back from its
// shards (they fired there when the rows were written) by making this session a replica one
// (session_replication_role) until AtEOXact_GUC of the returned level; 0 if there are none.
// Triggers enabled ALWAYS or REPLICA fire in replica sessions too, so they are refused.
int suppress_user_triggers(Oid relid)
{
    List *triggers = operations::table_user_triggers(relid);
    if (triggers == NIL)
        return 0;
    ListCell *cell;
    foreach (cell, triggers) {
        operations::TriggerInfo trigger = operations::read_trigger(lfirst_oid(cell));
        if (trigger.enabled == TRIGGER_FIRES_ALWAYS || trigger.enabled == TRIGGER_FIRES_ON_REPLICA)
            ereport(ERROR,
                    (errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
                     errmsg("cannot undistribute table \"%s\": trigger \"%s\" is enabled %s",
                            get_rel_name(relid), trigger.name,
                            trigger.enabled == TRIGGER_FIRES_ALWAYS ? "ALWAYS" : "REPLICA"),
                     errdetail("It would fire again for every row copied back from the shards."),
                     errhint("Use ALTER TABLE ... ENABLE TRIGGER or DISABLE TRIGGER first.")));
    }
    int level = NewGUCNestLevel();
    (void)set_config_option("session_replication_role", "replica", PGC_SUSET, PGC_S_SESSION,
                            GUC_ACTION_SAVE, true, 0, false);
    return level;
}

// Copies the rows of one shard placement into the local table `rel`.
void copy_shard_into_local_table(Relation rel, const char *shard_name, const char *columns,
                                 List *column_names, metadata::WorkerNode *node)
{
    NodeConnection *connection = executor::get_node_connection(node->node_name, node->node_port);
    executor::join_coordinated_transaction(connection);
    // The rows arrive as text: use output styles this side parses back unambiguously.
    PQclear(executor::execute_command(connection,
                                      "SET LOCAL datestyle TO ISO; SET LOCAL intervalstyle TO "
                                      "postgres; SET LOCAL extra_float_digits TO 3"));
    executor::send_command(connection, psprintf("COPY %s %s TO STDOUT", shard_name, columns));
    PGresult *result = executor::get_command_result(connection);
    if (result == nullptr || PQresultStatus(result) != PGRES_COPY_OUT)
        executor::raise_remote_error(connection, result);
    PQclear(result);

    CopyBackState state = {connection, nullptr, 0, 0, false};
    copy_back_state = &state;
    // CopyFrom finds its target in the range table, as with COPY FROM.
    ParseState *pstate = make_parsestate(nullptr);
    addRangeTableEntryForRelation(pstate, rel, RowExclusiveLock, nullptr, false, false);
    CopyFromState cstate =
        BeginCopyFrom(pstate, rel, nullptr, nullptr, false, read_from_shard, column_names, NIL);
    CopyFrom(cstate);
    EndCopyFrom(cstate);
    copy_back_state = nullptr;
    if (state.pending != nullptr)
        PQfreemem(state.pending);

    result = executor::get_command_result_all(connection);
    if (result == nullptr || PQresultStatus(result) != PGRES_COMMAND_OK)
        executor::raise_remote_error(connection, result);
    PQclear(result);
}

} // namespace

void drop_distributed_table_shards(Oid relid, const char *schema_name, const char *table_name)
{
    List *shards = metadata::read_table_shards(relid);
    drop_shard_tables(shards, schema_name, table_name);
    metadata::delete_table_metadata(relid);
}

char *lock_owned_table(Oid relid)
{
    if (!metadata::extension_present())
        ereport(ERROR, (errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
                        errmsg("the tessera extension is not ready in this database")));
    LockRelationOid(relid, AccessExclusiveLock);
    char *relname = get_rel_name(relid);
    if (relname == nullptr)
        ereport(ERROR, (errcode(ERRCODE_UNDEFINED_TABLE),
                        errmsg("relation with OID %u does not exist", relid)));
    if (!pg_class_ownercheck(relid, GetUserId()))
        aclcheck_error(ACLCHECK_NOT_OWNER, OBJECT_TABLE, relname);
    return relname;
}

void undistribute_table(Oid relid, bool check_local_keys)
{
    const metadata::DistributedTable *table = metadata::lookup_distributed_table(relid);
    Oid tenant_schema =
        table != nullptr ? schema_of_tenant_group(table->colocation_id) : InvalidOid;
    if (OidIsValid(tenant_schema))
        ereport(ERROR, (errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
                        errmsg("cannot undistribute table \"%s\": it belongs to distributed "
                               "schema \"%s\"",
                               get_rel_name(relid), get_namespace_name(tenant_schema)),
                        errdetail("Every table of a distributed schema is a distributed table."),
                        errhint("Use citus_schema_undistribute('%s') to make all its tables "
                                "local.",
                                quote_identifier(get_namespace_name(tenant_schema)))));
    undistribute_relation(relid, false, check_local_keys);
}

void undistribute_relation(Oid relid, bool as_partition, bool check_local_keys)
{
    char *relname = lock_owned_table(relid);
    if (!metadata::is_distributed_table(relid))
        ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                        errmsg("table \"%s\" is not distributed", relname),
                        errdetail("undistribute_table() only applies to distributed and "
                                  "reference tables.")));

    List *referencing = operations::referencing_distributed_tables(relid);
    if (referencing != NIL)
        ereport(ERROR,
                (errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
                 errmsg("cannot undistribute table \"%s\": distributed table \"%s\" references it "
                        "with a foreign key",
                        relname, get_rel_name(linitial_oid(referencing))),
                 errdetail("Foreign keys of distributed tables cannot reference a local table."),
                 errhint("Undistribute \"%s\" first.", get_rel_name(linitial_oid(referencing)))));
    // The local table's keys to tables that stay distributed could not be enforced.
    if (check_local_keys && !as_partition)
        operations::check_keys_enforceable_when_local(
            relid, psprintf("cannot undistribute table \"%s\"", relname));

    // The rows are read back from the shards as this user: with FORCE ROW LEVEL SECURITY the
    // owner's reads there see only what the policies let through, and the rest would be lost.
    if (operations::has_row_level_security(relid) && !superuser()) {
        bool forced = false;
        HeapTuple class_tuple = SearchSysCache1(RELOID, ObjectIdGetDatum(relid));
        if (HeapTupleIsValid(class_tuple)) {
            forced = reinterpret_cast<Form_pg_class>(GETSTRUCT(class_tuple))->relforcerowsecurity;
            ReleaseSysCache(class_tuple);
        }
        if (forced)
            ereport(ERROR,
                    (errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
                     errmsg("cannot undistribute table \"%s\": it has FORCE ROW LEVEL SECURITY",
                            relname),
                     errdetail("Its rows are read back from the shards as the owner, whom the "
                               "policies restrict."),
                     errhint("Run ALTER TABLE ... NO FORCE ROW LEVEL SECURITY first, or "
                             "undistribute the table as a superuser.")));
    }

    // A partition goes with its partitioned table; a partitioned table takes its partitions
    // along (each copied back and its shards dropped, then the table's own empty shards).
    Oid distributed_parent = operations::distributed_partition_parent(relid);
    if (OidIsValid(distributed_parent) && !as_partition)
        ereport(ERROR, (errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
                        errmsg("cannot undistribute table \"%s\": it is a partition of distributed "
                               "table \"%s\"",
                               relname, get_rel_name(distributed_parent)),
                        errhint("Undistribute \"%s\", or detach the partition first.",
                                get_rel_name(distributed_parent))));
    bool partitioned = operations::is_partitioned_table(relid);
    if (partitioned) {
        ListCell *partition_cell;
        foreach (partition_cell, find_inheritance_children(relid, AccessExclusiveLock))
            if (metadata::is_distributed_table(lfirst_oid(partition_cell)))
                undistribute_relation(lfirst_oid(partition_cell), true, false);
    }

    char *schema = get_namespace_name(get_rel_namespace(relid));
    List *shards = metadata::read_table_shards(relid);

    // The table is local again from here on: rows go into it, not to shards.
    metadata::delete_table_metadata(relid);
    if (partitioned) {
        drop_shard_tables(shards, schema, relname); // its rows were in the partitions
        CommandCounterIncrement();
        return;
    }

    char *columns = operations::shard_copy_column_list(relid);
    Relation rel = table_open(relid, RowExclusiveLock);
    List *column_names = NIL;
    TupleDesc desc = RelationGetDescr(rel);
    for (int i = 0; i < desc->natts; i++) {
        Form_pg_attribute att = TupleDescAttr(desc, i);
        if (!att->attisdropped && att->attgenerated == '\0')
            column_names = lappend(column_names, makeString(pstrdup(NameStr(att->attname))));
    }
    // The rows went through the table's triggers on the shards already.
    int trigger_level = suppress_user_triggers(relid);
    ListCell *cell;
    foreach (cell, shards) {
        metadata::ShardInterval *shard = static_cast<metadata::ShardInterval *>(lfirst(cell));
        if (shard->placement_count == 0)
            continue;
        copy_shard_into_local_table(
            rel,
            quote_qualified_identifier(schema,
                                       metadata::shard_table_name(relname, shard->shard_id)),
            columns, column_names, metadata::placement_node(&shard->placements[0]));
    }
    if (trigger_level > 0)
        AtEOXact_GUC(true, trigger_level);
    table_close(rel, NoLock);
    drop_shard_tables(shards, schema, relname);
    CommandCounterIncrement();
}

void check_extension_can_be_dropped()
{
    if (!metadata::extension_present())
        return;
    List *relids = metadata::all_distributed_tables();
    if (relids == NIL)
        return;
    char *first = get_rel_name(linitial_oid(relids));
    int others = list_length(relids) - 1;
    ereport(ERROR, (errcode(ERRCODE_DEPENDENT_OBJECTS_STILL_EXIST),
                    errmsg("cannot drop extension tessera while distributed tables exist"),
                    others == 0 ? errdetail("Table \"%s\" would lose its shards.", first)
                                : errdetail("Table \"%s\" and %d more would lose their shards.",
                                            first, others),
                    errhint("Drop these tables or run undistribute_table() on them first.")));
}

} // namespace tessera::commands

TESSERA_FUNCTION(tessera_undistribute_table)
{
    tessera::commands::undistribute_table(PG_GETARG_OID(0));
    PG_RETURN_VOID();
}

// sql_drop event trigger: drops the shards and metadata of every distributed table that went away.
TESSERA_FUNCTION(tessera_drop_trigger)
{
    if (!CALLED_AS_EVENT_TRIGGER(fcinfo))
        ereport(ERROR, (errcode(ERRCODE_E_R_I_E_EVENT_TRIGGER_PROTOCOL_VIOLATED),
                        errmsg("tessera_drop_trigger() must be called as an event trigger")));
    if (!tessera::metadata::extension_present())
        PG_RETURN_VOID();

    MemoryContext caller_context = CurrentMemoryContext;
    if (SPI_connect() != SPI_OK_CONNECT)
        elog(ERROR, "SPI_connect failed");
    int rc = SPI_execute("SELECT objid, schema_name, object_name "
                         "FROM pg_catalog.pg_event_trigger_dropped_objects() "
                         "WHERE classid = 'pg_catalog.pg_class'::pg_catalog.regclass "
                         "AND objsubid = 0 AND object_type IN ('table', 'foreign table')",
                         true, 0);
    if (rc != SPI_OK_SELECT)
        elog(ERROR, "could not read the dropped objects");
    int count = static_cast<int>(SPI_processed);
    MemoryContext spi_context = MemoryContextSwitchTo(caller_context);
    Oid *relids = static_cast<Oid *>(palloc0(sizeof(Oid) * Max(count, 1)));
    char **schemas = static_cast<char **>(palloc0(sizeof(char *) * Max(count, 1)));
    char **names = static_cast<char **>(palloc0(sizeof(char *) * Max(count, 1)));
    for (int i = 0; i < count; i++) {
        HeapTuple tuple = SPI_tuptable->vals[i];
        TupleDesc desc = SPI_tuptable->tupdesc;
        bool isnull;
        relids[i] = DatumGetObjectId(SPI_getbinval(tuple, desc, 1, &isnull));
        schemas[i] = SPI_getvalue(tuple, desc, 2);
        names[i] = SPI_getvalue(tuple, desc, 3);
    }
    MemoryContextSwitchTo(spi_context);
    SPI_finish();

    for (int i = 0; i < count; i++) {
        if (schemas[i] == nullptr || names[i] == nullptr)
            continue;
        if (tessera::metadata::read_partition_row(relids[i]) == nullptr)
            continue;
        tessera::commands::drop_distributed_table_shards(relids[i], schemas[i], names[i]);
    }
    // Dropped distributed schemas: forgotten, with their colocation groups.
    tessera::commands::forget_dropped_tenant_schemas();
    // Dropped distributed functions: on the workers too.
    tessera::commands::drop_distributed_functions();
    PG_RETURN_VOID();
}
