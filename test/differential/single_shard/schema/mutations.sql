-- Self-test only: small deliberate differences from local.
UPDATE docs SET words = words + 1 WHERE doc_id = 7;
DELETE FROM comments WHERE comment_id = 42;
INSERT INTO audit VALUES (1000, 1, 'edit', 1);
