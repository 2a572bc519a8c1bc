-- GROUP BY the distribution column (pushed down whole) and other columns (combined), HAVING.

SELECT id, count(*) FROM companies GROUP BY id;

SELECT company_id, count(*), sum(monthly_budget), avg(monthly_budget) FROM campaigns GROUP BY company_id;

SELECT company_id, count(*), count(DISTINCT ad_id), sum(cost_per_click_usd) FROM clicks GROUP BY company_id;

SELECT company_id, min(clicked_at), max(clicked_at) FROM clicks GROUP BY company_id;

SELECT company_id, array_agg(id ORDER BY id) FROM campaigns GROUP BY company_id;

SELECT company_id, string_agg(name, ';' ORDER BY id) FROM ads GROUP BY company_id HAVING count(*) > 20;

SELECT plan, count(*), sum(employees), avg(employees) FROM companies GROUP BY plan;

SELECT plan, is_public, count(*) FROM companies GROUP BY plan, is_public;

SELECT country_code, count(*), max(revenue) FROM companies GROUP BY 1;

SELECT status, count(*), sum(impressions_count), avg(clicks_count) FROM ads GROUP BY status;

SELECT status, count(DISTINCT company_id), count(DISTINCT campaign_id) FROM ads GROUP BY status;

SELECT status, round(avg(score)::numeric, 6), round(stddev(score)::numeric, 6) FROM ads GROUP BY status;

SELECT kind, count(*), count(DISTINCT event_key), sum(amount) FROM events GROUP BY kind;

SELECT event_key, count(*), sum(amount) FROM events GROUP BY event_key;

SELECT event_key, count(*) FROM events GROUP BY event_key HAVING count(*) > 5;

SELECT company_id, count(*) FROM events GROUP BY company_id;

SELECT cost_model, state, count(*), min(start_date) FROM campaigns GROUP BY cost_model, state HAVING count(*) > 2;

SELECT plan, count(*) FROM companies GROUP BY plan HAVING sum(employees) > 1000;

SELECT plan, count(*) FROM companies GROUP BY plan HAVING count(*) > 100;

SELECT plan FROM companies GROUP BY plan HAVING bool_or(is_public);

SELECT date_trunc('month', clicked_at) AS month, count(*) FROM clicks GROUP BY 1;

SELECT extract(year FROM created_at) AS y, count(*) FROM companies GROUP BY y;

SELECT is_mobile, count(*), count(site_url), count(DISTINCT site_url) FROM clicks GROUP BY is_mobile;

SELECT company_id % 5 AS bucket, count(*), sum(impressions_count) FROM ads GROUP BY company_id % 5;

SELECT user_data->>'browser' AS browser, count(*) FROM clicks GROUP BY user_data->>'browser';

SELECT plan, country_code, count(*) FROM companies GROUP BY GROUPING SETS ((plan), (country_code), ());

SELECT plan, is_public, count(*), grouping(plan, is_public) FROM companies GROUP BY ROLLUP (plan, is_public);

SELECT status, is_mobile, count(*)
FROM ads a JOIN clicks c ON c.company_id = a.company_id AND c.ad_id = a.id
GROUP BY CUBE (status, is_mobile);

SELECT company_id, count(*) FROM campaigns GROUP BY company_id HAVING max(monthly_budget) > 15000;

SELECT company_id, sum(monthly_budget) FROM campaigns WHERE company_id < 20 GROUP BY company_id HAVING sum(monthly_budget) IS NULL OR sum(monthly_budget) > 10000;

-- ordered
SELECT plan, count(*) AS n FROM companies GROUP BY plan ORDER BY n DESC, plan NULLS LAST;

-- ordered
SELECT company_id, count(*) FROM ads GROUP BY company_id ORDER BY count(*) DESC, company_id LIMIT 5;

SELECT labels, count(*) FROM events GROUP BY labels;

SELECT session, count(*) FROM events GROUP BY session HAVING count(*) > 14;

SELECT "CompanyId", count(*), sum("Qty" * "Unit Price") FROM "OrderItems" GROUP BY "CompanyId";

SELECT "prénom", count(*), sum("Qty") FROM "OrderItems" GROUP BY "prénom";
