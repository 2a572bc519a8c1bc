-- INSERT ... SELECT between colocated and non-colocated tables, with ORDER BY / LIMIT / GROUP BY /
-- DISTINCT / window functions / generate_series / VALUES.

-- colocated, same shard group
INSERT INTO holds (tenant_id, account_id, amount, reason) SELECT tenant_id, account_id, balance, 'from balance' FROM accounts WHERE balance > 500 ORDER BY tenant_id, account_id;
SELECT hold_id, tenant_id, account_id, amount FROM holds WHERE reason = 'from balance';
-- GROUP BY the distribution column
INSERT INTO audit_events (ref, seq, tenant_id, action, detail)
SELECT 'sum-' || tenant_id, 1000 + tenant_id::int, tenant_id, 'total', jsonb_build_object('n', count(*), 's', sum(signed_amount)) FROM entries GROUP BY tenant_id;
SELECT ref, seq, detail FROM audit_events WHERE action = 'total';
-- GROUP BY another column (needs a coordinator step)
INSERT INTO audit_events (ref, seq, action, detail)
SELECT 'dir-' || direction, 2000 + ascii(direction), 'dir', jsonb_build_object('n', count(*)) FROM entries GROUP BY direction;
SELECT ref, seq, detail FROM audit_events WHERE action = 'dir';
-- ORDER BY + LIMIT
INSERT INTO payouts (payout_ref, tenant_id, account_id, amount, note)
SELECT ('30000000-0000-0000-0000-' || lpad(entry_id::text, 12, '0'))::uuid, tenant_id, account_id, amount, 'top'
FROM entries ORDER BY amount DESC, entry_id LIMIT 7;
SELECT tenant_id, account_id, amount FROM payouts WHERE note = 'top';
-- DISTINCT
INSERT INTO fx_quotes (bucket, pair, rate) SELECT DISTINCT tenant_id, currency, 1 FROM accounts WHERE tenant_id < 6;
SELECT bucket, pair, quote_no FROM fx_quotes WHERE bucket >= 1 AND rate = 1;
-- DISTINCT ON
INSERT INTO holds (tenant_id, account_id, amount, reason)
SELECT DISTINCT ON (tenant_id) tenant_id, account_id, amount, 'largest' FROM entries WHERE tenant_id BETWEEN 20 AND 25 ORDER BY tenant_id, amount DESC, entry_id;
SELECT tenant_id, account_id, amount FROM holds WHERE reason = 'largest';
-- window functions partitioned by the distribution column and not
INSERT INTO audit_events (ref, seq, tenant_id, action, detail)
SELECT 'rank-' || tenant_id, 3000 + row_number() OVER (PARTITION BY tenant_id ORDER BY amount DESC, entry_id), tenant_id, 'rank', to_jsonb(amount)
FROM entries WHERE tenant_id IN (3, 4);
INSERT INTO audit_events (ref, seq, action, detail)
SELECT 'global', row_number() OVER (ORDER BY amount DESC, tenant_id, entry_id), 'grank', to_jsonb(amount) FROM entries WHERE posted_on = '2024-01-10';
SELECT ref, seq, detail FROM audit_events WHERE action IN ('rank', 'grank');
-- generate_series and VALUES as sources
INSERT INTO tenants (tenant_id, name, base_currency) SELECT g, 'gen ' || g, 'USD' FROM generate_series(300, 320) g;
INSERT INTO accounts (tenant_id, code, currency) SELECT t, 'auto-' || t || c, c FROM generate_series(300, 304) t, (VALUES ('USD'), ('EUR')) v(c) ORDER BY t, c;
SELECT tenant_id, account_id, code, currency FROM accounts WHERE tenant_id >= 300;
INSERT INTO entries (tenant_id, account_id, direction, amount) SELECT * FROM (VALUES (300::bigint, 146::bigint, 'C', 10.5), (301, 148, 'D', 3)) v ORDER BY 1;
SELECT tenant_id, entry_id, account_id, signed_amount, memo FROM entries WHERE tenant_id >= 300;
-- non-colocated: payouts (by uuid) into holds (by tenant)
INSERT INTO holds (tenant_id, account_id, amount, reason)
SELECT p.tenant_id, a.account_id, p.amount, 'payout ' || p.state FROM payouts p JOIN accounts a ON a.tenant_id = p.tenant_id AND a.account_id = p.account_id ORDER BY p.payout_ref;
SELECT tenant_id, hold_id, amount, reason FROM holds WHERE reason LIKE 'payout%';
-- distributed into the text-keyed table, with a join to a reference table
INSERT INTO audit_events (ref, seq, tenant_id, action, detail)
SELECT 'fee-' || t.tenant_id, 4000 + t.tenant_id::int, t.tenant_id, 'fee', to_jsonb(f.pct) FROM tenants t JOIN fee_rules f ON f.currency = t.base_currency AND f.kind = 'wire';
SELECT ref, seq, detail FROM audit_events WHERE action = 'fee';
-- reference into distributed
INSERT INTO fx_quotes (bucket, pair, rate) SELECT decimals + 100, code || 'USD', coalesce(usd_rate, 1) FROM currencies;
SELECT bucket, pair, rate, quote_no FROM fx_quotes WHERE bucket >= 100;
-- distributed into reference
INSERT INTO fee_rules (rule_id, currency, kind, pct) SELECT 100 + row_number() OVER (ORDER BY currency), currency, 'auto', 0.5 FROM (SELECT DISTINCT currency FROM accounts) s;
SELECT * FROM fee_rules WHERE kind = 'auto';
-- self-insert of a table (reads the old rows only)
INSERT INTO fx_quotes (bucket, pair, rate) SELECT bucket + 1000, pair, rate * 2 FROM fx_quotes ORDER BY bucket, pair;
SELECT count(*), sum(rate) FROM fx_quotes;
-- columns in another order, defaults for the rest, generated columns computed
INSERT INTO entries (amount, direction, account_id, tenant_id) SELECT 7, 'D', account_id, tenant_id FROM accounts WHERE tenant_id = 7 ORDER BY account_id;
SELECT tenant_id, entry_id, account_id, signed_amount, memo, posted_on FROM entries WHERE tenant_id = 7 AND amount = 7;
-- an empty source
INSERT INTO holds (tenant_id, account_id, amount) SELECT tenant_id, account_id, 1 FROM accounts WHERE false;
-- INSERT ... SELECT with a CTE and a subquery in the select list
INSERT INTO audit_events (ref, seq, tenant_id, action)
WITH big AS (SELECT tenant_id, count(*) AS n FROM transfers GROUP BY tenant_id)
SELECT 'big-' || tenant_id, 5000 + tenant_id::int, tenant_id, (SELECT name FROM tenants t WHERE t.tenant_id = big.tenant_id) FROM big WHERE n >= 4;
SELECT ref, seq, action FROM audit_events WHERE seq >= 5000;
-- INSERT ... SELECT ... RETURNING
INSERT INTO holds (tenant_id, account_id, amount, reason) SELECT tenant_id, account_id, 1, 'ret' FROM accounts WHERE tenant_id IN (1, 11, 21) AND kind = 'asset' ORDER BY tenant_id, account_id
RETURNING tenant_id, hold_id, account_id, reason;
-- in a transaction, rolled back
BEGIN;
INSERT INTO payouts (payout_ref, tenant_id, account_id, amount) SELECT ('40000000-0000-0000-0000-' || lpad(g::text, 12, '0'))::uuid, g, g, g FROM generate_series(1, 50) g;
INSERT INTO holds (tenant_id, account_id, amount) SELECT tenant_id, account_id, amount FROM payouts p WHERE payout_ref::text LIKE '4%' AND EXISTS (SELECT 1 FROM accounts a WHERE a.tenant_id = p.tenant_id AND a.account_id = p.account_id);
SELECT count(*) FROM holds;
ROLLBACK;
SELECT count(*) FROM payouts;
SELECT count(*) FROM holds;
