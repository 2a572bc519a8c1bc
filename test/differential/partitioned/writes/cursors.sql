-- Cursors see the data as of DECLARE (or PL/pgSQL OPEN): the transaction's later writes, partitions detached or
-- attached after it, do not show in their rows (a distributed cursor used to run its tasks at
-- the first FETCH and saw them).
BEGIN;
DECLARE c1 CURSOR FOR SELECT count(*), sum(amount) FROM events WHERE ts >= '2025-12-01';
DECLARE c2 CURSOR FOR SELECT tenant_id, event_id, ts, amount FROM events WHERE tenant_id = 3 AND ts >= '2025-12-01' ORDER BY event_id;
DECLARE c3 CURSOR FOR SELECT t.name, e.kind, count(*) FROM events e JOIN tenants t USING (tenant_id) WHERE e.ts >= '2025-12-01' GROUP BY 1, 2 ORDER BY 1, 2 NULLS FIRST;
DECLARE c4 SCROLL CURSOR FOR SELECT tenant_id, event_id, amount FROM events WHERE ts >= '2025-11-01' ORDER BY ts, tenant_id, event_id;
DELETE FROM events WHERE ts >= '2025-12-15';
UPDATE events SET amount = coalesce(amount, 0) + 1000 WHERE ts >= '2025-12-01';
INSERT INTO events VALUES (3, 990001, '2025-12-02', 'late', 1);
UPDATE tenants SET name = 'renamed' WHERE tenant_id = 3;
FETCH ALL FROM c1;
FETCH 2 FROM c2;
FETCH ALL FROM c2;
FETCH ALL FROM c3;
FETCH 5 FROM c4;
FETCH BACKWARD 2 FROM c4;
MOVE LAST IN c4;
FETCH BACKWARD 3 FROM c4;
COMMIT;
SELECT count(*), sum(amount) FROM events WHERE ts >= '2025-12-01';
BEGIN;
SET LOCAL work_mem = '64kB';
DECLARE big CURSOR FOR SELECT tenant_id, event_id, ts, kind, amount FROM events;
DECLARE big_sorted CURSOR FOR SELECT tenant_id, event_id, ts FROM events ORDER BY event_id DESC;
DECLARE default_rows CURSOR FOR SELECT count(*) FROM events WHERE ts >= '2026-01-01';
CREATE TABLE events_2026 (LIKE events INCLUDING ALL);
INSERT INTO events_2026 SELECT * FROM events_default WHERE ts >= '2026-01-01';
DELETE FROM events_default WHERE ts >= '2026-01-01';
ALTER TABLE events ATTACH PARTITION events_2026 FOR VALUES FROM ('2026-01-01 00:00:00+00') TO ('2027-01-01 00:00:00+00');
DELETE FROM events WHERE tenant_id % 2 = 0;
ALTER TABLE events DETACH PARTITION events_2025;
FETCH ALL FROM default_rows;
FETCH 3 FROM big_sorted;
MOVE 1000 IN big_sorted;
FETCH 3 FROM big_sorted;
FETCH ALL FROM big;
CLOSE big;
COMMIT;
SELECT tableoid::regclass::text, count(*) FROM events GROUP BY 1;
SELECT count(*) FROM events_2025;
-- PL/pgSQL OPEN: the cursor opens before the DELETE; a FOR loop over a query, for comparison.
CREATE TABLE cursor_log (step text PRIMARY KEY, n bigint);
DO $$ DECLARE c refcursor; n bigint; BEGIN OPEN c FOR SELECT count(*) FROM events WHERE tenant_id > 10; DELETE FROM events WHERE tenant_id > 15; FETCH c INTO n; INSERT INTO cursor_log VALUES ('open', n); CLOSE c; END $$;
DO $$ DECLARE r record; k bigint := 0; BEGIN FOR r IN SELECT event_id FROM events WHERE tenant_id > 5 LOOP IF k = 0 THEN DELETE FROM events WHERE tenant_id > 10; END IF; k := k + 1; END LOOP; INSERT INTO cursor_log VALUES ('for', k); END $$;
SELECT step, n FROM cursor_log;
