-- Schema plain: local tables never distributed, shared by both sides.
CREATE TABLE tenant_flags (
    tenant_id bigint,
    flag text,
    enabled boolean
);
INSERT INTO tenant_flags
SELECT 1 + (i * 3) % 45, (ARRAY['beta', 'sso', 'export', NULL])[1 + i % 4], i % 3 <> 0
FROM generate_series(1, 30) i;
