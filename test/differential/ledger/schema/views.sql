-- Views, created after distribution (search_path = the side's schema).
CREATE VIEW account_totals AS
    SELECT a.tenant_id, a.account_id, a.code, a.balance, coalesce(sum(e.signed_amount), 0) AS posted
    FROM accounts a LEFT JOIN entries e ON e.tenant_id = a.tenant_id AND e.account_id = a.account_id
    GROUP BY a.tenant_id, a.account_id, a.code, a.balance;
