-- Time partitions: create_time_partitions, get_missing_time_partition_ranges,
-- drop_old_time_partitions and the time_partitions view on local and distributed tables
-- partitioned by a date, timestamp or timestamptz column: alignment, names, idempotence, rows
-- routed to the new partitions (read back equal to a local copy), drops, and the errors.
SET client_min_messages TO notice;
\set SHOW_CONTEXT never
SET TimeZone = 'UTC';
SET DateStyle = 'ISO, YMD';
SET IntervalStyle = 'postgres';

-- A local table partitioned by timestamptz: monthly partitions start at the month holding
-- start_from; a second call creates nothing.
CREATE TABLE tp_local (id bigint NOT NULL, at timestamptz NOT NULL, v text) PARTITION BY RANGE (at);
SELECT create_time_partitions('tp_local', '1 month', '2021-04-01', '2021-01-15 10:00');
SELECT * FROM time_partitions WHERE parent_table = 'tp_local'::regclass;
SELECT create_time_partitions('tp_local', '1 month', '2021-04-01', '2021-01-15 10:00');
SELECT create_time_partitions('tp_local', '1 month', '2021-03-15', '2021-02-01');
-- Missing ranges before and after the existing ones, aligned on the earliest partition.
SELECT * FROM get_missing_time_partition_ranges('tp_local', '1 month', '2021-06-01', '2020-11-03');
SELECT create_time_partitions('tp_local', '1 month', '2021-06-01', '2020-11-03');
SELECT partition, from_value, to_value FROM time_partitions WHERE parent_table = 'tp_local'::regclass;
SELECT create_time_partitions('tp_local', '1 month', '2021-06-01', '2020-11-03');

-- A distributed table gets its partitions distributed and colocated with it.
CREATE TABLE tp_dist (id bigint NOT NULL, at timestamptz NOT NULL, v text) PARTITION BY RANGE (at);
SELECT create_distributed_table('tp_dist', 'id', shard_count => 4);
SELECT create_time_partitions('tp_dist', '1 month', '2021-06-01', '2020-11-03');
SELECT create_time_partitions('tp_dist', '1 month', '2021-06-01', '2020-11-03');
SELECT partition, from_value, to_value, access_method FROM time_partitions
WHERE parent_table = 'tp_dist'::regclass;
SELECT logicalrelid, partmethod,
       colocationid = (SELECT colocationid FROM pg_dist_partition
                       WHERE logicalrelid = 'tp_dist'::regclass) AS colocated
FROM pg_dist_partition WHERE logicalrelid::text LIKE 'tp_dist%' ORDER BY 1;
SELECT table_name, count(*) AS shards FROM citus_shards
WHERE table_name::text LIKE 'tp_dist%' GROUP BY 1 ORDER BY 1;
-- On the workers the partitions' shards are attached to the parent's shards.
SELECT result AS attached_partition_shards FROM run_command_on_workers(
  $$SELECT count(*) FROM pg_inherits i JOIN pg_class p ON p.oid = i.inhparent
    WHERE p.relname ~ '^tp_dist_[0-9]+$'$$);

-- Rows go to the new partitions and read back equal to the local copy.
INSERT INTO tp_local SELECT i, timestamptz '2020-11-01' + i * interval '17 hours', 'v' || i
FROM generate_series(0, 250) i;
INSERT INTO tp_dist SELECT * FROM tp_local;
SELECT tableoid::regclass AS partition, count(*) FROM tp_dist GROUP BY 1 ORDER BY 1;
SELECT count(*) AS only_in_local FROM (SELECT * FROM tp_local EXCEPT ALL SELECT * FROM tp_dist) d;
SELECT count(*) AS only_in_dist FROM (SELECT * FROM tp_dist EXCEPT ALL SELECT * FROM tp_local) d;
SELECT date_trunc('month', at) AS month, count(*), sum(id) FROM tp_dist GROUP BY 1 ORDER BY 1;

-- Creating partitions is atomic with the caller's transaction.
BEGIN;
SELECT create_time_partitions('tp_dist', '1 month', '2021-09-01', '2021-06-01');
SELECT count(*) AS partitions_in_transaction FROM time_partitions WHERE parent_table = 'tp_dist'::regclass;
ROLLBACK;
SELECT count(*) AS partitions_after_rollback FROM time_partitions WHERE parent_table = 'tp_dist'::regclass;
SELECT count(*) AS shells_after_rollback FROM pg_dist_partition WHERE logicalrelid::text LIKE 'tp_dist%';

-- drop_old_time_partitions drops the partitions ending at or before older_than, with their
-- shards; the rows left are still those of the local copy.
CALL drop_old_time_partitions('tp_local', '2021-01-15');
CALL drop_old_time_partitions('tp_dist', '2021-01-15');
CALL drop_old_time_partitions('tp_dist', '2021-01-15');
SELECT partition, from_value, to_value FROM time_partitions WHERE parent_table = 'tp_dist'::regclass;
SELECT count(*) AS dropped_metadata FROM pg_dist_partition
WHERE logicalrelid::text IN ('tp_dist_p2020_11', 'tp_dist_p2020_12');
SELECT result AS shard_tables_left FROM run_command_on_workers(
  $$SELECT count(*) FROM pg_class WHERE relname ~ '^tp_dist_p2020_1[12]_[0-9]+$'$$);
SELECT count(*), min(at) FROM tp_dist;
SELECT count(*) AS only_in_local FROM (SELECT * FROM tp_local EXCEPT ALL SELECT * FROM tp_dist) d;
SELECT count(*) AS only_in_dist FROM (SELECT * FROM tp_dist EXCEPT ALL SELECT * FROM tp_local) d;
-- New partitions line up with the partitions left; rows inserted later land in them.
SELECT create_time_partitions('tp_dist', '1 month', '2021-08-01', '2021-05-20');
INSERT INTO tp_dist VALUES (1000, '2021-07-04 12:00', 'july');
SELECT tableoid::regclass AS partition, v FROM tp_dist WHERE id = 1000;

-- Partitions that do not line up with the interval are reported, and nothing is created.
SELECT create_time_partitions('tp_dist', '1 week', '2021-09-01', '2021-06-01');
CREATE TABLE tp_dist_manual PARTITION OF tp_dist FOR VALUES FROM ('2021-08-10') TO ('2021-08-20');
SELECT create_time_partitions('tp_dist', '1 month', '2021-10-01', '2021-07-01');
SELECT count(*) AS partitions FROM time_partitions WHERE parent_table = 'tp_dist'::regclass;
DROP TABLE tp_dist_manual;
DROP TABLE tp_local, tp_dist;

-- Dates: weeks start on Monday and are named by ISO week; intervals must be whole days.
CREATE TABLE tp_dates (d date NOT NULL, n int) PARTITION BY RANGE (d);
SELECT create_time_partitions('tp_dates', '1 week', '2021-01-20', '2020-12-30');
SELECT partition, from_value, to_value FROM time_partitions WHERE parent_table = 'tp_dates'::regclass;
SELECT create_time_partitions('tp_dates', '12 hours', '2021-09-01', '2021-06-01');
SELECT create_time_partitions('tp_dates', '1 day 1 hour', '2021-09-01', '2021-06-01');
DROP TABLE tp_dates;
-- Quarters, years, 30 days (not a month: the day is in the name) and 10 days.
CREATE TABLE tp_q (d date) PARTITION BY RANGE (d);
SELECT create_time_partitions('tp_q', '3 months', '2022-01-01', '2021-05-05');
CREATE TABLE tp_y (d date) PARTITION BY RANGE (d);
SELECT create_time_partitions('tp_y', '1 year', '2023-01-01', '2021-05-05');
CREATE TABLE tp_30 (d date) PARTITION BY RANGE (d);
SELECT create_time_partitions('tp_30', '30 days', '2021-03-01', '2021-01-01');
SELECT parent_table, partition, from_value, to_value FROM time_partitions
WHERE parent_table IN ('tp_q'::regclass, 'tp_y'::regclass, 'tp_30'::regclass);
DROP TABLE tp_q, tp_y, tp_30;

-- timestamp (without time zone): hours of local time, also across the end of daylight saving
-- time; a distributed table with a DEFAULT partition, which the view lists with NULL bounds
-- and drop_old_time_partitions keeps.
SET TimeZone = 'America/New_York';
CREATE TABLE tp_ts (k int NOT NULL, at timestamp NOT NULL) PARTITION BY RANGE (at);
CREATE TABLE tp_ts_other PARTITION OF tp_ts DEFAULT;
SELECT create_distributed_table('tp_ts', 'k', shard_count => 2);
SELECT create_time_partitions('tp_ts', '1 hour', '2021-11-07 04:00', '2021-11-07 00:00');
SELECT partition, from_value, to_value FROM time_partitions WHERE parent_table = 'tp_ts'::regclass;
SELECT create_time_partitions('tp_ts', '1 hour', '2021-11-07 06:00', '2021-11-07 02:30');
SELECT create_time_partitions('tp_ts', '6 hours', '2021-11-08 00:00', '2021-11-07 01:30');
INSERT INTO tp_ts VALUES (1, '2021-11-07 01:30'), (2, '2021-11-07 05:59'), (3, '2021-12-25 00:00');
SELECT k, at, tableoid::regclass AS partition FROM tp_ts ORDER BY k;
CALL drop_old_time_partitions('tp_ts', '2021-11-07 03:00-05');
SELECT partition, from_value, to_value FROM time_partitions WHERE parent_table = 'tp_ts'::regclass;
SELECT k, at FROM tp_ts ORDER BY k;
DROP TABLE tp_ts;
-- timestamptz across the end of daylight saving time: days of local time, 25 hours long.
CREATE TABLE tp_tz (at timestamptz) PARTITION BY RANGE (at);
SELECT create_time_partitions('tp_tz', '1 day', '2021-11-09', '2021-11-06 15:00');
SELECT partition, from_value, to_value FROM time_partitions WHERE parent_table = 'tp_tz'::regclass;
DROP TABLE tp_tz;
SET TimeZone = 'UTC';

-- A long table name is cut so that the partition's name fits; another schema is kept.
CREATE SCHEMA tp_schema;
CREATE TABLE tp_schema.tp_a_table_with_a_name_so_long_that_the_suffix_cannot_be_added_x
    (at timestamptz) PARTITION BY RANGE (at);
SELECT create_time_partitions('tp_schema.tp_a_table_with_a_name_so_long_that_the_suffix_cannot_be_added_x',
                              '1 day', '2021-01-03', '2021-01-01');
SELECT partition, length(c.relname) FROM time_partitions JOIN pg_class c ON c.oid = partition
WHERE parent_table = 'tp_schema.tp_a_table_with_a_name_so_long_that_the_suffix_cannot_be_added_x'::regclass;
CALL drop_old_time_partitions('tp_schema.tp_a_table_with_a_name_so_long_that_the_suffix_cannot_be_added_x',
                              '2021-01-02');
SELECT count(*) FROM time_partitions WHERE partition::text LIKE 'tp_schema.%';
DROP SCHEMA tp_schema CASCADE;

-- The view lists every table partitioned by RANGE on one column, as in Citus.
CREATE TABLE tp_int (n int) PARTITION BY RANGE (n);
CREATE TABLE tp_int_low PARTITION OF tp_int FOR VALUES FROM (MINVALUE) TO (10);
CREATE TABLE tp_int_mid PARTITION OF tp_int FOR VALUES FROM (10) TO (20);
SELECT * FROM time_partitions WHERE parent_table = 'tp_int'::regclass;

-- Errors: tables that cannot have time partitions, and bad arguments.
CREATE TABLE tp_plain (at timestamptz);
CREATE TABLE tp_list (at date) PARTITION BY LIST (at);
CREATE TABLE tp_hash (at date) PARTITION BY HASH (at);
CREATE TABLE tp_two (a date, b date) PARTITION BY RANGE (a, b);
CREATE TABLE tp_expr (at timestamp) PARTITION BY RANGE ((at + interval '1 hour'));
CREATE TABLE tp_ok (at timestamptz) PARTITION BY RANGE (at);
SELECT create_time_partitions('tp_plain', '1 day', '2021-01-03', '2021-01-01');
SELECT create_time_partitions('tp_list', '1 day', '2021-01-03', '2021-01-01');
SELECT create_time_partitions('tp_hash', '1 day', '2021-01-03', '2021-01-01');
SELECT create_time_partitions('tp_two', '1 day', '2021-01-03', '2021-01-01');
SELECT create_time_partitions('tp_expr', '1 day', '2021-01-03', '2021-01-01');
SELECT create_time_partitions('tp_int', '1 day', '2021-01-03', '2021-01-01');
SELECT create_time_partitions('tp_ok', '0 days', '2021-01-03', '2021-01-01');
SELECT create_time_partitions('tp_ok', '-1 day', '2021-01-03', '2021-01-01');
SELECT create_time_partitions('tp_ok', '1 month -5 days', '2021-01-03', '2021-01-01');
SELECT create_time_partitions('tp_ok', '1 day', '2021-01-01', '2021-01-03');
SELECT create_time_partitions('tp_ok', '1 day', '2021-01-01', '2021-01-01');
SELECT create_time_partitions('tp_ok', '1 day', 'infinity', '2021-01-01');
SELECT * FROM get_missing_time_partition_ranges('tp_ok', '1 day', '2021-01-01', '-infinity');
SELECT create_time_partitions('tp_ok', NULL, '2021-01-03', '2021-01-01');
SELECT create_time_partitions('tp_ok', '1 day', NULL);
SELECT * FROM get_missing_time_partition_ranges('tp_ok', '1 day', '2021-01-01', '2021-01-03');
CALL drop_old_time_partitions('tp_plain', '2021-01-01');
CALL drop_old_time_partitions('tp_list', '2021-01-01');
CALL drop_old_time_partitions('tp_ok', NULL);
SELECT * FROM time_partition_range('tp_plain');
SELECT * FROM time_partition_range('tp_int_low');
SELECT count(*) AS nothing_created FROM time_partitions WHERE parent_table = 'tp_ok'::regclass;
DROP TABLE tp_plain, tp_list, tp_hash, tp_two, tp_expr, tp_ok, tp_int;
