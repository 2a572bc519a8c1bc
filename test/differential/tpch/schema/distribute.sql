-- Distribute the dist schema's tables (search_path = dist); rows are already in them.
SELECT run_command_on_workers($$DROP SCHEMA IF EXISTS dist CASCADE$$);
SELECT run_command_on_workers($$CREATE SCHEMA dist$$);
SELECT create_reference_table('region');
SELECT create_reference_table('nation');
SELECT create_distributed_table('orders', 'o_orderkey');
SELECT create_distributed_table('lineitem', 'l_orderkey', colocate_with => 'orders');
SELECT create_distributed_table('part', 'p_partkey', colocate_with => 'none');
SELECT create_distributed_table('partsupp', 'ps_partkey', colocate_with => 'part');
SELECT create_distributed_table('customer', 'c_custkey', colocate_with => 'none', shard_count => 6);
SELECT create_distributed_table('supplier', 's_suppkey', colocate_with => 'none', shard_count => 3);
