// Splitting SQL text into tokens with PostgreSQL's own scanner: literals, comments and quoted
// names are never mistaken for the names being looked for.
#include "tessera/planner/sql_tokens.h"

extern "C" {
#include "common/keywords.h"
#include "nodes/parsenodes.h"
#include "parser/scanner.h"

#include "parser/gram.h"
}

namespace tessera::planner {

SqlToken *scan_sql_tokens(const char *sql, int *count, bool deparsed)
{
    core_yy_extra_type extra;
    core_yyscan_t scanner = scanner_init(sql, &extra, &ScanKeywords, ScanKeywordTokens);
    if (deparsed) {
        extra.standard_conforming_strings = true;
        extra.escape_string_warning = false;
    }
    int capacity = 64;
    int n = 0;
    auto *tokens = static_cast<SqlToken *>(palloc(sizeof(SqlToken) * capacity));
    for (;;) {
        core_YYSTYPE value;
        YYLTYPE location;
        int code = core_yylex(&value, &location, scanner);
        if (code == 0)
            break;
        if (n == capacity) {
            capacity *= 2;
            tokens = static_cast<SqlToken *>(repalloc(tokens, sizeof(SqlToken) * capacity));
        }
        const char *word = nullptr;
        if (code == IDENT)
            word = value.str;
        else if (code >= 256 && code != SCONST && code != FCONST && code != ICONST &&
                 code != BCONST && code != XCONST && code != Op && code != PARAM &&
                 code != TYPECAST && code != DOT_DOT && code != COLON_EQUALS &&
                 code != EQUALS_GREATER && code != LESS_EQUALS && code != GREATER_EQUALS &&
                 code != NOT_EQUALS && code != UIDENT && code != USCONST)
            word = value.keyword;
        tokens[n++] = {code, location, word};
    }
    scanner_finish(scanner);
    *count = n;
    return tokens;
}

} // namespace tessera::planner
