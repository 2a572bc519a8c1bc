-- hstore operators and functions, pg_trgm similarity, full-text search over distributed rows.
SELECT org, id, attrs -> 'role' AS role FROM users WHERE org = 'acme' AND id < 8;
SELECT attrs -> 'role' AS role, count(*) FROM users GROUP BY attrs -> 'role';
SELECT count(*) FROM users WHERE attrs ? 'beta';
SELECT count(*) FROM users WHERE attrs @> 'role=>admin';
SELECT count(*) FROM users WHERE attrs @> 'role=>admin, beta=>yes'::hstore;
SELECT org, id FROM users WHERE org = 'GLOBEX' AND attrs ?| ARRAY['beta', 'none'] AND id < 20;
SELECT org, id, akeys(attrs) FROM users WHERE org = 'initech' AND id < 5;
SELECT org, id, attrs - 'score'::text AS trimmed FROM users WHERE org = 'wayne' AND id < 6;
SELECT org, id, hstore_to_json(attrs) FROM users WHERE org = 'Wayne' AND id BETWEEN 6 AND 9;
SELECT (attrs -> 'score')::int AS score, count(*) FROM users WHERE attrs IS NOT NULL GROUP BY 1;
SELECT sum((attrs -> 'score')::int) FROM users;
SELECT o.org, o.settings -> 'region' AS region, count(*) FROM orgs o JOIN users u USING (org)
WHERE u.attrs -> 'role' = 'guest' GROUP BY o.org, o.settings -> 'region';
SELECT props -> 'lang' AS lang, count(*) FROM docs GROUP BY props -> 'lang';
SELECT doc_id, props FROM docs WHERE doc_id IN (1, 6, 7, 12);
SELECT count(*) FROM docs WHERE props -> 'lang' = 'de' AND (props -> 'pages')::int > 40;
SELECT count(*) FROM docs WHERE props = 'lang=>en, pages=>10'::hstore;
SELECT each.key, count(*) FROM docs, each(props) GROUP BY each.key;
SELECT doc_id, title FROM docs WHERE title = 'POSTGRES TUNING GUIDE' AND doc_id < 30;
SELECT org, count(*) FROM docs GROUP BY org;
SELECT count(*) FROM docs WHERE org = 'acme';
SELECT d.org, count(*) FROM docs d JOIN orgs o ON o.org = d.org WHERE o.plan = 'silver' GROUP BY d.org;
SELECT doc_id, round(similarity(title, 'postgres tuning')::numeric, 4) FROM docs WHERE doc_id < 9;
SELECT count(*) FROM docs WHERE similarity(title, 'sharding handbok') > 0.5;
SELECT count(*) FROM docs WHERE title % 'sharding handbok';
SELECT count(*) FROM docs WHERE title::text <% 'release notes v2';
SELECT count(*) FROM docs WHERE word_similarity('tuning', title) > 0.6;
SELECT doc_id FROM docs WHERE title ILIKE '%HANDBOOK%' AND doc_id < 40;
SELECT count(*) FROM docs WHERE title LIKE 'Release%';
SELECT count(*) FROM users WHERE name % 'Alice Andersen';
-- % follows the session's pg_trgm.similarity_threshold, which the workers' sessions do not
-- have: it must be evaluated on the coordinator.
SET pg_trgm.similarity_threshold = 0.15;
SELECT count(*) FROM docs WHERE title % 'handbook';
SELECT org, count(*) FROM users WHERE org = 'acme' AND name % 'carol' GROUP BY org;
RESET pg_trgm.similarity_threshold;
SELECT count(*) FROM docs WHERE title % 'handbook';
SELECT show_trgm('Acme') AS trgm;
-- ordered
SELECT doc_id, round((title <-> 'postgres guide')::numeric, 4) AS dist FROM docs ORDER BY dist, doc_id LIMIT 6;
SELECT count(*) FROM docs WHERE tsv @@ to_tsquery('english', 'fox & dog');
SELECT count(*) FROM docs WHERE tsv @@ plainto_tsquery('english', 'distributed servers');
SELECT count(*) FROM docs WHERE to_tsvector('english', body) @@ websearch_to_tsquery('english', '"shard tables" -fox');
SELECT doc_id, round(ts_rank(tsv, to_tsquery('english', 'tuning | shard'))::numeric, 5) AS rank
FROM docs WHERE doc_id BETWEEN 1 AND 12;
SELECT org, count(*) FROM docs WHERE tsv @@ to_tsquery('english', 'postgres') GROUP BY org;
SELECT n.org, count(*) FROM notes n WHERE to_tsvector('english', coalesce(n.body, '')) @@ to_tsquery('english', 'plan:*') GROUP BY n.org;
SELECT org, count(*) FROM notes WHERE org IN ('acme', 'HOOLI') AND body % 'planning with sales' GROUP BY org;
PREPARE docs_like(text) AS SELECT count(*) FROM docs WHERE similarity(title, $1) > 0.4;
EXECUTE docs_like('postgres tuning');
EXECUTE docs_like('Sharding');
EXECUTE docs_like('release');
EXECUTE docs_like('postgres tuning');
EXECUTE docs_like('Sharding');
EXECUTE docs_like('release');
PREPARE by_attrs(citext, hstore) AS SELECT org, id FROM users WHERE org = $1 AND attrs @> $2;
EXECUTE by_attrs('acme', 'role=>admin');
EXECUTE by_attrs('ACME', 'role=>admin');
EXECUTE by_attrs('stark', 'beta=>yes');
EXECUTE by_attrs('Stark', 'beta=>yes');
EXECUTE by_attrs('acme', 'role=>guest');
EXECUTE by_attrs('ACME', 'role=>guest');
EXECUTE by_attrs('ACME', 'role=>member');
