-- ordered
SELECT ad_id, count(*) FROM clicks GROUP BY ad_id ORDER BY count(*) DESC, ad_id NULLS FIRST LIMIT 3;
-- ordered
SELECT ad_id, sum(cost_per_click_usd) FROM clicks GROUP BY ad_id ORDER BY 2 DESC NULLS LAST, 1 LIMIT 4;
-- ordered
SELECT ad_id, sum(cost_per_click_usd) FROM clicks GROUP BY ad_id ORDER BY 2 NULLS FIRST, 1 LIMIT 4;
-- ordered
SELECT ad_id, max(clicked_at) FROM clicks GROUP BY ad_id ORDER BY 2 DESC, 1 LIMIT 4 OFFSET 2;
-- ordered
SELECT company_id, avg(monthly_budget) FROM campaigns GROUP BY company_id ORDER BY avg(monthly_budget) DESC NULLS FIRST, company_id LIMIT 5;
-- ordered
SELECT kind, count(DISTINCT company_id) FROM events GROUP BY kind ORDER BY 2 DESC, 1 NULLS FIRST LIMIT 3;
-- ordered
SELECT company_id, count(*) FROM events GROUP BY company_id ORDER BY company_id NULLS FIRST LIMIT 3;
-- ordered
SELECT company_id, count(*) FROM events GROUP BY company_id ORDER BY company_id DESC LIMIT 3;
-- ordered
SELECT small, count(*) FROM events GROUP BY small ORDER BY small DESC NULLS LAST LIMIT 3;
-- ordered
SELECT event_key, seq FROM events ORDER BY amount DESC NULLS LAST, event_key, seq LIMIT 5;
-- ordered
SELECT event_key, seq FROM events ORDER BY amount NULLS FIRST, event_key, seq LIMIT 5;
-- ordered
SELECT event_key, seq, weight FROM events ORDER BY weight DESC, event_key, seq LIMIT 5;
-- ordered
SELECT event_key, seq FROM events ORDER BY duration DESC NULLS LAST, event_key DESC, seq LIMIT 5;
-- ordered
SELECT event_key, seq FROM events ORDER BY labels NULLS FIRST, event_key, seq LIMIT 5;
-- ordered
SELECT event_key, seq FROM events ORDER BY attrs DESC, event_key, seq LIMIT 5;
-- ordered
SELECT event_key, seq FROM events ORDER BY note COLLATE "C" DESC NULLS LAST, event_key, seq LIMIT 5;
-- ordered
SELECT event_key, seq FROM events ORDER BY note DESC NULLS LAST, event_key, seq LIMIT 5;
-- ordered
SELECT event_key, seq FROM events ORDER BY session, event_key, seq LIMIT 5;
-- ordered
SELECT event_key, seq FROM events ORDER BY occurred_at NULLS FIRST, at_time DESC, event_key, seq LIMIT 5;
-- ordered
SELECT id, user_ip FROM clicks ORDER BY user_ip DESC NULLS LAST, id, company_id LIMIT 5;
-- ordered
SELECT a.company_id, a.id FROM ads a ORDER BY a.status DESC NULLS FIRST, a.company_id, a.id LIMIT 5;
-- ordered
SELECT a.company_id, a.id, a.ratio FROM ads a ORDER BY a.ratio DESC NULLS LAST, a.company_id, a.id LIMIT 5;
-- ordered
SELECT a.company_id, a.id FROM ads a ORDER BY a.score USING <, a.company_id, a.id LIMIT 5;
-- ordered
SELECT a.company_id, a.id FROM ads a ORDER BY a.score USING >, a.company_id, a.id LIMIT 5;
-- ordered
SELECT company_id, id FROM ads ORDER BY -score NULLS FIRST, company_id, id LIMIT 5;
-- ordered
SELECT company_id, id FROM ads ORDER BY name COLLATE "en-x-icu" DESC NULLS LAST, company_id, id LIMIT 5;
-- ordered
SELECT company_id, count(*) FILTER (WHERE is_mobile) FROM clicks GROUP BY company_id ORDER BY 2 DESC, 1 LIMIT 3;
SELECT status, count(*) FROM ads GROUP BY status;
SELECT min(status), max(status) FROM ads;
SELECT min(user_ip), max(user_ip), min(clicked_at), max(user_data::text) FROM clicks;
SELECT range_agg(int4range(id::int, id::int + 2)) FROM companies;
SELECT range_intersect_agg(int4range(0, id::int + 100)) FROM companies;
SELECT bit_or(employees::bit(16)), bit_and((employees % 7)::bit(16)) FROM companies;
SELECT xmlagg(xmlelement(name c, id) ORDER BY id)::text FROM companies WHERE id < 4;
SELECT string_agg(payload, '\x00'::bytea ORDER BY event_key, seq) FROM events WHERE seq < 3;
SELECT string_agg(name, NULL ORDER BY id) FROM companies WHERE id < 4;
SELECT array_agg(NULL::int), array_agg(tags ORDER BY id) FILTER (WHERE tags IS NOT NULL AND cardinality(tags) = 2) FROM companies;
-- error
SELECT json_object_agg(plan, id ORDER BY id) FROM companies WHERE id < 20;
SELECT jsonb_object_agg(coalesce(plan, 'none'), id ORDER BY id) FROM companies;
SELECT json_agg(plan ORDER BY id), jsonb_agg(employees ORDER BY id DESC) FROM companies WHERE id < 12;
SELECT sum(ratio), avg(ratio::float4), sum(small), avg(small) FROM ads, events WHERE events.seq = 1 AND ads.id = 1;
SELECT sum(employees::float4), max(employees::float4) FROM companies;
SELECT count(*) FROM companies GROUP BY ();
SELECT count(*), sum(employees) FROM companies WHERE id < 0 GROUP BY ();
SELECT plan, count(*), sum(x) FROM (SELECT plan, employees AS x FROM companies UNION ALL SELECT NULL, NULL) s GROUP BY plan;
