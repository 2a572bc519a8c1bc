-- Prepared statements planned under the ISO styles and executed after SET DateStyle /
-- IntervalStyle. A statement without parameters is planned once; its date-to-text conversions
-- once stayed on the workers (whose sessions print ISO) because the session was ISO when it was
-- planned, so later executions printed ISO text under 'German' or 'sql_standard'.

PREPARE order_dates AS
    SELECT order_id, placed_at::text AS placed, (shipped_at - placed_at)::text AS took,
           'placed ' || placed_at::date AS label
    FROM orders WHERE store_id = 1 AND order_id <= 5;
PREPARE month_labels AS
    SELECT date_trunc('month', placed_at)::date::text AS m, count(*) FROM orders GROUP BY 1;
PREPARE store_json AS
    SELECT order_id, jsonb_build_object('placed', placed_at, 'took', shipped_at - placed_at, 'day', placed_at::date) AS j
    FROM orders WHERE store_id = 2 AND order_id <= 6;
PREPARE store_json_all AS
    SELECT store_id, json_agg(json_build_object('id', order_id, 'placed', placed_at) ORDER BY order_id) FILTER (WHERE order_id <= 3)
    FROM orders GROUP BY store_id;
PREPARE concat_dates AS
    SELECT store_id, string_agg(order_id || '@' || placed_at, ', ' ORDER BY order_id) FROM orders WHERE order_id <= 2 GROUP BY store_id;
EXECUTE order_dates;
EXECUTE month_labels;
EXECUTE store_json;
EXECUTE store_json_all;
EXECUTE concat_dates;
SET DateStyle = 'German';
SET IntervalStyle = 'sql_standard';
EXECUTE order_dates;
EXECUTE month_labels;
EXECUTE store_json;
EXECUTE store_json_all;
EXECUTE concat_dates;
SET DateStyle = 'SQL, DMY';
SET IntervalStyle = 'postgres_verbose';
EXECUTE order_dates;
EXECUTE month_labels;
EXECUTE store_json;
EXECUTE concat_dates;
SELECT order_id, placed_at::text, (shipped_at - placed_at)::text FROM orders WHERE store_id = 3 AND order_id <= 4;
SELECT store_id, jsonb_build_object('placed', placed_at, 'day', placed_at::date) FROM orders WHERE store_id = 4 AND order_id = 1;
RESET DateStyle;
RESET IntervalStyle;
EXECUTE order_dates;
EXECUTE month_labels;
EXECUTE concat_dates;
DEALLOCATE ALL;

