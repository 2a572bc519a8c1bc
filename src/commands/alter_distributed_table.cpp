// alter_distributed_table(table, distribution_column, shard_count, colocate_with,
// cascade_to_colocated): changes how a hash-distributed table is distributed by rebuilding it in
// the caller's transaction: undistribute_table() brings the rows back into the (same) local table,
// and create_distributed_table() distributes it again with the new settings. The table keeps its
// oid, so its indexes, constraints, privileges, views and sequences stay as they are; a failure
// anywhere rolls everything back. Foreign keys between distributed tables would have to be taken
// apart and rebuilt in order, so tables that have them are refused.
// PostgreSQL-style code: no C++ objects with destructors live here.
#include "tessera/commands/distribute.h"
#include "tessera/commands/distribute_internal.h"
#include "tessera/metadata/catalog.h"
#include "tessera/metadata/distributed_table.h"
#include "tessera/operations/foreign_keys.h"
#include "tessera/operations/shard_policies.h"
#include "tessera/pg/guard.h"

extern "C" {
#include "catalog/namespace.h"
#include "catalog/pg_class.h"
#include "catalog/pg_collation.h"
#include "miscadmin.h"
#include "storage/lmgr.h"
#include "utils/acl.h"
#include "utils/builtins.h"
#include "utils/formatting.h"
#include "utils/lsyscache.h"
#include "utils/regproc.h"
}

namespace {

using tessera::metadata::DistributedTable;

// The schema-qualified, quoted name of `relid`, as create_distributed_table's colocate_with
// parses it.
char *qualified_name(Oid relid)
{
    return quote_qualified_identifier(get_namespace_name(get_rel_namespace(relid)),
                                      get_rel_name(relid));
}

// Refuses to rebuild table `relid` while it has row-level security: the rebuilt table would
// not carry the policies over, and the rows would be copied as the owner, whom FORCE ROW LEVEL
// SECURITY restricts.
void refuse_row_level_security(Oid relid)
{
    if (tessera::operations::has_row_level_security(relid))
        ereport(ERROR,
                (errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
                 errmsg("alter_distributed_table is not supported for tables with row-level "
                        "security"),
                 errdetail("Table \"%s\" has row-level security enabled or policies.",
                           get_rel_name(relid)),
                 errhint("Drop its policies and disable row-level security, alter the table, "
                         "then create them again.")));
}

// Raises an ERROR if `relid` takes part in a foreign key that rebuilding it would break: one
// from any other table, or one to a hash-distributed table. Keys to reference tables are kept
// (the shards get them again). `target` names the table being altered in the message.
void check_foreign_keys(Oid relid, Oid target)
{
    const char *what = get_rel_name(target);
    List *referencing = tessera::operations::referencing_distributed_tables(relid);
    if (referencing != NIL || tessera::operations::referenced_by_other_tables(relid))
        ereport(ERROR,
                (errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
                 errmsg("cannot alter table \"%s\": table \"%s\" is referenced by a foreign key",
                        what, get_rel_name(relid)),
                 errdetail("alter_distributed_table rebuilds the table; foreign keys that point "
                           "to it are not supported for distributed tables."),
                 errhint("Drop the foreign key, alter the table, and add the key again.")));
    ListCell *cell;
    foreach (cell, tessera::operations::referenced_tables(relid)) {
        Oid referenced = lfirst_oid(cell);
        const DistributedTable *other = tessera::metadata::lookup_distributed_table(referenced);
        if (other != nullptr && other->partition_method == tessera::metadata::kDistributeByHash)
            ereport(ERROR,
                    (errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
                     errmsg("cannot alter table \"%s\": table \"%s\" has a foreign key to "
                            "distributed table \"%s\"",
                            what, get_rel_name(relid), get_rel_name(referenced)),
                     errdetail("alter_distributed_table rebuilds the table; foreign keys between "
                               "distributed tables are not supported by it."),
                     errhint("Drop the foreign key, alter the table, and add the key again.")));
    }
}

// Undistributes `relid` and distributes it again by `column` with `shard_count` shards in the
// colocation group named by `colocate_with` ('default', 'none' or a table name).
void rebuild(Oid relid, const char *column, int shard_count, const char *colocate_with)
{
    // distribute_table copies the rows under a snapshot that sees what undistribute_table just
    // wrote into the local table (in this same statement).
    tessera::commands::undistribute_table(relid, false);
    tessera::commands::distribute_table(relid, column, "hash", colocate_with, true, shard_count);
}

} // namespace

// Checks the request against the table's current distribution, refuses what it cannot do
// correctly (before anything changes), then rebuilds the table (and with cascade_to_colocated
// its colocated tables, with the same new shard count).
TESSERA_FUNCTION(tessera_alter_distributed_table)
{
    if (PG_ARGISNULL(0))
        ereport(ERROR,
                (errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED), errmsg("table_name must not be NULL")));
    Oid relid = PG_GETARG_OID(0);
    bool column_given = !PG_ARGISNULL(1);
    bool shard_count_given = !PG_ARGISNULL(2);
    bool colocate_given = !PG_ARGISNULL(3);
    bool cascade_given = !PG_ARGISNULL(4);
    bool cascade = cascade_given && PG_GETARG_BOOL(4);

    char *relname = tessera::commands::lock_owned_table(relid);
    const DistributedTable *table = tessera::metadata::lookup_distributed_table(relid);
    if (table == nullptr)
        ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                        errmsg("table \"%s\" is not distributed", relname),
                        errhint("Use create_distributed_table() to distribute it.")));
    if (table->partition_method != tessera::metadata::kDistributeByHash)
        ereport(ERROR, (errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
                        errmsg("cannot alter reference table \"%s\"", relname),
                        errdetail("alter_distributed_table changes hash-distributed tables."),
                        errhint("Use undistribute_table() and create_distributed_table().")));
    if (table->single_shard)
        ereport(ERROR, (errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
                        errmsg("alter_distributed_table is not supported for single-shard "
                               "distributed table \"%s\"",
                               relname),
                        errhint("Use undistribute_table() and create_distributed_table().")));
    if (get_rel_relkind(relid) == RELKIND_PARTITIONED_TABLE || get_rel_relispartition(relid))
        ereport(ERROR, (errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
                        errmsg("alter_distributed_table is not supported for partitioned tables "
                               "and their partitions"),
                        errdetail("Table \"%s\" is %s.", relname,
                                  get_rel_relispartition(relid) ? "a partition" : "partitioned"),
                        errhint("Use undistribute_table() and create_distributed_table() on the "
                                "partitioned table.")));
    if (!column_given && !shard_count_given && !colocate_given)
        ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                        errmsg("alter_distributed_table needs distribution_column, shard_count or "
                               "colocate_with")));

    int32 old_group = table->colocation_id;
    int old_shard_count = table->shard_count;
    AttrNumber old_column = table->dist_column;

    // The new distribution column.
    char *column = column_given ? text_to_cstring(PG_GETARG_TEXT_PP(1))
                                : get_attname(relid, old_column, false);
    AttrNumber attnum = get_attnum(relid, column);
    if (attnum == InvalidAttrNumber)
        ereport(ERROR,
                (errcode(ERRCODE_UNDEFINED_COLUMN),
                 errmsg("column \"%s\" of relation \"%s\" does not exist", column, relname)));
    if (attnum < 0)
        ereport(ERROR, (errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
                        errmsg("cannot distribute table \"%s\" by system column \"%s\"", relname,
                               column)));
    Oid type;
    int32 typmod;
    Oid collation;
    get_atttypetypmodcoll(relid, attnum, &type, &typmod, &collation);

    if (shard_count_given && (PG_GETARG_INT32(2) < 1 || PG_GETARG_INT32(2) > 64000))
        ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                        errmsg("shard_count must be between 1 and 64000"),
                        errdetail("shard_count was %d.", PG_GETARG_INT32(2))));
    int shard_count = shard_count_given ? PG_GETARG_INT32(2) : old_shard_count;

    // The colocation the table should end up in: 'default', 'none' or another table's group.
    char *colocate_with = pstrdup("default");
    const DistributedTable *target = nullptr;
    if (colocate_given) {
        char *given = text_to_cstring(PG_GETARG_TEXT_PP(3));
        char *lowered = str_tolower(given, strlen(given), DEFAULT_COLLATION_OID);
        if (strcmp(lowered, "default") == 0 || strcmp(lowered, "none") == 0) {
            colocate_with = lowered;
        } else {
            List *names = stringToQualifiedNameList(given);
            Oid other = RangeVarGetRelid(makeRangeVarFromNameList(names), AccessShareLock, false);
            if (other == relid)
                ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                                errmsg("cannot colocate table \"%s\" with itself", relname)));
            target = tessera::metadata::lookup_distributed_table(other);
            if (target == nullptr ||
                target->partition_method != tessera::metadata::kDistributeByHash ||
                target->single_shard)
                ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                                errmsg("cannot colocate table \"%s\" with table \"%s\": it is not "
                                       "a hash-distributed table",
                                       relname, get_rel_name(other))));
            if (cascade)
                ereport(ERROR,
                        (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                         errmsg("colocate_with := '%s' and cascade_to_colocated := true cannot be "
                                "used together",
                                given),
                         errdetail("The colocated tables would have to move to another group "
                                   "too.")));
            if (shard_count_given && shard_count != target->shard_count)
                ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                                errmsg("cannot colocate table \"%s\" with table \"%s\": shard "
                                       "counts differ",
                                       relname, get_rel_name(other)),
                                errdetail("shard_count is %d, table \"%s\" has %d shards.",
                                          shard_count, get_rel_name(other), target->shard_count)));
            tessera::commands::check_distribution_types_match(
                relname, column, type, collation, get_rel_name(other), target->dist_type,
                target->dist_collation);
            shard_count = target->shard_count;
            colocate_with = qualified_name(other);
        }
    }

    // The other tables of the current colocation group.
    List *others = NIL;
    ListCell *cell;
    foreach (cell, tessera::metadata::tables_in_colocation_group(old_group))
        if (lfirst_oid(cell) != relid)
            others = lappend_oid(others, lfirst_oid(cell));

    bool column_changed = attnum != old_column;
    bool count_changed = shard_count != old_shard_count;
    if (cascade && column_changed)
        ereport(ERROR, (errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
                        errmsg("cannot cascade a change of the distribution column to colocated "
                               "tables"),
                        errhint("Alter the distribution column of each table on its own.")));
    if (count_changed && others != NIL && !cascade_given)
        ereport(ERROR,
                (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                 errmsg("cascade_to_colocated must be given to change the shard count of table "
                        "\"%s\"",
                        relname),
                 errdetail("Table \"%s\" is colocated with table \"%s\".", relname,
                           get_rel_name(linitial_oid(others))),
                 errhint("cascade_to_colocated := true changes the shard count of the colocated "
                         "tables too; false takes \"%s\" out of their colocation group.",
                         relname)));

    // Whether anything changes at all.
    bool group_changed = false;
    if (target != nullptr)
        group_changed = target->colocation_id != old_group;
    else if (strcmp(colocate_with, "none") == 0)
        group_changed = others != NIL;
    else if (colocate_given)
        group_changed =
            tessera::metadata::find_colocation_group(shard_count, 1, type, collation) != old_group;
    if (!column_changed && !count_changed && !group_changed)
        ereport(ERROR,
                (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                 errmsg("this call does not change how table \"%s\" is distributed", relname)));

    // The tables to rebuild: this one, and with a cascading shard count change its group.
    bool with_others = cascade && count_changed;
    check_foreign_keys(relid, relid);
    refuse_row_level_security(relid);
    if (with_others)
        foreach (cell, others) {
            LockRelationOid(lfirst_oid(cell), AccessExclusiveLock);
            if (!pg_class_ownercheck(lfirst_oid(cell), GetUserId()))
                aclcheck_error(ACLCHECK_NOT_OWNER, OBJECT_TABLE, get_rel_name(lfirst_oid(cell)));
            check_foreign_keys(lfirst_oid(cell), relid);
            refuse_row_level_security(lfirst_oid(cell));
        }

    // The distribution columns of the others, read before their metadata goes away.
    List *other_columns = NIL;
    if (with_others)
        foreach (cell, others) {
            const DistributedTable *other =
                tessera::metadata::lookup_distributed_table(lfirst_oid(cell));
            other_columns =
                lappend(other_columns, get_attname(lfirst_oid(cell), other->dist_column, false));
        }

    rebuild(relid, column, shard_count, colocate_with);
    if (with_others) {
        char *own_name = qualified_name(relid);
        ListCell *column_cell;
        forboth(cell, others, column_cell, other_columns)
        {
            rebuild(lfirst_oid(cell), static_cast<char *>(lfirst(column_cell)), shard_count,
                    own_name);
        }
    }
    PG_RETURN_VOID();
}
