// Shared-memory slots in which running shard moves describe themselves, and
// get_rebalance_progress(), which reads them and measures the shards on the nodes.
#include "tessera/operations/move_progress.h"

#include "tessera/executor/connection.h"
#include "tessera/metadata/distributed_table.h"
#include "tessera/metadata/nodes.h"
#include "tessera/operations/shard_move.h"
#include "tessera/pg/guard.h"

extern "C" {
#include "access/xact.h"
#include "funcapi.h"
#include "lib/stringinfo.h"
#include "miscadmin.h"
#include "storage/ipc.h"
#include "storage/lwlock.h"
#include "storage/procarray.h"
#include "storage/shmem.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"
#include "utils/tuplestore.h"
}

namespace tessera::operations {

namespace {

constexpr int kSlotCount = 16;    // moves shown at the same time
constexpr int kMaxTables = 512;   // shards of one shard group shown
constexpr int kFilesBytes = 1024; // data file paths of the table being copied
constexpr int kStatusBytes = 32;

struct MoveSlot {
    int pid; // 0: free
    Oid database;
    char source_name[256];
    int32 source_port;
    char target_name[256];
    int32 target_port;
    int table_count; // shards in the slot (at most kMaxTables)
    int current;     // table being copied; table_count once all are
    char status[kStatusBytes];
    char current_files[kFilesBytes]; // '{...}' text[] literal, empty before the table exists
    Oid relids[kMaxTables];
    int64 shard_ids[kMaxTables];
    int64 start_sizes[kMaxTables];
    int64 target_sizes[kMaxTables]; // final size of each copied table
};

struct MoveProgressShared {
    LWLock *lock;
    MoveSlot slots[kSlotCount];
};

shmem_request_hook_type previous_shmem_request = nullptr;
shmem_startup_hook_type previous_shmem_startup = nullptr;
MoveProgressShared *shared = nullptr;
MoveSlot *my_slot = nullptr; // this backend's slot while it moves
bool callback_registered = false;

// shmem_request_hook: reserves the slots and their lock.
void request_shared_memory()
{
    if (previous_shmem_request != nullptr)
        previous_shmem_request();
    RequestAddinShmemSpace(MAXALIGN(sizeof(MoveProgressShared)));
    RequestNamedLWLockTranche("tessera_move_progress", 1);
}

// shmem_startup_hook: attaches to (or first initializes) the slots.
void attach_shared_memory()
{
    if (previous_shmem_startup != nullptr)
        previous_shmem_startup();
    LWLockAcquire(AddinShmemInitLock, LW_EXCLUSIVE);
    bool found;
    shared = static_cast<MoveProgressShared *>(
        ShmemInitStruct("tessera move progress", sizeof(MoveProgressShared), &found));
    if (!found) {
        memset(shared, 0, sizeof(MoveProgressShared));
        shared->lock = &(GetNamedLWLockTranche("tessera_move_progress"))->lock;
    }
    LWLockRelease(AddinShmemInitLock);
}

// Frees this backend's slot: its move is over once its transaction is.
void release_slot()
{
    if (my_slot == nullptr || shared == nullptr)
        return;
    LWLockAcquire(shared->lock, LW_EXCLUSIVE);
    my_slot->pid = 0;
    LWLockRelease(shared->lock);
    my_slot = nullptr;
}

// Transaction callback: the slot goes with the transaction (commit, abort, or a backend exiting
// in the middle, which aborts first).
void on_transaction_end(XactEvent event, void *)
{
    if (event == XACT_EVENT_COMMIT || event == XACT_EVENT_ABORT || event == XACT_EVENT_PREPARE ||
        event == XACT_EVENT_PARALLEL_COMMIT || event == XACT_EVENT_PARALLEL_ABORT)
        release_slot();
}

// A single int64 from the first row of `result`, or -1; clears the result.
int64 int64_result(PGresult *result)
{
    int64 value = -1;
    if (PQntuples(result) == 1 && !PQgetisnull(result, 0, 0))
        value = pg_strtoint64(PQgetvalue(result, 0, 0));
    PQclear(result);
    return value;
}

} // namespace

void install_move_progress()
{
    previous_shmem_request = shmem_request_hook;
    shmem_request_hook = request_shared_memory;
    previous_shmem_startup = shmem_startup_hook;
    shmem_startup_hook = attach_shared_memory;
}

void move_progress_begin(const ColocatedShards *shards, int shard_index,
                         const metadata::WorkerNode *source_node,
                         const metadata::WorkerNode *target_node, executor::NodeConnection *source)
{
    if (shared == nullptr)
        return;
    if (!callback_registered) {
        RegisterXactCallback(on_transaction_end, nullptr);
        callback_registered = true;
    }
    int count = Min(shards->table_count, kMaxTables);
    // The sizes the move starts with, in the group's order (before taking the slot: this can
    // fail, and the slot is then not taken).
    int64 *sizes = static_cast<int64 *>(palloc0(sizeof(int64) * Max(count, 1)));
    if (count > 0) {
        StringInfoData names;
        initStringInfo(&names);
        for (int t = 0; t < count; t++)
            appendStringInfo(&names, "%s%s", t > 0 ? ", " : "",
                             quote_literal_cstr(metadata::qualified_shard_name(
                                 shards->relids[t], shards->shard_ids[t][shard_index])));
        PGresult *result = executor::execute_command(
            source, psprintf("SELECT coalesce(pg_catalog.pg_total_relation_size("
                             "pg_catalog.to_regclass(t)), 0) FROM unnest(ARRAY[%s]::text[]) "
                             "WITH ORDINALITY u(t, n) ORDER BY n",
                             names.data));
        for (int t = 0; t < count && t < PQntuples(result); t++)
            sizes[t] = pg_strtoint64(PQgetvalue(result, t, 0));
        PQclear(result);
    }

    LWLockAcquire(shared->lock, LW_EXCLUSIVE);
    if (my_slot == nullptr) {
        for (int s = 0; s < kSlotCount && my_slot == nullptr; s++)
            if (shared->slots[s].pid == 0)
                my_slot = &shared->slots[s];
    }
    if (my_slot != nullptr) {
        MoveSlot *slot = my_slot;
        slot->pid = MyProcPid;
        slot->database = MyDatabaseId;
        strlcpy(slot->source_name, source_node->node_name, sizeof(slot->source_name));
        slot->source_port = source_node->node_port;
        strlcpy(slot->target_name, target_node->node_name, sizeof(slot->target_name));
        slot->target_port = target_node->node_port;
        slot->table_count = count;
        slot->current = 0;
        strlcpy(slot->status, "copying data", sizeof(slot->status));
        slot->current_files[0] = '\0';
        for (int t = 0; t < count; t++) {
            slot->relids[t] = shards->relids[t];
            slot->shard_ids[t] = shards->shard_ids[t][shard_index];
            slot->start_sizes[t] = sizes[t];
            slot->target_sizes[t] = 0;
        }
    }
    LWLockRelease(shared->lock);
}

void move_progress_copying(int t)
{
    if (my_slot == nullptr)
        return;
    LWLockAcquire(shared->lock, LW_EXCLUSIVE);
    my_slot->current = t;
    my_slot->current_files[0] = '\0';
    LWLockRelease(shared->lock);
}

void move_progress_note_target(executor::NodeConnection *target, const char *shard_name)
{
    if (my_slot == nullptr)
        return;
    PGresult *result = executor::execute_command(
        target, psprintf("SELECT tessera.relation_data_files(%s::regclass)",
                         quote_literal_cstr(shard_name)));
    const char *files =
        PQntuples(result) == 1 && !PQgetisnull(result, 0, 0) ? PQgetvalue(result, 0, 0) : "{}";
    LWLockAcquire(shared->lock, LW_EXCLUSIVE);
    // Too many files to keep: the live size of this table is then not shown.
    if (strlen(files) < sizeof(my_slot->current_files))
        strlcpy(my_slot->current_files, files, sizeof(my_slot->current_files));
    else
        my_slot->current_files[0] = '\0';
    LWLockRelease(shared->lock);
    PQclear(result);
}

void move_progress_copied(executor::NodeConnection *target, const char *shard_name)
{
    if (my_slot == nullptr)
        return;
    int64 size = int64_result(executor::execute_command(
        target, psprintf("SELECT pg_catalog.pg_total_relation_size(%s::regclass)",
                         quote_literal_cstr(shard_name))));
    LWLockAcquire(shared->lock, LW_EXCLUSIVE);
    if (my_slot->current < my_slot->table_count)
        my_slot->target_sizes[my_slot->current] = size;
    LWLockRelease(shared->lock);
}

void move_progress_status(const char *status)
{
    if (my_slot == nullptr)
        return;
    LWLockAcquire(shared->lock, LW_EXCLUSIVE);
    my_slot->current = my_slot->table_count;
    my_slot->current_files[0] = '\0';
    strlcpy(my_slot->status, status, sizeof(my_slot->status));
    LWLockRelease(shared->lock);
}

} // namespace tessera::operations

namespace {

using namespace tessera;

// Sizes (bytes) of `count` shard tables named by `names` (SQL literals, comma-separated) on the
// node at `host`:`port`, read from their data files without locks; -1 where unknown.
int64 *live_sizes(const char *host, int port, const char *names, int count)
{
    int64 *sizes = static_cast<int64 *>(palloc(sizeof(int64) * Max(count, 1)));
    for (int t = 0; t < count; t++)
        sizes[t] = -1;
    if (count == 0)
        return sizes;
    executor::NodeConnection *connection = executor::get_node_connection(host, port);
    PGresult *result = executor::execute_command(
        connection, psprintf("SELECT tessera.data_files_size(tessera.relation_data_files("
                             "pg_catalog.to_regclass(NULLIF(t, '')))) FROM "
                             "unnest(ARRAY[%s]::text[]) WITH ORDINALITY "
                             "u(t, n) ORDER BY n",
                             names));
    for (int t = 0; t < count && t < PQntuples(result); t++)
        if (!PQgetisnull(result, t, 0))
            sizes[t] = pg_strtoint64(PQgetvalue(result, t, 0));
    PQclear(result);
    return sizes;
}

// Size (bytes) of the data files listed by `files` (a text[] literal) on the node at
// `host`:`port`; -1 if there are none to measure.
int64 live_files_size(const char *host, int port, const char *files)
{
    if (files[0] == '\0')
        return -1;
    executor::NodeConnection *connection = executor::get_node_connection(host, port);
    PGresult *result =
        executor::execute_command(connection, psprintf("SELECT tessera.data_files_size(%s::text[])",
                                                       quote_literal_cstr(files)));
    int64 size = -1;
    if (PQntuples(result) == 1 && !PQgetisnull(result, 0, 0))
        size = pg_strtoint64(PQgetvalue(result, 0, 0));
    PQclear(result);
    return size;
}

} // namespace

// get_rebalance_progress(): one row per shard of every shard group being moved by a backend of
// this database (see sql/330_rebalance_progress.sql for the columns).
TESSERA_FUNCTION(get_rebalance_progress)
{
    InitMaterializedSRF(fcinfo, 0);
    auto *rsinfo = reinterpret_cast<ReturnSetInfo *>(fcinfo->resultinfo);
    if (operations::shared == nullptr)
        return (Datum)0;
    // A copy of the slots in use, taken under the lock; the nodes are asked afterwards.
    auto *slots = static_cast<operations::MoveSlot *>(
        palloc(sizeof(operations::MoveSlot) * operations::kSlotCount));
    int slot_count = 0;
    LWLockAcquire(operations::shared->lock, LW_SHARED);
    for (int s = 0; s < operations::kSlotCount; s++) {
        const operations::MoveSlot *slot = &operations::shared->slots[s];
        if (slot->pid != 0 && slot->database == MyDatabaseId)
            slots[slot_count++] = *slot;
    }
    LWLockRelease(operations::shared->lock);

    for (int s = 0; s < slot_count; s++) {
        operations::MoveSlot *slot = &slots[s];
        // A backend that is gone (it crashed, and the server is restarting) moves nothing.
        if (BackendPidGetProc(slot->pid) == nullptr)
            continue;
        StringInfoData names;
        initStringInfo(&names);
        for (int t = 0; t < slot->table_count; t++) {
            char *name = get_rel_name(slot->relids[t]) != nullptr
                             ? metadata::qualified_shard_name(slot->relids[t], slot->shard_ids[t])
                             : pstrdup("");
            appendStringInfo(&names, "%s%s", t > 0 ? ", " : "", quote_literal_cstr(name));
        }
        int64 *source_sizes =
            live_sizes(slot->source_name, slot->source_port, names.data, slot->table_count);
        int64 current_target_size =
            slot->current < slot->table_count
                ? live_files_size(slot->target_name, slot->target_port, slot->current_files)
                : -1;
        for (int t = 0; t < slot->table_count; t++) {
            Datum values[15];
            bool nulls[15] = {false};
            int64 progress = t < slot->current ? 2 : (t == slot->current ? 1 : 0);
            int64 target_size = t < slot->current ? slot->target_sizes[t] : 0;
            if (t == slot->current && current_target_size >= 0)
                target_size = current_target_size;
            values[0] = Int32GetDatum(slot->pid);
            values[1] = ObjectIdGetDatum(slot->relids[t]);
            values[2] = Int64GetDatum(slot->shard_ids[t]);
            values[3] = Int64GetDatum(slot->start_sizes[t]);
            values[4] = CStringGetTextDatum(slot->source_name);
            values[5] = Int32GetDatum(slot->source_port);
            values[6] = CStringGetTextDatum(slot->target_name);
            values[7] = Int32GetDatum(slot->target_port);
            values[8] = Int64GetDatum(progress);
            values[9] = Int64GetDatum(source_sizes[t]);
            nulls[9] = source_sizes[t] < 0;
            values[10] = Int64GetDatum(target_size);
            values[11] = CStringGetTextDatum("move");
            nulls[12] = true; // no replication position: the copy is one transaction
            nulls[13] = true;
            values[14] = CStringGetTextDatum(slot->status);
            tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
        }
    }
    return (Datum)0;
}
