-- Empty results and trivially small ones: no rows must still have the right shape and aggregates.

SELECT * FROM companies WHERE false;

SELECT * FROM companies WHERE id = -1;

SELECT * FROM events WHERE event_key = 'does not exist';

SELECT * FROM companies LIMIT 0;

SELECT id FROM companies ORDER BY id LIMIT 0;

SELECT count(*), sum(employees), avg(employees), min(name), max(name), bool_and(is_public) FROM companies WHERE false;

SELECT count(*), array_agg(id), string_agg(name, ','), json_agg(id) FROM companies WHERE id = -1;

SELECT plan, count(*) FROM companies WHERE false GROUP BY plan;

SELECT count(*) FROM companies WHERE false HAVING count(*) = 0;

SELECT c.id FROM companies c JOIN campaigns cp ON cp.company_id = c.id WHERE c.id = 6;

SELECT c.id, cp.id FROM companies c LEFT JOIN campaigns cp ON cp.company_id = c.id WHERE c.id = 6;

SELECT DISTINCT plan FROM companies WHERE id > 1000;

SELECT id FROM companies WHERE id > 1000 UNION SELECT id FROM companies WHERE id < 0;

WITH none AS (SELECT * FROM ads WHERE company_id = 0) SELECT count(*), max(id) FROM none;

SELECT id, row_number() OVER () FROM companies WHERE false;

SELECT * FROM companies OFFSET 1000;

SELECT 1 FROM companies WHERE id = 1;

SELECT FROM companies WHERE id < 4;

SELECT count(*) FROM companies WHERE id IN (SELECT company_id FROM campaigns WHERE false);
