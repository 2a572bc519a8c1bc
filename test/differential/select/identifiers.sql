-- Quoting: mixed-case and unicode identifiers, quotes and backslashes in literals, schema-qualified
-- names (:s is the side's schema: dist or local).

SELECT "CompanyId", "ItemNo", "Qty", "Unit Price", "prénom" FROM "OrderItems" WHERE "CompanyId" = 3;

SELECT "CompanyId", sum("Qty") AS "Total Qty", max("Unit Price") AS "Max €" FROM "OrderItems" GROUP BY "CompanyId";

SELECT o."prénom", count(*) FROM "OrderItems" AS o WHERE o."prénom" IS NOT NULL GROUP BY o."prénom";

SELECT "ItemNo" FROM "OrderItems" WHERE "prénom" = 'Zoë' AND "Qty" >= 3;

-- ordered
SELECT "CompanyId", "ItemNo", "Unit Price" FROM "OrderItems" ORDER BY "Unit Price" DESC NULLS LAST, "ItemNo" LIMIT 8;

SELECT * FROM :s."OrderItems" WHERE "ItemNo" < 10;

SELECT c.id, c.name FROM :s.companies c WHERE c.id < 5;

SELECT count(*) FROM :s.ads a JOIN :s.campaigns cp ON cp.company_id = a.company_id AND cp.id = a.campaign_id;

SELECT id, name FROM companies WHERE name = 'Company 17 ''quoted''';

SELECT id, name FROM companies WHERE name LIKE '%''%';

SELECT event_key, seq FROM events WHERE note = 'it''s "quoted"';

SELECT event_key, seq FROM events WHERE note = E'back\\slash';

SELECT event_key, seq, note FROM events WHERE note LIKE E'tab\t%';

SELECT event_key, seq FROM events WHERE note = $$it's "quoted"$$;

SELECT event_key, seq FROM events WHERE note = $q$back\slash$q$;

SELECT id, name FROM companies WHERE name = 'Ünïcødé 会社 13';

SELECT code, name FROM countries WHERE name IN ('Côte d’Ivoire', '中国', 'Österreich');

SELECT id, 'a;b' AS "semi;colon", 'x' AS "quote""d" FROM companies WHERE id = 1;

SELECT id AS "ÄÖÜ", name AS "名前" FROM companies WHERE id < 3;

SELECT "c"."id" FROM "companies" "c" WHERE "c"."id" = 8;

SELECT 'literal with -- dashes' AS a, '/* not a comment */' AS b FROM companies WHERE id = 2;

SELECT id, U&'\00e9t\00e9' AS u FROM companies WHERE id = 3;
