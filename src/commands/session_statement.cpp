// A user's statement text run on the workers as this session reads it (session_statement.h).
#include "tessera/commands/session_statement.h"

extern "C" {
#include "catalog/namespace.h"
#include "lib/stringinfo.h"
#include "utils/builtins.h"
#include "utils/guc.h"
#include "utils/lsyscache.h"
}

namespace tessera::commands {

char *statement_text(PlannedStmt *pstmt, const char *query_string)
{
    // Parse locations count from the start of query_string.
    int start = pstmt->stmt_location > 0 ? pstmt->stmt_location : 0;
    int length =
        pstmt->stmt_len > 0 ? pstmt->stmt_len : static_cast<int>(strlen(query_string)) - start;
    return pnstrdup(query_string + start, length);
}

char *session_settings_command()
{
    StringInfoData buf;
    initStringInfo(&buf);
    appendStringInfoString(&buf, "SET LOCAL search_path TO ");
    bool first = true;
    ListCell *cell;
    foreach (cell, fetch_search_path(true)) {
        Oid schema = lfirst_oid(cell);
        if (isAnyTempNamespace(schema))
            continue;
        char *name = get_namespace_name(schema);
        if (name == nullptr)
            continue;
        appendStringInfo(&buf, "%s%s", first ? "" : ", ", quote_identifier(name));
        first = false;
    }
    if (first)
        appendStringInfoString(&buf, "pg_catalog");
    static const char *const styles[] = {"DateStyle", "IntervalStyle",
                                         "standard_conforming_strings", "extra_float_digits"};
    for (const char *name : styles)
        appendStringInfo(&buf, ";\nSET LOCAL %s TO %s", name,
                         quote_literal_cstr(GetConfigOption(name, false, false)));
    return buf.data;
}

const char *restore_session_settings_command()
{
    return "SET LOCAL search_path TO DEFAULT;\nSET LOCAL DateStyle TO DEFAULT;\n"
           "SET LOCAL IntervalStyle TO DEFAULT;\nSET LOCAL standard_conforming_strings TO "
           "DEFAULT;\nSET LOCAL extra_float_digits TO DEFAULT";
}

} // namespace tessera::commands
