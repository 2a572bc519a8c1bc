-- Schema plain: local tables that are never distributed, shared by both sides (queries that mix
-- local and distributed tables name them plain.company_notes).
CREATE TABLE company_notes (
    company_id bigint,
    note text,
    priority int
);
INSERT INTO company_notes
SELECT (i * 7) % 70 + 1, 'note ' || i, CASE WHEN i % 4 = 0 THEN NULL ELSE i % 3 END
FROM generate_series(1, 40) i;
