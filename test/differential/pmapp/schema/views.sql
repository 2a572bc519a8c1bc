-- Views and triggers, created after the rows (search_path = the side's schema).
CREATE VIEW project_overview AS
    SELECT p.tenant_id, p.id, p.name, p.slug, p.task_count,
           count(t.id) FILTER (WHERE t.state = 'done') AS done,
           count(t.id) FILTER (WHERE t.state <> 'done' AND t.due_on < date '2024-04-01') AS overdue
    FROM projects p LEFT JOIN tasks t ON t.tenant_id = p.tenant_id AND t.project_id = p.id
    GROUP BY p.tenant_id, p.id, p.name, p.slug, p.task_count;
CREATE VIEW active_members AS
    SELECT m.tenant_id, m.id, m.email, m.full_name FROM members m
    JOIN tenants t ON t.id = m.tenant_id WHERE t.plan_code <> 'free';
