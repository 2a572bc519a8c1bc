-- ORDER BY over several shards: when every task returns its rows in the final order and the
-- coordinator takes them as they come (no DISTINCT, no grouping there), the Tessera Adaptive
-- scan merges the tasks' sorted rows ("Merge Sort Key") and no Sort is planned above it.
-- Otherwise the coordinator sorts as before. Ports vary between runs, so EXPLAIN output goes
-- through explain_text(), which keeps the coordinator's part of the plan.
CREATE FUNCTION explain_text(query text) RETURNS SETOF text LANGUAGE plpgsql AS $$
DECLARE
    line text;
BEGIN
    FOR line IN EXECUTE 'EXPLAIN (COSTS OFF) ' || query LOOP
        EXIT WHEN line ~ 'Tasks Shown';
        RETURN NEXT line;
    END LOOP;
END
$$;

CREATE TABLE items (id bigint PRIMARY KEY, shop int NOT NULL, name text, price numeric, rating float8);
INSERT INTO items SELECT g, g % 13, CASE WHEN g % 17 = 0 THEN NULL ELSE 'item ' || (g * 7919 % 503) END,
                         (g * 37 % 211) / 4.0, CASE WHEN g % 5 = 0 THEN NULL ELSE (g % 23) / 3.0 END
  FROM generate_series(1, 3000) g;
SELECT create_distributed_table('items', 'id', shard_count => 6);
CREATE TABLE reviews (item_id bigint, seq int, stars int, PRIMARY KEY (item_id, seq));
INSERT INTO reviews SELECT g, s, (g + s) % 5 + 1 FROM generate_series(1, 3000) g, generate_series(1, 2) s;
SELECT create_distributed_table('reviews', 'item_id', colocate_with => 'items');

-- Merged: plain and filtered scans, several keys, DESC, NULLS, collations, expressions.
SELECT * FROM explain_text('SELECT id, name FROM items WHERE shop = 3 ORDER BY name, id');
SELECT id, name FROM items WHERE shop = 3 ORDER BY name, id LIMIT 6;
SELECT * FROM explain_text('SELECT id, price, rating FROM items ORDER BY rating DESC NULLS LAST, price, id DESC LIMIT 5 OFFSET 2');
SELECT id, price, rating FROM items ORDER BY rating DESC NULLS LAST, price, id DESC LIMIT 5 OFFSET 2;
SELECT id, rating FROM items ORDER BY rating NULLS FIRST, id LIMIT 4;
SELECT * FROM explain_text('SELECT id, name FROM items ORDER BY name COLLATE "C" DESC, id LIMIT 3');
SELECT * FROM explain_text('SELECT id, name FROM items ORDER BY name USING ~>~, id LIMIT 3');
SELECT * FROM explain_text('SELECT id FROM items ORDER BY price * 2 - id, id');
SELECT id FROM items ORDER BY price * 2 - id, id LIMIT 5;
-- Grouped by the distribution column and windows partitioned by it run whole on the workers.
SELECT * FROM explain_text($$SELECT i.id, sum(r.stars) AS stars FROM items i JOIN reviews r ON r.item_id = i.id
                             GROUP BY i.id ORDER BY stars DESC, i.id LIMIT 4$$);
SELECT i.id, sum(r.stars) AS stars FROM items i JOIN reviews r ON r.item_id = i.id
  GROUP BY i.id ORDER BY stars DESC, i.id LIMIT 4;
SELECT * FROM explain_text('SELECT item_id, seq, rank() OVER (PARTITION BY item_id ORDER BY stars) FROM reviews ORDER BY 3 DESC, 1, 2');
-- FETCH FIRST WITH TIES: the workers cannot cut, the coordinator's Limit still reads merged rows.
SELECT * FROM explain_text('SELECT id, shop FROM items ORDER BY shop FETCH FIRST 2 ROWS WITH TIES');
SELECT count(*) FROM (SELECT id, shop FROM items ORDER BY shop FETCH FIRST 2 ROWS WITH TIES) t;

-- Merged and sorted answers are the same: both stored in the order they come (CREATE TABLE AS
-- plans its query the same way), then compared row by row in storage order.
SELECT * FROM explain_text('CREATE TABLE merged AS SELECT id, name FROM items ORDER BY name DESC NULLS FIRST, id');
CREATE TABLE merged AS SELECT id, name FROM items ORDER BY name DESC NULLS FIRST, id;
SET tessera.enable_sorted_merge = off;
SELECT * FROM explain_text('CREATE TABLE sorted AS SELECT id, name FROM items ORDER BY name DESC NULLS FIRST, id');
CREATE TABLE sorted AS SELECT id, name FROM items ORDER BY name DESC NULLS FIRST, id;
RESET tessera.enable_sorted_merge;
SELECT count(*) AS rows, count(*) FILTER (WHERE m.id IS DISTINCT FROM s.id) AS differences
  FROM (SELECT row_number() OVER (ORDER BY ctid) AS n, id FROM merged) m
  FULL JOIN (SELECT row_number() OVER (ORDER BY ctid) AS n, id FROM sorted) s ON s.n = m.n;
DROP TABLE merged, sorted;

-- Sorted on the coordinator: DISTINCT, grouping by another column, DISTINCT ON.
SELECT * FROM explain_text('SELECT DISTINCT shop FROM items ORDER BY shop');
SELECT * FROM explain_text('SELECT shop, count(*) FROM items GROUP BY shop ORDER BY shop');
SELECT * FROM explain_text('SELECT DISTINCT ON (shop) shop, id FROM items ORDER BY shop, id');
-- Prepared statements are pushed down and merged too: custom plans with the parameters' values
-- as constants, generic plans with the parameters sent along with every task.
PREPARE by_shop(int) AS SELECT id FROM items WHERE shop = $1 ORDER BY id LIMIT 3;
SELECT * FROM explain_text('EXECUTE by_shop(4)');
EXECUTE by_shop(4);
SET plan_cache_mode = force_generic_plan;
SELECT * FROM explain_text('EXECUTE by_shop(4)');
EXECUTE by_shop(4);
RESET plan_cache_mode;
DEALLOCATE by_shop;

-- Cursors: NO SCROLL ones merge; a plain cursor keeps the Sort, which can fetch backward.
BEGIN;
DECLARE forward_only NO SCROLL CURSOR FOR SELECT id, name FROM items ORDER BY name, id;
FETCH 3 FROM forward_only;
MOVE 100 IN forward_only;
FETCH 2 FROM forward_only;
CLOSE forward_only;
DECLARE both_ways CURSOR FOR SELECT id, name FROM items ORDER BY name, id;
FETCH 3 FROM both_ways;
FETCH BACKWARD 2 FROM both_ways;
CLOSE both_ways;
COMMIT;

-- A node that orders differently than the coordinator (here a collation of the same name that
-- is defined differently on the workers: ICU puts 'a' before 'B', "C" after) must not make the
-- merge interleave rows wrongly: the scan notices a task's rows out of its order and sorts all
-- rows instead, so the answer is the coordinator's order.
CREATE COLLATION merge_test_order (locale = 'C');
SELECT success FROM run_command_on_workers($$CREATE COLLATION merge_test_order (provider = icu, locale = 'und')$$);
CREATE TABLE mixed_order (id int PRIMARY KEY, s text COLLATE merge_test_order);
INSERT INTO mixed_order SELECT g, CASE g % 4 WHEN 0 THEN 'a' WHEN 1 THEN 'B' WHEN 2 THEN 'c' ELSE 'D' END || g
  FROM generate_series(1, 16) g;
SELECT create_distributed_table('mixed_order', 'id', shard_count => 4);
SELECT * FROM explain_text('SELECT s FROM mixed_order ORDER BY s');
SET client_min_messages = debug1;
SELECT s FROM mixed_order ORDER BY s;
RESET client_min_messages;
DROP TABLE mixed_order;
DROP COLLATION merge_test_order;
SELECT result FROM run_command_on_workers($$SELECT count(*) FROM pg_collation WHERE collname = 'merge_test_order'$$);

DROP TABLE reviews, items;
DROP FUNCTION explain_text(text);
