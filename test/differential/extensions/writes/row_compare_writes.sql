-- Writes filtered by row comparisons mixing citext and int columns (see ../select/row_compare.sql).
UPDATE users SET name = 'rc ' || id WHERE (org, id) < ('BAAA', 5);
DELETE FROM notes WHERE (org, note_id) >= ('wonka', 300);
UPDATE users SET name = 'rc2' WHERE org = 'acme' AND (org, id) <= ('ACME', 4) RETURNING id, name;
INSERT INTO notes (org, note_id, user_id, title) SELECT org, id + 10000, id, 'x' FROM users WHERE (org, id) < ('Cyberdyne', 3);
-- MERGE with such comparisons in ON and in WHEN (printed column by column for the shards too)
MERGE INTO users t USING (SELECT 'acme'::citext AS org, 1 AS id) s ON t.org = s.org AND (t.org, t.id) < ('b', 5)
WHEN MATCHED THEN UPDATE SET name = 'merged on';
MERGE INTO users t USING (SELECT org, id FROM users WHERE org = 'Acme') s ON t.org = s.org AND t.id = s.id
WHEN MATCHED AND (t.org, t.id) < ('ACME'::citext, 3) THEN UPDATE SET name = 'merged when'
WHEN MATCHED THEN DO NOTHING;
SELECT org, id, name FROM users WHERE org = 'acme' ORDER BY id;
