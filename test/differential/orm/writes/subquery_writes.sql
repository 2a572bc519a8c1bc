-- Writes whose subqueries are not pinned to the tenant key: Django Subquery/OuterRef in
-- update(), Collector deletes by global ids, INSERT ... SELECT copies, writable CTEs
-- (SQLAlchemy), and counters kept by UPDATE ... FROM aggregates.

-- update(title=Subquery(Project.objects.filter(pk=OuterRef('project_id')).values('name')[:1]))
UPDATE "tasks" SET "description" = (SELECT U0."name" FROM "projects" U0 WHERE U0."id" = ("tasks"."project_id") LIMIT 1) WHERE "tasks"."account_id" = 2 AND "tasks"."priority" = 4;
UPDATE "tasks" SET "description" = (SELECT U0."name" FROM "projects" U0 WHERE U0."id" = ("tasks"."project_id") LIMIT 1) WHERE "tasks"."priority" = 1 AND "tasks"."status" = 'review';
-- the same, correlated on the tenant too
UPDATE "tasks" SET "description" = (SELECT U0."name" FROM "projects" U0 WHERE U0."account_id" = ("tasks"."account_id") AND U0."id" = ("tasks"."project_id")) WHERE "tasks"."status" = 'in_progress';
-- denormalised counters: update(comment_count=Subquery(...Count...))
UPDATE "tasks" SET "comment_count" = COALESCE((SELECT COUNT(U0."id") AS "c" FROM "comments" U0 WHERE U0."task_id" = ("tasks"."id") GROUP BY U0."task_id"), 0) WHERE "tasks"."account_id" IN (1, 2);
-- UPDATE ... FROM an aggregate subquery (SQLAlchemy update().values(...).where(...))
UPDATE "projects" SET "budget" = agg.total FROM (SELECT "tasks"."account_id", "tasks"."project_id", SUM("tasks"."estimate") * 100 AS total FROM "tasks" GROUP BY 1, 2) AS agg WHERE agg.account_id = "projects"."account_id" AND agg.project_id = "projects"."id" AND "projects"."budget" IS NULL;
UPDATE "users" SET "last_login" = agg.last_at FROM (SELECT "activity_events"."actor_id", MAX("activity_events"."occurred_at") AS last_at FROM "activity_events" WHERE "activity_events"."verb" = 'user.login' GROUP BY 1) AS agg WHERE agg.actor_id = "users"."id" AND ("users"."last_login" IS NULL OR "users"."last_login" < agg.last_at);
-- deletes through global ids (Collector without the tenant in the subquery)
DELETE FROM "comments" WHERE "comments"."task_id" IN (SELECT U0."id" FROM "tasks" U0 WHERE U0."is_deleted");
DELETE FROM "attachments" WHERE NOT EXISTS (SELECT 1 FROM "tasks" U0 WHERE U0."id" = "attachments"."task_id" AND U0."status" <> 'cancelled') AND "attachments"."task_id" IS NOT NULL;
DELETE FROM "activity_events" WHERE "activity_events"."target_type" = 'task' AND "activity_events"."target_id" NOT IN (SELECT U0."id" FROM "tasks" U0 WHERE U0."id" IS NOT NULL) RETURNING "activity_events"."id";
-- INSERT ... SELECT across tenants (template projects copied into each account)
INSERT INTO "projects" ("account_id", "name", "status", "starts_on", "created_at", "updated_at", "tags")
SELECT "accounts"."id", 'Getting started', 'planned', '2025-06-01'::date, '2025-06-01T00:00:00+00:00'::timestamptz, '2025-06-01T00:00:00+00:00'::timestamptz, ARRAY['template'] FROM "accounts" WHERE "accounts"."deleted_at" IS NULL ORDER BY "accounts"."id"
RETURNING "projects"."account_id", "projects"."id";
INSERT INTO "tasks" ("account_id", "project_id", "title", "created_at", "updated_at")
SELECT "projects"."account_id", "projects"."id", 'Invite your team', "projects"."created_at", "projects"."created_at" FROM "projects" WHERE "projects"."name" = 'Getting started' ORDER BY "projects"."account_id"
RETURNING "tasks"."account_id", "tasks"."id", "tasks"."status";
-- activity log fed from the rows just written (not colocated by the same column path: actor)
INSERT INTO "activity_events" ("account_id", "actor_id", "verb", "target_type", "target_id", "payload", "occurred_at")
SELECT "tasks"."account_id", "tasks"."assignee_id", 'task.created', 'task', "tasks"."id", jsonb_build_object('title', "tasks"."title", 'plan', "plans"."code"), '2025-06-01T00:00:00+00:00'::timestamptz
FROM "tasks" INNER JOIN "accounts" ON "accounts"."id" = "tasks"."account_id" LEFT OUTER JOIN "plans" ON "plans"."id" = "accounts"."plan_id" WHERE "tasks"."title" = 'Invite your team' ORDER BY "tasks"."account_id", "tasks"."id";
-- writable CTEs (SQLAlchemy insert().returning() in a CTE)
WITH moved AS (UPDATE "tasks" SET "status" = 'done', "completed_at" = '2025-06-02T00:00:00+00:00'::timestamptz WHERE "tasks"."account_id" = 3 AND "tasks"."status" = 'review' RETURNING "tasks"."account_id", "tasks"."id")
INSERT INTO "activity_events" ("account_id", "verb", "target_type", "target_id", "occurred_at") SELECT moved.account_id, 'task.status_changed', 'task', moved.id, '2025-06-02T00:00:00+00:00'::timestamptz FROM moved ORDER BY moved.id;
-- a SELECT over a data-modifying WITH query (the DELETE runs first, then the count)
WITH gone AS (DELETE FROM "task_labels" WHERE "task_labels"."account_id" = 2 RETURNING "task_labels"."label_id") SELECT COUNT(*) FROM gone;
-- F() arithmetic on money with rounding
UPDATE "accounts" SET "balance" = ROUND("accounts"."balance" * 1.0725, 2) WHERE "accounts"."country_code" = 'US';
-- swap positions inside one project (Rails acts_as_list)
UPDATE "tasks" SET "position" = CASE WHEN "tasks"."position" = 10 THEN 11 WHEN "tasks"."position" = 11 THEN 10 END WHERE "tasks"."account_id" = 1 AND "tasks"."project_id" = 14 AND "tasks"."position" IN (10, 11);
UPDATE "tasks" SET "position" = "tasks"."position" - 1 WHERE "tasks"."account_id" = 1 AND "tasks"."project_id" = 14 AND "tasks"."position" > 5 RETURNING "tasks"."id", "tasks"."position";
-- WITH queries whose columns are named in the WITH clause (SQLAlchemy values().cte(),
-- bulk_update libraries), inlined into UPDATE / DELETE
WITH v("id", "title", "priority") AS (VALUES (1::bigint, 'v one', 1), (10, 'v ten', 2), (7, 'v seven', 3), (999999, 'none', 4)) UPDATE "tasks" SET "title" = v."title", "priority" = v."priority" FROM v WHERE "tasks"."id" = v."id" RETURNING "tasks"."account_id", "tasks"."id", "tasks"."title";
WITH v("aid", "name") AS (VALUES (1::bigint, 'bug'), (2, 'feature')) DELETE FROM "labels" USING v WHERE "labels"."account_id" = v."aid" AND "labels"."name" = v."name" RETURNING "labels"."account_id", "labels"."name";
WITH v("aid", "name") AS (VALUES (3::bigint, 'cte label'), (4, 'cte label')) INSERT INTO "labels" ("account_id", "name") SELECT v."aid", v."name" FROM v ORDER BY v."aid" RETURNING "labels"."account_id", "labels"."name";
WITH k("tid") AS (SELECT "tasks"."id" FROM "tasks" WHERE "tasks"."account_id" = 4 AND "tasks"."priority" = 4) UPDATE "tasks" SET "title" = 'via k' FROM k WHERE "tasks"."account_id" = 4 AND "tasks"."id" = k."tid";
