-- Django annotations: Subquery/OuterRef, Exists, Count with filter=Q(...), Coalesce, Case/When,
-- on one tenant (router) and across tenants (admin).

-- Project.objects.annotate(open_tasks=Count('tasks', filter=Q(tasks__completed_at__isnull=True)))
SELECT "projects"."id", "projects"."name", COUNT("tasks"."id") FILTER (WHERE "tasks"."completed_at" IS NULL) AS "open_tasks", COUNT("tasks"."id") AS "all_tasks"
FROM "projects" LEFT OUTER JOIN "tasks" ON ("projects"."account_id" = "tasks"."account_id" AND "projects"."id" = "tasks"."project_id")
WHERE "projects"."account_id" = 1 GROUP BY "projects"."account_id", "projects"."id";

-- the same across every account (admin changelist)
SELECT "projects"."id", "projects"."name", COUNT("tasks"."id") FILTER (WHERE "tasks"."completed_at" IS NULL) AS "open_tasks"
FROM "projects" LEFT OUTER JOIN "tasks" ON ("projects"."account_id" = "tasks"."account_id" AND "projects"."id" = "tasks"."project_id")
GROUP BY "projects"."account_id", "projects"."id";

-- annotate(total=Coalesce(Sum('tasks__estimate'), Value(0)))  ordered by it with NULLS LAST
-- ordered
SELECT "projects"."id", COALESCE(SUM("tasks"."estimate"), 0) AS "total"
FROM "projects" LEFT OUTER JOIN "tasks" ON ("projects"."account_id" = "tasks"."account_id" AND "projects"."id" = "tasks"."project_id")
GROUP BY "projects"."account_id", "projects"."id" ORDER BY "total" DESC NULLS LAST, "projects"."id" ASC LIMIT 21;

-- annotate(has_comments=Exists(Comment.objects.filter(task_id=OuterRef('pk'))))
-- ordered
SELECT "tasks"."id", "tasks"."title", EXISTS(SELECT 1 AS "a" FROM "comments" U0 WHERE (U0."account_id" = ("tasks"."account_id") AND U0."task_id" = ("tasks"."id")) LIMIT 1) AS "has_comments"
FROM "tasks" WHERE "tasks"."account_id" = 2 ORDER BY "tasks"."id" ASC LIMIT 21;

-- the same across tenants (the correlated subquery is on the colocated key)
SELECT COUNT(*) FROM (SELECT "tasks"."id", EXISTS(SELECT 1 AS "a" FROM "comments" U0 WHERE (U0."account_id" = ("tasks"."account_id") AND U0."task_id" = ("tasks"."id")) LIMIT 1) AS "has_comments" FROM "tasks") sub WHERE sub."has_comments";

-- filter(Exists(...)) with the project id only (Django's OuterRef on a non-key column)
SELECT "tasks"."id" FROM "tasks" WHERE ("tasks"."account_id" = 4 AND EXISTS(SELECT 1 AS "a" FROM "projects" U0 WHERE (U0."id" = ("tasks"."project_id") AND U0."archived") LIMIT 1));
-- and across tenants: U0."id" alone is not the distribution column
SELECT "tasks"."id" FROM "tasks" WHERE EXISTS(SELECT 1 AS "a" FROM "projects" U0 WHERE (U0."id" = ("tasks"."project_id") AND U0."status" = 'on_hold' AND U0."budget" > 90000) LIMIT 1);

-- annotate(last_comment=Subquery(Comment.objects.filter(task=OuterRef('pk')).order_by('-created_at').values('body')[:1]))
-- ordered
SELECT "tasks"."id", (SELECT U0."body" FROM "comments" U0 WHERE (U0."account_id" = ("tasks"."account_id") AND U0."task_id" = ("tasks"."id")) ORDER BY U0."created_at" DESC, U0."id" DESC LIMIT 1) AS "last_comment"
FROM "tasks" WHERE "tasks"."account_id" = 3 ORDER BY "tasks"."id" ASC LIMIT 21;

-- annotate(comment_total=Subquery(... .values('task').annotate(c=Count('pk')).values('c')))
-- ordered
SELECT "tasks"."id", COALESCE((SELECT COUNT(U0."id") AS "c" FROM "comments" U0 WHERE (U0."account_id" = ("tasks"."account_id") AND U0."task_id" = ("tasks"."id")) GROUP BY U0."task_id"), 0) AS "comment_total", "tasks"."comment_count"
FROM "tasks" WHERE "tasks"."account_id" = 1 ORDER BY "tasks"."id" ASC LIMIT 50;

-- cross-tenant: tasks whose cached comment_count disagrees with the real count
SELECT "tasks"."account_id", "tasks"."id" FROM "tasks" WHERE "tasks"."comment_count" <> COALESCE((SELECT COUNT(U0."id") AS "c" FROM "comments" U0 WHERE (U0."account_id" = ("tasks"."account_id") AND U0."task_id" = ("tasks"."id")) GROUP BY U0."task_id"), 0);

-- Case/When annotation
SELECT "tasks"."id", CASE WHEN "tasks"."priority" >= 4 THEN 'urgent' WHEN "tasks"."priority" = 3 THEN 'high' WHEN "tasks"."due_date" IS NULL THEN 'unscheduled' ELSE 'normal' END AS "bucket"
FROM "tasks" WHERE "tasks"."account_id" = 6;
SELECT CASE WHEN "tasks"."priority" >= 3 THEN 'high' ELSE 'low' END AS "bucket", COUNT("tasks"."id") AS "n"
FROM "tasks" GROUP BY CASE WHEN "tasks"."priority" >= 3 THEN 'high' ELSE 'low' END;
-- Sum(Case(When(status='done', then=1), default=0, output_field=IntegerField()))
SELECT "tasks"."account_id", SUM(CASE WHEN "tasks"."status" = 'done' THEN 1 ELSE 0 END) AS "done", COUNT("tasks"."id") AS "total"
FROM "tasks" GROUP BY "tasks"."account_id";

-- Users with their task counts (two joins duplicating rows: Count(distinct=True))
SELECT "users"."id", COUNT(DISTINCT "tasks"."id") AS "task_count", COUNT(DISTINCT "comments"."id") AS "comment_count"
FROM "users"
LEFT OUTER JOIN "tasks" ON ("users"."account_id" = "tasks"."account_id" AND "users"."id" = "tasks"."assignee_id")
LEFT OUTER JOIN "comments" ON ("users"."account_id" = "comments"."account_id" AND "users"."id" = "comments"."author_id")
WHERE "users"."account_id" = 2 GROUP BY "users"."account_id", "users"."id";
SELECT "users"."id", COUNT(DISTINCT "tasks"."id") AS "task_count", COUNT(DISTINCT "comments"."id") AS "comment_count"
FROM "users"
LEFT OUTER JOIN "tasks" ON ("users"."account_id" = "tasks"."account_id" AND "users"."id" = "tasks"."assignee_id")
LEFT OUTER JOIN "comments" ON ("users"."account_id" = "comments"."account_id" AND "users"."id" = "comments"."author_id")
GROUP BY "users"."account_id", "users"."id";

-- Count of a Subquery used in a filter: projects with more than 20 open tasks
SELECT "projects"."id" FROM "projects" WHERE (SELECT COUNT(*) FROM "tasks" U0 WHERE U0."account_id" = ("projects"."account_id") AND U0."project_id" = ("projects"."id") AND U0."completed_at" IS NULL) > 20;

-- annotate with Greatest/Least/Concat/Lower/Length/Extract
SELECT "users"."id", CONCAT("users"."first_name", CONCAT(' ', "users"."last_name")) AS "full_name", LOWER("users"."email") AS "email_lower", LENGTH("users"."email") AS "len"
FROM "users" WHERE "users"."account_id" = 3;
SELECT "tasks"."id", GREATEST("tasks"."updated_at", "tasks"."completed_at") AS "touched", EXTRACT(ISODOW FROM "tasks"."created_at" AT TIME ZONE 'UTC') AS "dow"
FROM "tasks" WHERE "tasks"."account_id" = 5;
SELECT "tasks"."id", ("tasks"."due_date" - ("tasks"."created_at" AT TIME ZONE 'UTC')::date) AS "lead_days" FROM "tasks" WHERE "tasks"."account_id" = 5 AND "tasks"."due_date" IS NOT NULL;

-- Conditional aggregates per account on the account table
SELECT "accounts"."id", "accounts"."name", COUNT("users"."id") FILTER (WHERE "users"."role" = 'admin') AS "admins", COUNT("users"."id") FILTER (WHERE NOT "users"."is_active") AS "inactive", MAX("users"."last_login") AS "last_seen"
FROM "accounts" LEFT OUTER JOIN "users" ON ("accounts"."id" = "users"."account_id") GROUP BY "accounts"."id";
-- ordered
SELECT "accounts"."id", COUNT("projects"."id") AS "projects__count" FROM "accounts" LEFT OUTER JOIN "projects" ON ("accounts"."id" = "projects"."account_id") WHERE "accounts"."deleted_at" IS NULL GROUP BY "accounts"."id" HAVING COUNT("projects"."id") > 0 ORDER BY "projects__count" DESC, "accounts"."id" ASC;
