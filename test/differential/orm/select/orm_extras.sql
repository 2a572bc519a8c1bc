-- Less common but real ORM shapes: server-side cursors, window totals, ArraySubquery,
-- union(), dates(), time zones, LIKE escapes, sliced subqueries, FOR UPDATE OF.

-- Django QuerySet.iterator() in autocommit: a WITH HOLD cursor fetched in chunks
DECLARE "_django_curs_1_sync_1" NO SCROLL CURSOR WITH HOLD FOR SELECT "tasks"."id", "tasks"."title" FROM "tasks" WHERE "tasks"."account_id" = 1 ORDER BY "tasks"."id";
-- ordered
FETCH FORWARD 100 FROM "_django_curs_1_sync_1";
-- ordered
FETCH FORWARD 100 FROM "_django_curs_1_sync_1";
CLOSE "_django_curs_1_sync_1";
DECLARE "_django_curs_1_sync_2" NO SCROLL CURSOR WITH HOLD FOR SELECT "comments"."id", "comments"."account_id" FROM "comments" WHERE "comments"."body" = 'LGTM';
FETCH FORWARD 2000 FROM "_django_curs_1_sync_2";
FETCH FORWARD 2000 FROM "_django_curs_1_sync_2";
CLOSE "_django_curs_1_sync_2";
-- SQLAlchemy yield_per inside a transaction
BEGIN;
DECLARE c3 CURSOR FOR SELECT tasks.id, tasks.account_id FROM tasks WHERE tasks.priority = 4 ORDER BY tasks.id;
-- ordered
FETCH 50 FROM c3;
-- ordered
FETCH 50 FROM c3;
COMMIT;

-- total count alongside a page (COUNT(*) OVER ())
-- ordered
SELECT "tasks"."id", COUNT(*) OVER () AS "full_count" FROM "tasks" WHERE "tasks"."account_id" = 2 ORDER BY "tasks"."id" LIMIT 10;
-- ordered
SELECT "tasks"."id", "tasks"."account_id", COUNT(*) OVER () AS "full_count" FROM "tasks" WHERE "tasks"."status" = 'review' ORDER BY "tasks"."id" LIMIT 10 OFFSET 5;

-- ArraySubquery (label names of each task)
SELECT "tasks"."id", ARRAY(SELECT U0."name" FROM "labels" U0 INNER JOIN "task_labels" U1 ON (U0."account_id" = U1."account_id" AND U0."id" = U1."label_id") WHERE (U1."account_id" = ("tasks"."account_id") AND U1."task_id" = ("tasks"."id")) ORDER BY U0."name") AS "label_names" FROM "tasks" WHERE "tasks"."account_id" = 1 AND "tasks"."id" < 400;
SELECT "tasks"."id", ARRAY(SELECT U0."name" FROM "labels" U0 INNER JOIN "task_labels" U1 ON (U0."account_id" = U1."account_id" AND U0."id" = U1."label_id") WHERE (U1."account_id" = ("tasks"."account_id") AND U1."task_id" = ("tasks"."id")) ORDER BY U0."name") AS "label_names" FROM "tasks" WHERE "tasks"."priority" = 4 AND "tasks"."id" < 800;
-- JSONB_AGG annotation with FILTER
SELECT "projects"."id", JSONB_AGG("tasks"."id" ORDER BY "tasks"."id") FILTER (WHERE "tasks"."status" = 'done') AS "done_ids" FROM "projects" LEFT OUTER JOIN "tasks" ON ("projects"."account_id" = "tasks"."account_id" AND "projects"."id" = "tasks"."project_id") WHERE "projects"."account_id" IN (2, 3) GROUP BY "projects"."account_id", "projects"."id";

-- QuerySet.union() / intersection() / difference() (with LIMIT each side: parenthesised)
(SELECT "tasks"."id", "tasks"."title" FROM "tasks" WHERE "tasks"."account_id" = 1 AND "tasks"."priority" = 4) UNION (SELECT "tasks"."id", "tasks"."title" FROM "tasks" WHERE "tasks"."account_id" = 2 AND "tasks"."status" = 'done');
-- ordered
(SELECT "tasks"."id" FROM "tasks" WHERE "tasks"."account_id" = 1 ORDER BY "tasks"."id" LIMIT 3) UNION ALL (SELECT "tasks"."id" FROM "tasks" WHERE "tasks"."account_id" = 2 ORDER BY "tasks"."id" LIMIT 3) ORDER BY 1;
SELECT "users"."id" FROM "users" WHERE "users"."account_id" = 1 INTERSECT SELECT "tasks"."assignee_id" FROM "tasks" WHERE "tasks"."account_id" = 1 AND "tasks"."status" = 'review';
SELECT "users"."id" FROM "users" EXCEPT SELECT "comments"."author_id" FROM "comments";

-- QuerySet.dates() / datetimes() with a time zone
-- ordered
SELECT DISTINCT DATE_TRUNC('month', "tasks"."created_at" AT TIME ZONE 'UTC') AS "datefield" FROM "tasks" WHERE "tasks"."account_id" = 1 AND "tasks"."created_at" IS NOT NULL ORDER BY "datefield" ASC;
-- ordered
SELECT DISTINCT DATE_TRUNC('day', "comments"."created_at" AT TIME ZONE 'America/New_York') AS "datetimefield" FROM "comments" WHERE "comments"."account_id" = 9 ORDER BY "datetimefield" DESC;
SELECT (EXTRACT(DOW FROM "tasks"."created_at" AT TIME ZONE 'Europe/Berlin') + 1) AS "week_day", COUNT(*) FROM "tasks" GROUP BY 1;
SELECT EXTRACT(WEEK FROM "tasks"."due_date") AS "w", EXTRACT(QUARTER FROM "tasks"."due_date") AS "q", COUNT(*) FROM "tasks" WHERE "tasks"."due_date" IS NOT NULL GROUP BY 1, 2;
-- session time zone as Rails/Django set it, then timestamptz output and date casts
SET TIME ZONE 'America/New_York';
SELECT "tasks"."id", "tasks"."created_at", "tasks"."created_at"::date AS "d" FROM "tasks" WHERE "tasks"."account_id" = 3 AND "tasks"."id" < 600;
SELECT "tasks"."created_at"::date AS "d", COUNT(*) FROM "tasks" GROUP BY 1;
SELECT DATE_TRUNC('day', "tasks"."created_at") AS "d", COUNT(*) FROM "tasks" WHERE "tasks"."account_id" = 1 GROUP BY 1;
SELECT COUNT(*) FROM "tasks" WHERE "tasks"."created_at" < '2024-03-01 00:00:00';
SELECT COUNT(*) FROM "tasks" WHERE "tasks"."account_id" = 1 AND "tasks"."created_at" < '2024-03-01 00:00:00';
PREPARE tz1 AS SELECT COUNT(*) FROM "tasks" WHERE "tasks"."account_id" = $1 AND "tasks"."created_at" < $2::timestamp;
EXECUTE tz1(1, '2024-03-01 00:00:00');
EXECUTE tz1(1, '2024-03-01 00:00:00');
EXECUTE tz1(1, '2024-03-01 00:00:00');
EXECUTE tz1(1, '2024-03-01 00:00:00');
EXECUTE tz1(1, '2024-03-01 00:00:00');
SET TIME ZONE 'Asia/Tokyo';
EXECUTE tz1(1, '2024-03-01 00:00:00');
SELECT "tasks"."id", "tasks"."created_at" FROM "tasks" WHERE "tasks"."account_id" = 3 AND "tasks"."id" < 600;
SELECT COUNT(*) FROM "tasks" WHERE "tasks"."created_at" < '2024-03-01 00:00:00';
SELECT COUNT(*) FROM "tasks" WHERE "tasks"."created_at"::date = '2024-02-01';
SELECT COUNT(*) FROM "tasks" WHERE "tasks"."account_id" = 2 AND "tasks"."created_at"::date = '2024-02-01';
RESET TIME ZONE;

-- LIKE with escaped wildcards (Django contains='50%') and F-expression contains
SELECT "tasks"."id" FROM "tasks" WHERE "tasks"."account_id" = 1 AND "tasks"."title"::text LIKE '%#1\_%' ESCAPE '\';
SELECT "tasks"."id" FROM "tasks" WHERE "tasks"."title"::text LIKE '%\%%';
SELECT "tasks"."id" FROM "tasks" INNER JOIN "projects" ON ("tasks"."account_id" = "projects"."account_id" AND "tasks"."project_id" = "projects"."id") WHERE ("tasks"."account_id" = 2 AND "tasks"."title"::text LIKE '%' || REPLACE(REPLACE(REPLACE((RIGHT("projects"."name", 2)), E'\\', E'\\\\'), E'%', E'\\%'), E'_', E'\\_') || '%');
-- regex (Django __iregex)
SELECT "users"."id" FROM "users" WHERE "users"."account_id" = 1 AND "users"."email"::text ~* '^user1[0-9]@';

-- sliced subquery in a filter: pk__in=qs[:5]
SELECT "tasks"."id" FROM "tasks" WHERE "tasks"."id" IN (SELECT U0."id" FROM "tasks" U0 WHERE U0."status" = 'review' ORDER BY U0."updated_at" DESC, U0."id" DESC LIMIT 5);
SELECT "comments"."id" FROM "comments" WHERE "comments"."account_id" = 1 AND "comments"."task_id" IN (SELECT U0."id" FROM "tasks" U0 WHERE U0."account_id" = 1 ORDER BY U0."id" LIMIT 5);
-- NOT EXISTS on a non-key correlation across tenants
SELECT COUNT(*) FROM "tasks" WHERE NOT EXISTS(SELECT 1 AS "a" FROM "task_labels" U0 WHERE U0."task_id" = ("tasks"."id") LIMIT 1);
SELECT COUNT(*) FROM "users" WHERE NOT EXISTS(SELECT 1 FROM "tasks" U0 WHERE U0."assignee_id" = "users"."id");

-- tenant lists as arrays
SELECT "projects"."account_id", COUNT(*) FROM "projects" WHERE "projects"."account_id" = ANY(ARRAY[1, 3, 5]::bigint[]) GROUP BY 1;
SELECT "projects"."account_id", COUNT(*) FROM "projects" WHERE "projects"."account_id" IN (2, 4) AND "projects"."archived" = false GROUP BY 1;

-- row locks in a transaction (select_for_update(of=('self',)))
BEGIN;
SELECT "tasks"."id", "projects"."name" FROM "tasks" INNER JOIN "projects" ON ("tasks"."account_id" = "projects"."account_id" AND "tasks"."project_id" = "projects"."id") WHERE ("tasks"."account_id" = 1 AND "tasks"."id" IN (1, 301)) FOR UPDATE OF "tasks";
SELECT "accounts"."id" FROM "accounts" WHERE "accounts"."id" = 1 FOR NO KEY UPDATE;
SELECT "tasks"."id" FROM "tasks" WHERE "tasks"."account_id" = 1 AND "tasks"."id" = 1 FOR UPDATE NOWAIT;
SELECT "labels"."id" FROM "labels" WHERE "labels"."account_id" = 2 FOR SHARE;
COMMIT;

-- nulls ordering across shards with LIMIT
-- ordered
SELECT "tasks"."id", "tasks"."due_date" FROM "tasks" ORDER BY "tasks"."due_date" ASC NULLS FIRST, "tasks"."id" ASC LIMIT 30;
-- ordered
SELECT "tasks"."id", "tasks"."estimate" FROM "tasks" ORDER BY "tasks"."estimate" DESC, "tasks"."id" DESC LIMIT 30;
-- DISTINCT with ORDER BY an expression (Rails .distinct.order)
-- ordered
SELECT DISTINCT "users"."id", LOWER("users"."last_name") AS "ln" FROM "users" INNER JOIN "tasks" ON "tasks"."account_id" = "users"."account_id" AND "tasks"."assignee_id" = "users"."id" WHERE "tasks"."status" = 'review' ORDER BY "ln" ASC NULLS LAST, "users"."id" LIMIT 25;
-- Cast / Concat with COALESCE as Django prints Concat on PostgreSQL
SELECT "users"."id", COALESCE("users"."first_name", '') || COALESCE(' ', '') || COALESCE("users"."last_name", '') AS "name", ("users"."id")::varchar AS "sid" FROM "users" WHERE "users"."account_id" = 4;
