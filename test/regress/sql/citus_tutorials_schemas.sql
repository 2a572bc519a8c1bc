-- Citus tutorials for schema-based sharding and time series, run the way the documentation
-- runs them (own schema, role and table names here): an administrator creates one role and one
-- schema per service (CREATE SCHEMA AUTHORIZATION role), distributes the schemas, and each
-- service then creates and uses its tables as its own role, through "$user" in search_path;
-- and a table partitioned by time with create_time_partitions / drop_old_time_partitions.
SET client_min_messages TO warning;

-- ===== Microservices: one distributed schema per service ====================================
CREATE USER tut_orders_svc;
CREATE USER tut_stock_svc;
CREATE USER tut_audit_svc;
CREATE SCHEMA AUTHORIZATION tut_orders_svc;
CREATE SCHEMA AUTHORIZATION tut_stock_svc;
-- Distributed by hand ...
SELECT citus_schema_distribute('tut_orders_svc');
SELECT citus_schema_distribute('tut_stock_svc');
-- ... or at creation, with the setting on.
SET citus.enable_schema_based_sharding TO on;
CREATE SCHEMA AUTHORIZATION tut_audit_svc;
RESET citus.enable_schema_based_sharding;
SELECT schema_name, schema_owner, schema_size FROM citus_schemas
 WHERE schema_name::text LIKE 'tut_%' ORDER BY schema_name::text;
-- The service roles have no CREATE right on the database: their schemas are made on the workers
-- for them (as the coordinator's, with the same owner) when their first table is placed there.
SELECT has_database_privilege('tut_orders_svc', current_database(), 'CREATE');

-- Each service connects as its own role: "$user" puts its schema first in search_path.
SET ROLE tut_orders_svc;
SELECT current_schema();
CREATE TABLE orders (
    id serial PRIMARY KEY,
    customer varchar(100) NOT NULL,
    amount numeric(10, 2) NOT NULL
);
INSERT INTO orders (customer, amount) VALUES ('ada', 12.50), ('bob', 7.25), ('ada', 3.00)
RETURNING id, customer, amount;
SELECT customer, sum(amount) FROM orders GROUP BY customer ORDER BY customer;
RESET ROLE;

SET ROLE tut_stock_svc;
CREATE TABLE stock_checks (
    id serial PRIMARY KEY,
    source_ip inet NOT NULL,
    checked_at timestamp NOT NULL
);
INSERT INTO stock_checks (source_ip, checked_at)
VALUES ('10.0.0.1', '2024-05-01 10:00'), ('10.0.0.2', '2024-05-01 10:05');
SELECT id, source_ip, checked_at FROM stock_checks ORDER BY id;
RESET ROLE;

SET ROLE tut_audit_svc;
CREATE TABLE audit_log (
    id serial PRIMARY KEY,
    target varchar(255) NOT NULL,
    outcome text NOT NULL
);
INSERT INTO audit_log (target, outcome) VALUES ('orders', 'ok'), ('stock', 'slow');
UPDATE audit_log SET outcome = 'ok' WHERE target = 'stock';
SELECT target, outcome FROM audit_log ORDER BY id;
-- Another service's tables are not this role's to read.
SELECT * FROM tut_orders_svc.orders;
RESET ROLE;

-- Exploring the cluster: each service's table is a single-shard table of its schema's group.
SELECT table_name, citus_table_type, distribution_column, shard_count, table_owner
  FROM citus_tables WHERE table_name::text LIKE 'tut_%' ORDER BY table_name::text;
SELECT count(DISTINCT colocation_id) AS groups, count(*) AS shards
  FROM citus_shards WHERE table_name::text LIKE 'tut_%' AND citus_table_type = 'schema';
SELECT schema_name, schema_size <> '0 bytes' AS has_data FROM citus_schemas
 WHERE schema_name::text LIKE 'tut_%' ORDER BY schema_name::text;
-- The administrator sees across services.
SELECT (SELECT count(*) FROM tut_orders_svc.orders) AS orders,
       (SELECT count(*) FROM tut_stock_svc.stock_checks) AS checks,
       (SELECT count(*) FROM tut_audit_svc.audit_log) AS audits;
-- A schema can go back to a regular one.
SELECT citus_schema_undistribute('tut_audit_svc');
SELECT count(*) FROM citus_schemas WHERE schema_name::text LIKE 'tut_%';
SELECT target, outcome FROM tut_audit_svc.audit_log ORDER BY id;

DROP SCHEMA tut_orders_svc, tut_stock_svc, tut_audit_svc CASCADE;
DROP USER tut_orders_svc;
DROP USER tut_stock_svc;
DROP USER tut_audit_svc;

-- ===== Time series: a distributed table partitioned by time =================================
CREATE SCHEMA tut_ts;
SET search_path TO tut_ts, public;
CREATE TABLE page_hits (
    hit_id bigint,
    site_id bigint,
    kind text,
    details jsonb,
    hit_at timestamp
) PARTITION BY RANGE (hit_at);
SELECT create_distributed_table('page_hits', 'site_id');
SELECT create_time_partitions(
    table_name         := 'page_hits',
    partition_interval := '1 hour',
    end_at             := '2024-06-01 06:00:00',
    start_from         := '2024-06-01 00:00:00');
SELECT partition, from_value, to_value, access_method FROM time_partitions
 WHERE parent_table = 'page_hits'::regclass ORDER BY partition::text;
-- Nothing left to create: false.
SELECT create_time_partitions(table_name := 'page_hits', partition_interval := '1 hour',
                              end_at := '2024-06-01 06:00:00', start_from := '2024-06-01 00:00:00');
-- 50 hits, one every 7 minutes from midnight; every other one a 'click' worth 0..2.
INSERT INTO page_hits
SELECT i, i % 5, CASE WHEN i % 2 = 0 THEN 'click' ELSE 'view' END,
       jsonb_build_object('weight', i % 3), timestamp '2024-06-01 00:00' + i * interval '7 minutes'
  FROM generate_series(0, 49) i;
SELECT date_trunc('hour', hit_at) AS hour, count(*) AS hits,
       sum((details->>'weight')::int) FILTER (WHERE kind = 'click') AS click_weight
  FROM page_hits GROUP BY hour ORDER BY hour;
-- A row outside every partition is refused (terse: the worker's port is not shown).
\set VERBOSITY terse
INSERT INTO page_hits VALUES (100, 1, 'view', '{}', '2024-06-02 00:00');
\set VERBOSITY default
-- Expire the oldest hours.
CALL drop_old_time_partitions('page_hits', '2024-06-01 02:00:00');
SELECT partition FROM time_partitions WHERE parent_table = 'page_hits'::regclass
 ORDER BY partition::text;
SELECT count(*), min(hit_at) FROM page_hits;
-- Columnar partitions are not available (docs/citus_compatibility.md).
CALL alter_old_partitions_set_access_method('page_hits', '2024-06-01 04:00:00', 'columnar');
RESET search_path;
DROP SCHEMA tut_ts CASCADE;
