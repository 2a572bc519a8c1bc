-- Floats under extra_float_digits = 0 (the pre-12 default, still set by some drivers and
-- configurations). Worker sessions once followed the session's setting, so floats reached the
-- coordinator rounded to 15 digits: comparisons and arithmetic done there went wrong (a
-- correlated max() matched almost nothing). Worker sessions now keep 3; float-to-text
-- conversions run on the coordinator.

SET extra_float_digits = 0;
SELECT store_id, product_id, rating FROM products WHERE store_id = 3;
SELECT count(*) FROM products p WHERE p.rating = (SELECT max(q.rating) FROM products q WHERE q.store_id = p.store_id);
SELECT count(*) FROM products p WHERE p.rating * 3 > 1.0000001;
SELECT p.store_id, p.product_id FROM products p JOIN plain.store_notes n ON n.store_id = p.store_id
WHERE p.rating = (SELECT min(rating) FROM products q WHERE q.store_id = p.store_id) AND n.pinned;
SELECT store_id, max(rating), min(rating), max(rating) - min(rating) FROM products GROUP BY store_id;
SELECT store_id, rating::text, (rating * 7)::text FROM products WHERE store_id = 4;
SELECT store_id, string_agg(rating::text, ',' ORDER BY product_id) FROM products WHERE store_id BETWEEN 2 AND 8 GROUP BY store_id;
SELECT store_id, json_agg(rating ORDER BY product_id) FROM products WHERE store_id BETWEEN 2 AND 8 GROUP BY store_id;
SELECT store_id, jsonb_agg(rating ORDER BY product_id), to_jsonb(max(rating)) FROM products WHERE store_id BETWEEN 9 AND 20 GROUP BY store_id;
SELECT product_id, jsonb_build_object('rating', rating, 'price', price) FROM products WHERE store_id = 5;
SELECT product_id, 'r=' || rating FROM products WHERE store_id = 6;
SELECT product_id, format('%s/%s', rating, weight_g) FROM products WHERE store_id = 2 AND product_id < 10;
-- approx
SELECT store_id, sum(rating), avg(rating) FROM products GROUP BY store_id;
SELECT count(DISTINCT rating) FROM products;
SELECT rating, count(*) FROM products WHERE store_id = 1 GROUP BY rating HAVING count(*) > 1;
PREPARE rated AS SELECT product_id, rating::text FROM products WHERE store_id = 3 AND product_id <= 5;
EXECUTE rated;
SET extra_float_digits = 1;
EXECUTE rated;
SET extra_float_digits = -3;
EXECUTE rated;
SELECT store_id, product_id, rating FROM products WHERE store_id = 7;
RESET extra_float_digits;
EXECUTE rated;
DEALLOCATE rated;
SELECT count(*) FROM products p WHERE p.rating = (SELECT max(q.rating) FROM products q WHERE q.store_id = p.store_id);
