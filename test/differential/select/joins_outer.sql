-- Outer joins, both sides.

SELECT c.id, cp.id FROM companies c LEFT JOIN campaigns cp ON cp.company_id = c.id;

SELECT c.id, count(cp.id) FROM companies c LEFT JOIN campaigns cp ON cp.company_id = c.id GROUP BY c.id;

SELECT c.id FROM companies c LEFT JOIN campaigns cp ON cp.company_id = c.id WHERE cp.id IS NULL;

SELECT cp.company_id, cp.id, c.name FROM campaigns cp RIGHT JOIN companies c ON c.id = cp.company_id;

SELECT c.id, cp.id FROM companies c FULL JOIN campaigns cp ON cp.company_id = c.id AND cp.monthly_budget > 10000;

SELECT a.company_id, a.id, count(cl.id) FROM ads a LEFT JOIN clicks cl ON cl.company_id = a.company_id AND cl.ad_id = a.id GROUP BY a.company_id, a.id;

SELECT c.id, co.name FROM companies c LEFT JOIN countries co ON co.code = c.country_code;

SELECT co.code, c.id FROM countries co LEFT JOIN companies c ON c.country_code = co.code;

SELECT c.id, co.code FROM companies c RIGHT JOIN countries co ON co.code = c.country_code;

SELECT c.id, co.code FROM companies c FULL OUTER JOIN countries co ON co.code = c.country_code;

SELECT c.id, cp.id, a.id FROM companies c
LEFT JOIN campaigns cp ON cp.company_id = c.id
LEFT JOIN ads a ON a.company_id = cp.company_id AND a.campaign_id = cp.id AND a.status = 'active'
WHERE c.id BETWEEN 10 AND 25;

SELECT c.id, cp.id FROM companies c LEFT JOIN campaigns cp ON cp.company_id = c.id AND cp.state = 'running' WHERE c.plan = 'pro';

SELECT c.id, coalesce(x.n, 0) FROM companies c LEFT JOIN (SELECT company_id, count(*) AS n FROM ads GROUP BY company_id) x ON x.company_id = c.id;

SELECT c.id FROM companies c LEFT JOIN LATERAL (SELECT id FROM campaigns cp WHERE cp.company_id = c.id ORDER BY id DESC LIMIT 1) l ON true WHERE l.id IS NULL;
