-- The extension is created and its library preloaded on the coordinator ...
SELECT extname, extversion FROM pg_extension WHERE extname = 'tessera';
SHOW shared_preload_libraries;
-- ... and the harness gives tests the ports of the nodes.
SELECT :coordinator_port <> :worker_1_port AND :worker_1_port <> :worker_2_port AS distinct_ports;
SELECT current_setting('port')::int = :coordinator_port AS on_coordinator;
-- citus_version() names Tessera and the PostgreSQL it runs on (not Citus); the coordinator, whose
-- pg_dist_node lists the workers, is the coordinator.
SELECT citus_version() ~ '^Tessera 1\.0 \(Citus-compatible SQL interface\), running on PostgreSQL 15\.'
       AS names_tessera_and_postgres;
SELECT citus_version() LIKE '%' || version() AS ends_with_version;
SELECT citus_is_coordinator();

-- Every worker has the extension too.
\c - - - :worker_1_port
SELECT current_setting('port')::int = :worker_1_port AS on_worker_1;
SELECT extname FROM pg_extension WHERE extname = 'tessera';
SELECT citus_is_coordinator() AS worker_is_coordinator;
SHOW shared_preload_libraries;
\c - - - :worker_2_port
SELECT current_setting('port')::int = :worker_2_port AS on_worker_2;
SELECT extname FROM pg_extension WHERE extname = 'tessera';
SHOW shared_preload_libraries;
\c - - - :coordinator_port
SELECT current_setting('port')::int = :coordinator_port AS back_on_coordinator;
