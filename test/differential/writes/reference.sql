-- Writes to reference tables, then joins that read them.

INSERT INTO countries VALUES ('ZZ', 'Zedland', 'Atlantis', 1, false);

UPDATE countries SET population = population + 1 WHERE continent = 'Europe' RETURNING code, population;

DELETE FROM plans WHERE name = 'legacy';

INSERT INTO plans VALUES ('new', 1, 1) ON CONFLICT (name) DO UPDATE SET price = 2;

INSERT INTO plans VALUES ('new', 1, 1) ON CONFLICT (name) DO UPDATE SET price = 2 RETURNING *;

UPDATE companies SET country_code = 'ZZ' WHERE id % 10 = 1;

SELECT co.name, count(*) FROM companies c JOIN countries co ON co.code = c.country_code GROUP BY co.name;

INSERT INTO plans SELECT 'p' || g, g, g * 10 FROM generate_series(1, 20) g;

DELETE FROM countries WHERE code NOT IN (SELECT DISTINCT country_code FROM companies WHERE country_code IS NOT NULL);

-- error
INSERT INTO countries VALUES ('ZZ', 'again', NULL, NULL, NULL);

SELECT p.name, count(c.id) FROM plans p LEFT JOIN companies c ON c.plan = p.name GROUP BY p.name;
