-- Self-test only: schema mutant is a copy of local with these small differences; the corpus must
-- notice them (differential.py selftest fails when no query does).
UPDATE companies SET name = name || ' ' WHERE id = 12;
UPDATE companies SET employees = employees + 1 WHERE id = 33;
DELETE FROM campaigns WHERE company_id = 5 AND id = 52;
INSERT INTO ads SELECT company_id, id + 100000, campaign_id, name, status, target_url,
    impressions_count, clicks_count, score, ratio, created_at FROM ads WHERE company_id = 20 AND id = (SELECT min(id) FROM ads WHERE company_id = 20);
UPDATE ads SET score = score + 1e-7 WHERE company_id = 41;
UPDATE clicks SET is_mobile = NULL WHERE company_id = 9 AND id % 3 = 0;
INSERT INTO clicks SELECT * FROM clicks WHERE company_id = 44 LIMIT 1;
UPDATE events SET note = 'note  1' WHERE event_key = 'k1';
UPDATE events SET amount = amount * 2 WHERE seq = 700;
UPDATE countries SET continent = 'Europe ' WHERE code = 'ES';
UPDATE "OrderItems" SET "Qty" = NULL WHERE "ItemNo" = 250;
