-- Savepoints across shards: they either work or fail clearly (then mark the statements
-- expect-error here).

BEGIN;
UPDATE ads SET score = 0 WHERE company_id = 1;
SAVEPOINT s1;
UPDATE ads SET score = 1 WHERE company_id = 2;
INSERT INTO companies (id, name, created_at) VALUES (401, 'in savepoint', '2023-01-01');
ROLLBACK TO SAVEPOINT s1;
SELECT count(*) FROM companies WHERE id = 401;
UPDATE ads SET score = 2 WHERE company_id = 3;
RELEASE SAVEPOINT s1;
COMMIT;

BEGIN;
SAVEPOINT a;
-- error
INSERT INTO companies (id, name, created_at) VALUES (1, 'dup', '2023-01-01');
ROLLBACK TO SAVEPOINT a;
INSERT INTO companies (id, name, created_at) VALUES (402, 'after the error', '2023-01-01');
COMMIT;

SELECT id, name FROM companies WHERE id > 400;
