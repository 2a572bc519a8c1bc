-- Distributed partitioned tables: create_distributed_table with existing partitions and rows,
-- partitions created, attached, detached and dropped afterwards, reads and writes through the
-- parent and the partitions, catalogs, shard moves, undistribute_table, and what is refused
-- (with nothing left behind).
SET client_min_messages TO warning;
\set SHOW_CONTEXT never

CREATE TABLE part_events (tenant_id int NOT NULL, ts date NOT NULL, v text,
                          PRIMARY KEY (tenant_id, ts)) PARTITION BY RANGE (ts);
CREATE TABLE part_events_2024 PARTITION OF part_events FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
CREATE TABLE part_events_2025 PARTITION OF part_events FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
CREATE TABLE part_events_other PARTITION OF part_events DEFAULT;
INSERT INTO part_events SELECT i % 10, date '2023-11-01' + i, 'v' || i FROM generate_series(1, 900) i;
SELECT count(*) AS rows_before FROM part_events;

-- Refused: a partition on its own, a reference table, and a partition that is partitioned.
SELECT create_distributed_table('part_events_2024', 'tenant_id');
SELECT create_reference_table('part_events');
CREATE TABLE part_nested (tenant_id int, k int) PARTITION BY LIST (k);
CREATE TABLE part_nested_1 PARTITION OF part_nested FOR VALUES IN (1) PARTITION BY RANGE (tenant_id);
CREATE TABLE part_nested_1a PARTITION OF part_nested_1 FOR VALUES FROM (0) TO (10);
SELECT create_distributed_table('part_nested', 'tenant_id');
-- Refused: foreign keys on a partitioned table.
CREATE TABLE part_fk_target (tenant_id int PRIMARY KEY);
CREATE TABLE part_fk (tenant_id int REFERENCES part_fk_target, k int) PARTITION BY LIST (k);
CREATE TABLE part_fk_1 PARTITION OF part_fk FOR VALUES IN (1);
SELECT create_distributed_table('part_fk_target', 'tenant_id');
SELECT create_distributed_table('part_fk', 'tenant_id');
-- Nothing of them was distributed or created on the workers.
SELECT count(*) AS refused_metadata FROM pg_dist_partition
WHERE logicalrelid::text LIKE 'part_nested%' OR logicalrelid::text LIKE 'part_fk\_%' OR logicalrelid::text = 'part_fk';
SELECT result AS refused_shards FROM run_command_on_workers(
  $$SELECT count(*) FROM pg_class WHERE relname LIKE 'part_nested%' OR relname LIKE 'part_fk\_1%'$$);
DROP TABLE part_nested, part_fk, part_fk_target;

-- The partitioned table and its partitions become colocated distributed tables.
SELECT create_distributed_table('part_events', 'tenant_id', shard_count => 4);
SELECT logicalrelid, partmethod, colocationid = (SELECT colocationid FROM pg_dist_partition
                                                 WHERE logicalrelid = 'part_events'::regclass) AS colocated
FROM pg_dist_partition WHERE logicalrelid::text LIKE 'part_events%' ORDER BY 1;
SELECT table_name, citus_table_type, distribution_column, shard_count
FROM citus_tables WHERE table_name::text LIKE 'part_events%' ORDER BY 1;
SELECT table_name, count(*) AS shards FROM citus_shards
WHERE table_name::text LIKE 'part_events%' GROUP BY 1 ORDER BY 1;
-- On the workers, each shard of the parent is partitioned, with the partitions' shards attached.
SELECT result AS partitioned_shards FROM run_command_on_workers(
  $$SELECT count(*) FROM pg_class WHERE relname ~ '^part_events_[0-9]+$' AND relkind = 'p'$$);
SELECT result AS attached_partition_shards FROM run_command_on_workers(
  $$SELECT count(*) FROM pg_inherits i JOIN pg_class p ON p.oid = i.inhparent WHERE p.relname ~ '^part_events_[0-9]+$'$$);
-- The rows are on the workers, read through the parent and the partitions.
SELECT count(*) AS rows_after, count(DISTINCT v) FROM part_events;
SELECT count(*) FROM part_events_2024;
SELECT count(*) FROM part_events_other;
SELECT count(*) AS only_parent FROM ONLY part_events;
SELECT tenant_id, count(*) FROM part_events WHERE ts >= '2025-06-01' GROUP BY 1 ORDER BY 1;
SELECT ts, v FROM part_events WHERE tenant_id = 3 AND ts BETWEEN '2025-01-01' AND '2025-01-31' ORDER BY ts;

-- Writes through the parent and into a partition, rows moving between partitions, COPY.
INSERT INTO part_events VALUES (1, '2024-02-29', 'leap');
INSERT INTO part_events_2025 VALUES (2, '2025-12-31', 'direct');
INSERT INTO part_events_2025 VALUES (2, '2024-12-31', 'wrong partition');
UPDATE part_events SET ts = '2030-01-01' WHERE v = 'leap';
SELECT count(*) AS moved_to_default FROM part_events_other WHERE v = 'leap';
COPY part_events FROM STDIN;
4	2024-07-04	copied
4	2035-07-04	copied
\.
SELECT count(*) FROM part_events WHERE v = 'copied';
INSERT INTO part_events SELECT tenant_id, ts + 3650, v || 'x' FROM part_events WHERE ts < '2023-12-01';
SELECT count(*) FROM part_events_other WHERE v LIKE '%x';

-- A new partition is distributed and attached on every shard; a conflicting one is refused
-- by the workers as PostgreSQL refuses it (the default partition holds such rows).
CREATE TABLE part_events_2026 PARTITION OF part_events FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');
SELECT count(*) AS part_2026 FROM pg_dist_partition WHERE logicalrelid::text = 'part_events_2026';
CREATE TABLE part_events_2045 PARTITION OF part_events FOR VALUES FROM ('2045-01-01') TO ('2046-01-01');
CREATE TABLE part_events_2040 PARTITION OF part_events FOR VALUES FROM ('2040-01-01') TO ('2041-01-01');
INSERT INTO part_events VALUES (5, '2040-05-05', 'in 2040');
SELECT count(*) FROM part_events_2040;
CREATE TABLE part_events_sub PARTITION OF part_events FOR VALUES FROM ('2050-01-01') TO ('2051-01-01') PARTITION BY RANGE (ts);

-- ATTACH a local table with rows: it becomes distributed, colocated, its rows on the shards.
CREATE TABLE part_events_2023 (tenant_id int NOT NULL, ts date NOT NULL, v text, PRIMARY KEY (tenant_id, ts));
DELETE FROM part_events WHERE ts < '2024-01-01';
INSERT INTO part_events_2023 VALUES (7, '2023-03-03', 'attached'), (8, '2023-04-04', 'attached');
ALTER TABLE part_events ATTACH PARTITION part_events_2023 FOR VALUES FROM ('2023-01-01') TO ('2024-01-01');
SELECT tenant_id, ts, v FROM part_events WHERE v = 'attached' ORDER BY 1;
-- DETACH: the table stays distributed; ATTACH it back (distributed and colocated).
ALTER TABLE part_events DETACH PARTITION part_events_2040;
SELECT count(*) FROM part_events WHERE v = 'in 2040';
SELECT count(*), (SELECT count(*) FROM pg_dist_partition WHERE logicalrelid = 'part_events_2040'::regclass) AS distributed
FROM part_events_2040;
ALTER TABLE part_events ATTACH PARTITION part_events_2040 FOR VALUES FROM ('2040-01-01') TO ('2041-01-01');
SELECT count(*) FROM part_events WHERE v = 'in 2040';
-- Refused: DETACH CONCURRENTLY, non-colocated tables, distributed tables under local parents.
ALTER TABLE part_events DETACH PARTITION part_events_2040 CONCURRENTLY;
CREATE TABLE part_alone (tenant_id int NOT NULL, ts date NOT NULL, v text, PRIMARY KEY (tenant_id, ts));
SELECT create_distributed_table('part_alone', 'tenant_id', colocate_with => 'none', shard_count => 3);
ALTER TABLE part_events ATTACH PARTITION part_alone FOR VALUES FROM ('2060-01-01') TO ('2061-01-01');
CREATE TABLE part_local (tenant_id int NOT NULL, ts date NOT NULL, v text) PARTITION BY RANGE (ts);
ALTER TABLE part_local ATTACH PARTITION part_alone FOR VALUES FROM ('2060-01-01') TO ('2061-01-01');
DROP TABLE part_alone, part_local;
-- Refused: foreign keys added later, from or to a distributed partitioned table.
CREATE TABLE part_tenants (tenant_id int PRIMARY KEY);
SELECT create_distributed_table('part_tenants', 'tenant_id', colocate_with => 'part_events');
ALTER TABLE part_events ADD CONSTRAINT part_events_tenant_fkey FOREIGN KEY (tenant_id) REFERENCES part_tenants (tenant_id);
CREATE TABLE part_refs (tenant_id int, ts date, FOREIGN KEY (tenant_id, ts) REFERENCES part_events (tenant_id, ts));
SELECT create_distributed_table('part_refs', 'tenant_id', colocate_with => 'part_events');
DROP TABLE part_refs;
CREATE TABLE part_refs (tenant_id int, ts date);
SELECT create_distributed_table('part_refs', 'tenant_id', colocate_with => 'part_events');
ALTER TABLE part_refs ADD CONSTRAINT part_refs_fkey FOREIGN KEY (tenant_id, ts) REFERENCES part_events (tenant_id, ts);
SELECT count(*) AS foreign_keys FROM pg_constraint WHERE contype = 'f' AND conname LIKE 'part\_%';
DROP TABLE part_refs, part_tenants;

-- DDL on the parent reaches every partition shard; DROP of a partition drops its shards.
ALTER TABLE part_events ADD COLUMN extra int DEFAULT 1;
CREATE INDEX part_events_v_idx ON part_events (v);
SELECT sum(extra) = count(*) AS extra_everywhere FROM part_events;
-- The partitions' shards hold the partitions' indexes under the names the catalogs give them,
-- so later renames find them.
SELECT result AS partition_v_indexes FROM run_command_on_workers(
  $$SELECT count(*) FROM pg_indexes WHERE indexname ~ '^part_events_2024_v_idx_[0-9]+$'$$);
ALTER INDEX part_events_2024_v_idx RENAME TO part_events_2024_v_index;
SELECT result AS renamed_partition_v_indexes FROM run_command_on_workers(
  $$SELECT count(*) FROM pg_indexes WHERE indexname ~ '^part_events_2024_v_index_[0-9]+$'$$);
-- The same for a unique constraint added to the parent.
ALTER TABLE part_events ADD CONSTRAINT part_events_v_key UNIQUE (tenant_id, v, ts);
SELECT result AS partition_unique_indexes FROM run_command_on_workers(
  $$SELECT count(*) FROM pg_indexes WHERE indexname ~ '^part_events_2024_tenant_id_v_ts_key_[0-9]+$'$$);
ALTER TABLE part_events_2024 RENAME CONSTRAINT part_events_2024_tenant_id_v_ts_key TO part_events_2024_v_key;
SELECT result AS renamed_partition_unique_indexes FROM run_command_on_workers(
  $$SELECT count(*) FROM pg_constraint WHERE conname ~ '^part_events_2024_v_key_[0-9]+$'$$);
SELECT result AS v_indexes FROM run_command_on_workers(
  $$SELECT count(*) FROM pg_indexes WHERE tablename LIKE 'part\_events\_%' AND indexdef LIKE '%(v)%'$$);
SELECT result AS shards_2045 FROM run_command_on_workers(
  $$SELECT count(*) FROM pg_tables WHERE tablename LIKE 'part\_events\_2045\_%'$$);
DROP TABLE part_events_2045;
SELECT result AS shards_2045 FROM run_command_on_workers(
  $$SELECT count(*) FROM pg_tables WHERE tablename LIKE 'part\_events\_2045\_%'$$);
SELECT count(*) AS total FROM part_events;

-- A shard move takes the parent's shard with its partitions' shards and every row.
CREATE TEMP TABLE part_digest AS SELECT count(*) AS n, md5(string_agg(t::text, '|' ORDER BY tenant_id, ts)) AS d FROM part_events t;
SELECT citus_move_shard_placement(s.shardid, '127.0.0.1', p.nodeport, '127.0.0.1', o.nodeport)
FROM (SELECT min(shardid) AS shardid FROM pg_dist_shard WHERE logicalrelid = 'part_events'::regclass) s
JOIN citus_shards p ON p.shardid = s.shardid
JOIN (SELECT DISTINCT nodeport FROM citus_shards) o ON o.nodeport <> p.nodeport;
SELECT count(DISTINCT nodeport) AS nodes_of_group FROM citus_shards
WHERE table_name::text LIKE 'part_events%' AND shardid IN (
  SELECT shardid FROM pg_dist_shard WHERE shardminvalue = (SELECT min(shardminvalue::int)::text FROM pg_dist_shard WHERE logicalrelid = 'part_events'::regclass));
SELECT n = (SELECT count(*) FROM part_events) AS same_count,
       d = (SELECT md5(string_agg(t::text, '|' ORDER BY tenant_id, ts)) FROM part_events t) AS same_rows
FROM part_digest;
INSERT INTO part_events VALUES (10, '2024-08-08', 'after move'), (11, '2024-08-08', 'after move'), (12, '2024-08-08', 'after move'), (13, '2024-08-08', 'after move');
SELECT count(*) FROM part_events_2024 WHERE v = 'after move';
SELECT * FROM rebalance_table_shards();
SELECT n + 4 = (SELECT count(*) FROM part_events) AS same_count_after_rebalance FROM part_digest;

-- TRUNCATE of a partition and of the parent.
TRUNCATE part_events_2025;
SELECT count(*) FROM part_events_2025;

-- undistribute_table of a partition is refused; of the parent, it takes the partitions along.
SELECT undistribute_table('part_events_2024');
SELECT undistribute_table('part_events');
SELECT count(*) AS metadata FROM pg_dist_partition WHERE logicalrelid::text LIKE 'part_events%';
SELECT count(*) AS local_total, count(*) FILTER (WHERE v = 'after move') AS after_move FROM part_events;
SELECT result AS shards_left FROM run_command_on_workers(
  $$SELECT count(*) FROM pg_tables WHERE tablename LIKE 'part\_events%'$$);
TRUNCATE part_events;
DROP TABLE part_events;
