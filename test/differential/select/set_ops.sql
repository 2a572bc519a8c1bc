-- UNION, INTERSECT, EXCEPT (with and without ALL), over distributed, reference and mixed inputs.

SELECT id FROM companies WHERE id < 5 UNION SELECT company_id FROM campaigns WHERE company_id < 8;

SELECT id FROM companies WHERE id < 5 UNION ALL SELECT company_id FROM campaigns WHERE company_id < 8;

SELECT company_id FROM campaigns INTERSECT SELECT company_id FROM ads WHERE status = 'draft';

SELECT company_id FROM campaigns INTERSECT ALL SELECT company_id FROM campaigns WHERE state = 'paused';

SELECT id FROM companies EXCEPT SELECT company_id FROM clicks;

SELECT company_id FROM ads EXCEPT ALL SELECT company_id FROM campaigns;

SELECT country_code FROM companies UNION SELECT code FROM countries;

SELECT plan FROM companies EXCEPT SELECT name FROM plans;

SELECT event_key FROM events WHERE seq < 20 UNION SELECT name FROM companies WHERE id < 3;

-- ordered
SELECT id, 'company' AS kind FROM companies WHERE id < 4 UNION ALL SELECT id, 'campaign' FROM campaigns WHERE company_id < 3 ORDER BY 1, 2;

SELECT count(*) FROM (SELECT company_id, ad_id FROM clicks UNION SELECT company_id, id FROM ads) u;

SELECT company_id, id FROM campaigns WHERE company_id = 5 UNION ALL SELECT company_id, id FROM ads WHERE company_id = 5;

(SELECT id FROM companies ORDER BY id LIMIT 3) UNION ALL (SELECT id FROM companies ORDER BY id DESC LIMIT 3);

SELECT NULL::text AS x UNION SELECT plan FROM companies;
