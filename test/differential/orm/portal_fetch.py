#!/usr/bin/env python3
"""Protocol portals fetched in parts, as JDBC (autocommit off, setFetchSize), Spring Batch,
Hibernate ScrollableResults, asyncpg and Npgsql cursors read big results: Parse, Bind portal P,
Execute(P, 100) -> PortalSuspended, other statements of the same transaction (writes of the rows
just read, other portals), Execute(P, 100) again, ... PostgreSQL's portal sees the data as of its
first Execute, so the transaction's later writes must not show in later fetches. libpq cannot
send Execute with a row limit: this is a small raw frontend/backend protocol client (standard
library only, trust authentication). Every scenario runs on tables of schema portal_dist
(distributed) and on identical local copies in portal_local; the transcripts must be equal.
Run by `run.sh --suite orm script portal_fetch.py` (ctest differential_orm_portals).

    portal_fetch.py --port PORT [--db NAME] [--host HOST] [--user USER]
"""

import argparse
import socket
import struct
import sys


class ProtocolError(Exception):
    pass


class Conn:
    """A frontend/backend protocol 3.0 connection (trust authentication only)."""

    def __init__(self, host, port, user, db, options):
        self.sock = socket.create_connection((host, port), timeout=60)
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.buf, self.out = b"", b""
        self.seen = {}  # portal -> rows read by fetch_unordered
        params = b"".join(k.encode() + b"\0" + v.encode() + b"\0" for k, v in
                          (("user", user), ("database", db), ("options", options)))
        body = struct.pack("!i", 196608) + params + b"\0"
        self.sock.sendall(struct.pack("!i", len(body) + 4) + body)
        while True:
            kind, payload = self.read()
            if kind == b"R" and struct.unpack("!i", payload[:4])[0] != 0:
                raise ProtocolError("only trust authentication is supported")
            if kind == b"E":
                raise ProtocolError(self.error_text(payload))
            if kind == b"Z":
                break

    # Messages are queued and sent together when a reply is awaited.
    def send(self, kind, payload=b""):
        self.out += kind + struct.pack("!i", len(payload) + 4) + payload

    def read(self):
        if self.out:
            self.sock.sendall(self.out)
            self.out = b""
        while True:
            if len(self.buf) >= 5:
                length = struct.unpack("!i", self.buf[1:5])[0]
                if len(self.buf) >= 1 + length:
                    kind, payload = self.buf[:1], self.buf[5:1 + length]
                    self.buf = self.buf[1 + length:]
                    return kind, payload
            chunk = self.sock.recv(65536)
            if not chunk:
                raise ProtocolError("server closed the connection")
            self.buf += chunk

    @staticmethod
    def error_text(payload):
        fields = {}
        for part in payload.split(b"\0"):
            if part:
                fields[part[:1]] = part[1:].decode()
        return fields.get(b"M", "?")

    @staticmethod
    def cstr(text):
        return text.encode() + b"\0"

    def collect(self, until):
        """Reads messages up to one of the kinds in `until` (inclusive); returns the outcome of
        the commands seen: a list of ('rows', [...], end) / ('error', message) / (tag,)."""
        out, rows = [], []
        while True:
            kind, payload = self.read()
            if kind == b"D":
                n = struct.unpack("!h", payload[:2])[0]
                pos, row = 2, []
                for _ in range(n):
                    size = struct.unpack("!i", payload[pos:pos + 4])[0]
                    pos += 4
                    if size < 0:
                        row.append(None)
                    else:
                        row.append(payload[pos:pos + size].decode())
                        pos += size
                rows.append(tuple(row))
            elif kind == b"s":
                out.append(("rows", rows, "suspended"))
                rows = []
            elif kind == b"C":
                tag = payload.rstrip(b"\0").decode()
                out.append(("rows", rows, tag) if rows or tag.startswith("SELECT") else (tag,))
                rows = []
            elif kind == b"E":
                out.append(("error", self.error_text(payload)))
            elif kind in (b"1", b"2", b"3", b"T", b"n", b"N", b"S", b"t", b"I", b"Z"):
                pass
            else:
                raise ProtocolError("unexpected message %r" % kind)
            if kind in until:
                return out

    # Simple query: the outcome of each statement in it.
    def query(self, sql):
        self.send(b"Q", self.cstr(sql))
        return self.collect((b"Z",))

    # Parse + Bind portal (no parameters, text results), then Sync.
    def open_portal(self, portal, sql):
        self.send(b"P", self.cstr("") + self.cstr(sql) + struct.pack("!h", 0))
        self.send(b"B", self.cstr(portal) + self.cstr("") + struct.pack("!hhh", 0, 0, 0))
        self.send(b"S")
        return self.collect((b"Z",))

    # Parse + Bind portal, no Sync (the implicit transaction goes on).
    def open_portal_nosync(self, portal, sql):
        self.send(b"P", self.cstr("") + self.cstr(sql) + struct.pack("!h", 0))
        self.send(b"B", self.cstr(portal) + self.cstr("") + struct.pack("!hhh", 0, 0, 0))
        return []

    # Execute(portal, max_rows) then Sync, as JDBC sends each fetch.
    def fetch(self, portal, max_rows):
        self.send(b"E", self.cstr(portal) + struct.pack("!i", max_rows))
        self.send(b"S")
        return self.collect((b"Z",))

    # Execute(portal, max_rows) then Flush (no Sync: the next message continues the batch).
    def fetch_flush(self, portal, max_rows):
        self.send(b"E", self.cstr(portal) + struct.pack("!i", max_rows))
        self.send(b"H")
        return self.collect((b"s", b"C", b"E"))

    # An extended-protocol statement run to completion (Parse, Bind, Execute(0), Sync).
    def execute(self, sql):
        self.send(b"P", self.cstr("") + self.cstr(sql) + struct.pack("!h", 0))
        self.send(b"B", self.cstr("") + self.cstr("") + struct.pack("!hhh", 0, 0, 0))
        self.send(b"E", self.cstr("") + struct.pack("!i", 0))
        self.send(b"S")
        return self.collect((b"Z",))

    # Execute(portal, max_rows) + Sync of a portal without ORDER BY: the rows are kept (their
    # order is the nodes'), the transcript gets their count; portal_rows returns them sorted.
    def fetch_unordered(self, portal, max_rows):
        out = self.fetch(portal, max_rows)
        for res in out:
            if res[0] == "rows":
                self.seen.setdefault(portal, []).extend(res[1])
        return [("rows", len(r[1]), r[2]) if r[0] == "rows" else r for r in out]

    def portal_rows(self, portal):
        return sorted(self.seen.pop(portal, []), key=repr)

    def close_portal(self, portal):
        self.send(b"C", b"P" + self.cstr(portal))
        self.send(b"S")
        return self.collect((b"Z",))

    def close(self):
        try:
            self.send(b"X")
            self.sock.sendall(self.out)
        finally:
            self.sock.close()


SETUP = """
DROP SCHEMA IF EXISTS portal_dist CASCADE;
DROP SCHEMA IF EXISTS portal_local CASCADE;
CREATE SCHEMA portal_dist;
CREATE SCHEMA portal_local;
"""

TABLES = """
CREATE TABLE {s}.items (tenant int NOT NULL, id int NOT NULL, v int, note text,
                        PRIMARY KEY (tenant, id));
CREATE TABLE {s}.events (tenant int NOT NULL, id int NOT NULL, item int, kind text,
                         PRIMARY KEY (tenant, id));
"""

DATA = """
INSERT INTO {s}.items SELECT i % 7, i, i * 10, 'n' || i FROM generate_series(1, 700) i;
INSERT INTO {s}.events SELECT i % 5, i, i % 700 + 1, 'k' || (i % 3) FROM generate_series(1, 450) i;
"""

DISTRIBUTE = """
SELECT create_distributed_table('portal_dist.items', 'tenant');
SELECT create_distributed_table('portal_dist.events', 'tenant', colocate_with => 'none');
"""


def scenarios():
    """(name, steps); a step is (method, args...) on Conn; SQL names tables unqualified."""
    out = []
    all_items = "SELECT tenant, id, v, note FROM items ORDER BY id"

    # Multi-shard portal, writes of the rows still to be read between the fetches.
    steps = [("query", "BEGIN"), ("open_portal", "p", all_items), ("fetch", "p", 100)]
    for k in range(1, 8):
        lo = 100 * k
        steps += [
            ("execute", "UPDATE items SET v = -v, note = 'upd' WHERE id > %d AND id <= %d" % (lo, lo + 50)),
            ("execute", "DELETE FROM items WHERE id > %d AND id <= %d AND id %% 3 = 0" % (lo + 50, lo + 100)),
            ("execute", "INSERT INTO items VALUES (%d, %d, 0, 'ins'), (1, %d, 0, 'ins')" % (k, 1000 + k, lo + 1000)),
            ("fetch", "p", 100),
        ]
    steps += [("fetch", "p", 100), ("query", "SELECT count(*), sum(v) FROM items"),
              ("query", "COMMIT"), ("query", "SELECT count(*), sum(v), min(note) FROM items")]
    out.append(("multi-shard portal, writes between fetches", steps))

    # Router portal (one tenant), UPDATE/INSERT/DELETE of that tenant and of others in between.
    steps = [("query", "BEGIN"),
             ("open_portal", "r", "SELECT id, v, note FROM items WHERE tenant = 3 ORDER BY id"),
             ("fetch", "r", 30)]
    for k in range(4):
        steps += [
            ("execute", "UPDATE items SET v = v + 1 WHERE tenant = 3"),
            ("execute", "INSERT INTO items VALUES (3, %d, 1, 'r')" % (2000 + k)),
            ("execute", "DELETE FROM items WHERE tenant = 3 AND id %% 4 = %d" % k),
            ("execute", "UPDATE items SET v = v + 1 WHERE tenant = 4"),
            ("fetch", "r", 30),
        ]
    steps += [("fetch", "r", 0), ("query", "ROLLBACK")]
    out.append(("router portal, writes between fetches", steps))

    # Two portals open at once over two tables, interleaved, with writes; Flush, not Sync.
    steps = [("query", "BEGIN"),
             ("open_portal", "a", "SELECT id, v FROM items WHERE id % 2 = 0 ORDER BY id"),
             ("open_portal", "b", "SELECT e.id, e.item, e.kind FROM events e ORDER BY e.id")]
    for k in range(5):
        steps += [("fetch_flush", "a", 80), ("fetch", "b", 100),
                  ("execute", "UPDATE events SET kind = 'x' WHERE id > %d" % (100 * k)),
                  ("execute", "UPDATE items SET v = 0 WHERE id > %d" % (80 * k)),
                  ("query", "SELECT count(*) FROM events WHERE kind = 'x'")]
    steps += [("fetch", "a", 0), ("fetch", "b", 0), ("query", "COMMIT"),
              ("query", "SELECT count(*), sum(v) FROM items"),
              ("query", "SELECT kind, count(*) FROM events GROUP BY kind ORDER BY kind")]
    out.append(("two portals interleaved", steps))

    # Portal over a join and an aggregate (grouped by a non-distribution column).
    steps = [("query", "BEGIN"),
             ("open_portal", "j", "SELECT i.id, i.v, count(e.id) FROM items i LEFT JOIN events e "
                                  "ON e.item = i.id GROUP BY i.id, i.v ORDER BY i.id"),
             ("fetch", "j", 50), ("execute", "DELETE FROM events WHERE id < 200"),
             ("execute", "UPDATE items SET v = 1"), ("fetch", "j", 50), ("fetch", "j", 0),
             ("query", "ROLLBACK")]
    out.append(("join portal, writes between fetches", steps))

    # A statement fails between fetches: the transaction is aborted, then ROLLBACK.
    steps = [("query", "BEGIN"), ("open_portal", "e", all_items), ("fetch", "e", 100),
             ("execute", "UPDATE items SET v = v + 1 WHERE id < 300"),
             ("execute", "INSERT INTO items VALUES (1, 1, 0, 'dup')"),
             ("fetch", "e", 100), ("query", "ROLLBACK"), ("fetch", "e", 100),
             ("query", "SELECT count(*), sum(v) FROM items")]
    out.append(("error between fetches, rollback", steps))

    # Close of a half-read portal, then more work and COMMIT.
    steps = [("query", "BEGIN"), ("open_portal", "c", all_items), ("fetch", "c", 100),
             ("close_portal", "c"), ("execute", "UPDATE items SET v = v + 5 WHERE id <= 10"),
             ("fetch", "c", 100), ("query", "ROLLBACK"), ("query", "BEGIN"),
             ("open_portal", "c", all_items), ("fetch", "c", 100), ("close_portal", "c"),
             ("execute", "UPDATE items SET v = v + 5 WHERE id <= 10"),
             ("open_portal", "c", "SELECT id, v FROM items WHERE id <= 12 ORDER BY id"),
             ("fetch", "c", 5), ("fetch", "c", 5), ("query", "COMMIT"),
             ("query", "SELECT count(*), sum(v) FROM items")]
    out.append(("close of a half-read portal", steps))

    # Outside a transaction block, Sync ends the implicit transaction and closes the portal.
    steps = [("open_portal_nosync", "s", all_items), ("fetch", "s", 100), ("fetch", "s", 100),
             ("execute", "UPDATE items SET v = v + 1 WHERE id <= 3"),
             ("query", "SELECT sum(v) FROM items")]
    out.append(("sync outside a transaction", steps))

    # The same without Sync between the Executes (one implicit transaction, Flush only).
    steps = [("open_portal_nosync", "u", all_items), ("fetch_flush", "u", 100),
             ("fetch_flush", "u", 100), ("fetch", "u", 0), ("query", "SELECT count(*) FROM items")]
    out.append(("implicit transaction, Flush between fetches", steps))
    # The transaction wrote before the portal opened (its connections to the nodes carry the
    # writes), then writes between fetches of portals without ORDER BY; READ COMMITTED and
    # REPEATABLE READ.
    for begin in ("BEGIN", "BEGIN ISOLATION LEVEL REPEATABLE READ"):
        steps = [("query", begin), ("execute", "UPDATE items SET v = v + 1"),
                 ("execute", "INSERT INTO events VALUES (9, 9000, 1, 'pre')"),
                 ("open_portal", "w", "SELECT tenant, id, v, note FROM items"),
                 ("open_portal", "x", "SELECT tenant, id, item, kind FROM events WHERE tenant = 9 OR id < 300"),
                 ("open_portal", "y", "SELECT tenant, id, v FROM items WHERE tenant = 5")]
        for k in range(8):
            steps += [("fetch_unordered", "w", 100), ("fetch_unordered", "x", 40),
                      ("fetch_unordered", "y", 15),
                      ("execute", "UPDATE items SET v = 0, note = 'w' WHERE id %% 8 = %d" % k),
                      ("execute", "DELETE FROM events WHERE id %% 8 = %d" % k),
                      ("execute", "INSERT INTO items VALUES (5, %d, 5, 'w')" % (3000 + k)),
                      ("query", "SELECT count(*), sum(v) FROM items")]
        steps += [("fetch_unordered", "w", 0), ("fetch_unordered", "x", 0),
                  ("fetch_unordered", "y", 0), ("portal_rows", "w"), ("portal_rows", "x"),
                  ("portal_rows", "y"), ("query", "COMMIT"),
                  ("query", "SELECT count(*), sum(v), count(DISTINCT note) FROM items"),
                  ("query", "SELECT count(*) FROM events")]
        out.append(("writes before and between fetches, no order (%s)" % begin, steps))

    # A statement fails between fetches of a portal reading through the transaction's
    # connections, the transaction goes on from a savepoint.
    steps = [("query", "BEGIN"), ("execute", "UPDATE items SET v = v + 1"),
             ("open_portal", "f", "SELECT tenant, id, v FROM items"), ("fetch_unordered", "f", 100),
             ("query", "SAVEPOINT s"), ("execute", "INSERT INTO items VALUES (1, 1, 0, 'dup')"),
             ("query", "ROLLBACK TO SAVEPOINT s"), ("fetch_unordered", "f", 100),
             ("execute", "UPDATE items SET v = 7 WHERE tenant = 2"), ("fetch_unordered", "f", 0),
             ("portal_rows", "f"), ("query", "COMMIT"), ("query", "SELECT count(*), sum(v) FROM items")]
    out.append(("error between fetches, rollback to savepoint", steps))

    # Statements PostgreSQL refuses while a portal over the table is open: the table is in use
    # by an active query of the session ("cannot TRUNCATE ... because it is being used by
    # active queries in this session").
    for ddl in ("TRUNCATE items", "ALTER TABLE items ADD COLUMN extra int",
                "CREATE INDEX ON items (v)", "DROP TABLE events"):
        for sql in ("SELECT tenant, id, v FROM items, events WHERE events.id = 1",
                    "SELECT tenant, id, v FROM items",
                    "SELECT tenant, id, v FROM items ORDER BY id"):
            steps = [("query", "SET statement_timeout = '5s'"), ("query", "BEGIN"),
                     ("open_portal", "t", sql.replace(", events WHERE events.id = 1", "")
                      if "events" in ddl else sql),
                     ("fetch_unordered", "t", 100), ("execute", ddl),
                     ("fetch_unordered", "t", 0), ("query", "ROLLBACK")]
            out.append(("%s while a portal is open (%s)" % (ddl, sql), steps))
    return out


def run_scenario(args, schema, steps):
    """Runs `steps` on a fresh connection with search_path = schema; returns the transcript."""
    conn = Conn(args.host, args.port, args.user, args.db, "-c search_path=%s,public" % schema)
    transcript = []
    try:
        for step in steps:
            result = getattr(conn, step[0])(*step[1:])
            transcript.append((step, result))
    except (ProtocolError, OSError) as exc:
        transcript.append(("connection", str(exc)))
    finally:
        conn.close()
    return transcript


def reset(admin):
    for schema in ("portal_local", "portal_dist"):
        admin.query("TRUNCATE %s.items, %s.events" % (schema, schema))
        for res in admin.query(DATA.format(s=schema)):
            if res[0] == "error":
                raise ProtocolError("reset of %s: %s" % (schema, res[1]))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--db", default="regression")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--user", default="postgres")
    args = parser.parse_args()

    admin = Conn(args.host, args.port, args.user, args.db, "")
    script = SETUP + TABLES.format(s="portal_local") + TABLES.format(s="portal_dist") + DISTRIBUTE
    # One statement at a time: DROP SCHEMA of distributed tables and create_distributed_table in
    # the same schema in one transaction fail on the workers (schema "..." does not exist).
    for statement in script.split(";"):
        for res in admin.query(statement) if statement.strip() else []:
            if res[0] == "error":
                print("setup failed: %s" % res[1])
                return 1
    failed = 0
    todo = scenarios()
    for name, steps in todo:
        reset(admin)
        want = run_scenario(args, "portal_local", steps)
        got = run_scenario(args, "portal_dist", steps)
        if want == got:
            continue
        failed += 1
        print("FAILED: %s" % name)
        for (step, w), (_, g) in zip(want, got):
            if w != g:
                print("  step %r" % (step,))
                print("    dist:  %s" % repr(g)[:600])
                print("    local: %s" % repr(w)[:600])
                break
        if len(want) != len(got):
            print("  transcripts of different lengths: dist %s" % repr(got[-1])[:300])
    admin.query("DROP SCHEMA portal_dist CASCADE; DROP SCHEMA portal_local CASCADE")
    admin.close()
    print("portal fetches: %d scenarios, %d failed" % (len(todo), failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
