-- Self-test only: small deliberate differences from local.
UPDATE tasks SET status = 'done' WHERE tenant_id = 1 AND task_id = (SELECT min(task_id) FROM tasks WHERE tenant_id = 1 AND status = 'todo');
DELETE FROM comments WHERE tenant_id = 3 AND comment_id = (SELECT min(comment_id) FROM comments WHERE tenant_id = 3);
UPDATE events SET payload = NULL WHERE tenant_id = 2 AND event_id = 7;
UPDATE invoices SET amount = amount + 0.01 WHERE tenant_id = 4 AND invoice_id = 2;
