-- Tessera demo, run by scripts/setup on the coordinator of the local cluster.
-- Each step is a statement that works today; extend it as features land.

\echo '== The workers, reached through the coordinator'
SELECT * FROM run_command_on_workers('select version()');

\echo '== The nodes the coordinator knows'
SELECT * FROM pg_dist_node;
