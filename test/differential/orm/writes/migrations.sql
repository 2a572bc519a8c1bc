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
-- a Django migration in one transaction: AddField with a default (added, then dropped again),
-- a data migration, AlterField to NOT NULL, AddIndex
BEGIN;
ALTER TABLE "tasks" ADD COLUMN "score" integer DEFAULT 0 NOT NULL;
ALTER TABLE "tasks" ALTER COLUMN "score" DROP DEFAULT;
ALTER TABLE "tasks" ADD COLUMN "archived_at" timestamp with time zone NULL;
UPDATE "tasks" SET "score" = "tasks"."priority" * 10 + "tasks"."comment_count", "archived_at" = "tasks"."completed_at" WHERE "tasks"."status" IN ('done', 'cancelled');
CREATE INDEX "tasks_score_idx" ON "tasks" ("account_id", "score" DESC);
ALTER TABLE "tasks" ADD CONSTRAINT "tasks_score_nonneg" CHECK ("score" >= 0);
COMMIT;
SELECT "tasks"."account_id", SUM("tasks"."score"), COUNT("tasks"."archived_at") FROM "tasks" GROUP BY 1;
-- a migration that fails half-way rolls back everywhere
BEGIN;
ALTER TABLE "projects" ADD COLUMN "code" varchar(10) NULL;
UPDATE "projects" SET "code" = 'P' || "projects"."id";
-- error
ALTER TABLE "projects" ADD CONSTRAINT "projects_code_short" CHECK (length("code") < 3);
COMMIT;
-- error
SELECT "projects"."code" FROM "projects" LIMIT 1;
-- AddIndexConcurrently / RemoveIndexConcurrently (Rails algorithm: :concurrently), outside a
-- transaction; a unique one that the rows break fails (on both sides)
CREATE INDEX CONCURRENTLY "comments_created_idx" ON "comments" ("account_id", "created_at" DESC);
CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS "labels_account_color_uniq" ON "labels" ("account_id", "id", "color_id");
SELECT "comments"."id" FROM "comments" WHERE "comments"."account_id" = 1 AND "comments"."created_at" > '2024-12-01T00:00:00+00:00'::timestamptz;
DROP INDEX CONCURRENTLY "comments_created_idx";
DROP INDEX CONCURRENTLY IF EXISTS "labels_account_color_uniq";
-- error
CREATE UNIQUE INDEX CONCURRENTLY "tasks_priority_uniq" ON "tasks" ("account_id", "priority");
DROP INDEX IF EXISTS "tasks_priority_uniq";
-- Rails change_column_null with a default for the existing NULLs
UPDATE "tasks" SET "estimate" = 0 WHERE "tasks"."estimate" IS NULL;
ALTER TABLE "tasks" ALTER COLUMN "estimate" SET NOT NULL;
-- error
INSERT INTO "tasks" ("account_id", "project_id", "title", "estimate", "created_at", "updated_at") VALUES (1, 1, 'null estimate', NULL, '2025-07-02T00:00:00+00:00'::timestamptz, '2025-07-02T00:00:00+00:00'::timestamptz);
-- migrations run by a session with other date and interval styles (a Rails app with
-- IntervalStyle iso_8601, a DMY locale): literals in the DDL mean what they mean in that
-- session, also on the shards (existing rows get the default the coordinator reads)
SET DateStyle = 'SQL, DMY';
ALTER TABLE "projects" ADD COLUMN "review_on" date DEFAULT '01/02/03' NOT NULL;
SET IntervalStyle = 'sql_standard';
ALTER TABLE "tasks" ADD COLUMN "sla" interval DEFAULT '-1 2:03:04';
-- a partial unique index whose predicate holds an interval constant
CREATE UNIQUE INDEX "tasks_sla_title_uniq" ON "tasks" ("account_id", "title") WHERE "sla" < '-1 2:03:04';
SET IntervalStyle = 'iso_8601';
ALTER TABLE "tasks" ALTER COLUMN "sla" SET DEFAULT 'P-1DT-1H';
RESET IntervalStyle;
RESET DateStyle;
INSERT INTO "tasks" ("account_id", "project_id", "title", "estimate", "score", "created_at", "updated_at") VALUES (1, 1, 'same title', 1, 0, '2025-07-03T00:00:00+00:00'::timestamptz, '2025-07-03T00:00:00+00:00'::timestamptz), (1, 1, 'same title', 1, 0, '2025-07-03T00:00:00+00:00'::timestamptz, '2025-07-03T00:00:00+00:00'::timestamptz) RETURNING "sla";
-- error
INSERT INTO "tasks" ("account_id", "project_id", "title", "estimate", "score", "sla", "created_at", "updated_at") VALUES (1, 1, 'twice covered', 1, 0, '-3 days', '2025-07-03T00:00:00+00:00'::timestamptz, '2025-07-03T00:00:00+00:00'::timestamptz), (1, 1, 'twice covered', 1, 0, '-3 days', '2025-07-03T00:00:00+00:00'::timestamptz, '2025-07-03T00:00:00+00:00'::timestamptz);
SELECT "projects"."review_on", COUNT(*) FROM "projects" GROUP BY 1;
SELECT "tasks"."sla", COUNT(*) FROM "tasks" GROUP BY 1;
-- AlterField to a text type: the shards convert the existing values as this session prints them
SET DateStyle = 'SQL, DMY';
SET extra_float_digits = 0;
ALTER TABLE "projects" ALTER COLUMN "review_on" TYPE varchar(40) USING "review_on"::varchar;
ALTER TABLE "accounts" ADD COLUMN "ratio" double precision;
UPDATE "accounts" SET "ratio" = "accounts"."balance" / 7.0;
ALTER TABLE "accounts" ALTER COLUMN "ratio" TYPE text USING "ratio"::text;
RESET extra_float_digits;
RESET DateStyle;
SELECT "projects"."review_on", COUNT(*) FROM "projects" GROUP BY 1;
SELECT "accounts"."id", "accounts"."ratio" FROM "accounts";
-- a default that reads the session (an audit column filled from the application's setting, as
-- RLS-based multi-tenant apps set one per request): the existing rows get the value this
-- session gives, on the shards too; new rows as well
SET app.actor = 'migration-bot';
ALTER TABLE "tasks" ADD COLUMN "changed_by" text DEFAULT current_setting('app.actor', true), ADD COLUMN "touched" boolean DEFAULT (current_setting('app.actor', true) IS NOT DISTINCT FROM 'migration-bot') NOT NULL;
SET app.actor = 'web';
INSERT INTO "tasks" ("account_id", "project_id", "title", "estimate", "score", "created_at", "updated_at") VALUES (2, 81, 'after audit column', 1, 0, '2025-07-04T00:00:00+00:00'::timestamptz, '2025-07-04T00:00:00+00:00'::timestamptz) RETURNING "changed_by", "touched";
RESET app.actor;
SELECT "tasks"."changed_by", "tasks"."touched", COUNT(*) FROM "tasks" GROUP BY 1, 2;
