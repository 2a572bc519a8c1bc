-- Failures found by the SELECT fuzzer (../fuzz/generate.py partitioned), one statement or a few each.

-- FULL JOIN ... USING: the merged column prints as a bare name; the shard query printed ORDER BY
-- position 1 as ORDER BY tenant_id, ambiguous on the worker among the outputs named tenant_id
-- (router and multi-shard), or taken for another output of that name.
-- ordered
SELECT tenant_id, a.tenant_id, b.tenant_id, b.metric, b.value FROM tenants a FULL JOIN metrics b USING (tenant_id) WHERE (a.tenant_id < 6 OR b.value IN (9, 2, NULL)) ORDER BY 1 DESC NULLS LAST, 2 ASC NULLS FIRST, 3 DESC NULLS FIRST, 4 DESC NULLS FIRST, 5 ASC NULLS FIRST LIMIT 5;
-- ordered
SELECT tenant_id, a.tenant_id, a.event_id, a.ts, b.tenant_id FROM events a FULL JOIN tenants b USING (tenant_id) WHERE (b.name ILIKE '%E%' OR b.name LIKE '%a%') ORDER BY 1 ASC NULLS LAST, 2 DESC NULLS FIRST, 3 DESC NULLS FIRST, 4 ASC NULLS LAST, 5 ASC NULLS FIRST LIMIT 6;
-- ordered
SELECT tenant_id, a.tenant_id, b.metric FROM tenants a FULL JOIN metrics b USING (tenant_id) WHERE tenant_id = 7 ORDER BY 1, 2, 3 LIMIT 4;
-- ordered
SELECT a.name AS tenant_id, tenant_id AS t, b.value FROM tenants a FULL JOIN metrics b USING (tenant_id) WHERE b.value > 40 ORDER BY t, 1, 3 LIMIT 4;
-- ordered
SELECT DISTINCT ON (t) a.name AS tenant_id, tenant_id AS t FROM tenants a NATURAL FULL JOIN buckets b ORDER BY t, 1 LIMIT 4;
