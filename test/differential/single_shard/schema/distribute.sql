-- Distribute the dist schema's tables (search_path = dist); rows are already in them.
SELECT create_reference_table('roles');
SELECT create_distributed_table('workspaces', NULL);
SELECT create_distributed_table('members', NULL, colocate_with => 'workspaces');
SELECT create_distributed_table('docs', NULL, colocate_with => 'workspaces');
SELECT create_distributed_table('comments', NULL, colocate_with => 'docs');
SELECT create_distributed_table('audit', NULL, colocate_with => 'none');
SELECT create_distributed_table('views_log', 'doc_id');
