-- Multi-shard scans with filters on non-distribution columns.

SELECT * FROM companies;

SELECT id, name FROM companies WHERE plan = 'pro';

SELECT id FROM companies WHERE employees > 250;

SELECT id, employees FROM companies WHERE employees BETWEEN 100 AND 200 AND is_public;

SELECT id FROM companies WHERE name LIKE 'Company 1%';

SELECT id, name FROM companies WHERE name ILIKE '%QUOTED%';

SELECT id FROM companies WHERE name ~ '^Company [0-9]$';

SELECT id, name FROM companies WHERE name = '';

SELECT id FROM companies WHERE created_at >= timestamp '2020-06-01' AND created_at < timestamp '2021-01-01';

SELECT id FROM companies WHERE updated_at > timestamptz '2021-03-10 00:00:00+00';

SELECT company_id, id FROM campaigns WHERE start_date > date '2021-05-01' AND end_date IS NOT NULL;

SELECT company_id, id FROM campaigns WHERE state IN ('running', 'paused') AND cost_model <> 'cpm';

SELECT company_id, id, score FROM ads WHERE score > 10.5;

SELECT company_id, id FROM ads WHERE status = 'active' AND impressions_count > 50000;

SELECT company_id, id FROM ads WHERE status > 'active';

SELECT company_id, id, ratio FROM ads WHERE ratio = 0.5;

SELECT company_id, id FROM clicks WHERE cost_per_click_usd > 0.99;

SELECT company_id, id, user_ip FROM clicks WHERE user_ip << inet '10.7.0.0/16';

SELECT * FROM clicks WHERE site_url LIKE '%site1.%' AND is_mobile;

SELECT event_key, seq FROM events WHERE amount > 490;

SELECT event_key, seq, weight FROM events WHERE weight >= 3.75;

SELECT event_key, seq FROM events WHERE kind = 'View';

SELECT event_key, seq FROM events WHERE occurred_on = date '2022-02-14';

SELECT id FROM companies WHERE id > 50;

SELECT id FROM companies WHERE id <> 1 AND id < 10;

SELECT id, name FROM companies WHERE NOT (plan = 'free' OR plan IS NULL);

SELECT company_id, id FROM ads WHERE company_id % 7 = 0 AND id % 2 = 1;

SELECT id FROM companies WHERE true;

-- TABLESAMPLE: every shard is sampled; 100 percent keeps every row and 0 none, as on one table.
SELECT id, name FROM companies TABLESAMPLE SYSTEM (100);

SELECT company_id, id FROM ads TABLESAMPLE BERNOULLI (100) REPEATABLE (42) WHERE score > 10.5;

SELECT count(*) FROM ads TABLESAMPLE BERNOULLI (0);

SELECT c.id, count(a.id) FROM companies c TABLESAMPLE SYSTEM (100) LEFT JOIN ads a TABLESAMPLE BERNOULLI (100) ON a.company_id = c.id GROUP BY c.id;

SELECT count(*) FROM countries TABLESAMPLE BERNOULLI (100);
