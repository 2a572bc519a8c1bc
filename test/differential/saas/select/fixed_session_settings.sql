-- Date/time values formatted as text implicitly (||, concat, format, arrays, rows) or text read
-- as dates, under non-ISO DateStyle/IntervalStyle: evaluated on the coordinator, not shipped.

SET DateStyle = 'German';
-- router (one tenant)
SELECT issued_on || '' AS s FROM invoices WHERE tenant_id = 2 AND invoice_id = 1;
-- multi-shard
SELECT issued_on || '' AS s, count(*) FROM invoices GROUP BY 1;
-- wrong rows: vanilla counts 159 here, the distributed side 0
SELECT count(*) FROM invoices WHERE issued_on || '' LIKE '%.%';
SELECT concat_ws(',', tenant_id, issued_on) FROM invoices WHERE tenant_id IN (2, 3) AND invoice_id = 1;
SELECT ARRAY[issued_on]::text, ROW(issued_on)::text FROM invoices WHERE tenant_id IN (2, 3) AND invoice_id = 1;
SET DateStyle = 'Postgres, MDY';
SELECT concat(tenant_id, ':', occurred_at) AS s FROM events WHERE tenant_id BETWEEN 17 AND 19;
SELECT format('%s', created_at) FROM tenants;
SELECT tenant_id, 'at ' || created_at FROM tenants WHERE tenant_id = 5;
RESET DateStyle;

SET IntervalStyle = 'iso_8601';
SELECT duration || '' FROM sessions WHERE session_id = md5('session1')::uuid;
SELECT concat('d=', duration) AS d, count(*) FROM sessions GROUP BY 1;
SELECT count(*) FROM sessions WHERE duration || '' LIKE 'PT%';
RESET IntervalStyle;
