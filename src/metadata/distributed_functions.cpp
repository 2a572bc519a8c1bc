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
#include "catalog/dependency.h"
#include "catalog/indexing.h"
#include "catalog/pg_namespace.h"
#include "catalog/pg_proc.h"
#include "catalog/pg_type.h"
#include "commands/extension.h"
#include "utils/fmgroids.h"
#include "utils/hsearch.h"
#include "utils/inval.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
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

// A cached answer of extension_object_on_workers: whether object (classid, objid) belongs to
// an extension other than tessera.
struct MemberKey {
    Oid classid;
    Oid objid;
};
struct MemberEntry {
    MemberKey key;
    bool on_workers;
};

// The per-backend cache of those answers (getExtensionOfObject reads pg_depend), and a counter
// advanced by every invalidation, so that an answer computed while one arrived is not kept.
HTAB *member_cache = nullptr;
uint64 member_generation = 0;
uint64 member_cache_generation = 0;
bool member_callbacks_registered = false;

// Invalidation callback (relcache: CREATE / DROP / ALTER EXTENSION touch relations and their
// own catalogs; syscache of functions and types: dropped objects and reused OIDs): forgets
// every cached answer. Only advances the counter, since it may run in the middle of a lookup.
void invalidate_members(Datum, Oid)
{
    member_generation++;
}

// Syscache flavour of invalidate_members.
void invalidate_members_syscache(Datum argument, int, uint32)
{
    invalidate_members(argument, InvalidOid);
}

// The cache, emptied first when an invalidation arrived since it was last filled.
HTAB *members()
{
    if (!member_callbacks_registered) {
        CacheRegisterRelcacheCallback(invalidate_members, (Datum)0);
        CacheRegisterSyscacheCallback(PROCOID, invalidate_members_syscache, (Datum)0);
        CacheRegisterSyscacheCallback(TYPEOID, invalidate_members_syscache, (Datum)0);
        member_callbacks_registered = true;
    }
    if (member_cache != nullptr && member_cache_generation != member_generation) {
        hash_destroy(member_cache);
        member_cache = nullptr;
    }
    if (member_cache == nullptr) {
        HASHCTL control{};
        control.keysize = sizeof(MemberKey);
        control.entrysize = sizeof(MemberEntry);
        control.hcxt = CacheMemoryContext;
        member_cache = hash_create("tessera extension members", 64, &control,
                                   HASH_ELEM | HASH_BLOBS | HASH_CONTEXT);
        member_cache_generation = member_generation;
    }
    return member_cache;
}

} // namespace

bool extension_object_on_workers(Oid classid, Oid objid)
{
    if (objid < FirstNormalObjectId)
        return false; // built-in: the callers answer those by a comparison
    MemberKey key{classid, objid};
    bool found;
    auto *entry = static_cast<MemberEntry *>(hash_search(members(), &key, HASH_FIND, &found));
    if (found)
        return entry->on_workers;
    uint64 generation = member_generation;
    Oid extension = getExtensionOfObject(classid, objid);
    // The tessera extension's own functions read the coordinator's metadata (and its types
    // mean nothing on a worker's shards): never the workers' own, but for the one made for
    // shard queries.
    bool on_workers = OidIsValid(extension) && extension != get_extension_oid("tessera", true);
    if (OidIsValid(extension) && !on_workers && classid == ProcedureRelationId) {
        char *name = get_func_name(objid);
        on_workers = name != nullptr && strcmp(name, kKeepDistributionValueFunction) == 0;
    }
    if (generation == member_generation) {
        entry = static_cast<MemberEntry *>(hash_search(members(), &key, HASH_ENTER, &found));
        entry->on_workers = on_workers;
    }
    return on_workers;
}

bool is_distributed_function(Oid func)
{
    if (!OidIsValid(func))
        return false;
    return read_function_rows(func) != NIL;
}

bool function_on_workers(Oid func)
{
    return func < FirstNormalObjectId || extension_object_on_workers(ProcedureRelationId, func) ||
           is_distributed_function(func);
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
