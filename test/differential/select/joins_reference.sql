-- Joins with reference tables (countries, plans), and reference tables alone.

SELECT * FROM countries;

SELECT code, name FROM countries WHERE continent = 'Europe';

SELECT continent, count(*), sum(population) FROM countries GROUP BY continent;

SELECT c.id, c.name, co.name FROM companies c JOIN countries co ON co.code = c.country_code;

SELECT co.continent, count(*) FROM companies c JOIN countries co ON co.code = c.country_code GROUP BY co.continent;

SELECT c.id, p.price FROM companies c JOIN plans p ON p.name = c.plan WHERE p.price > 5;

SELECT p.name, count(c.id), sum(c.employees) FROM plans p LEFT JOIN companies c ON c.plan = p.name GROUP BY p.name;

SELECT co.code, count(c.id) FROM countries co LEFT JOIN companies c ON c.country_code = co.code GROUP BY co.code;

SELECT c.id, co.name, p.max_users
FROM companies c
JOIN countries co ON co.code = c.country_code
JOIN plans p ON p.name = c.plan
WHERE co.eu;

SELECT co.name, sum(cl.cost_per_click_usd)
FROM clicks cl JOIN companies c ON c.id = cl.company_id JOIN countries co ON co.code = c.country_code
GROUP BY co.name;

SELECT c.id FROM companies c WHERE c.country_code IN (SELECT code FROM countries WHERE population > 100000000);

SELECT co.code, p.name FROM countries co CROSS JOIN plans p WHERE co.code < 'C';

-- ordered
SELECT co.name, count(*) AS n FROM companies c JOIN countries co ON co.code = c.country_code GROUP BY co.name ORDER BY n DESC, co.name;

SELECT e.event_key, e.seq, c.plan FROM events e JOIN companies c ON c.id = e.company_id JOIN plans p ON p.name = c.plan WHERE e.seq < 100;
