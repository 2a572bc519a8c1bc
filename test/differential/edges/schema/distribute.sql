-- Distribute the dist schema's tables (search_path = dist); rows are already in them
-- (adjustments was distributed by tables.sql, before its rows and its later columns).
SELECT create_reference_table('regions');
SELECT create_reference_table('currencies');
SELECT create_distributed_table('customers', 'customer_id');
SELECT create_distributed_table('orders', 'customer_id', colocate_with => 'customers');
SELECT create_distributed_table('merchants', 'merchant_id', colocate_with => 'none', shard_count => 7);
SELECT create_distributed_table('payments', 'merchant_id', colocate_with => 'merchants');
SELECT create_distributed_table('refunds', 'payment_id', colocate_with => 'none', shard_count => 5);
SELECT create_distributed_table('accounts', 'account_code', shard_count => 6);
SELECT create_distributed_table('"Ledger"', 'AccountCode', colocate_with => 'accounts');
SELECT create_distributed_table('devices', 'token', shard_count => 3);
