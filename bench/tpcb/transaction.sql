-- TPC-B-like transaction whose rows all belong to one branch: the account and the teller are
-- drawn from the branch's own ranges (as pgbench -i numbers them), and every statement names the
-- branch, so on Tessera (everything distributed by bid, colocated) the whole transaction runs on
-- one worker. The same script runs against vanilla PostgreSQL.
\set bid random(1, :nbranches)
\set aid (:bid - 1) * 100000 + random(1, 100000)
\set tid (:bid - 1) * 10 + random(1, 10)
\set delta random(-5000, 5000)
BEGIN;
UPDATE pgbench_accounts SET abalance = abalance + :delta WHERE bid = :bid AND aid = :aid;
SELECT abalance FROM pgbench_accounts WHERE bid = :bid AND aid = :aid;
UPDATE pgbench_tellers SET tbalance = tbalance + :delta WHERE bid = :bid AND tid = :tid;
UPDATE pgbench_branches SET bbalance = bbalance + :delta WHERE bid = :bid;
INSERT INTO pgbench_history (tid, bid, aid, delta, mtime) VALUES (:tid, :bid, :aid, :delta, CURRENT_TIMESTAMP);
END;
