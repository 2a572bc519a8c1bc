-- Cursors over router, multi-shard and join queries.

BEGIN;
DECLARE c1 CURSOR FOR SELECT order_id, total, status FROM orders WHERE store_id = 2 ORDER BY order_id;
-- ordered
FETCH 5 FROM c1;
-- ordered
FETCH NEXT FROM c1;
MOVE 10 IN c1;
-- ordered
FETCH 3 FROM c1;
-- ordered
FETCH ALL FROM c1;
CLOSE c1;
COMMIT;

BEGIN;
DECLARE c2 SCROLL CURSOR FOR SELECT store_id, order_id, total FROM orders WHERE total > 1000 ORDER BY total DESC, store_id, order_id;
-- ordered
FETCH 10 FROM c2;
-- ordered
FETCH BACKWARD 3 FROM c2;
-- ordered
FETCH ABSOLUTE 50 FROM c2;
-- ordered
FETCH RELATIVE -5 FROM c2;
-- ordered
FETCH LAST FROM c2;
-- ordered
FETCH FIRST FROM c2;
CLOSE c2;
COMMIT;

BEGIN;
DECLARE c3 CURSOR FOR SELECT s.name, count(o.order_id) AS n FROM stores s LEFT JOIN orders o USING (store_id) GROUP BY s.store_id, s.name ORDER BY n DESC, s.store_id;
-- ordered
FETCH 7 FROM c3;
-- ordered
FETCH 7 FROM c3;
COMMIT;

DECLARE c4 CURSOR WITH HOLD FOR SELECT c.region, count(*) FROM orders o JOIN countries c ON c.code = o.ship_country GROUP BY c.region ORDER BY c.region NULLS FIRST;
-- ordered
FETCH 2 FROM c4;
-- ordered
FETCH ALL FROM c4;
CLOSE c4;

BEGIN;
DECLARE c5 CURSOR FOR SELECT store_id, product_id, sum(delta) FROM inventory_events GROUP BY store_id, product_id ORDER BY store_id, product_id;
MOVE FORWARD 100 IN c5;
-- ordered
FETCH 5 FROM c5;
-- ordered
FETCH FORWARD 3 FROM c5;
ROLLBACK;

BEGIN;
DECLARE c6 NO SCROLL CURSOR FOR SELECT cart_id, store_id FROM carts WHERE store_id = 1 ORDER BY cart_id;
-- ordered
FETCH 4 FROM c6;
-- ordered
FETCH 4 FROM c6;
COMMIT;
