-- Bulk inserts in the shapes the ORMs send today: SQLAlchemy 2.0 "insertmanyvalues" (rows
-- numbered, sorted, ids matched back by order), Django 5.2 bulk_create through UNNEST of
-- arrays, Rails insert_all with RETURNING, and psycopg execute_values pages.

-- SQLAlchemy insertmanyvalues with sort_by_parameter_order: ids must follow sen_counter
INSERT INTO tasks (account_id, project_id, title, created_at, updated_at) SELECT p0::BIGINT, p1::BIGINT, p2::VARCHAR, p3::TIMESTAMP WITH TIME ZONE, p4::TIMESTAMP WITH TIME ZONE FROM (VALUES (1, 1, 'sa 0', '2025-08-01 00:00:00+00', '2025-08-01 00:00:00+00', 0), (2, 81, 'sa 1', '2025-08-01 00:00:00+00', '2025-08-01 00:00:00+00', 1), (3, 82, 'sa 2', '2025-08-01 00:00:00+00', '2025-08-01 00:00:00+00', 2), (1, 14, 'sa 3', '2025-08-01 00:00:00+00', '2025-08-01 00:00:00+00', 3), (4, 83, 'sa 4', '2025-08-01 00:00:00+00', '2025-08-01 00:00:00+00', 4), (5, 84, 'sa 5', '2025-08-01 00:00:00+00', '2025-08-01 00:00:00+00', 5)) AS imp_sen(p0, p1, p2, p3, p4, sen_counter) ORDER BY sen_counter RETURNING tasks.id, tasks.id AS id__1, tasks.title;
INSERT INTO comments (account_id, task_id, body, created_at) SELECT p0::BIGINT, p1::BIGINT, p2::VARCHAR, p3::TIMESTAMP WITH TIME ZONE FROM (VALUES (1, 1, 'c0', '2025-08-01 00:00:00+00', 0), (2, 10, 'c1', '2025-08-01 00:00:00+00', 1), (1, 1, 'c2', '2025-08-01 00:00:00+00', 2), (6, 8, 'c3', '2025-08-01 00:00:00+00', 3)) AS imp_sen(p0, p1, p2, p3, sen_counter) ORDER BY sen_counter RETURNING comments.id, comments.id AS id__1, comments.body;
-- the same as a prepared statement (parameters, generic plan from the sixth run)
PREPARE imv (bigint, bigint, varchar, bigint, bigint, varchar) AS INSERT INTO comments (account_id, task_id, body, created_at) SELECT p0::BIGINT, p1::BIGINT, p2::VARCHAR, '2025-08-02 00:00:00+00' FROM (VALUES ($1, $2, $3, 0), ($4, $5, $6, 1)) AS imp_sen(p0, p1, p2, sen_counter) ORDER BY sen_counter RETURNING comments.id, comments.body;
EXECUTE imv(1, 1, 'p0', 2, 10, 'p1');
EXECUTE imv(3, 7, 'p2', 1, 1, 'p3');
EXECUTE imv(4, 9, 'p4', 4, 9, 'p5');
EXECUTE imv(5, 11, 'p6', 6, 8, 'p7');
EXECUTE imv(1, 52, 'p8', 1, 52, 'p9');
EXECUTE imv(2, 35, 'p10', 3, 12, 'p11');
EXECUTE imv(1, 1, 'p12', 7, 42, 'p13');
-- error
EXECUTE imv(1, 1, 'p14', 7, 1, 'p15');

-- Django 5.2 bulk_create: INSERT ... SELECT * FROM UNNEST(arrays)
INSERT INTO "labels" ("account_id", "name", "color_id") SELECT * FROM UNNEST((ARRAY[1, 1, 2, 9, 9])::bigint[], (ARRAY['u1', 'u2', 'u1', 'u1', 'u2'])::varchar(50)[], (ARRAY[1, NULL, 3, 4, NULL])::integer[]) RETURNING "labels"."id";
INSERT INTO "task_labels" ("account_id", "task_id", "label_id") SELECT * FROM UNNEST((ARRAY[1, 1, 2])::bigint[], (ARRAY[1, 52, 10])::bigint[], (ARRAY[1, 1, 2])::bigint[]) ON CONFLICT DO NOTHING RETURNING "task_labels"."id";
-- error
INSERT INTO "labels" ("account_id", "name", "color_id") SELECT * FROM UNNEST((ARRAY[3, 3])::bigint[], (ARRAY['dup', 'dup'])::varchar(50)[], (ARRAY[1, 2])::integer[]) RETURNING "labels"."id";
-- with a parameterised UNNEST (one array parameter per column)
PREPARE un (bigint[], varchar[], varchar[], timestamptz[]) AS INSERT INTO "activity_events" ("account_id", "verb", "target_type", "occurred_at") SELECT * FROM UNNEST($1, $2, $3, $4) RETURNING "activity_events"."id", "activity_events"."account_id";
EXECUTE un('{1,2,3}', '{user.login,user.login,user.logout}', '{user,user,user}', '{2025-08-03 00:00:00+00,2025-08-03 00:00:01+00,2025-08-03 00:00:02+00}');
EXECUTE un('{4}', '{user.login}', '{user}', '{2025-08-03 00:00:00+00}');
EXECUTE un('{}', '{}', '{}', '{}');
EXECUTE un('{5,5}', '{a,b}', '{user,task}', '{2025-08-03 00:00:00+00,2025-08-03 00:00:00+00}');
EXECUTE un('{6,7}', '{a,b}', '{user,task}', '{2025-08-03 00:00:00+00,2025-08-03 00:00:00+00}');
EXECUTE un('{8}', '{a}', '{task}', '{2025-08-03 00:00:00+00}');
EXECUTE un('{9,10,11,12}', '{a,b,c,d}', '{x,y,z,w}', '{2025-08-03 00:00:00+00,2025-08-03 00:00:00+00,2025-08-03 00:00:00+00,2025-08-03 00:00:00+00}');

-- psycopg2 execute_values: one page of rows, identity ids returned
INSERT INTO users (account_id, email, first_name, role, date_joined) VALUES (1, 'ev1@example.com', 'A', 'member', '2025-08-04 00:00:00+00'), (2, 'ev2@example.com', NULL, 'guest', '2025-08-04 00:00:00+00'), (3, 'ev3@example.com', 'C', 'admin', '2025-08-04 00:00:00+00'), (1, 'ev4@example.com', 'D', 'member', '2025-08-04 00:00:00+00') RETURNING id, account_id, email;
-- a rows' duplicate inside the same multi-row INSERT fails the whole statement
-- error
INSERT INTO users (account_id, email, role, date_joined) VALUES (4, 'twice@example.com', 'member', '2025-08-04 00:00:00+00'), (5, 'once@example.com', 'member', '2025-08-04 00:00:00+00'), (4, 'twice@example.com', 'member', '2025-08-04 00:00:00+00') RETURNING id;
SELECT COUNT(*) FROM users WHERE email IN ('twice@example.com', 'once@example.com');
-- ON CONFLICT DO UPDATE touching the same row twice in one statement fails on both
-- error
INSERT INTO labels (account_id, name, color_id) VALUES (1, 'bug', 1), (1, 'bug', 2) ON CONFLICT (account_id, name) DO UPDATE SET color_id = EXCLUDED.color_id;
-- COPY, as Django's postgres bulk loaders and activerecord-copy do
COPY "labels" ("account_id", "name", "color_id") FROM STDIN;
10	copy-a	1
11	copy-a	\N
12	copy b	3
\.
-- error
COPY "labels" ("account_id", "name", "color_id") FROM STDIN;
10	copy-c	1
10	copy-a	2
\.
SELECT "labels"."account_id", "labels"."id", "labels"."name" FROM "labels" WHERE "labels"."name" LIKE 'copy%';
-- COPY of dates as a US-locale CSV export writes them, under the default DateStyle (ISO, MDY):
-- '01/02/03' is 2003-01-02, on the shards too (every column given: rows go out as they came)
COPY "comments" ("account_id", "id", "task_id", "author_id", "body", "created_at", "edited_at") FROM STDIN;
1	90001	1	\N	us dates	01/02/03 10:00:00+00	12/31/2024 23:59:59+00
2	90002	10	\N	us dates	03/04/05 00:00:00+00	\N
\.
-- and a session with day-first dates and SQL-standard intervals (defaults computed here)
SET DateStyle = 'SQL, DMY';
SET IntervalStyle = 'sql_standard';
COPY "tasks" ("account_id", "project_id", "title", "due_date", "created_at", "updated_at") FROM STDIN;
1	1	dmy task	01/02/03	31/12/2024 10:00:00 UTC	31/12/2024 10:00:00 UTC
\.
COPY "comments" ("account_id", "id", "task_id", "body", "created_at", "edited_at") FROM STDIN;
1	90003	1	dmy dates	01/02/03 10:00:00+00	31/12/2024 23:59:59+00
\.
BEGIN;
COPY "comments" ("account_id", "id", "task_id", "body", "created_at") FROM STDIN;
3	90004	7	in a transaction	05/06/07 08:09:10+00
\.
SELECT "comments"."id", "comments"."created_at" FROM "comments" WHERE "comments"."id" >= 90000;
COMMIT;
RESET DateStyle;
RESET IntervalStyle;
SELECT "comments"."id", "comments"."created_at", "comments"."edited_at" FROM "comments" WHERE "comments"."id" >= 90000;
SELECT "tasks"."due_date", "tasks"."created_at" FROM "tasks" WHERE "tasks"."title" = 'dmy task';
