-- Foreign keys on distributed and reference tables: enforced on the workers by constraints
-- between shards on the same node (colocated distributed -> distributed through the
-- distribution columns, distributed/reference -> reference, self-references), with the
-- worker's error on violations; the unsupported shapes fail with a clear error.
\set SHOW_CONTEXT never
ALTER SEQUENCE pg_dist_shardid_seq RESTART 700000;
SET tessera.shard_count = 4;

CREATE TABLE currencies (code text PRIMARY KEY, name text NOT NULL);
CREATE TABLE companies (
    id bigint PRIMARY KEY,
    name text NOT NULL,
    currency text REFERENCES currencies (code)
);
CREATE TABLE campaigns (
    company_id bigint REFERENCES companies (id) ON DELETE CASCADE,
    id bigint,
    budget_currency text REFERENCES currencies (code) ON UPDATE CASCADE ON DELETE SET NULL,
    PRIMARY KEY (company_id, id)
);
-- composite key, a column named like the referenced table, SET NULL of one column only,
-- deferrable
CREATE TABLE ads (
    company_id bigint,
    id bigint,
    campaigns bigint,
    PRIMARY KEY (company_id, id),
    CONSTRAINT ads_campaign_fkey FOREIGN KEY (company_id, campaigns)
        REFERENCES campaigns (company_id, id) ON DELETE SET NULL (campaigns)
        DEFERRABLE INITIALLY DEFERRED
);
INSERT INTO currencies VALUES ('EUR', 'euro'), ('USD', 'dollar'), ('JPY', 'yen');
INSERT INTO companies SELECT i, 'company ' || i, (ARRAY['EUR', 'USD'])[i % 2 + 1]
  FROM generate_series(1, 20) i;
INSERT INTO campaigns SELECT i % 20 + 1, i, 'JPY' FROM generate_series(1, 100) i;
INSERT INTO ads SELECT company_id, id, id FROM campaigns;

-- The referenced tables must be distributed first.
SELECT create_distributed_table('campaigns', 'company_id');
SELECT create_distributed_table('companies', 'id');
SELECT create_reference_table('currencies');
SELECT create_distributed_table('companies', 'id');
SELECT create_distributed_table('campaigns', 'company_id');
SELECT create_distributed_table('ads', 'company_id', colocate_with => 'campaigns');
SELECT (SELECT count(*) FROM companies) AS companies, (SELECT count(*) FROM campaigns) AS campaigns,
       (SELECT count(*) FROM ads) AS ads;

-- Shard i references shard i of the colocated table and the reference table's copy on its node.
\c - - - :worker_1_port
SELECT conrelid::regclass AS shard, conname, pg_get_constraintdef(oid) AS definition
  FROM pg_constraint WHERE contype = 'f' AND connamespace = 'public'::regnamespace
 ORDER BY conrelid::regclass::text, conname;
\c - - - :coordinator_port

-- Violations fail with the worker's error; nothing is written.
INSERT INTO campaigns VALUES (999, 1, 'EUR');
INSERT INTO campaigns VALUES (1, 1000, 'GBP');
INSERT INTO companies VALUES (21, 'new', 'CHF');
COPY campaigns FROM STDIN WITH (FORMAT csv);
2,2000,EUR
777,2001,EUR
\.
UPDATE campaigns SET budget_currency = 'XXX' WHERE company_id = 3;
SELECT count(*) FROM campaigns WHERE id >= 1000 OR budget_currency NOT IN ('JPY', 'EUR', 'USD');
-- a multi-row insert touching several shards is all or nothing
INSERT INTO campaigns VALUES (1, 1001, 'EUR'), (2, 1002, 'EUR'), (555, 1003, 'EUR');
SELECT count(*) FROM campaigns WHERE id > 1000;
-- session_replication_role = replica reaches the shards: their foreign keys do not fire, as
-- in PostgreSQL (data loaders set it), on every node and for COPY; after RESET they fire again.
SET session_replication_role = replica;
INSERT INTO campaigns VALUES (1, 1004, 'GBP'), (2, 1005, 'EUR'), (556, 1006, 'EUR');
COPY campaigns FROM STDIN WITH (FORMAT csv);
557,1007,EUR
\.
RESET session_replication_role;
INSERT INTO campaigns VALUES (558, 1008, 'EUR');
SELECT company_id, id, budget_currency FROM campaigns WHERE id BETWEEN 1004 AND 1008 ORDER BY id;
DELETE FROM campaigns WHERE id BETWEEN 1004 AND 1008;

-- ON DELETE CASCADE reaches the colocated campaigns; SET NULL (campaigns) the ads.
SELECT count(*) FROM campaigns WHERE company_id = 5;
DELETE FROM companies WHERE id = 5;
SELECT count(*) FROM campaigns WHERE company_id = 5;
SELECT count(*) AS ads, count(campaigns) AS with_campaign FROM ads WHERE company_id = 5;
-- MATCH FULL: both columns or neither
CREATE TABLE ad_notes (company_id bigint, ad_id bigint, note text,
                       FOREIGN KEY (company_id, ad_id) REFERENCES ads MATCH FULL);
SELECT create_distributed_table('ad_notes', 'company_id');
INSERT INTO ad_notes VALUES (2, 21, 'fine');
INSERT INTO ad_notes VALUES (1, NULL, 'half');
SELECT colocationid = (SELECT colocationid FROM pg_dist_partition WHERE logicalrelid = 'ads'::regclass)
       AS colocated_by_default
  FROM pg_dist_partition WHERE logicalrelid = 'ad_notes'::regclass;

-- Deferred: checked at commit.
BEGIN;
INSERT INTO ads VALUES (8, 5000, 5000);
INSERT INTO campaigns VALUES (8, 5000, 'EUR');
COMMIT;
BEGIN;
INSERT INTO ads VALUES (8, 5001, 5001);
COMMIT;
SELECT id FROM ads WHERE company_id = 8 AND id >= 5000 ORDER BY id;

-- Reference tables: RESTRICT by default, ON UPDATE CASCADE into every shard.
-- (Every copy of the reference table refuses; whichever worker answers first, the message names
-- the coordinator's tables.)
DO $$
BEGIN
    DELETE FROM currencies WHERE code = 'EUR';
EXCEPTION WHEN foreign_key_violation THEN
    RAISE NOTICE 'refused: %', SQLERRM;
END $$;
UPDATE currencies SET code = 'YEN' WHERE code = 'JPY';
SELECT budget_currency, count(*) FROM campaigns GROUP BY 1 ORDER BY 1;
DELETE FROM currencies WHERE code = 'YEN' RETURNING code;
SELECT count(*) FROM campaigns WHERE budget_currency IS NULL;

-- TRUNCATE behaves as in PostgreSQL.
TRUNCATE companies;
TRUNCATE currencies;
BEGIN;
TRUNCATE companies CASCADE;
SELECT (SELECT count(*) FROM companies) AS companies, (SELECT count(*) FROM campaigns) AS campaigns,
       (SELECT count(*) FROM ads) AS ads;
ROLLBACK;
SELECT (SELECT count(*) FROM companies) AS companies, (SELECT count(*) FROM campaigns) AS campaigns;

-- Shapes that cannot be enforced between shards.
CREATE TABLE not_colocated (company_id bigint REFERENCES companies (id));
SELECT create_distributed_table('not_colocated', 'company_id', colocate_with => 'none');
SELECT create_distributed_table('not_colocated', 'company_id', shard_count => 3);
CREATE TABLE other_column (company_id bigint, other_id bigint REFERENCES companies (id));
SELECT create_distributed_table('other_column', 'company_id');
CREATE TABLE sets_key (company_id bigint REFERENCES companies (id) ON DELETE SET NULL);
SELECT create_distributed_table('sets_key', 'company_id');
CREATE TABLE ref_to_dist (company_id bigint REFERENCES companies (id));
SELECT create_reference_table('ref_to_dist');
CREATE TABLE local_parent (id bigint PRIMARY KEY);
CREATE TABLE dist_to_local (id bigint REFERENCES local_parent (id));
SELECT create_distributed_table('dist_to_local', 'id');
SELECT create_reference_table('dist_to_local');
SELECT count(*) AS distributed FROM pg_dist_partition
 WHERE logicalrelid::text IN ('not_colocated', 'other_column', 'sets_key', 'ref_to_dist',
                              'dist_to_local');
DROP TABLE not_colocated, other_column, sets_key, ref_to_dist, dist_to_local, local_parent;

-- Rows that violate a key on the workers fail the whole call: here a row the coordinator's check
-- did not see (triggers off). Deleting a company while a local table references it is refused
-- (distribute_local_foreign_keys), so that is no longer a way to such a row.
DELETE FROM companies WHERE id = 3;
CREATE TABLE late (company_id bigint REFERENCES companies (id), n int);
INSERT INTO late SELECT id, 1 FROM companies WHERE id = 2;
SET session_replication_role = replica;
INSERT INTO late VALUES (99, 1);
RESET session_replication_role;
SELECT create_distributed_table('late', 'company_id');
SELECT count(*) AS late_rows, (SELECT count(*) FROM pg_dist_partition
                                WHERE logicalrelid = 'late'::regclass) AS distributed FROM late;
DELETE FROM late WHERE company_id = 99;
SELECT create_distributed_table('late', 'company_id');
SELECT count(*) FROM late;

-- Self-reference through the distribution column.
CREATE TABLE tree (tenant int, id int, parent int, PRIMARY KEY (tenant, id),
                   FOREIGN KEY (tenant, parent) REFERENCES tree (tenant, id) ON DELETE CASCADE);
INSERT INTO tree VALUES (1, 1, NULL), (1, 2, 1), (1, 3, 2), (2, 1, NULL), (2, 2, 1);
SELECT create_distributed_table('tree', 'tenant');
INSERT INTO tree VALUES (1, 4, 99);
DELETE FROM tree WHERE tenant = 1 AND id = 1;
SELECT * FROM tree ORDER BY tenant, id;
CREATE TABLE flat (tenant int, id int PRIMARY KEY, parent int REFERENCES flat (id));
SELECT create_distributed_table('flat', 'id');

-- undistribute_table: referencing tables first.
SELECT undistribute_table('companies');
SELECT undistribute_table('tree');
SELECT count(*) FROM tree;

-- DROP of a referenced table needs CASCADE, as in PostgreSQL; the shards lose their keys too.
DROP TABLE currencies;
DROP TABLE currencies CASCADE;
\c - - - :worker_1_port
SELECT count(*) AS keys_to_currencies FROM pg_constraint
 WHERE contype = 'f' AND confrelid::regclass::text LIKE 'currencies%';
\c - - - :coordinator_port
DROP TABLE ad_notes, ads, campaigns, companies, late, tree, flat;

-- A worker added later gets the reference tables with their keys.
CREATE TABLE ref_parent (code int PRIMARY KEY);
CREATE TABLE ref_child (code int REFERENCES ref_parent ON DELETE CASCADE, note text);
INSERT INTO ref_parent VALUES (1), (2);
INSERT INTO ref_child VALUES (1, 'one'), (2, 'two');
SELECT create_reference_table('ref_parent');
SELECT create_reference_table('ref_child');
SELECT citus_remove_node('127.0.0.1', :worker_2_port);
SELECT citus_add_node('127.0.0.1', :worker_2_port) > 0 AS added;
\c - - - :worker_2_port
SELECT conrelid::regclass AS shard, conname, pg_get_constraintdef(oid) AS definition
  FROM pg_constraint WHERE contype = 'f' AND connamespace = 'public'::regnamespace
 ORDER BY conrelid::regclass::text, conname;
SELECT format('SELECT * FROM %I ORDER BY code', tablename) FROM pg_tables
 WHERE tablename LIKE 'ref\_child\_%' \gexec
\c - - - :coordinator_port
DELETE FROM ref_parent WHERE code = 1;
SELECT * FROM ref_child ORDER BY code;
DROP TABLE ref_child, ref_parent;
SELECT count(*) AS distributed_tables FROM pg_dist_partition;
