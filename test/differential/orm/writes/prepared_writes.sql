-- Parameterised writes as drivers send them (Rails prepared statements, psycopg3 prepare,
-- asyncpg): six or more executions so that generic plans are used.

PREPARE w1 (bigint, bigint, varchar, timestamptz) AS INSERT INTO "tasks" ("account_id", "project_id", "title", "created_at", "updated_at") VALUES ($1, $2, $3, $4, $4) RETURNING "id", "status", "priority", "custom_fields";
EXECUTE w1(1, 1, 'p1', '2025-05-01 00:00:00+00');
EXECUTE w1(2, 81, 'p2', '2025-05-01 00:00:01+00');
EXECUTE w1(3, 82, 'p3', '2025-05-01 00:00:02+00');
EXECUTE w1(4, 83, 'p4', '2025-05-01 00:00:03+00');
EXECUTE w1(5, 84, 'p5', '2025-05-01 00:00:04+00');
EXECUTE w1(6, 85, 'p6', '2025-05-01 00:00:05+00');
EXECUTE w1(1, 14, 'p7', '2025-05-01 00:00:06+00');
-- error
EXECUTE w1(1, 81, 'wrong tenant', '2025-05-01 00:00:07+00');

-- update_counters with binds
PREPARE w2 (bigint, bigint, int) AS UPDATE "tasks" SET "comment_count" = COALESCE("comment_count", 0) + $3 WHERE "tasks"."account_id" = $1 AND "tasks"."id" = $2;
EXECUTE w2(1, 1, 1);
EXECUTE w2(1, 1, 1);
EXECUTE w2(2, 10, 5);
EXECUTE w2(3, 7, -1);
EXECUTE w2(4, 9, 2);
EXECUTE w2(5, 11, 3);
EXECUTE w2(6, 8, 4);
EXECUTE w2(6, 999999, 4);

-- save(update_fields=...) with a jsonb and an array parameter
PREPARE w3 (jsonb, text[], timestamptz, bigint, bigint) AS UPDATE "tasks" SET "custom_fields" = $1, "tags" = $2, "updated_at" = $3 WHERE ("tasks"."account_id" = $4 AND "tasks"."id" = $5) RETURNING "tasks"."id", "tasks"."custom_fields", "tasks"."tags";
EXECUTE w3('{"a": 1}', '{x,y}', '2025-05-02 00:00:00+00', 1, 1);
EXECUTE w3('{}', '{}', '2025-05-02 00:00:00+00', 2, 10);
EXECUTE w3('{"nested": {"k": [1, 2]}}', NULL, '2025-05-02 00:00:00+00', 3, 7);
EXECUTE w3('null', '{"with space"}', '2025-05-02 00:00:00+00', 4, 9);
EXECUTE w3('{"a": "é"}', '{é}', '2025-05-02 00:00:00+00', 5, 11);
EXECUTE w3('[1, 2, 3]', '{a}', '2025-05-02 00:00:00+00', 6, 8);
EXECUTE w3('{"b": true}', '{b}', '2025-05-02 00:00:00+00', 7, 42);

-- upsert with binds (insert_all / upsert_all)
PREPARE w4 (bigint, varchar, int) AS INSERT INTO "labels" ("account_id", "name", "color_id") VALUES ($1, $2, $3) ON CONFLICT ("account_id", "name") DO UPDATE SET "color_id" = excluded."color_id" RETURNING "id", "color_id", (xmax = 0) AS "inserted";
EXECUTE w4(1, 'bug', 5);
EXECUTE w4(1, 'prep', 5);
EXECUTE w4(1, 'prep', 6);
EXECUTE w4(2, 'prep', NULL);
EXECUTE w4(3, 'bug', 1);
-- error
EXECUTE w4(36, 'nowhere', 1);
EXECUTE w4(4, 'Urgent', 2);
EXECUTE w4(5, 'prep', 3);

-- get_or_create with binds inside transactions and savepoints
BEGIN;
PREPARE w5 (bigint, varchar) AS SELECT "labels"."id", "labels"."name" FROM "labels" WHERE ("labels"."account_id" = $1 AND "labels"."name" = $2) LIMIT 21;
PREPARE w6 (bigint, varchar) AS INSERT INTO "labels" ("account_id", "name") VALUES ($1, $2) RETURNING "labels"."id";
EXECUTE w5(1, 'feature');
SAVEPOINT s1;
-- error
EXECUTE w6(1, 'feature');
ROLLBACK TO SAVEPOINT s1;
EXECUTE w5(1, 'feature');
SAVEPOINT s2;
EXECUTE w6(1, 'feature2');
RELEASE SAVEPOINT s2;
SAVEPOINT s3;
EXECUTE w6(2, 'feature2');
RELEASE SAVEPOINT s3;
SAVEPOINT s4;
-- error
EXECUTE w6(2, 'feature2');
ROLLBACK TO SAVEPOINT s4;
SAVEPOINT s5;
EXECUTE w6(3, 'feature2');
RELEASE SAVEPOINT s5;
SAVEPOINT s6;
EXECUTE w6(4, 'feature2');
RELEASE SAVEPOINT s6;
SAVEPOINT s7;
-- error
EXECUTE w6(4, 'feature2');
ROLLBACK TO SAVEPOINT s7;
EXECUTE w5(4, 'feature2');
COMMIT;

-- delete by pk with binds (destroy)
PREPARE w7 (bigint, bigint) AS DELETE FROM "comments" WHERE "comments"."account_id" = $1 AND "comments"."id" = $2;
EXECUTE w7(1, 10);
EXECUTE w7(1, 1000);
EXECUTE w7(1, 1000);
EXECUTE w7(2, 1);
EXECUTE w7(3, 2);
EXECUTE w7(1, 1004);
EXECUTE w7(1, 1007);

-- IN list as an array parameter, no tenant (cross-shard)
PREPARE w8 (bigint[], timestamptz) AS UPDATE "tasks" SET "is_deleted" = true, "updated_at" = $2 WHERE "tasks"."id" = ANY($1);
EXECUTE w8('{1,2,3}', '2025-05-03 00:00:00+00');
EXECUTE w8('{}', '2025-05-03 00:00:00+00');
EXECUTE w8('{4000,3999}', '2025-05-03 00:00:00+00');
EXECUTE w8('{10}', '2025-05-03 00:00:00+00');
EXECUTE w8('{11,12,13,14,15}', '2025-05-03 00:00:00+00');
EXECUTE w8('{20}', '2025-05-03 00:00:00+00');
EXECUTE w8('{21,22}', '2025-05-03 00:00:00+00');

-- soft delete with an enum parameter and a tenant parameter
PREPARE w9 (bigint, task_status, timestamptz) AS UPDATE "tasks" SET "is_deleted" = true, "updated_at" = $3 WHERE "tasks"."account_id" = $1 AND "tasks"."status" = $2 AND NOT "tasks"."is_deleted";
EXECUTE w9(7, 'cancelled', '2025-05-04 00:00:00+00');
EXECUTE w9(8, 'cancelled', '2025-05-04 00:00:00+00');
EXECUTE w9(9, 'todo', '2025-05-04 00:00:00+00');
EXECUTE w9(10, 'review', '2025-05-04 00:00:00+00');
EXECUTE w9(11, 'done', '2025-05-04 00:00:00+00');
EXECUTE w9(12, 'in_progress', '2025-05-04 00:00:00+00');
EXECUTE w9(7, 'todo', '2025-05-04 00:00:00+00');

-- insert with a uuid key parameter
PREPARE w10 (bigint, uuid, bigint, varchar, bigint) AS INSERT INTO "attachments" ("account_id", "id", "task_id", "filename", "size_bytes", "created_at") VALUES ($1, $2, $3, $4, $5, '2025-05-05 00:00:00+00') RETURNING "id", "filename";
EXECUTE w10(1, '00000000-0000-0000-0000-000000000001', 1, 'a.pdf', 1);
EXECUTE w10(2, '00000000-0000-0000-0000-000000000002', 10, 'b.pdf', 2);
EXECUTE w10(3, '00000000-0000-0000-0000-000000000003', 7, 'c.pdf', 3);
EXECUTE w10(4, '00000000-0000-0000-0000-000000000004', 9, 'd.pdf', 4);
EXECUTE w10(5, '00000000-0000-0000-0000-000000000005', 11, 'e.pdf', 5);
EXECUTE w10(6, '00000000-0000-0000-0000-000000000006', 8, 'f.pdf', 6);
-- error
EXECUTE w10(6, '00000000-0000-0000-0000-000000000006', 8, 'dup.pdf', 6);
