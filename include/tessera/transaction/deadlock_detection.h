// Distributed deadlock detection: a wait cycle whose waits lie on more than one node (each node's
// own deadlock detector sees only its part) is found by the coordinator's maintenance worker and
// ended by cancelling its youngest transaction, whose client gets SQLSTATE 40P01.
//
// The coordinator's connections name their backend in application_name (core/wait_graph.h), so
// a backend on a worker that waits for a lock held by another maps to a wait between two
// coordinator backends. Every factor × deadlock_timeout (tessera.distributed_deadlock_detection_
// factor, -1 off) the launcher checks whether any database has two or more backends that have been
// waiting (on a lock or for another node's answer) in the same transaction since its look half an
// interval before and, if so, runs a detector there: it reads the waits of
// the coordinator and of every worker twice, a moment apart, keeps the waits seen both times, and
// cancels the victims of the cycles (core::find_deadlock_victims). The victim is marked in shared
// memory and sent SIGINT; the statement-cancel ERROR it raises (wherever it waited: for a node's
// answer or for a coordinator lock) is turned into "canceling the transaction since it was
// involved in a distributed deadlock" (40P01) by an emit_log_hook, and the usual abort rolls its
// transaction back on every node.
#pragma once

#include "tessera/pg/pg_includes.h"

extern "C" {
#include "nodes/pg_list.h"
}

namespace tessera::transaction {

// Reserves the shared memory of the victim marks and installs the error hook. Called from
// _PG_init while shared_preload_libraries are loaded.
void install_deadlock_detection();

// Milliseconds between looks for distributed deadlocks (factor × deadlock_timeout), or -1 when
// detection is off.
long deadlock_detection_interval_ms();

// Takes a new look at the backends' waits (in the calling process: the maintenance launcher)
// and returns the databases (an OID List in the current memory context) where at least two
// backends wait on a lock or for another node in a transaction that already waited at the
// previous look: only there can a distributed deadlock be. A busy database's statements wait for
// their nodes all the time, briefly; a deadlock's waits last. Reads PGPROC without locks (a hint).
List *databases_with_lasting_waits();

// Looks for distributed deadlocks in the current database and cancels their victims; returns how
// many it cancelled. Runs inside a transaction of a background worker; does nothing on a node
// without workers. Nodes that cannot be reached are left out of the picture.
int detect_distributed_deadlocks();

} // namespace tessera::transaction
