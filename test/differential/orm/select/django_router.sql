-- Tenant-scoped queries exactly as Django's ORM prints them (account_id pinned: router).

-- Task.objects.filter(account_id=1)[:21]  (list view, default ordering -created_at, -id)
-- ordered
SELECT "tasks"."account_id", "tasks"."id", "tasks"."project_id", "tasks"."assignee_id", "tasks"."title", "tasks"."status", "tasks"."priority", "tasks"."created_at" FROM "tasks" WHERE "tasks"."account_id" = 1 ORDER BY "tasks"."created_at" DESC, "tasks"."id" DESC LIMIT 21;

-- Task.objects.get(account_id=2, id=...)
SELECT "tasks"."account_id", "tasks"."id", "tasks"."title", "tasks"."description", "tasks"."custom_fields", "tasks"."tags" FROM "tasks" WHERE ("tasks"."account_id" = 2 AND "tasks"."id" = 10) LIMIT 21;

-- .count()
SELECT COUNT(*) AS "__count" FROM "tasks" WHERE ("tasks"."account_id" = 1 AND NOT "tasks"."is_deleted");
SELECT COUNT(*) AS "__count" FROM "tasks" WHERE ("tasks"."account_id" = 31);
SELECT COUNT(*) AS "__count" FROM "tasks" WHERE ("tasks"."account_id" = 3 AND "tasks"."status" IN ('todo', 'in_progress'));

-- .exists()
SELECT 1 AS "a" FROM "users" WHERE ("users"."account_id" = 1 AND UPPER("users"."email"::text) = UPPER('USER.17@example.com')) LIMIT 1;
SELECT 1 AS "a" FROM "users" WHERE ("users"."account_id" = 2 AND UPPER("users"."email"::text) = UPPER('nobody@example.com')) LIMIT 1;
SELECT 1 AS "a" FROM "projects" WHERE ("projects"."account_id" = 29) LIMIT 1;

-- .first() / .last()
-- ordered
SELECT "projects"."account_id", "projects"."id", "projects"."name" FROM "projects" WHERE "projects"."account_id" = 4 ORDER BY "projects"."id" ASC LIMIT 1;
-- ordered
SELECT "projects"."account_id", "projects"."id", "projects"."name" FROM "projects" WHERE "projects"."account_id" = 4 ORDER BY "projects"."id" DESC LIMIT 1;

-- select_related('project', 'assignee', 'project__owner')
-- ordered
SELECT "tasks"."id", "tasks"."title", "tasks"."status", "projects"."id", "projects"."name", "users"."id", "users"."email", T4."id", T4."email"
FROM "tasks"
INNER JOIN "projects" ON ("tasks"."account_id" = "projects"."account_id" AND "tasks"."project_id" = "projects"."id")
LEFT OUTER JOIN "users" ON ("tasks"."account_id" = "users"."account_id" AND "tasks"."assignee_id" = "users"."id")
LEFT OUTER JOIN "users" T4 ON ("projects"."account_id" = T4."account_id" AND "projects"."owner_id" = T4."id")
WHERE "tasks"."account_id" = 1
ORDER BY "tasks"."due_date" DESC NULLS LAST, "tasks"."id" ASC LIMIT 21 OFFSET 40;

-- select_related down to the account and its plan and country (reference tables)
-- ordered
SELECT "tasks"."id", "tasks"."title", "accounts"."name", "plans"."code", "countries"."name"
FROM "tasks"
INNER JOIN "accounts" ON ("tasks"."account_id" = "accounts"."id")
LEFT OUTER JOIN "plans" ON ("accounts"."plan_id" = "plans"."id")
LEFT OUTER JOIN "countries" ON ("accounts"."country_code" = "countries"."code")
WHERE ("tasks"."account_id" = 5 AND "tasks"."priority" >= 3)
ORDER BY "tasks"."id" ASC LIMIT 21;

-- prefetch_related('comments'): the IN list of the page's ids
SELECT "comments"."account_id", "comments"."id", "comments"."task_id", "comments"."author_id", "comments"."body", "comments"."created_at" FROM "comments" WHERE ("comments"."account_id" = 1 AND "comments"."task_id" IN (1, 2, 43, 86, 129, 172, 301, 344, 387, 430, 3010, 3999));
-- prefetch_related('labels') through the m2m table
SELECT ("task_labels"."task_id") AS "_prefetch_related_val_task_id", "labels"."id", "labels"."name", "labels"."color_id" FROM "labels" INNER JOIN "task_labels" ON ("labels"."account_id" = "task_labels"."account_id" AND "labels"."id" = "task_labels"."label_id") WHERE ("labels"."account_id" = 1 AND "task_labels"."task_id" IN (18, 35, 52, 69, 86, 103, 120, 137, 154, 171));
-- prefetch of users across the page's accounts (no tenant filter: several shards)
SELECT "users"."account_id", "users"."id", "users"."email" FROM "users" WHERE "users"."id" IN (1, 2, 151, 152, 301, 302, 539, 540, 9999);

-- filter(title__icontains='deploy'), filter(email__iexact=...), startswith
SELECT "tasks"."id", "tasks"."title" FROM "tasks" WHERE ("tasks"."account_id" = 2 AND UPPER("tasks"."title"::text) LIKE UPPER('%deploy%'));
SELECT "tasks"."id", "tasks"."title" FROM "tasks" WHERE ("tasks"."account_id" = 2 AND "tasks"."title"::text ILIKE '%Docs%');
SELECT "users"."id", "users"."email" FROM "users" WHERE ("users"."account_id" = 1 AND UPPER("users"."email"::text) LIKE UPPER('user.%'));
SELECT "users"."id" FROM "users" WHERE ("users"."account_id" = 6 AND "users"."first_name"::text LIKE 'Ch%');
SELECT "users"."id", "users"."first_name" FROM "users" WHERE ("users"."account_id" = 1 AND "users"."first_name" IS NULL);
SELECT "users"."id", "users"."first_name" FROM "users" WHERE ("users"."account_id" = 1 AND "users"."first_name" = '');

-- filter(due_date__range=...), __year, __isnull, __in with a NULL-free list, exclude()
SELECT "tasks"."id" FROM "tasks" WHERE ("tasks"."account_id" = 1 AND "tasks"."due_date" BETWEEN '2024-10-01'::date AND '2024-10-31'::date);
SELECT "tasks"."id" FROM "tasks" WHERE ("tasks"."account_id" = 1 AND "tasks"."created_at" BETWEEN '2024-03-01T00:00:00+00:00'::timestamptz AND '2024-03-31T23:59:59.999999+00:00'::timestamptz);
SELECT "tasks"."id" FROM "tasks" WHERE ("tasks"."account_id" = 3 AND "tasks"."completed_at" IS NOT NULL AND NOT ("tasks"."status" = 'done'));
SELECT "tasks"."id" FROM "tasks" WHERE ("tasks"."account_id" = 3 AND NOT ("tasks"."assignee_id" IN (151, 152) AND "tasks"."assignee_id" IS NOT NULL));
SELECT "tasks"."id", "tasks"."tags" FROM "tasks" WHERE ("tasks"."account_id" = 2 AND "tasks"."tags" @> ARRAY['bug']::text[]);
SELECT "tasks"."id" FROM "tasks" WHERE ("tasks"."account_id" = 2 AND "tasks"."tags" && ARRAY['frontend', 'chore']::text[]);
SELECT "tasks"."id" FROM "tasks" WHERE ("tasks"."account_id" = 2 AND cardinality("tasks"."tags") = 0);

-- values_list('status', flat=True).distinct()
SELECT DISTINCT "tasks"."status" FROM "tasks" WHERE "tasks"."account_id" = 4;
-- values('status').annotate(n=Count('id')).order_by()
SELECT "tasks"."status", COUNT("tasks"."id") AS "n" FROM "tasks" WHERE "tasks"."account_id" = 1 GROUP BY "tasks"."status";
-- aggregate(Sum, Avg, Max, Min)
SELECT SUM("tasks"."estimate") AS "estimate__sum", AVG("tasks"."estimate") AS "estimate__avg", MAX("tasks"."due_date") AS "due_date__max", MIN("tasks"."created_at") AS "created_at__min" FROM "tasks" WHERE "tasks"."account_id" = 2;
SELECT COALESCE(SUM("tasks"."estimate"), 0) AS "total" FROM "tasks" WHERE "tasks"."account_id" = 35;

-- the account row itself (distributed by id)
SELECT "accounts"."id", "accounts"."public_id", "accounts"."name", "accounts"."settings" FROM "accounts" WHERE "accounts"."id" = 7 LIMIT 21;
SELECT "accounts"."id" FROM "accounts" WHERE "accounts"."public_id" = 'fbcd0ff0-529a-3dd9-b733-884b30941297'::uuid LIMIT 21;
SELECT "accounts"."id", "accounts"."slug" FROM "accounts" WHERE "accounts"."slug" = 'acct-12' AND "accounts"."deleted_at" IS NULL LIMIT 21;
