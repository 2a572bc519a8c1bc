-- Distribute the dist schema's tables (search_path = dist); rows are already in them.
SELECT create_reference_table('orgs');
SELECT create_distributed_table('users', 'org');
SELECT create_distributed_table('notes', 'org', colocate_with => 'users');
SELECT create_distributed_table('docs', 'doc_id');
