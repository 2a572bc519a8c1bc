-- The 22 queries and the merge / rescan shapes with work_mem at its minimum: worker rows the
-- coordinator keeps (per-task stores of a merge, rescanned results) spill to disk.
SET work_mem = '64kB';
-- include: q01_q11.sql
-- include: q12_q22.sql
-- include: merge_rescan.sql
-- ordered
SELECT l_orderkey, l_linenumber, l_comment FROM lineitem ORDER BY l_comment, l_orderkey, l_linenumber OFFSET 19990;
SELECT count(*), count(DISTINCT l_comment), sum(length(l_comment)) FROM lineitem JOIN part ON p_partkey = l_partkey;
RESET work_mem;
