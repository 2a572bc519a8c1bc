-- Reads through the partitioned tables, their partitions and ONLY.
SELECT count(*), sum(amount), min(ts), max(ts) FROM events;
SELECT count(*) FROM events_2024;
SELECT count(*), sum(amount) FROM events_default;
SELECT count(*) FROM ONLY events;
-- ordered
SELECT tenant_id, count(*), sum(amount) FROM events GROUP BY tenant_id ORDER BY tenant_id;
-- ordered
SELECT event_id, ts, kind, amount FROM events WHERE tenant_id = 7 ORDER BY event_id LIMIT 10;
-- ordered
SELECT event_id, kind FROM events WHERE tenant_id = 7 AND ts >= '2025-03-01' AND ts < '2025-04-01' ORDER BY event_id;
SELECT count(*) FROM events WHERE ts < '2024-01-01';
SELECT count(*) FROM events WHERE ts >= '2024-06-01' AND ts < '2025-06-01';
-- ordered
SELECT date_trunc('month', ts AT TIME ZONE 'UTC') AS month, count(*) FROM events GROUP BY 1 ORDER BY 1;
-- ordered
SELECT kind, count(*), round(avg(amount), 4) FROM events GROUP BY kind ORDER BY kind NULLS FIRST;
-- ordered
SELECT t.name, count(e.*) FROM tenants t LEFT JOIN events_2025 e USING (tenant_id) GROUP BY t.name ORDER BY t.name;
-- ordered
SELECT t.plan, count(*) FROM events e JOIN tenants t ON t.tenant_id = e.tenant_id WHERE e.kind = 'buy' GROUP BY t.plan ORDER BY t.plan NULLS LAST;
SELECT count(*) FROM events e JOIN events_2024 f ON e.tenant_id = f.tenant_id AND e.event_id = f.event_id AND e.ts = f.ts;
-- join not on the distribution column: finished on the coordinator
SELECT count(*) FROM events e JOIN buckets b ON b.k = e.event_id;
-- ordered
SELECT tenant_id, event_id, amount, rank() OVER (PARTITION BY tenant_id ORDER BY amount DESC NULLS LAST, event_id) FROM events WHERE tenant_id IN (2, 3) ORDER BY tenant_id, event_id LIMIT 20;
SELECT count(*) FROM events WHERE tenant_id IN (SELECT tenant_id FROM tenants WHERE plan = 'plan1');
SELECT count(*) FROM events WHERE event_id IN (SELECT k FROM buckets WHERE note IS NULL);
-- ordered
SELECT metric, count(*), sum(value) FROM metrics GROUP BY metric ORDER BY metric;
SELECT count(*), sum(value) FROM metrics_io;
SELECT count(*) FROM metrics_other WHERE tenant_id = 4;
-- ordered
SELECT tenant_id, metric, value FROM metrics WHERE tenant_id = 9 AND metric = 'cpu' ORDER BY value NULLS LAST, metric LIMIT 5;
SELECT count(*), count(note) FROM buckets;
SELECT count(*) FROM buckets_1;
-- ordered
SELECT k, note FROM buckets WHERE tenant_id = 5 ORDER BY k;
-- ordered
SELECT * FROM tenant_event_totals ORDER BY tenant_id;
-- ordered
WITH recent AS (SELECT tenant_id, max(ts) AS last_ts FROM events GROUP BY tenant_id)
SELECT r.tenant_id, r.last_ts, t.name FROM recent r JOIN tenants t USING (tenant_id) ORDER BY r.tenant_id;
SELECT count(DISTINCT kind) FROM events;
-- ordered
SELECT e.tenant_id, count(*) FROM events e WHERE EXISTS (SELECT 1 FROM metrics m WHERE m.tenant_id = e.tenant_id AND m.metric = 'gpu' AND m.value > 45) GROUP BY e.tenant_id ORDER BY e.tenant_id;
PREPARE by_tenant(int) AS SELECT count(*), sum(amount) FROM events WHERE tenant_id = $1;
EXECUTE by_tenant(1);
EXECUTE by_tenant(2);
EXECUTE by_tenant(3);
EXECUTE by_tenant(4);
EXECUTE by_tenant(5);
EXECUTE by_tenant(6);
