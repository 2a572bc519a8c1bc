-- Distribute the dist schema's tables (search_path = dist); rows are already in them, in the
-- partitions.
SELECT run_command_on_workers($$DROP SCHEMA IF EXISTS dist CASCADE$$);
SELECT run_command_on_workers($$CREATE SCHEMA dist$$);
SELECT create_distributed_table('tenants', 'tenant_id', shard_count => 4);
SELECT create_distributed_table('events', 'tenant_id', colocate_with => 'tenants');
SELECT create_distributed_table('metrics', 'tenant_id', colocate_with => 'tenants');
SELECT create_distributed_table('buckets', 'tenant_id', colocate_with => 'none', shard_count => 3);
