-- Views over the partitioned tables, created after distribution.
CREATE VIEW tenant_event_totals AS
SELECT tenant_id, count(*) AS events, sum(amount) AS amount FROM events GROUP BY tenant_id;
