-- Taking a failed worker out of service and back, and pointing a node at a new address
-- (src/commands/node_functions.cpp). Superuser only, like the other node functions.

-- Marks the node inactive: it gets no new shards, reference tables are read and written on the
-- other workers only (the node's copies are dropped from pg_dist_placement), and work on the
-- shards it holds fails with an error naming it. `synchronous` is accepted for compatibility:
-- workers keep no metadata copy, so the change is in effect everywhere once it commits.
CREATE FUNCTION pg_catalog.citus_disable_node(nodename text, nodeport integer,
                                              synchronous boolean DEFAULT false)
    RETURNS void LANGUAGE C STRICT AS 'MODULE_PATHNAME', 'citus_disable_node';
REVOKE ALL ON FUNCTION pg_catalog.citus_disable_node(text, integer, boolean) FROM public;

-- Puts a disabled node back in service, copying the reference tables to it again; returns its
-- node id.
CREATE FUNCTION pg_catalog.citus_activate_node(nodename text, nodeport integer)
    RETURNS integer LANGUAGE C STRICT AS 'MODULE_PATHNAME', 'citus_activate_node';
REVOKE ALL ON FUNCTION pg_catalog.citus_activate_node(text, integer) FROM public;

-- Changes a node's host and port (failover to a promoted standby).
CREATE FUNCTION pg_catalog.citus_update_node(node_id integer, new_node_name text,
                                             new_node_port integer, force boolean DEFAULT false,
                                             lock_cooldown integer DEFAULT 10000)
    RETURNS void LANGUAGE C STRICT AS 'MODULE_PATHNAME', 'citus_update_node';
REVOKE ALL ON FUNCTION pg_catalog.citus_update_node(integer, text, integer, boolean, integer)
    FROM public;

-- The older names, kept by Citus for existing scripts.
CREATE FUNCTION pg_catalog.master_disable_node(nodename text, nodeport integer)
    RETURNS void LANGUAGE C STRICT AS 'MODULE_PATHNAME', 'citus_disable_node';
REVOKE ALL ON FUNCTION pg_catalog.master_disable_node(text, integer) FROM public;
CREATE FUNCTION pg_catalog.master_activate_node(nodename text, nodeport integer)
    RETURNS integer LANGUAGE C STRICT AS 'MODULE_PATHNAME', 'citus_activate_node';
REVOKE ALL ON FUNCTION pg_catalog.master_activate_node(text, integer) FROM public;
CREATE FUNCTION pg_catalog.master_update_node(node_id integer, new_node_name text,
                                              new_node_port integer, force boolean DEFAULT false,
                                              lock_cooldown integer DEFAULT 10000)
    RETURNS void LANGUAGE C STRICT AS 'MODULE_PATHNAME', 'citus_update_node';
REVOKE ALL ON FUNCTION pg_catalog.master_update_node(integer, text, integer, boolean, integer)
    FROM public;

-- The same named restore point on the coordinator and every active primary worker, taken while
-- distributed commits and metadata changes in this database wait; returns the coordinator's LSN.
CREATE FUNCTION pg_catalog.citus_create_restore_point(name text) RETURNS pg_lsn
    LANGUAGE C STRICT VOLATILE AS 'MODULE_PATHNAME', 'citus_create_restore_point';
REVOKE ALL ON FUNCTION pg_catalog.citus_create_restore_point(text) FROM public;
