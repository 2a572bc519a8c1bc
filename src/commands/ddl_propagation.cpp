// DDL propagation: the statement runs locally first, then the same change is sent to every shard
// placement in the coordinated transaction. PostgreSQL-style code.
//
// How the shard statements are made:
//   CREATE INDEX        rebuilt from the catalogs after the local index exists (shard_ddl), so
//                       names, expressions and options come out exactly as for new shards;
//   renames, DROP INDEX generated from the parse tree with the shard names;
//   ALTER TABLE         the user's own text, re-scanned with PostgreSQL's scanner and edited at
//                       token boundaries: the table name (at the RangeVar's location) becomes the
//                       shard's, names of index-backed constraints become <name>_<shardid> (as
//                       shard_ddl names them, since index names are unique per schema), unnamed
//                       constraints get the name PostgreSQL chose locally, and defaults that only
//                       the coordinator can evaluate are dropped on the shards instead of set.
#include "tessera/commands/ddl_propagation.h"
#include "tessera/commands/distribute.h"
#include "tessera/commands/partition_commands.h"
#include "tessera/commands/session_statement.h"
#include "tessera/commands/shard_statement_text.h"
#include "tessera/operations/worker_objects.h"

#include "tessera/executor/connection.h"
#include "tessera/executor/shared_connections.h"
#include "tessera/metadata/distributed_table.h"
#include "tessera/metadata/nodes.h"
#include "tessera/operations/foreign_keys.h"
#include "tessera/operations/partitions.h"
#include "tessera/operations/shard_ddl.h"
#include "tessera/operations/worker_objects.h"
#include "tessera/pg/worker_text_environment.h"
#include "tessera/planner/deparse.h"

extern "C" {
#include "access/genam.h"
#include "access/htup_details.h"
#include "access/relation.h"
#include "access/table.h"
#include "catalog/index.h"
#include "catalog/indexing.h"
#include "catalog/namespace.h"
#include "catalog/pg_class.h"
#include "catalog/pg_constraint.h"
#include "catalog/pg_index.h"
#include "catalog/pg_inherits.h"
#include "common/keywords.h"
#include "executor/executor.h"
#include "lib/stringinfo.h"
#include "nodes/makefuncs.h"
#include "nodes/nodeFuncs.h"
#include "optimizer/optimizer.h"
#include "parser/scanner.h"
#include "storage/lmgr.h"
#include "utils/datum.h"
#include "utils/ruleutils.h"

#include "parser/gram.h" // after scanner.h, which it needs
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/fmgroids.h"
#include "utils/guc.h"
#include "utils/lsyscache.h"
#include "utils/rel.h"
#include "utils/syscache.h"
}

namespace tessera::commands {

// Commands for the shards of one table: commands[i] runs on every placement of shard_ids[i].
struct TableCommands {
    Oid relid;
    int count;
    int64 *shard_ids;
    char **commands;
};

struct DdlPropagation {
    Node *stmt;
    const char *text; // the statement's own text (NUL-terminated copy)
    int text_offset;  // where it starts in the query string (parse locations are relative to that)
    Oid relid;
    List *old_objects;        // constraint (ALTER TABLE) or index (CREATE INDEX) oids before
    List *index_backed_names; // char*: PRIMARY KEY / UNIQUE / EXCLUDE constraints before
    List *ready;              // TableCommands* computed before the local change (renames, drops)
    bool concurrent;          // DROP INDEX CONCURRENTLY: `ready` runs outside transactions
};

namespace {

// ---------------------------------------------------------------------------------------------
// Small catalog helpers

// The distributed or reference table `range` names, else InvalidOid.
Oid distributed_table_of(RangeVar *range)
{
    if (range == nullptr)
        return InvalidOid;
    Oid relid = RangeVarGetRelid(range, NoLock, true);
    if (!OidIsValid(relid) || !metadata::is_distributed_table(relid))
        return InvalidOid;
    return relid;
}

const char *table_kind(Oid relid)
{
    return metadata::is_reference_table(relid) ? "reference table" : "distributed table";
}

// Oids of the pg_constraint rows of `relid`, ascending.
List *constraint_oids(Oid relid)
{
    List *oids = NIL;
    ListCell *cell;
    foreach (cell, operations::table_constraints(relid))
        oids = lappend_oid(oids, reinterpret_cast<Form_pg_constraint>(
                                     GETSTRUCT(static_cast<HeapTuple>(lfirst(cell))))
                                     ->oid);
    list_sort(oids, list_oid_cmp);
    return oids;
}

bool index_backed(char contype)
{
    return contype == CONSTRAINT_PRIMARY || contype == CONSTRAINT_UNIQUE ||
           contype == CONSTRAINT_EXCLUSION;
}

// contype and name of constraint `oid`; false if it is gone.
bool constraint_info(Oid oid, char *contype, char **name)
{
    HeapTuple tuple = SearchSysCache1(CONSTROID, ObjectIdGetDatum(oid));
    if (!HeapTupleIsValid(tuple))
        return false;
    auto *con = reinterpret_cast<Form_pg_constraint>(GETSTRUCT(tuple));
    *contype = con->contype;
    *name = pstrdup(NameStr(con->conname));
    ReleaseSysCache(tuple);
    return true;
}

// True if the key columns of constraint `oid` include `attnum`.
bool constraint_has_column(Oid oid, AttrNumber attnum)
{
    HeapTuple tuple = SearchSysCache1(CONSTROID, ObjectIdGetDatum(oid));
    if (!HeapTupleIsValid(tuple))
        return false;
    bool isnull;
    Datum datum = SysCacheGetAttr(CONSTROID, tuple, Anum_pg_constraint_conkey, &isnull);
    bool found = false;
    if (!isnull) {
        ArrayType *array = DatumGetArrayTypeP(datum);
        auto *keys = reinterpret_cast<int16 *>(ARR_DATA_PTR(array));
        for (int i = 0; i < ARR_DIMS(array)[0]; i++)
            found = found || keys[i] == attnum;
    }
    ReleaseSysCache(tuple);
    return found;
}

// Names of the index-backed constraints of `relid`.
List *index_backed_constraint_names(Oid relid)
{
    List *names = NIL;
    ListCell *cell;
    foreach (cell, constraint_oids(relid)) {
        char contype;
        char *name;
        if (constraint_info(lfirst_oid(cell), &contype, &name) && index_backed(contype))
            names = lappend(names, name);
    }
    return names;
}

bool name_in_list(List *names, const char *name)
{
    ListCell *cell;
    foreach (cell, names) {
        if (strcmp(static_cast<char *>(lfirst(cell)), name) == 0)
            return true;
    }
    return false;
}

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

[[noreturn]] void refuse(Oid relid, const char *what, const char *hint)
{
    ereport(ERROR, (errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
                    errmsg("%s is not supported for distributed tables", what),
                    errdetail("Table \"%s\" is a %s.", get_rel_name(relid), table_kind(relid)),
                    hint != nullptr ? errhint("%s", hint) : 0));
    pg_unreachable();
}

[[noreturn]] void refuse_unique_without_dist_column(Oid relid, const char *kind, const char *name,
                                                    AttrNumber dist_column)
{
    const char *column = get_attname(relid, dist_column, false);
    ereport(ERROR,
            (errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
             errmsg("%s \"%s\" on distributed table \"%s\" must include the distribution column "
                    "\"%s\"",
                    kind, name, get_rel_name(relid), column),
             errdetail("Uniqueness can only be enforced within a shard."),
             errhint("Add \"%s\" to the key columns.", column)));
    pg_unreachable();
}

// ---------------------------------------------------------------------------------------------
// Per-shard commands

TableCommands *new_table_commands(Oid relid)
{
    const metadata::DistributedTable *table = metadata::lookup_distributed_table(relid);
    if (table == nullptr)
        elog(ERROR, "relation %u is not a distributed table", relid);
    auto *commands = static_cast<TableCommands *>(palloc0(sizeof(TableCommands)));
    commands->relid = relid;
    commands->count = table->shard_count;
    commands->shard_ids = static_cast<int64 *>(palloc0(sizeof(int64) * (table->shard_count + 1)));
    commands->commands = static_cast<char **>(palloc0(sizeof(char *) * (table->shard_count + 1)));
    for (int s = 0; s < table->shard_count; s++)
        commands->shard_ids[s] = table->shards[s].shard_id;
    return commands;
}

// Quoted schema-qualified name of the shard `shard_id` of a relation called `relname` in
// namespace `schema` (used before a rename, when the catalog still has the old name, and for
// indexes, which live in their table's schema).
char *qualified_shard_object(Oid schema, const char *relname, int64 shard_id)
{
    return quote_qualified_identifier(get_namespace_name(schema),
                                      metadata::shard_table_name(relname, shard_id));
}

// The shard `shard_id` of `table`, or nullptr.
const metadata::ShardInterval *find_shard(const metadata::DistributedTable *table, int64 shard_id)
{
    for (int s = 0; s < table->shard_count; s++)
        if (table->shards[s].shard_id == shard_id)
            return &table->shards[s];
    return nullptr;
}

// Sends every command to every placement of its shard: one command string per node (all its
// shards), the nodes in parallel, each over the connection of the coordinated transaction.
void send_table_commands(List *items)
{
    executor::GroupBatches batches;
    ListCell *cell;
    foreach (cell, items) {
        auto *item = static_cast<TableCommands *>(lfirst(cell));
        const metadata::DistributedTable *table = metadata::lookup_distributed_table(item->relid);
        if (table == nullptr)
            elog(ERROR, "relation %u is not a distributed table", item->relid);
        for (int i = 0; i < item->count; i++) {
            if (item->commands[i] == nullptr)
                continue;
            const metadata::ShardInterval *shard = find_shard(table, item->shard_ids[i]);
            if (shard == nullptr)
                elog(ERROR, "shard " INT64_FORMAT " of relation %u not found", item->shard_ids[i],
                     item->relid);
            for (int p = 0; p < shard->placement_count; p++) {
                bool created;
                StringInfo batch =
                    executor::batch_for_group(&batches, shard->placements[p].group_id, &created);
                appendStringInfo(batch, "%s;\n", item->commands[i]);
            }
        }
    }
    // Statements prepared on the nodes may read these shards: they are prepared again.
    executor::advance_shard_schema_generation();
    executor::execute_group_batches_in_transaction(&batches);
}

// Tokens and edits of the statement text: shard_statement_text.h.
using namespace shard_text;

// ---------------------------------------------------------------------------------------------
// ALTER TABLE

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

// Checks one constraint of an ALTER TABLE before it runs. A foreign key is only accepted as the
// sole subcommand of its statement (`foreign_key_alone`): finish_alter_table then checks it and
// adds it to the shards itself, from its pg_constraint row.
void check_new_constraint(Oid relid, const metadata::DistributedTable *table, Constraint *con,
                          bool foreign_key_alone)
{
    if (con->contype == CONSTR_FOREIGN && !foreign_key_alone)
        refuse(relid, "adding a foreign key together with other ALTER TABLE subcommands",
               "Add the foreign key with its own ALTER TABLE ... ADD CONSTRAINT ... FOREIGN KEY "
               "statement.");
    if (con->contype == CONSTR_FOREIGN)
        operations::check_new_foreign_key(relid, con->pktable != nullptr
                                                     ? RangeVarGetRelid(con->pktable, NoLock, true)
                                                     : InvalidOid);
    if (con->contype == CONSTR_IDENTITY)
        refuse(relid, "adding an identity column",
               "Add a column with a sequence default instead: ADD COLUMN, then SET DEFAULT "
               "nextval(...).");
    if (con->contype == CONSTR_EXCLUSION && table->partition_method == metadata::kDistributeByHash)
        refuse(relid, "an exclusion constraint", nullptr);
    if ((con->contype == CONSTR_PRIMARY || con->contype == CONSTR_UNIQUE) &&
        con->indexname != nullptr)
        refuse(relid, "ADD CONSTRAINT ... USING INDEX",
               "Declare the constraint with its columns instead.");
}

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

// True for the serial pseudo-types, which would create a sequence on every worker.
bool is_serial_type(TypeName *type)
{
    if (type == nullptr || list_length(type->names) != 1 || type->arrayBounds != NIL)
        return false;
    const char *name = strVal(linitial(type->names));
    const char *serials[] = {"smallserial", "serial2", "serial", "serial4", "bigserial", "serial8"};
    for (const char *serial : serials) {
        if (strcmp(name, serial) == 0)
            return true;
    }
    return false;
}

DdlPropagation *prepare_alter_table(AlterTableStmt *stmt, Oid relid)
{
    const metadata::DistributedTable *table = metadata::lookup_distributed_table(relid);
    const char *dist_name = table->dist_column != InvalidAttrNumber
                                ? get_attname(relid, table->dist_column, false)
                                : nullptr;
    ListCell *cell;
    foreach (cell, stmt->cmds) {
        auto *cmd = castNode(AlterTableCmd, lfirst(cell));
        switch (cmd->subtype) {
        case AT_AddColumn: {
            auto *def = castNode(ColumnDef, cmd->def);
            if (def->identity != '\0')
                refuse(relid, "adding an identity column", nullptr);
            if (is_serial_type(def->typeName))
                refuse(relid, "adding a serial column",
                       "Add a column of the integer type, then set its default with ALTER "
                       "COLUMN ... SET DEFAULT nextval(...).");
            ListCell *con_cell;
            foreach (con_cell, def->constraints)
                check_new_constraint(relid, table, castNode(Constraint, lfirst(con_cell)), false);
            break;
        }
        case AT_AddConstraint:
            check_new_constraint(relid, table, castNode(Constraint, cmd->def),
                                 list_length(stmt->cmds) == 1);
            break;
        case AT_DropColumn:
        case AT_AlterColumnType:
            if (dist_name != nullptr && cmd->name != nullptr && strcmp(cmd->name, dist_name) == 0)
                ereport(ERROR,
                        (errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
                         errmsg("cannot %s distribution column \"%s\" of table \"%s\"",
                                cmd->subtype == AT_DropColumn ? "drop" : "change the type of",
                                dist_name, get_rel_name(relid)),
                         errdetail("Rows are placed in shards by the hash of this column."),
                         errhint("Undistribute the table with undistribute_table() first.")));
            break;
        case AT_ColumnDefault:
        case AT_SetNotNull:
        case AT_DropNotNull:
        case AT_DropConstraint:
        case AT_ValidateConstraint:
        case AT_ChangeOwner:
        // Storage settings: the same text on every shard.
        case AT_SetStatistics:
        case AT_SetStorage:
        case AT_SetCompression:
        case AT_SetRelOptions:
        case AT_ResetRelOptions:
        case AT_SetOptions:
        case AT_ResetOptions:
            break;
        case AT_ReplicaIdentity:
            if (castNode(ReplicaIdentityStmt, cmd->def)->identity_type == REPLICA_IDENTITY_INDEX)
                refuse(relid, "REPLICA IDENTITY USING INDEX",
                       "Use REPLICA IDENTITY DEFAULT, FULL or NOTHING.");
            break;
        default:
            ereport(
                ERROR,
                (errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
                 errmsg("this ALTER TABLE subcommand is not supported for distributed tables"),
                 errdetail(
                     "Table \"%s\" is a %s. Supported: ADD/DROP COLUMN, ALTER COLUMN "
                     "TYPE, SET/DROP DEFAULT, SET/DROP NOT NULL, SET STATISTICS/STORAGE/"
                     "COMPRESSION, ADD CONSTRAINT (CHECK, UNIQUE, PRIMARY KEY, FOREIGN KEY), "
                     "DROP/VALIDATE CONSTRAINT, SET/RESET (storage parameters), REPLICA IDENTITY, "
                     "OWNER TO.",
                     get_rel_name(relid), table_kind(relid))));
        }
    }
    auto *state = static_cast<DdlPropagation *>(palloc0(sizeof(DdlPropagation)));
    state->stmt = reinterpret_cast<Node *>(stmt);
    state->relid = relid;
    state->old_objects = constraint_oids(relid);
    state->index_backed_names = index_backed_constraint_names(relid);
    return state;
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
    int depth = 0;
    int j = k + 2;
    for (; j < to; j++) {
        int code = tokens[j].code;
        if (code == '(' || code == '[')
            depth++;
        else if (code == ')' || code == ']')
            depth--;
        if (depth != 0)
            continue;
        if (code == CONSTRAINT || code == NULL_P || code == CHECK || code == UNIQUE ||
            code == PRIMARY || code == REFERENCES || code == GENERATED || code == COLLATE ||
            code == DEFAULT || code == DEFERRABLE || code == INITIALLY ||
            (code == NOT && tokens[j - 1].code != IS))
            break;
    }
    *end = j;
}

// ALTER TABLE ... ADD FOREIGN KEY, the statement's only subcommand, created the foreign key
// `constraint_oid` on the coordinator: checks that the shards can enforce it (colocated tables,
// distribution columns paired, see check_added_foreign_key) and adds it to every shard, each
// referencing the shard of the same group (or the reference table's shard) on its node. The
// workers validate the existing rows, so a violation fails the whole statement.
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

void finish_alter_table(DdlPropagation *state)
{
    auto *stmt = reinterpret_cast<AlterTableStmt *>(state->stmt);
    Oid relid = state->relid;
    const metadata::DistributedTable *table = metadata::lookup_distributed_table(relid);
    if (table == nullptr)
        return;

    // The constraints this statement created, in creation order.
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
            !constraint_has_column(oid, table->dist_column))
            refuse_unique_without_dist_column(
                relid, contype == CONSTRAINT_PRIMARY ? "primary key" : "unique constraint", name,
                table->dist_column);
        if (contype == CONSTRAINT_FOREIGN) {
            // prepare_alter_table let it through only as the statement's sole subcommand
            add_foreign_key_to_shards(relid, oid);
            return;
        }
        created[created_count] = oid;
        created_types[created_count] = contype;
        created_names[created_count] = name;
        created_count++;
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
    List *set_defaults = NIL; // ", ALTER COLUMN c SET DEFAULT ..." to append (char*)
    int statement_end = static_cast<int>(strlen(state->text));
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
        switch (cmd->subtype) {
        case AT_AddConstraint:
            edits = constraint_edits(edits, state, tokens, count, castNode(Constraint, cmd->def),
                                     created, created_types, created_names, used, created_count);
            break;
        case AT_AddColumn: {
            auto *def = castNode(ColumnDef, cmd->def);
            ListCell *con_cell;
            foreach (con_cell, def->constraints)
                edits = constraint_edits(edits, state, tokens, count,
                                         castNode(Constraint, lfirst(con_cell)), created,
                                         created_types, created_names, used, created_count);
            // Only a default of the ADD COLUMN itself fills existing rows (a later SET DEFAULT
            // in the same statement does not).
            bool own_default = false;
            foreach (con_cell, def->constraints)
                own_default = own_default ||
                              castNode(Constraint, lfirst(con_cell))->contype == CONSTR_DEFAULT;
            Node *expression =
                own_default ? column_default_expression(relid, def->colname) : nullptr;
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
    for (int i = 0; i < commands->count; i++)
        commands->commands[i] =
            psprintf("%s;\n%s;\n%s", settings, instantiate(segments, relid, commands->shard_ids[i]),
                     restore_session_settings_command());
    // A column added or changed to a user-defined type or collation, perhaps created since the
    // table was distributed: the workers need it first.
    foreach (cell, stmt->cmds) {
        auto *cmd = castNode(AlterTableCmd, lfirst(cell));
        if (column_uses_user_objects(relid, cmd)) {
            operations::ensure_table_objects_on_placements(relid);
            break;
        }
    }
    send_table_commands(list_make1(commands));
    name_partition_shard_indexes(relid, created, created_count);
}

// ---------------------------------------------------------------------------------------------
// CREATE INDEX

List *index_oids(Oid relid)
{
    Relation rel = relation_open(relid, AccessShareLock);
    List *oids = list_copy(RelationGetIndexList(rel));
    relation_close(rel, AccessShareLock);
    return oids;
}

// An index on a partitioned table made one on each partition (locally). Appends to `items` the
// commands that create those indexes on the partitions' shards first, named from the catalogs
// as for new shards: the index of the partitioned table's shard then attaches them instead of
// creating indexes with names the workers choose.
List *partition_index_items(List *items, Oid index_oid)
{
    if (get_rel_relkind(index_oid) != RELKIND_PARTITIONED_INDEX)
        return items;
    ListCell *cell;
    foreach (cell, find_inheritance_children(index_oid, NoLock)) {
        Oid partition_index = lfirst_oid(cell);
        Oid partition = IndexGetRelation(partition_index, false);
        if (!metadata::is_distributed_table(partition))
            continue;
        TableCommands *commands = new_table_commands(partition);
        for (int i = 0; i < commands->count; i++) {
            // A partition index that existed before (attached by the statement) is on the
            // shards already, under this same name.
            char *command =
                operations::shard_index_command(partition, partition_index, commands->shard_ids[i]);
            bool unique = strncmp(command, "CREATE UNIQUE INDEX ", 20) == 0;
            commands->commands[i] = psprintf("CREATE %sINDEX IF NOT EXISTS %s",
                                             unique ? "UNIQUE " : "", command + (unique ? 20 : 13));
        }
        items = lappend(items, commands);
    }
    return items;
}

void finish_create_index(DdlPropagation *state)
{
    Oid relid = state->relid;
    const metadata::DistributedTable *table = metadata::lookup_distributed_table(relid);
    if (table == nullptr)
        return;
    List *items = NIL;
    ListCell *cell;
    foreach (cell, index_oids(relid)) {
        Oid index_oid = lfirst_oid(cell);
        if (list_member_oid(state->old_objects, index_oid))
            continue;
        if (table->dist_column != InvalidAttrNumber) {
            HeapTuple tuple = SearchSysCache1(INDEXRELID, ObjectIdGetDatum(index_oid));
            if (!HeapTupleIsValid(tuple))
                elog(ERROR, "cache lookup failed for index %u", index_oid);
            auto *form = reinterpret_cast<Form_pg_index>(GETSTRUCT(tuple));
            bool unique = form->indisunique;
            bool has_column = false;
            for (int i = 0; i < form->indnkeyatts; i++)
                has_column = has_column || form->indkey.values[i] == table->dist_column;
            ReleaseSysCache(tuple);
            if (unique && !has_column)
                refuse_unique_without_dist_column(relid, "unique index", get_rel_name(index_oid),
                                                  table->dist_column);
        }
        items = partition_index_items(items, index_oid);
        TableCommands *commands = new_table_commands(relid);
        for (int i = 0; i < commands->count; i++)
            commands->commands[i] =
                operations::shard_index_command(relid, index_oid, commands->shard_ids[i]);
        items = lappend(items, commands);
    }
    send_table_commands(items);
}

// CREATE UNIQUE INDEX CONCURRENTLY is checked before it runs: the local index is committed
// before the shards see anything, so a unique index without the distribution column (which
// the shards cannot enforce) is refused from the statement itself.
void check_unique_index_statement(IndexStmt *stmt, Oid relid)
{
    const metadata::DistributedTable *table = metadata::lookup_distributed_table(relid);
    if (!stmt->unique || table == nullptr || table->dist_column == InvalidAttrNumber)
        return;
    const char *column = get_attname(relid, table->dist_column, false);
    ListCell *cell;
    foreach (cell, stmt->indexParams) {
        auto *element = castNode(IndexElem, lfirst(cell));
        if (element->name != nullptr && strcmp(element->name, column) == 0)
            return;
    }
    refuse_unique_without_dist_column(relid, "unique index",
                                      stmt->idxname != nullptr ? stmt->idxname : "(unnamed)",
                                      table->dist_column);
}

// Runs every command of `items` (TableCommands*) on every placement of its shard, one at a
// time, each on its own outside any transaction: for CREATE / DROP INDEX CONCURRENTLY, which
// refuse to run in a transaction block (or a multi-statement string). `what` names the work in
// the error, which says that the shards may be left half done, as PostgreSQL leaves an index
// after a failed concurrent build.
void send_table_commands_one_by_one(List *items, const char *what)
{
    ListCell *cell;
    foreach (cell, items) {
        auto *item = static_cast<TableCommands *>(lfirst(cell));
        const metadata::DistributedTable *table = metadata::lookup_distributed_table(item->relid);
        if (table == nullptr)
            elog(ERROR, "relation %u is not a distributed table", item->relid);
        for (int i = 0; i < item->count; i++) {
            const metadata::ShardInterval *shard = find_shard(table, item->shard_ids[i]);
            if (shard == nullptr || item->commands[i] == nullptr)
                continue;
            for (int p = 0; p < shard->placement_count; p++) {
                metadata::WorkerNode *node =
                    metadata::usable_node_for_group(shard->placements[p].group_id);
                executor::NodeConnection *connection = executor::get_node_connection(
                    node->node_name, node->node_port, executor::kConnectionExclusive);
                executor::send_command(connection, item->commands[i]);
                PGresult *result = executor::get_command_result_all(connection);
                if (result != nullptr && PQresultStatus(result) == PGRES_COMMAND_OK) {
                    PQclear(result);
                    executor::release_connection(connection);
                    continue;
                }
                // The shard's own error (its SQLSTATE: 23505 for a duplicate key), with where
                // it happened and what it leaves behind.
                const char *field =
                    result != nullptr ? PQresultErrorField(result, PG_DIAG_SQLSTATE) : nullptr;
                int code = ERRCODE_CONNECTION_FAILURE;
                if (field != nullptr && strlen(field) == 5)
                    code = MAKE_SQLSTATE(field[0], field[1], field[2], field[3], field[4]);
                field = result != nullptr ? PQresultErrorField(result, PG_DIAG_MESSAGE_PRIMARY)
                                          : nullptr;
                char *message = pstrdup(field != nullptr ? field : "no result");
                field = result != nullptr ? PQresultErrorField(result, PG_DIAG_MESSAGE_DETAIL)
                                          : nullptr;
                char *detail = field != nullptr ? pstrdup(field) : nullptr;
                if (result != nullptr)
                    PQclear(result);
                ereport(ERROR,
                        (errcode(code), errmsg_internal("%s", message),
                         detail != nullptr ? errdetail_internal("%s", detail) : 0,
                         errhint("Other shards may be left with or without the index (or with "
                                 "an invalid one); DROP INDEX removes it everywhere, then run "
                                 "the statement again."),
                         errcontext("%s on a shard of table \"%s\" on node %s:%d", what,
                                    get_rel_name(item->relid), node->node_name, node->node_port)));
            }
        }
    }
}

// CREATE INDEX CONCURRENTLY: PostgreSQL built the coordinator's index in transactions of its
// own and we are in the last of them. Each shard's index is built the same way, with CREATE
// INDEX CONCURRENTLY on each placement (so writes to the shards go on meanwhile).
void finish_create_index_concurrently(DdlPropagation *state)
{
    Oid relid = state->relid;
    // No DDL, move or drop of the table while the shards build (writes go on).
    LockRelationOid(relid, ShareUpdateExclusiveLock);
    if (metadata::lookup_distributed_table(relid) == nullptr)
        return;
    List *items = NIL;
    ListCell *cell;
    foreach (cell, index_oids(relid)) {
        Oid index_oid = lfirst_oid(cell);
        if (list_member_oid(state->old_objects, index_oid))
            continue;
        TableCommands *commands = new_table_commands(relid);
        for (int i = 0; i < commands->count; i++) {
            char *command =
                operations::shard_index_command(relid, index_oid, commands->shard_ids[i]);
            // "CREATE [UNIQUE] INDEX name ..." as shard_index_command builds it
            const char *keyword = strstr(command, "INDEX ");
            if (keyword == nullptr)
                elog(ERROR, "unexpected shard index command: %s", command);
            int prefix = static_cast<int>(keyword - command) + 6;
            commands->commands[i] =
                psprintf("%.*sCONCURRENTLY %s", prefix, command, command + prefix);
        }
        items = lappend(items, commands);
    }
    send_table_commands_one_by_one(items, "CREATE INDEX CONCURRENTLY");
}

// ---------------------------------------------------------------------------------------------
// Renames and DROP INDEX: generated before the local change, from the old names.

// "ALTER INDEX <old>_<id> RENAME TO <new>_<id>" (or DROP INDEX) for every shard of `table_relid`.
TableCommands *index_commands(Oid table_relid, Oid index_oid, const char *new_name,
                              DropBehavior behavior)
{
    TableCommands *commands = new_table_commands(table_relid);
    const char *old_name = get_rel_name(index_oid);
    Oid schema = get_rel_namespace(index_oid);
    for (int i = 0; i < commands->count; i++) {
        int64 shard_id = commands->shard_ids[i];
        char *shard_index = qualified_shard_object(schema, old_name, shard_id);
        if (new_name != nullptr)
            commands->commands[i] =
                psprintf("ALTER INDEX %s RENAME TO %s", shard_index,
                         quote_identifier(metadata::shard_table_name(new_name, shard_id)));
        else // IF EXISTS: a failed CREATE INDEX CONCURRENTLY leaves some shards without it
            commands->commands[i] = psprintf("DROP INDEX IF EXISTS %s%s", shard_index,
                                             behavior == DROP_CASCADE ? " CASCADE" : "");
    }
    return commands;
}

DdlPropagation *ready_state(Oid relid, List *items)
{
    if (items == NIL)
        return nullptr;
    auto *state = static_cast<DdlPropagation *>(palloc0(sizeof(DdlPropagation)));
    state->relid = relid;
    state->ready = items;
    return state;
}

DdlPropagation *prepare_rename(RenameStmt *stmt)
{
    switch (stmt->renameType) {
    case OBJECT_TABLE:
    case OBJECT_INDEX:
    case OBJECT_COLUMN:
    case OBJECT_TABCONSTRAINT:
        break;
    default:
        return nullptr;
    }
    if (stmt->relation == nullptr)
        return nullptr;
    Oid relid = RangeVarGetRelid(stmt->relation, NoLock, true);
    if (!OidIsValid(relid))
        return nullptr;
    if (stmt->renameType == OBJECT_TABLE || stmt->renameType == OBJECT_INDEX) {
        char relkind = get_rel_relkind(relid);
        if (relkind == RELKIND_INDEX) {
            Oid table_relid = IndexGetRelation(relid, true);
            if (!OidIsValid(table_relid) || !metadata::is_distributed_table(table_relid))
                return nullptr;
            return ready_state(table_relid, list_make1(index_commands(
                                                table_relid, relid, stmt->newname, DROP_RESTRICT)));
        }
    } else if (stmt->renameType == OBJECT_COLUMN && stmt->relationType != OBJECT_TABLE) {
        return nullptr; // a view's or a composite type's column
    }
    if (!metadata::is_distributed_table(relid))
        return nullptr;
    TableCommands *commands = new_table_commands(relid);
    Oid schema = get_rel_namespace(relid);
    const char *relname = get_rel_name(relid);
    bool suffix_constraint = false;
    if (stmt->renameType == OBJECT_TABCONSTRAINT)
        suffix_constraint = name_in_list(index_backed_constraint_names(relid), stmt->subname);
    for (int i = 0; i < commands->count; i++) {
        int64 shard_id = commands->shard_ids[i];
        char *shard = qualified_shard_object(schema, relname, shard_id);
        switch (stmt->renameType) {
        case OBJECT_TABLE:
            commands->commands[i] =
                psprintf("ALTER TABLE %s RENAME TO %s", shard,
                         quote_identifier(metadata::shard_table_name(stmt->newname, shard_id)));
            break;
        case OBJECT_COLUMN:
            commands->commands[i] =
                psprintf("ALTER TABLE %s RENAME COLUMN %s TO %s", shard,
                         quote_identifier(stmt->subname), quote_identifier(stmt->newname));
            break;
        default: // OBJECT_TABCONSTRAINT
            commands->commands[i] =
                psprintf("ALTER TABLE %s RENAME CONSTRAINT %s TO %s", shard,
                         quote_identifier(suffix_constraint
                                              ? metadata::shard_table_name(stmt->subname, shard_id)
                                              : stmt->subname),
                         quote_identifier(suffix_constraint
                                              ? metadata::shard_table_name(stmt->newname, shard_id)
                                              : stmt->newname));
            break;
        }
    }
    return ready_state(relid, list_make1(commands));
}

DdlPropagation *prepare_drop_index(DropStmt *stmt)
{
    List *items = NIL;
    Oid any_table = InvalidOid;
    ListCell *cell;
    foreach (cell, stmt->objects) {
        RangeVar *range = makeRangeVarFromNameList(static_cast<List *>(lfirst(cell)));
        Oid index_oid = RangeVarGetRelid(range, NoLock, true);
        if (!OidIsValid(index_oid) || get_rel_relkind(index_oid) != RELKIND_INDEX)
            continue;
        Oid table_relid = IndexGetRelation(index_oid, true);
        if (!OidIsValid(table_relid) || !metadata::is_distributed_table(table_relid))
            continue;
        any_table = table_relid;
        TableCommands *commands = index_commands(table_relid, index_oid, nullptr, stmt->behavior);
        if (stmt->concurrent) // sent after the local drop, each on its own (finish)
            for (int i = 0; i < commands->count; i++)
                commands->commands[i] = psprintf("DROP INDEX CONCURRENTLY %s",
                                                 commands->commands[i] + strlen("DROP INDEX "));
        items = lappend(items, commands);
    }
    DdlPropagation *state = ready_state(any_table, items);
    if (state != nullptr)
        state->concurrent = stmt->concurrent;
    return state;
}

// ALTER TABLE ... SET SCHEMA of a distributed or reference table: each shard moves to the new
// schema on its node (created there first if missing), named as the table's shards are named
// in it. Computed before the local change, while the shards still have their old names.
DdlPropagation *prepare_set_schema(AlterObjectSchemaStmt *stmt)
{
    if (stmt->objectType != OBJECT_TABLE)
        return nullptr;
    Oid relid = distributed_table_of(stmt->relation);
    Oid new_schema = get_namespace_oid(stmt->newschema, true);
    if (!OidIsValid(relid) || !OidIsValid(new_schema))
        return nullptr; // not distributed, or PostgreSQL reports the missing schema
    TableCommands *commands = new_table_commands(relid);
    Oid schema = get_rel_namespace(relid);
    const char *relname = get_rel_name(relid);
    char *ensure_schema = operations::ensure_schema_command(new_schema);
    for (int i = 0; i < commands->count; i++)
        commands->commands[i] =
            psprintf("%s; ALTER TABLE %s SET SCHEMA %s", ensure_schema,
                     qualified_shard_object(schema, relname, commands->shard_ids[i]),
                     quote_identifier(stmt->newschema));
    return ready_state(relid, list_make1(commands));
}

} // namespace

// ---------------------------------------------------------------------------------------------

DdlPropagation *prepare_ddl_propagation(PlannedStmt *pstmt, const char *query_string,
                                        ProcessUtilityContext context)
{
    Node *parsetree = pstmt->utilityStmt;
    if (parsetree == nullptr || !metadata::extension_present())
        return nullptr;
    DdlPropagation *state = nullptr;
    Oid relid = InvalidOid;
    switch (nodeTag(parsetree)) {
    case T_AlterTableStmt: {
        auto *stmt = castNode(AlterTableStmt, parsetree);
        if (stmt->objtype != OBJECT_TABLE || is_partition_alter_table(stmt) ||
            !OidIsValid(relid = distributed_table_of(stmt->relation)))
            return nullptr; // ATTACH / DETACH PARTITION: partition_commands.cpp
        if (context == PROCESS_UTILITY_SUBCOMMAND || query_string == nullptr ||
            stmt->relation->location < 0)
            refuse(relid, "ALTER TABLE as part of another statement", nullptr);
        state = prepare_alter_table(stmt, relid);
        break;
    }
    case T_IndexStmt: {
        auto *stmt = castNode(IndexStmt, parsetree);
        if (!OidIsValid(relid = distributed_table_of(stmt->relation)))
            return nullptr;
        if (stmt->concurrent)
            check_unique_index_statement(stmt, relid);
        if (context == PROCESS_UTILITY_SUBCOMMAND)
            refuse(relid, "CREATE INDEX as part of another statement", nullptr);
        state = static_cast<DdlPropagation *>(palloc0(sizeof(DdlPropagation)));
        state->stmt = parsetree;
        state->relid = relid;
        state->old_objects = index_oids(relid);
        return state;
    }
    case T_RenameStmt:
        return prepare_rename(castNode(RenameStmt, parsetree));
    case T_AlterObjectSchemaStmt:
        return prepare_set_schema(castNode(AlterObjectSchemaStmt, parsetree));
    case T_DropStmt: {
        auto *stmt = castNode(DropStmt, parsetree);
        if (stmt->removeType != OBJECT_INDEX)
            return nullptr;
        return prepare_drop_index(stmt);
    }
    default:
        return nullptr;
    }
    state->text = statement_text(pstmt, query_string);
    state->text_offset = pstmt->stmt_location > 0 ? pstmt->stmt_location : 0;
    return state;
}

void send_commands_to_shards(List *relids, char *(*make_command)(Oid, int64, void *), void *arg)
{
    List *items = NIL;
    ListCell *cell;
    foreach (cell, relids) {
        TableCommands *commands = new_table_commands(lfirst_oid(cell));
        for (int i = 0; i < commands->count; i++)
            commands->commands[i] = make_command(commands->relid, commands->shard_ids[i], arg);
        items = lappend(items, commands);
    }
    send_table_commands(items);
}

void finish_ddl_propagation(DdlPropagation *propagation)
{
    if (propagation == nullptr)
        return;
    if (propagation->ready != NIL && propagation->concurrent) {
        send_table_commands_one_by_one(propagation->ready, "DROP INDEX CONCURRENTLY");
        return;
    }
    if (propagation->ready != NIL) {
        send_table_commands(propagation->ready);
        return;
    }
    if (IsA(propagation->stmt, AlterTableStmt))
        finish_alter_table(propagation);
    else if (IsA(propagation->stmt, IndexStmt) &&
             castNode(IndexStmt, propagation->stmt)->concurrent)
        finish_create_index_concurrently(propagation);
    else if (IsA(propagation->stmt, IndexStmt))
        finish_create_index(propagation);
}

} // namespace tessera::commands
