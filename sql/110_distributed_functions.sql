-- Distributed functions: functions created on every worker as on the coordinator, so that shard
-- queries may call them there. pg_dist_object records them with Citus's columns (only functions
-- and procedures are recorded today: classid is pg_proc).

CREATE SCHEMA tessera_function_setup;

CREATE TABLE tessera_function_setup.pg_dist_object (
    classid oid NOT NULL,
    objid oid NOT NULL,
    objsubid integer NOT NULL DEFAULT 0,
    type text,
    object_names text[],
    object_args text[],
    distribution_argument_index integer,
    colocationid integer,
    force_delegation boolean
);
CREATE UNIQUE INDEX pg_dist_object_pkey
    ON tessera_function_setup.pg_dist_object (classid, objid, objsubid);
ALTER TABLE tessera_function_setup.pg_dist_object SET SCHEMA pg_catalog;
DROP SCHEMA tessera_function_setup;
GRANT SELECT ON pg_catalog.pg_dist_object TO public;

CREATE FUNCTION pg_catalog.create_distributed_function(function_name regprocedure,
                                                       distribution_arg_name text DEFAULT NULL,
                                                       colocate_with text DEFAULT 'default',
                                                       force_delegation boolean DEFAULT NULL)
    RETURNS void LANGUAGE C CALLED ON NULL INPUT
    AS 'MODULE_PATHNAME', 'tessera_create_distributed_function';
COMMENT ON FUNCTION pg_catalog.create_distributed_function(regprocedure, text, text, boolean)
    IS 'creates a function on every worker node, so that queries can run it there';
