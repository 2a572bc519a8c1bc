-- Self-test only: small deliberate differences from local.
UPDATE payments SET amount = amount + 0.01 WHERE merchant_id = 3 AND payment_id = (SELECT min(payment_id) FROM payments WHERE merchant_id = 3);
DELETE FROM refunds WHERE refund_id = 7;
UPDATE "Ledger" SET "Amount" = NULL WHERE "EntryId" = 11;
UPDATE orders SET status = 'paid' WHERE order_id = 5;
