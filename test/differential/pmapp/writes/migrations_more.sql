-- More migration shapes from Rails and Django, each followed by writes that use it.

-- Rails add_timestamps / add_column with a default
ALTER TABLE "comments" ADD "updated_at" timestamp(6) DEFAULT '2024-01-01 00:00:00' NOT NULL, ADD "edited" boolean DEFAULT FALSE NOT NULL;
ALTER TABLE "comments" ALTER COLUMN "updated_at" DROP DEFAULT;
-- Rails change_column_default from/to
ALTER TABLE "tasks" ALTER COLUMN "priority" SET DEFAULT 2;
-- Rails add_reference to a reference table with foreign_key: true, index: true (one ALTER)
ALTER TABLE "tenants" ADD "billing_country" char(2), ADD CONSTRAINT "fk_rails_billing_country" FOREIGN KEY ("billing_country") REFERENCES "countries" ("code");
CREATE INDEX "index_tenants_on_billing_country" ON "tenants" ("billing_country");
UPDATE "tenants" SET "billing_country" = "country_code";
-- error
UPDATE "tenants" SET "billing_country" = 'XX' WHERE "id" = 1;
-- Django AddField(ForeignKey) to a reference table: the constraint inline in ADD COLUMN, made
-- immediate by name in the same transaction (Django's PostgreSQL schema editor), then the index
BEGIN;
ALTER TABLE "projects" ADD COLUMN "plan_code" varchar(20) NULL CONSTRAINT "projects_plan_code_fk_plans_code" REFERENCES "plans"("code") DEFERRABLE INITIALLY DEFERRED; SET CONSTRAINTS "projects_plan_code_fk_plans_code" IMMEDIATE;
CREATE INDEX "projects_plan_code_idx" ON "projects" ("plan_code");
UPDATE "projects" SET "plan_code" = 'team' WHERE "tenant_id" IN (1, 2);
-- error
UPDATE "projects" SET "plan_code" = 'nope' WHERE "tenant_id" = 3;
ROLLBACK;
ALTER TABLE "projects" ADD COLUMN "plan_code" varchar(20) NULL CONSTRAINT "projects_plan_code_fk_plans_code" REFERENCES "plans"("code") ON DELETE SET NULL DEFERRABLE INITIALLY DEFERRED;
UPDATE "projects" SET "plan_code" = 'team' WHERE "tenant_id" IN (1, 2);
-- unnamed inline foreign keys followed by other subcommands, one of them a foreign key too
ALTER TABLE "members" ADD COLUMN "country_code" char(2) REFERENCES "countries" ("code") DEFERRABLE, ADD COLUMN "nickname" varchar(40);
ALTER TABLE "members" ADD COLUMN "home_country" char(2) REFERENCES "countries", ADD CONSTRAINT "members_home_country_fk2" FOREIGN KEY ("home_country") REFERENCES "countries" ("code") ON DELETE CASCADE, ADD COLUMN "bio" text;
UPDATE "members" SET "country_code" = 'FR', "home_country" = 'JP' WHERE "tenant_id" = 3;
-- error
UPDATE "members" SET "country_code" = 'XX' WHERE "tenant_id" = 3;
-- error
UPDATE "members" SET "home_country" = 'XX' WHERE "tenant_id" = 3;
-- a deferred check by name: the orphan shows at COMMIT, or when made immediate
BEGIN;
UPDATE "projects" SET "plan_code" = 'nope' WHERE "tenant_id" = 4;
-- error
SET CONSTRAINTS "projects_plan_code_fk_plans_code" IMMEDIATE;
ROLLBACK;
BEGIN;
SET CONSTRAINTS "projects_plan_code_fk_plans_code" IMMEDIATE;
-- error
UPDATE "projects" SET "plan_code" = 'nope' WHERE "tenant_id" = 5;
ROLLBACK;
BEGIN;
SET CONSTRAINTS ALL IMMEDIATE;
SET CONSTRAINTS "projects_plan_code_fk_plans_code" DEFERRED;
UPDATE "projects" SET "plan_code" = 'nope' WHERE "tenant_id" = 6;
UPDATE "projects" SET "plan_code" = 'team' WHERE "tenant_id" = 6;
COMMIT;
SELECT "plan_code", count(*) FROM "projects" GROUP BY 1;
-- Django RemoveField of a foreign key: SET CONSTRAINTS name IMMEDIATE, then DROP CONSTRAINT
BEGIN;
SET CONSTRAINTS "projects_plan_code_fk_plans_code" IMMEDIATE; ALTER TABLE "projects" DROP CONSTRAINT "projects_plan_code_fk_plans_code";
ALTER TABLE "projects" DROP COLUMN "plan_code" CASCADE;
COMMIT;
-- deferrable unique by name (acts_as_list reordering)
BEGIN;
SET CONSTRAINTS "tasks_position_uniq" DEFERRED;
UPDATE "tasks" SET "position" = "position" + 1 WHERE "tenant_id" = 1 AND "project_id" = 4 AND "position" < 3;
UPDATE "tasks" SET "position" = 1 WHERE "tenant_id" = 1 AND "project_id" = 4 AND "position" = 3 AND "title" = 'Task 4-2';
UPDATE "tasks" SET "position" = 3 WHERE "tenant_id" = 1 AND "project_id" = 4 AND "position" = 4;
-- error
SET CONSTRAINTS "tasks_position_uniq" IMMEDIATE;
ROLLBACK;
BEGIN;
SET CONSTRAINTS "tasks_position_uniq" DEFERRED;
SAVEPOINT "s1";
SET CONSTRAINTS "tasks_position_uniq" IMMEDIATE;
-- error
UPDATE "tasks" SET "position" = 2 WHERE "tenant_id" = 1 AND "project_id" = 4 AND "position" = 1;
ROLLBACK TO SAVEPOINT "s1";
UPDATE "tasks" SET "position" = 2 WHERE "tenant_id" = 1 AND "project_id" = 4 AND "position" = 1;
UPDATE "tasks" SET "position" = 1 WHERE "tenant_id" = 1 AND "project_id" = 4 AND "title" = 'Task 4-2';
COMMIT;
SELECT "position", "title" FROM "tasks" WHERE "tenant_id" = 1 AND "project_id" = 4 AND "position" <= 3;
-- Django AddField ForeignKey: column, then a deferrable FK, then the index
ALTER TABLE "tasks" ADD COLUMN "parent_id" bigint NULL;
ALTER TABLE "tasks" ADD CONSTRAINT "tasks_parent_id_fk_tasks_id" FOREIGN KEY ("tenant_id", "parent_id") REFERENCES "tasks" ("tenant_id", "id") DEFERRABLE INITIALLY DEFERRED;
CREATE INDEX "tasks_parent_id_idx" ON "tasks" ("tenant_id", "parent_id");
-- a child row before its parent in one transaction: checked at COMMIT
BEGIN;
INSERT INTO "tasks" ("tenant_id", "id", "project_id", "position", "title", "created_at", "parent_id") VALUES (2, 810002, 37, 900, 'child first', '2024-07-01 00:00+00', 810001);
INSERT INTO "tasks" ("tenant_id", "id", "project_id", "position", "title", "created_at") VALUES (2, 810001, 37, 901, 'parent later', '2024-07-01 00:00+00');
COMMIT;
BEGIN;
INSERT INTO "tasks" ("tenant_id", "id", "project_id", "position", "title", "created_at", "parent_id") VALUES (2, 810003, 37, 902, 'orphan', '2024-07-01 00:00+00', 999999);
-- error
COMMIT;
SELECT "id", "parent_id" FROM "tasks" WHERE "tenant_id" = 2 AND "id" >= 810001;
-- Django unique_together / UniqueConstraint with a condition, deferrable unique
ALTER TABLE "projects" ADD CONSTRAINT "projects_tenant_slug_uniq" UNIQUE ("tenant_id", "slug") DEFERRABLE INITIALLY DEFERRED;
CREATE UNIQUE INDEX "tasks_one_open_title" ON "tasks" ("tenant_id", "project_id", "title") WHERE "state" = 'open';
-- Django varchar_pattern_ops index for LIKE lookups
CREATE INDEX "members_email_like" ON "members" ("email" varchar_pattern_ops);
-- a full-text search column (pg_search / SearchVectorField) kept by a generated column
ALTER TABLE "tasks" ADD COLUMN "search" tsvector GENERATED ALWAYS AS (to_tsvector('english'::regconfig, coalesce("title", ''))) STORED;
CREATE INDEX "tasks_search" ON "tasks" USING gin ("search");
SELECT count(*) FROM "tasks" WHERE "search" @@ to_tsquery('english', 'task & 3');
SELECT "id", ts_rank("search", plainto_tsquery('english', 'parent')) > 0 FROM "tasks" WHERE "tenant_id" = 2 AND "search" @@ plainto_tsquery('english', 'parent');
-- a foreign key made deferrable in place: a comment saved before its task in one transaction
ALTER TABLE "comments" ALTER CONSTRAINT "comments_tenant_id_task_id_fkey" DEFERRABLE INITIALLY DEFERRED;
BEGIN;
INSERT INTO "comments" ("tenant_id", "id", "task_id", "body", "created_at", "updated_at") VALUES (2, 990001, 990001, 'early', '2024-07-05 00:00+00', '2024-07-05 00:00');
INSERT INTO "tasks" ("tenant_id", "id", "project_id", "position", "title", "created_at") VALUES (2, 990001, 37, 990, 'late task', '2024-07-05 00:00+00');
COMMIT;
BEGIN;
INSERT INTO "comments" ("tenant_id", "id", "task_id", "body", "created_at", "updated_at") VALUES (2, 990002, 990002, 'orphan', '2024-07-05 00:00+00', '2024-07-05 00:00');
-- error
COMMIT;
ALTER TABLE "comments" ALTER CONSTRAINT "comments_tenant_id_task_id_fkey" NOT DEFERRABLE;
-- error
INSERT INTO "comments" ("tenant_id", "id", "task_id", "body", "created_at", "updated_at") VALUES (2, 990003, 990003, 'orphan', '2024-07-05 00:00+00', '2024-07-05 00:00');
-- strong_migrations: a unique constraint from an index built concurrently beforehand
CREATE UNIQUE INDEX CONCURRENTLY "members_tenant_email_idx" ON "members" ("tenant_id", "email");
ALTER TABLE "members" ADD CONSTRAINT "members_tenant_email_key" UNIQUE USING INDEX "members_tenant_email_idx";
-- error
INSERT INTO "members" ("tenant_id", "id", "email", "joined_at") VALUES (1, 7001, 'user12@t1.example', '2024-07-01 00:00+00');
SELECT conname, contype FROM pg_constraint WHERE conrelid = 'members'::regclass AND conname = 'members_tenant_email_key';
-- a generated column turned into a plain one (Django 5 GeneratedField removed, data kept)
ALTER TABLE "tasks" ALTER COLUMN "search" DROP EXPRESSION;
UPDATE "tasks" SET "title" = 'Renamed ' || "title" WHERE "tenant_id" = 2 RETURNING "search";
-- Rails change_column with USING: text to an enum (the CHECK on it goes first), then a view's
-- column is left alone (vanilla refuses to change it)
CREATE TYPE "audit_action" AS ENUM ('create', 'update', 'delete', 'restore');
ALTER TABLE "audit_log" DROP CONSTRAINT "audit_log_action_check";
ALTER TABLE "audit_log" ALTER COLUMN "action" TYPE "audit_action" USING "action"::"audit_action";
INSERT INTO "audit_log" ("tenant_id", "entity", "entity_id", "action", "at") VALUES (3, 'task', 9, 'restore', '2024-07-02 00:00+00') RETURNING "action";
-- error
INSERT INTO "audit_log" ("tenant_id", "entity", "entity_id", "action", "at") VALUES (3, 'task', 9, 'purge', '2024-07-02 00:00+00');
SELECT "action", count(*) FROM "audit_log" GROUP BY 1;
-- error
ALTER TABLE "tasks" ALTER COLUMN "state" TYPE varchar(20) USING "state"::text;
ALTER TABLE "comments" ALTER COLUMN "body" TYPE varchar(2000);
-- rename a constraint and an index (Django RenameIndex)
ALTER TABLE "tasks" RENAME CONSTRAINT "tasks_done_after_created" TO "tasks_done_after_created_check";
ALTER INDEX "tasks_open_due" RENAME TO "tasks_open_due_idx";
-- SET SCHEMA and back
CREATE SCHEMA IF NOT EXISTS "archive_pm";
-- rename a table with a serial column (Rails rename_table renames the sequence too)
ALTER TABLE "audit_log" RENAME TO "audit_entries";
ALTER SEQUENCE "audit_log_id_seq" RENAME TO "audit_entries_id_seq";
ALTER INDEX "audit_log_pkey" RENAME TO "audit_entries_pkey";
INSERT INTO "audit_entries" ("tenant_id", "entity", "entity_id", "action", "at") VALUES (5, 'task', 1, 'create', '2024-07-03 00:00+00') RETURNING "id";
-- Django: a new table created, distributed by the application, filled
CREATE TABLE "milestones" ("tenant_id" bigint NOT NULL, "id" bigint NOT NULL GENERATED BY DEFAULT AS IDENTITY, "project_id" bigint NOT NULL, "title" varchar(100) NOT NULL, "due_on" date NULL, PRIMARY KEY ("tenant_id", "id"));
SELECT CASE WHEN current_schema() = 'dist' THEN (SELECT count(*) FROM (SELECT create_distributed_table('milestones', 'tenant_id', colocate_with => 'tenants')) s) ELSE 1 END;
ALTER TABLE "milestones" ADD CONSTRAINT "milestones_project_fk" FOREIGN KEY ("tenant_id", "project_id") REFERENCES "projects" ("tenant_id", "id") ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED;
INSERT INTO "milestones" ("tenant_id", "project_id", "title", "due_on") SELECT "tenant_id", "id", 'M1 of ' || "name", date '2024-09-01' FROM "projects" WHERE "tenant_id" IN (1, 2) ORDER BY "tenant_id", "id" RETURNING "tenant_id", "project_id";
ALTER TABLE "tasks" ADD COLUMN "milestone_id" bigint;
UPDATE "tasks" t SET "milestone_id" = m."id" FROM "milestones" m WHERE m."tenant_id" = t."tenant_id" AND m."project_id" = t."project_id";
SELECT count("milestone_id"), count(*) FROM "tasks";
-- Rails TRUNCATE in a data migration, RESTART IDENTITY
TRUNCATE "milestones" RESTART IDENTITY;
INSERT INTO "milestones" ("tenant_id", "project_id", "title") VALUES (1, 1, 'again') RETURNING "id";
-- materialized view for a dashboard, refreshed
CREATE MATERIALIZED VIEW "tenant_stats" AS SELECT "tenant_id", count(*) AS "tasks", count(*) FILTER (WHERE "state" = 'done') AS "done" FROM "tasks" GROUP BY 1;
SELECT * FROM "tenant_stats";
UPDATE "tasks" SET "state" = 'done' WHERE "tenant_id" = 4;
REFRESH MATERIALIZED VIEW "tenant_stats";
SELECT * FROM "tenant_stats" WHERE "tenant_id" = 4;
DROP MATERIALIZED VIEW "tenant_stats";
-- Django RemoveField of a column in an index and a constraint
ALTER TABLE "tasks" DROP COLUMN "due_on" CASCADE;
ALTER TABLE "projects" DROP COLUMN "tags";
SELECT count(*) FROM "tasks" WHERE "tenant_id" = 1;
