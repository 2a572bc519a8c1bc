-- Schema migrations as Django and Rails run them on a live table (search_path = the side's
-- schema, as a Django DATABASES 'options' -c search_path or Rails schema_search_path sets it),
-- then writes and reads through the new columns.

-- Rails: add_column :tasks, :kind, :task_status, default: 'todo', null: false
ALTER TABLE "tasks" ADD "kind" task_status DEFAULT 'todo' NOT NULL;
-- Django AddField with db_default, then AlterField changing the default
ALTER TABLE "projects" ADD COLUMN "visibility" varchar(20) DEFAULT 'team' NOT NULL;
ALTER TABLE "users" ALTER COLUMN "role" SET DEFAULT 'guest'::user_role;
-- a CHECK constraint naming the enum type (Django CheckConstraint)
ALTER TABLE "tasks" ADD CONSTRAINT "tasks_kind_not_cancelled" CHECK ("kind" <> 'cancelled'::task_status);
-- AddIndex with a condition on the enum (partial index)
CREATE INDEX "tasks_kind_todo_idx" ON "tasks" ("account_id", "kind") WHERE "kind" = 'todo'::task_status;
-- AlterField: varchar length and type change with USING
ALTER TABLE "labels" ALTER COLUMN "name" TYPE varchar(80);
ALTER TABLE "tasks" ALTER COLUMN "comment_count" TYPE bigint USING "comment_count"::bigint;
-- RenameField
ALTER TABLE "comments" RENAME COLUMN "body" TO "content";
-- new rows pick the new defaults
INSERT INTO "tasks" ("account_id", "project_id", "title", "created_at", "updated_at") VALUES (1, 1, 'after migration', '2025-07-01T00:00:00+00:00'::timestamptz, '2025-07-01T00:00:00+00:00'::timestamptz), (2, 81, 'after migration', '2025-07-01T00:00:00+00:00'::timestamptz, '2025-07-01T00:00:00+00:00'::timestamptz) RETURNING "id", "kind", "status", "comment_count";
INSERT INTO "users" ("account_id", "email", "date_joined") VALUES (3, 'migrated@example.com', '2025-07-01T00:00:00+00:00'::timestamptz) RETURNING "id", "role";
INSERT INTO "projects" ("account_id", "name", "starts_on", "created_at", "updated_at") VALUES (4, 'after migration', '2025-07-01'::date, '2025-07-01T00:00:00+00:00'::timestamptz, '2025-07-01T00:00:00+00:00'::timestamptz) RETURNING "id", "visibility", "status";
-- data migration (RunPython / update_all)
UPDATE "tasks" SET "kind" = 'review' WHERE "tasks"."status" = 'review';
-- error
UPDATE "tasks" SET "kind" = 'cancelled' WHERE "tasks"."account_id" = 1 AND "tasks"."id" = 1;
SELECT "tasks"."kind", COUNT(*) FROM "tasks" GROUP BY 1;
SELECT "comments"."content" FROM "comments" WHERE "comments"."account_id" = 1 AND "comments"."id" = 10;
SELECT "tasks"."account_id", SUM("tasks"."comment_count") FROM "tasks" GROUP BY 1;
-- RemoveField
ALTER TABLE "projects" DROP COLUMN "visibility";
ALTER TABLE "tasks" DROP CONSTRAINT "tasks_kind_not_cancelled";
UPDATE "tasks" SET "kind" = 'cancelled' WHERE "tasks"."account_id" = 1 AND "tasks"."id" = 1 RETURNING "id", "kind";
