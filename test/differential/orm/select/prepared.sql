-- Parameterised queries as drivers send them (psycopg3 server-side prepare, Rails prepared
-- statements $1..$n, asyncpg). Six executions each so the generic plan is used from the sixth.

PREPARE a1 AS SELECT "tasks".* FROM "tasks" WHERE "tasks"."account_id" = $1 AND "tasks"."id" = $2 LIMIT $3;
EXECUTE a1(1, 1, 1);
EXECUTE a1(2, 10, 1);
EXECUTE a1(3, 7, 1);
EXECUTE a1(3, 2, 1);
EXECUTE a1(9, 14, 1);
EXECUTE a1(1, 301, 1);
EXECUTE a1(2, 10, 1);

PREPARE a2 AS SELECT COUNT(*) AS "__count" FROM "tasks" WHERE ("tasks"."account_id" = $1 AND "tasks"."status" = $2);
EXECUTE a2(1, 'todo');
EXECUTE a2(1, 'done');
EXECUTE a2(2, 'review');
EXECUTE a2(3, 'cancelled');
EXECUTE a2(31, 'todo');
EXECUTE a2(4, 'in_progress');
EXECUTE a2(5, 'done');

-- ordered
PREPARE a3 AS SELECT "tasks"."id", "tasks"."title" FROM "tasks" WHERE "tasks"."account_id" = $1 AND ("tasks"."created_at", "tasks"."id") < ($2::timestamptz, $3::bigint) ORDER BY "tasks"."created_at" DESC, "tasks"."id" DESC LIMIT $4;
-- ordered
EXECUTE a3(1, '2024-06-01 00:00:00+00', 999999, 21);
-- ordered
EXECUTE a3(2, '2024-05-01 00:00:00+00', 999999, 5);
-- ordered
EXECUTE a3(3, '2024-07-01 00:00:00+00', 1500, 5);
-- ordered
EXECUTE a3(4, '2024-03-01 00:00:00+00', 999999, 5);
-- ordered
EXECUTE a3(5, '2024-04-01 00:00:00+00', 999999, 5);
-- ordered
EXECUTE a3(1, '2024-04-01 00:00:00+00', 999999, 3);

PREPARE a4 AS SELECT 1 AS "a" FROM "users" WHERE ("users"."account_id" = $1 AND UPPER("users"."email"::text) = UPPER($2)) LIMIT 1;
EXECUTE a4(1, 'USER.17@example.com');
EXECUTE a4(1, 'user1@example.com');
EXECUTE a4(2, 'user151@EXAMPLE.com');
EXECUTE a4(2, 'nobody@example.com');
EXECUTE a4(7, 'user301@example.com');
EXECUTE a4(8, 'user302@example.com');

-- IN lists as arrays (psycopg ANY(%s), Rails 7.1 IN with binds)
PREPARE a5 AS SELECT "comments"."id", "comments"."task_id" FROM "comments" WHERE "comments"."account_id" = $1 AND "comments"."task_id" = ANY($2::bigint[]);
EXECUTE a5(1, '{1,2,43,86,129}');
EXECUTE a5(1, '{301,344}');
EXECUTE a5(2, '{}');
EXECUTE a5(2, '{10,30}');
EXECUTE a5(3, '{7}');
EXECUTE a5(1, '{1,2,43,86,129,172}');

-- no tenant parameter: multi-shard with parameters
PREPARE a6 AS SELECT "tasks"."account_id", COUNT(*) FROM "tasks" WHERE "tasks"."priority" = $1 AND "tasks"."due_date" < $2 GROUP BY 1;
EXECUTE a6(1, '2024-10-01');
EXECUTE a6(2, '2024-11-01');
EXECUTE a6(3, '2024-12-01');
EXECUTE a6(4, '2025-01-01');
EXECUTE a6(1, '2025-05-01');
EXECUTE a6(2, '2024-09-02');

-- jsonb parameter
PREPARE a7 AS SELECT "activity_events"."id" FROM "activity_events" WHERE "activity_events"."account_id" = $1 AND "activity_events"."payload" @> $2::jsonb;
EXECUTE a7(1, '{"to": "done"}');
EXECUTE a7(2, '{"source": "web"}');
EXECUTE a7(3, '{"mfa": true}');
EXECUTE a7(4, '{"tags": ["bug"]}');
EXECUTE a7(5, '{}');
EXECUTE a7(1, '{"from": "todo"}');

-- enum parameter in a tenant-scoped query
PREPARE a8 AS SELECT "users"."id" FROM "users" WHERE "users"."account_id" = $1 AND "users"."role" = $2::user_role;
EXECUTE a8(1, 'admin');
EXECUTE a8(2, 'owner');
EXECUTE a8(3, 'guest');
EXECUTE a8(4, 'member');
EXECUTE a8(5, 'admin');
EXECUTE a8(1, 'guest');

-- select_related with a parameterised tenant and offset
-- ordered
PREPARE a9 AS SELECT "tasks"."id", "projects"."name", "users"."email" FROM "tasks" INNER JOIN "projects" ON ("tasks"."account_id" = "projects"."account_id" AND "tasks"."project_id" = "projects"."id") LEFT OUTER JOIN "users" ON ("tasks"."account_id" = "users"."account_id" AND "tasks"."assignee_id" = "users"."id") WHERE "tasks"."account_id" = $1 ORDER BY "tasks"."id" LIMIT $2 OFFSET $3;
-- ordered
EXECUTE a9(1, 5, 0);
-- ordered
EXECUTE a9(1, 5, 5);
-- ordered
EXECUTE a9(2, 5, 10);
-- ordered
EXECUTE a9(3, 5, 0);
-- ordered
EXECUTE a9(6, 3, 1);
-- ordered
EXECUTE a9(1, 5, 1000);

-- correlated Exists annotation with a parameter
PREPARE a10 AS SELECT "tasks"."id", EXISTS(SELECT 1 AS "a" FROM "comments" U0 WHERE (U0."account_id" = ("tasks"."account_id") AND U0."task_id" = ("tasks"."id") AND U0."body" LIKE $2) LIMIT 1) AS "x" FROM "tasks" WHERE "tasks"."account_id" = $1 AND "tasks"."priority" = 4;
EXECUTE a10(1, 'LGTM%');
EXECUTE a10(2, 'Needs%');
EXECUTE a10(3, '%');
EXECUTE a10(4, 'done%');
EXECUTE a10(5, 'x');
EXECUTE a10(1, '%QA%');

PREPARE a11 AS SELECT "attachments"."filename" FROM "attachments" WHERE "attachments"."account_id" = $1 AND "attachments"."id" = $2::uuid;
EXECUTE a11(1, 'dcc741ec-07dc-b810-b248-0fb4f11d7093');
EXECUTE a11(2, 'dcc741ec-07dc-b810-b248-0fb4f11d7093');
EXECUTE a11(1, 'e8fe09ae-9b59-ecac-9e83-845d6fc885eb');
EXECUTE a11(3, 'e8fe09ae-9b59-ecac-9e83-845d6fc885eb');
EXECUTE a11(4, 'e8fe09ae-9b59-ecac-9e83-845d6fc885eb');
EXECUTE a11(5, 'e8fe09ae-9b59-ecac-9e83-845d6fc885eb');
