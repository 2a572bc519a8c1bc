-- Comparisons of the text distribution column under a nondeterministic (case-insensitive)
-- collation: 'save1' = 'SAVE1' there, though the two hash to different shards. Shard pruning,
-- router pins and colocated joins once trusted such equalities and read only the shard of
-- 'save1' (no rows); they now hold only under deterministic collations or the column's own.

SELECT code FROM coupons WHERE code = 'save1' COLLATE ci;
SELECT code FROM coupons WHERE code COLLATE ci = 'welcome';
SELECT code, store_id FROM coupons WHERE code COLLATE ci = 'vip-1' OR code COLLATE ci = 'save2';
SELECT code FROM coupons WHERE code COLLATE ci = ANY (ARRAY['save3', 'PROMO-1A', 'nothing']);
SELECT code FROM coupons WHERE code COLLATE ci IN ('save4', 'Vip-7');
SELECT code FROM coupons WHERE code = 'SAVE1' COLLATE "C";
SELECT code FROM coupons WHERE code = 'save1' COLLATE "C";
SELECT count(*) FROM coupons c JOIN orders o ON o.coupon_code = c.code WHERE c.code = 'save1' COLLATE ci;
SELECT lower(r.code), count(*) FROM coupon_redemptions r WHERE r.code = 'save2' COLLATE ci GROUP BY 1;

-- joins of colocated tables on the text distribution column
SELECT c.code, count(r.*) FROM coupons c JOIN coupon_redemptions r ON r.code = c.code GROUP BY c.code;
SELECT c.code, count(r.*) FROM coupons c JOIN coupon_redemptions r ON r.code = c.code COLLATE ci GROUP BY c.code;
SELECT c.code, count(r.*) FROM coupons c LEFT JOIN coupon_redemptions r ON r.code COLLATE ci = c.code GROUP BY c.code;
SELECT count(*) FROM coupon_redemptions r WHERE NOT EXISTS (SELECT 1 FROM coupons c WHERE c.code = r.code);
SELECT count(*) FROM coupon_redemptions r WHERE NOT EXISTS (SELECT 1 FROM coupons c WHERE c.code = r.code COLLATE ci);
SELECT c.code, r.store_id, count(*) FROM coupons c JOIN coupon_redemptions r ON r.code = c.code COLLATE ci WHERE c.code = 'SAVE3' GROUP BY 1, 2;
SELECT r.code, c.percent_off FROM coupon_redemptions r JOIN coupons c ON c.code = r.code COLLATE ci WHERE r.code = 'vip-5' COLLATE ci;

PREPARE coupon_ci(text) AS SELECT code, percent_off, amount_off FROM coupons WHERE code = $1 COLLATE ci;
EXECUTE coupon_ci('save1');
EXECUTE coupon_ci('SAVE1');
EXECUTE coupon_ci('welcome');
EXECUTE coupon_ci('vip-2');
EXECUTE coupon_ci('promo-2ä');
EXECUTE coupon_ci('PROMO-3A');
EXECUTE coupon_ci('save0');
EXECUTE coupon_ci(NULL);
DEALLOCATE coupon_ci;

PREPARE redemptions_ci(text) AS
    SELECT c.code, count(r.*) FROM coupons c JOIN coupon_redemptions r ON r.code = c.code COLLATE ci WHERE c.code = $1 GROUP BY c.code;
EXECUTE redemptions_ci('SAVE1');
EXECUTE redemptions_ci('SAVE2');
EXECUTE redemptions_ci('WELCOME');
EXECUTE redemptions_ci('vip-3');
EXECUTE redemptions_ci('SAVE4');
EXECUTE redemptions_ci('SAVE0');
EXECUTE redemptions_ci('nothing');
DEALLOCATE redemptions_ci;

-- ICU ordering, grouping under ci
-- ordered
SELECT code FROM coupons ORDER BY code COLLATE "und-x-icu", code COLLATE "C" LIMIT 12;
SELECT lower(code), count(*) FROM coupon_redemptions GROUP BY 1;
SELECT count(DISTINCT code COLLATE "C"), count(DISTINCT lower(code)) FROM coupon_redemptions;
