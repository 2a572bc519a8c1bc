-- Stands for the workers' rows in coordinator plans of multi-shard queries. The planner swaps
-- its scan for the distributed scan; calling it directly is an error.
CREATE FUNCTION tessera.worker_results() RETURNS SETOF record
    LANGUAGE C VOLATILE AS 'MODULE_PATHNAME', 'tessera_worker_results';

-- The connections this coordinator holds to each node, counted across its backends.
CREATE FUNCTION tessera.connection_counts(OUT nodename text, OUT nodeport integer,
                                          OUT connection_count integer)
    RETURNS SETOF record LANGUAGE C STRICT AS 'MODULE_PATHNAME', 'tessera_connection_counts';

-- The number of processors of this server: the coordinator sizes its connection pools to the
-- workers by it.
CREATE FUNCTION tessera.node_cpu_count() RETURNS integer
    LANGUAGE C STRICT AS 'MODULE_PATHNAME', 'tessera_node_cpu_count';

-- Identifies the machine this server runs on (its boot id), so the coordinator knows which
-- nodes share one machine's processors.
CREATE FUNCTION tessera.node_machine_id() RETURNS text
    LANGUAGE C STRICT AS 'MODULE_PATHNAME', 'tessera_node_machine_id';
