-- Deterministic TPC-H-like data (generate_series and arithmetic, no random()): 5 regions,
-- 25 nations, 400 parts, 40 suppliers, 1,600 partsupp rows, 300 customers, 5,000 orders and
-- ~20,000 lineitems, NULL-free as TPC-H is. Skew: customer 1 places one order in ten, part 7
-- appears on one lineitem in nine, supplier 3 is overrepresented; one customer in three places
-- no orders (as in TPC-H), for Q13 and Q22.

INSERT INTO region VALUES
    (0, 'AFRICA', 'lar deposits. blithely final packages cajole'),
    (1, 'AMERICA', 'hs use ironic, even requests'),
    (2, 'ASIA', 'ges. thinly even pinto beans ca'),
    (3, 'EUROPE', 'ly final courts cajole furiously final excuse'),
    (4, 'MIDDLE EAST', 'uickly special accounts cajole carefully blithely');

INSERT INTO nation VALUES
    (0, 'ALGERIA', 0, 'haggle. carefully final deposits'), (1, 'ARGENTINA', 1, 'al foxes promise'),
    (2, 'BRAZIL', 1, 'y alongside of the pending deposits'), (3, 'CANADA', 1, 'eas hang ironic'),
    (4, 'EGYPT', 4, 'y above the carefully unusual'), (5, 'ETHIOPIA', 0, 'ven packages wake'),
    (6, 'FRANCE', 3, 'refully final requests'), (7, 'GERMANY', 3, 'l platelets. regular accounts'),
    (8, 'INDIA', 2, 'ss excuses cajole slyly'), (9, 'INDONESIA', 2, 'slyly express asymptotes'),
    (10, 'IRAN', 4, 'efully alongside of the slyly'), (11, 'IRAQ', 4, 'nic deposits boost atop'),
    (12, 'JAPAN', 2, 'ously. final, express gifts'), (13, 'JORDAN', 4, 'ic deposits are blithely'),
    (14, 'KENYA', 0, 'pending excuses haggle'), (15, 'MOROCCO', 0, 'rns. blithely bold courts'),
    (16, 'MOZAMBIQUE', 0, 's. ironic, unusual asymptotes'), (17, 'PERU', 1, 'platelets. blithely'),
    (18, 'CHINA', 2, 'c dependencies. furiously'), (19, 'ROMANIA', 3, 'ular asymptotes are'),
    (20, 'SAUDI ARABIA', 4, 'ts. silent requests haggle'), (21, 'VIETNAM', 2, 'hely enticingly'),
    (22, 'RUSSIA', 3, 'requests against the platelets'), (23, 'UNITED KINGDOM', 3, 'eans boost'),
    (24, 'UNITED STATES', 1, 'y final packages. slow foxes');

INSERT INTO part
SELECT i,
       (ARRAY['almond','antique','aquamarine','azure','beige','blue','burlywood','chartreuse',
              'chocolate','forest','green','ivory','khaki','lace','lime','navy','orchid','peru',
              'puff','rose','royal','salmon','smoke','tan','thistle'])[1 + (i * 7) % 25] || ' ' ||
       (ARRAY['green','misty','powder','sienna','forest','linen','medium','olive','plum'])[1 + (i * 11) % 9] || ' ' ||
       (ARRAY['blush','cream','drab','frosted','ghost','hot','honeydew','metallic'])[1 + (i * 13) % 8],
       'Manufacturer#' || (1 + i % 5),
       'Brand#' || (1 + i % 5) || (1 + (i / 5) % 5),
       (ARRAY['STANDARD','SMALL','MEDIUM','LARGE','ECONOMY','PROMO'])[1 + i % 6] || ' ' ||
       (ARRAY['ANODIZED','BURNISHED','PLATED','POLISHED','BRUSHED'])[1 + (i / 6) % 5] || ' ' ||
       (ARRAY['TIN','NICKEL','BRASS','STEEL','COPPER'])[1 + (i / 30) % 5],
       1 + (i * 17) % 50,
       (ARRAY['SM','LG','MED','JUMBO','WRAP'])[1 + (i * 3) % 5] || ' ' ||
       (ARRAY['CASE','BOX','BAG','JAR','PKG','PACK','CAN','DRUM'])[1 + (i * 7) % 8],
       (90000 + (i / 10) % 20001 + 100 * (i % 1000)) / 100.0,
       'part comment ' || (i * 31) % 97
FROM generate_series(1, 400) i;

INSERT INTO supplier
SELECT i, 'Supplier#' || lpad(i::text, 9, '0'), 'addr ' || (i * 37) % 1000,
       (i * 7) % 25,
       lpad((10 + (i * 7) % 25)::text, 2, '0') || '-' || (100 + (i * 53) % 900) || '-' || (100 + (i * 29) % 900) || '-' || (1000 + (i * 97) % 9000),
       round(((i * 7919) % 1100999 - 99999) / 100.0, 2),
       CASE WHEN i % 13 = 5 THEN 'wake Customer blithely Complaints about slow'
            WHEN i % 17 = 2 THEN 'Customer regular Recommends furiously'
            ELSE 'supplier comment ' || (i * 7) % 50 END
FROM generate_series(1, 40) i;

-- TPC-H's formula: part p is supplied by 4 suppliers spread over the supplier range.
INSERT INTO partsupp
SELECT p, 1 + (p + k * (40 / 4 + (p - 1) / 40)) % 40,
       1 + (p * 31 + k * 977) % 9999,
       round((100 + (p * 13 + k * 71) % 99900) / 100.0, 2),
       'partsupp comment ' || (p + k) % 23
FROM generate_series(1, 400) p, generate_series(0, 3) k;

INSERT INTO customer
SELECT i, 'Customer#' || lpad(i::text, 9, '0'), 'caddr ' || (i * 41) % 1000,
       (i * 11) % 25,
       lpad((10 + (i * 11) % 25)::text, 2, '0') || '-' || (100 + (i * 59) % 900) || '-' || (100 + (i * 23) % 900) || '-' || (1000 + (i * 89) % 9000),
       round(((i * 6151) % 1100999 - 99999) / 100.0, 2),
       (ARRAY['AUTOMOBILE','BUILDING','FURNITURE','HOUSEHOLD','MACHINERY'])[1 + (i * 3) % 5],
       'customer comment ' || (i * 13) % 71
FROM generate_series(1, 300) i;

-- Orders: customer 1 takes every tenth order; other orders go to customers not divisible by 3.
INSERT INTO orders
SELECT i,
       CASE WHEN i % 10 = 0 THEN 1 ELSE c END,
       (ARRAY['F','O','P'])[1 + (i * 7) % 3],
       round((1000 + (i * 7907) % 4500000) / 10.0, 2),
       date '1992-01-01' + (i * 31) % 2405,
       (ARRAY['1-URGENT','2-HIGH','3-MEDIUM','4-NOT SPECIFIED','5-LOW'])[1 + (i * 13) % 5],
       'Clerk#' || lpad((1 + (i * 17) % 1000)::text, 9, '0'),
       0,
       CASE WHEN i % 19 = 3 THEN 'carefully special requests haggle'
            WHEN i % 23 = 7 THEN 'pending special packages nag requests'
            ELSE 'order comment ' || (i * 3) % 61 END
FROM (SELECT i, 1 + 3 * ((i * 7) % 100) + (i / 100) % 2 AS c FROM generate_series(1, 5000) i) g;

-- Lineitems: 1..7 per order (~4 on average); part 7 on one lineitem in nine; the supplier is
-- one of the part's four partsupp suppliers.
INSERT INTO lineitem
SELECT o_orderkey, pk,
       1 + (pk + ((o_orderkey + j) % 4) * (40 / 4 + (pk - 1) / 40)) % 40,
       j, q, q * (90000 + (pk / 10) % 20001 + 100 * (pk % 1000)) / 100.0,
       ((o_orderkey + j * 3) % 11) / 100.0,
       ((o_orderkey * 3 + j) % 9) / 100.0,
       CASE WHEN o_orderdate + sd > date '1995-06-17' THEN 'N'
            WHEN (o_orderkey + j) % 2 = 0 THEN 'R' ELSE 'A' END,
       CASE WHEN o_orderdate + sd > date '1995-06-17' THEN 'O' ELSE 'F' END,
       o_orderdate + sd,
       o_orderdate + 30 + (o_orderkey * 7 + j) % 61,
       o_orderdate + sd + 1 + (o_orderkey + j * 5) % 30,
       (ARRAY['DELIVER IN PERSON','COLLECT COD','NONE','TAKE BACK RETURN'])[1 + (o_orderkey + j) % 4],
       (ARRAY['REG AIR','AIR','RAIL','SHIP','TRUCK','MAIL','FOB'])[1 + (o_orderkey * 3 + j) % 7],
       'lineitem comment ' || (o_orderkey + j) % 43
FROM (SELECT o_orderkey, o_orderdate, j,
             CASE WHEN (o_orderkey * 7 + j) % 9 = 0 THEN 7 ELSE 1 + (o_orderkey * 13 + j * 29) % 400 END AS pk,
             1 + (o_orderkey * 11 + j * 7) % 50 AS q,
             1 + (o_orderkey * 5 + j * 17) % 121 AS sd
      FROM orders, generate_series(1, 1 + (o_orderkey * 5) % 7) j) g;
