-- Upserts: Django bulk_create(update_conflicts=True), Rails upsert_all / insert_all,
-- SQLAlchemy on_conflict_do_update, and the (xmax = 0) "was it inserted" idiom.

-- Rails insert_all: ON CONFLICT DO NOTHING RETURNING "id"
INSERT INTO "labels" ("account_id", "name", "color_id") VALUES (1, 'bug', 2), (1, 'docs', 2), (3, 'docs', NULL), (3, 'bug', 1) ON CONFLICT ("account_id", "name") DO NOTHING RETURNING "id", "account_id", "name";
-- Django bulk_create(ignore_conflicts=True): no RETURNING
INSERT INTO "task_labels" ("account_id", "task_id", "label_id") VALUES (1, 52, 1), (1, 52, 31), (1, 3000, 1), (2, 35, 2) ON CONFLICT DO NOTHING;
-- Django bulk_create(update_conflicts=True, unique_fields=[...], update_fields=[...])
INSERT INTO "users" ("account_id", "email", "first_name", "last_name", "role", "is_staff", "is_active", "date_joined")
VALUES (1, 'user1@example.com', 'Anne', 'Smith', 'owner', false, true, '2025-03-01T00:00:00+00:00'::timestamptz),
       (1, 'fresh@example.com', 'Fresh', NULL, 'member', false, true, '2025-03-01T00:00:00+00:00'::timestamptz),
       (4, 'user153@example.com', 'Re', 'Imported', 'admin', true, true, '2025-03-01T00:00:00+00:00'::timestamptz)
ON CONFLICT("account_id", "email") DO UPDATE SET "first_name" = EXCLUDED."first_name", "last_name" = EXCLUDED."last_name", "role" = EXCLUDED."role"
RETURNING "users"."id", "users"."email", "users"."first_name";
-- Rails upsert_all with its updated_at CASE and record_timestamps
INSERT INTO "tasks" ("account_id", "id", "project_id", "title", "status", "created_at", "updated_at") VALUES
(1, 1, 1, 'Fix bug #1', 'todo', '2025-03-02 00:00:00', '2025-03-02 00:00:00'),
(1, 301, 14, 'renamed 301', 'review', '2025-03-02 00:00:00', '2025-03-02 00:00:00'),
(2, 1016, 81, 'renamed 1016', 'done', '2025-03-02 00:00:00', '2025-03-02 00:00:00')
ON CONFLICT ("account_id", "id") DO UPDATE SET "title" = excluded."title", "status" = excluded."status",
"updated_at" = (CASE WHEN ("tasks"."title" IS DISTINCT FROM excluded."title" OR "tasks"."status" IS DISTINCT FROM excluded."status") THEN excluded."updated_at" ELSE "tasks"."updated_at"::timestamptz END)
RETURNING "id";
-- xmax = 0 tells inserts from updates
INSERT INTO "labels" ("account_id", "name", "color_id") VALUES (5, 'bug', 7), (5, 'ops', 7), (6, 'ops', 8)
ON CONFLICT ("account_id", "name") DO UPDATE SET "color_id" = EXCLUDED."color_id" RETURNING "labels"."account_id", "labels"."name", "labels"."color_id", (xmax = 0) AS "inserted";
-- conflict on a named constraint
INSERT INTO "users" ("account_id", "email", "role", "date_joined") VALUES (2, 'user151@example.com', 'guest', '2025-03-03T00:00:00+00:00'::timestamptz)
ON CONFLICT ON CONSTRAINT "users_account_email_key" DO UPDATE SET "last_login" = '2025-03-03T00:00:00+00:00'::timestamptz RETURNING "users"."id", "users"."role", "users"."last_login";
-- conflict on the partial unique index (live project names), with its predicate
INSERT INTO "projects" ("account_id", "name", "status", "starts_on", "created_at", "updated_at") VALUES (1, 'API 2', 'active', '2025-03-04'::date, '2025-03-04T00:00:00+00:00'::timestamptz, '2025-03-04T00:00:00+00:00'::timestamptz), (1, 'Brand new', 'planned', '2025-03-04'::date, '2025-03-04T00:00:00+00:00'::timestamptz, '2025-03-04T00:00:00+00:00'::timestamptz)
ON CONFLICT ("account_id", "name") WHERE NOT "archived" DO UPDATE SET "updated_at" = EXCLUDED."updated_at", "status" = EXCLUDED."status" RETURNING "projects"."id", "projects"."name", "projects"."status";
-- 'Legacy' is archived, so a second one is no conflict
INSERT INTO "projects" ("account_id", "name", "archived", "starts_on", "created_at", "updated_at") VALUES (1, 'Legacy', true, '2025-03-04'::date, '2025-03-04T00:00:00+00:00'::timestamptz, '2025-03-04T00:00:00+00:00'::timestamptz) ON CONFLICT ("account_id", "name") WHERE NOT "archived" DO NOTHING RETURNING "projects"."name";
-- a conflicting live name without ON CONFLICT
-- error
INSERT INTO "projects" ("account_id", "name", "starts_on", "created_at", "updated_at") VALUES (1, 'API 2', '2025-03-04'::date, '2025-03-04T00:00:00+00:00'::timestamptz, '2025-03-04T00:00:00+00:00'::timestamptz);
-- DO UPDATE ... WHERE (only newer data wins), counters incremented by the upsert
INSERT INTO "tasks" ("account_id", "id", "project_id", "title", "comment_count", "created_at", "updated_at") VALUES (3, 7, 82, 'x', 1, '2025-01-01T00:00:00+00:00'::timestamptz, '2025-03-05T00:00:00+00:00'::timestamptz), (3, 12, 82, 'y', 1, '2025-01-01T00:00:00+00:00'::timestamptz, '2023-01-01T00:00:00+00:00'::timestamptz)
ON CONFLICT ("account_id", "id") DO UPDATE SET "comment_count" = "tasks"."comment_count" + EXCLUDED."comment_count", "updated_at" = EXCLUDED."updated_at" WHERE "tasks"."updated_at" < EXCLUDED."updated_at"
RETURNING "tasks"."id", "tasks"."comment_count", "tasks"."title";
-- upsert of a jsonb document (merge)
INSERT INTO "accounts" ("id", "public_id", "name", "slug", "created_at", "updated_at", "settings") VALUES (3, md5('account3')::uuid, 'Initech', 'acct-3', '2023-01-01T00:00:00+00:00'::timestamptz, '2025-03-06T00:00:00+00:00'::timestamptz, '{"theme": "contrast"}'), (36, md5('account36')::uuid, 'Newco', 'acct-36', '2025-03-06T00:00:00+00:00'::timestamptz, '2025-03-06T00:00:00+00:00'::timestamptz, NULL)
ON CONFLICT ("id") DO UPDATE SET "settings" = COALESCE("accounts"."settings", '{}'::jsonb) || COALESCE(EXCLUDED."settings", '{}'::jsonb), "updated_at" = EXCLUDED."updated_at" RETURNING "accounts"."id", "accounts"."settings";
-- the new account's first rows
INSERT INTO "users" ("account_id", "email", "role", "date_joined") VALUES (36, 'founder@newco.test', 'owner', '2025-03-06T00:00:00+00:00'::timestamptz) RETURNING "users"."id", "users"."role";
-- DEFAULT for the identity in a multi-row VALUES, mixed with explicit ids
INSERT INTO "labels" ("account_id", "id", "name") VALUES (36, DEFAULT, 'first'), (36, 9001, 'second'), (36, DEFAULT, 'third') RETURNING "labels"."id", "labels"."name";
-- insert ... select ... on conflict (copy labels between tenants)
INSERT INTO "labels" ("account_id", "name", "color_id") SELECT 36, U0."name", U0."color_id" FROM "labels" U0 WHERE U0."account_id" = 1 ORDER BY U0."id" ON CONFLICT ("account_id", "name") DO NOTHING RETURNING "labels"."name";
-- upsert of a reference table row (plans catalog sync)
INSERT INTO "plans" ("id", "code", "name", "monthly_price", "max_users", "features") VALUES (2, 'starter', 'Starter+', 11.99, 12, '{"api": true}'), (6, 'enterprise', 'Enterprise', 999, NULL, '{"sso": true}')
ON CONFLICT ("id") DO UPDATE SET "name" = EXCLUDED."name", "monthly_price" = EXCLUDED."monthly_price" RETURNING "plans"."id", "plans"."name", (xmax = 0) AS "inserted";
SELECT "accounts"."id", "plans"."name" FROM "accounts" JOIN "plans" ON "plans"."id" = "accounts"."plan_id" WHERE "plans"."id" = 2;
