-- Queries pinned by citext keys in other spellings than the stored ones (router: one shard),
-- IN lists, joins with the reference table keyed by citext, grouping and ordering by citext.
SELECT org, id, email, name FROM users WHERE org = 'ACME';
SELECT org, id, email FROM users WHERE org = 'acme' AND id < 10;
SELECT org, id FROM users WHERE org = 'aCmE' AND email = 'USER2@ACME.COM';
SELECT org, id FROM users WHERE email = 'user3@ACME.com';
SELECT org, count(*) FROM users WHERE org IN ('ACME', 'globex', 'InItEcH', 'nobody') GROUP BY org;
SELECT org, count(*) FROM users WHERE org = ANY (ARRAY['wayne', 'STARK']::citext[]) GROUP BY org;
SELECT count(*) FROM users WHERE org = 'Nobody';
SELECT u.org, u.id, n.note_id, n.title FROM users u JOIN notes n ON n.org = u.org AND n.user_id = u.id
WHERE u.org = 'HOOLI' AND u.id < 6;
SELECT o.name, o.plan, count(u.id) FROM orgs o JOIN users u ON u.org = o.org
WHERE o.org IN ('acme', 'GLOBEX') GROUP BY o.name, o.plan;
SELECT o.org, o.plan, count(*) FROM orgs o JOIN users u ON u.org = o.org GROUP BY o.org, o.plan;
SELECT plan, count(*) FROM orgs o JOIN users u ON u.org = o.org GROUP BY plan;
SELECT u.org, count(DISTINCT u.email) AS emails, count(*) FROM users u GROUP BY u.org;
SELECT count(DISTINCT email) FROM users;
SELECT min(lower(title::text)) AS title, count(*) FROM notes GROUP BY title HAVING count(*) > 20;
SELECT count(*) FROM notes WHERE title = 'MEETING NOTES';
SELECT count(*) FROM notes WHERE 'urgent' = ANY (tags);
SELECT org, note_id FROM notes WHERE org = 'tyrell' AND tags @> ARRAY['WORK']::citext[] AND note_id < 100;
-- ordered
SELECT org, id, email FROM users WHERE email IS NOT NULL ORDER BY email, org, id LIMIT 15;
-- ordered
SELECT org, id FROM users ORDER BY org DESC, id LIMIT 12;
-- ordered
SELECT org, count(*) FROM users GROUP BY org ORDER BY org;
SELECT org FROM orgs WHERE org > 'hooli' AND org < 'TYRELL';
SELECT lower(org::text), id FROM users WHERE org LIKE 'a%' AND id < 5;
SELECT org, id FROM users WHERE org ILIKE 'PIED%' AND id % 10 = 0;
SELECT org, id FROM users WHERE strpos(email, 'USER1') > 0;
SELECT org, id FROM users WHERE regexp_match(email, '^USER3.*@UMBRELLA') IS NOT NULL;
SELECT * FROM org_users WHERE org = 'soylent';
SELECT org, id FROM users WHERE org = 'cyberdyne' AND id IN (SELECT user_id FROM notes WHERE org = 'CYBERDYNE' AND title = 'meeting NOTES');
WITH o AS (SELECT org FROM orgs WHERE plan = 'GOLD') SELECT u.org, count(*) FROM users u JOIN o ON o.org = u.org GROUP BY u.org;
PREPARE by_org(citext) AS SELECT org, id, email FROM users WHERE org = $1 AND id < 4;
EXECUTE by_org('ACME');
EXECUTE by_org('acme');
EXECUTE by_org('Globex');
EXECUTE by_org('GLOBEX');
EXECUTE by_org('wonka');
EXECUTE by_org('WONKA');
EXECUTE by_org('nobody');
EXECUTE by_org(NULL);
PREPARE by_org_text(text) AS SELECT count(*) FROM users WHERE org = $1::citext;
EXECUTE by_org_text('ACME');
EXECUTE by_org_text('acme');
EXECUTE by_org_text('stark');
EXECUTE by_org_text('Stark');
EXECUTE by_org_text('STARK');
EXECUTE by_org_text('sTaRk');
EXECUTE by_org_text('x');
PREPARE by_email(citext, citext) AS SELECT org, id FROM users WHERE org = $1 AND email = $2;
EXECUTE by_email('acme', 'USER2@ACME.COM');
EXECUTE by_email('ACME', 'user2@acme.com');
EXECUTE by_email('Acme', 'User2@Acme.com');
EXECUTE by_email('aCME', 'nobody');
EXECUTE by_email('initech', 'user5@INITECH.com');
EXECUTE by_email('INITECH', 'user5@initech.com');
-- Pins through the reference table's citext key: orgs.org pinned, users.org equated with it.
SELECT o.name, u.id, u.email FROM orgs o JOIN users u ON u.org = o.org WHERE o.org = 'acme';
SELECT count(*) FROM orgs o JOIN users u ON u.org = o.org WHERE o.org = 'ACME' AND u.org = 'globex';
SELECT count(*) FROM orgs o JOIN users u ON u.org = o.org WHERE o.org = 'ACME' AND u.org = 'Acme';
SELECT o.org, count(*) FROM orgs o JOIN users u ON u.org = o.org WHERE o.org IN ('acme', 'GLOBEX', 'nobody') GROUP BY o.org;
SELECT count(*) FROM orgs o JOIN users u ON u.org = o.org WHERE o.org::text = 'acme';
SELECT count(*) FROM orgs o JOIN users u ON u.org = o.org WHERE o.org::text = 'Acme';
SELECT count(*), count(n.note_id) FROM orgs o JOIN users u ON u.org = o.org
LEFT JOIN notes n ON n.org = u.org AND n.user_id = u.id WHERE o.org = 'hooli';
SELECT count(*), count(o.org) FROM users u LEFT JOIN orgs o ON u.org = o.org AND o.org = 'ACME';
SET plan_cache_mode = force_generic_plan;
PREPARE org_users(citext) AS SELECT u.id, u.email FROM orgs o JOIN users u ON u.org = o.org WHERE o.org = $1 AND u.id < 8;
EXECUTE org_users('WAYNE');
EXECUTE org_users('stark');
EXECUTE org_users(NULL);
RESET plan_cache_mode;
