-- Read-your-writes in a transaction when a plan holds two Tessera scans (semi/anti joins): once
-- one side read through a connection outside the transaction; now scans over the transaction's
-- connection read all their results at once, so every scan sees the writes. Rolled back.

-- 1. rows inserted into a distributed table are invisible to the hashed (inner) scan
--    expected 40, 40; got 0, 0
BEGIN;
INSERT INTO comments (tenant_id, comment_id, task_id, body, created_at)
SELECT t, 7700000 + t, 1, 'ryw ' || t, '2024-12-10' FROM generate_series(1, 40) t;
SELECT count(*) FROM comments WHERE body LIKE 'ryw%';
SELECT count(*) FROM comments c WHERE c.tenant_id IN (SELECT tenant_id FROM tenants) AND body LIKE 'ryw%';
SELECT count(*) FROM comments c WHERE EXISTS (SELECT 1 FROM tenants t WHERE t.tenant_id = c.tenant_id AND t.is_active) AND body LIKE 'ryw%';
ROLLBACK;

-- 2. a row deleted from a reference table is still seen by the other scan
--    expected 11 (the 3 tenants without a plan + the 8 on plan 5); got 3
BEGIN;
DELETE FROM plans WHERE plan_id = 5;
SELECT count(*) FROM tenants t WHERE NOT EXISTS (SELECT 1 FROM plans p WHERE p.plan_id = t.plan_id);
-- (contrast, answers right: the LEFT JOIN ... IS NULL form)
SELECT count(*) FROM tenants t LEFT JOIN plans p ON p.plan_id = t.plan_id WHERE p.plan_id IS NULL;
ROLLBACK;
