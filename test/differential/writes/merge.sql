-- MERGE into distributed and reference tables: pushed down shard by shard when the source is
-- colocated and ON equates the distribution columns, otherwise the source runs first and its rows
-- are routed to the target's shards; refused shapes error clearly.

-- colocated source, every kind of action (pushed down)
MERGE INTO campaigns c
USING (SELECT id AS company_id, id * 10 + 1 AS id, employees FROM companies WHERE id <= 40) s
ON c.company_id = s.company_id AND c.id = s.id
WHEN MATCHED AND s.employees IS NULL THEN DELETE
WHEN MATCHED AND s.employees % 2 = 0 THEN UPDATE SET monthly_budget = s.employees, state = 'even'
WHEN MATCHED THEN DO NOTHING
WHEN NOT MATCHED THEN INSERT (company_id, id, name) VALUES (s.company_id, s.id, 'merged');

-- a colocated table directly, joined to a reference table in the source (pushed down)
MERGE INTO companies t
USING (SELECT c.id, co.name AS country FROM companies c JOIN countries co ON co.code = c.country_code) s
ON t.id = s.id
WHEN MATCHED THEN UPDATE SET image_url = 'from ' || s.country;

-- grouped by the distribution column (pushed down)
MERGE INTO companies t
USING (SELECT company_id, count(*) AS n, sum(monthly_budget) AS budget FROM campaigns GROUP BY company_id) s
ON t.id = s.company_id
WHEN MATCHED AND s.n > 5 THEN UPDATE SET employees = s.n
WHEN MATCHED THEN UPDATE SET revenue = coalesce(s.budget, 0);

-- VALUES source with int keys into a bigint column (routed)
MERGE INTO companies t
USING (VALUES (1, 'one'), (2, 'two'), (61, 'sixty-one'), (62, NULL)) AS v(id, name)
ON t.id = v.id
WHEN MATCHED THEN UPDATE SET name = v.name || ' (merged)', updated_at = '2024-01-01 00:00:00+00'
WHEN NOT MATCHED AND v.name IS NOT NULL THEN INSERT (id, name, created_at) VALUES (v.id, v.name, '2024-02-02');

-- aggregate that mixes shards (routed)
MERGE INTO plans p
USING (SELECT coalesce(plan, 'none') AS plan, count(*) AS n FROM companies GROUP BY plan) s
ON p.name = s.plan
WHEN MATCHED THEN UPDATE SET max_users = s.n
WHEN NOT MATCHED THEN INSERT VALUES (s.plan, 0, s.n);

-- reference table target, distributed source
MERGE INTO countries co
USING (SELECT country_code, count(*) AS n FROM companies WHERE country_code IS NOT NULL GROUP BY country_code) s
ON co.code = s.country_code
WHEN MATCHED AND s.n > 10 THEN DELETE
WHEN MATCHED THEN UPDATE SET population = s.n;

-- not colocated source: events by a text key (routed)
MERGE INTO companies t
USING (SELECT company_id, count(*) AS n FROM events WHERE company_id IS NOT NULL GROUP BY company_id) s
ON t.id = s.company_id
WHEN MATCHED THEN UPDATE SET employees = s.n;

-- into the text-keyed table from a colocated-by-nothing source
MERGE INTO events e
USING (SELECT 'merged-' || id AS k, id FROM companies WHERE id < 20) s
ON e.event_key = s.k AND e.seq = s.id
WHEN NOT MATCHED THEN INSERT (event_key, seq, company_id, kind, amount) VALUES (s.k, s.id, s.id, 'merge', s.id * 1.5);
MERGE INTO events e
USING (SELECT 'merged-' || id AS k, id FROM companies WHERE id < 25) s
ON e.event_key = s.k AND e.seq = s.id
WHEN MATCHED THEN UPDATE SET amount = -1, occurred_on = '2023-03-03'
WHEN NOT MATCHED THEN INSERT (event_key, seq, kind) VALUES (s.k, s.id, 'late');

-- WITH query as the source (routed)
WITH top AS (SELECT company_id, max(monthly_budget) AS top FROM campaigns GROUP BY company_id)
MERGE INTO companies t USING top ON t.id = top.company_id
WHEN MATCHED AND top.top IS NULL THEN UPDATE SET is_public = NULL
WHEN MATCHED THEN UPDATE SET is_public = top.top > 5000;

-- ON pinned to one distribution value
MERGE INTO campaigns c
USING (SELECT 7 AS k, 'pinned' AS label) s
ON c.company_id = 7 AND c.id = s.k
WHEN NOT MATCHED THEN INSERT (company_id, id, name) VALUES (7, s.k, s.label);
MERGE INTO campaigns c
USING (VALUES (71, 'x'), (72, 'y'), (99, 'z')) AS s(id, label)
ON c.company_id = 7 AND c.id = s.id
WHEN MATCHED THEN UPDATE SET name = s.label;

-- the target read in its own source; DELETE everything matched
MERGE INTO campaigns c
USING (SELECT company_id, id FROM campaigns WHERE state IS NULL) s
ON c.company_id = s.company_id AND c.id = s.id
WHEN MATCHED THEN DELETE;

-- source rows without a match and no INSERT; NULL keys
MERGE INTO companies t
USING (VALUES (NULL::bigint, 'x'), (999, 'y')) AS v(id, name)
ON t.id = v.id
WHEN MATCHED THEN UPDATE SET name = v.name;

-- the distribution column assigned its own value
MERGE INTO companies t
USING (SELECT id, name FROM companies WHERE id % 9 = 0) s
ON t.id = s.id
WHEN MATCHED THEN UPDATE SET id = s.id, name = upper(s.name);

-- values of many types through the coordinator, into the text-keyed table
SET TimeZone TO 'Asia/Kolkata';
MERGE INTO events e
USING (VALUES ('typed-1', 1, DATE '2022-02-28', TIMESTAMP '2022-02-28 13:14:15.5', 1.25::numeric, 0.1::float8,
               ARRAY['a', 'b''c'], '{"x": [1, 2]}'::jsonb, '\x6162ff'::bytea, INTERVAL '1 day 02:03:04', 7::smallint, TIME '10:11:12',
               'e0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'::uuid, 'tab	newline
"quote"'),
              ('typed-2', 2, NULL, NULL, NULL, 'NaN'::float8, ARRAY[]::text[], 'null'::jsonb, NULL, NULL, NULL, NULL, NULL, ''))
       AS v(k, seq, d, ts, amount, weight, labels, attrs, payload, duration, small, at_time, session, note)
ON e.event_key = v.k AND e.seq = v.seq
WHEN NOT MATCHED THEN INSERT (event_key, seq, occurred_on, occurred_at, amount, weight, labels, attrs, payload, duration, small, at_time, session, note)
  VALUES (v.k, v.seq, v.d, v.ts, v.amount, v.weight, v.labels, v.attrs, v.payload, v.duration, v.small, v.at_time, v.session, v.note);
MERGE INTO events e
USING (SELECT event_key, seq, occurred_at, weight FROM events WHERE event_key LIKE 'typed-%') v
ON e.event_key = v.event_key AND e.seq = v.seq
WHEN MATCHED THEN UPDATE SET occurred_at = v.occurred_at + interval '1 hour', weight = v.weight * 2, note = e.note || '!';
RESET TimeZone;

-- only DO NOTHING; a join in USING (pushed down); mixed-case names
MERGE INTO companies t USING companies s ON t.id = s.id WHEN MATCHED THEN DO NOTHING;
MERGE INTO campaigns c
USING campaigns s JOIN companies co ON co.id = s.company_id
ON c.company_id = s.company_id AND c.id = s.id
WHEN MATCHED AND co.employees > 50 THEN UPDATE SET name = c.name || ' (big)';
MERGE INTO "OrderItems" o
USING (SELECT id, (id % 4)::int AS item, employees FROM companies) s
ON o."CompanyId" = s.id AND o."ItemNo" = s.item
WHEN MATCHED THEN UPDATE SET "Qty" = coalesce(s.employees, 0), "prénom" = 'é'
WHEN NOT MATCHED AND s.item = 0 THEN INSERT ("CompanyId", "ItemNo", "Qty") VALUES (s.id, s.item, 1);

-- a NULL key matches nothing; the NOT MATCHED action that takes it does nothing here
MERGE INTO notes n
USING (VALUES (NULL::bigint, 5::bigint, 'null key'), (3, 900, 'three'), (NULL, 6, 'skipped')) AS v(company_id, id, body)
ON n.company_id = v.company_id AND n.id = v.id
WHEN NOT MATCHED AND v.body = 'skipped' THEN DO NOTHING
WHEN NOT MATCHED AND v.company_id IS NOT NULL THEN INSERT (company_id, id, body) VALUES (v.company_id, v.id, v.body);

-- parameters
PREPARE upsert_company(bigint, text) AS
MERGE INTO companies t USING (VALUES ($1, $2)) AS v(id, name) ON t.id = v.id
WHEN MATCHED THEN UPDATE SET name = v.name
WHEN NOT MATCHED THEN INSERT (id, name, created_at) VALUES (v.id, v.name, '2020-05-05');
EXECUTE upsert_company(3, 'three');
EXECUTE upsert_company(70, 'seventy');
EXECUTE upsert_company(70, 'seventy again');
EXECUTE upsert_company(71, 'seventy-one');
EXECUTE upsert_company(72, 'seventy-two');
EXECUTE upsert_company(73, 'seventy-three');
EXECUTE upsert_company(3, 'three again');
PREPARE bump(bigint) AS
MERGE INTO campaigns c USING companies s ON c.company_id = s.id AND s.id = $1
WHEN MATCHED THEN UPDATE SET monthly_budget = coalesce(c.monthly_budget, 0) + 1;
EXECUTE bump(10);
EXECUTE bump(11);
EXECUTE bump(12);
EXECUTE bump(13);
EXECUTE bump(14);
EXECUTE bump(10);

-- in a transaction with other writes
BEGIN;
INSERT INTO companies (id, name, created_at) VALUES (80, 'eighty', '2021-01-01');
MERGE INTO companies t USING (VALUES (80, 'x'), (81, 'y'), (5, 'z')) AS v(id, name) ON t.id = v.id
WHEN MATCHED THEN UPDATE SET name = t.name || v.name
WHEN NOT MATCHED THEN INSERT (id, name, created_at) VALUES (v.id, v.name, '2021-01-02');
UPDATE companies SET employees = 1 WHERE id IN (80, 81);
SELECT id, name, employees FROM companies WHERE id IN (5, 80, 81);
COMMIT;
BEGIN;
MERGE INTO companies t USING (VALUES (82, 'rolled back')) AS v(id, name) ON t.id = v.id
WHEN NOT MATCHED THEN INSERT (id, name, created_at) VALUES (v.id, v.name, '2021-01-02');
ROLLBACK;

-- errors PostgreSQL raises too
-- error
MERGE INTO companies t USING (VALUES (1, 'a'), (1, 'b')) AS v(id, name) ON t.id = v.id
WHEN MATCHED THEN UPDATE SET name = v.name;
-- error
MERGE INTO companies t USING (VALUES (90, 'a'), (90, 'b')) AS v(id, name) ON t.id = v.id
WHEN NOT MATCHED THEN INSERT (id, name, created_at) VALUES (v.id, v.name, '2021-01-02');
-- error
MERGE INTO companies t USING (VALUES (91, 'a')) AS v(id, name) ON t.id = v.id
WHEN NOT MATCHED THEN INSERT (id, name) VALUES (v.id, v.name);
-- error
MERGE INTO companies t USING (VALUES (NULL::bigint, 'a')) AS v(id, name) ON t.id = v.id
WHEN NOT MATCHED THEN INSERT (id, name, created_at) VALUES (v.id, v.name, '2021-01-02');
-- may-error
MERGE INTO campaigns c USING companies s ON c.company_id = s.id AND c.id = s.id * 10 + 2
WHEN MATCHED THEN UPDATE SET company_id = s.id, id = 1;

-- the statement reads no source column (ON and the actions use constants and parameters only):
-- the routed source's rows still need a column to be sent as VALUES rows
MERGE INTO countries co USING (SELECT id FROM companies WHERE id = 3) s ON co.code = 'JP'
WHEN MATCHED THEN UPDATE SET population = 7;
MERGE INTO countries co USING (VALUES (1)) AS v(x) ON co.code = 'FR'
WHEN MATCHED THEN DELETE;
-- error
MERGE INTO countries co USING (VALUES (1), (2)) AS v(x) ON co.code = 'DE'
WHEN MATCHED THEN UPDATE SET eu = NOT eu;
PREPARE set_max_users(text) AS
MERGE INTO plans p USING (VALUES ($1)) AS v(n) ON p.name = $1
WHEN MATCHED THEN UPDATE SET max_users = 77;
EXECUTE set_max_users('legacy');
EXECUTE set_max_users('none');
SET plan_cache_mode TO force_generic_plan;
EXECUTE set_max_users('pro');
EXECUTE set_max_users('basic');
RESET plan_cache_mode;
DEALLOCATE set_max_users;

-- refused for distributed tables (no-ops in PostgreSQL: no source row applies)
-- expect-error: cannot modify distribution column
MERGE INTO companies t USING (VALUES (999, 2)) AS v(id, other) ON t.id = v.id
WHEN MATCHED THEN UPDATE SET id = v.other;
-- expect-error: needs an ON condition that equates distribution column
MERGE INTO companies t USING (VALUES ('no such name')) AS v(name) ON t.name = v.name
WHEN MATCHED THEN UPDATE SET employees = 0;
-- expect-error: must insert the value its ON condition compares
MERGE INTO campaigns c USING (SELECT * FROM companies WHERE id < 0) s ON c.company_id = s.id AND c.id = 0
WHEN NOT MATCHED THEN INSERT (company_id, id, name) VALUES (s.id + 1000, 0, 'moved');
-- expect-error: a subquery in WHEN conditions or actions
MERGE INTO companies t USING (VALUES (999)) AS v(id) ON t.id = v.id
WHEN MATCHED AND EXISTS (SELECT 1 FROM countries) THEN UPDATE SET employees = 1;
-- expect-error: a sequence value, volatile or non-distributed user function
MERGE INTO notes n USING (SELECT 1::bigint AS company_id, 'a'::text AS body WHERE false) AS v
ON n.company_id = v.company_id AND n.id = 0
WHEN MATCHED THEN UPDATE SET id = nextval('notes_id_seq');

-- the bigserial id left to its default by NOT MATCHED INSERT: values only for inserted rows
-- (one-row sources: with several inserted rows, which row gets which value may differ)
MERGE INTO notes n USING (VALUES (1::bigint, 'upsert a')) AS v(company_id, body)
ON n.company_id = v.company_id AND n.body = v.body
WHEN MATCHED THEN UPDATE SET pinned = NOT n.pinned
WHEN NOT MATCHED THEN INSERT (company_id, body) VALUES (v.company_id, v.body);
MERGE INTO notes n USING (VALUES (1::bigint, 'upsert a')) AS v(company_id, body)
ON n.company_id = v.company_id AND n.body = v.body
WHEN MATCHED THEN UPDATE SET pinned = NOT n.pinned
WHEN NOT MATCHED THEN INSERT (company_id, body) VALUES (v.company_id, v.body);
PREPARE upsert_note(bigint, text) AS
MERGE INTO notes n USING (VALUES ($1, $2)) AS v(company_id, body)
ON n.company_id = v.company_id AND n.body = v.body
WHEN MATCHED AND n.pinned THEN DELETE
WHEN MATCHED THEN UPDATE SET pinned = true
WHEN NOT MATCHED AND v.body = 'skip' THEN DO NOTHING
WHEN NOT MATCHED THEN INSERT (company_id, body, created_at) VALUES (v.company_id, v.body, DEFAULT);
EXECUTE upsert_note(2, 'b');
EXECUTE upsert_note(2, 'skip');
EXECUTE upsert_note(2, 'b');
EXECUTE upsert_note(3, 'c');
SET plan_cache_mode TO force_generic_plan;
EXECUTE upsert_note(2, 'b');
EXECUTE upsert_note(2, 'b');
EXECUTE upsert_note(4, 'd');
RESET plan_cache_mode;
DEALLOCATE upsert_note;
-- several rows: the same values, compared without which row got which
MERGE INTO notes n USING (SELECT id AS company_id, 'many' AS body FROM companies WHERE id <= 5) AS v
ON n.company_id = v.company_id AND n.body = v.body
WHEN NOT MATCHED THEN INSERT (company_id, body) VALUES (v.company_id, v.body);
SELECT company_id, body FROM notes WHERE body = 'many';
SELECT array_agg(id ORDER BY id) FROM notes WHERE body = 'many';
DELETE FROM notes WHERE body = 'many';
SELECT nextval('notes_id_seq');
