\set tenant random(1, 100)
\set id random(1, 100)
UPDATE items SET v = v + 1 WHERE tenant = :tenant AND id = :id;
