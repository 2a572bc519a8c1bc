-- COPY into the ledger tables: defaults, identity, generated columns, bad rows (nothing of a failed COPY remains).

COPY entries (tenant_id, account_id, direction, amount) FROM STDIN;
1	1	D	4.25
2	6	C	5
13	61	D	6
\.
SELECT tenant_id, entry_id, account_id, signed_amount, memo, posted_on FROM entries WHERE entry_id > 870;
-- a bad row in the middle (domain check): nothing remains
-- error
COPY entries (tenant_id, account_id, direction, amount) FROM STDIN;
3	11	D	1
4	16	C	0
5	21	D	2
\.
-- a foreign key violation on a later shard
-- error
COPY entries (tenant_id, account_id, direction, amount) FROM STDIN;
3	11	D	1
5	21	D	2
6	999	C	3
\.
-- a unique violation against existing rows on one shard
-- error
COPY accounts (tenant_id, account_id, code, currency) FROM STDIN WITH (FORMAT csv);
1,9500,c1,USD
2,9501,c2,USD
3,9502,acc-3-2,USD
\.
-- a NULL distribution column
-- error
COPY accounts (tenant_id, account_id, code, currency) FROM STDIN WITH (FORMAT csv);
1,9503,c3,USD
,9504,c4,USD
\.
-- a malformed value
-- error
COPY holds (tenant_id, hold_id, account_id, amount) FROM STDIN;
1	900	2	1
2	901	6	x
\.
SELECT count(*) FROM entries;
SELECT count(*) FROM accounts;
SELECT count(*) FROM holds;
-- a GENERATED ALWAYS identity given by COPY (allowed, as in PostgreSQL)
COPY transfers (tenant_id, transfer_id, from_account, to_account, amount, currency, created_on) FROM STDIN;
1	9000	1	2	5	USD	2024-07-01
2	9001	6	7	6	EUR	2024-07-01
\.
SELECT tenant_id, transfer_id, amount, fee, status FROM transfers WHERE transfer_id >= 9000;
-- every column default on the table keyed by a default
COPY counters (hits) FROM STDIN;
3
4
\.
SELECT slot, n, label, hits FROM counters WHERE hits IN (3, 4);
-- the table with dropped columns and a generated column
COPY audit_events (ref, seq, tenant_id, action, detail) FROM STDIN WITH (FORMAT csv);
cp-1,1,1,copy,"{""a"": 1}"
cp-2,2,,copy,
\.
SELECT ref, seq, tenant_id, action, detail, at_step FROM audit_events WHERE ref LIKE 'cp-%';
-- numeric and uuid keys
COPY fx_quotes (bucket, pair, rate) FROM STDIN;
7.50	XXXYYY	1.5
7.5	YYYZZZ	2.5
\.
SELECT bucket, pair, rate, quote_no FROM fx_quotes WHERE bucket = 7.5;
COPY payouts (payout_ref, tenant_id, account_id, amount) FROM STDIN WITH (FORMAT csv);
50000000-0000-0000-0000-000000000001,1,1,10
50000000-0000-0000-0000-000000000002,2,6,20
\.
-- COPY in a transaction, then rollback; and a COPY failing inside a savepoint
BEGIN;
COPY holds (tenant_id, account_id, amount) FROM STDIN;
1	2	10
9	42	11
\.
SAVEPOINT c;
-- error
COPY holds (tenant_id, account_id, amount) FROM STDIN;
1	2	12
9	4242	13
\.
ROLLBACK TO c;
SELECT count(*) FROM holds;
ROLLBACK;
SELECT count(*) FROM holds;
BEGIN;
COPY holds (tenant_id, account_id, amount, reason) FROM STDIN;
1	2	10	kept
17	82	11	kept
\.
COMMIT;
SELECT tenant_id, account_id, amount, reason FROM holds WHERE reason = 'kept';
-- COPY into a reference table, with a bad row
-- error
COPY currencies FROM STDIN WITH (FORMAT csv);
AAA,Aaa,2,1
BBB,Bbb,9,1
\.
COPY currencies FROM STDIN WITH (FORMAT csv);
AAA,Aaa,2,1
\.
SELECT * FROM currencies WHERE code = 'AAA';
