-- The text distribution key seen as bpchar (a binary cast that ignores trailing spaces):
-- 'zeta' and 'zeta ' are one group, one DISTINCT value, one partition, yet live in different
-- shards, so grouping by the cast must not be finished on the shards. The values shown go
-- through ::text (which trims) because a group's representative is any of its members.
SELECT account_code::bpchar::text, count(*) FROM accounts GROUP BY account_code::bpchar;
SELECT count(*) FROM (SELECT DISTINCT account_code::char(12) FROM accounts) s;
SELECT DISTINCT account_code::bpchar::text FROM accounts;
SELECT account_code FROM accounts WHERE account_code::bpchar = 'zeta';
SELECT account_code FROM accounts WHERE account_code::bpchar = 'acc-a'::bpchar;
SELECT account_code FROM accounts WHERE account_code::char(10) = 'zeta';
SELECT account_code FROM accounts WHERE account_code::bpchar IN ('zeta', 'acc-a');
SELECT a.account_code, count(l."EntryId") FROM accounts a JOIN "Ledger" l ON a.account_code::bpchar = l."AccountCode"::bpchar GROUP BY a.account_code;
SELECT l."AccountCode"::bpchar::text, sum("Amount") FROM "Ledger" l GROUP BY l."AccountCode"::bpchar;
SELECT a.account_code::bpchar::text, count(*) FROM accounts a JOIN "Ledger" l ON l."AccountCode" = a.account_code GROUP BY a.account_code::bpchar;
SELECT DISTINCT ON (account_code::bpchar) account_code::bpchar::text AS trimmed, account_code FROM accounts ORDER BY account_code::bpchar, account_code;
SELECT account_code, row_number() OVER (PARTITION BY account_code::bpchar ORDER BY account_code) FROM accounts;
SELECT account_code, count(*) OVER (PARTITION BY account_code::bpchar) FROM accounts;
SELECT count(*) FROM accounts a WHERE a.account_code::bpchar IN (SELECT l."AccountCode"::bpchar FROM "Ledger" l);
SELECT count(*) FROM accounts a WHERE a.account_code::bpchar NOT IN (SELECT l."AccountCode"::bpchar FROM "Ledger" l);
SELECT account_code::bpchar::text FROM accounts EXCEPT SELECT "AccountCode"::bpchar::text FROM "Ledger";
SELECT count(*) FROM (SELECT account_code::bpchar FROM accounts INTERSECT SELECT "AccountCode"::bpchar FROM "Ledger") s;
SELECT count(*) FROM (SELECT account_code::bpchar FROM accounts UNION SELECT "AccountCode"::bpchar FROM "Ledger") s;
SELECT account_code::varchar, count(*) FROM accounts GROUP BY account_code::varchar;
SELECT count(DISTINCT account_code::bpchar), count(DISTINCT account_code) FROM accounts;
PREPARE bp(bpchar) AS SELECT account_code FROM accounts WHERE account_code::bpchar = $1;
EXECUTE bp('zeta');
EXECUTE bp('acc-a');
EXECUTE bp('zeta ');
EXECUTE bp('x');
EXECUTE bp('ACC-A');
EXECUTE bp('zeta');
EXECUTE bp('acc-a');
DEALLOCATE bp;
PREPARE bpg(int) AS SELECT account_code::bpchar::text, count(*) FROM accounts WHERE length(account_code) > $1 GROUP BY account_code::bpchar;
EXECUTE bpg(0);
EXECUTE bpg(1);
EXECUTE bpg(2);
EXECUTE bpg(3);
EXECUTE bpg(4);
EXECUTE bpg(5);
EXECUTE bpg(6);
DEALLOCATE bpg;
