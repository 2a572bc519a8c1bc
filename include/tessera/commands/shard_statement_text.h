// Editing a statement's own text into per-shard statements: tokens from PostgreSQL's scanner,
// edits at token boundaries, and segments that become shard names for each shard.
#pragma once

#include "tessera/pg/pg_includes.h"
#include "tessera/planner/sql_tokens.h"

extern "C" {
#include "nodes/pg_list.h"
}

namespace tessera::commands::shard_text {

using Token = planner::SqlToken;

// The tokens of `sql` (palloc'd); *count receives their number.
Token *scan_tokens(const char *sql, int *count);

// End offset of the identifier or keyword starting at `start`: "quoted ""names""", U&"...",
// or a bare word.
int name_end(const char *sql, int start);

// True for identifier and keyword tokens (keywords can be names when unreserved).
bool is_name_token(int code);

// Index of the token starting at `offset`, or -1.
int token_at(const Token *tokens, int count, int offset);

// A piece of a shard statement: literal text, the shard table's name, or <name>_<shardid>.
enum SegmentKind { kLiteral, kShardTable, kShardName };

struct Segment {
    SegmentKind kind;
    const char *text;
};

// Replace [start, end) of the statement text by `segments`.
struct Edit {
    int start;
    int end;
    List *segments;
};

// A new segment (palloc'd).
Segment *segment(SegmentKind kind, const char *text);

// `edits` with one more edit appended.
List *add_edit(List *edits, int start, int end, List *segments);

// list_sort comparator: edits by start offset.
int compare_edits(const ListCell *a, const ListCell *b);

// The text of `segments` for shard `shard_id` of table `relid`.
char *instantiate(List *segments, Oid relid, int64 shard_id);

// Errors: the statement's text cannot be turned into shard statements, for reason `why`.
[[noreturn]] void cannot_rewrite(const char *why);

} // namespace tessera::commands::shard_text
