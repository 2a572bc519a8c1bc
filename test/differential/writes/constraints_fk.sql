-- Constraint violations (foreign keys, unique, not null, check) in single- and multi-shard
-- writes: the same error as vanilla, and nothing changes anywhere. Cascading foreign keys.

-- foreign key to a distributed table: the referenced company does not exist
-- error
INSERT INTO campaigns (company_id, id, name) VALUES (999999, 1, 'orphan');
-- one good row, one bad row on another shard: nothing is inserted
-- error
INSERT INTO campaigns (company_id, id, name) VALUES (1, 900001, 'good'), (2, 900002, 'good too'), (999998, 900003, 'orphan');
SELECT count(*) FROM campaigns WHERE id IN (900001, 900002, 900003);
-- foreign key to a reference table
-- error
INSERT INTO companies (id, name, created_at, plan) VALUES (5001, 'bad plan', '2023-01-01', 'no such plan');
-- error
UPDATE companies SET plan = 'nope' WHERE id IN (1, 2, 3);
SELECT plan, count(*) FROM companies WHERE id IN (1, 2, 3) GROUP BY plan;
-- deleting a referenced reference-table row: restrict
-- error
DELETE FROM plans WHERE name IN (SELECT plan FROM companies WHERE plan IS NOT NULL LIMIT 1);
-- ON UPDATE CASCADE from the reference table into the distributed table
UPDATE plans SET name = name || '_v2' WHERE name IN (SELECT DISTINCT plan FROM companies WHERE plan IS NOT NULL ORDER BY 1 LIMIT 1) RETURNING name;
SELECT plan, count(*) FROM companies GROUP BY plan;
-- ON DELETE CASCADE: company -> campaigns -> ads
SELECT count(*) FROM ads WHERE company_id IN (3, 4);
DELETE FROM companies WHERE id IN (3, 4) RETURNING id, name;
SELECT count(*) FROM campaigns WHERE company_id IN (3, 4);
SELECT count(*) FROM ads WHERE company_id IN (3, 4);
-- foreign key across two columns: campaign of another company
-- error
INSERT INTO ads (company_id, id, campaign_id, name) SELECT 5, 900010, min(id), 'wrong company' FROM campaigns WHERE company_id = 6;
-- an UPDATE that breaks the key on one of many shards: nothing changes
-- error
UPDATE ads SET campaign_id = campaign_id + 1000000 WHERE company_id IN (5, 6, 7, 8) AND id % 7 = 0;
SELECT count(*) FROM ads WHERE campaign_id > 1000000;
-- unique violation on one shard of a multi-shard UPDATE
-- error
UPDATE campaigns SET id = 1 WHERE company_id IN (5, 6, 7) AND id > 1;
-- not null violation inside a multi-row insert
-- error
INSERT INTO companies (id, name, created_at) VALUES (5002, 'ok', '2023-01-01'), (5003, NULL, '2023-01-01');
SELECT count(*) FROM companies WHERE id IN (5002, 5003);
-- INSERT ... SELECT with one violating row among many shards
-- error
INSERT INTO campaigns (company_id, id, name) SELECT id, 910000 + id, CASE WHEN id = 9 THEN NULL ELSE 'bulk' END FROM companies WHERE id < 20;
SELECT count(*) FROM campaigns WHERE id > 910000;
-- INSERT ... SELECT violating a foreign key
-- error
INSERT INTO campaigns (company_id, id, name) SELECT id + 100000, 1, 'orphans' FROM companies WHERE id < 5;
-- the same inside a transaction, with a savepoint, then the good part commits
BEGIN;
INSERT INTO companies (id, name, created_at, plan) VALUES (5010, 'tx company', '2023-01-01', NULL);
SAVEPOINT s1;
-- error
INSERT INTO campaigns (company_id, id, name) VALUES (5010, 1, 'ok'), (5011, 1, 'no parent');
ROLLBACK TO SAVEPOINT s1;
INSERT INTO campaigns (company_id, id, name) VALUES (5010, 1, 'ok');
SELECT company_id, id, name FROM campaigns WHERE company_id IN (5010, 5011);
COMMIT;
SELECT c.id, count(ca.id) FROM companies c LEFT JOIN campaigns ca ON ca.company_id = c.id WHERE c.id >= 5000 GROUP BY c.id;
-- TRUNCATE of a referenced table without CASCADE fails; inside a rolled back transaction it works
-- error
TRUNCATE companies;
BEGIN;
TRUNCATE companies CASCADE;
SELECT count(*) FROM ads;
ROLLBACK;
SELECT count(*) FROM companies;
SELECT count(*) FROM ads;
