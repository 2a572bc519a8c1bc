// Schema-based sharding (Citus 12): distributed schemas, whose tables are single-shard
// distributed tables of one colocation group per schema, recorded in pg_dist_schema.
//
// PostgreSQL-side functions: ereport(ERROR) on failure, everything in the caller's transaction.
#pragma once

#include "tessera/pg/pg_includes.h"

extern "C" {
#include "nodes/parsenodes.h"
}

namespace tessera::commands {

// The colocation group of distributed schema `schema`, or 0 if it is not a distributed schema (or
// the extension is not present).
int32 tenant_schema_colocation(Oid schema);

// The distributed schema whose colocation group is `colocation_id`, or InvalidOid.
Oid schema_of_tenant_group(int32 colocation_id);

// citus_schema_distribute(): makes `schema` a distributed schema, its tables single-shard tables
// of a new colocation group.
void distribute_schema(Oid schema);

// citus_schema_undistribute(): its tables back to local tables, the schema a regular one.
void undistribute_schema(Oid schema);

// What a utility statement needs from schema-based sharding before it runs locally (refusals
// of statements a distributed schema cannot follow, and whether a schema being created existed).
// Returns state for finish_schema_sharding_statement, or nullptr when it has nothing to do.
struct SchemaShardingStatement;
SchemaShardingStatement *prepare_schema_sharding_statement(Node *parsetree);

// After the statement ran locally: a schema created with enable_schema_based_sharding on becomes
// a distributed schema, and a table created in a distributed schema becomes one of its tables.
void finish_schema_sharding_statement(SchemaShardingStatement *statement);

// From the sql_drop event trigger: forgets the distributed schemas that were dropped.
void forget_dropped_tenant_schemas();

} // namespace tessera::commands
