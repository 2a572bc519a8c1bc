-- Statements that fail on several shards at once report PostgreSQL's error: that of the first
-- failing row, whichever shard answers first (each shape runs several times). tenants has 8
-- shards: tenant 1 -> shard 0, 2 -> 6, 128 -> 7, 129 -> 1, 130 -> 2, 132 -> 0 (even shards on
-- the first worker).

-- a check violation (row 1, shard 7), then a duplicate key (row 2, shard 0, other worker)
-- error
INSERT INTO tenants (tenant_id, name, base_currency, credit_limit) VALUES (128, 'a', 'USD', -1), (1, 'dup', 'USD', 0);
-- error
INSERT INTO tenants (tenant_id, name, base_currency, credit_limit) VALUES (128, 'a', 'USD', -1), (1, 'dup', 'USD', 0);
-- error
INSERT INTO tenants (tenant_id, name, base_currency, credit_limit) VALUES (128, 'a', 'USD', -1), (1, 'dup', 'USD', 0);
-- the other way round
-- error
INSERT INTO tenants (tenant_id, name, base_currency, credit_limit) VALUES (1, 'dup', 'USD', 0), (128, 'a', 'USD', -1);
-- error
INSERT INTO tenants (tenant_id, name, base_currency, credit_limit) VALUES (1, 'dup', 'USD', 0), (128, 'a', 'USD', -1);
-- error
INSERT INTO tenants (tenant_id, name, base_currency, credit_limit) VALUES (1, 'dup', 'USD', 0), (128, 'a', 'USD', -1);
-- one worker: the check violation's shard (2) after the duplicate's (0)
-- error
INSERT INTO tenants (tenant_id, name, base_currency, credit_limit) VALUES (130, 'a', 'USD', -1), (1, 'dup', 'USD', 0);
-- error
INSERT INTO tenants (tenant_id, name, base_currency, credit_limit) VALUES (130, 'a', 'USD', -1), (1, 'dup', 'USD', 0);
-- three failing rows on three shards (check, duplicate key, NOT NULL)
-- error
INSERT INTO tenants (tenant_id, name, base_currency, credit_limit) VALUES (132, 'ok', 'USD', 1), (128, 'bad', 'USD', -3), (2, 'dup', 'USD', 0), (129, NULL, 'USD', 0);
-- error
INSERT INTO tenants (tenant_id, name, base_currency, credit_limit) VALUES (132, 'ok', 'USD', 1), (128, 'bad', 'USD', -3), (2, 'dup', 'USD', 0), (129, NULL, 'USD', 0);
-- error
INSERT INTO tenants (tenant_id, name, base_currency, credit_limit) VALUES (132, 'ok', 'USD', 1), (2, 'dup', 'USD', 0), (128, 'bad', 'USD', -3), (129, NULL, 'USD', 0);
-- a foreign key violation first (row 1, second worker): PostgreSQL checks foreign keys after
-- every row, so the later check violation (row 2, first worker) is reported
-- error
INSERT INTO tenants (tenant_id, name, base_currency, credit_limit) VALUES (129, 'fk', 'XXX', 0), (130, 'bad', 'USD', -3);
-- error
INSERT INTO tenants (tenant_id, name, base_currency, credit_limit) VALUES (129, 'fk', 'XXX', 0), (130, 'bad', 'USD', -3);
-- INSERT ... SELECT routed by the coordinator with two bad rows (a check violation first, a
-- duplicate key later)
-- error
INSERT INTO tenants (tenant_id, name, base_currency, credit_limit) SELECT g, 'n' || g, 'USD', CASE WHEN g = 128 THEN -1 ELSE 0 END FROM generate_series(128, 140) g UNION ALL SELECT 1, 'dup', 'USD', 0;
-- error
INSERT INTO tenants (tenant_id, name, base_currency, credit_limit) SELECT g, 'n' || g, 'USD', CASE WHEN g = 128 THEN -1 ELSE 0 END FROM generate_series(128, 140) g UNION ALL SELECT 1, 'dup', 'USD', 0;
-- multi-shard UPDATE failing on several shards with the same error
-- error
UPDATE tenants SET credit_limit = -1 WHERE tenant_id IN (1, 2, 3, 4);
SELECT count(*), sum(credit_limit) FROM tenants;
