-- Self-test only: small deliberate differences from local.
UPDATE accounts SET balance = balance + 0.01 WHERE tenant_id = 3 AND account_id = (SELECT min(account_id) FROM accounts WHERE tenant_id = 3);
DELETE FROM entries WHERE tenant_id = 5 AND entry_id = (SELECT min(entry_id) FROM entries WHERE tenant_id = 5);
UPDATE payouts SET note = 'mutant' WHERE payout_ref = '00000000-0000-0000-0000-000000000007';
