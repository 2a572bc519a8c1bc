-- Joins of colocated distributed tables on their distribution columns (pushed down shard by shard).

SELECT c.id, c.name, cp.id, cp.name FROM companies c JOIN campaigns cp ON cp.company_id = c.id;

SELECT c.id, count(*) FROM companies c JOIN campaigns cp ON cp.company_id = c.id GROUP BY c.id;

SELECT cp.company_id, cp.id, count(a.id), sum(a.impressions_count)
FROM campaigns cp JOIN ads a ON a.company_id = cp.company_id AND a.campaign_id = cp.id
GROUP BY cp.company_id, cp.id;

SELECT a.status, count(*), count(DISTINCT c.id)
FROM ads a JOIN clicks c ON c.company_id = a.company_id AND c.ad_id = a.id
GROUP BY a.status;

SELECT c.plan, count(*), sum(cl.cost_per_click_usd)
FROM companies c JOIN clicks cl ON cl.company_id = c.id
GROUP BY c.plan;

SELECT c.id, c.name, a.id AS ad_id
FROM companies c, ads a
WHERE a.company_id = c.id AND a.score > 12;

SELECT c.id, cp.id, a.id, cl.id
FROM companies c
JOIN campaigns cp ON cp.company_id = c.id
JOIN ads a ON a.company_id = c.id AND a.campaign_id = cp.id
JOIN clicks cl ON cl.company_id = c.id AND cl.ad_id = a.id
WHERE c.id < 15 AND cl.is_mobile;

SELECT c.id, sum(o."Qty") FROM companies c JOIN "OrderItems" o ON o."CompanyId" = c.id GROUP BY c.id;

SELECT count(*) FROM ads a JOIN ads b ON a.company_id = b.company_id AND a.campaign_id = b.campaign_id AND a.id < b.id;

SELECT company_id, count(*) FROM campaigns JOIN ads USING (company_id) GROUP BY company_id;

SELECT c.id, cp.id FROM companies c JOIN campaigns cp ON cp.company_id = c.id AND cp.monthly_budget > c.employees * 30;

-- ordered
SELECT c.id, cp.id AS campaign, cp.monthly_budget
FROM companies c JOIN campaigns cp ON cp.company_id = c.id
ORDER BY cp.monthly_budget DESC NULLS LAST, c.id, cp.id LIMIT 10;

SELECT c.name, x.n FROM companies c
JOIN (SELECT company_id, count(*) AS n FROM clicks GROUP BY company_id) x ON x.company_id = c.id;

SELECT c.id FROM companies c NATURAL JOIN (SELECT id, name FROM companies WHERE id % 2 = 0) e;
