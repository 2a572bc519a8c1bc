-- Writes filtered by row comparisons mixing citext and int columns (see ../select/row_compare.sql).
UPDATE users SET name = 'rc ' || id WHERE (org, id) < ('BAAA', 5);
DELETE FROM notes WHERE (org, note_id) >= ('wonka', 300);
UPDATE users SET name = 'rc2' WHERE org = 'acme' AND (org, id) <= ('ACME', 4) RETURNING id, name;
INSERT INTO notes (org, note_id, user_id, title) SELECT org, id + 10000, id, 'x' FROM users WHERE (org, id) < ('Cyberdyne', 3);
