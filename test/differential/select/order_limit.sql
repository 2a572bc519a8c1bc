-- ORDER BY, LIMIT, OFFSET across shards. Every LIMIT orders by a unique key so that the answer
-- is determined.

-- ordered
SELECT id, name FROM companies ORDER BY id;

-- ordered
SELECT id, name FROM companies ORDER BY id DESC LIMIT 5;

-- ordered
SELECT id, name FROM companies ORDER BY id LIMIT 5 OFFSET 10;

-- ordered
SELECT id FROM companies ORDER BY id OFFSET 55;

-- ordered
SELECT id FROM companies ORDER BY id LIMIT 10 OFFSET 100;

-- ordered
SELECT id, employees FROM companies ORDER BY employees DESC NULLS LAST, id LIMIT 7;

-- ordered
SELECT id, employees FROM companies ORDER BY employees NULLS FIRST, id LIMIT 7;

-- ordered
SELECT id, employees FROM companies ORDER BY employees DESC, id DESC;

-- ordered
SELECT company_id, id, score FROM ads ORDER BY score DESC NULLS LAST, company_id, id LIMIT 15;

-- ordered
SELECT company_id, id, impressions_count FROM ads
ORDER BY impressions_count * 2 + company_id DESC NULLS FIRST, id LIMIT 12;

-- ordered
SELECT event_key, seq FROM events ORDER BY event_key, seq LIMIT 20;

-- ordered
SELECT event_key, seq FROM events ORDER BY event_key DESC, seq DESC LIMIT 20 OFFSET 3;

-- ordered
SELECT name, id FROM companies ORDER BY name, id;

-- ordered
SELECT name, id FROM companies ORDER BY 1 DESC, 2;

-- ordered
SELECT company_id, count(*) AS n FROM clicks GROUP BY company_id ORDER BY n DESC, company_id LIMIT 5;

-- ordered
SELECT company_id, sum(impressions_count) AS total FROM ads GROUP BY company_id ORDER BY total DESC NULLS LAST, company_id LIMIT 10 OFFSET 2;

-- ordered
SELECT id, created_at FROM companies ORDER BY created_at DESC FETCH FIRST 3 ROWS ONLY;

-- limit with ties: the ties are part of the answer, the order within them is not
SELECT id, plan FROM companies ORDER BY plan NULLS FIRST FETCH FIRST 3 ROWS WITH TIES;

-- ordered
SELECT id FROM companies ORDER BY id LIMIT ALL;

-- ordered
SELECT id FROM companies ORDER BY id LIMIT (SELECT 3);

-- ordered
SELECT event_key, seq, amount FROM events WHERE amount IS NOT NULL ORDER BY amount DESC, seq LIMIT 10;

-- ordered
SELECT company_id, id, clicked_at FROM clicks WHERE clicked_at IS NOT NULL ORDER BY clicked_at, company_id, id LIMIT 10;

-- ordered
SELECT id, tags FROM companies ORDER BY tags NULLS LAST, id LIMIT 10;

-- ordered
SELECT id, updated_at FROM companies ORDER BY updated_at DESC NULLS LAST, id DESC LIMIT 10;
