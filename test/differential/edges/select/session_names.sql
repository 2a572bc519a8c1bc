-- quote_all_identifiers on, and search_path without the tables' schema: the text printed for
-- the workers must still name the shards (and the shards' row types).
SET quote_all_identifiers = on;
SELECT order_id, amount FROM orders WHERE customer_id = 2;
SELECT o FROM orders o WHERE customer_id = 3;
SELECT customer_id, count(*) FROM orders GROUP BY customer_id;
SELECT l."EntryId" FROM "Ledger" l WHERE "AccountCode" = 'zeta';
SELECT * FROM orders WHERE customer_id = 2 AND order_id = 2003;
PREPARE qa(bigint) AS SELECT order_id FROM orders WHERE customer_id = $1;
EXECUTE qa(1);
EXECUTE qa(2);
EXECUTE qa(3);
EXECUTE qa(4);
EXECUTE qa(5);
EXECUTE qa(6);
DEALLOCATE qa;
RESET quote_all_identifiers;
SET search_path = public;
SELECT count(*) FROM :s.orders WHERE customer_id = 2;
SELECT o FROM :s.orders o WHERE customer_id = 2 AND order_id = 2001;
SELECT count(*) FROM :s.orders o JOIN :s.payments p ON p.order_id = o.order_id;
SET search_path = pg_catalog;
SELECT count(*) FROM :s.orders WHERE customer_id = 2;
SELECT o FROM :s.orders o WHERE customer_id = 2 AND order_id = 2001;
SELECT a FROM :s.adjustments a WHERE adj_id = 3;
