-- Partitioned tables distributed by tenant, partitioned by something else: by time (RANGE,
-- with a DEFAULT partition), by a text column (LIST) and by HASH of a second column.
CREATE TABLE tenants (tenant_id int PRIMARY KEY, name text NOT NULL, plan text);
CREATE TABLE events (
    tenant_id int NOT NULL,
    event_id bigint NOT NULL,
    ts timestamptz NOT NULL,
    kind text,
    amount numeric(10, 2),
    PRIMARY KEY (tenant_id, event_id, ts),
    CHECK (amount IS NULL OR amount >= 0)
) PARTITION BY RANGE (ts);
CREATE TABLE events_2024 PARTITION OF events FOR VALUES FROM ('2024-01-01 00:00:00+00') TO ('2025-01-01 00:00:00+00');
CREATE TABLE events_2025 PARTITION OF events FOR VALUES FROM ('2025-01-01 00:00:00+00') TO ('2026-01-01 00:00:00+00');
CREATE TABLE events_default PARTITION OF events DEFAULT;
CREATE INDEX events_kind_idx ON events (kind);
CREATE TABLE metrics (tenant_id int NOT NULL, metric text NOT NULL, value int) PARTITION BY LIST (metric);
CREATE TABLE metrics_cpu PARTITION OF metrics FOR VALUES IN ('cpu');
CREATE TABLE metrics_io PARTITION OF metrics FOR VALUES IN ('disk', 'net');
CREATE TABLE metrics_other PARTITION OF metrics DEFAULT;
CREATE TABLE buckets (tenant_id int NOT NULL, k int NOT NULL, note text) PARTITION BY HASH (k);
CREATE TABLE buckets_0 PARTITION OF buckets FOR VALUES WITH (MODULUS 2, REMAINDER 0);
CREATE TABLE buckets_1 PARTITION OF buckets FOR VALUES WITH (MODULUS 2, REMAINDER 1);
