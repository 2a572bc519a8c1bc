-- Views, created after distribution (search_path = the side's schema): what an unmanaged
-- Django model or an ActiveRecord scope over a database view reads.
CREATE VIEW open_tasks AS
    SELECT t.account_id, t.id, t.project_id, t.assignee_id, t.title, t.status, t.priority, t.due_date
    FROM tasks t
    WHERE NOT t.is_deleted AND t.completed_at IS NULL;

CREATE VIEW project_stats AS
    SELECT p.account_id, p.id AS project_id, p.name,
           count(t.id) AS task_count,
           count(t.id) FILTER (WHERE t.status = 'done') AS done_count,
           coalesce(sum(t.estimate), 0) AS total_estimate
    FROM projects p LEFT JOIN tasks t ON t.account_id = p.account_id AND t.project_id = p.id
    GROUP BY p.account_id, p.id, p.name;
