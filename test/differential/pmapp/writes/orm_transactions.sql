-- Writes the ORMs issue in transactions: nested atomic blocks (savepoints), lastval/currval after
-- an INSERT, UPDATE ... FROM and DELETE ... USING across tenants and reference tables, upserts
-- into the partitioned events table, COPY.
BEGIN;
INSERT INTO "audit_log" ("tenant_id", "entity", "entity_id", "action", "at") VALUES (4, 'task', 77, 'create', '2024-08-01 00:00+00');
SELECT currval(pg_get_serial_sequence('audit_log', 'id'));
SELECT lastval();
SAVEPOINT "s1";
-- error
INSERT INTO "audit_log" ("tenant_id", "entity", "entity_id", "action", "at") VALUES (4, 'task', 78, 'oops', '2024-08-01 00:00+00');
ROLLBACK TO SAVEPOINT "s1";
SAVEPOINT "s2";
UPDATE "tasks" SET "state" = 'done', "done_at" = '2024-08-01 00:00+00' WHERE "tenant_id" = 4 AND "state" = 'open' RETURNING "id";
RELEASE SAVEPOINT "s2";
COMMIT;
SELECT "entity_id", "action" FROM "audit_log" WHERE "tenant_id" = 4 AND "at" = '2024-08-01 00:00+00';
UPDATE "tenants" t SET "settings" = t."settings" || jsonb_build_object('plan_price', p."monthly_price") FROM "plans" p WHERE p."code" = t."plan_code" RETURNING t."id", t."settings" -> 'plan_price';
UPDATE "tasks" t SET "priority" = 5 FROM "projects" p WHERE p."tenant_id" = t."tenant_id" AND p."id" = t."project_id" AND p."archived" RETURNING t."tenant_id", t."id";
DELETE FROM "comments" c USING "tasks" t WHERE t."tenant_id" = c."tenant_id" AND t."id" = c."task_id" AND t."state" = 'blocked' AND c."author_id" IS NULL;
DELETE FROM "events" e USING "tenants" t WHERE t."id" = e."tenant_id" AND t."plan_code" = 'free' AND e."kind" = 'login';
INSERT INTO "events" ("tenant_id", "id", "occurred_at", "kind") VALUES (1, 1, '2023-12-20 01:37+00', 'task.updated'), (2, 60001, '2024-02-02 00:00+00', 'login') ON CONFLICT DO NOTHING RETURNING "id";
COPY "events" ("tenant_id", "id", "occurred_at", "kind", "payload") FROM STDIN;
5	70001	2024-01-05 10:00:00+00	login	{"via": "copy"}
6	70002	2024-03-05 10:00:00+00	login	{}
7	70003	2024-09-05 10:00:00+00	task.created	{"n": 1}
\.
SELECT tableoid::regclass::text, "tenant_id", "id" FROM "events" WHERE "id" >= 70001;
-- Rails find_or_create_by in a transaction, retried after a unique violation
BEGIN;
SAVEPOINT "active_record_1";
-- error
INSERT INTO "members" ("tenant_id", "id", "email", "joined_at") VALUES (6, 8001, 'user5@t6.example', '2024-08-02 00:00+00') RETURNING "id";
ROLLBACK TO SAVEPOINT "active_record_1";
SELECT "members"."id" FROM "members" WHERE "members"."tenant_id" = 6 AND lower("members"."email") = 'user5@t6.example' LIMIT 1;
COMMIT;
-- a multi-tenant admin action touching reference and distributed tables in one transaction
BEGIN;
INSERT INTO "plans" ("code", "name", "max_projects", "monthly_price") VALUES ('pro', 'Pro', 100, 99);
UPDATE "tenants" SET "plan_code" = 'pro' WHERE "plan_code" = 'legacy';
DELETE FROM "plans" WHERE "code" = 'legacy';
COMMIT;
SELECT "plan_code", count(*) FROM "tenants" GROUP BY 1;
