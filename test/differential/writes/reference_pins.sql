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

-- A pin inside the nullable side of an outer join restricts only which rows get
-- null-extended: every preserved row is still written (on every shard).
INSERT INTO campaigns (company_id, id, name, state)
SELECT c.id, 8000, 'outer ' || count(k.id), 'outer'
  FROM companies c LEFT JOIN (campaigns k JOIN plans p ON k.company_id = p.max_users AND p.max_users = 5)
    ON k.company_id = c.id
 GROUP BY c.id;

INSERT INTO campaigns (company_id, id, name, state)
SELECT c.id, 8001, 'outer colocated ' || count(k.id), 'outer'
  FROM companies c LEFT JOIN (campaigns k JOIN ads a ON a.company_id = k.company_id AND a.campaign_id = k.id
                              AND a.company_id = 5)
    ON k.company_id = c.id
 GROUP BY c.id;

UPDATE companies t SET employees = coalesce(t.employees, 0) + 1
  FROM campaigns k LEFT JOIN (ads a JOIN plans p ON a.company_id = p.max_users AND p.max_users = 2)
    ON a.company_id = k.company_id AND a.campaign_id = k.id
 WHERE t.id = k.company_id AND k.id = 8000;

DELETE FROM campaigns t
 USING companies c LEFT JOIN (campaigns k JOIN clicks cl ON cl.company_id = k.company_id AND cl.company_id = 5)
    ON k.company_id = c.id
 WHERE t.company_id = c.id AND t.id = 8001;

SELECT count(*), count(DISTINCT company_id) FROM campaigns WHERE id IN (8000, 8001);

SELECT k.company_id, k.id, k.state, k.monthly_budget FROM campaigns k WHERE k.company_id IN (1, 2, 5, 50);
