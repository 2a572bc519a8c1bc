-- Self-test only: small deliberate differences from local.
UPDATE events SET kind = 'mutated' WHERE tenant_id = 3 AND event_id = 42;
DELETE FROM metrics_cpu WHERE tenant_id = 5 AND value = 4;
