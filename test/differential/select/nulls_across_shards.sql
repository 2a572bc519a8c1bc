-- NULL semantics across shards: NOT IN over subqueries that yield NULLs (same table, colocated,
-- not colocated, reference tables, NULL-extended distribution columns), IS [NOT] DISTINCT FROM,
-- = ANY / <> ALL with NULL arrays and elements, NULL groups of outer joins, NULLS FIRST / LAST
-- in merged ORDER BY ... LIMIT, set operations (which treat NULLs as equal).


-- NOT IN, ANY / ALL, IS DISTINCT FROM
SELECT count(*) FROM companies WHERE employees NOT IN (SELECT employees FROM companies WHERE id > 10);
SELECT count(*) FROM companies WHERE id NOT IN (SELECT company_id FROM notes);
SELECT count(*) FROM companies WHERE id NOT IN (SELECT company_id FROM events);
SELECT count(*) FROM companies WHERE plan NOT IN (SELECT name FROM plans UNION ALL SELECT NULL);
SELECT count(*) FROM companies WHERE (id, employees) NOT IN (SELECT company_id, id::int FROM notes);
SELECT count(*) FROM companies WHERE employees IS DISTINCT FROM 5;
SELECT count(*) FROM notes a JOIN notes b ON a.company_id IS NOT DISTINCT FROM b.company_id;
SELECT count(*) FROM companies WHERE employees = ANY (NULL::int[]);
SELECT count(*) FROM companies WHERE employees <> ALL (NULL::int[]);
SELECT count(*) FROM companies WHERE employees <> ALL (ARRAY[1, NULL]);
SELECT count(*) FROM companies WHERE id <> ALL (ARRAY[1, 2, NULL]);
SELECT count(*) FROM notes n FULL JOIN companies c ON c.id = n.company_id WHERE c.id IS NULL OR n.company_id IS NULL;
-- ordered
SELECT company_id, id FROM notes ORDER BY company_id NULLS FIRST, id LIMIT 5;
SELECT count(*) FROM companies WHERE NOT (employees IN (SELECT employees FROM companies WHERE employees < 10));
SELECT (SELECT count(*) FROM notes n WHERE n.company_id IS NOT DISTINCT FROM c.id) FROM companies c WHERE c.id < 5;
SELECT count(*) FROM events e WHERE e.company_id NOT IN (SELECT id FROM companies);
SELECT count(*) FROM events e WHERE e.small NOT IN (SELECT employees FROM companies);
SELECT count(*) FROM countries co WHERE co.population NOT IN (SELECT employees FROM companies);
SELECT count(*) FROM plans p WHERE p.max_users NOT IN (SELECT employees FROM companies);

-- NOT IN over NULLs produced inside the subquery (outer joins, nullif, CASE, UNION)
SELECT count(*) FROM companies c WHERE c.id NOT IN (SELECT ca.company_id FROM companies c2 LEFT JOIN campaigns ca ON ca.company_id = c2.id AND ca.id = 999 WHERE c2.id = 5);
SELECT count(*) FROM companies c WHERE c.id NOT IN (SELECT c2.id FROM companies c2 WHERE c2.id = 5 UNION ALL SELECT NULL);
SELECT count(*) FROM companies c WHERE c.id NOT IN (SELECT CASE WHEN c2.id = 5 THEN NULL ELSE c2.id END FROM companies c2);
SELECT count(*) FROM companies c WHERE c.id NOT IN (SELECT nullif(ca.company_id, 5) FROM campaigns ca);
SELECT count(*) FROM companies c WHERE (c.id, c.employees) NOT IN (SELECT ca.company_id, ca.monthly_budget::int FROM campaigns ca);
SELECT count(*) FROM campaigns ca WHERE ca.monthly_budget NOT IN (SELECT a.impressions_count FROM ads a WHERE a.company_id = ca.company_id);
SELECT count(*) FROM companies c WHERE NOT (c.id = ANY (SELECT ca.company_id FROM companies c2 LEFT JOIN campaigns ca ON ca.company_id = c2.id AND ca.id = 999 WHERE c2.id = 5));
SELECT count(*) FROM companies c WHERE c.id <> ALL (SELECT nullif(ca.company_id, 7) FROM campaigns ca);
SELECT c.id, c.id NOT IN (SELECT nullif(ca.company_id, 7) FROM campaigns ca) FROM companies c;

-- groups, windows and DISTINCT over NULL-extended distribution columns
SELECT ca.company_id, count(*) FROM companies c LEFT JOIN campaigns ca ON ca.company_id = c.id AND ca.id < 0 GROUP BY ca.company_id;
SELECT DISTINCT ca.company_id FROM companies c LEFT JOIN campaigns ca ON ca.company_id = c.id AND ca.monthly_budget > 5000;
SELECT count(DISTINCT ca.company_id), count(ca.company_id), count(*) FROM companies c LEFT JOIN campaigns ca ON ca.company_id = c.id AND ca.monthly_budget > 5000;
SELECT ca.company_id, count(*) OVER (PARTITION BY ca.company_id) FROM companies c LEFT JOIN campaigns ca ON ca.company_id = c.id AND ca.monthly_budget > 9000;
SELECT x.cid, count(*) FROM (SELECT ca.company_id AS cid FROM companies c LEFT JOIN campaigns ca ON ca.company_id = c.id AND ca.id < 0) x GROUP BY x.cid;
SELECT s.company_id, s.cnt FROM (SELECT n.company_id, count(*) AS cnt FROM notes n FULL JOIN companies c ON c.id = n.company_id GROUP BY n.company_id) s WHERE s.company_id IS NULL;
SELECT c.id, count(*) FROM notes n FULL JOIN companies c ON c.id = n.company_id GROUP BY c.id;
SELECT coalesce(c.id, n.company_id) AS k, count(*) FROM notes n FULL JOIN companies c ON c.id = n.company_id GROUP BY 1;
SELECT DISTINCT ON (c.id) c.id, n.id FROM notes n FULL JOIN companies c ON c.id = n.company_id ORDER BY c.id, n.id;
SELECT c.id, row_number() OVER (PARTITION BY c.id ORDER BY n.id NULLS FIRST) FROM notes n LEFT JOIN companies c ON c.id = n.company_id;

-- prepared statements with NULL parameters (past the fifth execution: generic plans)
PREPARE pd(bigint) AS SELECT count(*) FROM notes WHERE company_id IS NOT DISTINCT FROM $1;
EXECUTE pd(NULL);
EXECUTE pd(1);
EXECUTE pd(NULL);
EXECUTE pd(NULL);
EXECUTE pd(NULL);
EXECUTE pd(NULL);
EXECUTE pd(2);
PREPARE pi(bigint[]) AS SELECT count(*) FROM companies WHERE id = ANY ($1) OR employees <> ALL ($1::int[]);
EXECUTE pi(NULL);
EXECUTE pi(ARRAY[1, NULL]);
EXECUTE pi('{}');
EXECUTE pi(ARRAY[NULL]::bigint[]);
EXECUTE pi(ARRAY[1, NULL]);
EXECUTE pi(ARRAY[1, 38]);
EXECUTE pi(NULL);

-- NULLS FIRST / LAST in ORDER BY ... LIMIT merged across shards
-- ordered
SELECT ad_id, count(*) FROM clicks GROUP BY ad_id ORDER BY count(*) DESC, ad_id NULLS FIRST LIMIT 3;
-- ordered
SELECT ad_id, sum(cost_per_click_usd) FROM clicks GROUP BY ad_id ORDER BY 2 NULLS FIRST, 1 LIMIT 4;
-- ordered
SELECT company_id, avg(monthly_budget) FROM campaigns GROUP BY company_id ORDER BY avg(monthly_budget) DESC NULLS FIRST, company_id LIMIT 5;
-- ordered
SELECT company_id, count(*) FROM events GROUP BY company_id ORDER BY company_id NULLS FIRST LIMIT 3;
-- ordered
SELECT small, count(*) FROM events GROUP BY small ORDER BY small DESC NULLS LAST LIMIT 3;
-- ordered
SELECT event_key, seq FROM events ORDER BY amount DESC NULLS LAST, event_key, seq LIMIT 5;
-- ordered
SELECT event_key, seq FROM events ORDER BY amount NULLS FIRST, event_key, seq LIMIT 5;
-- ordered
SELECT event_key, seq FROM events ORDER BY duration DESC NULLS LAST, event_key DESC, seq LIMIT 5;
-- ordered
SELECT event_key, seq FROM events ORDER BY labels NULLS FIRST, event_key, seq LIMIT 5;
-- ordered
SELECT event_key, seq FROM events ORDER BY attrs DESC, event_key, seq LIMIT 5;
-- ordered
SELECT event_key, seq FROM events ORDER BY occurred_at NULLS FIRST, at_time DESC, event_key, seq LIMIT 5;
-- ordered
SELECT id, user_ip FROM clicks ORDER BY user_ip DESC NULLS LAST, id, company_id LIMIT 5;
-- ordered
SELECT a.company_id, a.id FROM ads a ORDER BY a.status DESC NULLS FIRST, a.company_id, a.id LIMIT 5;
-- ordered
SELECT a.company_id, a.id, a.ratio FROM ads a ORDER BY a.ratio DESC NULLS LAST, a.company_id, a.id LIMIT 5;
-- ordered
SELECT a.company_id, a.id FROM ads a ORDER BY a.score USING >, a.company_id, a.id LIMIT 5;

-- set operations: NULLs are equal
SELECT NULL::int INTERSECT SELECT employees FROM companies;
SELECT employees FROM companies INTERSECT SELECT NULL::int;
SELECT employees, is_public FROM companies WHERE id < 30 EXCEPT SELECT employees, is_public FROM companies WHERE id >= 30;
SELECT employees, is_public FROM companies EXCEPT ALL SELECT NULL::int, NULL::bool;
SELECT company_id, ad_id FROM clicks INTERSECT SELECT company_id, ad_id FROM clicks WHERE ad_id IS NULL;
SELECT company_id, ad_id, is_mobile FROM clicks EXCEPT SELECT company_id, ad_id, true FROM clicks;
SELECT company_id FROM events UNION ALL SELECT NULL ORDER BY 1 NULLS FIRST LIMIT 3;
SELECT x FROM (SELECT company_id AS x FROM events UNION SELECT NULL) s WHERE x IS NULL;
