-- UPDATE / DELETE / INSERT ... SELECT whose distribution column is pinned through a
-- reference-table column (plans.max_users: 1, 5, 50, 2, NULL): only the pinned shards change.

UPDATE campaigns k SET state = 'pinned' FROM plans p WHERE k.company_id = p.max_users AND p.max_users = 5
RETURNING k.company_id, k.id, k.state;

UPDATE companies c SET employees = coalesce(employees, 0) + 100 FROM plans p
WHERE p.max_users = c.id AND p.max_users IN (1, 50) RETURNING c.id, c.employees;

UPDATE companies c SET name = c.name || ' (ref)' FROM plans p WHERE p.max_users = c.id AND p.max_users = NULL;

UPDATE companies c SET name = c.name || ' (two)' FROM plans p WHERE p.max_users = c.id AND p.max_users = 2 AND c.id = 5;

UPDATE companies c SET name = c.name || ' (named)' FROM plans p WHERE p.max_users = c.id AND p.name = 'pro'
RETURNING c.id, c.name;

DELETE FROM ads a USING plans p WHERE a.company_id = p.max_users AND p.max_users = 2 RETURNING a.company_id, a.id;

DELETE FROM clicks cl USING plans p WHERE cl.company_id = p.max_users AND p.max_users = ANY (ARRAY[5, 50]);

PREPARE ref_pin_update(int) AS
    UPDATE campaigns k SET monthly_budget = coalesce(monthly_budget, 0) + 1 FROM plans p
    WHERE k.company_id = p.max_users AND p.max_users = $1 RETURNING k.company_id, k.id, k.monthly_budget;
EXECUTE ref_pin_update(1);
EXECUTE ref_pin_update(NULL);
SET plan_cache_mode = force_generic_plan;
PREPARE ref_pin_delete(int) AS
    DELETE FROM ads a USING plans p WHERE a.company_id = p.max_users AND p.max_users = $1 RETURNING a.company_id, a.id;
EXECUTE ref_pin_delete(50);
EXECUTE ref_pin_delete(NULL);
EXECUTE ref_pin_update(5);
EXECUTE ref_pin_update(2);
RESET plan_cache_mode;

SELECT k.company_id, k.id, k.state, k.monthly_budget FROM campaigns k WHERE k.company_id IN (1, 2, 5, 50);
