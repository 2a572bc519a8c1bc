-- The nodes of the cluster: the coordinator (group 0, when registered) and the workers.
CREATE TYPE tessera.noderole AS ENUM ('primary', 'secondary', 'unavailable');
ALTER TYPE tessera.noderole SET SCHEMA pg_catalog;

CREATE SEQUENCE tessera.pg_dist_node_nodeid_seq;
CREATE SEQUENCE tessera.pg_dist_groupid_seq;

CREATE TABLE tessera.pg_dist_node (
    nodeid integer NOT NULL DEFAULT nextval('tessera.pg_dist_node_nodeid_seq') PRIMARY KEY,
    groupid integer NOT NULL DEFAULT nextval('tessera.pg_dist_groupid_seq'),
    nodename text NOT NULL,
    nodeport integer NOT NULL DEFAULT 5432,
    noderack text NOT NULL DEFAULT 'default',
    hasmetadata boolean NOT NULL DEFAULT false,
    isactive boolean NOT NULL DEFAULT true,
    noderole pg_catalog.noderole NOT NULL DEFAULT 'primary',
    nodecluster name NOT NULL DEFAULT 'default',
    metadatasynced boolean NOT NULL DEFAULT false,
    shouldhaveshards boolean NOT NULL DEFAULT true,
    UNIQUE (nodename, nodeport),
    CHECK (nodeport > 0 AND nodeport < 65536)
);
ALTER TABLE tessera.pg_dist_node SET SCHEMA pg_catalog;
GRANT SELECT ON pg_catalog.pg_dist_node TO public;

-- Any change to pg_dist_node, by our functions or by hand, refreshes every backend's node cache.
CREATE FUNCTION tessera.invalidate_node_cache() RETURNS trigger
    LANGUAGE C AS 'MODULE_PATHNAME', 'tessera_invalidate_node_cache';
CREATE TRIGGER pg_dist_node_invalidate
    AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON pg_catalog.pg_dist_node
    FOR EACH STATEMENT EXECUTE FUNCTION tessera.invalidate_node_cache();

CREATE FUNCTION pg_catalog.citus_add_node(nodename text, nodeport integer,
                                          groupid integer DEFAULT -1,
                                          noderole pg_catalog.noderole DEFAULT 'primary',
                                          nodecluster name DEFAULT 'default')
    RETURNS integer LANGUAGE C STRICT AS 'MODULE_PATHNAME', 'citus_add_node';
REVOKE ALL ON FUNCTION pg_catalog.citus_add_node(text, integer, integer, pg_catalog.noderole, name)
    FROM public;

CREATE FUNCTION pg_catalog.citus_remove_node(nodename text, nodeport integer)
    RETURNS void LANGUAGE C STRICT AS 'MODULE_PATHNAME', 'citus_remove_node';
REVOKE ALL ON FUNCTION pg_catalog.citus_remove_node(text, integer) FROM public;

-- The older names of citus_add_node and citus_remove_node, kept by Citus for existing scripts.
CREATE FUNCTION pg_catalog.master_add_node(nodename text, nodeport integer,
                                           groupid integer DEFAULT -1,
                                           noderole pg_catalog.noderole DEFAULT 'primary',
                                           nodecluster name DEFAULT 'default')
    RETURNS integer LANGUAGE C STRICT AS 'MODULE_PATHNAME', 'citus_add_node';
REVOKE ALL ON FUNCTION pg_catalog.master_add_node(text, integer, integer, pg_catalog.noderole, name)
    FROM public;
CREATE FUNCTION pg_catalog.master_remove_node(nodename text, nodeport integer)
    RETURNS void LANGUAGE C STRICT AS 'MODULE_PATHNAME', 'citus_remove_node';
REVOKE ALL ON FUNCTION pg_catalog.master_remove_node(text, integer) FROM public;

CREATE FUNCTION pg_catalog.citus_set_coordinator_host(host text,
                                                      port integer DEFAULT current_setting('port')::int,
                                                      node_role pg_catalog.noderole DEFAULT 'primary',
                                                      node_cluster name DEFAULT 'default')
    RETURNS void LANGUAGE C STRICT AS 'MODULE_PATHNAME', 'citus_set_coordinator_host';
REVOKE ALL ON FUNCTION pg_catalog.citus_set_coordinator_host(text, integer, pg_catalog.noderole, name)
    FROM public;

CREATE FUNCTION pg_catalog.citus_get_active_worker_nodes(OUT node_name text, OUT node_port bigint)
    RETURNS SETOF record LANGUAGE SQL STABLE AS $$
    SELECT nodename, nodeport::bigint FROM pg_catalog.pg_dist_node
     WHERE isactive AND noderole = 'primary' AND groupid <> 0 ORDER BY nodeid
$$;

-- The older name of citus_get_active_worker_nodes.
CREATE FUNCTION pg_catalog.master_get_active_worker_nodes(OUT node_name text, OUT node_port bigint)
    RETURNS SETOF record LANGUAGE SQL STABLE
    AS $$ SELECT * FROM pg_catalog.citus_get_active_worker_nodes() $$;

CREATE FUNCTION pg_catalog.run_command_on_workers(command text, parallel boolean DEFAULT true,
                                                  OUT nodename text, OUT nodeport integer,
                                                  OUT success boolean, OUT result text)
    RETURNS SETOF record LANGUAGE C STRICT AS 'MODULE_PATHNAME', 'run_command_on_workers';

-- The command on the coordinator and every active primary worker, each in its own connection and
-- outside the caller's transaction; nodeid 0 stands for a coordinator not in pg_dist_node.
CREATE FUNCTION pg_catalog.run_command_on_all_nodes(command text, parallel boolean DEFAULT true,
                                                    give_warning_for_connection_errors boolean
                                                        DEFAULT false,
                                                    OUT nodeid integer, OUT success boolean,
                                                    OUT result text)
    RETURNS SETOF record LANGUAGE C STRICT AS 'MODULE_PATHNAME', 'run_command_on_all_nodes';
