-- Pagination as DRF, Django Paginator, Kaminari and pagy do it.

-- OFFSET pages (Paginator: count, then slices)
SELECT COUNT(*) AS "__count" FROM "comments" WHERE "comments"."account_id" = 1;
-- ordered
SELECT "comments"."id", "comments"."task_id", "comments"."created_at" FROM "comments" WHERE "comments"."account_id" = 1 ORDER BY "comments"."created_at" DESC, "comments"."id" DESC LIMIT 25 OFFSET 0;
-- ordered
SELECT "comments"."id", "comments"."task_id", "comments"."created_at" FROM "comments" WHERE "comments"."account_id" = 1 ORDER BY "comments"."created_at" DESC, "comments"."id" DESC LIMIT 25 OFFSET 25;
-- ordered
SELECT "comments"."id" FROM "comments" WHERE "comments"."account_id" = 1 ORDER BY "comments"."created_at" DESC, "comments"."id" DESC LIMIT 25 OFFSET 1900;
-- past the end
SELECT "comments"."id" FROM "comments" WHERE "comments"."account_id" = 1 ORDER BY "comments"."created_at" DESC, "comments"."id" DESC LIMIT 25 OFFSET 100000;
-- cross-tenant admin pages (merge of sorted shards)
-- ordered
SELECT "tasks"."id", "tasks"."account_id", "tasks"."updated_at" FROM "tasks" ORDER BY "tasks"."updated_at" DESC, "tasks"."id" DESC LIMIT 20 OFFSET 60;
-- ordered
SELECT "users"."id", "users"."email" FROM "users" ORDER BY "users"."last_login" DESC NULLS LAST, "users"."id" ASC LIMIT 10 OFFSET 95;
-- ordered
SELECT "users"."id", "users"."last_login" FROM "users" ORDER BY "users"."last_login" ASC NULLS FIRST, "users"."id" DESC LIMIT 15;
-- ordered
SELECT "projects"."id", "projects"."name" FROM "projects" ORDER BY UPPER("projects"."name") ASC, "projects"."id" ASC LIMIT 12 OFFSET 3;

-- keyset (cursor) pagination: DRF CursorPagination / pagy keyset
-- ordered
SELECT "tasks"."id", "tasks"."created_at" FROM "tasks" WHERE "tasks"."account_id" = 1 AND ("tasks"."created_at", "tasks"."id") < ('2024-06-01T00:00:00+00:00'::timestamptz, 999999) ORDER BY "tasks"."created_at" DESC, "tasks"."id" DESC LIMIT 21;
-- ordered
SELECT "tasks"."id", "tasks"."created_at" FROM "tasks" WHERE ("tasks"."created_at", "tasks"."id") > ('2024-04-10T12:00:00+00:00'::timestamptz, 0) ORDER BY "tasks"."created_at" ASC, "tasks"."id" ASC LIMIT 21;
-- ordered
SELECT "tasks"."id", "tasks"."priority" FROM "tasks" WHERE "tasks"."account_id" = 2 AND ("tasks"."priority" < 3 OR ("tasks"."priority" = 3 AND "tasks"."id" > 1500)) ORDER BY "tasks"."priority" DESC, "tasks"."id" ASC LIMIT 21;
-- ordered
SELECT "activity_events"."id" FROM "activity_events" WHERE "activity_events"."id" < 3000 ORDER BY "activity_events"."id" DESC LIMIT 50;
-- DRF cursor with an offset inside the position
-- ordered
SELECT "comments"."id", "comments"."created_at" FROM "comments" WHERE "comments"."created_at" <= '2024-05-01T00:00:00+00:00'::timestamptz ORDER BY "comments"."created_at" DESC, "comments"."id" DESC LIMIT 11 OFFSET 2;

-- FETCH FIRST (SQLAlchemy on some dialect settings) and window-based pages
-- ordered
SELECT "projects"."id" FROM "projects" WHERE "projects"."account_id" = 1 ORDER BY "projects"."id" OFFSET 10 ROWS FETCH FIRST 5 ROWS ONLY;
-- ordered
SELECT "id", "account_id" FROM (SELECT "tasks"."id", "tasks"."account_id", ROW_NUMBER() OVER (ORDER BY "tasks"."id") AS "rn" FROM "tasks" WHERE "tasks"."status" = 'review') AS "t" WHERE "rn" BETWEEN 41 AND 60 ORDER BY "rn";
-- ordered
SELECT "id", "account_id", "rn" FROM (SELECT "tasks"."id", "tasks"."account_id", ROW_NUMBER() OVER (PARTITION BY "tasks"."account_id" ORDER BY "tasks"."id") AS "rn" FROM "tasks") AS "t" WHERE "rn" BETWEEN 11 AND 12 ORDER BY "account_id", "rn";
-- count over the page's query (Kaminari total_count with a group)
SELECT COUNT(*) FROM (SELECT 1 AS one FROM "tasks" WHERE "tasks"."account_id" = 1 GROUP BY "tasks"."project_id") subquery_for_count;
SELECT COUNT(*) FROM (SELECT DISTINCT "tasks"."assignee_id" FROM "tasks") subquery_for_count;
