-- INSERT: single and multi-row (rows for many shards), RETURNING, defaults and sequences,
-- ON CONFLICT, prepared INSERTs, errors.

INSERT INTO companies (id, name, created_at) VALUES (101, 'new one', '2023-01-01');

INSERT INTO companies (id, name, created_at, plan, tags, settings, ext_id) VALUES
    (102, 'it''s new', '2023-01-02 03:04:05', 'pro', '{a,b}', '{"x": 1}', 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'),
    (103, 'Ünï', '2023-01-03', NULL, NULL, NULL, NULL),
    (104, '', '2023-01-04', 'free', '{}', '[]', NULL);

INSERT INTO companies (id, name, created_at, updated_at, revenue) VALUES (105, 'ret', '2023-02-01', '2023-02-01 10:00+02', 12.345) RETURNING *;

INSERT INTO companies (id, name, created_at)
SELECT 200 + g, 'gen ' || g, timestamp '2023-03-01' + g * interval '1 day' FROM generate_series(1, 50) g
RETURNING id, name;

-- error
INSERT INTO companies (id, name, created_at) VALUES (1, 'duplicate key', '2023-01-01');

-- error
INSERT INTO companies (id, name, created_at) VALUES (106, NULL, '2023-01-01');

INSERT INTO companies (id, name, created_at) VALUES (106, 'x', '2023-01-01') ON CONFLICT DO NOTHING;

INSERT INTO companies (id, name, created_at) VALUES (1, 'x', '2023-01-01') ON CONFLICT DO NOTHING RETURNING id;

INSERT INTO companies (id, name, created_at) VALUES (2, 'conflict', '2023-01-01'), (107, 'fresh', '2023-01-01')
ON CONFLICT (id) DO UPDATE SET name = excluded.name || ' (was ' || companies.name || ')'
RETURNING id, name;

INSERT INTO campaigns (company_id, id, name) VALUES (7, 9999, 'c') ON CONFLICT (company_id, id) DO UPDATE SET name = 'again';

INSERT INTO campaigns (company_id, id, name) VALUES (7, 9999, 'c') ON CONFLICT (company_id, id) DO UPDATE SET name = 'again' RETURNING name;

INSERT INTO campaigns (company_id, id, name, monthly_budget) VALUES (8, 81, 'x', 5)
ON CONFLICT (company_id, id) DO UPDATE SET monthly_budget = campaigns.monthly_budget + excluded.monthly_budget WHERE campaigns.state = 'running';

-- defaults and the sequence, evaluated on the coordinator
INSERT INTO notes (company_id, body) VALUES (5, 'seq') RETURNING id, body, created_at, pinned;

INSERT INTO notes (company_id) VALUES (6), (7), (8), (61) RETURNING *;

INSERT INTO notes (company_id, id, body) VALUES (9, DEFAULT, DEFAULT) RETURNING *;

-- a NULL distribution key: vanilla accepts it, a distributed table cannot place it
-- expect-error: null
INSERT INTO notes (company_id, body) VALUES (NULL, 'no key');

-- (the row exists on the local side only: drop it so the final tables compare equal; in a DO
-- block so that the command tags agree)
DO $$ BEGIN DELETE FROM notes WHERE company_id IS NULL; END $$;

-- error
-- expect-error: null
INSERT INTO clicks (company_id, id) VALUES (NULL, 1);

-- error
INSERT INTO ads (company_id, id, campaign_id, status) VALUES (9, 99903, 91, 'bogus');

INSERT INTO ads (company_id, id, campaign_id, status, score) VALUES (9, 99901, 91, 'active', 1.5), (10, 99902, 101, 'draft', NULL);

INSERT INTO events (event_key, seq, kind, payload, duration) VALUES
    ('new-key', 1, 'x', '\xdeadbeef', '1 day'), ('', 99999, 'empty key', '', NULL), ('ключ-9', 5000, NULL, NULL, '-3 hours');

INSERT INTO "OrderItems" ("CompanyId", "ItemNo", "Qty", "Unit Price", "prénom") VALUES (3, 1001, 2, 9.99, 'Zoë')
RETURNING "Qty" * "Unit Price" AS total, "prénom";

INSERT INTO clicks (company_id, id, ad_id, clicked_at, user_ip, user_data) VALUES
    (1, 1, 111, '2023-01-01 00:00:00+00', '192.168.0.1', '{"k": [1, 2]}'),
    (1, 1, 111, '2023-01-01 00:00:00+00', '192.168.0.1', '{"k": [1, 2]}'),
    (59, 2, NULL, NULL, NULL, NULL);

PREPARE ins(bigint, text) AS INSERT INTO campaigns (company_id, id, name) VALUES ($1, $1 * 1000 + 1, $2) RETURNING company_id, id;
EXECUTE ins(1, 'p1');
EXECUTE ins(2, 'p2');
EXECUTE ins(3, 'p3');
EXECUTE ins(4, 'p4');
EXECUTE ins(5, 'p5');
EXECUTE ins(6, 'p6');
EXECUTE ins(7, 'p7');
-- error
EXECUTE ins(8, NULL);
-- error
EXECUTE ins(1, 'again');

SELECT count(*), max(id) FROM companies;
