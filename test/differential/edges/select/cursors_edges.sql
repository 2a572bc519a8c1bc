-- Cursors (SCROLL, NO SCROLL, WITH HOLD) over non-colocated joins, windows, a user collation
-- and TABLESAMPLE.
BEGIN;
DECLARE j SCROLL CURSOR FOR SELECT o.order_id, p.payment_id FROM orders o JOIN payments p ON p.order_id = o.order_id ORDER BY p.payment_id;
-- ordered
FETCH 3 FROM j;
-- ordered
FETCH BACKWARD 2 FROM j;
-- ordered
FETCH ABSOLUTE -1 FROM j;
-- ordered
FETCH PRIOR FROM j;
CLOSE j;
DECLARE w NO SCROLL CURSOR FOR SELECT customer_id, order_id, row_number() OVER (PARTITION BY customer_id ORDER BY order_id) FROM orders ORDER BY order_id;
-- ordered
FETCH 4 FROM w;
MOVE 300 IN w;
-- ordered
FETCH ALL FROM w;
CLOSE w;
DECLARE s CURSOR FOR SELECT account_code FROM accounts WHERE account_code COLLATE nocase = 'ZETA' ORDER BY account_code;
-- ordered
FETCH ALL FROM s;
CLOSE s;
DECLARE t CURSOR FOR SELECT count(*) FROM orders TABLESAMPLE BERNOULLI (0);
FETCH ALL FROM t;
CLOSE t;
COMMIT;
DECLARE h CURSOR WITH HOLD FOR SELECT r.refund_id, p.merchant_id FROM refunds r LEFT JOIN payments p USING (payment_id) ORDER BY r.refund_id, p.merchant_id;
-- ordered
FETCH 5 FROM h;
-- ordered
FETCH BACKWARD 2 FROM h;
CLOSE h;
