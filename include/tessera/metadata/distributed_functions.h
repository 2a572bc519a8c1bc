// Reading pg_dist_object: which user-defined functions exist on every worker as on the
// coordinator (create_distributed_function), so that queries may call them there.
// PostgreSQL-side functions (ereport(ERROR) on failure).
#pragma once

#include "tessera/pg/pg_includes.h"

extern "C" {
#include "nodes/pg_list.h"
}

namespace tessera::metadata {

// True if function `func` is recorded in pg_dist_object (created on the workers).
bool is_distributed_function(Oid func);

// The one function of the tessera extension that shard queries call on the workers (see
// tessera_keep_distribution_value in commands/metadata_functions.cpp).
constexpr const char *kKeepDistributionValueFunction = "tessera_keep_distribution_value";

// True if the workers have function `func` as the coordinator does: a built-in function, a
// member of an extension other than tessera (every extension of the coordinator is created on
// every worker in its schema and version), kKeepDistributionValueFunction, or a distributed
// function. Other user-defined functions exist on the coordinator only.
bool function_on_workers(Oid func);

// True if object `objid` of catalog `classid` (pg_proc, pg_type, pg_operator, ...) is not
// built-in and belongs to an extension other than tessera, so that the workers have it under
// the same schema-qualified name. Cached per backend (pg_depend is read once per object).
bool extension_object_on_workers(Oid classid, Oid objid);

// The distributed functions (a List of Oid), in OID order (the order of their creation, so a
// function created from another's result type comes after it).
List *distributed_functions();

// Records function `func` in pg_dist_object, replacing its row if it has one: the index of its
// distribution argument (-1: none), its colocation group (0: none) and force_delegation (-1:
// NULL, 0: false, 1: true). Direct catalog access: the caller checked the privileges.
void record_distributed_function(Oid func, int32 argument_index, int32 colocation_id,
                                 int force_delegation);

// Deletes the pg_dist_object row of function `func`; false if it had none.
bool forget_distributed_function(Oid func);

} // namespace tessera::metadata
