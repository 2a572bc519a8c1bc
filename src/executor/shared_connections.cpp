// Shared-memory counts of connections per node, across the backends of this coordinator, the
// generation of shard schemas that statements prepared on those connections depend on, and the
// count of multi-shard reads that alternates their shard order.
#include "tessera/executor/shared_connections.h"

#include "tessera/pg/guard.h"
#include "tessera/settings.h"

extern "C" {
#include "funcapi.h"
#include "miscadmin.h"
#include "port/atomics.h"
#include "storage/ipc.h"
#include "storage/lwlock.h"
#include "storage/shmem.h"
#include "utils/builtins.h"
#include "utils/hsearch.h"
#include "utils/tuplestore.h"
}

#include <unistd.h>

namespace tessera::executor {

namespace {

constexpr int kMaxNodes = 1024;

struct NodeKey {
    char host[256];
    int32 port;
};

struct NodeCount {
    NodeKey key;
    int32 connections;
};

struct SharedState {
    LWLock *lock;
    pg_atomic_uint64 shard_schema_generation;
    pg_atomic_uint64 multi_shard_reads;
};

shmem_request_hook_type previous_shmem_request = nullptr;
shmem_startup_hook_type previous_shmem_startup = nullptr;
SharedState *shared_state = nullptr;
// This backend's transaction advanced the shard schema generation.
bool advanced_in_transaction = false;
HTAB *node_counts = nullptr;

// The limit per node: the setting, or the coordinator's own max_connections when it is 0.
int limit_per_node()
{
    if (tessera_max_shared_pool_size == 0)
        return MaxConnections;
    return tessera_max_shared_pool_size;
}

NodeKey make_key(const char *host, int port)
{
    NodeKey key;
    memset(&key, 0, sizeof(key));
    strlcpy(key.host, host, sizeof(key.host));
    key.port = port;
    return key;
}

void request_shared_memory()
{
    if (previous_shmem_request != nullptr)
        previous_shmem_request();
    RequestAddinShmemSpace(MAXALIGN(sizeof(SharedState)) +
                           hash_estimate_size(kMaxNodes, sizeof(NodeCount)));
    RequestNamedLWLockTranche("tessera_connections", 1);
}

void attach_shared_memory()
{
    if (previous_shmem_startup != nullptr)
        previous_shmem_startup();
    LWLockAcquire(AddinShmemInitLock, LW_EXCLUSIVE);
    bool found;
    shared_state = static_cast<SharedState *>(
        ShmemInitStruct("tessera connection counts", sizeof(SharedState), &found));
    if (!found) {
        shared_state->lock = &(GetNamedLWLockTranche("tessera_connections"))->lock;
        pg_atomic_init_u64(&shared_state->shard_schema_generation, 0);
        pg_atomic_init_u64(&shared_state->multi_shard_reads, 0);
    }
    HASHCTL info;
    memset(&info, 0, sizeof(info));
    info.keysize = sizeof(NodeKey);
    info.entrysize = sizeof(NodeCount);
    node_counts = ShmemInitHash("tessera connections per node", kMaxNodes, kMaxNodes, &info,
                                HASH_ELEM | HASH_BLOBS);
    LWLockRelease(AddinShmemInitLock);
}

} // namespace

void install_shared_connection_counts()
{
    previous_shmem_request = shmem_request_hook;
    shmem_request_hook = request_shared_memory;
    previous_shmem_startup = shmem_startup_hook;
    shmem_startup_hook = attach_shared_memory;
}

bool reserve_shared_connection(const char *host, int port, bool mandatory)
{
    if (node_counts == nullptr)
        return true; // not preloaded: nothing to count with
    NodeKey key = make_key(host, port);
    LWLockAcquire(shared_state->lock, LW_EXCLUSIVE);
    bool found;
    auto *entry = static_cast<NodeCount *>(hash_search(node_counts, &key, HASH_ENTER_NULL, &found));
    if (entry == nullptr) {
        LWLockRelease(shared_state->lock);
        return mandatory; // table full: only what is needed
    }
    if (!found)
        entry->connections = 0;
    int limit = limit_per_node();
    bool allowed = mandatory || limit < 0 || entry->connections < limit;
    if (allowed)
        entry->connections++;
    LWLockRelease(shared_state->lock);
    return allowed;
}

void release_shared_connection(const char *host, int port)
{
    if (node_counts == nullptr)
        return;
    NodeKey key = make_key(host, port);
    LWLockAcquire(shared_state->lock, LW_EXCLUSIVE);
    auto *entry = static_cast<NodeCount *>(hash_search(node_counts, &key, HASH_FIND, nullptr));
    if (entry != nullptr && entry->connections > 0)
        entry->connections--;
    LWLockRelease(shared_state->lock);
}

int shared_connection_count(const char *host, int port)
{
    if (node_counts == nullptr)
        return 0;
    NodeKey key = make_key(host, port);
    LWLockAcquire(shared_state->lock, LW_SHARED);
    auto *entry = static_cast<NodeCount *>(hash_search(node_counts, &key, HASH_FIND, nullptr));
    int count = entry != nullptr ? entry->connections : 0;
    LWLockRelease(shared_state->lock);
    return count;
}

uint64 shard_schema_generation()
{
    return shared_state != nullptr ? pg_atomic_read_u64(&shared_state->shard_schema_generation) : 0;
}

void advance_shard_schema_generation()
{
    if (shared_state != nullptr)
        pg_atomic_fetch_add_u64(&shared_state->shard_schema_generation, 1);
    advanced_in_transaction = true;
}

bool next_read_runs_backwards()
{
    if (shared_state == nullptr)
        return false;
    return (pg_atomic_fetch_add_u64(&shared_state->multi_shard_reads, 1) & 1) != 0;
}

void shard_schema_rolled_back(bool transaction_end)
{
    if (advanced_in_transaction)
        advance_shard_schema_generation();
    if (transaction_end)
        advanced_in_transaction = false;
}

void shard_schema_committed()
{
    advanced_in_transaction = false;
}

} // namespace tessera::executor

// tessera.connection_counts(): the connections this coordinator holds to each node, counted
// across all its backends and databases.
TESSERA_FUNCTION(tessera_connection_counts)
{
    InitMaterializedSRF(fcinfo, 0);
    auto *rsinfo = reinterpret_cast<ReturnSetInfo *>(fcinfo->resultinfo);
    if (tessera::executor::node_counts == nullptr)
        return (Datum)0;
    LWLockAcquire(tessera::executor::shared_state->lock, LW_SHARED);
    HASH_SEQ_STATUS status;
    hash_seq_init(&status, tessera::executor::node_counts);
    tessera::executor::NodeCount *entry;
    while ((entry = static_cast<tessera::executor::NodeCount *>(hash_seq_search(&status))) !=
           nullptr) {
        Datum values[3] = {CStringGetTextDatum(entry->key.host), Int32GetDatum(entry->key.port),
                           Int32GetDatum(entry->connections)};
        bool nulls[3] = {false, false, false};
        tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
    }
    LWLockRelease(tessera::executor::shared_state->lock);
    return (Datum)0;
}

// tessera.node_cpu_count(): the processors of this server, for pool sizing on the coordinator.
TESSERA_FUNCTION(tessera_node_cpu_count)
{
    long count = sysconf(_SC_NPROCESSORS_ONLN);
    PG_RETURN_INT32(count > 0 ? static_cast<int32>(count) : 0);
}

// tessera.node_machine_id(): the Linux boot id of this machine (or NULL where there is none):
// nodes reporting the same id share processors.
TESSERA_FUNCTION(tessera_node_machine_id)
{
    FILE *file = fopen("/proc/sys/kernel/random/boot_id", "r");
    if (file == nullptr)
        PG_RETURN_NULL();
    char id[64] = {0};
    bool ok = fgets(id, sizeof(id), file) != nullptr;
    fclose(file);
    if (!ok)
        PG_RETURN_NULL();
    PG_RETURN_TEXT_P(cstring_to_text(pchomp(id)));
}
