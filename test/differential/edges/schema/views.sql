-- Views, created after distribution (search_path = the side's schema).
CREATE VIEW settled_payments AS
    SELECT p.merchant_id, p.payment_id, p.order_id, p.customer_id, p.amount, p.method, p.paid_at
    FROM payments p WHERE p.status = 'settled';

CREATE VIEW customer_totals AS
    SELECT o.customer_id, count(*) AS orders, sum(o.amount) AS total, max(o.created_at) AS last_order
    FROM orders o GROUP BY o.customer_id;

-- A view joining tables that are not colocated, one with a window over every row, and a
-- materialized view filled by a distributed query when it is created.
CREATE VIEW payment_orders AS
    SELECT p.merchant_id, p.payment_id, p.amount AS paid, o.customer_id, o.order_id, o.amount AS ordered
    FROM payments p LEFT JOIN orders o ON o.order_id = p.order_id;

CREATE VIEW ranked_orders AS
    SELECT o.customer_id, o.order_id, o.amount,
           rank() OVER (ORDER BY o.amount DESC NULLS LAST) AS overall,
           row_number() OVER (PARTITION BY o.customer_id ORDER BY o.order_id) AS nth
    FROM orders o;

CREATE MATERIALIZED VIEW merchant_stats AS
    SELECT m.merchant_id, m.category, count(p.payment_id) AS payments, sum(p.amount) AS total,
           count(r.refund_id) AS refunds
    FROM merchants m LEFT JOIN payments p ON p.merchant_id = m.merchant_id
    LEFT JOIN refunds r ON r.payment_id = p.payment_id
    GROUP BY m.merchant_id, m.category;
