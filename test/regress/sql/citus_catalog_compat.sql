-- Citus compatibility of the SQL interface: the columns of every catalog and view Citus users
-- query (names, order, types as in Citus 12), the signatures of the functions (argument names,
-- defaults, result types), named-argument calls of the main ones, and the smaller functions
-- added for compatibility (docs/citus_compatibility.md).

-- Catalogs and views: one row per column, in order.
SELECT c.relname, string_agg(a.attname || ' ' || format_type(a.atttypid, a.atttypmod), ', '
                             ORDER BY a.attnum) AS columns
FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
WHERE c.relnamespace = 'pg_catalog'::regnamespace
  AND c.relname IN ('pg_dist_node', 'pg_dist_partition', 'pg_dist_shard', 'pg_dist_placement',
                    'pg_dist_shard_placement', 'pg_dist_colocation', 'pg_dist_transaction',
                    'pg_dist_object', 'pg_dist_background_job', 'pg_dist_background_task',
                    'citus_tables', 'citus_shards', 'time_partitions', 'citus_locks',
                    'pg_dist_schema', 'citus_schemas')
GROUP BY c.relname ORDER BY c.relname;
-- citus_stat_activity is pg_stat_activity with three columns in front, and so is
-- citus_dist_stat_activity.
SELECT v.relname,
       (SELECT array_agg(attname ORDER BY attnum) FROM pg_attribute
         WHERE attrelid = v.oid AND attnum > 0) =
       ARRAY['global_pid', 'nodeid', 'is_worker_query']::name[] ||
       (SELECT array_agg(attname ORDER BY attnum) FROM pg_attribute
         WHERE attrelid = 'pg_stat_activity'::regclass AND attnum > 0) AS citus_columns
FROM pg_class v WHERE v.oid IN ('citus_stat_activity'::regclass,
                                'citus_dist_stat_activity'::regclass)
ORDER BY 1;
-- Default values of pg_dist_node's columns (a node added by hand gets Citus's defaults).
SELECT a.attname, pg_get_expr(d.adbin, d.adrelid) AS default_value
FROM pg_attribute a JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
WHERE a.attrelid = 'pg_dist_node'::regclass AND a.attname NOT IN ('nodeid', 'groupid')
ORDER BY a.attnum;
-- The distributed lock graph: Citus's columns.
SELECT attname, format_type(atttypid, atttypmod) FROM pg_attribute
 WHERE attrelid = 'pg_catalog.citus_lock_waits'::regclass AND attnum > 0 ORDER BY attnum;

-- Functions: arguments with their names and defaults, and the result type.
SELECT p.proname, pg_get_function_arguments(p.oid) AS arguments,
       pg_get_function_result(p.oid) AS result
FROM pg_proc p
WHERE p.pronamespace = 'pg_catalog'::regnamespace
  AND p.proname IN (
    -- table and shard DDL
    'create_distributed_table', 'create_distributed_table_concurrently', 'create_reference_table',
    'undistribute_table', 'alter_distributed_table', 'truncate_local_data_after_distributing_table',
    'update_distributed_table_colocation', 'mark_tables_colocated', 'create_distributed_function',
    'create_time_partitions', 'drop_old_time_partitions', 'get_missing_time_partition_ranges',
    -- metadata and configuration information
    'citus_add_node', 'citus_update_node', 'citus_set_node_property', 'citus_activate_node',
    'citus_disable_node', 'citus_remove_node', 'citus_set_coordinator_host',
    'citus_get_active_worker_nodes', 'master_get_active_worker_nodes',
    'citus_check_connection_to_node', 'citus_check_cluster_node_health',
    'get_shard_id_for_distribution_column', 'column_to_column_name', 'shard_name',
    'citus_relation_size', 'citus_table_size', 'citus_total_relation_size', 'citus_shard_sizes',
    'citus_is_coordinator', 'citus_version', 'citus_backend_gpid', 'citus_calculate_gpid',
    'citus_nodeid_for_gpid', 'citus_pid_for_gpid', 'citus_nodename_for_nodeid',
    'citus_nodeport_for_nodeid', 'citus_coordinator_nodeid', 'citus_remote_connection_stats',
    'run_command_on_workers', 'run_command_on_shards', 'run_command_on_placements',
    'run_command_on_colocated_placements',
    -- cluster management and repair
    'citus_move_shard_placement', 'rebalance_table_shards', 'get_rebalance_table_shards_plan',
    'get_rebalance_progress', 'citus_drain_node', 'citus_rebalance_start',
    'citus_rebalance_status', 'citus_rebalance_wait', 'citus_rebalance_stop', 'citus_job_wait',
    'citus_job_cancel', 'citus_job_status', 'citus_job_list', 'isolate_tenant_to_new_shard',
    'citus_split_shard_by_split_points', 'recover_prepared_transactions',
    'replicate_reference_tables',
    -- schema-based sharding
    'citus_schema_distribute', 'citus_schema_undistribute', 'citus_schema_move')
ORDER BY p.proname, pg_get_function_arguments(p.oid);

-- Absent Citus functions are not there at all: calling one is "function does not exist".
SELECT alter_table_set_access_method('t', 'columnar');
SELECT citus_add_local_table_to_metadata('t');
SELECT citus_get_node_clock();

-- Named-argument calls, as Citus's documentation writes them.
CREATE TABLE compat_events (tenant_id int, event_id bigint, payload text,
                            PRIMARY KEY (tenant_id, event_id));
CREATE TABLE compat_tenants (tenant_id int PRIMARY KEY, name text);
CREATE TABLE compat_countries (code text PRIMARY KEY);
SELECT create_distributed_table(table_name => 'compat_tenants', distribution_column => 'tenant_id',
                                shard_count => 4, colocate_with => 'none');
SELECT create_distributed_table(table_name := 'compat_events', distribution_column := 'tenant_id',
                                colocate_with := 'compat_tenants');
SELECT create_reference_table(table_name => 'compat_countries');
INSERT INTO compat_tenants SELECT g, 'tenant ' || g FROM generate_series(1, 20) g;
INSERT INTO compat_events SELECT g % 20 + 1, g, repeat('x', 100) FROM generate_series(1, 400) g;
INSERT INTO compat_countries VALUES ('de'), ('fr');
SELECT table_name, citus_table_type, distribution_column, shard_count, table_owner, access_method,
       colocation_id = (SELECT colocationid FROM pg_dist_partition
                         WHERE logicalrelid = 'compat_tenants'::regclass) AS tenants_group
FROM citus_tables WHERE table_name::text LIKE 'compat%' ORDER BY table_name::text;
-- colocated shards cover the same hash range
SELECT (SELECT shardminvalue FROM pg_dist_shard
         WHERE shardid = get_shard_id_for_distribution_column(table_name => 'compat_events',
                                                              distribution_value => 7)) =
       (SELECT shardminvalue FROM pg_dist_shard
         WHERE shardid = get_shard_id_for_distribution_column('compat_tenants', 7))
       AS same_range;
SELECT citus_total_relation_size(logicalrelid => 'compat_events', fail_on_error => true) > 0
       AS has_size;
SELECT column_to_column_name(table_name => 'compat_events',
                             column_var_text => (SELECT partkey FROM pg_dist_partition
                                                 WHERE logicalrelid = 'compat_events'::regclass));
SELECT shard_name(object_name => 'compat_countries', shard_id => 7) AS unqualified,
       shard_name('compat_countries', 7, skip_qualify_public => false) AS qualified;
SELECT nodename, success, result FROM run_command_on_workers(command => 'SELECT 1', parallel => false)
ORDER BY nodeport;
SELECT citus_check_connection_to_node(nodename => '127.0.0.1', nodeport => :worker_2_port);
SELECT citus_set_node_property(nodename => '127.0.0.1', nodeport => :worker_2_port,
                               property => 'shouldhaveshards', value => false);
SELECT shouldhaveshards FROM pg_dist_node WHERE nodeport = :worker_2_port;
SELECT citus_set_node_property('127.0.0.1', :worker_2_port, 'shouldhaveshards', true);
-- Adding a node that is already there returns its id, as in Citus.
SELECT citus_add_node(nodename => '127.0.0.1', nodeport => :worker_1_port) =
       (SELECT nodeid FROM pg_dist_node WHERE nodeport = :worker_1_port) AS same_node_id;
SELECT alter_distributed_table(table_name => 'compat_tenants', shard_count => 8,
                               cascade_to_colocated => true);
SELECT table_name, shard_count FROM citus_tables WHERE table_name::text LIKE 'compat%' ORDER BY table_name::text;
SELECT update_distributed_table_colocation(table_name => 'compat_events', colocate_with => 'none');
SELECT count(DISTINCT colocationid) AS groups FROM pg_dist_partition
WHERE logicalrelid IN ('compat_events'::regclass, 'compat_tenants'::regclass);
SET timezone TO 'UTC';
CREATE TABLE compat_ts (at timestamptz NOT NULL) PARTITION BY RANGE (at);
SELECT * FROM get_missing_time_partition_ranges(table_name => 'compat_ts',
                                                partition_interval => '1 day',
                                                to_value => '2026-01-03 00:00+00',
                                                from_value => '2026-01-01 00:00+00');
SELECT create_time_partitions(table_name => 'compat_ts', partition_interval => '1 day',
                              end_at => '2026-01-03 00:00+00',
                              start_from => '2026-01-01 00:00+00');
SELECT parent_table, partition_column, partition, access_method FROM time_partitions
WHERE parent_table = 'compat_ts'::regclass ORDER BY partition::text;
CALL drop_old_time_partitions(table_name => 'compat_ts', older_than => '2026-01-02 00:00+00');
SELECT count(*) AS partitions_left FROM time_partitions WHERE parent_table = 'compat_ts'::regclass;
DROP TABLE compat_ts;
RESET timezone;

-- citus_shards and citus_shard_sizes: one row per placement, with its size.
SELECT table_name, citus_table_type, count(*) AS placements, count(DISTINCT shardid) AS shards,
       bool_and(shard_name = shard_name(table_name, shardid)) AS names_ok,
       bool_and(shard_size IS NOT NULL) AS sizes_known
FROM citus_shards WHERE table_name::text LIKE 'compat%' GROUP BY 1, 2 ORDER BY table_name::text;
SELECT count(*) = (SELECT count(*) FROM pg_dist_placement) AS one_row_per_placement,
       bool_and(size IS NOT NULL) AS sizes_known
FROM citus_shard_sizes();
SELECT sum(s.size) = citus_total_relation_size('compat_events') AS table_total
FROM citus_shard_sizes() s JOIN pg_dist_shard d ON d.shardid = s.shard_id
WHERE d.logicalrelid = 'compat_events'::regclass;

-- Global pids: node id * 10^10 + pid, as citus_stat_activity shows them.
SELECT citus_calculate_gpid(3, 12345), citus_nodeid_for_gpid(30000012345),
       citus_pid_for_gpid(30000012345);
SELECT citus_pid_for_gpid(citus_backend_gpid()) = pg_backend_pid() AS own_pid,
       citus_backend_gpid() IN (SELECT global_pid FROM citus_stat_activity
                                 WHERE pid = pg_backend_pid()) AS in_stat_activity;

-- citus_remote_connection_stats: this coordinator's connections to each worker.
SELECT count(*) FROM compat_events; -- uses a connection to each worker
SELECT port = :worker_1_port AS is_worker_1, port = :worker_2_port AS is_worker_2,
       database_name, connection_count_to_node > 0 AS connected
FROM citus_remote_connection_stats() WHERE port IN (:worker_1_port, :worker_2_port) ORDER BY port;

-- citus_locks: the locks of every node; a transaction's lock on a shard it writes shows on the
-- shard's worker.
BEGIN;
LOCK TABLE compat_countries IN SHARE MODE;
UPDATE compat_tenants SET name = name WHERE tenant_id = 3;
SELECT nodeid, relation_name, mode, granted, global_pid = citus_backend_gpid() AS own_gpid
FROM citus_locks WHERE relation_name = 'compat_countries' ORDER BY mode;
SELECT n.nodeport IN (:worker_1_port, :worker_2_port) AS on_worker, l.mode, l.granted,
       citus_nodeid_for_gpid(l.global_pid) = l.nodeid AS gpid_ok
FROM citus_locks l JOIN pg_dist_node n USING (nodeid)
WHERE l.relation_name = shard_name('compat_tenants',
                                   get_shard_id_for_distribution_column('compat_tenants', 3));
COMMIT;

-- citus_move_shard_placement with node ids: moves a shard group and back.
SELECT shardid AS move_shard, nodeid AS from_node FROM pg_dist_shard
JOIN pg_dist_placement USING (shardid) JOIN pg_dist_node USING (groupid)
WHERE logicalrelid = 'compat_events'::regclass ORDER BY shardid LIMIT 1 \gset
SELECT nodeid AS to_node FROM pg_dist_node WHERE groupid <> 0 AND nodeid <> :from_node \gset
SELECT citus_move_shard_placement(:move_shard, :from_node, :to_node, 'block_writes');
SELECT nodeid = :to_node AS moved FROM pg_dist_placement JOIN pg_dist_node USING (groupid)
WHERE shardid = :move_shard;
SELECT citus_move_shard_placement(shard_id => :move_shard, source_node_id => :to_node,
                                  target_node_id => :from_node);
SELECT nodeid = :from_node AS moved_back FROM pg_dist_placement JOIN pg_dist_node USING (groupid)
WHERE shardid = :move_shard;
SELECT citus_move_shard_placement(:move_shard, :from_node, 0);
SELECT count(*) AS events FROM compat_events;

DROP TABLE compat_events, compat_tenants, compat_countries;
