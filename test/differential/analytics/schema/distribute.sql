-- Distribute the dist schema's tables (search_path = dist); rows are already in them.
-- Gap: CREATE SCHEMA and CREATE TYPE do not propagate to the workers yet, so the schema and the
-- enum are created there by hand. rollup_state stays local.
SELECT run_command_on_workers($$DROP SCHEMA IF EXISTS dist CASCADE$$);
SELECT run_command_on_workers($$CREATE SCHEMA dist$$);
SELECT run_command_on_workers($$CREATE TYPE dist.channel AS ENUM ('organic', 'paid', 'social', 'email', 'direct')$$);
SELECT create_reference_table('countries');
SELECT create_reference_table('devices');
SELECT create_reference_table('event_types');
SELECT create_distributed_table('sites', 'site_id');
SELECT create_distributed_table('events', 'site_id', colocate_with => 'sites');
SELECT create_distributed_table('sessions', 'site_id', colocate_with => 'sites');
SELECT create_distributed_table('page_views', 'site_id', colocate_with => 'sites');
SELECT create_distributed_table('rollup_minute', 'site_id', colocate_with => 'sites');
SELECT create_distributed_table('rollup_hour', 'site_id', colocate_with => 'sites');
SELECT create_distributed_table('rollup_day', 'site_id', colocate_with => 'sites');
SELECT create_distributed_table('type_daily', 'event_type', colocate_with => 'none', shard_count => 6);
