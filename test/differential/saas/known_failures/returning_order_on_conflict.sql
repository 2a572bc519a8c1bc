-- Known wrong answer (not registered in ctest): a multi-row INSERT ... ON CONFLICT DO NOTHING
-- RETURNING whose rows go to several shards and some of which are skipped returns its rows in
-- shard order, not in the order of the VALUES rows as PostgreSQL does (modify_scan.cpp,
-- load_in_row_order: a task returning fewer rows than it was sent cannot be matched to places).
-- Run: bash test/differential/run.sh --suite saas writes \
--   test/differential/saas/known_failures/returning_order_on_conflict.sql (fails: order)
-- ordered
INSERT INTO users (tenant_id, user_id, email, created_at) VALUES (9, 100001, 'k1@x', '2024-01-01'), (1, 1, 'dup@x', '2024-01-01'), (7, 100002, 'k2@x', '2024-01-01'), (2, 21, 'dup2@x', '2024-01-01'), (3, 100003, 'k3@x', '2024-01-01'), (4, 100004, 'k4@x', '2024-01-01'), (5, 100005, 'k5@x', '2024-01-01'), (6, 100006, 'k6@x', '2024-01-01') ON CONFLICT DO NOTHING RETURNING tenant_id, user_id;
