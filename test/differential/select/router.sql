-- Router queries: the distribution column pinned to one value (or a few), so that every
-- distributed table prunes to one shard group.

-- ordered
SELECT * FROM companies WHERE id = 7 ORDER BY id;

SELECT id, name, plan FROM companies WHERE id = 13;

SELECT * FROM companies WHERE id = 424242;

-- ordered
SELECT company_id, id, name, monthly_budget FROM campaigns WHERE company_id = 5 ORDER BY id;

SELECT count(*), sum(impressions_count), max(score) FROM ads WHERE company_id = 23;

-- ordered
SELECT a.id, a.name, c.name AS campaign
FROM ads a JOIN campaigns c ON c.company_id = a.company_id AND c.id = a.campaign_id
WHERE a.company_id = 29
ORDER BY a.id;

-- ordered
SELECT company_id, ad_id, count(*) FROM clicks WHERE company_id = 35 GROUP BY company_id, ad_id ORDER BY ad_id;

SELECT * FROM companies WHERE id IN (3, 17, 41, 59, 1000);

-- ordered
SELECT id, name FROM companies WHERE id = ANY (ARRAY[2, 4, 8, 16, 32]) ORDER BY id DESC;

SELECT company_id, count(*) FROM campaigns WHERE company_id IN (11, 12) GROUP BY company_id;

SELECT * FROM companies WHERE id = 10 OR id = 20;

SELECT * FROM companies WHERE id = 10 AND plan = 'pro';

SELECT * FROM companies WHERE id = 10 AND id = 11;

-- ordered
SELECT id, name FROM companies WHERE id = 2 + 3 ORDER BY id;

SELECT * FROM companies WHERE id = '44';

SELECT * FROM companies WHERE 25 = id;

SELECT * FROM events WHERE event_key = 'k42';

SELECT * FROM events WHERE event_key = '';

SELECT * FROM events WHERE event_key = 'ключ-3';

SELECT event_key, count(*), min(seq), max(seq) FROM events WHERE event_key IN ('k1', 'k2', 'k3') GROUP BY event_key;

-- ordered
SELECT c.id, c.name, cp.id AS campaign_id, a.id AS ad_id
FROM companies c
JOIN campaigns cp ON cp.company_id = c.id
JOIN ads a ON a.company_id = cp.company_id AND a.campaign_id = cp.id
WHERE c.id = 47
ORDER BY cp.id, a.id;

-- ordered
SELECT company_id, id, row_number() OVER (ORDER BY id) AS rn,
       sum(impressions_count) OVER (ORDER BY id) AS running
FROM ads WHERE company_id = 53 ORDER BY id;

SELECT c.name, co.name AS country FROM companies c LEFT JOIN countries co ON co.code = c.country_code WHERE c.id = 31;

-- ordered
WITH cp AS (SELECT * FROM campaigns WHERE company_id = 17)
SELECT cp.id, (SELECT count(*) FROM ads a WHERE a.company_id = 17 AND a.campaign_id = cp.id) AS n_ads
FROM cp ORDER BY cp.id;

SELECT "CompanyId", sum("Qty") FROM "OrderItems" WHERE "CompanyId" = 9 GROUP BY "CompanyId";
