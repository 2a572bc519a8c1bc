-- create_distributed_table on a table with rows, constraints, defaults and indexes.
SET client_min_messages TO warning;
-- Check helper: on the worker with port `port`, one query that counts, for every hash-distributed
-- table, the rows of each of its shards there whose hash falls outside the shard's range.
CREATE FUNCTION placement_check(port int) RETURNS text LANGUAGE sql AS $$
  SELECT coalesce(
    'SELECT tbl, sum(misplaced) AS misplaced, sum(total) AS total FROM ('
      || string_agg(format('SELECT %L AS tbl, count(*) FILTER (WHERE worker_hash(%I) NOT BETWEEN %s AND %s) AS misplaced, count(*) AS total FROM %s',
                           s.logicalrelid::text, column_to_column_name(s.logicalrelid, p.partkey),
                           s.shardminvalue, s.shardmaxvalue, shard_name(s.logicalrelid, s.shardid)),
                    ' UNION ALL ')
      || ') c GROUP BY tbl ORDER BY tbl',
    'SELECT NULL AS tbl')
  FROM pg_dist_shard s
  JOIN pg_dist_partition p USING (logicalrelid)
  JOIN pg_dist_placement pl USING (shardid)
  JOIN pg_dist_node n USING (groupid)
  JOIN pg_dist_colocation c USING (colocationid)
  JOIN pg_type t ON t.oid = c.distributioncolumntype
  -- enums hash by their OID, which differs on the workers: their rows are checked by count only
  WHERE p.partmethod = 'h' AND n.nodeport = port AND t.typtype <> 'e' $$;

CREATE TABLE payments (
    payment_id bigint NOT NULL,
    merchant_id int NOT NULL,
    amount numeric(12,2) DEFAULT 0 CHECK (amount >= 0),
    note text,
    created date DEFAULT '2024-01-01',
    serial_col bigserial,
    PRIMARY KEY (merchant_id, payment_id),
    UNIQUE (merchant_id, note)
);
CREATE INDEX payments_created_idx ON payments (created DESC NULLS LAST) WHERE amount > 10;
CREATE INDEX payments_lower_note ON payments (lower(note) text_pattern_ops) INCLUDE (amount);
INSERT INTO payments (payment_id, merchant_id, amount, note)
SELECT g, g % 97, (g % 1000) / 10.0,
       CASE WHEN g % 10 = 0 THEN NULL ELSE 'note ' || g || E'\twith tab\nnew line \\ backslash' END
FROM generate_series(1, 20000) g;
-- A digest of the rows, to compare with when they come back (distribute_lifecycle).
CREATE TABLE payments_digest AS
SELECT md5(string_agg(p::text, '|' ORDER BY payment_id)) AS digest, count(*) FROM payments p;
SELECT create_distributed_table('payments', 'merchant_id');

-- Metadata: one row in pg_dist_partition, 32 shards (the default) covering the hash space.
SELECT logicalrelid, partmethod, column_to_column_name(logicalrelid, partkey), repmodel
FROM pg_dist_partition WHERE logicalrelid = 'payments'::regclass;
SELECT count(*) AS shards, min(shardminvalue::int) AS min, max(shardmaxvalue::int) AS max,
       bool_and(shardstorage = 't') AS table_storage
FROM pg_dist_shard WHERE logicalrelid = 'payments'::regclass;
SELECT count(*) FILTER (WHERE (lag IS NULL OR lag + 1 = minv)) AS contiguous
FROM (SELECT shardminvalue::bigint AS minv,
             lag(shardmaxvalue::bigint) OVER (ORDER BY shardminvalue::int) AS lag
      FROM pg_dist_shard WHERE logicalrelid = 'payments'::regclass) r;
SELECT min(shardid) >= 102008 AS ids_from_sequence FROM pg_dist_shard;
-- Shards alternate over the two workers, one placement each.
SELECT n.nodeport = :worker_1_port AS on_worker_1, count(*)
FROM pg_dist_shard s JOIN pg_dist_placement p USING (shardid) JOIN pg_dist_node n USING (groupid)
WHERE s.logicalrelid = 'payments'::regclass GROUP BY 1 ORDER BY 1;
SELECT shardcount, replicationfactor, distributioncolumntype::regtype
FROM pg_dist_colocation c JOIN pg_dist_partition p USING (colocationid)
WHERE p.logicalrelid = 'payments'::regclass;

-- The views.
SELECT table_name, citus_table_type, distribution_column, shard_count, table_owner,
       access_method, table_size <> '0 bytes' AS has_size
FROM citus_tables WHERE table_name = 'payments'::regclass;
SELECT count(*), count(DISTINCT shardid), bool_and(shard_size > 0) AS sized,
       bool_and(shard_name = 'payments_' || shardid) AS names
FROM citus_shards WHERE table_name = 'payments'::regclass;
-- pg_dist_shard_placement: the placements with their node's name and port.
SELECT count(*), count(DISTINCT placementid), bool_and(shardstate = 1) AS active,
       count(*) FILTER (WHERE nodeport = :worker_1_port) AS on_worker_1
FROM pg_dist_shard_placement sp JOIN pg_dist_shard s USING (shardid)
WHERE s.logicalrelid = 'payments'::regclass;
-- The views' columns and types, as Citus defines them.
SELECT attrelid::regclass AS view, attnum, attname, atttypid::regtype
FROM pg_attribute
WHERE attrelid IN ('citus_tables'::regclass, 'citus_shards'::regclass,
                   'pg_dist_shard_placement'::regclass) AND attnum > 0
ORDER BY attrelid::regclass::text, attnum;

-- The local table is empty now; reads and writes go to the shards.
SELECT count(*) FROM payments;
SELECT payment_id, merchant_id FROM payments WHERE merchant_id = 1 ORDER BY payment_id LIMIT 3;
\set VERBOSITY terse
INSERT INTO payments (payment_id, merchant_id) VALUES (1, 1); -- already there (in a shard)
\set VERBOSITY default
COPY payments FROM '/dev/null';
COPY (SELECT payment_id, merchant_id FROM payments WHERE merchant_id = 8 ORDER BY 1 LIMIT 2) TO STDOUT;
WITH x AS (SELECT * FROM payments) SELECT count(*) FROM x;
SELECT 1 WHERE EXISTS (SELECT 1 FROM payments);

-- On the workers: every row is in the shard whose hash range holds it, and no row is lost.
SELECT placement_check(:worker_1_port) AS check_worker_1 \gset
SELECT placement_check(:worker_2_port) AS check_worker_2 \gset
SELECT shard_name('payments', min(shardid)) AS first_shard FROM pg_dist_shard
WHERE logicalrelid = 'payments'::regclass \gset
\c - - - :worker_1_port
:check_worker_1;
\c - - - :worker_2_port
:check_worker_2;
-- The shard has the table's columns, defaults (not the coordinator's sequence), constraints and
-- indexes, with shard names.
\c - - - :worker_1_port
\d :first_shard
SELECT sum(c) AS total_rows FROM (
  SELECT (xpath('/row/c/text()', query_to_xml(format('SELECT count(*) AS c FROM %I', tablename), false, true, '')))[1]::text::int AS c
  FROM pg_tables WHERE tablename LIKE 'payments\_%') x \gset
\c - - - :worker_2_port
SELECT :total_rows + sum(c) AS rows_on_both_workers FROM (
  SELECT (xpath('/row/c/text()', query_to_xml(format('SELECT count(*) AS c FROM %I', tablename), false, true, '')))[1]::text::int AS c
  FROM pg_tables WHERE tablename LIKE 'payments\_%') x;
\c - - - :coordinator_port

-- Another session sees the table as distributed right away (the metadata cache is per backend).
SELECT count(*) FROM payments;

-- get_shard_id_for_distribution_column agrees with where the rows are.
SELECT get_shard_id_for_distribution_column('payments', 5) =
       (SELECT shardid FROM pg_dist_shard WHERE logicalrelid = 'payments'::regclass
        AND worker_hash(5) BETWEEN shardminvalue::int AND shardmaxvalue::int) AS same_shard;

-- An empty table with an explicit shard count.
CREATE TABLE events (tenant text, id int, payload jsonb);
SELECT create_distributed_table('events', 'tenant', shard_count => 4);
SELECT count(*) FROM pg_dist_shard WHERE logicalrelid = 'events'::regclass;
SELECT shardminvalue, shardmaxvalue FROM pg_dist_shard
WHERE logicalrelid = 'events'::regclass ORDER BY shardminvalue::int;
DROP TABLE events;
