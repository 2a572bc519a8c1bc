#!/usr/bin/env python3
"""Random write sequences for the differential writes corpora (Python 3 standard library only).

    generate_writes.py --suite saas --seed 7 [--statements 120] > saas/writes/fuzz_7.sql

Deterministic: the same suite, seed and length give the same file. Each suite (saas, shop,
ledger, orm, partitioned, analytics) has a list of statement templates over its multi-tenant schema: INSERT (single and
multi-row, defaults, serial/identity columns, RETURNING, ON CONFLICT DO NOTHING / DO UPDATE with
WHERE and EXCLUDED), INSERT ... SELECT (colocated, from reference and non-colocated tables,
ORDER BY/LIMIT, aggregates, ON CONFLICT), UPDATE/DELETE pinned to a tenant and multi-shard (with
subqueries, FROM/USING reference or colocated tables, RETURNING), writes to reference tables,
data-modifying CTEs, TRUNCATE and reads of the written rows. The sequence is wrapped at random
in transactions (COMMIT or ROLLBACK), savepoints (ROLLBACK TO / RELEASE) and prepared statements
executed 7-9 times (generic plans). Some parameter choices violate a constraint (unique, foreign
key, check, not null) or divide by zero on some rows, so every statement carries `-- may-error`:
both sides must agree, either on the result or on the error; the tables are compared afterwards.

Nondeterminism is avoided by construction: LIMIT only under an ORDER BY on a unique key, UPDATE
... FROM joins on a unique key, no volatile functions. Sequence values consumed by a failing
multi-row statement may differ (PostgreSQL guarantees no gapless sequences), so after a statement
that used a sequence default and may have failed the sequence is re-synchronised with setval()
(again after ROLLBACK TO and at the end of the transaction block).
"""

import argparse
import random
import sys

# --------------------------------------------------------------------------------------------
# Helpers shared by the suites


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

    def sample(self, seq, k):
        return self.r.sample(seq, k)


def q(s):
    """A SQL string literal."""
    return "'" + s.replace("'", "''") + "'"


def ts(g):
    return "timestamptz '2024-%02d-%02d %02d:00:00+00'" % (g.int(1, 12), g.int(1, 28), g.int(0, 23))


def date(g):
    return "date '2024-%02d-%02d'" % (g.int(1, 12), g.int(1, 28))


class Stmt:
    """One generated statement: its SQL, the sequences it may consume (re-synchronised after it
    when it may fail) and whether it is safe inside a prepared statement."""

    def __init__(self, sql, seqs=(), may_fail=True, expect=None, block=None):
        self.sql = sql
        self.seqs = list(seqs)
        self.may_fail = may_fail
        # a documented refusal of the distributed side (`-- expect-error: TEXT`); such a statement
        # runs alone in a transaction that is rolled back, so both sides continue from equal rows
        self.expect = expect
        # a list of (sql, expect) run in order outside any transaction block: a block of its own
        # (BEGIN ... COMMIT / ROLLBACK) that the sequence must not wrap or split
        self.block = block


# --------------------------------------------------------------------------------------------
# saas: tenants/users/projects/tasks/comments/events/invoices colocated by tenant_id; sessions
# (uuid), api_keys (text), audit_log (own group); plans, countries reference tables


def saas_first_project(t):
    """The first project_id of tenant t in saas/schema/data.sql (bigserial in tenant order)."""
    n = 0
    for u in range(1, t):
        if u <= 30 or u == 34:
            n += 40 if u == 1 else 8 if u <= 5 else 1 + u % 3 if u <= 30 else 1
    return n + 1


def saas_tenant(g):
    return g.pick([1, 2, 3, 4, 6, 7, 8, 9, 10, 11, 12, 14, 21, 33, 38, 39])


def saas_ret(g, cols):
    return g.pick(["", "", " RETURNING *", " RETURNING " + cols])


def saas_stmts(g):
    t = saas_tenant(g)
    t2 = saas_tenant(g)
    p = saas_first_project(t)
    bad = g.chance(0.15)
    out = []

    def add(sql, seqs=(), weight=1, expect=None):
        out.append((weight, lambda: Stmt(sql, seqs, expect=expect)))

    # INSERT tenants (existing ids conflict), ON CONFLICT variants
    tid = g.pick([t, 100 + g.int(0, 30)])
    name = "NULL" if bad else q("Tenant x%d" % g.int(1, 99))
    conf = g.pick(["", " ON CONFLICT DO NOTHING",
                   " ON CONFLICT (tenant_id) DO UPDATE SET mrr = coalesce(tenants.mrr, 0) + 1, name = EXCLUDED.name",
                   " ON CONFLICT (tenant_id) DO UPDATE SET tags = EXCLUDED.tags WHERE tenants.is_active",
                   " ON CONFLICT (tenant_id) DO UPDATE SET plan_id = EXCLUDED.plan_id WHERE EXCLUDED.mrr > tenants.mrr"])
    add("INSERT INTO tenants (tenant_id, name, slug, plan_id, country, created_at, mrr, tags) VALUES "
        "(%d, %s, 'slug-%d', %s, %s, %s, %s, ARRAY['fz'])%s%s"
        % (tid, name, tid, g.pick(["1", "3", "NULL"]), g.pick(["'DE'", "'US'", "NULL"]), ts(g),
           g.pick(["NULL", "12.50", "9000"]), conf, saas_ret(g, "tenant_id, name, mrr, tags")))
    # INSERT users: identity default, check on role
    rows = []
    for i in range(g.int(1, 4)):
        role = "'boss'" if bad and i == 1 else g.pick(["'member'", "'admin'", "DEFAULT"])
        rows.append("(%d, 'fz%d@t%d.example', %s, %s)" % (g.pick([t, t2]), g.int(1, 9999), t, role, ts(g)))
    add("INSERT INTO users (tenant_id, email, role, created_at) VALUES %s%s"
        % (", ".join(rows), g.pick([" RETURNING user_id, tenant_id, role", " RETURNING *", ""])),
        ["users.user_id"])
    # INSERT projects: bigserial default, check on budget
    add("INSERT INTO projects (tenant_id, name, budget, created_at, labels) VALUES "
        "(%d, 'fz project %d', %s, %s, ARRAY['fz']), (%d, 'fz project b', 10, %s, NULL) RETURNING project_id, status, archived"
        % (t, g.int(1, 99), "-5" if bad else g.pick(["100.25", "NULL"]), ts(g), t2, ts(g)), ["projects.project_id"])
    # INSERT tasks multi-row, ON CONFLICT on the composite key including the tenant
    rows = []
    # at most one kind of violation per statement: which row fails first differs between shards
    bad_kind = g.pick(["check", "null"]) if bad else None
    nrows = g.int(1, 5)
    bad_row = g.int(0, nrows - 1)
    for i in range(nrows):
        tid_ = g.pick([p * 1000 + g.int(1, 3), 900000 + g.int(1, 50)])
        prio = 9 if bad_kind == "check" and i == bad_row else g.int(1, 5)
        title = "NULL" if bad_kind == "null" and i == bad_row else q(g.pick(["Fz Task", "fz TASK ü", "x's"]) + str(i))
        rows.append("(%d, %d, %d, %s, %d, %s, %s)" % (g.pick([t, t2]), tid_, p, title, prio,
                                                    q(g.pick(["todo", "done", "blocked"])), ts(g)))
    conf = g.pick(["", " ON CONFLICT DO NOTHING", " ON CONFLICT (tenant_id, task_id) DO NOTHING",
                   " ON CONFLICT (tenant_id, task_id) DO UPDATE SET title = EXCLUDED.title || '!', priority = EXCLUDED.priority",
                   " ON CONFLICT (tenant_id, task_id) DO UPDATE SET status = EXCLUDED.status WHERE tasks.status <> 'done'",
                   " ON CONFLICT ON CONSTRAINT tasks_pkey DO UPDATE SET estimate_hours = coalesce(tasks.estimate_hours, 0) + EXCLUDED.priority"])
    if bad:
        conf = g.pick([" ON CONFLICT DO NOTHING", " ON CONFLICT (tenant_id, task_id) DO NOTHING"])
    add("INSERT INTO tasks (tenant_id, task_id, project_id, title, priority, status, created_at) VALUES %s%s%s"
        % (", ".join(rows), conf, saas_ret(g, "task_id, title_lower, priority * 2 AS p2, estimate_hours")), weight=3)
    # INSERT invoices with a check, upsert adding amounts
    add("INSERT INTO invoices (tenant_id, invoice_id, amount, currency, issued_on, status) VALUES "
        "(%d, %d, %s, 'USD', %s, %s) ON CONFLICT (tenant_id, invoice_id) DO UPDATE SET amount = invoices.amount + EXCLUDED.amount%s"
        % (t, g.int(1, 14), g.pick(["10.50", "0", "99999999999"]), date(g), "'bogus'" if bad else "'open'",
           saas_ret(g, "invoice_id, amount, status")))
    # INSERT ... SELECT colocated (same table, same tenant), ORDER BY/LIMIT, ON CONFLICT
    lim = g.pick(["", " ORDER BY task_id, tenant_id LIMIT %d" % g.int(1, 6), " ORDER BY task_id DESC, tenant_id LIMIT 3 OFFSET 1"])
    where = g.pick(["tenant_id = %d" % t, "tenant_id IN (%d, %d)" % (t, t2), "priority >= 4", "true"])
    add("INSERT INTO tasks (tenant_id, task_id, project_id, title, priority, status, created_at, tags) "
        "SELECT tenant_id, task_id + %d, project_id, title || ' (copy)', %s, status, created_at, tags FROM tasks WHERE %s%s%s%s"
        % (g.pick([500000, 1]), "priority + 1" if bad else "priority", where, lim,
           " ON CONFLICT DO NOTHING" if bad else
           g.pick(["", " ON CONFLICT DO NOTHING", " ON CONFLICT (tenant_id, task_id) DO UPDATE SET title = EXCLUDED.title"]),
           saas_ret(g, "tenant_id, task_id, title")), weight=2)
    # INSERT ... SELECT with aggregates into another colocated table
    # sum() may be NULL (a not-null violation): then no duplicate keys may fail too (one
    # violation kind per statement)
    amount = g.pick(["sum(estimate_hours)", "coalesce(sum(estimate_hours), 0)", "round(avg(priority), 2)"])
    conf = g.pick(["", " ON CONFLICT DO NOTHING", " ON CONFLICT (tenant_id, invoice_id) DO UPDATE SET amount = EXCLUDED.amount + 1"])
    if amount.startswith("sum") and conf == "":
        conf = " ON CONFLICT DO NOTHING"
    add("INSERT INTO invoices (tenant_id, invoice_id, amount, currency, issued_on, status) "
        "SELECT tenant_id, 5000 + count(*)::int, %s, 'EUR', date '2024-05-01', 'draft' FROM tasks WHERE %s GROUP BY tenant_id%s%s"
        % (amount, where, g.pick(["", " HAVING count(*) > 3"]), conf), weight=2)
    # INSERT ... SELECT from a reference table
    add("INSERT INTO events (tenant_id, event_id, kind, occurred_at, payload) SELECT %d, 800000 + plan_id, "
        "'plan_' || name, timestamptz '2024-06-01 00:00:00+00', features FROM plans WHERE %s ORDER BY plan_id%s"
        % (t, g.pick(["true", "monthly_price > 10", "max_seats IS NULL"]),
           g.pick(["", " ON CONFLICT DO NOTHING", " RETURNING event_id, kind"])))
    # INSERT ... SELECT from non-colocated tables (audit_log: own group; sessions: uuid key)
    add("INSERT INTO events (tenant_id, event_id, user_id, kind, occurred_at) SELECT tenant_id, 700000 + seq, actor_id, "
        "'audit_' || coalesce(action, '?'), at FROM audit_log WHERE tenant_id %s%s%s"
        % (g.pick(["= %d" % t, "< 5", "IN (%d, %d)" % (t, t2)]),
           g.pick(["", " ORDER BY seq, tenant_id, at, actor_id, action, target LIMIT 5"]),
           g.pick(["", " ON CONFLICT DO NOTHING", " ON CONFLICT (tenant_id, event_id) DO UPDATE SET kind = EXCLUDED.kind"])))
    add("INSERT INTO audit_log (tenant_id, seq, actor_id, action, target, at) SELECT tenant_id, task_id, assignee_id, "
        "'copy', title, created_at FROM tasks WHERE tenant_id %s AND priority = %d%s"
        % (g.pick(["= %d" % t, "> 30", "IN (%d, %d)" % (t, t2)]), g.int(1, 5),
           g.pick(["", " RETURNING seq, target"])))
    add("INSERT INTO audit_log (tenant_id, seq, action, at) SELECT tenant_id, count(*), 'sessions', max(started_at) "
        "FROM sessions WHERE tenant_id < %d GROUP BY tenant_id" % g.int(2, 20))
    # UPDATE pinned / multi-shard, check violations, division by zero on some rows
    add("UPDATE tasks SET priority = %s, status = %s WHERE tenant_id = %d AND task_id %% %d = 0%s"
        % ("priority + 3" if bad else g.pick(["1", "5", "priority"]), q(g.pick(["done", "todo"])), t, g.int(2, 5),
           saas_ret(g, "task_id, priority, title_lower")), weight=2)
    add("UPDATE tasks SET estimate_hours = estimate_hours + %s WHERE status = %s AND priority = %d%s"
        % (g.pick(["1", "0.5", "9999"]), q(g.pick(["todo", "done"])), g.int(1, 5),
           saas_ret(g, "tenant_id, task_id, estimate_hours")))
    add("UPDATE tasks SET estimate_hours = round(estimate_hours / (task_id %% %d), 2) WHERE tenant_id %s"
        % (g.int(2, 7), g.pick(["= %d" % t, "IN (%d, %d)" % (t, t2), "> 20"])))
    add("UPDATE tasks SET status = 'done', completed_at = timestamptz '2024-09-01 00:00:00+00' WHERE tenant_id = %d "
        "AND project_id IN (SELECT project_id FROM projects WHERE tenant_id = %d AND %s)%s"
        % (t, t, g.pick(["archived", "budget > 20000", "status = 'paused'"]), saas_ret(g, "task_id, status")))
    add("UPDATE projects p SET budget = (SELECT coalesce(sum(estimate_hours), 0) FROM tasks t WHERE t.tenant_id = p.tenant_id "
        "AND t.project_id = p.project_id) WHERE %s%s"
        % (g.pick(["p.tenant_id = %d" % t, "p.status = 'paused'"]), saas_ret(g, "p.project_id, p.budget")))
    add("UPDATE tenants t SET mrr = coalesce(t.mrr, 0) + p.monthly_price FROM plans p WHERE p.plan_id = t.plan_id AND %s%s"
        % (g.pick(["t.tenant_id = %d" % t, "t.tenant_id > 30", "p.currency = 'EUR'"]),
           g.pick(["", " RETURNING t.tenant_id, t.mrr, p.name"])))
    add("UPDATE tasks t SET assignee_id = p.owner_id FROM projects p WHERE p.tenant_id = t.tenant_id AND "
        "p.project_id = t.project_id AND %s AND t.assignee_id IS DISTINCT FROM p.owner_id%s"
        % (g.pick(["t.tenant_id = %d" % t, "t.priority = 1"]), g.pick(["", " RETURNING t.task_id, t.assignee_id"])))
    add("UPDATE invoices SET status = %s WHERE tenant_id = %d AND invoice_id <= %d%s"
        % ("'unknown'" if bad else "'void'", t, g.int(1, 6), saas_ret(g, "invoice_id, status")))
    # DELETE pinned / multi-shard / USING / subqueries
    add("DELETE FROM comments WHERE tenant_id = %d AND comment_id %% %d = 0%s"
        % (t, g.int(2, 4), saas_ret(g, "comment_id, body")))
    add("DELETE FROM events WHERE kind = %s AND event_id %% %d = 1%s"
        % (q(g.pick(["logout", "export", "login"])), g.int(3, 9), g.pick(["", " RETURNING tenant_id, event_id"])))
    add("DELETE FROM comments c USING tasks t WHERE t.tenant_id = c.tenant_id AND t.task_id = c.task_id "
        "AND t.status = 'done' AND %s%s" % (g.pick(["c.tenant_id = %d" % t, "c.edited"]),
                                          g.pick(["", " RETURNING c.comment_id, t.title"])))
    add("DELETE FROM tenants USING plans WHERE plans.plan_id = tenants.plan_id AND plans.name = %s AND tenants.tenant_id > %d%s"
        % (q(g.pick(["legacy", "free"])), g.int(25, 38), g.pick(["", " RETURNING tenants.tenant_id, plans.name"])))
    add("DELETE FROM tasks WHERE tenant_id = %d AND task_id IN (SELECT task_id FROM comments WHERE tenant_id = %d AND edited)%s"
        % (t, t, saas_ret(g, "task_id")))
    # reference tables
    add("INSERT INTO plans (plan_id, name, monthly_price, currency) VALUES (%d, %s, 7.5, 'USD') "
        "ON CONFLICT (plan_id) DO UPDATE SET monthly_price = plans.monthly_price + EXCLUDED.monthly_price RETURNING *"
        % (g.int(1, 8), "NULL" if bad else q("p%d" % g.int(1, 9))))
    add("UPDATE countries SET vat_rate = vat_rate + %s WHERE region = %s RETURNING code, vat_rate"
        % (g.pick(["0.01", "9"]), q(g.pick(["Europe", "Asia"]))))
    add("DELETE FROM countries WHERE code = %s RETURNING *" % q(g.pick(["ZA", "BR", "XX"])))
    # data-modifying CTEs
    add("WITH moved AS (UPDATE tasks SET status = 'archived' WHERE tenant_id = %d AND status = 'done' RETURNING tenant_id, task_id) "
        "INSERT INTO events (tenant_id, event_id, kind, occurred_at) SELECT tenant_id, 600000 + task_id, 'archived', "
        "timestamptz '2024-07-01 00:00:00+00' FROM moved RETURNING event_id" % t)
    add("WITH d AS (DELETE FROM comments WHERE tenant_id = %d AND NOT edited RETURNING *) SELECT count(*), min(comment_id) FROM d" % t)
    add("WITH d AS (DELETE FROM comments WHERE tenant_id %s AND comment_id %% %d = 0 RETURNING tenant_id, comment_id, body, created_at) "
        "INSERT INTO events (tenant_id, event_id, kind, occurred_at, payload) SELECT tenant_id, 500000 + comment_id, 'comment_deleted', "
        "created_at, jsonb_build_object('body', body) FROM d%s RETURNING event_id"
        % (g.pick(["= %d" % t, "IN (%d, %d)" % (t, t2)]), g.int(2, 5), g.pick(["", " ON CONFLICT DO NOTHING"])))
    add("WITH a AS (UPDATE invoices SET amount = amount + 1 WHERE tenant_id IN (%d, %d) RETURNING tenant_id, amount), "
        "b AS (DELETE FROM events WHERE tenant_id IN (%d, %d) AND kind = 'logout' RETURNING tenant_id) "
        "SELECT (SELECT sum(amount) FROM a), (SELECT count(*) FROM b)" % (t, t2, t, t2))
    add("WITH i AS (INSERT INTO projects (tenant_id, name, created_at) VALUES (%d, 'cte p', %s) RETURNING tenant_id, project_id) "
        "UPDATE tasks SET project_id = i.project_id FROM i WHERE tasks.tenant_id = i.tenant_id AND tasks.task_id %% %d = 0 "
        "RETURNING tasks.task_id, tasks.project_id" % (t, ts(g), g.int(3, 9)), ["projects.project_id"])
    add("WITH u AS (UPDATE tasks SET title = 'cte' WHERE tenant_id = %d AND task_id %% %d = 0 RETURNING tenant_id, task_id, project_id, "
        "status, created_at) INSERT INTO tasks (tenant_id, task_id, project_id, title, status, created_at) SELECT tenant_id, task_id, "
        "project_id, 'again', status, created_at FROM u ON CONFLICT (tenant_id, task_id) DO UPDATE SET title = tasks.title || '!'"
        % (t, g.int(2, 5)), expect="could update again", weight=0.3)
    add("WITH d AS (DELETE FROM tasks WHERE tenant_id = %d AND priority = %d RETURNING task_id) SELECT (SELECT count(*) FROM d), "
        "(SELECT count(*) FROM tasks WHERE tenant_id = %d)" % (t, g.int(1, 5), t), expect="which the rest of the", weight=0.3)
    add("WITH ins AS (INSERT INTO invoices (tenant_id, invoice_id, amount, currency, issued_on, status) VALUES "
        "(%d, 777, 1, 'USD', date '2024-01-01', 'open') RETURNING *) SELECT invoice_id, amount FROM ins" % t)
    # harder shapes: row subqueries in SET, EXISTS, non-colocated subqueries, set-returning
    # sources, reference targets fed by distributed tables, distribution key changes
    add("UPDATE projects p SET (budget, status) = (SELECT count(*) * 10, 'counted' FROM tasks t WHERE t.tenant_id = p.tenant_id "
        "AND t.project_id = p.project_id) WHERE p.tenant_id %s%s" % (g.pick(["= %d" % t, "IN (%d, %d)" % (t, t2)]),
                                                                     saas_ret(g, "p.project_id, p.budget, p.status")))
    add("DELETE FROM tasks t WHERE t.tenant_id = %d AND %s EXISTS (SELECT 1 FROM comments c WHERE c.tenant_id = t.tenant_id "
        "AND c.task_id = t.task_id)%s" % (t, g.pick(["", "NOT"]), saas_ret(g, "t.task_id")))
    add("UPDATE tasks SET priority = 1 WHERE tenant_id %s AND task_id IN (SELECT seq FROM audit_log WHERE action = %s)%s"
        % (g.pick(["= %d" % t, "< 10"]), q(g.pick(["copy", "login", "update"])), saas_ret(g, "tenant_id, task_id")))
    add("UPDATE tenants SET mrr = (SELECT count(*) FROM sessions s WHERE s.tenant_id = tenants.tenant_id) WHERE tenant_id %s%s"
        % (g.pick(["= %d" % t, "< 6"]), saas_ret(g, "tenant_id, mrr")))
    add("DELETE FROM events WHERE tenant_id = %d AND event_id IN (SELECT seq FROM audit_log WHERE tenant_id = %d)%s"
        % (t, t, saas_ret(g, "event_id")))
    add("INSERT INTO events (tenant_id, event_id, kind, occurred_at) SELECT %d, 400000 + g, 'gen', "
        "timestamptz '2024-01-01 00:00:00+00' + g * interval '1 day' FROM generate_series(1, %d) g%s%s"
        % (g.pick([t, t2]), g.int(1, 6), g.pick(["", " ON CONFLICT DO NOTHING"]), saas_ret(g, "event_id, occurred_at")))
    add("INSERT INTO tasks (tenant_id, task_id, project_id, title, status, created_at) SELECT v.t, v.id, %d, v.title, 'todo', "
        "timestamptz '2024-02-02 00:00:00+00' FROM (VALUES (%d, %d, 'v1'), (%d, %d, 'v2')) v(t, id, title)%s%s"
        % (p, t, 910000 + g.int(0, 5), t2, 910000 + g.int(0, 5),
           g.pick(["", " ON CONFLICT (tenant_id, task_id) DO UPDATE SET title = EXCLUDED.title || tasks.title"]),
           saas_ret(g, "tenant_id, task_id, title")))
    add("WITH src AS (SELECT tenant_id, task_id, title FROM tasks WHERE tenant_id = %d AND priority = %d) "
        "INSERT INTO comments (tenant_id, comment_id, task_id, body, created_at) SELECT tenant_id, task_id * 100 + 7, task_id, "
        "'from cte ' || title, timestamptz '2024-03-03 00:00:00+00' FROM src%s%s"
        % (t, g.int(1, 5), g.pick(["", " ON CONFLICT DO NOTHING"]), saas_ret(g, "comment_id, body")))
    add("INSERT INTO plans (plan_id, name, monthly_price, currency) SELECT 100 + tenant_id, 'from tenant ' || tenant_id, "
        "count(*), 'USD' FROM tasks WHERE tenant_id %s GROUP BY tenant_id%s%s"
        % (g.pick(["= %d" % t, "< 4"]), g.pick(["", " ON CONFLICT (plan_id) DO UPDATE SET monthly_price = EXCLUDED.monthly_price"]),
           g.pick(["", " RETURNING plan_id, monthly_price"])))
    add("UPDATE plans SET max_seats = (SELECT count(*) FROM tenants WHERE tenants.plan_id = plans.plan_id)%s"
        % g.pick(["", " RETURNING plan_id, max_seats"]))
    add("UPDATE tasks SET tenant_id = %d WHERE tenant_id = %d AND task_id = %d%s"
        % (t2, t, p * 1000 + 1, saas_ret(g, "tenant_id, task_id")), weight=0.3,
        expect=None if t2 == t else "cannot modify distribution column")
    add("UPDATE tasks SET project_id = project_id + 1, title = upper(title) WHERE (tenant_id, task_id) IN ((%d, %d), (%d, %d))%s"
        % (t, p * 1000 + 1, t2, saas_first_project(t2) * 1000 + 2, saas_ret(g, "tenant_id, task_id, title_lower")))
    add("INSERT INTO tasks (tenant_id, task_id, project_id, title, status, created_at, meta) VALUES (%d, %d, %d, 'json', 'todo', "
        "timestamptz '2024-01-01 00:00:00+00', '{\"a\": [1, 2]}') ON CONFLICT (tenant_id, task_id) DO UPDATE SET meta = "
        "coalesce(tasks.meta, '{}') || EXCLUDED.meta, tags = array_append(tasks.tags, 'dup') RETURNING meta, tags"
        % (t, g.pick([p * 1000 + 1, 920000]), p))
    # subqueries and sources whose answer spans every shard: they must not be evaluated per shard
    add("UPDATE tasks SET priority = %d WHERE %s AND task_id IN (SELECT task_id FROM tasks WHERE priority = %d "
        "ORDER BY task_id, tenant_id LIMIT %d)%s"
        % (g.int(1, 5), g.pick(["true", "tenant_id < 10", "tenant_id = %d" % t]), g.int(1, 5), g.int(1, 8),
           saas_ret(g, "tenant_id, task_id, priority")))
    add("UPDATE tasks SET status = 'big' WHERE %s AND estimate_hours > (SELECT %s(estimate_hours) FROM tasks%s)%s"
        % (g.pick(["true", "tenant_id IN (%d, %d)" % (t, t2)]), g.pick(["avg", "max", "min"]),
           g.pick(["", " WHERE tenant_id = %d" % t2, " WHERE priority = 2"]), saas_ret(g, "tenant_id, task_id, estimate_hours")))
    add("DELETE FROM comments WHERE tenant_id IN (SELECT tenant_id FROM tenants ORDER BY mrr DESC NULLS LAST, tenant_id LIMIT %d) "
        "AND comment_id %% 5 = %d%s" % (g.int(1, 4), g.int(0, 4), saas_ret(g, "tenant_id, comment_id")))
    add("UPDATE tasks SET priority = (SELECT count(*) FROM tasks t2 WHERE t2.task_id %% 100 = tasks.task_id %% 100) %% 5 + 1 "
        "WHERE tenant_id %s%s" % (g.pick(["= %d" % t, "IN (%d, %d)" % (t, t2)]), saas_ret(g, "tenant_id, task_id, priority")))
    add("INSERT INTO events (tenant_id, event_id, kind, occurred_at) SELECT %d, 300000 + row_number() OVER (ORDER BY tenant_id, task_id), "
        "'rn', created_at FROM tasks WHERE %s%s" % (t, g.pick(["priority = 1", "tenant_id IN (%d, %d)" % (t, t2)]),
                                                   saas_ret(g, "event_id, occurred_at")))
    add("INSERT INTO events (tenant_id, event_id, kind, occurred_at) SELECT tenant_id, 310000 + row_number() OVER (%s), "
        "'rn', created_at FROM tasks WHERE %s%s" % (g.pick(["PARTITION BY tenant_id ORDER BY task_id", "ORDER BY tenant_id, task_id"]),
                                                   g.pick(["priority = 1", "tenant_id IN (%d, %d)" % (t, t2)]),
                                                   g.pick(["", " ON CONFLICT DO NOTHING"])))
    add("INSERT INTO tasks (tenant_id, task_id, project_id, title, status, created_at) SELECT tenant_id %s, task_id + 600000, project_id, "
        "title, status, created_at FROM tasks WHERE tenant_id %s AND priority = %d%s%s"
        % (g.pick(["+ 1", "* 2", "% 7 + 1"]), g.pick(["= %d" % t, "IN (%d, %d)" % (t, t2)]), g.int(1, 5),
           g.pick(["", " ON CONFLICT DO NOTHING"]), saas_ret(g, "tenant_id, task_id")))
    add("INSERT INTO events (tenant_id, event_id, kind, occurred_at) SELECT %d, 320000 + ('x' || substr(md5(status), 1, 5))::bit(20)::int, status, min(created_at) FROM tasks "
        "WHERE %s GROUP BY status%s" % (t, g.pick(["true", "priority > 2"]), g.pick(["", " ON CONFLICT DO NOTHING"])))
    add("INSERT INTO events (tenant_id, event_id, kind, occurred_at) SELECT DISTINCT ON (tenant_id) tenant_id, 330000 + task_id, "
        "'first', created_at FROM tasks WHERE tenant_id < %d ORDER BY tenant_id, created_at, task_id%s"
        % (g.int(3, 12), saas_ret(g, "tenant_id, event_id")))
    add("INSERT INTO events (tenant_id, event_id, kind, occurred_at) SELECT tenant_id, 340000 + task_id, 'u', created_at FROM tasks "
        "WHERE tenant_id = %d AND priority = 1 UNION ALL SELECT tenant_id, 350000 + invoice_id, 'i', issued_on FROM invoices "
        "WHERE tenant_id %s%s" % (t, g.pick(["= %d" % t2, "< 3"]), g.pick(["", " ON CONFLICT DO NOTHING"])))
    # several element / field assignments to one column
    subs = g.sample(["tags[1] = 'e1'", "tags[2] = title", "tags[4] = status", "tags[1:2] = ARRAY['s1', 's2']",
                     "meta['src'] = '\"fz\"'", "meta['p'] = to_jsonb(priority)", "meta['nested'] = '{\"a\": 1}'"], g.int(2, 4))
    if sum("tags[1" in x for x in subs) > 1:
        subs = [x for x in subs if not x.startswith("tags[1:")]
    add("UPDATE tasks SET %s WHERE %s%s" % (", ".join(subs), g.pick(["tenant_id = %d" % t, "tenant_id IN (%d, %d)" % (t, t2),
                                                                      "task_id %% %d = 0" % g.int(20, 60)]),
                                            saas_ret(g, "tenant_id, task_id, tags, meta")))
    add("INSERT INTO tasks (tenant_id, task_id, project_id, title, status, created_at, tags[2]) VALUES (%d, %d, %d, 'sub', 'todo', %s, 'two') "
        "ON CONFLICT (tenant_id, task_id) DO UPDATE SET tags[1] = EXCLUDED.title, tags[3] = 'three', meta['up'] = 'true'%s"
        % (t, g.pick([p * 1000 + 1, 930000]), p, ts(g), saas_ret(g, "task_id, tags, meta")))
    # TRUNCATE (rare) and reads
    add("TRUNCATE %s" % g.pick(["comments", "audit_log", "events, comments", "sessions"]), weight=0.2)
    add("SELECT * FROM tasks WHERE tenant_id = %d ORDER BY task_id" % t, weight=2)
    add("SELECT tenant_id, count(*), sum(priority), sum(estimate_hours) FROM tasks GROUP BY tenant_id", weight=1)
    add("SELECT * FROM invoices WHERE tenant_id IN (%d, %d)" % (t, t2))
    add("SELECT count(*), max(event_id) FROM events WHERE event_id > 500000")
    # UPDATE ... FROM a grouped subquery of the same colocated table
    add("UPDATE tasks t SET estimate_hours = x.a FROM (SELECT tenant_id, project_id, round(avg(priority), 2) AS a, count(*) AS n "
        "FROM tasks WHERE tenant_id %s GROUP BY tenant_id, project_id) x WHERE x.tenant_id = t.tenant_id AND x.project_id = t.project_id"
        " AND x.n %s %d%s" % (g.pick(["= %d" % t, "IN (%d, %d)" % (t, t2), "< 6"]), g.pick([">", "<="]), g.int(1, 4),
                              saas_ret(g, "t.tenant_id, t.task_id, t.estimate_hours")))
    # DELETE with a correlated EXISTS over a table of another colocation group (audit_log)
    add("DELETE FROM events e WHERE e.tenant_id %s AND %sEXISTS (SELECT 1 FROM audit_log a WHERE a.tenant_id = e.tenant_id "
        "AND a.actor_id = e.user_id%s)%s%s"
        % (g.pick(["= %d" % t, "IN (%d, %d)" % (t, t2), "< 4"]), g.pick(["", "NOT "]),
           g.pick(["", " AND a.action = 'copy'", " AND a.at > e.occurred_at"]),
           g.pick(["", " OR e.kind LIKE 'audit_%'"]), saas_ret(g, "e.tenant_id, e.event_id, e.kind")))
    # INSERT ... SELECT with DISTINCT, window functions, generate_series; ON CONFLICT ON CONSTRAINT
    add("INSERT INTO events (tenant_id, event_id, kind, occurred_at) SELECT DISTINCT tenant_id, 610000 + priority, 'prio', "
        "timestamptz '2024-07-01 00:00:00+00' FROM tasks WHERE tenant_id %s%s%s"
        % (g.pick(["= %d" % t, "IN (%d, %d)" % (t, t2), "> 30"]),
           g.pick([" ON CONFLICT DO NOTHING", " ON CONFLICT ON CONSTRAINT events_pkey DO UPDATE SET kind = EXCLUDED.kind || '+'"]),
           saas_ret(g, "tenant_id, event_id, kind")))
    add("INSERT INTO events (tenant_id, event_id, user_id, kind, occurred_at) SELECT tenant_id, 620000 + row_number() OVER "
        "(PARTITION BY tenant_id ORDER BY task_id), assignee_id, 'rank ' || rank() OVER (PARTITION BY tenant_id ORDER BY priority, task_id), "
        "created_at FROM tasks WHERE tenant_id %s%s"
        % (g.pick(["= %d" % t, "IN (%d, %d)" % (t, t2), "< 5"]),
           g.pick(["", " ON CONFLICT DO NOTHING", " ON CONFLICT ON CONSTRAINT events_pkey DO UPDATE SET user_id = EXCLUDED.user_id"])))
    add("INSERT INTO events (tenant_id, event_id, kind, occurred_at) SELECT %d, 630000 + i, 'gs ' || i, "
        "timestamptz '2024-03-01 00:00:00+00' + i * interval '1 hour' FROM generate_series(1, %d) i%s%s"
        % (g.pick([t, t2]), g.int(1, 6),
           g.pick(["", " ON CONFLICT ON CONSTRAINT events_pkey DO NOTHING",
                   " ON CONFLICT ON CONSTRAINT events_pkey DO UPDATE SET kind = events.kind || EXCLUDED.kind"]),
           saas_ret(g, "event_id, kind")))
    add("INSERT INTO invoices (tenant_id, invoice_id, amount, currency, issued_on, status) SELECT tenant_id, 7000 + count(DISTINCT "
        "status)::int, sum(estimate_hours) FILTER (WHERE estimate_hours IS NOT NULL) + 0.5, 'EUR', date '2024-08-01', 'draft' FROM tasks "
        "WHERE tenant_id %s GROUP BY tenant_id HAVING count(*) > %d ON CONFLICT ON CONSTRAINT invoices_pkey DO UPDATE SET amount = "
        "EXCLUDED.amount%s" % (g.pick(["= %d" % t, "IN (%d, %d)" % (t, t2), "< 8"]), g.int(0, 3), saas_ret(g, "tenant_id, invoice_id, amount")))
    # RETURNING with subqueries (correlated to a colocated table, to a reference table)
    add("UPDATE tasks SET priority = least(priority + 1, 5) WHERE tenant_id = %d AND task_id %% %d = 1 RETURNING task_id, priority, "
        "(SELECT p.name FROM projects p WHERE p.tenant_id = tasks.tenant_id AND p.project_id = tasks.project_id), "
        "(SELECT count(*) FROM plans), (SELECT count(*) FROM comments c WHERE c.tenant_id = tasks.tenant_id AND c.task_id = tasks.task_id)"
        % (t, g.int(2, 6)))
    add("DELETE FROM comments WHERE tenant_id = %d AND comment_id %% %d = 0 RETURNING comment_id, "
        "(SELECT t.title FROM tasks t WHERE t.tenant_id = comments.tenant_id AND t.task_id = comments.task_id)" % (t, g.int(3, 9)))
    # reads of the rows just written (inside or outside a transaction block)
    add("SELECT event_id, user_id, kind, occurred_at FROM events WHERE tenant_id = %d AND event_id >= 600000 ORDER BY event_id" % t, weight=2)
    add("SELECT task_id, priority, status, estimate_hours FROM tasks WHERE tenant_id IN (%d, %d) ORDER BY tenant_id, task_id" % (t, t2))
    saas_more(g, t, t2, p, bad, add)
    return out


def saas_more(g, t, t2, p, bad, add):
    """More saas shapes: ON CONFLICT ON CONSTRAINT with WHERE over EXCLUDED, RETURNING expressions /
    reference subqueries / system columns, UPDATE ... FROM and DELETE ... USING joins that match a
    target row several times, INSERT ... SELECT with set operations / windows / into a reference
    table, multi-row VALUES with DEFAULT and casts, row-constructor SET, IN / EXISTS subqueries
    over reference and non-colocated tables, writing CTEs feeding a SELECT."""
    tin = lambda: g.pick(["= %d" % t, "IN (%d, %d)" % (t, t2), "< 6", "BETWEEN %d AND %d" % (min(t, t2), max(t, t2))])
    # ON CONFLICT ON CONSTRAINT / DO UPDATE ... WHERE comparing EXCLUDED with the existing row
    add("INSERT INTO tenants AS x (tenant_id, name, slug, plan_id, created_at, mrr) VALUES (%d, %s, 's', %s, %s, %s), "
        "(%d, 'second', 's2', DEFAULT, %s, NULL) ON CONFLICT ON CONSTRAINT tenants_pkey DO UPDATE SET mrr = EXCLUDED.mrr, "
        "name = x.name || '/' || EXCLUDED.name WHERE %s%s"
        % (t, q("n%d" % g.int(1, 9)), g.pick(["2", "NULL", "'4'::int"]), ts(g), g.pick(["1.5", "'7'::numeric", "NULL"]),
           t2 if t2 != t else 200 + g.int(0, 9), ts(g),
           g.pick(["EXCLUDED.mrr IS DISTINCT FROM x.mrr", "x.is_active AND EXCLUDED.plan_id IS NOT NULL",
                   "EXCLUDED.mrr > coalesce(x.mrr, 0)", "x.tenant_id %% 2 = 0"]),
           g.pick(["", " RETURNING x.tenant_id, x.name, x.mrr, x.mrr * 2 AS dbl",
                   " RETURNING *, (SELECT p.name FROM plans p WHERE p.plan_id = x.plan_id) AS plan_name"])))
    # multi-row VALUES with DEFAULT, expressions and casts; RETURNING expressions
    rows = []
    for i in range(g.int(2, 5)):
        rows.append("(%d, %s, %d, %s, %s, %s, %s, %s)" % (
            g.pick([t, t2]), g.pick(["%d" % (960000 + i), "'%d'::bigint" % (961000 + i), "%d + %d" % (962000, i)]), p,
            g.pick(["'v' || %d" % i, "upper('vv%d')" % i, "format('%%s-%%s', 'f', %d)" % i]),
            g.pick(["DEFAULT", "'2'::smallint", "1 + %d %% 5" % i]), g.pick(["'todo'", "DEFAULT" if False else "'done'"]),
            g.pick(["'3.14159'::numeric(6, 2)", "NULL", "DEFAULT", "2.5::float8"]),
            g.pick(["%s" % ts(g), "'2024-02-03'::date", "timestamptz '2024-01-01 00:00:00+00' + interval '%d days'" % i])))
    add("INSERT INTO tasks (tenant_id, task_id, project_id, title, priority, status, estimate_hours, created_at) VALUES %s%s%s"
        % (", ".join(rows), g.pick(["", " ON CONFLICT DO NOTHING",
                                    " ON CONFLICT (tenant_id, task_id) DO UPDATE SET priority = EXCLUDED.priority, "
                                    "estimate_hours = EXCLUDED.estimate_hours WHERE tasks.priority <> EXCLUDED.priority"]),
           g.pick(["", " RETURNING tenant_id, task_id, title, title_lower, priority * 10 + 1 AS pp, estimate_hours::text AS eh, "
                       "created_at::date AS d", " RETURNING *",
                   " RETURNING task_id, (SELECT count(*) FROM plans WHERE monthly_price > tasks.priority) AS cheap_plans, "
                   "CASE WHEN priority > 2 THEN 'hi' ELSE 'lo' END AS band"])), weight=2)
    # system columns in RETURNING: their values are per shard, not comparable; the distributed
    # side may refuse them
    add("UPDATE tasks SET priority = priority WHERE tenant_id = %d AND task_id %% 7 = 0 RETURNING task_id, %s IS NOT NULL AS has"
        % (t, g.pick(["ctid", "xmin", "tableoid"])), weight=0.3)
    # UPDATE ... FROM / DELETE ... USING where the join matches a target row several times: the
    # row is updated once; only target columns or values equal for every match are used
    add("UPDATE tenants t SET mrr = coalesce(t.mrr, 0) + 1 FROM plans p WHERE p.monthly_price %s AND t.tenant_id %s%s"
        % (g.pick(["> 0", ">= 0", "< 100"]), tin(), g.pick(["", " RETURNING t.tenant_id, t.mrr"])))
    add("UPDATE tasks t SET status = 'seen' FROM comments c WHERE c.tenant_id = t.tenant_id AND c.task_id = t.task_id AND t.tenant_id %s%s"
        % (tin(), g.pick(["", " RETURNING t.tenant_id, t.task_id, t.status"])))
    add("UPDATE projects p SET archived = true FROM tasks t, plans pl WHERE t.tenant_id = p.tenant_id AND t.project_id = p.project_id "
        "AND pl.max_seats > t.priority AND p.tenant_id %s%s" % (tin(), g.pick(["", " RETURNING p.tenant_id, p.project_id, p.archived"])))
    add("DELETE FROM comments c USING tasks t, countries co WHERE t.tenant_id = c.tenant_id AND t.task_id = c.task_id AND "
        "co.region = %s AND t.priority %s AND c.tenant_id %s%s"
        % (q(g.pick(["Europe", "Asia"])), g.pick(["> 3", "= 1", "<= 2"]), tin(), g.pick(["", " RETURNING c.tenant_id, c.comment_id"])))
    add("DELETE FROM events e USING tenants tn WHERE tn.tenant_id = e.tenant_id AND tn.plan_id %s AND e.event_id %% %d = 0%s"
        % (g.pick(["IN (SELECT plan_id FROM plans WHERE currency = 'USD')", "IS NULL", "= 3"]), g.int(3, 11),
           g.pick(["", " RETURNING e.tenant_id, e.event_id, tn.name"])))
    # row-constructor SET
    add("UPDATE tasks SET (priority, status, estimate_hours) = (%s, %s, %s) WHERE tenant_id %s AND task_id %% %d = 0%s"
        % (g.pick(["6 - priority", "least(priority + 1, 5)", "DEFAULT"]), g.pick(["upper(status)", "'x'", "status || '!'"]),
           g.pick(["NULL", "estimate_hours * 2", "DEFAULT"]), tin(), g.int(2, 9),
           g.pick(["", " RETURNING tenant_id, task_id, priority, status, estimate_hours"])))
    add("UPDATE tenants SET (plan_id, mrr) = (SELECT p.plan_id, p.monthly_price FROM plans p WHERE p.name = %s) WHERE tenant_id %s%s"
        % (q(g.pick(["team", "free", "nosuch"])), tin(), g.pick(["", " RETURNING tenant_id, plan_id, mrr"])))
    add("UPDATE tasks t SET (title, priority) = (SELECT p.name, 1 + (p.project_id %% 5)::int FROM projects p WHERE p.tenant_id = t.tenant_id "
        "AND p.project_id = t.project_id) WHERE t.tenant_id %s AND t.task_id %% %d = 1%s"
        % (tin(), g.int(3, 9), g.pick(["", " RETURNING t.tenant_id, t.task_id, t.title, t.title_lower, t.priority"])))
    # IN / EXISTS subqueries over reference and non-colocated tables
    add("UPDATE tenants SET is_active = NOT is_active WHERE tenant_id %s AND country %sIN (SELECT code FROM countries WHERE %s)%s"
        % (tin(), g.pick(["", "NOT "]), g.pick(["region = 'Europe'", "vat_rate IS NULL", "region IS NULL OR vat_rate > 0.15"]),
           g.pick(["", " RETURNING tenant_id, is_active"])))
    add("DELETE FROM users u WHERE u.tenant_id %s AND %sEXISTS (SELECT 1 FROM sessions s WHERE s.tenant_id = u.tenant_id AND "
        "s.user_id = u.user_id%s)%s" % (tin(), g.pick(["", "NOT "]), g.pick(["", " AND s.duration > interval '10 minutes'"]),
                                        g.pick(["", " RETURNING u.tenant_id, u.user_id"])))
    add("UPDATE events SET kind = kind || '*' WHERE (tenant_id, event_id) IN (SELECT tenant_id, seq FROM audit_log WHERE tenant_id %s)%s"
        % (tin(), g.pick(["", " RETURNING tenant_id, event_id, kind"])))
    add("DELETE FROM invoices WHERE tenant_id %s AND amount > ALL (SELECT monthly_price FROM plans WHERE currency = %s)%s"
        % (tin(), q(g.pick(["USD", "EUR", "CHF"])), g.pick(["", " RETURNING tenant_id, invoice_id, amount"])))
    # INSERT ... SELECT: set operations, windows, DISTINCT, ORDER BY / LIMIT, from a reference table,
    # from a non-colocated table, into a reference table
    add("INSERT INTO events (tenant_id, event_id, kind, occurred_at) SELECT tenant_id, 640000 + task_id, 'set', created_at FROM tasks "
        "WHERE tenant_id %s AND priority = %d %s SELECT tenant_id, 640000 + task_id, 'set', created_at FROM tasks WHERE tenant_id %s "
        "AND priority = %d%s%s" % (tin(), g.int(1, 5), g.pick(["UNION", "UNION ALL", "EXCEPT", "INTERSECT"]), tin(), g.int(1, 5),
                                    g.pick(["", " ON CONFLICT DO NOTHING"]), g.pick(["", " RETURNING tenant_id, event_id"])))
    add("INSERT INTO events (tenant_id, event_id, kind, occurred_at) SELECT tenant_id, 650000 + n, 'agg', max_at FROM (SELECT tenant_id, "
        "count(*) AS n, max(created_at) AS max_at FROM tasks WHERE tenant_id %s GROUP BY tenant_id) x ORDER BY tenant_id LIMIT %d%s"
        % (tin(), g.int(1, 4), g.pick(["", " ON CONFLICT DO NOTHING", " RETURNING event_id, kind"])))
    add("INSERT INTO events (tenant_id, event_id, kind, occurred_at) SELECT %d, 660000 + plan_id, name || ':' || sum(monthly_price) "
        "OVER (ORDER BY plan_id), timestamptz '2024-04-04 00:00:00+00' FROM plans%s%s"
        % (g.pick([t, t2]), g.pick(["", " WHERE max_seats IS NOT NULL"]), g.pick(["", " ON CONFLICT DO NOTHING"])))
    add("INSERT INTO tenants (tenant_id, name, slug, created_at) SELECT DISTINCT 300 + (tenant_id %% %d), 'from audit', 'a', "
        "timestamptz '2024-01-01 00:00:00+00' FROM audit_log WHERE tenant_id %s%s%s"
        % (g.int(2, 7), tin(), g.pick(["", " ON CONFLICT (tenant_id) DO UPDATE SET name = EXCLUDED.name || tenants.name"]),
           g.pick(["", " RETURNING tenant_id, name"])))
    add("INSERT INTO countries (code, name, region) SELECT %s, 'fz ' || count(*), max(kind) FROM events WHERE tenant_id %s%s%s"
        % (q(g.pick(["Q1", "Q2", "DE"])), tin(), g.pick(["", " ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name"]),
           g.pick(["", " RETURNING *"])))
    add("INSERT INTO plans (plan_id, name, monthly_price, currency) SELECT 200 + row_number() OVER (ORDER BY tenant_id), name, "
        "coalesce(mrr, 0), 'USD' FROM tenants WHERE tenant_id %s ORDER BY tenant_id LIMIT %d%s%s"
        % (tin(), g.int(1, 3), g.pick(["", " ON CONFLICT (plan_id) DO UPDATE SET monthly_price = plans.monthly_price + 1"]),
           g.pick(["", " RETURNING plan_id, name, monthly_price"])))
    add("INSERT INTO audit_log (tenant_id, seq, actor_id, action, at) SELECT u.tenant_id, u.user_id, u.user_id, 'win ' || "
        "dense_rank() OVER (PARTITION BY u.tenant_id ORDER BY u.role), u.created_at FROM users u WHERE u.tenant_id %s%s"
        % (tin(), g.pick(["", " RETURNING tenant_id, seq, action"])))
    # writing CTEs feeding a SELECT
    add("WITH u AS (UPDATE tasks SET priority = least(priority + 1, 5) WHERE tenant_id %s AND task_id %% %d = 0 RETURNING tenant_id, "
        "task_id, priority) SELECT u.tenant_id, count(*), sum(u.priority), min(p.name) FROM u JOIN projects p ON p.tenant_id = u.tenant_id "
        "JOIN tasks t ON t.tenant_id = u.tenant_id AND t.task_id = u.task_id AND p.project_id = t.project_id GROUP BY u.tenant_id"
        % (tin(), g.int(2, 6)), expect="which the rest of the", weight=0.3)
    add("WITH d AS (DELETE FROM events WHERE tenant_id %s AND kind = %s RETURNING tenant_id, event_id), i AS (INSERT INTO audit_log "
        "(tenant_id, seq, action, at) SELECT tenant_id, event_id, 'deleted', timestamptz '2024-01-01 00:00:00+00' FROM d RETURNING seq) "
        "SELECT (SELECT count(*) FROM d) AS deleted, (SELECT count(*) FROM i) AS logged, (SELECT string_agg(seq::text, ',' ORDER BY seq) FROM i)"
        % (tin(), q(g.pick(["login", "logout", "export"]))))
    add("WITH up AS (INSERT INTO invoices (tenant_id, invoice_id, amount, currency, issued_on, status) VALUES (%d, %d, 5, 'EUR', "
        "date '2024-02-02', 'open') ON CONFLICT (tenant_id, invoice_id) DO UPDATE SET amount = invoices.amount + 5 RETURNING *) "
        "SELECT up.invoice_id, up.amount, c.name FROM up LEFT JOIN plans c ON c.plan_id = up.invoice_id" % (t, g.int(1, 8)))


def saas_extra(g):
    """Shapes drawn with --new-shapes: distribution values computed from expressions and from
    subqueries over reference tables, ctid subqueries and WHERE CURRENT OF (refused), correlated
    subqueries over colocated tables in SET and WHERE, INSERT ... SELECT across colocation groups
    and between reference and distributed tables, upserts whose DO UPDATE combines the existing row
    and EXCLUDED through functions, RETURNING of generated columns / identity and serial defaults /
    now() evaluated once per statement, TRUNCATE in a block then inserts and ROLLBACK, DELETE ...
    RETURNING feeding an INSERT, multi-row writes violating a constraint part-way."""
    t = saas_tenant(g)
    t2 = saas_tenant(g)
    p = saas_first_project(t)
    out = []
    tin = lambda: g.pick(["= %d" % t, "IN (%d, %d)" % (t, t2), "< 6"])

    def add(sql, seqs=(), weight=1, expect=None, block=None):
        out.append((weight, lambda: Stmt(sql, seqs, expect=expect, block=block)))

    # the distribution value from an expression or a subquery over a reference table (plans 1-5:
    # EUR is plan 3; a name that does not exist gives NULL: a not-null violation on both sides)
    key = g.pick(["%d + 0" % t, "abs(-%d)" % t, "'%d'::text::bigint" % t, "(SELECT min(plan_id) FROM plans WHERE currency = 'EUR')",
                  "(SELECT plan_id FROM plans WHERE name = %s)::bigint" % q(g.pick(["team", "starter", "nosuch"])),
                  "(SELECT max(plan_id) FROM plans WHERE plan_id < 10) - 1", "greatest(%d, %d)" % (t, t2)])
    add("INSERT INTO events (tenant_id, event_id, kind, occurred_at) VALUES (%s, %d, 'keyexpr', %s), (%d, %d, 'keyexpr2', %s)%s%s"
        % (key, 780000 + g.int(0, 9), ts(g), t2, 780000 + g.int(10, 19), ts(g), g.pick(["", " ON CONFLICT DO NOTHING",
           " ON CONFLICT (tenant_id, event_id) DO UPDATE SET kind = events.kind || '+'"]), saas_ret(g, "tenant_id, event_id, kind")))
    add("INSERT INTO events (tenant_id, event_id, kind, occurred_at) SELECT %s, 781000 + plan_id, name, %s FROM plans WHERE plan_id %s%s%s"
        % (g.pick(["plan_id", "plan_id * 2", "%d" % t]), ts(g), g.pick(["< 4", "IN (1, 3)", "= 2"]),
           g.pick(["", " ON CONFLICT DO NOTHING"]), saas_ret(g, "tenant_id, event_id, kind")))
    add("UPDATE tasks SET priority = %d WHERE tenant_id = %s AND task_id %% %d = 0%s"
        % (g.int(1, 5), key, g.int(2, 5), saas_ret(g, "tenant_id, task_id, priority")))
    add("DELETE FROM comments WHERE tenant_id %s AND comment_id %% %d = 1%s"
        % (g.pick(["= %s" % key, "IN (SELECT plan_id FROM plans WHERE currency = 'USD')", "= ANY (ARRAY[%d, %d])" % (t, t2)]),
           g.int(3, 9), saas_ret(g, "tenant_id, comment_id")))
    # ctid subqueries and WHERE CURRENT OF: refused by the distributed side
    add("DELETE FROM comments WHERE tenant_id %s AND ctid IN (SELECT ctid FROM comments WHERE tenant_id %s ORDER BY tenant_id, comment_id "
        "LIMIT %d)%s" % ((lambda w: (w, w))("= %d" % t if g.chance(0.5) else "IN (%d, %d)" % (t, t2)) + (g.int(1, 4), saas_ret(g, "tenant_id, comment_id"))),
        expect="system columns", weight=0.2)
    cur = "SELECT tenant_id, task_id, priority FROM tasks WHERE tenant_id = %d ORDER BY task_id FOR UPDATE" % t
    add("", weight=0.2, block=[("BEGIN", None), ("DECLARE fzc CURSOR FOR " + cur, None), ("FETCH 2 FROM fzc", None),
                                (g.pick(["UPDATE tasks SET priority = 1 WHERE CURRENT OF fzc RETURNING task_id, priority",
                                         "DELETE FROM tasks WHERE CURRENT OF fzc RETURNING task_id"]), "where current of"),
                                ("ROLLBACK", None)])
    # correlated subqueries over colocated tables in SET and WHERE
    add("UPDATE tasks t SET assignee_id = (SELECT u.user_id FROM users u WHERE u.tenant_id = t.tenant_id AND u.role = %s ORDER BY u.user_id "
        "%s LIMIT 1) WHERE t.tenant_id %s AND t.task_id %% %d = 0%s"
        % (q(g.pick(["admin", "member", "owner"])), g.pick(["", "DESC"]), tin(), g.int(2, 7), saas_ret(g, "t.tenant_id, t.task_id, t.assignee_id")))
    add("DELETE FROM comments c WHERE c.tenant_id %s AND c.created_at %s (SELECT t.created_at + interval '%d hours' FROM tasks t WHERE "
        "t.tenant_id = c.tenant_id AND t.task_id = c.task_id)%s"
        % (tin(), g.pick(["<", ">"]), g.int(1, 9), saas_ret(g, "c.tenant_id, c.comment_id")))
    add("UPDATE projects p SET status = CASE WHEN (SELECT count(*) FROM tasks t WHERE t.tenant_id = p.tenant_id AND t.project_id = "
        "p.project_id AND t.status = 'done') > %d THEN 'busy' ELSE p.status END WHERE p.tenant_id %s AND EXISTS (SELECT 1 FROM users u "
        "WHERE u.tenant_id = p.tenant_id AND u.user_id = p.owner_id AND u.is_active)%s"
        % (g.int(0, 4), tin(), saas_ret(g, "p.tenant_id, p.project_id, p.status")))
    add("UPDATE invoices i SET amount = i.amount + (SELECT count(*) FROM events e WHERE e.tenant_id = i.tenant_id AND e.kind = 'export') "
        "WHERE i.tenant_id %s AND i.invoice_id = (SELECT min(invoice_id) FROM invoices i2 WHERE i2.tenant_id = i.tenant_id)%s"
        % (tin(), saas_ret(g, "i.tenant_id, i.invoice_id, i.amount")))
    # INSERT ... SELECT across colocation groups, reference -> distributed -> reference
    add("INSERT INTO audit_log (tenant_id, seq, actor_id, action, target, at) SELECT e.tenant_id, e.event_id, e.user_id, e.kind, "
        "c.name, e.occurred_at FROM events e JOIN tenants tn ON tn.tenant_id = e.tenant_id LEFT JOIN countries c ON c.code = tn.country "
        "WHERE e.tenant_id %s AND e.event_id %% %d = 0%s" % (tin(), g.int(7, 40), g.pick(["", " RETURNING tenant_id, seq, target"])))
    add("INSERT INTO events (tenant_id, event_id, user_id, kind, occurred_at) SELECT a.tenant_id, 782000 + a.seq, a.actor_id, "
        "coalesce(a.action, 'none'), a.at FROM audit_log a WHERE a.tenant_id %s%s%s"
        % (tin(), g.pick(["", " AND a.actor_id IN (SELECT user_id FROM users u WHERE u.tenant_id = a.tenant_id)"]),
           g.pick([" ON CONFLICT DO NOTHING", " ON CONFLICT (tenant_id, event_id) DO UPDATE SET kind = EXCLUDED.kind || events.kind"])))
    add("INSERT INTO events (tenant_id, event_id, kind, occurred_at, payload) SELECT tn.tenant_id, 783000 + p.plan_id, p.name, %s, "
        "p.features FROM plans p JOIN tenants tn ON tn.plan_id = p.plan_id WHERE tn.tenant_id %s ON CONFLICT DO NOTHING%s"
        % (ts(g), tin(), saas_ret(g, "tenant_id, event_id, payload")))
    add("INSERT INTO countries (code, name, region, currency, vat_rate) SELECT %s, 'agg ' || count(*), min(c.region), max(c.currency), "
        "round(avg(c.vat_rate), 4) FROM tenants tn JOIN countries c ON c.code = tn.country WHERE tn.tenant_id %s%s%s"
        % (q(g.pick(["Q3", "Q4", "FR"])), tin(), g.pick(["", " ON CONFLICT (code) DO UPDATE SET name = countries.name || EXCLUDED.name, "
                                                        "vat_rate = greatest(countries.vat_rate, EXCLUDED.vat_rate)"]),
           g.pick(["", " RETURNING code, name, vat_rate"])))
    add("INSERT INTO plans (plan_id, name, monthly_price, currency, features) SELECT 400 + ascii(code), name, coalesce(vat_rate, 0) * 100, "
        "coalesce(currency, 'USD'), jsonb_build_object('region', region) FROM countries WHERE region %s ON CONFLICT (plan_id) DO UPDATE "
        "SET features = coalesce(plans.features, '{}') || EXCLUDED.features%s"
        % (g.pick(["= 'Europe'", "IS NULL", "<> 'Asia'"]), g.pick(["", " RETURNING plan_id, name, features"])))
    # upserts whose DO UPDATE reads the existing row and EXCLUDED through functions
    add("INSERT INTO tenants AS tn (tenant_id, name, slug, plan_id, country, created_at, mrr, settings, tags) VALUES (%d, %s, %s, %s, %s, %s, "
        "%s, %s, ARRAY[%s]) ON CONFLICT (tenant_id) DO UPDATE SET mrr = greatest(tn.mrr, EXCLUDED.mrr, 0), tags = array_append(coalesce("
        "tn.tags, '{}'), EXCLUDED.slug), settings = coalesce(tn.settings, '{}') || jsonb_build_object('prev', tn.name, 'by', EXCLUDED.name), "
        "country = coalesce(EXCLUDED.country, tn.country), name = CASE WHEN tn.is_active THEN upper(EXCLUDED.name) ELSE tn.name END%s%s"
        % (g.pick([t, t2, 150 + g.int(0, 5)]), q("up%d" % g.int(1, 9)), q("s%d" % g.int(1, 9)), g.pick(["1", "NULL"]),
           g.pick(["'JP'", "NULL"]), ts(g), g.pick(["NULL", "10", "4999.99"]), g.pick(["NULL", "'{\"k\": 1}'"]), q("t%d" % g.int(1, 3)),
           g.pick(["", " WHERE tn.settings IS NULL OR NOT tn.settings ? 'prev'", " WHERE EXCLUDED.mrr IS DISTINCT FROM tn.mrr"]),
           saas_ret(g, "tn.tenant_id, tn.name, tn.mrr, tn.tags, tn.settings, tn.country")))
    add("INSERT INTO tasks AS x (tenant_id, task_id, project_id, title, priority, status, created_at, tags, meta) VALUES %s ON CONFLICT "
        "(tenant_id, task_id) DO UPDATE SET meta = coalesce(x.meta, '{}') || jsonb_build_object('prev', x.priority, 'ex', EXCLUDED.meta), "
        "priority = least(5, greatest(x.priority, EXCLUDED.priority) + 1), tags = coalesce(x.tags, '{}') || EXCLUDED.tags, description = "
        "concat_ws('/', x.description, EXCLUDED.title)%s%s"
        % (", ".join("(%d, %d, %d, %s, %d, 'todo', %s, ARRAY[%s], %s)" % (tt, g.pick([saas_first_project(tt) * 1000 + 1 + i, 784000 + i]),
                                                                         saas_first_project(tt), q("up%d" % i), g.int(1, 5), ts(g),
                                                                         q(g.pick(["a", "b"])), g.pick(["NULL", "'{\"n\": %d}'" % i]))
                     for i, tt in enumerate(g.sample([t, t2, 3], g.int(1, 3)))),
           g.pick(["", " WHERE x.status <> 'done'", " WHERE EXCLUDED.priority >= x.priority"]),
           saas_ret(g, "x.tenant_id, x.task_id, x.priority, x.title_lower, x.tags, x.meta, x.description")))
    # RETURNING of generated columns and of identity / serial defaults
    add("INSERT INTO users (tenant_id, email, created_at) VALUES (%d, 'ret%d@x', %s), (%d, 'ret2@x', %s) RETURNING user_id, tenant_id, "
        "role, is_active, user_id > 0 AS pos" % (t, g.int(1, 9), ts(g), t2, ts(g)), ["users.user_id"])
    add("WITH i AS (INSERT INTO projects (tenant_id, name, created_at) VALUES (%d, 'ret', %s), (%d, 'ret2', %s) RETURNING tenant_id, "
        "project_id) INSERT INTO tasks (tenant_id, task_id, project_id, title, status, created_at) SELECT tenant_id, 785000 + project_id, "
        "project_id, 'Ret ' || project_id, 'todo', %s FROM i RETURNING task_id, title_lower, project_id"
        % (t, ts(g), t2, ts(g), ts(g)), ["projects.project_id"])
    add("UPDATE tasks SET title = %s || title WHERE tenant_id %s AND task_id %% %d = 0 RETURNING tenant_id, task_id, title_lower, "
        "length(title_lower) AS n" % (q(g.pick(["ÄÖ ", "MiXeD "])), tin(), g.int(3, 9)))
    # now() in a block: evaluated once per transaction, equal on every shard; reset before the end
    block = [(g.pick(["BEGIN", "BEGIN ISOLATION LEVEL REPEATABLE READ"]), None),
             ("INSERT INTO events (tenant_id, event_id, kind, occurred_at) VALUES (%d, 786001, 'now', now()), (%d, 786002, 'now', "
              "now()) ON CONFLICT (tenant_id, event_id) DO UPDATE SET occurred_at = now(), kind = events.kind || '+' RETURNING tenant_id, "
              "event_id, kind, occurred_at = now() AS is_now, occurred_at = statement_timestamp() AS is_stmt" % (t, t2), None),
             ("UPDATE tasks SET completed_at = now() WHERE tenant_id %s AND status = 'done' AND task_id %% 3 = 0 RETURNING tenant_id, "
              "task_id, completed_at = transaction_timestamp() AS is_now" % tin(), None),
             ("SELECT count(*) FROM events WHERE occurred_at = now()", None),
             ("SELECT tenant_id, count(*) FROM tasks WHERE completed_at = now() GROUP BY tenant_id", None),
             ("UPDATE tasks SET completed_at = timestamptz '2024-12-12 00:00:00+00' WHERE completed_at = now() RETURNING tenant_id, task_id",
              None),
             ("UPDATE events SET occurred_at = timestamptz '2024-12-12 00:00:00+00' WHERE occurred_at >= now() RETURNING tenant_id, event_id",
              None),
             (g.pick(["COMMIT", "ROLLBACK"]), None)]
    add("", block=block, weight=0.5)
    # TRUNCATE in a block, then inserts and reads, then ROLLBACK (or COMMIT)
    tbl = g.pick(["comments", "events", "invoices"])
    ins = {"comments": "INSERT INTO comments (tenant_id, comment_id, task_id, body, created_at) SELECT tenant_id, task_id * 10 + 9, task_id, "
                       "'after truncate', created_at FROM tasks WHERE tenant_id %s RETURNING tenant_id, comment_id" % tin(),
           "events": "INSERT INTO events (tenant_id, event_id, kind, occurred_at) SELECT tenant_id, task_id, 'after truncate', created_at "
                     "FROM tasks WHERE tenant_id %s AND priority = %d" % (tin(), g.int(1, 5)),
           "invoices": "INSERT INTO invoices (tenant_id, invoice_id, amount, currency, issued_on, status) VALUES (%d, 1, 5, 'USD', "
                       "date '2024-01-01', 'open'), (%d, 2, 6, 'USD', date '2024-01-01', %s)" % (t, t2, g.pick(["'open'", "'bogus'"]))}[tbl]
    add("", weight=0.4, block=[("BEGIN", None), ("TRUNCATE %s" % tbl, None), ("SELECT count(*) FROM %s" % tbl, None), (ins, None),
                               ("SELECT tenant_id, count(*) FROM %s GROUP BY tenant_id" % tbl, None),
                               (g.pick(["ROLLBACK", "ROLLBACK", "COMMIT"]), None)])
    # DELETE ... RETURNING * feeding an INSERT (rows moving between colocated tables)
    add("WITH m AS (DELETE FROM comments WHERE tenant_id %s AND comment_id %% %d = 0 RETURNING *) INSERT INTO events (tenant_id, event_id, "
        "user_id, kind, occurred_at, payload) SELECT tenant_id, 787000 + comment_id, author_id, 'moved', created_at, to_jsonb(m) FROM m%s%s"
        % (tin(), g.int(3, 11), g.pick(["", " ON CONFLICT DO NOTHING"]), saas_ret(g, "tenant_id, event_id, payload->>'body'")))
    add("WITH m AS (DELETE FROM events WHERE tenant_id %s AND kind = %s RETURNING *) INSERT INTO events SELECT tenant_id, event_id + "
        "788000, user_id, 'was ' || kind, occurred_at, payload FROM m%s"
        % (tin(), q(g.pick(["logout", "export", "login"])), saas_ret(g, "tenant_id, event_id, kind")))
    add("WITH m AS (DELETE FROM events WHERE tenant_id %s AND event_id %% %d = 2 RETURNING *) INSERT INTO audit_log (tenant_id, seq, "
        "actor_id, action, at) SELECT tenant_id, event_id, user_id, kind, occurred_at FROM m RETURNING tenant_id, seq"
        % (tin(), g.int(5, 40)))
    # multi-row writes violating a constraint part-way (one violation kind per statement)
    kind = g.pick(["check", "null", "dup"])
    n = g.int(3, 5)
    bad_row = g.int(1, n - 1)
    tenants = [g.pick([t, t2]) for _ in range(n)]
    ids = [789000 + i for i in range(n)]
    if kind == "dup":
        tenants[bad_row], ids[bad_row] = tenants[0], ids[0]
    rows = ["(%d, %d, %d, %s, %d, 'todo', %s)" % (tenants[i], ids[i], p, "NULL" if kind == "null" and i == bad_row else q("mid%d" % i),
                                                 0 if kind == "check" and i == bad_row else g.int(1, 5), ts(g)) for i in range(n)]
    add("INSERT INTO tasks (tenant_id, task_id, project_id, title, priority, status, created_at) VALUES %s%s"
        % (", ".join(rows), saas_ret(g, "tenant_id, task_id")))
    add("UPDATE tasks SET priority = priority + 1 WHERE tenant_id %s AND priority >= %d%s" % (tin(), g.int(3, 5), saas_ret(g, "task_id, priority")))
    add("UPDATE invoices SET status = CASE WHEN invoice_id = %d THEN 'bogus' ELSE 'void' END WHERE tenant_id %s%s"
        % (g.int(1, 12), tin(), saas_ret(g, "tenant_id, invoice_id, status")))
    # RETURNING / ON CONFLICT subqueries over every shard of the target and over another group
    add("INSERT INTO events (tenant_id, event_id, kind, occurred_at) SELECT tenant_id, 793000 + task_id, 'ret', created_at FROM tasks "
        "WHERE tenant_id %s AND priority = %d%s RETURNING tenant_id, event_id, %s"
        % (tin(), g.int(1, 5), g.pick(["", " ON CONFLICT (tenant_id, event_id) DO UPDATE SET kind = EXCLUDED.kind || "
                                          "(SELECT count(*) FROM audit_log)::text"]),
           g.pick(["(SELECT count(*) FROM events) AS n", "(SELECT max(seq) FROM audit_log) AS m",
                   "(SELECT count(*) FROM events e WHERE e.tenant_id = events.tenant_id) AS nt"])))
    add("SELECT tenant_id, count(*), max(event_id) FROM events WHERE tenant_id %s AND event_id >= 780000 GROUP BY tenant_id" % tin())
    return out


def saas_extra_prepared(g):
    """Prepared statements drawn with --new-shapes: parameters in the distribution value (through an
    expression or a reference subquery), in SET, in RETURNING, in ON CONFLICT DO UPDATE and its WHERE,
    in LIMIT and in ANY; executed 7-9 times (generic plans from the sixth)."""
    kind = g.int(0, 6)
    if kind == 0:
        sql = ("INSERT INTO tenants AS tn (tenant_id, name, slug, created_at, mrr) VALUES ($1, $2, 's', timestamptz '2024-01-01 00:00:00+00', $3) "
               "ON CONFLICT (tenant_id) DO UPDATE SET name = $2 || tn.name, mrr = coalesce(tn.mrr, 0) + $3 WHERE tn.mrr IS DISTINCT FROM $3 "
               "RETURNING tenant_id, name, mrr, $3 AS added, $2 || '!' AS tag")
        return "bigint, text, numeric", sql, lambda: "(%d, %s, %s)" % (g.pick([saas_tenant(g), 160]), q("n%d" % g.int(1, 3)),
                                                                        g.pick(["1", "NULL", "2.5"])), []
    if kind == 1:
        sql = ("INSERT INTO events (tenant_id, event_id, kind, occurred_at) VALUES ($1 + 0, $2, $3, timestamptz '2024-01-01 00:00:00+00') "
               "ON CONFLICT (tenant_id, event_id) DO UPDATE SET kind = EXCLUDED.kind || $3 RETURNING tenant_id, event_id, kind")
        return "bigint, bigint, text", sql, lambda: "(%d, %d, %s)" % (saas_tenant(g), 790000 + g.int(0, 2), q(g.pick(["a", "b"]))), []
    if kind == 2:
        sql = ("INSERT INTO events (tenant_id, event_id, kind, occurred_at) VALUES ((SELECT plan_id FROM plans WHERE plan_id = $1), "
               "791000 + $2, 'ref', timestamptz '2024-01-01 00:00:00+00') ON CONFLICT DO NOTHING RETURNING tenant_id, event_id")
        return "int, int", sql, lambda: "(%d, %d)" % (g.pick([1, 2, 3, 4, 5, 77]), g.int(0, 2)), []
    if kind == 3:
        sql = ("UPDATE tasks SET title = $3 || title, priority = $2 WHERE tenant_id = $1 AND task_id % 11 = 0 "
               "RETURNING task_id, title_lower, priority + $2 AS p2, $3 AS prefix")
        return "bigint, smallint, text", sql, lambda: "(%d, %d, %s)" % (saas_tenant(g), g.pick([1, 5, 6]), q(g.pick(["x", "y "]))), []
    if kind == 4:
        sql = ("DELETE FROM comments WHERE tenant_id = ANY ($1) AND comment_id % $2 = 0 RETURNING tenant_id, comment_id")
        return "bigint[], int", sql, lambda: "('{%d,%d}', %d)" % (saas_tenant(g), saas_tenant(g), g.int(5, 20)), []
    if kind == 5:
        sql = ("INSERT INTO events (tenant_id, event_id, kind, occurred_at) SELECT tenant_id, 792000 + task_id % 1000, 'lim', created_at "
               "FROM tasks WHERE tenant_id = $1 ORDER BY task_id LIMIT $2 ON CONFLICT (tenant_id, event_id) DO UPDATE SET kind = "
               "events.kind || '+' RETURNING event_id, kind")
        return "bigint, int", sql, lambda: "(%d, %d)" % (saas_tenant(g), g.int(0, 3)), []
    sql = ("UPDATE tasks t SET estimate_hours = (SELECT count(*) + $2 FROM comments c WHERE c.tenant_id = t.tenant_id AND c.task_id = t.task_id) "
           "WHERE t.tenant_id = $1 AND t.priority = $3 RETURNING t.task_id, t.estimate_hours")
    return "bigint, int, int", sql, lambda: "(%d, %d, %d)" % (saas_tenant(g), g.int(0, 2), g.int(1, 5)), []


def saas_prepared(g):
    """A statement with parameters $1 (tenant) and $2 (an id), and arguments for each EXECUTE."""
    kind = g.int(0, 4)
    if kind == 0:
        sql = ("INSERT INTO tasks (tenant_id, task_id, project_id, title, priority, status, created_at) "
               "VALUES ($1, $2, 1, 'prep', ($2 % 5) + 1, 'todo', timestamptz '2024-01-01 00:00:00+00') "
               "ON CONFLICT (tenant_id, task_id) DO UPDATE SET priority = tasks.priority %% 5 + 1 RETURNING task_id, priority")
        sql = sql.replace("%%", "%")
        types = "bigint, bigint"
        args = lambda: "(%d, %d)" % (saas_tenant(g), 950000 + g.int(0, 3))
    elif kind == 1:
        sql = "UPDATE tasks SET estimate_hours = coalesce(estimate_hours, 0) + 1 WHERE tenant_id = $1 AND task_id % $2 = 0 RETURNING task_id, estimate_hours"
        types = "bigint, int"
        args = lambda: "(%d, %d)" % (saas_tenant(g), g.pick([2, 3, 0]))
    elif kind == 2:
        sql = "DELETE FROM comments WHERE tenant_id = $1 AND comment_id % 7 = $2 RETURNING comment_id"
        types = "bigint, int"
        args = lambda: "(%d, %d)" % (saas_tenant(g), g.int(0, 6))
    elif kind == 3:
        sql = ("INSERT INTO events (tenant_id, event_id, kind, occurred_at) SELECT tenant_id, 650000 + task_id + $2, 'prep', "
               "created_at FROM tasks WHERE tenant_id = $1 ORDER BY task_id LIMIT 2 ON CONFLICT DO NOTHING RETURNING event_id")
        types = "bigint, int"
        args = lambda: "(%d, %d)" % (saas_tenant(g), g.int(0, 2))
    else:
        sql = "UPDATE tenants SET mrr = coalesce(mrr, 0) + $2 WHERE tenant_id = $1 RETURNING tenant_id, mrr"
        types = "bigint, numeric"
        args = lambda: "(%d, %s)" % (saas_tenant(g), g.pick(["1", "0.5", "1e20"]))
    return types, sql, args, []


def saas_resync(seq):
    table, col = seq.split(".")
    return ("SELECT setval(pg_get_serial_sequence('%s', '%s'), (SELECT coalesce(max(%s), 0) + 1000 FROM %s), false)"
            % (table, col, col, table))


# --------------------------------------------------------------------------------------------
# ledger: tenants/accounts/entries/transfers/holds/journal/rate_log colocated by tenant_id (8
# shards), payouts (uuid), audit_events (text), fx_quotes (numeric), counters (int, defaults);
# currencies and fee_rules reference tables with foreign keys pointing at them


def ledger_tenant(g):
    return g.pick([1, 2, 3, 5, 6, 7, 9, 12, 14, 29, 30, 31])


def ledger_stmts(g):
    t = ledger_tenant(g)
    t2 = ledger_tenant(g)
    acc = 5 * (t - 1) + g.int(1, 5)  # an account of tenant t (tenants 1..29 have 5 each)
    acc2 = 5 * (t - 1) + g.int(1, 5)
    bad = g.chance(0.15)
    cur = g.pick(["'USD'", "'EUR'", "'JPY'"]) if not bad else g.pick(["'XXX'", "'USD'"])
    out = []

    def add(sql, seqs=(), weight=1, expect=None):
        out.append((weight, lambda: Stmt(sql, seqs, expect=expect)))

    ret = lambda cols: g.pick(["", "", " RETURNING *", " RETURNING " + cols])
    add("INSERT INTO tenants (tenant_id, name, base_currency, credit_limit) VALUES (%d, %s, %s, %s)%s%s"
        % (g.pick([t, 40 + g.int(0, 9)]), "NULL" if bad else "'fz'", cur, g.pick(["NULL", "100", "-1"]),
           g.pick(["", " ON CONFLICT DO NOTHING",
                   " ON CONFLICT (tenant_id) DO UPDATE SET credit_limit = coalesce(tenants.credit_limit, 0) + 1 WHERE tenants.active"]),
           ret("tenant_id, credit_limit")))
    bad_kind = g.pick(["fk_tenant", "fk_currency", "check", "unique"]) if bad else None
    rows = ", ".join("(%d, %s, %s, %s, %s)" % (45 if bad_kind == "fk_tenant" else g.pick([t, t2]),
                                              "'acc-%d-1'" % t if bad_kind == "unique" else q("fz-%d" % g.int(1, 3)),
                                              g.pick(["'asset'", "'revenue'", "DEFAULT"]),
                                              "'XXX'" if bad_kind == "fk_currency" else g.pick(["'USD'", "'EUR'"]),
                                              "-2000" if bad_kind == "check" else g.pick(["0", "DEFAULT"]))
                     for _ in range(g.int(1, 3)))
    add("INSERT INTO accounts (tenant_id, code, kind, currency, balance) VALUES %s%s%s"
        % (rows, "" if bad_kind == "unique" else g.pick(["", " ON CONFLICT (tenant_id, code) DO NOTHING",
                          " ON CONFLICT ON CONSTRAINT accounts_code_key DO UPDATE SET balance = accounts.balance + 1"]),
           g.pick([" RETURNING account_id, code, balance", " RETURNING *", ""])), ["accounts.account_id"], weight=2)
    bad_kind = g.pick(["fk", "check", "domain"]) if bad else None
    rows = ", ".join("(%d, %d, %s, %s)" % (t, 999 if bad_kind == "fk" else g.pick([acc, acc2]),
                                          "'X'" if bad_kind == "check" else g.pick(["'D'", "'C'"]),
                                          "0" if bad_kind == "domain" else g.pick(["10.5", "1"]))
                     for _ in range(g.int(1, 4)))
    add("INSERT INTO entries (tenant_id, account_id, direction, amount) VALUES %s RETURNING entry_id, signed_amount, memo, posted_on"
        % rows, ["entries.entry_id", "memo_seq"], weight=2)
    idem = g.pick(["NULL", "'k-%d-%d'" % (acc, acc + 1), "'fz-%d'" % g.int(1, 3)])
    add("INSERT INTO transfers (tenant_id, from_account, to_account, amount, currency, idem_key, created_on) VALUES "
        "(%d, %d, %d, %s, %s, %s, %s)%s%s"
        % (t, acc, acc if bad else acc2 + 100, g.pick(["5", "0.01"]), cur, idem, date(g),
           g.pick(["", " ON CONFLICT (tenant_id, idem_key) WHERE idem_key IS NOT NULL DO NOTHING",
                   " ON CONFLICT (tenant_id, idem_key) WHERE idem_key IS NOT NULL DO UPDATE SET amount = transfers.amount + EXCLUDED.amount, status = 'retried'"]),
           ret("transfer_id, amount, status, fee")), ["transfers.transfer_id"], weight=2)
    add("INSERT INTO holds (tenant_id, account_id, amount, reason) VALUES (%d, %d, %s, 'fz') RETURNING hold_id, amount"
        % (t, acc if not bad else 9999, g.pick(["1", "2.5"])), ["holds.hold_id"])
    add("INSERT INTO counters DEFAULT VALUES RETURNING slot, n, hits, created", ["counters.n", "memo_seq"])
    add("INSERT INTO counters (slot, hits) VALUES (%d, %d), (%d, DEFAULT) RETURNING slot, n, label, hits"
        % (g.int(0, 5), -1 if bad else g.int(0, 9), g.int(0, 5)), ["counters.n", "memo_seq"])
    add("INSERT INTO fx_quotes (bucket, pair, rate) VALUES (%s, %s, %s) ON CONFLICT (bucket, pair) DO UPDATE SET rate = EXCLUDED.rate%s"
        % (g.pick(["0.25", "0.5", "2.50", "2.5", "99"]), q(g.pick(["EURUSD", "GBPUSD"])), "0" if bad else "1.5",
           ret("bucket, pair, rate, quote_no")), ["fx_quotes.quote_no"])
    add("INSERT INTO payouts (payout_ref, tenant_id, account_id, amount, currency) VALUES "
        "('00000000-0000-0000-0000-%012x', %d, %d, %s, %s)%s%s"
        % (g.int(1, 70), t, acc, "-1" if bad else "7", cur,
           g.pick(["", " ON CONFLICT (payout_ref) DO UPDATE SET attempts = payouts.attempts + 1"]), ret("payout_ref, attempts, state")))
    # INSERT ... SELECT
    add("INSERT INTO entries (tenant_id, account_id, direction, amount, memo) SELECT tenant_id, account_id, 'C', "
        "%s, 'sum' FROM entries WHERE %s GROUP BY tenant_id, account_id ORDER BY tenant_id, account_id%s"
        % (g.pick(["sum(amount)", "max(amount) - min(amount)"]), g.pick(["tenant_id = %d" % t, "account_id % 7 = 0", "true"]),
           g.pick(["", " LIMIT 3", " RETURNING tenant_id, account_id, amount"])), ["entries.entry_id"])
    add("INSERT INTO transfers (tenant_id, from_account, to_account, amount, currency, created_on) SELECT a.tenant_id, a.account_id, "
        "b.account_id, 1, a.currency, date '2024-04-01' FROM accounts a JOIN accounts b ON a.tenant_id = b.tenant_id AND "
        "b.account_id = a.account_id + %d WHERE a.tenant_id %s ORDER BY a.tenant_id, a.account_id%s"
        % (g.pick([1, 2, 0]), g.pick(["= %d" % t, "< 4"]), ret("tenant_id, from_account, to_account, transfer_id")),
        ["transfers.transfer_id"])
    add("INSERT INTO accounts (tenant_id, code, currency) SELECT %d, 'ref-' || code, code FROM currencies WHERE %s ORDER BY code%s"
        % (t, g.pick(["decimals = 2", "usd_rate IS NULL", "true"]),
           g.pick(["", " ON CONFLICT (tenant_id, code) DO UPDATE SET closed = NOT accounts.closed RETURNING code, closed"])),
        ["accounts.account_id"])
    add("INSERT INTO rate_log (tenant_id, rate, note) SELECT tenant_id, amount, 'payout' FROM payouts WHERE %s%s"
        % (g.pick(["tenant_id = %d" % t, "amount > 300"]), g.pick(["", " ORDER BY payout_ref LIMIT 4"])))
    add("INSERT INTO audit_events (ref, seq, tenant_id, action) SELECT 'ref-fz', entry_id, tenant_id, 'entry' FROM entries "
        "WHERE tenant_id = %d%s" % (t, g.pick(["", " ON CONFLICT DO NOTHING RETURNING seq, at_step"])))
    # UPDATE / DELETE
    add("UPDATE accounts SET balance = balance - %s WHERE tenant_id = %d%s%s"
        % (g.pick(["100", "900", "5"]), t, g.pick(["", " AND account_id = %d" % acc]), ret("account_id, balance")), weight=2)
    add("UPDATE accounts SET balance = balance + 1 WHERE %s%s"
        % (g.pick(["kind = 'revenue'", "closed", "currency = 'JPY'"]), ret("tenant_id, account_id, balance")))
    add("UPDATE entries SET amount = amount / (entry_id %% %d) WHERE tenant_id %s"
        % (g.int(2, 6), g.pick(["= %d" % t, "IN (%d, %d)" % (t, t2)])))
    add("UPDATE transfers SET status = 'settled', fee = f.min_fee FROM fee_rules f WHERE f.currency = transfers.currency AND "
        "f.kind = 'wire' AND transfers.tenant_id %s%s" % (g.pick(["= %d" % t, "> 20"]), ret("transfer_id, fee, status")))
    add("UPDATE accounts a SET balance = a.balance + s.total FROM (SELECT tenant_id, account_id, sum(signed_amount) AS total "
        "FROM entries WHERE tenant_id = %d GROUP BY tenant_id, account_id) s WHERE s.tenant_id = a.tenant_id AND "
        "s.account_id = a.account_id%s" % (t, ret("a.account_id, a.balance")))
    add("UPDATE tenants SET credit_limit = (SELECT sum(balance) FROM accounts WHERE accounts.tenant_id = tenants.tenant_id) "
        "WHERE tenant_id %s%s" % (g.pick(["= %d" % t, "< 5"]), ret("tenant_id, credit_limit")))
    add("UPDATE accounts SET currency = %s WHERE tenant_id = %d AND account_id = %d" % (cur, t, acc))
    add("DELETE FROM accounts WHERE tenant_id = %d AND account_id = %d%s" % (t, acc, ret("account_id, code")))
    add("DELETE FROM holds WHERE %s%s" % (g.pick(["tenant_id = %d" % t, "amount > 20", "reason IS NULL"]), ret("hold_id")))
    add("DELETE FROM entries e USING currencies c, accounts a WHERE a.tenant_id = e.tenant_id AND a.account_id = e.account_id "
        "AND c.code = a.currency AND c.decimals = 0 AND e.tenant_id %s%s"
        % (g.pick(["= %d" % t, "< 10"]), g.pick(["", " RETURNING e.entry_id, c.code"])))
    add("DELETE FROM rate_log WHERE tenant_id = %d%s" % (g.int(1, 4), g.pick(["", " RETURNING *"])))
    # reference tables, foreign keys from distributed tables point at them
    add("UPDATE fee_rules SET pct = pct + %s WHERE kind = 'card'%s" % ("-1" if bad else "0.001", ret("rule_id, pct")))
    add("INSERT INTO currencies (code, name, decimals) VALUES (%s, 'fz', %d) ON CONFLICT (code) DO UPDATE SET decimals = EXCLUDED.decimals%s"
        % (g.pick(["'XXX'", "'USD'"]), 9 if bad else 2, ret("code, decimals")))
    add("DELETE FROM currencies WHERE code = %s" % g.pick(["'BHD'", "'CHF'", "'XXX'"]))
    # journal: deferred unique constraint
    add("INSERT INTO journal VALUES (%d, %d, %d, %d)" % (t, 900 + g.int(0, 3), acc, g.int(0, 5)))
    add("UPDATE journal SET seq = seq + 1 WHERE tenant_id = %d" % t)
    # CTEs
    add("WITH moved AS (UPDATE holds SET amount = amount + 1 WHERE tenant_id = %d RETURNING tenant_id, account_id, amount) "
        "INSERT INTO entries (tenant_id, account_id, direction, amount, memo) SELECT tenant_id, account_id, 'D', amount, 'hold' "
        "FROM moved RETURNING account_id, amount" % t, ["entries.entry_id"])
    add("WITH d AS (DELETE FROM transfers WHERE tenant_id = %d AND status = 'failed' RETURNING amount) SELECT count(*), sum(amount) FROM d" % t)
    add("TRUNCATE %s" % g.pick(["rate_log", "holds", "audit_events", "counters"]), weight=0.2)
    add("SELECT * FROM accounts WHERE tenant_id = %d ORDER BY account_id" % t, weight=2)
    add("SELECT tenant_id, count(*), sum(signed_amount) FROM entries GROUP BY tenant_id")
    add("SELECT * FROM transfers WHERE tenant_id IN (%d, %d)" % (t, t2))
    return out


def ledger_prepared(g):
    kind = g.int(0, 3)
    if kind == 0:
        sql = ("INSERT INTO entries (tenant_id, account_id, direction, amount) VALUES ($1, $2, 'C', 3) "
               "RETURNING entry_id, memo, signed_amount")
        args = lambda: (lambda t: "(%d, %d)" % (t, 5 * (t - 1) + g.int(1, 6)))(g.int(1, 29))
        return "bigint, bigint", sql, args, ["entries.entry_id", "memo_seq"]
    if kind == 1:
        sql = "UPDATE accounts SET balance = balance + $2 WHERE tenant_id = $1 RETURNING account_id, balance"
        args = lambda: "(%d, %s)" % (ledger_tenant(g), g.pick(["1", "-700", "2.5"]))
        return "bigint, numeric", sql, args, []
    if kind == 2:
        sql = ("INSERT INTO transfers (tenant_id, from_account, to_account, amount, currency, idem_key, created_on) "
               "VALUES ($1, 1, 2, $2, 'USD', 'prep', date '2024-01-01') ON CONFLICT (tenant_id, idem_key) "
               "WHERE idem_key IS NOT NULL DO UPDATE SET amount = transfers.amount + EXCLUDED.amount RETURNING transfer_id, amount")
        args = lambda: "(%d, %s)" % (ledger_tenant(g), g.pick(["1", "0", "3"]))
        return "bigint, numeric", sql, args, ["transfers.transfer_id"]
    sql = "DELETE FROM holds WHERE tenant_id = $1 AND amount > $2 RETURNING hold_id, amount"
    args = lambda: "(%d, %d)" % (ledger_tenant(g), g.int(0, 40))
    return "bigint, int", sql, args, []


def ledger_resync(seq):
    if seq == "memo_seq":
        return "SELECT setval('memo_seq', (SELECT coalesce(max(substr(memo, 6)::bigint), 0) + 1000 FROM entries WHERE memo LIKE 'memo-%'), false)"
    return saas_resync(seq)


# --------------------------------------------------------------------------------------------
# shop: stores/customers/products/orders/order_items/payments/inventory_events colocated by
# store_id; carts (uuid), coupons and coupon_redemptions (text, colocated together); currencies,
# countries and categories reference tables; order_status enum


def shop_store(g):
    return g.pick([1, 2, 3, 5, 6, 8, 9, 10, 12, 15, 20, 41, 45])


def shop_stmts(g):
    s_ = shop_store(g)
    s2 = shop_store(g)
    bad = g.chance(0.15)
    out = []
    ret = lambda cols: g.pick(["", "", " RETURNING *", " RETURNING " + cols])

    def add(sql, seqs=(), weight=1, expect=None):
        out.append((weight, lambda: Stmt(sql, seqs, expect=expect)))

    add("INSERT INTO customers (store_id, customer_id, email, full_name, country, created_at) VALUES %s%s%s"
        % (", ".join("(%d, %d, %s, %s, 'DE', %s)" % (g.pick([s_, s2]), g.pick([g.int(1, 5), 5000 + g.int(0, 9)]),
                                                    q("fz%d@x" % g.int(1, 99)), "NULL" if bad and i == 0 else "'Fz Name'", ts(g))
                     for i in range(g.int(1, 4))),
           " ON CONFLICT DO NOTHING" if bad else
           g.pick(["", " ON CONFLICT (store_id, customer_id) DO UPDATE SET email = EXCLUDED.email, lifetime_value = "
                       "coalesce(customers.lifetime_value, 0) + 1 WHERE customers.tier IS DISTINCT FROM 'gold'"]),
           ret("store_id, customer_id, email, lifetime_value")), weight=2)
    add("INSERT INTO orders (store_id, order_id, customer_id, status, currency, placed_at, total) VALUES (%d, %d, %d, %s, 'EUR', %s, %s)%s%s"
        % (s_, g.pick([g.int(1, 20), 9000 + g.int(0, 9)]), g.int(1, 5), "'lost'" if bad else q(g.pick(["pending", "paid", "shipped"])),
           ts(g), g.pick(["10.00", "0", "NULL" if bad else "1"]),
           g.pick(["", " ON CONFLICT (store_id, order_id) DO UPDATE SET status = EXCLUDED.status, total = orders.total + EXCLUDED.total"]),
           ret("order_id, status, total")), weight=2)
    add("INSERT INTO order_items (store_id, order_id, line_no, product_id, qty, unit_price) SELECT store_id, order_id, 10 + %d, "
        "%d, %d, total / 2 FROM orders WHERE store_id = %d AND status = %s ORDER BY order_id LIMIT %d%s%s"
        % (g.int(0, 2), g.int(1, 5), g.int(1, 3), s_, q(g.pick(["paid", "pending", "shipped"])), g.int(1, 5),
           g.pick(["", " ON CONFLICT DO NOTHING", " ON CONFLICT (store_id, order_id, line_no) DO UPDATE SET qty = order_items.qty + EXCLUDED.qty"]),
           ret("order_id, line_no, qty, unit_price")), weight=2)
    add("UPDATE orders o SET total = x.gross FROM (SELECT store_id, order_id, sum(qty * unit_price) AS gross FROM order_items "
        "WHERE store_id %s GROUP BY store_id, order_id) x WHERE x.store_id = o.store_id AND x.order_id = o.order_id%s"
        % (g.pick(["= %d" % s_, "IN (%d, %d)" % (s_, s2)]), ret("o.order_id, o.total")))
    add("UPDATE orders SET status = %s, shipped_at = timestamptz '2024-10-01 00:00:00+00' WHERE store_id = %d AND status = %s%s"
        % (q(g.pick(["shipped", "delivered", "cancelled"])), s_, q(g.pick(["paid", "pending"])), ret("order_id, status")))
    add("UPDATE orders SET status = 'refunded' WHERE status = 'delivered' AND order_id %% %d = 0 AND total > %d%s"
        % (g.int(5, 30), g.int(0, 200), ret("store_id, order_id, status")))
    add("UPDATE products SET price = price * %s WHERE store_id %s AND category_id IN (SELECT category_id FROM categories WHERE parent_id %s)%s"
        % (g.pick(["1.1", "0", "100000000"]), g.pick(["= %d" % s_, "< 5"]), g.pick(["IS NULL", "= 1", "IS NOT NULL"]),
           ret("store_id, product_id, price")))
    add("UPDATE order_items SET qty = qty / (line_no - %d) WHERE store_id %s%s"
        % (g.int(1, 3), g.pick(["= %d" % s_, "IN (%d, %d)" % (s_, s2)]), ret("order_id, line_no, qty")))
    add("UPDATE customers c SET country = co.code FROM countries co WHERE co.name = %s AND c.store_id = %d AND c.customer_id %% 3 = 0%s"
        % (q(g.pick(["Germany", "France", "Japan"])), s_, ret("c.customer_id, c.country")))
    add("DELETE FROM order_items oi USING orders o WHERE o.store_id = oi.store_id AND o.order_id = oi.order_id AND o.status = %s "
        "AND oi.store_id %s%s" % (q(g.pick(["cancelled", "refunded"])), g.pick(["= %d" % s_, "< 4"]), ret("oi.order_id, oi.line_no")))
    add("DELETE FROM payments WHERE store_id = %d AND order_id NOT IN (SELECT order_id FROM orders WHERE store_id = %d AND status <> 'pending')%s"
        % (s_, s_, ret("payment_id, amount")))
    add("DELETE FROM inventory_events WHERE store_id = %d AND delta %s 0%s" % (s_, g.pick(["<", ">"]), ret("product_id, delta")))
    add("INSERT INTO inventory_events (store_id, product_id, at, delta, reason) SELECT store_id, product_id, "
        "timestamptz '2024-12-01 00:00:00+00', -qty, 'sold' FROM order_items WHERE store_id = %d AND product_id IS NOT NULL%s"
        % (s_, g.pick(["", " ORDER BY order_id, line_no LIMIT 4"])))
    add("INSERT INTO coupon_redemptions (code, store_id, order_id, redeemed_at) SELECT code, %d, %d, timestamptz '2024-05-05 00:00:00+00' "
        "FROM coupons WHERE %s ORDER BY code%s" % (s_, g.int(1, 9), g.pick(["store_id = %d" % s_, "percent_off > 10", "store_id IS NULL"]),
                                                  g.pick(["", " RETURNING code, order_id"])))
    add("UPDATE coupons SET max_uses = coalesce(max_uses, 0) - (SELECT count(*) FROM coupon_redemptions r WHERE r.code = coupons.code) "
        "WHERE %s%s" % (g.pick(["store_id = %d" % s_, "percent_off IS NOT NULL"]), ret("code, max_uses")))
    add("INSERT INTO carts (cart_id, store_id, customer_id, created_at, items) VALUES ('00000000-0000-0000-0000-%012x', %d, 1, %s, "
        "'[1]') ON CONFLICT (cart_id) DO UPDATE SET items = carts.items || EXCLUDED.items, abandoned = false%s"
        % (g.int(1, 700), s_, ts(g), ret("cart_id, items, abandoned")))
    add("UPDATE categories SET sort_order = coalesce(sort_order, 0) + 1 WHERE parent_id %s%s"
        % (g.pick(["IS NULL", "= 1"]), ret("category_id, sort_order")))
    add("INSERT INTO categories (category_id, parent_id, name, slug) VALUES (%d, %d, 'fz', 'fz')%s"
        % (g.int(90, 95), 999 if bad else 1, ret("category_id, parent_id")))
    add("WITH c AS (UPDATE orders SET status = 'cancelled' WHERE store_id = %d AND status = 'pending' RETURNING store_id, order_id, total) "
        "INSERT INTO payments (store_id, payment_id, order_id, method, amount, status) SELECT store_id, order_id * 10 + 9, order_id, "
        "'void', -total, 'refund' FROM c%s RETURNING payment_id, amount" % (s_, g.pick(["", " ON CONFLICT DO NOTHING"])))
    add("TRUNCATE %s" % g.pick(["inventory_events", "payments", "carts"]), weight=0.2)
    add("SELECT * FROM orders WHERE store_id = %d ORDER BY order_id" % s_, weight=2)
    add("SELECT store_id, status, count(*), sum(total) FROM orders GROUP BY store_id, status")
    shop_more(g, s_, s2, bad, add, ret)
    return out


def shop_more(g, s_, s2, bad, add, ret):
    """More shop shapes: enum order in filters and upserts, the non-deterministic collation in write
    filters, UPDATE ... FROM / DELETE ... USING joins matching a row several times, row-constructor
    SET, INSERT ... SELECT with set operations / windows / into a reference table / across
    colocation groups (coupons by code), multi-row VALUES with DEFAULT and casts, writing CTEs
    feeding a SELECT, IN / EXISTS over reference and non-colocated tables."""
    sin = lambda: g.pick(["= %d" % s_, "IN (%d, %d)" % (s_, s2), "< 5", "BETWEEN %d AND %d" % (min(s_, s2), max(s_, s2))])
    add("UPDATE orders SET status = %s WHERE store_id %s AND status %s %s%s"
        % (q(g.pick(["paid", "shipped", "refunded"])), sin(), g.pick(["<", ">=", "<>"]), q(g.pick(["paid", "shipped", "pending"])),
           ret("store_id, order_id, status, status > 'paid' AS later")))
    add("INSERT INTO orders AS o (store_id, order_id, customer_id, status, currency, placed_at, total) VALUES %s ON CONFLICT "
        "ON CONSTRAINT orders_pkey DO UPDATE SET status = greatest(o.status, EXCLUDED.status), total = o.total + EXCLUDED.total "
        "WHERE EXCLUDED.status %s o.status%s"
        % (", ".join("(%d, %s, %s, %s, %s, %s, %s)" % (g.pick([s_, s2]), g.pick(["%d" % g.int(1, 12), "'%d'::bigint" % (9200 + i)]),
                                                       g.pick(["DEFAULT", "NULL", "1"]), g.pick(["'paid'", "'shipped'::order_status", "'pending'"]),
                                                       g.pick(["'EUR'", "upper('usd')"]), ts(g), g.pick(["1.005", "'2'::numeric", "10 * 2"]))
                     for i in range(g.int(1, 3))),
           g.pick([">", "<>", "<="]), ret("o.store_id, o.order_id, o.status, o.total")))
    add("UPDATE customers SET tier = %s WHERE store_id %s AND email %s%s"
        % (q(g.pick(["gold", "silver"])), sin(),
           g.pick(["= 'CUSTOMER1@EXAMPLE.COM' COLLATE ci", "LIKE 'customer1%' COLLATE \"C\"", "IN (SELECT upper(email) FROM customers WHERE store_id = %d)" % s_]),
           ret("store_id, customer_id, tier")))
    add("DELETE FROM coupon_redemptions WHERE code = %s COLLATE ci%s" % (q(g.pick(["PROMO1", "promo2", "Welcome"])), ret("code, store_id")))
    # joins matching a target row several times: only the target's columns are returned (which
    # joined row PostgreSQL pairs with the target row is unspecified)
    tret = lambda alias, cols: g.pick(["", " RETURNING %s.*" % alias, " RETURNING " + cols])
    add("UPDATE products p SET active = NOT p.active FROM order_items oi WHERE oi.store_id = p.store_id AND oi.product_id = p.product_id "
        "AND p.store_id %s%s" % (sin(), tret("p", "p.store_id, p.product_id, p.active")))
    add("UPDATE orders o SET discount = coalesce(o.discount, 0) + 1 FROM currencies c, countries co WHERE co.currency = c.code AND "
        "c.decimals %s AND o.store_id %s%s" % (g.pick(["= 2", "= 0", "> 0"]), sin(), tret("o", "o.store_id, o.order_id, o.discount")))
    add("DELETE FROM inventory_events ie USING order_items oi WHERE oi.store_id = ie.store_id AND oi.product_id = ie.product_id AND "
        "ie.store_id %s AND ie.delta %s 0%s" % (sin(), g.pick(["<", ">"]), tret("ie", "ie.store_id, ie.product_id, ie.delta")))
    # row-constructor SET
    add("UPDATE products SET (price, cost) = (%s, %s) WHERE store_id %s AND product_id %% %d = 0%s"
        % (g.pick(["price + 1", "DEFAULT" if bad else "round(price * 1.1, 2)"]), g.pick(["NULL", "cost / 2", "DEFAULT"]), sin(),
           g.int(2, 7), ret("store_id, product_id, price, cost")))
    add("UPDATE orders o SET (total, discount) = (SELECT coalesce(sum(qty * unit_price), 0), max(discount_pct) FROM order_items oi "
        "WHERE oi.store_id = o.store_id AND oi.order_id = o.order_id) WHERE o.store_id %s AND o.order_id %% %d = 0%s"
        % (sin(), g.int(2, 6), ret("o.store_id, o.order_id, o.total, o.discount")))
    add("UPDATE stores SET (currency, country) = (SELECT c.currency, c.code FROM countries c WHERE c.code = %s) WHERE store_id %s%s"
        % (q(g.pick(["DE", "JP", "ZZ"])), sin(), ret("store_id, currency, country")))
    # IN / EXISTS over reference and non-colocated tables
    add("DELETE FROM orders o WHERE o.store_id %s AND %sEXISTS (SELECT 1 FROM coupons c WHERE c.code = o.coupon_code AND c.percent_off > %d)%s"
        % (sin(), g.pick(["", "NOT "]), g.int(0, 30), ret("o.store_id, o.order_id")))
    add("UPDATE orders SET ship_country = NULL WHERE store_id %s AND ship_country NOT IN (SELECT code FROM countries WHERE region %s)%s"
        % (sin(), g.pick(["= 'Europe'", "IS NOT NULL"]), ret("store_id, order_id")))
    add("UPDATE carts SET abandoned = true WHERE store_id %s AND customer_id IN (SELECT customer_id FROM customers WHERE store_id %s)%s"
        % (sin(), sin(), ret("cart_id, abandoned")))
    # INSERT ... SELECT: set operations, windows, across groups, into a reference table
    add("INSERT INTO payments (store_id, payment_id, order_id, method, amount, status) SELECT store_id, 80000 + order_id, order_id, "
        "'set', total, 'ok' FROM orders WHERE store_id %s AND status = 'paid' %s SELECT store_id, 80000 + order_id, order_id, 'set', "
        "total, 'ok' FROM orders WHERE store_id %s AND total > %d%s%s"
        % (sin(), g.pick(["UNION", "EXCEPT", "INTERSECT", "UNION ALL"]), sin(), g.int(0, 300), g.pick(["", " ON CONFLICT DO NOTHING"]),
           ret("store_id, payment_id, amount")))
    add("INSERT INTO coupons (code, store_id, percent_off, max_uses) SELECT 'FZ-' || store_id || '-' || row_number() OVER (PARTITION BY "
        "store_id ORDER BY order_id), store_id, 5, 1 FROM orders WHERE store_id %s AND order_id %% %d = 0%s%s"
        % (sin(), g.int(3, 9), g.pick(["", " ON CONFLICT (code) DO UPDATE SET max_uses = coupons.max_uses + 1"]),
           ret("code, store_id, max_uses")))
    add("INSERT INTO coupon_redemptions (code, store_id, order_id, redeemed_at) SELECT c.code, o.store_id, o.order_id, o.placed_at FROM "
        "orders o JOIN coupons c ON c.code = o.coupon_code WHERE o.store_id %s%s" % (sin(), ret("code, order_id")))
    add("INSERT INTO categories (category_id, parent_id, name, slug) SELECT 200 + store_id, NULL, name, 'st' FROM stores WHERE store_id %s "
        "ORDER BY store_id LIMIT %d%s%s" % (sin(), g.int(1, 3), g.pick(["", " ON CONFLICT (category_id) DO UPDATE SET name = EXCLUDED.name || '+'"]),
                                            ret("category_id, name")))
    add("INSERT INTO currencies (code, name, decimals) SELECT DISTINCT upper(substr(md5(currency), 1, 3)), 'h', 2 FROM orders WHERE "
        "store_id %s ON CONFLICT DO NOTHING%s" % (sin(), ret("code")))
    # writing CTEs feeding a SELECT
    add("WITH c AS (UPDATE customers SET lifetime_value = coalesce(lifetime_value, 0) + 1 WHERE store_id %s RETURNING store_id, "
        "customer_id, lifetime_value) SELECT c.store_id, count(*), sum(c.lifetime_value), max(co.name) FROM c LEFT JOIN countries co "
        "ON co.code = 'DE' GROUP BY c.store_id" % sin())
    add("WITH d AS (DELETE FROM carts WHERE store_id %s AND abandoned RETURNING store_id, cart_id), i AS (INSERT INTO inventory_events "
        "(store_id, product_id, at, delta, reason) SELECT store_id, 0, timestamptz '2024-01-01 00:00:00+00', 1, 'cart' FROM d RETURNING "
        "store_id) SELECT (SELECT count(*) FROM d), (SELECT count(*) FROM i)" % sin())


def shop_prepared(g):
    if g.chance(0.5):
        sql = ("INSERT INTO orders (store_id, order_id, status, currency, placed_at, total) VALUES ($1, $2, 'pending', 'USD', "
               "timestamptz '2024-01-01 00:00:00+00', 5) ON CONFLICT (store_id, order_id) DO UPDATE SET total = orders.total + 1 "
               "RETURNING order_id, total, status")
        return "bigint, bigint", sql, lambda: "(%d, %d)" % (shop_store(g), 9100 + g.int(0, 2)), []
    sql = "UPDATE order_items SET qty = qty + $2 WHERE store_id = $1 AND line_no = 1 RETURNING order_id, qty"
    return "bigint, int", sql, lambda: "(%d, %d)" % (shop_store(g), g.int(-3, 3)), []


# --------------------------------------------------------------------------------------------
# orm: accounts (by id) with users/projects/tasks/comments/labels/task_labels colocated by
# account_id, ON DELETE CASCADE / SET NULL (column list) foreign keys, a partial unique index;
# plans, countries, label_colors reference tables


def orm_account(g):
    return g.pick([1, 2, 3, 4, 7, 8, 9, 12, 20, 30, 33, 35])


def orm_stmts(g):
    a = orm_account(g)
    a2 = orm_account(g)
    bad = g.chance(0.15)
    out = []
    ret = lambda cols: g.pick(["", "", " RETURNING *", " RETURNING " + cols])
    minid = lambda tbl, acc: "(SELECT min(id) FROM %s WHERE account_id = %d)" % (tbl, acc)

    def add(sql, seqs=(), weight=1, expect=None):
        out.append((weight, lambda: Stmt(sql, seqs, expect=expect)))

    add("INSERT INTO users (account_id, email, first_name, role, date_joined) VALUES %s%s%s"
        % (", ".join("(%d, %s, 'Fz', %s, %s)" % (g.pick([a, a2]), q("fz%d@example.com" % g.int(1, 4)) if not bad else "'user1@example.com'",
                                              g.pick(["'member'", "DEFAULT", "'guest'"]), ts(g)) for _ in range(g.int(1, 3))),
           "" if bad else g.pick(["", " ON CONFLICT (account_id, email) DO NOTHING",
                                  " ON CONFLICT ON CONSTRAINT users_account_email_key DO UPDATE SET last_login = EXCLUDED.date_joined"]),
           ret("account_id, id, email, role")), ["users.id"], weight=2)
    add("INSERT INTO projects (account_id, name, owner_id, starts_on, created_at, updated_at) VALUES (%d, %s, %s, %s, %s, %s)%s%s"
        % (a, q(g.pick(["Website 1", "Fz project", "Legacy"])), "99999" if bad else g.pick(["NULL", minid("users", a)]), date(g), ts(g), ts(g),
           g.pick(["", " ON CONFLICT (account_id, name) WHERE NOT archived DO NOTHING",
                   " ON CONFLICT (account_id, name) WHERE NOT archived DO UPDATE SET budget = coalesce(projects.budget, 0) + 1"]),
           ret("account_id, id, name, status, tags")), ["projects.id"], weight=2)
    add("INSERT INTO tasks (account_id, project_id, title, created_at, updated_at, assignee_id) SELECT account_id, id, 'fz ' || name, "
        "created_at, updated_at, owner_id FROM projects WHERE account_id %s ORDER BY account_id, id LIMIT %d%s"
        % (g.pick(["= %d" % a, "IN (%d, %d)" % (a, a2)]), g.int(1, 5), ret("account_id, id, title, status, custom_fields")), ["tasks.id"])
    add("INSERT INTO comments (account_id, task_id, author_id, body, created_at) VALUES (%d, %s, %s, 'fz', %s)%s"
        % (a, "424242" if bad else minid("tasks", a), minid("users", a), ts(g), ret("id, task_id, author_id")), ["comments.id"])
    add("UPDATE tasks SET comment_count = (SELECT count(*) FROM comments c WHERE c.account_id = tasks.account_id AND c.task_id = tasks.id) "
        "WHERE account_id %s%s" % (g.pick(["= %d" % a, "< 5"]), ret("account_id, id, comment_count")))
    add("UPDATE tasks SET status = %s, completed_at = CASE WHEN %s = 'done' THEN timestamptz '2024-11-11 00:00:00+00' END, "
        "position = position + 1 WHERE account_id = %d AND project_id = %s%s"
        % ((lambda st: (st, st))(q(g.pick(["done", "review", "todo"]))) + (a, minid("projects", a), ret("id, status, position"))))
    add("UPDATE projects SET archived = NOT archived WHERE account_id = %d AND name LIKE %s%s"
        % (a, q(g.pick(["Legacy%", "Website%", "API%"])), ret("id, name, archived")))
    add("UPDATE accounts SET plan_id = %s, balance = balance + %s WHERE id %s%s"
        % ("99" if bad else g.pick(["1", "2", "NULL"]), g.pick(["1", "-5.5"]), g.pick(["= %d" % a, "> 30"]), ret("id, plan_id, balance")))
    add("UPDATE tasks t SET assignee_id = p.owner_id FROM projects p WHERE p.account_id = t.account_id AND p.id = t.project_id "
        "AND t.account_id = %d AND t.assignee_id IS NULL%s" % (a, ret("t.id, t.assignee_id")))
    add("DELETE FROM users WHERE account_id = %d AND id = %s%s" % (a, minid("users", a), ret("id, email")))
    add("DELETE FROM projects WHERE account_id = %d AND id IN (SELECT project_id FROM tasks WHERE account_id = %d AND status = %s)%s"
        % (a, a, q(g.pick(["cancelled", "done"])), ret("id, name")), weight=0.5)
    add("DELETE FROM tasks WHERE account_id %s AND is_deleted%s" % (g.pick(["= %d" % a, "> 20"]), ret("account_id, id")))
    add("DELETE FROM accounts WHERE id = %d%s" % (g.pick([a, 34, 35]), ret("id, name")), weight=0.3)
    add("DELETE FROM labels l USING label_colors c WHERE c.id = l.color_id AND c.name = %s AND l.account_id %s%s"
        % (q(g.pick(["red", "blue", "green"])), g.pick(["= %d" % a, "< 10"]), ret("l.id, l.name")))
    add("INSERT INTO labels (account_id, name, color_id) VALUES (%d, %s, %s) ON CONFLICT (account_id, name) DO UPDATE SET color_id = EXCLUDED.color_id%s"
        % (a, q(g.pick(["bug", "fz", "urgent"])), "77" if bad else g.pick(["1", "2", "NULL"]), ret("id, name, color_id")), ["labels.id"])
    add("INSERT INTO task_labels (account_id, task_id, label_id) SELECT t.account_id, t.id, l.id FROM tasks t JOIN labels l ON "
        "l.account_id = t.account_id WHERE t.account_id = %d AND t.priority = %d ORDER BY t.id, l.id LIMIT %d ON CONFLICT DO NOTHING%s"
        % (a, g.int(1, 4), g.int(1, 8), ret("task_id, label_id")), ["task_labels.id"])
    add("UPDATE plans SET max_users = coalesce(max_users, 0) + 1 WHERE id = %d%s" % (g.int(1, 4), ret("id, max_users")))
    add("WITH d AS (DELETE FROM comments WHERE account_id = %d AND edited_at IS NOT NULL RETURNING task_id) UPDATE tasks SET "
        "comment_count = comment_count - 1 WHERE account_id = %d AND id IN (SELECT task_id FROM d)%s" % (a, a, ret("id, comment_count")))
    add("WITH d AS (DELETE FROM tasks WHERE account_id = %d AND id = %s RETURNING id) SELECT (SELECT count(*) FROM d), "
        "(SELECT count(*) FROM %s WHERE account_id = %d)" % (a, minid("tasks", a), g.pick(["comments", "task_labels"]), a),
        expect="through a foreign key action", weight=0.3)
    add("WITH d AS (DELETE FROM users WHERE account_id = %d AND id = %s RETURNING id) UPDATE projects SET budget = 1 WHERE "
        "account_id = %d AND owner_id IS NULL%s" % (a, minid("users", a), a, ret("id, budget")),
        expect="through a foreign key action", weight=0.3)
    add("WITH d AS (DELETE FROM task_labels WHERE account_id = %d AND label_id = %s RETURNING task_id) UPDATE tasks SET position = "
        "position + 1 WHERE account_id = %d AND id IN (SELECT task_id FROM d)%s" % (a, minid("labels", a), a, ret("id, position")))
    add("TRUNCATE %s" % g.pick(["activity_events", "task_labels", "saved_filters"]), weight=0.2)
    add("SELECT * FROM tasks WHERE account_id = %d ORDER BY id" % a, weight=2)
    add("SELECT account_id, count(*), sum(comment_count) FROM tasks GROUP BY account_id")
    return out


def orm_prepared(g):
    if g.chance(0.5):
        sql = ("INSERT INTO labels (account_id, name, color_id) VALUES ($1, $2, 1) ON CONFLICT (account_id, name) DO UPDATE "
               "SET color_id = labels.color_id % 3 + 1 RETURNING name, color_id")
        return "bigint, text", sql, lambda: "(%d, %s)" % (orm_account(g), q(g.pick(["p1", "p2"]))), ["labels.id"]
    sql = "UPDATE tasks SET priority = priority %% 4 + 1 WHERE account_id = $1 AND id %% 7 = $2 RETURNING id, priority".replace("%%", "%")
    return "bigint, int", sql, lambda: "(%d, %d)" % (orm_account(g), g.int(0, 6)), []


# --------------------------------------------------------------------------------------------
# partitioned: tenants, events (RANGE by ts: 2024, 2025, default; check amount >= 0) and metrics
# (LIST by metric: cpu, disk/net, default) colocated by tenant_id; buckets (HASH by k, no key)
# distributed by tenant_id in its own group


def part_tenant(g):
    return g.pick([1, 2, 3, 4, 5, 7, 9, 11, 16, 19, 20])


def part_ts(g):
    return "timestamptz '%d-%02d-%02d %02d:00:00+00'" % (g.pick([2023, 2024, 2024, 2025, 2025, 2026]), g.int(1, 12),
                                                       g.int(1, 28), g.int(0, 23))


def part_stmts(g):
    t = part_tenant(g)
    t2 = part_tenant(g)
    bad = g.chance(0.15)
    out = []
    ret = lambda cols: g.pick(["", "", " RETURNING *", " RETURNING " + cols])
    tin = lambda: g.pick(["= %d" % t, "IN (%d, %d)" % (t, t2), "< %d" % g.int(2, 8), "IS NOT NULL"])

    def add(sql, seqs=(), weight=1, expect=None):
        out.append((weight, lambda: Stmt(sql, seqs, expect=expect)))

    add("INSERT INTO events VALUES %s%s%s"
        % (", ".join("(%d, %d, %s, %s, %s)" % (g.pick([t, t2]), g.pick([g.int(1, 60), 900000 + g.int(0, 20)]), part_ts(g),
                                             q(g.pick(["fz", "view", "buy"])), "-1" if bad and i == 0 else g.pick(["1.25", "NULL", "7"]))
                     for i in range(g.int(1, 4))),
           g.pick(["", " ON CONFLICT DO NOTHING", " ON CONFLICT (tenant_id, event_id, ts) DO UPDATE SET amount = "
                   "coalesce(events.amount, 0) + coalesce(EXCLUDED.amount, 0)",
                   " ON CONFLICT ON CONSTRAINT events_pkey DO UPDATE SET kind = EXCLUDED.kind WHERE events.kind IS DISTINCT FROM 'view'"]),
           ret("tenant_id, event_id, ts, amount")), weight=3)
    add("INSERT INTO events_2025 VALUES (%d, %d, %s, 'direct', 2)%s"
        % (t, 910000 + g.int(0, 9), "timestamptz '2024-03-03 00:00:00+00'" if bad else "timestamptz '2025-03-03 00:00:00+00'",
           ret("event_id, ts")))
    # rows moving between partitions (RANGE, LIST, HASH)
    add("UPDATE events SET ts = ts + interval '%d months' WHERE tenant_id %s AND event_id %% %d = 0%s"
        % (g.pick([6, 12, 30]), tin(), g.int(5, 40), ret("tenant_id, event_id, ts")))
    add("UPDATE metrics SET metric = %s WHERE tenant_id %s AND value %% %d = 0%s"
        % (q(g.pick(["cpu", "net", "mem", "zzz"])), tin(), g.int(3, 11), ret("tenant_id, metric, value")))
    add("UPDATE buckets SET k = k + %d WHERE tenant_id %s AND k %% 7 = %d%s" % (g.int(1, 3), tin(), g.int(0, 6), ret("tenant_id, k, note")))
    # UPDATE ... FROM a grouped subquery (colocated, and of another group)
    add("UPDATE events e SET amount = x.n FROM (SELECT tenant_id, count(*) AS n FROM %s WHERE tenant_id %s GROUP BY tenant_id) x "
        "WHERE x.tenant_id = e.tenant_id AND e.kind = %s%s"
        % (g.pick(["metrics", "events", "buckets"]), tin(), q(g.pick(["buy", "click"])), ret("e.tenant_id, e.event_id, e.amount")))
    add("UPDATE tenants t SET plan = x.top FROM (SELECT tenant_id, max(metric) AS top FROM metrics WHERE value > %d GROUP BY tenant_id) x "
        "WHERE x.tenant_id = t.tenant_id AND t.tenant_id %s%s" % (g.int(0, 45), tin(), ret("t.tenant_id, t.plan")))
    # DELETE with correlated EXISTS, colocated or not, with OR
    add("DELETE FROM events e WHERE e.tenant_id %s AND %sEXISTS (SELECT 1 FROM %s)%s%s"
        % (tin(), g.pick(["", "NOT "]),
           g.pick(["buckets b WHERE b.tenant_id = e.tenant_id AND b.k = e.event_id",
                   "metrics m WHERE m.tenant_id = e.tenant_id AND m.value = e.event_id % 50",
                   "buckets b WHERE b.k = e.event_id AND b.note IS NULL"]),
           g.pick(["", " OR e.amount IS NULL"]), ret("e.tenant_id, e.event_id")))
    add("DELETE FROM %s WHERE tenant_id %s AND %s%s"
        % (g.pick(["events_default", "events_2024", "events"]), tin(), g.pick(["kind IS NULL", "amount > 100", "event_id % 17 = 0"]),
           ret("tenant_id, event_id, ts")))
    add("DELETE FROM metrics_io WHERE tenant_id %s AND value IS NULL%s" % (tin(), ret("tenant_id, metric")))
    # INSERT ... SELECT: GROUP BY, DISTINCT, window functions, generate_series, across groups
    add("INSERT INTO metrics SELECT tenant_id, %s, count(*)::int FROM events WHERE tenant_id %s GROUP BY tenant_id%s%s"
        % (g.pick(["'cpu'", "'k'", "'disk'"]), tin(),
           g.pick(["", " HAVING count(*) > 100"]), ret("tenant_id, metric, value")))
    add("INSERT INTO metrics SELECT DISTINCT tenant_id, coalesce(kind, 'none'), %s FROM events WHERE tenant_id %s AND ts < %s%s"
        % (g.pick(["1", "event_id::int % 50"]), tin(), part_ts(g), ret("metric, value")))
    add("INSERT INTO buckets SELECT tenant_id, 5000 + row_number() OVER (PARTITION BY tenant_id ORDER BY event_id, ts), "
        "'w ' || rank() OVER (PARTITION BY tenant_id ORDER BY kind NULLS FIRST, event_id, ts) FROM events WHERE tenant_id %s AND event_id %% %d = 0%s"
        % (tin(), g.int(10, 60), ret("tenant_id, k, note")))
    add("INSERT INTO events SELECT %d, 920000 + i, timestamptz '2024-12-31 20:00:00+00' + i * interval '1 hour', 'gs', i %% 3 FROM "
        "generate_series(1, %d) i%s%s"
        % (g.pick([t, t2]), g.int(1, 8), g.pick(["", " ON CONFLICT DO NOTHING",
                                                 " ON CONFLICT ON CONSTRAINT events_pkey DO UPDATE SET amount = EXCLUDED.amount + 1"]),
           ret("event_id, ts, amount")))
    add("INSERT INTO events SELECT b.tenant_id, 930000 + b.k, timestamptz '2025-06-01 00:00:00+00', 'from buckets', NULL FROM buckets b "
        "WHERE b.tenant_id %s AND b.k %% %d = 0 ON CONFLICT DO NOTHING%s" % (tin(), g.int(5, 30), ret("tenant_id, event_id")))
    # RETURNING with subqueries
    add("UPDATE events SET amount = coalesce(amount, 0) + 1 WHERE tenant_id = %d AND event_id %% %d = 3 RETURNING event_id, amount, "
        "(SELECT name FROM tenants x WHERE x.tenant_id = events.tenant_id), (SELECT count(*) FROM metrics m WHERE m.tenant_id = events.tenant_id)"
        % (t, g.int(5, 20)))
    add("WITH m AS (DELETE FROM metrics WHERE tenant_id = %d AND metric = %s RETURNING tenant_id, value) INSERT INTO buckets SELECT tenant_id, "
        "7000 + coalesce(value, 0), 'moved' FROM m RETURNING k" % (t, q(g.pick(["cpu", "gpu", "disk"]))))
    add("TRUNCATE %s" % g.pick(["buckets", "metrics_other", "events_default"]), weight=0.15)
    add("SELECT event_id, ts, kind, amount FROM events WHERE tenant_id = %d ORDER BY event_id, ts" % t, weight=2)
    add("SELECT tableoid::regclass::text AS part, count(*), sum(amount) FROM events GROUP BY 1 ORDER BY 1")
    add("SELECT tenant_id, metric, count(*), sum(value) FROM metrics WHERE tenant_id %s GROUP BY 1, 2 ORDER BY 1, 2" % tin())
    return out


def part_prepared(g):
    if g.chance(0.5):
        sql = ("INSERT INTO events VALUES ($1, $2, timestamptz '2025-02-02 00:00:00+00', 'prep', 1) ON CONFLICT (tenant_id, event_id, ts) "
               "DO UPDATE SET amount = events.amount + 1 RETURNING event_id, amount")
        return "int, bigint", sql, lambda: "(%d, %d)" % (part_tenant(g), 940000 + g.int(0, 2)), []
    sql = "UPDATE metrics SET value = value + $2 WHERE tenant_id = $1 AND metric = 'cpu' RETURNING metric, value"
    return "int, int", sql, lambda: "(%d, %d)" % (part_tenant(g), g.int(-3, 3)), []


# --------------------------------------------------------------------------------------------
# analytics: sites/events/sessions/page_views/rollup_* colocated by site_id (site 1 holds most
# events); type_daily distributed by event_type (another group); countries, devices,
# event_types reference tables. Statements are pinned to a few sites or a time window, so the
# 20,000 events stay cheap to aggregate.


def an_site(g):
    return g.pick([1, 2, 3, 4, 5, 7, 9, 12, 20, 33, 40])


def an_window(g):
    """A time window of the events: (from, to) timestamptz literals."""
    day = g.int(8, 31)
    hours = g.pick([1, 6, 24, 72])
    start = "timestamptz '2024-03-%02d %02d:00+00'" % (min(day, 31), g.int(0, 23))
    return start, "%s + interval '%d hours'" % (start, hours)


def an_stmts(g):
    s_ = an_site(g)
    s2 = an_site(g)
    lo, hi = an_window(g)
    out = []
    ret = lambda cols: g.pick(["", "", " RETURNING *", " RETURNING " + cols])
    sites = lambda: g.pick(["= %d" % s_, "IN (%d, %d)" % (s_, s2), "BETWEEN %d AND %d" % (min(s_, s2), max(s_, s2))])

    def add(sql, seqs=(), weight=1, expect=None):
        out.append((weight, lambda: Stmt(sql, seqs, expect=expect)))

    # incremental rollups: INSERT ... SELECT GROUP BY ... ON CONFLICT DO UPDATE (colocated)
    add("INSERT INTO rollup_hour SELECT site_id, date_trunc('hour', occurred_at), coalesce(event_type, 'unknown'), count(*), "
        "count(DISTINCT user_id), coalesce(sum(amount), 0) FROM events WHERE site_id %s AND occurred_at >= %s AND occurred_at < %s "
        "GROUP BY 1, 2, 3 ON CONFLICT (site_id, hour, event_type) DO UPDATE SET n = rollup_hour.n + EXCLUDED.n, users = "
        "greatest(rollup_hour.users, EXCLUDED.users), amount_sum = rollup_hour.amount_sum + EXCLUDED.amount_sum%s"
        % (sites(), lo, hi, ret("site_id, hour, event_type, n")), weight=2)
    add("INSERT INTO rollup_day SELECT site_id, (occurred_at AT TIME ZONE 'UTC')::date, count(*), count(DISTINCT user_id), "
        "coalesce(sum(amount) FILTER (WHERE event_type = 'purchase'), 0), max(duration_ms) FROM events WHERE site_id %s AND "
        "occurred_at >= %s AND occurred_at < %s GROUP BY 1, 2 ON CONFLICT ON CONSTRAINT rollup_day_pkey DO UPDATE SET n = EXCLUDED.n, "
        "users = EXCLUDED.users%s" % (sites(), lo, hi, ret("site_id, day, n, users")))
    # into a table of another colocation group (by event_type): repartitioned INSERT ... SELECT
    add("INSERT INTO type_daily SELECT coalesce(event_type, 'unknown'), (occurred_at AT TIME ZONE 'UTC')::date, count(*), "
        "count(DISTINCT site_id) FROM events WHERE site_id %s AND occurred_at >= %s AND occurred_at < %s GROUP BY 1, 2%s%s"
        % (sites(), lo, hi, g.pick([" ON CONFLICT DO NOTHING", " ON CONFLICT (event_type, day) DO UPDATE SET n = type_daily.n + "
                                    "EXCLUDED.n, sites = greatest(type_daily.sites, EXCLUDED.sites)"]), ret("event_type, day, n")))
    add("INSERT INTO type_daily SELECT DISTINCT coalesce(event_type, 'unknown'), date '2025-01-01' + %d, 1, 0 FROM events WHERE "
        "site_id %s AND occurred_at < %s ON CONFLICT DO NOTHING%s" % (g.int(0, 5), sites(), hi, ret("event_type, day")))
    # window functions and generate_series as sources
    add("INSERT INTO sessions (site_id, session_id, user_id, started_at, ended_at, events, channel, country) SELECT site_id, "
        "700000 + row_number() OVER (PARTITION BY site_id ORDER BY session_id), user_id, started_at, ended_at, "
        "rank() OVER (PARTITION BY site_id ORDER BY events DESC, session_id)::int, channel, country FROM sessions WHERE site_id %s "
        "AND session_id %% %d = 0%s" % (sites(), g.int(5, 40), g.pick(["", " ON CONFLICT ON CONSTRAINT sessions_pkey DO NOTHING",
                                                                        " ON CONFLICT (site_id, session_id) DO UPDATE SET events = EXCLUDED.events"])))
    add("INSERT INTO events (site_id, event_id, occurred_at, event_type, user_id, amount) SELECT %d, 900000 + i, %s + i * interval "
        "'7 minutes', (ARRAY['view', 'click', 'purchase'])[1 + i %% 3], i %% 4, i * 1.5 FROM generate_series(1, %d) i%s%s"
        % (g.pick([s_, s2]), lo, g.int(1, 12), g.pick(["", " ON CONFLICT DO NOTHING",
                                                      " ON CONFLICT (site_id, event_id) DO UPDATE SET amount = events.amount + EXCLUDED.amount"]),
           ret("site_id, event_id, amount")), weight=2)
    # UPDATE ... FROM a grouped subquery; DELETE with correlated EXISTS (colocated and not)
    add("UPDATE sessions s SET events = x.n, ended_at = greatest(s.ended_at, x.last) FROM (SELECT site_id, session_id, count(*) AS n, "
        "max(occurred_at) AS last FROM events WHERE site_id %s GROUP BY site_id, session_id) x WHERE x.site_id = s.site_id AND "
        "x.session_id = s.session_id AND x.n %s s.events%s" % (sites(), g.pick(["<>", ">", "="]), ret("s.site_id, s.session_id, s.events")))
    add("DELETE FROM page_views p WHERE p.site_id %s AND %sEXISTS (SELECT 1 FROM sessions x WHERE x.site_id = p.site_id AND "
        "x.session_id = p.session_id AND x.events %s %d)%s" % (sites(), g.pick(["", "NOT "]), g.pick([">", "<"]), g.int(1, 6),
                                                              ret("site_id, view_id")))
    add("DELETE FROM type_daily t WHERE %sEXISTS (SELECT 1 FROM rollup_day r WHERE r.day = t.day AND r.site_id %s AND r.n > %d)%s%s"
        % (g.pick(["", "NOT "]), sites(), g.int(0, 30), g.pick(["", " OR t.n < 3"]), ret("event_type, day")))
    add("DELETE FROM events WHERE site_id %s AND occurred_at < %s AND event_type IS NOT DISTINCT FROM %s%s"
        % (sites(), lo, q(g.pick(["error", "refund"])), ret("site_id, event_id")))
    # RETURNING with subqueries
    add("UPDATE sites SET plan = %s WHERE site_id %s RETURNING site_id, plan, (SELECT count(*) FROM sessions x WHERE x.site_id = "
        "sites.site_id), (SELECT name FROM countries c WHERE c.code = sites.country)" % (q(g.pick(["pro", "free", "enterprise"])), sites()))
    add("UPDATE rollup_day SET max_duration = (SELECT max(duration_ms) FROM events e WHERE e.site_id = rollup_day.site_id) WHERE site_id "
        "%s AND day < date '2024-03-%02d'%s" % (sites(), g.int(9, 20), ret("site_id, day, max_duration")))
    add("TRUNCATE rollup_minute", weight=0.1)
    add("SELECT site_id, hour, event_type, n, users, amount_sum FROM rollup_hour WHERE site_id = %d ORDER BY hour, event_type" % s_,
        weight=2)
    add("SELECT event_type, count(*), sum(n), sum(sites) FROM type_daily GROUP BY 1 ORDER BY 1")
    add("SELECT site_id, count(*), sum(events) FROM sessions WHERE site_id %s GROUP BY 1 ORDER BY 1" % sites())
    return out


def an_prepared(g):
    if g.chance(0.5):
        sql = ("INSERT INTO rollup_day VALUES ($1, date '2024-06-01', 1, 1, 0, NULL) ON CONFLICT (site_id, day) DO UPDATE SET "
               "n = rollup_day.n + 1 RETURNING site_id, n")
        return "bigint", sql, lambda: "(%d)" % an_site(g), []
    sql = "UPDATE sessions SET events = events + $2 WHERE site_id = $1 AND session_id % 9 = 0 RETURNING session_id, events"
    return "bigint, int", sql, lambda: "(%d, %d)" % (an_site(g), g.int(-2, 2)), []


# --------------------------------------------------------------------------------------------
# single_shard: workspaces, members, docs, comments single-shard tables of one colocation group
# (foreign keys members -> workspaces, docs -> workspaces ON DELETE CASCADE, docs -> members,
# comments -> docs ON DELETE CASCADE, members -> roles); audit a single-shard table of its own
# group; views_log hash-distributed by doc_id; roles a reference table. Keys are unique across the
# group (no tenant column in the keys), so any column may be updated, the key included.


def ss_ws(g):
    return g.pick([1, 2, 3, 4, 5, 7, 9, 12, 13, 100, 101])


def ss_stmts(g):
    w = ss_ws(g)
    w2 = ss_ws(g)
    d = g.pick([g.int(1, 200), g.int(1, 60), 5000 + g.int(0, 30)])
    m = g.pick([g.int(1, 80), 600 + g.int(0, 20)])
    c = g.pick([g.int(1, 600), 7000 + g.int(0, 30)])
    out = []
    ret = lambda cols: g.pick(["", "", " RETURNING *", " RETURNING " + cols])
    win = lambda: g.pick(["= %d" % w, "IN (%d, %d)" % (w, w2), "< %d" % g.int(2, 8), "IS NOT NULL", "BETWEEN %d AND %d" % (min(w, w2), max(w, w2))])
    any_tab = lambda: g.pick(["members", "docs", "audit", "views_log", "comments"])

    def add(sql, weight=1):
        out.append((weight, lambda: Stmt(sql)))

    # INSERT with ON CONFLICT on every unique key, RETURNING
    add("INSERT INTO workspaces VALUES (%d, %s, %s)%s%s"
        % (w, q("w%d" % g.int(0, 9)), g.pick(["'pro'", "'free'", "NULL"]),
           g.pick(["", " ON CONFLICT DO NOTHING", " ON CONFLICT (ws_id) DO UPDATE SET name = EXCLUDED.name || workspaces.name",
                   " ON CONFLICT ON CONSTRAINT workspaces_pkey DO UPDATE SET plan = coalesce(EXCLUDED.plan, workspaces.plan) WHERE workspaces.plan IS DISTINCT FROM 'free'"]),
           ret("ws_id, name, plan")), weight=2)
    add("INSERT INTO members VALUES %s%s%s"
        % (", ".join("(%d, %d, %s, %s, %s)" % (m + i, 999 if g.chance(0.1) else g.pick([w, w2]) % 13 or 1,
                                             g.pick(["1", "2", "3", "NULL", "4"]), g.pick([q("m%d@example.com" % g.int(1, 90)), q("n%d@x" % g.int(0, 9)), "NULL"]),
                                             g.pick(["DATE '2025-01-01'", "NULL", "DATE '2024-02-%02d'" % g.int(1, 28)]))
                     for i in range(g.int(1, 3))),
           g.pick(["", " ON CONFLICT DO NOTHING", " ON CONFLICT (member_id) DO UPDATE SET email = EXCLUDED.email, ws_id = EXCLUDED.ws_id",
                   " ON CONFLICT (email) DO UPDATE SET role_id = EXCLUDED.role_id, joined = members.joined + 1",
                   " ON CONFLICT (email) DO NOTHING"]),
           ret("member_id, ws_id, role_id, email")), weight=3)
    add("INSERT INTO docs VALUES (%d, %d, %s, %s, %s, %s)%s%s"
        % (d, g.pick([w, w2]) % 13 or 1, g.pick(["NULL", str(m), str(g.int(1, 80))]), q("t%d" % g.int(0, 9)),
           g.pick(["NULL", str(g.int(0, 500))]), g.pick(["NULL", "'{}'", "ARRAY['a']", "ARRAY['b', 'c']"]),
           g.pick(["", " ON CONFLICT DO NOTHING", " ON CONFLICT (doc_id) DO UPDATE SET words = coalesce(docs.words, 0) + coalesce(EXCLUDED.words, 1), tags = docs.tags || EXCLUDED.tags",
                   " ON CONFLICT ON CONSTRAINT docs_pkey DO UPDATE SET title = EXCLUDED.title WHERE docs.words > %d" % g.int(0, 400)]),
           ret("doc_id, ws_id, words, tags")), weight=3)
    add("INSERT INTO comments VALUES (%d, %s, %s, %s, %s)%s%s"
        % (c, g.pick([str(d), str(g.int(1, 200)), "NULL", "99999"]), g.pick(["NULL", str(m)]), g.pick(["NULL", "'fz'", "''"]),
           g.pick(["NULL", "%d.25" % g.int(0, 20)]),
           g.pick(["", " ON CONFLICT DO NOTHING", " ON CONFLICT (comment_id) DO UPDATE SET score = comments.score + EXCLUDED.score"]),
           ret("comment_id, doc_id, score")), weight=2)
    add("INSERT INTO audit VALUES (%d, %d, %s, %d)%s%s"
        % (g.int(140, 170), w, g.pick(["'edit'", "'fz'", "NULL"]), g.int(0, 9),
           g.pick(["", " ON CONFLICT (audit_id) DO UPDATE SET n = audit.n + EXCLUDED.n"]), ret("audit_id, n")))
    add("INSERT INTO views_log VALUES (%d, %d, %d)%s" % (d, m, g.int(0, 300), ret("doc_id, viewer")))
    # UPDATE of every column (the key too), pinned and not, with subqueries and FROM
    add("UPDATE workspaces SET %s WHERE ws_id %s%s"
        % (g.pick(["name = name || '!'", "plan = NULL", "plan = CASE plan WHEN 'pro' THEN 'free' ELSE 'pro' END", "ws_id = ws_id + 100"]), win(),
           ret("ws_id, name, plan")))
    add("UPDATE members SET %s WHERE %s%s"
        % (g.pick(["member_id = member_id + 1000", "ws_id = %d" % (w % 13 or 1), "role_id = %s" % g.pick(["NULL", "1", "4"]),
                   "email = upper(email)", "joined = joined + %d" % g.int(1, 30), "email = 'm1@example.com'",
                   "(role_id, joined) = (SELECT max(role_id), min(joined) FROM members x WHERE x.ws_id = members.ws_id)"]),
           g.pick(["ws_id %s" % win(), "member_id = %d" % m, "member_id %% %d = 0" % g.int(3, 17)]), ret("member_id, ws_id, role_id, email, joined")), weight=2)
    add("UPDATE docs SET %s WHERE %s%s"
        % (g.pick(["doc_id = doc_id + 10000", "ws_id = %d" % (w2 % 13 or 1), "author_id = %s" % g.pick(["NULL", str(m)]), "title = title || 'x'",
                   "words = (SELECT count(*) FROM comments c WHERE c.doc_id = docs.doc_id)", "tags = array_append(tags, 'z')",
                   "words = words / (words - %d)" % g.int(0, 50)]),
           g.pick(["ws_id %s" % win(), "doc_id = %d" % d, "doc_id %% %d = 0" % g.int(3, 17), "author_id IN (SELECT member_id FROM members WHERE role_id = %d)" % g.int(1, 3)]),
           ret("doc_id, ws_id, author_id, words, tags")), weight=2)
    add("UPDATE comments c SET %s WHERE %s%s"
        % (g.pick(["comment_id = comment_id + 100000", "doc_id = %s" % g.pick(["NULL", str(d)]), "member_id = NULL", "body = reverse(body)",
                   "score = score * 2"]),
           g.pick(["c.doc_id = %d" % d, "c.comment_id %% %d = 0" % g.int(5, 40), "c.doc_id IN (SELECT doc_id FROM docs WHERE ws_id %s)" % win()]),
           ret("c.comment_id, c.doc_id, c.score")))
    add("UPDATE docs d SET words = x.n FROM (SELECT doc_id, count(*)::int AS n FROM %s GROUP BY doc_id) x WHERE x.doc_id = d.doc_id AND d.ws_id %s%s"
        % (g.pick(["comments", "views_log"]), win(), ret("d.doc_id, d.words")))
    add("UPDATE members m SET role_id = r.role_id FROM roles r WHERE r.name = %s AND m.ws_id %s%s"
        % (g.pick(["'viewer'", "'owner'"]), win(), ret("m.member_id, m.role_id")))
    add("UPDATE audit SET n = n + (SELECT count(*) FROM docs d WHERE d.ws_id = audit.ws_id), ws_id = ws_id %% 13 + 1 WHERE ws_id %s%s" % (win(), ret("audit_id, ws_id, n")))
    add("UPDATE views_log SET seconds = seconds + 1 WHERE doc_id IN (SELECT doc_id FROM docs WHERE ws_id %s)%s" % (win(), ret("doc_id, viewer, seconds")))
    # DELETE (cascading within the group), with USING and EXISTS
    add("DELETE FROM workspaces WHERE ws_id %s AND NOT EXISTS (SELECT 1 FROM members x WHERE x.ws_id = workspaces.ws_id)%s" % (win(), ret("ws_id")))
    add("DELETE FROM docs WHERE %s%s" % (g.pick(["ws_id %s" % win(), "doc_id = %d" % d, "words IS NULL", "doc_id IN (SELECT doc_id FROM views_log WHERE seconds > %d)" % g.int(250, 299)]), ret("doc_id, ws_id")))
    add("DELETE FROM comments c USING docs d WHERE d.doc_id = c.doc_id AND d.ws_id %s AND c.score > %d%s" % (win(), g.int(0, 12), ret("c.comment_id")))
    add("DELETE FROM members WHERE member_id = %d%s" % (m, ret("member_id, email")))
    add("DELETE FROM audit WHERE %s%s" % (g.pick(["ws_id %s" % win(), "n > 7", "action IS NULL"]), ret("audit_id, ws_id")))
    add("DELETE FROM views_log WHERE %s%s" % (g.pick(["doc_id = %d" % d, "seconds < %d" % g.int(1, 30), "viewer IS NULL"]), ret("doc_id, viewer")))
    # INSERT ... SELECT within the group, from other groups, from hash and reference tables
    add("INSERT INTO docs (doc_id, ws_id, title, words) SELECT doc_id + %d, ws_id, title || ' copy', words FROM docs WHERE ws_id %s%s%s"
        % (g.pick([1000, 20000]), win(), g.pick(["", " ON CONFLICT DO NOTHING", " ON CONFLICT (doc_id) DO UPDATE SET words = EXCLUDED.words + 1"]), ret("doc_id, title")))
    add("INSERT INTO audit SELECT %d + ws_id, ws_id, %s, count(*) FROM %s WHERE ws_id %s GROUP BY ws_id%s%s"
        % (g.pick([1000, 2000]), g.pick(["'cnt'", "NULL"]), g.pick(["docs", "members"]), win(),
           g.pick(["", " ON CONFLICT (audit_id) DO UPDATE SET n = audit.n + EXCLUDED.n"]), ret("audit_id, n")))
    add("INSERT INTO members SELECT 3000 + audit_id, ws_id, NULL, action || audit_id || '@a', NULL FROM audit WHERE ws_id %s ORDER BY audit_id LIMIT %d%s%s"
        % (win(), g.int(1, 5), g.pick(["", " ON CONFLICT DO NOTHING"]), ret("member_id, ws_id")))
    add("INSERT INTO comments SELECT 40000 + row_number() OVER (ORDER BY doc_id, viewer, seconds), doc_id, viewer, 'from views', seconds / 10.0 FROM views_log WHERE doc_id %% %d = 0%s%s"
        % (g.int(20, 60), g.pick(["", " ON CONFLICT DO NOTHING"]), ret("comment_id, doc_id")))
    add("INSERT INTO views_log SELECT doc_id, author_id, words FROM docs WHERE ws_id %s%s" % (win(), ret("doc_id, viewer, seconds")))
    add("INSERT INTO workspaces SELECT 50 + role_id, name, NULL FROM roles%s%s"
        % (g.pick(["", " ON CONFLICT DO NOTHING", " ON CONFLICT (ws_id) DO UPDATE SET name = EXCLUDED.name"]), ret("ws_id, name")))
    add("INSERT INTO roles SELECT 10 + ws_id, 'r' || ws_id FROM workspaces WHERE ws_id %s ON CONFLICT DO NOTHING%s" % (win(), ret("role_id, name")), weight=0.5)
    add("WITH moved AS (DELETE FROM audit WHERE ws_id = %d RETURNING audit_id, ws_id, n) INSERT INTO views_log SELECT audit_id, ws_id, n FROM moved RETURNING doc_id, viewer" % w)
    add("WITH u AS (UPDATE docs SET words = coalesce(words, 0) + 1 WHERE ws_id = %d RETURNING doc_id, words) SELECT count(*), sum(words) FROM u" % w)
    add("TRUNCATE %s" % g.pick(["audit", "views_log", "comments"]), weight=0.1)
    # reads of the written rows
    add("SELECT ws_id, count(*), sum(words), string_agg(title, ',' ORDER BY doc_id) FROM docs WHERE ws_id %s GROUP BY 1 ORDER BY 1" % win(), weight=2)
    add("SELECT m.member_id, m.ws_id, m.email, count(d.doc_id) FROM members m LEFT JOIN docs d ON d.author_id = m.member_id WHERE m.ws_id %s GROUP BY 1, 2, 3" % win())
    add("SELECT a.ws_id, a.n, (SELECT count(*) FROM views_log v JOIN docs d USING (doc_id) WHERE d.ws_id = a.ws_id) FROM audit a WHERE a.ws_id %s" % win())
    return out


def ss_prepared(g):
    x = g.int(0, 2)
    if x == 0:
        sql = ("INSERT INTO docs VALUES ($1, $2, NULL, 'prep', 1, NULL) ON CONFLICT (doc_id) DO UPDATE SET words = docs.words + 1 "
               "RETURNING doc_id, words")
        return "int, int", sql, lambda: "(%d, %d)" % (6000 + g.int(0, 3), ss_ws(g) % 13 or 1), []
    if x == 1:
        sql = "UPDATE members SET joined = coalesce(joined, DATE '2024-01-01') + $2 WHERE ws_id = $1 RETURNING member_id, joined"
        return "int, int", sql, lambda: "(%d, %d)" % (ss_ws(g), g.int(-3, 3)), []
    sql = "DELETE FROM comments WHERE doc_id = ANY($1) AND score > $2 RETURNING comment_id"
    return "int[], numeric", sql, lambda: "(ARRAY[%d, %d], %d)" % (g.int(1, 200), g.int(1, 200), g.int(0, 12)), []


# --------------------------------------------------------------------------------------------
# Sequences of statements: transactions, savepoints, prepared statements, reads


SUITES = {
    "saas": (saas_stmts, saas_prepared, saas_resync, saas_extra, saas_extra_prepared),
    "ledger": (ledger_stmts, ledger_prepared, ledger_resync),
    "shop": (shop_stmts, shop_prepared, saas_resync),
    "orm": (orm_stmts, orm_prepared, saas_resync),
    "partitioned": (part_stmts, part_prepared, saas_resync),
    "analytics": (an_stmts, an_prepared, saas_resync),
    "single_shard": (ss_stmts, ss_prepared, saas_resync),
}


def weighted(g, items):
    total = sum(w for w, _ in items)
    x = g.r.random() * total
    for w, f in items:
        x -= w
        if x <= 0:
            return f()
    return items[-1][1]()


def generate(suite, seed, count, new_shapes=False):
    g = Gen(seed)
    make, prepared, resync = SUITES[suite][:3]
    if new_shapes:
        # the shapes added last, drawn only on request so that the committed corpora generated
        # without them still regenerate identically
        extra, extra_prepared = SUITES[suite][3:]
        base_make, base_prepared = make, prepared

        def make(g):
            # the new shapes are drawn about as often as all the others together
            base, more = base_make(g), extra(g)
            scale = sum(w for w, _ in base) / sum(w for w, _ in more)
            return base + [(w * scale, f) for w, f in more]
        prepared = lambda g: extra_prepared(g) if g.chance(0.6) else base_prepared(g)
    lines = ["-- Generated by fuzz/generate_writes.py --suite %s --seed %d --statements %d%s; do not edit."
             % (suite, seed, count, " --new-shapes" if new_shapes else ""),
             "-- Every statement may fail in PostgreSQL too (`-- may-error`): both sides must agree.", ""]
    # Sequences a failing statement may have advanced differently on the two sides: re-synchronised
    # right after it, and again after ROLLBACK TO and at the end of the transaction block (the
    # setval fails on both sides while the block is aborted)
    dirty = set()
    in_tx = False
    savepoints = 0
    nprep = 0
    n = 0

    def emit(sql, expect=None):
        lines.append("-- may-error")
        if expect:
            lines.append("-- expect-error: " + expect)
        lines.append(sql + ";")
        lines.append("")

    def resync_all(seqs):
        for s in sorted(seqs):
            emit(resync(s))

    def used(seqs):
        resync_all(seqs)
        if in_tx:
            dirty.update(seqs)

    while n < count:
        x = g.r.random()
        if not in_tx and x < 0.12:
            emit(g.pick(["BEGIN", "BEGIN", "BEGIN ISOLATION LEVEL REPEATABLE READ"]))
            in_tx, savepoints = True, 0
        elif in_tx and x < 0.16:
            emit(g.pick(["COMMIT", "COMMIT", "ROLLBACK"]))
            in_tx = False
            resync_all(dirty)
            dirty.clear()
        elif in_tx and x < 0.24:
            emit("SAVEPOINT sp%d" % savepoints)
            savepoints += 1
        elif in_tx and savepoints and x < 0.34:
            k = g.int(0, savepoints - 1)
            emit(g.pick(["ROLLBACK TO SAVEPOINT sp%d", "ROLLBACK TO sp%d", "RELEASE SAVEPOINT sp%d"]) % k)
            savepoints = k + 1 if "RELEASE" not in lines[-2] else k
            resync_all(dirty)
        elif in_tx and x > 0.92 and x <= 0.95:
            # a statement under its own savepoint, then ROLLBACK TO (or RELEASE when it succeeded):
            # a failing write must leave the block usable and the earlier writes intact
            st = weighted(g, make(g))
            if st.expect or st.block:
                continue
            emit("SAVEPOINT sp%d" % savepoints)
            emit(st.sql)
            used(st.seqs)
            emit(g.pick(["ROLLBACK TO SAVEPOINT sp%d", "ROLLBACK TO SAVEPOINT sp%d", "RELEASE SAVEPOINT sp%d"]) % savepoints)
            if "RELEASE" not in lines[-2]:
                savepoints += 1
            resync_all(dirty)
        elif x > 0.95:
            types, sql, args, seqs = prepared(g)
            name = "fzp%d" % nprep
            nprep += 1
            emit("PREPARE %s(%s) AS %s" % (name, types, sql))
            for _ in range(g.int(7, 9)):
                emit("EXECUTE %s%s" % (name, args()))
                used(seqs)
                n += 1
            emit("DEALLOCATE %s" % name)
        else:
            st = weighted(g, make(g))
            if (st.expect or st.block) and in_tx:
                continue
            if st.block:
                for sql, expect in st.block:
                    emit(sql, expect)
                resync_all(st.seqs)
            elif st.expect:
                emit("BEGIN")
                emit(st.sql, st.expect)
                emit("ROLLBACK")
            else:
                emit(st.sql)
            if st.may_fail:
                used(st.seqs)
        n += 1
    if in_tx:
        emit("COMMIT")
        resync_all(dirty)
    return "\n".join(lines)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--suite", required=True, choices=sorted(SUITES))
    ap.add_argument("--seed", type=int, required=True)
    ap.add_argument("--statements", type=int, default=120)
    ap.add_argument("--new-shapes", action="store_true",
                    help="also draw the shapes added last (saas only; see the README)")
    a = ap.parse_args()
    if a.new_shapes and len(SUITES[a.suite]) < 5:
        ap.error("--new-shapes: no new shapes for suite %s" % a.suite)
    sys.stdout.write(generate(a.suite, a.seed, a.statements, a.new_shapes))


if __name__ == "__main__":
    main()
