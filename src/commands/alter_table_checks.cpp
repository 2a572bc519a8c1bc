// ALTER TABLE on distributed and reference tables, before it runs: prepare_alter_table refuses
// the subcommands the shards cannot follow and records what finish_alter_table
// (alter_table_propagation.cpp) needs, such as the constraints before the change. Moved from
// alter_table_propagation.cpp, unchanged. PostgreSQL-style code.
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
#include "parser/parse_expr.h"
#include "parser/parse_relation.h"
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

namespace {

// Checks one constraint of an ALTER TABLE before it runs. finish_alter_table checks a foreign
// key again once it exists and adds it to the shards itself, from its pg_constraint row (the
// statement text the shards get leaves it out).
void check_new_constraint(Oid relid, const metadata::DistributedTable *table, Constraint *con,
                          bool among_others)
{
    // A foreign key declared with other subcommands (or inline in ADD COLUMN) may use columns the
    // statement adds, which the shards lack while PostgreSQL validates it here (by a query on the
    // distributed table): it is created valid here without that query, and the workers validate
    // it as it reaches the shards (add_foreign_key_to_shards), failing the statement on a
    // violation. NOT VALID stays not valid.
    if (con->contype == CONSTR_FOREIGN && among_others && !con->skip_validation) {
        con->skip_validation = true;
        con->initially_valid = true;
    }
    if (con->contype == CONSTR_FOREIGN)
        operations::check_new_foreign_key(relid, con->pktable != nullptr
                                                     ? RangeVarGetRelid(con->pktable, NoLock, true)
                                                     : InvalidOid);
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

// The USING expression of ALTER COLUMN ... TYPE, analyzed against `relid` as it is before the
// change (as PostgreSQL analyzes it), for its volatility. The statement takes the same lock.
Node *using_expression(Oid relid, Node *raw)
{
    Relation relation = relation_open(relid, AccessExclusiveLock);
    ParseState *pstate = make_parsestate(nullptr);
    ParseNamespaceItem *item =
        addRangeTableEntryForRelation(pstate, relation, AccessExclusiveLock, nullptr, false, true);
    addNSItemToQuery(pstate, item, false, true, true);
    Node *expression = transformExpr(pstate, copyObject(raw), EXPR_KIND_ALTER_COL_TRANSFORM);
    free_parsestate(pstate);
    relation_close(relation, NoLock);
    return expression;
}

} // namespace

// Each copy of a reference table runs the statement itself: a volatile default (random(),
// clock_timestamp(), gen_random_uuid()) or USING expression would give the existing rows other
// values on every copy, and reads would then answer differently by the copy they reach.
// Refused when the table has rows; a later UPDATE computes the values once for every copy.
void check_reference_fill_expression(Oid relid, const metadata::DistributedTable *table,
                                     const char *column, Node *expression, bool using_clause)
{
    if (expression == nullptr || !metadata::is_reference_table(relid) ||
        !contain_volatile_functions(expression))
        return;
    int64 *counts = shard_row_counts(relid, table);
    if (table->shard_count < 1 || counts[0] == 0)
        return;
    if (using_clause)
        ereport(ERROR,
                (errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
                 errmsg("cannot change the type of column \"%s\" of reference table \"%s\" "
                        "with a volatile USING expression",
                        column, get_rel_name(relid)),
                 errdetail("Each copy of the table would compute its own values for the "
                           "existing rows, and the copies would differ."),
                 errhint("Change the type with a USING expression that is not volatile, then "
                         "set the values with UPDATE.")));
    ereport(ERROR,
            (errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
             errmsg("cannot add column \"%s\" to reference table \"%s\" with a volatile "
                    "default",
                    column, get_rel_name(relid)),
             errdetail("Each copy of the table would compute its own values for the existing "
                       "rows, and the copies would differ."),
             errhint("Add the column without a default, set its values with UPDATE, then set "
                     "the default with ALTER COLUMN ... SET DEFAULT.")));
}

// Refuses what the shards cannot follow; records the constraints before the change.
DdlPropagation *prepare_alter_table(AlterTableStmt *stmt, Oid relid)
{
    const metadata::DistributedTable *table = metadata::lookup_distributed_table(relid);
    const char *dist_name = table->dist_column != InvalidAttrNumber
                                ? get_attname(relid, table->dist_column, false)
                                : nullptr;
    List *sequence_columns = NIL;
    ListCell *cell;
    foreach (cell, stmt->cmds) {
        auto *cmd = castNode(AlterTableCmd, lfirst(cell));
        switch (cmd->subtype) {
        case AT_AddColumn: {
            auto *def = castNode(ColumnDef, cmd->def);
            ListCell *con_cell;
            foreach (con_cell, def->constraints) {
                auto *con = castNode(Constraint, lfirst(con_cell));
                if (con->contype != CONSTR_IDENTITY)
                    check_new_constraint(relid, table, con, true);
            }
            // A serial or identity column: its sequence stays on the coordinator and
            // finish_alter_table numbers the existing rows from it (fill_sequence_columns).
            // ADD COLUMN IF NOT EXISTS of an existing column adds nothing.
            if ((is_serial_type(def->typeName) || has_identity_constraint(def)) &&
                get_attnum(relid, def->colname) == InvalidAttrNumber)
                sequence_columns = lappend(sequence_columns, def->colname);
            break;
        }
        case AT_AddConstraint:
            check_new_constraint(relid, table, castNode(Constraint, cmd->def),
                                 list_length(stmt->cmds) > 1);
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
            if (cmd->subtype == AT_AlterColumnType && metadata::is_reference_table(relid)) {
                auto *def = castNode(ColumnDef, cmd->def);
                if (def->raw_default != nullptr)
                    check_reference_fill_expression(
                        relid, table, cmd->name, using_expression(relid, def->raw_default), true);
            }
            break;
        case AT_ColumnDefault:
        // DROP EXPRESSION: the shards' column is generated by the same expression.
        case AT_DropExpression:
        // ALTER CONSTRAINT (foreign keys only): the shards' foreign keys keep the table's names.
        case AT_AlterConstraint:
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
        // SET LOGGED / UNLOGGED: the same text on every shard (new shards are created with the
        // table's persistence, shard_ddl). PostgreSQL checks the foreign keys here first, and the
        // shards' foreign keys mirror the table's.
        case AT_SetLogged:
        case AT_SetUnLogged:
        // CLUSTER ON <index> (the shard's copy of the index, see finish_alter_table) and SET
        // WITHOUT CLUSTER; new shards get the mark from shard_settings_commands.
        case AT_ClusterOn:
        case AT_DropCluster:
            break;
        // ENABLE / DISABLE TRIGGER: the shards have the table's triggers, under the same names.
        case AT_EnableTrig:
        case AT_EnableAlwaysTrig:
        case AT_EnableReplicaTrig:
        case AT_DisableTrig:
        case AT_EnableTrigAll:
        case AT_DisableTrigAll:
        case AT_EnableTrigUser:
        case AT_DisableTrigUser:
            break;
        // ENABLE / DISABLE / FORCE / NO FORCE ROW LEVEL SECURITY: the shards have the table's
        // policies (policy_propagation.cpp).
        case AT_EnableRowSecurity:
        case AT_DisableRowSecurity:
        case AT_ForceRowSecurity:
        case AT_NoForceRowSecurity:
            break;
        // ADD GENERATED ... AS IDENTITY, SET GENERATED / sequence options, DROP IDENTITY:
        // the identity and its sequence live on the coordinator alone (the shards' column is
        // a plain NOT NULL one, as for tables distributed with an identity column), so the
        // shards have nothing to change; finish_alter_table sends nothing for them.
        case AT_AddIdentity:
        case AT_SetIdentity:
        case AT_DropIdentity:
            if (list_length(stmt->cmds) != 1)
                refuse(relid, "changing an identity together with other ALTER TABLE subcommands",
                       "Change the identity with its own ALTER TABLE ... ALTER COLUMN statement.");
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
                     "ADD/SET/DROP IDENTITY, DROP EXPRESSION, ALTER CONSTRAINT, "
                     "ENABLE/DISABLE TRIGGER, ENABLE/DISABLE/FORCE/NO FORCE ROW LEVEL SECURITY, "
                     "SET LOGGED/UNLOGGED, CLUSTER ON, SET WITHOUT CLUSTER, OWNER TO.",
                     get_rel_name(relid), table_kind(relid))));
        }
    }
    auto *state = static_cast<DdlPropagation *>(palloc0(sizeof(DdlPropagation)));
    state->stmt = reinterpret_cast<Node *>(stmt);
    state->relid = relid;
    state->old_objects = constraint_oids(relid);
    state->index_backed_names = index_backed_constraint_names(relid);
    state->sequence_columns = sequence_columns;
    return state;
}

} // namespace tessera::commands::ddl_internal
