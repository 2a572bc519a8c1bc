// The columns ALTER TABLE ... ADD COLUMN numbers from a sequence on distributed and reference
// tables (serial, bigserial, GENERATED ... AS IDENTITY, DEFAULT nextval('<existing sequence>')):
// the sequence stays on the coordinator, which draws the values of the rows each shard already
// holds; each shard numbers its rows during the ALTER TABLE rewrite through a temporary worker
// sequence set as the column's default, dropped afterwards; the copies of a reference table are
// then renumbered alike. Part of alter_table_propagation.cpp's work (ddl_propagation_internal.h).
// PostgreSQL-style code.
#include "tessera/commands/ddl_propagation_internal.h"

#include "tessera/commands/shard_statement_text.h"
#include "tessera/executor/connection.h"
#include "tessera/metadata/nodes.h"

extern "C" {
#include "access/htup_details.h"
#include "catalog/dependency.h"
#include "catalog/namespace.h"
#include "catalog/pg_sequence.h"
#include "commands/sequence.h"
#include "miscadmin.h"
#include "nodes/makefuncs.h"
#include "nodes/nodeFuncs.h"
#include "parser/scanner.h"
#include "utils/ruleutils.h"

#include "parser/gram.h" // after scanner.h, which it needs
#include "utils/builtins.h"
#include "utils/fmgroids.h"
#include "utils/lsyscache.h"
#include "utils/syscache.h"

#include <libpq-fe.h>
}

namespace tessera::commands::ddl_internal {

using namespace shard_text;

// True if the column definition says GENERATED ... AS IDENTITY.
bool has_identity_constraint(ColumnDef *def)
{
    ListCell *cell;
    foreach (cell, def->constraints)
        if (castNode(Constraint, lfirst(cell))->contype == CONSTR_IDENTITY)
            return true;
    return def->identity != '\0';
}

// The rows each shard of `relid` holds now (one placement each, read in the coordinated
// transaction, so this transaction's own writes count), in the order of the table's shards.
int64 *shard_row_counts(Oid relid, const metadata::DistributedTable *table)
{
    auto *counts = static_cast<int64 *>(palloc0(sizeof(int64) * (table->shard_count + 1)));
    List *groups = NIL;
    List *queries = NIL; // StringInfo per group
    for (int s = 0; s < table->shard_count; s++) {
        const metadata::ShardInterval *shard = &table->shards[s];
        if (shard->placement_count == 0)
            continue;
        int32 group = shard->placements[0].group_id;
        int index = 0;
        ListCell *cell;
        StringInfo query = nullptr;
        foreach (cell, groups) {
            if (lfirst_int(cell) == group)
                query = static_cast<StringInfo>(list_nth(queries, index));
            index++;
        }
        if (query == nullptr) {
            query = makeStringInfo();
            groups = lappend_int(groups, group);
            queries = lappend(queries, query);
        } else {
            appendStringInfoString(query, " UNION ALL ");
        }
        appendStringInfo(query, "SELECT %d, count(*) FROM %s", s,
                         metadata::qualified_shard_name(relid, shard->shard_id));
    }
    int count = list_length(groups);
    if (count == 0)
        return counts;
    auto **connections =
        static_cast<executor::NodeConnection **>(palloc0(sizeof(void *) * (count + 1)));
    auto **commands = static_cast<const char **>(palloc0(sizeof(char *) * (count + 1)));
    auto **results = static_cast<PGresult **>(palloc0(sizeof(PGresult *) * (count + 1)));
    List *pending = NIL;
    for (int i = 0; i < count; i++) {
        metadata::WorkerNode *node = metadata::usable_node_for_group(list_nth_int(groups, i));
        connections[i] = executor::start_node_connection(node->node_name, node->node_port);
        pending = lappend(pending, connections[i]);
        commands[i] = static_cast<StringInfo>(list_nth(queries, i))->data;
    }
    executor::wait_for_connections(pending);
    for (int i = 0; i < count; i++)
        executor::join_coordinated_transaction(connections[i]);
    executor::execute_commands_parallel(connections, commands, count, results, true);
    for (int i = 0; i < count; i++) {
        for (int r = 0; results[i] != nullptr && r < PQntuples(results[i]); r++) {
            int s = atoi(PQgetvalue(results[i], r, 0));
            if (s >= 0 && s < table->shard_count)
                counts[s] = strtoll(PQgetvalue(results[i], r, 1), nullptr, 10);
        }
        if (results[i] != nullptr)
            PQclear(results[i]);
    }
    return counts;
}

// The sequence of a column default that is nextval('<sequence>') alone (under implicit casts),
// or InvalidOid.
Oid nextval_default_sequence(Node *expression)
{
    while (expression != nullptr && IsA(expression, FuncExpr) &&
           castNode(FuncExpr, expression)->funcformat == COERCE_IMPLICIT_CAST &&
           list_length(castNode(FuncExpr, expression)->args) == 1)
        expression = static_cast<Node *>(linitial(castNode(FuncExpr, expression)->args));
    if (expression == nullptr || !IsA(expression, FuncExpr) ||
        castNode(FuncExpr, expression)->funcid != F_NEXTVAL ||
        list_length(castNode(FuncExpr, expression)->args) != 1)
        return InvalidOid;
    Node *argument = static_cast<Node *>(linitial(castNode(FuncExpr, expression)->args));
    if (!IsA(argument, Const) || castNode(Const, argument)->constisnull ||
        castNode(Const, argument)->consttype != REGCLASSOID)
        return InvalidOid;
    return DatumGetObjectId(castNode(Const, argument)->constvalue);
}

namespace {

// The sequence of serial or identity column `attnum` of `relid` (owned by it).
Oid column_sequence(Oid relid, AttrNumber attnum)
{
    ListCell *cell;
    foreach (cell, getOwnedSequences(relid)) {
        Oid sequence = lfirst_oid(cell);
        Oid table_id;
        int32 column;
        if ((sequenceIsOwned(sequence, DEPENDENCY_AUTO, &table_id, &column) ||
             sequenceIsOwned(sequence, DEPENDENCY_INTERNAL, &table_id, &column)) &&
            table_id == relid && column == attnum)
            return sequence;
    }
    elog(ERROR, "sequence of column %d of relation %u not found", attnum, relid);
    return InvalidOid;
}

} // namespace

// Takes the values of the existing rows of every shard from the sequence of each serial or
// identity column the statement added (`names`) and of each column added with DEFAULT
// nextval('<sequence>') (`from_defaults`, char*), as PostgreSQL would for the rows of a local
// table (it numbers them in heap order; here shard after shard, each in its own heap order).
// A serial or identity sequence is new in this transaction, so no one else draws from it
// meanwhile; values that do not follow by the increment (a sequence that cycles, or another
// session's nextval in between) are refused, as the shards number rows by a plain increment.
List *fill_sequence_columns(Oid relid, const metadata::DistributedTable *table, List *names,
                            List *from_defaults)
{
    names = list_concat_copy(names, from_defaults);
    if (names == NIL)
        return NIL;
    int64 *counts = shard_row_counts(relid, table);
    List *columns = NIL;
    ListCell *cell;
    foreach (cell, names) {
        auto *column = static_cast<FillColumn *>(palloc0(sizeof(FillColumn)));
        column->name = static_cast<const char *>(lfirst(cell));
        column->attnum = get_attnum(relid, column->name);
        if (column->attnum == InvalidAttrNumber)
            elog(ERROR, "column \"%s\" of relation %u not found", column->name, relid);
        Oid from_default = nextval_default_sequence(column_default_expression(relid, column->name));
        column->from_default = list_member(from_defaults, lfirst(cell));
        column->sequence =
            column->from_default ? from_default : column_sequence(relid, column->attnum);
        if (!OidIsValid(column->sequence))
            elog(ERROR, "sequence of column \"%s\" of relation %u not found", column->name, relid);
        HeapTuple tuple = SearchSysCache1(SEQRELID, ObjectIdGetDatum(column->sequence));
        if (!HeapTupleIsValid(tuple))
            elog(ERROR, "cache lookup failed for sequence %u", column->sequence);
        column->increment = reinterpret_cast<Form_pg_sequence>(GETSTRUCT(tuple))->seqincrement;
        ReleaseSysCache(tuple);
        column->type_name = format_type_be_qualified(get_atttype(relid, column->attnum));
        column->first = static_cast<int64 *>(palloc0(sizeof(int64) * (table->shard_count + 1)));
        column->rows = counts;
        for (int s = 0; s < table->shard_count; s++) {
            if (counts[s] == 0)
                continue;
            int64 first = nextval_internal(column->sequence, false);
            int64 previous = first;
            for (int64 n = 1; n < counts[s]; n++) {
                int64 value = nextval_internal(column->sequence, false);
                if (value != previous + column->increment)
                    ereport(ERROR,
                            (errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
                             errmsg("cannot number the existing rows of %s \"%s\" from a "
                                    "sequence that wraps around",
                                    table_kind(relid), get_rel_name(relid)),
                             errdetail("The shards number their rows by a plain increment from "
                                       "the first value; the sequence gave other values (it "
                                       "cycled, or another session drew from it meanwhile)."),
                             errhint("Add the column with a sequence that does not cycle.")));
                previous = value;
                CHECK_FOR_INTERRUPTS();
            }
            column->first[s] = first;
        }
        columns = lappend(columns, column);
    }
    return columns;
}

// The FillColumn of column `name` among `columns`, or nullptr.
FillColumn *find_fill_column(List *columns, const char *name)
{
    ListCell *cell;
    foreach (cell, columns) {
        auto *column = static_cast<FillColumn *>(lfirst(cell));
        if (strcmp(column->name, name) == 0)
            return column;
    }
    return nullptr;
}

namespace {

// Quoted schema-qualified name of the helper object `prefix`_<attnum>_<shardid> that numbers the
// rows of a shard of `relid` (in the shard's schema, where PostgreSQL would have created the
// sequence too).
char *fill_object_name(Oid relid, const char *prefix, AttrNumber attnum, int64 shard_id)
{
    return quote_qualified_identifier(
        get_namespace_name(get_rel_namespace(relid)),
        metadata::shard_table_name(psprintf("%s_%d", prefix, attnum), shard_id));
}

} // namespace

namespace {

// `text` as the body of a SQL string literal ('' for ').
char *literal_body(const char *text)
{
    char *quoted = quote_literal_cstr(text);
    quoted[strlen(quoted) - 1] = '\0';
    return quoted[0] == 'E' ? quoted + 2 : quoted + 1;
}

} // namespace

// The edits of an added serial or identity column for the shards: the serial type becomes its
// integer type, the IDENTITY clause goes, and the column gets the default
// nextval('<fill sequence>') NOT NULL, which numbers the existing rows as the ALTER TABLE
// rewrites the shard; fill_commands_after removes it again (the shard's new rows take their
// value on the coordinator).
List *sequence_column_edits(List *edits, DdlPropagation *state, const Token *tokens, int count,
                            ColumnDef *def, FillColumn *column)
{
    Oid relid = state->relid;
    if (column->from_default) {
        // DEFAULT nextval('<sequence>'): the expression becomes the fill sequence's.
        Constraint *con = nullptr;
        ListCell *cell;
        foreach (cell, def->constraints)
            if (castNode(Constraint, lfirst(cell))->contype == CONSTR_DEFAULT)
                con = castNode(Constraint, lfirst(cell));
        int at = token_at(tokens, count, def->location - state->text_offset);
        // the end of the subcommand: a comma or ';' outside brackets
        int piece_end = at;
        for (int depth = 0; piece_end < count; piece_end++) {
            int code = tokens[piece_end].code;
            if (code == '(' || code == '[')
                depth++;
            else if (code == ')' || code == ']')
                depth--;
            else if ((code == ',' || code == ';') && depth == 0)
                break;
        }
        int first = 0;
        int after = 0;
        default_expression_tokens(tokens, count, at, piece_end, state->text_offset, con, &first,
                                  &after);
        int end = after < count ? tokens[after].start : static_cast<int>(strlen(state->text));
        while (end > tokens[first].start &&
               isspace(static_cast<unsigned char>(state->text[end - 1])))
            end--;
        return add_edit(
            edits, tokens[first].start, end,
            list_make3(segment(kLiteral, psprintf("nextval('%s.",
                                                  literal_body(quote_identifier(get_namespace_name(
                                                      get_rel_namespace(relid)))))),
                       segment(kShardName, psprintf("tessera_fill_%d", column->attnum)),
                       segment(kLiteral, "'::regclass)")));
    }
    List *fill_default =
        list_make3(segment(kLiteral, psprintf(" DEFAULT nextval('%s.",
                                              literal_body(quote_identifier(
                                                  get_namespace_name(get_rel_namespace(relid)))))),
                   segment(kShardName, psprintf("tessera_fill_%d", column->attnum)),
                   segment(kLiteral, "'::regclass) NOT NULL"));
    if (!has_identity_constraint(def)) {
        int at = token_at(tokens, count, def->typeName->location - state->text_offset);
        if (at < 0 || !is_name_token(tokens[at].code))
            cannot_rewrite("serial type not found in the statement text");
        int start = tokens[at].start;
        edits = add_edit(edits, start, name_end(state->text, start),
                         lcons(segment(kLiteral, pstrdup(column->type_name)), fill_default));
    } else {
        Constraint *identity = nullptr;
        ListCell *cell;
        foreach (cell, def->constraints)
            if (castNode(Constraint, lfirst(cell))->contype == CONSTR_IDENTITY)
                identity = castNode(Constraint, lfirst(cell));
        int at = identity != nullptr
                     ? token_at(tokens, count, identity->location - state->text_offset)
                     : -1;
        if (at < 0 || tokens[at].code != GENERATED)
            cannot_rewrite("GENERATED ... AS IDENTITY not found in the statement text");
        int last = at;
        while (last < count && tokens[last].code != IDENTITY_P)
            last++;
        if (last >= count)
            cannot_rewrite("GENERATED ... AS IDENTITY not found in the statement text");
        int end = name_end(state->text, tokens[last].start);
        if (last + 1 < count && tokens[last + 1].code == '(') {
            int depth = 0;
            int k = last + 1;
            for (; k < count; k++) {
                if (tokens[k].code == '(')
                    depth++;
                else if (tokens[k].code == ')' && --depth == 0)
                    break;
            }
            if (k >= count)
                cannot_rewrite("sequence options of the identity column not closed");
            end = tokens[k].start + 1;
        }
        edits = add_edit(edits, tokens[at].start, end, fill_default);
    }
    return edits;
}

// What runs on shard `s` before the statement: the worker sequence that numbers its rows from
// the first value the coordinator's sequence gave them.
char *fill_commands_before(Oid relid, int64 shard_id, int s, List *columns)
{
    StringInfoData buf;
    initStringInfo(&buf);
    ListCell *cell;
    foreach (cell, columns) {
        auto *column = static_cast<FillColumn *>(lfirst(cell));
        int64 first = column->rows[s] > 0 ? column->first[s] : 1; // (no rows: any start)
        appendStringInfo(&buf,
                         "CREATE SEQUENCE %s AS bigint %s " INT64_FORMAT " START WITH " INT64_FORMAT
                         " INCREMENT BY " INT64_FORMAT ";\n",
                         fill_object_name(relid, "tessera_fill", column->attnum, shard_id),
                         column->increment > 0 ? "MINVALUE" : "MAXVALUE", first, first,
                         column->increment);
    }
    return buf.data;
}

// What runs on shard `s` after the statement: the fill defaults and worker sequences are
// dropped. A reference
// table's copies may hold their rows in different heap orders, so their numbers are made
// the same on every copy: the rows are renumbered in the order of their other columns' text
// (to_jsonb, byte order; equal rows are interchangeable), through ALTER COLUMN ... TYPE ... USING
// (a rewrite that fires no triggers and checks the constraints again) and a mapping table.
char *fill_commands_after(Oid relid, const metadata::ShardInterval *shard, int s, List *columns)
{
    StringInfoData buf;
    initStringInfo(&buf);
    char *shard_name = metadata::qualified_shard_name(relid, shard->shard_id);
    StringInfoData others;
    initStringInfo(&others);
    ListCell *cell;
    foreach (cell, columns) {
        auto *column = static_cast<FillColumn *>(lfirst(cell));
        appendStringInfo(&others, "%s%s", others.len > 0 ? ", " : "",
                         quote_literal_cstr(column->name));
    }
    foreach (cell, columns) {
        auto *column = static_cast<FillColumn *>(lfirst(cell));
        appendStringInfo(&buf, "ALTER TABLE %s ALTER COLUMN %s DROP DEFAULT;\nDROP SEQUENCE %s;\n",
                         shard_name, quote_identifier(column->name),
                         fill_object_name(relid, "tessera_fill", column->attnum, shard->shard_id));
        if (shard->has_range || shard->placement_count < 2 || column->rows[s] < 2)
            continue;
        char *map = fill_object_name(relid, "tessera_fill_map", column->attnum, shard->shard_id);
        char *function =
            fill_object_name(relid, "tessera_fill_fn", column->attnum, shard->shard_id);
        const char *name = quote_identifier(column->name);
        appendStringInfo(
            &buf,
            "CREATE TABLE %s AS SELECT s.%s::bigint AS h, " INT64_FORMAT
            "::bigint + (row_number() OVER (ORDER BY (to_jsonb(s.*) - ARRAY[%s]::text[])::text "
            "COLLATE \"C\", s.%s) - 1) * " INT64_FORMAT "::bigint AS v FROM %s s;\n"
            "CREATE UNIQUE INDEX ON %s (h);\n"
            "CREATE FUNCTION %s(bigint) RETURNS bigint LANGUAGE sql STABLE AS "
            "'SELECT v FROM %s WHERE h = $1';\n"
            "ALTER TABLE %s ALTER COLUMN %s TYPE %s USING %s(%s);\n"
            "DROP FUNCTION %s(bigint);\nDROP TABLE %s;\n",
            map, name, column->first[s], others.data, name, column->increment, shard_name, map,
            function, literal_body(map), shard_name, name, column->type_name, function, name,
            function, map);
    }
    return buf.data;
}

} // namespace tessera::commands::ddl_internal
