-- Self-test only: small deliberate differences from local.
UPDATE events SET event_type = 'click' WHERE site_id = 1 AND event_id = 1;
DELETE FROM page_views WHERE site_id = 3 AND view_id = (SELECT min(view_id) FROM page_views WHERE site_id = 3);
UPDATE events SET payload = payload || '{"ref": "bing"}' WHERE site_id = 2 AND event_id = (SELECT min(event_id) FROM events WHERE site_id = 2 AND payload IS NOT NULL);
UPDATE rollup_hour SET n = n + 1 WHERE site_id = 5 AND hour = (SELECT min(hour) FROM rollup_hour WHERE site_id = 5);
UPDATE events SET occurred_at = occurred_at + interval '1 hour' WHERE site_id = 1 AND event_id = 2;
