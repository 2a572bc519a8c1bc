-- Tenant filters in other types and shapes (pruning must follow the comparison's semantics) and
-- windows and LIMIT whose order of application matters.

SELECT count(*) FROM events WHERE site_id = 1.0;

SELECT count(*) FROM events WHERE site_id = 2.5;

SELECT count(*) FROM events WHERE site_id::numeric = 3;

SELECT count(*) FROM events WHERE site_id = 4::int2;

SELECT count(*) FROM events WHERE site_id::text = '5';

SELECT count(*) FROM events WHERE site_id::float8 = 6;

SELECT count(*) FROM events WHERE site_id = 7 OR site_id = 8;

SELECT count(*) FROM events WHERE site_id IN (9, NULL);

SELECT count(*) FROM events WHERE site_id = ANY ('{}'::bigint[]);

SELECT count(*) FROM events WHERE site_id = 10 AND site_id = 11;

SELECT count(*) FROM events WHERE site_id = 12 AND site_id IN (12, 13);

SELECT count(*) FROM events WHERE site_id IS NULL;

SELECT count(*) FROM events WHERE site_id = 4294967297;

SELECT count(*) FROM events WHERE site_id = -1 OR site_id = 14;

SELECT count(*) FROM events WHERE site_id = (SELECT min(site_id) + 14 FROM sites);

SELECT count(*) FROM events WHERE site_id = (SELECT site_id FROM sites WHERE name = 'site 16');

SELECT count(*) FROM events WHERE NOT (site_id <> 17);

SELECT count(*) FROM events WHERE coalesce(site_id, 0) = 18;

SELECT count(*) FROM events WHERE site_id = abs(-19);

SELECT event_id, count(*) OVER () FROM events WHERE site_id IN (20, 21) ORDER BY event_id LIMIT 5;

SELECT event_id, sum(amount) OVER (ORDER BY event_id) FROM events WHERE site_id IN (1, 2) ORDER BY event_id LIMIT 10;

SELECT site_id, event_id, row_number() OVER (PARTITION BY site_id ORDER BY event_id) AS rn FROM events ORDER BY rn DESC, site_id LIMIT 5;

SELECT site_id, count(*), sum(count(*)) OVER () FROM events GROUP BY site_id ORDER BY count(*) DESC, site_id LIMIT 3;

SELECT site_id, event_id, occurred_at FROM events WHERE site_id = 1 ORDER BY occurred_at DESC, event_id DESC LIMIT 5 OFFSET 5;

SELECT site_id, event_id FROM events ORDER BY occurred_at DESC, site_id, event_id LIMIT 5 OFFSET 3;

SELECT * FROM (SELECT site_id, event_id, rank() OVER (ORDER BY amount DESC NULLS LAST, site_id, event_id) AS r FROM events) x WHERE r <= 5;

SELECT DISTINCT ON (payload ->> 'ref') payload ->> 'ref', site_id, event_id FROM events ORDER BY payload ->> 'ref', site_id, event_id;

SELECT payload ->> 'path' COLLATE "C" AS p, count(*) FROM events GROUP BY 1 ORDER BY 1 LIMIT 4;

SELECT site_id, event_id FROM events WHERE site_id > 30 ORDER BY payload ->> 'path' DESC NULLS LAST, site_id, event_id LIMIT 6;

SELECT site_id, lag(site_id) OVER (ORDER BY site_id) FROM (SELECT DISTINCT site_id FROM events) s;

SELECT count(*) FROM (SELECT site_id FROM events LIMIT 100) x;

SELECT max(n) FROM (SELECT site_id, count(*) AS n FROM events GROUP BY site_id ORDER BY n DESC, site_id LIMIT 3) x;

SELECT site_id, event_id FROM events WHERE site_id = 1 AND event_id > 19990 UNION ALL SELECT site_id, event_id FROM events WHERE site_id = 2 AND event_id > 19900;

SELECT site_id, count(*) FROM events WHERE site_id IN (SELECT site_id FROM sites WHERE plan = 'free' ORDER BY site_id LIMIT 3) GROUP BY site_id;
