-- Lookups by a unique key go to the workers as statements prepared once per connection, with
-- the key values as parameters; EXPLAIN shows them back as constants (VERBOSE: as typed
-- literals, the sign that the lookup was parameterised). Everything else keeps its constants.
CREATE FUNCTION verbose_query(query text) RETURNS SETOF text LANGUAGE plpgsql AS $$
DECLARE
    line text;
BEGIN
    FOR line IN EXECUTE 'EXPLAIN (VERBOSE, COSTS OFF) ' || query LOOP
        IF line LIKE '%Query:%' OR line LIKE '%Cond:%' OR line LIKE '%Filter:%' THEN
            RETURN NEXT regexp_replace(line, '_[0-9]{6,}', '_N', 'g');
        END IF;
    END LOOP;
END
$$;

CREATE TABLE accounts (tenant int, id bigint, code text, ext uuid, amount numeric(10,2),
                       opened date, seen timestamptz, label varchar(20), note text,
                       PRIMARY KEY (tenant, id));
CREATE UNIQUE INDEX accounts_code ON accounts (tenant, code);
CREATE UNIQUE INDEX accounts_open_label ON accounts (tenant, label) WHERE note IS NOT NULL;
INSERT INTO accounts
SELECT g % 7, g, 'c-' || g, ('00000000-0000-0000-0000-' || lpad(g::text, 12, '0'))::uuid,
       g * 1.5, date '2024-01-01' + g, timestamptz '2024-01-01 00:00:00+00' + g * interval '1 hour',
       'l' || g, CASE WHEN g % 3 = 0 THEN NULL ELSE 'costs $1 for ' || g END
FROM generate_series(1, 300) g;
INSERT INTO accounts VALUES (1, 1000, '$1', NULL, NULL, NULL, NULL, 'dollar', '$2');
SELECT create_distributed_table('accounts', 'tenant');

-- The primary key: parameterised.
SELECT * FROM verbose_query('SELECT id, code FROM accounts WHERE tenant = 3 AND id = 10');
SELECT id, code, amount FROM accounts WHERE tenant = 3 AND id = 10;
SELECT id, code, amount FROM accounts WHERE tenant = 4 AND id = 11;
SELECT id, code, amount FROM accounts WHERE id = 17 AND tenant = 3 AND amount > 0;
-- Another unique index, by text, also with a literal that reads like a parameter.
SELECT * FROM verbose_query($$SELECT id FROM accounts WHERE tenant = 1 AND code = '$1'$$);
SELECT id, note FROM accounts WHERE tenant = 1 AND code = '$1';
SELECT id, note FROM accounts WHERE tenant = 1 AND code = 'c-8' AND note <> '$1';
SELECT id FROM accounts WHERE tenant = 1 AND code = 'c-8' AND note LIKE 'costs $1%';
-- Cross-type key (bigint column, integer constant) and many keys in a row.
SELECT count(*) FROM (SELECT tenant, id FROM accounts) k
WHERE (SELECT a.id FROM accounts a WHERE a.tenant = k.tenant AND a.id = k.id) IS NULL;
SELECT id, amount FROM accounts WHERE tenant = 5 AND id = 5::int;
SELECT id, amount FROM accounts WHERE tenant = 5 AND id = 12;
SELECT id, amount FROM accounts WHERE tenant = 5 AND id = 19;
SELECT id, amount FROM accounts WHERE tenant = 5 AND id = 26;
-- The same statement text with a constant of another type (bigint, not integer) is another
-- prepared statement.
SELECT id, amount FROM accounts WHERE tenant = 5 AND id = 5000000000;
SELECT id, amount FROM accounts WHERE tenant = 5 AND id = 26;
-- No unique index covered, a NULL key, a partial unique index, an OR: constants stay.
SELECT * FROM verbose_query('SELECT id FROM accounts WHERE tenant = 3');
SELECT count(*) FROM accounts WHERE tenant = 3;
SELECT * FROM verbose_query('SELECT id FROM accounts WHERE tenant = 3 AND id = NULL');
SELECT id FROM accounts WHERE tenant = 3 AND id = NULL;
SELECT * FROM verbose_query($$SELECT id FROM accounts WHERE tenant = 1 AND label = 'l8'$$);
SELECT id FROM accounts WHERE tenant = 1 AND label = 'l8';
SELECT * FROM verbose_query('SELECT id FROM accounts WHERE tenant = 3 AND (id = 10 OR id = 17)');
SELECT id FROM accounts WHERE tenant = 3 AND (id = 10 OR id = 17) ORDER BY id;
-- Other key types.
CREATE TABLE keyed (k_uuid uuid PRIMARY KEY, k_date date UNIQUE, k_ts timestamptz UNIQUE,
                    k_num numeric UNIQUE, v text);
INSERT INTO keyed SELECT ext, opened, seen, amount, note FROM accounts WHERE ext IS NOT NULL;
SELECT create_reference_table('keyed');
SELECT * FROM verbose_query($$SELECT v FROM keyed WHERE k_uuid = '00000000-0000-0000-0000-000000000044'$$);
SELECT v FROM keyed WHERE k_uuid = '00000000-0000-0000-0000-000000000044';
SELECT v FROM keyed WHERE k_date = '2024-02-14';
SELECT v FROM keyed WHERE k_ts = '2024-01-02 20:00:00+00';
SELECT v FROM keyed WHERE k_num = 66.0;
SELECT v FROM keyed WHERE k_num = 66.01;

-- Reads see the transaction's own writes through the prepared statements.
BEGIN;
UPDATE accounts SET amount = -1 WHERE tenant = 3 AND id = 10;
SELECT id, amount FROM accounts WHERE tenant = 3 AND id = 10;
INSERT INTO accounts (tenant, id, code) VALUES (3, 5000, 'new');
SELECT id, code FROM accounts WHERE tenant = 3 AND id = 5000;
SELECT id, code FROM accounts WHERE tenant = 3 AND id = 5000 FOR UPDATE;
ROLLBACK;
SELECT id, amount FROM accounts WHERE tenant = 3 AND id = 10;
SELECT id, code FROM accounts WHERE tenant = 3 AND id = 5000;

-- DDL changing a column's type: statements prepared before are prepared again (the workers
-- refuse a statement whose result type changed), also after the DDL is rolled back.
SELECT id, amount FROM accounts WHERE tenant = 3 AND id = 10;
ALTER TABLE accounts ALTER COLUMN amount TYPE float8;
SELECT id, amount, pg_typeof(amount) FROM accounts WHERE tenant = 3 AND id = 10;
BEGIN;
ALTER TABLE accounts ALTER COLUMN amount TYPE text;
SELECT id, amount, pg_typeof(amount) FROM accounts WHERE tenant = 3 AND id = 10;
ROLLBACK;
SELECT id, amount, pg_typeof(amount) FROM accounts WHERE tenant = 3 AND id = 10;
BEGIN;
SAVEPOINT s;
ALTER TABLE accounts ALTER COLUMN amount TYPE numeric;
SELECT id, amount, pg_typeof(amount) FROM accounts WHERE tenant = 3 AND id = 10;
ROLLBACK TO SAVEPOINT s;
SELECT id, amount, pg_typeof(amount) FROM accounts WHERE tenant = 3 AND id = 10;
COMMIT;
ALTER TABLE accounts DROP COLUMN label;
SELECT * FROM accounts WHERE tenant = 3 AND id = 10;

DROP TABLE accounts, keyed;
DROP FUNCTION verbose_query(text);
