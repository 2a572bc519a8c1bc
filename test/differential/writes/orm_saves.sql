-- ORM-style whole-row saves: the distribution column assigned the value the WHERE clause pins it
-- to (constants of other types, parameters), and upserts assigning excluded.<distribution column>.
UPDATE companies SET id = 1, name = 'orm save' WHERE id = 1 RETURNING id, name;
UPDATE companies SET id = 2::int, name = 'orm save' WHERE id = 2 RETURNING id, name;
UPDATE companies SET id = '3', name = 'orm save' WHERE id = 3::smallint AND employees > 0 RETURNING id, name;
PREPARE orm(bigint, text) AS UPDATE companies SET id = $1, name = $2 WHERE id = $1 RETURNING id, name;
EXECUTE orm(4, 'a'); EXECUTE orm(5, 'b'); EXECUTE orm(6, 'c'); EXECUTE orm(7, 'd'); EXECUTE orm(8, 'e'); EXECUTE orm(9, 'f'); EXECUTE orm(NULL, 'g'); EXECUTE orm(10, 'h');
PREPARE orm2(bigint, bigint, text) AS UPDATE campaigns SET company_id = $1, name = $3 WHERE company_id = $1 AND id = $2 RETURNING company_id, id, name;
EXECUTE orm2(1, 1, 'a'); EXECUTE orm2(2, 1, 'b'); EXECUTE orm2(3, 1, 'c'); EXECUTE orm2(4, 1, 'd'); EXECUTE orm2(5, 1, 'e'); EXECUTE orm2(6, 1, 'f'); EXECUTE orm2(7, 1, 'g');
INSERT INTO companies (id, name, created_at) VALUES (1, 'upsert', '2024-01-01'), (6001, 'new', '2024-01-01') ON CONFLICT (id) DO UPDATE SET id = excluded.id, name = excluded.name RETURNING id, name;
UPDATE "OrderItems" SET "CompanyId" = 1, "Qty" = 0 WHERE "CompanyId" = 1 AND "ItemNo" = 1 RETURNING *;
UPDATE events SET event_key = 'k', note = 'n' WHERE event_key = 'k' RETURNING seq;
DEALLOCATE orm;
DEALLOCATE orm2;
