-- Minimised statements the fuzzer (fuzz/generate_writes.py --suite single_shard) found.
-- A row violating both the primary key and a unique constraint: PostgreSQL checks unique
-- indexes in their order of creation, shards once created them by constraint name (email_key
-- before pkey) and reported the other constraint (seeds 12, 13, 15, 21).
-- error
INSERT INTO members VALUES (1, 1, 1, 'm2@example.com', NULL);
-- error
INSERT INTO members VALUES (900, 2, 1, 'm2@example.com', NULL), (2, 3, 2, 'new@example.com', NULL);
-- A row violating two foreign keys: the checks fire in the keys' order of creation, shards once
-- created them by name (role_id_fkey before ws_id_fkey) (seed 9).
-- error
INSERT INTO members VALUES (901, 999, 4, 'x@example.com', NULL);
-- error
UPDATE members SET ws_id = 999, role_id = 4 WHERE member_id = 3;
SELECT member_id, ws_id, role_id, email FROM members WHERE member_id IN (1, 2, 3, 900, 901) ORDER BY 1;
