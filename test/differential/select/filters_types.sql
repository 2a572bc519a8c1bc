-- WHERE clauses with constants and operators of many types: whatever part of them runs on the
-- workers must mean there exactly what it means on the coordinator.

SELECT id FROM companies WHERE created_at = timestamp '2020-01-22 09:33:00';

SELECT id FROM companies WHERE updated_at = '2021-03-02 14:14:07+00';

SELECT id FROM companies WHERE updated_at < '2021-03-05';

SELECT id FROM companies WHERE created_at::date = '2020-05-29';

SELECT company_id, id FROM campaigns WHERE start_date BETWEEN '2021-02-01' AND '2021-03-01';

SELECT company_id, id FROM campaigns WHERE start_date NOT BETWEEN '2021-02-01' AND '2021-09-01';

SELECT company_id, id FROM campaigns WHERE end_date BETWEEN SYMMETRIC '2021-08-01' AND '2021-07-01';

SELECT company_id, id FROM campaigns WHERE end_date - start_date > 100;

SELECT event_key, seq FROM events WHERE occurred_at >= '2022-03-01 12:00' AND occurred_at < '2022-03-10';

SELECT event_key, seq FROM events WHERE duration > interval '30 days';

SELECT event_key, seq FROM events WHERE duration < '-1 mon';

SELECT event_key, seq FROM events WHERE at_time BETWEEN '10:00' AND '10:30';

SELECT event_key, seq FROM events WHERE small < -290 OR small > 295;

SELECT event_key, seq FROM events WHERE small = 4::smallint;

SELECT event_key, seq FROM events WHERE payload = '\x';

SELECT event_key, seq FROM events WHERE payload = decode('c81e728d9d4c2f636f067f89cc14862c005c', 'hex');

SELECT event_key, seq FROM events WHERE substring(payload FROM 1 FOR 1) = '\xc4'::bytea;

SELECT event_key, seq, length(payload) FROM events WHERE position('\x005c'::bytea IN payload) > 0 AND seq < 40;

SELECT id FROM companies WHERE revenue = 37037.01;

SELECT id FROM companies WHERE revenue > 990000 OR revenue < -1e10;

SELECT event_key, seq FROM events WHERE amount = 3.142;

SELECT event_key, seq FROM events WHERE amount::text LIKE '%.5%';

SELECT company_id, id FROM ads WHERE score = 1.9714285714285713;

SELECT company_id, id FROM ads WHERE score::text = '1.9714285714285713';

SELECT company_id, id FROM ads WHERE ratio = 2.25::real;

SELECT company_id, id FROM ads WHERE score > 'Infinity'::float8 OR score < '-Infinity' OR score = 'NaN';

SELECT event_key, seq FROM events WHERE weight IN (0.25, 0.5, 3.75);

SELECT id FROM companies WHERE country_code = 'US';

SELECT id FROM companies WHERE country_code = 'US ';

SELECT id FROM companies WHERE country_code::text = 'US';

SELECT id FROM companies WHERE country_code IN ('DE', 'FR') AND plan = ANY ('{pro,free}');

SELECT id FROM companies WHERE tags = '{tag1,tag3}';

SELECT id FROM companies WHERE tags = '{}';

SELECT id FROM companies WHERE tags[1] = 'tag2';

SELECT id FROM companies WHERE array_to_string(tags, ',') LIKE '%tag0%';

SELECT id FROM companies WHERE settings = '{"limit": 70, "theme": "light", "nested": {"a": 1}}';

SELECT id FROM companies WHERE settings ? 'theme' AND settings ->> 'theme' = 'dark' AND (settings -> 'limit')::int > 300;

SELECT id FROM companies WHERE settings @? '$.nested ? (@.a == 2)';

SELECT event_key, seq FROM events WHERE attrs -> 'arr' = '[0, 2]';

SELECT event_key, seq FROM events WHERE attrs #>> '{arr,0}' = '1' AND attrs ->> 's' IN ('v1', 'v3') AND seq < 100;

SELECT id FROM companies WHERE ext_id = '9706decc-e1a1-1946-4746-c66f3822e9a0';

SELECT id FROM companies WHERE ext_id::text LIKE 'a%';

SELECT event_key, seq FROM events WHERE session IN ('8b9bea5f-6ed2-1a15-aff2-ded2c4261fc4'::uuid, 'c81e728d-9d4c-2f63-6f06-7f89cc14862c');

SELECT company_id, id FROM clicks WHERE user_ip = '10.11.2.22';

SELECT company_id, id FROM clicks WHERE user_ip <<= '10.200.0.0/14' AND family(user_ip) = 4;

SELECT company_id, id FROM ads WHERE status IN ('active', 'paused') AND company_id < 10;

SELECT company_id, id FROM ads WHERE status::text = 'draft' AND company_id < 10;

SELECT company_id, id FROM ads WHERE status = ANY (ARRAY['archived', 'draft']::ad_status[]) AND company_id < 10;

SELECT id FROM companies WHERE is_public IS TRUE;

SELECT id FROM companies WHERE is_public IS NOT FALSE;

SELECT id FROM companies WHERE (id, employees) > (50, 100);

SELECT id FROM companies WHERE (plan, is_public) IN (('pro', true), ('free', false));

SELECT id FROM companies WHERE name LIKE 'Company 1_' ESCAPE '!' OR name LIKE 'Company !%%' ESCAPE '!';

SELECT id FROM companies WHERE name LIKE '%\%%' OR name LIKE '%''%';

SELECT id FROM companies WHERE name SIMILAR TO 'Company (1|2)[0-9]';

SELECT id FROM companies WHERE name ~* '^ÜNïCødé' OR name ILIKE 'ÜNï%';

SELECT id FROM companies WHERE name !~ '[0-9]';

SELECT id FROM companies WHERE image_url LIKE 'http://img.example.com/_.png';

SELECT event_key, seq FROM events WHERE note = E'tab\tand newline\nhere';

SELECT event_key, seq FROM events WHERE note LIKE '%\\%';

SELECT event_key, seq FROM events WHERE note ~ '\\';

SELECT event_key, seq FROM events WHERE note IN ('', 'note 7', 'it''s "quoted"');

SELECT event_key, seq FROM events WHERE event_key LIKE 'ключ%';

SELECT event_key, seq FROM events WHERE event_key > 'k98' AND event_key < 'k990';

SELECT id FROM companies WHERE length(name) = 0;

SELECT id FROM companies WHERE name IS DISTINCT FROM 'Company 7';

SELECT id FROM companies WHERE coalesce(employees, 0) + coalesce(revenue, 0)::int > 500000;

SELECT id FROM companies WHERE CASE WHEN plan = 'pro' THEN employees > 100 ELSE employees < 50 END;

SELECT id FROM companies WHERE id % 3 = 0 AND NOT is_public IS NULL AND employees::numeric / 3 > 50.5;

SELECT id FROM companies WHERE created_at + interval '1 year 2 months' > timestamp '2022-01-01';

SELECT id FROM companies WHERE date_part('month', created_at) IN (1, 12);

SELECT id FROM companies WHERE to_char(created_at, 'Dy') = 'Mon';

SELECT id FROM companies WHERE employees > 100::bigint AND revenue > 100::int AND id = ANY ('{1,2,3,40,41,42}'::int[]);

SELECT id FROM companies WHERE id IN (1::smallint, 2::numeric, 3.0);

SELECT id FROM companies WHERE id::text IN ('1', '10', '11');

SELECT "CompanyId", "ItemNo" FROM "OrderItems" WHERE "Unit Price" * "Qty" > 2000;
