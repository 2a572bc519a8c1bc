// Checks that a table's definition can be repeated on its shards: unique constraints and indexes
// must contain the distribution column, exclusion constraints must compare it with =, and what
// the shards evaluate (CHECK constraints, generated columns, index expressions and predicates)
// may call only functions the workers have. PostgreSQL-style code.
#include "tessera/operations/shard_ddl.h"

#include "tessera/metadata/distributed_functions.h"
#include "tessera/operations/constraint_keys.h"

extern "C" {
#include "access/genam.h"
#include "access/htup_details.h"
#include "access/relation.h"
#include "catalog/dependency.h"
#include "catalog/index.h"
#include "catalog/pg_constraint.h"
#include "catalog/pg_proc.h"
#include "nodes/nodeFuncs.h"
#include "optimizer/optimizer.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"
#include "utils/regproc.h"
#include "utils/rel.h"
#include "utils/syscache.h"
}

namespace tessera::operations {

namespace {

// True if the key columns (not INCLUDE columns) of the index include plain column `attnum`.
bool index_keys_include_column(Relation index, AttrNumber attnum)
{
    for (int i = 0; i < index->rd_index->indnkeyatts; i++) {
        if (index->rd_index->indkey.values[i] == attnum)
            return true;
    }
    return false;
}

[[noreturn]] void error_unique_without_dist_column(Relation rel, const char *kind, const char *name,
                                                   AttrNumber dist_column)
{
    ereport(ERROR,
            (errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
             errmsg("cannot distribute table \"%s\": %s \"%s\" does not include the distribution "
                    "column \"%s\"",
                    RelationGetRelationName(rel), kind, name,
                    get_attname(RelationGetRelid(rel), dist_column, false)),
             errdetail("Uniqueness can only be enforced within a shard, so every unique "
                       "constraint of a distributed table must contain its distribution column."),
             errhint("Add \"%s\" to the constraint, or distribute the table by a column of the "
                     "constraint.",
                     get_attname(RelationGetRelid(rel), dist_column, false))));
    pg_unreachable();
}

// ERROR: an exclusion constraint that does not compare the distribution column with its
// equality could be broken by rows in different shards.
[[noreturn]] void error_exclusion_across_shards(Relation rel, const char *name,
                                                AttrNumber dist_column)
{
    const char *column = get_attname(RelationGetRelid(rel), dist_column, false);
    ereport(ERROR, (errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
                    errmsg("cannot distribute table \"%s\": exclusion constraint \"%s\" does not "
                           "compare the distribution column \"%s\" with =",
                           RelationGetRelationName(rel), name, column),
                    errdetail("Exclusions can only be enforced within a shard."),
                    errhint("Add \"%s WITH =\" to the constraint.", column)));
    pg_unreachable();
}

} // namespace

namespace {

// check_functions_in_node callback: true (and the function in *context) for a user-defined
// function the workers may not have: not distributed and not part of an extension (extensions
// are installed on every node by their own CREATE EXTENSION).
bool function_missing_on_workers(Oid func, void *context)
{
    if (metadata::function_on_workers(func) ||
        OidIsValid(getExtensionOfObject(ProcedureRelationId, func)))
        return false;
    *static_cast<Oid *>(context) = func;
    return true;
}

bool missing_function_walker(Node *node, void *context)
{
    if (node == nullptr)
        return false;
    if (check_functions_in_node(node, function_missing_on_workers, context))
        return true;
    return expression_tree_walker(
        node, reinterpret_cast<bool (*)()>(reinterpret_cast<void (*)()>(missing_function_walker)),
        context);
}

// Raises the error for `what` (e.g. "check constraint \"c\"") of table `relid` calling
// function `func`, which the workers lack, unless `func` is InvalidOid.
void refuse_missing_function(Oid relid, const char *what, Oid func)
{
    if (!OidIsValid(func))
        return;
    ereport(ERROR,
            (errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
             errmsg("%s of table \"%s\" calls function %s, which is not distributed", what,
                    get_rel_name(relid), format_procedure(func)),
             errdetail("The shards of a distributed table repeat its definition on the workers, "
                       "where only distributed functions exist."),
             errhint("Run SELECT create_distributed_function('%s'); first.",
                     format_procedure_qualified(func))));
}

// The first function in `node` the workers lack, or InvalidOid.
Oid missing_function(Node *node)
{
    Oid func = InvalidOid;
    missing_function_walker(node, &func);
    return func;
}

} // namespace

Oid first_missing_function(Node *node)
{
    return missing_function(node);
}

List *index_stored_expressions(Relation index)
{
    bool isnull;
    Datum stored =
        SysCacheGetAttr(INDEXRELID, index->rd_indextuple, Anum_pg_index_indexprs, &isnull);
    return isnull ? NIL : castNode(List, stringToNode(TextDatumGetCString(stored)));
}

Node *index_stored_predicate(Relation index)
{
    bool isnull;
    Datum stored =
        SysCacheGetAttr(INDEXRELID, index->rd_indextuple, Anum_pg_index_indpred, &isnull);
    return isnull ? nullptr : static_cast<Node *>(stringToNode(TextDatumGetCString(stored)));
}

void check_definition_functions(Oid relid)
{
    Relation rel = relation_open(relid, AccessShareLock);
    ListCell *cell;
    foreach (cell, table_constraints(relid)) {
        HeapTuple tuple = static_cast<HeapTuple>(lfirst(cell));
        Form_pg_constraint con = reinterpret_cast<Form_pg_constraint>(GETSTRUCT(tuple));
        if (con->contype != CONSTRAINT_CHECK)
            continue;
        bool isnull;
        Datum bin = SysCacheGetAttr(CONSTROID, tuple, Anum_pg_constraint_conbin, &isnull);
        if (!isnull)
            refuse_missing_function(
                relid, psprintf("check constraint \"%s\"", NameStr(con->conname)),
                missing_function(static_cast<Node *>(stringToNode(TextDatumGetCString(bin)))));
    }
    TupleDesc desc = RelationGetDescr(rel);
    for (int i = 0; i < desc->natts; i++) {
        Form_pg_attribute att = TupleDescAttr(desc, i);
        if (att->attisdropped || att->attgenerated == '\0')
            continue;
        refuse_missing_function(relid, psprintf("generated column \"%s\"", NameStr(att->attname)),
                                missing_function(column_default(rel, att->attnum)));
    }
    foreach (cell, RelationGetIndexList(rel)) {
        Oid index_oid = lfirst_oid(cell);
        Relation index = index_open(index_oid, AccessShareLock);
        List *expressions = index_stored_expressions(index);
        Node *predicate = index_stored_predicate(index);
        char *name = pstrdup(RelationGetRelationName(index));
        index_close(index, AccessShareLock);
        Oid func = missing_function(reinterpret_cast<Node *>(expressions));
        if (!OidIsValid(func))
            func = missing_function(predicate);
        refuse_missing_function(relid, psprintf("index \"%s\"", name), func);
    }
    relation_close(rel, NoLock);
}

void check_shardable_definition(Oid relid, AttrNumber dist_column)
{
    check_definition_functions(relid);
    Relation rel = relation_open(relid, AccessShareLock);

    ListCell *cell;
    foreach (cell, table_constraints(relid)) {
        HeapTuple con_tuple = static_cast<HeapTuple>(lfirst(cell));
        Form_pg_constraint con = reinterpret_cast<Form_pg_constraint>(GETSTRUCT(con_tuple));
        switch (con->contype) {
        case CONSTRAINT_EXCLUSION:
            if (dist_column != InvalidAttrNumber &&
                !exclusion_confined_to_shard(con_tuple, dist_column))
                error_exclusion_across_shards(rel, NameStr(con->conname), dist_column);
            break;
        case CONSTRAINT_PRIMARY:
        case CONSTRAINT_UNIQUE:
            if (dist_column != InvalidAttrNumber &&
                !constraint_includes_column(con_tuple, dist_column))
                error_unique_without_dist_column(
                    rel, con->contype == CONSTRAINT_PRIMARY ? "primary key" : "unique constraint",
                    NameStr(con->conname), dist_column);
            break;
        default:
            break;
        }
    }

    if (dist_column != InvalidAttrNumber) {
        foreach (cell, RelationGetIndexList(rel)) {
            Oid index_oid = lfirst_oid(cell);
            Relation index = index_open(index_oid, AccessShareLock);
            bool bad = index->rd_index->indisunique &&
                       !OidIsValid(get_index_constraint(index_oid)) &&
                       !index_keys_include_column(index, dist_column);
            char *name = pstrdup(RelationGetRelationName(index));
            index_close(index, AccessShareLock);
            if (bad)
                error_unique_without_dist_column(rel, "unique index", name, dist_column);
        }
    }
    relation_close(rel, NoLock);
}

} // namespace tessera::operations
