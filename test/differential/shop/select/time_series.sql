-- date_trunc time series, generate_series joins, intervals, time zones.

SELECT date_trunc('month', placed_at) AS m, count(*), sum(total) FROM orders GROUP BY 1;

SELECT date_trunc('week', placed_at) AS w, store_id, count(*) FROM orders WHERE store_id <= 3 GROUP BY 1, 2;

SELECT d::date, count(o.order_id)
FROM generate_series(timestamptz '2024-01-01 00:00+00', timestamptz '2024-01-31 00:00+00', interval '1 day') d
LEFT JOIN orders o ON o.placed_at >= d AND o.placed_at < d + interval '1 day' AND o.store_id = 1
GROUP BY d;

SELECT m, coalesce(x.n, 0) FROM generate_series(date '2024-01-01', date '2025-06-01', interval '1 month') m
LEFT JOIN (SELECT date_trunc('month', placed_at) AS month, count(*) AS n FROM orders WHERE store_id = 2 GROUP BY 1) x ON x.month = m;

SELECT date_trunc('day', placed_at AT TIME ZONE 'America/New_York') AS local_day, count(*) FROM orders WHERE store_id = 3 GROUP BY 1;

SELECT to_char(placed_at AT TIME ZONE 'UTC', 'YYYY-MM') AS ym, status, count(*) FROM orders GROUP BY 1, 2;

SELECT extract(year FROM placed_at) AS y, extract(quarter FROM placed_at) AS q, count(*) FROM orders GROUP BY 1, 2;

SELECT store_id, max(shipped_at - placed_at) AS slowest, justify_interval(avg(shipped_at - placed_at)) AS avg_ship
FROM orders WHERE shipped_at IS NOT NULL GROUP BY store_id;

SELECT count(*) FROM orders WHERE placed_at > timestamptz '2024-06-01 00:00+00' - interval '30 days';

SELECT date_bin('6 hours', placed_at, timestamptz '2024-01-01 00:00+00') AS bin, count(*) FROM orders WHERE placed_at < '2024-01-10' GROUP BY 1;

SELECT store_id, min(placed_at)::date, max(placed_at)::date, max(placed_at)::date - min(placed_at)::date AS span FROM orders GROUP BY store_id;

SELECT age(timestamptz '2025-01-01 00:00+00', created_at) AS age, store_id FROM stores WHERE store_id < 10;

SELECT count(*) FROM payments WHERE paid_at BETWEEN '2024-02-01' AND '2024-02-29 23:59:59';

SELECT date_trunc('month', p.paid_at) AS m, p.method, sum(p.amount) FROM payments p WHERE p.status = 'captured' GROUP BY ROLLUP (1, 2);

SET TimeZone = 'Asia/Tokyo';
SELECT date_trunc('day', placed_at) AS d, count(*) FROM orders WHERE store_id = 4 GROUP BY 1;
SELECT placed_at::date AS d, count(*) FROM orders WHERE store_id IN (4, 5) GROUP BY 1;
SELECT store_id, order_id, placed_at FROM orders WHERE placed_at::date = date '2024-02-10';
SELECT to_char(placed_at, 'YYYY-MM-DD HH24') AS h, count(*) FROM orders WHERE store_id = 1 AND placed_at < '2024-01-05' GROUP BY 1;
SELECT extract(hour FROM placed_at) AS h, count(*) FROM orders GROUP BY 1;
SELECT store_id, date_trunc('month', placed_at) AS m, count(*) FROM orders WHERE store_id > 20 GROUP BY 1, 2;
RESET TimeZone;

SELECT date_trunc('month', placed_at, 'Europe/Berlin') AS m, count(*) FROM orders GROUP BY 1;

SELECT g.h, count(o.*) FROM generate_series(0, 23) g(h) LEFT JOIN orders o ON extract(hour FROM o.placed_at AT TIME ZONE 'UTC') = g.h AND o.store_id = 2 GROUP BY g.h;

SELECT store_id, count(*) FILTER (WHERE shipped_at - placed_at > interval '3 days') AS late FROM orders GROUP BY store_id;
