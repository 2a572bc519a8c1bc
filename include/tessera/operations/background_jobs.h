// Background jobs (pg_dist_background_job / pg_dist_background_task): the background rebalancer.
//
// citus_rebalance_start records a job and its tasks (one shard group move each) in the caller's
// transaction and, once that commits, starts a job runner: a dynamic background worker that runs
// the job's tasks one by one, each in its own transaction, and records their states. A runner
// holds a session advisory lock on its job for as long as it lives, so a job whose lock is free
// has no runner; the maintenance worker starts one for every such unfinished job, and a runner
// that finds its job already running (its previous runner died) marks it failed.
#pragma once

namespace tessera::operations {

// For the maintenance worker, inside a transaction of a database that has the extension: starts
// a job runner for every unfinished background job that has none.
void start_runners_for_orphaned_jobs();

// Raises if a rebalance job has not ended: rebalance_table_shards (and citus_drain_node) would
// otherwise compete with its moves.
void error_if_rebalance_job_running();

} // namespace tessera::operations
