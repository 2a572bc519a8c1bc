#!/usr/bin/env python3
"""Extended-protocol differential check for the ORM suite: the same parameterised statements,
sent as drivers send them (libpq PQexecParams: unnamed statements planned with their bound
values, and PQprepare/PQexecPrepared: named statements reaching generic plans), on the dist and
local schemas; the results must be equal. Standard library only: libpq through ctypes (psql 15
cannot send parameters). Run by `run.sh --suite orm script extended_protocol.py` (ctest
differential_orm_extended) after the schemas are set up.

    extended_protocol.py --port PORT [--db NAME] [--host HOST]
"""

import argparse
import ctypes
import ctypes.util
import sys

PGRES_COMMAND_OK, PGRES_TUPLES_OK = 1, 2


def load_libpq():
    name = ctypes.util.find_library("pq") or "libpq.so.5"
    pq = ctypes.CDLL(name)
    vp, cp, i = ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int
    for fn, res, args in [
        ("PQconnectdb", vp, [cp]), ("PQstatus", i, [vp]), ("PQerrorMessage", cp, [vp]),
        ("PQexec", vp, [vp, cp]), ("PQexecParams", vp, [vp, cp, i, vp, vp, vp, vp, i]),
        ("PQprepare", vp, [vp, cp, cp, i, vp]), ("PQexecPrepared", vp, [vp, cp, i, vp, vp, vp, i]),
        ("PQresultStatus", i, [vp]), ("PQresultErrorField", cp, [vp, i]), ("PQntuples", i, [vp]),
        ("PQnfields", i, [vp]), ("PQgetvalue", cp, [vp, i, i]), ("PQgetisnull", i, [vp, i, i]),
        ("PQcmdStatus", cp, [vp]), ("PQclear", None, [vp]), ("PQfinish", None, [vp]),
    ]:
        getattr(pq, fn).restype = res
        getattr(pq, fn).argtypes = args
    return pq


PQ = load_libpq()
PG_DIAG_MESSAGE_PRIMARY = ord("M")


def outcome(res):
    """(tag, sorted rows) or ('ERROR', primary message) of a PGresult, which is freed."""
    status = PQ.PQresultStatus(res)
    if status not in (PGRES_COMMAND_OK, PGRES_TUPLES_OK):
        msg = PQ.PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY)
        out = ("ERROR", (msg or b"").decode())
    else:
        rows = [tuple(None if PQ.PQgetisnull(res, r, c) else PQ.PQgetvalue(res, r, c).decode()
                      for c in range(PQ.PQnfields(res)))
                for r in range(PQ.PQntuples(res))]
        out = (PQ.PQcmdStatus(res).decode(), sorted(rows, key=repr))
    PQ.PQclear(res)
    return out


def values(params):
    arr = (ctypes.c_char_p * max(len(params), 1))(
        *[None if v is None else str(v).encode() for v in params])
    return len(params), arr


def run(conn, step):
    kind = step[0]
    if kind == "exec":
        return outcome(PQ.PQexec(conn, step[1].encode()))
    if kind == "params":  # unnamed statement, planned with the bound values
        n, arr = values(step[2])
        return outcome(PQ.PQexecParams(conn, step[1].encode(), n, None, arr, None, None, 0))
    if kind == "prepare":
        return outcome(PQ.PQprepare(conn, step[1].encode(), step[2].encode(), 0, None))
    n, arr = values(step[2])  # execp
    return outcome(PQ.PQexecPrepared(conn, step[1].encode(), n, arr, None, None, 0))


def steps():
    """The statements: (kind, sql or name, params). Each prepared one runs at least six times."""
    out = []
    t = '"tasks"'
    # Rails: find by tenant and id with a bound LIMIT
    q = 'SELECT %s."id", %s."title", %s."status" FROM %s WHERE %s."account_id" = $1 AND %s."id" = $2 LIMIT $3' % ((t,) * 6)
    for a, i in [(1, 1), (2, 10), (3, 7), (1, 301), (9, 14), (1, 601), (None, 1), (4, 9)]:
        out.append(("params", q, [a, i, 1]))
    out.append(("prepare", "find", q))
    for a, i in [(1, 1), (2, 10), (3, 7), (1, 301), (9, 14), (1, 601), (None, 1), (4, 9)]:
        out.append(("execp", "find", [a, i, 1]))
    # Django count with an enum and a timestamptz, untyped parameters
    q = 'SELECT COUNT(*) AS "__count" FROM "tasks" WHERE ("tasks"."account_id" = $1 AND "tasks"."status" = $2 AND "tasks"."created_at" < $3)'
    out.append(("prepare", "cnt", q))
    for a in [1, 2, 3, 31, 5, 6, 7, 1]:
        out.append(("params", q, [a, "todo", "2024-06-01 00:00:00+00"]))
        out.append(("execp", "cnt", [a, "done", "2024-06-01T00:00:00Z"]))
    # cross-tenant with array and jsonb parameters
    q = 'SELECT "tasks"."account_id", COUNT(*) FROM "tasks" WHERE "tasks"."priority" = $1 AND "tasks"."tags" @> $2 AND "tasks"."custom_fields" @> $3 GROUP BY 1'
    out.append(("prepare", "agg", q))
    for p in [1, 2, 3, 4, 1, 2, 3]:
        out.append(("execp", "agg", [p, "{bug}", '{"points": 3}']))
    # pages: LIMIT/OFFSET parameters (NULL = no limit), one tenant and across tenants
    q = 'SELECT "tasks"."id" FROM "tasks" WHERE "tasks"."account_id" = $1 ORDER BY "tasks"."id" LIMIT $2 OFFSET $3'
    out.append(("prepare", "page", q))
    for a, l, o in [(1, 3, 0), (1, None, 3), (2, 2, None), (3, 0, 0), (4, 2, 1), (5, 1, 1), (6, None, None), (7, 2, 0)]:
        out.append(("execp", "page", [a, l, o]))
    q = 'SELECT "tasks"."id", "tasks"."account_id" FROM "tasks" WHERE "tasks"."status" = $1 ORDER BY "tasks"."id" LIMIT $2 OFFSET $3'
    out.append(("prepare", "xpage", q))
    for s, l, o in [("review", 3, 0), ("done", None, 3990), ("todo", 2, None), ("todo", 0, 0), ("cancelled", 2, 100), ("review", 5, 5), ("done", 1, 1)]:
        out.append(("execp", "xpage", [s, l, o]))
    # tenant lists as IN and ANY with NULLs
    q = 'SELECT "tasks"."id" FROM "tasks" WHERE "tasks"."account_id" IN ($1, $2) AND "tasks"."id" < $3'
    out.append(("prepare", "in2", q))
    for a, b in [(1, None), (None, None), (2, 3), (1, 1), (4, None), (5, 6), (None, 7)]:
        out.append(("execp", "in2", [a, b, 500]))
    q = 'SELECT count(*) FROM "tasks" WHERE "tasks"."account_id" = ANY($1::bigint[])'
    for a in ["{1,2}", "{}", None, "{NULL}", "{3,NULL}", "{1,1,1}"]:
        out.append(("params", q, [a]))
    # writes in a transaction: upserts, F() updates, IN-list updates, deletes; then the rows
    out.append(("exec", "BEGIN"))
    q = 'INSERT INTO "labels" ("account_id", "name", "color_id") VALUES ($1, $2, $3) ON CONFLICT ("account_id", "name") DO UPDATE SET "color_id" = EXCLUDED."color_id" RETURNING "labels"."id", "labels"."name", (xmax = 0) AS "inserted"'
    out.append(("prepare", "upsert", q))
    for a, n, c in [(1, "bug", 3), (1, "x1", None), (2, "x1", 2), (2, "x1", 4), (3, "bug", None), (4, "y", 1), (5, "z", 1), (1, "x1", 8)]:
        out.append(("execp", "upsert", [a, n, c]))
    for a, n, c in [(6, "bug", 3), (6, "x1", None), (7, "x1", 2)]:
        out.append(("params", q, [a, n, c]))
    q = 'UPDATE "tasks" SET "comment_count" = COALESCE("comment_count", 0) + $3 WHERE "tasks"."account_id" = $1 AND "tasks"."id" = $2 RETURNING "tasks"."comment_count"'
    out.append(("prepare", "counter", q))
    for a, i in [(1, 1), (1, 1), (2, 10), (3, 7), (4, 9), (5, 11), (6, 8), (6, 999999)]:
        out.append(("execp", "counter", [a, i, 2]))
    q = 'UPDATE "tasks" SET "status" = $1, "updated_at" = $2 WHERE "tasks"."id" = ANY($3) RETURNING "tasks"."account_id", "tasks"."id", "tasks"."status"'
    out.append(("prepare", "bulk", q))
    for s, ids in [("done", "{1,2,3}"), ("review", "{10,11}"), ("todo", "{}"), ("cancelled", "{4000}"), ("done", "{5}"), ("done", "{6}"), ("todo", "{7,8,9}")]:
        out.append(("execp", "bulk", [s, "2025-01-01 00:00:00+00", ids]))
    # Django save() of a model whose primary key is id alone: every column, the tenant's too
    q = 'UPDATE "tasks" SET "account_id" = $1, "title" = $2 WHERE "tasks"."id" = $3'
    out.append(("prepare", "save", q))
    for a, i in [(1, 1), (1, 1), (2, 10), (3, 7), (4, 9), (5, 11), (6, 8), (1, 999999)]:
        out.append(("execp", "save", [a, "saved %d" % i, i]))
    q = 'INSERT INTO "comments" ("account_id", "task_id", "body", "created_at") SELECT p0::BIGINT, p1::BIGINT, p2::VARCHAR, $7 FROM (VALUES ($1, $2, $3, 0), ($4, $5, $6, 1)) AS imp_sen(p0, p1, p2, sen_counter) ORDER BY sen_counter RETURNING "comments"."id", "comments"."body"'
    out.append(("prepare", "imv", q))
    for k in range(7):
        out.append(("execp", "imv", [1, 1, "a%d" % k, 2, 10, "b%d" % k, "2025-08-02 00:00:00+00"]))
    q = 'DELETE FROM "comments" WHERE "comments"."account_id" = $1 AND "comments"."task_id" = $2 RETURNING "comments"."id"'
    out.append(("prepare", "del", q))
    for a, i in [(1, 1), (2, 10), (3, 7), (4, 9), (5, 11), (6, 8), (1, 1)]:
        out.append(("execp", "del", [a, i]))
    out.append(("exec", 'SELECT * FROM "labels"'))
    out.append(("exec", 'SELECT "account_id", "id", "status", "comment_count", "updated_at" FROM "tasks" WHERE "updated_at" = \'2025-01-01 00:00:00+00\' OR "comment_count" > 20'))
    out.append(("exec", 'SELECT "account_id", "task_id", "body" FROM "comments" WHERE "created_at" = \'2025-08-02 00:00:00+00\''))
    out.append(("exec", "ROLLBACK"))
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--db", default="regression")
    ap.add_argument("--user", default="postgres")
    args = ap.parse_args()
    todo = steps()
    results = {}
    for schema in ("local", "dist"):
        conninfo = "host=%s port=%d user=%s dbname=%s options='-c search_path=%s,public'" % (
            args.host, args.port, args.user, args.db, schema)
        conn = PQ.PQconnectdb(conninfo.encode())
        if PQ.PQstatus(conn) != 0:
            print("extended: cannot connect: %s" % PQ.PQerrorMessage(conn).decode().strip())
            return 1
        results[schema] = [run(conn, s) for s in todo]
        PQ.PQfinish(conn)
    failed = 0
    for step, want, got in zip(todo, results["local"], results["dist"]):
        # errors too must be equal: workers' errors name the coordinator's tables, not shards
        same = want == got
        if not same:
            failed += 1
            print("FAIL %s %s %r" % (step[0], step[1][:100], step[2] if len(step) > 2 else ""))
            print("  dist:  %s" % repr(got)[:800])
            print("  local: %s" % repr(want)[:800])
    errors = sum(1 for r in results["local"] if r[0] == "ERROR")
    rows = sum(len(r[1]) for r in results["local"] if r[0] != "ERROR")
    print("extended protocol: %d steps, %d failed (local: %d errors, %d rows)"
          % (len(todo), failed, errors, rows))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
