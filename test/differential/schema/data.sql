-- Rows of the differential schema: deterministic (generate_series, no random(), no now()), with
-- NULLs in every nullable column, duplicates, empty strings, quotes and unicode. Run once per
-- schema with search_path set to it, before distribute.sql.

-- Reference tables first: companies.plan references plans.
INSERT INTO countries VALUES
    ('US', 'United States', 'North America', 331000000, false),
    ('DE', 'Germany', 'Europe', 83000000, true),
    ('FR', 'France', 'Europe', 67000000, true),
    ('JP', 'Japan', 'Asia', 125000000, false),
    ('BR', 'Brazil', 'South America', 214000000, false),
    ('IN', 'India', 'Asia', 1380000000, false),
    ('GB', 'United Kingdom', 'Europe', 67000000, false),
    ('AT', 'Österreich', 'Europe', 9000000, true),
    ('CI', 'Côte d’Ivoire', 'Africa', 27000000, false),
    ('CN', '中国', 'Asia', 1410000000, false),
    ('AQ', 'Antarctica', NULL, NULL, NULL),
    ('NL', 'Netherlands', 'Europe', 17500000, true),
    ('CA', 'Canada', 'North America', 38000000, false),
    ('MX', 'Mexico', 'North America', NULL, false),
    ('ES', 'España', 'Europe', 47000000, true);

INSERT INTO plans VALUES
    ('free', 0, 1), ('basic', 9.99, 5), ('pro', 49.50, 50), ('enterprise', NULL, NULL),
    ('legacy', 5.00, 2);

INSERT INTO companies
SELECT i,
       CASE WHEN i % 17 = 0 THEN 'Company ' || i || ' ''quoted'''
            WHEN i % 13 = 0 THEN 'Ünïcødé 会社 ' || i
            WHEN i % 11 = 0 THEN ''
            WHEN i % 19 = 0 THEN 'Company 7'          -- duplicate name
            ELSE 'Company ' || i END,
       CASE WHEN i % 5 = 0 THEN NULL ELSE 'http://img.example.com/' || i || '.png' END,
       timestamp '2020-01-01 00:00:00' + i * interval '7 days 3 hours 11 minutes',
       CASE WHEN i % 7 = 0 THEN NULL
            ELSE timestamptz '2021-03-01 12:00:00+00' + i * interval '13 hours 7 minutes 3.5 seconds' END,
       (ARRAY['free', 'basic', 'pro', 'enterprise', NULL])[1 + i % 5],
       (ARRAY['US', 'DE', 'FR', 'JP', 'BR', 'IN', 'GB', 'XX', 'AT', NULL])[1 + i % 10],
       CASE WHEN i % 9 = 0 THEN NULL ELSE (i * 37) % 500 + 1 END,
       CASE WHEN i % 6 = 0 THEN NULL ELSE round((i * 12345.67) % 1000000, 2) END,
       CASE WHEN i % 4 = 0 THEN NULL ELSE i % 3 = 0 END,
       CASE WHEN i % 10 = 0 THEN NULL
            WHEN i % 10 = 1 THEN '{}'::text[]
            ELSE ARRAY['tag' || (i % 4), 'tag' || (i % 6)] END,
       CASE WHEN i % 8 = 0 THEN NULL
            ELSE jsonb_build_object('theme', (ARRAY['dark', 'light'])[1 + i % 2], 'limit', i * 10,
                                    'nested', jsonb_build_object('a', i % 3)) END,
       md5('company' || i)::uuid
FROM generate_series(1, 60) i;

INSERT INTO campaigns
SELECT c, c * 10 + k,
       'Campaign ' || k || ' of ' || c,
       (ARRAY['cpc', 'cpm', 'cpa'])[1 + (c + k) % 3],
       CASE WHEN (c + k) % 7 = 0 THEN NULL
            ELSE (ARRAY['running', 'paused', 'finished'])[1 + (c * k) % 3] END,
       CASE WHEN k = 3 THEN NULL ELSE (c * 1000 + k * 250) % 20000 END,
       date '2021-01-01' + (c * 3 + k * 11),
       CASE WHEN k % 2 = 0 THEN NULL ELSE date '2021-06-01' + (c * 5 + k) END,
       CASE WHEN (c + k) % 4 = 0 THEN NULL
            ELSE jsonb_build_array('geo:' || (ARRAY['us', 'eu', 'apac'])[1 + c % 3], k) END
FROM generate_series(1, 60) c, generate_series(1, 5) k
WHERE k <= c % 6;

INSERT INTO ads
SELECT cp.company_id, cp.id * 10 + a, cp.id,
       CASE WHEN (cp.id + a) % 15 = 0 THEN NULL ELSE 'Ad ' || a || ' for ' || cp.name END,
       CASE WHEN (cp.id + a) % 9 = 0 THEN NULL
            ELSE ((ARRAY['draft', 'active', 'paused', 'archived'])[1 + (cp.id + a) % 4])::ad_status END,
       'https://shop.example.com/item?id=' || cp.id || '&a=' || a,
       CASE WHEN (cp.id * a) % 11 = 0 THEN NULL ELSE (cp.id * 7919 + a * 104729) % 100000 END,
       ((cp.id * 7919 + a * 104729) % 100000) / (10 + a),
       CASE WHEN a = 5 THEN NULL ELSE (cp.id % 97) / 7.0 + a * 0.1 END,
       ((cp.id + a) % 10) / 4.0,
       timestamptz '2021-01-01 00:00:00+00' + (cp.id * 17 + a) * interval '1 hour 1 minute'
FROM campaigns cp, generate_series(1, 8) a
WHERE a <= 1 + cp.id % 8;

INSERT INTO clicks
SELECT ad.company_id, ad.id * 10 + n, ad.id,
       CASE WHEN n = 3 AND ad.id % 2 = 0 THEN NULL
            ELSE timestamptz '2022-01-01 00:00:00+00'
                 + ((ad.id * 31 + n * 7) % 10000) * interval '37 minutes' END,
       CASE WHEN n % 5 = 0 THEN NULL
            ELSE 'https://site' || (ad.id % 13) || '.example.org/p?q=' || n END,
       CASE WHEN n = 4 THEN NULL ELSE round(((ad.id * 13 + n) % 1000) / 997.0, 10) END,
       ('10.' || ad.id % 256 || '.' || n || '.' || (ad.id * n) % 256)::inet,
       CASE WHEN n % 3 = 0 THEN NULL
            ELSE jsonb_build_object('browser', (ARRAY['firefox', 'chrome', 'safari'])[1 + ad.id % 3],
                                    'lang', (ARRAY['en', 'de', 'fr', 'ja'])[1 + n % 4]) END,
       CASE WHEN n = 6 THEN NULL ELSE n % 2 = 0 END
FROM ads ad, generate_series(1, 6) n
WHERE n <= ad.id % 7;
-- exact duplicate rows
INSERT INTO clicks SELECT * FROM clicks WHERE id % 23 = 0;

INSERT INTO events
SELECT CASE WHEN i % 97 = 0 THEN ''
            WHEN i % 41 = 0 THEN 'ключ-' || (i % 5)
            ELSE 'k' || (i % 300) END,
       i,
       CASE WHEN i % 12 = 0 THEN NULL WHEN i % 31 = 0 THEN 999 ELSE 1 + i % 60 END,
       (ARRAY['view', 'click', 'purchase', 'signup', NULL, 'View'])[1 + i % 6],
       date '2022-01-01' + (i % 400),
       CASE WHEN i % 9 = 0 THEN NULL ELSE timestamp '2022-01-01' + i * interval '5 hours 17 minutes' END,
       CASE WHEN i % 7 = 0 THEN NULL ELSE round(i * 3.14159 % 500, 3) END,
       CASE WHEN i % 11 = 0 THEN NULL ELSE (i % 17) * 0.25 END,
       CASE WHEN i % 5 = 0 THEN NULL ELSE ARRAY['l' || i % 3, 'l' || i % 4] END,
       CASE WHEN i % 6 = 0 THEN NULL
            ELSE jsonb_build_object('n', i % 10, 's', 'v' || i % 4, 'arr', jsonb_build_array(i % 2, i % 3)) END,
       CASE WHEN i % 10 = 0 THEN NULL ELSE md5('session' || (i % 100))::uuid END,
       CASE WHEN i % 8 = 0 THEN NULL WHEN i % 8 = 1 THEN '' WHEN i % 8 = 2 THEN 'it''s "quoted"'
            WHEN i % 8 = 3 THEN 'back\slash' WHEN i % 8 = 4 THEN 'tab	and newline
here' ELSE 'note ' || i END,
       CASE WHEN i % 13 = 0 THEN NULL WHEN i % 13 = 1 THEN ''::bytea
            ELSE decode(md5(i::text), 'hex') || '\000\\'::bytea END,
       CASE WHEN i % 14 = 0 THEN NULL ELSE (i % 50) * interval '1 day 2 hours' - (i % 7) * interval '1 month' END,
       CASE WHEN i % 15 = 0 THEN NULL ELSE (i * 7 % 600 - 300)::smallint END,
       CASE WHEN i % 16 = 0 THEN NULL ELSE time '00:00' + i * interval '17 minutes 3 seconds' END
FROM generate_series(1, 1500) i;

INSERT INTO "OrderItems"
SELECT 1 + i % 60, i,
       CASE WHEN i % 13 = 0 THEN NULL ELSE i % 9 END,
       CASE WHEN i % 10 = 0 THEN NULL ELSE round((i * 1.37) % 300, 2) END,
       CASE WHEN i % 3 = 0 THEN 'Zoë' WHEN i % 3 = 1 THEN 'Émile' ELSE NULL END
FROM generate_series(1, 500) i;

INSERT INTO notes (company_id, body, pinned)
SELECT 1 + i % 60, 'note ' || i || repeat('!', i % 3), i % 10 = 0
FROM generate_series(1, 120) i;
