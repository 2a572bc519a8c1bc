-- Defaults, sequences, identity (ALWAYS / BY DEFAULT), generated columns, DEFAULT VALUES,
-- OVERRIDING SYSTEM / USER VALUE, and RETURNING of all of them.

INSERT INTO counters DEFAULT VALUES RETURNING *;
INSERT INTO counters DEFAULT VALUES RETURNING slot, n, label, hits + 1 AS next_hits, created;
INSERT INTO counters (slot) VALUES (1), (2), (3), (DEFAULT) RETURNING *;
INSERT INTO counters (slot, label) VALUES (DEFAULT, DEFAULT), (2, NULL), (3, 'x') RETURNING n, label;
-- error
INSERT INTO counters (slot, n) VALUES (1, 1);
INSERT INTO counters (slot, n) OVERRIDING SYSTEM VALUE VALUES (1, 1000), (2, 1001) RETURNING *;
INSERT INTO counters (slot, n) OVERRIDING USER VALUE VALUES (1, 5) RETURNING slot, n;
-- error
INSERT INTO counters (slot, hits) VALUES (1, 0), (2, -1);
INSERT INTO counters (slot) SELECT g FROM generate_series(1, 5) g RETURNING slot, n, label;
-- NULL into a NOT NULL distribution column that has a default
-- error
INSERT INTO counters (slot) VALUES (NULL);
-- identity BY DEFAULT: explicit and generated values
INSERT INTO accounts (tenant_id, code, currency) VALUES (1, 'r1', 'USD'), (2, 'r2', 'EUR'), (3, 'r3', 'GBP') RETURNING *;
INSERT INTO accounts (tenant_id, account_id, code, currency) VALUES (4, 7000, 'r4', 'USD') RETURNING account_id;
INSERT INTO accounts (tenant_id, account_id, code, currency) OVERRIDING USER VALUE VALUES (5, 7001, 'r5', 'USD') RETURNING account_id;
INSERT INTO accounts (tenant_id, code, currency, kind, tags, meta) VALUES (6, 'r6', 'CHF', 'revenue', '{a,b}', '{"x": [1, 2]}')
RETURNING account_id, kind, tags, meta -> 'x' AS x, balance, closed;
-- identity ALWAYS with OVERRIDING SYSTEM VALUE
INSERT INTO transfers (tenant_id, transfer_id, from_account, to_account, amount, currency, created_on) OVERRIDING SYSTEM VALUE
VALUES (1, 42, 1, 2, 10, 'USD', '2024-05-01'), (2, 43, 6, 7, 11, 'EUR', '2024-05-02') RETURNING *;
INSERT INTO transfers (tenant_id, from_account, to_account, amount, currency, created_on)
VALUES (3, 11, 12, 12, 'USD', '2024-05-03'), (4, 16, 17, 13, 'USD', '2024-05-04') RETURNING transfer_id, fee, status;
-- bigserial and a default that calls a function reading a sequence; generated column in RETURNING
INSERT INTO entries (tenant_id, account_id, direction, amount) VALUES (1, 1, 'D', 10), (2, 6, 'C', 20), (3, 11, 'D', 30.5)
RETURNING entry_id, memo, signed_amount, posted_on;
INSERT INTO entries (tenant_id, account_id, direction, amount, memo) VALUES (4, 16, 'C', 1, DEFAULT), (5, 21, 'D', 2, 'given')
RETURNING tenant_id, entry_id, memo, signed_amount * 2 AS doubled;
INSERT INTO entries (tenant_id, entry_id, account_id, direction, amount) VALUES (6, DEFAULT, 26, 'D', 3) RETURNING entry_id, memo;
-- serial in a colocated table
INSERT INTO holds (tenant_id, account_id, amount) VALUES (1, 2, 1), (9, 42, 2), (17, 82, 3), (25, 122, 4) RETURNING hold_id, tenant_id;
-- RETURNING expressions over several columns, subqueries on reference tables, whole-row
INSERT INTO accounts (tenant_id, code, currency, balance) VALUES (7, 'r7', 'JPY', 12.5), (8, 'r8', 'BHD', 3)
RETURNING code, balance * 2 AS twice, (SELECT decimals FROM currencies c WHERE c.code = accounts.currency) AS decimals, accounts IS NOT NULL AS whole;
INSERT INTO audit_events (ref, seq, tenant_id, action) VALUES ('ret', 1, 1, 'a'), ('ret', 2, 2, 'b') RETURNING *, at_step + seq AS s;
-- a generated column on the text-keyed table with dropped columns, and UPDATE RETURNING it
UPDATE audit_events SET seq = seq + 100 WHERE ref = 'ret' RETURNING ref, seq, at_step;
UPDATE entries SET direction = CASE direction WHEN 'D' THEN 'C' ELSE 'D' END WHERE tenant_id = 2 AND entry_id <= 12 RETURNING entry_id, direction, signed_amount;
UPDATE counters SET hits = hits + 1 WHERE slot = 2 RETURNING slot, n, hits;
DELETE FROM counters WHERE hits > 10 RETURNING *;
-- UPDATE to DEFAULT
UPDATE accounts SET balance = DEFAULT, tags = DEFAULT WHERE tenant_id = 10 AND account_id = 46 RETURNING account_id, balance, tags;
UPDATE entries SET memo = DEFAULT WHERE tenant_id = 11 AND entry_id IN (301, 302) RETURNING entry_id, memo;
-- error
UPDATE counters SET n = 5 WHERE slot = 1;
-- user-defined functions and sequences in SET and WHERE are computed on the coordinator
UPDATE entries SET memo = next_memo() WHERE tenant_id = 12 AND entry_id IN (331, 332) RETURNING entry_id, memo;
UPDATE entries SET memo = 'seq ' || nextval('memo_seq') WHERE entry_id = 340 RETURNING tenant_id, memo;
UPDATE entries SET memo = 'udf' WHERE tenant_id = 13 AND memo = next_memo();
DELETE FROM holds WHERE tenant_id = 13 AND hold_id < nextval('memo_seq') - 1000 RETURNING hold_id;
UPDATE currencies SET name = name || ' ' || next_memo() WHERE code IN ('CHF', 'BHD') RETURNING *;
UPDATE counters SET label = next_memo() WHERE hits = 5 RETURNING slot, n, label;
UPDATE counters SET n = DEFAULT WHERE slot = 3 AND label = 'x' RETURNING slot, n, label;
-- sequences after all of this
SELECT nextval(pg_get_serial_sequence(:'s' || '.entries', 'entry_id'));
SELECT nextval(pg_get_serial_sequence(:'s' || '.holds', 'hold_id'));
SELECT nextval(pg_get_serial_sequence(:'s' || '.accounts', 'account_id'));
SELECT nextval(pg_get_serial_sequence(:'s' || '.transfers', 'transfer_id'));
SELECT nextval(pg_get_serial_sequence(:'s' || '.counters', 'n'));
SELECT nextval('memo_seq');
-- currval after an insert in this session
INSERT INTO holds (tenant_id, account_id, amount) VALUES (2, 6, 1);
SELECT currval(pg_get_serial_sequence(:'s' || '.holds', 'hold_id'));
SELECT lastval();
-- tableoid names the table written, not the shard
INSERT INTO holds (tenant_id, account_id, amount) VALUES (3, 12, 1), (11, 52, 2) RETURNING tableoid::regclass, tenant_id;
UPDATE holds SET amount = amount + 1 WHERE tenant_id = 3 AND tableoid::regclass::text = 'holds' RETURNING tableoid::regclass, hold_id;
UPDATE holds h SET amount = 5 FROM payouts p WHERE p.tenant_id = h.tenant_id AND p.attempts = 0 AND h.tenant_id < 4 RETURNING h.tableoid::regclass, p.tableoid::regclass, h.hold_id;
DELETE FROM holds WHERE tenant_id = 12 RETURNING tableoid::regclass, hold_id;
INSERT INTO currencies VALUES ('ZZZ', 'z', 2, 1) RETURNING tableoid::regclass, code;
WITH i AS (INSERT INTO audit_events (ref, seq, action) VALUES ('toid', 1, 'x') RETURNING tableoid) SELECT tableoid::regclass FROM i;
