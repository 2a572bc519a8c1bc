-- Aggregates over empty inputs and rows on one shard only: zero rows, FILTER, DISTINCT, ORDER BY
-- inside the aggregate, HAVING, scalar subqueries; numeric scale in sum/avg text output (mixed
-- scales, NaN, huge values), interval and money; ordered-set and hypothetical aggregates,
-- GROUPING SETS / ROLLUP / CUBE with grouping().


-- zero rows, one row, FILTER, DISTINCT, HAVING
SELECT sum(employees), avg(employees), min(employees), max(employees), bool_and(is_public), every(is_public), bool_or(is_public), array_agg(id), string_agg(name, ','), json_agg(id), jsonb_object_agg(name, id), bit_or(employees), bit_and(employees), count(*), count(employees) FROM companies WHERE id < 0;
SELECT sum(employees), avg(employees), array_agg(id ORDER BY id), string_agg(name, ',' ORDER BY name), json_agg(id ORDER BY id), jsonb_object_agg(name, id), bit_or(employees), bit_xor(employees) FROM companies WHERE id = 3;
SELECT sum(employees) FILTER (WHERE id < 0), avg(revenue) FILTER (WHERE false), count(*) FILTER (WHERE id < 0), array_agg(id) FILTER (WHERE id < 0), string_agg(name, ',') FILTER (WHERE id < 0), jsonb_agg(id) FILTER (WHERE id < 0) FROM companies;
SELECT count(DISTINCT employees), sum(DISTINCT employees), avg(DISTINCT employees), array_agg(DISTINCT plan ORDER BY plan), string_agg(DISTINCT plan, ',' ORDER BY plan) FROM companies;
SELECT count(DISTINCT employees), sum(DISTINCT employees) FROM companies WHERE id < 0;
SELECT plan, sum(employees) FROM companies GROUP BY plan HAVING sum(employees) IS NULL;
SELECT plan, count(*) FROM companies GROUP BY plan HAVING count(employees) = 0;
SELECT plan FROM companies GROUP BY plan HAVING bool_and(is_public) IS NULL;
SELECT (SELECT sum(employees) FROM companies WHERE id < 0), (SELECT count(*) FROM companies WHERE id < 0), (SELECT array_agg(id) FROM companies WHERE id < 0);
SELECT company_id, sum(amount) FROM events GROUP BY company_id HAVING company_id IS NULL OR sum(amount) IS NULL;
SELECT count(*) FROM companies HAVING count(*) < 0;
SELECT sum(employees) FROM companies HAVING false;
SELECT 1 FROM companies HAVING count(*) > 0;
SELECT bit_or(small), bit_and(small), bool_and(small > 0), every(small IS NULL) FROM events;
SELECT count(DISTINCT (kind, small)), count(DISTINCT kind) FILTER (WHERE small > 0) FROM events;
SELECT avg(DISTINCT amount), sum(DISTINCT amount) FROM events;

-- numeric scale and other types
SELECT avg(revenue), sum(revenue), avg(revenue::numeric(20,6)), sum(revenue::numeric(20,1) + 0.001) FROM companies;
SELECT avg(cost_per_click_usd), sum(cost_per_click_usd), stddev(cost_per_click_usd), variance(cost_per_click_usd), var_pop(cost_per_click_usd), stddev_pop(cost_per_click_usd) FROM clicks;
SELECT avg(duration), sum(duration), min(duration), max(duration) FROM events;
SELECT kind, avg(duration), sum(duration) FROM events GROUP BY kind;
SELECT sum(employees::money), min(employees::money), max(employees::money) FROM companies;
SELECT avg(employees::int2), sum(employees::int2), avg(employees::int8), sum(employees::int8) FROM companies WHERE employees < 30000;
SELECT avg(x), sum(x) FROM (SELECT CASE WHEN id % 3 = 0 THEN 1.5 WHEN id % 3 = 1 THEN 2.25 ELSE 3 END AS x FROM companies) s;
SELECT sum(CASE WHEN id % 2 = 0 THEN 1.50 ELSE 2.125 END) FROM companies;
SELECT sum(x) FROM (SELECT (id % 2)::numeric(10,0) * 1.0 + CASE WHEN id = 3 THEN 0.00001 ELSE 0 END AS x FROM companies) s;
SELECT avg(x) FROM (SELECT 1e-20::numeric * id AS x FROM companies) s;
SELECT avg(x), sum(x) FROM (SELECT 123456789012345678901234567890.123456789::numeric * id AS x FROM companies) s;
SELECT avg(employees)::text, avg(revenue)::text FROM companies;
SELECT avg(x)::text FROM (SELECT (id::numeric / 7) AS x FROM companies) s;
SELECT avg(x)::text, sum(x)::text FROM (SELECT 'NaN'::numeric AS x FROM companies WHERE id < 3 UNION ALL SELECT 1 FROM companies) s;
SELECT round(corr(employees, id)::numeric, 9), round(covar_pop(employees, id)::numeric, 6), regr_count(employees, id), regr_avgx(employees, id) FROM companies;

-- less common aggregates
SELECT min(status), max(status) FROM ads;
SELECT range_agg(int4range(id::int, id::int + 2)) FROM companies;
SELECT range_intersect_agg(int4range(0, id::int + 100)) FROM companies;
SELECT bit_or(employees::bit(16)), bit_and((employees % 7)::bit(16)) FROM companies;
SELECT xmlagg(xmlelement(name c, id) ORDER BY id)::text FROM companies WHERE id < 4;
SELECT string_agg(name, NULL ORDER BY id) FROM companies WHERE id < 4;
SELECT array_agg(NULL::int), array_agg(tags ORDER BY id) FILTER (WHERE tags IS NOT NULL AND cardinality(tags) = 2) FROM companies;
SELECT jsonb_object_agg(coalesce(plan, 'none'), id ORDER BY id) FROM companies;
SELECT count(*), sum(employees) FROM companies WHERE id < 0 GROUP BY ();
SELECT plan, count(*), sum(x) FROM (SELECT plan, employees AS x FROM companies UNION ALL SELECT NULL, NULL) s GROUP BY plan;

-- ordered-set and hypothetical aggregates
SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY employees), percentile_disc(0.5) WITHIN GROUP (ORDER BY employees), mode() WITHIN GROUP (ORDER BY plan) FROM companies;
SELECT percentile_cont(ARRAY[0.1, 0.5, 0.9]) WITHIN GROUP (ORDER BY employees), percentile_disc(ARRAY[0, 1]) WITHIN GROUP (ORDER BY revenue) FROM companies;
SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY employees) FROM companies WHERE id < 0;
SELECT plan, percentile_cont(0.25) WITHIN GROUP (ORDER BY employees DESC), mode() WITHIN GROUP (ORDER BY country_code) FROM companies GROUP BY plan;
SELECT rank(100) WITHIN GROUP (ORDER BY employees), dense_rank(100) WITHIN GROUP (ORDER BY employees), percent_rank(100) WITHIN GROUP (ORDER BY employees), cume_dist(100) WITHIN GROUP (ORDER BY employees) FROM companies;
SELECT rank(NULL::int) WITHIN GROUP (ORDER BY employees NULLS FIRST) FROM companies;
SELECT company_id, percentile_disc(0.5) WITHIN GROUP (ORDER BY amount) FROM events GROUP BY company_id;
SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY duration) FROM events;
SELECT plan, percentile_cont(0.5) WITHIN GROUP (ORDER BY employees) FILTER (WHERE is_public), mode() WITHIN GROUP (ORDER BY country_code) FILTER (WHERE employees IS NOT NULL) FROM companies GROUP BY plan;

-- grouping sets
SELECT plan, country_code, count(*), grouping(plan, country_code) FROM companies GROUP BY ROLLUP (plan, country_code);
SELECT plan, is_public, count(*), sum(employees), grouping(plan), grouping(is_public) FROM companies GROUP BY CUBE (plan, is_public);
SELECT plan, country_code, count(*) FROM companies GROUP BY GROUPING SETS ((plan), (country_code), ());
SELECT id, count(*) FROM companies GROUP BY GROUPING SETS ((id), ()) HAVING count(*) > 1 OR id < 3;
SELECT company_id, count(*) FROM events GROUP BY ROLLUP (company_id);
SELECT count(*) FROM companies WHERE id < 0 GROUP BY GROUPING SETS (());
SELECT count(*) FROM companies WHERE id < 0 GROUP BY ROLLUP (plan);
SELECT plan, count(*) FROM companies GROUP BY ROLLUP (plan) ORDER BY grouping(plan), plan NULLS FIRST;
SELECT plan, is_public, count(DISTINCT country_code), count(*) FILTER (WHERE employees > 50), sum(DISTINCT employees) FROM companies GROUP BY GROUPING SETS ((plan), (is_public), (plan, is_public), ());
