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

// The tokens of `sql` (palloc'd); *count receives their number.
SqlToken *scan_sql_tokens(const char *sql, int *count);

} // namespace tessera::planner
