-- Row comparisons whose columns compare with operators of different schemas (citext's in
-- public, int's in pg_catalog): PostgreSQL prints a row comparison with its first column's
-- operator name alone, which the workers failed to find for the other columns (found by
-- fuzz/generate.py extensions 1315). Tessera prints them column by column.
SELECT a.doc_id, (a.title, a.doc_id) < (a.title, 100) FROM docs a WHERE a.doc_id BETWEEN 3 AND 3;
SELECT a.doc_id, (a.org, a.doc_id) < (a.org, 26) FROM docs a WHERE a.title BETWEEN 'b' AND 'p';
SELECT count(*) FROM users u WHERE (u.org, u.id) < ('ACME', 2);
SELECT count(*) FROM users u WHERE (u.org, u.id) >= ('initech', 30) AND u.org = 'INITECH';
SELECT count(*) FROM users u WHERE (u.id, u.org) < (2, 'ACMF');
SELECT count(*) FROM users u WHERE (u.id, u.org) <= (1, 'ACME') AND u.org = 'acme';
SELECT u.org, count(*) FROM users u WHERE (u.org, u.email) > ('ACME', 'USER3@ACME.COM') GROUP BY 1;
SELECT count(*) FROM users u JOIN notes n ON n.org = u.org AND n.user_id = u.id WHERE (n.org, n.note_id) < (u.org, 100);
PREPARE rc(citext, int) AS SELECT count(*) FROM users u WHERE (u.org, u.id) < ($1, $2);
EXECUTE rc('ACME', 3);
EXECUTE rc('hooli', 30);
EXECUTE rc('Wonka', 1);
EXECUTE rc('ACME', 3);
EXECUTE rc('ACME', 3);
EXECUTE rc('ACME', 3);
EXECUTE rc('ACME', 3);
DEALLOCATE rc;
SELECT count(*) FROM users u WHERE (u.org, u.id, u.email) > ('hooli', 3, 'x') AND (u.id, u.org) <= (10, 'TYRELL');
SELECT count(*) FROM users u WHERE (u.org, u.id) IN (SELECT n.org, n.user_id FROM notes n WHERE (n.org, n.note_id) < ('globex', 50));
SELECT count(*) FROM users u WHERE ROW(u.org, NULL::int) < ROW('ACME', 1);
SELECT count(*) FROM users u WHERE (u.org, u.id) < ('ACME', NULL::int);
