// Splitting SQL text into tokens with PostgreSQL's own scanner.
#pragma once

#include "tessera/pg/pg_includes.h"

namespace tessera::planner {

// One token: its scanner code (a character for single-character tokens, else the grammar's
// token number), where it starts in the text, and its identifier text for identifiers and
// keywords (nullptr otherwise).
struct SqlToken {
    int code;
    int start;
    const char *word;
};

// The tokens of `sql` (palloc'd); *count receives their number. `deparsed`: the text was
// printed in the worker text environment (standard_conforming_strings on, whatever the
// session's), so a backslash in a string literal is an ordinary character; else the text is the
// user's, read under the session's setting.
SqlToken *scan_sql_tokens(const char *sql, int *count, bool deparsed = false);

} // namespace tessera::planner
