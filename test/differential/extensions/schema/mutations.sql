-- Self-test only: small deliberate differences from local.
UPDATE users SET email = 'someone@else.com' WHERE org = 'acme' AND id = 3;
DELETE FROM notes WHERE org = 'GLOBEX' AND note_id = 51;
UPDATE docs SET props = props || 'lang=>fr' WHERE doc_id = 5;
