-- Distribute the dist schema's tables (search_path = dist); rows are already in them.
-- Gap: CREATE SCHEMA does not propagate to the workers yet, so it is created there by hand.
SELECT run_command_on_workers($$DROP SCHEMA IF EXISTS dist CASCADE$$);
SELECT run_command_on_workers($$CREATE SCHEMA dist$$);
SELECT create_reference_table('currencies');
SELECT create_reference_table('fee_rules');
SELECT create_distributed_table('tenants', 'tenant_id', shard_count => 8);
SELECT create_distributed_table('accounts', 'tenant_id', colocate_with => 'tenants');
SELECT create_distributed_table('entries', 'tenant_id', colocate_with => 'tenants');
SELECT create_distributed_table('transfers', 'tenant_id', colocate_with => 'tenants');
SELECT create_distributed_table('holds', 'tenant_id', colocate_with => 'tenants');
SELECT create_distributed_table('payouts', 'payout_ref', colocate_with => 'none', shard_count => 6);
SELECT create_distributed_table('audit_events', 'ref', colocate_with => 'none', shard_count => 5);
SELECT create_distributed_table('fx_quotes', 'bucket', colocate_with => 'none', shard_count => 4);
SELECT create_distributed_table('counters', 'slot', colocate_with => 'none', shard_count => 3);
SELECT create_distributed_table('rate_log', 'tenant_id', colocate_with => 'tenants');
SELECT create_distributed_table('journal', 'tenant_id', colocate_with => 'tenants');
