#!/usr/bin/env python3
"""Differential tests: run the same SQL against distributed tables and identical local tables and
compare the results. Standard library only; talks to PostgreSQL through psql.

Usually started by run.sh (which starts a throw-away cluster); see README.md next to this file.

    differential.py --port P setup                      # (re)create schemas local, dist, ...
    differential.py --port P select [FILE...]           # corpus select/*.sql: dist vs local
    differential.py --port P writes [FILE...]           # corpus writes/*.sql: dist vs local
    differential.py --port P selftest                   # prove the comparison itself works

Corpus files hold one SQL statement per `;`. Comment lines directly before a statement carry
directives for it:

    -- ordered                 compare rows in order (the query's ORDER BY fixes the order fully)
    -- approx                  compare numeric fields with a relative tolerance (1e-9, or
                               `-- approx: 1e-6`); prefer round() in the query itself
    -- expect-error: TEXT      the distributed side may fail with an error containing TEXT
                               (case-insensitive)
                               (documented unsupported feature); it still passes if it answers
                               correctly, and the summary lists the stale marker
    -- error                   the statement fails in vanilla PostgreSQL too: both sides must
                               fail with the same message (without it, a failure on the local
                               side is a corpus mistake and fails the test)
    -- may-error               the statement may fail in vanilla PostgreSQL (generated writes):
                               both sides succeed with equal results, or both fail with the
                               same message

Every statement of a file runs in one psql session per side, in order, with search_path set to
the side's schema (then public) and the psql variable :s set to the schema name, so
`:s.companies` names the side's table explicitly.
"""

import argparse
import concurrent.futures
import os
import re
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
FS = "\x1f"  # field separator in psql output
RS = "\x1e"  # record separator
NULL = "\x02"  # how psql prints NULL (so that NULL and the text 'NULL' differ)
MARK = "@@TESSERA-DIFF@@"
MARK_END = "@@END@@"
MARK_RE = re.compile(
    re.escape(MARK) + r" (\d+) (true|false|:ERROR) (.*?) " + re.escape(MARK_END) + r"\n", re.S
)

# Tables of the schema, in creation order; setup copies these for the shuffled/mutant schemas.
SCHEMA_FILES = ["tables.sql", "data.sql"]
DISTRIBUTE_FILE = "distribute.sql"
VIEWS_FILE = "views.sql"
MUTATIONS_FILE = "mutations.sql"


def shown_path(path):
    rel = os.path.relpath(path, HERE)
    return path if rel.startswith("..") else rel


# --------------------------------------------------------------------------------------------
# Splitting a corpus file into statements


class Statement:
    def __init__(self, text, directives, path, line):
        self.text = text  # what is sent (leading comments included)
        self.directives = directives
        self.path = path
        self.line = line
        self.copy_data = None  # rows of a COPY ... FROM STDIN

    @property
    def body(self):
        """The statement without its leading comment lines."""
        lines = self.text.split("\n")
        while lines and (lines[0].strip() == "" or lines[0].lstrip().startswith("--")):
            lines.pop(0)
        return "\n".join(lines).strip()

    @property
    def is_query(self):
        word = re.match(r"[(\s]*(\w+)", self.body)
        return bool(word) and word.group(1).lower() in (
            "select", "with", "values", "table", "execute", "insert", "update", "delete", "merge",
            "copy",
        )

    @property
    def ordered(self):
        return "ordered" in self.directives

    @property
    def approx(self):
        v = self.directives.get("approx")
        if v is None:
            return None
        return float(v) if v else 1e-9

    @property
    def expect_error(self):
        return self.directives.get("expect-error")

    def where(self):
        if not self.line:
            return shown_path(self.path)
        return "%s:%d" % (shown_path(self.path), self.line)


DIRECTIVE_RE = re.compile(
    r"^\s*--\s*(ordered|approx|expect-error|may-error|error)\s*(?::\s*(.*?))?\s*$")


COPY_STDIN_RE = re.compile(r"^\s*copy\b.*\bfrom\s+stdin\b", re.I | re.S | re.M)


def split_sql(text, path="<string>", first_line=1):
    """Split SQL text at top-level semicolons (quotes, dollar quotes, comments respected)."""
    stmts = []
    i, n = 0, len(text)
    start = 0
    depth = 0
    while i < n:
        c = text[i]
        if c == "-" and text.startswith("--", i):
            j = text.find("\n", i)
            i = n if j < 0 else j + 1
            continue
        if c == "/" and text.startswith("/*", i):
            level, i = 1, i + 2
            while i < n and level:
                if text.startswith("/*", i):
                    level, i = level + 1, i + 2
                elif text.startswith("*/", i):
                    level, i = level - 1, i + 2
                else:
                    i += 1
            continue
        if c in ("'", '"'):
            # E'...' strings may escape quotes with a backslash
            backslash = c == "'" and i > 0 and text[i - 1] in "eE" and (
                i < 2 or not (text[i - 2].isalnum() or text[i - 2] == "_"))
            i += 1
            while i < n:
                if backslash and text[i] == "\\":
                    i += 2
                    continue
                if text[i] == c:
                    if i + 1 < n and text[i + 1] == c:
                        i += 2
                        continue
                    break
                i += 1
            i += 1
            continue
        if c == "$":
            m = re.match(r"\$([A-Za-z_][A-Za-z_0-9]*)?\$", text[i:])
            if m and not (i > 0 and (text[i - 1].isalnum() or text[i - 1] == "_")):
                tag = m.group(0)
                j = text.find(tag, i + len(tag))
                i = n if j < 0 else j + len(tag)
                continue
        if c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
        elif c == ";" and depth <= 0:
            chunk = text[start:i]
            data = None
            if COPY_STDIN_RE.search(chunk):
                # COPY ... FROM STDIN: the data follows up to a line "\."
                eol = text.find("\n", i)
                end = text.find("\n\\.\n", eol - 1) if eol >= 0 else -1
                if end < 0:
                    raise SystemExit("%s: COPY FROM STDIN without a terminating \\. line" % path)
                data = text[eol + 1:end + 1]
                stmts.append((start, chunk, data))
                start = i = end + 3
                continue
            stmts.append((start, chunk, data))
            start = i + 1
        i += 1
    if text[start:].strip():
        stmts.append((start, text[start:], None))

    out = []
    for offset, chunk, data in stmts:
        directives = {}
        lines = chunk.split("\n")
        first_code = None
        for k, line in enumerate(lines):
            s = line.strip()
            if s == "":
                continue
            if s.startswith("--"):
                m = DIRECTIVE_RE.match(line)
                if m:
                    directives[m.group(1)] = m.group(2) or ""
                continue
            first_code = k
            break
        if first_code is None:
            continue  # comments only
        line_no = text.count("\n", 0, offset) + first_line + first_code
        st = Statement(chunk.strip("\n"), directives, path, line_no)
        st.copy_data = data
        out.append(st)
    return out


INCLUDE_RE = re.compile(r"^--\s*include:\s*(\S+)\s*$")


def load_statements(path):
    """The statements of a corpus file; a line `-- include: FILE` (relative to the file) splices
    in FILE's statements."""
    lines = read(path).split("\n")
    out, seg, seg_start = [], [], 1
    for no, line in enumerate(lines, 1):
        m = INCLUDE_RE.match(line)
        if m:
            out += split_sql("\n".join(seg), path, seg_start)
            out += load_statements(os.path.join(os.path.dirname(path), m.group(1)))
            seg, seg_start = [], no + 1
        else:
            seg.append(line)
    out += split_sql("\n".join(seg), path, seg_start)
    return out


# --------------------------------------------------------------------------------------------
# Running statements through psql


class Result:
    """What one statement produced: an error, or a result (header, rows) and command tags."""

    def __init__(self, error=None, header=None, rows=None, tags=""):
        self.error = error
        self.header = header
        self.rows = rows
        self.tags = tags

    @staticmethod
    def show(row):
        return row.replace(FS, "|").replace(NULL, "NULL")

    def lines(self, limit=12, ordered=True):
        if self.error is not None:
            return ["ERROR: " + self.error]
        out = []
        if self.header is not None:
            out.append(self.show(self.header))
            for r in (self.rows if ordered else sorted(self.rows))[:limit]:
                out.append(self.show(r))
            n = len(self.rows)
            out.append(("... (%d rows)" if n > limit else "(%d row%s)") % ((n,) if n > limit else (n, "" if n == 1 else "s")))
        if self.tags:
            out.append(self.tags)
        return out or ["(no output)"]


def unquote_literal(s):
    s = s.strip()
    if s.startswith("E'") and s.endswith("'"):
        s = s[2:-1].replace("''", "'").replace("\\\\", "\\")
    elif s.startswith("'") and s.endswith("'"):
        s = s[1:-1].replace("''", "'")
    return s


def parse_chunk(chunk):
    chunk = chunk[:-1] if chunk.endswith("\n") else chunk
    if chunk == "":
        return Result(tags="")
    if RS not in chunk:
        return Result(tags=chunk)
    parts = chunk.split(RS)
    header = parts[0]
    tail = parts[-1].split("\n")
    footer, tags = tail[0], "\n".join(tail[1:])
    rows = parts[1:-1]
    m = re.match(r"\((\d+) rows?\)$", footer)
    if not m or int(m.group(1)) != len(rows):
        # Unexpected shape: keep everything so that it is compared and shown verbatim.
        return Result(header=header, rows=parts[1:], tags="(unparsed footer)")
    return Result(header=header, rows=rows, tags=tags)


class Psql:
    def __init__(self, host, port, db, user, psql="psql"):
        self.base = [psql, "-X", "-A", "-h", host, "-p", str(port), "-U", user, "-d", db,
                     "-v", "ON_ERROR_STOP=0"]

    def script(self, sql, check=True, timeout=600):
        """Run a psql script; stop at the first error when check (setup)."""
        args = self.base + ["-q", "-v", "ON_ERROR_STOP=1" if check else "ON_ERROR_STOP=0"]
        p = subprocess.run(args, input=sql, text=True, capture_output=True, timeout=timeout)
        if check and p.returncode != 0:
            raise RuntimeError("psql failed (rc %d):\n%s\n%s" % (p.returncode, p.stdout[-3000:],
                                                                  p.stderr[-3000:]))
        return p

    def run(self, statements, schema, timeout=600, prelude=""):
        """Run statements in one session with search_path = schema; one Result per statement."""
        script = [
            "\\set QUIET on",
            "\\pset null '\\002'",
            "\\pset fieldsep '\\037'",
            "\\pset recordsep '\\036'",
            "\\pset footer on",
            "\\set s %s" % schema,
            "SET search_path = %s, public;" % schema,
            "SET statement_timeout = '60s';",
            "SET client_min_messages = warning;",
            prelude,
            "\\set QUIET off",
        ]
        for idx, st in enumerate(statements):
            if st.copy_data is not None:
                # psql leaves LAST_ERROR_MESSAGE as it was when COPY FROM STDIN fails (it still
                # sets ERROR): the message is read from stderr, between two markers.
                script.append("\\warn '%s' %d" % (MARK, idx))
            script.append(st.text + "\n;")
            if st.copy_data is not None:
                script.append(st.copy_data + "\\.")
                script.append("\\warn '%s' %d" % (MARK_END, idx))
            script.append("\\echo '%s' %d :ERROR :'LAST_ERROR_MESSAGE' '%s'" % (MARK, idx, MARK_END))
        t0 = time.time()
        try:
            p = subprocess.run(self.base, input="\n".join(script) + "\n", text=True,
                               capture_output=True, timeout=timeout)
            out, err = p.stdout, p.stderr
        except subprocess.TimeoutExpired as e:
            out = e.stdout.decode() if isinstance(e.stdout, bytes) else (e.stdout or "")
            err = "psql timed out after %ds" % timeout
        elapsed = time.time() - t0
        results = [None] * len(statements)
        pos = 0
        for m in MARK_RE.finditer(out):
            idx = int(m.group(1))
            chunk = out[pos:m.start()]
            pos = m.end()
            if statements[idx].copy_data is not None and (m.group(2) == "true" or chunk == ""):
                # psql does not set LAST_ERROR_MESSAGE when COPY FROM STDIN fails (nor always
                # ERROR); a successful one prints its tag
                results[idx] = Result(error=copy_error(err, idx))
            elif m.group(2) == "true":
                results[idx] = Result(error=unquote_literal(m.group(3)))
            else:
                results[idx] = parse_chunk(chunk)
        for i, r in enumerate(results):
            if r is None:
                results[i] = Result(error="(no result: session ended early) " + err.strip()[-300:])
        return results, elapsed, err


def copy_error(stderr, idx):
    """The error message psql printed for COPY FROM STDIN statement idx: the first ERROR line
    on stderr between the markers written around it."""
    m = re.search(re.escape(MARK) + " %d\n(.*?)" % idx + re.escape(MARK_END) + " %d\n" % idx,
                  stderr, re.S)
    if m is not None:
        found = re.search(r"ERROR:  (.*)", m.group(1))
        if found is not None:
            return found.group(1)
    return "COPY failed (message not captured)"


# --------------------------------------------------------------------------------------------
# Comparing


def _num(s):
    try:
        return float(s)
    except ValueError:
        return None


def fields_close(a, b, tol):
    if a == b:
        return True
    fa, fb = a.split(FS), b.split(FS)
    if len(fa) != len(fb):
        return False
    for x, y in zip(fa, fb):
        if x == y:
            continue
        nx, ny = _num(x), _num(y)
        if nx is None or ny is None:
            return False
        if abs(nx - ny) > tol * max(1.0, abs(nx), abs(ny)):
            return False
    return True


def _approx_key(row):
    """Sort key that is stable under small float differences: numbers rounded to 6 digits."""
    out = []
    for f in row.split(FS):
        n = _num(f)
        out.append(("%.6g" % n) if n is not None else f)
    return out


# Shard suffixes in definitions read from the workers' catalogs (normalize_definition). Errors
# are compared as they are: the coordinator reports workers' errors with the coordinator's names
# (src/executor/worker_messages.cpp), so an error must read exactly as vanilla PostgreSQL's.
SHARD_NAME_RE = re.compile(r"(\w)_1\d{5,}\b")


def compare(st, got, want):
    """Compare the distributed (got) and local (want) results of one statement.

    Returns (status, message): status is 'pass', 'xfail' (expected error), 'stale' (expected an
    error but answered correctly) or 'fail'.
    """
    expected = st.expect_error is not None and st.expect_error.lower() in got.error.lower() \
        if got.error is not None else False
    if got.error is not None:
        if expected and want.error is None:
            return "xfail", "expected error: " + got.error
        if want.error is not None:
            if "error" not in st.directives and "may-error" not in st.directives:
                return "fail", "both sides failed (mark the statement `-- error` if intended)"
            if got.error == want.error:
                return "pass", ""
            if expected:
                return "xfail", "expected error: " + got.error
            return "fail", "both sides failed, with different errors"
        if st.expect_error is not None:
            return "fail", "error does not contain the expected text %r" % st.expect_error
        return "fail", "error on the distributed side only"
    if want.error is not None:
        return "fail", "error on the local side only"
    if "error" in st.directives:
        return "fail", "marked `-- error` but did not fail"
    if got.header != want.header:
        return "fail", "column names differ"
    if got.tags != want.tags:
        return "fail", "command tags differ"
    grows, wrows = got.rows or [], want.rows or []
    if len(grows) != len(wrows):
        return "fail", "row counts differ: %d vs %d" % (len(grows), len(wrows))
    tol = st.approx
    if not st.ordered:
        key = _approx_key if tol is not None else None
        grows, wrows = sorted(grows, key=key), sorted(wrows, key=key)
    if tol is None:
        same = grows == wrows
    else:
        same = all(fields_close(a, b, tol) for a, b in zip(grows, wrows))
    if not same:
        if st.ordered and sorted(got.rows) == sorted(want.rows):
            return "fail", "same rows, different order"
        return "fail", "rows differ"
    if st.expect_error is not None:
        return "stale", "answered correctly although marked expect-error: %s" % st.expect_error
    return "pass", ""


def row_diff(got, want, got_name, want_name, limit=6):
    """Lines describing rows only in one side (multiset difference)."""
    from collections import Counter
    g, w = Counter(got.rows or []), Counter(want.rows or [])
    only_g = list((g - w).elements())
    only_w = list((w - g).elements())
    out = []
    for label, rows in (("only in " + got_name, only_g), ("only in " + want_name, only_w)):
        if rows:
            out.append("  %s (%d):" % (label, len(rows)))
            for r in sorted(rows)[:limit]:
                out.append("    " + Result.show(r))
            if len(rows) > limit:
                out.append("    ...")
    return out


# --------------------------------------------------------------------------------------------
# Setup: schemas local, dist (distributed), shuffled (local rows in another physical order) and
# mutant (local rows with a few deliberate changes)


def read(path):
    with open(path, encoding="utf-8") as f:
        return f.read()


def schema_session(schema, body):
    return "\n".join([
        "SET client_min_messages = warning;",
        "DROP SCHEMA IF EXISTS %s CASCADE;" % schema,
        "CREATE SCHEMA %s;" % schema,
        "SET search_path = %s, public;" % schema,
        "\\set s %s" % schema,
        body,
    ])


def copy_rows_sql(psql, src, dst, order_by_hash):
    """SQL copying every table's rows from src to dst (same DDL, already created), in hashed
    order if asked. Columns of src's own types (enums) are cast through text to dst's."""
    p = psql.script(
        "\\pset tuples_only on\n\\pset fieldsep '\\037'\n"
        "SELECT quote_ident(c.relname), "
        "string_agg(quote_ident(a.attname), ', ' ORDER BY a.attnum), "
        "string_agg(CASE WHEN tn.nspname = '%s' THEN format('%%I::text::%s.%%I', a.attname, t.typname) "
        "ELSE quote_ident(a.attname) END, ', ' ORDER BY a.attnum) "
        "FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
        "JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped "
        "AND a.attgenerated = '' JOIN pg_type t ON t.oid = a.atttypid "
        "JOIN pg_namespace tn ON tn.oid = t.typnamespace "
        "WHERE n.nspname = '%s' AND c.relkind = 'r' GROUP BY c.oid, c.relname ORDER BY c.oid;"
        % (src, dst, src))
    sql = []
    for line in p.stdout.strip().split("\n"):
        if not line.strip():
            continue
        rel, cols, exprs = line.split(FS)
        order = " ORDER BY md5(t::text)" if order_by_hash else ""
        sql.append("INSERT INTO %s.%s (%s) OVERRIDING SYSTEM VALUE SELECT %s FROM %s.%s t%s;"
                   % (dst, rel, cols, exprs, src, rel, order))
    return "\n".join(sql)


# A rebuild's distributed setup keeps its connections to the workers between its statements:
# with the default (one cached connection per worker) every create_distributed_table opens and
# closes up to 16 connections per worker, some 120 backend starts per worker and rebuild, half of
# the workers' CPU time. The first setup of a run keeps the defaults.
REBUILD_SETTINGS = "SET tessera.max_cached_conns_per_worker = 16;\n"


def setup(psql, schemas, data_dir, log, rebuild=False):
    """(Re)create the schemas, one after the other. rebuild (between writes files): the schemas
    built from the schema files alone (local, local2, dist) in concurrent sessions instead, and
    the distributed one with REBUILD_SETTINGS; only once a first setup has created the objects
    outside the schemas (extensions, roles) that two sessions must not both try to create."""
    sdir = os.path.join(data_dir, "schema")
    base = "\n".join(read(os.path.join(sdir, f)) for f in SCHEMA_FILES)
    views = read(os.path.join(sdir, VIEWS_FILE))
    plain = os.path.join(sdir, "plain.sql")
    t0 = time.time()
    if os.path.exists(plain):  # local-only tables shared by both sides (schema plain)
        psql.script(schema_session("plain", read(plain)))

    def build(schema):
        t1 = time.time()
        if schema in ("local", "local2", "dist"):
            body = base
            settings = ""
            if schema == "dist":
                body += "\n" + read(os.path.join(sdir, DISTRIBUTE_FILE))
                settings = REBUILD_SETTINGS if rebuild else ""
            psql.script(settings + schema_session(schema, body + "\n" + views))
        elif schema in ("shuffled", "mutant"):
            # same DDL as local, rows copied from local (shuffled: in another physical order)
            body = read(os.path.join(sdir, SCHEMA_FILES[0])) + "\n" + copy_rows_sql(
                psql, "local", schema, schema == "shuffled")
            if schema == "mutant":
                body += "\n" + read(os.path.join(sdir, MUTATIONS_FILE))
            psql.script(schema_session(schema, body + "\n" + views))
        else:
            raise SystemExit("unknown schema %s" % schema)
        return time.time() - t1

    if rebuild and all(s in ("local", "local2", "dist") for s in schemas):
        with concurrent_pool() as pool:
            took = list(pool.map(build, schemas))
    else:
        took = [build(schema) for schema in schemas]
    for schema, t in zip(schemas, took):
        log("setup: schema %s ready (%.1fs)" % (schema, t))
    log("setup: done (%.1fs)" % (time.time() - t0))


def concurrent_pool():
    """Two threads, one per side: each waits on its own psql process."""
    return concurrent.futures.ThreadPoolExecutor(max_workers=2)


# --------------------------------------------------------------------------------------------
# Running a corpus


def corpus_files(data_dir, kind, names):
    if names:
        files = []
        for n in names:
            if os.path.exists(n):
                files.append(os.path.abspath(n))
            else:
                cand = os.path.join(data_dir, kind, n if n.endswith(".sql") else n + ".sql")
                if not os.path.exists(cand):
                    raise SystemExit("no corpus file %s" % n)
                files.append(cand)
        return files
    d = os.path.join(data_dir, kind)
    if not os.path.isdir(d):  # a suite may have no writes/ corpus
        return []
    return sorted(os.path.join(d, f) for f in os.listdir(d) if f.endswith(".sql"))


class Report:
    def __init__(self, out, verbose):
        self.out = out
        self.verbose = verbose
        self.counts = {"pass": 0, "fail": 0, "xfail": 0, "stale": 0}
        self.queries = 0
        self.failures = []
        self.notes = []

    def add(self, st, status, msg, got, want, got_name, want_name):
        self.counts[status] += 1
        if st.is_query:
            self.queries += 1
        if status == "fail":
            self.failures.append(st)
            w = self.out.write
            w("FAIL %s: %s\n" % (st.where(), msg))
            for line in st.body.split("\n")[:8]:
                w("    | %s\n" % line)
            w("  %s:\n" % got_name)
            for line in got.lines(ordered=st.ordered):
                w("    %s\n" % line)
            w("  %s:\n" % want_name)
            for line in want.lines(ordered=st.ordered):
                w("    %s\n" % line)
            if got.error is None and want.error is None and msg.startswith(("rows", "row count")):
                for line in row_diff(got, want, got_name, want_name):
                    w(line + "\n")
            w("\n")
        elif status == "stale":
            self.notes.append("NOTE %s: %s" % (st.where(), msg))
        elif status == "xfail" and self.verbose:
            self.notes.append("XFAIL %s: %s" % (st.where(), msg))

    @property
    def passed(self):
        return self.counts["pass"] + self.counts["xfail"] + self.counts["stale"]


def run_corpus(psql, files, test_schema, ref_schema, report, log, after_file=None,
               concurrent=False):
    """Run every file on both schemas and compare. With concurrent, a file's two sessions run
    at the same time (reads only: the select corpora; a writes file runs one side after the
    other, as sessions that take advisory locks or prepare transactions would see each other),
    unless both sides are the same schema (selftest: local vs local), whose row locks
    (FOR UPDATE NOWAIT, SKIP LOCKED) the two sessions would contend for.
    after_file(path, last) runs after each file (writes: table contents and definitions)."""
    files = [(path, load_statements(path)) for path in files]
    files = [(path, stmts) for path, stmts in files if stmts]
    concurrent = concurrent and test_schema != ref_schema
    for n, (path, stmts) in enumerate(files):
        if concurrent:
            with concurrent_pool() as pool:
                side_got = pool.submit(psql.run, stmts, test_schema)
                side_want = pool.submit(psql.run, stmts, ref_schema)
                got, t_got, err_got = side_got.result()
                want, t_want, err_want = side_want.result()
        else:
            got, t_got, err_got = psql.run(stmts, test_schema)
            want, t_want, err_want = psql.run(stmts, ref_schema)
        before = report.counts["fail"]
        for st, g, w in zip(stmts, got, want):
            status, msg = compare(st, g, w)
            report.add(st, status, msg, g, w, test_schema, ref_schema)
        extra = after_file(path, n == len(files) - 1) if after_file else 0
        log("%-40s %3d statements, %d failed  (%s %.1fs, %s %.1fs)" % (
            shown_path(path), len(stmts), report.counts["fail"] - before + extra,
            test_schema, t_got, ref_schema, t_want))


def table_snapshot_statements(psql, schema):
    """One 'SELECT * FROM t' statement per table of the schema (for writes: final contents)."""
    p = psql.script(
        "\\pset tuples_only on\n"
        "SELECT quote_ident(c.relname) FROM pg_class c JOIN pg_namespace n "
        "ON n.oid = c.relnamespace WHERE n.nspname = '%s' AND c.relkind IN ('r', 'p') "
        "ORDER BY c.relname;" % schema)
    names = [l.strip() for l in p.stdout.split("\n") if l.strip()]
    return [Statement("SELECT * FROM %s" % n, {}, "<table %s>" % n, 0) for n in names]


# The definition of one table, one line per column (in order: name, type, collation, NOT NULL,
# default or generation expression, identity), constraint, index (CLUSTER mark included),
# persistence when not permanent and storage option; {rel} is the
# table (a regclass literal). Runs on the coordinator and, through run_command_on_placements, on
# every shard placement (there % must be doubled: the command goes through format()).
DEFINITION_SQL = """SELECT coalesce(string_agg(l, E'\\n' ORDER BY l), '') FROM (
  SELECT 'col ' || lpad(row_number() OVER (ORDER BY a.attnum)::text, 3, '0') || ' ' || a.attname
         || ' ' || format_type(a.atttypid, a.atttypmod)
         || coalesce(' collate ' || co.collname, '')
         || CASE WHEN a.attnotnull THEN ' not null' ELSE '' END
         || CASE WHEN a.attgenerated <> '' THEN ' generated ' ELSE ' default ' END
         || coalesce(regexp_replace(pg_get_expr(d.adbin, d.adrelid), '\\s+', ' ', 'g'), '-')
         || CASE WHEN a.attgenerated = '' AND (
                      pg_get_expr(d.adbin, d.adrelid) ~ '\\m(nextval|currval|setval|lastval)\\('
                      OR EXISTS (SELECT FROM pg_depend dp
                                  WHERE dp.classid = 'pg_attrdef'::regclass AND dp.objid = d.oid
                                    AND dp.refclassid = 'pg_proc'::regclass
                                    AND dp.refobjid >= 16384))
                 THEN ' (coordinator only)' ELSE '' END
         || CASE WHEN a.attidentity <> '' THEN ' identity ' || a.attidentity::text ELSE '' END AS l
    FROM pg_attribute a
    LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
    LEFT JOIN pg_collation co ON co.oid = a.attcollation
   WHERE a.attrelid = {rel}::regclass AND a.attnum > 0 AND NOT a.attisdropped
  UNION ALL
  SELECT 'con ' || c.conname || ' ' || c.contype::text || ' '
         || regexp_replace(pg_get_constraintdef(c.oid), '\\s+', ' ', 'g')
         || CASE WHEN c.convalidated THEN '' ELSE ' (not validated)' END
    FROM pg_constraint c WHERE c.conrelid = {rel}::regclass
  UNION ALL
  SELECT 'idx ' || regexp_replace(pg_get_indexdef(i.indexrelid), '\\s+', ' ', 'g')
         || CASE WHEN i.indisvalid THEN '' ELSE ' (invalid)' END
         || CASE WHEN i.indisclustered THEN ' (clustered)' ELSE '' END
    FROM pg_index i WHERE i.indrelid = {rel}::regclass
  UNION ALL
  SELECT 'persistence ' || c.relpersistence::text
    FROM pg_class c WHERE c.oid = {rel}::regclass AND c.relpersistence <> 'p'
  UNION ALL
  SELECT 'opt ' || array_to_string(c.reloptions, ',')
    FROM pg_class c WHERE c.oid = {rel}::regclass AND c.reloptions IS NOT NULL) s"""

SCHEMA_PREFIX_RE = re.compile(r"\b(?:dist|local2|local|shuffled|mutant)\.")


def normalize_definition(text, own_schema=True):
    """A definition without shard suffixes and schema names (so that a shard's definition reads
    like its table's, and the distributed schema's like the local one's)."""
    text = SHARD_NAME_RE.sub(r"\1", text)
    # sorted again: the shard suffixes removed may have changed the order
    return "\n".join(sorted(SCHEMA_PREFIX_RE.sub("", text).split("\n")))


IDENTITY_RE = re.compile(r" identity [ad]$")


def without_coordinator_default(line):
    """A column line with a "(coordinator only)" default shown as no default."""
    if not line.endswith(" (coordinator only)"):
        return line
    return line[:line.rfind(" default ")] + " default -"


def coordinator_only_defaults(lines):
    """The coordinator's definition as its shards must have it: the coordinator evaluates
    identity columns and defaults that call sequence functions or functions that are not built
    in (DEFINITION_SQL marks them "(coordinator only)") and sends the values, so the shards carry
    neither (sequences and user functions may exist on the coordinator only)."""
    return [without_coordinator_default(IDENTITY_RE.sub("", l))
            if l.startswith("col ") else l for l in lines]


def definition_queries(schema, tables):
    """One statement per table (names quoted as identifiers) giving the definition of
    schema.table on the coordinator; all of them run in one session (definition_lines)."""
    return [Statement(DEFINITION_SQL.format(rel="'%s.%s'" % (schema, t.replace("'", "''"))), {},
                      "<definition %s.%s>" % (schema, t), 0) for t in tables]


def definition_lines(result):
    """The normalized lines of one definition_queries result (or its error)."""
    if result.error is not None:
        return ["ERROR: " + result.error.strip()[-300:]]
    rows = result.rows or [""]
    return normalize_definition(rows[0]).split("\n")


def check_definitions(psql, test_schema, ref_schema, path, report, snapshot=None):
    """After a writes file: every table of the test schema must be defined like the same table
    of the reference schema, and every shard placement of a distributed table like its table on
    the coordinator (columns, types, NOT NULL, defaults, constraints, indexes, storage options).
    A schema migration that reached the coordinator's table but not (all) the shards, or the
    other way round, leaves data and later statements diverging. Returns the number of
    failures (each reported). snapshot: table_snapshot_statements of ref_schema, if at hand."""
    if snapshot is None:
        snapshot = table_snapshot_statements(psql, ref_schema)
    names = [s.text.split()[-1] for s in snapshot]
    dist = psql.script(
        "\\pset tuples_only on\n"
        "SELECT c.relname FROM pg_dist_partition p JOIN pg_class c ON c.oid = p.logicalrelid "
        "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = '%s' ORDER BY 1;"
        % test_schema, check=False)
    dist_tables = set(l.strip() for l in dist.stdout.split("\n") if l.strip()) \
        if dist.returncode == 0 else set()
    failed = 0

    def add(what, got_name, got, want_name, want):
        nonlocal failed
        st = Statement("-- definition of %s" % what, {}, path + " (definition of %s)" % what, 0)
        g = Result(header="definition", rows=got, tags="")
        w = Result(header="definition", rows=want, tags="")
        if got == want:
            report.add(st, "pass", "", g, w, got_name, want_name)
            return
        failed += 1
        report.add(st, "fail", "rows differ: definitions differ", g, w, got_name, want_name)

    # All definitions in one session per schema (search_path public, as a plain session's),
    # the shard placements' in a third.
    want_defs, _, _ = psql.run(definition_queries(ref_schema, names), "public")
    got_defs, _, _ = psql.run(definition_queries(test_schema, names), "public")
    cmd = DEFINITION_SQL.replace("%", "%%").format(rel="'%1$s'")
    placement_queries = [Statement(
        "SELECT nodeport || ' ' || shardid || chr(31) || success || chr(31) || result "
        "FROM run_command_on_placements('%s.%s', %s) ORDER BY shardid, nodeport"
        % (test_schema, name.replace("'", "''"), "$def$" + cmd + "$def$"), {},
        "<placements %s.%s>" % (test_schema, name), 0)
        for name in names if name.strip('"') in dist_tables]
    placements = iter(psql.run(placement_queries, "public")[0] if placement_queries else [])
    for name, want_def, got_def in zip(names, want_defs, got_defs):
        table = name.strip('"')
        want = definition_lines(want_def)
        got = definition_lines(got_def)
        add("%s.%s" % (test_schema, table), test_schema, got, ref_schema, want)
        if table not in dist_tables:
            continue
        res = next(placements)
        if res.error is not None:
            add("%s.%s, shard placements" % (test_schema, table), "shard",
                ["ERROR: " + res.error], "coordinator", coordinator_only_defaults(got))
            continue
        for rec in res.rows or []:
            if not rec.strip() or rec == NULL:
                continue
            where, ok, result = rec.split(FS, 2)
            shard_lines = normalize_definition(result).split("\n") if ok == "true" \
                else ["ERROR: " + result]
            add("%s.%s, shard placement %s" % (test_schema, table, where.strip()),
                "shard", shard_lines, "coordinator", coordinator_only_defaults(got))
    return failed


def writes_after_file(psql, test_schema, ref_schema, report, log, data_dir=HERE):
    """Hook run after each writes file: compare every table of the two schemas, then rebuild
    both schemas so that the next file starts from the initial rows."""
    def after(path, last=False):
        snap_got = table_snapshot_statements(psql, test_schema)
        snap_want = table_snapshot_statements(psql, ref_schema)
        if [s.text for s in snap_got] != [s.text for s in snap_want]:
            log("writes: the schemas hold different tables after %s" % path)
        got, _, _ = psql.run(snap_want, test_schema)
        want, _, _ = psql.run(snap_want, ref_schema)
        failed = 0
        for st, g, w in zip(snap_want, got, want):
            st.path = path + " (final table contents " + st.text.split()[-1] + ")"
            status, msg = compare(st, g, w)
            report.add(st, status, msg, g, w, test_schema, ref_schema)
            failed += status == "fail"
        failed += check_definitions(psql, test_schema, ref_schema, path, report, snap_want)
        if not last:  # after the last file nothing reads the schemas again
            setup(psql, sorted({test_schema, ref_schema}), data_dir, lambda m: None,
                  rebuild=True)
        return failed
    return after


# --------------------------------------------------------------------------------------------
# Self-test: does the comparison catch what it must?


def selftest_comparator(psql, log):
    """Feed real psql outputs of crafted statements to compare() and check every verdict."""
    S = lambda text, **d: Statement(text, {k.replace("_", "-"): v for k, v in d.items()}, "<self>", 0)
    cases = [
        # (statement with directives, sql for got side, sql for want side, expected status)
        (S("q", ordered=""), "SELECT * FROM (VALUES (1),(2)) v(a) ORDER BY a",
         "SELECT * FROM (VALUES (1),(2)) v(a) ORDER BY a", "pass"),
        (S("q", ordered=""), "SELECT * FROM (VALUES (1),(2)) v(a) ORDER BY a DESC",
         "SELECT * FROM (VALUES (1),(2)) v(a) ORDER BY a", "fail"),
        (S("q"), "SELECT * FROM (VALUES (1),(2)) v(a) ORDER BY a DESC",
         "SELECT * FROM (VALUES (1),(2)) v(a) ORDER BY a", "pass"),
        (S("q"), "SELECT * FROM (VALUES (1),(1),(2)) v(a)",
         "SELECT * FROM (VALUES (1),(2),(2)) v(a)", "fail"),
        (S("q"), "SELECT 1 AS a", "SELECT 1 AS b", "fail"),
        (S("q"), "SELECT 1 WHERE false", "SELECT 1", "fail"),
        (S("q"), "SELECT NULL::int", "SELECT ''::text", "fail"),
        (S("q"), "SELECT NULL::text", "SELECT 'NULL'::text", "fail"),
        (S("q"), "SELECT 1/0", "SELECT 1", "fail"),
        (S("q"), "SELECT 1", "SELECT 1/0", "fail"),
        (S("q"), "SELECT 1/0", "SELECT 1/0", "fail"),
        (S("q", error=""), "SELECT 1/0", "SELECT 1/0", "pass"),
        (S("q", error=""), "SELECT 1/0", "SELECT 'x'::int", "fail"),
        (S("q", error=""), "SELECT 1", "SELECT 1", "fail"),
        (S("q", error=""), "DO $$BEGIN RAISE 'relation \"ads_102042\" x'; END$$",
         "DO $$BEGIN RAISE 'relation \"ads\" x'; END$$", "fail"),
        (S("q", may_error=""), "SELECT 1/0", "SELECT 1/0", "pass"),
        (S("q", may_error=""), "SELECT 1/0", "SELECT 'x'::int", "fail"),
        (S("q", may_error=""), "SELECT 1", "SELECT 1", "pass"),
        (S("q", may_error=""), "SELECT 1/0", "SELECT 1", "fail"),
        (S("q", may_error=""), "SELECT 1", "SELECT 1/0", "fail"),
        (S("q", expect_error="division"), "SELECT 1/0", "SELECT 1", "xfail"),
        (S("q", expect_error="zzz"), "SELECT 1/0", "SELECT 1", "fail"),
        (S("q", expect_error="division"), "SELECT 1", "SELECT 1", "stale"),
        (S("q", approx=""), "SELECT 0.1::float8 + 0.2 AS f", "SELECT 0.3::float8 AS f", "pass"),
        (S("q"), "SELECT 0.1::float8 + 0.2 AS f", "SELECT 0.3::float8 AS f", "fail"),
        (S("q", approx=""), "SELECT 0.31::float8 AS f", "SELECT 0.3::float8 AS f", "fail"),
        (S("q", approx=""), "SELECT * FROM (VALUES (1, 0.1::float8 + 0.2), (2, 1)) v(a, f)",
         "SELECT * FROM (VALUES (2, 1), (1, 0.3::float8)) v(a, f)", "pass"),
        (S("q"), "SELECT E'a\\nb' AS t", "SELECT E'a\\nb' AS t", "pass"),
        (S("q"), "SELECT E'a\\nb' AS t", "SELECT E'a\\nc' AS t", "fail"),
        (S("q"), "SELECT 'it''s' AS t, 2 AS u", "SELECT 'it''s' AS t, 2 AS u", "pass"),
        (S("q"), "SELECT 'x|y' AS t", "SELECT 'x' AS t, 'y' AS u", "fail"),
        (S("q"), "CREATE TEMP TABLE st_a(a int)", "CREATE TEMP TABLE st_b(a int)", "pass"),
        (S("q"), "INSERT INTO st_a VALUES (1),(2)", "INSERT INTO st_b VALUES (1)", "fail"),
    ]
    got_stmts = [Statement(c[1], {}, "<self>", 0) for c in cases]
    want_stmts = [Statement(c[2], {}, "<self>", 0) for c in cases]
    got, _, _ = psql.run(got_stmts, "public")
    want, _, _ = psql.run(want_stmts, "public")
    bad = 0
    for (st, gsql, wsql, expected), g, w in zip(cases, got, want):
        status, msg = compare(st, g, w)
        if status != expected:
            bad += 1
            log("selftest: compare(%r, %r, %s) gave %s (%s), expected %s"
                % (gsql, wsql, st.directives, status, msg, expected))
    # splitter
    sp = split_sql("-- ordered\nSELECT ';' AS a, $x$;$x$ /* ; */;\n-- c\n"
                   "-- expect-error: no\nSELECT (1);\n-- trailing comment\n")
    if len(sp) != 2 or not sp[0].ordered or sp[1].expect_error != "no" or sp[1].line != 5:
        bad += 1
        log("selftest: split_sql wrong: %r" % [(s.text, s.directives, s.line) for s in sp])
    sp = split_sql("COPY t FROM STDIN;\n1\tx;y\n\\.\nSELECT 2;\n")
    if len(sp) != 2 or sp[0].copy_data != "1\tx;y\n" or sp[1].body != "SELECT 2":
        bad += 1
        log("selftest: split_sql COPY wrong: %r" % [(s.text, s.copy_data) for s in sp])
    log("selftest: comparator and splitter: %s" % ("ok (%d cases)" % len(cases) if not bad
                                                     else "%d WRONG" % bad))
    return bad


# --------------------------------------------------------------------------------------------


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("command", choices=["setup", "select", "writes", "selftest"])
    ap.add_argument("files", nargs="*", help="corpus files (names in select/ or writes/, or paths)")
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--db", default="regression")
    ap.add_argument("--user", default="postgres")
    ap.add_argument("--psql", default="psql")
    ap.add_argument("--test-schema", default="dist",
                    help="schema under test: dist, or local2 (a second local copy: local vs local)")
    ap.add_argument("--ref-schema", default="local")
    ap.add_argument("--schemas", default="local,dist",
                    help="setup: schemas to (re)create (local,local2,dist,shuffled,mutant)")
    ap.add_argument("--setup", action="store_true", help="select/writes: run setup first")
    ap.add_argument("--output", help="also write the report to this file")
    ap.add_argument("--suite", default=HERE,
                    help="directory holding schema/, select/ and writes/ (default: next to this "
                         "file; e.g. saas/ for the multi-tenant SaaS suite)")
    ap.add_argument("-v", "--verbose", action="store_true")
    args = ap.parse_intermixed_args()
    suite = os.path.abspath(args.suite if os.path.isabs(args.suite) or os.path.exists(args.suite)
                            else os.path.join(HERE, args.suite))

    class Tee:
        def __init__(self, files):
            self.files = files

        def write(self, s):
            for f in self.files:
                f.write(s)
                f.flush()

    outfile = open(args.output, "w") if args.output else None
    out = Tee([sys.stdout] + ([outfile] if outfile else []))
    log = lambda msg: out.write("[differential] %s\n" % msg)
    psql = Psql(args.host, args.port, args.db, args.user, args.psql)

    if args.command == "setup":
        setup(psql, args.schemas.split(","), suite, log)
        return 0

    if args.command == "selftest":
        bad = selftest_comparator(psql, log)
        setup(psql, ["local", "shuffled", "mutant"], suite, log)
        files = corpus_files(suite, "select", args.files)
        total_bad = bad
        for test_schema, expect_fail in (("local", False), ("shuffled", False), ("mutant", True)):
            rep = Report(out if not expect_fail else open(os.devnull, "w"), args.verbose)
            log("selftest: select corpus, %s vs local" % test_schema)
            run_corpus(psql, files, test_schema, "local", rep,
                       log if not expect_fail else (lambda m: None), concurrent=True)
            fails = rep.counts["fail"]
            log("selftest: %s vs local: %d passed, %d failed (%d queries)"
                % (test_schema, rep.passed, fails, rep.queries))
            if expect_fail and fails == 0:
                log("selftest: FAILED: the mutant schema differs from local but no query noticed")
                total_bad += 1
            if not expect_fail and fails:
                log("selftest: FAILED: %s vs local must agree (corpus not deterministic?)" % test_schema)
                total_bad += 1
        setup(psql, ["local", "local2"], suite, log)
        rep = Report(out, args.verbose)
        log("selftest: writes corpus, local2 vs local")
        run_corpus(psql, corpus_files(suite, "writes", []), "local2", "local", rep, log,
                   writes_after_file(psql, "local2", "local", rep, log, suite))
        log("selftest: writes local2 vs local: %d passed, %d failed"
            % (rep.passed, rep.counts["fail"]))
        if rep.counts["fail"]:
            log("selftest: FAILED: two local copies must agree after the same writes")
            total_bad += 1
        out.write("selftest: %s\n" % ("passed" if total_bad == 0 else "FAILED"))
        return 1 if total_bad else 0

    if args.setup:
        setup(psql, sorted({args.test_schema, args.ref_schema}), suite, log)
    files = corpus_files(suite, args.command, args.files)
    report = Report(out, args.verbose)
    after = None
    if args.command == "writes":
        after = writes_after_file(psql, args.test_schema, args.ref_schema, report, log, suite)
    t0 = time.time()
    run_corpus(psql, files, args.test_schema, args.ref_schema, report, log, after,
               concurrent=args.command == "select")
    for n in report.notes:
        out.write(n + "\n")
    if report.failures:
        out.write("failing statements:\n")
        for st in report.failures:
            out.write("  %s  %s\n" % (st.where(), " ".join(st.body.split())[:100]))
    out.write("%d passed, %d failed  (%d statements of which %d queries; %d expected errors, "
              "%d stale expect-error markers; %s vs %s; %.1fs)\n" % (
                  report.passed, report.counts["fail"], sum(report.counts.values()),
                  report.queries, report.counts["xfail"], report.counts["stale"],
                  args.test_schema, args.ref_schema, time.time() - t0))
    return 1 if report.counts["fail"] else 0


if __name__ == "__main__":
    sys.exit(main())
