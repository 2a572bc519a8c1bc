-- Data fixes and bulk updates as admin scripts and ORM libraries write them: tuple SET from a
-- subquery, SET DEFAULT, window-function dedupes, UPDATE ... FROM aggregates and windows,
-- INSERT ... SELECT DISTINCT ON / window, row-valued ANY, multi-table FROM / USING, arrays
-- and jsonb rebuilt from subqueries.

UPDATE "tasks" SET ("title", "priority") = (SELECT p."name", 4 FROM "projects" p WHERE p."account_id" = "tasks"."account_id" AND p."id" = "tasks"."project_id") WHERE "tasks"."account_id" = 2 AND "tasks"."status" = 'review';
UPDATE "tasks" SET ("title", "priority") = ('tuple', 3) WHERE "tasks"."id" IN (1, 2, 3);
UPDATE "tasks" SET "priority" = DEFAULT, "custom_fields" = DEFAULT WHERE "tasks"."account_id" = 3 AND "tasks"."status" = 'cancelled';
UPDATE "tasks" SET "priority" = DEFAULT WHERE "tasks"."status" = 'todo' AND "tasks"."id" < 100;
DELETE FROM "task_labels" WHERE "task_labels"."id" IN (SELECT s."id" FROM (SELECT "id", ROW_NUMBER() OVER (PARTITION BY "account_id", "label_id" ORDER BY "id") AS rn FROM "task_labels") s WHERE s.rn > 3);
DELETE FROM "task_labels" WHERE "task_labels"."id" IN (SELECT s."id" FROM (SELECT "id", ROW_NUMBER() OVER (PARTITION BY "label_id" ORDER BY "id") AS rn FROM "task_labels") s WHERE s.rn > 2);
UPDATE "projects" SET "budget" = s.total FROM (SELECT "project_id", SUM("estimate") * 10 AS total FROM "tasks" GROUP BY 1) s WHERE s."project_id" = "projects"."id";
UPDATE "tasks" SET "position" = s.rn FROM (SELECT "account_id", "id", ROW_NUMBER() OVER (PARTITION BY "account_id", "project_id" ORDER BY "created_at", "id") AS rn FROM "tasks") s WHERE s."account_id" = "tasks"."account_id" AND s."id" = "tasks"."id";
UPDATE "tasks" SET "position" = s.rn FROM (SELECT "id", ROW_NUMBER() OVER (ORDER BY "created_at", "id") AS rn FROM "tasks" WHERE "account_id" = 5) s WHERE "tasks"."account_id" = 5 AND s."id" = "tasks"."id";
INSERT INTO "labels" ("account_id", "name") SELECT DISTINCT ON ("account_id") "account_id", 'first ' || "name" FROM "labels" ORDER BY "account_id", "id" RETURNING "account_id", "name";
INSERT INTO "labels" ("account_id", "name", "color_id") SELECT "account_id", 'rank ' || rn, NULL FROM (SELECT "account_id", ROW_NUMBER() OVER (PARTITION BY "account_id" ORDER BY "id") rn FROM "users") s WHERE rn <= 2 ORDER BY 1, 2 RETURNING "account_id", "name";
UPDATE "users" SET "last_login" = '2025-01-01' WHERE ("users"."account_id", "users"."id") = ANY(SELECT "account_id", "assignee_id" FROM "tasks" WHERE "priority" = 4 AND "status" = 'review');
UPDATE "comments" c SET "edited_at" = '2025-01-02' FROM "tasks" t, "projects" p WHERE t."account_id" = c."account_id" AND t."id" = c."task_id" AND p."account_id" = t."account_id" AND p."id" = t."project_id" AND p."archived";
DELETE FROM "comments" c USING "users" u WHERE u."account_id" = c."account_id" AND u."id" = c."author_id" AND NOT u."is_active" RETURNING c."id";
UPDATE "tasks" SET "tags" = ARRAY(SELECT DISTINCT unnest(COALESCE("tasks"."tags", '{}') || ARRAY['x']) ORDER BY 1) WHERE "tasks"."account_id" = 6;
UPDATE "tasks" SET "custom_fields" = "custom_fields" || jsonb_build_object('labels', (SELECT jsonb_agg(l."name" ORDER BY l."name") FROM "task_labels" tl JOIN "labels" l ON l."account_id" = tl."account_id" AND l."id" = tl."label_id" WHERE tl."account_id" = "tasks"."account_id" AND tl."task_id" = "tasks"."id")) WHERE "tasks"."account_id" = 7;
UPDATE "tasks" SET "custom_fields" = "custom_fields" || jsonb_build_object('n', (SELECT count(*) FROM "comments" c WHERE c."task_id" = "tasks"."id")) WHERE "tasks"."account_id" = 8;
SELECT "account_id", count(*), sum("priority"), sum("position"), count(*) FILTER (WHERE "title" = 'tuple') FROM "tasks" GROUP BY 1 ORDER BY 1;
SELECT count(*), sum(id) FROM "task_labels";
SELECT sum("budget") FROM "projects";
SELECT "account_id", md5(string_agg("custom_fields"::text || coalesce(array_to_string("tags", ','), ''), ';' ORDER BY "id")) FROM "tasks" WHERE "account_id" IN (6, 7, 8) GROUP BY 1 ORDER BY 1;
SELECT count(*) FROM "users" WHERE "last_login" = '2025-01-01';
SELECT count(*) FROM "comments" WHERE "edited_at" = '2025-01-02';
