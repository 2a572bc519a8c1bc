-- Stands for the workers' rows in coordinator plans of multi-shard queries. The planner swaps
-- its scan for the distributed scan; calling it directly is an error.
CREATE FUNCTION tessera.worker_results() RETURNS SETOF record
    LANGUAGE C VOLATILE AS 'MODULE_PATHNAME', 'tessera_worker_results';
