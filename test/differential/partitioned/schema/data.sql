-- Deterministic rows: events from December 2023 to February 2026 (every partition, the default
-- one on both sides), NULLs in the nullable columns.
INSERT INTO tenants SELECT i, 'tenant ' || i, CASE WHEN i % 3 = 0 THEN NULL ELSE 'plan' || (i % 3) END
FROM generate_series(1, 20) i;
INSERT INTO events
SELECT 1 + i % 20, i, timestamptz '2023-12-01 00:00:00+00' + i * interval '7 hours',
       CASE i % 5 WHEN 0 THEN 'click' WHEN 1 THEN 'view' WHEN 2 THEN 'buy' WHEN 3 THEN NULL ELSE 'view' END,
       CASE WHEN i % 7 = 0 THEN NULL ELSE (i % 97) * 1.25 END
FROM generate_series(1, 2700) i;
INSERT INTO metrics
SELECT 1 + i % 20, (ARRAY['cpu', 'disk', 'net', 'mem', 'gpu'])[1 + i % 5], CASE WHEN i % 11 = 0 THEN NULL ELSE i % 50 END
FROM generate_series(1, 600) i;
INSERT INTO buckets SELECT 1 + i % 20, i, CASE WHEN i % 4 = 0 THEN NULL ELSE 'note ' || i END
FROM generate_series(1, 300) i;
