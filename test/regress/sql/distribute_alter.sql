-- alter_distributed_table(table, distribution_column, shard_count, colocate_with,
-- cascade_to_colocated): the table is rebuilt (undistributed and distributed again) in the
-- caller's transaction, keeping its rows, indexes, constraints, privileges, views and foreign keys
-- to reference tables; what it cannot do correctly is refused before anything changes.
ALTER SEQUENCE pg_dist_shardid_seq RESTART 430000;
CREATE SCHEMA adt;
SET search_path TO adt, public;
CREATE TABLE countries (code text PRIMARY KEY);
INSERT INTO countries VALUES ('fr'), ('nl'), ('de');
SELECT create_reference_table('countries');
CREATE TABLE accounts (
    id bigserial,
    tenant int NOT NULL,
    country text REFERENCES countries (code),
    balance numeric CHECK (balance >= 0),
    PRIMARY KEY (tenant, id)
);
CREATE INDEX accounts_balance ON accounts (balance);
INSERT INTO accounts (tenant, country, balance)
    SELECT g % 10, (ARRAY['fr', 'nl', 'de'])[1 + g % 3], g FROM generate_series(1, 200) g;
SELECT create_distributed_table('accounts', 'tenant', shard_count := 4);
CREATE TABLE events (tenant int, what text);
INSERT INTO events SELECT g % 10, 'e' || g FROM generate_series(1, 100) g;
SELECT create_distributed_table('events', 'tenant', colocate_with := 'accounts');
CREATE VIEW rich AS SELECT tenant, count(*) FROM accounts WHERE balance > 100 GROUP BY tenant;
CREATE ROLE adt_reader LOGIN;
GRANT USAGE ON SCHEMA adt TO adt_reader;
GRANT SELECT ON accounts TO adt_reader;

-- How the tables are distributed, and what they hold.
CREATE FUNCTION layout() RETURNS TABLE (table_name regclass, distribution_column text,
                                        shard_count bigint, colocated_with_accounts boolean)
LANGUAGE sql AS $$
    SELECT t.table_name, t.distribution_column, t.shard_count,
           t.colocation_id = (SELECT colocation_id FROM citus_tables
                              WHERE table_name = 'adt.accounts'::regclass)
    FROM citus_tables t WHERE t.table_name::text IN ('accounts', 'events', 'other')
    ORDER BY 1::text
$$;
CREATE FUNCTION contents() RETURNS TABLE (accounts bigint, balance numeric, events bigint,
                                          joined bigint, rich bigint)
LANGUAGE sql AS $$
    SELECT (SELECT count(*) FROM accounts), (SELECT sum(balance) FROM accounts),
           (SELECT count(*) FROM events),
           (SELECT count(*) FROM accounts a JOIN events e USING (tenant)),
           (SELECT sum(count) FROM rich)
$$;
SELECT * FROM layout();
SELECT * FROM contents();

-- A new shard count for the table and its colocated tables.
SELECT alter_distributed_table('accounts', shard_count := 6, cascade_to_colocated := true);
SELECT * FROM layout();
SELECT * FROM contents();
-- The shards have the table's indexes and constraints, and the foreign key to the reference table.
SELECT shardid, result FROM run_command_on_shards('accounts',
    $$SELECT count(*) FROM pg_indexes WHERE schemaname || '.' || tablename = '%s'$$);
\set VERBOSITY terse
INSERT INTO accounts (tenant, country, balance) VALUES (1, 'fr', -1);
INSERT INTO accounts (tenant, country, balance) VALUES (1, 'xx', 1);
INSERT INTO accounts (id, tenant, country, balance) VALUES (1, 1, 'fr', 1);
\set VERBOSITY default
-- The sequence keeps going; the privileges hold.
INSERT INTO accounts (tenant, country, balance) VALUES (3, 'nl', 5) RETURNING id;
SET ROLE adt_reader;
SELECT count(*) FROM accounts;
RESET ROLE;
DELETE FROM accounts WHERE tenant = 3 AND balance = 5;

-- Only this table: it leaves the colocation group.
SELECT alter_distributed_table('accounts', shard_count := 3, cascade_to_colocated := false);
SELECT * FROM layout();
SELECT * FROM contents();
-- ... and joins it again.
SELECT alter_distributed_table('events', colocate_with := 'accounts');
SELECT * FROM layout();
SELECT * FROM contents();

-- Another distribution column, and a colocation group of its own.
CREATE TABLE other (id int, tenant int, note text);
INSERT INTO other SELECT g, g % 5, 'n' FROM generate_series(1, 30) g;
SELECT create_distributed_table('other', 'id', colocate_with := 'accounts');
SELECT alter_distributed_table('other', distribution_column := 'tenant');
SELECT * FROM layout();
SELECT alter_distributed_table('other', colocate_with := 'none');
SELECT * FROM layout();
SELECT count(*), sum(id) FROM other;
SELECT other.tenant, count(*) FROM other WHERE tenant = 2 GROUP BY 1;

-- Rolled back with the transaction.
BEGIN;
SELECT alter_distributed_table('other', shard_count := 2);
SELECT count(*), sum(id) FROM other;
ROLLBACK;
SELECT * FROM layout();
SELECT count(*), sum(id) FROM other;

-- Bad input and what it cannot do: a clear error, nothing changed.
\set VERBOSITY terse
SELECT alter_distributed_table(NULL, shard_count := 2);
SELECT alter_distributed_table('pg_class', shard_count := 2);
SELECT alter_distributed_table('countries', shard_count := 2);
SELECT alter_distributed_table('accounts');
SELECT alter_distributed_table('accounts', shard_count := 3);
SELECT alter_distributed_table('accounts', distribution_column := 'tenant');
SELECT alter_distributed_table('accounts', shard_count := 0);
SELECT alter_distributed_table('accounts', distribution_column := 'nope');
SELECT alter_distributed_table('accounts', distribution_column := 'ctid');
-- a unique constraint without the new distribution column
SELECT alter_distributed_table('accounts', distribution_column := 'country');
-- the colocated table must follow a new shard count, or be left explicitly
SELECT alter_distributed_table('accounts', shard_count := 5);
SELECT alter_distributed_table('accounts', shard_count := 5, colocate_with := 'events');
SELECT alter_distributed_table('events', colocate_with := 'other', cascade_to_colocated := true);
SELECT alter_distributed_table('events', distribution_column := 'what',
                               cascade_to_colocated := true);
SELECT alter_distributed_table('events', distribution_column := 'what', colocate_with := 'accounts');
SELECT alter_distributed_table('events', colocate_with := 'countries');
SELECT alter_distributed_table('events', colocate_with := 'events');
SELECT alter_distributed_table('events', colocate_with := 'no_such_table');
-- foreign keys between distributed tables
CREATE TABLE parents (id int PRIMARY KEY);
SELECT create_distributed_table('parents', 'id');
CREATE TABLE children (parent int REFERENCES parents (id));
SELECT create_distributed_table('children', 'parent', colocate_with := 'parents');
SELECT alter_distributed_table('parents', shard_count := 3, cascade_to_colocated := false);
SELECT alter_distributed_table('children', shard_count := 3, cascade_to_colocated := false);
-- partitioned tables and their partitions
CREATE TABLE parted (tenant int, at date) PARTITION BY RANGE (at);
CREATE TABLE parted_2024 PARTITION OF parted FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
SELECT create_distributed_table('parted', 'tenant');
SELECT alter_distributed_table('parted', shard_count := 4, cascade_to_colocated := true);
SELECT alter_distributed_table('parted_2024', shard_count := 4, cascade_to_colocated := true);
DROP TABLE parted;
-- only the owner
SET ROLE adt_reader;
SELECT alter_distributed_table('other', shard_count := 2);
RESET ROLE;
\set VERBOSITY default
SELECT * FROM layout();
SELECT * FROM contents();

REVOKE USAGE ON SCHEMA adt FROM adt_reader;
RESET search_path;
DROP SCHEMA adt CASCADE;
DROP ROLE adt_reader;
