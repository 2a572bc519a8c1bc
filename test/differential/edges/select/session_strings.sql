-- standard_conforming_strings off in the session: literals with backslashes in single-shard,
-- multi-shard and prepared queries (the text printed for the workers is read with it on).
SET standard_conforming_strings = off;
SELECT order_id, 'a\\b' AS lit, status || '\\' FROM orders WHERE customer_id = 2 AND note <> 'x\\y';
SELECT count(*) FROM orders WHERE note || '\\' LIKE '%\\\\';
SELECT account_code FROM accounts WHERE account_code = 'acc\-a';
PREPARE scs(text) AS SELECT order_id, $1 || status FROM orders WHERE customer_id = 3;
EXECUTE scs('a\\b');
EXECUTE scs(E'\\n');
EXECUTE scs('x');
EXECUTE scs('y');
EXECUTE scs('z');
EXECUTE scs('w\\');
DEALLOCATE scs;
RESET standard_conforming_strings;
SELECT order_id, 'a\b' AS lit, E'tab\there' FROM orders WHERE customer_id = 2;
SELECT count(*) FROM orders WHERE status || E'\\' = 'paid\';
SELECT $$dollar 'quoted' \ text$$ || status FROM orders WHERE customer_id = 4;
SELECT U&'\00e9clair' = account_code FROM accounts WHERE account_code IN ('éclair', 'eclair');
SELECT account_code FROM accounts WHERE account_code = U&'\00e9clair';
SET escape_string_warning = off;
SELECT count(*) FROM orders WHERE customer_id = 2 AND note IS DISTINCT FROM 'n\ote';
RESET escape_string_warning;
