-- INSERT ... SELECT between distributed, reference and generated rows: pushed down shard by shard
-- when colocated on the distribution column, otherwise run distributed and routed in batches.

-- colocated, distribution column to distribution column (pushed down)
INSERT INTO campaigns (company_id, id, name, state, monthly_budget)
SELECT id, 5000 + id, 'copied ' || name, 'draft', employees FROM companies WHERE id < 40;

-- colocated with a join on the distribution column and a GROUP BY it (pushed down)
INSERT INTO campaigns (company_id, id, name, monthly_budget)
SELECT c.id, 6000, 'budget of ' || count(*), sum(a.impressions_count)
  FROM companies c JOIN ads a ON a.company_id = c.id GROUP BY c.id;

-- reference table joined in (pushed down)
INSERT INTO campaigns (company_id, id, name, state)
SELECT c.id, 7000, co.name, 'geo' FROM companies c JOIN countries co ON co.code = c.country_code;

-- not colocated: other distribution column (through the coordinator)
INSERT INTO events (event_key, seq, company_id, kind, amount)
SELECT 'from-company-' || id, 1, id, 'copy', revenue FROM companies;

-- LIMIT and ORDER BY, aggregate without the distribution column (through the coordinator)
INSERT INTO campaigns (company_id, id, name)
SELECT id, 8000, 'top ' || name FROM companies ORDER BY revenue DESC NULLS LAST, id LIMIT 5;

INSERT INTO plans (name, price, max_users)
SELECT 'agg-' || coalesce(plan, 'none'), count(*), sum(employees) FROM companies GROUP BY plan;

-- other defaults and RETURNING through the coordinator (explicit ids: the order in which a
-- sequence would number the SELECT's rows is not defined)
INSERT INTO notes (company_id, id, body) SELECT id, 100000 + id, 'bulk ' || id FROM companies WHERE id % 3 = 0
RETURNING company_id, id, body, created_at;

-- generated rows, ON CONFLICT DO UPDATE with the distribution column in the target
INSERT INTO campaigns (company_id, id, name, monthly_budget)
SELECT g, 5000 + g, 'conflict ' || g, 1 FROM generate_series(1, 60) g
ON CONFLICT (company_id, id) DO UPDATE SET monthly_budget = coalesce(campaigns.monthly_budget, 0) + excluded.monthly_budget;

-- a table into itself
INSERT INTO clicks SELECT company_id, id + 100000, ad_id, clicked_at, site_url, cost_per_click_usd, user_ip, user_data, is_mobile
  FROM clicks WHERE id % 4 = 0;

-- multi-row VALUES for many shards, then an UPDATE and DELETE over several shards with
-- independent subqueries on distributed tables and correlated ones on colocated tables
INSERT INTO "OrderItems" ("CompanyId", "ItemNo", "Qty", "Unit Price", "prénom") VALUES
    (1, 900, 1, 1.5, 'a'), (2, 900, 2, 2.5, 'b'), (3, 900, 3, NULL, NULL), (4, 900, NULL, 4, 'd'),
    (5, 900, 5, 5.5, 'é'), (6, 900, 6, 6.5, 'f');

UPDATE "OrderItems" o SET "Qty" = coalesce("Qty", 0) + (SELECT count(*) FROM campaigns c WHERE c.company_id = o."CompanyId")
WHERE "ItemNo" = 900;

DELETE FROM campaigns WHERE company_id IN (SELECT id FROM companies WHERE plan = 'free') AND id >= 5000;

UPDATE companies SET employees = (SELECT max(monthly_budget) FROM campaigns) WHERE id = 3;

SELECT count(*) FROM campaigns WHERE id >= 5000;
