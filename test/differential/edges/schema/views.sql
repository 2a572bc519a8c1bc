-- Views, created after distribution (search_path = the side's schema).
CREATE VIEW settled_payments AS
    SELECT p.merchant_id, p.payment_id, p.order_id, p.customer_id, p.amount, p.method, p.paid_at
    FROM payments p WHERE p.status = 'settled';

CREATE VIEW customer_totals AS
    SELECT o.customer_id, count(*) AS orders, sum(o.amount) AS total, max(o.created_at) AS last_order
    FROM orders o GROUP BY o.customer_id;
