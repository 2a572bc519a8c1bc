-- What test runners and admin commands send: Django's flush (TRUNCATE ... RESTART IDENTITY
-- CASCADE), Rails reset_pk_sequence! (setval over MAX(id)), explicit locks, then ordinary
-- inserts that must take the restarted ids.

-- Rails reset_pk_sequence!
SELECT setval('"tasks_id_seq"', (SELECT MAX("id") FROM "tasks"), true);
SELECT setval(pg_get_serial_sequence('"comments"', 'id'), COALESCE((SELECT MAX("id") + 1 FROM "comments"), 1), false);
INSERT INTO "tasks" ("account_id", "project_id", "title", "created_at", "updated_at") VALUES (2, 81, 'after setval', '2025-09-01T00:00:00+00:00'::timestamptz, '2025-09-01T00:00:00+00:00'::timestamptz) RETURNING "id";
SELECT nextval('"labels_id_seq"'), currval('"labels_id_seq"');
INSERT INTO "labels" ("account_id", "name") VALUES (3, 'after nextval') RETURNING "id";
SELECT last_value, is_called FROM "labels_id_seq";
-- LOCK TABLE inside a transaction (Django select_for_update on a whole table is rare; some
-- apps lock explicitly before a bulk renumbering)
BEGIN;
LOCK TABLE "tasks" IN SHARE ROW EXCLUSIVE MODE;
UPDATE "tasks" SET "position" = "tasks"."position" + 100 WHERE "tasks"."account_id" = 5;
COMMIT;
-- advisory locks as django-pglock and Rails with_advisory_lock take them
SELECT pg_try_advisory_lock(42) AS "locked";
SELECT pg_advisory_unlock(42) AS "unlocked";
BEGIN;
SELECT pg_advisory_xact_lock(hashtext('account:3'));
UPDATE "accounts" SET "seats" = "accounts"."seats" + 1 WHERE "accounts"."id" = 3 RETURNING "seats";
COMMIT;
-- Django flush of a few tables (TRUNCATE ... RESTART IDENTITY CASCADE), then fresh rows
TRUNCATE "task_labels", "labels" RESTART IDENTITY CASCADE;
INSERT INTO "labels" ("account_id", "name", "color_id") VALUES (1, 'fresh', 1), (2, 'fresh', 2) RETURNING "id", "account_id";
INSERT INTO "task_labels" ("account_id", "task_id", "label_id") VALUES (1, 1, 1), (2, 10, 2) RETURNING "id";
SELECT COUNT(*) FROM "task_labels";
-- truncating a parent cascades to the colocated children
TRUNCATE "projects" CASCADE;
SELECT (SELECT COUNT(*) FROM "projects") AS "p", (SELECT COUNT(*) FROM "tasks") AS "t", (SELECT COUNT(*) FROM "comments") AS "c", (SELECT COUNT(*) FROM "attachments") AS "a", (SELECT COUNT(*) FROM "users") AS "u";
INSERT INTO "projects" ("account_id", "name", "starts_on", "created_at", "updated_at") VALUES (1, 'Reborn', '2025-09-02'::date, '2025-09-02T00:00:00+00:00'::timestamptz, '2025-09-02T00:00:00+00:00'::timestamptz) RETURNING "id";
-- error
TRUNCATE "accounts";
TRUNCATE "accounts" RESTART IDENTITY CASCADE;
INSERT INTO "accounts" ("public_id", "name", "slug", "created_at", "updated_at") VALUES (md5('again')::uuid, 'Again', 'again', '2025-09-03T00:00:00+00:00'::timestamptz, '2025-09-03T00:00:00+00:00'::timestamptz) RETURNING "id", "is_active", "seats", "balance";
