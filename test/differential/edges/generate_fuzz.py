#!/usr/bin/env python3
"""Generates random SELECTs over the edges schema (joins of every kind between tables that are
not colocated, filters, IN / NOT IN / EXISTS subqueries, grouping, windows over aggregates,
ORDER BY every column + LIMIT/OFFSET) from a fixed seed, so the output is the same each time:

    python3 test/differential/edges/generate_fuzz.py SEED COUNT > test/differential/edges/select/fuzz_SEED.sql
"""
import random, sys
seed = int(sys.argv[1]); n = int(sys.argv[2])
R = random.Random(seed)
T = {
 'customers': ['customer_id','name','email','region_id','tier','created'],
 'orders': ['customer_id','order_id','merchant_id','amount','currency','status','created_at','note'],
 'merchants': ['merchant_id','name','region_id','category','fee_pct'],
 'payments': ['merchant_id','payment_id','order_id','customer_id','amount','method','status','paid_at'],
 'refunds': ['payment_id','refund_id','amount','reason','created_at'],
 'accounts': ['account_code','owner','kind','balance','opened'],
 'regions': ['region_id','name','code','parent_id'],
 'currencies': ['code','name','decimals'],
 'devices': ['token','customer_id','platform','last_seen','trusted'],
 'adjustments': ['adj_id','payment_id','amount','kind','approved','weight'],
}
INTS = {'customer_id','order_id','merchant_id','region_id','parent_id','payment_id','refund_id','decimals','adj_id','weight'}
NUMS = {'amount','fee_pct','balance'}
TEXTS = {'name','email','tier','currency','status','note','category','method','reason','account_code','owner','kind','code','platform'}
JOINS = [('customers','customer_id','orders','customer_id'),('orders','order_id','payments','order_id'),('payments','payment_id','refunds','payment_id'),
 ('customers','customer_id','payments','customer_id'),('merchants','merchant_id','payments','merchant_id'),('merchants','merchant_id','orders','merchant_id'),
 ('regions','region_id','customers','region_id'),('regions','region_id','merchants','region_id'),('currencies','code','orders','currency'),
 ('customers','customer_id','devices','customer_id'),('payments','payment_id','adjustments','payment_id'),('refunds','payment_id','adjustments','payment_id'),
 ('orders','customer_id','payments','customer_id'),('customers','region_id','merchants','region_id')]
def pred(a, t):
    """A random filter on a column of table t (alias a), NULL-aware by construction."""
    c = R.choice(T[t])
    if c in INTS:
        return R.choice([f"{a}.{c} = {R.randint(1,12)}", f"{a}.{c} < {R.randint(1,30)}", f"{a}.{c} IS NULL", f"{a}.{c} IN ({R.randint(1,9)}, {R.randint(1,9)}, NULL)",
                         f"{a}.{c} % {R.randint(2,5)} = 0", f"{a}.{c} NOT IN ({R.randint(1,9)}, {R.randint(1,9)})", f"{a}.{c} IS NOT NULL", f"{a}.{c} BETWEEN 2 AND {R.randint(3,40)}"])
    if c in NUMS:
        return R.choice([f"{a}.{c} > {R.randint(0,300)}", f"{a}.{c} IS NULL", f"round({a}.{c}) % 2 = 1"])
    if c in TEXTS:
        return R.choice([f"{a}.{c} LIKE '%a%'", f"{a}.{c} IS NULL", f"{a}.{c} > 'm'", f"lower({a}.{c}) = {a}.{c}", f"{a}.{c} COLLATE \"C\" < 'N'", f"length({a}.{c}) > 4"])
    return f"{a}.{c} IS NOT NULL"
def query():
    """One random SELECT: 1-3 tables joined, filters, subqueries, then rows or groups."""
    k = R.choice([1,1,2,2,2,3])
    tabs = []; conds = []
    if k == 1:
        tabs = [R.choice(list(T))]
        frm = f"{tabs[0]} t0"
    else:
        j = R.choice(JOINS)
        tabs = [j[0], j[2]]
        jt = R.choice(['JOIN','LEFT JOIN','RIGHT JOIN','FULL JOIN','JOIN'])
        frm = f"{j[0]} t0 {jt} {j[2]} t1 ON t1.{j[3]} = t0.{j[1]}"
        if R.random() < 0.3: frm += f" AND {pred('t1', j[2])}"
        if k == 3:
            cands = [x for x in JOINS if x[0] in tabs or x[2] in tabs]
            x = R.choice(cands)
            if x[0] in tabs:
                src, sc, new, nc = tabs.index(x[0]), x[1], x[2], x[3]
            else:
                src, sc, new, nc = tabs.index(x[2]), x[3], x[0], x[1]
            jt = R.choice(['JOIN','LEFT JOIN'])
            frm += f" {jt} {new} t2 ON t2.{nc} = t{src}.{sc}"
            tabs.append(new)
    where = [pred(f"t{i}", t) for i, t in enumerate(tabs) if R.random() < 0.5]
    # subquery predicates
    if R.random() < 0.35:
        i = R.randrange(len(tabs)); t = tabs[i]
        ints = [c for c in T[t] if c in INTS]
        if ints:
            c = R.choice(ints)
            st = R.choice([x for x in T if any(cc in INTS for cc in T[x])])
            sc = R.choice([cc for cc in T[st] if cc in INTS])
            op = R.choice(['IN','NOT IN'])
            corr = ''
            where.append(f"t{i}.{c} {op} (SELECT s.{sc} FROM {st} s WHERE {pred('s', st)})")
    if R.random() < 0.2:
        i = R.randrange(len(tabs)); t = tabs[i]
        x = [j for j in JOINS if j[0] == t or j[2] == t]
        if x:
            j = R.choice(x)
            if j[0] == t: other, oc, mc = j[2], j[3], j[1]
            else: other, oc, mc = j[0], j[1], j[3]
            where.append(f"{R.choice(['','NOT '])}EXISTS (SELECT 1 FROM {other} e WHERE e.{oc} = t{i}.{mc})")
    w = (" WHERE " + " AND ".join(where)) if where else ""
    mode = R.random()
    if mode < 0.45:
        cols = []
        for i, t in enumerate(tabs):
            for c in R.sample(T[t], min(2, len(T[t]))):
                cols.append(f"t{i}.{c}")
        sel = ", ".join(cols)
        d = "DISTINCT " if R.random() < 0.15 else ""
        if R.random() < 0.5:
            order = ", ".join(f"{p} {R.choice(['ASC','DESC'])} NULLS {R.choice(['FIRST','LAST'])}" for p in range(1, len(cols) + 1))
            lim = f" LIMIT {R.randint(0, 15)}" + (f" OFFSET {R.randint(0, 20)}" if R.random() < 0.5 else "")
            return f"-- ordered\nSELECT {d}{sel} FROM {frm}{w} ORDER BY {order}{lim};"
        return f"SELECT {d}{sel} FROM {frm}{w};"
    i = R.randrange(len(tabs)); t = tabs[i]
    g = R.choice(T[t])
    gexpr = R.choice([f"t{i}.{g}", f"t{i}.{g}", f"({f't{i}.{g}'} IS NULL)"]) if g not in INTS else R.choice([f"t{i}.{g}", f"t{i}.{g} % 3"])
    aggs = []
    for _ in range(R.randint(1,3)):
        j = R.randrange(len(tabs)); tt = tabs[j]; c = R.choice(T[tt])
        if c in INTS or c in NUMS:
            aggs.append(R.choice([f"count(t{j}.{c})", f"sum(t{j}.{c})", f"min(t{j}.{c})", f"max(t{j}.{c})", f"count(DISTINCT t{j}.{c})", f"avg(t{j}.{c})::numeric(20,6)"]))
        else:
            aggs.append(R.choice([f"count(t{j}.{c})", f"min(t{j}.{c}::text)", f"count(DISTINCT t{j}.{c})", "count(*)"]))
    having = ""
    if R.random() < 0.25:
        having = " HAVING count(*) > " + str(R.randint(0,5))
    win = ""
    if R.random() < 0.2:
        win = f", rank() OVER (ORDER BY count(*) DESC, {gexpr} NULLS FIRST)"
    if R.random() < 0.4:
        order = ", ".join(f"{p} {R.choice(['ASC','DESC'])} NULLS {R.choice(['FIRST','LAST'])}" for p in range(1, len(aggs) + 2))
        return f"-- ordered\nSELECT {gexpr} AS g, {', '.join(aggs)}{win} FROM {frm}{w} GROUP BY 1{having} ORDER BY {order} LIMIT {R.randint(1, 6)};"
    return f"SELECT {gexpr} AS g, {', '.join(aggs)}{win} FROM {frm}{w} GROUP BY 1{having};"
print("-- Generated by ../generate_fuzz.py %d %d; do not edit by hand." % (seed, n))
for _ in range(n):
    print(query())
