-- Commit records of two-phase commits: a prepared transaction named here was decided committed.
CREATE TABLE tessera.pg_dist_transaction (
    groupid integer NOT NULL,
    gid text NOT NULL,
    PRIMARY KEY (groupid, gid)
);
ALTER TABLE tessera.pg_dist_transaction SET SCHEMA pg_catalog;
GRANT SELECT ON pg_catalog.pg_dist_transaction TO public;
