-- INSERT ... VALUES whose values are subqueries (computed on the coordinator first), also prepared.
INSERT INTO ads (company_id, id, campaign_id, name, status) VALUES (8, 999001, (SELECT min(id) FROM campaigns WHERE company_id = 8), 'x', 'active'::ad_status) RETURNING company_id, id, campaign_id;
INSERT INTO ads (company_id, id, campaign_id, name) VALUES ((SELECT max(id) FROM companies WHERE id < 10), 999002, (SELECT min(id) FROM campaigns WHERE company_id = 9), (SELECT name FROM plans ORDER BY name LIMIT 1)), (7, 999003, (SELECT min(id) FROM campaigns WHERE company_id = 7), 'y') RETURNING company_id, id, campaign_id, name;
INSERT INTO companies (id, name, created_at, plan) VALUES (5001, 'sub', '2024-01-01', (SELECT name FROM plans WHERE price > 10 ORDER BY price LIMIT 1)) RETURNING id, plan;
INSERT INTO companies (id, name, created_at, employees) VALUES (5002, 'exists', '2024-01-01', CASE WHEN EXISTS (SELECT 1 FROM ads WHERE score > 99) THEN 1 ELSE 0 END) RETURNING employees;
INSERT INTO companies (id, name, created_at, tags) VALUES (5003, 'arr', '2024-01-01', ARRAY(SELECT code FROM countries ORDER BY code LIMIT 3)) RETURNING tags;
INSERT INTO companies (id, name, created_at, is_public) VALUES (5004, 'any', '2024-01-01', 5 = ANY (SELECT id FROM companies)) RETURNING is_public;
-- error
INSERT INTO companies (id, name, created_at) VALUES (5005, (SELECT name FROM companies), '2024-01-01');
PREPARE pv(bigint) AS INSERT INTO campaigns (company_id, id, name) VALUES ($1, (SELECT coalesce(max(id), 0) + 1 FROM campaigns WHERE company_id = $1), 'next') RETURNING company_id, id;
EXECUTE pv(1); EXECUTE pv(1); EXECUTE pv(2); EXECUTE pv(3); EXECUTE pv(4); EXECUTE pv(1); EXECUTE pv(5);
INSERT INTO plans VALUES ('sub plan', (SELECT max(price) FROM plans), (SELECT count(*) FROM companies)) RETURNING *;
DEALLOCATE pv;
