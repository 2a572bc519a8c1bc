-- Known wrong answer (not registered in ctest): a multi-row INSERT's RETURNING rows come back
-- grouped by shard, not in the order of the VALUES / SELECT rows. PostgreSQL does not promise
-- that order, but it gives it, and ORMs rely on it (Django's bulk_create matches the returned
-- ids to its objects by position). Run with:
--   bash test/differential/run.sh --suite ledger writes test/differential/ledger/known_failures/returning_order.sql

-- ordered
INSERT INTO accounts (tenant_id, code, currency) VALUES (5, 'o1', 'USD'), (1, 'o2', 'USD'), (3, 'o3', 'USD'), (5, 'o4', 'USD'), (2, 'o5', 'USD'), (17, 'o6', 'USD')
RETURNING tenant_id, account_id, code;
-- ordered
INSERT INTO accounts (tenant_id, code, currency) SELECT t, 'q' || t, 'USD' FROM unnest(ARRAY[9, 1, 22, 4, 13]) WITH ORDINALITY u(t, o) ORDER BY o
RETURNING tenant_id, account_id, code;
