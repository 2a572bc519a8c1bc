-- VACUUM, ANALYZE, REINDEX and CLUSTER of distributed and reference tables reach every shard
-- placement (the coordinator's own table is empty). Shard ids are fixed so that names print.
ALTER SEQUENCE pg_dist_shardid_seq RESTART 995000;
CREATE TABLE events (tenant int, id int, kind text, payload text, PRIMARY KEY (tenant, id));
SELECT create_distributed_table('events', 'tenant', shard_count => 4);
CREATE INDEX events_kind ON events (kind);
CREATE TABLE kinds (kind text PRIMARY KEY, label text);
SELECT create_reference_table('kinds');
INSERT INTO events SELECT g % 7, g, 'k' || (g % 5), repeat('x', 50) FROM generate_series(1, 2000) g;
INSERT INTO kinds SELECT 'k' || g, 'kind ' || g FROM generate_series(0, 4) g;
DELETE FROM events WHERE id % 3 = 0;
DELETE FROM kinds WHERE kind = 'k4';

-- Each shard's dead rows and statistics, read on the shards themselves.
CREATE FUNCTION shard_stats(rel regclass, what text) RETURNS SETOF text LANGUAGE sql AS $$
    SELECT result FROM run_command_on_placements(rel, what) ORDER BY shardid, nodeport $$;

-- VACUUM: every shard vacuumed, dead rows gone.
VACUUM events;
SELECT * FROM shard_stats('events',
    $$SELECT (last_vacuum IS NOT NULL) || ' ' || n_dead_tup FROM pg_stat_user_tables WHERE relid = '%s'::regclass$$);
-- Reference tables: every placement.
VACUUM (FREEZE, VERBOSE false) kinds;
SELECT * FROM shard_stats('kinds',
    $$SELECT (last_vacuum IS NOT NULL) || ' ' || n_dead_tup FROM pg_stat_user_tables WHERE relid = '%s'::regclass$$);

-- ANALYZE with a column list: statistics for that column only, on every shard.
SELECT * FROM shard_stats('events', $$SELECT count(*) FROM pg_stats WHERE tablename = '%s'$$);
ANALYZE events (kind);
SELECT * FROM shard_stats('events', $$SELECT string_agg(attname, ',' ORDER BY attname) FROM pg_stats WHERE tablename = '%s'$$);
-- ANALYZE in a transaction block commits or rolls back with it.
BEGIN;
ANALYZE events;
ROLLBACK;
SELECT * FROM shard_stats('events', $$SELECT string_agg(attname, ',' ORDER BY attname) FROM pg_stats WHERE tablename = '%s'$$);
VACUUM ANALYZE events, kinds;
SELECT * FROM shard_stats('events', $$SELECT string_agg(attname, ',' ORDER BY attname) FROM pg_stats WHERE tablename = '%s'$$);

-- REINDEX TABLE / INDEX (also CONCURRENTLY): the shards' indexes are rebuilt (new files).
CREATE TABLE filenodes AS
    SELECT shardid, result AS before FROM run_command_on_shards('events',
        $$SELECT relfilenode FROM pg_class WHERE oid = replace('%s', 'events_', 'events_kind_')::regclass$$);
REINDEX INDEX events_kind;
SELECT count(*) AS rebuilt FROM filenodes JOIN run_command_on_shards('events',
    $$SELECT relfilenode FROM pg_class WHERE oid = replace('%s', 'events_', 'events_kind_')::regclass$$) r
    USING (shardid) WHERE r.result <> filenodes.before;
REINDEX TABLE CONCURRENTLY events;
REINDEX (VERBOSE false) TABLE kinds;
SELECT * FROM shard_stats('events', $$SELECT bool_and(indisvalid) || ' ' || count(*) FROM pg_index WHERE indrelid = '%s'::regclass$$);
SELECT count(*), count(DISTINCT kind) FROM events WHERE kind = 'k1';

-- CLUSTER: every shard ordered by (and marked clustered on) its shard of the index; a later
-- CLUSTER without USING takes the same index.
CLUSTER events USING events_kind;
CLUSTER events;
SELECT * FROM shard_stats('events', $$SELECT string_agg(c.relname, ',') FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid WHERE i.indrelid = '%s'::regclass AND i.indisclustered$$);

-- Errors are PostgreSQL's own, before anything reaches the shards.
BEGIN;
VACUUM events;
ROLLBACK;
REINDEX INDEX no_such_index;
CLUSTER kinds;

-- Rows are all still there.
SELECT count(*), sum(id) FROM events;
SELECT * FROM kinds ORDER BY kind;
DROP FUNCTION shard_stats(regclass, text);
DROP TABLE filenodes, events, kinds;
