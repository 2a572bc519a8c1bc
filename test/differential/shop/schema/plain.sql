-- Schema plain: a local table never distributed, shared by both sides; and the role that reads
-- the tables with row-level security (not a superuser, so policies apply to it).
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'shop_reader') THEN
        CREATE ROLE shop_reader LOGIN;
    END IF;
END
$$;
CREATE TABLE store_notes (
    store_id bigint,
    note text,
    pinned boolean
);
INSERT INTO store_notes
SELECT CASE WHEN i % 9 = 0 THEN NULL ELSE 1 + (i * 7) % 45 END,
       (ARRAY['call back', 'VIP', 'fraud check', NULL, 'migrated'])[1 + i % 5], i % 3 = 0
FROM generate_series(1, 40) i;
GRANT USAGE ON SCHEMA plain TO shop_reader;
GRANT SELECT ON plain.store_notes TO shop_reader;
