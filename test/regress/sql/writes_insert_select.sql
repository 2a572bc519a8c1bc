-- INSERT ... SELECT: pushed down shard by shard between colocated tables, otherwise the SELECT
-- runs distributed and its rows are routed to the target shards in batches.
SET client_min_messages TO warning;
CREATE TABLE raw_events (tenant int, id int, kind text, value int, PRIMARY KEY (tenant, id));
SELECT create_distributed_table('raw_events', 'tenant', shard_count => 4);
CREATE TABLE daily (tenant int, kind text, total bigint, events int, PRIMARY KEY (tenant, kind));
SELECT create_distributed_table('daily', 'tenant', colocate_with => 'raw_events');
CREATE TABLE by_kind (kind text, tenant int, value int, seq bigserial);
SELECT create_distributed_table('by_kind', 'kind');
CREATE TABLE kinds (kind text PRIMARY KEY, label text);
SELECT create_reference_table('kinds');
CREATE TABLE local_src (tenant int, id int, kind text, value int);
INSERT INTO kinds VALUES ('click', 'Click'), ('view', 'View'), ('buy', 'Buy');
INSERT INTO raw_events SELECT g % 7, g, (ARRAY['click', 'view', 'buy'])[g % 3 + 1], g
  FROM generate_series(1, 300) g;
INSERT INTO local_src SELECT g % 5, 1000 + g, 'view', g FROM generate_series(1, 50) g;

-- pushed down: colocated, distribution column to distribution column, grouped by it
EXPLAIN (COSTS OFF) INSERT INTO daily SELECT tenant, kind, sum(value), count(*) FROM raw_events GROUP BY tenant, kind;
INSERT INTO daily SELECT tenant, kind, sum(value), count(*) FROM raw_events GROUP BY tenant, kind;
SELECT * FROM daily ORDER BY tenant, kind LIMIT 6;
SELECT sum(total), sum(events) FROM daily;
-- pushed down with a reference table join and ON CONFLICT
INSERT INTO daily (tenant, kind, total, events)
  SELECT e.tenant, k.label, e.value, 1 FROM raw_events e JOIN kinds k ON k.kind = e.kind WHERE e.id <= 14
  ON CONFLICT (tenant, kind) DO UPDATE SET total = daily.total + excluded.total, events = daily.events + 1;
SELECT tenant, kind, total, events FROM daily WHERE kind IN ('Click', 'View', 'Buy') ORDER BY tenant, kind;

-- routed through the coordinator: other distribution column, sequence default, LIMIT, local source
EXPLAIN (COSTS OFF) INSERT INTO by_kind (kind, tenant, value) SELECT kind, tenant, value FROM raw_events;
INSERT INTO by_kind (kind, tenant, value) SELECT kind, tenant, value FROM raw_events;
SELECT kind, count(*), sum(value), count(DISTINCT seq) FROM by_kind GROUP BY kind ORDER BY kind;
INSERT INTO daily (tenant, kind, total, events) SELECT tenant, 'top', value, 0 FROM raw_events ORDER BY value DESC LIMIT 3;
SELECT * FROM daily WHERE kind = 'top' ORDER BY tenant;
INSERT INTO raw_events SELECT * FROM local_src;
SELECT count(*) FROM raw_events WHERE id > 1000;
-- returning, and NULL distribution values from the SELECT
INSERT INTO daily (tenant, kind, total, events) SELECT 100, kind, 0, 0 FROM kinds ORDER BY kind RETURNING tenant, kind;
INSERT INTO daily (tenant, kind, total, events) SELECT NULL, kind, 0, 0 FROM kinds;
-- self insert of a table into itself (reads before any write)
INSERT INTO by_kind (kind, tenant, value) SELECT kind, tenant, value FROM by_kind;
SELECT count(*) FROM by_kind;
-- many rows: several batches
INSERT INTO by_kind (kind, tenant, value) SELECT 'bulk' || (g % 10), g, g FROM generate_series(1, 45000) g;
SELECT count(*), count(DISTINCT seq), sum(value) FROM by_kind WHERE kind LIKE 'bulk%';
-- prepared, with a parameter in the SELECT
PREPARE copy_tenant(int) AS INSERT INTO daily (tenant, kind, total, events)
  SELECT tenant, 'p', sum(value), count(*) FROM raw_events WHERE tenant = $1 GROUP BY tenant;
EXECUTE copy_tenant(1);
EXECUTE copy_tenant(2);
SELECT * FROM daily WHERE kind = 'p' ORDER BY tenant;

DEALLOCATE ALL;
DROP TABLE raw_events, daily, by_kind, kinds, local_src;
