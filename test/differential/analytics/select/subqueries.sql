-- NOT EXISTS anti-joins, IN lists, subqueries in the SELECT list, joins to reference and local tables.

SELECT s.site_id FROM sites s WHERE NOT EXISTS (SELECT 1 FROM events e WHERE e.site_id = s.site_id);

SELECT s.site_id FROM sites s WHERE NOT EXISTS (SELECT 1 FROM events e WHERE e.site_id = s.site_id AND e.event_type = 'error');

SELECT site_id, session_id FROM sessions se WHERE NOT EXISTS (SELECT 1 FROM page_views pv WHERE pv.site_id = se.site_id AND pv.session_id = se.session_id) AND site_id = 5;

SELECT count(*) FROM events e WHERE NOT EXISTS (SELECT 1 FROM devices d WHERE d.device_id = e.device_id);

SELECT count(*) FROM events e WHERE e.event_type NOT IN (SELECT name FROM event_types);

SELECT count(*) FROM events e WHERE e.device_id NOT IN (SELECT device_id FROM devices WHERE os IS NOT NULL);

SELECT site_id, count(*) FROM events WHERE user_id IN (SELECT user_id FROM events WHERE event_type = 'purchase') GROUP BY site_id;

SELECT count(*) FROM events WHERE (site_id, user_id) IN (SELECT site_id, user_id FROM sessions WHERE channel = 'paid');

SELECT count(*) FROM events WHERE site_id IN (1, 3, 5, 7, 9, 11, 13, 15, 17, 19, 21, 23, 25, 27, 29, 31, 33, 35, 37, 39, 41, 43, 45, 47, 49, 51, 53, 55, 57, 59, 61, 63, 65, 67, 69, 71, 73, 75, 77, 79);

SELECT site_id, count(*) FROM events WHERE event_id IN (SELECT g * 37 FROM generate_series(1, 500) g) GROUP BY site_id;

SELECT event_type, count(*) FROM events WHERE user_id = ANY (ARRAY[1001, 1005, 2003, 3010, 4000, 5005, 6006, 7007, 8008, 9009, 10010, 11011, 12012, 13013, 14014, 15015, 16016, 17017, 18018, 19019, 20020, 21021, 22022, 23023, 24024, 25025, 26026, 27027, 28028, 29029, 30030, 31031, 32032, 33033, 34034, 35035, 36036]) GROUP BY event_type;

SELECT count(*) FROM events WHERE site_id NOT IN (2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30) AND event_type IN ('purchase', 'refund', 'signup', 'share');

SELECT s.site_id, s.name, (SELECT count(*) FROM events e WHERE e.site_id = s.site_id) AS n,
       (SELECT max(occurred_at) FROM events e WHERE e.site_id = s.site_id) AS last_seen FROM sites s;

SELECT s.site_id, (SELECT sum(n) FROM rollup_day r WHERE r.site_id = s.site_id) AS rolled FROM sites s WHERE s.plan = 'pro';

SELECT e.event_type, (SELECT category FROM event_types t WHERE t.name = e.event_type) AS cat, count(*) FROM events e GROUP BY e.event_type;

SELECT site_id, count(*), (SELECT count(*) FROM plain.campaigns c WHERE c.site_id = e.site_id) AS campaigns FROM events e GROUP BY site_id;

SELECT site_id, event_id FROM events e WHERE amount > (SELECT avg(amount) * 1.9 FROM events e2 WHERE e2.site_id = e.site_id) AND site_id > 35;

SELECT site_id, event_id FROM events WHERE amount = (SELECT max(amount) FROM events);

SELECT count(*) FROM events WHERE occurred_at > (SELECT max(ended_at) - interval '1 day' FROM sessions);

SELECT c.name, count(*) FROM events e JOIN plain.campaigns c ON c.site_id = e.site_id AND e.occurred_at >= c.starts AND (c.ends IS NULL OR e.occurred_at < c.ends) GROUP BY c.name;

SELECT h.name, count(e.*) FROM plain.holidays h LEFT JOIN events e ON (e.occurred_at AT TIME ZONE 'UTC')::date = h.day GROUP BY h.name;

SELECT h.day, r.site_id, r.n FROM plain.holidays h JOIN rollup_day r ON r.day = h.day WHERE r.site_id < 5;

SELECT co.region, count(DISTINCT s.site_id), count(e.*) FROM countries co JOIN sites s ON s.country = co.code LEFT JOIN events e ON e.site_id = s.site_id GROUP BY co.region;

SELECT d.kind, et.category, count(*) FROM events e JOIN devices d USING (device_id) JOIN event_types et ON et.name = e.event_type GROUP BY 1, 2;

SELECT s.site_id, count(e.*) FROM sites s LEFT JOIN events e ON e.site_id = s.site_id AND e.event_type = 'refund' GROUP BY s.site_id;

SELECT e.site_id, count(*) FROM events e JOIN sessions s ON s.site_id = e.site_id AND s.session_id = e.session_id WHERE s.channel = 'email' GROUP BY e.site_id;

SELECT pv.url, count(DISTINCT e.user_id) FROM page_views pv JOIN events e ON e.site_id = pv.site_id AND e.session_id = pv.session_id WHERE pv.site_id = 1 AND e.event_type = 'purchase' GROUP BY pv.url;

SELECT e.user_id, count(*) FROM events e JOIN events e2 ON e2.user_id = e.user_id AND e2.event_id = e.event_id + 5 WHERE e.site_id > 1 GROUP BY e.user_id;

SELECT e.event_type, count(*) FROM events e JOIN type_daily t ON t.event_type = e.event_type AND t.day = (e.occurred_at AT TIME ZONE 'UTC')::date GROUP BY e.event_type;

SELECT count(*) FROM sessions s WHERE EXISTS (SELECT 1 FROM events e WHERE e.site_id = s.site_id AND e.session_id = s.session_id AND e.amount > 90);

SELECT site_id, count(*) FILTER (WHERE EXISTS (SELECT 1 FROM event_types t WHERE t.name = e.event_type AND t.is_conversion)) FROM events e GROUP BY site_id;
