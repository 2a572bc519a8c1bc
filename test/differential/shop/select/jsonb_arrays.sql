-- jsonb operators and functions, array operators.

SELECT meta ->> 'channel' AS channel, count(*) FROM orders GROUP BY 1;

SELECT meta -> 'utm' ->> 'source' AS src, count(*) FROM orders WHERE meta ? 'utm' GROUP BY 1;

SELECT count(*) FROM orders WHERE meta @> '{"channel": "web"}';

SELECT count(*) FROM orders WHERE meta @> '{"gift": true}' AND store_id = 1;

SELECT meta #>> '{utm,campaign}' AS c, count(*) FROM orders GROUP BY 1;

SELECT count(*) FROM orders WHERE meta ?| ARRAY['gift', 'priority'];

SELECT count(*) FROM orders WHERE meta ?& ARRAY['channel', 'device'];

SELECT count(*) FROM orders WHERE meta -> 'channel' = 'null'::jsonb;

SELECT count(*) FROM orders WHERE meta ->> 'channel' IS NULL;

SELECT store_id, jsonb_path_query_first(meta, '$.notes[0]') FROM orders WHERE store_id < 4 AND meta ? 'notes' AND order_id < 20;

SELECT count(*) FROM orders WHERE meta @? '$.utm ? (@.source == "google")';

SELECT attrs ->> 'color' AS color, count(*) FROM products GROUP BY 1;

SELECT (attrs -> 'dims' ->> 'w')::int AS w, count(*) FROM products WHERE attrs ? 'dims' GROUP BY 1 HAVING count(*) > 3;

SELECT store_id, product_id, attrs - 'color' AS rest FROM products WHERE store_id = 3 AND attrs ? 'color';

SELECT store_id, product_id, jsonb_set(attrs, '{color}', '"white"') FROM products WHERE store_id = 4 AND attrs ->> 'color' = 'black';

SELECT jsonb_typeof(attrs -> 'rating') AS t, count(*) FROM products GROUP BY 1;

SELECT round(avg((attrs ->> 'rating')::numeric), 4) FROM products;

SELECT s.settings -> 'checkout' ->> 'guest' AS guest, count(o.*) FROM stores s JOIN orders o USING (store_id) GROUP BY 1;

SELECT store_id, settings FROM stores WHERE settings -> 'features' ? 'wishlist';

SELECT jsonb_array_length(items) AS n, count(*) FROM carts GROUP BY 1;

SELECT sum((i ->> 'qty')::int) FROM carts, jsonb_array_elements(items) i WHERE store_id = 1;

SELECT store_id, jsonb_agg(cart_id ORDER BY cart_id) FROM carts WHERE items = '[]' GROUP BY store_id;

SELECT count(*) FROM products WHERE tags && ARRAY['eco', 'new'];

SELECT count(*) FROM products WHERE 'sale' = ANY (tags);

SELECT count(*) FROM products WHERE NOT ('sale' = ANY (tags));

SELECT count(*) FROM products WHERE tags <@ ARRAY['sale', 'new'];

SELECT cardinality(tags) AS n, count(*) FROM products GROUP BY 1;

SELECT array_length(tags, 1), count(*) FROM products GROUP BY 1;

SELECT tags[1] AS first_tag, count(*) FROM products GROUP BY 1;

SELECT store_id, product_id, array_to_string(tags, '/', '-') FROM products WHERE store_id = 2;

SELECT array_position(tags, 'sale'), count(*) FROM products GROUP BY 1;

SELECT store_id, array_agg(DISTINCT t ORDER BY t) FROM products, unnest(tags) t GROUP BY store_id;

SELECT s.store_id, s.tags || ARRAY['x'] FROM stores s WHERE s.tags IS NOT NULL AND s.store_id < 20;

SELECT count(*) FROM stores WHERE tags @> '{b2c}';

SELECT unnest(tags) AS t, count(*) FROM stores GROUP BY 1;

SELECT count(*) FROM orders WHERE store_id = ANY (ARRAY[1, 2, 3]) AND status = ANY ('{paid,shipped}');

SELECT count(*) FROM orders WHERE status <> ALL ('{pending,cancelled}');

SELECT to_jsonb(o) - 'meta' FROM orders o WHERE store_id = 6 AND order_id < 4;

SELECT row_to_json(p) FROM (SELECT store_id, product_id, name, price FROM products WHERE store_id = 7) p;

SELECT jsonb_build_object('store', s.name, 'orders', count(o.*)) FROM stores s LEFT JOIN orders o USING (store_id) WHERE s.store_id < 5 GROUP BY s.name;

SELECT jsonb_strip_nulls(settings) FROM stores WHERE store_id % 5 = 4;
