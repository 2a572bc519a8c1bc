SELECT id FROM companies UNION SELECT company_id FROM notes;
SELECT id FROM companies UNION ALL SELECT company_id FROM notes;
SELECT company_id FROM notes INTERSECT SELECT id FROM companies;
SELECT company_id FROM notes INTERSECT ALL SELECT company_id FROM campaigns;
SELECT company_id FROM campaigns EXCEPT ALL SELECT company_id FROM ads;
SELECT company_id FROM notes EXCEPT SELECT id FROM companies;
SELECT company_id FROM events EXCEPT SELECT company_id FROM notes;
SELECT company_id, ad_id FROM clicks INTERSECT ALL SELECT company_id, ad_id FROM clicks WHERE is_mobile;
SELECT company_id FROM clicks EXCEPT ALL SELECT company_id FROM clicks WHERE id % 2 = 0;
SELECT plan FROM companies UNION SELECT name FROM plans EXCEPT SELECT NULL;
SELECT count(*) FROM (SELECT company_id FROM clicks INTERSECT ALL SELECT company_id FROM ads) s;
(SELECT id FROM companies ORDER BY id LIMIT 3) UNION ALL (SELECT company_id FROM notes ORDER BY company_id NULLS FIRST, id LIMIT 3);
SELECT company_id, count(*) FROM (SELECT company_id FROM campaigns UNION ALL SELECT company_id FROM ads) s GROUP BY company_id;
WITH RECURSIVE r(n) AS (SELECT min(id) FROM companies UNION ALL SELECT n + 1 FROM r WHERE n < 5) SELECT * FROM r;
WITH RECURSIVE r(id, depth) AS (SELECT id, 0 FROM companies WHERE id = 1 UNION SELECT c.id, r.depth + 1 FROM r JOIN companies c ON c.id = r.id + 1 WHERE r.depth < 4) SELECT * FROM r;
WITH RECURSIVE r(cid, k) AS (SELECT company_id, 1 FROM campaigns WHERE company_id = 2 UNION ALL SELECT cid, k + 1 FROM r WHERE k < 3) SELECT cid, k, count(*) FROM r GROUP BY 1, 2;
SELECT v.x, c.name FROM (VALUES (1), (2), (NULL::bigint), (999)) v(x) LEFT JOIN companies c ON c.id = v.x;
SELECT v.x, v.y, count(ca.id) FROM (VALUES (1, 'a'), (2, 'b'), (3, NULL)) v(x, y) JOIN campaigns ca ON ca.company_id = v.x GROUP BY v.x, v.y;
SELECT v.x FROM (VALUES (1::bigint), (2), (NULL)) v(x) WHERE v.x NOT IN (SELECT company_id FROM notes);
SELECT v.x FROM (VALUES (-1::bigint), (-2)) v(x) WHERE v.x NOT IN (SELECT company_id FROM notes);
SELECT v.x FROM (VALUES (-1::bigint), (-2)) v(x) WHERE v.x NOT IN (SELECT company_id FROM notes WHERE company_id IS NOT NULL);
SELECT c.id, (SELECT max(ca.monthly_budget) FROM campaigns ca WHERE ca.company_id = c.id) AS mb FROM companies c;
-- ordered
SELECT c.id FROM companies c ORDER BY (SELECT count(*) FROM campaigns ca WHERE ca.company_id = c.id) DESC, c.id LIMIT 10;
-- ordered
SELECT c.id, c.employees FROM companies c ORDER BY (SELECT max(monthly_budget) FROM campaigns ca WHERE ca.company_id = c.id) NULLS FIRST, c.id;
SELECT c.id, (SELECT string_agg(ca.name, ',' ORDER BY ca.id) FROM campaigns ca WHERE ca.company_id = c.id) FROM companies c WHERE c.id < 6;
SELECT c.id, (SELECT co.name FROM countries co WHERE co.code = c.country_code) FROM companies c;
SELECT c.id, u.x, u.o FROM companies c, unnest(c.tags) WITH ORDINALITY u(x, o);
SELECT u.x, u.o, c.name FROM unnest(ARRAY[1, 2, NULL, 5]::bigint[]) WITH ORDINALITY u(x, o) LEFT JOIN companies c ON c.id = u.x;
SELECT r.a, r.b, c.name FROM ROWS FROM (generate_series(1, 4), unnest(ARRAY['x', 'y'])) r(a, b) JOIN companies c ON c.id = r.a;
SELECT r.a, r.b, r.o FROM ROWS FROM (generate_series(1, 3), unnest(ARRAY['x', 'y'])) WITH ORDINALITY r(a, b, o) WHERE r.a IN (SELECT id FROM companies);
SELECT count(*) FROM companies c JOIN generate_series(1, 10) g ON g = c.id;
SELECT DISTINCT name COLLATE "en-x-icu" FROM companies;
SELECT DISTINCT lower(name) COLLATE "und-x-icu" FROM companies;
SELECT DISTINCT kind COLLATE "de-x-icu" FROM events;
SELECT count(DISTINCT note COLLATE "en-x-icu") FROM events;
-- ordered
SELECT name FROM companies ORDER BY name COLLATE "en-x-icu", id;
-- ordered
SELECT note, event_key, seq FROM events ORDER BY note COLLATE "und-x-icu" NULLS FIRST, event_key COLLATE "C", seq LIMIT 15;
-- ordered
SELECT name, count(*) FROM companies GROUP BY name ORDER BY name COLLATE "en-x-icu" DESC LIMIT 5;
SELECT min(name COLLATE "en-x-icu"), max(name COLLATE "en-x-icu"), min(note COLLATE "und-x-icu"), max(note COLLATE "und-x-icu") FROM companies, events WHERE events.seq = 1 AND companies.id < 3;
SELECT min(note COLLATE "en-x-icu"), max(note COLLATE "en-x-icu") FROM events;
SELECT kind COLLATE "en-x-icu" AS k, count(*) FROM events GROUP BY 1;
SELECT string_agg(name, ',' ORDER BY name COLLATE "en-x-icu") FROM companies;
SELECT count(*) FROM companies WHERE name COLLATE "en-x-icu" < 'm';
SELECT count(*) FROM events WHERE note COLLATE "und-x-icu" > 'B';
