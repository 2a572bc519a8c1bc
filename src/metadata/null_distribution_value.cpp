// The error for a row without a distribution column value, worded as PostgreSQL words it when
// the column is declared NOT NULL (as primary key columns are), so applications see the error
// they would see without Tessera.
#include "tessera/metadata/distributed_table.h"

extern "C" {
#include "access/htup_details.h"
#include "catalog/pg_attribute.h"
#include "utils/lsyscache.h"
#include "utils/syscache.h"
}

namespace tessera::metadata {

namespace {

// True if the column is declared NOT NULL.
bool column_not_null(Oid relid, AttrNumber column)
{
    HeapTuple tuple = SearchSysCache2(ATTNUM, ObjectIdGetDatum(relid), Int16GetDatum(column));
    if (!HeapTupleIsValid(tuple))
        return false;
    bool not_null = reinterpret_cast<Form_pg_attribute>(GETSTRUCT(tuple))->attnotnull;
    ReleaseSysCache(tuple);
    return not_null;
}

} // namespace

void report_null_distribution_value(Oid relid, AttrNumber column)
{
    char *column_name = get_attname(relid, column, false);
    if (column_not_null(relid, column))
        ereport(ERROR, (errcode(ERRCODE_NOT_NULL_VIOLATION),
                        errmsg("null value in column \"%s\" of relation \"%s\" violates not-null "
                               "constraint",
                               column_name, get_rel_name(relid))));
    ereport(ERROR, (errcode(ERRCODE_NOT_NULL_VIOLATION),
                    errmsg("cannot insert NULL into distribution column \"%s\" of table \"%s\"",
                           column_name, get_rel_name(relid)),
                    errdetail("Every row of a distributed table needs a value in its "
                              "distribution column to find its shard.")));
    pg_unreachable();
}

} // namespace tessera::metadata
