-- Views, created after distribution (search_path = the side's schema).
CREATE VIEW daily_site_stats AS
    SELECT site_id, (occurred_at AT TIME ZONE 'UTC')::date AS day, count(*) AS n,
           count(DISTINCT user_id) AS users, sum(amount) AS revenue
    FROM events GROUP BY 1, 2;

CREATE VIEW session_summary AS
    SELECT s.site_id, s.session_id, s.user_id, s.channel, s.ended_at - s.started_at AS length,
           count(pv.view_id) AS views, avg(pv.load_ms) AS avg_load
    FROM sessions s LEFT JOIN page_views pv ON pv.site_id = s.site_id AND pv.session_id = s.session_id
    GROUP BY s.site_id, s.session_id;
