-- Queries over the single-shard group (one task on its node), with the reference table.
SELECT count(*), sum(words) FROM docs;
SELECT ws_id, count(*), sum(words), max(title) FROM docs GROUP BY ws_id;
SELECT w.name, count(d.doc_id) FROM workspaces w LEFT JOIN docs d ON d.ws_id = w.ws_id GROUP BY w.name;
SELECT d.doc_id, c.comment_id FROM docs d JOIN comments c ON c.doc_id = d.doc_id WHERE d.ws_id = 3;
SELECT m.email, r.name FROM members m LEFT JOIN roles r USING (role_id) WHERE m.ws_id = 1;
-- ordered
SELECT doc_id, title, words FROM docs ORDER BY words DESC NULLS LAST, doc_id LIMIT 10;
-- ordered
SELECT doc_id, rank() OVER (PARTITION BY ws_id ORDER BY words, doc_id) FROM docs WHERE ws_id < 4 ORDER BY doc_id;
SELECT ws_id, (SELECT count(*) FROM members m WHERE m.ws_id = w.ws_id) FROM workspaces w;
WITH top AS (SELECT author_id, count(*) AS n FROM docs GROUP BY 1) SELECT m.member_id, top.n FROM members m JOIN top ON top.author_id = m.member_id WHERE top.n > 2;
SELECT doc_id FROM docs WHERE author_id NOT IN (SELECT member_id FROM members WHERE role_id = 1);
SELECT doc_id FROM docs d WHERE EXISTS (SELECT 1 FROM comments c WHERE c.doc_id = d.doc_id AND c.score > 10);
SELECT DISTINCT unnest(tags) FROM docs;
SELECT count(*) FROM docs d WHERE d = ROW(d.doc_id, d.ws_id, d.author_id, d.title, d.words, d.tags)::docs;
SELECT * FROM doc_stats;
SELECT ws_id, docs FROM doc_stats WHERE docs > 5;
SELECT m.member_id, count(c.comment_id), round(avg(c.score), 3) FROM members m JOIN comments c ON c.member_id = m.member_id GROUP BY 1 HAVING count(*) > 7;
SELECT doc_id FROM docs WHERE ws_id = 2 UNION SELECT doc_id FROM comments WHERE score > 12 EXCEPT SELECT doc_id FROM docs WHERE words IS NULL;
PREPARE doc_by_id(int) AS SELECT title, words FROM docs WHERE doc_id = $1;
EXECUTE doc_by_id(1);
EXECUTE doc_by_id(2);
EXECUTE doc_by_id(3);
EXECUTE doc_by_id(4);
EXECUTE doc_by_id(5);
EXECUTE doc_by_id(6);
EXECUTE doc_by_id(13);
PREPARE ws_docs(int, int) AS SELECT d.doc_id, m.email FROM docs d JOIN members m ON m.member_id = d.author_id WHERE d.ws_id = $1 AND d.words > $2;
EXECUTE ws_docs(1, 100);
EXECUTE ws_docs(2, 0);
EXECUTE ws_docs(3, 10);
EXECUTE ws_docs(4, 10);
EXECUTE ws_docs(5, 10);
EXECUTE ws_docs(1, 400);
