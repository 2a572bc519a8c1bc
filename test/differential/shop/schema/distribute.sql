-- Distribute the dist schema's tables (search_path = dist); rows are already in them.
-- Gap: CREATE SCHEMA and CREATE TYPE do not propagate to the workers yet, so the schema and the
-- enum are created there by hand.
SELECT run_command_on_workers($$DROP SCHEMA IF EXISTS dist CASCADE$$);
SELECT run_command_on_workers($$CREATE SCHEMA dist$$);
SELECT run_command_on_workers($$DO 'BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = ''shop_reader'') THEN CREATE ROLE shop_reader LOGIN; END IF; END'$$);
SELECT run_command_on_workers($$GRANT USAGE ON SCHEMA dist TO shop_reader$$);
SELECT run_command_on_workers($$CREATE TYPE dist.order_status AS ENUM ('pending', 'paid', 'shipped', 'delivered', 'cancelled', 'refunded')$$);
SELECT run_command_on_workers($$CREATE COLLATION dist.ci (provider = icu, locale = 'und-u-ks-level2', deterministic = false)$$);
SELECT create_reference_table('currencies');
SELECT create_reference_table('countries');
SELECT create_reference_table('categories');
SELECT create_distributed_table('stores', 'store_id');
SELECT create_distributed_table('customers', 'store_id', colocate_with => 'stores');
SELECT create_distributed_table('products', 'store_id', colocate_with => 'stores');
SELECT create_distributed_table('orders', 'store_id', colocate_with => 'stores');
SELECT create_distributed_table('order_items', 'store_id', colocate_with => 'stores');
SELECT create_distributed_table('payments', 'store_id', colocate_with => 'stores');
SELECT create_distributed_table('inventory_events', 'store_id', colocate_with => 'stores');
SELECT create_distributed_table('carts', 'cart_id', colocate_with => 'none', shard_count => 6);
SELECT create_distributed_table('coupons', 'code', colocate_with => 'none', shard_count => 5);
SELECT create_distributed_table('coupon_redemptions', 'code', colocate_with => 'coupons');
SELECT create_distributed_table('staff_notes', 'store_id', colocate_with => 'stores');
