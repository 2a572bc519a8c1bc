-- Writes through WITH queries, FROM / USING subqueries and multi-column IN (multi-shard
-- RETURNING rows come in no fixed order: the table is read back ordered instead)
CREATE TABLE wc_t (id int, v int, w int);
SELECT create_distributed_table('wc_t', 'id');
CREATE TABLE wc_s (id int, k int, x int);
SELECT create_distributed_table('wc_s', 'id');
CREATE TABLE wc_local (id int, v int);
INSERT INTO wc_t SELECT g, g, 0 FROM generate_series(1, 10) g;
INSERT INTO wc_s SELECT g % 5 + 1, g, g * 10 FROM generate_series(1, 15) g;
INSERT INTO wc_local VALUES (1, 100), (2, 200);
-- inlined WITH joined on the distribution column: pushed down
WITH x AS (SELECT id, sum(x) AS sx FROM wc_s GROUP BY id)
UPDATE wc_t SET w = x.sx FROM x WHERE x.id = wc_t.id;
SELECT * FROM wc_t ORDER BY id;
EXPLAIN (COSTS OFF)
WITH x AS (SELECT id, sum(x) AS sx FROM wc_s GROUP BY id)
UPDATE wc_t SET w = x.sx FROM x WHERE x.id = wc_t.id AND wc_t.id = 3;
-- MATERIALIZED, not on the distribution column: computed on the coordinator
WITH x AS MATERIALIZED (SELECT k FROM wc_s WHERE k < 3)
UPDATE wc_t SET w = -1 FROM x WHERE x.k = wc_t.id;
SELECT * FROM wc_t ORDER BY id;
-- a WITH referenced twice, one reading a local table
WITH l AS (SELECT id FROM wc_local)
DELETE FROM wc_t WHERE id IN (SELECT id FROM l) OR id IN (SELECT id + 8 FROM l);
SELECT * FROM wc_t ORDER BY id;
-- prepared, with a parameter inside the WITH
PREPARE wc_p(int) AS WITH x AS (SELECT k FROM wc_s WHERE k = $1) UPDATE wc_t SET w = 9 FROM x WHERE x.k = wc_t.id RETURNING wc_t.*;
EXECUTE wc_p(3);
EXECUTE wc_p(4);
DEALLOCATE wc_p;
-- WITH in INSERT ... SELECT
WITH x AS (SELECT k FROM wc_s ORDER BY k LIMIT 2)
INSERT INTO wc_t (id, v) SELECT x.k + 100, 7 FROM x, x y;
SELECT * FROM wc_t ORDER BY id;
-- FROM subquery grouped by the distribution column: pushed down
UPDATE wc_t SET w = q.c FROM (SELECT id, count(*) AS c FROM wc_s GROUP BY id) q WHERE q.id = wc_t.id;
SELECT * FROM wc_t ORDER BY id;
-- USING a subquery with LIMIT: computed on the coordinator
DELETE FROM wc_t USING (SELECT k FROM wc_s ORDER BY k LIMIT 1) q WHERE q.k + 100 = wc_t.id;
SELECT * FROM wc_t ORDER BY id;
-- multi-column IN through the distribution column (pushed down) and not (coordinator)
UPDATE wc_t SET v = 0 WHERE (id, w) IN (SELECT id, count(*) FROM wc_s GROUP BY id);
SELECT * FROM wc_t ORDER BY id;
EXPLAIN (COSTS OFF) UPDATE wc_t SET v = 0 WHERE (id, w) IN (SELECT id, count(*) FROM wc_s GROUP BY id);
UPDATE wc_t SET w = 5 WHERE (id, v) IN (SELECT k, 7 FROM wc_s) RETURNING *;
DELETE FROM wc_t WHERE (id, v) NOT IN (SELECT id, 0 FROM wc_s UNION ALL SELECT NULL, 7);
SELECT * FROM wc_t ORDER BY id;
-- still errors
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 3)
UPDATE wc_t SET w = 1 FROM n WHERE n.i = wc_t.id;
-- data-modifying WITH queries run first, and their rows feed the statement; but the statement
-- must not read the table they modify (it would see their changes)
WITH n AS (DELETE FROM wc_s WHERE false RETURNING id) UPDATE wc_t SET w = 1 FROM n WHERE n.id = wc_t.id;
WITH n AS (DELETE FROM wc_s WHERE false RETURNING id) UPDATE wc_t SET w = 1 FROM n
WHERE n.id = wc_t.id OR wc_t.id IN (SELECT id FROM wc_s);
SELECT * FROM wc_t ORDER BY id;
-- A SELECT writing through WITH: the writes run first, then the SELECT over their rows.
EXPLAIN (COSTS OFF) WITH u AS (UPDATE wc_t SET w = w + 1 RETURNING id, w) SELECT count(*) FROM u;
WITH u AS (UPDATE wc_t SET w = w + 1 WHERE id < 4 RETURNING id, w) SELECT * FROM u ORDER BY id;
WITH d AS (DELETE FROM wc_s WHERE id = 2 RETURNING id, k), i AS (INSERT INTO wc_local SELECT id, k FROM d RETURNING *)
SELECT d.id, d.k, (SELECT count(*) FROM i) AS copied, wc_t.v FROM d LEFT JOIN wc_t ON wc_t.id = d.id ORDER BY d.k;
SELECT * FROM wc_local ORDER BY id, v;
-- refused: the SELECT reads the table its WITH query modifies; read-only transactions
WITH u AS (UPDATE wc_t SET w = 0 RETURNING id) SELECT count(*) FROM wc_t;
BEGIN READ ONLY;
WITH u AS (UPDATE wc_t SET w = 0 RETURNING id) SELECT count(*) FROM u;
ROLLBACK;
SELECT * FROM wc_t ORDER BY id;
DROP TABLE wc_t, wc_s, wc_local;
