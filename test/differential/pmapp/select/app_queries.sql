-- Reads as the application's ORM issues them (Rails / Django), tenant-scoped and across tenants.
SELECT "projects".* FROM "projects" WHERE "projects"."tenant_id" = 1 AND NOT "projects"."archived" ORDER BY "projects"."name" ASC, "projects"."id" ASC LIMIT 10;
SELECT "tasks"."id", "tasks"."title", "tasks"."state" FROM "tasks" WHERE "tasks"."tenant_id" = 1 AND "tasks"."state" IN ('open', 'blocked') AND "tasks"."due_on" < '2024-03-01'::date;
SELECT COUNT(*) AS "__count" FROM "tasks" WHERE ("tasks"."tenant_id" = 2 AND "tasks"."meta" @> '{"source": "web"}'::jsonb);
SELECT "tasks"."id", "tasks"."meta" -> 'points' AS "points" FROM "tasks" WHERE "tasks"."tenant_id" = 3 AND "tasks"."labels" && ARRAY['bug']::text[];
SELECT "tenants"."id", "tenants"."settings" ->> 'theme', ("tenants"."settings" -> 'notifications' ->> 'email')::boolean FROM "tenants" WHERE "tenants"."settings" @> '{"beta": true}';
SELECT t.plan_code, p.name, count(*) FROM tenants t JOIN plans p ON p.code = t.plan_code GROUP BY 1, 2;
SELECT c.eu, count(DISTINCT t.id), sum(t.project_count) FROM tenants t LEFT JOIN countries c ON c.code = t.country_code GROUP BY 1;
SELECT * FROM project_overview WHERE tenant_id = 1;
SELECT tenant_id, sum(done), sum(overdue) FROM project_overview GROUP BY 1;
SELECT * FROM active_members WHERE tenant_id = 4;
SELECT date_trunc('month', occurred_at) AS month, kind, count(*) FROM events GROUP BY 1, 2;
SELECT kind, count(*) FROM events WHERE tenant_id = 5 AND occurred_at >= '2024-02-01 00:00+00' AND occurred_at < '2024-03-01 00:00+00' GROUP BY 1;
-- ordered
SELECT "tasks"."id", "tasks"."title", "members"."email" FROM "tasks" LEFT OUTER JOIN "members" ON "members"."tenant_id" = "tasks"."tenant_id" AND "members"."id" = "tasks"."assignee_id" WHERE "tasks"."tenant_id" = 1 AND "tasks"."project_id" = 2 ORDER BY "tasks"."position" ASC;
SELECT p.slug, count(c.id) FROM projects p JOIN tasks t ON t.tenant_id = p.tenant_id AND t.project_id = p.id JOIN comments c ON c.tenant_id = t.tenant_id AND c.task_id = t.id WHERE p.tenant_id = 1 GROUP BY 1;
SELECT a.content_type, count(*), sum(a.bytes) FROM attachments a GROUP BY 1;
SELECT lower(email) FROM members WHERE tenant_id = 5 AND lower(email) LIKE 'user1%';
SELECT entity, action, count(*) FROM audit_log GROUP BY 1, 2;
SELECT sum(estimate), avg(priority)::numeric(6,3) FROM tasks WHERE tenant_id = 1;
SELECT budget, tags FROM projects WHERE tenant_id = 1 AND 't1' = ANY (tags);
