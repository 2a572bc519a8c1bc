-- Django shapes beyond the basics: sliced prefetch (Prefetch with a window), aggregate() over a
-- sliced queryset, order_by an Exists annotation, FilteredRelation, values() over a joined
-- column, distinct(field), m2m filters through IN, NOT IN with NULLs, ArraySubquery-like ANY.


-- ordered
SELECT * FROM (SELECT "comments"."id" AS "col1", "comments"."task_id" AS "col2", ROW_NUMBER() OVER (PARTITION BY "comments"."task_id" ORDER BY "comments"."created_at" DESC, "comments"."id" DESC) AS "qualify" FROM "comments" WHERE "comments"."task_id" IN (1, 2, 43, 86, 129, 172, 301, 344)) "qualify" WHERE "qualify" <= 2 ORDER BY 2, 3;

-- ordered
SELECT * FROM (SELECT "comments"."id" AS "col1", "comments"."task_id" AS "col2", ROW_NUMBER() OVER (PARTITION BY "comments"."account_id", "comments"."task_id" ORDER BY "comments"."created_at" DESC, "comments"."id" DESC) AS "qualify" FROM "comments" WHERE "comments"."account_id" = 1 AND "comments"."task_id" IN (1, 2, 43, 86, 129, 172, 301, 344)) "qualify" WHERE "qualify" <= 2 ORDER BY 2, 3;

-- ordered
SELECT COUNT(*) FROM (SELECT "tasks"."id" AS "col1" FROM "tasks" WHERE "tasks"."status" = 'todo' ORDER BY "tasks"."id" LIMIT 10 OFFSET 5) subquery;

-- ordered
SELECT SUM("estimate") FROM (SELECT "tasks"."estimate" AS "estimate" FROM "tasks" ORDER BY "tasks"."created_at" DESC, "tasks"."id" LIMIT 100) subquery;

-- ordered
SELECT "tasks"."id", EXISTS(SELECT 1 AS "a" FROM "comments" U0 WHERE U0."account_id" = "tasks"."account_id" AND U0."task_id" = "tasks"."id" LIMIT 1) AS "has_c" FROM "tasks" WHERE "tasks"."account_id" = 2 ORDER BY 2 DESC, 1 LIMIT 10;

-- ordered
SELECT "tasks"."id", EXISTS(SELECT 1 AS "a" FROM "comments" U0 WHERE U0."account_id" = "tasks"."account_id" AND U0."task_id" = "tasks"."id" LIMIT 1) AS "has_c" FROM "tasks" ORDER BY 2 DESC, 1 LIMIT 10;

-- ordered
SELECT "projects"."id", "t"."id" FROM "projects" LEFT OUTER JOIN "tasks" "t" ON ("projects"."account_id" = "t"."account_id" AND "projects"."id" = "t"."project_id" AND ("t"."status" = 'review')) WHERE "projects"."account_id" = 3 ORDER BY 1, 2;

-- ordered
SELECT "projects"."id", COUNT("t"."id") FROM "projects" LEFT OUTER JOIN "tasks" "t" ON ("projects"."account_id" = "t"."account_id" AND "projects"."id" = "t"."project_id" AND ("t"."priority" = 4)) GROUP BY "projects"."account_id", "projects"."id" ORDER BY 2 DESC, 1 LIMIT 10;

-- ordered
SELECT "projects"."name", COUNT("tasks"."id") AS "n" FROM "tasks" INNER JOIN "projects" ON ("tasks"."account_id" = "projects"."account_id" AND "tasks"."project_id" = "projects"."id") GROUP BY "projects"."name" ORDER BY "n" DESC, "projects"."name" LIMIT 10;

-- ordered
SELECT "plans"."code", COUNT("tasks"."id") FROM "tasks" INNER JOIN "accounts" ON "accounts"."id" = "tasks"."account_id" INNER JOIN "plans" ON "plans"."id" = "accounts"."plan_id" GROUP BY "plans"."code" ORDER BY 1;

-- ordered
SELECT DISTINCT ON ("tasks"."status") "tasks"."status", "tasks"."id" FROM "tasks" ORDER BY "tasks"."status", "tasks"."id" DESC;

-- ordered
SELECT "users"."id", "users"."email" FROM "users" WHERE "users"."account_id" = 1 ORDER BY LOWER("users"."last_name") NULLS LAST, "users"."id" LIMIT 5;

-- ordered
SELECT "tasks"."id" FROM "tasks" WHERE "tasks"."custom_fields" @> '{"flags": ["a"]}' ORDER BY 1 LIMIT 5;

SELECT ("tasks"."custom_fields" ->> 'severity') AS "sev", COUNT(*) FROM "tasks" GROUP BY 1 ORDER BY 2 DESC, 1 NULLS FIRST;

-- ordered
SELECT "tasks"."account_id", COUNT(*) FILTER (WHERE "tasks"."custom_fields" -> 'customer' ->> 'tier' = 'gold') FROM "tasks" GROUP BY 1 ORDER BY 1;

-- ordered
SELECT "tasks"."id", "tasks"."title" FROM "tasks" WHERE "tasks"."account_id" = 1 AND "tasks"."id" IN (SELECT U0."task_id" FROM "task_labels" U0 INNER JOIN "labels" U1 ON (U0."account_id" = U1."account_id" AND U0."label_id" = U1."id") WHERE U1."name" IN ('bug', 'Urgent')) ORDER BY 1 LIMIT 10;

SELECT COUNT(*) FROM "tasks" WHERE "tasks"."id" IN (SELECT U0."task_id" FROM "task_labels" U0 INNER JOIN "labels" U1 ON (U0."account_id" = U1."account_id" AND U0."label_id" = U1."id") WHERE U1."name" IN ('bug', 'Urgent'));

SELECT COUNT(*) FROM "tasks" WHERE ("tasks"."account_id", "tasks"."id") IN (SELECT U0."account_id", U0."task_id" FROM "task_labels" U0 WHERE U0."label_id" > 100);

SELECT COUNT(*) FROM "users" WHERE "users"."id" NOT IN (SELECT U0."assignee_id" FROM "tasks" U0 WHERE U0."assignee_id" IS NOT NULL);

SELECT COUNT(*) FROM "users" WHERE "users"."id" NOT IN (SELECT U0."assignee_id" FROM "tasks" U0);

SELECT COUNT(*) FROM "users" u WHERE u.id = ANY(ARRAY(SELECT U0."author_id" FROM "comments" U0 WHERE U0.body = 'Needs QA'));

-- ordered
SELECT u.id, (SELECT COUNT(*) FROM "tasks" t WHERE t.assignee_id = u.id) FROM "users" u WHERE u.account_id = 3 ORDER BY 1;

-- ordered
SELECT u.id, (SELECT MAX(c.created_at) FROM "comments" c WHERE c.author_id = u.id) FROM "users" u ORDER BY 2 DESC NULLS LAST, 1 LIMIT 5;
