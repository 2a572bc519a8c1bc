-- Writes through partitioned tables and directly into partitions.
INSERT INTO events VALUES (1, 100001, '2024-05-05 10:00:00+00', 'new', 1.50), (2, 100002, '2025-05-05 10:00:00+00', 'new', NULL), (3, 100003, '2030-01-01 00:00:00+00', 'new', 3);
INSERT INTO events_2025 VALUES (4, 100004, '2025-07-07 00:00:00+00', 'direct', 4);
-- error
INSERT INTO events_2025 VALUES (4, 100005, '2024-07-07 00:00:00+00', 'wrong partition', 4);
-- error
INSERT INTO events VALUES (4, 100006, '2025-07-07 00:00:00+00', 'negative', -1);
-- rows move between partitions
UPDATE events SET ts = ts + interval '1 year' WHERE tenant_id = 5 AND ts < '2024-03-01';
UPDATE events SET ts = '2027-01-01 00:00:00+00' WHERE kind = 'click' AND tenant_id IN (6, 7) AND ts < '2024-02-01' RETURNING tenant_id, event_id, kind;
UPDATE events_2024 SET amount = 0 WHERE tenant_id = 8;
DELETE FROM events WHERE kind IS NULL AND tenant_id = 9;
DELETE FROM events_default WHERE tenant_id = 10 RETURNING event_id, ts;
INSERT INTO events SELECT tenant_id, event_id + 500000, ts + interval '2 years', kind, amount FROM events WHERE ts < '2024-02-01';
INSERT INTO metrics SELECT tenant_id, 'cpu', value + 1 FROM metrics WHERE metric = 'mem' AND tenant_id < 5;
UPDATE metrics SET metric = 'net' WHERE metric = 'gpu' AND value > 40;
COPY events FROM STDIN;
11	200001	2024-02-02 02:02:02+00	copied	2.00
12	200002	2031-02-02 02:02:02+00	copied	\N
\.
COPY metrics_io FROM STDIN;
13	disk	77
\.
TRUNCATE events_default;
SELECT count(*) FROM events;
DELETE FROM buckets WHERE k % 3 = 0;
UPDATE buckets SET k = k + 1 WHERE tenant_id = 2;
-- tableoid of a partitioned table in writes: each row's partition (the workers know it, the
-- coordinator does not); it used to become the parent's OID, matching no row; each in a
-- transaction rolled back, so that the local side's changes are undone too
BEGIN;
-- expect-error: tableoid of partitioned distributed table "events" is not supported
DELETE FROM events WHERE tableoid = 'events_2024'::regclass AND tenant_id = 3;
ROLLBACK;
BEGIN;
-- expect-error: tableoid of partitioned distributed table "events" is not supported
UPDATE events SET kind = 'z' WHERE tableoid::regclass::text = 'events_2025' AND tenant_id < 4;
ROLLBACK;
BEGIN;
-- expect-error: tableoid of partitioned distributed table "events" is not supported
INSERT INTO events VALUES (1, 1000001, '2025-05-05', 'a', 1) RETURNING tableoid::regclass, event_id;
ROLLBACK;
BEGIN;
-- expect-error: tableoid of partitioned distributed table "events" is not supported
UPDATE events SET amount = 1 WHERE event_id IN (SELECT event_id FROM events WHERE tableoid = 'events_2025'::regclass AND event_id < 1300);
ROLLBACK;
BEGIN;
-- expect-error: tableoid of partitioned distributed table "events" is not supported
INSERT INTO events SELECT tenant_id, event_id + 5000000, ts, kind, amount FROM events WHERE event_id < 3 RETURNING tableoid::regclass, event_id;
ROLLBACK;
UPDATE events_2025 SET kind = 'y' WHERE tenant_id = 2 RETURNING tableoid::regclass, event_id;
SELECT tableoid::regclass, count(*) FROM events GROUP BY 1;
