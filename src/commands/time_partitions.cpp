// time_partition_range(partition): the bounds of one partition of a range-partitioned table, as
// text, for the time_partitions view and create_time_partitions / drop_old_time_partitions
// (sql/115_time_partitions.sql). PostgreSQL-style code.
#include "tessera/pg/guard.h"

extern "C" {
#include "access/htup_details.h"
#include "catalog/pg_class.h"
#include "funcapi.h"
#include "nodes/parsenodes.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"
#include "utils/syscache.h"
}

namespace {

// The text of one bound of a range partition: the value in its type's output format, or NULL
// (`*isnull`) for MINVALUE / MAXVALUE, which no time value can be compared with.
Datum range_bound_text(PartitionRangeDatum *bound, bool *isnull)
{
    if (bound->kind != PARTITION_RANGE_DATUM_VALUE) {
        *isnull = true;
        return (Datum)0;
    }
    auto *value = castNode(Const, bound->value);
    *isnull = false;
    Oid output_function;
    bool is_varlena;
    getTypeOutputInfo(value->consttype, &output_function, &is_varlena);
    return CStringGetTextDatum(OidOutputFunctionCall(output_function, value->constvalue));
}

} // namespace

// time_partition_range(partition regclass, OUT lower_bound text, OUT upper_bound text): the
// FROM and TO values of a partition of a table partitioned by RANGE on one column; both NULL for
// the DEFAULT partition.
TESSERA_FUNCTION(tessera_time_partition_range)
{
    Oid relid = PG_GETARG_OID(0);
    TupleDesc result_desc;
    if (get_call_result_type(fcinfo, nullptr, &result_desc) != TYPEFUNC_COMPOSITE)
        elog(ERROR, "return type must be a row type");

    HeapTuple tuple = SearchSysCache1(RELOID, ObjectIdGetDatum(relid));
    if (!HeapTupleIsValid(tuple))
        ereport(ERROR, (errcode(ERRCODE_UNDEFINED_TABLE),
                        errmsg("relation with OID %u does not exist", relid)));
    bool bound_isnull = false;
    Datum bound_datum = SysCacheGetAttr(RELOID, tuple, Anum_pg_class_relpartbound, &bound_isnull);
    char *bound_text = bound_isnull ? nullptr : TextDatumGetCString(bound_datum);
    ReleaseSysCache(tuple);
    if (bound_text == nullptr)
        ereport(ERROR, (errcode(ERRCODE_WRONG_OBJECT_TYPE),
                        errmsg("relation \"%s\" is not a partition", get_rel_name(relid))));
    auto *bound = castNode(PartitionBoundSpec, stringToNode(bound_text));

    Datum values[2] = {(Datum)0, (Datum)0};
    bool nulls[2] = {true, true};
    if (!bound->is_default) {
        if (bound->strategy != PARTITION_STRATEGY_RANGE)
            ereport(ERROR,
                    (errcode(ERRCODE_WRONG_OBJECT_TYPE),
                     errmsg("relation \"%s\" is not a partition of a range-partitioned table",
                            get_rel_name(relid)),
                     errdetail("time_partition_range needs a partition of a table partitioned "
                               "by RANGE on one column.")));
        if (list_length(bound->lowerdatums) != 1 || list_length(bound->upperdatums) != 1)
            ereport(ERROR,
                    (errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
                     errmsg("relation \"%s\" is a partition of a table partitioned by more than "
                            "one column",
                            get_rel_name(relid)),
                     errdetail("time_partition_range needs a partition of a table partitioned "
                               "by RANGE on one column.")));
        values[0] =
            range_bound_text(linitial_node(PartitionRangeDatum, bound->lowerdatums), &nulls[0]);
        values[1] =
            range_bound_text(linitial_node(PartitionRangeDatum, bound->upperdatums), &nulls[1]);
    }
    PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(result_desc, values, nulls)));
}
