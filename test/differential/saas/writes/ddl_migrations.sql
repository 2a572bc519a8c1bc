-- Schema migrations that Tessera runs on distributed tables, minimised from fuzz/generate_ddl.py
-- and hand-written edges around them, with data flowing through the changed columns. After the
-- file the harness compares every table's rows and definitions, and every shard's definition
-- with its table's.

-- renaming the distribution column: routing and inserts follow the new name
ALTER TABLE comments RENAME COLUMN tenant_id TO account_id;

INSERT INTO comments (account_id, comment_id, task_id, body, created_at)
VALUES (2, 990001, 1, 'renamed key', timestamptz '2024-05-01 00:00:00+00');

-- ordered
SELECT account_id, comment_id, body FROM comments WHERE account_id = 2 ORDER BY comment_id DESC LIMIT 2;

ALTER TABLE comments RENAME COLUMN account_id TO tenant_id;

-- a new generated column, and a type change of another column: the shards compute it alike
ALTER TABLE tasks ADD COLUMN title_key text GENERATED ALWAYS AS (md5(title) || ':' || tenant_id) STORED;

ALTER TABLE tasks ALTER COLUMN description TYPE varchar(500);

INSERT INTO tasks (tenant_id, task_id, project_id, title, status, created_at)
VALUES (3, 990002, 1, 'MiXeD Title', 'todo', timestamptz '2024-05-01 00:00:00+00')
RETURNING tenant_id, task_id, title, title_lower, title_key;

-- a STABLE default of a new column is the same value in every row, as in PostgreSQL
BEGIN;

ALTER TABLE comments ADD COLUMN migrated_at timestamptz DEFAULT now();

SELECT count(DISTINCT migrated_at), bool_and(migrated_at = now()) FROM comments;

ROLLBACK;

-- a STABLE default followed by NOT NULL: the existing rows get the coordinator session's value,
-- and the shards keep NOT NULL (the rewrite for the shards took "(...) NOT NULL" for the default
-- expression when it began with a parenthesis, and the shards lost NOT NULL)
SET app.migration = 'm1';

ALTER TABLE comments ADD COLUMN flagged boolean DEFAULT (current_setting('app.migration', true) IS NOT DISTINCT FROM 'm1') NOT NULL;

ALTER TABLE users ADD COLUMN origin text DEFAULT (coalesce(current_setting('app.migration', true), 'none')) NOT NULL, ADD COLUMN origin2 text DEFAULT (current_setting('app.migration', true)) CHECK (origin2 <> 'x');

RESET app.migration;

SELECT flagged, count(*) FROM comments GROUP BY flagged;

SELECT origin, origin2, count(*) FROM users GROUP BY origin, origin2;

-- error
INSERT INTO comments (tenant_id, comment_id, task_id, body, created_at, flagged)
VALUES (3, 990005, 1, 'null flag', timestamptz '2024-05-01 00:00:00+00', NULL);

-- error
UPDATE users SET origin = NULL WHERE tenant_id = 2;

-- error
UPDATE users SET origin2 = 'x' WHERE tenant_id = 2;

-- a type change rewriting existing values with USING
ALTER TABLE tasks ALTER COLUMN estimate_hours TYPE numeric(8,3) USING round(estimate_hours * 1.5, 3);

DROP VIEW open_tasks;

ALTER TABLE tasks DROP CONSTRAINT tasks_priority_check;

ALTER TABLE tasks ALTER COLUMN priority TYPE int USING priority * 10;

UPDATE tasks SET priority = 4 WHERE tenant_id = 2 AND task_id % 7 = 0;

ALTER TABLE tasks ADD CONSTRAINT tasks_priority_check CHECK (priority BETWEEN 1 AND 50) NOT VALID;

-- may-error
ALTER TABLE tasks VALIDATE CONSTRAINT tasks_priority_check;

-- a NOT NULL column with a constant default, then its default dropped: inserts must name it
ALTER TABLE invoices ADD COLUMN net numeric(12,2) NOT NULL DEFAULT 0;

ALTER TABLE invoices ALTER COLUMN net DROP DEFAULT;

-- error
INSERT INTO invoices (tenant_id, invoice_id, amount, currency, issued_on, status)
VALUES (4, 990003, 1, 'EUR', date '2024-01-01', 'open');

INSERT INTO invoices (tenant_id, invoice_id, amount, currency, issued_on, status, net)
VALUES (4, 990003, 1, 'EUR', date '2024-01-01', 'open', 0.84);

-- the primary key's index renamed, then its constraint renamed back
ALTER INDEX invoices_pkey RENAME TO invoices_pk_old;

ALTER TABLE invoices RENAME CONSTRAINT invoices_pk_old TO invoices_pkey;

-- a unique constraint including the distribution column, as an index first
CREATE UNIQUE INDEX CONCURRENTLY invoices_net_key ON invoices (tenant_id, invoice_id, net) INCLUDE (status);

ALTER INDEX invoices_net_key SET (fillfactor = 70);

ALTER TABLE invoices SET (fillfactor = 80, autovacuum_enabled = false);

-- a sequence owned by a new column, used as its default
CREATE SEQUENCE comment_ref_seq START 10;

ALTER TABLE comments ADD COLUMN ref bigint;

ALTER SEQUENCE comment_ref_seq OWNED BY comments.ref;

ALTER TABLE comments ALTER COLUMN ref SET DEFAULT nextval('comment_ref_seq');

INSERT INTO comments (tenant_id, comment_id, task_id, body, created_at)
VALUES (6, 990004, 1, 'with ref', timestamptz '2024-05-01 00:00:00+00') RETURNING comment_id, ref;

ALTER TABLE comments DROP COLUMN ref;

-- error
SELECT nextval('comment_ref_seq');

-- SET UNLOGGED and CLUSTER ON reach every shard (CLUSTER ON naming each shard's copy of the
-- index): the definitions compared after the file show persistence and the CLUSTER index
ALTER TABLE invoices SET UNLOGGED, CLUSTER ON invoices_net_key;

ALTER TABLE plans SET UNLOGGED, CLUSTER ON plans_pkey;

CLUSTER invoices;

INSERT INTO invoices (tenant_id, invoice_id, amount, currency, issued_on, status, net)
SELECT tenant_id, invoice_id + 980000, amount, currency, issued_on, status, net
FROM invoices WHERE invoice_id < 5;

-- ordered
SELECT tenant_id, invoice_id, net FROM invoices WHERE invoice_id BETWEEN 980000 AND 980004 ORDER BY 1, 2;

ALTER TABLE plans SET WITHOUT CLUSTER, SET LOGGED;
