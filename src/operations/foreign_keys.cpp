// Foreign keys between shards: the checks made when a table is distributed and the shard DDL,
// assembled from the fields of pg_constraint (never by editing the text of a definition).
// PostgreSQL-style code: no C++ objects with destructors live in these frames.
#include "tessera/operations/foreign_keys.h"

#include "tessera/metadata/distributed_table.h"
#include "tessera/operations/shard_ddl.h"

extern "C" {
#include "access/genam.h"
#include "access/htup_details.h"
#include "access/stratnum.h"
#include "access/table.h"
#include "catalog/indexing.h"
#include "catalog/pg_constraint.h"
#include "catalog/pg_inherits.h"
#include "commands/trigger.h"
#include "lib/stringinfo.h"
#include "nodes/parsenodes.h"
#include "storage/lmgr.h"
#include "utils/builtins.h"
#include "utils/fmgroids.h"
#include "utils/lsyscache.h"
#include "utils/rel.h"
#include "utils/syscache.h"
}

namespace tessera::operations {

namespace {

// One foreign key of a table, decoded from its pg_constraint row.
struct ForeignKey {
    Oid oid;
    char *name;
    Oid relid;            // referencing table
    Oid referenced_relid; // referenced table
    int key_count;
    AttrNumber keys[INDEX_MAX_KEYS];            // referencing columns
    AttrNumber referenced_keys[INDEX_MAX_KEYS]; // referenced columns, in the same order
    int delete_set_count;
    AttrNumber delete_set_keys[INDEX_MAX_KEYS]; // ON DELETE SET NULL/DEFAULT (columns)
    char update_action;
    char delete_action;
    char match_type;
    bool deferrable;
    bool deferred;
    bool validated;
};

ForeignKey *decode_foreign_key(HeapTuple tuple)
{
    Form_pg_constraint con = reinterpret_cast<Form_pg_constraint>(GETSTRUCT(tuple));
    ForeignKey *key = static_cast<ForeignKey *>(palloc0(sizeof(ForeignKey)));
    key->oid = con->oid;
    key->name = pstrdup(NameStr(con->conname));
    key->relid = con->conrelid;
    key->referenced_relid = con->confrelid;
    Oid pf_operators[INDEX_MAX_KEYS];
    Oid pp_operators[INDEX_MAX_KEYS];
    Oid ff_operators[INDEX_MAX_KEYS];
    DeconstructFkConstraintRow(tuple, &key->key_count, key->keys, key->referenced_keys,
                               pf_operators, pp_operators, ff_operators, &key->delete_set_count,
                               key->delete_set_keys);
    key->update_action = con->confupdtype;
    key->delete_action = con->confdeltype;
    key->match_type = con->confmatchtype;
    key->deferrable = con->condeferrable;
    key->deferred = con->condeferred;
    key->validated = con->convalidated;
    return key;
}

// list_sort comparator: foreign keys by constraint OID, their order of creation.
int compare_foreign_key_oids(const ListCell *a, const ListCell *b)
{
    Oid x = static_cast<const ForeignKey *>(lfirst(a))->oid;
    Oid y = static_cast<const ForeignKey *>(lfirst(b))->oid;
    return x < y ? -1 : x > y ? 1 : 0;
}

// The foreign keys (ForeignKey*) declared on `relid`, by name.
List *outgoing_foreign_keys(Oid relid)
{
    List *keys = NIL;
    ListCell *cell;
    foreach (cell, table_constraints(relid)) {
        auto tuple = static_cast<HeapTuple>(lfirst(cell));
        if (reinterpret_cast<Form_pg_constraint>(GETSTRUCT(tuple))->contype == CONSTRAINT_FOREIGN)
            keys = lappend(keys, decode_foreign_key(tuple));
    }
    return keys;
}

// The tables other than `relid` with a foreign key referencing `relid` (a List of Oid, each once).
List *referencing_tables(Oid relid)
{
    Relation rel = table_open(ConstraintRelationId, AccessShareLock);
    SysScanDesc scan = systable_beginscan(rel, InvalidOid, false, nullptr, 0, nullptr);
    List *tables = NIL;
    HeapTuple tuple;
    while (HeapTupleIsValid(tuple = systable_getnext(scan))) {
        Form_pg_constraint con = reinterpret_cast<Form_pg_constraint>(GETSTRUCT(tuple));
        if (con->contype == CONSTRAINT_FOREIGN && con->confrelid == relid && con->conrelid != relid)
            tables = list_append_unique_oid(tables, con->conrelid);
    }
    systable_endscan(scan);
    table_close(rel, AccessShareLock);
    return tables;
}

const char *action_sql(char action)
{
    switch (action) {
    case FKCONSTR_ACTION_RESTRICT:
        return "RESTRICT";
    case FKCONSTR_ACTION_CASCADE:
        return "CASCADE";
    case FKCONSTR_ACTION_SETNULL:
        return "SET NULL";
    case FKCONSTR_ACTION_SETDEFAULT:
        return "SET DEFAULT";
    default:
        return "NO ACTION";
    }
}

// "(a, b)" for columns `keys` of `relid`.
char *column_list(Oid relid, const AttrNumber *keys, int count)
{
    StringInfoData buf;
    initStringInfo(&buf);
    appendStringInfoChar(&buf, '(');
    for (int i = 0; i < count; i++) {
        if (i > 0)
            appendStringInfoString(&buf, ", ");
        appendStringInfoString(&buf, quote_identifier(get_attname(relid, keys[i], false)));
    }
    appendStringInfoChar(&buf, ')');
    return buf.data;
}

// True if an action of `key` assigns `attnum` (SET NULL or SET DEFAULT).
bool action_sets_column(const ForeignKey *key, char action, bool on_delete, AttrNumber attnum)
{
    if (action != FKCONSTR_ACTION_SETNULL && action != FKCONSTR_ACTION_SETDEFAULT)
        return false;
    const AttrNumber *columns = key->keys;
    int count = key->key_count;
    if (on_delete && key->delete_set_count > 0) {
        columns = key->delete_set_keys;
        count = key->delete_set_count;
    }
    for (int i = 0; i < count; i++) {
        if (columns[i] == attnum)
            return true;
    }
    return false;
}

char *qualified_table_name(Oid relid)
{
    return quote_qualified_identifier(get_namespace_name(get_rel_namespace(relid)),
                                      get_rel_name(relid));
}

// The checks of check_outgoing_foreign_keys for the keys of `relid` (only the key `only_key`
// unless InvalidOid), each error starting with `failure`; shared by create_distributed_table and
// ALTER TABLE ... ADD FOREIGN KEY on a table that is distributed already.
// `single_shard`: `relid` is (becoming) a single-shard table, which may reference reference
// tables and the single-shard tables of its own colocation group (all on one node), by any
// columns.
bool check_foreign_keys(Oid relid, AttrNumber dist_column, int32 colocation_id, Oid only_key,
                        const char *failure, bool single_shard = false)
{
    bool reference = dist_column == InvalidAttrNumber && !single_shard;
    char *relname = get_rel_name(relid);
    bool references_reference = false;
    ListCell *cell;
    foreach (cell, outgoing_foreign_keys(relid)) {
        ForeignKey *key = static_cast<ForeignKey *>(lfirst(cell));
        if (OidIsValid(only_key) && key->oid != only_key)
            continue;
        Oid other = key->referenced_relid;
        char *other_name = get_rel_name(other);
        AttrNumber other_dist_column = InvalidAttrNumber;
        if (other == relid) {
            other_dist_column = dist_column;
        } else {
            // Keep the referenced table from being dropped or undistributed meanwhile.
            LockRelationOid(other, AccessShareLock);
            const metadata::DistributedTable *target = metadata::lookup_distributed_table(other);
            if (target == nullptr)
                ereport(ERROR,
                        (errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
                         errmsg("%s: foreign key \"%s\" references local table \"%s\"", failure,
                                key->name, other_name),
                         errdetail("Foreign keys of distributed and reference tables can only "
                                   "reference distributed and reference tables."),
                         errhint("Distribute \"%s\" first, with create_reference_table() or "
                                 "create_distributed_table(), then retry.",
                                 other_name)));
            if (target->partition_method == metadata::kDistributeByNone) {
                references_reference = true;
                continue;
            }
            if (single_shard != target->single_shard && !reference)
                ereport(
                    ERROR,
                    (errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
                     errmsg("%s: foreign key \"%s\" references %s table \"%s\"", failure, key->name,
                            target->single_shard ? "single-shard distributed" : "hash-distributed",
                            other_name),
                     errdetail("Foreign keys between a single-shard distributed table and a "
                               "hash-distributed table are not supported."),
                     errhint("A single-shard table can reference reference tables and the "
                             "single-shard tables colocated with it.")));
            if (single_shard) {
                if (colocation_id == 0 || target->colocation_id != colocation_id)
                    ereport(ERROR,
                            (errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
                             errmsg("%s: foreign key \"%s\" references table \"%s\", which is not "
                                    "colocated with it",
                                    failure, key->name, other_name),
                             errdetail("Foreign keys between single-shard tables are enforced on "
                                       "their node, so both tables must be colocated."),
                             errhint("Distribute \"%s\" with colocate_with => '%s'.", relname,
                                     qualified_table_name(other))));
                continue;
            }
            if (reference)
                ereport(ERROR,
                        (errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
                         errmsg("%s: foreign key \"%s\" references distributed table \"%s\"",
                                failure, key->name, other_name),
                         errdetail("Every worker holds all rows of a reference table but only "
                                   "some shards of a distributed table, so a reference table "
                                   "can only reference other reference tables."),
                         errhint("Make \"%s\" a reference table too, or distribute \"%s\" "
                                 "colocated with \"%s\".",
                                 other_name, relname, other_name)));
            other_dist_column = target->dist_column;
        }
        if (reference || single_shard)
            continue; // a reference or single-shard table referencing itself

        bool matched = false;
        for (int i = 0; i < key->key_count; i++)
            matched = matched ||
                      (key->keys[i] == dist_column && key->referenced_keys[i] == other_dist_column);
        if (!matched)
            ereport(ERROR,
                    (errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
                     errmsg("%s: foreign key \"%s\" does not pair the distribution columns",
                            failure, key->name),
                     errdetail("The key must pair distribution column \"%s\" with distribution "
                               "column \"%s\" of \"%s\", so that referenced rows are in the same "
                               "shard group.",
                               get_attname(relid, dist_column, false),
                               get_attname(other, other_dist_column, false), other_name),
                     errhint("Include the distribution columns of both tables at the same "
                             "position of the foreign key.")));
        if (other != relid &&
            (colocation_id == 0 ||
             metadata::lookup_distributed_table(other)->colocation_id != colocation_id))
            ereport(ERROR, (errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
                            errmsg("%s: foreign key \"%s\" references table \"%s\", which is not "
                                   "colocated with it",
                                   failure, key->name, other_name),
                            errdetail("Foreign keys between distributed tables are enforced within "
                                      "each shard group, so both tables must be colocated."),
                            errhint("Distribute \"%s\" with colocate_with => '%s'.", relname,
                                    qualified_table_name(other))));
        bool on_delete = action_sets_column(key, key->delete_action, true, dist_column);
        if (on_delete || action_sets_column(key, key->update_action, false, dist_column))
            ereport(ERROR,
                    (errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
                     errmsg("%s: foreign key \"%s\" would change distribution column \"%s\" on %s",
                            failure, key->name, get_attname(relid, dist_column, false),
                            on_delete ? "delete" : "update"),
                     errdetail("SET NULL and SET DEFAULT actions cannot assign the distribution "
                               "column: the row would belong to another shard."),
                     errhint("Use CASCADE, RESTRICT or NO ACTION, or name the other columns: "
                             "ON DELETE SET NULL (column, ...).")));
    }
    return references_reference;
}

} // namespace

bool check_outgoing_foreign_keys(Oid relid, AttrNumber dist_column, int32 colocation_id,
                                 bool single_shard)
{
    char *relname = get_rel_name(relid);
    const char *failure = dist_column == InvalidAttrNumber && !single_shard
                              ? psprintf("cannot create reference table \"%s\"", relname)
                              : psprintf("cannot distribute table \"%s\"", relname);
    return check_foreign_keys(relid, dist_column, colocation_id, InvalidOid, failure, single_shard);
}

bool check_added_foreign_key(Oid relid, Oid constraint_oid)
{
    const metadata::DistributedTable *table = metadata::lookup_distributed_table(relid);
    if (table == nullptr)
        elog(ERROR, "relation %u is not a distributed table", relid);
    const char *failure =
        psprintf("cannot add foreign key to %s \"%s\"",
                 table->partition_method == metadata::kDistributeByNone ? "reference table"
                                                                        : "distributed table",
                 get_rel_name(relid));
    return check_foreign_keys(relid, table->dist_column, table->colocation_id, constraint_oid,
                              failure, table->single_shard);
}

Oid foreign_key_colocation_target(Oid relid, AttrNumber dist_column)
{
    ListCell *cell;
    foreach (cell, outgoing_foreign_keys(relid)) {
        ForeignKey *key = static_cast<ForeignKey *>(lfirst(cell));
        Oid other = key->referenced_relid;
        if (other == relid)
            continue;
        const metadata::DistributedTable *target = metadata::lookup_distributed_table(other);
        if (target == nullptr || target->partition_method != metadata::kDistributeByHash ||
            target->single_shard)
            continue;
        for (int i = 0; i < key->key_count; i++) {
            if (key->keys[i] == dist_column && key->referenced_keys[i] == target->dist_column)
                return other;
        }
    }
    return InvalidOid;
}

bool references_reference_table(Oid relid)
{
    ListCell *cell;
    foreach (cell, outgoing_foreign_keys(relid)) {
        ForeignKey *key = static_cast<ForeignKey *>(lfirst(cell));
        if (key->referenced_relid != relid && metadata::is_reference_table(key->referenced_relid))
            return true;
    }
    return false;
}

bool referenced_by_other_tables(Oid relid)
{
    return referencing_tables(relid) != NIL;
}

List *referencing_distributed_tables(Oid relid)
{
    List *result = NIL;
    ListCell *cell;
    foreach (cell, referencing_tables(relid)) {
        if (metadata::is_distributed_table(lfirst_oid(cell)))
            result = lappend_oid(result, lfirst_oid(cell));
    }
    return result;
}

namespace {

// "reference table", "single-shard distributed table" or "distributed table" for distributed
// table `relid`.
const char *distributed_kind(Oid relid)
{
    const metadata::DistributedTable *table = metadata::lookup_distributed_table(relid);
    if (table != nullptr && table->partition_method == metadata::kDistributeByNone)
        return "reference table";
    if (table != nullptr && table->single_shard)
        return "single-shard distributed table";
    return "distributed table";
}

} // namespace

void check_keys_enforceable_when_local(Oid relid, const char *failure)
{
    ListCell *cell;
    foreach (cell, outgoing_foreign_keys(relid)) {
        ForeignKey *key = static_cast<ForeignKey *>(lfirst(cell));
        Oid other = key->referenced_relid;
        if (other == relid || !metadata::is_distributed_table(other))
            continue;
        ereport(ERROR,
                (errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
                 errmsg("%s: its foreign key \"%s\" references %s \"%s\"", failure, key->name,
                        distributed_kind(other), get_rel_name(other)),
                 errdetail("A local table's foreign key to a table whose rows live on the worker "
                           "nodes cannot be enforced: the coordinator does not see changes to "
                           "those rows."),
                 errhint("Drop the foreign key first.")));
    }
}

namespace {

// check_write_keeps_local_keys for `relid`; *visited holds the tables already checked.
// `written`: the table the statement writes (`relid` itself, or a table whose key actions reach
// `relid`), `operation` what it does to it ("delete from", "update the key columns of").
void check_write_targets(Oid written, const char *operation, Oid relid, bool deleting,
                         Bitmapset *updated, List **visited)
{
    if (list_member_oid(*visited, relid))
        return;
    *visited = lappend_oid(*visited, relid);
    // The keys referencing `relid`, from the triggers PostgreSQL made on it for them: cheaper
    // than a scan of pg_constraint (which has no index on the referenced table).
    List *constraints = NIL;
    Relation rel = table_open(relid, AccessShareLock);
    if (rel->trigdesc != nullptr) {
        for (int i = 0; i < rel->trigdesc->numtriggers; i++) {
            const Trigger *trigger = &rel->trigdesc->triggers[i];
            if (RI_FKey_trigger_type(trigger->tgfoid) == RI_TRIGGER_PK &&
                trigger->tgconstrrelid != relid)
                constraints = list_append_unique_oid(constraints, trigger->tgconstraint);
        }
    }
    table_close(rel, AccessShareLock);
    ListCell *cell;
    foreach (cell, constraints) {
        HeapTuple tuple = SearchSysCacheCopy1(CONSTROID, ObjectIdGetDatum(lfirst_oid(cell)));
        if (!HeapTupleIsValid(tuple))
            continue;
        ForeignKey *key = decode_foreign_key(tuple);
        bool key_updated = false;
        for (int i = 0; i < key->key_count; i++)
            key_updated = key_updated || bms_is_member(key->referenced_keys[i], updated);
        if (!deleting && !key_updated)
            continue;
        if (!metadata::is_distributed_table(key->relid)) {
            char *relname = get_rel_name(relid);
            char *other = get_rel_name(key->relid);
            bool direct = written == relid;
            ereport(ERROR,
                    (errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
                     errmsg("cannot %s %s \"%s\": local table \"%s\" references %s with foreign "
                            "key \"%s\"",
                            operation, distributed_kind(written), get_rel_name(written), other,
                            direct ? "it" : psprintf("%s \"%s\"", distributed_kind(relid), relname),
                            key->name),
                     direct ? errdetail("The rows of \"%s\" live on the worker nodes, where the "
                                        "coordinator cannot check changes to them against the "
                                        "key.",
                                        relname)
                            : errdetail("The actions of foreign keys would change rows of \"%s\", "
                                        "which live on the worker nodes, where the coordinator "
                                        "cannot check changes to them against the key.",
                                        relname),
                     errhint("Distribute \"%s\" with create_distributed_table() or "
                             "create_reference_table(), or drop the foreign key.",
                             other)));
        }
        // The key's actions change the distributed referencing table in turn.
        char action = deleting ? key->delete_action : key->update_action;
        if (action == FKCONSTR_ACTION_CASCADE && deleting) {
            check_write_targets(written, operation, key->relid, true, nullptr, visited);
        } else if (action == FKCONSTR_ACTION_CASCADE || action == FKCONSTR_ACTION_SETNULL ||
                   action == FKCONSTR_ACTION_SETDEFAULT) {
            Bitmapset *columns = nullptr;
            for (int i = 0; i < key->key_count; i++)
                columns = bms_add_member(columns, key->keys[i]);
            check_write_targets(written, operation, key->relid, false, columns, visited);
        }
    }
}

} // namespace

void check_write_keeps_local_keys(Oid relid, bool deleting, Bitmapset *updated)
{
    List *visited = NIL;
    check_write_targets(relid, deleting ? "delete from" : "update the key columns of", relid,
                        deleting, updated, &visited);
}

List *foreign_key_oids_of_tree(Oid relid)
{
    List *result = NIL;
    ListCell *table_cell;
    foreach (table_cell, find_all_inheritors(relid, NoLock, nullptr)) {
        ListCell *cell;
        foreach (cell, outgoing_foreign_keys(lfirst_oid(table_cell))) {
            ForeignKey *key = static_cast<ForeignKey *>(lfirst(cell));
            result = lappend_oid(result, key->oid);
        }
    }
    return result;
}

void check_new_local_foreign_keys(Oid relid, List *known_keys)
{
    ListCell *table_cell;
    foreach (table_cell, find_all_inheritors(relid, NoLock, nullptr)) {
        Oid table = lfirst_oid(table_cell);
        if (metadata::is_distributed_table(table))
            continue; // distributed and reference tables check their keys themselves
        ListCell *cell;
        foreach (cell, outgoing_foreign_keys(table)) {
            ForeignKey *key = static_cast<ForeignKey *>(lfirst(cell));
            Oid other = key->referenced_relid;
            if (other == table || list_member_oid(known_keys, key->oid) ||
                !metadata::is_distributed_table(other))
                continue;
            char *relname = get_rel_name(table);
            ereport(
                ERROR,
                (errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
                 errmsg("foreign keys from local tables to distributed tables are not supported"),
                 errdetail("Foreign key \"%s\" of local table \"%s\" references %s \"%s\", whose "
                           "rows live on the worker nodes, where the coordinator cannot check "
                           "changes to them.",
                           key->name, relname, distributed_kind(other), get_rel_name(other)),
                 errhint("Make \"%s\" a reference table with create_reference_table(), "
                         "or distribute it, before adding the key.",
                         relname)));
        }
    }
}

namespace {

// Adds to *tables (Oids) the tables whose rows the referential actions fired by deleting
// (`deleting`) or updating rows of `relid` change, following the actions they fire in turn. An
// update changes the columns `columns` (attribute numbers), or any column when nullptr.
// *visited holds "relid:d" / "relid:u" strings of the (table, operation) pairs already followed.
void add_action_targets(Oid relid, bool deleting, Bitmapset *columns, List **tables, List **visited)
{
    char *mark = psprintf("%u:%c", relid, deleting ? 'd' : 'u');
    ListCell *cell;
    if (columns == nullptr) {
        foreach (cell, *visited)
            if (strcmp(static_cast<char *>(lfirst(cell)), mark) == 0)
                return;
        *visited = lappend(*visited, mark);
    }
    Relation rel = table_open(ConstraintRelationId, AccessShareLock);
    SysScanDesc scan = systable_beginscan(rel, InvalidOid, false, nullptr, 0, nullptr);
    List *deleted = NIL;
    List *updated = NIL;
    HeapTuple tuple;
    while (HeapTupleIsValid(tuple = systable_getnext(scan))) {
        Form_pg_constraint con = reinterpret_cast<Form_pg_constraint>(GETSTRUCT(tuple));
        if (con->contype != CONSTRAINT_FOREIGN || con->confrelid != relid)
            continue;
        char action = deleting ? con->confdeltype : con->confupdtype;
        if (action != FKCONSTR_ACTION_CASCADE && action != FKCONSTR_ACTION_SETNULL &&
            action != FKCONSTR_ACTION_SETDEFAULT)
            continue;
        if (!deleting && columns != nullptr) {
            // an update fires the action only when it changes a referenced column
            ForeignKey *key = decode_foreign_key(tuple);
            bool touched = false;
            for (int i = 0; i < key->key_count; i++)
                touched |= bms_is_member(key->referenced_keys[i], columns);
            if (!touched)
                continue;
        }
        if (action == FKCONSTR_ACTION_CASCADE && deleting)
            deleted = list_append_unique_oid(deleted, con->conrelid);
        else
            updated = list_append_unique_oid(updated, con->conrelid);
    }
    systable_endscan(scan);
    table_close(rel, AccessShareLock);
    foreach (cell, deleted) {
        *tables = list_append_unique_oid(*tables, lfirst_oid(cell));
        add_action_targets(lfirst_oid(cell), true, nullptr, tables, visited);
    }
    foreach (cell, updated) {
        *tables = list_append_unique_oid(*tables, lfirst_oid(cell));
        add_action_targets(lfirst_oid(cell), false, nullptr, tables, visited);
    }
}

} // namespace

List *foreign_key_action_tables(Oid relid, bool deleting, Bitmapset *columns)
{
    List *tables = NIL;
    List *visited = NIL;
    add_action_targets(relid, deleting, columns, &tables, &visited);
    return tables;
}

List *referenced_tables(Oid relid)
{
    List *result = NIL;
    ListCell *cell;
    foreach (cell, outgoing_foreign_keys(relid)) {
        ForeignKey *key = static_cast<ForeignKey *>(lfirst(cell));
        if (key->referenced_relid != relid)
            result = list_append_unique_oid(result, key->referenced_relid);
    }
    return result;
}

List *shard_foreign_key_commands(Oid relid, int64 shard_id, int shard_index, Oid only_key)
{
    List *commands = NIL;
    // In the keys' order of creation, not by name: a shard's foreign key triggers then fire in
    // the table's order (PostgreSQL checks a row's keys in trigger order), so a row violating
    // two keys reports the same one on a shard as on a local table.
    List *keys = outgoing_foreign_keys(relid);
    list_sort(keys, compare_foreign_key_oids);
    ListCell *cell;
    foreach (cell, keys) {
        ForeignKey *key = static_cast<ForeignKey *>(lfirst(cell));
        if (OidIsValid(only_key) && key->oid != only_key)
            continue;
        Oid other = key->referenced_relid;
        int64 other_shard_id = shard_id;
        if (other != relid) {
            const metadata::DistributedTable *target = metadata::lookup_distributed_table(other);
            if (target == nullptr)
                ereport(ERROR, (errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
                                errmsg("foreign key \"%s\" of table \"%s\" references local table "
                                       "\"%s\"",
                                       key->name, get_rel_name(relid), get_rel_name(other))));
            int index = target->partition_method == metadata::kDistributeByNone ? 0 : shard_index;
            if (index >= target->shard_count)
                elog(ERROR, "table \"%s\" has no shard %d", get_rel_name(other), index);
            other_shard_id = target->shards[index].shard_id;
        }
        StringInfoData buf;
        initStringInfo(&buf);
        appendStringInfo(&buf, "ALTER TABLE %s ADD CONSTRAINT %s FOREIGN KEY %s REFERENCES %s %s",
                         metadata::qualified_shard_name(relid, shard_id),
                         quote_identifier(key->name), column_list(relid, key->keys, key->key_count),
                         metadata::qualified_shard_name(other, other_shard_id),
                         column_list(other, key->referenced_keys, key->key_count));
        if (key->match_type == FKCONSTR_MATCH_FULL)
            appendStringInfoString(&buf, " MATCH FULL");
        appendStringInfo(&buf, " ON UPDATE %s ON DELETE %s", action_sql(key->update_action),
                         action_sql(key->delete_action));
        if (key->delete_set_count > 0)
            appendStringInfo(&buf, " %s",
                             column_list(relid, key->delete_set_keys, key->delete_set_count));
        if (key->deferrable)
            appendStringInfoString(&buf, key->deferred ? " DEFERRABLE INITIALLY DEFERRED"
                                                       : " DEFERRABLE INITIALLY IMMEDIATE");
        if (!key->validated)
            appendStringInfoString(&buf, " NOT VALID");
        commands = lappend(commands, buf.data);
    }
    return commands;
}

} // namespace tessera::operations
