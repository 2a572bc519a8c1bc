-- Failures found by the SELECT fuzzer (../fuzz/generate.py saas), one statement or a few each.

-- NATURAL / USING FULL joins pinned to a tenant (router): the merged column prints as a bare
-- name and ORDER BY 1 came back as ORDER BY tenant_id, ambiguous on the worker.
-- ordered
SELECT tenant_id, tenants.tenant_id, invoices.tenant_id, invoices.invoice_id FROM tenants NATURAL FULL JOIN invoices WHERE tenant_id = 3 ORDER BY 1 DESC NULLS LAST, 2 ASC NULLS LAST, 3 DESC NULLS LAST, 4 ASC NULLS FIRST LIMIT 11 OFFSET 2;
-- ordered
SELECT tenant_id, a.tenant_id, a.task_id, b.tenant_id, b.project_id FROM tasks a FULL JOIN projects b USING (tenant_id, project_id) WHERE (coalesce(b.project_id, 0) <> 2 OR a.status IS NULL) AND tenant_id = 3 ORDER BY 1 DESC NULLS FIRST, 2 DESC NULLS LAST, 3 ASC NULLS LAST, 4 ASC NULLS LAST, 5 DESC NULLS LAST LIMIT 7 OFFSET 13;
-- ordered
SELECT tenant_id, a.tenant_id, a.user_id, b.tenant_id, b.event_id FROM users a FULL JOIN events b USING (tenant_id, user_id) WHERE tenant_id = 3 ORDER BY 1 DESC NULLS FIRST, 2 ASC NULLS FIRST, 3 DESC NULLS LAST, 4 ASC NULLS LAST, 5 ASC NULLS LAST LIMIT 9 OFFSET 7;
