-- Writable CTEs: WITH ins AS (INSERT ... RETURNING) SELECT ..., chains of them, and errors.

WITH ins AS (INSERT INTO entries (tenant_id, account_id, direction, amount) VALUES (1, 1, 'C', 5), (2, 6, 'D', 6) RETURNING tenant_id, entry_id, signed_amount)
SELECT tenant_id, entry_id, signed_amount FROM ins;
WITH ins AS (INSERT INTO tenants (tenant_id, name, base_currency) VALUES (80, 'cte80', 'USD'), (81, 'cte81', 'EUR') RETURNING tenant_id, base_currency)
INSERT INTO accounts (tenant_id, code, currency) SELECT tenant_id, 'cte-' || tenant_id, base_currency FROM ins RETURNING tenant_id, account_id, code;
WITH upd AS (UPDATE accounts SET balance = balance + 100 WHERE tenant_id = 3 RETURNING tenant_id, account_id, balance)
SELECT count(*), sum(balance) FROM upd;
WITH del AS (DELETE FROM holds WHERE tenant_id = 4 RETURNING tenant_id, account_id, amount)
INSERT INTO audit_events (ref, seq, tenant_id, action, detail) SELECT 'hold-del', account_id::int, tenant_id, 'release', to_jsonb(amount) FROM del RETURNING ref, seq, detail;
WITH moved AS (DELETE FROM payouts WHERE state = 'failed' RETURNING payout_ref, tenant_id, account_id, amount, note)
INSERT INTO payouts (payout_ref, tenant_id, account_id, amount, state, note)
SELECT ('90000000' || substr(payout_ref::text, 9))::uuid, tenant_id, account_id, amount, 'retry', note FROM moved;
SELECT state, count(*) FROM payouts GROUP BY state;
-- two data-modifying CTEs and a read of another table
WITH a AS (UPDATE transfers SET status = 'settled' WHERE tenant_id = 5 AND status = 'pending' RETURNING transfer_id),
     b AS (INSERT INTO holds (tenant_id, account_id, amount, reason) VALUES (5, 22, 1, 'cte') RETURNING hold_id)
SELECT (SELECT count(*) FROM a) AS settled, (SELECT count(*) FROM b) AS held, (SELECT count(*) FROM currencies) AS currencies;
-- a CTE whose INSERT fails on a later shard: nothing remains
-- error
WITH ins AS (INSERT INTO tenants (tenant_id, name, base_currency) VALUES (82, 'ok', 'USD'), (83, 'bad', 'XXX') RETURNING tenant_id)
SELECT count(*) FROM ins;
-- the outer statement fails after the CTE wrote: nothing remains
-- error
WITH ins AS (INSERT INTO tenants (tenant_id, name, base_currency) VALUES (84, 'ok', 'USD') RETURNING tenant_id)
INSERT INTO accounts (tenant_id, code, currency) SELECT tenant_id, 'x', 'QQQ' FROM ins;
SELECT count(*) FROM tenants WHERE tenant_id BETWEEN 82 AND 84;
-- a CTE writing a reference table
WITH c AS (INSERT INTO currencies VALUES ('PLN', 'Zloty', 2, 0.25) RETURNING code)
INSERT INTO tenants (tenant_id, name, base_currency) SELECT 85, 'pl', code FROM c RETURNING tenant_id, base_currency;
-- a CTE with an upsert
WITH u AS (INSERT INTO accounts (tenant_id, code, currency, balance) VALUES (6, 'acc-6-1', 'USD', 1), (6, 'cte-new', 'USD', 2)
           ON CONFLICT (tenant_id, code) DO UPDATE SET balance = accounts.balance + 1000 RETURNING code, balance)
SELECT code, balance FROM u;
-- a CTE in a transaction then rolled back
BEGIN;
WITH d AS (DELETE FROM entries WHERE tenant_id < 10 RETURNING 1) SELECT count(*) FROM d;
SELECT count(*) FROM entries;
ROLLBACK;
SELECT count(*) FROM entries;
-- RETURNING of generated columns through a CTE
WITH ins AS (INSERT INTO audit_events (ref, seq, tenant_id, action) VALUES ('cte', 7, 1, 'g') RETURNING at_step, seq)
SELECT at_step, seq FROM ins;
WITH ins AS (INSERT INTO counters (slot) VALUES (2), (3) RETURNING slot, n, label) SELECT * FROM ins;
