-- citus_stat_tenants: the coordinator counts the statements routed to one tenant (a value of
-- the distribution column) per period, reads apart, with the CPU time they took.
SELECT attname, format_type(atttypid, atttypmod) FROM pg_attribute
WHERE attrelid = 'citus_stat_tenants'::regclass AND attnum > 0 ORDER BY attnum;
SELECT attname FROM pg_attribute
WHERE attrelid = 'citus_stat_tenants_local'::regclass AND attnum > 0 ORDER BY attnum;
SHOW citus.stat_tenants_track;
SHOW citus.stat_tenants_limit;
SHOW citus.stat_tenants_period;
SELECT citus_stat_tenants_reset();

CREATE TABLE tenant_rows (tenant_id int, v text);
SELECT create_distributed_table('tenant_rows', 'tenant_id', shard_count => 4);
CREATE TABLE tenant_names (name text, v int);
SELECT create_distributed_table('tenant_names', 'name', shard_count => 4);
CREATE TABLE tenant_ref (x int);
SELECT create_reference_table('tenant_ref');

-- Off by default: nothing is counted.
INSERT INTO tenant_rows VALUES (1, 'a');
SELECT count(*) FROM tenant_rows WHERE tenant_id = 1;
SELECT count(*) FROM citus_stat_tenants(true);

SET citus.stat_tenants_track TO 'all';
-- Single-tenant writes and reads.
INSERT INTO tenant_rows VALUES (1, 'b'), (1, 'c');
INSERT INTO tenant_rows VALUES (2, 'a');
SELECT v FROM tenant_rows WHERE tenant_id = 1 ORDER BY v;
SELECT count(*) FROM tenant_rows WHERE tenant_id = 2 AND v = 'a';
UPDATE tenant_rows SET v = 'd' WHERE tenant_id = 2 AND v = 'a';
DELETE FROM tenant_rows WHERE tenant_id = 3;
SELECT count(*) FROM tenant_rows r JOIN tenant_ref f ON f.x = r.tenant_id WHERE r.tenant_id = 2;
INSERT INTO tenant_names VALUES ('acme', 1);
SELECT v FROM tenant_names WHERE name = 'acme';
SELECT count(*) FROM tenant_names WHERE name = repeat('x', 120);
-- Not attributed: several shards, several tenants, reference tables only, EXPLAIN.
SELECT count(*) FROM tenant_rows;
SELECT count(*) FROM tenant_rows WHERE tenant_id IN (1, 2);
INSERT INTO tenant_rows VALUES (4, 'x'), (5, 'y');
UPDATE tenant_rows SET v = v WHERE tenant_id > 100;
SELECT count(*) FROM tenant_ref;
DO $$ BEGIN EXECUTE 'EXPLAIN (COSTS OFF) SELECT * FROM tenant_rows WHERE tenant_id = 9'; END $$;
SELECT count(*) FROM tenant_rows a JOIN tenant_rows b USING (tenant_id) WHERE a.tenant_id = 1 AND b.tenant_id = 1;

SELECT tenant_attribute, read_count_in_this_period AS reads, query_count_in_this_period AS queries,
       read_count_in_last_period AS last_reads, query_count_in_last_period AS last_queries,
       cpu_usage_in_this_period >= 0 AS cpu_ok, cpu_usage_in_last_period AS last_cpu
FROM citus_stat_tenants ORDER BY tenant_attribute;
-- The colocation group of the table, and the node holding the tenant's shard.
SELECT t.tenant_attribute,
       t.colocation_id = p.colocationid AS colocation_ok,
       t.nodeid = (SELECT n.nodeid FROM pg_dist_placement pl JOIN pg_dist_node n USING (groupid)
                   WHERE pl.shardid = get_shard_id_for_distribution_column('tenant_rows', t.tenant_attribute)) AS node_ok
FROM citus_stat_tenants t, pg_dist_partition p
WHERE p.logicalrelid = 'tenant_rows'::regclass AND t.tenant_attribute IN ('1', '2', '3')
ORDER BY 1;
-- The view is ordered by score: tenant 2 had the most statements.
SELECT tenant_attribute FROM citus_stat_tenants LIMIT 1;
SELECT tenant_attribute, score FROM citus_stat_tenants_local(true) ORDER BY score DESC, tenant_attribute;

-- Prepared statements: custom plans, then the generic plan.
SELECT citus_stat_tenants_reset();
PREPARE read_tenant(int) AS SELECT count(*) FROM tenant_rows WHERE tenant_id = $1;
PREPARE write_tenant(int, text) AS INSERT INTO tenant_rows VALUES ($1, $2);
PREPARE change_tenant(int) AS UPDATE tenant_rows SET v = 'u' WHERE tenant_id = $1;
PREPARE name_tenant(text) AS SELECT count(*) FROM tenant_names WHERE name = $1;
SELECT count(*) FROM (SELECT 1) s, LATERAL (SELECT 1) l; -- no distributed scan: nothing
SELECT s FROM generate_series(1, 7) i,
       unnest(ARRAY['EXECUTE read_tenant(7)', 'EXECUTE write_tenant(7, ''p'')',
                    'EXECUTE change_tenant(7)', 'EXECUTE name_tenant(''acme'')']) s \gexec
SET plan_cache_mode TO force_generic_plan;
EXECUTE read_tenant(8);
EXECUTE write_tenant(8, 'q');
EXECUTE change_tenant(8);
RESET plan_cache_mode;
SELECT tenant_attribute, read_count_in_this_period AS reads, query_count_in_this_period AS queries
FROM citus_stat_tenants ORDER BY tenant_attribute;
-- A statement that fails is not counted; the statements after it (in the same block) are.
DO $$
BEGIN
    BEGIN
        PERFORM count(*) FROM tenant_rows WHERE tenant_id = 8 AND 1 / (tenant_id - 8) = 0;
    EXCEPTION WHEN division_by_zero THEN
        RAISE NOTICE 'failed as expected';
    END;
    PERFORM count(*) FROM tenant_rows WHERE tenant_id = 8;
END $$;
SELECT query_count_in_this_period AS queries FROM citus_stat_tenants WHERE tenant_attribute = '8';

-- Tenants not tracked yet enter only for the sampled fraction of their statements; tracked
-- ones go on counting.
SET citus.stat_tenants_untracked_sample_rate TO 0;
SELECT count(*) FROM tenant_rows WHERE tenant_id = 11;
EXECUTE read_tenant(7);
RESET citus.stat_tenants_untracked_sample_rate;
SELECT tenant_attribute, query_count_in_this_period AS queries
FROM citus_stat_tenants ORDER BY tenant_attribute;

-- The view shows citus.stat_tenants_limit (100) tenants; 300 are kept, and when a new one
-- finds them full the 200 with the highest scores stay.
SELECT citus_stat_tenants_reset();
SELECT count(*) FROM tenant_rows WHERE tenant_id = 1000;
SELECT count(*) FROM tenant_rows WHERE tenant_id = 1000;
DO $$
BEGIN
    FOR i IN 1..150 LOOP
        PERFORM count(*) FROM tenant_rows WHERE tenant_id = i;
    END LOOP;
END $$;
SELECT count(*) AS shown FROM citus_stat_tenants;
SELECT count(*) AS kept FROM citus_stat_tenants(return_all_tenants => true);
SELECT count(*) AS kept_local FROM citus_stat_tenants_local(true);
DO $$
BEGIN
    FOR i IN 151..350 LOOP
        PERFORM count(*) FROM tenant_rows WHERE tenant_id = i;
    END LOOP;
END $$;
-- 300 tenants, then one more: 200 stay and it is added (201), then 49 more.
SELECT count(*) AS kept FROM citus_stat_tenants(true);
SELECT tenant_attribute, query_count_in_this_period FROM citus_stat_tenants LIMIT 1;

-- Periods roll over: this period's counts become the last period's, then age out.
SELECT citus_stat_tenants_reset();
SET citus.stat_tenants_period TO 3;
-- Wait until just after a period starts (periods are aligned to multiples of their length).
SELECT pg_sleep(3.1 - extract(epoch FROM clock_timestamp())::numeric % 3);
SELECT count(*) FROM tenant_rows WHERE tenant_id = 42;
INSERT INTO tenant_rows VALUES (42, 'z');
SELECT tenant_attribute, read_count_in_this_period, read_count_in_last_period,
       query_count_in_this_period, query_count_in_last_period, score
FROM citus_stat_tenants_local(true);
SELECT pg_sleep(3.1 - extract(epoch FROM clock_timestamp())::numeric % 3);
SELECT tenant_attribute, read_count_in_this_period, read_count_in_last_period,
       query_count_in_this_period, query_count_in_last_period, score,
       cpu_usage_in_this_period
FROM citus_stat_tenants_local(true);
SELECT pg_sleep(6.1 - extract(epoch FROM clock_timestamp())::numeric % 3);
SELECT tenant_attribute, read_count_in_this_period, read_count_in_last_period,
       query_count_in_this_period, query_count_in_last_period, score
FROM citus_stat_tenants_local(true);
RESET citus.stat_tenants_period;

-- Reset, privileges.
SELECT citus_stat_tenants_local_reset();
SELECT count(*) FROM citus_stat_tenants(true);
CREATE ROLE tenant_monitor_user;
SET ROLE tenant_monitor_user;
SELECT count(*) FROM citus_stat_tenants;
RESET ROLE;
GRANT pg_monitor TO tenant_monitor_user;
SET ROLE tenant_monitor_user;
SELECT count(*) FROM citus_stat_tenants;
SELECT citus_stat_tenants_reset();
RESET ROLE;
DROP ROLE tenant_monitor_user;
RESET citus.stat_tenants_track;
DROP TABLE tenant_rows, tenant_names, tenant_ref;
