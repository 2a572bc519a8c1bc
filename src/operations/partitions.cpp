// Distributed partitioned tables: what they refuse and the commands that attach a partition's
// shards to the shards of its partitioned table. PostgreSQL-style code.
#include "tessera/operations/partitions.h"

#include "tessera/metadata/distributed_table.h"
#include "tessera/operations/foreign_keys.h"
#include "tessera/operations/shard_ddl.h"

extern "C" {
#include "access/htup_details.h"
#include "catalog/partition.h"
#include "catalog/pg_class.h"
#include "catalog/pg_constraint.h"
#include "utils/lsyscache.h"
}

namespace tessera::operations {

void check_partition_definition(Oid relid, AttrNumber)
{
    const char *name = get_rel_name(relid);
    ListCell *cell;
    foreach (cell, table_constraints(relid)) {
        auto *con =
            reinterpret_cast<Form_pg_constraint>(GETSTRUCT(static_cast<HeapTuple>(lfirst(cell))));
        if (con->contype == CONSTRAINT_FOREIGN)
            ereport(ERROR,
                    (errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
                     errmsg("foreign keys on partitioned tables are not supported for distributed "
                            "tables"),
                     errdetail("Table \"%s\" has foreign key \"%s\".", name, NameStr(con->conname)),
                     errhint("Drop the foreign key, distribute the table, and enforce the "
                             "reference otherwise.")));
    }
    if (referenced_by_other_tables(relid))
        ereport(ERROR, (errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
                        errmsg("foreign keys referencing partitioned tables are not supported for "
                               "distributed tables"),
                        errdetail("Another table references table \"%s\".", name)));
}

namespace {

// True if `relid` is a partitioned table or a partition.
bool is_partitioned_or_partition(Oid relid)
{
    return get_rel_relkind(relid) == RELKIND_PARTITIONED_TABLE || get_rel_relispartition(relid);
}

[[noreturn]] void refuse_foreign_key_to_partitioned(Oid relid, Oid referenced)
{
    ereport(ERROR, (errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
                    errmsg("foreign keys referencing partitioned tables are not supported for "
                           "distributed tables"),
                    errdetail("Table \"%s\" would reference \"%s\".", get_rel_name(relid),
                              get_rel_name(referenced))));
    pg_unreachable();
}

} // namespace

void check_foreign_keys_to_partitioned(Oid relid)
{
    ListCell *cell;
    foreach (cell, table_constraints(relid)) {
        auto *con =
            reinterpret_cast<Form_pg_constraint>(GETSTRUCT(static_cast<HeapTuple>(lfirst(cell))));
        if (con->contype == CONSTRAINT_FOREIGN && is_partitioned_or_partition(con->confrelid))
            refuse_foreign_key_to_partitioned(relid, con->confrelid);
    }
}

void check_new_foreign_key(Oid relid, Oid referenced)
{
    if (is_partitioned_or_partition(relid))
        ereport(ERROR, (errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
                        errmsg("foreign keys on partitioned tables are not supported for "
                               "distributed tables"),
                        errdetail("Table \"%s\" is %s.", get_rel_name(relid),
                                  get_rel_relispartition(relid) ? "a partition" : "partitioned")));
    if (OidIsValid(referenced) && is_partitioned_or_partition(referenced))
        refuse_foreign_key_to_partitioned(relid, referenced);
}

Oid distributed_partition_parent(Oid relid)
{
    if (!get_rel_relispartition(relid))
        return InvalidOid;
    Oid parent = get_partition_parent(relid, true);
    return OidIsValid(parent) && metadata::is_distributed_table(parent) ? parent : InvalidOid;
}

bool is_partitioned_table(Oid relid)
{
    return get_rel_relkind(relid) == RELKIND_PARTITIONED_TABLE;
}

List *shard_attach_commands(Oid relid, int shard_index, int64 shard_id)
{
    Oid parent = distributed_partition_parent(relid);
    if (!OidIsValid(parent))
        return NIL;
    const metadata::DistributedTable *table = metadata::lookup_distributed_table(parent);
    if (table == nullptr || shard_index < 0 || shard_index >= table->shard_count)
        elog(ERROR, "partitioned table %u has no shard %d", parent, shard_index);
    return list_make1(shard_attach_partition_command(relid, shard_id, parent,
                                                     table->shards[shard_index].shard_id));
}

} // namespace tessera::operations
