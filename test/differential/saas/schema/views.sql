-- Views, created after distribution (search_path = the side's schema).
CREATE VIEW open_tasks AS
    SELECT t.tenant_id, t.task_id, t.project_id, t.assignee_id, t.title, t.priority, t.due_date
    FROM tasks t WHERE t.status IN ('todo', 'in_progress', 'blocked');

CREATE VIEW tenant_overview AS
    SELECT tn.tenant_id, tn.name, p.name AS plan, c.region,
           (SELECT count(*) FROM users u WHERE u.tenant_id = tn.tenant_id) AS users,
           (SELECT count(*) FROM projects pr WHERE pr.tenant_id = tn.tenant_id) AS projects
    FROM tenants tn LEFT JOIN plans p ON p.plan_id = tn.plan_id LEFT JOIN countries c ON c.code = tn.country;

CREATE VIEW task_activity AS
    SELECT t.tenant_id, t.task_id, t.status, count(c.comment_id) AS comments, max(c.created_at) AS last_comment
    FROM tasks t LEFT JOIN comments c ON c.tenant_id = t.tenant_id AND c.task_id = t.task_id
    GROUP BY t.tenant_id, t.task_id, t.status;
