-- Joins that are not on the distribution column or between non-colocated tables (events is
-- distributed by a text key); these need recursive planning or repartitioning.

SELECT e.event_key, e.seq, c.name FROM events e JOIN companies c ON c.id = e.company_id WHERE e.seq % 50 = 0;

SELECT c.plan, count(*) FROM events e JOIN companies c ON c.id = e.company_id GROUP BY c.plan;

SELECT c.id, count(e.seq) FROM companies c LEFT JOIN events e ON e.company_id = c.id GROUP BY c.id;

SELECT a.company_id, a.id, b.company_id, b.id FROM ads a JOIN ads b ON a.campaign_id = b.campaign_id AND a.id <> b.id WHERE a.company_id < 5;

SELECT c1.id, c2.id FROM companies c1 JOIN companies c2 ON c1.country_code = c2.country_code AND c1.id < c2.id AND c1.id < 20;

SELECT cp.id, a.id FROM campaigns cp JOIN ads a ON a.campaign_id = cp.id;

SELECT count(*) FROM clicks cl JOIN ads a ON a.id = cl.ad_id;

SELECT e1.event_key, e2.event_key FROM events e1 JOIN events e2 ON e1.session = e2.session AND e1.seq = e2.seq - 100 WHERE e1.seq < 300;

SELECT c.id, o."ItemNo" FROM companies c JOIN "OrderItems" o ON o."Qty" = c.id % 9 WHERE c.id < 4;

SELECT c.id FROM companies c JOIN campaigns cp USING (id);
