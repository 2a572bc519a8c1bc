-- DDL on distributed and reference tables is not propagated yet: it is refused, and the table
-- and its shards stay as they were.
CREATE TABLE accounts (id int PRIMARY KEY, owner text, balance numeric);
SELECT create_distributed_table('accounts', 'id', shard_count => 4);
CREATE TABLE regions (code text PRIMARY KEY, name text);
SELECT create_reference_table('regions');

ALTER TABLE accounts ADD COLUMN opened date;
ALTER TABLE accounts ADD CONSTRAINT positive CHECK (balance >= 0);
ALTER TABLE regions DROP COLUMN name;
CREATE INDEX accounts_owner ON accounts (owner);
ALTER TABLE accounts RENAME COLUMN owner TO holder;
ALTER TABLE accounts RENAME TO ledgers;
ALTER INDEX accounts_pkey RENAME TO accounts_key;
CREATE FUNCTION noop() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN RETURN NEW; END$$;
CREATE TRIGGER t BEFORE INSERT ON accounts FOR EACH ROW EXECUTE FUNCTION noop();
CREATE SCHEMA elsewhere;
ALTER TABLE accounts SET SCHEMA elsewhere;

-- Nothing changed: same columns on the coordinator, and the table still works.
SELECT attname FROM pg_attribute WHERE attrelid = 'accounts'::regclass AND attnum > 0
  AND NOT attisdropped ORDER BY attnum;
INSERT INTO accounts VALUES (1, 'ann', 10), (2, 'bob', -5);
SELECT * FROM accounts ORDER BY id;

-- DDL on ordinary tables is untouched.
CREATE TABLE plain (id int);
ALTER TABLE plain ADD COLUMN note text;
CREATE INDEX plain_id ON plain (id);

DROP TABLE accounts, regions, plain;
DROP FUNCTION noop();
DROP SCHEMA elsewhere;
