-- A constant-false HAVING on a multi-shard query: the coordinator plan needs no worker rows.

-- Bug: an aggregate-free HAVING that is constant false on a multi-shard query.
-- dist: ERROR: could not place the distributed scan in the coordinator plan; vanilla: 0 rows
SELECT 1 AS one FROM tasks HAVING false;
