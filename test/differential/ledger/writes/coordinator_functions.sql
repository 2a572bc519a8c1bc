-- User-defined and sequence functions in writes: computed on the coordinator where the rows are
-- computed there (INSERT values, UPDATE / DELETE through the rows' keys), refused where the
-- workers would evaluate them (INSERT's RETURNING and ON CONFLICT). Refused statements run in
-- transactions rolled back, so that both sides stay equal.

INSERT INTO entries (tenant_id, account_id, direction, amount, memo) VALUES (1, 1, 'D', 1, next_memo()), (2, 6, 'C', 2, 'm-' || nextval('memo_seq')) RETURNING entry_id, memo;
INSERT INTO entries (tenant_id, account_id, direction, amount, memo) SELECT tenant_id, account_id, 'C', 1, next_memo() FROM accounts WHERE tenant_id = 3 ORDER BY account_id RETURNING entry_id, memo;
UPDATE entries SET memo = next_memo() WHERE tenant_id = 4 AND entry_id = (SELECT min(entry_id) FROM entries WHERE tenant_id = 4) RETURNING entry_id, memo;
UPDATE entries SET memo = DEFAULT WHERE tenant_id = 5 AND entry_id IN (121, 122) RETURNING entry_id, memo;
UPDATE counters SET n = DEFAULT WHERE slot = 3 AND hits = 3 RETURNING slot, n, label;
UPDATE transfers SET transfer_id = DEFAULT WHERE tenant_id = 6 AND transfer_id = 520 RETURNING transfer_id;
UPDATE fee_rules SET min_fee = nextval('memo_seq') - 1000 WHERE rule_id = 2 RETURNING rule_id, min_fee;
DELETE FROM counters WHERE slot = 0 AND label <> next_memo() RETURNING slot, n;
SELECT nextval('memo_seq');
SELECT nextval(pg_get_serial_sequence(:'s' || '.entries', 'entry_id'));
SELECT nextval(pg_get_serial_sequence(:'s' || '.counters', 'n'));
SELECT nextval(pg_get_serial_sequence(:'s' || '.transfers', 'transfer_id'));
-- (last: the refused statements use up sequence values on the local side only)
BEGIN;
-- expect-error: are not supported
INSERT INTO accounts (tenant_id, code, currency) VALUES (1, 'f1', 'USD') RETURNING account_id, next_memo();
ROLLBACK;
BEGIN;
-- expect-error: are not supported
INSERT INTO accounts (tenant_id, code, currency) VALUES (1, 'acc-1-1', 'USD') ON CONFLICT (tenant_id, code) DO UPDATE SET balance = nextval('memo_seq') RETURNING balance;
ROLLBACK;
BEGIN;
-- expect-error: are not supported
UPDATE entries SET memo = 'r' WHERE tenant_id = 7 RETURNING entry_id, next_memo();
ROLLBACK;
