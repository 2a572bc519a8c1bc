-- A multi-row INSERT's RETURNING rows come in the order of its VALUES / SELECT rows, as
-- PostgreSQL gives them (ORMs such as Django's bulk_create match the returned keys to their
-- objects by position), although the rows go to several shards.

-- ordered
INSERT INTO accounts (tenant_id, code, currency) VALUES (5, 'o1', 'USD'), (1, 'o2', 'USD'), (3, 'o3', 'USD'), (5, 'o4', 'USD'), (2, 'o5', 'USD'), (17, 'o6', 'USD')
RETURNING tenant_id, account_id, code;
-- ordered
INSERT INTO accounts (tenant_id, code, currency) SELECT t, 'q' || t, 'USD' FROM unnest(ARRAY[9, 1, 22, 4, 13]) WITH ORDINALITY u(t, o) ORDER BY o
RETURNING tenant_id, account_id, code;
-- ordered
INSERT INTO accounts (tenant_id, code, currency) VALUES (3, 'r1', 'USD'), (5, 'o1', 'USD'), (1, 'r2', 'USD'), (2, 'o5', 'USD')
ON CONFLICT (tenant_id, code) DO UPDATE SET balance = accounts.balance + 1
RETURNING tenant_id, code, balance;
-- ordered
INSERT INTO accounts (tenant_id, code, currency) SELECT t, 's' || o, 'USD' FROM unnest(ARRAY[22, 9, 4, 9, 1, 13, 4]) WITH ORDINALITY u(t, o) ORDER BY o
ON CONFLICT (tenant_id, code) DO UPDATE SET balance = accounts.balance + 2
RETURNING tenant_id, account_id, code, balance;
PREPARE three_accounts(bigint, text, bigint, text, bigint, text) AS
INSERT INTO accounts (tenant_id, code, currency) VALUES ($1, $2, 'USD'), ($3, $4, 'USD'), ($5, $6, 'USD')
RETURNING tenant_id, account_id, code;
-- ordered
EXECUTE three_accounts(13, 'p1', 4, 'p2', 9, 'p3');
-- ordered
EXECUTE three_accounts(13, 'p4', 4, 'p5', 9, 'p6');
-- ordered
EXECUTE three_accounts(1, 'p7', 22, 'p8', 3, 'p9');
-- ordered
EXECUTE three_accounts(13, 'p10', 5, 'p11', 9, 'p12');
-- ordered
EXECUTE three_accounts(2, 'p13', 4, 'p14', 17, 'p15');
-- ordered
EXECUTE three_accounts(13, 'p16', 1, 'p17', 22, 'p18');
DEALLOCATE three_accounts;
BEGIN;
-- ordered
INSERT INTO accounts (tenant_id, code, currency) VALUES (9, 't1', 'USD'), (1, 't2', 'USD'), (22, 't3', 'USD')
RETURNING tenant_id, account_id, code;
COMMIT;
