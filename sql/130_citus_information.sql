-- Information functions Citus users call.

-- Names Tessera and its version and the PostgreSQL server it runs in; it does not claim to be
-- Citus (tools that parse "Citus x.y" from it should not take Tessera for Citus).
CREATE FUNCTION pg_catalog.citus_version() RETURNS text LANGUAGE sql STABLE AS $$
    SELECT 'Tessera ' || e.extversion || ' (Citus-compatible SQL interface), running on '
           || pg_catalog.version()
      FROM pg_catalog.pg_extension e WHERE e.extname = 'tessera'
$$;
COMMENT ON FUNCTION pg_catalog.citus_version()
    IS 'the Tessera version and the PostgreSQL version it runs on';

-- True on the node that holds the cluster's metadata: the one whose pg_dist_node lists nodes
-- (workers have an empty pg_dist_node). A coordinator with no node added yet answers false, as it
-- does in Citus.
CREATE FUNCTION pg_catalog.citus_is_coordinator() RETURNS boolean LANGUAGE sql STABLE AS $$
    SELECT EXISTS (SELECT 1 FROM pg_catalog.pg_dist_node)
$$;
COMMENT ON FUNCTION pg_catalog.citus_is_coordinator()
    IS 'true on the coordinator: the node whose pg_dist_node lists the cluster''s nodes';
