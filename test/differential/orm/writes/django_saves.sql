-- Writes as Django's ORM sends them (autocommit and atomic() blocks).

-- Task.objects.bulk_create([...]): one INSERT ... RETURNING "tasks"."id" (ids from the sequence)
INSERT INTO "tasks" ("account_id", "project_id", "assignee_id", "parent_id", "title", "description", "status", "priority", "position", "estimate", "due_date", "created_at", "updated_at", "completed_at", "is_deleted", "comment_count", "custom_fields", "tags") VALUES
(1, 1, 1, NULL, 'Imported 1', NULL, 'todo', 2, 0, 1.50, '2025-01-10'::date, '2025-01-01T10:00:00+00:00'::timestamptz, '2025-01-01T10:00:00+00:00'::timestamptz, NULL, false, 0, '{"src": "csv"}'::jsonb, ARRAY['import']::text[]),
(1, 1, NULL, NULL, 'Imported 2', '', 'todo', 2, 1, NULL, NULL, '2025-01-01T10:00:00+00:00'::timestamptz, '2025-01-01T10:00:00+00:00'::timestamptz, NULL, false, 0, '{}'::jsonb, NULL),
(2, 81, NULL, NULL, 'Imported 3', 'x', 'review', 3, 2, 2.00, NULL, '2025-01-01T10:00:00+00:00'::timestamptz, '2025-01-01T10:00:00+00:00'::timestamptz, NULL, false, 0, '{}'::jsonb, '{}'::text[]),
(9, 183, NULL, NULL, 'Imported 4', NULL, 'done', 1, 3, NULL, NULL, '2025-01-01T10:00:00+00:00'::timestamptz, '2025-01-01T10:00:00+00:00'::timestamptz, '2025-01-02T10:00:00+00:00'::timestamptz, false, 0, '{}'::jsonb, NULL)
RETURNING "tasks"."id";

-- bulk_create of 200 comments in one statement
INSERT INTO "comments" ("account_id", "task_id", "author_id", "body", "created_at", "edited_at")
SELECT "tasks"."account_id", "tasks"."id", NULL, 'bulk ' || "tasks"."id", '2025-01-05T00:00:00+00:00'::timestamptz, NULL FROM "tasks" WHERE "tasks"."id" BETWEEN 1 AND 200 ORDER BY "tasks"."id"
RETURNING "comments"."id", "comments"."task_id";

-- Model.save() for a new row: INSERT ... RETURNING the identity
INSERT INTO "projects" ("account_id", "name", "description", "owner_id", "status", "budget", "starts_on", "due_on", "archived", "created_at", "updated_at", "tags") VALUES (3, 'New Project', NULL, NULL, 'planned', NULL, '2025-02-01'::date, NULL, false, '2025-01-20T00:00:00+00:00'::timestamptz, '2025-01-20T00:00:00+00:00'::timestamptz, '{}'::text[]) RETURNING "projects"."id";
-- Model.save() of an existing row: UPDATE every column by pk
UPDATE "projects" SET "name" = 'Website 1 (renamed)', "description" = 'desc', "owner_id" = 1, "status" = 'active', "budget" = 1000.00, "starts_on" = '2024-01-04'::date, "due_on" = NULL, "archived" = false, "updated_at" = '2025-01-21T00:00:00+00:00'::timestamptz, "tags" = ARRAY['a']::text[] WHERE ("projects"."account_id" = 1 AND "projects"."id" = 1);
-- save(update_fields=['status', 'updated_at'])
UPDATE "tasks" SET "status" = 'done', "completed_at" = '2025-01-22T09:30:00+00:00'::timestamptz, "updated_at" = '2025-01-22T09:30:00+00:00'::timestamptz WHERE ("tasks"."account_id" = 2 AND "tasks"."id" = 10);
-- a save() that finds no row (then Django INSERTs)
UPDATE "tasks" SET "title" = 'ghost' WHERE ("tasks"."account_id" = 2 AND "tasks"."id" = 1);

-- get_or_create inside atomic(): SELECT, then INSERT under a savepoint; a unique violation rolls
-- back to it and the row is fetched again
BEGIN;
SELECT "labels"."account_id", "labels"."id", "labels"."name", "labels"."color_id" FROM "labels" WHERE ("labels"."account_id" = 1 AND "labels"."name" = 'bug') LIMIT 21;
SAVEPOINT "s140_x1";
-- error
INSERT INTO "labels" ("account_id", "name", "color_id") VALUES (1, 'bug', 3) RETURNING "labels"."id";
ROLLBACK TO SAVEPOINT "s140_x1";
SELECT "labels"."account_id", "labels"."id", "labels"."name" FROM "labels" WHERE ("labels"."account_id" = 1 AND "labels"."name" = 'bug') LIMIT 21;
SAVEPOINT "s140_x2";
INSERT INTO "labels" ("account_id", "name", "color_id") VALUES (1, 'customer', 4) RETURNING "labels"."id";
RELEASE SAVEPOINT "s140_x2";
SAVEPOINT "s140_x3";
INSERT INTO "labels" ("account_id", "name", "color_id") VALUES (2, 'customer', NULL) RETURNING "labels"."id";
RELEASE SAVEPOINT "s140_x3";
COMMIT;

-- update_or_create: SELECT ... FOR UPDATE, then UPDATE or INSERT
BEGIN;
SELECT "users"."account_id", "users"."id", "users"."email", "users"."first_name" FROM "users" WHERE ("users"."account_id" = 2 AND "users"."email" = 'user151@example.com') LIMIT 21 FOR UPDATE;
UPDATE "users" SET "first_name" = 'Updated', "last_login" = '2025-01-23T00:00:00+00:00'::timestamptz WHERE ("users"."account_id" = 2 AND "users"."id" = 151);
SELECT "users"."account_id", "users"."id" FROM "users" WHERE ("users"."account_id" = 2 AND "users"."email" = 'new.person@example.com') LIMIT 21 FOR UPDATE;
SAVEPOINT "s140_x4";
INSERT INTO "users" ("account_id", "email", "first_name", "last_name", "role", "is_staff", "is_active", "date_joined", "last_login") VALUES (2, 'new.person@example.com', 'New', 'Person', 'member', false, true, '2025-01-23T00:00:00+00:00'::timestamptz, NULL) RETURNING "users"."id";
RELEASE SAVEPOINT "s140_x4";
COMMIT;

-- a unique violation on a duplicate email in one atomic block that continues afterwards
BEGIN;
SAVEPOINT "s140_x5";
-- error
INSERT INTO "users" ("account_id", "email", "role", "date_joined") VALUES (1, 'user1@example.com', 'guest', '2025-01-24T00:00:00+00:00'::timestamptz) RETURNING "users"."id";
ROLLBACK TO SAVEPOINT "s140_x5";
UPDATE "users" SET "is_active" = false WHERE ("users"."account_id" = 1 AND "users"."email" = 'user1@example.com');
COMMIT;

-- QuerySet.update() with F expressions
UPDATE "tasks" SET "position" = ("tasks"."position" + 1) WHERE ("tasks"."account_id" = 1 AND "tasks"."project_id" = 14 AND "tasks"."position" >= 10);
UPDATE "tasks" SET "priority" = LEAST(("tasks"."priority" + 1), 4), "updated_at" = '2025-01-25T00:00:00+00:00'::timestamptz WHERE ("tasks"."account_id" = 3 AND "tasks"."due_date" < '2024-10-01'::date AND "tasks"."completed_at" IS NULL);
UPDATE "accounts" SET "balance" = ("accounts"."balance" - 9.99) WHERE "accounts"."plan_id" = 2;
-- update() over a filter through a join: Django writes it as pk IN (subquery)
UPDATE "tasks" SET "status" = 'cancelled', "updated_at" = '2025-01-26T00:00:00+00:00'::timestamptz WHERE "tasks"."id" IN (SELECT U0."id" FROM "tasks" U0 INNER JOIN "projects" U1 ON (U0."account_id" = U1."account_id" AND U0."project_id" = U1."id") WHERE (U0."account_id" = 4 AND U1."archived"));
UPDATE "tasks" SET "is_deleted" = true WHERE ("tasks"."account_id", "tasks"."id") IN (SELECT U0."account_id", U0."id" FROM "tasks" U0 INNER JOIN "projects" U1 ON (U0."account_id" = U1."account_id" AND U0."project_id" = U1."id") WHERE U1."status" = 'on_hold' AND U0."priority" = 1);
-- cross-tenant update keyed by global ids only (not pinned to one shard)
UPDATE "tasks" SET "assignee_id" = NULL WHERE "tasks"."id" IN (SELECT U0."id" FROM "tasks" U0 WHERE U0."status" = 'review' AND U0."priority" = 4);
-- update with a correlated subquery (recompute the counter cache)
UPDATE "tasks" SET "comment_count" = (SELECT COUNT(U0."id") FROM "comments" U0 WHERE U0."account_id" = ("tasks"."account_id") AND U0."task_id" = ("tasks"."id")) WHERE "tasks"."id" <= 300;
-- update with CASE (bulk_update)
UPDATE "tasks" SET "position" = CASE WHEN ("tasks"."id" = 1) THEN 100 WHEN ("tasks"."id" = 301) THEN 101 WHEN ("tasks"."id" = 601) THEN 102 ELSE NULL END, "title" = CASE WHEN ("tasks"."id" = 1) THEN 'bulk one' WHEN ("tasks"."id" = 301) THEN 'bulk two' WHEN ("tasks"."id" = 601) THEN 'bulk three' ELSE NULL END WHERE "tasks"."id" IN (1, 301, 601);
-- jsonb update (JSONField) and array append
UPDATE "tasks" SET "custom_fields" = jsonb_set("tasks"."custom_fields", '{points}', '8'::jsonb) WHERE ("tasks"."account_id" = 5 AND "tasks"."custom_fields" ? 'points');
UPDATE "tasks" SET "tags" = array_append(COALESCE("tasks"."tags", '{}'::text[]), 'triaged') WHERE ("tasks"."account_id" = 6 AND "tasks"."status" = 'todo');
UPDATE "activity_events" SET "payload" = "activity_events"."payload" - 'ip' || '{"redacted": true}'::jsonb WHERE "activity_events"."payload" ? 'ip';

SELECT "tasks"."account_id", COUNT(*), SUM("tasks"."position"), SUM("tasks"."comment_count") FROM "tasks" GROUP BY 1;
