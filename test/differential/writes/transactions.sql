-- Transactions: reads see the transaction's own writes, ROLLBACK and errors undo everything,
-- multi-shard statements are atomic.

BEGIN;
INSERT INTO companies (id, name, created_at) VALUES (301, 'tx', '2023-01-01');
INSERT INTO campaigns (company_id, id, name) VALUES (301, 3011, 'tx campaign');
SELECT c.id, cp.id FROM companies c JOIN campaigns cp ON cp.company_id = c.id WHERE c.id = 301;
UPDATE companies SET employees = 1 WHERE id > 50;
SELECT count(*) FROM companies WHERE employees = 1;
SELECT plan, count(*) FROM companies GROUP BY plan;
COMMIT;

BEGIN;
DELETE FROM clicks;
SELECT count(*) FROM clicks;
INSERT INTO clicks (company_id, id) VALUES (1, 1), (2, 2);
SELECT company_id, id FROM clicks;
ROLLBACK;

SELECT count(*) FROM clicks;

BEGIN;
INSERT INTO companies (id, name, created_at) VALUES (302, 'rolled back by the error', '2023-01-01');
UPDATE ads SET score = -1;
-- error
INSERT INTO companies (id, name, created_at) VALUES (302, 'dup', '2023-01-01');
-- error
SELECT 1;
ROLLBACK;

SELECT count(*) FROM companies WHERE id = 302;

SELECT count(*) FROM ads WHERE score = -1;

-- error
UPDATE companies SET employees = 10 / (id - 40);

SELECT count(*) FROM companies WHERE employees = 10 / nullif(id - 40, 0);

BEGIN;
UPDATE campaigns SET monthly_budget = 0 WHERE company_id IN (1, 2, 3, 4, 5, 40, 41, 42);
INSERT INTO ads (company_id, id, campaign_id) SELECT company_id, id * 100, id FROM campaigns WHERE company_id IN (1, 41);
SELECT company_id, count(*) FROM ads WHERE company_id IN (1, 41) GROUP BY company_id;
COMMIT;

BEGIN;
SELECT id, name FROM companies WHERE id = 3 FOR UPDATE;
UPDATE companies SET name = 'locked and updated' WHERE id = 3;
COMMIT;

BEGIN ISOLATION LEVEL REPEATABLE READ;
SELECT count(*) FROM companies;
INSERT INTO companies (id, name, created_at) VALUES (303, 'rr', '2023-01-01');
SELECT count(*) FROM companies;
COMMIT;
