-- SQLAlchemy 2.0 as it prints queries: anon aliases, count over a subquery, joinedload with
-- LIMIT wrapped in anon_1, selectinload IN lists, func.* calls.

-- session.scalar(select(func.count()).select_from(select(Task).where(...).subquery()))
SELECT count(*) AS count_1 FROM (SELECT tasks.account_id AS account_id, tasks.id AS id, tasks.title AS title FROM tasks WHERE tasks.account_id = 1 AND tasks.status = 'todo') AS anon_1;
SELECT count(*) AS count_1 FROM (SELECT tasks.account_id AS account_id, tasks.id AS id FROM tasks WHERE tasks.priority = 4) AS anon_1;

-- joinedload(Task.comments) with .limit(5): the LIMIT goes into anon_1
SELECT anon_1.tasks_id, anon_1.tasks_title, comments_1.id AS comments_1_id, comments_1.body AS comments_1_body
FROM (SELECT tasks.account_id AS tasks_account_id, tasks.id AS tasks_id, tasks.title AS tasks_title FROM tasks WHERE tasks.account_id = 2 ORDER BY tasks.id LIMIT 5) AS anon_1
LEFT OUTER JOIN comments AS comments_1 ON anon_1.tasks_account_id = comments_1.account_id AND anon_1.tasks_id = comments_1.task_id;
-- the same without a tenant filter
SELECT anon_1.tasks_id, comments_1.id AS comments_1_id
FROM (SELECT tasks.account_id AS tasks_account_id, tasks.id AS tasks_id FROM tasks WHERE tasks.status = 'review' ORDER BY tasks.id LIMIT 7) AS anon_1
LEFT OUTER JOIN comments AS comments_1 ON anon_1.tasks_account_id = comments_1.account_id AND anon_1.tasks_id = comments_1.task_id;

-- selectinload(Project.tasks): IN with a POSTCOMPILE list
SELECT tasks.project_id AS tasks_project_id, tasks.account_id AS tasks_account_id, tasks.id AS tasks_id, tasks.title AS tasks_title FROM tasks WHERE tasks.project_id IN (1, 2, 3, 4, 5, 81, 82, 181);
-- composite key IN (tuple IN)
SELECT tasks.id, tasks.title FROM tasks WHERE (tasks.account_id, tasks.id) IN ((1, 1), (1, 301), (2, 10), (9, 14), (3, 7));
SELECT users.id FROM users WHERE (users.account_id, users.id) IN ((1, 1), (2, 151));

-- aliased(User) twice: owner of the project and assignee of the task
SELECT tasks.id, users_1.email AS assignee_email, users_2.email AS owner_email
FROM tasks JOIN projects ON projects.account_id = tasks.account_id AND projects.id = tasks.project_id
LEFT OUTER JOIN users AS users_1 ON users_1.account_id = tasks.account_id AND users_1.id = tasks.assignee_id
LEFT OUTER JOIN users AS users_2 ON users_2.account_id = projects.account_id AND users_2.id = projects.owner_id
WHERE tasks.account_id = 3 AND users_1.id = users_2.id;

-- func.date_trunc / extract / coalesce / nullif
SELECT date_trunc('month', tasks.created_at) AS date_trunc_1, count(tasks.id) AS count_1 FROM tasks WHERE tasks.account_id = 1 GROUP BY date_trunc('month', tasks.created_at);
SELECT EXTRACT(year FROM tasks.due_date) AS anon_1, EXTRACT(month FROM tasks.due_date) AS anon_2, count(*) AS count_1 FROM tasks GROUP BY EXTRACT(year FROM tasks.due_date), EXTRACT(month FROM tasks.due_date);
SELECT users.id, coalesce(nullif(users.first_name, ''), users.email) AS display FROM users WHERE users.account_id = 1;

-- scalar subquery correlated via .correlate() and .scalar_subquery()
SELECT projects.id, projects.name, (SELECT max(tasks.updated_at) AS max_1 FROM tasks WHERE tasks.account_id = projects.account_id AND tasks.project_id = projects.id) AS anon_1 FROM projects WHERE projects.account_id = 6;
SELECT projects.id, (SELECT count(tasks.id) AS count_1 FROM tasks WHERE tasks.account_id = projects.account_id AND tasks.project_id = projects.id AND tasks.status = 'done') AS anon_1 FROM projects;

-- exists() with an IN subquery and NOT IN
SELECT users.id FROM users WHERE users.account_id = 1 AND users.id NOT IN (SELECT tasks.assignee_id FROM tasks WHERE tasks.account_id = 1 AND tasks.assignee_id IS NOT NULL);
SELECT users.id FROM users WHERE users.account_id = 1 AND users.id IN (SELECT comments.author_id FROM comments WHERE comments.account_id = 1 AND comments.body = 'Needs QA');
SELECT labels.id, labels.name FROM labels WHERE NOT (EXISTS (SELECT * FROM task_labels WHERE task_labels.account_id = labels.account_id AND task_labels.label_id = labels.id));

-- union of two selects (polymorphic feed)
SELECT 'comment' AS kind, comments.id AS id, comments.created_at AS at FROM comments WHERE comments.account_id = 7
UNION ALL
SELECT 'task' AS kind, tasks.id AS id, tasks.created_at AS at FROM tasks WHERE tasks.account_id = 7;
-- ordered
SELECT anon_1.kind, anon_1.id FROM (SELECT 'comment' AS kind, comments.id AS id, comments.created_at AS at FROM comments WHERE comments.account_id = 7 UNION ALL SELECT 'task' AS kind, tasks.id AS id, tasks.created_at AS at FROM tasks WHERE tasks.account_id = 7) AS anon_1 ORDER BY anon_1.at DESC, anon_1.kind, anon_1.id LIMIT 10;

-- CTE from .cte(): recursive task tree
WITH RECURSIVE tree(account_id, id, parent_id, depth) AS (
    SELECT tasks.account_id, tasks.id, tasks.parent_id, 0 FROM tasks WHERE tasks.account_id = 1 AND tasks.parent_id IS NULL AND tasks.project_id = 14
    UNION ALL
    SELECT tasks.account_id, tasks.id, tasks.parent_id, tree.depth + 1 FROM tasks JOIN tree ON tasks.account_id = tree.account_id AND tasks.parent_id = tree.id)
SELECT tree.id, tree.parent_id, tree.depth FROM tree;

-- local table joined to distributed ones (saved filters of the application database)
SELECT saved_filters.id, saved_filters.name, users.email FROM saved_filters JOIN users ON users.account_id = saved_filters.account_id AND users.id = saved_filters.user_id;
SELECT saved_filters.id, count(tasks.id) AS n FROM saved_filters LEFT OUTER JOIN tasks ON tasks.account_id = saved_filters.account_id AND tasks.status::text = saved_filters.query ->> 'status' GROUP BY saved_filters.id;
SELECT users.id, users.email FROM users JOIN plain.email_blocklist ON lower(split_part(users.email, '@', 2)) = email_blocklist.domain WHERE users.account_id = 2;
