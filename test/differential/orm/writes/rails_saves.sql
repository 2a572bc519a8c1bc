-- ActiveRecord writes: create, update, touch, update_counters, update_all / delete_all with
-- limits, destroy inside transactions.

-- Task.create!: BEGIN / INSERT ... RETURNING "id" / COMMIT
BEGIN;
INSERT INTO "tasks" ("account_id", "project_id", "title", "status", "priority", "created_at", "updated_at") VALUES (4, 83, 'From Rails', 'todo', 2, '2025-04-01 10:00:00', '2025-04-01 10:00:00') RETURNING "id";
-- belongs_to touch: true
UPDATE "projects" SET "updated_at" = '2025-04-01 10:00:00' WHERE "projects"."account_id" = 4 AND "projects"."id" = 83;
COMMIT;
-- counter caches: increment_counter / update_counters
UPDATE "tasks" SET "comment_count" = COALESCE("comment_count", 0) + 1 WHERE "tasks"."account_id" = 1 AND "tasks"."id" = 18;
UPDATE "tasks" SET "comment_count" = COALESCE("comment_count", 0) - 1, "updated_at" = '2025-04-02 00:00:00' WHERE "tasks"."account_id" = 1 AND "tasks"."id" IN (35, 52, 69);
-- update_all with order and limit: Rails puts them in an IN subquery
UPDATE "tasks" SET "status" = 'in_progress' WHERE "tasks"."id" IN (SELECT "tasks"."id" FROM "tasks" WHERE "tasks"."account_id" = 2 AND "tasks"."status" = 'todo' ORDER BY "tasks"."created_at" ASC, "tasks"."id" ASC LIMIT 5);
UPDATE "tasks" SET "status" = 'todo' WHERE ("tasks"."account_id", "tasks"."id") IN (SELECT "tasks"."account_id", "tasks"."id" FROM "tasks" WHERE "tasks"."status" = 'review' ORDER BY "tasks"."updated_at" DESC, "tasks"."id" DESC LIMIT 7);
-- delete_all with limit
DELETE FROM "activity_events" WHERE "activity_events"."id" IN (SELECT "activity_events"."id" FROM "activity_events" WHERE "activity_events"."occurred_at" < '2024-03-10 00:00:00' ORDER BY "activity_events"."occurred_at" ASC, "activity_events"."id" ASC LIMIT 100);
-- update_all with a join (Rails: WHERE id IN (SELECT ... INNER JOIN ...))
UPDATE "comments" SET "edited_at" = '2025-04-03 00:00:00' WHERE "comments"."id" IN (SELECT "comments"."id" FROM "comments" INNER JOIN "tasks" ON "tasks"."account_id" = "comments"."account_id" AND "tasks"."id" = "comments"."task_id" WHERE "tasks"."status" = 'cancelled' AND "comments"."account_id" = 3);
-- destroy with dependent: :destroy, one row at a time in a transaction
BEGIN;
SELECT "comments".* FROM "comments" WHERE "comments"."account_id" = 5 AND "comments"."task_id" = 11;
DELETE FROM "attachments" WHERE "attachments"."account_id" = 5 AND "attachments"."task_id" = 11;
DELETE FROM "comments" WHERE "comments"."account_id" = 5 AND "comments"."task_id" = 11;
DELETE FROM "tasks" WHERE "tasks"."account_id" = 5 AND "tasks"."id" = 11;
COMMIT;
-- a failed validation rolls the whole transaction back
BEGIN;
UPDATE "accounts" SET "seats" = "seats" + 5 WHERE "accounts"."id" = 6;
-- error
INSERT INTO "users" ("account_id", "email", "role", "date_joined") VALUES (6, 'user155@example.com', 'member', '2025-04-04 00:00:00');
ROLLBACK;
-- nested transactions (requires_new: true) become savepoints
BEGIN;
INSERT INTO "comments" ("account_id", "task_id", "body", "created_at") VALUES (6, 8, 'outer', '2025-04-05 00:00:00') RETURNING "id";
SAVEPOINT active_record_1;
INSERT INTO "comments" ("account_id", "task_id", "body", "created_at") VALUES (6, 8, 'inner', '2025-04-05 00:00:01') RETURNING "id";
UPDATE "tasks" SET "comment_count" = "comment_count" + 2 WHERE "tasks"."account_id" = 6 AND "tasks"."id" = 8;
ROLLBACK TO SAVEPOINT active_record_1;
SAVEPOINT active_record_2;
INSERT INTO "comments" ("account_id", "task_id", "body", "created_at") VALUES (7, 42, 'other tenant', '2025-04-05 00:00:02') RETURNING "id";
RELEASE SAVEPOINT active_record_2;
UPDATE "tasks" SET "comment_count" = "comment_count" + 1 WHERE "tasks"."account_id" = 6 AND "tasks"."id" = 8;
COMMIT;
-- SQLAlchemy: UPDATE ... FROM and DELETE ... USING across tenants
UPDATE "tasks" SET "status" = 'cancelled' FROM "projects" WHERE "projects"."account_id" = "tasks"."account_id" AND "projects"."id" = "tasks"."project_id" AND "projects"."status" = 'completed' AND "tasks"."status" = 'todo';
DELETE FROM "task_labels" USING "labels" WHERE "labels"."account_id" = "task_labels"."account_id" AND "labels"."id" = "task_labels"."label_id" AND "labels"."color_id" IS NULL;
-- UPDATE from a reference table
UPDATE "accounts" SET "seats" = COALESCE((SELECT "plans"."max_users" FROM "plans" WHERE "plans"."id" = "accounts"."plan_id"), 1000) WHERE "accounts"."id" <= 20;
UPDATE "accounts" SET "balance" = "accounts"."balance" + "plans"."monthly_price" FROM "plans" WHERE "plans"."id" = "accounts"."plan_id" AND "plans"."code" = 'team';
-- SELECT ... FOR UPDATE of one row then update (with_lock)
BEGIN;
SELECT "accounts".* FROM "accounts" WHERE "accounts"."id" = 9 LIMIT 1 FOR UPDATE;
UPDATE "accounts" SET "balance" = 0.00, "updated_at" = '2025-04-06 00:00:00' WHERE "accounts"."id" = 9;
COMMIT;
BEGIN;
SELECT "tasks"."id" FROM "tasks" WHERE "tasks"."account_id" = 1 AND "tasks"."status" = 'todo' ORDER BY "tasks"."id" LIMIT 3 FOR UPDATE SKIP LOCKED;
COMMIT;
-- whole-row save() that names the tenant column without pinning it (Django models whose
-- primary key is id alone): the shards check that the row keeps its value
UPDATE "tasks" SET "account_id" = 1, "title" = 'saved' WHERE "tasks"."id" = 1;
-- ... but a save that gives the row another tenant (moving it to another shard) is refused
BEGIN;
INSERT INTO "labels" ("account_id", "name") VALUES (1, 'to move') RETURNING "labels"."name";
-- expect-error: cannot modify distribution column
UPDATE "labels" SET "account_id" = 2, "name" = 'moved' WHERE "labels"."name" = 'to move';
ROLLBACK;
UPDATE "tasks" SET "account_id" = 1, "title" = 'saved' WHERE ("tasks"."account_id" = 1 AND "tasks"."id" = 1);
