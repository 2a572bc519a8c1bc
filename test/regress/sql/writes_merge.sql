-- MERGE into distributed and reference tables: pushed down to colocated shard groups, or the
-- source computed first and its rows routed to the target's shards; refused shapes; prepared
-- statements and transactions.
SET client_min_messages TO warning;
\set SHOW_CONTEXT never
CREATE TABLE m_target (id bigint PRIMARY KEY, v int, note text DEFAULT 'new');
CREATE TABLE m_source (id bigint, v int);
CREATE TABLE m_other (k text, id bigint, v int);
CREATE TABLE m_local (id int, v int);
CREATE TABLE m_ref (code text PRIMARY KEY, n int);
SELECT create_distributed_table('m_target', 'id', shard_count => 4);
SELECT create_distributed_table('m_source', 'id', colocate_with => 'm_target');
SELECT create_distributed_table('m_other', 'k', colocate_with => 'none');
SELECT create_reference_table('m_ref');
INSERT INTO m_target SELECT g, g FROM generate_series(1, 20) g;
INSERT INTO m_source SELECT g, g * 10 FROM generate_series(11, 30) g;
INSERT INTO m_other SELECT 'k' || g, g, g * 100 FROM generate_series(15, 40) g;
INSERT INTO m_local VALUES (1, -1), (2, -2), (100, -100), (NULL, 0);
INSERT INTO m_ref VALUES ('a', 1), ('b', 2);

-- Rows of m_target whose hash is outside their shard's range, on the worker at `port`.
CREATE FUNCTION m_misplaced_query(port int) RETURNS text LANGUAGE sql AS $$
  SELECT coalesce(
    'SELECT sum(bad) AS misplaced FROM ('
      || string_agg(format('SELECT count(*) FILTER (WHERE worker_hash(id) NOT BETWEEN %s AND %s) AS bad FROM %s',
                           s.shardminvalue, s.shardmaxvalue, shard_name(s.logicalrelid, s.shardid)),
                    ' UNION ALL ') || ') c',
    'SELECT 0 AS misplaced')
  FROM pg_dist_shard s
  JOIN pg_dist_placement pl USING (shardid)
  JOIN pg_dist_node n USING (groupid)
  WHERE n.nodeport = port AND s.logicalrelid = 'm_target'::regclass $$;
SELECT m_misplaced_query(:worker_1_port) AS q1, m_misplaced_query(:worker_2_port) AS q2 \gset

-- colocated source joined on the distribution column: one MERGE per shard group
EXPLAIN (COSTS OFF)
MERGE INTO m_target t USING m_source s ON t.id = s.id
WHEN MATCHED THEN UPDATE SET v = s.v
WHEN NOT MATCHED THEN INSERT (id, v) VALUES (s.id, s.v);
MERGE INTO m_target t USING m_source s ON t.id = s.id
WHEN MATCHED AND s.v > 250 THEN DELETE
WHEN MATCHED THEN UPDATE SET v = s.v
WHEN NOT MATCHED THEN INSERT (id, v) VALUES (s.id, s.v);
SELECT count(*), sum(v), count(*) FILTER (WHERE note = 'new') AS defaults FROM m_target;

-- other sources: computed first, rows routed by the value ON equates with the distribution column
EXPLAIN (COSTS OFF)
MERGE INTO m_target t USING m_other o ON t.id = o.id
WHEN MATCHED THEN UPDATE SET note = o.k;
MERGE INTO m_target t USING m_other o ON t.id = o.id
WHEN MATCHED THEN UPDATE SET note = o.k
WHEN NOT MATCHED THEN INSERT (id, v, note) VALUES (o.id, o.v, o.k);
MERGE INTO m_target t USING m_local l ON t.id = l.id
WHEN MATCHED THEN UPDATE SET v = l.v
WHEN NOT MATCHED AND l.id IS NOT NULL THEN INSERT (id, v) VALUES (l.id, l.v);
MERGE INTO m_target t USING (SELECT id % 5 + 1 AS id, count(*) AS n FROM m_source GROUP BY 1) a ON t.id = a.id
WHEN MATCHED THEN UPDATE SET note = 'n=' || a.n;
SELECT id, v, note FROM m_target WHERE id <= 5 OR id >= 95 ORDER BY id;
SELECT count(*), sum(v) FROM m_target;
-- every row in the shard its hash belongs to
\c - - - :worker_1_port
:q1;
\c - - - :worker_2_port
:q2;
\c - - - :coordinator_port
SET client_min_messages TO warning;

-- ON pinned to one value: every source row goes to that one shard
MERGE INTO m_target t USING (VALUES ('pinned')) AS x(label) ON t.id = 3
WHEN MATCHED THEN UPDATE SET note = x.label;
SELECT id, note FROM m_target WHERE id = 3;

-- reference table target: the source once, every placement the same rows
MERGE INTO m_ref r USING (SELECT 'k' || (id % 3) AS code, count(*) AS n FROM m_target GROUP BY 1) s ON r.code = s.code
WHEN MATCHED THEN UPDATE SET n = s.n
WHEN NOT MATCHED THEN INSERT VALUES (s.code, s.n);
SELECT * FROM m_ref ORDER BY code;
SELECT result FROM run_command_on_placements('m_ref', 'SELECT count(*) || '':'' || sum(n) FROM %s');

-- errors from the shards read as PostgreSQL's
MERGE INTO m_target t USING (VALUES (1), (1)) AS x(id) ON t.id = x.id
WHEN MATCHED THEN UPDATE SET v = 0;
MERGE INTO m_target t USING (VALUES (500), (500)) AS x(id) ON t.id = x.id
WHEN NOT MATCHED THEN INSERT (id) VALUES (x.id);
MERGE INTO m_target t USING (VALUES (NULL::bigint)) AS x(id) ON t.id = x.id
WHEN NOT MATCHED THEN INSERT (id) VALUES (x.id);

-- a NULL key into a nullable distribution column: only an INSERT that takes the row fails
CREATE TABLE m_nullable (id int, v int);
SELECT create_distributed_table('m_nullable', 'id');
MERGE INTO m_nullable n USING (VALUES (NULL::int, 1), (5, 2)) AS x(id, v) ON n.id = x.id
WHEN NOT MATCHED AND x.id IS NOT NULL THEN INSERT VALUES (x.id, x.v);
MERGE INTO m_nullable n USING (VALUES (NULL::int, 1)) AS x(id, v) ON n.id = x.id
WHEN NOT MATCHED THEN INSERT VALUES (x.id, x.v);
SELECT * FROM m_nullable;
DROP TABLE m_nullable;

-- refused shapes
MERGE INTO m_target t USING m_source s ON t.id = s.id
WHEN MATCHED THEN UPDATE SET id = s.id + 1;
MERGE INTO m_target t USING m_source s ON t.v = s.v
WHEN MATCHED THEN DELETE;
MERGE INTO m_target t USING m_source s ON t.id = s.id
WHEN NOT MATCHED THEN INSERT (id, v) VALUES (s.v, s.v);
MERGE INTO m_target t USING m_source s ON t.id = s.id
WHEN MATCHED AND s.v IN (SELECT n FROM m_ref) THEN DELETE;
MERGE INTO m_target t USING m_source s ON t.id = s.id
WHEN MATCHED THEN UPDATE SET v = (random() * 10)::int;
-- a local target reading a distributed table, named directly or through a subquery
INSERT INTO m_local VALUES (20, 0), (21, 0);
MERGE INTO m_local l USING m_source s ON l.id = s.id
WHEN MATCHED AND s.id > 20 THEN DELETE
WHEN MATCHED THEN UPDATE SET v = s.v;
MERGE INTO m_local l USING (SELECT id, v FROM m_source WHERE id < 13) s ON l.id = s.id
WHEN NOT MATCHED THEN INSERT VALUES (s.id, s.v);
SELECT * FROM m_local ORDER BY id;

-- prepared, custom and generic plans
PREPARE m_upsert(bigint, int) AS
MERGE INTO m_target t USING (VALUES ($1, $2)) AS x(id, v) ON t.id = x.id
WHEN MATCHED THEN UPDATE SET v = t.v + x.v
WHEN NOT MATCHED THEN INSERT (id, v) VALUES (x.id, x.v);
EXECUTE m_upsert(200, 1);
EXECUTE m_upsert(200, 1);
EXECUTE m_upsert(201, 1);
EXECUTE m_upsert(202, 1);
EXECUTE m_upsert(203, 1);
EXECUTE m_upsert(200, 1);
EXECUTE m_upsert(204, 1);
SELECT id, v FROM m_target WHERE id >= 200 ORDER BY id;
DEALLOCATE m_upsert;

-- in a transaction block with other writes, on both workers (committed with 2PC)
BEGIN;
DELETE FROM m_target WHERE id >= 200;
MERGE INTO m_target t USING (SELECT g AS id FROM generate_series(300, 320) g) x ON t.id = x.id
WHEN NOT MATCHED THEN INSERT (id, v) VALUES (x.id, 1);
UPDATE m_target SET v = 2 WHERE id >= 300;
SELECT count(*), sum(v) FROM m_target WHERE id >= 200;
COMMIT;
SELECT count(*), sum(v) FROM m_target WHERE id >= 200;
BEGIN;
MERGE INTO m_target t USING (SELECT g AS id FROM generate_series(300, 310) g) x ON t.id = x.id
WHEN MATCHED THEN DELETE;
ROLLBACK;
SELECT count(*) FROM m_target WHERE id >= 300;
\c - - - :worker_1_port
:q1;
\c - - - :worker_2_port
:q2;
\c - - - :coordinator_port
SET client_min_messages TO warning;

-- a MERGE that reads no source column (constants and parameters only): the routed source rows
-- still carry a column, or their VALUES rows would be empty
MERGE INTO m_ref r USING (VALUES (1), (2)) AS v(x) ON r.code = 'a'
WHEN NOT MATCHED THEN DO NOTHING;
MERGE INTO m_ref r USING (VALUES (1)) AS v(x) ON r.code = 'a'
WHEN MATCHED THEN UPDATE SET n = 10;
PREPARE m_ref_bump(text) AS
MERGE INTO m_ref r USING (VALUES (1)) AS v(x) ON r.code = $1 WHEN MATCHED THEN UPDATE SET n = n + 1;
EXECUTE m_ref_bump('b');
EXECUTE m_ref_bump('z');
DEALLOCATE m_ref_bump;
SELECT * FROM m_ref ORDER BY code;

-- serial / identity columns left to their defaults by a NOT MATCHED INSERT: the coordinator
-- asks the shards which source rows match and takes sequence values only for the rows that are
-- inserted, as PostgreSQL does (same values and final sequence value as a local table under
-- the same statements; with several inserted rows, which row gets which value may differ, as
-- for INSERT ... SELECT, so multi-row results are compared without the ids)
CREATE TABLE m_items (tenant_id int, id bigserial, sku text, qty int,
                      PRIMARY KEY (tenant_id, id), UNIQUE (tenant_id, sku));
CREATE TABLE m_items_local (tenant_id int, id bigserial, sku text, qty int,
                            PRIMARY KEY (tenant_id, id), UNIQUE (tenant_id, sku));
SELECT create_distributed_table('m_items', 'tenant_id');
INSERT INTO m_items (tenant_id, sku, qty) VALUES (1, 'a', 1), (2, 'z', 1);
INSERT INTO m_items_local (tenant_id, sku, qty) VALUES (1, 'a', 1), (2, 'z', 1);
MERGE INTO m_items t USING (VALUES (1, 'a', 5), (1, 'b', 7), (2, 'z', 3), (3, 'c', 1)) s(tenant_id, sku, qty)
  ON t.tenant_id = s.tenant_id AND t.sku = s.sku
  WHEN MATCHED THEN UPDATE SET qty = t.qty + s.qty
  WHEN NOT MATCHED THEN INSERT (tenant_id, sku, qty) VALUES (s.tenant_id, s.sku, s.qty);
MERGE INTO m_items_local t USING (VALUES (1, 'a', 5), (1, 'b', 7), (2, 'z', 3), (3, 'c', 1)) s(tenant_id, sku, qty)
  ON t.tenant_id = s.tenant_id AND t.sku = s.sku
  WHEN MATCHED THEN UPDATE SET qty = t.qty + s.qty
  WHEN NOT MATCHED THEN INSERT (tenant_id, sku, qty) VALUES (s.tenant_id, s.sku, s.qty);
-- a colocated source (otherwise pushed down) runs routed; conditions and DO NOTHING pick the
-- rows that take values
CREATE TABLE m_items_src (tenant_id int, sku text, qty int);
SELECT create_distributed_table('m_items_src', 'tenant_id', colocate_with => 'm_items');
INSERT INTO m_items_src VALUES (1, 'a', 1), (1, 'd', 2), (4, 'e', 3), (5, 'f', 0), (6, 'g', -1);
CREATE TABLE m_items_src_local AS SELECT * FROM m_items_src;
BEGIN;
MERGE INTO m_items t USING m_items_src s ON t.tenant_id = s.tenant_id AND t.sku = s.sku
  WHEN MATCHED THEN UPDATE SET qty = t.qty + s.qty
  WHEN NOT MATCHED AND s.qty > 0 THEN INSERT (tenant_id, sku, qty) VALUES (s.tenant_id, s.sku, s.qty)
  WHEN NOT MATCHED AND s.qty = 0 THEN DO NOTHING
  WHEN NOT MATCHED THEN INSERT (tenant_id, id, sku, qty) VALUES (s.tenant_id, 1000, s.sku, s.qty);
SELECT count(*) FROM m_items;
COMMIT;
MERGE INTO m_items_local t USING m_items_src_local s ON t.tenant_id = s.tenant_id AND t.sku = s.sku
  WHEN MATCHED THEN UPDATE SET qty = t.qty + s.qty
  WHEN NOT MATCHED AND s.qty > 0 THEN INSERT (tenant_id, sku, qty) VALUES (s.tenant_id, s.sku, s.qty)
  WHEN NOT MATCHED AND s.qty = 0 THEN DO NOTHING
  WHEN NOT MATCHED THEN INSERT (tenant_id, id, sku, qty) VALUES (s.tenant_id, 1000, s.sku, s.qty);
(SELECT tenant_id, sku, qty FROM m_items EXCEPT ALL SELECT tenant_id, sku, qty FROM m_items_local)
UNION ALL
(SELECT tenant_id, sku, qty FROM m_items_local EXCEPT ALL SELECT tenant_id, sku, qty FROM m_items);
SELECT (SELECT array_agg(id ORDER BY id) FROM m_items) AS ids,
       (SELECT array_agg(id ORDER BY id) FROM m_items_local) AS local_ids,
       (SELECT last_value FROM m_items_id_seq) AS last, (SELECT last_value FROM m_items_local_id_seq) AS local_last;
-- one row at a time (a prepared upsert, generic plans too): the ids themselves are equal
PREPARE m_items_upsert(int, text, int) AS
MERGE INTO m_items t USING (VALUES ($1, $2, $3)) s(tenant_id, sku, qty)
  ON t.tenant_id = s.tenant_id AND t.sku = s.sku
  WHEN MATCHED THEN UPDATE SET qty = t.qty + s.qty
  WHEN NOT MATCHED THEN INSERT (tenant_id, sku, qty) VALUES (s.tenant_id, s.sku, s.qty);
PREPARE m_items_upsert_local(int, text, int) AS
MERGE INTO m_items_local t USING (VALUES ($1, $2, $3)) s(tenant_id, sku, qty)
  ON t.tenant_id = s.tenant_id AND t.sku = s.sku
  WHEN MATCHED THEN UPDATE SET qty = t.qty + s.qty
  WHEN NOT MATCHED THEN INSERT (tenant_id, sku, qty) VALUES (s.tenant_id, s.sku, s.qty);
SET plan_cache_mode TO force_generic_plan;
EXECUTE m_items_upsert(7, 'x', 1);
EXECUTE m_items_upsert(7, 'x', 1);
EXECUTE m_items_upsert(8, 'y', 1);
EXECUTE m_items_upsert(1, 'a', 1);
EXECUTE m_items_upsert_local(7, 'x', 1);
EXECUTE m_items_upsert_local(7, 'x', 1);
EXECUTE m_items_upsert_local(8, 'y', 1);
EXECUTE m_items_upsert_local(1, 'a', 1);
RESET plan_cache_mode;
-- whole rows, ids included, except those the multi-row source above inserted (d, e: which of
-- them got which id is not fixed)
(SELECT * FROM m_items WHERE id < 1000 AND sku NOT IN ('d', 'e')
 EXCEPT ALL SELECT * FROM m_items_local WHERE id < 1000 AND sku NOT IN ('d', 'e'))
UNION ALL
(SELECT * FROM m_items_local WHERE id < 1000 AND sku NOT IN ('d', 'e')
 EXCEPT ALL SELECT * FROM m_items WHERE id < 1000 AND sku NOT IN ('d', 'e'));
SELECT * FROM m_items WHERE tenant_id IN (7, 8) ORDER BY id;
DEALLOCATE m_items_upsert;
DEALLOCATE m_items_upsert_local;
-- a MERGE that fails on a shard has taken its values, as PostgreSQL's does
MERGE INTO m_items t USING (VALUES (9, 'q', 1)) s(tenant_id, sku, qty) ON t.tenant_id = s.tenant_id AND t.sku = s.sku
  WHEN NOT MATCHED THEN INSERT (tenant_id, sku, qty) VALUES (s.tenant_id, s.sku, s.qty / 0);
MERGE INTO m_items t USING (VALUES (9, 'q', 1)) s(tenant_id, sku, qty) ON t.tenant_id = s.tenant_id AND t.sku = s.sku
  WHEN NOT MATCHED THEN INSERT (tenant_id, sku, qty) VALUES (s.tenant_id, s.sku, s.qty);
SELECT id, sku FROM m_items WHERE tenant_id = 9;
-- identity columns: ALWAYS (OVERRIDING SYSTEM VALUE to give one), BY DEFAULT (OVERRIDING USER
-- VALUE takes the default), DEFAULT, INSERT DEFAULT VALUES-like lists; an expression over
-- nextval; a sequence value written in the action
CREATE SEQUENCE m_code_seq;
CREATE TABLE m_ident (k int, a int GENERATED ALWAYS AS IDENTITY, b bigint GENERATED BY DEFAULT AS IDENTITY,
                      code text DEFAULT 'C-' || nextval('m_code_seq'), v text);
SELECT create_distributed_table('m_ident', 'k');
MERGE INTO m_ident t USING (VALUES (1, 'x')) s(k, v) ON t.k = s.k
  WHEN NOT MATCHED THEN INSERT (k, v) VALUES (s.k, s.v);
MERGE INTO m_ident t USING (VALUES (2, 'y')) s(k, v) ON t.k = s.k
  WHEN NOT MATCHED THEN INSERT (k, a, v) VALUES (s.k, 50, s.v);
MERGE INTO m_ident t USING (VALUES (2, 'y')) s(k, v) ON t.k = s.k
  WHEN NOT MATCHED THEN INSERT (k, a, b, v) OVERRIDING SYSTEM VALUE VALUES (s.k, 50, 60, s.v);
MERGE INTO m_ident t USING (VALUES (3, 'z')) s(k, v) ON t.k = s.k
  WHEN NOT MATCHED THEN INSERT (k, b, v) OVERRIDING USER VALUE VALUES (s.k, 70, s.v);
MERGE INTO m_ident t USING (VALUES (4, 'w')) s(k, v) ON t.k = s.k
  WHEN NOT MATCHED THEN INSERT (k, a, b, code) VALUES (s.k, DEFAULT, DEFAULT, s.v || nextval('m_code_seq'));
MERGE INTO m_ident t USING (VALUES (1, 'x'), (5, 'u')) s(k, v) ON t.k = s.k
  WHEN MATCHED THEN UPDATE SET v = t.v || '!'
  WHEN NOT MATCHED THEN INSERT VALUES (s.k);
SELECT * FROM m_ident ORDER BY k;
-- still refused: a sequence value in UPDATE SET or a WHEN condition
MERGE INTO m_ident t USING (VALUES (1, 'x')) s(k, v) ON t.k = s.k
  WHEN MATCHED THEN UPDATE SET b = nextval('m_code_seq');
MERGE INTO m_ident t USING (VALUES (1, 'x')) s(k, v) ON t.k = s.k
  WHEN NOT MATCHED AND nextval('m_code_seq') > 0 THEN INSERT (k) VALUES (s.k);
-- a reference table: every placement gets the same values
CREATE TABLE m_ref_serial (id serial PRIMARY KEY, name text UNIQUE, n int);
SELECT create_reference_table('m_ref_serial');
INSERT INTO m_ref_serial (name, n) VALUES ('a', 1);
MERGE INTO m_ref_serial t USING (VALUES ('a', 1), ('b', 2)) s(name, n) ON t.name = s.name
  WHEN MATCHED THEN UPDATE SET n = t.n + s.n
  WHEN NOT MATCHED THEN INSERT (name, n) VALUES (s.name, s.n);
MERGE INTO m_ref_serial t USING (VALUES ('c', 3)) s(name, n) ON t.name = s.name
  WHEN NOT MATCHED THEN INSERT (name, n) VALUES (s.name, s.n);
SELECT * FROM m_ref_serial ORDER BY id;
SELECT result FROM run_command_on_placements('m_ref_serial',
  'SELECT string_agg(id || name || n, '','' ORDER BY id) FROM %s');
DROP TABLE m_items, m_items_local, m_items_src, m_items_src_local, m_ident, m_ref_serial;
DROP SEQUENCE m_code_seq;

DROP FUNCTION m_misplaced_query(int);
DROP TABLE m_target, m_source, m_other, m_local, m_ref;
