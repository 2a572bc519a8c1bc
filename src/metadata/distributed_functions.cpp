// Reading pg_dist_object for distributed functions. The catalog is small and read by index, so
// lookups go to it directly (no cache to keep in step with it).
#include "tessera/metadata/distributed_functions.h"

#include "tessera/metadata/distributed_table.h"

extern "C" {
#include "access/genam.h"
#include "access/htup_details.h"
#include "access/stratnum.h"
#include "access/table.h"
#include "access/xact.h"
#include "catalog/indexing.h"
#include "catalog/pg_namespace.h"
#include "catalog/pg_proc.h"
#include "utils/fmgroids.h"
#include "utils/lsyscache.h"
#include "utils/rel.h"
#include "utils/syscache.h"
}

namespace tessera::metadata {

namespace {

// Column numbers of pg_dist_object used here.
constexpr AttrNumber kClassIdColumn = 1;
constexpr AttrNumber kObjIdColumn = 2;

// The OID of pg_dist_object, or InvalidOid when the extension (or this catalog) is absent.
Oid dist_object_relid()
{
    if (!extension_present())
        return InvalidOid;
    return get_relname_relid("pg_dist_object", PG_CATALOG_NAMESPACE);
}

// The OIDs of the pg_proc objects in pg_dist_object; only `func` when it is valid.
List *read_function_rows(Oid func)
{
    Oid relid = dist_object_relid();
    if (!OidIsValid(relid))
        return NIL;
    Oid index = get_relname_relid("pg_dist_object_pkey", PG_CATALOG_NAMESPACE);
    Relation rel = table_open(relid, AccessShareLock);
    ScanKeyData keys[2];
    ScanKeyInit(&keys[0], kClassIdColumn, BTEqualStrategyNumber, F_OIDEQ,
                ObjectIdGetDatum(ProcedureRelationId));
    ScanKeyInit(&keys[1], kObjIdColumn, BTEqualStrategyNumber, F_OIDEQ, ObjectIdGetDatum(func));
    SysScanDesc scan =
        systable_beginscan(rel, index, OidIsValid(index), nullptr, OidIsValid(func) ? 2 : 1, keys);
    List *functions = NIL;
    HeapTuple tuple;
    while (HeapTupleIsValid(tuple = systable_getnext(scan))) {
        bool isnull;
        Datum objid = heap_getattr(tuple, kObjIdColumn, RelationGetDescr(rel), &isnull);
        if (!isnull)
            functions = lappend_oid(functions, DatumGetObjectId(objid));
    }
    systable_endscan(scan);
    table_close(rel, AccessShareLock);
    return functions;
}

// Column count of pg_dist_object.
constexpr int kColumnCount = 9;

} // namespace

bool is_distributed_function(Oid func)
{
    if (!OidIsValid(func))
        return false;
    return read_function_rows(func) != NIL;
}

bool function_on_workers(Oid func)
{
    return func < FirstNormalObjectId || is_distributed_function(func);
}

List *distributed_functions()
{
    List *functions = read_function_rows(InvalidOid);
    list_sort(functions, list_oid_cmp);
    return functions;
}

bool forget_distributed_function(Oid func)
{
    Oid relid = dist_object_relid();
    if (!OidIsValid(relid))
        return false;
    Relation rel = table_open(relid, RowExclusiveLock);
    ScanKeyData keys[2];
    ScanKeyInit(&keys[0], kClassIdColumn, BTEqualStrategyNumber, F_OIDEQ,
                ObjectIdGetDatum(ProcedureRelationId));
    ScanKeyInit(&keys[1], kObjIdColumn, BTEqualStrategyNumber, F_OIDEQ, ObjectIdGetDatum(func));
    SysScanDesc scan = systable_beginscan(rel, InvalidOid, false, nullptr, 2, keys);
    bool found = false;
    HeapTuple tuple;
    while (HeapTupleIsValid(tuple = systable_getnext(scan))) {
        CatalogTupleDelete(rel, &tuple->t_self);
        found = true;
    }
    systable_endscan(scan);
    table_close(rel, NoLock);
    CommandCounterIncrement();
    return found;
}

void record_distributed_function(Oid func, int32 argument_index, int32 colocation_id,
                                 int force_delegation)
{
    forget_distributed_function(func);
    Relation rel = table_open(dist_object_relid(), RowExclusiveLock);
    Datum values[kColumnCount] = {};
    bool nulls[kColumnCount] = {};
    values[0] = ObjectIdGetDatum(ProcedureRelationId);
    values[1] = ObjectIdGetDatum(func);
    values[2] = Int32GetDatum(0);
    // type, object_names, object_args: not kept (they would go stale on renames).
    nulls[3] = nulls[4] = nulls[5] = true;
    values[6] = Int32GetDatum(argument_index);
    nulls[6] = argument_index < 0;
    values[7] = Int32GetDatum(colocation_id);
    nulls[7] = colocation_id == 0;
    values[8] = BoolGetDatum(force_delegation == 1);
    nulls[8] = force_delegation < 0;
    HeapTuple tuple = heap_form_tuple(RelationGetDescr(rel), values, nulls);
    CatalogTupleInsert(rel, tuple);
    table_close(rel, NoLock);
    CommandCounterIncrement();
}

} // namespace tessera::metadata
