-- INSERT ... SELECT ... ON CONFLICT over more rows than one batch (20,000) of the coordinator:
-- rows proposing the same key in different batches must fail as in one PostgreSQL command.

-- the same key 20,000 rows apart
-- error
INSERT INTO fx_quotes (bucket, pair, rate) SELECT g % 20500, 'P', g FROM generate_series(1, 20501) g ORDER BY g.g
ON CONFLICT (bucket, pair) DO UPDATE SET rate = EXCLUDED.rate;
-- equal keys with different scales
-- error
INSERT INTO fx_quotes (bucket, pair, rate) SELECT CASE WHEN g = 20501 THEN 1.000 ELSE g END, 'Q', g FROM generate_series(1, 20501) g ORDER BY g.g
ON CONFLICT (bucket, pair) DO UPDATE SET rate = EXCLUDED.rate;
-- error
INSERT INTO fx_quotes (bucket, pair, rate) SELECT g % 20500, 'T', g FROM generate_series(1, 20501) g ORDER BY g.g
ON CONFLICT ON CONSTRAINT fx_quotes_pkey DO UPDATE SET rate = EXCLUDED.rate;
SELECT count(*) FROM fx_quotes;
-- no repeated key: every row inserted, then every row updated
INSERT INTO fx_quotes (bucket, pair, rate) SELECT g, 'R', g FROM generate_series(1, 20501) g ON CONFLICT (bucket, pair) DO UPDATE SET rate = EXCLUDED.rate;
INSERT INTO fx_quotes (bucket, pair, rate) SELECT g, 'R', g + 1 FROM generate_series(1, 20501) g ON CONFLICT (bucket, pair) DO UPDATE SET rate = EXCLUDED.rate;
SELECT count(*), sum(rate) FROM fx_quotes WHERE pair = 'R';
-- DO NOTHING keeps the first of the repeated keys
INSERT INTO fx_quotes (bucket, pair, rate) SELECT g % 20500, 'U', g FROM generate_series(1, 20501) g ORDER BY g.g ON CONFLICT DO NOTHING;
SELECT count(*), sum(rate) FROM fx_quotes WHERE pair = 'U';
-- NULLs in the key never conflict (a partial index on a nullable column)
INSERT INTO transfers (tenant_id, from_account, to_account, amount, currency, idem_key, created_on)
SELECT 1 + g % 3, 1, 2, 1, 'USD', CASE WHEN g % 2 = 0 THEN NULL ELSE 'big-' || g END, '2024-08-01' FROM generate_series(1, 20501) g ORDER BY g.g
ON CONFLICT (tenant_id, idem_key) WHERE idem_key IS NOT NULL DO UPDATE SET amount = transfers.amount + 1;
SELECT count(*), count(idem_key) FROM transfers;
