// Connections to each node counted across all backends of this coordinator, in shared memory,
// so that many clients running multi-shard queries do not open more connections to a worker than
// it accepts (tessera.max_shared_pool_size per node).
#pragma once

#include "tessera/pg/pg_includes.h"

namespace tessera::executor {

// Requests the shared memory and installs the start-up hook. Called from _PG_init.
void install_shared_connection_counts();

// Counts a new connection to host:port. A mandatory connection (the one a statement needs to
// make progress on a node) is always counted; an optional one only while the node's count is
// below the limit. Returns false if an optional connection must not be opened.
bool reserve_shared_connection(const char *host, int port, bool mandatory);

// Uncounts a connection opened with reserve_shared_connection.
void release_shared_connection(const char *host, int port);

// The number of connections this coordinator holds to host:port across backends.
int shared_connection_count(const char *host, int port);

// A number that DDL on the shards of distributed tables advances, in every backend: a
// statement prepared on a node under an older number may no longer match its tables (a column
// of another type makes the node refuse it), so connections drop their statements then.
uint64 shard_schema_generation();
void advance_shard_schema_generation();

// A rollback of this transaction (transaction_end) or of a subtransaction in it may have undone
// DDL whose new shapes statements were prepared against since: if it advanced the generation,
// advance it again. shard_schema_committed ends the transaction's part otherwise.
void shard_schema_rolled_back(bool transaction_end);
void shard_schema_committed();

// Whether the next multi-shard read should run its shards in reverse order: every other one
// across the backends of this coordinator does. A read repeated in one order over more data than
// a worker's caches hold finds none of it cached (each shard has pushed out the next one to be
// read); in alternate orders, each read starts with the shards the previous one left there.
bool next_read_runs_backwards();

} // namespace tessera::executor
