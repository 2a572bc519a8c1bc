-- Self-test only: small deliberate differences from local.
UPDATE lineitem SET l_discount = l_discount + 0.01 WHERE l_orderkey = 17 AND l_linenumber = 1;
UPDATE orders SET o_orderpriority = '1-URGENT' WHERE o_orderkey = (SELECT min(o_orderkey) FROM orders WHERE o_orderpriority <> '1-URGENT' AND o_orderdate >= date '1993-07-01' AND o_orderdate < date '1993-10-01');
DELETE FROM customer WHERE c_custkey = 2;
UPDATE part SET p_size = 15 WHERE p_partkey = 11;
UPDATE supplier SET s_acctbal = s_acctbal + 100 WHERE s_suppkey = 4;
