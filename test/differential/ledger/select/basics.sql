-- A few reads over the ledger schema: the writes corpus is the point of this suite.
SELECT count(*), sum(balance) FROM accounts;
SELECT tenant_id, count(*), sum(signed_amount) FROM entries GROUP BY tenant_id;
SELECT t.tenant_id, t.base_currency, count(a.*) FROM tenants t LEFT JOIN accounts a USING (tenant_id) GROUP BY t.tenant_id, t.base_currency;
SELECT status, count(*), sum(amount) FROM transfers GROUP BY status;
SELECT p.state, c.name, count(*) FROM payouts p LEFT JOIN currencies c ON c.code = p.currency GROUP BY p.state, c.name;
SELECT ref, seq, tenant_id, action, detail, at_step FROM audit_events WHERE ref = 'ref-3';
SELECT bucket, pair, rate, quote_no FROM fx_quotes WHERE bucket = 2.5;
SELECT * FROM account_totals WHERE tenant_id = 7;
-- ordered
SELECT tenant_id, account_id, code, kind, tags, meta FROM accounts WHERE tenant_id IN (2, 3) ORDER BY tenant_id, account_id;
SELECT kind, count(*) FROM accounts GROUP BY kind;
SELECT a.tenant_id, count(*) FROM accounts a JOIN entries e ON e.tenant_id = a.tenant_id AND e.account_id = a.account_id WHERE e.amount > 250 GROUP BY a.tenant_id;
