-- Distribute the dist schema's tables (search_path = dist); rows are already in them.
SELECT run_command_on_workers($$DROP SCHEMA IF EXISTS dist CASCADE$$);
SELECT run_command_on_workers($$CREATE SCHEMA dist$$);
SELECT create_reference_table('plans');
SELECT create_reference_table('countries');
SELECT create_distributed_table('tenants', 'id', shard_count => 6);
SELECT create_distributed_table('members', 'tenant_id', colocate_with => 'tenants');
SELECT create_distributed_table('projects', 'tenant_id', colocate_with => 'tenants');
SELECT create_distributed_table('tasks', 'tenant_id', colocate_with => 'tenants');
SELECT create_distributed_table('comments', 'tenant_id', colocate_with => 'tenants');
SELECT create_distributed_table('attachments', 'tenant_id', colocate_with => 'tenants');
SELECT create_distributed_table('audit_log', 'tenant_id', colocate_with => 'tenants');
SELECT create_distributed_table('events', 'tenant_id', colocate_with => 'tenants');
