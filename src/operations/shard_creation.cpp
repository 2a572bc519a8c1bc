// Shard tables on the workers: creation and the parallel COPY of existing rows.
// PostgreSQL-style code: no C++ objects with destructors live in these frames (the std::vectors
// of the pure scheduling logic are converted to palloc'd arrays right away, in a helper frame).
#include "tessera/operations/shard_creation.h"

#include "tessera/core/copy_text.h"
#include "tessera/core/hash_ranges.h"
#include "tessera/core/shard_layout.h"
#include "tessera/executor/connection.h"
#include "tessera/metadata/distributed_table.h"
#include "tessera/metadata/nodes.h"
#include "tessera/operations/foreign_keys.h"
#include "tessera/operations/move_progress.h"
#include "tessera/operations/partitions.h"
#include "tessera/operations/shard_ddl.h"
#include "tessera/operations/shard_policies.h"
#include "tessera/operations/shard_triggers.h"
#include "tessera/operations/worker_objects.h"
#include "tessera/settings.h"

extern "C" {
#include "access/relation.h"
#include "access/tableam.h"
#include "access/xact.h"
#include "executor/tuptable.h"
#include "lib/stringinfo.h"
#include "miscadmin.h"
#include "storage/latch.h"
#include "utils/builtins.h"
#include "utils/guc.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/rel.h"
#include "utils/snapmgr.h"
#include "utils/timestamp.h"
#include "utils/wait_event.h"
}

namespace tessera::operations {

namespace {

using executor::NodeConnection;

// At most this many connections per worker carry COPY data at the same time. A worker holding
// more shards gets them over several passes over the source table.
constexpr int kMaxCopyConnectionsPerNode = 16;

// Output styles for rows a worker sends out as text (set for the remote transaction only).
constexpr const char *kRemoteTransmissionStyles =
    "SET LOCAL datestyle TO ISO; SET LOCAL intervalstyle TO postgres; "
    "SET LOCAL extra_float_digits TO 3";

// COPY data is sent in chunks of about this size per shard placement.
constexpr int kCopyChunkBytes = 64 * 1024;

// One shard placement being created and filled.
struct PlacementTarget {
    int shard_index;
    int node_index;
    int connection_index; // within the node's connections
    int pass;
    NodeConnection *connection;
    StringInfoData buffer; // COPY data not sent yet
};

// The schedule from the pure planner, converted to palloc'd arrays. Separate frame: the vectors
// live only here, and nothing here can raise a PostgreSQL error.
void plan_copy_schedule(PlacementTarget *targets, int target_count, int node_count,
                        int max_connections_per_node, int *connections_per_node)
{
    std::vector<int> node_of_target(target_count);
    for (int i = 0; i < target_count; i++)
        node_of_target[i] = targets[i].node_index;
    std::vector<core::CopySlot> slots =
        core::schedule_copy(node_of_target, node_count, max_connections_per_node);
    std::vector<int> counts =
        core::connections_per_node(node_of_target, node_count, max_connections_per_node);
    for (int i = 0; i < target_count; i++) {
        targets[i].connection_index = slots[i].connection;
        targets[i].pass = slots[i].pass;
    }
    for (int n = 0; n < node_count; n++)
        connections_per_node[n] = counts[n];
}

// Waits until the connection's socket is ready for `events`, interruptibly.
void wait_for(NodeConnection *connection, int events)
{
    int rc = WaitLatchOrSocket(MyLatch, events | WL_LATCH_SET | WL_EXIT_ON_PM_DEATH,
                               PQsocket(executor::connection_pgconn(connection)), -1L,
                               PG_WAIT_EXTENSION);
    if (rc & WL_LATCH_SET) {
        ResetLatch(MyLatch);
        CHECK_FOR_INTERRUPTS();
    }
}

// tessera.test_fault = pause_during_shard_copy: says so in the server log and waits 3 s, waking
// for interrupts (a cancel ends the wait at once). Called once per shard copy, mid-COPY.
void pause_during_shard_copy(int64 shard_id)
{
    elog(LOG, "tessera.test_fault: pausing in the copy of shard " INT64_FORMAT, shard_id);
    TimestampTz end = TimestampTzPlusMilliseconds(GetCurrentTimestamp(), 3000);
    for (;;) {
        long remaining = TimestampDifferenceMilliseconds(GetCurrentTimestamp(), end);
        if (remaining <= 0)
            break;
        int rc = WaitLatch(MyLatch, WL_LATCH_SET | WL_TIMEOUT | WL_EXIT_ON_PM_DEATH, remaining,
                           WAIT_EVENT_PG_SLEEP);
        if (rc & WL_LATCH_SET) {
            ResetLatch(MyLatch);
            CHECK_FOR_INTERRUPTS();
        }
    }
}

// A target of a shard copy failed while receiving its COPY data.
[[noreturn]] void copy_failed(NodeConnection *connection)
{
    ereport(ERROR, (errcode(ERRCODE_CONNECTION_FAILURE),
                    errmsg("could not send COPY data to node %s",
                           executor::connection_node_name(connection)),
                    errdetail_internal(
                        "%s", pchomp(PQerrorMessage(executor::connection_pgconn(connection))))));
    pg_unreachable();
}

// The source of a shard copy failed while sending its COPY data.
[[noreturn]] void copy_source_failed(NodeConnection *connection)
{
    ereport(ERROR, (errcode(ERRCODE_CONNECTION_FAILURE),
                    errmsg("could not receive COPY data from node %s",
                           executor::connection_node_name(connection)),
                    errdetail_internal(
                        "%s", pchomp(PQerrorMessage(executor::connection_pgconn(connection))))));
    pg_unreachable();
}

// Sends everything buffered for `target` and waits until libpq has handed it to the socket, so
// memory stays bounded however slow the worker is.
void flush_target(PlacementTarget *target)
{
    PGconn *conn = executor::connection_pgconn(target->connection);
    if (target->buffer.len > 0) {
        for (;;) {
            int rc = PQputCopyData(conn, target->buffer.data, target->buffer.len);
            if (rc == 1)
                break;
            if (rc < 0)
                copy_failed(target->connection);
            wait_for(target->connection, WL_SOCKET_WRITEABLE);
        }
        resetStringInfo(&target->buffer);
    }
    for (;;) {
        int rc = PQflush(conn);
        if (rc == 0)
            break;
        if (rc < 0)
            copy_failed(target->connection);
        wait_for(target->connection, WL_SOCKET_WRITEABLE | WL_SOCKET_READABLE);
        if (!PQconsumeInput(conn))
            copy_failed(target->connection);
    }
}

// Starts "COPY shard (columns) FROM STDIN" on the target's connection.
void start_copy_in(PlacementTarget *target, const char *shard_name, const char *columns)
{
    executor::send_command(target->connection,
                           psprintf("COPY %s %s FROM STDIN", shard_name, columns));
    PGresult *result = executor::get_command_result(target->connection);
    if (result == nullptr || PQresultStatus(result) != PGRES_COPY_IN)
        executor::raise_remote_error(target->connection, result);
    PQclear(result);
}

// Ends the COPY on the target's connection and checks that the worker accepted the rows.
void finish_copy_in(PlacementTarget *target)
{
    flush_target(target);
    PGconn *conn = executor::connection_pgconn(target->connection);
    for (;;) {
        int rc = PQputCopyEnd(conn, nullptr);
        if (rc == 1)
            break;
        if (rc < 0)
            copy_failed(target->connection);
        wait_for(target->connection, WL_SOCKET_WRITEABLE);
    }
    flush_target(target);
}

void check_copy_result(PlacementTarget *target)
{
    PGresult *result = executor::get_command_result_all(target->connection);
    if (result == nullptr || PQresultStatus(result) != PGRES_COMMAND_OK)
        executor::raise_remote_error(target->connection, result);
    PQclear(result);
}

// Sets the output styles that every server parses back unambiguously, until the returned GUC
// nest level is closed with AtEOXact_GUC.
int set_transmission_styles()
{
    int nest_level = NewGUCNestLevel();
    set_config_option("datestyle", "ISO", PGC_USERSET, PGC_S_SESSION, GUC_ACTION_SAVE, true, 0,
                      false);
    set_config_option("intervalstyle", "postgres", PGC_USERSET, PGC_S_SESSION, GUC_ACTION_SAVE,
                      true, 0, false);
    set_config_option("extra_float_digits", "3", PGC_USERSET, PGC_S_SESSION, GUC_ACTION_SAVE, true,
                      0, false);
    return nest_level;
}

// Appends one column value in COPY text format.
void append_value(StringInfo row, FmgrInfo *output, Datum value)
{
    char *text = OutputFunctionCall(output, value);
    size_t length = strlen(text);
    enlargeStringInfo(row, static_cast<int>(core::copy_text_escaped_bound(length)));
    row->len += static_cast<int>(core::copy_text_escape(text, length, row->data + row->len));
    row->data[row->len] = '\0';
}

// True if the table has at least one row visible to the active snapshot.
bool table_has_rows(Relation rel)
{
    TupleTableSlot *slot = table_slot_create(rel, nullptr);
    TableScanDesc scan = table_beginscan(rel, GetActiveSnapshot(), 0, nullptr);
    bool found = table_scan_getnextslot(scan, ForwardScanDirection, slot);
    table_endscan(scan);
    ExecDropSingleTupleTableSlot(slot);
    return found;
}

// Index of the shard among `shards` (sorted by hash range, covering the hash space) whose range
// holds `hash`. The ranges are equal (split_hash_space) for a new colocation group, but follow a
// colocated table's, which shard splits may have made unequal: search them.
int shard_index_for_new_hash(const NewShard *shards, int shard_count, int32 hash)
{
    int low = 0;
    int high = shard_count - 1;
    while (low < high) {
        int middle = low + (high - low) / 2;
        if (shards[middle].max_value < hash)
            low = middle + 1;
        else
            high = middle;
    }
    if (shard_count == 0 || hash < shards[low].min_value || hash > shards[low].max_value)
        elog(ERROR, "no new shard covers hash value %d", hash);
    return low;
}

// Sends the rows of `rel` that belong to targets of `pass` to their COPYs.
void copy_pass(Relation rel, const NewShard *shards, int shard_count, PlacementTarget *targets,
               int target_count, int *first_target_of_shard, int pass, AttrNumber dist_column,
               FmgrInfo *hash_function, Oid collation)
{
    TupleDesc desc = RelationGetDescr(rel);
    FmgrInfo *outputs = static_cast<FmgrInfo *>(palloc0(sizeof(FmgrInfo) * desc->natts));
    bool *send = static_cast<bool *>(palloc0(sizeof(bool) * desc->natts));
    for (int i = 0; i < desc->natts; i++) {
        Form_pg_attribute att = TupleDescAttr(desc, i);
        if (att->attisdropped || att->attgenerated != '\0')
            continue;
        send[i] = true;
        Oid output_function;
        bool varlena;
        getTypeOutputInfo(att->atttypid, &output_function, &varlena);
        fmgr_info(output_function, &outputs[i]);
    }

    MemoryContext row_context =
        AllocSetContextCreate(CurrentMemoryContext, "tessera copy row", ALLOCSET_DEFAULT_SIZES);
    StringInfoData row;
    initStringInfo(&row);
    TupleTableSlot *slot = table_slot_create(rel, nullptr);
    TableScanDesc scan = table_beginscan(rel, GetActiveSnapshot(), 0, nullptr);
    uint64 count = 0;
    while (table_scan_getnextslot(scan, ForwardScanDirection, slot)) {
        if (++count % 1024 == 0)
            CHECK_FOR_INTERRUPTS();
        slot_getallattrs(slot);
        int shard_index = 0;
        if (dist_column != InvalidAttrNumber) {
            if (slot->tts_isnull[dist_column - 1])
                ereport(ERROR,
                        (errcode(ERRCODE_NOT_NULL_VIOLATION),
                         errmsg("cannot distribute table \"%s\": a row has NULL in distribution "
                                "column \"%s\"",
                                RelationGetRelationName(rel),
                                NameStr(TupleDescAttr(desc, dist_column - 1)->attname)),
                         errhint("Delete such rows or set the column, then retry.")));
            int32 hash = DatumGetInt32(
                FunctionCall1Coll(hash_function, collation, slot->tts_values[dist_column - 1]));
            shard_index = shard_index_for_new_hash(shards, shard_count, hash);
        }
        int first = first_target_of_shard[shard_index];
        if (targets[first].pass != pass && shards[shard_index].placement_count == 1)
            continue;

        MemoryContext old = MemoryContextSwitchTo(row_context);
        resetStringInfo(&row);
        bool first_column = true;
        for (int i = 0; i < desc->natts; i++) {
            if (!send[i])
                continue;
            if (!first_column)
                appendStringInfoChar(&row, '\t');
            first_column = false;
            if (slot->tts_isnull[i])
                appendStringInfoString(&row, "\\N");
            else
                append_value(&row, &outputs[i], slot->tts_values[i]);
        }
        appendStringInfoChar(&row, '\n');
        MemoryContextSwitchTo(old);

        for (int t = first; t < first + shards[shard_index].placement_count; t++) {
            PlacementTarget *target = &targets[t];
            if (target->pass != pass)
                continue;
            appendBinaryStringInfo(&target->buffer, row.data, row.len);
            if (target->buffer.len >= kCopyChunkBytes)
                flush_target(target);
        }
        MemoryContextReset(row_context);
    }
    table_endscan(scan);
    ExecDropSingleTupleTableSlot(slot);
    MemoryContextDelete(row_context);
    (void)target_count;
}

} // namespace

void check_column_types_on_groups(Oid relid, const int32 *group_ids, int group_count)
{
    List *column_names = NIL;
    List *types = nonbuiltin_column_types(relid, &column_names);
    if (types == NIL || group_count == 0)
        return;
    StringInfoData query;
    initStringInfo(&query);
    appendStringInfoString(&query, "SELECT t FROM unnest(ARRAY[");
    ListCell *cell;
    foreach (cell, types) {
        if (cell != list_head(types))
            appendStringInfoString(&query, ", ");
        appendStringInfoString(&query, quote_literal_cstr(static_cast<char *>(lfirst(cell))));
    }
    appendStringInfoString(&query, "]::text[]) t WHERE pg_catalog.to_regtype(t) IS NULL LIMIT 1");

    NodeConnection **connections =
        static_cast<NodeConnection **>(palloc0(sizeof(NodeConnection *) * group_count));
    const char **commands = static_cast<const char **>(palloc0(sizeof(char *) * group_count));
    PGresult **results = static_cast<PGresult **>(palloc0(sizeof(PGresult *) * group_count));
    for (int i = 0; i < group_count; i++) {
        metadata::WorkerNode *node = metadata::usable_node_for_group(group_ids[i]);
        connections[i] = executor::get_node_connection(node->node_name, node->node_port);
        commands[i] = query.data;
    }
    executor::execute_commands_parallel(connections, commands, group_count, results, true);
    for (int i = 0; i < group_count; i++) {
        if (PQntuples(results[i]) > 0) {
            char *missing = pstrdup(PQgetvalue(results[i], 0, 0));
            const char *column = "";
            ListCell *type_cell;
            ListCell *name_cell;
            forboth(type_cell, types, name_cell, column_names)
            {
                if (strcmp(static_cast<char *>(lfirst(type_cell)), missing) == 0) {
                    column = static_cast<char *>(lfirst(name_cell));
                    break;
                }
            }
            for (int j = 0; j < group_count; j++)
                PQclear(results[j]);
            ereport(ERROR,
                    (errcode(ERRCODE_UNDEFINED_OBJECT),
                     errmsg("type %s does not exist on worker node %s", missing,
                            executor::connection_node_name(connections[i])),
                     errdetail("Column \"%s\" of table \"%s\" uses it; Tessera does not create "
                               "types on the workers yet.",
                               column, get_rel_name(relid)),
                     errhint("Create the type on every worker node (for example with "
                             "run_command_on_workers), then retry.")));
        }
    }
    for (int i = 0; i < group_count; i++)
        PQclear(results[i]);
}

namespace {

// Copies the rows of `relid` into the shard placements `targets` (COPYs, in passes).
void copy_existing_rows(Oid relid, const NewShard *shards, int shard_count,
                        PlacementTarget *targets, int target_count, int *first_target_of_shard,
                        AttrNumber dist_column, FmgrInfo *hash_function, Oid collation);

} // namespace

void create_shards(Oid relid, const NewShard *shards, int shard_count, AttrNumber dist_column,
                   FmgrInfo *hash_function, Oid collation, bool copy_rows)
{
    // One target per placement, in shard order.
    int target_count = 0;
    for (int s = 0; s < shard_count; s++)
        target_count += shards[s].placement_count;
    PlacementTarget *targets =
        static_cast<PlacementTarget *>(palloc0(sizeof(PlacementTarget) * Max(target_count, 1)));
    int *first_target_of_shard = static_cast<int *>(palloc0(sizeof(int) * Max(shard_count, 1)));
    int32 *node_groups = static_cast<int32 *>(palloc0(sizeof(int32) * Max(target_count, 1)));
    int node_count = 0;
    int t = 0;
    for (int s = 0; s < shard_count; s++) {
        first_target_of_shard[s] = t;
        for (int p = 0; p < shards[s].placement_count; p++, t++) {
            int32 group = shards[s].group_ids[p];
            int n = 0;
            while (n < node_count && node_groups[n] != group)
                n++;
            if (n == node_count)
                node_groups[node_count++] = group;
            targets[t].shard_index = s;
            targets[t].node_index = n;
            initStringInfo(&targets[t].buffer);
        }
    }
    if (target_count == 0)
        return;
    // Constants in deparsed defaults and the COPY data use styles every server reads back the same.
    int nest_level = set_transmission_styles();
    int *connection_counts = static_cast<int *>(palloc0(sizeof(int) * node_count));
    // Inside a transaction block later statements must find every shard through the one
    // connection that holds the transaction's work on its node, so use only that one there.
    // Adding a foreign key locks the referenced reference table shard against other
    // transactions until commit, so shards referencing one share a connection per node as well.
    // So do shards referencing any other table: the referenced shards may have been made in
    // this statement (two tables distributed by one statement, or a schema's tables by
    // citus_schema_distribute), visible only to the connection that made them.
    // Partition shards are attached to their parent's shards, which the same connection made.
    // The functions of the table's triggers may have been created in the coordinated
    // transaction just now (distribute_trigger_functions): only its connection sees them.
    bool single_connection = IsInTransactionBlock(true) || referenced_tables(relid) != NIL ||
                             is_partitioned_table(relid) ||
                             OidIsValid(distributed_partition_parent(relid)) ||
                             table_user_triggers(relid) != NIL;
    plan_copy_schedule(targets, target_count, node_count,
                       single_connection ? 1 : kMaxCopyConnectionsPerNode, connection_counts);

    ensure_table_objects_on_groups(relid, node_groups, node_count);

    // Open the connections (in parallel) and join them to the coordinated transaction.
    NodeConnection ***node_connections =
        static_cast<NodeConnection ***>(palloc0(sizeof(NodeConnection **) * node_count));
    List *pending = NIL;
    int total_connections = 0;
    for (int n = 0; n < node_count; n++) {
        metadata::WorkerNode *node = metadata::usable_node_for_group(node_groups[n]);
        node_connections[n] = static_cast<NodeConnection **>(
            palloc0(sizeof(NodeConnection *) * connection_counts[n]));
        for (int c = 0; c < connection_counts[n]; c++) {
            node_connections[n][c] = executor::start_node_connection(
                node->node_name, node->node_port,
                single_connection ? 0u : static_cast<uint32>(executor::kConnectionExclusive));
            pending = lappend(pending, node_connections[n][c]);
            total_connections++;
        }
    }
    executor::wait_for_connections(pending);
    NodeConnection **all_connections =
        static_cast<NodeConnection **>(palloc0(sizeof(NodeConnection *) * total_connections));
    StringInfoData *ddl =
        static_cast<StringInfoData *>(palloc0(sizeof(StringInfoData) * total_connections));
    int index = 0;
    for (int n = 0; n < node_count; n++) {
        for (int c = 0; c < connection_counts[n]; c++, index++) {
            executor::join_coordinated_transaction(node_connections[n][c]);
            all_connections[index] = node_connections[n][c];
            initStringInfo(&ddl[index]);
        }
    }
    for (t = 0; t < target_count; t++)
        targets[t].connection =
            node_connections[targets[t].node_index][targets[t].connection_index];

    // Appends `statements` (a List of char*) to the batch of target `t`'s connection; true if
    // there was any.
    auto append_to_target_batch = [&](int t, List *statements) {
        int offset = 0;
        for (int n = 0; n < targets[t].node_index; n++)
            offset += connection_counts[n];
        StringInfo batch = &ddl[offset + targets[t].connection_index];
        ListCell *cell;
        foreach (cell, statements) {
            appendStringInfoString(batch, static_cast<char *>(lfirst(cell)));
            appendStringInfoString(batch, ";\n");
        }
        return statements != NIL;
    };
    const char **commands = static_cast<const char **>(palloc0(sizeof(char *) * total_connections));
    PGresult **results = static_cast<PGresult **>(palloc0(sizeof(PGresult *) * total_connections));
    NodeConnection **command_connections =
        static_cast<NodeConnection **>(palloc0(sizeof(NodeConnection *) * total_connections));
    // Runs the non-empty batches, each on its connection, all in parallel; raises the first
    // remote error.
    auto run_batches = [&]() {
        int command_count = 0;
        for (int i = 0; i < total_connections; i++) {
            if (ddl[i].len == 0)
                continue;
            command_connections[command_count] = all_connections[i];
            commands[command_count++] = ddl[i].data;
        }
        executor::execute_commands_parallel(command_connections, commands, command_count, results,
                                            true);
        for (int i = 0; i < command_count; i++)
            PQclear(results[i]);
    };

    // The DDL of every shard goes over the connection that will later fill it: the shard table
    // is only visible inside that connection's remote transaction until commit.
    for (t = 0; t < target_count; t++) {
        int s = targets[t].shard_index;
        append_to_target_batch(t, shard_create_commands(relid, shards[s].shard_id));
        append_to_target_batch(t, shard_attach_commands(relid, s, shards[s].shard_id));
    }
    run_batches();

    if (copy_rows)
        copy_existing_rows(relid, shards, shard_count, targets, target_count, first_target_of_shard,
                           dist_column, hash_function, collation);
    AtEOXact_GUC(true, nest_level);

    // Triggers and foreign keys last: the copied rows went through the table's triggers
    // already, and adding a foreign key checks the rows already there in a single query. Each
    // goes over the connection that created its shard (the only one that sees it before commit).
    for (int i = 0; i < total_connections; i++)
        resetStringInfo(&ddl[i]);
    bool any_command = false;
    for (t = 0; t < target_count; t++) {
        int s = targets[t].shard_index;
        if (append_to_target_batch(t,
                                   shard_trigger_commands(relid, shards[s].shard_id, dist_column,
                                                          shards[s].has_range, shards[s].min_value,
                                                          shards[s].max_value)))
            any_command = true;
        if (append_to_target_batch(t, shard_foreign_key_commands(relid, shards[s].shard_id, s)))
            any_command = true;
        // Row-level security after the rows (COPY FROM is refused where policies apply).
        if (append_to_target_batch(t, shard_policy_commands(relid, shards[s].shard_id)))
            any_command = true;
    }
    if (any_command)
        run_batches();
}

namespace {

void copy_existing_rows(Oid relid, const NewShard *shards, int shard_count,
                        PlacementTarget *targets, int target_count, int *first_target_of_shard,
                        AttrNumber dist_column, FmgrInfo *hash_function, Oid collation)
{
    Relation rel = relation_open(relid, AccessShareLock);
    if (!table_has_rows(rel)) {
        relation_close(rel, NoLock);
        return;
    }
    int t;
    char *columns = shard_copy_column_list(relid);
    int max_pass = 0;
    for (t = 0; t < target_count; t++)
        max_pass = Max(max_pass, targets[t].pass);
    for (int pass = 0; pass <= max_pass; pass++) {
        for (t = 0; t < target_count; t++) {
            if (targets[t].pass == pass)
                start_copy_in(
                    &targets[t],
                    metadata::qualified_shard_name(relid, shards[targets[t].shard_index].shard_id),
                    columns);
        }
        copy_pass(rel, shards, shard_count, targets, target_count, first_target_of_shard, pass,
                  dist_column, hash_function, collation);
        for (t = 0; t < target_count; t++) {
            if (targets[t].pass == pass)
                finish_copy_in(&targets[t]);
        }
        for (t = 0; t < target_count; t++) {
            if (targets[t].pass == pass)
                check_copy_result(&targets[t]);
        }
    }
    relation_close(rel, NoLock);
}

} // namespace

namespace {

// Runs `copy_out` (a COPY ... TO STDOUT) on `source_connection` and sends its rows into
// "COPY `target_name` `columns` FROM STDIN" on `target_connection`, through the coordinator;
// checks that both ends succeeded. `shard_id` names the shard in the test fault's log line.
void stream_rows(NodeConnection *source_connection, const char *copy_out,
                 NodeConnection *target_connection, const char *target_name, const char *columns,
                 int64 shard_id)
{
    PQclear(executor::execute_command(source_connection, kRemoteTransmissionStyles));
    executor::send_command(source_connection, copy_out);
    PGresult *result = executor::get_command_result(source_connection);
    if (result == nullptr || PQresultStatus(result) != PGRES_COPY_OUT)
        executor::raise_remote_error(source_connection, result);
    PQclear(result);

    PlacementTarget out;
    memset(&out, 0, sizeof(out));
    out.connection = target_connection;
    initStringInfo(&out.buffer);
    start_copy_in(&out, target_name, columns);
    PGconn *source_conn = executor::connection_pgconn(source_connection);
    bool paused = tessera_test_fault != kFaultPauseDuringShardCopy;
    for (;;) {
        char *data = nullptr;
        int length = PQgetCopyData(source_conn, &data, 1);
        if (length > 0) {
            appendBinaryStringInfo(&out.buffer, data, length);
            PQfreemem(data);
            if (!paused) {
                flush_target(&out);
                pause_during_shard_copy(shard_id);
                paused = true;
            }
            if (out.buffer.len >= kCopyChunkBytes)
                flush_target(&out);
        } else if (length == 0) {
            wait_for(source_connection, WL_SOCKET_READABLE);
            if (!PQconsumeInput(source_conn))
                copy_source_failed(source_connection);
        } else if (length == -1) {
            break;
        } else {
            copy_source_failed(source_connection);
        }
    }
    result = executor::get_command_result_all(source_connection);
    if (result == nullptr || PQresultStatus(result) != PGRES_COMMAND_OK)
        executor::raise_remote_error(source_connection, result);
    PQclear(result);
    finish_copy_in(&out);
    check_copy_result(&out);
}

} // namespace

// The SQL statements of `commands` as one string to send in one round trip.
static char *joined_commands(List *commands)
{
    StringInfoData sql;
    initStringInfo(&sql);
    ListCell *cell;
    foreach (cell, commands) {
        appendStringInfoString(&sql, static_cast<char *>(lfirst(cell)));
        appendStringInfoString(&sql, ";\n");
    }
    return sql.data;
}

// Runs `commands`, the user triggers of a shard (and its range guard) or its row-level security,
// over `connection`, once the shard holds its rows: a trigger created before the copy would fire
// for every copied row.
static void add_shard_triggers(NodeConnection *connection, List *commands)
{
    if (commands != NIL)
        PQclear(executor::execute_command(connection, joined_commands(commands)));
}

void copy_reference_placement(Oid relid, int64 shard_id, int32 source_group_id, int32 group_id)
{
    ensure_table_objects_on_groups(relid, &group_id, 1);
    metadata::WorkerNode *source = metadata::primary_node_for_group(source_group_id);
    metadata::WorkerNode *target = metadata::primary_node_for_group(group_id);
    NodeConnection *source_connection =
        executor::get_node_connection(source->node_name, source->node_port);
    // The connection already in the transaction on the target node, if any: foreign keys added
    // later (add_reference_placement_foreign_keys) must see this placement.
    NodeConnection *target_connection =
        executor::get_node_connection(target->node_name, target->node_port);
    executor::join_coordinated_transaction(target_connection);
    int nest_level = set_transmission_styles();

    PQclear(executor::execute_command(target_connection,
                                      joined_commands(shard_create_commands(relid, shard_id))));
    // A shard move in this backend shows the new table's growth (get_rebalance_progress).
    move_progress_note_target(target_connection, metadata::qualified_shard_name(relid, shard_id));
    // A partitioned table's rows are in its partitions' shards, copied on their own.
    if (!is_partitioned_table(relid)) {
        char *shard_name = metadata::qualified_shard_name(relid, shard_id);
        char *columns = shard_copy_column_list(relid);
        executor::join_coordinated_transaction(source_connection);
        stream_rows(source_connection, psprintf("COPY %s %s TO STDOUT", shard_name, columns),
                    target_connection, shard_name, columns, shard_id);
    }
    // The triggers after the rows, which went through them on the source already.
    add_shard_triggers(target_connection, shard_trigger_commands(relid, shard_id));
    add_shard_triggers(target_connection, shard_policy_commands(relid, shard_id));
    AtEOXact_GUC(true, nest_level);
}

void add_reference_placement_foreign_keys(Oid relid, int64 shard_id, int32 group_id)
{
    List *fk_commands = shard_foreign_key_commands(relid, shard_id, 0);
    if (fk_commands == NIL)
        return;
    PQclear(
        executor::execute_command(transaction_connection(group_id), joined_commands(fk_commands)));
}

void create_split_shard(Oid relid, int64 source_shard_id, int32 source_group_id, int64 shard_id,
                        int32 group_id, const char *filter, int32 min_value, int32 max_value)
{
    ensure_table_objects_on_groups(relid, &group_id, 1);
    NodeConnection *source_connection = transaction_connection(source_group_id);
    NodeConnection *target_connection = transaction_connection(group_id);
    int nest_level = set_transmission_styles();

    PQclear(executor::execute_command(target_connection,
                                      joined_commands(shard_create_commands(relid, shard_id))));

    char *source_name = metadata::qualified_shard_name(relid, source_shard_id);
    char *target_name = metadata::qualified_shard_name(relid, shard_id);
    char *columns = shard_copy_column_list(relid);
    // The same columns without the parentheses, as a select list.
    char *select_list = pstrdup(columns + 1);
    select_list[strlen(select_list) - 1] = '\0';
    if (target_connection == source_connection) {
        // Same node, same transaction connection: the worker copies the rows itself.
        PQclear(executor::execute_command(
            target_connection, psprintf("INSERT INTO %s %s SELECT %s FROM %s WHERE %s", target_name,
                                        columns, select_list, source_name, filter)));
    } else {
        stream_rows(source_connection,
                    psprintf("COPY (SELECT %s FROM %s WHERE %s) TO STDOUT", select_list,
                             source_name, filter),
                    target_connection, target_name, columns, shard_id);
    }
    // The triggers after the rows, which went through them on the source already; the range
    // guard with the new shard's range (its metadata rows come later).
    const metadata::DistributedTable *table = metadata::lookup_distributed_table(relid);
    add_shard_triggers(
        target_connection,
        shard_trigger_commands(relid, shard_id,
                               table != nullptr ? table->dist_column : InvalidAttrNumber, true,
                               min_value, max_value));
    add_shard_triggers(target_connection, shard_policy_commands(relid, shard_id));
    AtEOXact_GUC(true, nest_level);
}

int64 remote_row_count(NodeConnection *connection, const char *shard_name)
{
    PGresult *result = executor::execute_command(
        connection, psprintf("SELECT pg_catalog.count(*) FROM %s", shard_name));
    int64 count = PQntuples(result) == 1 ? pg_strtoint64(PQgetvalue(result, 0, 0)) : -1;
    PQclear(result);
    return count;
}

NodeConnection *transaction_connection(int32 group_id)
{
    metadata::WorkerNode *node = metadata::primary_node_for_group(group_id);
    NodeConnection *connection = executor::get_node_connection(node->node_name, node->node_port);
    executor::join_coordinated_transaction(connection);
    return connection;
}

} // namespace tessera::operations
