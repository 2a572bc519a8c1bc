-- Distribute the dist schema's tables (search_path = dist); rows are already in them.
-- Gap: CREATE SCHEMA does not propagate to the workers yet, so the schema (and, as the other
-- suites do, the enums) are created there by hand. saved_filters stays local.
SELECT run_command_on_workers($$DROP SCHEMA IF EXISTS dist CASCADE$$);
SELECT run_command_on_workers($$CREATE SCHEMA dist$$);
SELECT run_command_on_workers($$CREATE TYPE dist.user_role AS ENUM ('owner', 'admin', 'member', 'guest')$$);
SELECT run_command_on_workers($$CREATE TYPE dist.project_status AS ENUM ('planned', 'active', 'on_hold', 'completed')$$);
SELECT run_command_on_workers($$CREATE TYPE dist.task_status AS ENUM ('todo', 'in_progress', 'review', 'done', 'cancelled')$$);
SELECT create_reference_table('plans');
SELECT create_reference_table('countries');
SELECT create_reference_table('label_colors');
SELECT create_distributed_table('accounts', 'id');
SELECT create_distributed_table('users', 'account_id', colocate_with => 'accounts');
SELECT create_distributed_table('projects', 'account_id', colocate_with => 'accounts');
SELECT create_distributed_table('tasks', 'account_id', colocate_with => 'accounts');
SELECT create_distributed_table('comments', 'account_id', colocate_with => 'accounts');
SELECT create_distributed_table('attachments', 'account_id', colocate_with => 'accounts');
SELECT create_distributed_table('activity_events', 'account_id', colocate_with => 'accounts');
SELECT create_distributed_table('labels', 'account_id', colocate_with => 'accounts');
SELECT create_distributed_table('task_labels', 'account_id', colocate_with => 'accounts');
