-- ActiveRecord as Rails 7 prints it.

-- Task.where(account_id: 1).order(created_at: :desc).limit(25)
-- ordered
SELECT "tasks".* FROM "tasks" WHERE "tasks"."account_id" = 1 AND "tasks"."is_deleted" = FALSE ORDER BY "tasks"."created_at" DESC, "tasks"."id" DESC LIMIT 25;
-- Task.find_by(account_id: 3, id: ...)
SELECT "tasks".* FROM "tasks" WHERE "tasks"."account_id" = 3 AND "tasks"."id" = 7 LIMIT 1;
SELECT "tasks".* FROM "tasks" WHERE "tasks"."account_id" = 3 AND "tasks"."id" = 2 LIMIT 1;
-- .exists?
SELECT 1 AS one FROM "tasks" WHERE "tasks"."account_id" = 1 AND "tasks"."status" = 'review' LIMIT 1;
SELECT 1 AS one FROM "tasks" WHERE "tasks"."account_id" = 34 LIMIT 1;
-- .count, .pluck
SELECT COUNT(*) FROM "comments" WHERE "comments"."account_id" = 1;
SELECT "users"."email" FROM "users" WHERE "users"."account_id" = 5 AND "users"."role" IN ('admin', 'owner');
SELECT "tasks"."id", "tasks"."title" FROM "tasks" WHERE "tasks"."account_id" = 4 AND "tasks"."assignee_id" IS NULL;
-- .group(:status).count
SELECT COUNT(*) AS "count_all", "tasks"."status" AS "tasks_status" FROM "tasks" WHERE "tasks"."account_id" = 2 GROUP BY "tasks"."status";
-- .group(:account_id, :status).count across tenants
SELECT COUNT(*) AS "count_all", "tasks"."account_id" AS "tasks_account_id", "tasks"."status" AS "tasks_status" FROM "tasks" GROUP BY "tasks"."account_id", "tasks"."status";
-- .sum(:estimate), .average, .maximum
SELECT SUM("tasks"."estimate") FROM "tasks" WHERE "tasks"."account_id" = 1;
SELECT AVG("tasks"."estimate") FROM "tasks" WHERE "tasks"."account_id" = 1;
SELECT MAX("tasks"."due_date") FROM "tasks";
SELECT ROUND(AVG("tasks"."estimate"), 6) FROM "tasks";

-- includes(:project, :assignee): preload queries with IN lists
SELECT "projects".* FROM "projects" WHERE "projects"."account_id" = 1 AND "projects"."id" IN (1, 2, 3, 14, 27, 40, 79, 80);
SELECT "users".* FROM "users" WHERE "users"."account_id" = 1 AND "users"."id" IN (1, 2, 3, 4, 5, 6, 7, 8, 9);
-- eager_load: one LEFT OUTER JOIN query with t0_r0 aliases
-- ordered
SELECT "tasks"."id" AS t0_r0, "tasks"."title" AS t0_r1, "tasks"."status" AS t0_r2, "projects"."id" AS t1_r0, "projects"."name" AS t1_r1, "users"."id" AS t2_r0, "users"."email" AS t2_r1
FROM "tasks" LEFT OUTER JOIN "projects" ON "projects"."account_id" = "tasks"."account_id" AND "projects"."id" = "tasks"."project_id"
LEFT OUTER JOIN "users" ON "users"."account_id" = "tasks"."account_id" AND "users"."id" = "tasks"."assignee_id"
WHERE "tasks"."account_id" = 2 AND "projects"."archived" = FALSE ORDER BY "tasks"."id" ASC LIMIT 30;
-- eager_load with limit: Rails first picks DISTINCT ids
-- ordered
SELECT DISTINCT "tasks"."id", "tasks"."created_at" AS alias_0 FROM "tasks" LEFT OUTER JOIN "comments" ON "comments"."account_id" = "tasks"."account_id" AND "comments"."task_id" = "tasks"."id" WHERE "tasks"."account_id" = 1 AND "comments"."body" ILIKE '%lgtm%' ORDER BY "tasks"."created_at" DESC, "tasks"."id" DESC LIMIT 10;

-- joins(:comments).merge(Comment.where(...)).distinct
SELECT DISTINCT "tasks".* FROM "tasks" INNER JOIN "comments" ON "comments"."account_id" = "tasks"."account_id" AND "comments"."task_id" = "tasks"."id" WHERE "tasks"."account_id" = 4 AND "comments"."edited_at" IS NOT NULL;
-- where.not, or, nil
SELECT "tasks"."id" FROM "tasks" WHERE "tasks"."account_id" = 5 AND ("tasks"."status" != 'done' OR "tasks"."completed_at" IS NULL) AND NOT ("tasks"."priority" = 1);
SELECT "tasks"."id" FROM "tasks" WHERE "tasks"."account_id" = 5 AND ("tasks"."priority" = 4 OR "tasks"."due_date" < '2024-10-15');
-- where(status: [...]) with an empty list: Rails prints 1=0
SELECT "tasks".* FROM "tasks" WHERE "tasks"."account_id" = 5 AND 1=0;
SELECT COUNT(*) FROM "tasks" WHERE 1=0;

-- find_each: batches by primary key
-- ordered
SELECT "tasks"."id", "tasks"."account_id" FROM "tasks" WHERE "tasks"."account_id" = 1 ORDER BY "tasks"."id" ASC LIMIT 100;
-- ordered
SELECT "tasks"."id", "tasks"."account_id" FROM "tasks" WHERE "tasks"."account_id" = 1 AND "tasks"."id" > 2500 ORDER BY "tasks"."id" ASC LIMIT 100;
-- in_batches over every tenant (admin job)
-- ordered
SELECT "comments"."id" FROM "comments" WHERE "comments"."id" > 4900 ORDER BY "comments"."id" ASC LIMIT 50;

-- counter cache check and enum scopes
SELECT "projects".* FROM "projects" WHERE "projects"."account_id" = 2 AND "projects"."status" = 'active';
SELECT "projects"."id" FROM "projects" WHERE "projects"."status" IN ('on_hold', 'completed') AND "projects"."archived" = TRUE;

-- has_many through: user.projects via tasks
SELECT DISTINCT "projects".* FROM "projects" INNER JOIN "tasks" ON "projects"."account_id" = "tasks"."account_id" AND "projects"."id" = "tasks"."project_id" WHERE "tasks"."account_id" = 1 AND "tasks"."assignee_id" = 3;
-- attachments by uuid (find)
SELECT "attachments".* FROM "attachments" WHERE "attachments"."account_id" = 1 AND "attachments"."id" = 'dcc741ec-07dc-b810-b248-0fb4f11d7093' LIMIT 1;
SELECT "attachments".* FROM "attachments" WHERE "attachments"."id" = 'e8fe09ae-9b59-ecac-9e83-845d6fc885eb' LIMIT 1;
SELECT "attachments"."filename" FROM "attachments" WHERE "attachments"."id" IN ('dcc741ec-07dc-b810-b248-0fb4f11d7093', 'e8fe09ae-9b59-ecac-9e83-845d6fc885eb');
-- .sum(:size_bytes) by content_type with nil
SELECT SUM("attachments"."size_bytes") AS "sum_size_bytes", "attachments"."content_type" AS "attachments_content_type" FROM "attachments" GROUP BY "attachments"."content_type";
SELECT "attachments"."id" FROM "attachments" WHERE "attachments"."account_id" = 2 AND LOWER("attachments"."filename") LIKE '%.pdf';
