-- DDL on distributed and reference tables, then writes and reads that use the change. The same
-- DDL runs on the local copies.

ALTER TABLE companies ADD COLUMN tier text DEFAULT 'basic', ADD COLUMN score numeric(6, 2);

UPDATE companies SET tier = 'gold', score = id % 97 WHERE employees > 100 RETURNING id, tier, score;

SELECT tier, count(*), sum(score) FROM companies GROUP BY tier;

INSERT INTO companies (id, name, created_at) VALUES (900001, 'new co', '2020-01-01') RETURNING id, tier, score;

ALTER TABLE companies ADD CONSTRAINT score_range CHECK (score IS NULL OR score BETWEEN 0 AND 1000);

-- error
UPDATE companies SET score = -1 WHERE id = 900001;

ALTER TABLE companies ALTER COLUMN score TYPE numeric(8, 1);

SELECT id, score FROM companies WHERE score IS NOT NULL ORDER BY score DESC, id LIMIT 5;

ALTER TABLE campaigns ADD CONSTRAINT campaigns_company_name UNIQUE (company_id, name);

-- error
INSERT INTO campaigns (company_id, id, name) SELECT company_id, id + 1000000, name FROM campaigns ORDER BY company_id, id LIMIT 1;

CREATE INDEX ads_name ON ads (lower(name)) WHERE name IS NOT NULL;

SELECT count(*) FROM ads WHERE lower(name) LIKE 'a%';

ALTER TABLE ads RENAME COLUMN target_url TO landing_url;

UPDATE ads SET landing_url = landing_url || '?x' WHERE id % 5 = 0 RETURNING company_id, id, landing_url;

ALTER TABLE ads DROP COLUMN ratio;

SELECT company_id, count(*), sum(impressions_count), sum(clicks_count) FROM ads GROUP BY company_id;

-- error
ALTER TABLE ads DROP COLUMN clicks_count;

ALTER TABLE countries ADD COLUMN capital text DEFAULT 'unknown', ALTER COLUMN name DROP NOT NULL;

INSERT INTO countries (code, name) VALUES ('QQ', NULL);

SELECT code, name, capital FROM countries WHERE code IN ('QQ', 'DE');

ALTER TABLE plans ALTER COLUMN max_users SET DEFAULT 10;

INSERT INTO plans (name, price) VALUES ('defaulted', 3) RETURNING *;

-- error
ALTER TABLE companies ALTER COLUMN name SET NOT NULL, ALTER COLUMN employees SET NOT NULL;

SELECT count(*) FROM companies WHERE employees IS NULL;
