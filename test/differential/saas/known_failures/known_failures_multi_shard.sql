-- KNOWN FAILURES (not registered in ctest). Run:
--   bash test/differential/run.sh --suite saas select test/differential/saas/known_failures/known_failures_multi_shard.sql

-- Bug: an aggregate-free HAVING that is constant false on a multi-shard query.
-- dist: ERROR: could not place the distributed scan in the coordinator plan; vanilla: 0 rows
SELECT 1 AS one FROM tasks HAVING false;
