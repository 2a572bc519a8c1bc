-- Distribute the dist schema's tables (search_path = dist). Rows are already in them: this is
-- the "distribute a table with existing rows" path.

-- Gap: CREATE SCHEMA and CREATE TYPE are not propagated to the workers yet (Citus does), so the
-- schema and the enum are created there by hand first; the DROP cleans up after an earlier run.
SELECT run_command_on_workers($$DROP SCHEMA IF EXISTS dist CASCADE$$);
SELECT run_command_on_workers($$CREATE SCHEMA dist$$);
SELECT run_command_on_workers($$CREATE TYPE dist.ad_status AS ENUM ('draft', 'active', 'paused', 'archived')$$);
-- Referenced tables first: companies.plan references plans, campaigns companies, ads campaigns.
SELECT create_reference_table('countries');
SELECT create_reference_table('plans');
SELECT create_distributed_table('companies', 'id');
SELECT create_distributed_table('campaigns', 'company_id', colocate_with => 'companies');
SELECT create_distributed_table('ads', 'company_id', colocate_with => 'companies');
SELECT create_distributed_table('clicks', 'company_id');
SELECT create_distributed_table('"OrderItems"', 'CompanyId', colocate_with => 'companies');
SELECT create_distributed_table('events', 'event_key', shard_count => 8);
SELECT create_distributed_table('notes', 'company_id', colocate_with => 'companies');
