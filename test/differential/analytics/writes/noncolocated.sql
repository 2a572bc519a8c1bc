-- Writes on type_daily (by event type) that read events (by site): correlated subqueries and
-- joins across colocation groups, computed by the coordinator.

UPDATE type_daily t SET sites = (SELECT count(DISTINCT site_id) FROM events e WHERE e.event_type = t.event_type AND (e.occurred_at AT TIME ZONE 'UTC')::date = t.day)
WHERE t.day = '2024-03-10';

SELECT event_type, sites FROM type_daily WHERE day = '2024-03-10';

DELETE FROM type_daily t WHERE NOT EXISTS (SELECT 1 FROM events e WHERE e.event_type = t.event_type AND e.site_id = 12) RETURNING event_type, day;

UPDATE type_daily t SET n = x.n FROM (SELECT event_type, (occurred_at AT TIME ZONE 'UTC')::date AS day, count(*) AS n FROM events WHERE site_id = 1 GROUP BY 1, 2) x
WHERE x.event_type = t.event_type AND x.day = t.day;

UPDATE rollup_day r SET users = t.sites FROM type_daily t WHERE t.day = r.day AND t.event_type = 'view' AND r.site_id < 10;

DELETE FROM rollup_day r USING type_daily t WHERE t.day = r.day AND t.event_type = 'refund' AND t.n < 60;

SELECT count(*), sum(n), sum(users) FROM rollup_day;
