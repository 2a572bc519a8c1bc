-- Self-test only: small deliberate differences from local.
UPDATE tasks SET status = 'done' WHERE account_id = 1 AND id = (SELECT min(id) FROM tasks WHERE account_id = 1 AND status = 'todo');
DELETE FROM comments WHERE account_id = 3 AND id = (SELECT min(id) FROM comments WHERE account_id = 3);
UPDATE activity_events SET payload = NULL WHERE id = 7;
UPDATE projects SET budget = budget + 0.01 WHERE id = 2;
UPDATE users SET email = 'x' || email WHERE id = 11;
