// Rows into shards over COPY: per-placement buffers, per-node streams, input line numbers for
// rows the workers reject. PostgreSQL-style code: no C++ objects with destructors here.
#include "tessera/executor/copy_router.h"

#include "tessera/executor/connection.h"
#include "tessera/executor/worker_messages.h"
#include "tessera/metadata/nodes.h"

extern "C" {
#include "lib/stringinfo.h"
#include "miscadmin.h"
#include "storage/latch.h"
#include "utils/builtins.h"
#include "utils/guc.h"
#include "utils/lsyscache.h"
#include "utils/wait_event.h"
}

namespace tessera::executor {

namespace {

// A placement's buffer is sent once it holds this much (per stream of its own), or this much
// when the placements of a node take turns on one connection (fewer, larger turns).
constexpr int kChunkBytes = 64 * 1024;
constexpr int kSharedChunkBytes = 1024 * 1024;

// One remote COPY command carries at most this many rows, which bounds the memory that maps its
// rows back to input lines.
constexpr int kMaxRowsPerCommand = 256 * 1024;

// At most this many streams (connections) per node.
constexpr int kMaxStreamsPerNode = 32;

struct CopyTarget {
    int shard_index;
    char *shard_name;
    int stream;
    StringInfoData buffer; // rows not sent yet
    uint64 *lines;         // input line of every row of the current command (sent or buffered)
    int line_count;
    int line_capacity;
};

struct CopyStream {
    NodeConnection *connection; // nullptr until a row for its node arrives
    int node;                   // index into CopyRouter.nodes
    int current;                // target whose COPY is open on this connection, -1 if none
    bool ending;                // COPY end sent, result not read yet
    bool styled;                // the session's date/interval styles set on the connection
    bool failed;                // a COPY on it failed: its remote transaction is aborted
};

// A node the table has placements on, with its streams (consecutive in CopyRouter.streams).
// Connections are opened when the node's first row arrives: a COPY whose rows all go to other
// nodes neither waits for this one nor fails when it is down.
struct CopyNode {
    const char *host;
    int port;
    int first_stream;
    int stream_count;
};

} // namespace

struct CopyRouter {
    const metadata::DistributedTable *table;
    char *relname;
    char *column_list;
    // "SET LOCAL DateStyle ...; SET LOCAL IntervalStyle ...;" when the session reads dates and
    // intervals differently from the worker connections (ISO, YMD / postgres), else nullptr
    char *style_settings;
    int chunk_bytes;
    int target_count;
    CopyTarget *targets;
    int *first_target_of_shard; // targets of shard s: first_target_of_shard[s] ..
    int *targets_of_shard;
    int stream_count;
    CopyStream *streams;
    CopyNode *nodes;
    // A COPY into a shard failed: the error with the earliest input line so far (0 when the
    // error names no line), raised once the other streams have checked their earlier rows.
    ErrorData *error;
    uint64 error_line;
};

namespace {

[[noreturn]] void copy_send_failed(NodeConnection *connection)
{
    ereport(ERROR,
            (errcode(ERRCODE_CONNECTION_FAILURE),
             errmsg("could not send COPY data to node %s", connection_node_name(connection)),
             errdetail_internal("%s", pchomp(PQerrorMessage(connection_pgconn(connection))))));
    pg_unreachable();
}

// Waits until the connection's socket is ready for `events`, interruptibly.
void wait_socket(NodeConnection *connection, int events)
{
    int rc = WaitLatchOrSocket(MyLatch, events | WL_LATCH_SET | WL_EXIT_ON_PM_DEATH,
                               PQsocket(connection_pgconn(connection)), -1L, PG_WAIT_EXTENSION);
    if (rc & WL_LATCH_SET) {
        ResetLatch(MyLatch);
        CHECK_FOR_INTERRUPTS();
    }
}

// Hands `length` bytes to libpq and pushes them into the socket (waiting while it is full).
void put_copy_data(NodeConnection *connection, const char *data, int length)
{
    PGconn *conn = connection_pgconn(connection);
    if (length > 0) {
        for (;;) {
            int rc = PQputCopyData(conn, data, length);
            if (rc == 1)
                break;
            if (rc < 0)
                copy_send_failed(connection);
            wait_socket(connection, WL_SOCKET_WRITEABLE);
        }
    }
    for (;;) {
        int rc = PQflush(conn);
        if (rc == 0)
            break;
        if (rc < 0)
            copy_send_failed(connection);
        wait_socket(connection, WL_SOCKET_WRITEABLE | WL_SOCKET_READABLE);
        if (!PQconsumeInput(conn))
            copy_send_failed(connection);
    }
}

// The input line of the row a worker rejected in its COPY into `target` (0 if the error does
// not name one).
uint64 rejected_input_line(CopyTarget *target, const PGresult *result)
{
    if (result == nullptr || PQresultStatus(result) != PGRES_FATAL_ERROR)
        return 0;
    const char *context = PQresultErrorField(result, PG_DIAG_CONTEXT);
    const char *at_line = context != nullptr ? strstr(context, ", line ") : nullptr;
    if (at_line == nullptr)
        return 0;
    unsigned long long remote_line = strtoull(at_line + 7, nullptr, 10);
    if (remote_line < 1 || remote_line > static_cast<unsigned long long>(target->line_count))
        return 0;
    return target->lines[remote_line - 1];
}

// Raises the worker's error for a COPY into `target`, with the input line of the rejected row.
[[noreturn]] void raise_copy_error(CopyRouter *router, CopyStream *stream, CopyTarget *target,
                                   PGresult *result)
{
    if (result == nullptr || PQresultStatus(result) != PGRES_FATAL_ERROR)
        raise_remote_error(stream->connection, result);
    const char *context = PQresultErrorField(result, PG_DIAG_CONTEXT);
    const char *at_line = context != nullptr ? strstr(context, ", line ") : nullptr;
    if (at_line == nullptr)
        raise_remote_error(stream->connection, result);
    char *end = nullptr;
    unsigned long long remote_line = strtoull(at_line + 7, &end, 10);
    if (remote_line < 1 || remote_line > static_cast<unsigned long long>(target->line_count))
        raise_remote_error(stream->connection, result);
    uint64 input_line = target->lines[remote_line - 1];
    // The rest of the worker's context line (", column x: ...").
    const char *rest_end = strchr(end, '\n');
    char *rest = rest_end != nullptr ? pnstrdup(end, rest_end - end) : pstrdup(end);
    WorkerMessage worker;
    read_worker_message(result, &worker);
    int code = worker.sqlcode != 0 ? worker.sqlcode : ERRCODE_INTERNAL_ERROR;
    const char *node = connection_node_name(stream->connection);
    PQclear(result);
    // The input line as PostgreSQL's COPY reports it, then the node (as for other commands).
    ereport(ERROR,
            (errcode(code),
             errmsg_internal("%s", worker.message != nullptr ? worker.message : "unknown error"),
             worker.detail != nullptr ? errdetail_internal("%s", worker.detail) : 0,
             worker.hint != nullptr ? errhint("%s", worker.hint) : 0, errworkerfields(&worker),
             errcontext("COPY %s, line %llu%s", router->relname,
                        static_cast<unsigned long long>(input_line), rest),
             errcontext("while executing command on %s", node)));
    pg_unreachable();
}

// Opens the connections of every stream of `node` (the handshakes in parallel) and joins them
// to the coordinated transaction. The first one is the transaction's connection to the node
// when there is one.
void connect_node(CopyRouter *router, const CopyNode &node)
{
    List *pending = NIL;
    for (int s = node.first_stream; s < node.first_stream + node.stream_count; s++) {
        uint32 flags = s == node.first_stream ? 0u : static_cast<uint32>(kConnectionExclusive);
        router->streams[s].connection = start_node_connection(node.host, node.port, flags);
        pending = lappend(pending, router->streams[s].connection);
    }
    wait_for_connections(pending);
    for (int s = node.first_stream; s < node.first_stream + node.stream_count; s++)
        join_coordinated_transaction(router->streams[s].connection);
}

// Starts "COPY shard (columns) FROM STDIN" for `target` on its stream, after the session's
// date and interval styles on a connection that does not have them yet: the rows' text (the
// input's own, or printed here in the session's styles) is read there as this session reads
// it ('01/02/03' is 2003-01-02 under the default DateStyle ISO, MDY).
void start_command(CopyRouter *router, CopyStream *stream, int target_index)
{
    if (stream->connection == nullptr)
        connect_node(router, router->nodes[stream->node]);
    CopyTarget *target = &router->targets[target_index];
    bool set_styles = router->style_settings != nullptr && !stream->styled;
    send_command(stream->connection,
                 psprintf("%sCOPY %s %s FROM STDIN", set_styles ? router->style_settings : "",
                          target->shard_name, router->column_list));
    stream->styled = stream->styled || set_styles;
    PGresult *result = get_command_result(stream->connection);
    while (set_styles && result != nullptr && PQresultStatus(result) == PGRES_COMMAND_OK) {
        PQclear(result); // a SET LOCAL
        result = get_command_result(stream->connection);
    }
    if (result == nullptr || PQresultStatus(result) != PGRES_COPY_IN)
        raise_remote_error(stream->connection, result);
    PQclear(result);
    stream->current = target_index;
}

// Sends the rest of the open COPY's data and its end, without waiting for the result.
void send_end(CopyRouter *router, CopyStream *stream)
{
    CopyTarget *target = &router->targets[stream->current];
    put_copy_data(stream->connection, target->buffer.data, target->buffer.len);
    resetStringInfo(&target->buffer);
    PGconn *conn = connection_pgconn(stream->connection);
    for (;;) {
        int rc = PQputCopyEnd(conn, nullptr);
        if (rc == 1)
            break;
        if (rc < 0)
            copy_send_failed(stream->connection);
        wait_socket(stream->connection, WL_SOCKET_WRITEABLE);
    }
    put_copy_data(stream->connection, nullptr, 0);
    stream->ending = true;
}

// Keeps the worker's error for the COPY into `target` (as raise_copy_error builds it) if its
// input line comes before that of the error kept so far, so that of two bad lines on different
// shards the first is reported, as PostgreSQL's COPY would. The stream is then unusable.
void keep_copy_error(CopyRouter *router, CopyStream *stream, CopyTarget *target, PGresult *result)
{
    uint64 line = rejected_input_line(target, result);
    stream->failed = true;
    stream->current = -1;
    stream->ending = false;
    if (router->error != nullptr && line >= router->error_line) {
        if (result != nullptr)
            PQclear(result);
        return;
    }
    MemoryContext old = CurrentMemoryContext;
    ErrorData *error = nullptr;
    PG_TRY();
    {
        raise_copy_error(router, stream, target, result); // frees `result`
    }
    PG_CATCH();
    {
        MemoryContextSwitchTo(old);
        error = CopyErrorData();
        FlushErrorState();
    }
    PG_END_TRY();
    MemoryContextSwitchTo(old);
    if (router->error != nullptr)
        FreeErrorData(router->error);
    router->error = error;
    router->error_line = line;
}

// Reads the result of an ended COPY; keeps the worker's error if it rejected a row.
void receive_end(CopyRouter *router, CopyStream *stream)
{
    CopyTarget *target = &router->targets[stream->current];
    PGresult *result = get_command_result_all(stream->connection);
    if (result == nullptr || PQresultStatus(result) != PGRES_COMMAND_OK) {
        keep_copy_error(router, stream, target, result);
        return;
    }
    PQclear(result);
    target->line_count = 0;
    stream->current = -1;
    stream->ending = false;
}

void settle_streams(CopyRouter *router);

// Raises the kept COPY error, after the other streams have sent and checked their rows that
// come before its line.
void raise_kept_error(CopyRouter *router)
{
    if (router->error == nullptr)
        return;
    settle_streams(router);
    forward_worker_notices(false);
    emit_worker_notices(); // the nodes' notices come before the error, as in PostgreSQL
    ErrorData *error = router->error;
    router->error = nullptr;
    ReThrowError(error);
}

// Sends the buffered rows of `target` (switching its stream's COPY to it if needed).
void send_target(CopyRouter *router, int target_index)
{
    CopyTarget *target = &router->targets[target_index];
    CopyStream *stream = &router->streams[target->stream];
    if (stream->current != target_index) {
        if (stream->current >= 0) {
            send_end(router, stream);
            receive_end(router, stream);
            raise_kept_error(router);
        }
        start_command(router, stream, target_index);
    }
    put_copy_data(stream->connection, target->buffer.data, target->buffer.len);
    resetStringInfo(&target->buffer);
    if (target->line_count >= kMaxRowsPerCommand) {
        send_end(router, stream);
        receive_end(router, stream);
        raise_kept_error(router);
    }
}

// Sends every stream's remaining rows and reads the results, round by round: every stream ends
// its open COPY (all in parallel), then the results are read; streams shared by several
// placements then take the placement with rows left whose first row comes earliest. Once a COPY
// failed, only rows before its line are still sent (to find an earlier bad line), and a failed
// stream takes nothing more.
void settle_streams(CopyRouter *router)
{
    for (;;) {
        for (int s = 0; s < router->stream_count; s++) {
            CopyStream *stream = &router->streams[s];
            if (stream->current < 0 && !stream->failed) {
                // The placement whose rows start earliest in the input goes first.
                int next = -1;
                for (int t = 0; t < router->target_count; t++) {
                    CopyTarget *target = &router->targets[t];
                    if (target->stream == s && target->buffer.len > 0 &&
                        (router->error == nullptr || target->lines[0] < router->error_line) &&
                        (next < 0 || target->lines[0] < router->targets[next].lines[0]))
                        next = t;
                }
                if (next >= 0)
                    start_command(router, stream, next);
            }
            if (stream->current >= 0)
                send_end(router, stream);
        }
        bool any = false;
        for (int s = 0; s < router->stream_count; s++) {
            CopyStream *stream = &router->streams[s];
            if (stream->ending) {
                receive_end(router, stream);
                any = true;
            }
        }
        if (!any)
            break;
    }
}

} // namespace

CopyRouter *begin_copy_router(const metadata::DistributedTable *table, const char *column_list,
                              bool parallel)
{
    auto *router = static_cast<CopyRouter *>(palloc0(sizeof(CopyRouter)));
    router->table = table;
    router->relname = get_rel_name(table->relid);
    router->column_list = pstrdup(column_list);
    if (DateStyle != USE_ISO_DATES || DateOrder != DATEORDER_YMD ||
        IntervalStyle != INTSTYLE_POSTGRES)
        router->style_settings =
            psprintf("SET LOCAL DateStyle TO %s;SET LOCAL IntervalStyle TO %s;",
                     quote_literal_cstr(GetConfigOption("DateStyle", false, false)),
                     quote_literal_cstr(GetConfigOption("IntervalStyle", false, false)));
    router->chunk_bytes = parallel ? kChunkBytes : kSharedChunkBytes;
    int count = 0;
    for (int s = 0; s < table->shard_count; s++)
        count += table->shards[s].placement_count;
    router->target_count = count;
    router->targets = static_cast<CopyTarget *>(palloc0(sizeof(CopyTarget) * (count + 1)));
    router->first_target_of_shard =
        static_cast<int *>(palloc0(sizeof(int) * (table->shard_count + 1)));
    router->targets_of_shard = static_cast<int *>(palloc0(sizeof(int) * (table->shard_count + 1)));
    router->streams = static_cast<CopyStream *>(palloc0(sizeof(CopyStream) * (count + 1)));

    // Nodes in the order first met; per node, the transaction connection first.
    int32 *node_groups = static_cast<int32 *>(palloc0(sizeof(int32) * (count + 1)));
    int *node_targets = static_cast<int *>(palloc0(sizeof(int) * (count + 1)));
    int node_count = 0;
    int t = 0;
    for (int s = 0; s < table->shard_count; s++) {
        const metadata::ShardInterval &shard = table->shards[s];
        if (shard.placement_count < 1)
            ereport(ERROR, (errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
                            errmsg("shard %lld of table \"%s\" has no placement",
                                   (long long)shard.shard_id, router->relname)));
        router->first_target_of_shard[s] = t;
        router->targets_of_shard[s] = shard.placement_count;
        for (int p = 0; p < shard.placement_count; p++, t++) {
            int n = 0;
            while (n < node_count && node_groups[n] != shard.placements[p].group_id)
                n++;
            if (n == node_count)
                node_groups[node_count++] = shard.placements[p].group_id;
            CopyTarget *target = &router->targets[t];
            target->shard_index = s;
            target->shard_name = metadata::qualified_shard_name(table->relid, shard.shard_id);
            target->stream = n; // node index for now
            initStringInfo(&target->buffer);
            target->line_capacity = 1024;
            target->lines = static_cast<uint64 *>(palloc(sizeof(uint64) * target->line_capacity));
            node_targets[n]++;
        }
    }
    router->nodes = static_cast<CopyNode *>(palloc0(sizeof(CopyNode) * (node_count + 1)));
    for (int n = 0; n < node_count; n++) {
        metadata::WorkerNode *node = metadata::usable_node_for_group(node_groups[n]);
        // One stream when the node's rows must go through this transaction's connection there.
        bool shared =
            !parallel || node_in_coordinated_transaction(node->node_name, node->node_port);
        int streams = shared ? 1 : Min(node_targets[n], kMaxStreamsPerNode);
        router->nodes[n] = {pstrdup(node->node_name), node->node_port, router->stream_count,
                            streams};
        for (int k = 0; k < streams; k++)
            router->streams[router->stream_count++] = {nullptr, n, -1, false, false, false};
    }
    // Spread each node's targets over its streams.
    int *assigned = static_cast<int *>(palloc0(sizeof(int) * (node_count + 1)));
    for (int i = 0; i < count; i++) {
        int n = router->targets[i].stream;
        router->targets[i].stream =
            router->nodes[n].first_stream + assigned[n]++ % router->nodes[n].stream_count;
    }
    if (!parallel)
        router->chunk_bytes = kSharedChunkBytes;
    // Notices the workers raise for the rows (a trigger's RAISE NOTICE) are the user's: queued
    // from here on (libpq's notice receiver must not report them itself) and reported by
    // finish_copy_router, or before the error when the COPY fails. Forwarding ends with the
    // (sub)transaction if the COPY fails on the coordinator.
    forward_worker_notices(true);
    return router;
}

void copy_router_add_row(CopyRouter *router, int shard_index, const char *row, int length,
                         uint64 line)
{
    int first = router->first_target_of_shard[shard_index];
    for (int t = first; t < first + router->targets_of_shard[shard_index]; t++) {
        CopyTarget *target = &router->targets[t];
        if (target->line_count == target->line_capacity) {
            target->line_capacity *= 2;
            target->lines = static_cast<uint64 *>(
                repalloc(target->lines, sizeof(uint64) * target->line_capacity));
        }
        target->lines[target->line_count++] = line;
        appendBinaryStringInfo(&target->buffer, row, length);
        if (target->buffer.len >= router->chunk_bytes || target->line_count >= kMaxRowsPerCommand)
            send_target(router, t);
    }
}

void finish_copy_router(CopyRouter *router)
{
    settle_streams(router);
    raise_kept_error(router);
    // The notices of the rows' triggers (queued since begin_copy_router), before the COPY's
    // completion as in PostgreSQL.
    forward_worker_notices(false);
    emit_worker_notices();
    // The worker connections' own styles again, for the rest of the transaction (its queries'
    // results are read back as ISO).
    for (int s = 0; s < router->stream_count; s++) {
        CopyStream *stream = &router->streams[s];
        if (stream->styled) {
            PQclear(execute_command(stream->connection, "SET LOCAL DateStyle TO DEFAULT;"
                                                        "SET LOCAL IntervalStyle TO DEFAULT"));
            stream->styled = false;
        }
    }
}

} // namespace tessera::executor
