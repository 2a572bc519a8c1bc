-- Writes to single-shard tables: any column may change, ON CONFLICT on any unique key,
-- INSERT ... SELECT within the group and from other groups, DELETE cascading inside the group.
INSERT INTO workspaces VALUES (100, 'new', 'pro'), (101, 'newer', NULL) RETURNING *;
INSERT INTO members VALUES (500, 100, 1, 'new@example.com', DATE '2025-01-01');
-- error
INSERT INTO members VALUES (501, 999, 1, 'x@example.com', NULL);
INSERT INTO members VALUES (502, 100, 2, 'new@example.com', NULL) ON CONFLICT (email) DO UPDATE SET role_id = excluded.role_id RETURNING member_id, role_id;
INSERT INTO members VALUES (500, 100, 3, 'other@example.com', NULL) ON CONFLICT (member_id) DO NOTHING;
UPDATE members SET member_id = member_id + 1000, ws_id = 101 WHERE member_id = 500 RETURNING member_id, ws_id;
UPDATE docs SET ws_id = 100, words = words + 1 WHERE doc_id BETWEEN 1 AND 5;
UPDATE docs d SET words = 0 FROM members m WHERE m.member_id = d.author_id AND m.role_id = 3 AND d.ws_id = 1;
UPDATE comments SET score = score * 2 WHERE doc_id IN (SELECT doc_id FROM docs WHERE ws_id = 100);
DELETE FROM workspaces WHERE ws_id = 100 AND NOT EXISTS (SELECT 1 FROM members WHERE ws_id = 100);
-- error
DELETE FROM workspaces WHERE ws_id = 2;
DELETE FROM docs WHERE ws_id = 3 RETURNING doc_id;
INSERT INTO comments SELECT comment_id + 10000, doc_id, member_id, 'copy', score FROM comments WHERE score > 11;
INSERT INTO audit SELECT 5000 + ws_id, ws_id, 'count', count(*) FROM docs GROUP BY ws_id;
INSERT INTO docs (doc_id, ws_id, title) SELECT 3000 + audit_id, ws_id, action FROM audit WHERE audit_id < 5;
INSERT INTO views_log SELECT doc_id, author_id, words FROM docs WHERE ws_id = 4;
BEGIN;
INSERT INTO workspaces VALUES (200, 'tx', NULL);
INSERT INTO audit VALUES (9000, 200, 'create', 1);
INSERT INTO views_log VALUES (1, 1, 1);
ROLLBACK;
BEGIN;
INSERT INTO workspaces VALUES (201, 'tx2', NULL);
INSERT INTO docs VALUES (9001, 201, NULL, 't', 1, NULL);
COMMIT;
COPY comments (comment_id, doc_id, body, score) FROM STDIN;
20001	10	copied one	1.5
20002	\N	copied two	\N
\.
ALTER TABLE docs ADD COLUMN archived boolean DEFAULT false;
UPDATE docs SET archived = true WHERE words > 400;
CREATE INDEX docs_words ON docs (words);
ALTER TABLE comments ADD CONSTRAINT score_range CHECK (score < 100);
-- error
UPDATE comments SET score = 500 WHERE comment_id = 20001;
TRUNCATE audit;
SELECT count(*) FROM docs WHERE archived;
