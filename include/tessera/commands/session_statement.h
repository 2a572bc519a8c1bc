// A user's statement text run on the workers as this session reads it. PostgreSQL-side (palloc).
#pragma once

#include "tessera/pg/pg_includes.h"

extern "C" {
#include "nodes/plannodes.h"
}

namespace tessera::commands {

// The statement's own text within `query_string` (which may hold several statements).
char *statement_text(PlannedStmt *pstmt, const char *query_string);

// The commands that make a worker read statement text as this session does: "SET LOCAL
// search_path TO ..." with the schemas this session's search_path resolves to (in order,
// pg_catalog where it applies, without the session's temporary schema), so that type, function
// and operator names resolve as here; and this session's DateStyle, IntervalStyle,
// standard_conforming_strings and extra_float_digits, so that literals and conversions mean the
// same. Inside a transaction block only (SET LOCAL).
char *session_settings_command();

// Puts back the worker connection's own settings (its connection options) after the commands
// of session_settings_command.
const char *restore_session_settings_command();

} // namespace tessera::commands
