-- UPDATE / DELETE joining tables that are not colocated with the target (sessions by uuid,
-- api_keys by text, audit_log in its own group), local tables, and reference tables fed by
-- distributed ones: the rows are found on the coordinator, then modified through their
-- primary key (or every column when there is none).

UPDATE api_keys SET label = t.name FROM tenants t WHERE t.tenant_id = api_keys.tenant_id AND api_keys.key < 'key_5'
RETURNING key, label, t.slug;
DELETE FROM sessions s USING users u WHERE u.tenant_id = s.tenant_id AND u.user_id = s.user_id AND u.role = 'guest'
RETURNING s.session_id, u.email;
UPDATE sessions s SET user_agent = u.email || ' / ' || coalesce(s.user_agent, '-')
FROM users u WHERE u.tenant_id = s.tenant_id AND u.user_id = s.user_id AND u.tenant_id < 4
RETURNING s.session_id, s.user_agent;
UPDATE api_keys k SET revoked_at = '2024-09-09' WHERE EXISTS (SELECT 1 FROM tenants t WHERE t.tenant_id = k.tenant_id AND NOT t.is_active)
RETURNING key, revoked_at;
UPDATE tenants t SET mrr = (SELECT count(*) FROM api_keys k WHERE k.tenant_id = t.tenant_id) WHERE t.tenant_id < 10
RETURNING tenant_id, mrr;
UPDATE audit_log SET action = upper(coalesce(action, 'none')) WHERE tenant_id IN (SELECT tenant_id FROM tenants WHERE NOT is_active);
UPDATE audit_log a SET target = a.target || '@' || t.slug FROM tenants t WHERE t.tenant_id = a.tenant_id AND a.seq < 50;
UPDATE tasks t SET priority = 1 FROM audit_log a WHERE a.tenant_id = t.tenant_id AND a.seq = t.task_id % 100 AND a.action = 'login'
RETURNING t.tenant_id, t.task_id;
DELETE FROM users u USING sessions s WHERE s.tenant_id = u.tenant_id AND s.user_id = u.user_id AND s.duration > interval '50 minutes'
RETURNING u.tenant_id, u.user_id;
-- reference tables written from distributed ones
UPDATE plans p SET max_seats = (SELECT count(*) FROM tenants t WHERE t.plan_id = p.plan_id) RETURNING plan_id, max_seats;
DELETE FROM countries c WHERE NOT EXISTS (SELECT 1 FROM tenants t WHERE t.country = c.code) RETURNING code;
UPDATE countries c SET vat_rate = coalesce(c.vat_rate, 0) + 0.01 FROM tenants t WHERE t.country = c.code AND t.tenant_id = 2 RETURNING c.code, c.vat_rate;
-- a local table
CREATE TEMP TABLE renames AS SELECT tenant_id, 'Renamed ' || tenant_id AS name FROM generate_series(3, 8) tenant_id;
UPDATE tenants t SET name = r.name FROM renames r WHERE r.tenant_id = t.tenant_id RETURNING t.tenant_id, t.name;
DELETE FROM invoices i USING renames r WHERE r.tenant_id = i.tenant_id AND i.status = 'void' RETURNING i.tenant_id, i.invoice_id;
DROP TABLE renames;
-- prepared, with parameters
PREPARE revoke_for(bigint) AS UPDATE api_keys k SET revoked_at = '2024-10-01' FROM users u
    WHERE u.tenant_id = k.tenant_id AND u.tenant_id = $1 AND u.role = 'owner' RETURNING k.key;
EXECUTE revoke_for(1);
EXECUTE revoke_for(2);
EXECUTE revoke_for(3);
EXECUTE revoke_for(4);
EXECUTE revoke_for(5);
EXECUTE revoke_for(6);
EXECUTE revoke_for(NULL);
DEALLOCATE revoke_for;
-- in a transaction with a savepoint rolled back
BEGIN;
UPDATE sessions s SET duration = interval '1 second' FROM tenants t WHERE t.tenant_id = s.tenant_id AND t.tenant_id = 1;
SAVEPOINT sp;
DELETE FROM sessions s USING tenants t WHERE t.tenant_id = s.tenant_id AND t.tenant_id = 2;
SELECT count(*) FROM sessions WHERE tenant_id = 2;
ROLLBACK TO SAVEPOINT sp;
SELECT tenant_id, count(*), min(duration) FROM sessions WHERE tenant_id IN (1, 2) GROUP BY 1;
COMMIT;
-- assigning the distribution column: checked on the shards row by row (no row matched, no
-- error; a row keeping its value is written; a row the new value would move fails the statement)
UPDATE sessions s SET session_id = md5(s.session_id::text)::uuid FROM tenants t WHERE t.tenant_id = s.tenant_id AND false;
UPDATE sessions s SET session_id = s.session_id::text::uuid, duration = interval '2 seconds' FROM tenants t WHERE t.tenant_id = s.tenant_id AND t.tenant_id = 3;
SELECT tenant_id, count(*), min(duration) FROM sessions WHERE tenant_id = 3 GROUP BY 1;
BEGIN;
-- expect-error: cannot modify distribution column
UPDATE sessions s SET session_id = md5(s.session_id::text)::uuid FROM tenants t WHERE t.tenant_id = s.tenant_id AND t.tenant_id = 1;
ROLLBACK;
