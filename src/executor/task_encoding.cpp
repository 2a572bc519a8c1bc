// The plan side of a Tessera Adaptive scan: its CustomScan node, and its tasks as the plan keeps
// them. CustomScan.custom_private may hold only copyable node types (plans are copied and
// cached), so each Task becomes a List of Integers, Strings, Booleans and Lists, and back at
// execution.
#include "tessera/executor/distributed_scan_internal.h"

extern "C" {
#include "nodes/makefuncs.h"
#include "nodes/primnodes.h"
#include "utils/builtins.h"
}

namespace tessera::executor::distributed_scan_internal {

CustomScanMethods scan_methods;

// Encodes a Task list for custom_private (only copyable node types).
List *encode_tasks(List *tasks)
{
    List *encoded = NIL;
    ListCell *cell;
    foreach (cell, tasks) {
        auto *task = static_cast<Task *>(lfirst(cell));
        // Parameters travel as type OIDs and text values (NULL for SQL NULL).
        List *types = NIL;
        List *values = NIL;
        for (int i = 0; i < task->param_count; i++) {
            types = lappend_int(types, static_cast<int>(task->param_types[i]));
            values = lappend(values, task->param_values[i] != nullptr
                                         ? makeString(pstrdup(task->param_values[i]))
                                         : nullptr);
        }
        List *fields = list_make5(makeInteger(task->group_id), makeString(task->sql),
                                  makeBoolean(task->modifies), list_copy(task->fallback_groups),
                                  list_make4(types, values, makeBoolean(task->params_are_constants),
                                             list_copy(task->statement_params)));
        fields = lappend(fields, makeBoolean(task->locks_rows));
        List *lock_shards = NIL;
        for (int i = 0; i < task->lock_shard_count; i++)
            lock_shards =
                lappend(lock_shards, makeString(psprintf(INT64_FORMAT, task->lock_shard_ids[i])));
        fields = lappend(fields, lock_shards);
        fields = lappend(fields, task->tenant_value);
        fields = lappend(fields, makeInteger(task->tenant_colocation_id));
        fields = lappend(
            fields,
            makeString(pstrdup(task->reference_locks != nullptr ? task->reference_locks : "")));
        fields = lappend(fields,
                         list_make3(makeInteger(static_cast<int>(task->route_relid)),
                                    makeString(psprintf(INT64_FORMAT, task->route_shard_id)),
                                    makeString(psprintf(UINT64_FORMAT, task->route_generation))));
        fields = lappend(
            fields, makeString(pstrdup(task->explain_sql != nullptr ? task->explain_sql : "")));
        encoded = lappend(encoded, fields);
    }
    return encoded;
}

// Decodes what encode_tasks made.
List *decode_tasks(List *encoded)
{
    List *tasks = NIL;
    ListCell *cell;
    foreach (cell, encoded) {
        List *pair = static_cast<List *>(lfirst(cell));
        auto *task = static_cast<Task *>(palloc0(sizeof(Task)));
        task->group_id = intVal(linitial(pair));
        task->sql = strVal(lsecond(pair));
        task->modifies = boolVal(lthird(pair));
        task->fallback_groups = static_cast<List *>(lfourth(pair));
        task->locks_rows = boolVal(list_nth(pair, 5));
        List *lock_shards = static_cast<List *>(list_nth(pair, 6));
        task->lock_shard_count = list_length(lock_shards);
        task->lock_shard_ids =
            static_cast<int64 *>(palloc(sizeof(int64) * (task->lock_shard_count + 1)));
        for (int i = 0; i < task->lock_shard_count; i++)
            task->lock_shard_ids[i] = strtoi64(strVal(list_nth(lock_shards, i)), nullptr, 10);
        task->tenant_value = static_cast<Const *>(list_nth(pair, 7));
        task->tenant_colocation_id = intVal(list_nth(pair, 8));
        char *reference_locks = strVal(list_nth(pair, 9));
        task->reference_locks = reference_locks[0] != '\0' ? reference_locks : nullptr;
        List *route = static_cast<List *>(list_nth(pair, 10));
        task->route_relid = static_cast<Oid>(intVal(linitial(route)));
        task->route_shard_id = strtoi64(strVal(lsecond(route)), nullptr, 10);
        task->route_generation = strtou64(strVal(lthird(route)), nullptr, 10);
        char *explain_sql = strVal(list_nth(pair, 11));
        task->explain_sql = explain_sql[0] != '\0' ? explain_sql : nullptr;
        List *params = static_cast<List *>(list_nth(pair, 4));
        List *types = static_cast<List *>(linitial(params));
        List *values = static_cast<List *>(lsecond(params));
        task->params_are_constants = boolVal(lthird(params));
        task->statement_params = static_cast<List *>(lfourth(params));
        task->param_count = list_length(types);
        if (task->param_count > 0) {
            task->param_types = static_cast<Oid *>(palloc(sizeof(Oid) * task->param_count));
            task->param_values = static_cast<char **>(palloc(sizeof(char *) * task->param_count));
            for (int i = 0; i < task->param_count; i++) {
                task->param_types[i] = static_cast<Oid>(list_nth_int(types, i));
                Node *value = static_cast<Node *>(list_nth(values, i));
                task->param_values[i] = value != nullptr ? strVal(value) : nullptr;
            }
        }
        tasks = lappend(tasks, task);
    }
    return tasks;
}

} // namespace tessera::executor::distributed_scan_internal

namespace tessera::executor {

using namespace distributed_scan_internal;

List *make_merge_key(AttrNumber attno, Oid sortop, Oid collation, bool nulls_first,
                     const char *name)
{
    return list_make5(makeInteger(attno), makeInteger(static_cast<int>(sortop)),
                      makeInteger(static_cast<int>(collation)), makeBoolean(nulls_first),
                      makeString(pstrdup(name)));
}

bool routes_by_parameters(const Plan *plan)
{
    if (!IsA(plan, CustomScan) ||
        reinterpret_cast<const CustomScan *>(plan)->methods != &scan_methods)
        return false;
    auto source = static_cast<TaskSource>(
        intVal(list_nth(reinterpret_cast<const CustomScan *>(plan)->custom_private, kSourceField)));
    return source == TaskSource::kDeferred || source == TaskSource::kTemplate;
}

void set_distributed_scan_whole_statement(CustomScan *scan)
{
    while (list_length(scan->custom_private) < kWholeStatementField)
        scan->custom_private = lappend(scan->custom_private, NIL); // no merge
    scan->custom_private = lappend(scan->custom_private, makeInteger(1));
}

void set_distributed_scan_merge(CustomScan *scan, List *keys)
{
    Assert(list_length(scan->custom_private) == kMergeField);
    scan->custom_private = lappend(scan->custom_private, keys);
}

CustomScan *make_distributed_scan(TaskSource source, List *tasks, List *column_attnos,
                                  Query *deferred_query, List *template_info)
{
    CustomScan *scan = makeNode(CustomScan);
    scan->methods = &scan_methods;
    scan->custom_private = list_make5(makeInteger(static_cast<int>(source)), encode_tasks(tasks),
                                      column_attnos, deferred_query, template_info);
    return scan;
}

} // namespace tessera::executor
