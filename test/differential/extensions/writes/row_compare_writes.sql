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
-- the same in a MERGE whose NOT MATCHED INSERT takes a sequence value on the coordinator (the
-- shards are first asked which source rows match, by the same ON condition)
CREATE SEQUENCE rc_note_ids START 50000;
MERGE INTO notes t USING (SELECT org, note_id FROM notes WHERE org = 'ACME' ORDER BY note_id LIMIT 1) s
ON t.org = s.org AND t.note_id = s.note_id AND (t.org, t.note_id) < ('zzz', 100000)
WHEN MATCHED THEN UPDATE SET body = 'matched by row comparison'
WHEN NOT MATCHED THEN INSERT (org, note_id, title) VALUES (s.org, nextval('rc_note_ids')::int, 'new');
MERGE INTO notes t USING (SELECT 'Acme'::citext AS org, 999999 AS note_id) s
ON t.org = s.org AND t.note_id = s.note_id AND (t.org, t.note_id) < ('zzz', 1000000)
WHEN MATCHED THEN UPDATE SET body = 'not expected'
WHEN NOT MATCHED THEN INSERT (org, note_id, title) VALUES (s.org, nextval('rc_note_ids')::int, 'new');
SELECT org, note_id, title, body FROM notes WHERE note_id >= 50000 OR body LIKE '%row comparison%' ORDER BY note_id;
SELECT nextval('rc_note_ids');
