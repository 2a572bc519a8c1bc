-- Aggregates over all shards (no GROUP BY): split into worker partials and a coordinator combine.

SELECT count(*) FROM companies;

SELECT count(*), count(employees), count(plan), count(tags), count(settings) FROM companies;

SELECT count(DISTINCT plan), count(DISTINCT country_code) FROM companies;

SELECT count(DISTINCT company_id) FROM clicks;

SELECT count(DISTINCT (company_id, ad_id)) FROM clicks;

SELECT count(DISTINCT event_key), count(DISTINCT kind), count(DISTINCT company_id) FROM events;

SELECT sum(employees), min(employees), max(employees) FROM companies;

SELECT sum(revenue), avg(revenue), min(revenue), max(revenue) FROM companies;

SELECT avg(employees) FROM companies;

SELECT avg(impressions_count), sum(impressions_count), sum(clicks_count) FROM ads;

SELECT sum(cost_per_click_usd), avg(cost_per_click_usd) FROM clicks;

SELECT round(sum(score)::numeric, 6), round(avg(score)::numeric, 6), min(score), max(score) FROM ads;

SELECT min(ratio), max(ratio), round(sum(ratio)::numeric, 3) FROM ads;

SELECT bool_and(is_public), bool_or(is_public), every(is_public) FROM companies;

SELECT bool_and(is_mobile), bool_or(is_mobile) FROM clicks WHERE company_id > 30;

SELECT round(stddev(employees), 10), round(stddev_pop(employees), 10),
       round(variance(employees), 10), round(var_pop(employees), 10), round(var_samp(employees), 10),
       round(stddev_samp(employees), 10) FROM companies;

SELECT round(stddev(impressions_count), 8), round(variance(clicks_count), 8) FROM ads;

SELECT round(stddev(score)::numeric, 8), round(variance(score)::numeric, 8) FROM ads;

-- approx
SELECT stddev(weight), var_pop(weight), avg(weight), sum(weight) FROM events;

SELECT min(name), max(name) FROM companies;

SELECT min(created_at), max(created_at), min(updated_at), max(updated_at) FROM companies;

SELECT min(start_date), max(end_date) FROM campaigns;

SELECT min(status), max(status) FROM ads;

SELECT min(event_key), max(event_key) FROM events;

SELECT min(user_ip), max(user_ip) FROM clicks;

SELECT array_agg(id ORDER BY id) FROM companies WHERE plan = 'pro';

SELECT array_agg(name ORDER BY name, id) FROM companies WHERE id < 30;

SELECT string_agg(name, ', ' ORDER BY id) FROM companies WHERE employees > 300;

SELECT string_agg(DISTINCT plan, '|' ORDER BY plan) FROM companies;

SELECT json_agg(id ORDER BY id) FROM companies WHERE country_code = 'DE';

SELECT jsonb_agg(jsonb_build_object('id', id, 'plan', plan) ORDER BY id) FROM companies WHERE id % 10 = 3;

SELECT json_object_agg(id, name ORDER BY id) FROM companies WHERE id < 6;

SELECT array_agg(DISTINCT status ORDER BY status) FROM ads;

SELECT count(*) FILTER (WHERE is_public), count(*) FILTER (WHERE NOT is_public), sum(employees) FILTER (WHERE plan = 'pro') FROM companies;

SELECT count(*), sum(impressions_count) FROM ads WHERE company_id > 1000;

SELECT max(id) - min(id) AS spread, count(*) * 2 AS twice, sum(employees) / count(*) AS per FROM companies;

SELECT percentile_disc(0.5) WITHIN GROUP (ORDER BY employees), percentile_cont(0.25) WITHIN GROUP (ORDER BY employees) FROM companies;

SELECT mode() WITHIN GROUP (ORDER BY plan) FROM companies;

SELECT bit_and(employees), bit_or(employees) FROM companies;

SELECT count(*) FROM events WHERE attrs ? 'n';

SELECT sum((attrs->>'n')::int), avg((attrs->>'n')::int) FROM events;

SELECT sum("Qty"), avg("Unit Price"), count("prénom") FROM "OrderItems";
