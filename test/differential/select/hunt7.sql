SELECT generate_series(1, count(*)::int) FROM companies;
SELECT unnest(array_agg(id ORDER BY id)) FROM companies WHERE id < 5;
SELECT count(*), unnest(ARRAY[1, 2]) FROM companies;
SELECT count(*), generate_series(1, 3) FROM companies WHERE id < 0;
SELECT DISTINCT unnest(tags) FROM companies;
SELECT id, generate_series(1, (id % 3)::int) FROM companies WHERE id < 8;
SELECT plan, unnest(array_agg(DISTINCT country_code)) FROM companies GROUP BY plan;
SELECT sum(id) FROM companies LIMIT 0;
SELECT count(*) FROM companies OFFSET 1;
SELECT count(*) FROM companies OFFSET 0;
-- ordered
SELECT id FROM companies ORDER BY id LIMIT NULL OFFSET 50;
-- ordered
SELECT id FROM companies ORDER BY id LIMIT ALL OFFSET NULL;
-- ordered
SELECT id FROM companies ORDER BY id LIMIT (SELECT 2) OFFSET (SELECT 1);
-- ordered
SELECT id FROM companies ORDER BY id FETCH FIRST (NULL) ROWS ONLY;
-- ordered
SELECT id FROM companies ORDER BY id DESC LIMIT (SELECT count(*) FROM plans);
PREPARE pl(bigint, bigint) AS SELECT id FROM companies ORDER BY id LIMIT $1 OFFSET $2;
-- ordered
EXECUTE pl(NULL, 50);
-- ordered
EXECUTE pl(2, NULL);
-- ordered
EXECUTE pl(0, 0);
SELECT count(*) FROM (SELECT id FROM companies ORDER BY id LIMIT NULL) s;
SELECT count(*) FROM companies WHERE random() < 2;
SELECT id, employees > (SELECT avg(employees) FROM companies) FROM companies;
SELECT id FROM companies WHERE employees > (SELECT avg(employees) FROM companies WHERE id < 0);
SELECT id FROM companies WHERE employees IS DISTINCT FROM (SELECT max(employees) FROM companies WHERE id < 0);
SELECT count(*) FROM companies WHERE id = (SELECT min(company_id) FROM notes);
SELECT count(*) FROM notes WHERE company_id = (SELECT NULL::bigint);
SELECT count(*) FROM notes WHERE company_id IS NOT DISTINCT FROM (SELECT NULL::bigint);
SELECT count(*) FROM notes WHERE company_id = (SELECT company_id FROM notes WHERE company_id IS NULL LIMIT 1);
SELECT avg(c) FROM (SELECT company_id, count(*) AS c FROM campaigns GROUP BY company_id) s;
SELECT max(s) FROM (SELECT ad_id, sum(cost_per_click_usd) AS s FROM clicks GROUP BY ad_id) x;
SELECT count(*) FROM (SELECT DISTINCT ad_id FROM clicks) x;
SELECT count(*) FROM (SELECT ad_id FROM clicks GROUP BY ad_id HAVING count(*) > 1) x;
SELECT plan, count(*) FROM companies GROUP BY plan HAVING max(id) > (SELECT avg(id) FROM companies);
SELECT plan, count(*) FROM companies c GROUP BY plan HAVING EXISTS (SELECT 1 FROM plans p WHERE p.name = c.plan);
SELECT plan, (SELECT price FROM plans p WHERE p.name = c.plan), count(*) FROM companies c GROUP BY plan;
SELECT c.plan, count(*) FROM companies c WHERE c.id IN (SELECT company_id FROM campaigns GROUP BY company_id HAVING count(*) > 2) GROUP BY c.plan;
SELECT id, count(*) OVER () FROM companies ORDER BY id LIMIT 3;
SELECT id, sum(id) OVER (ORDER BY id) FROM companies ORDER BY id DESC LIMIT 3;
SELECT DISTINCT ON (plan) plan, id FROM companies ORDER BY plan, id LIMIT 2;
SELECT DISTINCT ON (plan) plan, id FROM companies ORDER BY plan, id OFFSET 2;
SELECT DISTINCT plan, is_public FROM companies ORDER BY plan NULLS FIRST, is_public NULLS FIRST LIMIT 4;
SELECT DISTINCT employees % 3 FROM companies;
SELECT DISTINCT ON (employees % 3) employees % 3, id FROM companies ORDER BY employees % 3, id;
