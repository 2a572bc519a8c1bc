-- Prepared statements executed more than five times (generic plans), NULL parameters.

PREPARE tenant_tasks(bigint, text) AS
    SELECT t.task_id, t.title, p.name FROM tasks t JOIN projects p ON p.tenant_id = t.tenant_id AND p.project_id = t.project_id
    WHERE t.tenant_id = $1 AND t.status = $2;
EXECUTE tenant_tasks(1, 'done');
EXECUTE tenant_tasks(2, 'todo');
EXECUTE tenant_tasks(3, 'blocked');
EXECUTE tenant_tasks(4, 'in_progress');
EXECUTE tenant_tasks(5, 'done');
EXECUTE tenant_tasks(6, 'todo');
EXECUTE tenant_tasks(7, 'done');
EXECUTE tenant_tasks(NULL, 'done');
EXECUTE tenant_tasks(2, NULL);
EXECUTE tenant_tasks(999, 'done');
EXECUTE tenant_tasks(1, 'todo');

PREPARE page(bigint, int, int) AS
    SELECT task_id, title FROM tasks WHERE tenant_id = $1 ORDER BY created_at DESC, task_id DESC LIMIT $2 OFFSET $3;
-- ordered
EXECUTE page(1, 10, 0);
-- ordered
EXECUTE page(1, 10, 10);
-- ordered
EXECUTE page(1, 10, 990);
-- ordered
EXECUTE page(2, 5, 3);
-- ordered
EXECUTE page(3, 0, 0);
-- ordered
EXECUTE page(4, NULL, 2);
-- ordered
EXECUTE page(5, 3, NULL);
-- ordered
EXECUTE page(1, 4, 7);

-- parameter compared with a non-distribution column: multi-shard each time
PREPARE by_kind(text, timestamptz) AS
    SELECT tenant_id, count(*) FROM events WHERE kind = $1 AND occurred_at >= $2 GROUP BY tenant_id;
EXECUTE by_kind('login', '2024-03-01');
EXECUTE by_kind('export', '2024-03-01');
EXECUTE by_kind('page_view', '2024-03-10');
EXECUTE by_kind('logout', '2024-02-01');
EXECUTE by_kind('task_done', '2024-03-05');
EXECUTE by_kind('login', NULL);
EXECUTE by_kind(NULL, '2024-03-01');
EXECUTE by_kind('task_created', '2024-03-02 12:00+05');

-- parameter in an IN list and ANY array
PREPARE tenants_in(bigint[]) AS SELECT tenant_id, name FROM tenants WHERE tenant_id = ANY ($1);
EXECUTE tenants_in('{1,2,3}');
EXECUTE tenants_in('{4}');
EXECUTE tenants_in('{}');
EXECUTE tenants_in(NULL);
EXECUTE tenants_in('{5,NULL}');
EXECUTE tenants_in('{39,40,41}');
EXECUTE tenants_in('{7}');

-- jsonb and uuid parameters; distributed by uuid
PREPARE session_by_id(uuid) AS SELECT tenant_id, user_id, started_at, duration, ip FROM sessions WHERE session_id = $1;
EXECUTE session_by_id(md5('session1')::uuid);
EXECUTE session_by_id(md5('session2')::uuid);
EXECUTE session_by_id(md5('session3')::uuid);
EXECUTE session_by_id(md5('session4')::uuid);
EXECUTE session_by_id(md5('session5')::uuid);
EXECUTE session_by_id(md5('session6')::uuid);
EXECUTE session_by_id(md5('session7')::uuid);
EXECUTE session_by_id(NULL);
EXECUTE session_by_id('00000000-0000-0000-0000-000000000000');

PREPARE tasks_meta(bigint, jsonb) AS SELECT task_id, meta FROM tasks WHERE tenant_id = $1 AND meta @> $2;
EXECUTE tasks_meta(1, '{"source": "api"}');
EXECUTE tasks_meta(2, '{"source": "web"}');
EXECUTE tasks_meta(3, '{"legacy": true}');
EXECUTE tasks_meta(4, '{}');
EXECUTE tasks_meta(5, '{"source": "email"}');
EXECUTE tasks_meta(6, '{"source": "api"}');
EXECUTE tasks_meta(1, NULL);

-- text-key table
PREPARE key_lookup(text) AS SELECT key, tenant_id, scopes FROM api_keys WHERE key = $1 AND revoked_at IS NULL;
EXECUTE key_lookup('key_' || to_hex(1 * 2654435761 % 4294967296));
EXECUTE key_lookup('key_' || to_hex(2 * 2654435761 % 4294967296));
EXECUTE key_lookup('key_' || to_hex(3 * 2654435761 % 4294967296));
EXECUTE key_lookup('key_' || to_hex(4 * 2654435761 % 4294967296));
EXECUTE key_lookup('key_' || to_hex(5 * 2654435761 % 4294967296));
EXECUTE key_lookup('key_' || to_hex(6 * 2654435761 % 4294967296));
EXECUTE key_lookup('nope');
EXECUTE key_lookup(NULL);

-- aggregate with parameter in HAVING and in a subquery
PREPARE busy(bigint, int) AS
    SELECT assignee_id, count(*) FROM tasks WHERE tenant_id = $1 GROUP BY assignee_id HAVING count(*) > $2;
EXECUTE busy(1, 40);
EXECUTE busy(1, 60);
EXECUTE busy(2, 3);
EXECUTE busy(3, 1);
EXECUTE busy(4, 0);
EXECUTE busy(5, NULL);
EXECUTE busy(1, 0);
DEALLOCATE ALL;
