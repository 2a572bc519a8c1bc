// Key columns of table constraints: constraint_keys.h.
#include "tessera/operations/constraint_keys.h"

extern "C" {
#include "access/hash.h"
#include "access/htup_details.h"
#include "catalog/pg_constraint.h"
#include "utils/array.h"
#include "utils/lsyscache.h"
#include "utils/syscache.h"
#include "utils/typcache.h"
}

namespace tessera::operations {

namespace {

// Position of `attnum` among the key columns (conkey) of pg_constraint row `tuple`, or -1.
int key_position(HeapTuple tuple, AttrNumber attnum)
{
    bool isnull;
    Datum datum = SysCacheGetAttr(CONSTROID, tuple, Anum_pg_constraint_conkey, &isnull);
    if (isnull)
        return -1;
    ArrayType *array = DatumGetArrayTypeP(datum);
    auto *keys = reinterpret_cast<int16 *>(ARR_DATA_PTR(array));
    for (int i = 0; i < ARR_DIMS(array)[0]; i++) {
        if (keys[i] == attnum)
            return i;
    }
    return -1;
}

// `test` applied to the pg_constraint row of `oid`; false if it is gone.
bool test_constraint(Oid oid, AttrNumber attnum, bool (*test)(HeapTuple, AttrNumber))
{
    HeapTuple tuple = SearchSysCache1(CONSTROID, ObjectIdGetDatum(oid));
    if (!HeapTupleIsValid(tuple))
        return false;
    bool result = test(tuple, attnum);
    ReleaseSysCache(tuple);
    return result;
}

} // namespace

bool constraint_includes_column(HeapTuple tuple, AttrNumber attnum)
{
    return key_position(tuple, attnum) >= 0;
}

bool constraint_oid_includes_column(Oid oid, AttrNumber attnum)
{
    return test_constraint(oid, attnum, constraint_includes_column);
}

bool exclusion_confined_to_shard(HeapTuple tuple, AttrNumber attnum)
{
    auto *con = reinterpret_cast<Form_pg_constraint>(GETSTRUCT(tuple));
    int position = key_position(tuple, attnum);
    if (con->contype != CONSTRAINT_EXCLUSION || position < 0)
        return false;
    bool isnull;
    Datum datum = SysCacheGetAttr(CONSTROID, tuple, Anum_pg_constraint_conexclop, &isnull);
    if (isnull)
        return false;
    ArrayType *array = DatumGetArrayTypeP(datum);
    if (position >= ARR_DIMS(array)[0])
        return false;
    Oid op = reinterpret_cast<Oid *>(ARR_DATA_PTR(array))[position];
    Oid type = getBaseType(get_atttype(con->conrelid, attnum));
    TypeCacheEntry *entry = lookup_type_cache(type, TYPECACHE_HASH_OPFAMILY);
    if (!OidIsValid(entry->hash_opf))
        return false;
    // varchar and the like use the opclass of the type they are binary-coercible to
    Oid input = entry->hash_opintype;
    return op == get_opfamily_member(entry->hash_opf, input, input, HTEqualStrategyNumber);
}

bool exclusion_oid_confined_to_shard(Oid oid, AttrNumber attnum)
{
    return test_constraint(oid, attnum, exclusion_confined_to_shard);
}

} // namespace tessera::operations
