// ALTER TABLE on distributed and reference tables, propagated to every shard. PostgreSQL-style
// code.
//
// prepare_alter_table (alter_table_checks.cpp) refuses, before the statement runs, the
// subcommands the shards cannot follow. After it ran locally, finish_alter_table sends the user's
// own text to each shard, re-scanned with PostgreSQL's scanner and edited at token boundaries: the
// table name (at the RangeVar's location) becomes the shard's, names of index-backed constraints
// become <name>_<shardid> (as shard_ddl names them, since index names are unique per schema),
// unnamed constraints get the name PostgreSQL chose locally, and defaults that only the coordinator
// can evaluate are dropped on the shards instead of set. A foreign key added alone is built from
// its pg_constraint row instead.
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

// The stored default of column `attname` of `relid`, or nullptr.
Node *column_default_expression(Oid relid, const char *attname)
{
    AttrNumber attnum = get_attnum(relid, attname);
    if (attnum == InvalidAttrNumber)
        return nullptr;
    Relation rel = relation_open(relid, AccessShareLock);
    Node *expression = nullptr;
    TupleConstr *constr = RelationGetDescr(rel)->constr;
    for (int i = 0; constr != nullptr && i < constr->num_defval; i++) {
        if (constr->defval[i].adnum == attnum)
            expression = static_cast<Node *>(stringToNode(constr->defval[i].adbin));
    }
    relation_close(rel, NoLock);
    return expression;
}

namespace {

// Tokens and edits of the statement text: shard_statement_text.h.
using namespace shard_text;

// ALTER TABLE ... ADD FOREIGN KEY (alone, or among other subcommands that reached the shards
// first) or ADD COLUMN ... REFERENCES created the foreign key `constraint_oid` on the coordinator:
// checks that the shards can enforce it (colocated tables, distribution columns paired, see
// check_added_foreign_key) and adds it to every shard, each referencing the shard of the same group
// (or the reference table's shard) on its node. The workers validate the existing rows, so a
// violation fails the whole statement.
void add_foreign_key_to_shards(Oid relid, Oid constraint_oid)
{
    if (operations::check_added_foreign_key(relid, constraint_oid))
        replicate_reference_tables();
    TableCommands *commands = new_table_commands(relid);
    for (int i = 0; i < commands->count; i++) {
        List *fk = operations::shard_foreign_key_commands(relid, commands->shard_ids[i], i,
                                                          constraint_oid);
        if (list_length(fk) != 1)
            elog(ERROR, "foreign key %u of relation %u not found", constraint_oid, relid);
        commands->commands[i] = static_cast<char *>(linitial(fk));
    }
    send_table_commands(list_make1(commands));
}

// True if `cmd` adds a column, or changes a column's type, to a user-defined type or collation
// (as the column now is, after the local change).
bool column_uses_user_objects(Oid relid, AlterTableCmd *cmd)
{
    const char *column = cmd->subtype == AT_AddColumn ? castNode(ColumnDef, cmd->def)->colname
                         : cmd->subtype == AT_AlterColumnType ? cmd->name
                                                              : nullptr;
    AttrNumber attnum = column != nullptr ? get_attnum(relid, column) : InvalidAttrNumber;
    if (attnum == InvalidAttrNumber)
        return false;
    Oid type;
    int32 typmod;
    Oid collation;
    get_atttypetypmodcoll(relid, attnum, &type, &typmod, &collation);
    return type >= FirstNormalObjectId || collation >= FirstNormalObjectId;
}

} // namespace

// The statement's text for each shard, sent to every placement (see the file comment).
void finish_alter_table(DdlPropagation *state)
{
    auto *stmt = reinterpret_cast<AlterTableStmt *>(state->stmt);
    Oid relid = state->relid;
    const metadata::DistributedTable *table = metadata::lookup_distributed_table(relid);
    if (table == nullptr)
        return;
    // An identity change alone (see prepare_alter_table): nothing on the shards.
    AlterTableType only = castNode(AlterTableCmd, linitial(stmt->cmds))->subtype;
    if (list_length(stmt->cmds) == 1 &&
        (only == AT_AddIdentity || only == AT_SetIdentity || only == AT_DropIdentity))
        return;

    // The constraints this statement created, in creation order; foreign keys apart.
    List *foreign_keys = NIL;
    List *now = constraint_oids(relid);
    int created_count = 0;
    auto *created = static_cast<Oid *>(palloc0(sizeof(Oid) * (list_length(now) + 1)));
    auto *created_types = static_cast<char *>(palloc0(list_length(now) + 1));
    auto **created_names = static_cast<char **>(palloc0(sizeof(char *) * (list_length(now) + 1)));
    auto *used = static_cast<bool *>(palloc0(sizeof(bool) * (list_length(now) + 1)));
    ListCell *cell;
    foreach (cell, now) {
        Oid oid = lfirst_oid(cell);
        if (list_member_oid(state->old_objects, oid))
            continue;
        char contype;
        char *name;
        if (!constraint_info(oid, &contype, &name))
            continue;
        if ((contype == CONSTRAINT_PRIMARY || contype == CONSTRAINT_UNIQUE) &&
            table->dist_column != InvalidAttrNumber &&
            !operations::constraint_oid_includes_column(oid, table->dist_column))
            refuse_unique_without_dist_column(
                relid, contype == CONSTRAINT_PRIMARY ? "primary key" : "unique constraint", name,
                table->dist_column);
        if (contype == CONSTRAINT_EXCLUSION && table->dist_column != InvalidAttrNumber &&
            !operations::exclusion_oid_confined_to_shard(oid, table->dist_column))
            refuse_exclusion_across_shards(relid, name, table->dist_column);
        if (contype == CONSTRAINT_FOREIGN) {
            foreign_keys = lappend_oid(foreign_keys, oid);
            continue;
        }
        created[created_count] = oid;
        created_types[created_count] = contype;
        created_names[created_count] = name;
        created_count++;
    }
    // ADD CONSTRAINT ... FOREIGN KEY alone: only the foreign key reaches the shards.
    if (list_length(stmt->cmds) == 1 &&
        castNode(AlterTableCmd, linitial(stmt->cmds))->subtype == AT_AddConstraint &&
        castNode(Constraint, castNode(AlterTableCmd, linitial(stmt->cmds))->def)->contype ==
            CONSTR_FOREIGN) {
        foreach (cell, foreign_keys)
            add_foreign_key_to_shards(relid, lfirst_oid(cell));
        return;
    }
    // Named constraints of the statement claim their own rows first.
    foreach (cell, stmt->cmds) {
        auto *cmd = castNode(AlterTableCmd, lfirst(cell));
        List *constraints = NIL;
        if (cmd->subtype == AT_AddConstraint)
            constraints = list_make1(cmd->def);
        else if (cmd->subtype == AT_AddColumn)
            constraints = castNode(ColumnDef, cmd->def)->constraints;
        ListCell *con_cell;
        foreach (con_cell, constraints) {
            auto *con = castNode(Constraint, lfirst(con_cell));
            for (int i = 0; con->conname != nullptr && i < created_count; i++) {
                if (strcmp(created_names[i], con->conname) == 0)
                    used[i] = true;
            }
        }
    }

    // Serial and identity columns added: the existing rows take their values from the
    // coordinator's sequence now.
    List *from_defaults = NIL;
    foreach (cell, stmt->cmds) {
        auto *cmd = castNode(AlterTableCmd, lfirst(cell));
        if (cmd->subtype != AT_AddColumn)
            continue;
        auto *def = castNode(ColumnDef, cmd->def);
        bool own_default = false;
        ListCell *con_cell;
        foreach (con_cell, def->constraints)
            own_default =
                own_default || castNode(Constraint, lfirst(con_cell))->contype == CONSTR_DEFAULT;
        if (own_default && !name_in_list(state->sequence_columns, def->colname) &&
            OidIsValid(nextval_default_sequence(column_default_expression(relid, def->colname))))
            from_defaults = lappend(from_defaults, def->colname);
    }
    List *fill = fill_sequence_columns(relid, table, state->sequence_columns, from_defaults);

    int count = 0;
    Token *tokens = scan_tokens(state->text, &count);
    int table_at = token_at(tokens, count, stmt->relation->location - state->text_offset);
    if (table_at < 0 || !is_name_token(tokens[table_at].code))
        cannot_rewrite("table name not found in the statement text");
    int last = table_at;
    while (last + 2 < count && tokens[last + 1].code == '.' && is_name_token(tokens[last + 2].code))
        last += 2;
    List *edits = add_edit(NIL, tokens[table_at].start, name_end(state->text, tokens[last].start),
                           list_make1(segment(kShardTable, nullptr)));

    // Subcommands: the rest of the statement split at commas outside parentheses and brackets.
    // ", ALTER COLUMN c SET DEFAULT ..." (and ", ENABLE TRIGGER <guard>") to append (char*)
    List *set_defaults = NIL;
    int statement_end = static_cast<int>(strlen(state->text));
    bool kept_piece = false; // a subcommand before this one stays in the shards' text
    int piece_start = last + 1;
    int depth = 0;
    ListCell *cmd_cell = list_head(stmt->cmds);
    for (int i = last + 1; i <= count; i++) {
        bool at_end = i == count || (tokens[i].code == ';' && depth == 0);
        if (at_end && i < count)
            statement_end = tokens[i].start;
        if (!at_end) {
            int code = tokens[i].code;
            if (code == '(' || code == '[')
                depth++;
            else if (code == ')' || code == ']')
                depth--;
            if (code != ',' || depth != 0)
                continue;
        }
        if (cmd_cell == nullptr)
            cannot_rewrite("more subcommands in the text than in the statement");
        auto *cmd = castNode(AlterTableCmd, lfirst(cmd_cell));
        cmd_cell = lnext(stmt->cmds, cmd_cell);
        int piece_end = i; // tokens [piece_start, piece_end)
        if (piece_start >= piece_end)
            cannot_rewrite("empty subcommand");
        if (cmd->subtype == AT_AddConstraint &&
            castNode(Constraint, cmd->def)->contype == CONSTR_FOREIGN) {
            // A foreign key among other subcommands: left out of the text (with a comma), added
            // to the shards after it (add_foreign_key_to_shards).
            int end = piece_end < count ? tokens[piece_end].start : statement_end_offset(state);
            if (!kept_piece && piece_end < count && tokens[piece_end].code == ',')
                end = piece_end + 1 < count ? tokens[piece_end + 1].start
                                            : statement_end_offset(state);
            int start = kept_piece ? tokens[piece_start - 1].start : tokens[piece_start].start;
            edits = add_edit(edits, start, end, list_make1(segment(kLiteral, "")));
            piece_start = i + 1;
            if (at_end)
                break;
            continue;
        }
        kept_piece = true;
        switch (cmd->subtype) {
        case AT_AddConstraint: {
            auto *con = castNode(Constraint, cmd->def);
            edits = constraint_edits(edits, state, tokens, count, con, created, created_types,
                                     created_names, used, created_count);
            // ... USING INDEX <index>: each shard's copy of the index, <index>_<shardid> (the
            // shard renames it to the constraint's <name>_<shardid>, as here).
            if (con->indexname != nullptr) {
                int k = piece_start;
                while (k + 2 < piece_end &&
                       !(tokens[k].code == USING && tokens[k + 1].code == INDEX))
                    k++;
                if (k + 2 >= piece_end || !is_name_token(tokens[k + 2].code))
                    cannot_rewrite("USING INDEX not found in the statement text");
                int start = tokens[k + 2].start;
                edits = add_edit(edits, start, name_end(state->text, start),
                                 list_make1(segment(kShardName, con->indexname)));
            }
            break;
        }
        case AT_AddColumn: {
            auto *def = castNode(ColumnDef, cmd->def);
            ListCell *con_cell;
            foreach (con_cell, def->constraints) {
                auto *con = castNode(Constraint, lfirst(con_cell));
                if (con->contype == CONSTR_FOREIGN)
                    edits = inline_foreign_key_edit(edits, state, tokens, piece_start, piece_end,
                                                    count, con);
            }
            foreach (con_cell, def->constraints)
                edits = constraint_edits(edits, state, tokens, count,
                                         castNode(Constraint, lfirst(con_cell)), created,
                                         created_types, created_names, used, created_count);
            FillColumn *fill_column = find_fill_column(fill, def->colname);
            if (fill_column != nullptr) {
                edits = sequence_column_edits(edits, state, tokens, count, def, fill_column);
                break;
            }
            // Only a default of the ADD COLUMN itself fills existing rows (a later SET DEFAULT
            // in the same statement does not).
            bool own_default = false;
            foreach (con_cell, def->constraints)
                own_default = own_default ||
                              castNode(Constraint, lfirst(con_cell))->contype == CONSTR_DEFAULT;
            Node *expression =
                own_default ? column_default_expression(relid, def->colname) : nullptr;
            if (expression != nullptr && !operations::expression_is_coordinator_only(expression))
                check_reference_fill_expression(relid, table, def->colname, expression, false);
            if (expression != nullptr && !operations::expression_is_coordinator_only(expression) &&
                !contain_volatile_functions(expression) &&
                planner::contains_node_session_expression(expression)) {
                // DEFAULT now() (or CURRENT_DATE, current_setting(...)): the existing rows get
                // the value the coordinator's session gives, as PostgreSQL fills them with the
                // value computed once; the shards keep the expression as their default.
                Constraint *con = nullptr;
                foreach (con_cell, def->constraints)
                    if (castNode(Constraint, lfirst(con_cell))->contype == CONSTR_DEFAULT)
                        con = castNode(Constraint, lfirst(con_cell));
                int first = 0;
                int after = 0;
                default_expression_tokens(tokens, count, piece_start, piece_end, state->text_offset,
                                          con, &first, &after);
                int end =
                    after < count ? tokens[after].start : static_cast<int>(strlen(state->text));
                while (end > tokens[first].start &&
                       isspace(static_cast<unsigned char>(state->text[end - 1])))
                    end--;
                edits = add_edit(edits, tokens[first].start, end,
                                 list_make1(segment(kLiteral, default_value_literal(expression))));
                int level = pg::enter_worker_text_environment();
                char *original = deparse_expression(expression, NIL, false, false);
                pg::leave_worker_text_environment(level);
                set_defaults =
                    lappend(set_defaults, psprintf(", ALTER COLUMN %s SET DEFAULT %s",
                                                   quote_identifier(def->colname), original));
            }
            if (expression != nullptr && operations::expression_is_coordinator_only(expression))
                ereport(ERROR,
                        (errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
                         errmsg("cannot add column \"%s\" to %s \"%s\" with a default that only "
                                "the coordinator can evaluate",
                                def->colname, table_kind(relid), get_rel_name(relid)),
                         errdetail("Existing rows live on the workers, which cannot call "
                                   "sequence functions or user-defined functions of the "
                                   "coordinator."),
                         errhint("Add the column without a default, then set the default with "
                                 "ALTER COLUMN ... SET DEFAULT.")));
            break;
        }
        case AT_DropConstraint:
        case AT_ValidateConstraint: {
            if (!name_in_list(state->index_backed_names, cmd->name))
                break;
            int k = piece_start;
            while (k < piece_end && tokens[k].code != CONSTRAINT)
                k++;
            k++;
            if (k + 1 < piece_end && tokens[k].code == IF_P && tokens[k + 1].code == EXISTS)
                k += 2;
            if (k >= piece_end || !is_name_token(tokens[k].code))
                cannot_rewrite("constraint name not found in the statement text");
            int start = tokens[k].start;
            edits = add_edit(edits, start, name_end(state->text, start),
                             list_make1(segment(kShardName, cmd->name)));
            break;
        }
        case AT_ClusterOn: {
            // CLUSTER ON <index>: each shard's copy of the index, <index>_<shardid>.
            int k = piece_start;
            while (k + 1 < piece_end && !(tokens[k].code == CLUSTER && tokens[k + 1].code == ON))
                k++;
            if (k + 2 >= piece_end || !is_name_token(tokens[k + 2].code))
                cannot_rewrite("CLUSTER ON index name not found in the statement text");
            int start = tokens[k + 2].start;
            edits = add_edit(edits, start, name_end(state->text, start),
                             list_make1(segment(kShardName, cmd->name)));
            break;
        }
        case AT_ColumnDefault: {
            if (cmd->def == nullptr)
                break;
            Node *expression = column_default_expression(relid, cmd->name);
            if (expression == nullptr || !operations::expression_is_coordinator_only(expression))
                break;
            // Writes fill such defaults on the coordinator; the shards go without (as for new
            // shards, see shard_ddl). SET DEFAULT NULL removes the old default like DROP DEFAULT,
            // but also works on a column added by the same statement.
            int start = tokens[piece_start].start;
            int end = piece_end < count ? tokens[piece_end].start : strlen(state->text);
            edits =
                add_edit(edits, start, end,
                         list_make1(segment(kLiteral, psprintf("ALTER COLUMN %s SET DEFAULT NULL%s",
                                                               quote_identifier(cmd->name),
                                                               piece_end < count ? " " : ""))));
            break;
        }
        default:
            break;
        }
        piece_start = i + 1;
        if (at_end)
            break;
    }
    if (cmd_cell != nullptr)
        cannot_rewrite("fewer subcommands in the text than in the statement");
    // ENABLE / DISABLE TRIGGER ALL or USER reach the shards' range guard too: enable it again
    // (as created), else a BEFORE trigger enabled by name afterwards could move rows
    // out of their shard unchecked. The shards have the guard when the table has such triggers.
    bool all_triggers = false;
    foreach (cell, stmt->cmds) {
        AlterTableType type = castNode(AlterTableCmd, lfirst(cell))->subtype;
        all_triggers = all_triggers || type == AT_EnableTrigAll || type == AT_DisableTrigAll ||
                       type == AT_EnableTrigUser || type == AT_DisableTrigUser;
    }
    if (all_triggers && table->partition_method == metadata::kDistributeByHash &&
        operations::has_before_row_write_trigger(relid))
        set_defaults =
            lappend(set_defaults, psprintf(", ENABLE TRIGGER %s",
                                           quote_identifier(operations::kShardRangeGuardName)));
    if (set_defaults != NIL) {
        // After the last subcommand (and before a trailing ';', if any).
        while (statement_end > 0 &&
               isspace(static_cast<unsigned char>(state->text[statement_end - 1])))
            statement_end--;
        List *segments = NIL;
        foreach (cell, set_defaults)
            segments = lappend(segments, segment(kLiteral, static_cast<char *>(lfirst(cell))));
        edits = add_edit(edits, statement_end, statement_end, segments);
    }

    // The template: the text between edits, and the edits.
    list_sort(edits, compare_edits);
    List *segments = NIL;
    int copied = 0;
    foreach (cell, edits) {
        auto *edit = static_cast<Edit *>(lfirst(cell));
        if (edit->start < copied)
            cannot_rewrite("overlapping names");
        segments = lappend(segments,
                           segment(kLiteral, pnstrdup(state->text + copied, edit->start - copied)));
        segments = list_concat(segments, edit->segments);
        copied = edit->end;
    }
    segments = lappend(segments, segment(kLiteral, pstrdup(state->text + copied)));

    // The user's names and literals read as in this session, then the worker connection's
    // own settings again.
    const char *settings = session_settings_command();
    TableCommands *commands = new_table_commands(relid);
    for (int i = 0; i < commands->count; i++) {
        const metadata::ShardInterval *shard = find_shard(table, commands->shard_ids[i]);
        commands->commands[i] = psprintf(
            "%s;\n%s%s;\n%s%s", settings,
            fill != NIL ? fill_commands_before(relid, commands->shard_ids[i], i, fill) : "",
            instantiate(segments, relid, commands->shard_ids[i]),
            fill != NIL ? fill_commands_after(relid, shard, i, fill) : "",
            restore_session_settings_command());
    }
    // A column added or changed to a user-defined type or collation, perhaps created since the
    // table was distributed: the workers need it first.
    foreach (cell, stmt->cmds) {
        auto *cmd = castNode(AlterTableCmd, lfirst(cell));
        if (column_uses_user_objects(relid, cmd)) {
            operations::ensure_table_objects_on_placements(relid);
            break;
        }
    }
    // A CHECK constraint, generated column or index expression calling a function the workers
    // lack would fail there with "function ... does not exist".
    operations::check_definition_functions(relid);
    if (kept_piece)
        send_table_commands(list_make1(commands));
    name_partition_shard_indexes(relid, created, created_count);
    foreach (cell, foreign_keys)
        add_foreign_key_to_shards(relid, lfirst_oid(cell));
}

} // namespace tessera::commands::ddl_internal
