-- Writes as the application issues them: ORM saves, counter caches kept by triggers, deferred
-- constraint checks, cascades, upserts and an audit trail.

-- counter caches maintained by triggers (Rails counter_cache in the database): a trigger that
-- writes another distributed table cannot run on the shards (Citus refuses it too)
CREATE FUNCTION bump_task_count() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        UPDATE projects SET task_count = task_count + 1 WHERE tenant_id = NEW.tenant_id AND id = NEW.project_id;
    ELSIF TG_OP = 'DELETE' THEN
        UPDATE projects SET task_count = task_count - 1 WHERE tenant_id = OLD.tenant_id AND id = OLD.project_id;
    END IF;
    RETURN NULL;
END $$;
-- expect-error: CREATE TRIGGER is not supported for distributed tables
CREATE TRIGGER tasks_count AFTER INSERT OR DELETE ON tasks FOR EACH ROW EXECUTE FUNCTION bump_task_count();
INSERT INTO "tasks" ("tenant_id", "id", "project_id", "position", "title", "created_at") VALUES (1, 700001, 3, 101, 'counted', '2024-06-01 00:00+00') RETURNING "id";
DELETE FROM "tasks" WHERE "tenant_id" = 1 AND "id" = 41;
DROP TRIGGER IF EXISTS tasks_count ON tasks;
UPDATE "projects" SET "task_count" = "task_count" + 1 WHERE "tenant_id" = 1 AND "id" = 3;
UPDATE "projects" SET "task_count" = "task_count" - 1 WHERE "tenant_id" = 1 AND "id" = 2;
SELECT "id", "task_count" FROM "projects" WHERE "tenant_id" = 1 AND "id" IN (3, 2);

-- a BEFORE trigger stamping a row (updated_at / normalisation) that touches nothing else runs
-- on the shards once the application opts in, as with Citus
SET citus.enable_unsafe_triggers = on;
CREATE FUNCTION normalise_member() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.email := lower(NEW.email);
    NEW.full_name := coalesce(NEW.full_name, split_part(NEW.email, '@', 1));
    RETURN NEW;
END $$;
CREATE TRIGGER members_normalise BEFORE INSERT OR UPDATE ON members FOR EACH ROW EXECUTE FUNCTION normalise_member();
RESET citus.enable_unsafe_triggers;
INSERT INTO "members" ("tenant_id", "id", "email", "joined_at") VALUES (2, 5001, 'New.Person@T2.Example', '2024-06-01 00:00+00') RETURNING "email", "full_name";
UPDATE "members" SET "email" = 'UPPER@T3.EXAMPLE' WHERE "tenant_id" = 3 AND "id" = (SELECT min("id") FROM "members" WHERE "tenant_id" = 3) RETURNING "email";
-- error
INSERT INTO "members" ("tenant_id", "id", "email", "joined_at") VALUES (2, 5002, 'not-an-email', '2024-06-01 00:00+00');
-- error
INSERT INTO "members" ("tenant_id", "id", "email", "joined_at") VALUES (2, 5003, 'NEW.person@t2.example', '2024-06-01 00:00+00');

-- reordering tasks in a project through the deferrable unique position (acts_as_list)
BEGIN;
SET CONSTRAINTS ALL DEFERRED;
UPDATE "tasks" SET "position" = "position" + 1 WHERE "tenant_id" = 1 AND "project_id" = 2;
UPDATE "tasks" SET "position" = 1 WHERE "tenant_id" = 1 AND "project_id" = 2 AND "position" = 21;
COMMIT;
-- a deferrable unique constraint is checked at the end of the statement even when immediate
UPDATE "tasks" SET "position" = "position" + 1 WHERE "tenant_id" = 1 AND "project_id" = 2;
-- outside a transaction block: a warning, nothing else
SET CONSTRAINTS "tasks_position_uniq" DEFERRED;
BEGIN;
SET CONSTRAINTS ALL DEFERRED;
UPDATE "tasks" SET "position" = 2 WHERE "tenant_id" = 1 AND "project_id" = 2 AND "position" = 3;
-- error
COMMIT;
SELECT "position", "title" FROM "tasks" WHERE "tenant_id" = 1 AND "project_id" = 2 AND "position" <= 4;

-- jsonb settings updates, array appends (Django JSONField / ArrayField)
UPDATE "tenants" SET "settings" = jsonb_set("settings", '{notifications,digest}', '"daily"') WHERE "id" = 4 RETURNING "settings";
UPDATE "tenants" SET "settings" = "settings" || '{"beta": false}'::jsonb WHERE "settings" @> '{"beta": true}';
UPDATE "tenants" SET "settings" = "settings" - 'theme' WHERE "id" IN (5, 6);
UPDATE "projects" SET "tags" = array_append("tags", 'urgent') WHERE "tenant_id" = 2 AND NOT ('urgent' = ANY ("tags"));
UPDATE "tasks" SET "labels" = array_remove("labels", 'ui'), "meta" = coalesce("meta", '{}') || jsonb_build_object('touched', true) WHERE "tenant_id" = 3;
-- generated column follows the update
UPDATE "projects" SET "name" = 'Renamed Project ' || "id" WHERE "tenant_id" = 4 RETURNING "slug";
-- error
UPDATE "projects" SET "slug" = 'x' WHERE "tenant_id" = 4;
-- domain checks, on the coordinator (reference table INSERT) and on a worker (UPDATE), whose
-- error names the domain as this session would
-- error
UPDATE "projects" SET "budget" = -1 WHERE "tenant_id" = 5;
-- error
UPDATE "members" SET "email" = 'no-at-sign' WHERE "tenant_id" = 5;
-- error
INSERT INTO "plans" ("code", "name", "max_projects", "monthly_price") VALUES ('bad', 'Bad', 1, -5);

-- upserts (Rails upsert_all / Django update_or_create)
INSERT INTO "members" ("tenant_id", "id", "email", "full_name", "joined_at") VALUES (4, 6001, 'a@t4.example', 'A', '2024-06-02 00:00+00'), (4, 6002, 'b@t4.example', 'B', '2024-06-02 00:00+00') ON CONFLICT ("tenant_id", "id") DO UPDATE SET "full_name" = EXCLUDED."full_name" RETURNING "id", (xmax = 0) AS "inserted";
INSERT INTO "members" ("tenant_id", "id", "email", "full_name", "joined_at") VALUES (4, 6001, 'a@t4.example', 'A2', '2024-06-02 00:00+00') ON CONFLICT ("tenant_id", "id") DO UPDATE SET "full_name" = EXCLUDED."full_name" RETURNING "id", "full_name", (xmax = 0) AS "inserted";
INSERT INTO "members" ("tenant_id", "id", "email", "joined_at") VALUES (4, 6003, 'A@t4.example', '2024-06-02 00:00+00') ON CONFLICT ("tenant_id", lower("email")) DO NOTHING RETURNING "id";
INSERT INTO "countries" ("code", "name") VALUES ('DE', 'Deutschland'), ('IT', 'Italy') ON CONFLICT ("code") DO UPDATE SET "name" = EXCLUDED."name" RETURNING "code", "name", "eu";

-- audit trail written by the application in the same transaction (serial ids)
BEGIN;
INSERT INTO "projects" ("tenant_id", "id", "name", "created_at") VALUES (6, 9001, 'Audited', '2024-06-03 00:00+00') RETURNING "id", "slug", "task_count";
INSERT INTO "audit_log" ("tenant_id", "entity", "entity_id", "action", "changes", "at") VALUES (6, 'project', 9001, 'create', '{"name": "Audited"}', '2024-06-03 00:00+00') RETURNING "id";
UPDATE "tenants" SET "project_count" = "project_count" + 1 WHERE "id" = 6;
COMMIT;
SELECT "id", "entity_id" FROM "audit_log" WHERE "tenant_id" = 6 AND "entity_id" = 9001;

-- cascades: delete a project (tasks, comments, files go), delete a member (SET NULL columns)
DELETE FROM "projects" WHERE "tenant_id" = 1 AND "id" = 5;
DELETE FROM "members" WHERE "tenant_id" = 2 AND "id" = (SELECT min("id") FROM "members" WHERE "tenant_id" = 2);
SELECT count(*) FILTER (WHERE "assignee_id" IS NULL), count(*) FROM "tasks" WHERE "tenant_id" = 2;
SELECT count(*) FILTER (WHERE "owner_id" IS NULL) FROM "projects" WHERE "tenant_id" = 2;
-- reference data changes cascade to the tenants (ON UPDATE CASCADE, ON DELETE SET NULL)
UPDATE "plans" SET "code" = 'starter' WHERE "code" = 'free';
DELETE FROM "countries" WHERE "code" = 'BR';
SELECT "plan_code", count(*), count("country_code") FROM "tenants" GROUP BY 1;
-- error
DELETE FROM "plans" WHERE "code" = 'team';
-- deleting a tenant removes everything it owns
DELETE FROM "tenants" WHERE "id" = 7;
SELECT count(*) FROM "tasks" WHERE "tenant_id" = 7;
SELECT count(*) FROM "comments" WHERE "tenant_id" = 7;
-- event rows routed to monthly partitions; moving a row across partitions
INSERT INTO "events" ("tenant_id", "id", "occurred_at", "kind", "payload") VALUES (3, 50001, '2024-01-15 10:00+00', 'login', '{}'), (3, 50002, '2024-02-15 10:00+00', 'login', '{"ok": true}'), (3, 50003, '2025-01-01 00:00+00', 'login', '{}');
UPDATE "events" SET "occurred_at" = '2024-03-10 00:00+00' WHERE "tenant_id" = 3 AND "id" = 50001;
SELECT tableoid::regclass::text, "id" FROM "events" WHERE "tenant_id" = 3 AND "id" > 50000;
DELETE FROM "events" WHERE "occurred_at" < '2024-01-05 00:00+00';
