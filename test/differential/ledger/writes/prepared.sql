-- Prepared INSERT / UPDATE / DELETE executed 6+ times (so generic plans are used), with NULL
-- parameters and parameters on the distribution column, some executions failing.

PREPARE p_ins_entry(bigint, bigint, char, numeric, text) AS
    INSERT INTO entries (tenant_id, account_id, direction, amount, memo) VALUES ($1, $2, $3, $4, $5) RETURNING tenant_id, entry_id, signed_amount, memo;
EXECUTE p_ins_entry(1, 1, 'D', 10, 'p1');
EXECUTE p_ins_entry(2, 6, 'C', 11, NULL);
EXECUTE p_ins_entry(3, 11, 'D', 12, 'p3');
EXECUTE p_ins_entry(4, 16, 'C', 13, 'p4');
EXECUTE p_ins_entry(5, 21, 'D', 14, 'p5');
EXECUTE p_ins_entry(6, 26, 'C', 15, 'p6');
EXECUTE p_ins_entry(7, 31, 'D', 16, 'p7');
-- error
EXECUTE p_ins_entry(8, 36, 'D', 0, 'zero');
-- error
EXECUTE p_ins_entry(NULL, 36, 'D', 1, 'null tenant');
-- error
EXECUTE p_ins_entry(8, NULL, 'D', 1, 'null account');
-- error
EXECUTE p_ins_entry(8, 9999, 'D', 1, 'no account');
EXECUTE p_ins_entry(8, 36, 'C', 17, NULL);

PREPARE p_ins_default(bigint, text, char(3)) AS
    INSERT INTO accounts (tenant_id, code, currency) VALUES ($1, $2, $3) RETURNING tenant_id, account_id, code, balance, kind;
EXECUTE p_ins_default(1, 'pd1', 'USD');
EXECUTE p_ins_default(2, 'pd2', 'EUR');
EXECUTE p_ins_default(3, 'pd3', 'GBP');
EXECUTE p_ins_default(4, 'pd4', 'JPY');
EXECUTE p_ins_default(5, 'pd5', 'CHF');
EXECUTE p_ins_default(6, 'pd6', 'USD');
-- error
EXECUTE p_ins_default(6, 'pd6', 'USD');
-- error
EXECUTE p_ins_default(7, 'pd7', NULL);
EXECUTE p_ins_default(7, 'pd7', 'USD');

PREPARE p_upsert(bigint, text, numeric) AS
    INSERT INTO accounts (tenant_id, code, currency, balance) VALUES ($1, $2, 'USD', $3)
    ON CONFLICT (tenant_id, code) DO UPDATE SET balance = accounts.balance + EXCLUDED.balance WHERE accounts.closed IS NOT TRUE
    RETURNING tenant_id, code, balance;
EXECUTE p_upsert(1, 'acc-1-1', 1);
EXECUTE p_upsert(1, 'acc-1-1', 2);
EXECUTE p_upsert(9, 'acc-9-5', 3);
EXECUTE p_upsert(9, 'up-9', 4);
-- error
EXECUTE p_upsert(9, 'up-9', NULL);
EXECUTE p_upsert(15, 'acc-15-5', 5);
EXECUTE p_upsert(16, 'up-16', 6);
-- error
EXECUTE p_upsert(16, 'up-16', -5000);

PREPARE p_upd(bigint, numeric, bigint) AS
    UPDATE accounts SET balance = balance + $2 WHERE tenant_id = $1 AND account_id = $3 RETURNING tenant_id, account_id, balance;
EXECUTE p_upd(1, 1, 1);
EXECUTE p_upd(2, 2, 6);
-- error
EXECUTE p_upd(3, NULL, 11);
EXECUTE p_upd(NULL, 1, 11);
EXECUTE p_upd(4, 4, 16);
EXECUTE p_upd(5, 5, 21);
EXECUTE p_upd(6, 6, 26);
-- error
EXECUTE p_upd(7, -5000, 31);
EXECUTE p_upd(7, 7, 31);

PREPARE p_upd_multi(numeric, text) AS UPDATE transfers SET fee = fee + $1 WHERE status = $2;
EXECUTE p_upd_multi(1, 'pending');
EXECUTE p_upd_multi(2, 'settled');
-- error
EXECUTE p_upd_multi(NULL, 'failed');
EXECUTE p_upd_multi(3, NULL);
EXECUTE p_upd_multi(4, 'pending');
EXECUTE p_upd_multi(5, 'settled');
EXECUTE p_upd_multi(6, 'pending');
SELECT status, count(*), sum(fee) FROM transfers GROUP BY status;

PREPARE p_upd_div(int) AS UPDATE holds SET amount = amount / (hold_id % $1);
-- error
EXECUTE p_upd_div(3);
-- error
EXECUTE p_upd_div(2);
-- error
EXECUTE p_upd_div(1);
EXECUTE p_upd_div(1000);
EXECUTE p_upd_div(1000);
EXECUTE p_upd_div(1000);
SELECT sum(amount) FROM holds;

PREPARE p_del(bigint, bigint) AS DELETE FROM holds WHERE tenant_id = $1 AND hold_id = $2 RETURNING tenant_id, hold_id, amount;
EXECUTE p_del(1, 1);
EXECUTE p_del(2, 4);
EXECUTE p_del(NULL, 5);
EXECUTE p_del(3, NULL);
EXECUTE p_del(3, 6);
EXECUTE p_del(4, 9);
EXECUTE p_del(5, 11);
EXECUTE p_del(5, 11);

PREPARE p_del_in(bigint[]) AS DELETE FROM payouts WHERE tenant_id = ANY ($1) RETURNING payout_ref;
EXECUTE p_del_in(ARRAY[1, 2]);
EXECUTE p_del_in(ARRAY[3]);
EXECUTE p_del_in(NULL);
EXECUTE p_del_in('{}');
EXECUTE p_del_in(ARRAY[4, NULL]);
EXECUTE p_del_in(ARRAY[5, 6, 7]);
EXECUTE p_del_in(ARRAY[8]);

PREPARE p_uuid(uuid, text) AS UPDATE payouts SET note = $2, attempts = attempts + 1 WHERE payout_ref = $1 RETURNING payout_ref, note, attempts;
EXECUTE p_uuid('00000000-0000-0000-0000-00000000002a', 'a');
EXECUTE p_uuid('00000000-0000-0000-0000-00000000002b', NULL);
EXECUTE p_uuid(NULL, 'n');
EXECUTE p_uuid('00000000-0000-0000-0000-00000000002c', 'c');
EXECUTE p_uuid('00000000-0000-0000-0000-00000000002d', 'd');
EXECUTE p_uuid('00000000-0000-0000-0000-00000000002e', 'e');
EXECUTE p_uuid('00000000-0000-0000-0000-00000000002e', 'e2');

PREPARE p_num(numeric, text, numeric) AS
    INSERT INTO fx_quotes (bucket, pair, rate) VALUES ($1, $2, $3) ON CONFLICT (bucket, pair) DO UPDATE SET rate = EXCLUDED.rate RETURNING bucket, pair, rate, quote_no;
EXECUTE p_num(1, 'AAA', 1);
EXECUTE p_num(1.0, 'AAA', 2);
EXECUTE p_num(1.00, 'AAA', 3);
EXECUTE p_num(2.5, 'EURUSD', 4);
EXECUTE p_num(2.50, 'EURUSD', 5);
-- error
EXECUTE p_num(3, 'BBB', -1);
-- error
EXECUTE p_num(NULL, 'CCC', 1);
EXECUTE p_num(3, 'BBB', 6);

PREPARE p_ins_sel(bigint, bigint) AS
    INSERT INTO holds (tenant_id, account_id, amount, reason) SELECT tenant_id, account_id, $2, 'ps' FROM accounts WHERE tenant_id = $1 ORDER BY account_id RETURNING hold_id, account_id, amount;
EXECUTE p_ins_sel(1, 1);
EXECUTE p_ins_sel(2, 2);
EXECUTE p_ins_sel(NULL, 3);
EXECUTE p_ins_sel(4, 4);
EXECUTE p_ins_sel(5, 5);
EXECUTE p_ins_sel(6, 6);
-- (last: a failed INSERT uses up as many sequence values as it computed, which may differ)
-- error
EXECUTE p_ins_sel(3, NULL);

-- the same under force_generic_plan, in a transaction with a failure and a savepoint
SET plan_cache_mode = force_generic_plan;
PREPARE p_g(bigint, bigint, numeric) AS UPDATE accounts SET balance = balance - $3 WHERE tenant_id = $1 AND account_id = $2 RETURNING balance;
BEGIN;
EXECUTE p_g(10, 46, 1);
EXECUTE p_g(11, 51, 2);
SAVEPOINT g;
-- error
EXECUTE p_g(12, 56, 5000);
ROLLBACK TO g;
EXECUTE p_g(12, 56, 3);
EXECUTE p_g(13, 61, 4);
EXECUTE p_g(14, 66, 5);
EXECUTE p_g(NULL, 66, 5);
COMMIT;
RESET plan_cache_mode;
SELECT tenant_id, account_id, balance FROM accounts WHERE tenant_id BETWEEN 10 AND 14 AND account_id % 5 = 1;
