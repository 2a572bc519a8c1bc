-- Deferred drops of shards left behind by moves (Citus's pg_dist_cleanup). A move that cannot
-- take its tables' ACCESS EXCLUSIVE lock at once (a transaction still holds a lock on one of
-- them, and may still read the source shards) switches the placements anyway and records each
-- source shard here, in its own transaction: the shard is dropped once the transactions that held
-- a lock on its table then have ended, by the maintenance worker's next pass or by
-- citus_cleanup_orphaned_resources().
-- object_type 1 is a shard table, policy_type 2 a drop deferred after the operation succeeded.
CREATE SEQUENCE tessera.pg_dist_cleanup_recordid_seq;
ALTER SEQUENCE tessera.pg_dist_cleanup_recordid_seq SET SCHEMA pg_catalog;
CREATE SEQUENCE tessera.pg_dist_operationid_seq;
ALTER SEQUENCE tessera.pg_dist_operationid_seq SET SCHEMA pg_catalog;
CREATE TABLE tessera.pg_dist_cleanup (
    record_id bigint NOT NULL PRIMARY KEY,
    operation_id bigint NOT NULL,
    object_type integer NOT NULL,
    object_name text NOT NULL,
    node_group_id integer NOT NULL,
    policy_type integer NOT NULL
);
ALTER TABLE tessera.pg_dist_cleanup SET SCHEMA pg_catalog;
GRANT SELECT ON pg_catalog.pg_dist_cleanup TO public;

-- Drops the shards recorded in pg_dist_cleanup now, waiting for the transactions that hold a lock
-- on their tables.
CREATE FUNCTION pg_catalog.citus_cleanup_orphaned_resources()
    RETURNS void LANGUAGE C STRICT VOLATILE
    AS 'MODULE_PATHNAME', 'citus_cleanup_orphaned_resources';
REVOKE ALL ON FUNCTION pg_catalog.citus_cleanup_orphaned_resources() FROM public;
