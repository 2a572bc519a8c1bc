// Routing rows into the shards of a distributed or reference table over COPY.
//
// A CopyRouter opens "COPY shard (columns) FROM STDIN" streams on worker connections that take
// part in the coordinated transaction, accepts rows already in COPY text format together with
// the shard they belong to, buffers them per shard placement and sends them in chunks, so memory
// stays bounded and the workers load rows while the coordinator parses the next ones.
//
// Streams: with `parallel`, every placement gets its own connection (at most a few per node),
// so rows flow to all shards at once. Without it (inside a transaction block, where later
// statements must see the rows through the node's one transaction connection), each node has
// one connection, and the shards of a node take turns on it in large chunks.
//
// A row a worker rejects is reported with the input line number the caller gave for it.
// PostgreSQL-side functions (palloc, ereport).
#pragma once

#include "tessera/metadata/distributed_table.h"

namespace tessera::executor {

struct CopyRouter;

// Opens the streams for every placement of `table`'s shards. `column_list` is "(a, b, ...)",
// the columns of the rows in order; `relname` names the table in error contexts.
CopyRouter *begin_copy_router(const metadata::DistributedTable *table, const char *column_list,
                              bool parallel);

// Queues one row (COPY text format, ending in a newline) for shard `shard_index` (0 for
// reference tables: the row goes to every placement). `line` is its input line number.
void copy_router_add_row(CopyRouter *router, int shard_index, const char *row, int length,
                         uint64 line);

// Sends what is left, ends every COPY and checks that the workers accepted the rows; raises the
// first worker error, naming the input line of the rejected row when known.
void finish_copy_router(CopyRouter *router);

} // namespace tessera::executor
