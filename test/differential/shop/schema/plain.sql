-- Schema plain: a local table never distributed, shared by both sides.
CREATE TABLE store_notes (
    store_id bigint,
    note text,
    pinned boolean
);
INSERT INTO store_notes
SELECT CASE WHEN i % 9 = 0 THEN NULL ELSE 1 + (i * 7) % 45 END,
       (ARRAY['call back', 'VIP', 'fraud check', NULL, 'migrated'])[1 + i % 5], i % 3 = 0
FROM generate_series(1, 40) i;
