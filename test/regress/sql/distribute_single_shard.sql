-- Single-shard distributed tables: create_distributed_table(t, NULL) makes a table of one shard on
-- one worker, with no distribution column (Citus 12). Tables colocated with it share its node;
-- queries over one such group (and reference tables) run whole there.
CREATE SCHEMA ss;
SET search_path TO ss, public;
-- Ports and shard ids vary between runs: EXPLAIN output goes through explain_text().
CREATE FUNCTION explain_text(query text) RETURNS SETOF text LANGUAGE plpgsql AS $$
DECLARE
    line text;
BEGIN
    FOR line IN EXECUTE 'EXPLAIN (COSTS OFF) ' || query LOOP
        RETURN NEXT regexp_replace(regexp_replace(line, 'port=[0-9]+', 'port=N'),
                                   '_[0-9]+\M', '_N', 'g');
    END LOOP;
END
$$;
CREATE VIEW ss_tables AS
    SELECT c.oid::regclass AS logicalrelid FROM pg_class c
    WHERE c.relnamespace = 'ss'::regnamespace AND c.relkind IN ('r', 'p');

-- Creation: local rows move to the shard; the catalogs look as in Citus.
CREATE TABLE tenants (id int PRIMARY KEY, name text NOT NULL);
INSERT INTO tenants SELECT g, 'tenant ' || g FROM generate_series(1, 6) g;
SELECT create_distributed_table('tenants', NULL);
SELECT pg_relation_size('tenants') AS local_size, count(*) FROM tenants;
CREATE TABLE projects (id int PRIMARY KEY, tenant_id int REFERENCES tenants (id),
                       title text UNIQUE, budget int);
SELECT create_distributed_table('projects', distribution_column => NULL,
                                colocate_with => 'tenants');
CREATE TABLE loners (x int, y text);
SELECT create_distributed_table('loners', NULL, colocate_with => 'none');
SELECT logicalrelid, partmethod, partkey IS NULL AS no_partkey, repmodel
FROM pg_dist_partition WHERE logicalrelid IN (SELECT * FROM ss_tables)
ORDER BY logicalrelid::text;
SELECT s.logicalrelid, s.shardminvalue IS NULL AND s.shardmaxvalue IS NULL AS no_range,
       count(*) OVER (PARTITION BY s.logicalrelid) AS shards
FROM pg_dist_shard s WHERE s.logicalrelid IN (SELECT * FROM ss_tables)
ORDER BY s.logicalrelid::text;
SELECT c.shardcount, c.replicationfactor, c.distributioncolumntype,
       (SELECT count(*) FROM pg_dist_partition p WHERE p.colocationid = c.colocationid) AS tables
FROM pg_dist_colocation c
WHERE c.colocationid IN (SELECT colocationid FROM pg_dist_partition
                         WHERE logicalrelid IN (SELECT * FROM ss_tables))
ORDER BY 4 DESC;
SELECT table_name, citus_table_type, distribution_column, shard_count
FROM citus_tables WHERE table_name IN (SELECT * FROM ss_tables) ORDER BY table_name::text;
-- Colocated tables share the node; successive new groups go to successive workers.
SELECT count(DISTINCT nodeport) AS nodes FROM citus_shards
WHERE table_name IN ('tenants'::regclass, 'projects'::regclass);
SELECT (SELECT nodeport FROM citus_shards WHERE table_name = 'tenants'::regclass) <>
       (SELECT nodeport FROM citus_shards WHERE table_name = 'loners'::regclass) AS spread;
SELECT DISTINCT citus_table_type FROM citus_shards WHERE table_name IN (SELECT * FROM ss_tables);

-- Writes: every row goes to the one shard, any column may change, ON CONFLICT on any unique key.
INSERT INTO projects VALUES (1, 1, 'alpha', 10), (2, 1, 'beta', 20), (3, 2, 'gamma', 30);
-- (The worker's message names the shard, whose id depends on earlier tests: masked.)
DO $$
BEGIN
    INSERT INTO projects VALUES (4, 99, 'orphan', 1);
EXCEPTION WHEN foreign_key_violation THEN
    RAISE NOTICE 'refused: %', regexp_replace(SQLERRM, '_[0-9]+"', '_N"', 'g');
END $$;
INSERT INTO projects VALUES (5, 3, 'alpha', 5)
    ON CONFLICT (title) DO UPDATE SET budget = projects.budget + excluded.budget;
UPDATE projects SET id = id + 100, tenant_id = 3 WHERE title = 'gamma';
SELECT * FROM projects ORDER BY id;
PREPARE upsert(int, int, text, int) AS
    INSERT INTO projects VALUES ($1, $2, $3, $4) ON CONFLICT (id) DO UPDATE SET budget = $4;
EXECUTE upsert(1, 1, 'alpha', 11);
EXECUTE upsert(1, 1, 'alpha', 12);
EXECUTE upsert(1, 1, 'alpha', 13);
EXECUTE upsert(1, 1, 'alpha', 14);
EXECUTE upsert(1, 1, 'alpha', 15);
EXECUTE upsert(1, 1, 'alpha', 16);
EXECUTE upsert(6, 4, 'delta', 40);
SELECT id, budget FROM projects WHERE id IN (1, 6) ORDER BY id;

-- Reads over the group run as one task on its node.
SELECT explain_text($$
SELECT t.name, sum(p.budget) FROM tenants t JOIN projects p ON p.tenant_id = t.id GROUP BY 1$$);
SELECT t.name, sum(p.budget) FROM tenants t JOIN projects p ON p.tenant_id = t.id
GROUP BY 1 ORDER BY 1;
WITH spend AS (SELECT tenant_id, sum(budget) AS total FROM projects GROUP BY 1)
SELECT t.id, s.total FROM tenants t LEFT JOIN spend s ON s.tenant_id = t.id ORDER BY 1;
SELECT id, (SELECT count(*) FROM projects p WHERE p.tenant_id = t.id) AS projects,
       rank() OVER (ORDER BY id DESC)
FROM tenants t ORDER BY id;
SELECT count(*) FROM tenants t WHERE t = ROW(1, 'tenant 1')::tenants;
PREPARE by_id(int) AS SELECT name FROM tenants WHERE id = $1;
EXECUTE by_id(1);
EXECUTE by_id(2);
EXECUTE by_id(3);
EXECUTE by_id(4);
EXECUTE by_id(5);
EXECUTE by_id(6);

-- With reference tables too.
CREATE TABLE plans (id int PRIMARY KEY, label text);
SELECT create_reference_table('plans');
INSERT INTO plans VALUES (1, 'free'), (2, 'pro');
ALTER TABLE tenants ADD COLUMN plan_id int;
ALTER TABLE tenants ADD CONSTRAINT tenants_plan_fk FOREIGN KEY (plan_id) REFERENCES plans (id);
UPDATE tenants SET plan_id = CASE WHEN id % 2 = 0 THEN 2 ELSE 1 END;
DO $$
BEGIN
    UPDATE tenants SET plan_id = 3 WHERE id = 1;
EXCEPTION WHEN foreign_key_violation THEN
    RAISE NOTICE 'refused: %', regexp_replace(SQLERRM, '_[0-9]+"', '_N"', 'g');
END $$;
SELECT explain_text($$
SELECT pl.label, count(*) FROM tenants t JOIN plans pl ON pl.id = t.plan_id GROUP BY 1$$);
SELECT pl.label, count(*) FROM tenants t JOIN plans pl ON pl.id = t.plan_id GROUP BY 1 ORDER BY 1;

-- INSERT ... SELECT within the group is pushed down as one task.
CREATE TABLE project_copy (id int, tenant_id int, budget int);
SELECT create_distributed_table('project_copy', NULL, colocate_with => 'projects');
SELECT explain_text($$INSERT INTO project_copy SELECT id, tenant_id, budget FROM projects$$);
INSERT INTO project_copy SELECT id, tenant_id, budget FROM projects;
INSERT INTO project_copy SELECT id, tenant_id, budget FROM projects ORDER BY id LIMIT 1;
SELECT count(*), sum(budget) FROM project_copy;
DELETE FROM project_copy c USING tenants t WHERE c.tenant_id = t.id AND t.name = 'tenant 1';
UPDATE project_copy SET budget = 0 WHERE tenant_id IN (SELECT id FROM tenants WHERE plan_id = 2);
SELECT tenant_id, count(*), sum(budget) FROM project_copy GROUP BY 1 ORDER BY 1;

-- Tables of other groups and hash-distributed tables: read on the coordinator, same answers.
CREATE TABLE accounts (id int PRIMARY KEY, tenant_id int);
SELECT create_distributed_table('accounts', 'id');
INSERT INTO accounts SELECT g, g % 4 + 1 FROM generate_series(1, 20) g;
INSERT INTO loners SELECT id, name FROM tenants;
SELECT t.id, count(a.id) FROM tenants t LEFT JOIN accounts a ON a.tenant_id = t.id
GROUP BY 1 ORDER BY 1;
SELECT count(*) FROM tenants t JOIN loners l ON l.x = t.id;
UPDATE loners SET y = t.name || '!' FROM tenants t WHERE t.id = loners.x AND t.id < 3;
SELECT * FROM loners WHERE y LIKE '%!' ORDER BY x;
INSERT INTO accounts SELECT id + 100, id FROM tenants;
SELECT count(*) FROM accounts;

-- COPY in and out.
COPY project_copy (id, tenant_id, budget) FROM stdin;
500	5	50
501	6	60
\.
COPY (SELECT id, budget FROM project_copy WHERE id >= 500 ORDER BY id) TO stdout;
SELECT count(*) FROM project_copy;

-- DDL reaches the shard; a unique key need not include any column in particular.
ALTER TABLE projects ADD COLUMN archived bool DEFAULT false;
CREATE UNIQUE INDEX projects_budget_title ON projects (budget, title);
ALTER TABLE projects ADD CONSTRAINT budget_positive CHECK (budget > 0);
DO $$
BEGIN
    UPDATE projects SET budget = -1 WHERE id = 1;
EXCEPTION WHEN check_violation THEN
    RAISE NOTICE 'refused: %', regexp_replace(SQLERRM, '_[0-9]+"', '_N"', 'g');
END $$;
SELECT success, result
FROM run_command_on_placements('projects', $$SELECT count(*) FROM %s WHERE NOT archived$$);
SELECT get_shard_id_for_distribution_column('projects', 42) =
       (SELECT shardid FROM pg_dist_shard WHERE logicalrelid = 'projects'::regclass) AS one_shard;

-- Foreign keys: to reference tables and between colocated single-shard tables only.
CREATE TABLE bad_fk (id int PRIMARY KEY, tenant_id int REFERENCES tenants (id));
SELECT create_distributed_table('bad_fk', NULL);
SELECT create_distributed_table('bad_fk', 'id');
SELECT create_reference_table('bad_fk');
DROP TABLE bad_fk;
CREATE TABLE bad_fk (id int PRIMARY KEY, account_id int REFERENCES accounts (id));
SELECT create_distributed_table('bad_fk', NULL);
DROP TABLE bad_fk;
ALTER TABLE loners ADD CONSTRAINT fk FOREIGN KEY (x) REFERENCES tenants (id);
ALTER TABLE accounts ADD CONSTRAINT fk FOREIGN KEY (tenant_id) REFERENCES tenants (id);

-- Refused clearly.
CREATE TABLE other (id int);
SELECT create_distributed_table('other', 'id', colocate_with => 'tenants');
SELECT create_distributed_table('other', NULL, colocate_with => 'accounts');
SELECT create_distributed_table('other', NULL, shard_count => 4);
SELECT alter_distributed_table('tenants', shard_count => 4);
SELECT alter_distributed_table('accounts', colocate_with => 'tenants');
SELECT update_distributed_table_colocation('loners', colocate_with => 'tenants');
SELECT isolate_tenant_to_new_shard('tenants', 1);
DO $$
BEGIN
    PERFORM citus_split_shard_by_split_points(
        (SELECT shardid FROM pg_dist_shard WHERE logicalrelid = 'tenants'::regclass), ARRAY['0'],
        (SELECT array_agg(nodeid ORDER BY nodeid) FROM pg_dist_node WHERE groupid > 0));
EXCEPTION WHEN feature_not_supported THEN
    RAISE NOTICE 'refused: %', regexp_replace(SQLERRM, 'shard [0-9]+', 'shard N');
END $$;
SELECT create_distributed_table_concurrently('other', NULL);
CREATE TABLE events (id int, at date) PARTITION BY RANGE (at);
SELECT create_distributed_table('events', NULL);
DROP TABLE other, events;

-- A move takes the whole group; the rebalancer sees single-shard groups.
SELECT nodeport AS from_port, CASE nodeport WHEN :worker_1_port THEN :worker_2_port
                                            ELSE :worker_1_port END AS to_port
FROM citus_shards WHERE table_name = 'tenants'::regclass \gset
SELECT citus_move_shard_placement(
    (SELECT shardid FROM pg_dist_shard WHERE logicalrelid = 'tenants'::regclass),
    '127.0.0.1', :from_port, '127.0.0.1', :to_port, 'block_writes');
SELECT table_name, nodeport = :to_port AS moved FROM citus_shards
WHERE table_name IN ('tenants'::regclass, 'projects'::regclass, 'project_copy'::regclass)
ORDER BY table_name::text;
SELECT t.name, sum(p.budget) FROM tenants t JOIN projects p ON p.tenant_id = t.id
GROUP BY 1 ORDER BY 1;
INSERT INTO projects VALUES (7, 5, 'epsilon', 70);
SELECT count(*) FROM projects;

-- Transactions: with hash tables and other groups, rolled back and committed.
BEGIN;
INSERT INTO tenants VALUES (7, 'tenant 7', 1);
INSERT INTO accounts VALUES (1000, 7);
INSERT INTO loners VALUES (7, 'seven');
SELECT count(*) FROM tenants;
ROLLBACK;
SELECT count(*) FROM tenants WHERE id = 7;
SELECT count(*) FROM loners WHERE x = 7;

-- undistribute_table keeps the rows; TRUNCATE and DROP reach the shard.
SELECT undistribute_table('loners');
SELECT count(*) FROM loners;
SELECT count(*) FROM pg_dist_partition WHERE logicalrelid = 'loners'::regclass;
SELECT create_distributed_table('loners', NULL);
SELECT count(*) FROM loners;
TRUNCATE project_copy;
SELECT count(*) FROM project_copy;
DROP TABLE project_copy;
SELECT count(*) FROM pg_dist_shard s JOIN pg_class c ON c.oid = s.logicalrelid
WHERE c.relname = 'project_copy';

RESET search_path;
DROP SCHEMA ss CASCADE;
SELECT count(*) AS orphans FROM pg_dist_partition p
WHERE NOT EXISTS (SELECT 1 FROM pg_class c WHERE c.oid = p.logicalrelid);
