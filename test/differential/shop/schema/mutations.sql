-- Self-test only: small deliberate differences from local.
UPDATE orders SET status = 'cancelled' WHERE store_id = 1 AND order_id = 5;
DELETE FROM order_items WHERE store_id = 3 AND order_id = 7 AND line_no = 1;
UPDATE products SET attrs = NULL WHERE store_id = 2 AND product_id = 3;
UPDATE payments SET amount = amount + 0.01 WHERE store_id = 4 AND payment_id = (SELECT min(payment_id) FROM payments WHERE store_id = 4);
UPDATE customers SET full_name = 'zoe 1' WHERE store_id = 1 AND customer_id = 11;
