-- UPDATE ... FROM and DELETE ... USING with reference tables and subqueries; UPDATE with
-- subqueries over other distributed tables in SET and WHERE; DELETE ... IN (SELECT ... LIMIT).

-- UPDATE ... FROM a reference table
UPDATE accounts a SET balance = round(a.balance * c.usd_rate, 2) FROM currencies c WHERE c.code = a.currency AND c.usd_rate IS NOT NULL AND a.tenant_id < 8
RETURNING a.tenant_id, a.account_id, a.balance, c.code;
-- UPDATE ... FROM a colocated table, joined on the distribution column
UPDATE accounts a SET balance = a.balance + s.total FROM (SELECT tenant_id, account_id, sum(signed_amount) AS total FROM entries GROUP BY tenant_id, account_id) s
WHERE s.tenant_id = a.tenant_id AND s.account_id = a.account_id AND a.tenant_id BETWEEN 8 AND 14;
SELECT tenant_id, sum(balance) FROM accounts WHERE tenant_id BETWEEN 8 AND 14 GROUP BY tenant_id;
-- UPDATE ... FROM a non-colocated table
UPDATE accounts a SET closed = true FROM payouts p WHERE p.tenant_id = a.tenant_id AND p.account_id = a.account_id AND p.state = 'failed';
SELECT count(*) FROM accounts WHERE closed;
-- UPDATE ... FROM joined not on the distribution column
UPDATE transfers t SET fee = f.min_fee FROM fee_rules f, tenants tn WHERE f.currency = t.currency AND f.kind = 'wire' AND tn.tenant_id = t.tenant_id AND NOT tn.active;
SELECT tenant_id, transfer_id, fee FROM transfers WHERE fee NOT IN (0, 1.5);
-- SET from a correlated subquery over a colocated table
UPDATE tenants t SET credit_limit = (SELECT coalesce(sum(abs(balance)), 0) FROM accounts a WHERE a.tenant_id = t.tenant_id) WHERE t.tenant_id % 3 = 0;
SELECT tenant_id, credit_limit FROM tenants WHERE tenant_id % 3 = 0;
-- SET from a subquery over a non-colocated table
UPDATE accounts a SET meta = jsonb_build_object('payouts', (SELECT count(*) FROM payouts p WHERE p.account_id = a.account_id)) WHERE a.tenant_id IN (2, 5);
SELECT account_id, meta FROM accounts WHERE tenant_id IN (2, 5);
-- SET from an uncorrelated aggregate over another distributed table
UPDATE fx_quotes SET rate = (SELECT max(amount) FROM transfers) / 100 WHERE pair = 'USDJPY';
SELECT bucket, rate FROM fx_quotes WHERE pair = 'USDJPY';
-- WHERE with IN over another distributed table
UPDATE entries SET memo = 'flagged' WHERE (tenant_id, account_id) IN (SELECT tenant_id, from_account FROM transfers WHERE status = 'failed');
SELECT count(*) FROM entries WHERE memo = 'flagged';
-- WHERE with EXISTS over a non-colocated table
UPDATE holds h SET reason = 'payout pending' WHERE EXISTS (SELECT 1 FROM payouts p WHERE p.account_id = h.account_id AND p.state = 'queued');
SELECT count(*) FROM holds WHERE reason = 'payout pending';
-- WHERE with a scalar subquery comparing to an aggregate
UPDATE entries SET memo = 'big' WHERE amount > (SELECT avg(amount) FROM entries) + 200;
SELECT count(*) FROM entries WHERE memo = 'big';
-- DELETE ... USING a reference table
DELETE FROM fee_rules f USING currencies c WHERE c.code = f.currency AND c.decimals = 0 RETURNING f.rule_id;
DELETE FROM holds h USING currencies c, accounts a WHERE a.tenant_id = h.tenant_id AND a.account_id = h.account_id AND c.code = a.currency AND c.usd_rate IS NULL RETURNING h.tenant_id, h.hold_id;
-- DELETE ... USING a subquery
DELETE FROM entries e USING (SELECT tenant_id, account_id FROM accounts WHERE closed) x WHERE x.tenant_id = e.tenant_id AND x.account_id = e.account_id;
SELECT count(*) FROM entries;
-- DELETE ... WHERE ... IN (SELECT ... ORDER BY ... LIMIT)
DELETE FROM transfers WHERE (tenant_id, transfer_id) IN (SELECT tenant_id, transfer_id FROM transfers ORDER BY amount DESC, tenant_id, transfer_id LIMIT 5) RETURNING tenant_id, transfer_id, amount;
DELETE FROM payouts WHERE payout_ref IN (SELECT payout_ref FROM payouts WHERE state = 'sent' ORDER BY amount, payout_ref LIMIT 3) RETURNING note;
DELETE FROM audit_events WHERE seq IN (SELECT seq FROM audit_events ORDER BY seq DESC LIMIT 4) RETURNING ref, seq;
-- DELETE with NOT IN over a table with NULLs
DELETE FROM payouts WHERE currency NOT IN (SELECT base_currency FROM tenants WHERE tenant_id < 3);
SELECT count(*) FROM payouts;
-- DELETE ... WHERE EXISTS over a colocated table
DELETE FROM holds h WHERE NOT EXISTS (SELECT 1 FROM entries e WHERE e.tenant_id = h.tenant_id AND e.account_id = h.account_id AND e.direction = 'C');
SELECT count(*) FROM holds;
-- a CASE in SET reading several columns, on many shards
UPDATE transfers SET status = CASE WHEN amount > 200 THEN 'review' WHEN fee = 0 THEN 'free' ELSE status END, fee = fee + 0.25 WHERE created_on < '2024-02-20';
SELECT status, count(*), sum(fee) FROM transfers GROUP BY status;
-- UPDATE of a jsonb / array column
UPDATE accounts SET tags = array_append(tags, 'x'), meta = jsonb_set(coalesce(meta, '{}'), '{level}', to_jsonb(account_id)) WHERE tenant_id = 20 RETURNING account_id, tags, meta;
UPDATE tenants SET settings = settings - 'tier' WHERE settings ? 'tier' AND tenant_id > 25 RETURNING tenant_id, settings;
-- enum and domain columns
UPDATE accounts SET kind = 'expense' WHERE kind = 'revenue' AND tenant_id < 5;
SELECT kind, count(*) FROM accounts GROUP BY kind;
-- error
UPDATE accounts SET kind = 'bogus' WHERE tenant_id = 1;
-- (the workers name the domain with its schema)
-- error
-- expect-error: violates check constraint "positive_amount_check"
UPDATE entries SET amount = amount - 1000 WHERE tenant_id = 1;
UPDATE entries SET amount = amount + 1 WHERE tenant_id = 1 RETURNING entry_id, amount, signed_amount;
-- UPDATE on a reference table with a subquery over a distributed table
UPDATE currencies SET usd_rate = (SELECT count(*) FROM accounts a WHERE a.currency = currencies.code) / 10.0 WHERE code IN ('JPY', 'CHF');
SELECT * FROM currencies;
-- DELETE on a reference table with a subquery over a distributed table
DELETE FROM fee_rules WHERE currency NOT IN (SELECT DISTINCT currency FROM transfers) RETURNING rule_id;
-- UPDATE and DELETE with no matching rows
UPDATE accounts SET balance = 0 WHERE tenant_id = 999;
DELETE FROM entries WHERE tenant_id = 999 RETURNING *;
-- numeric distribution column: equal values, different scales
UPDATE fx_quotes SET rate = rate + 1 WHERE bucket = 2.50 RETURNING bucket, pair, rate;
DELETE FROM fx_quotes WHERE bucket = 3.0 RETURNING bucket, pair;
-- uuid / text keys
UPDATE payouts SET attempts = attempts + 1 WHERE payout_ref = '00000000-0000-0000-0000-00000000000A' RETURNING payout_ref, attempts;
DELETE FROM audit_events WHERE ref = 'ref-5' AND seq > 40 RETURNING seq, at_step;
