-- Deletes that reach colocated rows through ON DELETE CASCADE and ON DELETE SET NULL (column),
-- as Django's Collector and Rails dependent: :destroy / :nullify do them (or leave them to the
-- database).

-- delete a user: projects.owner_id, tasks.assignee_id, comments.author_id become NULL
DELETE FROM "users" WHERE ("users"."account_id" = 2 AND "users"."id" = 151);
SELECT COUNT(*) FROM "tasks" WHERE "tasks"."account_id" = 2 AND "tasks"."assignee_id" IS NULL;
SELECT COUNT(*) FROM "comments" WHERE "comments"."account_id" = 2 AND "comments"."author_id" IS NULL;
-- delete a task: comments, attachments, task_labels cascade; children's parent_id become NULL
DELETE FROM "tasks" WHERE ("tasks"."account_id" = 1 AND "tasks"."id" = 14) RETURNING "tasks"."id", "tasks"."title";
DELETE FROM "tasks" WHERE "tasks"."id" IN (1, 2, 3, 4, 5, 6, 7, 8, 9, 10) RETURNING "tasks"."account_id", "tasks"."id";
-- delete a project: its tasks and everything below them
DELETE FROM "projects" WHERE ("projects"."account_id" = 3 AND "projects"."id" = 83);
-- Django's Collector: fast deletes of children first, by IN lists
DELETE FROM "task_labels" WHERE "task_labels"."task_id" IN (SELECT U0."id" FROM "tasks" U0 WHERE U0."account_id" = 4 AND U0."status" = 'cancelled');
DELETE FROM "comments" WHERE "comments"."task_id" IN (SELECT U0."id" FROM "tasks" U0 WHERE U0."account_id" = 4 AND U0."status" = 'cancelled');
DELETE FROM "tasks" WHERE ("tasks"."account_id" = 4 AND "tasks"."status" = 'cancelled');
-- delete a label everywhere (m2m rows cascade)
DELETE FROM "labels" WHERE "labels"."name" = 'wontfix';
-- delete every inactive user of several tenants
DELETE FROM "users" WHERE "users"."account_id" IN (5, 6, 7) AND NOT "users"."is_active";
-- close an account: everything cascades from accounts
DELETE FROM "accounts" WHERE "accounts"."id" = 8;
SELECT (SELECT COUNT(*) FROM "users" WHERE "account_id" = 8) + (SELECT COUNT(*) FROM "projects" WHERE "account_id" = 8) + (SELECT COUNT(*) FROM "tasks" WHERE "account_id" = 8) + (SELECT COUNT(*) FROM "comments" WHERE "account_id" = 8) AS "left";
-- an FK violation: a task for another tenant's project
-- error
INSERT INTO "tasks" ("account_id", "project_id", "title", "created_at", "updated_at") VALUES (1, 81, 'wrong tenant', '2025-01-01T00:00:00+00:00'::timestamptz, '2025-01-01T00:00:00+00:00'::timestamptz);
-- a reference FK violation
-- error
UPDATE "accounts" SET "plan_id" = 99 WHERE "accounts"."id" = 3;
-- deleting a plan that accounts use
-- error
DELETE FROM "plans" WHERE "plans"."id" = 2;
-- soft delete (django-safedelete / paranoia)
UPDATE "accounts" SET "deleted_at" = '2025-02-01T00:00:00+00:00'::timestamptz, "is_active" = false WHERE "accounts"."id" = 12;
UPDATE "tasks" SET "is_deleted" = true, "updated_at" = '2025-02-01T00:00:00+00:00'::timestamptz WHERE "tasks"."account_id" = 12;
SELECT COUNT(*) FROM "tasks" WHERE NOT "tasks"."is_deleted";
