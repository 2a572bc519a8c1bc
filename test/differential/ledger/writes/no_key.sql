-- UPDATE / DELETE on a table without a primary key that the shards cannot run as they are (a
-- non-colocated table, a user-defined function): the rows are matched on all their columns, and
-- rows equal by their types' operators but not identical must stay apart.

UPDATE rate_log r SET note = 'x' FROM payouts p WHERE p.tenant_id = r.tenant_id AND p.payout_ref = '00000000-0000-0000-0000-000000000001' AND r.rate::text = '1.00' RETURNING r.rate, r.note;
SELECT tenant_id, rate, weight, note FROM rate_log WHERE tenant_id = 2 OR tenant_id = 1;
UPDATE rate_log SET rate = rate + 1 WHERE tenant_id IN (SELECT tenant_id FROM payouts WHERE attempts = 0) AND weight::text = '-0' RETURNING tenant_id, rate, weight;
DELETE FROM rate_log WHERE tenant_id = 1 AND rate::text = '1.0' AND tenant_id IN (SELECT tenant_id - 1 FROM payouts) RETURNING rate, steps;
SELECT tenant_id, rate, steps FROM rate_log WHERE tenant_id = 1;
UPDATE rate_log SET note = 'json' WHERE tenant_id = 3 AND raw::text = '{"a":1}' AND tenant_id IN (SELECT tenant_id FROM payouts) RETURNING raw, note;
UPDATE rate_log SET note = 'steps' WHERE tenant_id = 4 AND steps[1]::text = '2.50' AND EXISTS (SELECT 1 FROM payouts p WHERE p.tenant_id = rate_log.tenant_id) RETURNING steps, note;
DELETE FROM rate_log WHERE tenant_id = 4 AND rate::text = '2.5' AND tenant_id IN (SELECT tenant_id + 1 FROM payouts) RETURNING rate, steps;
-- exact duplicates are modified together
UPDATE rate_log SET note = 'dup' WHERE tenant_id = 2 AND weight::text = '0' AND tenant_id IN (SELECT tenant_id FROM payouts) RETURNING tenant_id, weight, note;
SELECT tenant_id, rate, weight, note, raw, steps FROM rate_log;
-- values that differ per evaluation cannot tell exact duplicates apart: refused (PostgreSQL
-- gives each duplicate its own value); in transactions rolled back, so both sides stay equal
BEGIN;
-- expect-error: are not supported
UPDATE rate_log SET note = next_memo() WHERE tenant_id = 1 RETURNING note;
ROLLBACK;
BEGIN;
-- expect-error: are not supported
UPDATE rate_log SET note = 'n' || nextval('memo_seq') WHERE tenant_id = 2;
ROLLBACK;
BEGIN;
-- expect-error: which is not colocated with it
UPDATE rate_log r SET weight = random() FROM payouts p WHERE p.tenant_id = r.tenant_id;
ROLLBACK;
