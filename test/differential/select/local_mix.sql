-- Distributed tables mixed with local (never distributed) tables in schema plain, and views.

SELECT n.company_id, n.note, c.name FROM plain.company_notes n JOIN companies c ON c.id = n.company_id;

SELECT c.id, count(n.note) FROM companies c LEFT JOIN plain.company_notes n ON n.company_id = c.id GROUP BY c.id;

SELECT n.note FROM plain.company_notes n WHERE n.company_id IN (SELECT id FROM companies WHERE plan = 'pro');

SELECT id FROM companies WHERE id IN (SELECT company_id FROM plain.company_notes WHERE priority = 2);

WITH n AS (SELECT company_id, count(*) AS k FROM plain.company_notes GROUP BY company_id)
SELECT c.id, n.k FROM companies c JOIN n ON n.company_id = c.id;

SELECT company_id FROM plain.company_notes UNION SELECT id FROM companies WHERE id > 55;

-- views over distributed tables
SELECT * FROM active_ads;

SELECT company_id, count(*), sum(impressions_count) FROM active_ads GROUP BY company_id;

SELECT * FROM active_ads WHERE company_id = 23;

SELECT * FROM company_campaign_counts;

SELECT * FROM company_campaign_counts WHERE company_id = 23;

-- ordered
SELECT company_id, campaigns, budget FROM company_campaign_counts ORDER BY campaigns DESC, company_id LIMIT 5;

SELECT * FROM european_companies;

SELECT country, count(*) FROM european_companies GROUP BY country;

SELECT v.company_id, v.campaigns, a.n FROM company_campaign_counts v JOIN (SELECT company_id, count(*) AS n FROM active_ads GROUP BY company_id) a ON a.company_id = v.company_id;

SELECT * FROM (SELECT * FROM active_ads WHERE clicks_count > 5000) s WHERE s.company_id < 30;
