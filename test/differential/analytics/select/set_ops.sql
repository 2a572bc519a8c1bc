-- UNION / INTERSECT / EXCEPT of tenant and user sets, DISTINCT ON latest per tenant.

SELECT site_id FROM events WHERE event_type = 'purchase' INTERSECT SELECT site_id FROM events WHERE event_type = 'refund';

SELECT site_id FROM sites EXCEPT SELECT site_id FROM events;

SELECT site_id, user_id FROM events WHERE event_type = 'signup' EXCEPT SELECT site_id, user_id FROM events WHERE event_type = 'purchase';

SELECT user_id FROM events WHERE site_id = 1 AND event_type = 'view' INTERSECT ALL SELECT user_id FROM events WHERE site_id = 1 AND event_type = 'click';

SELECT site_id, 'event' AS src FROM events UNION SELECT site_id, 'session' FROM sessions;

SELECT site_id, count(*) FROM (SELECT site_id FROM events UNION ALL SELECT site_id FROM page_views) u GROUP BY site_id;

SELECT event_type FROM events EXCEPT ALL SELECT name FROM event_types;

SELECT name FROM event_types EXCEPT SELECT event_type FROM events;

SELECT device_id FROM devices UNION SELECT device_id FROM events;

SELECT site_id FROM events WHERE amount > 99 UNION SELECT site_id FROM plain.campaigns;

(SELECT site_id, max(occurred_at) FROM events GROUP BY 1) EXCEPT (SELECT site_id, max(occurred_at) FROM events WHERE event_type = 'error' GROUP BY 1);

SELECT count(*) FROM (SELECT user_id FROM events WHERE event_type = 'view' UNION SELECT user_id FROM sessions) u;

SELECT DISTINCT ON (site_id) site_id, event_id, occurred_at, event_type FROM events ORDER BY site_id, occurred_at DESC, event_id DESC;

-- ordered
SELECT DISTINCT ON (site_id) site_id, event_id, amount FROM events WHERE amount IS NOT NULL ORDER BY site_id, amount DESC, event_id;

SELECT DISTINCT ON (site_id, event_type) site_id, event_type, occurred_at FROM events WHERE site_id < 5 ORDER BY site_id, event_type, occurred_at, event_id;

SELECT DISTINCT ON (user_id) user_id, site_id, occurred_at FROM events WHERE user_id IS NOT NULL AND site_id > 30 ORDER BY user_id, occurred_at DESC, event_id;

SELECT DISTINCT ON (url) url, load_ms, view_id FROM page_views WHERE load_ms IS NOT NULL ORDER BY url, load_ms DESC, site_id, view_id;

SELECT DISTINCT event_type, device_id FROM events WHERE site_id = 1;

SELECT DISTINCT date_trunc('day', occurred_at) FROM events WHERE site_id = 44;

SELECT DISTINCT site_id, date_trunc('day', occurred_at)::date FROM events WHERE event_type = 'refund' AND site_id BETWEEN 5 AND 8;
