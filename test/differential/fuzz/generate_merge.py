#!/usr/bin/env python3
"""Random MERGE statements for the differential writes corpora (Python 3 standard library only).

    generate_merge.py --suite saas|shop|single_shard --seed 7 [--statements 150] > FILE.sql

Deterministic: the same suite, seed and length give the same file. Every statement is a MERGE
(or, inside transaction blocks, a plain write between MERGEs) over one suite's tables:

* targets: hash-distributed tables (tenant key, composite keys), single-shard tables, reference
  tables;
* sources (each yields the columns k1 k2 vi vt vn): the target itself with its keys shifted (some
  rows match, some do not), colocated tables, tables of another colocation group, reference
  tables, a local table (`plain.*`), VALUES lists with NULL keys and duplicates, joins, GROUP BY
  aggregates, DISTINCT, ordered LIMIT, CTEs;
* ON: the distribution column equated with the source (sometimes through a cast or only the
  tenant, so that several source rows match one target row and PostgreSQL raises "cannot affect
  row a second time"), plus extra conditions on the source and the target;
* one to four WHEN clauses with AND conditions: UPDATE SET expressions reading the source and the
  target, DELETE, DO NOTHING, INSERT with column lists, omitted columns (defaults), a shifted key,
  a serial / identity key left to its default (one-row sources only, outside transaction blocks,
  the sequence resynchronised after the statement);
* prepared MERGEs with parameters (executed several times, generic plans too); transaction
  blocks mixing MERGE with INSERT / UPDATE / DELETE, SAVEPOINT and ROLLBACK TO, COMMIT or ROLLBACK.

Every statement carries `-- may-error` (both sides agree on the result or on the error). Shapes
Tessera refuses by design (ON without the distribution column, an INSERT that does not insert the
route value) are generated only outside transaction blocks and carry `-- expect-error:` with the refusal's wording, so the refusal rate
of a batch is the count of those markers that the report lists as honoured.
"""

import argparse
import random
import re

# --------------------------------------------------------------------------------------------
# Suite descriptions. A target: its name, its distribution column (None for a reference table),
# whether it is hash-distributed (a route value is needed), its second key column (or None),
# columns an UPDATE may set with an expression template over s.vi / s.vt / s.vn and the target
# alias t, and the INSERT columns beyond the keys (column, value template); `serial` marks a key2
# column with a sequence default an INSERT may leave out.
# A source: SQL yielding k1 (a value of the targets' distribution column type), k2 (int), vi
# (int), vt (text), vn (numeric), and the group it is colocated with.

SUITES = {
    "saas": {
        "targets": [
            {"name": "tenants", "dist": "tenant_id", "hash": True, "key2": None,
             "updates": [("name", "coalesce(s.vt, t.name) || '*'"), ("mrr", "s.vn"),
                         ("plan_id", "s.vi % 4"), ("is_active", "s.vi IS NULL OR s.vi % 2 = 0"),
                         ("mrr", "coalesce(t.mrr, 0) + coalesce(s.vn, 1)")],
             "inserts": [("name", "coalesce(s.vt, 'merged')"), ("slug", "'m-' || s.k1"),
                         ("created_at", "timestamptz '2024-05-05 00:00:00+00'"),
                         ("mrr", "s.vn"), ("plan_id", "s.vi")],
             "required": ["name", "slug", "created_at"]},
            {"name": "tasks", "dist": "tenant_id", "hash": True, "key2": "task_id",
             "updates": [("priority", "1 + abs(coalesce(s.vi, 2)) % 5"), ("title", "t.title || coalesce(s.vt, '?')"),
                         ("estimate_hours", "s.vn"), ("status", "'merged'"),
                         ("description", "s.vt"), ("priority", "t.priority % 5 + 1")],
             "inserts": [("project_id", "coalesce(s.vi, 0)"), ("title", "coalesce(s.vt, 'merged task')"),
                         ("status", "'new'"), ("created_at", "timestamptz '2024-06-01 00:00:00+00'"),
                         ("estimate_hours", "s.vn"), ("priority", "1 + abs(coalesce(s.vi, 0)) % 5")],
             "required": ["project_id", "title", "status", "created_at"]},
            {"name": "invoices", "dist": "tenant_id", "hash": True, "key2": "invoice_id",
             "updates": [("amount", "coalesce(s.vn, t.amount) + 1"), ("status", "CASE WHEN s.vi % 2 = 0 THEN 'paid' ELSE 'void' END"),
                         ("paid_at", "NULL"), ("amount", "t.amount * 2")],
             "inserts": [("amount", "coalesce(s.vn, 0)"), ("currency", "'EUR'"),
                         ("issued_on", "date '2024-07-07'"), ("status", "'draft'")],
             "required": ["amount", "currency", "issued_on", "status"]},
            {"name": "comments", "dist": "tenant_id", "hash": True, "key2": "comment_id",
             "updates": [("body", "coalesce(s.vt, '') || '/' || t.body"), ("edited", "true"),
                         ("author_id", "s.vi")],
             "inserts": [("task_id", "coalesce(s.vi, 1)"), ("body", "coalesce(s.vt, 'b')"),
                         ("created_at", "timestamptz '2024-08-08 00:00:00+00'")],
             "required": ["task_id", "body", "created_at"]},
            {"name": "projects", "dist": "tenant_id", "hash": True, "key2": "project_id", "serial": True,
             "updates": [("budget", "abs(s.vn)"), ("name", "t.name || '+'"), ("archived", "NOT t.archived"),
                         ("owner_id", "s.vi")],
             "inserts": [("name", "coalesce(s.vt, 'p')"), ("created_at", "timestamptz '2024-09-09 00:00:00+00'"),
                         ("budget", "abs(s.vn)")],
             "required": ["name", "created_at"]},
            {"name": "users", "dist": "tenant_id", "hash": True, "key2": "user_id", "serial": True,
             "updates": [("display_name", "s.vt"), ("locale", "'de'"), ("is_active", "coalesce(s.vi > 3, false)")],
             "inserts": [("email", "coalesce(s.vt, '') || '@merge.example'"), ("created_at", "timestamptz '2024-10-10 00:00:00+00'"),
                         ("display_name", "s.vt")],
             "required": ["email", "created_at"]},
            # keyed by a uuid and a text: the route value is an expression of the source
            {"name": "sessions", "dist": "session_id", "hash": True, "key2": None,
             "route": "md5('session' || s.k2)::uuid",
             "updates": [("user_agent", "s.vt"), ("user_id", "s.vi"), ("duration", "t.duration + interval '1 minute'")],
             "inserts": [("tenant_id", "coalesce(s.k1, 0)"), ("started_at", "timestamptz '2024-11-11 00:00:00+00'"),
                         ("user_agent", "s.vt"), ("user_id", "s.vi")],
             "required": ["tenant_id", "started_at"]},
            {"name": "api_keys", "dist": "key", "hash": True, "key2": None,
             "route": "'key_' || to_hex(s.k2 * 2654435761 % 4294967296)",
             "updates": [("label", "coalesce(s.vt, t.label)"), ("revoked_at", "NULL"), ("scopes", "array_append(t.scopes, 'merge')")],
             "inserts": [("tenant_id", "coalesce(s.k1, 0)"), ("created_at", "timestamptz '2024-11-12 00:00:00+00'"),
                         ("label", "s.vt")],
             "required": ["tenant_id", "created_at"]},
            {"name": "plans", "dist": None, "hash": False, "key2": None, "k1": "plan_id",
             "updates": [("max_seats", "s.vi"), ("name", "t.name || coalesce(s.vt, '')"),
                         ("monthly_price", "coalesce(s.vn, 0) % 1000")],
             "inserts": [("name", "coalesce(s.vt, 'plan')"), ("monthly_price", "coalesce(s.vn, 0) % 1000"),
                         ("currency", "'USD'"), ("max_seats", "s.vi")],
             "required": ["name", "monthly_price", "currency"]},
        ],
        "sources": [
            ("SELECT tenant_id AS k1, task_id AS k2, priority::int AS vi, title AS vt, estimate_hours AS vn FROM tasks", "tenant", ["tasks"]),
            ("SELECT tenant_id AS k1, comment_id AS k2, task_id::int AS vi, body AS vt, NULL::numeric AS vn FROM comments", "tenant", ["comments"]),
            ("SELECT tenant_id AS k1, invoice_id AS k2, invoice_id AS vi, status AS vt, amount AS vn FROM invoices", "tenant", ["invoices"]),
            ("SELECT tenant_id AS k1, project_id AS k2, owner_id::int AS vi, name AS vt, budget AS vn FROM projects", "tenant", ["projects"]),
            ("SELECT tenant_id AS k1, user_id AS k2, NULL::int AS vi, email AS vt, NULL::numeric AS vn FROM users", "tenant", ["users"]),
            ("SELECT tenant_id AS k1, plan_id AS k2, plan_id AS vi, name AS vt, mrr AS vn FROM tenants", "tenant", ["tenants"]),
            ("SELECT tenant_id AS k1, event_id AS k2, user_id::int AS vi, kind AS vt, NULL::numeric AS vn FROM events", "tenant", ["events"]),
            ("SELECT tenant_id AS k1, seq AS k2, actor_id::int AS vi, action AS vt, NULL::numeric AS vn FROM audit_log", "audit", ["audit_log"]),
            ("SELECT tenant_id AS k1, user_id AS k2, NULL::int AS vi, user_agent AS vt, NULL::numeric AS vn FROM sessions", "uuid", ["sessions"]),
            ("SELECT plan_id::bigint AS k1, max_seats AS k2, max_seats AS vi, name AS vt, monthly_price AS vn FROM plans", "ref", ["plans"]),
            ("SELECT tenant_id AS k1, length(flag) AS k2, length(flag) AS vi, flag AS vt, NULL::numeric AS vn FROM plain.tenant_flags", "local", []),
            ("SELECT ta.tenant_id AS k1, ta.task_id AS k2, p.owner_id::int AS vi, p.name AS vt, ta.estimate_hours AS vn "
             "FROM tasks ta JOIN projects p ON p.tenant_id = ta.tenant_id AND p.project_id = ta.project_id", "tenant", ["tasks", "projects"]),
            ("SELECT te.tenant_id AS k1, te.plan_id AS k2, pl.max_seats AS vi, pl.name AS vt, pl.monthly_price AS vn "
             "FROM tenants te LEFT JOIN plans pl ON pl.plan_id = te.plan_id", "tenant", ["tenants", "plans"]),
            ("SELECT a.tenant_id AS k1, a.seq AS k2, a.actor_id::int AS vi, te.name AS vt, te.mrr AS vn "
             "FROM audit_log a JOIN tenants te ON te.tenant_id = a.tenant_id", "mixed", ["audit_log", "tenants"]),
        ],
        "tenants": [1, 2, 3, 4, 5, 7, 12, 19, 33, 40, 41, 55],
        "filters": ["k1 IN (%(a)d, %(b)d)", "k1 = %(a)d", "k1 < %(c)d", "k1 BETWEEN %(a)d AND %(c)d",
                    "k1 %% 3 = %(m)d", "k2 %% 7 = %(m)d", "vi IS NULL", "true", "true", "k1 < %(c)d"],
        "plain_writes": [
            "UPDATE tasks SET priority = priority %% 5 + 1 WHERE tenant_id = %(a)d AND task_id %% 3 = 0",
            "DELETE FROM comments WHERE tenant_id = %(a)d AND comment_id %% 4 = 1",
            "INSERT INTO invoices VALUES (%(a)d, 9000 + %(m)d, 5, 'EUR', date '2024-01-01', NULL, 'open') ON CONFLICT DO NOTHING",
            "UPDATE tenants SET mrr = coalesce(mrr, 0) + 1 WHERE tenant_id IN (%(a)d, %(b)d)",
            "UPDATE plans SET max_seats = coalesce(max_seats, 0) + 1 WHERE plan_id = %(m)d",
        ],
    },
    "shop": {
        "targets": [
            {"name": "stores", "dist": "store_id", "hash": True, "key2": None,
             "updates": [("name", "t.name || coalesce(s.vt, '')"), ("plan", "s.vt"), ("is_active", "coalesce(s.vi > 2, true)")],
             "inserts": [("name", "coalesce(s.vt, 'store')"), ("currency", "'EUR'"),
                         ("created_at", "timestamptz '2024-05-05 00:00:00+00'"), ("plan", "s.vt")],
             "required": ["name", "currency", "created_at"]},
            {"name": "customers", "dist": "store_id", "hash": True, "key2": "customer_id",
             "updates": [("full_name", "coalesce(s.vt, t.full_name)"), ("tier", "'gold'"),
                         ("lifetime_value", "coalesce(t.lifetime_value, 0) + coalesce(s.vn, 0)")],
             "inserts": [("full_name", "coalesce(s.vt, 'c')"), ("created_at", "timestamptz '2024-05-06 00:00:00+00'"),
                         ("lifetime_value", "s.vn"), ("email", "s.vt")],
             "required": ["full_name", "created_at"]},
            {"name": "products", "dist": "store_id", "hash": True, "key2": "product_id",
             "updates": [("price", "coalesce(s.vn, t.price) % 10000"), ("name", "upper(t.name)"), ("rating", "s.vi / 2.0")],
             "inserts": [("sku", "'m-' || s.k2"), ("name", "coalesce(s.vt, 'prod')"), ("price", "coalesce(s.vn, 1) % 10000")],
             "required": ["sku", "name", "price"]},
            {"name": "orders", "dist": "store_id", "hash": True, "key2": "order_id",
             "updates": [("status", "CASE WHEN s.vi % 2 = 0 THEN 'paid' ELSE 'cancelled' END::order_status"),
                         ("total", "coalesce(s.vn, 0) % 100000"), ("discount", "t.total / 10")],
             "inserts": [("status", "'pending'"), ("currency", "'USD'"), ("placed_at", "timestamptz '2024-04-04 00:00:00+00'"),
                         ("total", "coalesce(s.vn, 0) % 100000"), ("customer_id", "s.vi")],
             "required": ["status", "currency", "placed_at", "total"]},
            {"name": "categories", "dist": None, "hash": False, "key2": None, "k1": "category_id",
             "updates": [("name", "t.name || '!'"), ("sort_order", "s.vi")],
             "inserts": [("name", "coalesce(s.vt, 'cat')"), ("slug", "'s' || s.k1"), ("sort_order", "s.vi")],
             "required": ["name", "slug"]},
        ],
        "sources": [
            ("SELECT store_id AS k1, customer_id AS k2, NULL::int AS vi, full_name AS vt, lifetime_value AS vn FROM customers", "tenant", ["customers"]),
            ("SELECT store_id AS k1, product_id AS k2, weight_g AS vi, name AS vt, price AS vn FROM products", "tenant", ["products"]),
            ("SELECT store_id AS k1, order_id AS k2, customer_id::int AS vi, status::text AS vt, total AS vn FROM orders", "tenant", ["orders"]),
            ("SELECT store_id AS k1, payment_id AS k2, order_id::int AS vi, method AS vt, amount AS vn FROM payments", "tenant", ["payments"]),
            ("SELECT store_id AS k1, product_id AS k2, delta AS vi, reason AS vt, NULL::numeric AS vn FROM inventory_events", "tenant", ["inventory_events"]),
            ("SELECT store_id AS k1, customer_id AS k2, NULL::int AS vi, abandoned::text AS vt, NULL::numeric AS vn FROM carts", "cart", ["carts"]),
            ("SELECT store_id AS k1, max_uses AS k2, max_uses AS vi, code AS vt, percent_off AS vn FROM coupons", "coupon", ["coupons"]),
            ("SELECT category_id::bigint AS k1, parent_id AS k2, sort_order AS vi, name AS vt, NULL::numeric AS vn FROM categories", "ref", ["categories"]),
            ("SELECT store_id AS k1, length(note) AS k2, NULL::int AS vi, note AS vt, NULL::numeric AS vn FROM plain.store_notes", "local", []),
            ("SELECT o.store_id AS k1, o.order_id AS k2, sum(i.qty)::int AS vi, min(o.currency) AS vt, sum(i.unit_price * i.qty) AS vn "
             "FROM orders o JOIN order_items i ON i.store_id = o.store_id AND i.order_id = o.order_id GROUP BY o.store_id, o.order_id", "tenant", ["orders", "order_items"]),
            ("SELECT c.store_id AS k1, c.customer_id AS k2, co.vat_rate::int AS vi, co.name AS vt, co.vat_rate AS vn "
             "FROM customers c LEFT JOIN countries co ON co.code = c.country", "tenant", ["customers", "countries"]),
        ],
        "tenants": [1, 2, 3, 6, 7, 9, 14, 23, 40, 45, 51, 60],
        "filters": ["k1 IN (%(a)d, %(b)d)", "k1 = %(a)d", "k1 < %(c)d", "k1 BETWEEN %(a)d AND %(c)d",
                    "k1 %% 3 = %(m)d", "k2 %% 7 = %(m)d", "vi IS NULL", "true", "true", "k1 < %(c)d"],
        "plain_writes": [
            "UPDATE products SET price = price + 1 WHERE store_id = %(a)d AND product_id %% 3 = 0",
            "DELETE FROM payments WHERE store_id = %(a)d AND payment_id %% 4 = 1",
            "INSERT INTO customers (store_id, customer_id, full_name, created_at) VALUES (%(a)d, 9000 + %(m)d, 'x', timestamptz '2024-01-01 00:00:00+00') ON CONFLICT DO NOTHING",
            "UPDATE stores SET plan = 'pro' WHERE store_id IN (%(a)d, %(b)d)",
            "UPDATE categories SET sort_order = coalesce(sort_order, 0) + 1 WHERE category_id = %(m)d + 1",
        ],
    },
    "single_shard": {
        "targets": [
            {"name": "workspaces", "dist": None, "hash": False, "key2": None, "k1": "ws_id",
             "updates": [("name", "t.name || coalesce(s.vt, '')"), ("plan", "s.vt")],
             "inserts": [("name", "coalesce(s.vt, 'ws') || s.k1"), ("plan", "s.vt")],
             "required": ["name"]},
            {"name": "docs", "dist": None, "hash": False, "key2": None, "k1": "doc_id",
             "updates": [("title", "t.title || '.'"), ("words", "s.vi"), ("words", "coalesce(t.words, 0) + 1")],
             "inserts": [("ws_id", "1 + abs(coalesce(s.vi, 0)) % 12"), ("title", "coalesce(s.vt, 'doc')"), ("words", "s.vi")],
             "required": ["ws_id", "title"]},
            {"name": "audit", "dist": None, "hash": False, "key2": None, "k1": "audit_id",
             "updates": [("action", "s.vt"), ("n", "coalesce(t.n, 0) + coalesce(s.vi, 0)")],
             "inserts": [("ws_id", "s.vi"), ("action", "s.vt"), ("n", "s.k2")],
             "required": []},
            {"name": "views_log", "dist": "doc_id", "hash": True, "key2": None,
             "updates": [("seconds", "coalesce(s.vi, 0) + t.seconds"), ("viewer", "s.k2")],
             "inserts": [("viewer", "s.k2"), ("seconds", "s.vi")],
             "required": []},
            {"name": "roles", "dist": None, "hash": False, "key2": None, "k1": "role_id",
             "updates": [("name", "t.name || coalesce(s.vt, '+')")],
             "inserts": [("name", "coalesce(s.vt, 'role') || s.k1")],
             "required": ["name"]},
        ],
        "sources": [
            ("SELECT ws_id::bigint AS k1, length(name) AS k2, length(plan) AS vi, name AS vt, NULL::numeric AS vn FROM workspaces", "ws", ["workspaces"]),
            ("SELECT member_id::bigint AS k1, ws_id AS k2, role_id AS vi, email AS vt, NULL::numeric AS vn FROM members", "ws", ["members"]),
            ("SELECT doc_id::bigint AS k1, ws_id AS k2, words AS vi, title AS vt, NULL::numeric AS vn FROM docs", "ws", ["docs"]),
            ("SELECT comment_id::bigint AS k1, doc_id AS k2, member_id AS vi, body AS vt, score AS vn FROM comments", "ws", ["comments"]),
            ("SELECT audit_id::bigint AS k1, ws_id AS k2, n AS vi, action AS vt, NULL::numeric AS vn FROM audit", "audit", ["audit"]),
            ("SELECT doc_id::bigint AS k1, viewer AS k2, seconds AS vi, NULL::text AS vt, NULL::numeric AS vn FROM views_log", "hash", ["views_log"]),
            ("SELECT role_id::bigint AS k1, role_id AS k2, role_id AS vi, name AS vt, NULL::numeric AS vn FROM roles", "ref", ["roles"]),
            ("SELECT d.doc_id::bigint AS k1, d.ws_id AS k2, count(c.comment_id)::int AS vi, min(w.name) AS vt, sum(c.score) AS vn "
             "FROM docs d JOIN workspaces w ON w.ws_id = d.ws_id LEFT JOIN comments c ON c.doc_id = d.doc_id GROUP BY d.doc_id, d.ws_id", "ws", ["docs"]),
        ],
        "tenants": [1, 2, 3, 4, 5, 7, 9, 12, 13, 150, 201],
        "filters": ["k1 IN (%(a)d, %(b)d)", "k1 = %(a)d", "k1 < %(c)d", "k1 BETWEEN %(a)d AND %(c)d",
                    "k1 %% 3 = %(m)d", "k2 %% 7 = %(m)d", "vi IS NULL", "true", "true", "k1 < %(c)d"],
        "plain_writes": [
            "UPDATE docs SET words = coalesce(words, 0) + 1 WHERE ws_id = %(a)d",
            "DELETE FROM views_log WHERE doc_id = %(a)d",
            "INSERT INTO audit VALUES (5000 + %(m)d, %(a)d, 'x', 1) ON CONFLICT DO NOTHING",
            "UPDATE workspaces SET plan = 'pro' WHERE ws_id IN (%(a)d, %(b)d)",
            "UPDATE roles SET name = name || '.' WHERE role_id = %(m)d + 1",
        ],
    },
}


class Gen:
    """Random choices of one generated file (seeded)."""

    def __init__(self, seed):
        self.r = random.Random(seed)

    def pick(self, seq):
        return self.r.choice(seq)

    def chance(self, p):
        return self.r.random() < p

    def int(self, lo, hi):
        return self.r.randint(lo, hi)


def values_source(g, suite, nrows=None):
    """A VALUES list with NULL keys, duplicates and keys that match and do not (`nrows` rows)."""
    rows = []
    for _ in range(nrows or g.int(1, 6)):
        k1 = g.pick(suite["tenants"] + ["NULL"])
        k2 = g.pick(["NULL", str(g.int(1, 60)), str(g.int(1, 3000)), str(g.int(1, 9))])
        vi = g.pick(["NULL", str(g.int(-3, 40))])
        vt = g.pick(["NULL", "'v%d'" % g.int(1, 99), "''", "'it''s'"])
        vn = g.pick(["NULL", "%d.%02d" % (g.int(0, 999), g.int(0, 99))])
        rows.append("(%s, %s, %s, %s, %s)" % (k1, k2, vi, vt, vn))
    if nrows is None and g.chance(0.2):
        rows.append(rows[0])
    first = rows[0][1:-1].split(", ")
    # type the first row so that NULLs do not make the columns text
    first = ["%s::bigint" % first[0], "%s::int" % first[1], "%s::int" % first[2], "%s::text" % first[3],
             "%s::numeric" % first[4]]
    rows[0] = "(" + ", ".join(first) + ")"
    keys = [r[1:-1].split(", ")[:2] for r in rows]
    # (unique on k1 and k2, unique on k1): a target keyed by k1 alone matches by k1 alone
    unique = (len(set(map(tuple, keys))) == len(keys), len(set(k[0] for k in keys)) == len(keys))
    return "(VALUES %s) AS s(k1, k2, vi, vt, vn)" % ", ".join(rows), "values", unique, len(rows)


def table_source(g, suite, target):
    """A source subquery over the suite's tables, sometimes the target's own rows shifted."""
    params = {"a": g.pick(suite["tenants"]), "b": g.pick(suite["tenants"]), "c": g.int(2, 45),
              "m": g.int(0, 2)}
    if target["dist"] is not None and g.chance(0.3):
        k2 = target["key2"] or "0"
        sql = "SELECT %s AS k1, %s%s AS k2, %s AS vi, %s AS vt, %s AS vn FROM %s" % (
            target["dist"], k2, g.pick(["", "", " + 1", " * 2", " + 1000"]),
            g.pick(["NULL::int", "length(%s::text)" % k2]), g.pick(["NULL::text", "'self'"]),
            g.pick(["NULL::numeric", "1.5"]), target["name"])
        group, unique = "tenant", True
    else:
        sql, group, _ = g.pick(suite["sources"])
        unique = False
    filt = g.pick(suite["filters"]) % params
    shape = g.pick(["plain", "plain", "plain", "agg", "distinct", "limit", "dup", "window", "union"])
    inner = "SELECT * FROM (%s) x WHERE %s" % (sql, filt)
    if shape == "agg":
        inner = ("SELECT k1, max(k2) AS k2, count(*)::int AS vi, min(vt) AS vt, sum(vn) AS vn FROM (%s) y "
                 "GROUP BY k1%s" % (inner, g.pick(["", " HAVING count(*) > 1"])))
        group = group if group in ("tenant", "ref", "local") else "mixed"
        unique = True
    elif shape == "distinct":
        inner = "SELECT DISTINCT k1, k2 %% 10 AS k2, vi, vt, NULL::numeric AS vn FROM (%s) y" % inner
        unique = False
    elif shape == "limit":
        inner = "SELECT * FROM (%s) y ORDER BY k1, k2, vi, vt, vn LIMIT %d" % (inner, g.int(0, 30))
        group = "mixed"
    elif shape == "window":
        inner = ("SELECT k1, k2, (row_number() OVER (PARTITION BY k1 ORDER BY k2, vi, vt, vn))::int AS vi, vt, vn "
                 "FROM (%s) y" % inner)
    elif shape == "union":
        inner = "%s UNION SELECT k1, k2 + 500, vi, vt, vn FROM (%s) y WHERE k1 %% 2 = 0" % (inner, inner)
        unique = False
    elif shape == "dup":
        inner = "SELECT y.* FROM (%s) y CROSS JOIN generate_series(1, 2) d" % inner
        unique = False
    return inner, group, unique, None


def merge_stmt(g, suite, in_block, param=False):
    """One MERGE: (sql, expected refusal or None, sequences its NOT MATCHED INSERT may use)."""
    target = g.pick(suite["targets"])
    refusal = None
    t = target
    if param:
        src = ("(VALUES ($1::bigint, $2::int, $3::int, $4::text, $5::numeric)) AS s(k1, k2, vi, vt, vn)", "values", True, 1)
    elif t.get("serial") and not in_block and g.chance(0.4):
        # one row, so that an INSERT may leave the serial key to its default (see below)
        src = values_source(g, suite, 1)
    elif g.chance(0.25):
        src = values_source(g, suite)
    else:
        src = table_source(g, suite, target)
    source_sql, group, unique, nrows = src
    seqs = set()
    if isinstance(unique, tuple):
        unique = unique[0] if t["key2"] else unique[1]
    cte = None
    if source_sql.startswith("(VALUES"):
        using = source_sql
    elif g.chance(0.2):
        cte = "WITH src AS %s(%s) " % (g.pick(["", "MATERIALIZED "]), source_sql)
        using = "src s"
    else:
        using = "(%s) s" % source_sql
    k1col = t["dist"] or t.get("k1")
    on = []
    on_dist = True
    route = "s.k1"
    if t["hash"] and g.chance(0.05):
        on_dist = False
        refusal = "needs an ON condition"
    if not on_dist:
        on.append("t.%s > s.k1" % t["dist"])
    else:
        # the route value: the source column, through an integer cast, or an expression (then
        # the actions insert and assign that same expression); compared as numeric, the
        # distribution column's equality is not used and the hash target refuses
        route = g.pick(["s.k1", "s.k1", "s.k1", "s.k1::int", "s.k1::text::bigint", "(s.k1 * 1)", "s.k1::numeric"])
        if param and g.chance(0.3):
            route = "$1"
        if t.get("route"):
            route = t["route"]
        on.append("t.%s = %s" % (k1col, route) if g.chance(0.7) else "%s = t.%s" % (route, k1col))
        if route.endswith("::numeric") and t["hash"]:
            refusal = "needs an ON condition"
    match_all = t["key2"] is not None and g.chance(0.12)
    if match_all:
        unique = False
    if t["key2"] and not match_all:
        on.append("t.%s = s.k2" % t["key2"])
    if g.chance(0.25):
        on.append(g.pick(["s.vi IS NOT NULL", "s.vt <> ''", "t.%s > 2" % k1col, "s.vn IS NULL",
                          "coalesce(s.vi, 0) < 30"]))
    if not on:
        on.append("s.k2 = t.%s" % (t.get("k1") or "tenant_id"))
    whens = []
    # Several source rows per target row raise "cannot affect row a second time" and duplicate
    # inserts a unique violation: which comes first depends on the plan, so a source that may
    # repeat keys gets MATCHED or NOT MATCHED actions, not both.
    mode = g.pick(["both", "both", "matched", "unmatched"]) if unique else g.pick(["matched", "unmatched"])
    nmatched = g.int(1, 3) if mode == "matched" else 0 if mode == "unmatched" else g.int(0, 3)
    # an unconditional WHEN clause comes last of its kind (rarely not: PostgreSQL's error)
    for i in range(nmatched):
        cond = g.pick(["", "", " AND s.vi IS NULL", " AND s.vi %% 2 = %d" % g.int(0, 1),
                       " AND t.%s %% 3 = 0" % k1col, " AND s.vt LIKE '%a%'", " AND s.vn > 100"])
        if cond == "" and i < nmatched - 1 and not g.chance(0.05):
            cond = " AND s.vi IS NOT NULL"
        act = g.pick(["update", "update", "delete", "nothing"])
        if act == "update":
            sets = {}
            for _ in range(g.int(1, 3)):
                c, e = g.pick(t["updates"])
                sets[c] = e
            if t["hash"] and g.chance(0.08):
                sets[t["dist"]] = g.pick([route, "t.%s" % t["dist"]])
            whens.append("WHEN MATCHED%s THEN UPDATE SET %s" % (cond, ", ".join("%s = %s" % kv for kv in sets.items())))
        elif act == "delete":
            whens.append("WHEN MATCHED%s THEN DELETE" % cond)
        else:
            whens.append("WHEN MATCHED%s THEN DO NOTHING" % cond)
    nunmatched = 0 if mode == "matched" else g.int(0 if whens else 1, 2)
    for i in range(nunmatched):
        cond = g.pick(["", "", " AND s.vi IS NOT NULL", " AND s.k2 > 5", " AND s.vt IS NULL",
                       " AND s.k1 IS NOT NULL"])
        if cond == "" and i < nunmatched - 1 and not g.chance(0.05):
            cond = " AND s.vt IS NOT NULL"
        act = g.pick(["insert", "insert", "insert", "nothing"])
        if act == "nothing":
            whens.append("WHEN NOT MATCHED%s THEN DO NOTHING" % cond)
            continue
        cols, vals = [], []
        # Rows of one statement that break different constraints may report either error (the
        # coordinator checks NULL route values before the shards run, PostgreSQL the rows in its
        # join's order): a NULL route value may meet only other NULL route values, so a second
        # key that may be NULL is left out, and so are NULL route values when keys may repeat
        # (duplicates violate the unique key).
        guard = ""
        if k1col:
            cols.append(k1col)
            if t["hash"] and g.chance(0.05):
                vals.append("s.k1 + 1")
                refusal = refusal or "must insert the value"
            else:
                vals.append(route)
            if not unique and route != "$1" and "s.k1 IS NOT NULL" not in cond:
                guard += " AND s.k1 IS NOT NULL"
        if t["key2"]:
            if t.get("serial") and nrows == 1 and g.chance(0.4):
                # the serial / identity default: the coordinator computes it for the row the
                # statement inserts. Left out only for a one-row source: PostgreSQL gives several
                # inserted rows their values in the order of its join, Tessera in source order
                # (the same values, maybe to other rows); the sequence is resynchronised after
                # the statement (a failing one may have taken a value on one side only)
                seqs.add("%s.%s" % (t["name"], t["key2"]))
            else:
                cols.append(t["key2"])
                vals.append(g.pick(["s.k2", "s.k2", "s.k2 + 100000", "coalesce(s.k2, 0) + 5000"]))
                if k1col and vals[-1].startswith("s.k2"):
                    guard += " AND s.k2 IS NOT NULL"
        for c, e in t["inserts"]:
            if c in t["required"] or g.chance(0.5):
                cols.append(c)
                vals.append("DEFAULT" if c not in t["required"] and g.chance(0.2) else e)
        whens.append("WHEN NOT MATCHED%s%s THEN INSERT (%s) VALUES (%s)" % (cond, guard, ", ".join(cols), ", ".join(vals)))
    if refusal and not t["hash"]:
        refusal = None
    sql = "%sMERGE INTO %s t USING %s ON %s\n  %s" % (cte or "", t["name"], using, " AND ".join(on),
                                                       "\n  ".join(whens))
    if g.chance(0.15):
        # the target without an alias, named by the table's name
        sql = sql.replace("MERGE INTO %s t " % t["name"], "MERGE INTO %s " % t["name"])
        sql = re.sub(r"\bt\.", t["name"] + ".", sql)
    return sql, refusal, seqs


def resync(seq):
    """Sets the sequence of column `seq` (table.column) past the table's values, on both sides."""
    table, col = seq.split(".")
    return ("SELECT setval(pg_get_serial_sequence('%s', '%s'), (SELECT coalesce(max(%s), 0) + 1000 FROM %s), false)"
            % (table, col, col, table))


def emit(out, sql, refusal, seqs=()):
    if refusal:
        # refused: alone in a block that is rolled back, so that both sides go on from equal rows
        # (the refusals' messages all name "MERGE on distributed table"; the statement's comment
        # says which one the generator meant, several may apply)
        out.append("BEGIN;\n-- refusal: %s\n-- expect-error: MERGE on distributed table\n-- may-error\n%s;\nROLLBACK;\n"
                   % (refusal, sql))
    else:
        out.append("-- may-error\n%s;\n" % sql)
        for seq in sorted(seqs):
            out.append("-- may-error\n%s;\n" % resync(seq))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--suite", required=True, choices=sorted(SUITES))
    ap.add_argument("--seed", type=int, required=True)
    ap.add_argument("--statements", type=int, default=150)
    args = ap.parse_args()
    suite = SUITES[args.suite]
    g = Gen(args.seed)
    out = ["-- Generated by fuzz/generate_merge.py --suite %s --seed %d --statements %d; do not edit.\n"
           "-- Every statement may fail in PostgreSQL too (`-- may-error`): both sides must agree.\n"
           % (args.suite, args.seed, args.statements)]
    n = 0
    pcount = 0
    while n < args.statements:
        kind = g.pick(["merge"] * 7 + ["block", "prepared"])
        if kind == "merge":
            sql, refusal, seqs = merge_stmt(g, suite, False)
            emit(out, sql, refusal, seqs)
            n += 1
        elif kind == "prepared":
            sql, refusal, seqs = merge_stmt(g, suite, False, param=True)
            if refusal:
                continue
            pcount += 1
            out.append("-- may-error\nPREPARE m%d(bigint, int, int, text, numeric) AS %s;\n" % (pcount, sql))
            if g.chance(0.3):
                out.append("-- may-error\nSET plan_cache_mode TO force_generic_plan;\n")
            for _ in range(g.int(3, 8)):
                out.append("-- may-error\nEXECUTE m%d(%s, %s, %s, %s, %s);\n" % (
                    pcount, g.pick(suite["tenants"] + ["NULL"]), g.pick(["NULL", str(g.int(1, 60))]),
                    g.pick(["NULL", str(g.int(0, 9))]), g.pick(["NULL", "'p%d'" % g.int(1, 9)]),
                    g.pick(["NULL", "%d.5" % g.int(0, 99)])))
                for seq in sorted(seqs):
                    out.append("-- may-error\n%s;\n" % resync(seq))
                n += 1
            out.append("-- may-error\nRESET plan_cache_mode;\n-- may-error\nDEALLOCATE m%d;\n" % pcount)
        else:
            out.append("BEGIN;\n")
            sp = False
            for _ in range(g.int(2, 6)):
                r = g.r.random()
                if r < 0.15 and not sp:
                    out.append("-- may-error\nSAVEPOINT s1;\n")
                    sp = True
                elif r < 0.25 and sp:
                    out.append("-- may-error\nROLLBACK TO SAVEPOINT s1;\n")
                    sp = False
                elif r < 0.45:
                    params = {"a": g.pick(suite["tenants"]), "b": g.pick(suite["tenants"]), "m": g.int(0, 3)}
                    out.append("-- may-error\n%s;\n" % (g.pick(suite["plain_writes"]) % params))
                else:
                    sql, refusal, seqs = merge_stmt(g, suite, True)
                    if refusal or seqs:
                        continue
                    out.append("-- may-error\n%s;\n" % sql)
                n += 1
            out.append("-- may-error\n%s;\n" % g.pick(["COMMIT", "COMMIT", "ROLLBACK"]))
    print("\n".join(out))


if __name__ == "__main__":
    main()
