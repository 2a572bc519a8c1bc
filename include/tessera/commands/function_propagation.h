// Distributed functions: create_distributed_function creates a function on every worker (with
// its schema and the user types of its arguments and result) and records it in pg_dist_object;
// later changes of it follow there, and nodes added later get it. PostgreSQL-side functions
// (ereport(ERROR) on failure).
#pragma once

#include "tessera/pg/pg_includes.h"

extern "C" {
#include "nodes/parsenodes.h"
}

namespace tessera::commands {

// Before a utility statement runs locally: for a rename, SET SCHEMA or OWNER TO of a distributed
// function, the command that makes the same change on a worker (named while the function still
// has its old name); nullptr for other statements.
char *prepare_function_propagation(Node *parsetree);

// After the statement ran locally: sends `prepared` (from prepare_function_propagation) to every
// worker, and for CREATE OR REPLACE FUNCTION, ALTER FUNCTION and GRANT / REVOKE on functions,
// the new definition or privileges of the distributed functions they changed; in the
// coordinated transaction.
void finish_function_propagation(Node *parsetree, char *prepared);

// Called by the sql_drop event trigger: forgets the dropped distributed functions and drops them
// on every worker, in the coordinated transaction.
void drop_distributed_functions();

// Makes user-defined function `func` a distributed function without a distribution argument,
// as create_distributed_function(func) does, unless the workers have it already (distributed,
// built in or part of an extension). For objects the shards use, such as trigger functions.
void ensure_function_on_workers(Oid func);

// Creates every distributed function on the worker `node_name`:`node_port` (a node added or
// activated), in the coordinated transaction.
void copy_distributed_functions_to_node(const char *node_name, int node_port);

} // namespace tessera::commands
