#!/usr/bin/env python3
"""Random SELECTs for a differential suite, from a small description of its tables (SUITE.json
next to this file: column types, distribution columns and colocation groups, reference tables,
unique keys, the joins that make sense). The output depends only on the seed:

    python3 test/differential/fuzz/generate.py SUITE SEED COUNT [SHAPES] > FILE.sql

SHAPES, a comma-separated list of shape names (the q_ methods without q_, e.g.
ordered_set,window_frames,styles), draws only from those.

Shapes: router queries pinned to one tenant (=, IN, = ANY, OR, casts), multi-shard aggregates
(FILTER, DISTINCT, ordered string_agg/array_agg, stddev), GROUP BY + HAVING, GROUPING SETS /
ROLLUP / CUBE, DISTINCT and DISTINCT ON, window functions (by the tenant and not, frames), CTEs
(MATERIALIZED or not, used twice), subqueries in FROM / WHERE / SELECT (IN, NOT IN, EXISTS,
scalar, correlated), colocated / reference / non-colocated joins (inner and outer, reference
tables on either side), LATERAL, set operations, ORDER BY + LIMIT/OFFSET. Every query is
deterministic: LIMIT, DISTINCT ON, row_number, lag and ordered aggregates are ordered by a unique
key or by the whole output; float columns are only compared, never summed; no volatile functions.
"""
import json
import os
import random
import sys

HERE = os.path.dirname(os.path.abspath(__file__))


class Gen:
    """Generates statements for one suite description with one random stream."""

    def __init__(self, desc, seed):
        self.R = random.Random(seed)
        self.T = desc["tables"]
        self.tenants = desc["tenant_values"]
        self.joins = []
        for a, ac, b, bc in desc["joins"]:
            self.joins.append((a, ac.split(","), b, bc.split(",")))
        self.dist = [t for t, d in self.T.items() if not d.get("ref")]
        self.refs = [t for t, d in self.T.items() if d.get("ref")]
        groups = {}
        for t in self.dist:
            groups.setdefault(self.T[t]["group"], []).append(t)
        self.main_group = max(groups.values(), key=len)
        # tables too big to join on a non-key column (the join would time out on both sides)
        self.big = set(desc.get("big_tables", []))
        # non-deterministic collations of the suite (only used where the answer stays unique)
        self.colls = desc.get("collations", [])
        # the shapes to draw from (names of the q_ methods without q_), all when empty
        self.only = set()

    # ---------------------------------------------------------------- helpers
    def ch(self, *xs):
        """One of the arguments (or of a single list argument)."""
        if len(xs) == 1 and isinstance(xs[0], list):
            return self.R.choice(xs[0])
        return self.R.choice(xs)

    def p(self, x):
        """True with probability x."""
        return self.R.random() < x

    def cols(self, t, typ=None):
        """Columns of table t (of type typ: a type name or a set of them)."""
        out = []
        for c, ty in self.T[t]["cols"].items():
            if typ is None or ty == typ or (isinstance(typ, (set, tuple)) and ty in typ):
                out.append(c)
        return out

    def typ(self, t, c):
        return self.T[t]["cols"][c]

    def ref(self, a, t, c):
        """A column reference; enums as text so text functions apply."""
        return f"{a}.{c}::text" if self.typ(t, c) == "enum" else f"{a}.{c}"

    def is_coloc(self, t):
        d = self.T[t]
        return not d.get("ref") and d["group"] == self.T[self.main_group[0]]["group"]

    def tenant_col(self, t):
        """The tenant column of a table in the main colocation group, else None."""
        return self.T[t]["dist"] if self.is_coloc(t) else None

    def tval(self):
        return self.ch(self.tenants)

    # ---------------------------------------------------------------- expressions
    def const(self, ty):
        """A constant of a column type, sometimes with a cast."""
        R = self.R
        if ty == "int":
            return self.ch(str(R.randint(0, 40)), f"{R.randint(1, 30)}::int", f"'{R.randint(1, 20)}'::bigint")
        if ty == "num":
            return self.ch(str(R.randint(0, 500)), f"{R.randint(0, 300)}.5", f"{R.randint(1, 99)}::numeric")
        if ty == "float":
            return self.ch("2.5", "3.75::float8", "4")
        if ty in ("text", "enum"):
            return self.ch("'a'", "'m'", "'paid'", "'open'", "'US'", "'done'", "'member'", "'active'", "'T'", "''")
        if ty == "date":
            return f"date '202{R.randint(2, 5)}-{R.randint(1, 12):02d}-{R.randint(1, 28):02d}'"
        if ty == "ts":
            return f"timestamptz '202{R.randint(2, 5)}-{R.randint(1, 12):02d}-{R.randint(1, 28):02d} {R.randint(0, 23):02d}:00:00+00'"
        if ty == "bool":
            return self.ch("true", "false")
        return "NULL"

    def scalar(self, a, t, c=None, want=None):
        """A deterministic scalar expression over column c of a.t; returns (sql, type)."""
        if c is None:
            c = self.ch(self.cols(t) if want is None else self.cols(t, want) or self.cols(t))
        ty = self.typ(t, c)
        x = self.ref(a, t, c)
        if ty == "int":
            return self.ch([(x, "int"), (f"{x} % {self.R.randint(2, 7)}", "int"), (f"coalesce({x}, -1)", "int"),
                            (f"abs({x} - {self.R.randint(1, 20)})", "int"), (f"greatest({x}, 5)", "int"),
                            (f"nullif({x}, {self.R.randint(1, 5)})", "int"), (f"({x} + NULL::int)", "int"),
                            (f"CASE WHEN {x} > {self.R.randint(1, 30)} THEN 'hi' WHEN {x} IS NULL THEN 'none' ELSE 'lo' END", "text"),
                            (f"{x}::text", "text"), (f"({x} * 2)::numeric / 3", "num")])
        if ty == "num":
            return self.ch([(x, "num"), (f"round({x}, 1)", "num"), (f"coalesce({x}, -999)", "num"), (f"trunc({x})", "num"),
                            (f"ceil({x} / 7)", "num"), (f"{x} * 2 - 1", "num"), (f"({x} > {self.R.randint(0, 400)})", "bool"),
                            (f"width_bucket({x}, 0, 1000, 4)", "int"), (f"round({x}::numeric / 3, 4)", "num"),
                            (f"to_char({x}, 'FM99990.0')", "text")])
        if ty == "float":
            return self.ch([(f"round({x}::numeric, 2)", "num"), (f"({x} > 3)", "bool"), (f"coalesce(floor({x}), -1)::int", "int")])
        if ty in ("text", "enum"):
            return self.ch([(x, "text"), (f"upper({x})", "text"), (f"length({x})", "int"), (f"left({x}, 3)", "text"),
                            (f"coalesce({x}, '<null>')", "text"), (f"{x} || '-x'", "text"), (f"replace({x}, 'a', 'A')", "text"),
                            (f"position('e' in {x})", "int"), (f"({x} LIKE '%e%')", "bool"), (f"({x} ILIKE 'A%')", "bool"),
                            (f"split_part({x}, ' ', 1)", "text"), (f"md5({x})", "text"), (f"concat({x}, '/', {x})", "text"),
                            (f"({x} IS DISTINCT FROM 'a')", "bool")])
        if ty == "date":
            return self.ch([(x, "date"), (f"{x} + 7", "date"), (f"extract(dow from {x})", "num"),
                            (f"date_trunc('month', {x})::date", "date"), (f"to_char({x}, 'YYYY-MM')", "text"),
                            (f"({x} - date '2023-01-01')", "int"), (f"coalesce({x}, date '2000-01-01')", "date")])
        if ty == "ts":
            return self.ch([(x, "ts"), (f"date_trunc('day', {x})", "ts"), (f"extract(year from {x})", "num"),
                            (f"({x} AT TIME ZONE 'UTC')::date", "date"), (f"to_char({x} AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24')", "text"),
                            (f"date_part('month', {x} AT TIME ZONE 'UTC')::int", "int"), (f"({x} IS NULL)", "bool"),
                            (f"{x} + interval '1 day'", "ts")])
        if ty == "bool":
            return self.ch([(x, "bool"), (f"NOT {x}", "bool"), (f"({x} IS TRUE)", "bool"),
                            (f"CASE WHEN {x} THEN 'y' WHEN NOT {x} THEN 'n' END", "text"), (f"{x}::int", "int")])
        return (f"{x}::text", "text")

    def pred(self, a, t):
        """A random filter on a column of a.t, NULL-aware by construction."""
        c = self.ch(self.cols(t))
        ty = self.typ(t, c)
        x = self.ref(a, t, c)
        R = self.R
        if ty == "int":
            return self.ch(f"{x} = {R.randint(1, 12)}", f"{x} < {R.randint(1, 30)}", f"{x} IS NULL",
                           f"{x} IN ({R.randint(1, 9)}, {R.randint(1, 9)}, NULL)", f"{x} % {R.randint(2, 5)} = 0",
                           f"{x} NOT IN ({R.randint(1, 9)}, {R.randint(1, 9)})", f"{x} IS NOT NULL",
                           f"{x} BETWEEN 2 AND {R.randint(3, 40)}", f"{x} IS DISTINCT FROM {R.randint(1, 5)}",
                           f"coalesce({x}, 0) <> {R.randint(0, 5)}", f"{x} = ANY('{{1,3,{R.randint(4, 40)}}}'::int[])",
                           f"{x} NOT BETWEEN SYMMETRIC {R.randint(10, 20)} AND {R.randint(1, 9)}")
        if ty == "num":
            return self.ch(f"{x} > {self.const('num')}", f"{x} IS NULL", f"round({x}) % 2 = 1",
                           f"{x} BETWEEN 10 AND {R.randint(50, 900)}", f"coalesce({x}, 0) < {R.randint(1, 300)}")
        if ty == "float":
            return self.ch(f"{x} > {self.const('float')}", f"{x} IS NULL", f"{x} < 4.5")
        if ty in ("text", "enum"):
            return self.ch(f"{x} LIKE '%a%'", f"{x} IS NULL", f"{x} > 'm'", f"lower({x}) = {x}",
                           f"{x} COLLATE \"C\" < 'N'", f"length({x}) > {R.randint(2, 12)}", f"{x} ILIKE '%E%'",
                           f"{x} NOT LIKE 'T%'", f"{x} IN ({self.const('text')}, {self.const('text')})",
                           f"{x} IS DISTINCT FROM {self.const('text')}", f"{x} BETWEEN 'b' AND 'p'",
                           f"{x} ~ '^[a-m]'", f"coalesce({x}, '') = ''")
        if ty == "date":
            return self.ch(f"{x} > {self.const('date')}", f"{x} IS NULL", f"{x} BETWEEN date '2023-01-01' AND {self.const('date')}",
                           f"extract(dow from {x}) IN (0, 6)")
        if ty == "ts":
            return self.ch(f"{x} > {self.const('ts')}", f"{x} IS NULL", f"{x} < {self.const('ts')}",
                           f"{x} >= date '2024-01-01'", f"extract(hour from {x} AT TIME ZONE 'UTC') < 12")
        if ty == "bool":
            return self.ch(f"{x}", f"NOT {x}", f"{x} IS NOT TRUE", f"{x} IS DISTINCT FROM false")
        return f"{x} IS NOT NULL"

    def preds(self, aliases, prob=0.5, maxn=3):
        """A list of random filters on the given (alias, table) pairs."""
        out = []
        for a, t in aliases:
            if self.p(prob):
                out.append(self.pred(a, t))
        if out and self.p(0.2):
            a, t = self.ch(aliases)
            out[-1] = f"({out[-1]} OR {self.pred(a, t)})"
        if self.p(0.08):
            a, t = self.ch(aliases)
            out.append(f"NOT ({self.pred(a, t)})")
        return out[:maxn]

    def pin(self, a, t, col=None):
        """A filter pinning a.t to one tenant (or a few), in one of many spellings."""
        c = col or self.T[t]["dist"]
        v, w = self.tval(), self.tval()
        x = f"{a}.{c}"
        return self.ch(f"{x} = {v}", f"{v} = {x}", f"{x} = '{v}'", f"{x} = {v}::int", f"{x} = {v}::bigint",
                       f"{x} IN ({v})", f"{x} IN ({v}, {w})", f"{x} = ANY('{{{v},{w}}}'::bigint[])",
                       f"{x} = ANY(ARRAY[{v}, {w}])", f"({x} = {v} OR {x} = {w})", f"{x} IN ({v}) AND {x} = {v}",
                       f"{x} = {v} AND {x} = {w}", f"{x} = ({v} + 0)", f"{x} BETWEEN {v} AND {v}",
                       f"{x} = {v}::numeric", f"{x}::text = '{v}'", f"({x} = {v} OR {x} IS NULL)")

    def key_exprs(self, aliases):
        """Expressions making a unique key of the rows of the joined aliases."""
        out = []
        for a, t in aliases:
            out += [f"{a}.{k}" for k in self.T[t]["key"]]
        return out

    def shadow(self, sel, al):
        """Sometimes names output expressions like columns of the tables (ORDER BY and
        DISTINCT ON must still mean the columns when written qualified)."""
        if not self.p(0.3):
            return sel
        names = [c for _, t in al for c in self.cols(t)]
        return [f"{e} AS {self.ch(names)}" if self.p(0.5) else e for e in sel]

    # ---------------------------------------------------------------- FROM clauses
    def from_clause(self, mode=None):
        """A FROM clause; returns (sql, [(alias, table)], pinnable) where pinnable lists the
        (alias, table) pairs of the main colocation group joined on the tenant."""
        R = self.R
        mode = mode or self.ch("single", "single", "coloc", "coloc", "ref", "ref", "noncoloc", "three", "skewed")
        if mode == "skewed":
            # two tables of the tenant group joined on the tenant of one and another int
            # column of the other: not colocated, must not run shard by shard
            small = [t for t in self.main_group if t not in self.big] or self.main_group
            a, b = self.ch(small), self.ch(small)
            ac = self.ch([c for c in self.cols(a, "int") if c != self.T[a]["dist"]] or [self.T[a]["dist"]])
            jt = self.ch("JOIN", "LEFT JOIN", "RIGHT JOIN")
            sql = f"{a} t0 {jt} {b} t1 ON t1.{self.T[b]['dist']} = t0.{ac}"
            if self.p(0.4):
                sql += f" AND t1.{self.ch(self.cols(b))} IS NOT NULL"
            return sql, [("t0", a), ("t1", b)], [("t0", a)] if jt != "RIGHT JOIN" else [("t1", b)]
        if mode == "single":
            t = self.ch(self.dist + [self.ch(self.main_group)])
            al = [("t0", t)]
            return f"{t} t0", al, [al[0]] if self.is_coloc(t) else []
        if mode == "coloc":
            js = [j for j in self.joins if self.is_coloc(j[0]) and self.is_coloc(j[2])
                  and self.tenant_col(j[0]) in j[1] and self.tenant_col(j[2]) in j[3]]
        elif mode == "ref":
            js = [j for j in self.joins if (j[0] in self.refs) != (j[2] in self.refs)]
            if not js:
                # a suite without reference tables (partitioned)
                return self.from_clause("single")
        else:
            js = [j for j in self.joins if j[0] not in self.refs and j[2] not in self.refs
                  and not (self.is_coloc(j[0]) and self.is_coloc(j[2])
                           and self.tenant_col(j[0]) in j[1] and self.tenant_col(j[2]) in j[3])]
            if mode == "three" or not js:
                js = self.joins
        a, ac, b, bc = self.ch(js)
        if self.p(0.5):
            a, ac, b, bc = b, bc, a, ac
        jt = self.ch("JOIN", "JOIN", "LEFT JOIN", "RIGHT JOIN", "FULL JOIN", "LEFT JOIN")
        on = " AND ".join(f"t1.{y} = t0.{x}" for x, y in zip(ac, bc))
        if self.p(0.2):
            on += " AND " + self.pred("t1", b)
        sql = f"{a} t0 {jt} {b} t1 ON {on}"
        al = [("t0", a), ("t1", b)]
        pinnable = []
        if jt == "JOIN" or jt == "LEFT JOIN":
            if self.is_coloc(a):
                pinnable.append(("t0", a))
        if jt == "JOIN" or jt == "RIGHT JOIN":
            if self.is_coloc(b):
                pinnable.append(("t1", b))
        if mode == "three":
            cands = [j for j in self.joins if j[0] in (a, b) or j[2] in (a, b)]
            x, xc, y, yc = self.ch(cands)
            if x in (a, b) and (y not in (a, b) or self.p(0.5)):
                src = "t0" if x == a else "t1"
                new, nc, sc = y, yc, xc
            else:
                src = "t0" if y == a else "t1"
                new, nc, sc = x, xc, yc
            jt2 = self.ch("JOIN", "LEFT JOIN")
            on2 = " AND ".join(f"t2.{n} = {src}.{s}" for s, n in zip(sc, nc))
            sql += f" {jt2} {new} t2 ON {on2}"
            al.append(("t2", new))
        return sql, al, pinnable

    # ---------------------------------------------------------------- final clauses
    def order_all(self, n):
        """ORDER BY every output column (positions), random directions."""
        return ", ".join(f"{i} {self.ch('ASC', 'DESC')} NULLS {self.ch('FIRST', 'LAST')}" for i in range(1, n + 1))

    def finish(self, sel, n, rest, distinct=""):
        """Wrap a SELECT list and the rest of a query, maybe ordering everything + LIMIT."""
        if self.p(0.45):
            lim = f" LIMIT {self.R.randint(0, 12)}" if self.p(0.8) else ""
            if self.p(0.4):
                lim += f" OFFSET {self.R.randint(0, 15)}"
            return f"-- ordered\nSELECT {distinct}{sel}{rest} ORDER BY {self.order_all(n)}{lim};"
        return f"SELECT {distinct}{sel}{rest};"

    def where(self, conds):
        return (" WHERE " + " AND ".join(conds)) if conds else ""

    def extra_subquery_pred(self, aliases):
        """Maybe a subquery filter: IN / NOT IN (NULLs included) / EXISTS / scalar comparison."""
        if not self.p(0.3):
            return []
        a, t = self.ch(aliases)
        kind = self.ch("in", "notin", "exists", "scalar", "corr_in", "anyall", "limited")
        if kind == "anyall":
            c = self.ch(self.cols(t, "int") or [None])
            if c is None:
                return []
            st = self.ch([x for x in self.T if self.cols(x, "int")])
            sc = self.ch(self.cols(st, "int"))
            q = self.ch("ANY", "ALL", "SOME")
            op = self.ch("=", "<", ">=", "<>")
            return [f"{a}.{c} {op} {q} (SELECT s.{sc} FROM {st} s WHERE {self.pred('s', st)})"]
        if kind == "limited":
            c = self.ch(self.cols(t, "int") or [None])
            if c is None:
                return []
            st = self.ch([x for x in self.dist if self.cols(x, "int")])
            sc = self.ch(self.cols(st, "int"))
            keys = ", ".join(f"s.{k} {self.ch('ASC', 'DESC')}" for k in self.T[st]["key"])
            return [f"{a}.{c} IN (SELECT s.{sc} FROM {st} s WHERE {self.pred('s', st)} ORDER BY {keys} LIMIT {self.R.randint(1, 20)})"]
        if kind in ("in", "notin"):
            c = self.ch(self.cols(t, "int") or self.cols(t))
            st = self.ch([x for x in self.T if self.cols(x, self.typ(t, c))] or [t])
            sc = self.ch(self.cols(st, self.typ(t, c)) or self.cols(st))
            if self.typ(t, c) != self.typ(st, sc):
                return []
            w = self.where([self.pred("s", st)] if self.p(0.7) else [])
            op = "IN" if kind == "in" else "NOT IN"
            return [f"{self.ref(a, t, c)} {op} (SELECT {self.ref('s', st, sc)} FROM {st} s{w})"]
        js = [j for j in self.joins if j[0] == t or j[2] == t]
        if not js:
            return []
        x, xc, y, yc = self.ch(js)
        if x == t:
            other, oc, mc = y, yc, xc
        else:
            other, oc, mc = x, xc, yc
        corr = " AND ".join(f"e.{o} = {a}.{m}" for o, m in zip(oc, mc))
        extra = (" AND " + self.pred("e", other)) if self.p(0.5) else ""
        if kind == "exists" and self.p(0.3):
            # correlated on a column other than the tenant
            u = self.ch([x for x in self.dist if self.cols(x, "int")])
            uc = self.ch(self.cols(u, "int"))
            ints = self.cols(t, "int")
            if ints:
                return [f"{self.ch('', 'NOT ')}EXISTS (SELECT 1 FROM {u} e WHERE e.{uc} = {a}.{self.ch(ints)}{extra.replace('e.', 'e.') if other == u else ''})"]
        if kind == "exists":
            return [f"{self.ch('', 'NOT ')}EXISTS (SELECT 1 FROM {other} e WHERE {corr}{extra})"]
        if kind == "corr_in" and len(oc) > 1:
            return [f"({', '.join(a + '.' + m for m in mc)}) IN (SELECT {', '.join('e.' + o for o in oc)} FROM {other} e WHERE true{extra})"]
        return [f"(SELECT count(*) FROM {other} e WHERE {corr}{extra}) {self.ch('>', '=', '<')} {self.R.randint(0, 3)}"]

    # ---------------------------------------------------------------- aggregates
    def agg(self, aliases, allow_filter=True):
        """One deterministic aggregate over the aliases."""
        a, t = self.ch(aliases)
        c = self.ch(self.cols(t))
        ty = self.typ(t, c)
        x = self.ref(a, t, c)
        key = ", ".join(self.key_exprs([(a, t)]))
        opts = ["count(*)", f"count({x})", f"count(DISTINCT {x})"]
        if ty in ("int", "num"):
            opts += [f"sum({x})", f"avg({x})", f"min({x})", f"max({x})", f"stddev({x})", f"var_pop({x})",
                     f"sum(DISTINCT {x})", f"round(avg({x}), 3)", f"array_agg({x} ORDER BY {x} NULLS FIRST)",
                     f"sum({x}) / nullif(count(*), 0)", f"coalesce(sum({x}), 0) + 1", f"bit_or({x}::int)" if ty == "int" else f"max({x}) - min({x})"]
        elif ty == "float":
            opts += [f"min({x})", f"max({x})", f"round(sum({x})::numeric, 2)"]
        elif ty in ("text", "enum"):
            opts += [f"min({x})", f"max({x})", f"string_agg({x}, ',' ORDER BY {x})",
                     f"string_agg(DISTINCT {x}, '|' ORDER BY {x})", f"array_agg({x} ORDER BY {key})",
                     f"max(length({x}))", f"min({x} COLLATE \"C\")"]
        elif ty in ("date", "ts"):
            opts += [f"min({x})", f"max({x})", f"max({x}) - min({x})" if ty == "date" else f"count(DISTINCT date_trunc('month', {x}))"]
        elif ty == "bool":
            opts += [f"bool_and({x})", f"bool_or({x})", f"every({x})", f"count(*) FILTER (WHERE {x})", f"sum({x}::int)"]
        if self.p(0.15):
            # ordered-set and JSON aggregates, row-valued DISTINCT
            b, u = self.ch(aliases)
            d = self.ch(self.cols(u))
            y = self.ref(b, u, d)
            more = [f"count(DISTINCT ({x}, {y}))", f"json_agg({x} ORDER BY {key})::text", f"array_agg(DISTINCT {y} ORDER BY {y})",
                    f"mode() WITHIN GROUP (ORDER BY {x})" if ty not in ("bool",) else f"count(DISTINCT {x})",
                    f"jsonb_agg(DISTINCT {y})"]
            if ty in ("int", "num"):
                more += [f"percentile_disc(0.5) WITHIN GROUP (ORDER BY {x})", f"round(percentile_cont(0.25) WITHIN GROUP (ORDER BY {x})::numeric, 4)",
                         f"regr_count({x}, {x})"]
            e = self.ch(more)
            if e.startswith("mode()"):
                # mode() picks any of the most frequent values on ties: make it unique-free
                e = f"count(DISTINCT {x})"
            return e
        e = self.ch(opts)
        if allow_filter and self.p(0.2) and "(" in e and not e.startswith(("round(", "coalesce(", "sum(" + x + ") /")) and " - " not in e and "FILTER" not in e:
            b, u = self.ch(aliases)
            e = f"{e} FILTER (WHERE {self.pred(b, u)})"
        return e

    def group_expr(self, aliases):
        a, t = self.ch(aliases)
        e, _ = self.scalar(a, t)
        return e

    # ---------------------------------------------------------------- query shapes
    def q_router(self):
        """A query pinned to one tenant: rows, aggregates or groups."""
        frm, al, pin = self.from_clause(self.ch("single", "coloc", "coloc", "ref", "three"))
        if not pin:
            frm, al, pin = self.from_clause("single")
            if not pin:
                return self.q_rows()
        conds = [self.pin(*self.ch(pin))]
        if len(pin) > 1 and self.p(0.4):
            conds.append(self.pin(*pin[1]))
        conds += self.preds(al, 0.4) + self.extra_subquery_pred(al)
        r = self.R.random()
        if r < 0.4:
            sel = [self.scalar(a, t)[0] for a, t in al for _ in range(self.R.randint(0, 2))] or ["count(*)"]
            if sel == ["count(*)"]:
                return f"SELECT count(*) FROM {frm}{self.where(conds)};"
            sel = self.shadow(sel, al)
            if self.p(0.3):
                keys = self.key_exprs(al)
                lim = f" LIMIT {self.R.randint(1, 10)}"
                return (f"-- ordered\nSELECT {', '.join(sel + keys)} FROM {frm}{self.where(conds)} ORDER BY "
                        f"{', '.join(k + ' ' + self.ch('ASC', 'DESC') for k in keys)} NULLS LAST{lim};")
            return self.finish(", ".join(sel), len(sel), f" FROM {frm}{self.where(conds)}")
        if r < 0.7:
            aggs = [self.agg(al) for _ in range(self.R.randint(1, 3))]
            return f"SELECT {', '.join(aggs)} FROM {frm}{self.where(conds)};"
        return self.q_group(frm, al, conds)

    def q_group(self, frm=None, al=None, conds=None):
        """GROUP BY expressions + aggregates, maybe HAVING and a window over the groups."""
        if frm is None:
            frm, al, _ = self.from_clause()
            conds = self.preds(al, 0.4) + self.extra_subquery_pred(al)
        g = [self.group_expr(al) for _ in range(self.R.randint(1, 2))]
        aggs = [self.agg(al) for _ in range(self.R.randint(1, 3))]
        having = ""
        if self.p(0.3):
            having = " HAVING " + self.ch(f"count(*) > {self.R.randint(0, 5)}", f"{self.agg(al, False)} IS NOT NULL",
                                          f"count(*) BETWEEN 2 AND {self.R.randint(3, 50)}", f"count(DISTINCT {g[0]}) <= 1")
        win = []
        if self.p(0.2):
            win = [self.ch(f"rank() OVER (ORDER BY count(*) DESC)", f"sum(count(*)) OVER ()",
                           f"dense_rank() OVER (ORDER BY {g[0]} NULLS FIRST)",
                           f"count(*) * 100 / sum(count(*)) OVER ()")]
        sel = [f"{e} AS g{i}" for i, e in enumerate(g)] + aggs + win
        gb = ", ".join(str(i + 1) for i in range(len(g))) if self.p(0.5) else ", ".join(g)
        return self.finish(", ".join(sel), len(sel), f" FROM {frm}{self.where(conds)} GROUP BY {gb}{having}")

    def q_multi_agg(self):
        """Aggregates over every shard, no GROUP BY."""
        frm, al, _ = self.from_clause()
        conds = self.preds(al, 0.4) + self.extra_subquery_pred(al)
        aggs = [self.agg(al) for _ in range(self.R.randint(1, 4))]
        return f"SELECT {', '.join(aggs)} FROM {frm}{self.where(conds)};"

    def q_grouping_sets(self):
        """GROUPING SETS / ROLLUP / CUBE with GROUPING()."""
        frm, al, _ = self.from_clause(self.ch("single", "coloc", "ref"))
        conds = self.preds(al, 0.4)
        g = [self.group_expr(al) for _ in range(self.R.randint(2, 3))]
        kind = self.ch("ROLLUP", "CUBE", "GROUPING SETS")
        if kind == "GROUPING SETS":
            gs = f"GROUPING SETS (({g[0]}), ({', '.join(g[1:])}), ())"
        else:
            gs = f"{kind} ({', '.join(g)})"
        aggs = [self.agg(al) for _ in range(self.R.randint(1, 2))]
        sel = [f"{e} AS g{i}" for i, e in enumerate(g)] + [f"GROUPING({', '.join(g)})"] + aggs
        having = f" HAVING count(*) > {self.R.randint(0, 3)}" if self.p(0.25) else ""
        return self.finish(", ".join(sel), len(sel), f" FROM {frm}{self.where(conds)} GROUP BY {gs}{having}")

    def q_distinct(self):
        """DISTINCT, DISTINCT ON (ordered by a unique key), count over DISTINCT."""
        frm, al, pin = self.from_clause()
        conds = self.preds(al, 0.4)
        if pin and self.p(0.3):
            conds.append(self.pin(*pin[0]))
        cols = [self.scalar(a, t)[0] for a, t in al for _ in range(self.R.randint(0, 2))] or [self.group_expr(al)]
        if self.p(0.5):
            keys = self.key_exprs(al)
            on = cols[: self.R.randint(1, len(cols))]
            sel = self.shadow(cols, al) + keys[:1]
            order = ", ".join(f"{e} {self.ch('ASC', 'DESC')} NULLS FIRST" for e in on)
            order += ", " + ", ".join(f"{k} {self.ch('ASC', 'DESC')}" for k in keys)
            lim = f" LIMIT {self.R.randint(1, 12)}" if self.p(0.5) else ""
            return (f"-- ordered\nSELECT DISTINCT ON ({', '.join(on)}) {', '.join(sel)} FROM {frm}{self.where(conds)}"
                    f" ORDER BY {order}{lim};")
        if self.p(0.3):
            return f"SELECT count(*) FROM (SELECT DISTINCT {', '.join(cols)} FROM {frm}{self.where(conds)}) d;"
        return self.finish(", ".join(cols), len(cols), f" FROM {frm}{self.where(conds)}", "DISTINCT ")

    def q_window(self):
        """Window functions partitioned by the tenant or not, with frames."""
        frm, al, pin = self.from_clause(self.ch("single", "single", "coloc", "ref"))
        conds = self.preds(al, 0.4)
        if pin and self.p(0.3):
            conds.append(self.pin(*pin[0]))
        keys = self.key_exprs(al)
        okey = ", ".join(keys)
        a, t = self.ch(pin) if pin and self.p(0.6) else self.ch(al)
        part = self.ch(f"PARTITION BY {a}.{self.T[t]['dist']}" if not self.T[t].get("ref") else "",
                       f"PARTITION BY {self.group_expr(al)}", "")
        nums = [(b, u, c) for b, u in al for c in self.cols(u, ("int", "num"))]
        b, u, c = self.ch(nums) if nums else (a, t, self.T[t]["key"][0])
        x = f"{b}.{c}"
        anyc = self.scalar(*self.ch(al))[0]
        frame = self.ch("", f" ROWS BETWEEN {self.R.randint(1, 3)} PRECEDING AND CURRENT ROW",
                        " ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING",
                        " ROWS BETWEEN CURRENT ROW AND 2 FOLLOWING", " RANGE UNBOUNDED PRECEDING")
        wins = []
        for _ in range(self.R.randint(1, 3)):
            wins.append(self.ch(f"row_number() OVER (w ORDER BY {okey})", f"rank() OVER ({part} ORDER BY {x} NULLS LAST)",
                                f"dense_rank() OVER ({part} ORDER BY {anyc})", f"lag({x}) OVER (w ORDER BY {okey})",
                                f"lead({anyc}, 2) OVER (w ORDER BY {okey})", f"sum({x}) OVER (w ORDER BY {okey}{frame})",
                                f"count(*) OVER ({part})", f"sum({x}) OVER ()", f"min({x}) OVER ({part})",
                                f"first_value({anyc}) OVER (w ORDER BY {okey})", f"ntile(3) OVER (w ORDER BY {okey})",
                                f"avg({x}) OVER ({part})", f"percent_rank() OVER ({part} ORDER BY {x})",
                                f"count({x}) OVER (w ORDER BY {okey}{frame})"))
        sel = keys + wins
        wdef = f" WINDOW w AS ({part})"
        rest = f" FROM {frm}{self.where(conds)}{wdef}"
        if self.p(0.3):
            inner = f"SELECT {', '.join(f'{e} AS c{i}' for i, e in enumerate(sel))}{rest}"
            return self.finish("*", len(sel), f" FROM ({inner}) w WHERE c{len(sel) - 1} IS NOT NULL")
        return self.finish(", ".join(sel), len(sel), rest)

    def q_cte(self):
        """A CTE (materialized or not), used once or twice, maybe joined to a table."""
        t = self.ch(self.main_group)
        tc = self.T[t]["dist"]
        mat = self.ch("", "MATERIALIZED ", "NOT MATERIALIZED ")
        conds = self.preds([("c0", t)], 0.6)
        g, _ = self.scalar("c0", t)
        inner = (f"SELECT c0.{tc} AS tid, {g} AS g, count(*) AS n, {self.agg([('c0', t)], False)} AS v "
                 f"FROM {t} c0{self.where(conds)} GROUP BY 1, 2")
        if self.p(0.3):
            pinc = self.pin("c0", t)
            inner = inner.replace(" GROUP BY", (" AND " if conds else " WHERE ") + pinc + " GROUP BY", 1)
        shape = self.ch("twice", "join", "agg", "in", "chain", "window")
        if shape == "chain":
            return (f"WITH c AS {mat}({inner}), d AS (SELECT tid, sum(n) AS total, count(*) AS groups FROM c GROUP BY tid) "
                    + self.finish("d.tid, d.total, d.groups, t.n", 4, f" FROM d JOIN c t ON t.tid = d.tid AND t.n = d.groups"))
        if shape == "window":
            return (f"WITH c AS {mat}({inner}) "
                    + self.finish("tid, g, n, rank() OVER (PARTITION BY tid ORDER BY n DESC), sum(n) OVER (PARTITION BY tid)", 5, " FROM c"))
        if shape == "twice":
            body = (f"SELECT a.tid, a.g, a.n, b.n AS n2 FROM c a JOIN c b ON b.tid = a.tid AND b.g IS NOT DISTINCT FROM a.g")
            return f"WITH c AS {mat}({inner}) " + self.finish("*", 4, f" FROM ({body}) x")
        if shape == "join":
            u = self.ch(self.main_group)
            uc = self.T[u]["dist"]
            jt = self.ch("JOIN", "LEFT JOIN")
            s, _ = self.scalar("u", u)
            rest = f" FROM c {jt} {u} u ON u.{uc} = c.tid" + self.where(self.preds([("u", u)], 0.4))
            return f"WITH c AS {mat}({inner}) " + self.finish(f"c.tid, c.g, c.n, {s}", 4, rest)
        if shape == "agg":
            return (f"WITH c AS {mat}({inner}) SELECT count(*), sum(n), count(DISTINCT tid), "
                    f"(SELECT max(n) FROM c) FROM c WHERE n > {self.R.randint(0, 4)};")
        u = self.ch([x for x in self.dist if self.cols(x, "int")])
        return (f"WITH c AS {mat}({inner}) SELECT count(*), count(DISTINCT u.{self.T[u]['key'][0]}) FROM {u} u "
                f"WHERE u.{self.ch(self.cols(u, 'int'))} {self.ch('IN', 'NOT IN')} (SELECT tid FROM c WHERE n > 1);")

    def q_from_subquery(self):
        """A grouped subquery in FROM joined back to a table."""
        t = self.ch(self.dist)
        tc = self.T[t]["dist"]
        conds = self.preds([("s0", t)], 0.5)
        inner = f"SELECT s0.{tc} AS k, count(*) AS n, {self.agg([('s0', t)], False)} AS v FROM {t} s0{self.where(conds)} GROUP BY 1"
        js = [j for j in self.joins if (j[0] == t and j[1] == [tc]) or (j[2] == t and j[3] == [tc])]
        if js and self.p(0.7):
            x, xc, y, yc = self.ch(js)
            u, uc = (y, yc[0]) if x == t else (x, xc[0])
        else:
            u, uc = t, tc
        jt = self.ch("JOIN", "LEFT JOIN", "RIGHT JOIN")
        s, _ = self.scalar("u", u)
        rest = f" FROM ({inner}) s {jt} {u} u ON u.{uc} = s.k" + self.where(self.preds([("u", u)], 0.4))
        if self.p(0.5):
            return f"SELECT count(*), sum(s.n), count(DISTINCT {s}) {rest};"
        return self.finish(f"s.k, s.n, s.v, {s}", 4, rest)

    def q_scalar_select(self):
        """Scalar subqueries in the SELECT list, correlated and not."""
        frm, al, pin = self.from_clause(self.ch("single", "coloc"))
        conds = self.preds(al, 0.5)
        if pin and self.p(0.5):
            conds.append(self.pin(*pin[0]))
        a, t = self.ch(al)
        js = [j for j in self.joins if j[0] == t or j[2] == t]
        subs = []
        if js:
            x, xc, y, yc = self.ch(js)
            other, oc, mc = (y, yc, xc) if x == t else (x, xc, yc)
            corr = " AND ".join(f"e.{o} = {a}.{m}" for o, m in zip(oc, mc))
            subs.append(f"(SELECT {self.agg([('e', other)], False)} FROM {other} e WHERE {corr})")
        if self.refs:
            r = self.ch(self.refs)
            rc = self.ch(self.cols(r))
            rx = self.ref("r", r, rc) + ("::text" if self.typ(r, rc) == "bool" else "")
            subs.append(f"(SELECT max({rx}) FROM {r} r)")
        if self.p(0.3):
            u = self.ch(self.dist)
            subs.append(f"(SELECT count(*) FROM {u} z WHERE {self.pred('z', u)})")
        keys = self.key_exprs(al)
        sel = keys + subs
        return self.finish(", ".join(sel), len(sel), f" FROM {frm}{self.where(conds)}")

    def q_lateral(self):
        """LATERAL subqueries: aggregates and ordered LIMITs per outer row."""
        t = self.ch(self.main_group + self.refs)
        conds = self.preds([("a", t)], 0.6)
        if self.is_coloc(t) and self.p(0.3):
            conds.append(self.pin("a", t))
        js = [j for j in self.joins if j[0] == t or j[2] == t]
        if not js:
            return self.q_group()
        x, xc, y, yc = self.ch(js)
        other, oc, mc = (y, yc, xc) if x == t else (x, xc, yc)
        corr = " AND ".join(f"l.{o} = a.{m}" for o, m in zip(oc, mc))
        okeys = ", ".join(f"l.{k}" for k in self.T[other]["key"])
        s, _ = self.scalar("l", other)
        if self.p(0.5):
            sub = f"SELECT count(*) AS n, {self.agg([('l', other)], False)} AS v FROM {other} l WHERE {corr}"
            cols = "lt.n, lt.v"
            n = 2
        else:
            sub = f"SELECT {s} AS v FROM {other} l WHERE {corr} ORDER BY {okeys} LIMIT {self.R.randint(1, 3)}"
            cols = "lt.v"
            n = 1
        jt = self.ch("CROSS JOIN LATERAL", "LEFT JOIN LATERAL")
        on = " ON true" if jt.startswith("LEFT") else ""
        keys = [f"a.{k}" for k in self.T[t]["key"]]
        return self.finish(f"{', '.join(keys)}, {cols}", len(keys) + n, f" FROM {t} a {jt} ({sub}) lt{on}{self.where(conds)}")

    def q_setop(self):
        """UNION / INTERSECT / EXCEPT (ALL) between SELECTs of compatible columns."""
        def branch():
            frm, al, pin = self.from_clause(self.ch("single", "single", "coloc", "ref"))
            conds = self.preds(al, 0.5)
            if pin and self.p(0.4):
                conds.append(self.pin(*pin[0]))
            a, t = self.ch(al)
            c1 = f"({self.scalar(a, t)[0]})::text"
            b, u = self.ch(al)
            ints = self.cols(u, "int")
            c2 = f"length(({self.scalar(b, u)[0]})::text)::bigint"
            if ints and self.p(0.5):
                c2 = f"{b}.{self.ch(ints)}::bigint"
            return f"SELECT {c1} AS x, {c2} AS y FROM {frm}{self.where(conds)}"
        op = self.ch("UNION", "UNION ALL", "INTERSECT", "EXCEPT", "INTERSECT ALL", "EXCEPT ALL")
        q = f"{branch()} {op} {branch()}"
        if self.p(0.2):
            q = f"({q}) {self.ch('UNION', 'UNION ALL', 'EXCEPT')} {branch()}"
        if self.p(0.4):
            return f"-- ordered\nSELECT * FROM ({q}) u ORDER BY {self.order_all(2)} LIMIT {self.R.randint(1, 15)};"
        if self.p(0.3):
            return f"SELECT count(*), count(DISTINCT x), sum(y) FROM ({q}) u;"
        return q + ";"

    def q_rows(self):
        """Plain rows from any FROM clause with filters and subqueries."""
        frm, al, pin = self.from_clause()
        conds = self.preds(al, 0.5) + self.extra_subquery_pred(al)
        sel = [self.scalar(a, t)[0] for a, t in al for _ in range(self.R.randint(0, 2))] or [self.group_expr(al)]
        sel = self.shadow(sel, al)
        if self.p(0.15):
            # ORDER BY a unique key that is not in the output: still one answer
            keys = self.key_exprs(al)
            lim = f" LIMIT {self.R.randint(1, 10)}" + (f" OFFSET {self.R.randint(0, 5)}" if self.p(0.4) else "")
            return (f"-- ordered\nSELECT {', '.join(sel)} FROM {frm}{self.where(conds)} ORDER BY "
                    f"{', '.join(k + ' ' + self.ch('ASC', 'DESC') for k in keys)}{lim};")
        if self.p(0.3):
            keys = self.key_exprs(al)
            lim = f" LIMIT {self.R.randint(1, 10)} OFFSET {self.R.randint(0, 5)}"
            return (f"-- ordered\nSELECT {', '.join(sel + keys)} FROM {frm}{self.where(conds)} ORDER BY "
                    f"{', '.join(k + ' ' + self.ch('ASC NULLS LAST', 'DESC NULLS FIRST') for k in keys)}{lim};")
        return self.finish(", ".join(sel), len(sel), f" FROM {frm}{self.where(conds)}")

    def q_prepared(self):
        """A statement prepared with the tenant (and a filter constant) as parameters, run for
        several tenants (past the fifth run PostgreSQL may switch to a generic plan)."""
        self.nprep = getattr(self, "nprep", 0) + 1
        name = f"fz_{self.nprep}"
        frm, al, pin = self.from_clause(self.ch("single", "coloc", "ref"))
        if not pin:
            frm, al, pin = self.from_clause("single")
            if not pin:
                return self.q_rows()
        a, t = self.ch(pin)
        x = f"{a}.{self.T[t]['dist']}"
        form = self.ch(f"{x} = $1", f"$1 = {x}", f"{x} = $1::bigint", f"{x} IN ($1, $1 + 1)", f"{x} = ANY(ARRAY[$1])",
                       f"({x} = $1 OR $1 IS NULL)", f"{x} = $1 + 0")
        conds = [form] + self.preds(al, 0.4)
        ints = [(b, u, c) for b, u in al for c in self.cols(u, "int") if c != self.T[u].get("dist")]
        types = "bigint"
        if ints and self.p(0.5):
            b, u, c = self.ch(ints)
            conds.append(f"({b}.{c} > $2 OR {b}.{c} IS NULL)")
            types = "bigint, int"
        if self.p(0.5):
            body = f"SELECT {', '.join(self.agg(al) for _ in range(self.R.randint(1, 3)))} FROM {frm}{self.where(conds)}"
            ordered = ""
        else:
            keys = self.key_exprs(al)
            sel = [self.scalar(a2, t2)[0] for a2, t2 in al][:2]
            body = (f"SELECT {', '.join(sel + keys)} FROM {frm}{self.where(conds)} ORDER BY "
                    f"{', '.join(k + ' ' + self.ch('ASC', 'DESC') for k in keys)} NULLS LAST LIMIT {self.R.randint(1, 8)}")
            ordered = "-- ordered\n"
        out = [f"PREPARE {name}({types}) AS {body};"]
        for _ in range(self.R.randint(6, 8)):
            args = [str(self.tval()) if not self.p(0.05) else "NULL"]
            if types != "bigint":
                args.append(str(self.R.randint(0, 30)))
            out.append(f"{ordered}EXECUTE {name}({', '.join(args)});")
        out.append(f"DEALLOCATE {name};")
        return "\n".join(out)

    def q_misc(self):
        """Odd corners: FETCH ... WITH TIES, VALUES joins, ordered LIMIT subqueries in FROM,
        set operations in FROM, IN (subquery) as an output, HAVING with a subquery."""
        kind = self.ch("ties", "values", "limited_from", "union_from", "in_output", "having_sub")
        t = self.ch(self.dist)
        conds = self.preds([("a", t)], 0.5)
        if kind == "ties":
            c = self.ch(self.cols(t))
            e = self.ref("a", t, c)
            sel = ", ".join(self.scalar("a", t)[0] for _ in range(2))
            return (f"SELECT {sel} FROM {t} a{self.where(conds)} ORDER BY {e} {self.ch('ASC', 'DESC')} NULLS LAST"
                    f" FETCH FIRST {self.R.randint(1, 6)} ROWS WITH TIES;")
        if kind == "values":
            c = self.ch(self.cols(t, "int") or [self.T[t]["key"][0]])
            if self.typ(t, c) != "int":
                return self.q_group()
            vals = ", ".join(f"({v}, 'v{v}')" for v in sorted(set(self.R.sample(range(0, 45), 4))))
            jt = self.ch("JOIN", "LEFT JOIN", "RIGHT JOIN")
            return self.finish(f"v.k, v.s, count(a.{c}), {self.agg([('a', t)], False)}", 4,
                               f" FROM (VALUES {vals}) v(k, s) {jt} {t} a ON a.{c} = v.k{self.where(conds)} GROUP BY v.k, v.s")
        if kind == "limited_from":
            keys = ", ".join(f"a.{k} {self.ch('ASC', 'DESC')}" for k in self.T[t]["key"])
            e, _ = self.scalar("a", t)
            return (f"SELECT count(*), count(DISTINCT x), min(x::text), max(x::text) FROM (SELECT {e} AS x FROM {t} a"
                    f"{self.where(conds)} ORDER BY {keys} LIMIT {self.R.randint(1, 40)} OFFSET {self.R.randint(0, 3)}) s;")
        if kind == "union_from":
            if not self.is_coloc(t):
                t = self.ch(self.main_group)
            tc = self.T[t]["dist"]
            u = self.ch(self.main_group)
            uc = self.T[u]["dist"]
            w = self.ch(self.main_group)
            op = self.ch("UNION", "UNION ALL", "INTERSECT", "EXCEPT")
            return self.finish(f"x.k, count(*), {self.agg([('w', w)], False)}", 3,
                               f" FROM (SELECT {tc} AS k FROM {t} WHERE {self.pred(t, t)} {op} SELECT {uc} FROM {u} WHERE {self.pred(u, u)}) x"
                               f" JOIN {w} w ON w.{self.T[w]['dist']} = x.k GROUP BY x.k")
        if kind == "in_output":
            sub = self.extra_subquery_pred([("a", t)]) or self.extra_subquery_pred([("a", t)]) or [f"a.{self.T[t]['key'][0]} IS NULL"]
            keys = [f"a.{k}" for k in self.T[t]["key"]]
            return self.finish(f"{', '.join(keys)}, ({sub[0]}) AS flag", len(keys) + 1, f" FROM {t} a{self.where(conds)}")
        g, _ = self.scalar("a", t)
        u = self.ch(self.dist)
        return self.finish(f"{g} AS g, count(*)", 2,
                           f" FROM {t} a{self.where(conds)} GROUP BY 1 HAVING count(*) {self.ch('>', '<', '>=')} "
                           f"(SELECT count(*) / {self.R.randint(20, 400)} FROM {u} z WHERE {self.pred('z', u)})")

    def sort_key(self, a, t):
        """An ORDER BY item over a.t that need not be unique: collations, enums, NULLS."""
        c = self.ch(self.cols(t))
        ty = self.typ(t, c)
        x = f"{a}.{c}"
        if ty in ("text",):
            x = self.ch(x, f"{x} COLLATE \"C\"", f"lower({x})", f"length({x})", f"{x} COLLATE \"POSIX\"")
        elif ty == "enum":
            x = self.ch(x, f"{x}::text")
        elif ty == "num":
            x = self.ch(x, f"round({x}, -1)", f"-{x}")
        elif ty in ("ts", "date"):
            x = self.ch(x, f"date_trunc('month', {x})")
        return f"{x} {self.ch('ASC', 'DESC', 'USING <', 'USING >')}" + ("" if "USING" in x else f" NULLS {self.ch('FIRST', 'LAST')}")

    def q_topn(self):
        """Top-N queries: ORDER BY expressions that are not unique, then a unique key, LIMIT /
        OFFSET; or groups by the tenant ordered by an aggregate, then the tenant."""
        frm, al, pin = self.from_clause(self.ch("single", "single", "coloc", "ref"))
        conds = self.preds(al, 0.4)
        if pin and self.p(0.25):
            conds.append(self.pin(*pin[0]))
        lim = self.ch(f" LIMIT {self.R.randint(0, 15)}", f" LIMIT {self.R.randint(1, 9)} OFFSET {self.R.randint(1, 30)}",
                      f" OFFSET {self.R.randint(5, 200)}", " LIMIT ALL", f" FETCH FIRST {self.R.randint(1, 9)} ROWS ONLY")
        if pin and self.p(0.35):
            a, t = pin[0]
            tc = f"{a}.{self.T[t]['dist']}"
            aggs = [self.agg(al, False) for _ in range(self.R.randint(1, 2))]
            order = ", ".join(f"{i + 2} {self.ch('ASC', 'DESC')} NULLS {self.ch('FIRST', 'LAST')}" for i in range(len(aggs)))
            return (f"-- ordered\nSELECT {tc}, {', '.join(aggs)} FROM {frm}{self.where(conds)} GROUP BY {tc}"
                    f" ORDER BY {order}, 1 {self.ch('ASC', 'DESC')}{lim};")
        keys = self.key_exprs(al)
        order = [self.sort_key(*self.ch(al)) for _ in range(self.R.randint(1, 2))]
        order += [f"{k} {self.ch('ASC', 'DESC')}" for k in keys]
        sel = self.shadow([self.scalar(a, t)[0] for a, t in al for _ in range(self.R.randint(1, 2))], al)
        if self.p(0.5):
            sel += keys
        d = "DISTINCT " if self.p(0.1) else ""
        if d:
            # DISTINCT needs the ORDER BY items in the output
            sel = [o.rsplit(" ", 1)[0] if "NULLS" not in o else o.split(" NULLS")[0].rsplit(" ", 1)[0] for o in order]
            sel = [x.replace(" USING", "").strip() for x in sel]
        return f"-- ordered\nSELECT {d}{', '.join(sel)} FROM {frm}{self.where(conds)} ORDER BY {', '.join(order)}{lim};"

    # ---------------------------------------------------------------- more shapes
    def noncoloc_join(self, t=None):
        """A join (x, xc, y, yc) of the description between tables that are not colocated on
        it (reference tables excluded), touching t when given; None when there is none."""
        js = [j for j in self.joins if j[0] not in self.refs and j[2] not in self.refs
              and not (self.T[j[0]]["group"] == self.T[j[2]]["group"]
                       and self.T[j[0]]["dist"] in j[1] and self.T[j[2]]["dist"] in j[3])]
        if t is not None:
            js = [j for j in js if t in (j[0], j[2])]
        # a correlated subquery per row of a big table is too slow on both sides
        js = [j for j in js if j[0] not in self.big and j[2] not in self.big]
        return self.ch(js) if js else None

    def q_gsets_having(self):
        """GROUPING SETS / ROLLUP with HAVING on an aggregate, ORDER BY an aggregate then the
        whole output, CASE over aggregates in the select list."""
        frm, al, _ = self.from_clause(self.ch("single", "single", "coloc", "ref", "noncoloc"))
        conds = self.preds(al, 0.4)
        g = [self.group_expr(al) for _ in range(2)]
        kind = self.ch("ROLLUP", "CUBE", "GROUPING SETS")
        gs = (f"GROUPING SETS (({g[0]}, {g[1]}), ({g[1]}), ())" if kind == "GROUPING SETS"
              else f"{kind} ({g[0]}, {g[1]})")
        a, t = self.ch(al)
        nums = self.cols(t, ("int", "num"))
        x = f"{a}.{self.ch(nums)}" if nums else "1"
        case = self.ch(f"CASE WHEN count(*) > {self.R.randint(1, 8)} THEN 'many' WHEN count(*) = 1 THEN 'one' ELSE 'few' END",
                       f"CASE WHEN sum({x}) IS NULL THEN -1 ELSE count(DISTINCT {x}) END",
                       f"CASE GROUPING({g[0]}) WHEN 1 THEN 'all' ELSE 'one' END || ':' || count(*)")
        aggs = [self.agg(al), case]
        having = self.ch(f"count(*) > {self.R.randint(0, 4)}", f"sum({x}) IS NOT NULL OR count(*) > 1",
                         f"count(DISTINCT {x}) >= {self.R.randint(1, 3)}", f"GROUPING({g[1]}) = 0 OR count(*) > 2")
        sel = [f"{e} AS g{i}" for i, e in enumerate(g)] + [f"GROUPING({g[0]}, {g[1]}) AS gr"] + aggs
        order = f"count(*) {self.ch('ASC', 'DESC')}, " + self.order_all(len(sel))
        lim = f" LIMIT {self.R.randint(1, 15)}" if self.p(0.5) else ""
        return (f"-- ordered\nSELECT {', '.join(sel)} FROM {frm}{self.where(conds)} GROUP BY {gs} HAVING {having}"
                f" ORDER BY {order}{lim};")

    def q_window_over_agg(self):
        """Window functions over grouped aggregates (ordered by the group key, unique per group)."""
        frm, al, pin = self.from_clause(self.ch("single", "coloc", "ref", "noncoloc"))
        conds = self.preds(al, 0.4)
        if pin and self.p(0.3):
            conds.append(self.pin(*pin[0]))
        g = self.group_expr(al)
        a, t = self.ch(al)
        nums = self.cols(t, ("int", "num"))
        x = f"{a}.{self.ch(nums)}" if nums else f"{a}.{self.T[t]['key'][0]}"
        aggx = self.ch(f"count(*)", f"count({x})", f"sum({x})" if nums else "count(*)", f"max({x})" if nums else f"count({x})")
        o = f"{g} NULLS {self.ch('FIRST', 'LAST')}"
        wins = [self.ch(f"sum({aggx}) OVER (ORDER BY {o})", f"rank() OVER (ORDER BY {aggx} DESC NULLS LAST)",
                        f"lag({aggx}) OVER (ORDER BY {o})", f"{aggx} - first_value({aggx}) OVER (ORDER BY {o})",
                        f"sum({aggx}) OVER ()", f"dense_rank() OVER (ORDER BY count(*))",
                        f"avg(count(*)) OVER (ORDER BY {o} ROWS BETWEEN 1 PRECEDING AND 1 FOLLOWING)",
                        f"row_number() OVER (ORDER BY {aggx} DESC NULLS FIRST, {o})",
                        f"ntile(2) OVER (ORDER BY {o})")
                for _ in range(self.R.randint(1, 3))]
        sel = [f"{g} AS g", f"{aggx} AS v"] + wins
        having = f" HAVING count(*) > {self.R.randint(0, 3)}" if self.p(0.3) else ""
        return self.finish(", ".join(sel), len(sel), f" FROM {frm}{self.where(conds)} GROUP BY 1{having}")

    def q_nested3(self):
        """Subqueries nested three levels deep: IN within IN within IN, or FROM within FROM."""
        ints = [t for t in self.T if self.cols(t, "int")]
        t, u, v = self.ch(ints), self.ch(ints), self.ch(ints)
        if self.p(0.5):
            c1, c2, c3, c4 = (self.ch(self.cols(t, "int")), self.ch(self.cols(u, "int")),
                              self.ch(self.cols(u, "int")), self.ch(self.cols(v, "int")))
            w = self.ch(ints)
            c5, c6 = self.ch(self.cols(v, "int")), self.ch(self.cols(w, "int"))
            inner = (f"SELECT c.{c4} FROM {v} c WHERE c.{c5} {self.ch('IN', 'NOT IN')} "
                     f"(SELECT d.{c6} FROM {w} d WHERE {self.pred('d', w)})")
            if self.p(0.3):
                # correlated to the middle level
                inner += f" AND c.{c4} > b.{c3} - {self.R.randint(1, 20)}"
            mid = f"SELECT b.{c2} FROM {u} b WHERE b.{c3} {self.ch('IN', '= ANY')} ({inner})"
            conds = [f"a.{c1} {self.ch('IN', 'NOT IN')} ({mid})"] + self.preds([("a", t)], 0.3)
            keys = [f"a.{k}" for k in self.T[t]["key"]]
            if self.p(0.5):
                return f"SELECT count(*), count(DISTINCT a.{c1}) FROM {t} a{self.where(conds)};"
            return self.finish(", ".join(keys), len(keys), f" FROM {t} a{self.where(conds)}")
        d = self.T[t].get("dist") or self.T[t]["key"][0]
        g, _ = self.scalar("a", t)
        l1 = f"SELECT a.{d} AS k, {g} AS g FROM {t} a{self.where(self.preds([('a', t)], 0.5))}"
        if self.p(0.4):
            keys = ", ".join(f"a.{k}" for k in self.T[t]["key"])
            l1 += f" ORDER BY {keys} LIMIT {self.R.randint(5, 60)}"
        l2 = f"SELECT k, g, count(*) AS n FROM ({l1}) x GROUP BY k, g"
        l3 = f"SELECT g, sum(n) AS total, count(DISTINCT k) AS ks FROM ({l2}) y WHERE n >= {self.R.randint(1, 2)} GROUP BY g"
        return self.finish("z.g, z.total, z.ks", 3, f" FROM ({l3}) z WHERE z.total > {self.R.randint(0, 3)}")

    def q_corr_select_noncoloc(self):
        """Correlated subqueries in the select list over tables not colocated with the outer."""
        j = self.noncoloc_join()
        if j is None:
            return self.q_scalar_select()
        x, xc, y, yc = j
        if self.p(0.5):
            x, xc, y, yc = y, yc, x, xc
        corr = " AND ".join(f"e.{o} = a.{m}" for o, m in zip(yc, xc))
        conds = self.preds([("a", x)], 0.5)
        if self.is_coloc(x) and self.p(0.3):
            conds.append(self.pin("a", x))
        extra = f" AND {self.pred('e', y)}" if self.p(0.4) else ""
        ekeys = ", ".join(f"e.{k}" for k in self.T[y]["key"])
        s, _ = self.scalar("e", y)
        subs = [self.ch(f"(SELECT count(*) FROM {y} e WHERE {corr}{extra})",
                        f"(SELECT {self.agg([('e', y)], False)} FROM {y} e WHERE {corr}{extra})",
                        f"(SELECT {s} FROM {y} e WHERE {corr}{extra} ORDER BY {ekeys} LIMIT 1)",
                        f"EXISTS (SELECT 1 FROM {y} e WHERE {corr}{extra})")
                for _ in range(self.R.randint(1, 2))]
        keys = [f"a.{k}" for k in self.T[x]["key"]]
        sel = keys + subs
        if self.p(0.3):
            return f"SELECT count(*), count(DISTINCT {subs[0]}) FROM {x} a{self.where(conds)};"
        return self.finish(", ".join(sel), len(sel), f" FROM {x} a{self.where(conds)}")

    def q_agg_filter_distinct(self):
        """DISTINCT aggregates with FILTER, grouped or not."""
        frm, al, pin = self.from_clause()
        conds = self.preds(al, 0.3)
        aggs = []
        for _ in range(self.R.randint(1, 3)):
            a, t = self.ch(al)
            c = self.ch(self.cols(t))
            x = self.ref(a, t, c)
            b, u = self.ch(al)
            f = f" FILTER (WHERE {self.pred(b, u)})"
            opts = [f"count(DISTINCT {x}){f}"]
            if self.typ(t, c) in ("int", "num"):
                opts += [f"sum(DISTINCT {x}){f}", f"avg(DISTINCT {x}){f}"]
            if self.typ(t, c) in ("text", "enum"):
                opts += [f"string_agg(DISTINCT {x}, ',' ORDER BY {x}){f}", f"array_agg(DISTINCT {x}){f}"]
            aggs.append(self.ch(opts))
        if self.p(0.5):
            g = self.group_expr(al)
            return self.finish(", ".join([f"{g} AS g"] + aggs), len(aggs) + 1, f" FROM {frm}{self.where(conds)} GROUP BY 1")
        return f"SELECT {', '.join(aggs)} FROM {frm}{self.where(conds)};"

    def q_limit_sub(self):
        """ORDER BY + LIMIT inside subqueries and CTEs, joined or aggregated further."""
        t = self.ch(self.dist)
        keys = ", ".join(f"a.{k} {self.ch('ASC', 'DESC')}" for k in self.T[t]["key"])
        s, _ = self.scalar("a", t)
        d = self.T[t]["dist"]
        inner = (f"SELECT a.{d} AS k, {s} AS v FROM {t} a{self.where(self.preds([('a', t)], 0.5))}"
                 f" ORDER BY {keys} LIMIT {self.R.randint(1, 30)}")
        if self.p(0.3):
            inner += f" OFFSET {self.R.randint(1, 5)}"
        mat = self.ch("", "MATERIALIZED ", "NOT MATERIALIZED ")
        js = [j for j in self.joins if t in (j[0], j[2]) and len(j[1]) == 1
              and self.typ(j[0], j[1][0]) == self.typ(t, d)]
        kind = self.ch("cte_agg", "cte_join", "from_join", "in")
        if kind == "cte_agg":
            return f"WITH l AS {mat}({inner}) SELECT count(*), count(DISTINCT k), count(v), min(v::text) FROM l;"
        u, uc = t, d
        if js:
            x, xc, y, yc = self.ch(js)
            u, uc = (y, yc[0]) if x == t else (x, xc[0])
            if self.typ(u, uc) != self.typ(t, d):
                u, uc = t, d
        s2, _ = self.scalar("u", u)
        jt = self.ch("JOIN", "LEFT JOIN")
        if kind == "cte_join":
            return (f"WITH l AS {mat}({inner}) " +
                    self.finish(f"l.k, l.v, count(u.{uc}), max(({s2})::text)", 4,
                                f" FROM l {jt} {u} u ON u.{uc} = l.k GROUP BY l.k, l.v"))
        if kind == "from_join":
            return self.finish(f"l.k, l.v, count(u.{uc})", 3, f" FROM ({inner}) l {jt} {u} u ON u.{uc} = l.k GROUP BY 1, 2")
        return f"SELECT count(*), count(DISTINCT u.{uc}) FROM {u} u WHERE u.{uc} {self.ch('IN', 'NOT IN')} (SELECT k FROM ({inner}) l);"

    def q_recursive(self):
        """WITH RECURSIVE seeded from a distributed table, stepping over it or over numbers."""
        t = self.ch([x for x in self.dist if self.cols(x, "int")])
        c = self.ch(self.cols(t, "int"))
        seed = f"SELECT a.{c}::bigint AS k, 0 AS depth FROM {t} a WHERE {self.pred('a', t)}"
        u = self.ch([x for x in self.T if len(self.cols(x, "int")) >= 2] or [t])
        ic = self.cols(u, "int")
        uc, vc = self.ch(ic), self.ch(ic)
        if self.p(0.5) and len(ic) >= 2:
            step = f"SELECT b.{vc}::bigint, r.depth + 1 FROM r JOIN {u} b ON b.{uc} = r.k WHERE r.depth < {self.R.randint(1, 2)}"
        else:
            step = f"SELECT r.k + 1, r.depth + 1 FROM r WHERE r.depth < {self.R.randint(1, 4)}"
        body = self.ch("SELECT count(*), count(DISTINCT k), sum(depth), max(k) FROM r;",
                       f"SELECT depth, count(*), count(k) FROM r GROUP BY depth ORDER BY depth;")
        return f"WITH RECURSIVE r(k, depth) AS ({seed} UNION {step}) {body}"

    def q_exists_or(self):
        """EXISTS / NOT EXISTS combined with OR, IN over VALUES lists with NULLs."""
        t = self.ch(self.dist)
        a = "a"
        conds = self.preds([(a, t)], 0.3)
        parts = []
        js = [j for j in self.joins if t in (j[0], j[2])]
        if js:
            x, xc, y, yc = self.ch(js)
            other, oc, mc = (y, yc, xc) if x == t else (x, xc, yc)
            corr = " AND ".join(f"e.{o} = a.{m}" for o, m in zip(oc, mc))
            parts.append(f"{self.ch('', 'NOT ')}EXISTS (SELECT 1 FROM {other} e WHERE {corr}"
                         f"{' AND ' + self.pred('e', other) if self.p(0.5) else ''})")
        ints = self.cols(t, "int")
        if ints:
            c = self.ch(ints)
            vals = [str(self.R.randint(0, 20)) for _ in range(self.R.randint(1, 4))]
            if self.p(0.5):
                vals.append("NULL")
            self.R.shuffle(vals)
            vl = ", ".join(f"({v})" for v in vals)
            parts.append(self.ch(f"a.{c} IN (VALUES {vl})", f"a.{c} NOT IN (VALUES {vl})",
                                 f"a.{c} IN ({', '.join(vals)})", f"a.{c} NOT IN ({', '.join(vals)})",
                                 f"a.{c} = ANY(ARRAY[{', '.join(vals)}]::int[])"))
        parts.append(self.pred(a, t))
        self.R.shuffle(parts)
        conds.append("(" + f" {self.ch('OR', 'OR', 'AND')} ".join(parts) + ")")
        if self.p(0.2):
            conds[-1] = f"NOT {conds[-1]}"
        keys = [f"a.{k}" for k in self.T[t]["key"]]
        if self.p(0.4):
            return f"SELECT count(*) FROM {t} a{self.where(conds)};"
        return self.finish(", ".join(keys), len(keys), f" FROM {t} a{self.where(conds)}")

    def q_using(self):
        """Joins USING (the merged column, also of FULL joins) and NATURAL joins."""
        js = [j for j in self.joins if j[1] == j[3]]
        if not js:
            return self.q_rows()
        x, xc, y, yc = self.ch(js)
        if self.p(0.5):
            x, y = y, x
        jt = self.ch("JOIN", "LEFT JOIN", "RIGHT JOIN", "FULL JOIN")
        # NATURAL joins on every column named alike, whatever the types: only when those are
        # exactly the join's columns
        common = [c for c in self.cols(x) if c in self.T[y]["cols"]]
        if self.p(0.25) and common and set(common) == set(xc):
            frm = f"{x} NATURAL {jt} {y}"
            a, b = x, y
        else:
            frm = f"{x} a {jt} {y} b USING ({', '.join(xc)})"
            a, b = "a", "b"
        merged = xc[0]
        conds = self.preds([(a, x), (b, y)], 0.3)
        if self.is_coloc(x) and self.p(0.3):
            v = self.tval()
            conds.append(f"{merged} = {v}" if merged == self.T[x]["dist"] else self.pin(a, x))
        keys = self.key_exprs([(a, x), (b, y)])
        if self.p(0.5):
            return self.finish(f"{merged}, count(*), count({a}.{merged}), count({b}.{merged})", 4,
                               f" FROM {frm}{self.where(conds)} GROUP BY {merged}")
        sel = [merged] + keys
        return self.finish(", ".join(sel), len(sel), f" FROM {frm}{self.where(conds)}")

    def q_collate(self):
        """Text functions and comparisons under explicit collations, in filters, groups, sorts
        and aggregates (non-deterministic collations only where the answer stays unique)."""
        texts = [(t, c) for t in self.T for c in self.cols(t, "text")]
        t, c = self.ch(texts)
        x = f"a.{c}"
        colls = ['"C"', '"POSIX"', '"default"'] + self.colls
        k = self.ch(colls)
        det = k not in self.colls
        conds = self.preds([("a", t)], 0.3)
        cmp = [f"{x} COLLATE {k} < {self.const('text')}", f"{x} COLLATE {k} = upper({x})", f"{x} > 'M' COLLATE {k}",
               f"{x} COLLATE {k} BETWEEN 'a' AND 'n'", f"{x} COLLATE {k} IN ('a', 'A', 'paid')"]
        if det:
            # LIKE is not supported under non-deterministic collations
            cmp.append(f"lower({x} COLLATE {k}) LIKE '%a%'")
        conds.append(self.ch(cmp))
        if not det:
            return f"SELECT count(*), count(DISTINCT {x} COLLATE {k}) FROM {self.T_name(t)} a{self.where(conds)};"
        g = self.ch(f"upper({x} COLLATE {k})", f"left({x}, 2) COLLATE {k}", f"{x} COLLATE {k}",
                    f"initcap({x})", f"translate({x}, 'ae', 'AE')", f"reverse({x})", f"lpad({x}, 6, '*')")
        aggs = self.ch(f"min({x} COLLATE {k})", f"max({x} COLLATE {k})",
                       f"string_agg({x}, ',' ORDER BY {x} COLLATE {k}, {x} COLLATE \"C\")", f"count(*)")
        return self.finish(f"{g} AS g, {aggs}, count(*)", 3, f" FROM {self.T_name(t)} a{self.where(conds)} GROUP BY 1")

    def T_name(self, t):
        return t

    def q_odd2(self):
        """More corners: set operations of ordered LIMIT branches, HAVING with a subquery
        correlated to the group key, ARRAY(subquery), row comparisons, IS NOT DISTINCT FROM
        joins, LIMIT given by a subquery, USING merged columns grouped / DISTINCT ON / windowed."""
        kind = self.ch("setop_limit", "having_corr", "array_sub", "row_cmp", "not_distinct", "limit_expr", "using_more")
        t = self.ch(self.dist)
        keys = [f"a.{k}" for k in self.T[t]["key"]]
        if kind == "setop_limit":
            def branch(alias):
                u = self.ch(self.dist)
                k = ", ".join(f"{alias}.{c} {self.ch('ASC', 'DESC')}" for c in self.T[u]["key"])
                return (f"(SELECT ({self.scalar(alias, u)[0]})::text AS x FROM {u} {alias}"
                        f"{self.where(self.preds([(alias, u)], 0.5))} ORDER BY {k} LIMIT {self.R.randint(1, 8)})")
            op = self.ch("UNION", "UNION ALL", "INTERSECT", "EXCEPT ALL")
            return self.finish("x, count(*)", 2, f" FROM ({branch('p')} {op} {branch('q')}) u GROUP BY x")
        if kind == "having_corr":
            d = self.T[t]["dist"]
            js = [j for j in self.joins if (j[0] == t and j[1] == [d]) or (j[2] == t and j[3] == [d])]
            if not js:
                return self.q_group()
            x, xc, y, yc = self.ch(js)
            u, uc = (y, yc[0]) if x == t else (x, xc[0])
            return self.finish(f"a.{d}, count(*)", 2,
                               f" FROM {t} a{self.where(self.preds([('a', t)], 0.4))} GROUP BY a.{d} HAVING count(*) "
                               f"{self.ch('>', '<=', '>=')} (SELECT count(*) FROM {u} e WHERE e.{uc} = a.{d}) - {self.R.randint(0, 3)}")
        if kind == "array_sub":
            js = [j for j in self.joins if t in (j[0], j[2])]
            if not js:
                return self.q_rows()
            x, xc, y, yc = self.ch(js)
            other, oc, mc = (y, yc, xc) if x == t else (x, xc, yc)
            corr = " AND ".join(f"e.{o} = a.{m}" for o, m in zip(oc, mc))
            ek = ", ".join(f"e.{k}" for k in self.T[other]["key"])
            s_, _ = self.scalar("e", other)
            sel = keys + [f"ARRAY(SELECT {s_} FROM {other} e WHERE {corr} ORDER BY {ek} LIMIT {self.R.randint(1, 4)})"]
            return self.finish(", ".join(sel), len(sel), f" FROM {t} a{self.where(self.preds([('a', t)], 0.6))}")
        if kind == "row_cmp":
            ints = self.cols(t, "int")
            if len(ints) < 2:
                return self.q_rows()
            c1, c2 = self.R.sample(ints, 2)
            cond = self.ch(f"(a.{c1}, a.{c2}) > ({self.R.randint(1, 10)}, {self.R.randint(1, 30)})",
                           f"(a.{c1}, a.{c2}) IN (({self.R.randint(1, 5)}, {self.R.randint(1, 40)}), (1, NULL), ({self.R.randint(1, 9)}, {self.R.randint(1, 9)}))",
                           f"(a.{c1}, a.{c2}) IS DISTINCT FROM ({self.R.randint(1, 5)}, NULL)",
                           f"ROW(a.{c1}, a.{c2}) <= ROW({self.R.randint(1, 10)}, {self.R.randint(1, 50)})")
            if self.p(0.4):
                return f"SELECT count(*), sum(a.{c2}) FROM {t} a WHERE {cond};"
            return self.finish(", ".join(keys), len(keys), f" FROM {t} a WHERE {cond}")
        if kind == "not_distinct":
            js = [j for j in self.joins if len(j[1]) == 1]
            x, xc, y, yc = self.ch(js)
            # (FULL JOIN needs a hash- or merge-joinable condition: not IS NOT DISTINCT FROM)
            jt = self.ch("JOIN", "LEFT JOIN", "RIGHT JOIN")
            s_, _ = self.scalar("t1", y)
            return self.finish(f"{s_}, count(*), count(t0.{xc[0]})", 3,
                               f" FROM {x} t0 {jt} {y} t1 ON t1.{yc[0]} IS NOT DISTINCT FROM t0.{xc[0]}"
                               f"{self.where(self.preds([('t0', x)], 0.5))} GROUP BY 1")
        if kind == "limit_expr":
            u = self.ch(self.refs + self.dist)
            k = ", ".join(f"{c} {self.ch('ASC', 'DESC')}" for c in keys)
            return (f"-- ordered\nSELECT {', '.join(keys)} FROM {t} a{self.where(self.preds([('a', t)], 0.5))} ORDER BY {k} "
                    f"LIMIT (SELECT count(*) FROM {u} z WHERE {self.pred('z', u)}) % {self.R.randint(3, 12)}"
                    f" OFFSET (SELECT {self.R.randint(0, 3)});")
        js = [j for j in self.joins if j[1] == j[3]]
        if not js:
            return self.q_rows()
        x, xc, y, yc = self.ch(js)
        m = xc[0]
        frm = f"{x} a {self.ch('FULL JOIN', 'LEFT JOIN', 'JOIN')} {y} b USING ({', '.join(xc)})"
        conds = self.preds([("a", x), ("b", y)], 0.3)
        bk = self.key_exprs([("a", x), ("b", y)])
        shape = self.ch("rollup", "distinct_on", "window", "sub_limit")
        if shape == "rollup":
            return self.finish(f"{m}, count(*), count(b.{m})", 3, f" FROM {frm}{self.where(conds)} GROUP BY ROLLUP ({m})")
        if shape == "distinct_on":
            order = ", ".join(f"{e} {self.ch('ASC', 'DESC')} NULLS LAST" for e in bk)
            # by position: the bare name would be ambiguous among the outputs named like it
            return (f"-- ordered\nSELECT DISTINCT ON (1) {m}, {', '.join(bk)} FROM {frm}{self.where(conds)} "
                    f"ORDER BY 1 NULLS FIRST, {order} LIMIT {self.R.randint(1, 10)};")
        if shape == "window":
            sel = [m] + bk + [f"count(*) OVER (PARTITION BY {m})", f"row_number() OVER (PARTITION BY {m} ORDER BY {', '.join(bk)})"]
            return self.finish(", ".join(sel), len(sel), f" FROM {frm}{self.where(conds)}")
        inner = (f"SELECT {m}, {', '.join(e + ' AS k' + str(i) for i, e in enumerate(bk))} FROM {frm}{self.where(conds)} "
                 f"ORDER BY 1 NULLS LAST, {', '.join(str(i + 2) for i in range(len(bk)))} LIMIT {self.R.randint(1, 12)}")
        return f"SELECT count(*), count(DISTINCT {m}), min(k0::text) FROM ({inner}) s;"

    # ---------------------------------------------------------------- session 7 shapes
    def okey(self, a, t, typ=("int", "num", "date", "ts")):
        """A (not necessarily unique) orderable column of a.t of one of the types, or None."""
        cs = self.cols(t, set(typ))
        return f"{a}.{self.ch(cs)}" if cs else None

    def q_ordered_set(self):
        """Ordered-set and order-sensitive aggregates: percentile_cont / percentile_disc (also
        with an array of fractions), mode() over types whose equal values print alike,
        json_agg / json_object_agg / jsonb_object_agg ordered by a unique key, count(DISTINCT)
        over several columns or expressions; grouped by the tenant, an expression or nothing."""
        frm, al, pin = self.from_clause(self.ch("single", "single", "coloc", "ref", "noncoloc"))
        conds = self.preds(al, 0.4)
        if pin and self.p(0.3):
            conds.append(self.pin(*pin[0]))
        aggs = []
        for _ in range(self.R.randint(1, 3)):
            a, t = self.ch(al)
            key = ", ".join(self.key_exprs([(a, t)]))
            c = self.ch(self.cols(t))
            ty = self.typ(t, c)
            x = self.ref(a, t, c)
            b, u = self.ch(al)
            y = self.ref(b, u, self.ch(self.cols(u)))
            # a NULL key (outer joins) comes with NULL values: one '~' field of NULL whichever wins
            kt = " || ':' || ".join(f"coalesce({e}::text, '~')" for e in self.key_exprs([(a, t)]))
            allkey = ", ".join(self.key_exprs(al))
            opts = [f"count(DISTINCT ({x}, {y}))", f"count(DISTINCT {x}::text || '/' || {y}::text)",
                    f"count(DISTINCT coalesce({x}::text, '~'))", f"json_agg({x} ORDER BY {key})::text",
                    f"json_object_agg({kt}, {x} ORDER BY {key})::text", f"jsonb_object_agg({kt}, {x})::text",
                    f"jsonb_agg({x} ORDER BY {key} DESC)::text", f"array_agg({y} ORDER BY {allkey}) FILTER (WHERE {x} IS NOT NULL)"]
            if ty in ("int", "text", "date", "ts", "bool"):
                # equal values print alike: mode() takes the first of the most frequent in order
                opts.append(f"mode() WITHIN GROUP (ORDER BY {x})")
                opts.append(f"mode() WITHIN GROUP (ORDER BY {x} DESC)")
            if ty in ("int", "num"):
                f = self.ch("0.5", "0.25", "0.9", "0", "1")
                opts += [f"percentile_disc({f}) WITHIN GROUP (ORDER BY {x})",
                         f"round(percentile_cont({f}) WITHIN GROUP (ORDER BY {x})::numeric, 4)",
                         f"percentile_disc(ARRAY[0.1, 0.5, 0.9]) WITHIN GROUP (ORDER BY {x} DESC)",
                         f"percentile_disc({f}) WITHIN GROUP (ORDER BY {x}) FILTER (WHERE {self.pred(b, u)})",
                         f"rank({self.R.randint(0, 30)}) WITHIN GROUP (ORDER BY {x} DESC NULLS LAST)",
                         f"round(percent_rank({self.R.randint(0, 30)}) WITHIN GROUP (ORDER BY {x})::numeric, 6)",
                         f"round(cume_dist({self.R.randint(0, 30)}) WITHIN GROUP (ORDER BY {x} NULLS FIRST)::numeric, 6)",
                         f"dense_rank({self.R.randint(0, 30)}) WITHIN GROUP (ORDER BY {x})"]
            if ty in ("date", "ts"):
                opts += [f"percentile_disc(0.5) WITHIN GROUP (ORDER BY {x})",
                         f"percentile_disc(0.9) WITHIN GROUP (ORDER BY {x} DESC)"]
            aggs.append(self.ch(opts))
        r = self.R.random()
        if r < 0.35:
            return f"SELECT {', '.join(aggs)} FROM {frm}{self.where(conds)};"
        if r < 0.7 and pin:
            a, t = pin[0]
            g = f"{a}.{self.T[t]['dist']}"
        else:
            g = self.group_expr(al)
        having = f" HAVING count(*) > {self.R.randint(0, 4)}" if self.p(0.3) else ""
        sel = [f"{g} AS g"] + aggs
        return self.finish(", ".join(sel), len(sel), f" FROM {frm}{self.where(conds)} GROUP BY 1{having}")

    def q_window_frames(self):
        """Window functions with RANGE (offsets too) / GROUPS frames and EXCLUDE, ntile,
        percent_rank, cume_dist, first_value / last_value / nth_value of the order key, FILTER
        on window aggregates; peers-based frames make a non-unique order deterministic."""
        frm, al, pin = self.from_clause(self.ch("single", "single", "coloc", "ref"))
        conds = self.preds(al, 0.4)
        if pin and self.p(0.3):
            conds.append(self.pin(*pin[0]))
        keys = self.key_exprs(al)
        okey = ", ".join(keys)
        a, t = self.ch(pin) if pin and self.p(0.6) else self.ch(al)
        part = self.ch(f"PARTITION BY {a}.{self.T[t]['dist']}" if not self.T[t].get("ref") else "", "")
        ints = [(b, u, c) for b, u in al for c in self.cols(u, "int")]
        nums = [(b, u, c) for b, u in al for c in self.cols(u, ("int", "num"))]
        if not ints:
            return self.q_window()
        ib, iu, ic = self.ch(ints)
        o = f"{ib}.{ic}"  # not unique: every frame below is peer-based or the function is
        nb, nu, nc = self.ch(nums)
        x = f"{nb}.{nc}"
        bf, bt = self.ch(al)
        flt = self.pred(bf, bt)
        excl = self.ch("", " EXCLUDE CURRENT ROW", " EXCLUDE GROUP", " EXCLUDE TIES", " EXCLUDE NO OTHERS")
        d = self.ch("", " DESC")
        nl = self.ch(" NULLS FIRST", " NULLS LAST")
        peer_frames = [f"RANGE BETWEEN {self.R.randint(0, 5)} PRECEDING AND {self.R.randint(0, 5)} FOLLOWING",
                       "RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW",
                       "RANGE BETWEEN CURRENT ROW AND UNBOUNDED FOLLOWING",
                       f"GROUPS BETWEEN {self.R.randint(0, 2)} PRECEDING AND {self.R.randint(0, 2)} FOLLOWING",
                       "GROUPS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING",
                       f"GROUPS {self.R.randint(1, 3)} PRECEDING"]
        fr = self.ch(peer_frames) + excl
        ow = f"({part} ORDER BY {o}{d}{nl} {fr})"
        wins = []
        for _ in range(self.R.randint(1, 3)):
            wins.append(self.ch(
                f"sum({x}) OVER {ow}", f"count(*) OVER {ow}", f"count({x}) FILTER (WHERE {flt}) OVER {ow}",
                f"min({x}) OVER {ow}", f"max({o}) OVER {ow}", f"first_value({o}) OVER {ow}",
                f"last_value({o}) OVER {ow}", f"nth_value({o}, 2) OVER {ow}",
                f"percent_rank() OVER ({part} ORDER BY {o}{d}{nl})", f"cume_dist() OVER ({part} ORDER BY {o}{d}{nl})",
                f"ntile({self.R.randint(2, 5)}) OVER ({part} ORDER BY {o}{nl}, {okey})",
                f"nth_value({self.scalar(*self.ch(al))[0]}, {self.R.randint(1, 3)}) OVER ({part} ORDER BY {okey} ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING)",
                f"sum({x}) FILTER (WHERE {flt}) OVER ({part})",
                f"count(*) FILTER (WHERE {flt}) OVER ({part} ORDER BY {okey} ROWS BETWEEN 2 PRECEDING AND CURRENT ROW EXCLUDE CURRENT ROW)",
                f"bool_or({flt}) OVER {ow}",
                f"array_agg({o}) OVER ({part} ORDER BY {okey} ROWS BETWEEN 1 PRECEDING AND 1 FOLLOWING EXCLUDE CURRENT ROW)"))
        sel = keys + wins
        rest = f" FROM {frm}{self.where(conds)}"
        if self.p(0.25):
            inner = f"SELECT {', '.join(f'{e} AS c{i}' for i, e in enumerate(sel))}{rest}"
            return self.finish("*", len(sel), f" FROM ({inner}) w WHERE c{len(sel) - 1} IS NOT NULL")
        if self.p(0.2):
            return f"SELECT count(*), count(DISTINCT w), min(w::text), max(w::text) FROM (SELECT {wins[0]} AS w{rest}) s;"
        return self.finish(", ".join(sel), len(sel), rest)

    def q_group_forms(self):
        """GROUP BY spelled differently: ordinal positions mixed with expressions, expressions
        not in the output, GROUP BY DISTINCT, ROLLUP next to plain keys, grouping() of several
        keys, GROUP BY ()."""
        frm, al, pin = self.from_clause(self.ch("single", "single", "coloc", "ref", "noncoloc"))
        conds = self.preds(al, 0.4)
        if pin and self.p(0.3):
            conds.append(self.pin(*pin[0]))
        g = [self.group_expr(al) for _ in range(self.R.randint(2, 3))]
        aggs = [self.agg(al, False) for _ in range(self.R.randint(1, 2))]
        kind = self.ch("ordinal_mix", "hidden", "distinct_rollup", "plain_rollup", "empty", "dup")
        sel = [f"{e} AS g{i}" for i, e in enumerate(g)]
        if kind == "ordinal_mix":
            gb = ", ".join(str(i + 1) if self.p(0.5) else e for i, e in enumerate(g))
        elif kind == "hidden":
            # the first key stays out of the output: its groups show through the aggregates
            sel = sel[1:]
            gb = ", ".join(g)
            sel.append(f"count(*) AS n")
        elif kind == "distinct_rollup":
            gb = f"DISTINCT ROLLUP ({g[0]}, {g[1]}), ROLLUP ({g[0]})"
            sel = sel[:2]
            sel.append(f"grouping({', '.join(g[:2])})")
        elif kind == "plain_rollup":
            gb = f"{g[0]}, ROLLUP ({', '.join(g[1:])})"
            sel.append(f"grouping({', '.join(reversed(g))})")
        elif kind == "empty":
            sel = []
            gb = "()"
        else:
            gb = f"{g[0]}, {g[0]}, {', '.join(str(i + 1) for i in range(len(g)))}"
        sel += aggs
        having = f" HAVING count(*) > {self.R.randint(0, 3)}" if self.p(0.3) else ""
        return self.finish(", ".join(sel), len(sel), f" FROM {frm}{self.where(conds)} GROUP BY {gb}{having}")

    def q_setop_whole(self):
        """Set operations ordered and limited as a whole (no wrapping subquery), precedence of
        INTERSECT over UNION / EXCEPT, parenthesised ALL variants, VALUES branches."""
        def branch():
            frm, al, pin = self.from_clause(self.ch("single", "single", "coloc", "ref"))
            conds = self.preds(al, 0.5)
            if pin and self.p(0.4):
                conds.append(self.pin(*pin[0]))
            a, t = self.ch(al)
            b, u = self.ch(al)
            ints = self.cols(u, "int")
            c2 = f"{b}.{self.ch(ints)}" if ints else f"length(({self.scalar(b, u)[0]})::text)"
            return f"SELECT ({self.scalar(a, t)[0]})::text AS x, ({c2})::bigint AS y FROM {frm}{self.where(conds)}"
        ops = ["UNION", "UNION ALL", "INTERSECT", "INTERSECT ALL", "EXCEPT", "EXCEPT ALL"]
        q = f"{branch()} {self.ch(ops)} {branch()}"
        if self.p(0.5):
            third = branch() if self.p(0.7) else f"VALUES ('a', 1::bigint), (NULL, NULL), ('open', 2)"
            if self.p(0.5):
                q = f"({q}) {self.ch(ops)} ({third})"
            else:
                q = f"{q} {self.ch(ops)} {third}"
        if self.p(0.6):
            lim = f" LIMIT {self.R.randint(0, 15)}" if self.p(0.8) else ""
            if self.p(0.3):
                lim += f" OFFSET {self.R.randint(1, 10)}"
            order = self.ch(self.order_all(2), "y DESC NULLS FIRST, x NULLS LAST", "2, 1 DESC")
            return f"-- ordered\n{q} ORDER BY {order}{lim};"
        return q + ";"

    def q_series_values(self):
        """generate_series / VALUES / unnest WITH ORDINALITY joined to distributed tables, also
        as a per-tenant LATERAL top-N and as a gap-filling date axis."""
        t = self.ch(self.main_group)
        d = self.T[t]["dist"]
        keys = [f"a.{k}" for k in self.T[t]["key"]]
        conds = self.preds([("a", t)], 0.3)
        kind = self.ch("series_join", "values_join", "lateral_topn", "ordinality", "date_axis")
        jt = self.ch("JOIN", "LEFT JOIN", "RIGHT JOIN", "FULL JOIN")
        tv = sorted(set(self.R.sample(self.tenants, min(3, len(self.tenants)))))
        if kind == "series_join":
            lo = self.R.randint(0, 10)
            on = f"a.{d} = g.i" + (f" AND {conds.pop()}" if conds and jt != "JOIN" else "")
            return self.finish(f"g.i, count(a.{d}), {self.agg([('a', t)], False)}", 3,
                               f" FROM generate_series({lo}, {lo + self.R.randint(3, 30)}) g(i) {jt} {t} a ON {on}{self.where(conds)} GROUP BY g.i")
        if kind == "values_join":
            ints = self.cols(t, "int")
            c = self.ch(ints)
            vals = [str(self.R.randint(0, 30)) for _ in range(self.R.randint(2, 5))] + (["NULL"] if self.p(0.4) else [])
            vl = ", ".join(f"({v}, '{'n' if v == 'NULL' else 'v' + v}')" for v in vals)
            return self.finish(f"v.k, v.s, count(a.{c}), count(*)", 4,
                               f" FROM (VALUES {vl}) v(k, s) {jt} {t} a ON a.{c} = v.k{self.where(conds)} GROUP BY v.k, v.s")
        if kind == "lateral_topn":
            okeys = ", ".join(f"l.{k} {self.ch('ASC', 'DESC')}" for k in self.T[t]["key"])
            s, _ = self.scalar("l", t)
            src = self.ch(f"unnest(ARRAY[{', '.join(map(str, tv))}]) v(tid)", f"(VALUES {', '.join(f'({x})' for x in tv)}) v(tid)",
                          f"generate_series({tv[0]}, {tv[-1]}) v(tid)")
            jl = self.ch("CROSS JOIN LATERAL", "LEFT JOIN LATERAL")
            on = " ON true" if jl.startswith("LEFT") else ""
            lw = self.where([f"l.{d} = v.tid"] + self.preds([("l", t)], 0.4))
            okl = ", ".join(f"l.{k}" for k in self.T[t]["key"])
            return self.finish(f"v.tid, x.v, x.k", 3,
                               f" FROM {src} {jl} (SELECT {s} AS v, ({okl})::text AS k FROM {t} l{lw} ORDER BY {okeys} LIMIT {self.R.randint(1, 4)}) x{on}")
        if kind == "ordinality":
            return self.finish(f"u.n, u.tid, count(a.{d})", 3,
                               f" FROM unnest(ARRAY[{', '.join(map(str, tv))}, NULL]) WITH ORDINALITY u(tid, n) {self.ch('JOIN', 'LEFT JOIN')} {t} a ON a.{d} = u.tid{self.where(conds)} GROUP BY 1, 2")
        tcs = self.cols(t, ("ts", "date"))
        if not tcs:
            return self.q_rows()
        c = self.ch(tcs)
        y = self.R.randint(2022, 2024)
        step = self.ch("1 month", "3 months", "1 year")
        expr = f"date_trunc('month', a.{c} AT TIME ZONE 'UTC')" if self.typ(t, c) == "ts" else f"date_trunc('month', a.{c}::timestamp)"
        return self.finish(f"m.m::date, count(a.{d})", 2,
                           f" FROM generate_series(timestamp '{y}-01-01', timestamp '{y + 1}-12-01', interval '{step}') m(m)"
                           f" LEFT JOIN {t} a ON {expr} = m.m{' AND ' + self.pin('a', t) if self.p(0.5) else ''} GROUP BY m.m")

    def q_casts_nulls(self):
        """Joins whose conditions cast between types (the tenant as bigint / numeric / text on
        one or both sides), IN lists with mixed NULLs on the distribution column, row values
        and TABLE."""
        kind = self.ch("cast_join", "cast_join", "in_nulls", "rows", "table")
        if kind == "cast_join":
            js = [j for j in self.joins if j[0] not in self.refs or j[2] not in self.refs]
            x, xc, y, yc = self.ch(js)
            jt = self.ch("JOIN", "LEFT JOIN", "RIGHT JOIN", "FULL JOIN")
            parts = []
            for p, q in zip(xc, yc):
                tp = self.typ(x, p)
                if tp == "int":
                    parts.append(self.ch(f"t1.{q}::bigint = t0.{p}", f"t1.{q} = t0.{p}::numeric", f"t1.{q}::text = t0.{p}::text",
                                         f"t1.{q}::int8 = t0.{p}::int2", f"t1.{q} + 0 = t0.{p}", f"t1.{q} = t0.{p}"))
                elif tp in ("text", "enum"):
                    parts.append(self.ch(f"t1.{q}::varchar = t0.{p}::text", f"t1.{q}::text = t0.{p}::text", f"lower(t1.{q}::text) = lower(t0.{p}::text)"))
                else:
                    parts.append(f"t1.{q}::text = t0.{p}::text")
            on = " AND ".join(parts)
            if "int2" in on:
                # smallint casts overflow on big keys: only where the values are small
                on = on.replace("::int2", "::int")
            al = [("t0", x), ("t1", y)]
            conds = self.preds(al, 0.3)
            if self.is_coloc(x) and jt in ("JOIN", "LEFT JOIN") and self.p(0.4):
                conds.append(self.pin("t0", x))
            keys = self.key_exprs(al)
            if self.p(0.5):
                return f"SELECT count(*), count(t0.{xc[0]}), count(t1.{yc[0]}) FROM {x} t0 {jt} {y} t1 ON {on}{self.where(conds)};"
            return self.finish(", ".join(keys), len(keys), f" FROM {x} t0 {jt} {y} t1 ON {on}{self.where(conds)}")
        t = self.ch(self.main_group)
        d = self.T[t]["dist"]
        keys = [f"a.{k}" for k in self.T[t]["key"]]
        if kind == "in_nulls":
            v, w = self.tval(), self.tval()
            cond = self.ch(f"a.{d} IN ({v}, NULL)", f"a.{d} IN (NULL, {v}, {w})", f"a.{d} NOT IN ({v}, NULL)",
                           f"a.{d} = ANY(ARRAY[{v}, NULL])", f"a.{d} IN (NULL)", f"a.{d} <> ALL(ARRAY[{v}, {w}])",
                           f"a.{d} IN ({v}::bigint, NULL::int, {w}::numeric)", f"NOT (a.{d} IN ({v}, NULL))",
                           f"(a.{d} IN ({v}, NULL)) IS NULL", f"a.{d} = ANY('{{{v},NULL}}'::int[])")
            conds = [cond] + self.preds([("a", t)], 0.3)
            if self.p(0.4):
                return f"SELECT count(*), count(DISTINCT a.{d}) FROM {t} a{self.where(conds)};"
            return self.finish(", ".join(keys), len(keys), f" FROM {t} a{self.where(conds)}")
        if kind == "rows":
            c1 = self.ch(self.cols(t))
            c2 = self.ch(self.cols(t, self.typ(t, c1)))
            sel = self.ch(f"ROW(a.{c1}, a.{c2})::text", f"(a.{c1}, a.{c2}) IS NULL", f"(a.{c1}, a.{c2}) IS NOT NULL",
                          f"(a.{c1}, a.{d}) = (a.{c2}, a.{d})", f"(a.{c1}, a.{d}) < (a.{c2}, {self.tval()})", f"a::text", f"(a.*)::text IS NOT NULL")
            conds = self.preds([("a", t)], 0.4)
            if self.p(0.4):
                conds.append(self.pin("a", t))
            return self.finish(", ".join(keys + [sel]), len(keys) + 1, f" FROM {t} a{self.where(conds)}")
        # TABLE t, whole, in a set operation or as a subquery
        u = self.ch(self.main_group)
        if self.p(0.5) and u == t:
            return f"SELECT count(*) FROM (TABLE {t} {self.ch('UNION', 'EXCEPT', 'INTERSECT ALL')} TABLE {t}) x;"
        return f"SELECT count(*), count(DISTINCT x.*) FROM (TABLE {t}) x WHERE x.{d} {self.ch('IN', 'NOT IN')} (SELECT {self.T[u]['dist']} FROM {u});"

    def q_styles(self):
        """A session setting that changes how values print (DateStyle, IntervalStyle,
        extra_float_digits, TimeZone), then SELECTs formatting date/time, interval, float,
        range and geometric values as text in many ways (casts, ||, concat, format, arrays,
        rows, ranges, JSON, XML, string_agg), then RESET: what the workers would print in their
        own styles must be printed by the coordinator."""
        name, value = self.ch(("DateStyle", "'SQL, DMY'"), ("DateStyle", "'German'"), ("DateStyle", "'Postgres, MDY'"),
                              ("IntervalStyle", "'sql_standard'"), ("IntervalStyle", "'iso_8601'"),
                              ("extra_float_digits", "0"), ("extra_float_digits", "-2"), ("TimeZone", "'Asia/Kolkata'"))
        out = [f"SET {name} = {value};"]
        for _ in range(self.R.randint(1, 2)):
            frm, al, pin = self.from_clause(self.ch("single", "single", "coloc", "ref"))
            conds = self.preds(al, 0.3)
            if pin and self.p(0.3):
                conds.append(self.pin(*pin[0]))
            vals = []
            for a, t in al:
                for c in self.cols(t, ("date", "ts", "num", "int", "float")):
                    ty = self.typ(t, c)
                    x = f"{a}.{c}"
                    if ty == "date":
                        vals += [x, f"daterange({x}, {x} + 3)", f"({x} - date '2022-01-01') * interval '1 hour'"]
                    elif ty == "ts":
                        vals += [x, f"tstzrange({x}, {x} + interval '1 day')", f"{x} - timestamptz '2022-01-01 00:00:00+00'",
                                 f"({x} AT TIME ZONE 'UTC')::time"]
                    elif ty in ("num", "int"):
                        vals += [f"{x}::float8 / 3", f"point({x}::float8 / 7, 1)", f"numrange({x}::numeric, {x}::numeric + 1)"]
                    else:
                        vals += [x, f"{x} / 3"]
            if not vals:
                continue
            v = self.ch(vals)
            fmt = self.ch(f"({v})::text", f"({v}) || ''", f"concat('<', {v}, '>')", f"format('%s', {v})", f"ARRAY[{v}]::text",
                          f"ROW({v}, 1)::text", f"to_json({v})::text", f"jsonb_build_array({v})::text",
                          f"xmlelement(name v, {v})::text", f"quote_nullable({v})")
            keys = self.key_exprs(al)
            if self.p(0.3):
                k = ", ".join(keys)
                out.append(f"SELECT string_agg({fmt}, ',' ORDER BY {k}), count(DISTINCT {fmt}) FROM {frm}{self.where(conds)};")
            elif self.p(0.3):
                out.append(self.finish(f"{fmt} AS s, count(*)", 2, f" FROM {frm}{self.where(conds)} GROUP BY 1"))
            else:
                out.append(self.finish(", ".join(keys + [fmt]), len(keys) + 1, f" FROM {frm}{self.where(conds)}"))
        out.append(f"RESET {name};")
        return "\n".join(out)

    # ---------------------------------------------------------------- session 8 shapes
    def coloc_pair(self):
        """A join (t, tc, u, uc) of two tables of the main group on the tenant (and more), or None."""
        js = [j for j in self.joins if self.is_coloc(j[0]) and self.is_coloc(j[2])
              and self.tenant_col(j[0]) in j[1] and self.tenant_col(j[2]) in j[3]]
        if not js:
            return None
        x, xc, y, yc = self.ch(js)
        return (x, xc, y, yc) if self.p(0.5) else (y, yc, x, xc)

    def q_with_ties(self):
        """FETCH FIRST n ROWS WITH TIES on a non-unique sort key (the set of rows is fixed, their
        order within ties is not), on rows, on groups by the tenant and inside a subquery."""
        frm, al, pin = self.from_clause(self.ch("single", "single", "coloc", "ref"))
        conds = self.preds(al, 0.4)
        if pin and self.p(0.3):
            conds.append(self.pin(*pin[0]))
        n = self.R.randint(1, 9)
        a, t = self.ch(al)
        c = self.ch(self.cols(t, ("int", "num", "date", "ts", "text", "bool", "enum")) or self.cols(t))
        sk = f"{self.ref(a, t, c)} {self.ch('ASC', 'DESC')} NULLS {self.ch('FIRST', 'LAST')}"
        fetch = f"FETCH {self.ch('FIRST', 'NEXT')} {n} {self.ch('ROWS', 'ROW')} WITH TIES"
        kind = self.ch("rows", "rows", "groups", "sub")
        keys = self.key_exprs(al)
        if kind == "groups" and pin:
            b, u = pin[0]
            tc = f"{b}.{self.T[u]['dist']}"
            agg = self.ch("count(*)", f"count({self.ref(a, t, c)})", f"count(DISTINCT {self.ref(a, t, c)})")
            return (f"SELECT {tc}, {agg} AS n FROM {frm}{self.where(conds)} GROUP BY {tc} "
                    f"ORDER BY {agg} {self.ch('ASC', 'DESC')} {fetch};")
        body = f"SELECT {', '.join(keys)}, {self.ref(a, t, c)} AS s FROM {frm}{self.where(conds)} ORDER BY {sk} {fetch}"
        if kind == "sub":
            return f"SELECT count(*), count(DISTINCT s) FROM ({body}) w;"
        return body + ";"

    def q_corr_tenant(self):
        """Subqueries correlated to the outer row's tenant (and another column): scalar
        comparisons, = ANY / > ALL / NOT IN over columns with NULLs, EXISTS with an inequality,
        = ANY(ARRAY(subquery)), in WHERE, in the select list and in HAVING."""
        j = self.coloc_pair()
        if j is None:
            return self.q_exists_or()
        t, tc, u, uc = j
        corr = " AND ".join(f"e.{o} = a.{m}" for o, m in zip(uc, tc))
        tcorr = f"e.{self.tenant_col(u)} = a.{self.tenant_col(t)}"
        corr = self.ch(corr, tcorr)
        ints_t = self.cols(t, ("int", "num"))
        ints_u = self.cols(u, ("int", "num"))
        conds = self.preds([("a", t)], 0.3)
        if self.p(0.3):
            conds.append(self.pin("a", t))
        extra = f" AND {self.pred('e', u)}" if self.p(0.4) else ""
        keys = [f"a.{k}" for k in self.T[t]["key"]]
        subs = []
        if ints_t and ints_u:
            x, y = f"a.{self.ch(ints_t)}", f"e.{self.ch(ints_u)}"
            subs += [f"{x} > (SELECT avg({y}) FROM {u} e WHERE {corr}{extra})",
                     f"{x} {self.ch('=', '<>', '<', '>=')} {self.ch('ANY', 'ALL')} (SELECT {y} FROM {u} e WHERE {corr}{extra})",
                     f"{x} {self.ch('IN', 'NOT IN')} (SELECT {y} FROM {u} e WHERE {corr}{extra})",
                     f"{x} = ANY(ARRAY(SELECT {y} FROM {u} e WHERE {corr}{extra}))",
                     f"{x} <= (SELECT max({y}) FROM {u} e WHERE {corr}{extra})",
                     f"EXISTS (SELECT 1 FROM {u} e WHERE {tcorr} AND {y} > {x}{extra})",
                     f"NOT EXISTS (SELECT 1 FROM {u} e WHERE {tcorr} AND {y} IS NOT DISTINCT FROM {x})"]
        subs += [f"{self.ch('', 'NOT ')}EXISTS (SELECT 1 FROM {u} e WHERE {corr}{extra})",
                 f"(SELECT count(*) FROM {u} e WHERE {corr}{extra}) {self.ch('>', '=', '<=')} {self.R.randint(0, 4)}"]
        kind = self.ch("where", "where", "select", "having", "or")
        if kind == "having":
            d = self.tenant_col(t)
            y = f"e.{self.ch(ints_u)}" if ints_u else "1"
            h = self.ch(f"count(*) > (SELECT count(*) FROM {u} e WHERE e.{self.tenant_col(u)} = a.{d}{extra}) / {self.R.randint(1, 5)}",
                        f"max(a.{self.ch(self.cols(t, 'int'))}) {self.ch('IN', 'NOT IN')} (SELECT {y}::int FROM {u} e WHERE e.{self.tenant_col(u)} = a.{d}{extra})",
                        f"EXISTS (SELECT 1 FROM {u} e WHERE e.{self.tenant_col(u)} = a.{d} HAVING count(*) > count(DISTINCT {y}))")
            return self.finish(f"a.{d}, count(*)", 2, f" FROM {t} a{self.where(conds)} GROUP BY a.{d} HAVING {h}")
        if kind == "select":
            s = self.ch(subs)
            sel = keys + [f"({s}) AS f"]
            if self.p(0.4):
                return f"SELECT ({s}) AS f, count(*) FROM {t} a{self.where(conds)} GROUP BY 1;"
            return self.finish(", ".join(sel), len(sel), f" FROM {t} a{self.where(conds)}")
        if kind == "or":
            conds.append(f"({self.ch(subs)} OR {self.pred('a', t)})")
        else:
            conds.append(self.ch(subs))
        if self.p(0.4):
            return f"SELECT count(*) FROM {t} a{self.where(conds)};"
        return self.finish(", ".join(keys), len(keys), f" FROM {t} a{self.where(conds)}")

    def q_outer_anti(self):
        """Outer joins with the extra condition in ON or in WHERE, IS NULL anti-joins, reference
        tables on the outer (preserved) side, FULL joins filtered on coalesce of the tenants."""
        kind = self.ch("anti", "anti", "on_vs_where", "ref_outer", "full_coalesce", "nested")
        if kind == "ref_outer" and self.refs:
            js = [j for j in self.joins if (j[0] in self.refs) != (j[2] in self.refs)]
            if js:
                x, xc, y, yc = self.ch(js)
                r, rc, d, dc = (x, xc, y, yc) if x in self.refs else (y, yc, x, xc)
                on = " AND ".join(f"d.{q} = r.{p}" for p, q in zip(rc, dc))
                if self.p(0.4):
                    on += f" AND {self.pred('d', d)}"
                jt = self.ch("LEFT JOIN", "FULL JOIN")
                frm = f"{r} r {jt} {d} d ON {on}" if self.p(0.7) else f"{d} d RIGHT JOIN {r} r ON {on}"
                conds = self.preds([("r", r)], 0.3)
                if self.p(0.3):
                    conds.append(f"d.{self.T[d]['key'][0]} IS NULL")
                rk = ", ".join(f"r.{k}" for k in self.T[r]["key"])
                dk = self.T[d]["key"][0]
                return self.finish(f"{rk}, count(d.{dk}), count(*)", len(self.T[r]["key"]) + 2,
                                   f" FROM {frm}{self.where(conds)} GROUP BY {rk}")
        j = self.coloc_pair() if self.p(0.7) else None
        if j is None:
            x, xc, y, yc = self.ch(self.joins)
            if x in self.refs and y in self.refs:
                return self.q_rows()
        else:
            x, xc, y, yc = j
        on = " AND ".join(f"t1.{q} = t0.{p}" for p, q in zip(xc, yc))
        al = [("t0", x), ("t1", y)]
        keys = self.key_exprs(al)
        if kind == "anti":
            if self.p(0.5):
                on += f" AND {self.pred('t1', y)}"
            conds = [f"t1.{self.T[y]['key'][-1]} IS NULL"] + self.preds([("t0", x)], 0.4)
            if self.is_coloc(x) and self.p(0.3):
                conds.append(self.pin("t0", x))
            k0 = self.key_exprs([("t0", x)])
            if self.p(0.4):
                return f"SELECT count(*) FROM {x} t0 LEFT JOIN {y} t1 ON {on}{self.where(conds)};"
            return self.finish(", ".join(k0), len(k0), f" FROM {x} t0 LEFT JOIN {y} t1 ON {on}{self.where(conds)}")
        if kind == "full_coalesce" and j is not None:
            d0, d1 = self.tenant_col(x), self.tenant_col(y)
            v, w = self.tval(), self.tval()
            cond = self.ch(f"coalesce(t0.{d0}, t1.{d1}) = {v}", f"coalesce(t0.{d0}, t1.{d1}) IN ({v}, {w})",
                           f"(t0.{d0} = {v} OR t1.{d1} = {v})", f"t0.{d0} = {v}", f"t1.{d1} = {v}",
                           f"(t0.{d0} IS NULL OR t0.{d0} = {v})")
            conds = [cond] + self.preds(al, 0.3)
            return self.finish(", ".join(keys), len(keys), f" FROM {x} t0 FULL JOIN {y} t1 ON {on}{self.where(conds)}")
        if kind == "nested" and j is not None and self.refs:
            r = [jj for jj in self.joins if (jj[0] in self.refs and jj[2] == y) or (jj[2] in self.refs and jj[0] == y)]
            if r:
                p, pc, q, qc = self.ch(r)
                rt, rc, dc = (p, pc, qc) if p in self.refs else (q, qc, pc)
                on2 = " AND ".join(f"t2.{a_} = t1.{b_}" for a_, b_ in zip(rc, dc))
                frm = (f"{x} t0 {self.ch('LEFT JOIN', 'JOIN')} ({y} t1 {self.ch('JOIN', 'LEFT JOIN')} {rt} t2 ON {on2}) ON {on}")
                al3 = al + [("t2", rt)]
                conds = self.preds(al3, 0.3)
                k = self.key_exprs(al3)
                return self.finish(", ".join(k), len(k), f" FROM {frm}{self.where(conds)}")
        # the same condition in ON and in WHERE, on the outer or the inner side
        jt = self.ch("LEFT JOIN", "RIGHT JOIN", "FULL JOIN")
        side = self.ch(("t0", x), ("t1", y))
        pr = self.pred(*side)
        if jt == "FULL JOIN":
            # FULL JOIN needs a merge- or hash-joinable ON: the extra condition goes to WHERE
            frm, conds = f"{x} t0 {jt} {y} t1 ON {on}", [pr]
        elif self.p(0.5):
            frm, conds = f"{x} t0 {jt} {y} t1 ON {on} AND {pr}", []
        else:
            frm, conds = f"{x} t0 {jt} {y} t1 ON {on}", [pr]
        if self.p(0.5):
            return f"SELECT count(*), count(t0.{self.T[x]['key'][0]}), count(t1.{self.T[y]['key'][0]}) FROM {frm}{self.where(conds)};"
        return self.finish(", ".join(keys), len(keys), f" FROM {frm}{self.where(conds)}")

    def q_aggs_types(self):
        """Aggregates whose result type or scale matters: avg / sum of integers (numeric scale,
        bigint vs numeric, pg_typeof), sum / avg / min of intervals, money, numeric with a typmod,
        bit_and / bit_xor, min / max of enums, array_agg / json_agg of composite rows, string_agg
        ordered by another column and a key."""
        frm, al, pin = self.from_clause(self.ch("single", "single", "coloc", "ref"))
        conds = self.preds(al, 0.3)
        if pin and self.p(0.3):
            conds.append(self.pin(*pin[0]))
        aggs = []
        for _ in range(self.R.randint(1, 3)):
            a, t = self.ch(al)
            key = ", ".join(self.key_exprs([(a, t)]))
            ints = self.cols(t, "int")
            nums = self.cols(t, "num")
            tss = self.cols(t, "ts")
            dates = self.cols(t, "date")
            texts = self.cols(t, ("text", "enum"))
            opts = [f"array_agg(ROW({key}) ORDER BY {key})::text", f"json_agg(json_build_array({key}) ORDER BY {key})::text"]
            if ints:
                x = f"{a}.{self.ch(ints)}"
                opts += [f"avg({x})", f"pg_typeof(avg({x}))::text", f"sum({x})", f"pg_typeof(sum({x}))::text",
                         f"sum({x}::bigint)", f"avg({x}::bigint)", f"avg(({x} % 100)::smallint)", f"bit_and({x})", f"bit_xor({x})",
                         f"sum({x})::numeric / nullif(count({x}), 0)", f"avg({x}) * 1.0", f"sum({x} * interval '1 minute')",
                         f"avg({x} * interval '90 seconds')", f"avg({x}::real)::numeric(12, 3)"]
            if nums:
                x = f"{a}.{self.ch(nums)}"
                opts += [f"sum({x}::money)", f"max({x}::money)", f"avg({x}::numeric(12, 2))", f"sum({x}::numeric(14, 4))",
                         f"pg_typeof(sum({x}))::text", f"avg({x} / 3)", f"min({x} * 1.000)"]
            if len(tss) >= 1:
                # (min / max of intervals that compare equal but print differently, '1 mon' and
                # '30 days' from age(), would pick either: age() is compared as seconds)
                x = f"{a}.{self.ch(tss)}"
                opts += [f"max({x}) - min({x})", f"sum({x} - timestamptz '2022-01-01 00:00:00+00')",
                         f"avg({x} - timestamptz '2022-01-01 00:00:00+00')", f"min(extract(epoch from age(timestamptz '2026-01-01 00:00:00+00', {x})))",
                         f"max(justify_hours({x} - timestamptz '2022-01-01 00:00:00+00'))"]
            if dates:
                x = f"{a}.{self.ch(dates)}"
                opts += [f"avg(({x} - date '2022-01-01') * interval '1 day')", f"sum({x} - date '2022-01-01')"]
            if texts:
                c = self.ch(texts)
                x = f"{a}.{c}"
                opts += [f"string_agg({self.ref(a, t, c)}, '; ' ORDER BY {x} DESC NULLS FIRST, {key})",
                         f"string_agg(DISTINCT {self.ref(a, t, c)}, '' ORDER BY {self.ref(a, t, c)} DESC)"]
                if self.typ(t, c) == "enum":
                    opts += [f"min({x})", f"max({x})", f"array_agg(DISTINCT {x} ORDER BY {x})::text"]
            bools = self.cols(t, "bool")
            if bools:
                x = f"{a}.{self.ch(bools)}"
                opts += [f"bool_and({x}) IS NOT DISTINCT FROM every({x})", f"bool_or(NOT {x})", f"every({x} IS NOT FALSE)"]
            aggs.append(self.ch(opts))
        if self.p(0.4):
            return f"SELECT {', '.join(aggs)} FROM {frm}{self.where(conds)};"
        if pin and self.p(0.5):
            b, u = pin[0]
            g = f"{b}.{self.T[u]['dist']}"
        else:
            g = self.group_expr(al)
        sel = [f"{g} AS g"] + aggs
        return self.finish(", ".join(sel), len(sel), f" FROM {frm}{self.where(conds)} GROUP BY 1")

    def q_timezone(self):
        """A non-UTC session TimeZone around SELECTs that filter with timestamptz literals
        written without a zone, group by date_trunc / extract / ::date of timestamptz, use the
        three-argument date_trunc and AT TIME ZONE, then RESET."""
        tss = [(t, c) for t in self.T for c in self.cols(t, "ts")]
        if not tss:
            return self.q_rows()
        tz = self.ch("'America/New_York'", "'Pacific/Chatham'", "'Asia/Kolkata'", "'UTC+3'", "'Europe/Berlin'", "'-07:30'")
        out = [f"SET TimeZone = {tz};"]
        for _ in range(self.R.randint(1, 3)):
            t, c = self.ch(tss)
            x = f"a.{c}"
            d = f"20{self.R.randint(22, 25)}-{self.R.randint(1, 12):02d}-{self.R.randint(1, 28):02d}"
            conds = self.preds([("a", t)], 0.3)
            conds.append(self.ch(f"{x} >= '{d}'", f"{x} < '{d} 12:00'", f"{x}::date = '{d}'", f"{x} BETWEEN '{d}' AND '{d}'::date + 60",
                                 f"date_trunc('day', {x}) = '{d}'", f"{x} > timestamp '{d} 06:00'", f"extract(hour from {x}) < 12",
                                 f"{x} >= date '{d}'", f"{x} IS NOT NULL"))
            if self.is_coloc(t) and self.p(0.3):
                conds.append(self.pin("a", t))
            g = self.ch(f"date_trunc('day', {x})", f"date_trunc('month', {x})", f"{x}::date", f"extract(hour from {x})",
                        f"extract(dow from {x})", f"date_trunc('week', {x}, 'Asia/Tokyo')", f"({x} AT TIME ZONE 'Europe/London')::date",
                        f"to_char({x}, 'YYYY-MM-DD HH24')", f"date_part('epoch', date_trunc('hour', {x}))", f"{x}::time")
            if self.p(0.3):
                keys = [f"a.{k}" for k in self.T[t]["key"]]
                out.append(self.finish(", ".join(keys + [f"({g})::text"]), len(keys) + 1, f" FROM {t} a{self.where(conds)}"))
            else:
                out.append(self.finish(f"{g} AS g, count(*), min({x})::text", 3, f" FROM {t} a{self.where(conds)} GROUP BY 1"))
        out.append("RESET TimeZone;")
        return "\n".join(out)

    def q_prepared_pos(self):
        """Prepared statements with parameters in many positions: the tenant, the select list,
        a CASE, a LIKE pattern, HAVING, LIMIT / OFFSET, a correlated subquery, an array of
        tenants; run more than five times (generic plans), sometimes under force_generic_plan."""
        self.nprep = getattr(self, "nprep", 0) + 1
        name = f"fz8_{self.nprep}"
        t = self.ch(self.main_group)
        d = self.T[t]["dist"]
        keys = [f"a.{k}" for k in self.T[t]["key"]]
        ints = [c for c in self.cols(t, "int") if c != d]
        texts = self.cols(t, "text")
        types, conds, sel = ["bigint"], [], []
        pinf = self.ch(f"a.{d} = $1", f"a.{d} = ANY($1::bigint[])", f"a.{d} IN ($1, 0)", f"a.{d} >= $1 AND a.{d} <= $1",
                       f"a.{d} = $1 OR a.{d} IS NULL", f"a.{d} <> $1")
        arr = "ANY($1::bigint[])" in pinf
        if arr:
            types = ["bigint[]"]
        conds.append(f"({pinf})")
        args_gen = []
        if ints:
            c = self.ch(ints)
            types.append("int")
            n2 = len(types)
            conds.append(self.ch(f"(a.{c} > ${n2} OR a.{c} IS NULL)", f"a.{c} <> ${n2}", f"coalesce(a.{c}, 0) < ${n2} + 10"))
            sel.append(self.ch(f"a.{c} + ${n2}", f"CASE WHEN a.{c} > ${n2} THEN 'big' ELSE 'small' END", f"greatest(a.{c}, ${n2})"))
            args_gen.append(lambda: str(self.R.randint(0, 20)))
        if texts:
            c = self.ch(texts)
            types.append("text")
            n3 = len(types)
            kind = self.ch("like", "concat")
            if kind == "like":
                conds.append(f"(a.{c} LIKE ${n3} OR ${n3} IS NULL)")
                args_gen.append(lambda: self.ch("'%a%'", "'%e%'", "'M%'", "NULL", "'%'"))
            else:
                sel.append(f"${n3} || coalesce(a.{c}, '-')")
                args_gen.append(lambda: self.ch("'x:'", "''", "'é'"))
        js = [j for j in self.joins if j[0] == t and self.is_coloc(j[2]) and self.tenant_col(j[2]) in j[3]]
        if js and self.p(0.4):
            x, xc, y, yc = self.ch(js)
            corr = " AND ".join(f"e.{q} = a.{p}" for p, q in zip(xc, yc))
            sel.append(f"(SELECT count(*) FROM {y} e WHERE {corr})")
        order = ", ".join(f"{k} {self.ch('ASC', 'DESC')}" for k in keys)
        if self.p(0.3):
            types.append("int")
            body = (f"SELECT a.{d}, count(*) FROM {t} a{self.where(conds)} GROUP BY a.{d} HAVING count(*) >= ${len(types)} "
                    f"ORDER BY 1")
            args_gen.append(lambda: str(self.R.randint(0, 5)))
            ordered = "-- ordered\n"
        elif self.p(0.5):
            types.append("bigint")
            types.append("bigint")
            body = (f"SELECT {', '.join(keys + sel)} FROM {t} a{self.where(conds)} ORDER BY {order} "
                    f"LIMIT ${len(types) - 1} OFFSET ${len(types)}")
            args_gen.append(lambda: self.ch(str(self.R.randint(0, 6)), "NULL"))
            args_gen.append(lambda: str(self.R.randint(0, 3)))
            ordered = "-- ordered\n"
        else:
            body = f"SELECT {', '.join(keys + sel)} FROM {t} a{self.where(conds)}"
            ordered = ""
        out = []
        forced = self.p(0.3)
        if forced:
            out.append("SET plan_cache_mode = force_generic_plan;")
        out.append(f"PREPARE {name}({', '.join(types)}) AS {body};")
        for _ in range(self.R.randint(6, 8)):
            if arr:
                first = f"ARRAY[{self.tval()}, {self.tval()}]::bigint[]" if self.p(0.9) else "'{}'::bigint[]"
            else:
                first = str(self.tval()) if self.p(0.92) else "NULL"
            args = [first] + [g() for g in args_gen]
            out.append(f"{ordered}EXECUTE {name}({', '.join(args)});")
        out.append(f"DEALLOCATE {name};")
        if forced:
            out.append("RESET plan_cache_mode;")
        return "\n".join(out)

    def q_tenant_mix(self):
        """Tenant filters mixed with other conditions: OR of per-tenant conditions, BETWEEN and
        ranges on the key, IN lists minus one tenant, a tenant OR another column (all shards),
        the tenant from a subquery, contradicting pins across a colocated join."""
        t = self.ch(self.main_group)
        d = self.T[t]["dist"]
        v, w = sorted([self.tval(), self.tval()])
        x = f"a.{d}"
        conds = [self.ch(f"(({x} = {v} AND {self.pred('a', t)}) OR ({x} = {w} AND {self.pred('a', t)}))",
                         f"{x} BETWEEN {v} AND {w}", f"{x} > {v} AND {x} <= {w}", f"{x} IN ({v}, {w}, {self.tval()}) AND {x} <> {v}",
                         f"({x} = {v} OR {self.pred('a', t)})", f"NOT ({x} <> {v})", f"{x} = {v} AND ({x} = {w} OR {self.pred('a', t)})",
                         f"{x} >= {v} AND {x} < {v} + 1", f"{x} = (SELECT min(z.{d}) FROM {t} z WHERE z.{d} >= {v})",
                         f"{x} IN (SELECT z.{d} FROM {t} z WHERE z.{d} IN ({v}, {w}))", f"({x}, {x}) IN (({v}, {v}), ({w}, {w}))",
                         f"{x} = {v} IS NOT FALSE", f"CASE WHEN {x} = {v} THEN true ELSE {x} = {w} END",
                         f"{x} = ANY(ARRAY[{v}, {w}]) AND NOT {x} = ANY(ARRAY[{w}])")]
        conds += self.preds([("a", t)], 0.3)
        keys = [f"a.{k}" for k in self.T[t]["key"]]
        j = self.coloc_pair()
        if j is not None and j[0] == t and self.p(0.4):
            _, xc, y, yc = j
            on = " AND ".join(f"b.{q} = a.{p}" for p, q in zip(xc, yc))
            jt = self.ch("JOIN", "LEFT JOIN")
            bc = f"b.{self.tenant_col(y)} = {self.ch(v, w)}"
            frm = f"{t} a {jt} {y} b ON {on}" + (f" AND {bc}" if jt == "LEFT JOIN" and self.p(0.5) else "")
            if jt == "JOIN" and self.p(0.5):
                conds.append(bc)
            k = keys + self.key_exprs([("b", y)])
            return self.finish(", ".join(k), len(k), f" FROM {frm}{self.where(conds)}")
        if self.p(0.4):
            return f"SELECT {x}, count(*) FROM {t} a{self.where(conds)} GROUP BY 1 ORDER BY 1;"
        return self.finish(", ".join(keys), len(keys), f" FROM {t} a{self.where(conds)}")

    def q_patterns(self):
        """Text pattern operators: SIMILAR TO, ~* / !~, LIKE with ESCAPE, ILIKE ANY (array),
        ^@ / starts_with, regexp_replace / regexp_match / substring-from-pattern in the output and
        in GROUP BY, ORDER BY under "C" and the default collation."""
        texts = [(t, c) for t in self.T for c in self.cols(t, "text")]
        t, c = self.ch(texts)
        x = f"a.{c}"
        cond = self.ch(f"{x} SIMILAR TO '%(a|e)%'", f"{x} NOT SIMILAR TO '[a-m]%'", f"{x} ~* '^[aeiou]'", f"{x} !~ '[0-9]'",
                       f"{x} LIKE '%!_%' ESCAPE '!'", f"{x} ILIKE ANY (ARRAY['a%', '%E', NULL])", f"{x} LIKE ALL (ARRAY['%a%', '%e%'])",
                       f"{x} ^@ 'a'", f"starts_with({x}, 'T')", f"{x} ~ '\\d'", f"{x} SIMILAR TO '%#\"e%' ESCAPE '#'",
                       f"{x} NOT ILIKE '%o%'", f"regexp_like({x}, 'a.*e')" if False else f"{x} ~ 'a.*e'",
                       f"{x} COLLATE \"C\" ~ '^[A-Z]'", f"{x} ~~ '_a%'", f"{x} !~~* '%x%'")
        conds = [cond] + self.preds([("a", t)], 0.3)
        if self.is_coloc(t) and self.p(0.3):
            conds.append(self.pin("a", t))
        g = self.ch(f"regexp_replace(lower({x}), '[aeiou]', '', 'g')", f"(regexp_match({x}, '([a-z]+)'))[1]",
                    f"substring({x} from '[0-9]+')", f"substring({x} similar '%#\"[a-z]#\"%' escape '#')",
                    f"left({x}, 1) COLLATE \"C\"", f"{x} ~ '^[A-Z]'", f"array_length(regexp_split_to_array({x}, '\\s+'), 1)",
                    f"translate({x}, 'aeiou', 'AEIOU')")
        if self.p(0.5):
            return self.finish(f"{g} AS g, count(*)", 2, f" FROM {t} a{self.where(conds)} GROUP BY 1")
        keys = [f"a.{k}" for k in self.T[t]["key"]]
        order = self.ch(f"{x} COLLATE \"C\"", f"{x}", f"lower({x})", f"{x} COLLATE \"C\" DESC") + " NULLS LAST, " + ", ".join(keys)
        lim = f" LIMIT {self.R.randint(1, 12)}" if self.p(0.5) else ""
        return f"-- ordered\nSELECT {', '.join(keys)}, {x}, {g} FROM {t} a{self.where(conds)} ORDER BY {order}{lim};"

    def q_cte_more(self):
        """CTEs over reference tables (recursive, walking a parent column or counting up) joined
        to distributed tables; one CTE referenced twice with different filters, MATERIALIZED or
        not, once in FROM and once in a subquery."""
        if self.refs and self.p(0.5):
            r = self.ch(self.refs)
            ri = self.cols(r, "int")
            if ri:
                rc = self.ch(ri)
                js = [j for j in self.joins if (j[0] == r and j[2] not in self.refs) or (j[2] == r and j[0] not in self.refs)]
                step = self.ch(f"SELECT x.{rc}::bigint, w.d + 1 FROM w JOIN {r} x ON x.{rc} = w.k + 1 WHERE w.d < 3",
                               f"SELECT w.k + 1, w.d + 1 FROM w WHERE w.d < {self.R.randint(1, 4)}")
                par = [c for c in ri if c != rc]
                if par and self.p(0.4):
                    step = f"SELECT x.{rc}::bigint, w.d + 1 FROM w JOIN {r} x ON x.{par[0]} = w.k WHERE w.d < 5"
                w = f"WITH RECURSIVE w(k, d) AS (SELECT x.{rc}::bigint, 0 FROM {r} x WHERE {self.pred('x', r)} UNION {self.ch('', 'ALL ')}{step}) "
                if js:
                    x, xc, y, yc = self.ch(js)
                    dt, dc, refc = (y, yc[0], xc[0]) if x == r else (x, xc[0], yc[0])
                    if refc == rc and self.typ(dt, dc) == "int":
                        jt = self.ch("JOIN", "LEFT JOIN")
                        return w + self.finish(f"w.k, w.d, count(t.{dc})", 3,
                                               f" FROM w {jt} {dt} t ON t.{dc} = w.k GROUP BY 1, 2")
                u = self.ch(self.dist)
                ui = self.cols(u, "int")
                if ui:
                    return w + f"SELECT count(*), count(DISTINCT t.{ui[0]}) FROM {u} t WHERE t.{self.ch(ui)} IN (SELECT k FROM w);"
        t = self.ch(self.main_group)
        d = self.T[t]["dist"]
        mat = self.ch("", "MATERIALIZED ", "NOT MATERIALIZED ")
        g, _ = self.scalar("c0", t)
        inner = f"SELECT c0.{d} AS tid, {g} AS g, count(*) AS n FROM {t} c0{self.where(self.preds([('c0', t)], 0.4))} GROUP BY 1, 2"
        v = self.tval()
        body = self.ch(
            f"SELECT c.tid, c.g, c.n, (SELECT sum(n) FROM c c2 WHERE c2.tid = c.tid) AS tot FROM c WHERE c.n > 1",
            f"SELECT c.tid, c.g, c.n, (SELECT count(*) FROM c c2 WHERE c2.n > c.n AND c2.tid = {v}) AS above FROM c WHERE c.tid = {v}",
            f"SELECT x.tid, x.n, y.n AS n2, NULL::int FROM c x LEFT JOIN c y ON y.tid = x.tid + 1 AND y.g IS NOT DISTINCT FROM x.g",
            f"SELECT tid, g, n, 0 FROM c WHERE tid IN (SELECT tid FROM c WHERE n >= 2) AND tid NOT IN (SELECT tid FROM c WHERE n > 50)")
        return f"WITH c AS {mat}({inner}) " + self.finish("*", 4, f" FROM ({body}) q")

    def query(self):
        """One random statement of a random shape."""
        shapes = [(self.q_router, 5), (self.q_group, 4), (self.q_multi_agg, 2), (self.q_grouping_sets, 2),
                  (self.q_distinct, 2), (self.q_window, 3), (self.q_cte, 2), (self.q_from_subquery, 2),
                  (self.q_scalar_select, 2), (self.q_lateral, 2), (self.q_setop, 2), (self.q_rows, 3),
                  (self.q_prepared, 1), (self.q_misc, 2), (self.q_topn, 3),
                  (self.q_gsets_having, 2), (self.q_window_over_agg, 2), (self.q_nested3, 2),
                  (self.q_corr_select_noncoloc, 2), (self.q_agg_filter_distinct, 2), (self.q_limit_sub, 2),
                  (self.q_recursive, 1), (self.q_exists_or, 2), (self.q_using, 2), (self.q_collate, 2), (self.q_odd2, 3),
                  (self.q_ordered_set, 3), (self.q_window_frames, 3), (self.q_group_forms, 2), (self.q_setop_whole, 2),
                  (self.q_series_values, 2), (self.q_casts_nulls, 3), (self.q_styles, 2),
                  (self.q_with_ties, 2), (self.q_corr_tenant, 3), (self.q_outer_anti, 3), (self.q_aggs_types, 3),
                  (self.q_timezone, 2), (self.q_prepared_pos, 1), (self.q_tenant_mix, 3), (self.q_patterns, 2),
                  (self.q_cte_more, 2)]
        if self.only:
            shapes = [(s, w) for s, w in shapes if s.__name__[2:] in self.only]
        f = self.R.choices([s for s, _ in shapes], [w for _, w in shapes])[0]
        return f()


def main():
    if len(sys.argv) not in (4, 5):
        sys.exit(__doc__)
    suite, seed, n = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    path = suite if suite.endswith(".json") else os.path.join(HERE, suite + ".json")
    with open(path) as f:
        desc = json.load(f)
    g = Gen(desc, seed)
    only = sys.argv[4] if len(sys.argv) == 5 else ""
    if only:
        g.only = set(only.split(","))
        unknown = [x for x in g.only if not hasattr(g, "q_" + x)]
        if unknown:
            sys.exit(f"unknown shapes: {', '.join(unknown)}")
    args = f"{seed} {n}" + (f" {only}" if only else "")
    print(f"-- Generated by test/differential/fuzz/generate.py {os.path.basename(path)[:-5]} {args}; do not edit by hand.")
    for _ in range(n):
        print(g.query())


if __name__ == "__main__":
    main()
