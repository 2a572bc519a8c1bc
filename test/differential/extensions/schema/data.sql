-- Deterministic rows (no random()/now()): org names in one spelling per table, queried with
-- others; emails and titles that differ only by case in different orgs; NULLs in every
-- nullable column.
INSERT INTO orgs
SELECT o, 'The ' || o || ' Company',
       CASE i % 3 WHEN 0 THEN 'Gold' WHEN 1 THEN 'silver' ELSE NULL END,
       CASE WHEN i % 4 = 0 THEN NULL
            ELSE hstore(ARRAY['region', 'tier'], ARRAY[CASE i % 2 WHEN 0 THEN 'eu' ELSE 'us' END, (i % 3)::text]) END
FROM (SELECT row_number() OVER (ORDER BY o) AS i, o
      FROM unnest(ARRAY['Acme', 'Globex', 'Initech', 'Umbrella', 'Stark', 'Wayne', 'Hooli',
                        'PiedPiper', 'Soylent', 'Tyrell', 'Cyberdyne', 'Wonka']) AS o) s;

INSERT INTO users
SELECT o.org, g,
       CASE WHEN g % 11 = 0 THEN NULL
            WHEN g % 2 = 0 THEN 'User' || g || '@' || o.org || '.COM'
            ELSE 'user' || g || '@' || lower(o.org::text) || '.com' END,
       CASE g % 5 WHEN 0 THEN 'Alice Anderson' WHEN 1 THEN 'Bob Brown' WHEN 2 THEN 'Carol Carter'
                  WHEN 3 THEN 'Dave Dawson' ELSE NULL END || ' ' || g,
       CASE WHEN g % 7 = 0 THEN NULL
            ELSE hstore(ARRAY['role', 'beta', 'score'],
                        ARRAY[CASE g % 3 WHEN 0 THEN 'admin' WHEN 1 THEN 'member' ELSE 'guest' END,
                              CASE WHEN g % 2 = 0 THEN 'yes' ELSE NULL END, (g % 10)::text]) END
FROM orgs o, generate_series(1, 40) g;

INSERT INTO notes
SELECT u.org, u.id * 10 + k, u.id,
       CASE k WHEN 1 THEN 'Meeting Notes' WHEN 2 THEN 'meeting notes' ELSE 'Todo ' || u.id END,
       CASE k WHEN 1 THEN 'quarterly planning with the sales team'
              WHEN 2 THEN 'the database migration is planned for next week'
              ELSE NULL END,
       CASE WHEN k = 3 THEN NULL ELSE ARRAY['Urgent', 'work']::citext[] END
FROM users u, generate_series(1, 3) k
WHERE u.id % 4 <> 0;

INSERT INTO docs
SELECT g, CASE WHEN g % 13 = 0 THEN NULL ELSE (ARRAY['Acme', 'Globex', 'Initech', 'Umbrella'])[g % 4 + 1] END,
       CASE g % 4 WHEN 0 THEN 'Postgres Tuning Guide ' || g WHEN 1 THEN 'postgres tuning guide'
                  WHEN 2 THEN 'Sharding Handbook' ELSE 'Release notes v' || g END,
       CASE g % 3 WHEN 0 THEN 'The quick brown fox jumps over the lazy dog'
                  WHEN 1 THEN 'Distributed databases shard tables across many servers'
                  ELSE NULL END,
       CASE WHEN g % 6 = 0 THEN NULL ELSE hstore('lang', CASE g % 2 WHEN 0 THEN 'en' ELSE 'de' END) || hstore('pages', (g % 50)::text) END,
       NULL
FROM generate_series(1, 300) g;
UPDATE docs SET tsv = to_tsvector('english', coalesce(title::text, '') || ' ' || coalesce(body, ''));
