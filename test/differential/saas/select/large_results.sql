-- Large-ish results (tens of thousands of rows joined and sorted), exact numeric aggregates with
-- many digits, float aggregates rounded, deep LIMIT/OFFSET pagination.

-- ~50k rows: colocated join of tenant 1's events and tasks (multi-shard pushdown shape)
SELECT count(*), sum(e.event_id), sum(t.task_id) FROM events e JOIN tasks t ON t.tenant_id = e.tenant_id AND t.task_id % 50 = e.event_id % 50;
SELECT e.tenant_id, e.event_id, t.task_id FROM events e JOIN tasks t ON t.tenant_id = e.tenant_id AND t.task_id % 50 = e.event_id % 50 WHERE e.tenant_id = 1;
-- ordered
SELECT e.tenant_id, e.event_id, t.task_id, e.kind FROM events e JOIN tasks t ON t.tenant_id = e.tenant_id AND t.task_id % 60 = e.event_id % 60
ORDER BY e.occurred_at DESC, t.task_id, e.tenant_id, e.event_id;
-- ordered: sorted 50k+ rows, no LIMIT
SELECT e.event_id, g FROM events e, generate_series(1, 12) g WHERE e.tenant_id = 1 ORDER BY e.event_id DESC, g;
-- non-colocated join finished on the coordinator
SELECT s.tenant_id, count(*) FROM sessions s JOIN events e ON e.tenant_id = s.tenant_id AND e.user_id = s.user_id GROUP BY s.tenant_id;
SELECT a.key, e.event_id FROM api_keys a JOIN events e ON e.tenant_id = a.tenant_id WHERE e.event_id % 3 = 0;

-- deep pagination
-- ordered
SELECT tenant_id, event_id, kind FROM events ORDER BY occurred_at, tenant_id, event_id LIMIT 25 OFFSET 3900;
-- ordered
SELECT tenant_id, event_id FROM events ORDER BY tenant_id DESC, event_id DESC LIMIT 10 OFFSET 4000;
-- ordered
SELECT tenant_id, event_id FROM events ORDER BY tenant_id, event_id OFFSET 4200;
-- ordered
SELECT tenant_id, event_id FROM events ORDER BY tenant_id, event_id LIMIT 5 OFFSET 100000;
-- ordered
SELECT tenant_id, comment_id, body FROM comments ORDER BY created_at DESC, tenant_id, comment_id LIMIT 50 OFFSET 2000;
-- ordered
SELECT e.tenant_id, e.event_id, t.task_id FROM events e JOIN tasks t ON t.tenant_id = e.tenant_id AND t.task_id % 50 = e.event_id % 50
ORDER BY e.tenant_id, e.event_id, t.task_id LIMIT 20 OFFSET 45000;
-- ordered
SELECT tenant_id, task_id FROM tasks WHERE tenant_id = 1 ORDER BY task_id LIMIT 10 OFFSET 990;
-- ordered
SELECT tenant_id, task_id FROM tasks ORDER BY title_lower, tenant_id, task_id FETCH FIRST 15 ROWS ONLY;
-- ordered
SELECT tenant_id, event_id FROM events ORDER BY event_id, tenant_id OFFSET 3000 ROWS FETCH NEXT 10 ROWS ONLY;
-- ordered
SELECT tenant_id, count(*) AS n FROM events GROUP BY tenant_id ORDER BY n DESC, tenant_id LIMIT 5 OFFSET 3;

-- exact numeric aggregates with many digits
SELECT sum(amount * 1.000000000000000001), avg(amount * 1.000000000000000001) FROM invoices;
SELECT tenant_id, sum(amount / 7), avg(amount / 7), sum(amount / 3 * 1e-20) FROM invoices GROUP BY tenant_id;
SELECT sum(budget::numeric(30, 10) / 13), avg(budget / 13), min(budget / 13), max(budget / 13) FROM projects;
SELECT sum(12345678901234567890.123456789::numeric * event_id), avg(event_id::numeric / 9) FROM events;
SELECT tenant_id, sum(event_id::numeric * 1e30 + 0.000000001), avg(event_id::numeric + 1e-25) FROM events GROUP BY tenant_id;
SELECT sum(estimate_hours), avg(estimate_hours), stddev(estimate_hours), variance(estimate_hours) FROM tasks;
SELECT tenant_id, stddev_samp(estimate_hours), var_pop(estimate_hours) FROM tasks GROUP BY tenant_id;
SELECT sum(task_id), avg(task_id), sum(task_id::int8 * 1000000000000), avg(priority::int2) FROM tasks;
SELECT tenant_id, sum(priority), avg(priority), sum(task_id * task_id) FROM tasks GROUP BY tenant_id;
SELECT sum(amount) FILTER (WHERE status = 'paid'), avg(amount) FILTER (WHERE status <> 'paid'), count(DISTINCT amount) FROM invoices;
SELECT sum(x), avg(x) FROM (SELECT amount * 1e-10 + 1e10 AS x FROM invoices) s;
SELECT sum('NaN'::numeric) FILTER (WHERE tenant_id = 1), sum(amount) FROM invoices;
-- float aggregates, rounded
SELECT round(sum(amount::float8 / 7)::numeric, 6), round(avg(amount::float8 / 7)::numeric, 8) FROM invoices;
SELECT tenant_id, round(sum(estimate_hours::float8 * 1.1)::numeric, 6), round(stddev(estimate_hours::float8)::numeric, 8) FROM tasks GROUP BY tenant_id;
SELECT round(corr(priority, estimate_hours)::numeric, 8), round(regr_slope(priority, estimate_hours)::numeric, 8) FROM tasks;
SELECT round(avg(extract(epoch FROM duration))::numeric, 6), round(sum(extract(epoch FROM duration))::numeric, 3) FROM sessions;
SELECT round(sum(1.0::float8 / event_id)::numeric, 6) FROM events WHERE tenant_id = 1;
SELECT kind, round(avg((payload ->> 'ms')::float8)::numeric, 6) FROM events GROUP BY kind;
