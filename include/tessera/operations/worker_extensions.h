// Extensions on the worker nodes: an extension that a distributed object needs is created on a
// worker, in the coordinator's schema and version, before the object is.
// PostgreSQL-side (ereport(ERROR) on failure).
#pragma once

#include "tessera/pg/pg_includes.h"

extern "C" {
#include "nodes/pg_list.h"
}

namespace tessera::operations {

// True for an extension that Tessera creates on the workers: not tessera itself (installed
// there by citus_add_node) and not plpgsql (in every database).
bool propagated_extension_name(const char *name);

// The extensions object (classid, objid) needs (those it or, for an object of no extension,
// the objects it depends on belong to, recursively; for a relation its indexes, defaults,
// constraints, partitions and owned sequences too), in creation order.
List *object_extensions(Oid classid, Oid objid);

// Extension `ext` after the extensions it requires (recursively), in creation order; those
// Tessera does not propagate left out.
List *extension_with_requirements(Oid ext);

// Gives every active worker `extensions` (in creation order) in the coordinated transaction.
// Raises, before creating anything, naming the node and the extension, if a node's
// installation lacks one.
void ensure_extensions_on_every_worker(List *extensions);

// Creates, on the nodes of `group_ids` (the coordinator's group skipped), the extensions the
// objects of relation `relid` need, in the coordinator's schemas and versions. Raises, before
// creating anything, naming the node and the extension, if a node's installation lacks one.
void ensure_relation_extensions_on_groups(Oid relid, const int32 *group_ids, int group_count);

// The commands that create, on a worker that lacks them, the extensions function `func` needs
// (its argument and result types, its language): for distributing the function, in the
// coordinated transaction. Empty if it needs none. Checks the workers' installations first.
char *function_extension_commands(Oid func);

// Creates every extension of the coordinator (but tessera and plpgsql) on a node being added,
// in the coordinated transaction, before the reference tables and functions are copied there.
void copy_extensions_to_node(const char *node_name, int node_port);

} // namespace tessera::operations
