// Hash-range conditions for distribution columns of enum types, which the workers cannot hash
// as the coordinator does (see the header). PostgreSQL-style code.
#include "tessera/operations/enum_hash_condition.h"

extern "C" {
#include "access/htup_details.h"
#include "catalog/pg_enum.h"
#include "catalog/pg_type.h"
#include "lib/stringinfo.h"
#include "utils/builtins.h"
#include "utils/catcache.h"
#include "utils/lsyscache.h"
#include "utils/syscache.h"
#include "utils/typcache.h"
}

namespace tessera::operations {

namespace {

// True if the hash of `type` reads enum OIDs anywhere: an enum, or an array, composite, range,
// multirange or domain built on one.
bool hash_reads_enum_oids(Oid type, int depth)
{
    if (depth > 32 || !OidIsValid(type))
        return false;
    type = getBaseType(type);
    if (type_is_enum(type))
        return true;
    Oid element = get_element_type(type);
    if (OidIsValid(element))
        return hash_reads_enum_oids(element, depth + 1);
    if (type_is_range(type))
        return hash_reads_enum_oids(get_range_subtype(type), depth + 1);
    if (type_is_multirange(type))
        return hash_reads_enum_oids(get_multirange_range(type), depth + 1);
    Oid relid = get_typ_typrelid(type);
    if (!OidIsValid(relid))
        return false;
    TupleDesc desc = lookup_rowtype_tupdesc(type, -1);
    bool reads = false;
    for (int i = 0; i < desc->natts && !reads; i++) {
        Form_pg_attribute attribute = TupleDescAttr(desc, i);
        if (!attribute->attisdropped)
            reads = hash_reads_enum_oids(attribute->atttypid, depth + 1);
    }
    ReleaseTupleDesc(desc);
    return reads;
}

} // namespace

Oid distribution_enum_type(Oid type, const char *what)
{
    Oid base = getBaseType(type);
    if (type_is_enum(base))
        return base;
    if (hash_reads_enum_oids(base, 0))
        ereport(ERROR,
                (errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
                 errmsg("%s is not supported for tables distributed by a column of type %s", what,
                        format_type_be(type)),
                 errdetail("The hash of the type depends on the OIDs of enum labels inside it, "
                           "which differ between the coordinator and the workers."),
                 errhint("Distribute the table by a column of another type.")));
    return InvalidOid;
}

char *enum_hash_range_condition(Oid relid, AttrNumber dist_column, const char *column_sql,
                                int32 min, int32 max, const char *what)
{
    Oid type = get_atttype(relid, dist_column);
    Oid enum_type = distribution_enum_type(type, what);
    if (!OidIsValid(enum_type))
        return nullptr;
    // The hash the coordinator routes by: the column type's hash function (hashenum), on this
    // node's OIDs of the labels.
    TypeCacheEntry *entry = lookup_type_cache(type, TYPECACHE_HASH_PROC_FINFO);
    if (!OidIsValid(entry->hash_proc))
        elog(ERROR, "type %s has no hash function", format_type_be(type));
    StringInfoData labels;
    initStringInfo(&labels);
    CatCList *list = SearchSysCacheList1(ENUMTYPOIDNAME, ObjectIdGetDatum(enum_type));
    for (int i = 0; i < list->n_members; i++) {
        HeapTuple tuple = &list->members[i]->tuple;
        auto *row = reinterpret_cast<Form_pg_enum>(GETSTRUCT(tuple));
        int32 hash = DatumGetInt32(
            FunctionCall1Coll(&entry->hash_proc_finfo, InvalidOid, ObjectIdGetDatum(row->oid)));
        if (hash < min || hash > max)
            continue;
        appendStringInfo(&labels, "%s%s", labels.len > 0 ? ", " : "",
                         quote_literal_cstr(NameStr(row->enumlabel)));
    }
    ReleaseSysCacheList(list);
    // The labels as text: a label added in this transaction may not be read as the enum yet.
    if (labels.len == 0)
        return pstrdup("false");
    return psprintf("((%s)::text = ANY (ARRAY[%s]::text[]))", column_sql, labels.data);
}

} // namespace tessera::operations
