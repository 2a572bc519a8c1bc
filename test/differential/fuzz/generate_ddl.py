#!/usr/bin/env python3
"""Random schema-migration sequences for the differential writes corpora (Python 3 standard
library only).

    generate_ddl.py --suite saas --seed 1 [--statements 150] > saas/writes/fuzz_ddl_1.sql

Deterministic: the same suite, seed and length give the same file. A migration is what Rails,
Django or Flyway run against a live multi-tenant schema: ADD COLUMN (DEFAULT constant or
immutable expression, NOT NULL, GENERATED ... STORED, identity added to a filled column), DROP
COLUMN, RENAME COLUMN / TABLE / CONSTRAINT / INDEX, ALTER COLUMN TYPE (USING), SET / DROP
DEFAULT, SET / DROP NOT NULL, CHECK NOT VALID then VALIDATE, UNIQUE / PRIMARY KEY including the
distribution column, foreign keys (colocated and to reference tables), CREATE INDEX [CONCURRENTLY]
(partial, expression, INCLUDE), DROP INDEX, ALTER INDEX RENAME / SET (fillfactor), COMMENT ON,
views, ALTER TABLE SET (storage parameters), ALTER TYPE ADD / RENAME VALUE of an enum the tables
use, sequences (RESTART, OWNED BY), interleaved with INSERT / UPDATE / DELETE / SELECT through
the new columns, some of it inside BEGIN ... ROLLBACK or under a savepoint.

The generator keeps a model of the schema (columns, their types, constraints, indexes, views) so
that most statements are valid; the model follows COMMIT and ROLLBACK [TO SAVEPOINT]. Every
statement carries `-- may-error`: when the model is wrong both sides must fail alike. Choices that
would make the result depend on physical row order are avoided by construction: no identity or
serial column added to a table that has rows (its values would follow the scan order), no cast in
USING that can fail on some rows only (which row fails first differs), reads are ordered by a
unique key.
"""

import argparse
import copy
import random

# --------------------------------------------------------------------------------------------
# Suites: the tables the migrations touch. `cols` are the columns a new row must name (name ->
# SQL value template, {t} = tenant, {i} = a fresh id); `key` the primary key; `dist` the
# distribution column; `group` the colocation group (None: a reference table).

TS = "timestamptz '2024-05-01 00:00:00+00'"

SUITES = {
    "saas": {
        "tenants": [1, 2, 3, 4, 6, 7, 9, 12, 21, 33, 38],
        "tables": {
            "tenants": {"dist": "tenant_id", "group": "t", "key": ["tenant_id"],
                        "cols": {"tenant_id": "{i}", "name": "'fz {i}'", "slug": "'fz-{i}'",
                                 "created_at": TS}},
            "users": {"dist": "tenant_id", "group": "t", "key": ["tenant_id", "user_id"],
                      "cols": {"tenant_id": "{t}", "user_id": "{i}", "email": "'u{i}@fz'",
                               "created_at": TS}},
            "projects": {"dist": "tenant_id", "group": "t", "key": ["tenant_id", "project_id"],
                         "cols": {"tenant_id": "{t}", "name": "'p{i}'", "created_at": TS}},
            "tasks": {"dist": "tenant_id", "group": "t", "key": ["tenant_id", "task_id"],
                      "cols": {"tenant_id": "{t}", "task_id": "{i}", "project_id": "1",
                               "title": "'Task {i}'", "status": "'todo'", "created_at": TS}},
            "comments": {"dist": "tenant_id", "group": "t", "key": ["tenant_id", "comment_id"],
                         "cols": {"tenant_id": "{t}", "comment_id": "{i}", "task_id": "1",
                                  "body": "'c{i}'", "created_at": TS}},
            "invoices": {"dist": "tenant_id", "group": "t", "key": ["tenant_id", "invoice_id"],
                         "cols": {"tenant_id": "{t}", "invoice_id": "{i}", "amount": "10.5",
                                  "currency": "'EUR'", "issued_on": "date '2024-02-03'",
                                  "status": "'open'"}},
            "audit_log": {"dist": "tenant_id", "group": "a", "key": None,
                          "cols": {"tenant_id": "{t}", "seq": "{i}", "at": TS}},
            "plans": {"dist": None, "group": None, "key": ["plan_id"],
                      "cols": {"plan_id": "{i}", "name": "'plan {i}'", "monthly_price": "1",
                               "currency": "'USD'"}},
        },
        # existing columns the migrations may alter (table -> [(column, type)])
        "existing": {
            "tasks": [("description", "text"), ("estimate_hours", "numeric(6,2)"),
                      ("priority", "smallint")],
            "projects": [("budget", "numeric(12,2)"), ("owner_id", "bigint")],
            "comments": [("author_id", "bigint"), ("body", "text")],
            "invoices": [("paid_at", "timestamptz")],
            "tenants": [("mrr", "numeric(12,2)"), ("plan_id", "int")],
            "audit_log": [("action", "text"), ("actor_id", "bigint")],
        },
        "fks": [("comments", ["tenant_id", "task_id"], "tasks", ["tenant_id", "task_id"]),
                ("tasks", ["tenant_id", "project_id"], "projects", ["tenant_id", "project_id"]),
                ("users", ["tenant_id"], "tenants", ["tenant_id"]),
                ("tenants", ["plan_id"], "plans", ["plan_id"])],
        "sequences": [("projects_project_id_seq", "projects")],
        "enum": None,
    },
    "shop": {
        "tenants": [1, 2, 3, 5, 7, 8, 12, 20, 33, 45],
        "tables": {
            "stores": {"dist": "store_id", "group": "s", "key": ["store_id"],
                       "cols": {"store_id": "{i}", "name": "'fz {i}'", "currency": "'EUR'",
                                "created_at": TS}},
            "customers": {"dist": "store_id", "group": "s", "key": ["store_id", "customer_id"],
                          "cols": {"store_id": "{t}", "customer_id": "{i}",
                                   "full_name": "'C {i}'", "created_at": TS}},
            "products": {"dist": "store_id", "group": "s", "key": ["store_id", "product_id"],
                         "cols": {"store_id": "{t}", "product_id": "{i}", "sku": "'sku{i}'",
                                  "name": "'P {i}'", "price": "9.99"}},
            "orders": {"dist": "store_id", "group": "s", "key": ["store_id", "order_id"],
                       "cols": {"store_id": "{t}", "order_id": "{i}", "status": "'paid'",
                                "currency": "'EUR'", "placed_at": TS, "total": "12.00"}},
            "payments": {"dist": "store_id", "group": "s", "key": ["store_id", "payment_id"],
                         "cols": {"store_id": "{t}", "payment_id": "{i}", "order_id": "1",
                                  "method": "'card'", "amount": "3", "status": "'ok'"}},
            "inventory_events": {"dist": "store_id", "group": "s", "key": None,
                                 "cols": {"store_id": "{t}", "product_id": "{i}", "at": TS,
                                          "delta": "1"}},
            "coupons": {"dist": "code", "group": "c", "key": ["code"],
                        "cols": {"code": "'FZ{i}'", "store_id": "{t}"}},
            "currencies": {"dist": None, "group": None, "key": ["code"],
                           "cols": {"code": "'Z' || lpad(({i} % 100)::text, 2, '0')",
                                    "name": "'cur {i}'", "decimals": "2"}},
        },
        "existing": {
            "orders": [("discount", "numeric(10,2)"), ("coupon_code", "text"),
                       ("shipped_at", "timestamptz")],
            "products": [("cost", "numeric(10,2)"), ("weight_g", "int")],
            "customers": [("tier", "text"), ("lifetime_value", "numeric(12,2)")],
            "stores": [("plan", "text")],
            "payments": [("provider_ref", "text")],
            "inventory_events": [("reason", "text")],
        },
        "fks": [("order_items", ["store_id", "order_id"], "orders", ["store_id", "order_id"]),
                ("payments", ["store_id", "order_id"], "orders", ["store_id", "order_id"]),
                ("customers", ["store_id"], "stores", ["store_id"]),
                ("stores", ["currency"], "currencies", ["code"])],
        "sequences": [],
        "enum": ("order_status", "orders", "status",
                 ["pending", "paid", "shipped", "delivered", "cancelled", "refunded"]),
    },
}

# types of added columns: (type, literal generator, safe wider type for ALTER TYPE)
TYPES = {
    "int": (lambda g: str(g.r.randint(-5, 500)), ["bigint", "numeric(14,3)", "text"]),
    "bigint": (lambda g: str(g.r.randint(0, 10**6)), ["numeric(20,0)", "text"]),
    "text": (lambda g: g.pick(["'a'", "'Zeta'", "'ß x'", "''", "'it''s'"]), ["varchar(40)"]),
    "varchar(40)": (lambda g: g.pick(["'v1'", "'vv'", "'mixed Case'"]), ["text"]),
    "numeric(10,2)": (lambda g: "%d.%02d" % (g.r.randint(0, 999), g.r.randint(0, 99)),
                      ["numeric(14,3)", "text"]),
    "numeric(14,3)": (lambda g: "%d.%03d" % (g.r.randint(0, 999), g.r.randint(0, 999)),
                      ["text"]),
    "numeric(20,0)": (lambda g: str(g.r.randint(0, 10**6)), ["text"]),
    "boolean": (lambda g: g.pick(["true", "false"]), ["text"]),
    "date": (lambda g: "date '2024-%02d-%02d'" % (g.r.randint(1, 12), g.r.randint(1, 28)),
             ["timestamp", "text"]),
    "timestamp": (lambda g: "timestamp '2024-03-0%d 10:00'" % g.r.randint(1, 9), ["text"]),
    "jsonb": (lambda g: g.pick(["'{\"a\": 1}'", "'[]'", "'null'"]), ["text"]),
}
ADD_TYPES = ["int", "bigint", "text", "varchar(40)", "numeric(10,2)", "boolean", "date", "jsonb"]


class Gen:
    """Random choices of one generated file (seeded)."""

    def __init__(self, seed):
        self.r = random.Random(seed)

    def pick(self, seq):
        return self.r.choice(list(seq))

    def chance(self, p):
        return self.r.random() < p


class Model:
    """What the generator believes the schema looks like: per table its current name, added
    columns (name -> type, flags), constraint and index names; views; enum labels."""

    def __init__(self, suite):
        self.tables = {}
        for t, d in suite["tables"].items():
            self.tables[t] = {"name": t, "added": {}, "cons": [], "checks": [], "idx": [],
                              "renamed_cols": {}, "has_pk": d["key"] is not None}
        self.views = []
        self.seqs = []
        self.enum = list(suite["enum"][3]) if suite["enum"] else []
        self.n = 0

    def fresh(self, prefix):
        self.n += 1
        return "%s%d" % (prefix, self.n)


class Migrations:
    """Generates one file of migration steps over a suite."""

    def __init__(self, suite_name, seed):
        self.sname = suite_name
        self.s = SUITES[suite_name]
        self.g = Gen(seed)
        self.m = Model(self.s)
        self.out = []
        self.saved = []  # model snapshots: BEGIN and SAVEPOINTs
        self.in_tx = False
        self.next_id = 700000 + (seed % 97) * 1000

    # ---- helpers

    def emit(self, sql, ordered=False):
        self.out.append(("-- may-error\n" + ("-- ordered\n" if ordered else "")) + sql + ";")

    def fid(self):
        self.next_id += 1
        return self.next_id

    def tname(self, t):
        return self.m.tables[t]["name"]

    def dist_tables(self):
        return [t for t, d in self.s["tables"].items() if d["group"] is not None]

    def any_table(self, dist_only=False):
        return self.g.pick(self.dist_tables() if dist_only else list(self.s["tables"]))

    def added_cols(self, t, pred=lambda c, info: True):
        return [c for c, info in self.m.tables[t]["added"].items() if pred(c, info)]

    def order_key(self, t):
        d = self.s["tables"][t]
        key = d["key"] or list(d["cols"])
        return ", ".join(key)

    def value(self, typ):
        return TYPES[typ][0](self.g)

    def tenant(self):
        return self.g.pick(self.s["tenants"])

    def dcol(self, t):
        return self.s["tables"][t]["dist"]

    # ---- data through the new columns

    def insert(self):
        t = self.any_table()
        d = self.s["tables"][t]
        cols = dict(d["cols"])
        rows = []
        names = list(cols)
        extra = [c for c, info in self.m.tables[t]["added"].items()
                 if not info.get("generated") and not info.get("identity")]
        extra = self.g.r.sample(extra, min(len(extra), self.g.r.randint(0, 3)))
        # one tenant per statement, and one row when the distribution column is the fresh id:
        # rows on several shards that violate different constraints would make the error
        # reported depend on which shard answers first
        tenant = self.tenant()
        several = d["group"] is None or "{t}" in cols[d["dist"]]
        for _ in range(self.g.r.randint(1, 3) if several else 1):
            i = self.fid()
            vals = [cols[c].format(t=tenant, i=i) for c in names]
            for c in extra:
                typ = self.m.tables[t]["added"][c]["type"]
                vals.append(self.g.pick(["DEFAULT", "NULL", self.value(typ), self.value(typ)]))
            rows.append("(" + ", ".join(vals) + ")")
        ret = ""
        if self.g.chance(0.4) and self.m.tables[t]["added"]:
            ret = " RETURNING " + ", ".join(names[:2] + list(self.m.tables[t]["added"])[:3])
        self.emit("INSERT INTO %s (%s) VALUES %s%s" % (
            self.tname(t), ", ".join(names + extra), ", ".join(rows), ret))
        self.resync()

    def update(self):
        t = self.g.pick([t for t in self.s["tables"] if self.m.tables[t]["added"]] or
                        list(self.s["tables"]))
        cols = self.added_cols(t, lambda c, i: not i.get("generated") and not i.get("identity"))
        if not cols:
            return self.insert()
        c = self.g.pick(cols)
        typ = self.m.tables[t]["added"][c]["type"]
        where = self.g.pick(["%s = %d" % (self.dcol(t), self.tenant()) if self.dcol(t) else "true",
                             "%s IS NULL" % c, "true"])
        self.emit("UPDATE %s SET %s = %s WHERE %s" % (self.tname(t), c, self.value(typ), where))

    def delete(self):
        t = self.any_table(dist_only=True)
        self.emit("DELETE FROM %s WHERE %s = %d AND %s" % (
            self.tname(t), self.dcol(t), self.tenant(),
            self.g.pick(["true", "%s IS NOT NULL" % self.dcol(t)] +
                        ["%s IS NULL" % c for c in self.added_cols(t)])))

    def select(self):
        t = self.any_table()
        cols = list(self.m.tables[t]["added"])
        if not cols:
            self.emit("SELECT count(*) FROM %s" % self.tname(t))
            return
        shown = ", ".join(self.order_key(t).split(", ") + cols)
        if self.g.chance(0.5) and self.s["tables"][t]["key"]:
            self.emit("SELECT %s FROM %s WHERE %s ORDER BY %s LIMIT 20" % (
                shown, self.tname(t), self.g.pick(cols) + " IS NOT NULL", self.order_key(t)),
                ordered=True)
        else:
            c = self.g.pick(cols)
            self.emit("SELECT %s::text AS v, count(*) FROM %s GROUP BY 1" % (c, self.tname(t)))

    def resync(self):
        """Sequences advance outside transactions, and a failing multi-row INSERT may consume a
        different number of values on the two sides (the coordinator evaluates every row's
        default before it sends any): set every sequence the tables use to the next value after
        the rows' largest, as a migration tool would."""
        for seq, t in self.s["sequences"]:
            col = seq[len(t) + 1:-len("_seq")]
            self.emit("SELECT setval('%s', coalesce((SELECT max(%s) FROM %s), 0) + 1, false)" % (
                seq, col, self.tname(t)))
        for t, tm in self.m.tables.items():
            for c, info in tm["added"].items():
                if info.get("serial"):
                    self.emit("SELECT setval('%s', coalesce((SELECT max(%s) FROM %s), 0) + 1, false)"
                              % (info["serial"], c, self.tname(t)))

    # ---- columns

    def add_column(self):
        t = self.any_table()
        c = self.m.fresh("fz_c")
        typ = self.g.pick(ADD_TYPES)
        info = {"type": typ}
        # identity: ALTER COLUMN ... ADD GENERATED AS IDENTITY is refused for distributed
        # tables ("this ALTER TABLE subcommand is not supported"), and ADD COLUMN ... IDENTITY
        # on a filled table numbers rows in scan order; left out
        kind = self.g.pick(["plain", "default", "default", "notnull", "expr", "generated",
                            "session"])
        sql = "ALTER TABLE %s ADD COLUMN %s %s" % (self.tname(t), c, typ)
        if kind == "default":
            sql += " DEFAULT " + self.value(typ)
        elif kind == "notnull":
            sql += " NOT NULL DEFAULT " + self.value(typ)
            info["notnull"] = True
        elif kind == "expr" and typ in ("int", "bigint", "numeric(10,2)"):
            sql += " DEFAULT (length('migration') * %d + 1)" % self.g.r.randint(1, 9)
        elif kind == "expr" and typ in ("text", "varchar(40)"):
            sql += " DEFAULT upper('x' || 'y') || ''"
        elif kind == "session":
            # a STABLE default: the existing rows get the session's value (computed once)
            typ = self.g.pick(["text", "boolean"])
            info = {"type": typ}
            expr = "coalesce(current_setting('app.fz', true), 'none')" if typ == "text" else \
                "(current_setting('app.fz', true) IS NOT DISTINCT FROM 'm1')"
            sql = "ALTER TABLE %s ADD COLUMN %s %s DEFAULT %s" % (self.tname(t), c, typ, expr)
            if self.g.chance(0.5):
                sql += " NOT NULL"
                info["notnull"] = True
            self.emit("SET app.fz = '%s'" % self.g.pick(["m1", "m2"]))
        elif kind == "generated":
            typ = "text"
            info = {"type": typ, "generated": True}
            src = self.g.pick(list(self.s["tables"][t]["cols"]))
            sql = "ALTER TABLE %s ADD COLUMN %s text GENERATED ALWAYS AS (%s) STORED" % (
                self.tname(t), c, self.g.pick(["lower(%s::text)", "'g:' || %s::text",
                                               "md5(%s::text)"]) % src)
        elif kind == "identity":
            # identity on a filled table numbers the rows in scan order: fill with a constant
            # first, then make it an identity column so that only new rows use the sequence
            typ = "bigint"
            info = {"type": typ, "notnull": True}
            self.emit("ALTER TABLE %s ADD COLUMN %s bigint NOT NULL DEFAULT 0" % (self.tname(t), c))
            self.emit("ALTER TABLE %s ALTER COLUMN %s DROP DEFAULT" % (self.tname(t), c))
            sql = "ALTER TABLE %s ALTER COLUMN %s ADD GENERATED BY DEFAULT AS IDENTITY (START WITH %d)" % (
                self.tname(t), c, self.g.r.randint(1, 1000))
            info["identity"] = True
        self.emit(sql)
        self.m.tables[t]["added"][c] = info

    def drop_column(self):
        t = self.any_table()
        cols = self.added_cols(t)
        if not cols:
            return self.add_column()
        c = self.g.pick(cols)
        self.emit("ALTER TABLE %s DROP COLUMN %s%s%s" % (self.tname(t), self.g.pick(["", "IF EXISTS "]), c,
                                                       self.g.pick(["", " CASCADE", ""])))
        del self.m.tables[t]["added"][c]

    def rename_column(self):
        t = self.any_table()
        cols = self.added_cols(t)
        if not cols:
            return self.add_column()
        c = self.g.pick(cols)
        n = self.m.fresh("fz_r")
        self.emit("ALTER TABLE %s RENAME COLUMN %s TO %s" % (self.tname(t), c, n))
        self.m.tables[t]["added"][n] = self.m.tables[t]["added"].pop(c)

    def alter_type(self):
        t = self.any_table()
        cols = self.added_cols(t, lambda c, i: not i.get("generated") and not i.get("identity"))
        if cols and self.g.chance(0.8):
            c = self.g.pick(cols)
            typ = self.m.tables[t]["added"][c]["type"]
            new = self.g.pick(TYPES[typ][1])
            using = self.g.pick(["", " USING %s::%s" % (c, new)])
            if new == "text" and typ == "numeric(10,2)" and self.g.chance(0.5):
                using = " USING to_char(%s, 'FM9990.00')" % c
            self.emit("ALTER TABLE %s ALTER COLUMN %s TYPE %s%s" % (self.tname(t), c, new, using))
            self.m.tables[t]["added"][c]["type"] = new
        else:
            t = self.g.pick(list(self.s["existing"]))
            c, typ = self.g.pick(self.s["existing"][t])
            new = {"text": "varchar(500)", "numeric(6,2)": "numeric(9,3)", "smallint": "int",
                   "numeric(12,2)": "numeric(16,4)", "bigint": "numeric(20,0)",
                   "timestamptz": "timestamp", "int": "bigint", "numeric(10,2)": "numeric(12,2)"}[typ]
            using = " USING %s::%s" % (c, new) if self.g.chance(0.5) else ""
            if typ == "timestamptz":
                using = " USING %s AT TIME ZONE 'UTC'" % c
            self.emit("ALTER TABLE %s ALTER COLUMN %s TYPE %s%s" % (self.tname(t), c, new, using))

    def defaults(self):
        t = self.any_table()
        cols = self.added_cols(t, lambda c, i: not i.get("generated") and not i.get("identity"))
        if not cols:
            return self.add_column()
        c = self.g.pick(cols)
        typ = self.m.tables[t]["added"][c]["type"]
        if self.g.chance(0.6):
            self.emit("ALTER TABLE %s ALTER COLUMN %s SET DEFAULT %s" % (self.tname(t), c, self.value(typ)))
        else:
            self.emit("ALTER TABLE %s ALTER COLUMN %s DROP DEFAULT" % (self.tname(t), c))

    def not_null(self):
        t = self.any_table()
        cols = self.added_cols(t, lambda c, i: not i.get("generated") and not i.get("identity"))
        if not cols:
            return self.add_column()
        c = self.g.pick(cols)
        info = self.m.tables[t]["added"][c]
        if info.get("notnull") and self.g.chance(0.6):
            self.emit("ALTER TABLE %s ALTER COLUMN %s DROP NOT NULL" % (self.tname(t), c))
            info["notnull"] = False
        else:
            if self.g.chance(0.8):
                self.emit("UPDATE %s SET %s = %s WHERE %s IS NULL" % (
                    self.tname(t), c, self.value(info["type"]), c))
            self.emit("ALTER TABLE %s ALTER COLUMN %s SET NOT NULL" % (self.tname(t), c))
            info["notnull"] = True

    # ---- constraints

    def check(self):
        t = self.any_table()
        cols = self.added_cols(t, lambda c, i: i["type"] in ("int", "bigint", "numeric(10,2)", "text",
                                                             "varchar(40)"))
        if not cols:
            return self.add_column()
        c = self.g.pick(cols)
        typ = self.m.tables[t]["added"][c]["type"]
        cond = ("%s IS NULL OR %s >= -5" % (c, c)) if typ in ("int", "bigint", "numeric(10,2)") \
            else ("%s IS NULL OR length(%s) < 30" % (c, c))
        if self.g.chance(0.2):
            cond = "%s IS NOT NULL" % c
        n = self.m.fresh("fz_chk")
        if self.g.chance(0.6):
            self.emit("ALTER TABLE %s ADD CONSTRAINT %s CHECK (%s) NOT VALID" % (self.tname(t), n, cond))
            if self.g.chance(0.5):
                self.insert()
            self.emit("ALTER TABLE %s VALIDATE CONSTRAINT %s" % (self.tname(t), n))
        else:
            self.emit("ALTER TABLE %s ADD CONSTRAINT %s CHECK (%s)" % (self.tname(t), n, cond))
        self.m.tables[t]["checks"].append(n)

    def unique(self):
        t = self.any_table()
        d = self.s["tables"][t]
        n = self.m.fresh("fz_uq")
        if d["key"] is None and not self.m.tables[t]["has_pk"]:
            cols = [d["dist"]] + [c for c in d["cols"] if c != d["dist"]][:1]
            self.emit("ALTER TABLE %s ADD CONSTRAINT %s PRIMARY KEY (%s)" % (
                self.tname(t), n, ", ".join(cols)))
            self.m.tables[t]["has_pk"] = True
            self.m.tables[t]["cons"].append(n)
            return
        cols = self.added_cols(t, lambda c, i: i["type"] != "jsonb")
        if not cols:
            return self.add_column()
        key = ([d["dist"]] if d["dist"] else []) + [self.g.pick(cols)]
        if d["key"] and self.g.chance(0.3):
            key = d["key"] + key[-1:]
        if self.g.chance(0.3):
            self.emit("CREATE UNIQUE INDEX %s ON %s (%s)" % (n, self.tname(t), ", ".join(key)))
            self.m.tables[t]["idx"].append(n)
        else:
            self.emit("ALTER TABLE %s ADD CONSTRAINT %s UNIQUE (%s)" % (
                self.tname(t), n, ", ".join(dict.fromkeys(key))))
            self.m.tables[t]["cons"].append(n)

    def foreign_key(self):
        src, scols, dst, dcols = self.g.pick(self.s["fks"])
        if src not in self.m.tables or dst not in self.m.tables:
            # a suite table the model does not track: name it directly
            sname, dname = src, dst
        else:
            sname, dname = self.tname(src), self.tname(dst)
        n = self.m.fresh("fz_fk")
        self.emit("ALTER TABLE %s ADD CONSTRAINT %s FOREIGN KEY (%s) REFERENCES %s (%s)%s%s" % (
            sname, n, ", ".join(scols), dname, ", ".join(dcols),
            self.g.pick(["", " ON DELETE CASCADE", ""]), self.g.pick(["", " NOT VALID"])))
        if src in self.m.tables:
            self.m.tables[src]["cons"].append(n)

    def drop_constraint(self):
        t = self.any_table()
        names = self.m.tables[t]["cons"] + self.m.tables[t]["checks"]
        if not names:
            return self.check()
        n = self.g.pick(names)
        self.emit("ALTER TABLE %s DROP CONSTRAINT %s" % (self.tname(t), n))
        for k in ("cons", "checks"):
            if n in self.m.tables[t][k]:
                self.m.tables[t][k].remove(n)

    def rename_constraint(self):
        t = self.any_table()
        names = self.m.tables[t]["cons"] + self.m.tables[t]["checks"]
        if not names:
            return self.check()
        n = self.g.pick(names)
        new = self.m.fresh("fz_rc")
        self.emit("ALTER TABLE %s RENAME CONSTRAINT %s TO %s" % (self.tname(t), n, new))
        for k in ("cons", "checks"):
            if n in self.m.tables[t][k]:
                self.m.tables[t][k][self.m.tables[t][k].index(n)] = new

    # ---- indexes

    def create_index(self):
        t = self.any_table()
        cols = self.added_cols(t, lambda c, i: i["type"] != "jsonb")
        base = [c for c in self.s["tables"][t]["cols"]]
        n = self.m.fresh("fz_ix")
        conc = " CONCURRENTLY" if not self.in_tx and self.g.chance(0.3) else ""
        shape = self.g.pick(["plain", "partial", "expr", "include", "multi"])
        c = self.g.pick(cols or base)
        if shape == "partial":
            body = "(%s) WHERE %s IS NOT NULL" % (c, c)
        elif shape == "expr":
            body = "((%s::text))" % c if self.g.chance(0.5) else "(lower(%s::text), %s)" % (c, base[0])
        elif shape == "include":
            body = "(%s) INCLUDE (%s)" % (base[0], c)
        elif shape == "multi":
            body = "(%s, %s DESC NULLS LAST)" % (base[0], c)
        else:
            body = "(%s)" % c
        ff = " WITH (fillfactor = %d)" % self.g.r.randint(50, 100) if self.g.chance(0.2) else ""
        if ff and " WHERE " in body:
            body, where = body.split(" WHERE ")
            body += ff + " WHERE " + where
        else:
            body += ff
        self.emit("CREATE INDEX%s %s ON %s %s" % (conc, n, self.tname(t), body))
        self.m.tables[t]["idx"].append(n)

    def alter_index(self):
        t = self.any_table()
        if not self.m.tables[t]["idx"]:
            return self.create_index()
        n = self.g.pick(self.m.tables[t]["idx"])
        what = self.g.pick(["rename", "set", "reset", "drop", "drop"])
        if what == "rename":
            new = self.m.fresh("fz_ri")
            self.emit("ALTER INDEX %s RENAME TO %s" % (n, new))
            self.m.tables[t]["idx"][self.m.tables[t]["idx"].index(n)] = new
        elif what == "set":
            self.emit("ALTER INDEX %s SET (fillfactor = %d)" % (n, self.g.r.randint(40, 100)))
        elif what == "reset":
            self.emit("ALTER INDEX %s RESET (fillfactor)" % n)
        else:
            conc = " CONCURRENTLY" if not self.in_tx and self.g.chance(0.3) else ""
            self.emit("DROP INDEX%s %s" % (conc, n))
            self.m.tables[t]["idx"].remove(n)

    def rename_index_existing(self):
        t = self.any_table()
        if not self.s["tables"][t]["key"]:
            return self.create_index()
        # the primary key's index, renamed and back (its constraint follows)
        pk = t + "_pkey"
        if self.m.tables[t]["name"] != t:
            return self.create_index()
        self.emit("ALTER INDEX %s RENAME TO %s_fzpk" % (pk, t))
        self.insert()
        self.emit("ALTER TABLE %s RENAME CONSTRAINT %s_fzpk TO %s" % (t, t, pk))

    # ---- tables, views, comments, storage, sequences, enums

    def rename_table(self):
        t = self.any_table()
        cur = self.tname(t)
        if cur == t:
            new = t + "_fz"
            self.emit("ALTER TABLE %s RENAME TO %s" % (t, new))
        else:
            new = t
            self.emit("ALTER TABLE %s RENAME TO %s" % (cur, t))
        self.m.tables[t]["name"] = new
        if self.g.chance(0.6):
            self.insert()

    def view(self):
        if self.m.views and self.g.chance(0.4):
            v = self.g.pick(self.m.views)
            self.emit("DROP VIEW %s" % v)
            self.m.views.remove(v)
            return
        t = self.any_table(dist_only=True)
        cols = list(self.m.tables[t]["added"])
        v = self.m.fresh("fz_v")
        shown = ", ".join(self.order_key(t).split(", ") + cols[:2])
        self.emit("CREATE VIEW %s AS SELECT %s FROM %s WHERE %s <> 5" % (
            v, shown, self.tname(t), self.dcol(t) if self.dcol(t) != "code" else "length(code)"))
        self.m.views.append(v)
        self.emit("SELECT * FROM %s ORDER BY %s LIMIT 10" % (v, self.order_key(t)), ordered=True)

    def comment(self):
        t = self.any_table()
        cols = self.added_cols(t)
        if cols and self.g.chance(0.5):
            self.emit("COMMENT ON COLUMN %s.%s IS %s" % (self.tname(t), self.g.pick(cols),
                                                         self.g.pick(["'added by migration'", "NULL"])))
        else:
            self.emit("COMMENT ON TABLE %s IS 'migrated %d'" % (self.tname(t), self.g.r.randint(1, 99)))

    def storage(self):
        t = self.any_table()
        opt = self.g.pick(["fillfactor = %d" % self.g.r.randint(50, 100),
                           "autovacuum_enabled = false", "autovacuum_vacuum_scale_factor = 0.05",
                           "autovacuum_analyze_threshold = 500"])
        if self.g.chance(0.25):
            self.emit("ALTER TABLE %s RESET (%s)" % (self.tname(t), opt.split(" =")[0]))
        else:
            self.emit("ALTER TABLE %s SET (%s)" % (self.tname(t), opt))

    def sequence(self):
        if self.s["sequences"] and self.g.chance(0.4):
            seq, t = self.g.pick(self.s["sequences"])
            self.emit("ALTER SEQUENCE %s RESTART WITH %d" % (seq, 500000 + self.g.r.randint(0, 999)))
            self.insert_default_key(t)
            return
        t = self.any_table()
        seq = self.m.fresh("fz_seq")
        c = self.m.fresh("fz_c")
        self.emit("CREATE SEQUENCE %s START %d" % (seq, self.g.r.randint(1, 100)))
        self.emit("ALTER TABLE %s ADD COLUMN %s bigint" % (self.tname(t), c))
        self.emit("ALTER SEQUENCE %s OWNED BY %s.%s" % (seq, self.tname(t), c))
        self.emit("ALTER TABLE %s ALTER COLUMN %s SET DEFAULT nextval('%s')" % (self.tname(t), c, seq))
        self.m.tables[t]["added"][c] = {"type": "bigint", "serial": seq}
        self.insert()

    def insert_default_key(self, t):
        d = self.s["tables"][t]
        cols = dict(d["cols"])
        i = self.fid()
        self.emit("INSERT INTO %s (%s) VALUES (%s) RETURNING %s" % (
            self.tname(t), ", ".join(cols),
            ", ".join(v.format(t=self.tenant(), i=i) for v in cols.values()), self.order_key(t)))
        self.resync()

    def enum(self):
        if not self.s["enum"] or self.in_tx:
            return self.storage()
        typ, t, c, _ = self.s["enum"]
        if self.g.chance(0.5):
            new = self.m.fresh("st_")
            pos = self.g.pick(["", " BEFORE '%s'" % self.g.pick(self.m.enum),
                               " AFTER '%s'" % self.g.pick(self.m.enum)])
            self.emit("ALTER TYPE %s ADD VALUE '%s'%s" % (typ, new, pos))
            self.m.enum.append(new)
            self.emit("UPDATE %s SET %s = '%s' WHERE %s = %d" % (
                self.tname(t), c, new, self.dcol(t), self.tenant()))
        else:
            old = self.g.pick(self.m.enum)
            new = self.m.fresh("st_")
            self.emit("ALTER TYPE %s RENAME VALUE '%s' TO '%s'" % (typ, old, new))
            self.m.enum[self.m.enum.index(old)] = new
        self.emit("SELECT %s, count(*) FROM %s GROUP BY %s ORDER BY %s" % (c, self.tname(t), c, c),
                  ordered=True)

    # ---- transactions

    def begin(self):
        if self.in_tx:
            if self.g.chance(0.5):
                name = self.m.fresh("sp")
                self.emit("SAVEPOINT %s" % name)
                self.saved.append((name, copy.deepcopy(self.m)))
                return
            self.end()
            return
        self.emit("BEGIN")
        self.in_tx = True
        self.saved = [("", copy.deepcopy(self.m))]

    def end(self):
        if not self.in_tx:
            return
        if len(self.saved) > 1 and self.g.chance(0.6):
            name, snap = self.saved.pop()
            if self.g.chance(0.5):
                self.emit("ROLLBACK TO SAVEPOINT %s" % name)
                self.m = snap
                self.resync()
            else:
                self.emit("RELEASE SAVEPOINT %s" % name)
            return
        if self.g.chance(0.45):
            self.emit("ROLLBACK")
            self.m = self.saved[0][1]
        else:
            self.emit("COMMIT")
        self.saved = []
        self.in_tx = False
        self.resync()

    def step(self):
        steps = [(self.add_column, 10), (self.drop_column, 3), (self.rename_column, 3),
                 (self.alter_type, 5), (self.defaults, 4), (self.not_null, 4), (self.check, 4),
                 (self.unique, 3), (self.foreign_key, 2), (self.drop_constraint, 2),
                 (self.rename_constraint, 2), (self.create_index, 5), (self.alter_index, 4),
                 (self.rename_index_existing, 1), (self.rename_table, 2), (self.view, 3),
                 (self.comment, 2), (self.storage, 2), (self.sequence, 2), (self.enum, 3),
                 (self.insert, 10), (self.update, 7), (self.delete, 2), (self.select, 7),
                 (self.begin, 3), (self.end, 3 if self.in_tx else 0)]
        fns = [f for f, w in steps for _ in range(w)]
        self.g.pick(fns)()

    def generate(self, count):
        while len(self.out) < count:
            self.step()
        while self.in_tx:
            self.end()
        # leave the tables under their own names, so the final comparison finds them
        for t in self.m.tables:
            if self.tname(t) != t:
                self.emit("ALTER TABLE %s RENAME TO %s" % (self.tname(t), t))
        return self.out


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--suite", choices=sorted(SUITES), required=True)
    ap.add_argument("--seed", type=int, required=True)
    ap.add_argument("--statements", type=int, default=150)
    args = ap.parse_args()
    out = Migrations(args.suite, args.seed).generate(args.statements)
    print("-- Generated by fuzz/generate_ddl.py --suite %s --seed %d --statements %d; do not edit."
          % (args.suite, args.seed, args.statements))
    print("-- Every statement may fail in PostgreSQL too (`-- may-error`): both sides must agree;")
    print("-- afterwards the tables and the shards' definitions are compared.")
    for s in out:
        print()
        print(s)


if __name__ == "__main__":
    main()
