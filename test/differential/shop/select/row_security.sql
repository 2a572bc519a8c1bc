-- Row-level security: staff_notes hides other authors' private notes from shop_reader. The
-- policy's quals are added by PostgreSQL's rewriter; the router once deparsed the query without
-- them and returned every note of the store (also the private ones of others).

SET ROLE shop_reader;
SELECT count(*) FROM staff_notes;
SELECT count(*) FROM staff_notes WHERE store_id = 2;
SELECT note_id, author, visibility FROM staff_notes WHERE store_id = 3;
SELECT store_id, count(*), count(*) FILTER (WHERE visibility = 'private') FROM staff_notes GROUP BY store_id;
SELECT author, count(*) FROM staff_notes GROUP BY author;
SELECT s.name, count(n.*) FROM stores s LEFT JOIN staff_notes n ON n.store_id = s.store_id WHERE s.store_id <= 12 GROUP BY s.name;
SELECT s.name, n.note_id FROM stores s JOIN staff_notes n USING (store_id) WHERE s.store_id = 5;
SELECT x.store_id, x.n FROM (SELECT store_id, count(*) AS n FROM staff_notes GROUP BY store_id) x JOIN stores s USING (store_id) WHERE x.n > 5;
WITH mine AS (SELECT * FROM staff_notes WHERE author = current_user) SELECT store_id, count(*) FROM mine GROUP BY store_id;
SELECT count(*) FROM orders o WHERE o.store_id = 4 AND EXISTS (SELECT 1 FROM staff_notes n WHERE n.store_id = o.store_id AND n.visibility = 'private');
SELECT o.store_id, (SELECT count(*) FROM staff_notes n WHERE n.store_id = o.store_id) FROM orders o WHERE o.store_id = 6 AND o.order_id = 1;
-- ordered
SELECT store_id, note_id, body FROM staff_notes ORDER BY created_at DESC, store_id, note_id LIMIT 5;
PREPARE notes_of(bigint) AS SELECT note_id, author FROM staff_notes WHERE store_id = $1;
EXECUTE notes_of(1);
EXECUTE notes_of(2);
EXECUTE notes_of(3);
EXECUTE notes_of(4);
EXECUTE notes_of(5);
EXECUTE notes_of(6);
EXECUTE notes_of(7);
DEALLOCATE notes_of;
BEGIN;
DECLARE notes_cursor CURSOR FOR SELECT note_id, visibility FROM staff_notes WHERE store_id = 8 ORDER BY note_id;
-- ordered
FETCH 3 FROM notes_cursor;
-- ordered
FETCH ALL FROM notes_cursor;
COMMIT;
RESET ROLE;

-- the table owner (superuser) sees every note
SELECT count(*) FROM staff_notes WHERE store_id = 2;
SELECT visibility, count(*) FROM staff_notes GROUP BY visibility;
