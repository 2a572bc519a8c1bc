-- Recursive CTEs with SEARCH / CYCLE (pinned to one shard, and over reference tables), USING
-- join aliases, GROUP BY DISTINCT, TABLE, XMLTABLE, ROWS FROM, JSON record functions, WITH
-- ORDINALITY: syntax a single-shard query must print back for its worker.
WITH RECURSIVE r AS (SELECT order_id, 1 AS lvl FROM orders WHERE customer_id = 2 AND order_id = 2001 UNION ALL SELECT o.order_id, r.lvl + 1 FROM r JOIN orders o ON o.order_id = r.order_id + 1 AND o.customer_id = 2) SELECT * FROM r;
WITH RECURSIVE r AS (SELECT order_id, customer_id, 1 AS lvl FROM orders WHERE customer_id = 2 AND order_id = 2010 UNION ALL SELECT o.order_id, o.customer_id, r.lvl + 1 FROM r JOIN orders o ON o.order_id = r.order_id + 990 WHERE r.lvl < 5) SELECT * FROM r;
WITH RECURSIVE r AS (SELECT order_id, customer_id, 1 AS lvl FROM orders WHERE customer_id = 2 AND order_id = 2010 UNION ALL SELECT o.order_id, o.customer_id, r.lvl + 1 FROM r JOIN orders o ON o.customer_id = r.customer_id + 1 AND o.order_id = (r.customer_id + 1) * 1000 + 1 WHERE r.lvl < 6) SELECT * FROM r;
WITH RECURSIVE r AS (SELECT order_id, 1 AS lvl FROM orders WHERE customer_id = 2 AND order_id = 2001 UNION ALL SELECT o.order_id, r.lvl + 1 FROM r JOIN orders o ON o.order_id = r.order_id + 1 AND o.customer_id = 2) SEARCH DEPTH FIRST BY order_id SET ord SELECT order_id, lvl FROM r ORDER BY ord;
WITH RECURSIVE r AS (SELECT order_id, 1 AS lvl FROM orders WHERE customer_id = 3 AND order_id = 3001 UNION ALL SELECT o.order_id, r.lvl + 1 FROM r JOIN orders o ON o.customer_id = 3 AND o.order_id = 3001 + (r.order_id - 3000) % 12) CYCLE order_id SET is_cycle USING path SELECT order_id, lvl, is_cycle FROM r;
SELECT j.customer_id, o.order_id FROM orders o JOIN customers c USING (customer_id) AS j WHERE o.customer_id = 2;
SELECT j.customer_id, count(*) FROM orders o JOIN customers c USING (customer_id) AS j GROUP BY j.customer_id;
SELECT status, currency, count(*) FROM orders WHERE customer_id = 2 GROUP BY DISTINCT ROLLUP (status, currency), ROLLUP (status);
SELECT status, currency, count(*) FROM orders GROUP BY DISTINCT ROLLUP (status, currency), ROLLUP (status);
TABLE regions;
SELECT * FROM (TABLE currencies) c;
SELECT o.order_id, x.v FROM orders o, XMLTABLE('/a/b' PASSING xmlparse(document '<a><b>1</b><b>2</b></a>') COLUMNS v int PATH '.') x WHERE o.customer_id = 2 AND o.order_id < 2004;
SELECT o.order_id, t.* FROM orders o, ROWS FROM (json_to_record('{"a": 1, "b": "x"}') AS (a int, b text)) t WHERE o.customer_id = 2;
SELECT o.order_id, t.* FROM orders o, jsonb_to_recordset(jsonb_build_array(jsonb_build_object('k', o.order_id))) AS t(k bigint) WHERE o.customer_id = 3;
SELECT o.order_id, e.* FROM orders o, LATERAL jsonb_each_text(jsonb_build_object('amount', o.amount, 'status', o.status)) e WHERE o.customer_id = 4;
SELECT o.order_id, w.ordinality FROM orders o, unnest(ARRAY[o.status, o.currency]) WITH ORDINALITY w WHERE o.customer_id = 5;
WITH RECURSIVE r AS (SELECT order_id, 1 AS lvl FROM orders WHERE customer_id = 3 AND order_id = 3001 UNION ALL SELECT o.order_id, r.lvl + 1 FROM r JOIN orders o ON o.customer_id = 3 AND o.order_id = r.order_id + 1) SEARCH BREADTH FIRST BY order_id SET ord SELECT order_id, lvl, ord::text FROM r;
WITH RECURSIVE r AS (SELECT order_id, 1 AS lvl FROM orders WHERE customer_id = 3 AND order_id = 3001 UNION ALL SELECT o.order_id, r.lvl + 1 FROM r JOIN orders o ON o.customer_id = 3 AND o.order_id = r.order_id + 1) SEARCH DEPTH FIRST BY order_id SET ord SELECT order_id, lvl, ord::text FROM r;
WITH RECURSIVE r AS (SELECT region_id, parent_id FROM regions WHERE parent_id IS NULL UNION ALL SELECT g.region_id, g.parent_id FROM r JOIN regions g ON g.parent_id = r.region_id) CYCLE region_id SET looped USING trail SELECT region_id, looped, trail::text FROM r;
WITH RECURSIVE r AS (SELECT order_id, 1 AS lvl FROM orders WHERE customer_id = 3 AND order_id = 3001 UNION ALL SELECT o.order_id, r.lvl + 1 FROM r JOIN orders o ON o.customer_id = 3 AND o.order_id = 3001 + (r.order_id - 3000) % 12) CYCLE order_id SET is_cycle TO 'Y' DEFAULT 'N' USING path SELECT order_id, lvl, is_cycle, path::text FROM r;
