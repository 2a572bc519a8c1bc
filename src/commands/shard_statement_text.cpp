// Statement text edited into per-shard statements (see shard_statement_text.h).
#include "tessera/commands/shard_statement_text.h"

#include "tessera/metadata/distributed_table.h"

extern "C" {
#include "common/keywords.h"
#include "lib/stringinfo.h"
#include "parser/scanner.h"

#include "parser/gram.h" // after scanner.h, which it needs
#include "utils/builtins.h"
}

#include <cctype>

namespace tessera::commands::shard_text {

Token *scan_tokens(const char *sql, int *count)
{
    return planner::scan_sql_tokens(sql, count);
}

int name_end(const char *sql, int start)
{
    int i = start;
    if ((sql[i] == 'U' || sql[i] == 'u') && sql[i + 1] == '&' && sql[i + 2] == '"')
        i += 2;
    if (sql[i] == '"') {
        for (i++; sql[i] != '\0'; i++) {
            if (sql[i] == '"') {
                if (sql[i + 1] == '"')
                    i++;
                else
                    return i + 1;
            }
        }
        return i;
    }
    while (sql[i] != '\0' && (isalnum(static_cast<unsigned char>(sql[i])) || sql[i] == '_' ||
                              sql[i] == '$' || static_cast<unsigned char>(sql[i]) >= 0x80))
        i++;
    return i;
}

bool is_name_token(int code)
{
    // Identifiers and keywords (which can be names when unreserved). Everything else the scanner
    // returns is punctuation, an operator or a constant.
    return code == IDENT || code == UIDENT ||
           (code >= 256 && code != SCONST && code != USCONST && code != FCONST && code != ICONST &&
            code != BCONST && code != XCONST && code != Op && code != PARAM && code != TYPECAST &&
            code != DOT_DOT && code != COLON_EQUALS && code != EQUALS_GREATER &&
            code != LESS_EQUALS && code != GREATER_EQUALS && code != NOT_EQUALS);
}

int token_at(const Token *tokens, int count, int offset)
{
    for (int i = 0; i < count; i++) {
        if (tokens[i].start == offset)
            return i;
    }
    return -1;
}

Segment *segment(SegmentKind kind, const char *text)
{
    auto *result = static_cast<Segment *>(palloc(sizeof(Segment)));
    result->kind = kind;
    result->text = text;
    return result;
}

List *add_edit(List *edits, int start, int end, List *segments)
{
    auto *edit = static_cast<Edit *>(palloc(sizeof(Edit)));
    edit->start = start;
    edit->end = end;
    edit->segments = segments;
    return lappend(edits, edit);
}

int compare_edits(const ListCell *a, const ListCell *b)
{
    int x = static_cast<Edit *>(lfirst(a))->start;
    int y = static_cast<Edit *>(lfirst(b))->start;
    return x < y ? -1 : (x > y ? 1 : 0);
}

char *instantiate(List *segments, Oid relid, int64 shard_id)
{
    StringInfoData buf;
    initStringInfo(&buf);
    ListCell *cell;
    foreach (cell, segments) {
        auto *piece = static_cast<Segment *>(lfirst(cell));
        switch (piece->kind) {
        case kLiteral:
            appendStringInfoString(&buf, piece->text);
            break;
        case kShardTable:
            appendStringInfoString(&buf, metadata::qualified_shard_name(relid, shard_id));
            break;
        case kShardName:
            appendStringInfoString(
                &buf, quote_identifier(metadata::shard_table_name(piece->text, shard_id)));
            break;
        }
    }
    return buf.data;
}

[[noreturn]] void cannot_rewrite(const char *why)
{
    ereport(ERROR, (errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
                    errmsg("could not prepare the statement for the shards: %s", why),
                    errhint("Write the statement as a single plain ALTER TABLE.")));
    pg_unreachable();
}

} // namespace tessera::commands::shard_text
