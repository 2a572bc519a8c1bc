-- Stands for the workers' rows in coordinator plans of multi-shard queries. The planner swaps
-- its scan for the distributed scan; calling it directly is an error.
CREATE FUNCTION tessera.worker_results() RETURNS SETOF record
    LANGUAGE C VOLATILE AS 'MODULE_PATHNAME', 'tessera_worker_results';

-- The connections this coordinator holds to each node, counted across its backends.
CREATE FUNCTION tessera.connection_counts(OUT nodename text, OUT nodeport integer,
                                          OUT connection_count integer)
    RETURNS SETOF record LANGUAGE C STRICT AS 'MODULE_PATHNAME', 'tessera_connection_counts';
