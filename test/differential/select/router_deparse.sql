-- Whole queries pinned to one shard group (company 5, 11 or 23): a router planner sends them to a
-- worker as SQL text, so every construct below must survive deparsing.

-- ordered
SELECT a.id, rank() OVER (ORDER BY a.score DESC NULLS LAST, a.id) AS r,
       count(c.*) FILTER (WHERE c.is_mobile) AS mobile
FROM ads a LEFT JOIN clicks c ON c.company_id = a.company_id AND c.ad_id = a.id
WHERE a.company_id = 5 GROUP BY a.id, a.score ORDER BY r;

SELECT campaign_id, status, count(*) FROM ads WHERE company_id = 11 GROUP BY GROUPING SETS ((campaign_id), (status), ());

SELECT campaign_id, status, count(*) FROM ads WHERE company_id = 11 GROUP BY ROLLUP (campaign_id, status);

SELECT company_id, percentile_cont(0.5) WITHIN GROUP (ORDER BY impressions_count), mode() WITHIN GROUP (ORDER BY status) FROM ads WHERE company_id = 23 GROUP BY company_id;

SELECT string_agg(DISTINCT name, ' / ' ORDER BY name) FROM ads WHERE company_id = 23;

SELECT array_agg(id ORDER BY impressions_count DESC NULLS FIRST, id) FILTER (WHERE status IS NOT NULL) FROM ads WHERE company_id = 11;

-- ordered
SELECT id, sum(impressions_count) OVER (ORDER BY id ROWS BETWEEN 2 PRECEDING AND 1 FOLLOWING EXCLUDE CURRENT ROW) FROM ads WHERE company_id = 23 ORDER BY id;

-- ordered
SELECT id, count(*) OVER (ORDER BY impressions_count RANGE BETWEEN 1000 PRECEDING AND 1000 FOLLOWING) FROM ads WHERE company_id = 23 ORDER BY id;

-- ordered
SELECT id, first_value(id) OVER (PARTITION BY campaign_id ORDER BY id GROUPS BETWEEN 1 PRECEDING AND CURRENT ROW) FROM ads WHERE company_id = 11 ORDER BY id;

-- ordered
SELECT DISTINCT ON (campaign_id) campaign_id, id, impressions_count FROM ads WHERE company_id = 23 ORDER BY campaign_id, impressions_count DESC NULLS LAST, id;

SELECT id, name FROM ads WHERE company_id = 11 ORDER BY impressions_count NULLS FIRST FETCH FIRST 2 ROWS WITH TIES;

SELECT cp.id, l.id FROM campaigns cp, LATERAL (SELECT a.id FROM ads a WHERE a.company_id = cp.company_id AND a.campaign_id = cp.id ORDER BY a.id DESC LIMIT 2) l WHERE cp.company_id = 23;

WITH RECURSIVE r(n, acc) AS (SELECT 1, 0::bigint UNION ALL SELECT n + 1, acc + n FROM r WHERE n < 5)
SELECT a.id, r.acc FROM ads a JOIN r ON r.n = a.id % 10 WHERE a.company_id = 5;

WITH m AS MATERIALIZED (SELECT * FROM campaigns WHERE company_id = 11)
SELECT m.id, (SELECT count(*) FROM m m2 WHERE m2.id <= m.id) FROM m;

SELECT id FROM ads WHERE company_id = 11 AND campaign_id IN (SELECT id FROM campaigns WHERE company_id = 11 AND state = 'running')
UNION
SELECT id FROM ads WHERE company_id = 11 AND status = 'draft';

SELECT id FROM ads WHERE company_id = 23 INTERSECT SELECT ad_id FROM clicks WHERE company_id = 23 EXCEPT SELECT id FROM ads WHERE company_id = 23 AND status = 'paused';

SELECT v.x, a.id FROM (VALUES (1, 'one'), (2, 'two')) v(x, label) JOIN ads a ON a.id % 10 = v.x WHERE a.company_id = 23;

SELECT id, substring(name FROM 3 FOR 5), trim(BOTH 'A' FROM name), overlay(name PLACING 'XX' FROM 2 FOR 3), position('d' IN name) FROM ads WHERE company_id = 5;

SELECT id, extract(epoch FROM created_at), created_at AT TIME ZONE 'America/New_York', date_part('isodow', created_at) FROM ads WHERE company_id = 5;

SELECT id, CURRENT_DATE > date '2000-01-01', LOCALTIMESTAMP > timestamp '2000-01-01', pg_typeof(score)::text FROM ads WHERE company_id = 5;

SELECT id, status::text || '!', CAST(impressions_count AS numeric(12, 2)) / 3, score::numeric(10, 3), ratio::text FROM ads WHERE company_id = 11;

SELECT id, status, status = 'active'::ad_status, status IN ('draft', 'paused'), status::text::ad_status FROM ads WHERE company_id = 11;

SELECT c.id, c.tags[1:1], c.tags[2], array_position(c.tags, 'tag1'), c.settings #> '{nested,a}', c.settings -> 'theme' ->> 0 FROM companies c WHERE c.id = 23;

SELECT id, ROW(id, name) IS NOT NULL, (company_id, id) = (11, 1111), ARRAY[id, campaign_id], ARRAY(SELECT generate_series(1, 2)) FROM ads WHERE company_id = 11;

SELECT id FROM ads a WHERE company_id = 23 AND EXISTS (SELECT 1 FROM clicks c WHERE c.company_id = a.company_id AND c.ad_id = a.id AND c.is_mobile IS NOT DISTINCT FROM true);

SELECT id FROM ads a WHERE company_id = 23 AND impressions_count > ALL (SELECT impressions_count / 2 FROM ads WHERE company_id = 23 AND impressions_count IS NOT NULL);

SELECT id, name COLLATE "C" < 'Ad 3', lower(name COLLATE "und-x-icu") FROM ads WHERE company_id = 5;

-- ordered
SELECT id, name FROM ads WHERE company_id = 11 ORDER BY name COLLATE "und-x-icu" DESC NULLS FIRST, id;

SELECT count(*) FROM ads WHERE company_id = 23 AND name LIKE 'Ad 1%' ESCAPE '#' AND name NOT ILIKE '%XYZ%' AND name SIMILAR TO 'Ad [0-9]%';

SELECT id, CASE status WHEN 'active' THEN 1 WHEN 'paused' THEN 2 ELSE NULL END, coalesce(score, -1), nullif(clicks_count, 0), greatest(id, 5000) FROM ads WHERE company_id = 5;

SELECT json_build_object('id', id, 'tags', tags), to_jsonb(c) - 'ext_id' - 'settings', row_to_json(ROW(id, plan)) FROM companies c WHERE id = 11;

SELECT jsonb_path_query_array(settings, '$.nested.a'), settings @@ '$.limit > 50' FROM companies WHERE id = 23;

SELECT "CompanyId", "Qty", "Unit Price", "prénom" AS "Prénom ✓" FROM "OrderItems" o WHERE o."CompanyId" = 11 AND "prénom" IS NOT NULL;

SELECT o."CompanyId", sum(o."Qty" * o."Unit Price") FROM :s."OrderItems" o JOIN :s.companies c ON c.id = o."CompanyId" WHERE c.id = 11 GROUP BY o."CompanyId";

SELECT c.id, co.name, p.price FROM companies c LEFT JOIN countries co ON co.code = c.country_code LEFT JOIN plans p ON p.name = c.plan WHERE c.id IN (5, 5);

SELECT count(*), count(DISTINCT ad_id), min(clicked_at), max(user_ip), bool_or(is_mobile), sum(cost_per_click_usd) FROM clicks WHERE company_id = 23 AND clicked_at < '2022-06-01';

SELECT n.id, n.body, n.pinned FROM notes n WHERE n.company_id = 11;

PREPARE rd(bigint, text) AS
    SELECT a.id, a.name, count(c.*) FROM ads a LEFT JOIN clicks c ON c.company_id = a.company_id AND c.ad_id = a.id
    WHERE a.company_id = $1 AND (a.name LIKE $2 OR $2 IS NULL) GROUP BY a.id, a.name;
EXECUTE rd(5, 'Ad 1%');
EXECUTE rd(11, 'Ad 2%');
EXECUTE rd(23, NULL);
EXECUTE rd(5, '%');
EXECUTE rd(29, 'Ad%');
EXECUTE rd(35, 'Ad 3%');
EXECUTE rd(41, NULL);
EXECUTE rd(47, 'x');
