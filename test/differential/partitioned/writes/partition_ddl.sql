-- Changing the partitions: new, attached, detached and dropped partitions, DDL on the parent.
-- error
CREATE TABLE events_2026 PARTITION OF events FOR VALUES FROM ('2026-01-01 00:00:00+00') TO ('2027-01-01 00:00:00+00');
DELETE FROM events_default WHERE ts >= '2026-01-01' AND ts < '2027-01-01';
CREATE TABLE events_2026 PARTITION OF events FOR VALUES FROM ('2026-01-01 00:00:00+00') TO ('2027-01-01 00:00:00+00');
INSERT INTO events VALUES (1, 300001, '2026-06-06 00:00:00+00', 'in 2026', 6);
SELECT count(*) FROM events_2026;
CREATE TABLE events_2023 (tenant_id int NOT NULL, event_id bigint NOT NULL, ts timestamptz NOT NULL, kind text, amount numeric(10, 2), PRIMARY KEY (tenant_id, event_id, ts), CONSTRAINT events_amount_check CHECK (amount IS NULL OR amount >= 0));
INSERT INTO events_2023 VALUES (5, 400001, '2023-05-05 00:00:00+00', 'old', 1), (6, 400002, '2023-06-06 00:00:00+00', 'old', 2);
DELETE FROM events_default WHERE ts < '2024-01-01';
ALTER TABLE events ATTACH PARTITION events_2023 FOR VALUES FROM ('2023-01-01 00:00:00+00') TO ('2024-01-01 00:00:00+00');
SELECT count(*), sum(amount) FROM events WHERE ts < '2024-01-01';
ALTER TABLE events DETACH PARTITION events_2024;
SELECT count(*) FROM events;
SELECT count(*), sum(amount) FROM events_2024;
INSERT INTO events_2024 VALUES (1, 500001, '2024-09-09 00:00:00+00', 'detached', 1);
ALTER TABLE events ATTACH PARTITION events_2024 FOR VALUES FROM ('2024-01-01 00:00:00+00') TO ('2025-01-01 00:00:00+00');
SELECT count(*) FROM events WHERE kind = 'detached';
DROP TABLE events_2025;
SELECT count(*) FROM events;
ALTER TABLE events ADD COLUMN note text DEFAULT 'n';
CREATE INDEX events_amount_idx ON events (amount);
INSERT INTO events (tenant_id, event_id, ts, kind) VALUES (2, 600001, '2026-02-02 00:00:00+00', 'with note');
SELECT note, count(*) FROM events GROUP BY note;
-- error
CREATE TABLE metrics_mem PARTITION OF metrics FOR VALUES IN ('mem');
DELETE FROM metrics WHERE metric = 'mem';
CREATE TABLE metrics_mem PARTITION OF metrics FOR VALUES IN ('mem');
ALTER TABLE metrics DETACH PARTITION metrics_other;
TRUNCATE metrics;
-- error
INSERT INTO metrics VALUES (1, 'mem', 1), (2, 'cpu', 2), (3, 'zzz', 3);
INSERT INTO metrics VALUES (1, 'mem', 1), (2, 'cpu', 2), (3, 'mem', 3);
SELECT metric, count(*) FROM metrics_mem GROUP BY metric;
SELECT count(*) FROM metrics_other;
TRUNCATE events;
SELECT count(*) FROM events;
