-- UPDATE / DELETE joined on the distribution column with a list of constant rows: a VALUES
-- list, or the keys of a statement rewritten through its rows' keys (a coordinator table in
-- FROM, a table of another colocation group), computed on the coordinator first. Only the
-- shards holding those keys are written (a worker holding none is not needed); NULL keys, keys
-- of another type and keys without a row change nothing else.

UPDATE companies c SET employees = coalesce(employees, 0) + v.n
  FROM (VALUES (1, 10), (5, 20), (NULL, 30), (99999, 40)) v(id, n) WHERE c.id = v.id
RETURNING c.id, c.employees;

UPDATE campaigns k SET name = k.name || v.suffix
  FROM (VALUES (2::bigint, ' a'), ('7'::bigint, ' b'), (2 + 1, ' c')) v(cid, suffix) WHERE v.cid = k.company_id
RETURNING k.company_id, k.id, k.name;

UPDATE events e SET note = 'values ' || v.k FROM (VALUES ('k5'), ('k7'), ('')) v(k) WHERE e.event_key = v.k
RETURNING e.event_key, e.seq, e.note;

-- no primary key: rows matched on every column
DELETE FROM clicks cl USING (VALUES (3::bigint), (4::bigint)) v(cid) WHERE cl.company_id = v.cid AND cl.id % 3 = 0;

-- an equality with another column pins nothing
UPDATE companies c SET name = c.name || ' (emp)' FROM (VALUES (30), (40)) v(n) WHERE c.employees = v.n
RETURNING c.id, c.name;

-- inside the nullable side of an outer join: every preserved row is still written
UPDATE companies c SET revenue = coalesce(c.revenue, 0) + 1
  FROM companies c2 LEFT JOIN (VALUES (1::bigint)) v(id) ON v.id = c2.id WHERE c2.id = c.id AND c.id < 4
RETURNING c.id, c.revenue;

-- the rows' keys computed on the coordinator first (a coordinator table in FROM)
CREATE TABLE pin_keys (id bigint, n int);
INSERT INTO pin_keys VALUES (1, 1), (2, 2), (2, 3), (6, 4), (NULL, 5);
UPDATE companies c SET employees = coalesce(c.employees, 0) + 1 FROM pin_keys p WHERE p.id = c.id AND c.id IN (1, 2)
RETURNING c.id, c.employees;
UPDATE companies c SET employees = 0 FROM pin_keys p WHERE p.id = c.id AND p.n > 100;
UPDATE campaigns k SET state = 'keyed' FROM pin_keys p WHERE p.id = k.company_id AND p.n >= 4
RETURNING k.company_id, k.id, k.state;
DELETE FROM ads a USING pin_keys p WHERE p.id = a.company_id AND p.n = 3 AND a.id % 2 = 0 RETURNING a.company_id, a.id;
PREPARE keyed_update(int) AS
    UPDATE campaigns k SET monthly_budget = coalesce(k.monthly_budget, 0) + 1 FROM pin_keys p
    WHERE p.id = k.company_id AND p.n = $1 RETURNING k.company_id, k.id, k.monthly_budget;
EXECUTE keyed_update(1);
EXECUTE keyed_update(4);
EXECUTE keyed_update(5);
DEALLOCATE keyed_update;
DROP TABLE pin_keys;

-- the keys of rows joined with a table of another colocation group
UPDATE campaigns k SET state = 'from events' FROM events e WHERE e.company_id = k.company_id AND e.event_key = 'k5'
RETURNING k.company_id, k.id, k.state;
