-- Writes pinned by citext keys in other spellings, with citext, hstore and pg_trgm conditions
-- and new values: UPDATE / DELETE run on the workers, upserts, INSERT ... SELECT, COPY.
UPDATE users SET name = 'renamed' WHERE org = 'ACME' AND id = 3;
UPDATE users SET email = 'NEW@ACME.COM' WHERE org = 'acme' AND email = 'user5@ACME.com' RETURNING org, id, email;
UPDATE users SET attrs = attrs || 'vip=>true'::hstore WHERE org = 'globex' AND attrs -> 'role' = 'admin' RETURNING org, id, attrs;
UPDATE users SET attrs = delete(attrs, 'beta') WHERE org IN ('INITECH', 'umbrella') AND attrs ? 'beta';
UPDATE users SET attrs = attrs || hstore('score', ((attrs -> 'score')::int + 1)::text) WHERE attrs ? 'score' AND org = 'Stark';
DELETE FROM users WHERE org = 'WAYNE' AND email = 'USER4@wayne.COM' RETURNING org, id;
DELETE FROM notes WHERE org = 'hooli' AND title = 'MEETING NOTES' RETURNING org, note_id, title;
DELETE FROM notes WHERE 'URGENT' = ANY (tags) AND org = 'Tyrell';
UPDATE notes SET tags = tags || 'Done'::citext WHERE org = 'piedpiper' AND title = 'todo 5';
UPDATE docs SET props = props || 'reviewed=>yes' WHERE title = 'SHARDING HANDBOOK' AND props ? 'lang';
UPDATE docs SET title = title || ' (old)' WHERE similarity(title, 'release notes v3') > 0.6 RETURNING doc_id, title;
UPDATE docs SET tsv = to_tsvector('english', coalesce(title::text, '') || ' ' || coalesce(body, '') || ' extra')
WHERE doc_id BETWEEN 10 AND 20;
DELETE FROM docs WHERE tsv @@ to_tsquery('english', 'fox') AND org = 'acme';
-- % reads the session's threshold: the rows are found on the coordinator.
SET pg_trgm.similarity_threshold = 0.2;
DELETE FROM users WHERE org = 'soylent' AND name % 'dave';
UPDATE docs SET body = 'matched' WHERE title % 'handbook';
RESET pg_trgm.similarity_threshold;
DELETE FROM users WHERE org = 'soylent' AND name % 'Carol Carter 2';
-- Upserts keyed by citext: the conflicting row is found whatever the spelling.
INSERT INTO users VALUES ('ACME', 1, 'first@acme.com', 'again', 'role=>owner')
ON CONFLICT (org, id) DO UPDATE SET email = excluded.email, attrs = users.attrs || excluded.attrs
RETURNING org, id, email, attrs;
INSERT INTO users VALUES ('acme', 2, 'X@Y.Z', 'two', NULL), ('GLOBEX', 100, 'new@globex.com', 'new', 'role=>guest')
ON CONFLICT (org, id) DO UPDATE SET name = excluded.name || ' updated' RETURNING org, id, name;
INSERT INTO users VALUES ('Initech', 200, 'USER2@INITECH.COM', 'dup email', NULL)
ON CONFLICT (org, email) DO NOTHING;
INSERT INTO users VALUES ('Initech', 201, 'fresh@initech.com', 'fresh', NULL)
ON CONFLICT (org, email) DO UPDATE SET name = 'never' RETURNING org, id;
INSERT INTO orgs VALUES ('ACME', 'other', 'gold', NULL) ON CONFLICT (org) DO UPDATE SET plan = excluded.plan RETURNING org, plan;
INSERT INTO orgs VALUES ('Newco', 'The Newco Company', 'Silver', 'region=>eu');
INSERT INTO users SELECT 'NEWCO', g, 'u' || g || '@newco.com', 'n' || g, hstore('role', 'member') FROM generate_series(1, 5) g;
-- INSERT ... SELECT between tables colocated by citext, and from the reference table.
INSERT INTO notes (org, note_id, user_id, title, body, tags)
SELECT org, 10000 + id, id, 'Welcome', 'welcome ' || name, ARRAY['New']::citext[] FROM users WHERE org = 'newco';
INSERT INTO notes (org, note_id, user_id, title)
SELECT u.org, 20000 + u.id, u.id, upper(u.email::text) FROM users u JOIN orgs o ON o.org = u.org
WHERE o.plan = 'GOLD' AND u.id < 3
ON CONFLICT (org, note_id) DO UPDATE SET title = excluded.title;
INSERT INTO docs (doc_id, org, title, props) SELECT 1000 + id, org, email, attrs FROM users WHERE org = 'STARK' AND id < 5;
PREPARE upd(citext, int, text) AS UPDATE users SET name = $3 WHERE org = $1 AND id = $2;
EXECUTE upd('acme', 6, 'p1');
EXECUTE upd('ACME', 7, 'p2');
EXECUTE upd('Globex', 8, 'p3');
EXECUTE upd('globex', 9, 'p4');
EXECUTE upd('WONKA', 10, 'p5');
EXECUTE upd('wonka', 11, 'p6');
EXECUTE upd('Wonka', 12, 'p7');
PREPARE del(citext, citext) AS DELETE FROM users WHERE org = $1 AND email = $2 RETURNING id;
EXECUTE del('tyrell', 'USER6@TYRELL.COM');
EXECUTE del('TYRELL', 'user8@tyrell.com');
EXECUTE del('Tyrell', 'user10@Tyrell.COM');
EXECUTE del('tyrell', 'user12@tyrell.com');
EXECUTE del('tyrell', 'user14@tyrell.com');
EXECUTE del('TYRELL', 'user16@TYRELL.com');
EXECUTE del('tyrell', 'nobody');
PREPARE ins(citext, int, hstore) AS INSERT INTO users VALUES ($1, $2, NULL, NULL, $3) ON CONFLICT (org, id) DO UPDATE SET attrs = excluded.attrs;
EXECUTE ins('acme', 300, 'a=>1');
EXECUTE ins('ACME', 300, 'a=>2');
EXECUTE ins('hooli', 301, 'b=>1');
EXECUTE ins('HOOLI', 301, NULL);
EXECUTE ins('Cyberdyne', 302, 'c=>1');
EXECUTE ins('cyberdyne', 302, 'c=>2');
EXECUTE ins('CYBERDYNE', 303, 'c=>3');
COPY users (org, id, email, name, attrs) FROM STDIN;
ACME	500	copy1@acme.com	copied	role=>copy
acme	501	COPY2@ACME.COM	copied	\N
Globex	502	\N	copied	"a b"=>"c d"
WONKA	503	copy3@wonka.com	\N	role=>copy
\.
SELECT org, id, email, attrs FROM users WHERE id >= 500;
SELECT lower(org::text) AS org, count(*) FROM users GROUP BY lower(org::text);
-- Writes pinned through the reference table's citext key.
UPDATE users u SET name = 'through orgs' FROM orgs o WHERE u.org = o.org AND o.org = 'INITECH' AND u.id < 4
RETURNING u.org, u.id, u.name;
DELETE FROM notes n USING orgs o WHERE n.org = o.org AND o.org IN ('umbrella', 'STARK') AND n.note_id % 7 = 0;
