-- ORDER BY answered by merging the workers' sorted rows on the coordinator (multi-shard pushdown
-- plans whose coordinator does not regroup rows), and the shapes next to them that still sort.
-- Every ordered query ends its ORDER BY with a unique key, so the order is fully determined.
-- Clicks has no key and exact duplicate rows, so its queries order by every column.

-- Plain and filtered scans, one key and several.
-- ordered
SELECT id, name, employees FROM companies ORDER BY employees, id;
-- ordered
SELECT id, name, employees FROM companies WHERE employees > 10 ORDER BY employees DESC, id;
-- ordered
SELECT id, employees FROM companies ORDER BY employees NULLS FIRST, id DESC;
-- ordered
SELECT id, employees FROM companies ORDER BY employees DESC NULLS LAST, id;
-- ordered
SELECT id, revenue, is_public FROM companies ORDER BY is_public NULLS FIRST, revenue DESC, id;
-- ordered
SELECT company_id, id, status, score FROM ads ORDER BY status, score DESC NULLS FIRST, company_id, id;
-- ordered
SELECT company_id, id, ratio FROM ads WHERE ratio IS NOT NULL ORDER BY ratio, company_id DESC, id;
-- ordered
SELECT company_id, id, created_at FROM ads ORDER BY created_at DESC, company_id, id;
-- ordered
SELECT company_id, id, start_date, end_date FROM campaigns ORDER BY start_date NULLS FIRST, end_date, company_id, id;
-- ordered
SELECT company_id, id, monthly_budget FROM campaigns ORDER BY monthly_budget DESC NULLS LAST, company_id, id;

-- Text under the database collation, "C", an ICU collation, and pattern operators.
-- ordered
SELECT id, name FROM companies ORDER BY name, id;
-- ordered
SELECT id, name FROM companies ORDER BY name COLLATE "C" DESC, id;
-- ordered
SELECT id, name FROM companies ORDER BY name COLLATE "und-x-icu", id;
-- ordered
SELECT company_id, id, name FROM ads ORDER BY name COLLATE "und-x-icu" DESC NULLS LAST, company_id, id;
-- ordered
SELECT company_id, id, name FROM campaigns ORDER BY name USING ~<~, company_id, id;
-- ordered
SELECT company_id, id, name FROM campaigns ORDER BY name USING ~>~, company_id USING >, id;
-- ordered
SELECT "CompanyId", "ItemNo", "prénom" FROM "OrderItems" ORDER BY "prénom" COLLATE "und-x-icu", "CompanyId", "ItemNo";
-- ordered
SELECT event_key, seq, note FROM events ORDER BY note NULLS FIRST, event_key COLLATE "C", seq;

-- Expressions, columns not in the output, output names and positions.
-- ordered
SELECT id FROM companies ORDER BY employees * 2 - id DESC NULLS FIRST, id;
-- ordered
SELECT id, lower(name) AS l FROM companies ORDER BY l, id DESC;
-- ordered
SELECT company_id, id FROM ads ORDER BY coalesce(clicks_count, -1) DESC, 2, 1;
-- ordered
SELECT id AS a, id AS b, name FROM companies ORDER BY a, b DESC;
-- ordered
SELECT company_id, id, impressions_count + clicks_count AS total FROM ads ORDER BY 3 DESC NULLS LAST, 1, 2;
-- ordered
SELECT company_id, id FROM ads ORDER BY length(target_url), target_url, company_id, id;

-- Other types: numeric, floats, dates and times, intervals, bytea, uuid, arrays, jsonb, inet.
-- ordered
SELECT event_key, seq, amount FROM events ORDER BY amount DESC NULLS LAST, event_key, seq;
-- ordered
SELECT event_key, seq, weight FROM events ORDER BY weight, event_key, seq;
-- ordered
SELECT event_key, seq, occurred_on, occurred_at FROM events ORDER BY occurred_on DESC, occurred_at, event_key, seq;
-- ordered
SELECT event_key, seq, duration FROM events ORDER BY duration NULLS FIRST, event_key, seq;
-- ordered
SELECT event_key, seq, payload FROM events ORDER BY payload, event_key DESC, seq;
-- ordered
SELECT event_key, seq, session FROM events ORDER BY session DESC, event_key, seq;
-- ordered
SELECT event_key, seq, labels FROM events ORDER BY labels, event_key, seq;
-- ordered
SELECT event_key, seq, attrs FROM events ORDER BY attrs DESC NULLS LAST, event_key, seq;
-- ordered
SELECT event_key, seq, small, at_time FROM events ORDER BY small, at_time DESC, event_key, seq;
-- ordered
SELECT id, ext_id, tags FROM companies ORDER BY ext_id NULLS FIRST, tags, id;
-- ordered
SELECT company_id, id, ad_id, clicked_at, site_url, cost_per_click_usd, user_ip, is_mobile FROM clicks
ORDER BY user_ip, clicked_at DESC, company_id, id, ad_id, site_url, cost_per_click_usd, is_mobile;
-- ordered
SELECT company_id, id, ad_id, cost_per_click_usd FROM clicks
ORDER BY cost_per_click_usd DESC NULLS FIRST, company_id, id, ad_id;

-- LIMIT and OFFSET: the workers keep limit + offset rows each, the coordinator merges.
-- ordered
SELECT id, name FROM companies ORDER BY name DESC, id LIMIT 7;
-- ordered
SELECT id, name FROM companies ORDER BY name, id LIMIT 5 OFFSET 20;
-- ordered
SELECT company_id, id, score FROM ads ORDER BY score NULLS FIRST, company_id, id LIMIT 25 OFFSET 3;
-- ordered
SELECT event_key, seq FROM events ORDER BY event_key DESC, seq LIMIT 1;
-- ordered
SELECT id FROM companies ORDER BY id LIMIT 0;
-- ordered
SELECT id FROM companies ORDER BY id OFFSET 1000000;
-- ordered
SELECT company_id, id FROM ads ORDER BY company_id DESC, id FETCH FIRST 4 ROWS ONLY;
-- WITH TIES: the set is determined, the order within the last ties is not.
SELECT company_id, id FROM ads ORDER BY company_id FETCH FIRST 3 ROWS WITH TIES;

-- Filters that prune to some shards, to none, and shards with no rows.
-- ordered
SELECT company_id, id, name FROM campaigns WHERE company_id IN (3, 5, 7, 11) ORDER BY name, company_id, id;
-- ordered
SELECT id FROM companies WHERE id < 0 ORDER BY id;
-- ordered
SELECT id, name FROM companies WHERE false ORDER BY name, id;
-- ordered
SELECT company_id, id FROM ads WHERE company_id = 4 OR score > 0.5 ORDER BY score DESC, company_id, id;

-- Joins of colocated tables and reference tables, ordered by any column.
-- ordered
SELECT c.id, a.id AS ad, a.score FROM companies c JOIN ads a ON a.company_id = c.id
ORDER BY a.score DESC NULLS LAST, c.id, a.id;
-- ordered
SELECT c.id, c.name, p.price FROM companies c LEFT JOIN plans p ON p.name = c.plan
ORDER BY p.price NULLS FIRST, c.name, c.id;
-- ordered
SELECT c.id, cm.id AS campaign FROM companies c LEFT JOIN campaigns cm ON cm.company_id = c.id
ORDER BY cm.id NULLS FIRST, c.id;
-- ordered
SELECT c.id, co.name FROM companies c JOIN countries co ON co.code = c.country_code
ORDER BY co.name DESC, c.id;

-- Grouping by the distribution column runs whole on the workers: merged.
-- ordered
SELECT company_id, count(*), sum(impressions_count) FROM ads GROUP BY company_id ORDER BY count(*) DESC, company_id;
-- ordered
SELECT company_id, max(score) AS best FROM ads GROUP BY company_id ORDER BY best NULLS FIRST, company_id LIMIT 10;
-- ordered
SELECT company_id, count(*) FROM ads GROUP BY company_id HAVING count(*) > 1 ORDER BY 2, 1 DESC;
-- ordered
SELECT event_key, count(*), min(seq) FROM events GROUP BY event_key ORDER BY 2 DESC, event_key COLLATE "C";

-- Windows partitioned by the distribution column run on the workers: merged.
-- ordered
SELECT company_id, id, rank() OVER (PARTITION BY company_id ORDER BY score DESC NULLS LAST, id) AS r
FROM ads ORDER BY r, company_id, id;
-- ordered
SELECT company_id, id, sum(impressions_count) OVER (PARTITION BY company_id) AS s
FROM ads ORDER BY s DESC NULLS LAST, company_id, id LIMIT 12;

-- CTEs and subqueries complete per shard group.
-- ordered
WITH recent AS (SELECT company_id, id, created_at FROM ads WHERE status <> 'archived')
SELECT company_id, id FROM recent ORDER BY created_at DESC, company_id, id;
-- ordered
SELECT s.company_id, s.n FROM (SELECT company_id, count(*) AS n FROM campaigns GROUP BY company_id) s
ORDER BY s.n DESC, s.company_id;

-- Still sorted on the coordinator: DISTINCT, grouping by another column, aggregates over all
-- rows, DISTINCT ON.
-- ordered
SELECT DISTINCT status FROM ads ORDER BY status NULLS FIRST;
-- ordered
SELECT status, count(*) FROM ads GROUP BY status ORDER BY count(*) DESC, status;
-- ordered
SELECT DISTINCT ON (company_id) company_id, id, score FROM ads ORDER BY company_id, score DESC NULLS LAST, id;
-- ordered
SELECT plan, count(*) FROM companies GROUP BY plan ORDER BY plan NULLS FIRST;

-- Prepared statements: without parameters (generic plans kept and reused) and with them.
PREPARE merged_top(int) AS SELECT id, employees FROM companies ORDER BY employees DESC NULLS LAST, id LIMIT 4;
-- ordered
EXECUTE merged_top(1);
-- ordered
EXECUTE merged_top(1);
-- ordered
EXECUTE merged_top(1);
-- ordered
EXECUTE merged_top(1);
-- ordered
EXECUTE merged_top(1);
-- ordered
EXECUTE merged_top(1);
-- ordered
EXECUTE merged_top(1);
PREPARE merged_from(bigint) AS SELECT company_id, id, score FROM ads WHERE company_id >= $1 ORDER BY score, company_id, id LIMIT 5;
-- ordered
EXECUTE merged_from(1);
-- ordered
EXECUTE merged_from(10);
-- ordered
EXECUTE merged_from(20);
-- ordered
EXECUTE merged_from(30);
-- ordered
EXECUTE merged_from(40);
-- ordered
EXECUTE merged_from(50);
-- ordered
EXECUTE merged_from(2);
DEALLOCATE merged_top;
DEALLOCATE merged_from;

-- Cursors: NO SCROLL ones merge, others keep the Sort, which can fetch backward.
BEGIN;
DECLARE merged NO SCROLL CURSOR FOR SELECT company_id, id, name FROM ads ORDER BY name NULLS FIRST, company_id, id;
-- ordered
FETCH 5 FROM merged;
-- ordered
FETCH 7 FROM merged;
MOVE 20 IN merged;
-- ordered
FETCH 3 FROM merged;
CLOSE merged;
DECLARE sorted CURSOR FOR SELECT id, name FROM companies ORDER BY name DESC, id;
-- ordered
FETCH 4 FROM sorted;
-- ordered
FETCH BACKWARD 2 FROM sorted;
-- ordered
FETCH ABSOLUTE 1 FROM sorted;
CLOSE sorted;
COMMIT;

-- With the merge turned off the same queries sort: same answers.
SET tessera.enable_sorted_merge = off;
-- ordered
SELECT id, name FROM companies ORDER BY name COLLATE "und-x-icu", id;
-- ordered
SELECT company_id, id, score FROM ads ORDER BY score NULLS FIRST, company_id, id LIMIT 25 OFFSET 3;
RESET tessera.enable_sorted_merge;
