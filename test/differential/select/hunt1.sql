-- NOT IN with NULLs in subquery
SELECT count(*) FROM companies WHERE employees NOT IN (SELECT employees FROM companies WHERE id > 10);
SELECT count(*) FROM companies WHERE id NOT IN (SELECT company_id FROM notes);
SELECT count(*) FROM companies WHERE id NOT IN (SELECT company_id FROM events);
SELECT count(*) FROM campaigns c WHERE c.company_id NOT IN (SELECT n.company_id FROM notes n WHERE n.company_id = c.company_id OR n.company_id IS NULL);
SELECT count(*) FROM companies WHERE plan NOT IN (SELECT name FROM plans UNION ALL SELECT NULL);
SELECT count(*) FROM companies WHERE id NOT IN (SELECT company_id FROM notes WHERE company_id IS NOT NULL);
SELECT count(*) FROM companies WHERE (id, employees) NOT IN (SELECT company_id, id::int FROM notes);
SELECT count(*) FROM companies WHERE employees IS DISTINCT FROM 5;
SELECT count(*) FROM companies a JOIN companies b ON a.plan IS NOT DISTINCT FROM b.plan AND a.id = b.id;
SELECT count(*) FROM notes a JOIN notes b ON a.company_id IS NOT DISTINCT FROM b.company_id;
SELECT count(*) FROM notes a JOIN companies b ON a.company_id IS NOT DISTINCT FROM b.id;
SELECT count(*) FROM companies WHERE employees = ANY (NULL::int[]);
SELECT count(*) FROM companies WHERE employees <> ALL (NULL::int[]);
SELECT count(*) FROM companies WHERE employees <> ALL (ARRAY[1, NULL]);
SELECT count(*) FROM companies WHERE id = ANY (ARRAY[1, 2, NULL]);
SELECT count(*) FROM companies WHERE id <> ALL (ARRAY[1, 2, NULL]);
SELECT count(*) FROM companies WHERE id = ANY (NULL::bigint[]);
SELECT count(*) FROM notes WHERE company_id IS NULL;
SELECT count(*) FROM notes WHERE company_id = NULL;
SELECT company_id, count(*), count(body) FROM notes GROUP BY company_id;
SELECT company_id IS NULL, count(*) FROM notes GROUP BY 1;
SELECT count(*) FROM notes WHERE company_id IN (1, NULL);
SELECT count(*) FROM notes WHERE company_id NOT IN (1, NULL);
SELECT count(*) FROM notes n LEFT JOIN companies c ON c.id = n.company_id WHERE c.id IS NULL;
SELECT count(*) FROM notes n FULL JOIN companies c ON c.id = n.company_id WHERE c.id IS NULL OR n.company_id IS NULL;
-- ordered
SELECT company_id, id FROM notes ORDER BY company_id NULLS FIRST, id LIMIT 5;
-- ordered
SELECT company_id, id FROM notes ORDER BY company_id DESC NULLS LAST, id LIMIT 5;
-- ordered
SELECT company_id, id FROM notes ORDER BY company_id DESC, id DESC LIMIT 5;
-- ordered
SELECT employees, id FROM companies ORDER BY employees NULLS FIRST, id LIMIT 7;
SELECT count(*) FROM companies WHERE NOT (employees IN (SELECT employees FROM companies WHERE employees < 10));
SELECT count(*) FROM companies c WHERE c.employees NOT IN (SELECT a.impressions_count FROM ads a WHERE a.company_id = c.id);
SELECT id FROM companies c WHERE NOT (c.employees = ANY (SELECT a.impressions_count::int FROM ads a WHERE a.company_id = c.id)) ORDER BY id LIMIT 3;
SELECT (SELECT count(*) FROM notes n WHERE n.company_id IS NOT DISTINCT FROM c.id) FROM companies c WHERE c.id < 5;
SELECT employees NOT IN (SELECT company_id FROM notes) AS x, count(*) FROM companies GROUP BY 1;
SELECT count(*) FROM events e WHERE e.company_id NOT IN (SELECT id FROM companies);
SELECT count(*) FROM events e WHERE e.small NOT IN (SELECT employees FROM companies);
SELECT count(*) FROM countries co WHERE co.population NOT IN (SELECT employees FROM companies);
SELECT count(*) FROM plans p WHERE p.max_users NOT IN (SELECT employees FROM companies WHERE employees IS NOT NULL);
SELECT count(*) FROM plans p WHERE p.max_users NOT IN (SELECT employees FROM companies);
