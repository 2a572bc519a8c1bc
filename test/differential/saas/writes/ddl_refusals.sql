-- Schema migrations Tessera refuses on distributed tables: each must fail with a clear error and
-- change nothing (a refused ALTER TABLE must not have reached some shards or the coordinator's
-- table). Each runs alone in a transaction that is rolled back, so that the local side (where it
-- succeeds) continues from the same definitions; after the file the harness compares every
-- table's rows and definitions, and every shard's definition with its table's. Found by
-- fuzz/generate_ddl.py, which leaves these out.

BEGIN;

-- (accepted since DROP EXPRESSION reaches the shards; kept here, rolled back, as a check that the
-- shards follow it)
ALTER TABLE tasks ALTER COLUMN title_lower DROP EXPRESSION;

ROLLBACK;

BEGIN;

-- an exclusion constraint comparing the distribution column with = holds within each shard
ALTER TABLE tasks ADD CONSTRAINT tasks_excl EXCLUDE USING btree (tenant_id WITH =, task_id WITH =);

ROLLBACK;

BEGIN;

-- expect-error: must compare the distribution column "tenant_id" with =
ALTER TABLE tasks ADD CONSTRAINT tasks_excl EXCLUDE USING btree (task_id WITH =);

ROLLBACK;

BEGIN;

-- expect-error: must include the distribution column
ALTER TABLE tasks ADD CONSTRAINT tasks_task_id_key UNIQUE (task_id);

ROLLBACK;

BEGIN;

-- propagated to the shards now (regress distribute_statistics)
CREATE STATISTICS tasks_stats ON tenant_id, project_id FROM tasks;

ROLLBACK;

BEGIN;

-- expect-error: cannot drop distribution column
ALTER TABLE invoices DROP COLUMN tenant_id;

ROLLBACK;

BEGIN;

DROP VIEW open_tasks, task_activity;

-- expect-error: cannot change the type of distribution column
ALTER TABLE tasks ALTER COLUMN tenant_id TYPE numeric;

ROLLBACK;
