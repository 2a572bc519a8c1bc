-- The TPC-H queries with parallel query forced on the coordinator: the scans of worker results
-- must not be run once per parallel worker (duplicate rows) nor lose rows under Gather.
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET min_parallel_index_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
-- include: q01_q11.sql
-- include: q12_q22.sql
SET force_parallel_mode = on;
-- include: q01_q11.sql
-- include: q12_q22.sql
SELECT count(*), sum(l_quantity) FROM lineitem;
SELECT count(*) FROM lineitem JOIN part ON p_partkey = l_partkey;
SELECT count(*) FROM orders JOIN lineitem ON l_orderkey = o_orderkey;
RESET force_parallel_mode;
RESET max_parallel_workers_per_gather;
RESET min_parallel_index_scan_size;
RESET min_parallel_table_scan_size;
RESET parallel_tuple_cost;
RESET parallel_setup_cost;
