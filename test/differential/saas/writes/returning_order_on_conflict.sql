-- RETURNING order of multi-row INSERT ... ON CONFLICT whose rows go to several shards and some
-- of which are skipped (DO NOTHING, DO UPDATE ... WHERE): PostgreSQL returns the rows in the
-- order of the rows proposed (Rails insert_all, ORM bulk upserts match them by position).
-- Tenants 4, 7 and 14 share a shard, so do 1, 15 and 25, and 9, 23 and 30 (32 shards).

-- ordered
INSERT INTO users (tenant_id, user_id, email, created_at) VALUES (9, 100001, 'k1@x', '2024-01-01'), (1, 1, 'dup@x', '2024-01-01'), (7, 100002, 'k2@x', '2024-01-01'), (2, 21, 'dup2@x', '2024-01-01'), (3, 100003, 'k3@x', '2024-01-01'), (4, 100004, 'k4@x', '2024-01-01'), (5, 100005, 'k5@x', '2024-01-01'), (6, 100006, 'k6@x', '2024-01-01') ON CONFLICT DO NOTHING RETURNING tenant_id, user_id;

-- rows that exist already, for the conflicts below
INSERT INTO invoices (tenant_id, invoice_id, amount, currency, issued_on, status) VALUES
    (4, 9001, 10, 'USD', '2024-09-01', 'open'), (1, 9001, 10, 'USD', '2024-09-01', 'paid'),
    (14, 9001, 10, 'USD', '2024-09-01', 'open'), (25, 9002, 10, 'USD', '2024-09-01', 'paid'),
    (9, 9001, 10, 'USD', '2024-09-01', 'open'), (23, 9001, 10, 'USD', '2024-09-01', 'paid'),
    (4, 9031, 10, 'USD', '2024-09-01', 'paid'), (2, 9031, 10, 'USD', '2024-09-01', 'paid');

-- rows alternating between two shards, some skipped, RETURNING *
-- ordered
INSERT INTO invoices (tenant_id, invoice_id, amount, currency, issued_on, status) VALUES
    (4, 9001, 1, 'EUR', '2024-09-02', 'open'), (1, 9002, 2, 'EUR', '2024-09-02', 'open'),
    (7, 9001, 3, 'EUR', '2024-09-02', 'open'), (15, 9001, 4, 'EUR', '2024-09-02', 'open'),
    (14, 9001, 5, 'EUR', '2024-09-02', 'open'), (25, 9002, 6, 'EUR', '2024-09-02', 'open'),
    (4, 9002, 7, 'EUR', '2024-09-02', 'open'), (1, 9001, 8, 'EUR', '2024-09-02', 'open'),
    (7, 9002, 9, 'EUR', '2024-09-02', 'open'), (25, 9003, 10, 'EUR', '2024-09-02', 'open')
ON CONFLICT DO NOTHING RETURNING *;

-- the same key twice in one statement, in different runs of its shard: the second is skipped
-- ordered
INSERT INTO invoices (tenant_id, invoice_id, amount, currency, issued_on, status) VALUES
    (9, 9010, 1, 'GBP', '2024-09-03', 'open'), (2, 9010, 2, 'GBP', '2024-09-03', 'open'),
    (23, 9010, 3, 'GBP', '2024-09-03', 'open'), (9, 9010, 4, 'GBP', '2024-09-03', 'draft'),
    (3, 9010, 5, 'GBP', '2024-09-03', 'open'), (23, 9010, 6, 'GBP', '2024-09-03', 'draft'),
    (30, 9010, 7, 'GBP', '2024-09-03', 'open')
ON CONFLICT (tenant_id, invoice_id) DO NOTHING RETURNING tenant_id, invoice_id, amount, status;

-- DO UPDATE ... WHERE skipping rows (paid invoices keep their amount)
-- ordered
INSERT INTO invoices AS i (tenant_id, invoice_id, amount, currency, issued_on, status) VALUES
    (1, 9001, 50, 'USD', '2024-09-04', 'open'), (4, 9001, 51, 'USD', '2024-09-04', 'open'),
    (23, 9001, 52, 'USD', '2024-09-04', 'open'), (9, 9001, 53, 'USD', '2024-09-04', 'open'),
    (25, 9002, 54, 'USD', '2024-09-04', 'open'), (14, 9001, 55, 'USD', '2024-09-04', 'open'),
    (5, 9020, 56, 'USD', '2024-09-04', 'open'), (15, 9001, 57, 'USD', '2024-09-04', 'open')
ON CONFLICT (tenant_id, invoice_id) DO UPDATE SET amount = i.amount + excluded.amount
    WHERE i.status <> 'paid'
RETURNING tenant_id, invoice_id, amount, status;

-- DO UPDATE ... WHERE with the same key twice in one run: the worker decides as PostgreSQL does
-- error
INSERT INTO invoices AS i (tenant_id, invoice_id, amount, currency, issued_on, status) VALUES
    (2, 9030, 1, 'USD', '2024-09-05', 'open'), (4, 9030, 2, 'USD', '2024-09-05', 'open'),
    (4, 9030, 3, 'USD', '2024-09-05', 'open')
ON CONFLICT (tenant_id, invoice_id) DO UPDATE SET amount = excluded.amount WHERE i.status <> 'paid'
RETURNING tenant_id, invoice_id, amount;

-- ... and in two runs of its shard: one statement per shard then, which fails as PostgreSQL
-- does when the first row changed the table's row
-- error
INSERT INTO invoices AS i (tenant_id, invoice_id, amount, currency, issued_on, status) VALUES
    (4, 9033, 1, 'USD', '2024-09-05', 'open'), (2, 9033, 2, 'USD', '2024-09-05', 'open'),
    (4, 9033, 3, 'USD', '2024-09-05', 'open')
ON CONFLICT (tenant_id, invoice_id) DO UPDATE SET amount = excluded.amount WHERE i.status <> 'paid'
RETURNING tenant_id, invoice_id, amount;

-- ... where rows are skipped (paid) the rows of one shard alone still come in order
-- ordered
INSERT INTO invoices AS i (tenant_id, invoice_id, amount, currency, issued_on, status) VALUES
    (4, 9031, 1, 'USD', '2024-09-05', 'open'), (2, 9031, 2, 'USD', '2024-09-05', 'open'),
    (4, 9031, 3, 'USD', '2024-09-05', 'open'), (2, 9034, 4, 'USD', '2024-09-05', 'open'),
    (2, 9035, 5, 'USD', '2024-09-05', 'open')
ON CONFLICT (tenant_id, invoice_id) DO UPDATE SET amount = excluded.amount WHERE i.status <> 'paid'
RETURNING tenant_id, invoice_id, amount;

-- ... but the rows of several shards have no known places
BEGIN;
-- expect-error: is not supported when it skips rows and rows of other shards come between rows proposing the same key
INSERT INTO invoices AS i (tenant_id, invoice_id, amount, currency, issued_on, status) VALUES
    (4, 9031, 1, 'USD', '2024-09-05', 'open'), (3, 9031, 2, 'USD', '2024-09-05', 'open'),
    (4, 9031, 3, 'USD', '2024-09-05', 'open'), (4, 9036, 4, 'USD', '2024-09-05', 'open')
ON CONFLICT (tenant_id, invoice_id) DO UPDATE SET amount = excluded.amount WHERE i.status <> 'paid'
RETURNING tenant_id, invoice_id, amount;
ROLLBACK;

-- DO UPDATE without WHERE, the same key twice in two runs: fails as in PostgreSQL
-- error
INSERT INTO invoices AS i (tenant_id, invoice_id, amount, currency, issued_on, status) VALUES
    (4, 9032, 1, 'USD', '2024-09-05', 'open'), (2, 9032, 2, 'USD', '2024-09-05', 'open'),
    (4, 9032, 3, 'USD', '2024-09-05', 'open')
ON CONFLICT (tenant_id, invoice_id) DO UPDATE SET amount = excluded.amount
RETURNING tenant_id, invoice_id, amount;

-- DO UPDATE without WHERE: every row comes back, in order
-- ordered
INSERT INTO invoices AS i (tenant_id, invoice_id, amount, currency, issued_on, status) VALUES
    (7, 9001, 1, 'USD', '2024-09-06', 'open'), (2, 9010, 2, 'USD', '2024-09-06', 'open'),
    (4, 9001, 3, 'USD', '2024-09-06', 'open'), (6, 9040, 4, 'USD', '2024-09-06', 'open')
ON CONFLICT (tenant_id, invoice_id) DO UPDATE SET amount = i.amount - excluded.amount
RETURNING tenant_id, invoice_id, amount;

-- a pulled INSERT ... SELECT ... ORDER BY: the rows come back in the SELECT's order
-- ordered
INSERT INTO invoices (tenant_id, invoice_id, amount, currency, issued_on, status)
SELECT t, 9001 + (t % 2), t, 'CHF', date '2024-09-07', 'draft' FROM generate_series(1, 30) t
ORDER BY t % 3, t DESC
ON CONFLICT DO NOTHING RETURNING tenant_id, invoice_id, amount;

-- prepared, run more than five times (generic plan)
PREPARE ins_skip(bigint, int, bigint, int, bigint, int) AS
    INSERT INTO invoices (tenant_id, invoice_id, amount, currency, issued_on, status) VALUES
        ($1, $2, 1, 'JPY', '2024-09-08', 'open'), ($3, $4, 2, 'JPY', '2024-09-08', 'open'),
        ($5, $6, 3, 'JPY', '2024-09-08', 'open'), (7, 9001, 4, 'JPY', '2024-09-08', 'open')
    ON CONFLICT DO NOTHING RETURNING tenant_id, invoice_id, amount;
-- ordered
EXECUTE ins_skip(4, 9001, 1, 9100, 14, 9100);
-- ordered
EXECUTE ins_skip(9, 9100, 1, 9100, 30, 9100);
-- ordered
EXECUTE ins_skip(25, 9101, 4, 9101, 15, 9101);
-- ordered
EXECUTE ins_skip(23, 9101, 1, 9102, 23, 9101);
-- ordered
EXECUTE ins_skip(14, 9103, 2, 9103, 4, 9103);
-- ordered
EXECUTE ins_skip(1, 9104, 9, 9001, 15, 9104);
-- ordered
EXECUTE ins_skip(7, 9104, 4, 9103, 14, 9104);
DEALLOCATE ins_skip;
