-- Pins reaching a distribution column through a reference-table column: companies.id (bigint)
-- equated with plans.max_users (int; 1, 5, 50, 2, NULL), which is pinned to a constant, an IN
-- list or a parameter. Wrong pruning would drop rows here; outer joins must keep their
-- null-extended and preserved rows.

SELECT c.id, c.name, p.name FROM plans p JOIN companies c ON c.id = p.max_users WHERE p.max_users = 5;

SELECT c.id, p.name FROM companies c, plans p WHERE p.max_users = c.id AND 50 = p.max_users;

SELECT c.id, p.name FROM plans p JOIN companies c ON c.id = p.max_users WHERE p.max_users IN (1, 2, 50, 7777);

SELECT c.id, p.name FROM plans p JOIN companies c ON c.id = p.max_users WHERE p.max_users = ANY (ARRAY[1, NULL, 5]);

SELECT c.id FROM plans p JOIN companies c ON c.id = p.max_users WHERE p.max_users = 5::bigint;

SELECT c.id FROM plans p JOIN companies c ON c.id = p.max_users WHERE p.max_users::numeric = 5.0;

SELECT p.name, count(*), sum(k.monthly_budget) FROM plans p JOIN companies c ON c.id = p.max_users
JOIN campaigns k ON k.company_id = c.id WHERE p.max_users = 5 GROUP BY p.name;

SELECT k.company_id, k.id, k.name FROM plans p JOIN campaigns k ON k.company_id = p.max_users WHERE p.max_users = 2;

-- contradicting pins, NULL pins
SELECT count(*) FROM plans p JOIN companies c ON c.id = p.max_users WHERE p.max_users = 5 AND c.id = 50;

SELECT count(*) FROM plans p JOIN companies c ON c.id = p.max_users WHERE p.max_users = 5 AND c.id = 5;

SELECT count(*) FROM plans p JOIN companies c ON c.id = p.max_users WHERE p.max_users = NULL;

SELECT count(*) FROM plans p JOIN companies c ON c.id = p.max_users WHERE p.max_users IS NULL;

SELECT count(*) FROM plans p JOIN companies c ON c.id = p.max_users WHERE p.max_users IN (NULL);

-- the pinned reference column is not the one equated with the distribution column
SELECT c.id, p.name FROM plans p JOIN companies c ON c.id = p.max_users WHERE p.name = 'basic';

SELECT count(*) FROM plans p JOIN companies c ON c.plan = p.name WHERE p.max_users = 5;

SELECT count(*), min(c.id), max(c.id) FROM plans p JOIN companies c ON c.employees = p.max_users WHERE p.max_users = 5;

-- outer joins: no pruning from an outer join's condition, null-extended rows kept
SELECT count(*), count(p.name) FROM companies c LEFT JOIN plans p ON c.id = p.max_users AND p.max_users = 5;

SELECT p.name, c.id FROM plans p LEFT JOIN companies c ON c.id = p.max_users AND p.max_users = 5;

SELECT p.name, c.id FROM plans p LEFT JOIN companies c ON c.id = p.max_users WHERE p.max_users = 5;

SELECT count(*), count(p.name) FROM plans p RIGHT JOIN companies c ON c.id = p.max_users AND p.max_users = 5;

SELECT count(*), count(p.name) FROM plans p RIGHT JOIN companies c ON c.id = p.max_users WHERE p.max_users = 5;

SELECT count(*), count(p.name), count(c.id) FROM plans p FULL JOIN companies c ON c.id = p.max_users AND p.max_users = 5;

SELECT p.name, c.id FROM plans p FULL JOIN companies c ON c.id = p.max_users WHERE p.max_users = 5;

SELECT count(*), count(k.id) FROM companies a
LEFT JOIN (plans p JOIN campaigns k ON k.company_id = p.max_users AND p.max_users = 5) ON k.company_id = a.id;

SELECT a.id, count(k.id) FROM companies a
LEFT JOIN (plans p JOIN campaigns k ON k.company_id = p.max_users AND p.max_users = 5) ON k.company_id = a.id
WHERE a.id IN (5, 6) GROUP BY a.id;

SELECT a.id, count(k.id) FROM companies a
LEFT JOIN (plans p JOIN campaigns k ON k.company_id = p.max_users AND p.max_users = 5) ON k.company_id = a.id
WHERE a.id = 6 GROUP BY a.id;

SELECT a.id, count(k.id) FROM companies a
LEFT JOIN (plans p JOIN campaigns k ON k.company_id = p.max_users AND p.max_users = 5) ON k.company_id = a.id
WHERE a.id = 5 GROUP BY a.id;

SELECT count(*), count(c.id) FROM campaigns k LEFT JOIN (plans p JOIN companies c ON c.id = p.max_users) ON c.id = k.company_id
WHERE p.max_users = 5 OR p.max_users IS NULL;

-- parameters: custom and generic plans
PREPARE ref_pin(int) AS
    SELECT c.id, c.name, p.name AS plan FROM plans p JOIN companies c ON c.id = p.max_users WHERE p.max_users = $1;
EXECUTE ref_pin(5);
EXECUTE ref_pin(50);
EXECUTE ref_pin(NULL);
EXECUTE ref_pin(7777);

PREPARE ref_pin8(bigint) AS
    SELECT c.id, k.id FROM plans p JOIN companies c ON c.id = p.max_users JOIN campaigns k ON k.company_id = c.id
    WHERE p.max_users = $1;
EXECUTE ref_pin8(2);
EXECUTE ref_pin8(NULL);

SET plan_cache_mode = force_generic_plan;

PREPARE ref_pin_generic(int) AS
    SELECT c.id, c.name, p.name AS plan FROM plans p JOIN companies c ON c.id = p.max_users WHERE p.max_users = $1;
EXECUTE ref_pin_generic(5);
EXECUTE ref_pin_generic(1);
EXECUTE ref_pin_generic(NULL);
EXECUTE ref_pin_generic(7777);
EXECUTE ref_pin8(50);
EXECUTE ref_pin8(1);
EXECUTE ref_pin8(NULL);

PREPARE ref_pin_outer(int) AS
    SELECT count(*), count(p.name) FROM companies c LEFT JOIN plans p ON c.id = p.max_users AND p.max_users = $1;
EXECUTE ref_pin_outer(5);
EXECUTE ref_pin_outer(NULL);

PREPARE ref_pin_contradiction(int, bigint) AS
    SELECT count(*) FROM plans p JOIN companies c ON c.id = p.max_users WHERE p.max_users = $1 AND c.id = $2;
EXECUTE ref_pin_contradiction(5, 50);
EXECUTE ref_pin_contradiction(5, 5);
EXECUTE ref_pin_contradiction(NULL, 5);

RESET plan_cache_mode;
