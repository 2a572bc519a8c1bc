-- COPY into distributed tables (text and CSV, column lists with defaults, identity, generated
-- columns, uuid and text keys), COPY out, and COPY errors.

COPY users (tenant_id, email, display_name, role, created_at, locale) FROM STDIN;
1	copy1@t1	Copy One	admin	2024-08-01 00:00:00+00	en_US
2	copy2@t2	\N	member	2024-08-01 01:00:00+00	\N
38	copy38@t38	Tab\there	guest	2024-08-01 02:00:00+00	de_DE
\.

SELECT tenant_id, user_id, email, display_name, role, is_active FROM users WHERE email LIKE 'copy%';

COPY tasks (tenant_id, task_id, project_id, title, status, created_at, tags, meta) FROM STDIN WITH (FORMAT csv, HEADER true);
tenant_id,task_id,project_id,title,status,created_at,tags,meta
1,8000001,1,"CSV, with comma",todo,2024-08-01 00:00:00+00,"{a,b}","{""source"": ""csv""}"
3,8000002,50,"Quote "" inside",done,2024-08-02 00:00:00+00,{},
25,8000003,77,Plain,blocked,2024-08-03 00:00:00+00,,"[1, 2]"
\.

SELECT tenant_id, task_id, title, title_lower, priority, tags, meta FROM tasks WHERE task_id >= 8000001;

COPY sessions (session_id, tenant_id, started_at, ip) FROM STDIN WITH (FORMAT csv);
11111111-1111-1111-1111-111111111111,4,2024-08-01 00:00:00+00,192.168.0.1
22222222-2222-2222-2222-222222222222,5,2024-08-01 00:00:00+00,
\.

COPY api_keys (key, tenant_id, created_at) FROM STDIN;
copy_key_1	1	2024-08-01 00:00:00+00
copy_key_2	2	2024-08-01 00:00:00+00
\.

-- error
COPY tasks (tenant_id, task_id, project_id, title, status, created_at, priority) FROM STDIN WITH (FORMAT csv);
2,8000010,41,ok row,todo,2024-08-01 00:00:00+00,3
2,8000011,41,bad prio,todo,2024-08-01 00:00:00+00,8
\.

-- error
COPY invoices FROM STDIN WITH (FORMAT csv);
1,9999,1.00,USD,2024-08-01,,paid
1,9999,2.00,USD,2024-08-01,,paid
\.

SELECT count(*) FROM tasks WHERE task_id IN (8000010, 8000011);
SELECT count(*) FROM invoices WHERE invoice_id = 9999;

COPY (SELECT tenant_id, task_id, title FROM tasks WHERE tenant_id = 3 ORDER BY task_id LIMIT 5) TO STDOUT;
COPY (SELECT tenant_id, count(*) FROM tasks GROUP BY tenant_id ORDER BY tenant_id) TO STDOUT WITH (FORMAT csv);

-- many rows for many shards through COPY ... FROM a generated file is not possible here; INSERT
-- the same volume to compare
INSERT INTO comments (tenant_id, comment_id, task_id, body, created_at)
SELECT 1 + g % 40, 7000000 + g, g, 'bulk ' || g, timestamptz '2024-08-01 00:00+00' + g * interval '1 minute' FROM generate_series(1, 2000) g;
