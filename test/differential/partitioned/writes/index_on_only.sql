-- Indexing a partitioned table without blocking writes: CREATE INDEX ON ONLY (invalid while
-- partitions lack their index), CREATE INDEX CONCURRENTLY on each partition, ALTER INDEX ...
-- ATTACH PARTITION of each. After the file the harness compares every table's definition
-- (index validity included) with the local one, and every shard's with its table's: one index
-- is left half attached (invalid) on purpose.
CREATE INDEX metrics_value_idx ON ONLY metrics (tenant_id, value);

INSERT INTO metrics VALUES (1, 'cpu', 901), (2, 'disk', 902), (3, 'gpu', 903);

-- a partition created meanwhile gets its own copy of the index, attached
CREATE TABLE metrics_mem PARTITION OF metrics FOR VALUES IN ('swap_x');

INSERT INTO metrics VALUES (4, 'swap_x', 904);

CREATE INDEX CONCURRENTLY metrics_cpu_value ON metrics_cpu (tenant_id, value);

CREATE INDEX CONCURRENTLY metrics_io_value ON metrics_io (tenant_id, value);

CREATE INDEX CONCURRENTLY metrics_other_value ON metrics_other (tenant_id, value);

ALTER INDEX metrics_value_idx ATTACH PARTITION metrics_cpu_value;

ALTER INDEX metrics_value_idx ATTACH PARTITION metrics_io_value;

-- error
ALTER INDEX metrics_value_idx ATTACH PARTITION metrics_io_value_missing;

ALTER INDEX metrics_value_idx ATTACH PARTITION metrics_other_value;

-- ordered
SELECT tenant_id, metric, value FROM metrics WHERE tenant_id <= 4 AND value > 900 ORDER BY 1, 2, 3;

UPDATE metrics SET value = value + 1 WHERE tenant_id = 2 AND value > 900;

SELECT count(*), sum(value) FROM metrics;

-- left invalid: one partition's index is attached, the others' are not
CREATE INDEX metrics_metric_idx ON ONLY metrics (metric);

CREATE INDEX CONCURRENTLY metrics_cpu_metric ON metrics_cpu (metric);

ALTER INDEX metrics_metric_idx ATTACH PARTITION metrics_cpu_metric;
