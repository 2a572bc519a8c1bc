-- Cross-tenant admin and reporting queries (multi-shard) and per-tenant dashboards.

-- tasks created per month and account (fixed timestamps, UTC)
SELECT "tasks"."account_id", date_trunc('month', "tasks"."created_at" AT TIME ZONE 'UTC') AS "month", COUNT("tasks"."id") AS "n" FROM "tasks" GROUP BY 1, 2;
-- ordered
SELECT date_trunc('week', "tasks"."created_at" AT TIME ZONE 'UTC') AS "week", COUNT(*) FILTER (WHERE "tasks"."status" = 'done') AS "done", COUNT(*) AS "all" FROM "tasks" WHERE "tasks"."created_at" >= '2024-03-01T00:00:00+00:00'::timestamptz AND "tasks"."created_at" < '2024-05-01T00:00:00+00:00'::timestamptz GROUP BY 1 ORDER BY 1;
SELECT EXTRACT(YEAR FROM "activity_events"."occurred_at" AT TIME ZONE 'UTC') AS "y", EXTRACT(MONTH FROM "activity_events"."occurred_at" AT TIME ZONE 'UTC') AS "m", "activity_events"."verb", COUNT(*) FROM "activity_events" GROUP BY 1, 2, 3;
SELECT ("tasks"."created_at" AT TIME ZONE 'UTC')::date AS "day", COUNT(*) FROM "tasks" WHERE "tasks"."account_id" = 1 GROUP BY 1;
SELECT EXTRACT(HOUR FROM "activity_events"."occurred_at" AT TIME ZONE 'UTC')::int AS "hour", COUNT(*) FROM "activity_events" GROUP BY 1;

-- plan revenue (reference join, GROUP BY on the reference column)
SELECT "plans"."code", COUNT("accounts"."id") AS "accounts", SUM("plans"."monthly_price") AS "mrr" FROM "accounts" INNER JOIN "plans" ON ("accounts"."plan_id" = "plans"."id") WHERE "accounts"."is_active" AND "accounts"."deleted_at" IS NULL GROUP BY "plans"."code";
SELECT "countries"."region", COUNT(DISTINCT "accounts"."id") AS "accounts", COUNT("users"."id") AS "users" FROM "accounts" LEFT OUTER JOIN "countries" ON ("accounts"."country_code" = "countries"."code") LEFT OUTER JOIN "users" ON ("accounts"."id" = "users"."account_id") GROUP BY "countries"."region";

-- DISTINCT ON: each account's most recent event
-- ordered
SELECT DISTINCT ON ("activity_events"."account_id") "activity_events"."account_id", "activity_events"."id", "activity_events"."verb", "activity_events"."occurred_at" FROM "activity_events" ORDER BY "activity_events"."account_id", "activity_events"."occurred_at" DESC, "activity_events"."id" DESC;
-- each project's next due open task
-- ordered
SELECT DISTINCT ON ("tasks"."project_id") "tasks"."project_id", "tasks"."id", "tasks"."due_date" FROM "tasks" WHERE "tasks"."completed_at" IS NULL AND "tasks"."due_date" IS NOT NULL ORDER BY "tasks"."project_id", "tasks"."due_date" ASC, "tasks"."id" ASC;
-- ordered
SELECT DISTINCT ON ("tasks"."assignee_id") "tasks"."assignee_id", "tasks"."id" FROM "tasks" WHERE "tasks"."account_id" = 2 ORDER BY "tasks"."assignee_id" NULLS FIRST, "tasks"."priority" DESC, "tasks"."id";

-- window functions
SELECT "tasks"."account_id", "tasks"."id", ROW_NUMBER() OVER (PARTITION BY "tasks"."account_id" ORDER BY "tasks"."created_at" DESC, "tasks"."id" DESC) AS "rn" FROM "tasks" WHERE "tasks"."account_id" <= 10;
-- top-3 newest tasks per account (Django Window + filter on a subquery)
SELECT "col1", "col2", "rn" FROM (SELECT "tasks"."account_id" AS "col1", "tasks"."id" AS "col2", ROW_NUMBER() OVER (PARTITION BY "tasks"."account_id" ORDER BY "tasks"."created_at" DESC, "tasks"."id" DESC) AS "rn" FROM "tasks") "qualify" WHERE "rn" <= 3;
SELECT "projects"."account_id", "projects"."id", RANK() OVER (PARTITION BY "projects"."account_id" ORDER BY "projects"."budget" DESC NULLS LAST) AS "budget_rank", SUM("projects"."budget") OVER (PARTITION BY "projects"."account_id") AS "account_budget" FROM "projects";
-- running totals inside a tenant
-- ordered
SELECT "tasks"."id", SUM("tasks"."estimate") OVER (ORDER BY "tasks"."created_at", "tasks"."id") AS "running", LAG("tasks"."status") OVER (ORDER BY "tasks"."created_at", "tasks"."id") AS "prev" FROM "tasks" WHERE "tasks"."account_id" = 6 ORDER BY "tasks"."created_at", "tasks"."id";
-- global window (not partitioned by the tenant)
SELECT "accounts"."id", NTILE(4) OVER (ORDER BY "accounts"."balance", "accounts"."id") AS "quartile", "accounts"."balance" - AVG("accounts"."balance") OVER () AS "diff" FROM "accounts";
SELECT "users"."account_id", "users"."id", PERCENT_RANK() OVER (PARTITION BY "users"."account_id" ORDER BY "users"."date_joined") AS "pr" FROM "users" WHERE "users"."account_id" IN (1, 2, 3);

-- ordered-set and statistical aggregates
SELECT "tasks"."account_id", PERCENTILE_DISC(0.5) WITHIN GROUP (ORDER BY "tasks"."estimate") AS "median" FROM "tasks" GROUP BY "tasks"."account_id";
SELECT "tasks"."status", MODE() WITHIN GROUP (ORDER BY "tasks"."priority") AS "usual" FROM "tasks" GROUP BY "tasks"."status";
SELECT "tasks"."account_id", STRING_AGG(DISTINCT "tasks"."status"::text, ',' ORDER BY "tasks"."status"::text) AS "statuses", ARRAY_AGG("tasks"."id" ORDER BY "tasks"."id") FILTER (WHERE "tasks"."priority" = 4 AND "tasks"."id" < 200) AS "urgent" FROM "tasks" GROUP BY "tasks"."account_id";
SELECT BOOL_AND("users"."is_active") AS "all_active", BOOL_OR("users"."is_staff") AS "any_staff", "users"."account_id" FROM "users" GROUP BY "users"."account_id";

-- HAVING across tenants
SELECT "comments"."author_id", COUNT(*) AS "n" FROM "comments" WHERE "comments"."author_id" IS NOT NULL GROUP BY "comments"."author_id" HAVING COUNT(*) >= 30;
SELECT "tasks"."account_id", "tasks"."project_id" FROM "tasks" GROUP BY "tasks"."account_id", "tasks"."project_id" HAVING MAX("tasks"."priority") < 4 OR COUNT(*) FILTER (WHERE "tasks"."is_deleted") > 0;

-- views
SELECT "open_tasks"."status", COUNT(*) FROM "open_tasks" GROUP BY 1;
SELECT * FROM "open_tasks" WHERE "open_tasks"."account_id" = 7;
-- ordered
SELECT "project_stats"."project_id", "project_stats"."task_count", "project_stats"."done_count", "project_stats"."total_estimate" FROM "project_stats" WHERE "project_stats"."account_id" = 3 ORDER BY "project_stats"."total_estimate" DESC, "project_stats"."project_id";
SELECT COUNT(*) FILTER (WHERE "project_stats"."task_count" = 0) AS "empty", SUM("project_stats"."done_count") FROM "project_stats";

-- soft-deleted accounts excluded from everything (default manager)
SELECT COUNT(*) AS "__count" FROM "tasks" INNER JOIN "accounts" ON ("tasks"."account_id" = "accounts"."id") WHERE "accounts"."deleted_at" IS NULL AND "accounts"."is_active";
SELECT "accounts"."id" FROM "accounts" WHERE NOT ("accounts"."id" IN (SELECT DISTINCT U0."account_id" FROM "users" U0));
