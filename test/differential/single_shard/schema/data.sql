-- Deterministic rows with NULLs in nullable columns and skew (workspace 1 is large).
INSERT INTO roles VALUES (1, 'owner'), (2, 'editor'), (3, 'viewer');
INSERT INTO workspaces SELECT g, 'ws ' || g, CASE g % 3 WHEN 0 THEN 'free' WHEN 1 THEN 'pro' END
FROM generate_series(1, 12) g;
INSERT INTO members
SELECT g, CASE WHEN g <= 20 THEN 1 ELSE g % 12 + 1 END, CASE WHEN g % 7 = 0 THEN NULL ELSE g % 3 + 1 END,
       CASE WHEN g % 11 = 0 THEN NULL ELSE 'm' || g || '@example.com' END,
       DATE '2024-01-01' + g
FROM generate_series(1, 80) g;
INSERT INTO docs
SELECT g, CASE WHEN g <= 60 THEN 1 ELSE g % 12 + 1 END, CASE WHEN g % 9 = 0 THEN NULL ELSE g % 80 + 1 END,
       'doc ' || g, CASE WHEN g % 13 = 0 THEN NULL ELSE g * 17 % 500 END,
       CASE g % 4 WHEN 0 THEN ARRAY['a', 'b'] WHEN 1 THEN ARRAY['b'] WHEN 2 THEN '{}' END
FROM generate_series(1, 200) g;
INSERT INTO comments
SELECT g, g % 200 + 1, CASE WHEN g % 5 = 0 THEN NULL ELSE g % 80 + 1 END,
       CASE WHEN g % 17 = 0 THEN NULL ELSE 'comment ' || g END, (g % 50) / 4.0
FROM generate_series(1, 600) g;
INSERT INTO audit SELECT g, g % 12 + 1, CASE g % 3 WHEN 0 THEN 'edit' WHEN 1 THEN 'view' ELSE 'share' END, g % 10
FROM generate_series(1, 150) g;
INSERT INTO views_log SELECT g % 200 + 1, g % 80 + 1, g % 300 FROM generate_series(1, 900) g;
