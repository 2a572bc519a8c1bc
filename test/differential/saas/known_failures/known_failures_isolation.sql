-- KNOWN WRONG BEHAVIOUR (not registered in ctest; needs two sessions, so it is run by hand, not
-- by the single-session harness). Area: transactions.
--
-- REPEATABLE READ (and SERIALIZABLE) is not honoured on the workers: a repeatable-read
-- transaction on the coordinator sees rows committed by other sessions after its first read
-- (non-repeatable read), and updating a row that another session changed and committed after
-- the snapshot succeeds instead of failing with "could not serialize access due to concurrent
-- update" -- a lost update compared with vanilla PostgreSQL.
--
-- Session A                                           Session B
--   BEGIN ISOLATION LEVEL REPEATABLE READ;
--   SELECT mrr FROM tenants WHERE tenant_id = 4;      -- 550.00
--                                                     UPDATE tenants SET mrr = mrr + 10 WHERE tenant_id = 4;  (autocommit)
--   SELECT mrr FROM tenants WHERE tenant_id = 4;      -- vanilla: 550.00   distributed: 560.00
--   SELECT sum(mrr) FROM tenants;                     -- vanilla: unchanged  distributed: +10
--   UPDATE tenants SET mrr = mrr + 1 WHERE tenant_id = 4;
--                                                     -- vanilla: ERROR could not serialize access due to concurrent update
--                                                     -- distributed: UPDATE 1 (commits 561.00)
--   COMMIT;
--
-- Session A's statements (run in psql with search_path = dist, then local, and run session B's
-- UPDATE from another psql after the first SELECT):
BEGIN ISOLATION LEVEL REPEATABLE READ;
SELECT mrr FROM tenants WHERE tenant_id = 4;
SELECT pg_sleep(2);
SELECT mrr FROM tenants WHERE tenant_id = 4;
SELECT sum(mrr) FROM tenants;
UPDATE tenants SET mrr = mrr + 1 WHERE tenant_id = 4;
COMMIT;
