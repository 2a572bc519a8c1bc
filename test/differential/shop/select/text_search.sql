-- Full-text product search. to_tsvector(text)/to_tsquery(text) use the session's
-- default_text_search_config, which must reach the workers (it once did not: the workers
-- stemmed with their own default, 'english', while the session asked for 'simple').

SELECT count(*) FROM products WHERE to_tsvector(name) @@ to_tsquery('widgets');

SELECT store_id, count(*) FROM products WHERE to_tsvector('english', name) @@ to_tsquery('english', 'gadgets | chairs') GROUP BY store_id;

SET default_text_search_config = 'simple';
SELECT count(*) FROM products WHERE to_tsvector(name) @@ to_tsquery('widgets');
SELECT count(*) FROM products WHERE to_tsvector(name) @@ to_tsquery('widget');
SELECT count(*) FROM products WHERE store_id = 1 AND to_tsvector(name) @@ to_tsquery('widgets');
SELECT store_id, count(*) FROM products WHERE to_tsvector(name) @@ plainto_tsquery('widgets') GROUP BY store_id;
SELECT store_id, product_id, to_tsvector(name)::text FROM products WHERE store_id = 3 AND product_id <= 5;
-- ordered
SELECT p.store_id, p.product_id, p.name, ts_rank(to_tsvector(p.name), to_tsquery('kabel')) AS r
FROM products p WHERE to_tsvector(p.name) @@ to_tsquery('kabel') ORDER BY r DESC, p.store_id, p.product_id LIMIT 10;
SELECT s.name, count(*) FROM products p JOIN stores s USING (store_id) WHERE to_tsvector(p.name || ' ' || coalesce(p.attrs ->> 'color', '')) @@ websearch_to_tsquery('black -widget') GROUP BY s.name;
PREPARE search(bigint, text) AS SELECT product_id, name FROM products WHERE store_id = $1 AND to_tsvector(name) @@ plainto_tsquery($2);
EXECUTE search(1, 'widgets');
EXECUTE search(1, 'widget');
EXECUTE search(2, 'gadgets');
EXECUTE search(3, 'chair');
EXECUTE search(4, 'books');
EXECUTE search(5, 'book');
EXECUTE search(1, 'mugs');
DEALLOCATE search;
RESET default_text_search_config;

SELECT count(*) FROM products WHERE to_tsvector(name) @@ to_tsquery('widgets');
