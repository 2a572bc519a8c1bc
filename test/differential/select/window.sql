-- Window functions: partitioned by the distribution column (pushed down) and not.

SELECT company_id, id, row_number() OVER (PARTITION BY company_id ORDER BY id) FROM campaigns;

SELECT company_id, id, rank() OVER (PARTITION BY company_id ORDER BY impressions_count DESC NULLS LAST, id) FROM ads;

SELECT company_id, id, dense_rank() OVER (PARTITION BY company_id ORDER BY status) FROM ads;

SELECT company_id, id, sum(impressions_count) OVER (PARTITION BY company_id) FROM ads;

SELECT company_id, id, count(*) OVER (PARTITION BY company_id, campaign_id) FROM ads;

SELECT company_id, id, lag(id) OVER w, lead(id, 2) OVER w, first_value(id) OVER w
FROM ads WINDOW w AS (PARTITION BY company_id ORDER BY id);

SELECT company_id, id, sum(monthly_budget) OVER (PARTITION BY company_id ORDER BY id ROWS BETWEEN 1 PRECEDING AND CURRENT ROW) FROM campaigns;

SELECT company_id, avg(cnt) OVER (PARTITION BY company_id) FROM (SELECT company_id, count(*) AS cnt FROM clicks GROUP BY company_id, ad_id) s;

-- windows not partitioned by the distribution column
SELECT id, row_number() OVER (ORDER BY id) FROM companies;

SELECT id, employees, rank() OVER (ORDER BY employees DESC NULLS LAST, id) FROM companies;

SELECT id, plan, count(*) OVER (PARTITION BY plan) FROM companies;

SELECT company_id, id, ntile(4) OVER (ORDER BY company_id, id) FROM campaigns;

SELECT id, sum(employees) OVER (ORDER BY id) FROM companies;

SELECT event_key, seq, row_number() OVER (PARTITION BY event_key ORDER BY seq) FROM events;

SELECT kind, seq, percent_rank() OVER (PARTITION BY kind ORDER BY seq) FROM events WHERE seq < 200;

-- ordered
SELECT company_id, id, rank() OVER (PARTITION BY company_id ORDER BY score DESC NULLS LAST, id) AS r
FROM ads ORDER BY company_id, r LIMIT 30;

-- window over an aggregate
SELECT company_id, count(*), rank() OVER (ORDER BY count(*) DESC, company_id) FROM clicks GROUP BY company_id;

SELECT company_id, sum(impressions_count), sum(sum(impressions_count)) OVER (PARTITION BY company_id) FROM ads GROUP BY company_id, campaign_id;

SELECT * FROM (SELECT company_id, id, row_number() OVER (PARTITION BY company_id ORDER BY id DESC) AS rn FROM ads) s WHERE rn <= 2;
