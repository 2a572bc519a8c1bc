// The parts of DDL propagation shared by its files: ddl_propagation.cpp (the entry points,
// catalog helpers, sending per-shard commands, renames, SET SCHEMA), alter_table_propagation.cpp
// (ALTER TABLE; its checks before it runs in alter_table_checks.cpp, the edits of its text in
// alter_table_text_edits.cpp; sequence_column_fill.cpp numbers the columns it adds from a
// sequence) and
// index_propagation.cpp (CREATE and DROP INDEX). Not for other files: they use
// ddl_propagation.h.
#pragma once

#include "tessera/commands/ddl_propagation.h"
#include "tessera/commands/shard_statement_text.h"
#include "tessera/metadata/distributed_table.h"

extern "C" {
#include "nodes/parsenodes.h"
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
    Oid index_oid;            // ALTER INDEX: the index (relid is its table)
    List *sequence_columns;   // char*: serial / identity columns ALTER TABLE ADD COLUMN adds
};

namespace ddl_internal {

// --- index_alter_propagation.cpp: ALTER INDEX of an index of a distributed table

// The index `range` names, if it is an index of a distributed or reference table (its table in
// *table_relid); else InvalidOid.
Oid distributed_index_of(RangeVar *range, Oid *table_relid);

// Refuses the subcommands the shards' indexes cannot follow; the state for finish_alter_index.
DdlPropagation *prepare_alter_index(AlterTableStmt *stmt, Oid index_oid, Oid table_relid);

// The same storage parameters and statistics targets on every shard's copy of the index.
void finish_alter_index(DdlPropagation *state);

// --- ddl_propagation.cpp: catalog helpers, refusals, per-shard commands

// "reference table" or "distributed table", for messages.
const char *table_kind(Oid relid);
// Oids of the pg_constraint rows of `relid`, ascending.
List *constraint_oids(Oid relid);
// True for the constraint types backed by an index (PRIMARY KEY, UNIQUE, EXCLUDE).
bool index_backed(char contype);
// contype and name of constraint `oid`; false if it is gone.
bool constraint_info(Oid oid, char *contype, char **name);
// Names of the index-backed constraints of `relid`.
List *index_backed_constraint_names(Oid relid);
// True if `names` (char*) holds `name`.
bool name_in_list(List *names, const char *name);
// ERROR: `what` is not supported for distributed tables (with the table's kind, and `hint`).
[[noreturn]] void refuse(Oid relid, const char *what, const char *hint);
// ERROR: a unique `kind` (constraint, index) called `name` lacks the distribution column.
[[noreturn]] void refuse_unique_without_dist_column(Oid relid, const char *kind, const char *name,
                                                    AttrNumber dist_column);
// ERROR: exclusion constraint `name` does not compare the distribution column with =.
[[noreturn]] void refuse_exclusion_across_shards(Oid relid, const char *name,
                                                 AttrNumber dist_column);
// Room for one command per shard of distributed or reference table `relid`.
TableCommands *new_table_commands(Oid relid);
// Quoted schema-qualified name of shard `shard_id` of a relation `relname` in `schema`.
char *qualified_shard_object(Oid schema, const char *relname, int64 shard_id);
// The shard `shard_id` of `table`, or nullptr.
const metadata::ShardInterval *find_shard(const metadata::DistributedTable *table, int64 shard_id);
// Runs every command of `items` (TableCommands*) on every placement of its shard in the
// coordinated transaction, one batch per node, the nodes in parallel.
void send_table_commands(List *items);
// A propagation whose commands (`items`) were computed before the local change; nullptr if none.
DdlPropagation *ready_state(Oid relid, List *items);

// DROP TRIGGER / DROP POLICY (`kind`): for each object of `stmt` on a distributed or reference
// table, "DROP <kind> IF EXISTS <name> ON <shard>" for every shard (CASCADE kept); objects named
// `skipped` (nullptr: none) stay on the coordinator.
DdlPropagation *prepare_drop_table_objects(DropStmt *stmt, const char *kind, const char *skipped);

// --- alter_table_propagation.cpp (prepare_alter_table: alter_table_checks.cpp)

// Checks an ALTER TABLE of distributed table `relid` before it runs (refusing what the shards
// cannot follow) and records the constraints it starts from.
DdlPropagation *prepare_alter_table(AlterTableStmt *stmt, Oid relid);
// Sends the ALTER TABLE, rewritten for each shard, after it ran locally.
void finish_alter_table(DdlPropagation *state);
// The stored default of column `attname` of `relid`, or nullptr.
Node *column_default_expression(Oid relid, const char *attname);

// --- alter_table_text_edits.cpp: the edits of ALTER TABLE's own text for the shards

// Token range [*start, *end) of the expression of the DEFAULT clause `con` among tokens
// [from, to) of an ADD COLUMN (see alter_table_text_edits.cpp).
void default_expression_tokens(const shard_text::Token *tokens, int count, int from, int to,
                               int offset, Constraint *con, int *start, int *end);
// Edits for a constraint of the statement: its name becomes the shard's for index-backed
// constraints; an unnamed one gets the name PostgreSQL chose locally (among `created`).
List *constraint_edits(List *edits, DdlPropagation *state, const shard_text::Token *tokens,
                       int count, Constraint *con, Oid *created, char *created_types,
                       char **created_names, bool *used, int created_count);
// The value of column default `expression` computed here, as a constant deparsed for the workers.
char *default_value_literal(Node *expression);
// Where the statement's text ends: before a trailing ';' and white space.
int statement_end_offset(DdlPropagation *state);
// An edit that leaves out the foreign key `con` declared inline in an ADD COLUMN (tokens
// [piece_start, piece_end)); finish_alter_table adds it to the shards from its pg_constraint row.
List *inline_foreign_key_edit(List *edits, DdlPropagation *state, const shard_text::Token *tokens,
                              int piece_start, int piece_end, int count, Constraint *con);

// --- sequence_column_fill.cpp: columns ADD COLUMN numbers from a sequence (serial, identity,
// DEFAULT nextval('<existing sequence>'))

// A serial or identity column added by the statement: the coordinator's sequence numbers the
// rows the shards already hold, shard by shard (first[s] is the first value of shard s, whose
// rows take first[s], first[s] + increment, ...).
struct FillColumn {
    const char *name;
    AttrNumber attnum;
    Oid sequence;
    bool from_default; // DEFAULT nextval('<existing sequence>') rather than serial / identity
    int64 increment;
    const char *type_name; // the column's type, for the shards
    int64 *first;          // per shard, in the order of the table's shards
    int64 *rows;           // the rows of each shard
};

// True if the column definition says GENERATED ... AS IDENTITY.
bool has_identity_constraint(ColumnDef *def);
// The rows each shard of `relid` holds now (one placement each, in the coordinated
// transaction), in the order of the table's shards.
int64 *shard_row_counts(Oid relid, const metadata::DistributedTable *table);
// ERROR if `expression` (an ADD COLUMN default, or an ALTER COLUMN TYPE USING expression when
// `using_clause`) is volatile and would fill the existing rows of reference table `relid`:
// each copy would compute its own values (alter_table_checks.cpp).
void check_reference_fill_expression(Oid relid, const metadata::DistributedTable *table,
                                     const char *column, Node *expression, bool using_clause);
// The sequence of a column default that is nextval('<sequence>') alone, or InvalidOid.
Oid nextval_default_sequence(Node *expression);
// Draws the values of every shard's existing rows for the serial / identity columns `names` and
// the columns added with DEFAULT nextval (`from_defaults`): a List of FillColumn*.
List *fill_sequence_columns(Oid relid, const metadata::DistributedTable *table, List *names,
                            List *from_defaults);
// The FillColumn of column `name` among `columns`, or nullptr.
FillColumn *find_fill_column(List *columns, const char *name);
// The edits of an added serial or identity column (or DEFAULT nextval) for the shards' text.
List *sequence_column_edits(List *edits, DdlPropagation *state, const shard_text::Token *tokens,
                            int count, ColumnDef *def, FillColumn *column);
// What runs on shard `s` before the statement (its fill sequence) and after it (drops it, and
// numbers a reference table's copies alike).
char *fill_commands_before(Oid relid, int64 shard_id, int s, List *columns);
char *fill_commands_after(Oid relid, const metadata::ShardInterval *shard, int s, List *columns);

// --- index_propagation.cpp

// Oids of the indexes of `relid`.
List *index_oids(Oid relid);
// Refuses CREATE UNIQUE INDEX CONCURRENTLY without the distribution column before it runs.
void check_unique_index_statement(IndexStmt *stmt, Oid relid);
// Creates the indexes the statement made locally on every shard.
void finish_create_index(DdlPropagation *state);
// The same for CREATE INDEX CONCURRENTLY: each shard's index built concurrently on its own.
void finish_create_index_concurrently(DdlPropagation *state);
// Runs `items` one command at a time, outside transactions (CREATE / DROP INDEX CONCURRENTLY).
void send_table_commands_one_by_one(List *items, const char *what);
// Renames (new_name) or drops (new_name == nullptr) index `index_oid` on every shard.
TableCommands *index_commands(Oid table_relid, Oid index_oid, const char *new_name,
                              DropBehavior behavior);
// DROP INDEX of indexes of distributed tables: the shard commands, computed before the drop.
DdlPropagation *prepare_drop_index(DropStmt *stmt);

// --- trigger_propagation.cpp: CREATE and DROP TRIGGER

// CREATE TRIGGER on a distributed or reference table: checked (check_create_trigger), and the
// state finish_create_trigger needs; nullptr for other tables.
DdlPropagation *prepare_create_trigger(CreateTrigStmt *stmt);

// After the local CREATE TRIGGER: its function made distributed if needed, the trigger created on
// every shard from the catalogs (replacing the shard's for CREATE OR REPLACE).
void finish_create_trigger(DdlPropagation *state);

// --- policy_propagation.cpp: CREATE, ALTER and DROP POLICY

// CREATE POLICY or ALTER POLICY on a distributed or reference table: the state
// finish_policy needs; nullptr for other tables.
DdlPropagation *prepare_policy(Node *stmt);

// After the local CREATE / ALTER POLICY: the policy checked (check_shard_policies) and made on
// every shard from the catalogs (ALTER: the shard's policy replaced).
void finish_policy(DdlPropagation *state);

// --- statistics_propagation.cpp: CREATE, ALTER and DROP STATISTICS

// CREATE STATISTICS on a distributed or reference table, ALTER STATISTICS (SET STATISTICS,
// OWNER TO, RENAME) and DROP STATISTICS of its statistics objects: the state
// finish_statistics needs (RENAME and DROP: their shard commands, computed now); nullptr for
// other statements and tables.
DdlPropagation *prepare_statistics(Node *stmt);

// After the local CREATE STATISTICS or ALTER STATISTICS: the same on every shard's copy, from
// the catalogs.
void finish_statistics(DdlPropagation *state);

} // namespace ddl_internal
} // namespace tessera::commands
