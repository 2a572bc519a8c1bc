-- A table that joins a colocation group while a shard move or split of that group runs must end
-- up with its shards next to the group's: either the move waits for the joining transaction and
-- then moves the new table's shard too, or the joining transaction waits for the move and then
-- places its shards where the group's now are. The other sessions run through dblink.
CREATE EXTENSION IF NOT EXISTS dblink;
SELECT dblink_connect('mover', format('host=127.0.0.1 port=%s dbname=%s user=%s',
                                      :coordinator_port, current_database(), current_user));
SELECT dblink_connect('joiner', format('host=127.0.0.1 port=%s dbname=%s user=%s',
                                       :coordinator_port, current_database(), current_user));

-- True once some session waits for a lock on table `rel` (polled, at most 10 s).
CREATE FUNCTION rc_lock_waiter(rel regclass) RETURNS bool LANGUAGE plpgsql AS $$
BEGIN
    FOR i IN 1..200 LOOP
        IF EXISTS (SELECT 1 FROM pg_locks WHERE relation = rel AND NOT granted) THEN
            RETURN true;
        END IF;
        PERFORM pg_sleep(0.05);
    END LOOP;
    RETURN false;
END $$;

-- Pairs of tables of one colocation group whose shards of one hash range sit on different
-- nodes (must stay empty).
CREATE VIEW rc_scattered AS
SELECT pa.logicalrelid AS table_1, pb.logicalrelid AS table_2, count(*) AS shards
FROM pg_dist_partition pa
JOIN pg_dist_partition pb ON pb.colocationid = pa.colocationid AND pb.logicalrelid > pa.logicalrelid
JOIN pg_dist_shard a ON a.logicalrelid = pa.logicalrelid
JOIN pg_dist_shard b ON b.logicalrelid = pb.logicalrelid AND b.shardminvalue = a.shardminvalue
JOIN pg_dist_placement x ON x.shardid = a.shardid
JOIN pg_dist_placement y ON y.shardid = b.shardid
WHERE x.groupid <> y.groupid AND pa.logicalrelid::text LIKE 'rc\_%'
GROUP BY 1, 2;

CREATE TABLE rc_a (id int);
SELECT create_distributed_table('rc_a', 'id', shard_count => 4, colocate_with => 'none');
INSERT INTO rc_a SELECT generate_series(1, 100);
CREATE TABLE rc_c (id int);
INSERT INTO rc_c SELECT generate_series(1, 100);
CREATE TABLE rc_d (id int);
INSERT INTO rc_d SELECT generate_series(1, 100);
CREATE TABLE rc_e (id int);
INSERT INTO rc_e SELECT generate_series(1, 100);
CREATE TABLE rc_f (id int);
INSERT INTO rc_f SELECT generate_series(1, 100);

-- 1. create_distributed_table(colocate_with) is not committed yet when the move starts: the
-- move waits for it, then moves rc_c's shard along with rc_a's.
SELECT s.shardid AS move_shard FROM pg_dist_shard s JOIN pg_dist_placement p USING (shardid)
JOIN pg_dist_node n USING (groupid)
WHERE s.logicalrelid = 'rc_a'::regclass AND n.nodeport = :worker_1_port
ORDER BY s.shardminvalue LIMIT 1 \gset
BEGIN;
SELECT create_distributed_table('rc_c', 'id', colocate_with => 'rc_a');
SELECT dblink_send_query('mover', format('SELECT citus_move_shard_placement(%s, %L, %s, %L, %s)',
                                         :move_shard, '127.0.0.1', :worker_1_port, '127.0.0.1',
                                         :worker_2_port));
SELECT rc_lock_waiter('rc_a') AS move_waits;
COMMIT;
SELECT * FROM dblink_get_result('mover') AS t(r text);
SELECT * FROM dblink_get_result('mover') AS t(r text);
SELECT * FROM rc_scattered;
SELECT count(*) FROM rc_a JOIN rc_c USING (id);

-- 2. The move is not committed yet when create_distributed_table(colocate_with) starts: the new
-- table waits for it and then places its shards where the group's are after the move.
SELECT s.shardid AS move_shard FROM pg_dist_shard s JOIN pg_dist_placement p USING (shardid)
JOIN pg_dist_node n USING (groupid)
WHERE s.logicalrelid = 'rc_a'::regclass AND n.nodeport = :worker_1_port
ORDER BY s.shardminvalue LIMIT 1 \gset
SELECT dblink_exec('mover', 'BEGIN');
SELECT * FROM dblink('mover', format('SELECT citus_move_shard_placement(%s, %L, %s, %L, %s)',
                                     :move_shard, '127.0.0.1', :worker_1_port, '127.0.0.1',
                                     :worker_2_port)) AS t(r text);
SELECT dblink_send_query('joiner',
                         'SELECT create_distributed_table(''rc_d'', ''id'', colocate_with => ''rc_a'')');
SELECT rc_lock_waiter('rc_a') AS create_waits;
SELECT dblink_exec('mover', 'COMMIT');
SELECT * FROM dblink_get_result('joiner') AS t(r text);
SELECT * FROM dblink_get_result('joiner') AS t(r text);
SELECT * FROM rc_scattered;
SELECT count(*) FROM rc_a JOIN rc_d USING (id);

-- 3. mark_tables_colocated is not committed yet when a move of the group starts: the move
-- waits for the group's lock, then finds rc_e in the group and moves its shard too. (rc_e starts
-- in a group of its own with the same placements as rc_a's.)
SELECT create_distributed_table('rc_e', 'id', colocate_with => 'rc_a');
SELECT update_distributed_table_colocation('rc_e', 'none');
SELECT s.shardid AS move_shard FROM pg_dist_shard s JOIN pg_dist_placement p USING (shardid)
JOIN pg_dist_node n USING (groupid)
WHERE s.logicalrelid = 'rc_a'::regclass AND n.nodeport = :worker_2_port
ORDER BY s.shardminvalue LIMIT 1 \gset
BEGIN;
SELECT mark_tables_colocated('rc_a', ARRAY['rc_e'::regclass]);
SELECT dblink_send_query('mover', format('SELECT citus_move_shard_placement(%s, %L, %s, %L, %s)',
                                         :move_shard, '127.0.0.1', :worker_2_port, '127.0.0.1',
                                         :worker_1_port));
SELECT rc_lock_waiter('rc_a') AS move_waits;
COMMIT;
SELECT * FROM dblink_get_result('mover') AS t(r text);
SELECT * FROM dblink_get_result('mover') AS t(r text);
SELECT * FROM rc_scattered;
SELECT count(*) FROM rc_a JOIN rc_e USING (id);

-- 4. A shard split of the group waits the same way, then splits the new table's shard too.
SELECT s.shardid AS split_shard,
       ((s.shardminvalue::bigint + s.shardmaxvalue::bigint) / 2)::text AS split_point
FROM pg_dist_shard s WHERE s.logicalrelid = 'rc_a'::regclass
ORDER BY s.shardminvalue LIMIT 1 \gset
SELECT nodeid AS node_1 FROM pg_dist_node WHERE nodeport = :worker_1_port \gset
SELECT nodeid AS node_2 FROM pg_dist_node WHERE nodeport = :worker_2_port \gset
BEGIN;
SELECT create_distributed_table('rc_f', 'id', colocate_with => 'rc_a');
SELECT dblink_send_query('mover',
                         format('SELECT citus_split_shard_by_split_points(%s, ARRAY[%L], ARRAY[%s, %s])',
                                :split_shard, :'split_point', :node_1, :node_2));
SELECT rc_lock_waiter('rc_a') AS split_waits;
COMMIT;
SELECT * FROM dblink_get_result('mover') AS t(r text);
SELECT * FROM dblink_get_result('mover') AS t(r text);
SELECT logicalrelid, count(*) AS shards FROM pg_dist_shard
WHERE logicalrelid::text LIKE 'rc\_%' GROUP BY 1 ORDER BY 1::text;
SELECT * FROM rc_scattered;
SELECT count(*) FROM rc_a JOIN rc_c USING (id) JOIN rc_d USING (id) JOIN rc_e USING (id)
JOIN rc_f USING (id);

SELECT dblink_disconnect('mover');
SELECT dblink_disconnect('joiner');
DROP EXTENSION dblink;
DROP VIEW rc_scattered;
DROP FUNCTION rc_lock_waiter(regclass);
DROP TABLE rc_a, rc_c, rc_d, rc_e, rc_f;
