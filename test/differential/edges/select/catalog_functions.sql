-- Catalog tables, local tables and functions that read the node's catalogs by name or OID
-- (privilege checks, pg_get_*, comments) next to distributed tables: a worker has shards, not
-- the tables, and other OIDs, so these run on the coordinator.
SELECT o.order_id, (SELECT count(*) FROM pg_class WHERE relname = 'orders' AND relnamespace = :'s'::regnamespace) FROM orders o WHERE customer_id = 2;
SELECT o.order_id FROM orders o WHERE customer_id = 2 AND EXISTS (SELECT 1 FROM pg_class WHERE relname = 'orders');
SELECT count(*) FROM orders o JOIN pg_namespace n ON n.nspname = :'s' WHERE o.customer_id = 2;
SELECT o.order_id FROM orders o WHERE customer_id = 2 AND currency IN (SELECT currency FROM plain.fx_rates);
SELECT o.order_id, fx.rate FROM orders o JOIN plain.fx_rates fx ON fx.currency = o.currency WHERE o.customer_id = 2;
SELECT count(*) FROM orders o WHERE o.currency IN (SELECT currency FROM plain.fx_rates);
SELECT c.customer_id, (SELECT count(*) FROM pg_attribute a WHERE a.attrelid = (:'s' || '.orders')::regclass AND a.attnum > 0) FROM customers c WHERE c.customer_id = 3;
SELECT r.region_id, (SELECT count(*) FROM pg_class WHERE relname = 'regions' AND relnamespace = :'s'::regnamespace) FROM regions r;
SELECT count(*) FROM regions r WHERE EXISTS (SELECT 1 FROM pg_class WHERE relname = 'regions' AND relnamespace = :'s'::regnamespace);
SELECT o.order_id, has_table_privilege((:'s' || '.orders'), 'select') FROM orders o WHERE customer_id = 2;
SELECT o.order_id, to_regclass(:'s' || '.orders') IS NOT NULL FROM orders o WHERE customer_id = 2;
SELECT count(*) FROM orders o WHERE customer_id = 2 AND (SELECT count(*) FROM pg_stat_activity WHERE pid = -1) = 0;
SELECT count(*) FROM orders WHERE customer_id = 2 AND pg_relation_size(:'s' || '.orders') >= 0;
SELECT o.order_id, has_table_privilege(:'s' || '.orders', 'select'), has_column_privilege(:'s' || '.orders', 'amount', 'select') FROM orders o WHERE customer_id < 3;
SELECT count(*) FROM orders o WHERE customer_id = 2 AND has_table_privilege((:'s' || '.customers')::regclass, 'select');
SELECT o.customer_id, count(*) FROM orders o WHERE has_schema_privilege(:'s', 'usage') GROUP BY o.customer_id;
SELECT o.order_id, pg_has_role(current_user, 'member') FROM orders o WHERE customer_id = 2;
SELECT o.order_id, pg_get_userbyid(10) FROM orders o WHERE customer_id = 2;
SELECT o.order_id, obj_description((:'s' || '.orders')::regclass, 'pg_class') FROM orders o WHERE customer_id = 2;
SELECT o.order_id, pg_get_serial_sequence(:'s' || '.orders', 'order_id') FROM orders o WHERE customer_id = 2;
