-- update_distributed_table_colocation, mark_tables_colocated (metadata-only colocation changes,
-- refused unless the shards already line up) and create_distributed_table_concurrently.
SET citus.shard_count = 4;
CREATE TABLE cu_a (id int PRIMARY KEY, v text);
CREATE TABLE cu_b (id int, a_id int, w text);
CREATE TABLE cu_int8 (id bigint);
CREATE TABLE cu_eight (id int);
CREATE TABLE cu_ref (id int PRIMARY KEY);
SELECT create_distributed_table('cu_a', 'id', colocate_with => 'none');
SELECT create_distributed_table('cu_b', 'a_id', colocate_with => 'none');
SELECT create_distributed_table('cu_int8', 'id', colocate_with => 'none');
SELECT create_distributed_table('cu_eight', 'id', colocate_with => 'none', shard_count => 8);
SELECT create_reference_table('cu_ref');
INSERT INTO cu_a SELECT g, 'a' || g FROM generate_series(1, 30) g;
INSERT INTO cu_b SELECT g, g % 40, 'b' || g FROM generate_series(1, 90) g;
-- The same rows in local tables: what every join below must return.
CREATE TABLE cu_a_local AS SELECT * FROM cu_a;
CREATE TABLE cu_b_local AS SELECT * FROM cu_b;

-- Whether two tables share a colocation group, and groups no table uses any more.
CREATE FUNCTION cu_colocated(regclass, regclass) RETURNS boolean LANGUAGE sql AS $$
    SELECT (SELECT colocationid FROM pg_dist_partition WHERE logicalrelid = $1) =
           (SELECT colocationid FROM pg_dist_partition WHERE logicalrelid = $2) $$;
CREATE FUNCTION cu_orphan_groups() RETURNS bigint LANGUAGE sql AS $$
    SELECT count(*) FROM pg_dist_colocation c
    WHERE NOT EXISTS (SELECT 1 FROM pg_dist_partition p WHERE p.colocationid = c.colocationid) $$;
-- Rows in which the distributed join and the local join differ (0 when right).
CREATE FUNCTION cu_join_differences() RETURNS bigint LANGUAGE sql AS $$
    SELECT count(*) FROM (
        (SELECT a.id, b.w FROM cu_a a JOIN cu_b b ON a.id = b.a_id
         EXCEPT ALL SELECT a.id, b.w FROM cu_a_local a JOIN cu_b_local b ON a.id = b.a_id)
        UNION ALL
        (SELECT a.id, b.w FROM cu_a_local a JOIN cu_b_local b ON a.id = b.a_id
         EXCEPT ALL SELECT a.id, b.w FROM cu_a a JOIN cu_b b ON a.id = b.a_id)) d $$;

-- The coordinator's part of a plan (ports and shard names vary between runs).
CREATE FUNCTION cu_explain(query text) RETURNS SETOF text LANGUAGE plpgsql AS $$
DECLARE
    line text;
BEGIN
    FOR line IN EXECUTE 'EXPLAIN (COSTS OFF) ' || query LOOP
        EXIT WHEN line ~ 'Tasks Shown';
        RETURN NEXT line;
    END LOOP;
END $$;

-- Both were created alike (round-robin from the first worker), so their shards line up.
SELECT cu_colocated('cu_a', 'cu_b');
SELECT update_distributed_table_colocation('cu_b', colocate_with => 'cu_a');
SELECT cu_colocated('cu_a', 'cu_b'), cu_orphan_groups();
-- The join now runs shard by shard on the workers, and gives the same rows.
SELECT cu_explain('SELECT count(*) FROM cu_a a JOIN cu_b b ON a.id = b.a_id');
SELECT cu_join_differences();
SELECT count(*) FROM cu_a a JOIN cu_b b ON a.id = b.a_id;
-- A shard move now takes the colocated shard of cu_b along.
SELECT citus_move_shard_placement(s.shardid, '127.0.0.1', :worker_1_port, '127.0.0.1', :worker_2_port)
FROM pg_dist_shard s JOIN pg_dist_shard_placement p USING (shardid)
WHERE s.logicalrelid = 'cu_a'::regclass AND p.nodeport = :worker_1_port
ORDER BY s.shardminvalue::int LIMIT 1;
SELECT count(*) AS cu_b_shards_apart FROM pg_dist_shard sa
JOIN pg_dist_placement pa ON pa.shardid = sa.shardid
JOIN pg_dist_shard sb ON sb.logicalrelid = 'cu_b'::regclass AND sb.shardminvalue = sa.shardminvalue
JOIN pg_dist_placement pb ON pb.shardid = sb.shardid
WHERE sa.logicalrelid = 'cu_a'::regclass AND pa.groupid <> pb.groupid;
SELECT cu_join_differences();

-- 'none' breaks the colocation: cu_b gets a group of its own (with cu_b's properties).
SELECT update_distributed_table_colocation('cu_b', colocate_with => 'NONE');
SELECT cu_colocated('cu_a', 'cu_b'), cu_orphan_groups();
SELECT cu_explain('SELECT count(*) FROM cu_a a JOIN cu_b b ON a.id = b.a_id');
SELECT c.shardcount, c.distributioncolumntype::regtype FROM pg_dist_colocation c
JOIN pg_dist_partition p USING (colocationid) WHERE p.logicalrelid = 'cu_b'::regclass;
SELECT cu_join_differences();
-- Alone in its group already: nothing changes.
SELECT update_distributed_table_colocation('cu_b', colocate_with => 'none');
-- Now a move of cu_a leaves cu_b behind: their shards no longer line up, so neither function
-- puts them together again (a colocated join would pair shards on different nodes).
SELECT citus_move_shard_placement(s.shardid, '127.0.0.1', :worker_2_port, '127.0.0.1', :worker_1_port)
FROM pg_dist_shard s JOIN pg_dist_shard_placement p USING (shardid)
WHERE s.logicalrelid = 'cu_a'::regclass AND p.nodeport = :worker_2_port
ORDER BY s.shardminvalue::int LIMIT 1;
\set VERBOSITY terse
SELECT update_distributed_table_colocation('cu_b', colocate_with => 'cu_a');
SELECT mark_tables_colocated('cu_a', ARRAY['cu_b'::regclass]);
\set VERBOSITY default
SELECT cu_colocated('cu_a', 'cu_b'), cu_join_differences();
-- Moved back into line, they can be colocated again.
SELECT citus_move_shard_placement(s.shardid, '127.0.0.1', :worker_2_port, '127.0.0.1', :worker_1_port)
FROM pg_dist_shard s JOIN pg_dist_shard_placement p USING (shardid)
WHERE s.logicalrelid = 'cu_b'::regclass AND p.nodeport = :worker_2_port
ORDER BY s.shardminvalue::int LIMIT 1;
SELECT mark_tables_colocated('cu_a', ARRAY['cu_b'::regclass]);
SELECT cu_colocated('cu_a', 'cu_b'), cu_orphan_groups(), cu_join_differences();

-- Refused: other shard counts, other distribution column types, reference tables, local tables.
SELECT update_distributed_table_colocation('cu_eight', colocate_with => 'cu_a');
SELECT update_distributed_table_colocation('cu_int8', colocate_with => 'cu_a');
SELECT mark_tables_colocated('cu_a', ARRAY['cu_int8'::regclass]);
SELECT update_distributed_table_colocation('cu_ref', colocate_with => 'cu_a');
SELECT update_distributed_table_colocation('cu_a', colocate_with => 'cu_ref');
SELECT mark_tables_colocated('cu_ref', ARRAY['cu_a'::regclass]);
SELECT update_distributed_table_colocation('cu_a_local', colocate_with => 'cu_a');
SELECT update_distributed_table_colocation('cu_a', colocate_with => 'cu_a_local');
SELECT update_distributed_table_colocation('cu_a', colocate_with => 'no_such_table');
SELECT update_distributed_table_colocation('cu_a', colocate_with => 'default');
-- Bad arguments.
SELECT mark_tables_colocated('cu_a', ARRAY[]::regclass[]);
SELECT mark_tables_colocated('cu_a', NULL);
SELECT mark_tables_colocated(NULL, ARRAY['cu_b'::regclass]);
SELECT mark_tables_colocated('cu_a', ARRAY['cu_b'::regclass, NULL]);
SELECT update_distributed_table_colocation('cu_a', NULL);
-- All or nothing: one unfit target and no target moves.
CREATE TABLE cu_c (id int);
SELECT create_distributed_table('cu_c', 'id', colocate_with => 'none');
SELECT mark_tables_colocated('cu_a', ARRAY['cu_c', 'cu_int8']::regclass[]);
SELECT cu_colocated('cu_a', 'cu_c');
SELECT mark_tables_colocated('cu_a', ARRAY['cu_c', 'cu_c', 'cu_b']::regclass[]);
SELECT cu_colocated('cu_a', 'cu_c'), cu_orphan_groups();

-- Foreign keys between distributed tables hold within a shard group: no breaking them apart.
CREATE TABLE cu_fk (id int, a_id int REFERENCES cu_a (id));
SELECT create_distributed_table('cu_fk', 'a_id', colocate_with => 'cu_a');
SELECT update_distributed_table_colocation('cu_fk', colocate_with => 'none');
SELECT update_distributed_table_colocation('cu_a', colocate_with => 'none');
SELECT cu_colocated('cu_a', 'cu_fk');
-- A key to a reference table does not tie the table to a group.
CREATE TABLE cu_fk_ref (id int, r int REFERENCES cu_ref (id));
SELECT create_distributed_table('cu_fk_ref', 'id', colocate_with => 'cu_a');
SELECT update_distributed_table_colocation('cu_fk_ref', colocate_with => 'none');
SELECT cu_colocated('cu_a', 'cu_fk_ref');
DROP TABLE cu_fk, cu_fk_ref;

-- Partitioned tables move with their partitions; a partition cannot move alone.
CREATE TABLE cu_parted (id int, at date) PARTITION BY RANGE (at);
CREATE TABLE cu_parted_2024 PARTITION OF cu_parted FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
CREATE TABLE cu_parted_2025 PARTITION OF cu_parted FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
SELECT create_distributed_table('cu_parted', 'id', colocate_with => 'none');
INSERT INTO cu_parted SELECT g, '2024-06-01'::date + g * 7 FROM generate_series(1, 60) g;
SELECT update_distributed_table_colocation('cu_parted', colocate_with => 'cu_a');
SELECT cu_colocated('cu_a', 'cu_parted'), cu_colocated('cu_a', 'cu_parted_2024'),
       cu_colocated('cu_a', 'cu_parted_2025'), cu_orphan_groups();
SELECT count(*) FROM cu_parted p JOIN cu_a a ON a.id = p.id;
SELECT update_distributed_table_colocation('cu_parted_2025', colocate_with => 'none');
SELECT mark_tables_colocated('cu_a', ARRAY['cu_parted_2024'::regclass]);
SELECT update_distributed_table_colocation('cu_parted', colocate_with => 'none');
SELECT cu_colocated('cu_a', 'cu_parted'), cu_colocated('cu_parted', 'cu_parted_2024'),
       cu_colocated('cu_parted', 'cu_parted_2025'), cu_orphan_groups();
DROP TABLE cu_parted;

-- Only the owner of the table that moves may move it.
CREATE ROLE cu_other;
GRANT ALL ON cu_a, cu_b TO cu_other;
SET ROLE cu_other;
SELECT update_distributed_table_colocation('cu_b', colocate_with => 'none');
SELECT mark_tables_colocated('cu_a', ARRAY['cu_c'::regclass]);
RESET ROLE;
REVOKE ALL ON cu_a, cu_b FROM cu_other;
DROP ROLE cu_other;

-- create_distributed_table_concurrently: refused in a transaction block; otherwise it
-- distributes as create_distributed_table does, and says that it blocks the table meanwhile.
CREATE TABLE cu_conc (id int, v text);
INSERT INTO cu_conc SELECT g, 'c' || g FROM generate_series(1, 50) g;
BEGIN;
SELECT create_distributed_table_concurrently('cu_conc', 'id');
ROLLBACK;
SELECT create_distributed_table_concurrently('cu_conc', 'no_such_column');
SELECT create_distributed_table_concurrently('cu_conc', 'id', colocate_with => 'cu_a');
SELECT cu_colocated('cu_a', 'cu_conc'), count(*) FROM cu_conc;
SELECT count(*) FROM cu_conc c JOIN cu_a a USING (id);
SELECT create_distributed_table_concurrently('cu_conc', 'id');
CREATE TABLE cu_conc2 (id bigint);
SELECT create_distributed_table_concurrently('cu_conc2', 'id', 'hash', 'none', 2);
SELECT shard_count, colocation_id = (SELECT colocationid FROM pg_dist_partition
                                     WHERE logicalrelid = 'cu_int8'::regclass) AS with_int8
FROM citus_tables WHERE table_name = 'cu_conc2'::regclass;
CREATE TABLE cu_conc3 (id bigint);
SELECT create_distributed_table_concurrently('cu_conc3', 'id', 'range');
SELECT count(*) FROM pg_dist_partition WHERE logicalrelid = 'cu_conc3'::regclass;

DROP TABLE cu_a, cu_b, cu_c, cu_int8, cu_eight, cu_ref, cu_conc, cu_conc2, cu_conc3, cu_a_local, cu_b_local;
DROP FUNCTION cu_colocated, cu_orphan_groups, cu_join_differences, cu_explain;
SELECT cu_orphan_count FROM (SELECT count(*) AS cu_orphan_count FROM pg_dist_colocation c
    WHERE NOT EXISTS (SELECT 1 FROM pg_dist_partition p WHERE p.colocationid = c.colocationid)) x;
