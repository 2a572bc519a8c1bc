-- Self-test only: small deliberate differences from local.
UPDATE tasks SET priority = 5 WHERE tenant_id = 1 AND id = 1;
DELETE FROM comments WHERE tenant_id = 2 AND id = (SELECT min(id) FROM comments WHERE tenant_id = 2);
