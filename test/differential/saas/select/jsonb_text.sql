-- jsonb operators, text search, ILIKE / regular expressions, arrays.

SELECT tenant_id, task_id, meta->>'source' AS source, meta->'sla'->>'hours' AS sla, (meta->>'points')::numeric AS points
FROM tasks WHERE meta ? 'sla';

SELECT count(*) FROM tasks WHERE meta @> '{"source": "email"}';
SELECT count(*) FROM tasks WHERE meta @> '{"legacy": true}' AND tenant_id = 1;
SELECT count(*) FROM tasks WHERE meta->>'points' IS NULL;
SELECT count(*) FROM tasks WHERE meta ? 'points' AND meta->'points' = 'null'::jsonb;
SELECT meta->>'source' AS source, count(*), sum((meta->>'points')::numeric) FROM tasks GROUP BY 1;

SELECT tenant_id, task_id, jsonb_path_query(meta, '$.labels[*]') AS label FROM tasks WHERE tenant_id IN (2, 3) AND meta ? 'labels';
SELECT count(*) FROM tasks WHERE jsonb_path_exists(meta, '$.sla ? (@.hours > 4)');
SELECT tenant_id, count(*) FROM tasks WHERE meta @? '$.points ? (@ > 5)' GROUP BY tenant_id;
SELECT jsonb_path_query_first(meta, '$.sla.hours') AS h, count(*) FROM tasks GROUP BY 1;

SELECT kind, payload->>'path' AS path, count(*) FROM events
WHERE payload ? 'path' GROUP BY kind, payload->>'path';

SELECT payload #>> '{export,format}' AS fmt, count(*), sum((payload #>> '{export,rows}')::int) FROM events
WHERE payload #> '{export}' IS NOT NULL GROUP BY 1;

SELECT jsonb_typeof(payload) AS t, count(*) FROM events GROUP BY 1;
SELECT tenant_id, event_id, jsonb_array_length(payload->'tags') FROM events WHERE jsonb_typeof(payload->'tags') = 'array' AND tenant_id < 4;

SELECT e.tenant_id, k.key, count(*) FROM events e, jsonb_each(e.payload) k
WHERE jsonb_typeof(e.payload) = 'object' GROUP BY e.tenant_id, k.key;

SELECT tenant_id, settings->>'theme' AS theme, settings #> '{notify,slack}' AS slack, settings - 'beta' AS rest FROM tenants;
SELECT count(*) FROM tenants WHERE settings ?| ARRAY['beta', 'notify'];
SELECT count(*) FROM tenants WHERE settings ?& ARRAY['theme', 'notify'];
SELECT tenant_id FROM tenants WHERE settings->'beta' @> '"ai"';
SELECT pl.name, pl.features->'limits'->'projects' FROM plans pl WHERE pl.features @> '{"sso": true}';
SELECT tn.tenant_id, pl.features->>'api' FROM tenants tn JOIN plans pl ON pl.plan_id = tn.plan_id WHERE (pl.features->>'api')::boolean;

-- text search
SELECT tenant_id, task_id FROM tasks WHERE to_tsvector('english', coalesce(description, '')) @@ to_tsquery('english', 'database & migration');
SELECT count(*) FROM tasks WHERE to_tsvector('english', title || ' ' || coalesce(description, '')) @@ plainto_tsquery('english', 'login errors');
SELECT tenant_id, count(*) FROM tasks WHERE to_tsvector('simple', description) @@ websearch_to_tsquery('simple', '"lazy dog" -fox') GROUP BY tenant_id;
SELECT task_id, ts_rank(to_tsvector('english', description), to_tsquery('english', 'fix | auth')) > 0 AS hit FROM tasks WHERE tenant_id = 2;

-- ILIKE / LIKE / regex / similar
SELECT count(*) FROM tasks WHERE title ILIKE '%FIX%';
SELECT count(*) FROM tasks WHERE title LIKE 'Café%';
SELECT tenant_id, count(*) FROM tasks WHERE title ~* '^(deploy|design)' GROUP BY tenant_id;
SELECT count(*) FROM tasks WHERE description ~ E'\n';
SELECT count(*) FROM users WHERE email SIMILAR TO 'user1[0-9]*@t1.%';
SELECT count(*) FROM users WHERE display_name ILIKE 'ünï%';
SELECT regexp_replace(title, '#\d+', '#N') AS t, count(*) FROM tasks GROUP BY 1;
SELECT substring(body from 'ticket/(\d+)') AS ticket, tenant_id FROM comments WHERE body ~ 'ticket/\d+' AND tenant_id = 3;
SELECT split_part(email, '@', 2) AS domain, count(*) FROM users GROUP BY 1 HAVING count(*) > 3;
SELECT count(*) FROM comments WHERE body LIKE '%"done"%';
SELECT count(*) FROM comments WHERE body LIKE 'It''s%';
SELECT count(*) FROM tasks WHERE title_lower LIKE '%ümlaut%';
SELECT upper(title), lower(title), initcap(title) FROM tasks WHERE tenant_id = 7;

-- arrays
SELECT count(*) FROM tasks WHERE 'urgent' = ANY (tags);
SELECT count(*) FROM tasks WHERE tags @> ARRAY['bug'];
SELECT count(*) FROM tasks WHERE tags && ARRAY['chore', 'feature'];
SELECT count(*) FROM tasks WHERE tags = '{}';
SELECT count(*) FROM tasks WHERE cardinality(tags) = 0;
SELECT count(*) FROM tasks WHERE array_length(tags, 1) IS NULL;
SELECT tag, count(*) FROM tasks, unnest(tags) tag GROUP BY tag;
SELECT tenant_id, tag, count(*) FROM projects CROSS JOIN LATERAL unnest(labels) AS tag GROUP BY tenant_id, tag;
SELECT tenant_id, array_to_string(tags, ',', '*') FROM tenants;
SELECT count(*) FROM api_keys WHERE scopes @> '{write}' AND revoked_at IS NULL;
SELECT key, scopes[1], scopes[2:3] FROM api_keys WHERE tenant_id = 3;
