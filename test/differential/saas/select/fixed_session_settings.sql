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

-- Ranges and multiranges of dates and timestamps print their bounds in the session's styles,
-- also inside arrays, JSON and string_agg; the geometric types print their coordinates as
-- floats (extra_float_digits). These were shipped and came back in the workers' ISO styles.
SET DateStyle = 'SQL, DMY';
SET TimeZone = 'Asia/Kolkata';
SELECT tenant_id, task_id, tstzrange(created_at, completed_at)::text FROM tasks WHERE tenant_id IN (2, 3);
SELECT tenant_id, task_id, daterange(due_date, due_date + 2)::text, tsrange(created_at::timestamp, NULL)::text FROM tasks;
SELECT tenant_id, tstzmultirange(tstzrange(created_at, completed_at))::text, concat(daterange(due_date, due_date + 2)) FROM tasks WHERE tenant_id = 4;
SELECT tenant_id, string_agg(daterange(due_date, due_date + 2)::text, ',' ORDER BY task_id), array_agg(daterange(due_date, due_date + 2) ORDER BY task_id)::text FROM tasks GROUP BY 1;
SELECT tenant_id, task_id, to_json(daterange(due_date, due_date + 2))::text, jsonb_build_array(daterange(due_date, due_date + 2))::text FROM tasks;
SELECT count(*) FROM tasks WHERE daterange(due_date, due_date + 2)::text LIKE '%/%';
RESET TimeZone;
RESET DateStyle;
SET extra_float_digits = 0;
SELECT tenant_id, task_id, point(estimate_hours::float8 / 3, 1)::text, box(point(estimate_hours::float8 / 3, 1), point(0, 0))::text FROM tasks;
SELECT tenant_id, circle(point(estimate_hours::float8 / 3, 1), 2)::text, count(*) FROM tasks GROUP BY 1, 2;
RESET extra_float_digits;

-- xmlelement / xmlforest / xmlattributes print floats and intervals (and ranges) with the
-- output functions, in the session's styles; they were shipped as they were.
SET extra_float_digits = 0;
SET IntervalStyle = 'sql_standard';
SELECT tenant_id, task_id, xmlelement(name a, estimate_hours::float8 / 3)::text, xmlelement(name a, completed_at - created_at)::text FROM tasks;
SELECT tenant_id, task_id, xmlforest(estimate_hours::float8 / 3 AS x, completed_at - created_at AS y)::text FROM tasks WHERE tenant_id IN (2, 3);
SELECT tenant_id, xmlagg(xmlelement(name a, xmlattributes(estimate_hours::float8 / 3 AS v)) ORDER BY task_id)::text FROM tasks GROUP BY 1;
SELECT tenant_id, task_id, xmlserialize(content xmlelement(name a, daterange(due_date, due_date + 1), due_date) AS text) FROM tasks;
RESET IntervalStyle;
RESET extra_float_digits;

-- json[b]_populate_record / json[b]_to_record read JSON strings into a row's date, timestamp
-- and interval fields with DateStyle's field order and IntervalStyle: shipped, the workers
-- read them as ISO / postgres (wrong rows, or an error under ISO, DMY).
SET DateStyle = 'ISO, DMY';
SELECT t.tenant_id, count(*) FROM tasks t WHERE (jsonb_populate_record(NULL::pg_stat_activity, jsonb_build_object('backend_start', lpad(t.priority::text, 2, '0') || '/03/2024 00:00:00+00'))).backend_start < '2024-03-03' GROUP BY 1;
SELECT t.tenant_id, t.task_id, (json_populate_record(NULL::pg_stat_activity, json_build_object('query_start', lpad(t.priority::text, 2, '0') || '/03/2024 10:00:00+00'))).query_start FROM tasks t WHERE t.tenant_id IN (2, 3);
RESET DateStyle;
SET IntervalStyle = 'sql_standard';
SELECT t.tenant_id, count(*) FROM tasks t WHERE (jsonb_populate_record(NULL::pg_timezone_names, jsonb_build_object('utc_offset', '-1 ' || t.priority || ':00:00'))).utc_offset > interval '-1 day' GROUP BY 1;
SELECT t.tenant_id, t.task_id, jsonb_populate_record(NULL::pg_timezone_names, jsonb_build_object('utc_offset', '-1 ' || t.priority || ':00:00')) FROM tasks t;
RESET IntervalStyle;
