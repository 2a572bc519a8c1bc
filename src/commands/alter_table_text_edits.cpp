// The statement-text edits of ALTER TABLE on distributed and reference tables: finish_alter_table
// (alter_table_propagation.cpp) re-scans the user's own text and edits it at token boundaries for
// each shard; these find what to edit: constraint names, the DEFAULT expression of an ADD COLUMN
// and its value computed here, a foreign key declared inline, the end of the statement. Moved
// from alter_table_propagation.cpp, unchanged. PostgreSQL-style code.
#include "tessera/commands/ddl_propagation_internal.h"
#include "tessera/commands/distribute.h"
#include "tessera/commands/partition_commands.h"
#include "tessera/commands/session_statement.h"
#include "tessera/commands/shard_statement_text.h"
#include "tessera/executor/connection.h"
#include "tessera/metadata/nodes.h"
#include "tessera/operations/constraint_keys.h"
#include "tessera/operations/foreign_keys.h"
#include "tessera/operations/partitions.h"
#include "tessera/operations/shard_ddl.h"
#include "tessera/operations/shard_triggers.h"
#include "tessera/operations/worker_objects.h"
#include "tessera/pg/worker_text_environment.h"
#include "tessera/planner/deparse.h"

extern "C" {
#include "access/htup_details.h"
#include "access/relation.h"
#include "catalog/dependency.h"
#include "catalog/namespace.h"
#include "catalog/pg_constraint.h"
#include "catalog/pg_sequence.h"
#include "commands/sequence.h"
#include "executor/executor.h"
#include "miscadmin.h"
#include "nodes/makefuncs.h"
#include "nodes/nodeFuncs.h"
#include "optimizer/optimizer.h"
#include "parser/scanner.h"
#include "utils/datum.h"
#include "utils/ruleutils.h"

#include "parser/gram.h" // after scanner.h, which it needs
#include "utils/builtins.h"
#include "utils/fmgroids.h"
#include "utils/lsyscache.h"
#include "utils/rel.h"
#include "utils/syscache.h"

#include <libpq-fe.h>
}

namespace tessera::commands::ddl_internal {

// Tokens and edits of the statement text: shard_statement_text.h.
using namespace shard_text;

namespace {

// The pg_constraint contype of a parsed constraint type; '\0' for kinds without a row of their
// own (NOT NULL, DEFAULT, ...).
char constraint_type_code(ConstrType type)
{
    switch (type) {
    case CONSTR_CHECK:
        return CONSTRAINT_CHECK;
    case CONSTR_PRIMARY:
        return CONSTRAINT_PRIMARY;
    case CONSTR_UNIQUE:
        return CONSTRAINT_UNIQUE;
    case CONSTR_EXCLUSION:
        return CONSTRAINT_EXCLUSION;
    default:
        return '\0';
    }
}

} // namespace

// Edits for a constraint of the statement: its name becomes the shard's for index-backed
// constraints; an unnamed one gets the name PostgreSQL chose locally (found among `created`, the
// new constraints in creation order, `used` marking the ones already matched).
List *constraint_edits(List *edits, DdlPropagation *state, const Token *tokens, int count,
                       Constraint *con, Oid *created, char *created_types, char **created_names,
                       bool *used, int created_count)
{
    char code = constraint_type_code(con->contype);
    if (code == '\0')
        return edits;
    int at = token_at(tokens, count, con->location - state->text_offset);
    if (at < 0)
        cannot_rewrite("constraint not found in the statement text");
    if (con->conname != nullptr) {
        if (tokens[at].code != CONSTRAINT || at + 1 >= count || !is_name_token(tokens[at + 1].code))
            cannot_rewrite("constraint name not found in the statement text");
        if (index_backed(code)) {
            int start = tokens[at + 1].start;
            edits = add_edit(edits, start, name_end(state->text, start),
                             list_make1(segment(kShardName, con->conname)));
        }
        return edits;
    }
    for (int i = 0; i < created_count; i++) {
        if (used[i] || created_types[i] != code)
            continue;
        used[i] = true;
        int start = tokens[at].start;
        List *segments;
        if (index_backed(code))
            segments = list_make3(segment(kLiteral, "CONSTRAINT "),
                                  segment(kShardName, created_names[i]), segment(kLiteral, " "));
        else
            segments = list_make1(
                segment(kLiteral, psprintf("CONSTRAINT %s ", quote_identifier(created_names[i]))));
        return add_edit(edits, start, start, segments);
    }
    (void)created;
    return edits; // not created locally (e.g. ADD COLUMN IF NOT EXISTS of an existing column)
}

// The value of column default `expression` computed here, as a constant deparsed for the
// workers ('2024-05-01 10:00:00+00'::timestamp with time zone).
char *default_value_literal(Node *expression)
{
    EState *estate = CreateExecutorState();
    ExprContext *econtext = GetPerTupleExprContext(estate);
    ExprState *state =
        ExecInitExpr(expression_planner(reinterpret_cast<Expr *>(expression)), nullptr);
    bool isnull;
    Datum value = ExecEvalExprSwitchContext(state, econtext, &isnull);
    Oid type = exprType(expression);
    int16 length;
    bool by_value;
    get_typlenbyval(type, &length, &by_value);
    Const *constant =
        makeConst(type, exprTypmod(expression), exprCollation(expression), length,
                  isnull ? (Datum)0 : datumCopy(value, by_value, length), isnull, by_value);
    FreeExecutorState(estate);
    int level = pg::enter_worker_text_environment();
    char *text = deparse_expression(reinterpret_cast<Node *>(constant), NIL, false, false);
    pg::leave_worker_text_environment(level);
    return text;
}

// Where the statement's text ends: before a trailing ';' and white space.
int statement_end_offset(DdlPropagation *state)
{
    int end = static_cast<int>(strlen(state->text));
    while (end > 0 && (isspace(static_cast<unsigned char>(state->text[end - 1])) ||
                       state->text[end - 1] == ';'))
        end--;
    return end;
}

// An edit that leaves out the foreign key `con` declared inline in an ADD COLUMN (tokens
// [piece_start, piece_end)): from its CONSTRAINT or REFERENCES to the next column constraint
// (its own MATCH, ON DELETE / UPDATE ... SET NULL / DEFAULT, [NOT] DEFERRABLE and INITIALLY
// belong to it). finish_alter_table adds it to the shards from its pg_constraint row.
List *inline_foreign_key_edit(List *edits, DdlPropagation *state, const Token *tokens,
                              int piece_start, int piece_end, int count, Constraint *con)
{
    int at = token_at(tokens, count, con->location - state->text_offset);
    if (at < piece_start || at >= piece_end ||
        (tokens[at].code != CONSTRAINT && tokens[at].code != REFERENCES))
        cannot_rewrite("foreign key not found in the statement text");
    int j = tokens[at].code == CONSTRAINT ? at + 2 : at;
    while (j < piece_end && tokens[j].code != REFERENCES)
        j++;
    int depth = 0;
    for (j++; j < piece_end; j++) {
        int code = tokens[j].code;
        if (code == '(')
            depth++;
        else if (code == ')')
            depth--;
        if (depth != 0)
            continue;
        bool after_set = tokens[j - 1].code == SET;
        if (code == CONSTRAINT || code == CHECK || code == UNIQUE || code == PRIMARY ||
            code == REFERENCES || code == GENERATED || code == COLLATE ||
            ((code == DEFAULT || code == NULL_P) && !after_set) ||
            (code == NOT && j + 1 < piece_end && tokens[j + 1].code == NULL_P))
            break;
    }
    int end = j < count ? tokens[j].start : statement_end_offset(state);
    if (j == piece_end && piece_end < count)
        end = tokens[piece_end].start;
    while (end > tokens[at].start && isspace(static_cast<unsigned char>(state->text[end - 1])))
        end--;
    return add_edit(edits, tokens[at].start, end, list_make1(segment(kLiteral, "")));
}

// Token range [*start, *end) of the expression of the DEFAULT clause `con` among tokens
// [from, to) of an ADD COLUMN: from the token after DEFAULT to the next column constraint (or
// the end of the subcommand). DEFAULT takes a b_expr, which has no top-level NOT (but for IS
// NOT), COLLATE or constraint keyword of its own.
void default_expression_tokens(const Token *tokens, int count, int from, int to, int offset,
                               Constraint *con, int *start, int *end)
{
    int k = token_at(tokens, count, con->location - offset);
    while (k >= 0 && k < to && tokens[k].code != DEFAULT)
        k++;
    if (k < from || k + 1 >= to)
        cannot_rewrite("DEFAULT clause not found in the statement text");
    *start = k + 1;
    // The first token belongs to the expression whatever it is (DEFAULT NULL, DEFAULT NOT ...
    // cannot end it), but its bracket counts: DEFAULT (a IS NULL) NOT NULL ends before NOT.
    int depth = 0;
    int j = k + 1;
    for (; j < to; j++) {
        int code = tokens[j].code;
        if (code == '(' || code == '[')
            depth++;
        else if (code == ')' || code == ']')
            depth--;
        if (depth != 0 || j == k + 1)
            continue;
        if (code == CONSTRAINT || code == NULL_P || code == CHECK || code == UNIQUE ||
            code == PRIMARY || code == REFERENCES || code == GENERATED || code == COLLATE ||
            code == DEFAULT || code == DEFERRABLE || code == INITIALLY ||
            (code == NOT && tokens[j - 1].code != IS))
            break;
    }
    *end = j;
}

} // namespace tessera::commands::ddl_internal
