// Small SQL functions over the distributed-table metadata: worker_hash(),
// tessera_keep_distribution_value(),
// column_to_column_name(), get_shard_id_for_distribution_column(), shard_name() and the
// metadata-cache invalidation trigger. PostgreSQL-style code.
#include "tessera/metadata/catalog.h"
#include "tessera/metadata/distributed_table.h"
#include "tessera/pg/guard.h"

extern "C" {
#include "access/htup_details.h"
#include "catalog/pg_namespace.h"
#include "catalog/pg_type.h"
#include "commands/trigger.h"
#include "nodes/nodeFuncs.h"
#include "parser/parse_coerce.h"
#include "utils/builtins.h"
#include "utils/inval.h"
#include "utils/lsyscache.h"
#include "utils/rel.h"
#include "utils/typcache.h"
}

namespace {

using namespace tessera::metadata;

// The hash function of `type`, or an ERROR.
TypeCacheEntry *hashable_type(Oid type)
{
    TypeCacheEntry *entry = lookup_type_cache(type, TYPECACHE_HASH_PROC_FINFO);
    if (!OidIsValid(entry->hash_proc))
        ereport(ERROR, (errcode(ERRCODE_UNDEFINED_FUNCTION),
                        errmsg("type %s has no hash function", format_type_be(type))));
    return entry;
}

// The distributed table `relid`, or an ERROR.
const DistributedTable *require_distributed_table(Oid relid)
{
    const DistributedTable *table = lookup_distributed_table(relid);
    if (table == nullptr)
        ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                        errmsg("table \"%s\" is not distributed", get_rel_name(relid))));
    return table;
}

} // namespace

// worker_hash(value): the hash a value of its type is placed by.
TESSERA_FUNCTION(tessera_worker_hash)
{
    Oid type = get_fn_expr_argtype(fcinfo->flinfo, 0);
    TypeCacheEntry *entry = hashable_type(type);
    Oid collation = PG_GET_COLLATION();
    if (!OidIsValid(collation))
        collation = get_typcollation(type);
    return FunctionCall1Coll(&entry->hash_proc_finfo, collation, PG_GETARG_DATUM(0));
}

// tessera_keep_distribution_value(new, old, table, column): `new`, the value an UPDATE or ON
// CONFLICT DO UPDATE gives the distribution column of a row whose value is `old`, if it hashes
// as `old` does (the row stays in its shard); else an ERROR naming the coordinator's table and
// column. The write planner wraps such assignments in it when planning cannot prove they keep
// the value (ORMs save whole rows: UPDATE t SET key = $1, ... WHERE id = $2); the shards call it
// row by row, so rows that keep their value are written as in PostgreSQL.
TESSERA_FUNCTION(tessera_keep_distribution_value)
{
    if (PG_ARGISNULL(0) && PG_ARGISNULL(1))
        PG_RETURN_NULL();
    bool kept = false;
    if (!PG_ARGISNULL(0) && !PG_ARGISNULL(1)) {
        Oid type = get_fn_expr_argtype(fcinfo->flinfo, 0);
        TypeCacheEntry *entry = hashable_type(type);
        Oid collation = PG_GET_COLLATION();
        if (!OidIsValid(collation))
            collation = get_typcollation(type);
        Datum new_hash = FunctionCall1Coll(&entry->hash_proc_finfo, collation, PG_GETARG_DATUM(0));
        Datum old_hash = FunctionCall1Coll(&entry->hash_proc_finfo, collation, PG_GETARG_DATUM(1));
        kept = DatumGetInt32(new_hash) == DatumGetInt32(old_hash);
    }
    if (!kept)
        ereport(ERROR, (errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
                        errmsg("cannot modify distribution column \"%s\" of table \"%s\"",
                               PG_ARGISNULL(3) ? "?" : text_to_cstring(PG_GETARG_TEXT_PP(3)),
                               PG_ARGISNULL(2) ? "?" : text_to_cstring(PG_GETARG_TEXT_PP(2))),
                        errdetail("The new value of a row hashes differently from its current one; "
                                  "rows cannot move between shards."),
                        errhint("Delete the row and insert it again with the new value.")));
    PG_RETURN_DATUM(PG_GETARG_DATUM(0));
}

// column_to_column_name(table, partkey): the column name stored in pg_dist_partition.partkey.
TESSERA_FUNCTION(tessera_column_to_column_name)
{
    Oid relid = PG_GETARG_OID(0);
    char *key = text_to_cstring(PG_GETARG_TEXT_PP(1));
    Node *node = static_cast<Node *>(stringToNode(key));
    if (node == nullptr || !IsA(node, Var))
        ereport(ERROR,
                (errcode(ERRCODE_INVALID_PARAMETER_VALUE), errmsg("not a valid column: %s", key)));
    char *name = get_attname(relid, castNode(Var, node)->varattno, true);
    if (name == nullptr)
        PG_RETURN_NULL();
    PG_RETURN_TEXT_P(cstring_to_text(name));
}

// get_shard_id_for_distribution_column(table, value): the shard that holds `value`.
TESSERA_FUNCTION(tessera_get_shard_id_for_distribution_column)
{
    if (PG_ARGISNULL(0))
        ereport(ERROR,
                (errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED), errmsg("table_name must not be NULL")));
    const DistributedTable *table = require_distributed_table(PG_GETARG_OID(0));
    // Reference and single-shard tables: their only shard, whatever the value.
    if (table->partition_method == kDistributeByNone || table->single_shard)
        PG_RETURN_INT64(table->shards[0].shard_id);
    if (PG_ARGISNULL(1))
        ereport(ERROR, (errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
                        errmsg("distribution_value must not be NULL for a distributed table")));
    Datum value =
        as_distribution_value(table, PG_GETARG_DATUM(1), get_fn_expr_argtype(fcinfo->flinfo, 1));
    const ShardInterval *shard = find_shard_for_value(table, value);
    if (shard == nullptr)
        ereport(ERROR,
                (errcode(ERRCODE_DATA_EXCEPTION),
                 errmsg("no shard of table \"%s\" holds this value", get_rel_name(table->relid))));
    PG_RETURN_INT64(shard->shard_id);
}

// shard_name(table, shard_id, skip_qualify_public): the name of a shard table on the workers,
// quoted as needed and qualified with its schema, unless that is public and skip_qualify_public
// is true (the default, as in Citus).
TESSERA_FUNCTION(tessera_shard_name)
{
    bool skip_qualify_public = PG_NARGS() > 2 ? PG_GETARG_BOOL(2) : true;
    Oid relid = PG_GETARG_OID(0);
    char *relname = get_rel_name(relid);
    if (relname == nullptr)
        ereport(ERROR, (errcode(ERRCODE_UNDEFINED_TABLE),
                        errmsg("relation with OID %u does not exist", relid)));
    Oid schema = get_rel_namespace(relid);
    char *name = shard_table_name(relname, PG_GETARG_INT64(1));
    if (schema == PG_PUBLIC_NAMESPACE && skip_qualify_public)
        PG_RETURN_TEXT_P(cstring_to_text(quote_identifier(name)));
    PG_RETURN_TEXT_P(cstring_to_text(quote_qualified_identifier(get_namespace_name(schema), name)));
}

// Row trigger on pg_dist_partition/pg_dist_shard/pg_dist_placement: a change made with plain SQL
// invalidates the logical table's metadata in every backend.
TESSERA_FUNCTION(tessera_metadata_changed)
{
    if (!CALLED_AS_TRIGGER(fcinfo))
        ereport(ERROR, (errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
                        errmsg("tessera_metadata_changed() must be called as a trigger")));
    TriggerData *data = reinterpret_cast<TriggerData *>(fcinfo->context);
    Relation rel = data->tg_relation;
    const char *name = RelationGetRelationName(rel);
    HeapTuple tuples[2] = {data->tg_trigtuple, data->tg_newtuple};
    for (HeapTuple tuple : tuples) {
        if (tuple == nullptr)
            continue;
        bool isnull;
        Datum first = heap_getattr(tuple, 1, RelationGetDescr(rel), &isnull);
        if (isnull)
            continue;
        if (strcmp(name, "pg_dist_placement") == 0) {
            Datum shard_id = heap_getattr(tuple, 2, RelationGetDescr(rel), &isnull);
            Oid relid = isnull ? InvalidOid : relid_of_shard(DatumGetInt64(shard_id));
            if (OidIsValid(relid))
                invalidate_table_metadata(relid);
            else
                CacheInvalidateRelcacheAll();
        } else {
            invalidate_table_metadata(DatumGetObjectId(first));
        }
    }
    return PointerGetDatum(data->tg_trigtuple);
}
