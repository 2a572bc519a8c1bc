// Writes on distributed tables: the per-shard tasks of a statement, and the rows that the
// coordinator evaluates and groups by shard (INSERT ... VALUES, pulled INSERT ... SELECT).
#include "tessera/planner/modify_internal.h"
#include "tessera/planner/modify_planner.h"
#include "tessera/planner/query_tree.h"
#include "tessera/planner/single_scan_plan.h"

#include "tessera/executor/distributed_scan.h"
#include "tessera/executor/tenant_stats.h"
#include "tessera/metadata/distributed_table.h"
#include "tessera/planner/deparse.h"
#include "tessera/planner/key_lookup.h"
#include "tessera/planner/planner.h"
#include "tessera/planner/shard_pruning.h"

#include <utility>

extern "C" {
#include "access/htup_details.h"
#include "access/transam.h"
#include "catalog/pg_constraint.h"
#include "catalog/pg_index.h"
#include "catalog/pg_type_d.h"
#include "commands/explain.h"
#include "executor/executor.h"
#include "executor/tstoreReceiver.h"
#include "miscadmin.h"
#include "nodes/extensible.h"
#include "nodes/makefuncs.h"
#include "nodes/nodeFuncs.h"
#include "optimizer/clauses.h"
#include "optimizer/optimizer.h"
#include "optimizer/planner.h"
#include "parser/parsetree.h"
#include "rewrite/rewriteManip.h"
#include "storage/lock.h"
#include "tcop/pquery.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/datum.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/snapmgr.h"
#include "utils/syscache.h"
#include "utils/tuplestore.h"
#include "utils/typcache.h"
}

namespace tessera::planner::modify {

// ---------------------------------------------------------------------------------------------
// Task building

// Substitutions for shard index `shard_index` (reference tables: their only shard).
ShardSubstitution *substitutions_for(List *relids, int shard_index)
{
    int count = list_length(relids);
    auto *substitutions =
        static_cast<ShardSubstitution *>(palloc(sizeof(ShardSubstitution) * (count + 1)));
    for (int i = 0; i < count; i++) {
        Oid relid = list_nth_oid(relids, i);
        const DistributedTable *table = metadata::lookup_distributed_table(relid);
        if (table == nullptr)
            ereport(ERROR, (errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
                            errmsg("local table \"%s\" cannot be read by a write to a distributed "
                                   "table here",
                                   get_rel_name(relid))));
        bool hash = table->partition_method == metadata::kDistributeByHash;
        substitutions[i] = {relid, table->shards[hash ? shard_index : 0].shard_id};
    }
    return substitutions;
}

const metadata::ShardPlacement *first_placement(const DistributedTable *table, int shard_index)
{
    const metadata::ShardInterval &shard = table->shards[shard_index];
    if (shard.placement_count < 1)
        ereport(ERROR, (errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
                        errmsg("shard %lld of table \"%s\" has no placement",
                               (long long)shard.shard_id, get_rel_name(table->relid))));
    return &shard.placements[0];
}

executor::Task *make_task(int32 group_id, char *sql)
{
    auto *task = static_cast<executor::Task *>(palloc0(sizeof(executor::Task)));
    task->group_id = group_id;
    task->sql = sql;
    task->modifies = true;
    return task;
}

executor::Task *make_shard_task(const DistributedTable *table, int shard_index, char *sql)
{
    executor::Task *task = make_task(first_placement(table, shard_index)->group_id, sql);
    executor::route_task_to_shard(task, table, shard_index);
    return task;
}

// Tasks running `query` (a statement on `target`) on the shards marked in `shards` (all if
// nullptr); for reference tables on every placement, RETURNING only on the first.
List *tasks_for_shards(Query *query, const DistributedTable *target, const bool *shards,
                       int *divisor)
{
    List *relids = statement_relation_oids(query);
    int count = list_length(relids);
    List *tasks = NIL;
    if (target->partition_method != metadata::kDistributeByHash) {
        const metadata::ShardInterval &shard = target->shards[0];
        first_placement(target, 0);
        ShardSubstitution *substitutions = substitutions_for(relids, 0);
        char *sql = deparse_query_for_shards(query, substitutions, count);
        char *quiet_sql = sql;
        if (query->returningList != NIL && shard.placement_count > 1) {
            Query *quiet = static_cast<Query *>(copyObject(query));
            quiet->returningList = NIL;
            quiet_sql = deparse_query_for_shards(quiet, substitutions, count);
        }
        for (int p = 0; p < shard.placement_count; p++)
            tasks =
                lappend(tasks, make_task(shard.placements[p].group_id, p == 0 ? sql : quiet_sql));
        *divisor = Max(shard.placement_count, 1);
        return tasks;
    }
    *divisor = 1;
    for (int i = 0; i < target->shard_count; i++) {
        if (shards != nullptr && !shards[i])
            continue;
        tasks = lappend(tasks, make_shard_task(target, i,
                                               deparse_query_for_shards(
                                                   query, substitutions_for(relids, i), count)));
    }
    return tasks;
}

// Shards of `table` at `varno` that rows satisfying `quals` can live in, combined (AND) into
// `shards`.
void restrict_shards(bool *shards, const DistributedTable *table, Index varno, List *quals)
{
    bool *pruned = prune_shards(table, varno, quals);
    for (int i = 0; i < table->shard_count; i++)
        shards[i] = shards[i] && pruned[i];
}

// The shards of hash-distributed `target` that an UPDATE or DELETE with bound parameters can
// touch (a palloc'd flag per shard).
bool *update_delete_shards(Query *query, const DistributedTable *target)
{
    // The conditions every written row satisfies, folded, with the pins they imply through
    // reference-table columns (u.org = o.id AND o.id = 5) and through lists of constant rows (a
    // VALUES list, or the keys of a statement rewritten through its rows' keys, computed by
    // now): only the shards holding those keys are written, and a worker holding none of them
    // is not needed. A pin inside the nullable side of an outer join of FROM does not restrict
    // the statement: the preserved side's rows still join.
    List *quals = with_constant_rows_pins(
        query->rtable, with_reference_table_pins(
                           query->rtable, result_restricting_quals(
                                              reinterpret_cast<Node *>(query->jointree), NIL)));
    auto *shards = static_cast<bool *>(palloc(sizeof(bool) * target->shard_count));
    for (int i = 0; i < target->shard_count; i++)
        shards[i] = true;
    // Every hash table of the top level is joined to the target on the distribution column,
    // so a restriction on any of them restricts the target's shards too.
    int count = 0;
    LevelTable *tables = level_tables(query, target, command_name(query->commandType), &count);
    for (int i = 0; i < count; i++)
        restrict_shards(shards, tables[i].table, tables[i].varno, quals);
    return shards;
}

// Tasks of an UPDATE or DELETE whose parameters are bound (modify_internal.h).
List *update_delete_tasks(Query *query, int *divisor, bool lock_written_shards)
{
    RangeTblEntry *target_rte = rt_fetch(query->resultRelation, query->rtable);
    const DistributedTable *target = metadata::lookup_distributed_table(target_rte->relid);
    bool *shards = target->partition_method == metadata::kDistributeByHash
                       ? update_delete_shards(query, target)
                       : nullptr;
    if (lock_written_shards)
        lock_shards_for_write(query, shards);
    return tasks_for_shards(query, target, shards, divisor);
}

// The one shard of a hash-distributed table (*target) that UPDATE / DELETE `bound` (parameters
// bound) can touch; -1 if another kind of table, or none or several shards.
static int single_shard_of_write(Query *bound, const DistributedTable **target)
{
    RangeTblEntry *target_rte = rt_fetch(bound->resultRelation, bound->rtable);
    *target = metadata::lookup_distributed_table(target_rte->relid);
    if (*target == nullptr || (*target)->partition_method != metadata::kDistributeByHash)
        return -1;
    bool *shards = update_delete_shards(bound, *target);
    int index = -1;
    for (int i = 0; i < (*target)->shard_count; i++) {
        if (!shards[i])
            continue;
        if (index >= 0)
            return -1;
        index = i;
    }
    return index;
}

List *keyed_update_delete_tasks(Query *bound, int *divisor)
{
    if (bound->cteList != NIL || bound->hasSubLinks)
        return NIL;
    const DistributedTable *target = nullptr;
    int index = single_shard_of_write(bound, &target);
    if (index < 0)
        return NIL;
    KeyParameters key;
    Query *keyed = parameterize_unique_key_lookup(bound, &key);
    if (keyed == nullptr)
        return NIL;
    List *relids = list_make1_oid(target->relid);
    executor::Task *task = make_shard_task(
        target, index, deparse_query_for_shards(keyed, substitutions_for(relids, index), 1));
    task->param_count = key.count;
    task->param_types = key.types;
    task->param_values = key.values;
    task->params_are_constants = true;
    *divisor = 1;
    return list_make1(task);
}

// Orders shard ids for qsort.
static int compare_shard_ids(const void *a, const void *b)
{
    int64 left = *static_cast<const int64 *>(a);
    int64 right = *static_cast<const int64 *>(b);
    return left < right ? -1 : left > right ? 1 : 0;
}

void lock_shards_for_write(Query *bound, const bool *shards)
{
    RangeTblEntry *target_rte = rt_fetch(bound->resultRelation, bound->rtable);
    const DistributedTable *target = metadata::lookup_distributed_table(target_rte->relid);
    if (target == nullptr || target->shard_count == 0)
        return;
    auto *shard_ids = static_cast<int64 *>(palloc(sizeof(int64) * target->shard_count));
    int count = 0;
    if (target->partition_method != metadata::kDistributeByHash) {
        // Also with one copy: locking reads of reference rows hold these locks instead of
        // the rows (reference_read_locks).
        uint32 key_hash = 0;
        LOCKMODE key_mode = NoLock;
        if (single_row_reference_write(bound, &key_hash, &key_mode)) {
            lock_reference_row(static_cast<uint64>(target->shards[0].shard_id), key_hash, key_mode);
            return;
        }
        shard_ids[count++] = target->shards[0].shard_id;
    } else if (bound->commandType == CMD_UPDATE || bound->commandType == CMD_DELETE) {
        if (shards == nullptr)
            shards = update_delete_shards(bound, target);
        for (int i = 0; i < target->shard_count; i++)
            if (shards[i])
                shard_ids[count++] = target->shards[i].shard_id;
        if (count < 2)
            count = 0; // one shard: its node's own lock manager sees every wait
    }
    qsort(shard_ids, count, sizeof(int64), compare_shard_ids);
    for (int i = 0; i < count; i++)
        lock_shard_for_write(static_cast<uint64>(shard_ids[i]), ExclusiveLock);
}

void lock_shard_for_write(uint64 shard_id, LOCKMODE mode)
{
    LOCKTAG tag;
    SET_LOCKTAG_ADVISORY(tag, MyDatabaseId, static_cast<uint32>(shard_id >> 32),
                         static_cast<uint32>(shard_id), kShardWriteLockClass);
    (void)LockAcquire(&tag, mode, false, false);
}

// Walker: true at the first external parameter.
bool has_param_walker(Node *node, void *context)
{
    if (node == nullptr)
        return false;
    if (IsA(node, Param))
        return reinterpret_cast<Param *>(node)->paramkind == PARAM_EXTERN;
    if (IsA(node, Query))
        return query_tree_walker(reinterpret_cast<Query *>(node), TESSERA_WALKER(has_param_walker),
                                 context, 0);
    return expression_tree_walker(node, TESSERA_WALKER(has_param_walker), context);
}

// For an UPDATE/DELETE with parameters and nothing to compute first (no WITH, no subqueries):
// the SQL deparsed once with the shard names left out, so each execution that lands on one
// shard only splices them in and sends the parameter values to a statement prepared on the
// worker. NIL when the statement does not qualify.
List *write_template(Query *query)
{
    if (query->cteList != NIL || query->hasSubLinks ||
        !has_param_walker(reinterpret_cast<Node *>(query), nullptr) ||
        contains_node_session_expression(reinterpret_cast<Node *>(query)))
        return NIL;
    List *relids = statement_relation_oids(query);
    int count = list_length(relids);
    auto *substitutions =
        static_cast<ShardSubstitution *>(palloc(sizeof(ShardSubstitution) * (count + 1)));
    List *relid_values = NIL;
    for (int i = 0; i < count; i++) {
        substitutions[i] = {list_nth_oid(relids, i), 0};
        relid_values =
            lappend(relid_values, makeInteger(static_cast<int>(list_nth_oid(relids, i))));
    }
    List *splices = NIL;
    char *text = deparse_query_template(query, substitutions, count, &splices);
    return list_make3(makeString(text), splices, relid_values);
}

// Walker: true at the first constant.
bool has_const_walker(Node *node, void *context)
{
    if (node == nullptr)
        return false;
    if (IsA(node, Const))
        return true;
    return expression_tree_walker(node, TESSERA_WALKER(has_const_walker), context);
}

List *insert_row_template(Query *query)
{
    Index values_index = insert_values_index(query);
    RangeTblEntry *target_rte = rt_fetch(query->resultRelation, query->rtable);
    const DistributedTable *target = metadata::lookup_distributed_table(target_rte->relid);
    // What execution would still compute (subqueries, session-reading expressions in ON
    // CONFLICT and RETURNING; see begin_modify) cannot be printed once for all executions.
    // (The row's own values, now() included, are computed per execution and sent as
    // parameters.)
    if (target == nullptr || target->partition_method != metadata::kDistributeByHash ||
        query->hasSubLinks ||
        contains_node_session_expression(reinterpret_cast<Node *>(query->onConflict)) ||
        contains_node_session_expression(reinterpret_cast<Node *>(query->returningList)))
        return NIL;
    // Without parameters the statement runs once: a template pays off only for a single row
    // whose statement reads the same for every row, i.e. with no constants outside the row
    // (the worker then reuses one prepared statement for all such INSERTs).
    if (!has_param_walker(reinterpret_cast<Node *>(query), nullptr) &&
        (values_index != 0 ||
         has_const_walker(reinterpret_cast<Node *>(query->onConflict), nullptr) ||
         has_const_walker(reinterpret_cast<Node *>(query->returningList), nullptr)))
        return NIL;
    RowRouter router;
    init_row_router(&router, query, values_index, target, CurrentMemoryContext);
    Query *shape = router.template_query;
    if (has_param_walker(reinterpret_cast<Node *>(shape), nullptr) ||
        list_length(router.relids) != 1)
        return NIL; // RETURNING or ON CONFLICT use parameters or other tables too
    List *row = NIL;
    for (int i = 0; i < router.column_count; i++) {
        if (router.types[i] >= FirstNormalObjectId)
            return NIL;
        Param *param = makeNode(Param);
        param->paramkind = PARAM_EXTERN;
        param->paramid = i + 1;
        param->paramtype = router.types[i];
        param->paramtypmod = router.typmods[i];
        param->paramcollid = router.collations[i];
        param->location = -1;
        row = lappend(row, param);
    }
    rt_fetch(router.values_index, shape->rtable)->values_lists = list_make1(row);
    ShardSubstitution substitution{target->relid, 0};
    List *splices = NIL;
    char *text = deparse_query_template(shape, &substitution, 1, &splices);
    return list_make2(makeString(text), splices);
}

// The task inserting `row` (a List of Const), alone in shard `shard_index`, through the
// router's row template.
static executor::Task *templated_row_task(RowRouter *router, int shard_index, List *row)
{
    const DistributedTable *target = router->target;
    char *sql = instantiate_query_template(
        strVal(linitial(router->row_template)), static_cast<List *>(lsecond(router->row_template)),
        substitutions_for(list_make1_oid(target->relid), shard_index), 1);
    executor::Task *task = make_shard_task(target, shard_index, sql);
    int count = router->column_count;
    task->param_count = count;
    task->param_types = static_cast<Oid *>(palloc(sizeof(Oid) * (count + 1)));
    task->param_values = static_cast<char **>(palloc0(sizeof(char *) * (count + 1)));
    for (int i = 0; i < count; i++) {
        auto *value = static_cast<Const *>(list_nth(row, i));
        task->param_types[i] = router->types[i];
        if (!value->constisnull)
            task->param_values[i] = param_value_text(router->types[i], value->constvalue);
    }
    return task;
}

// The task of a templated UPDATE/DELETE when its bound parameters pin it to one shard of a
// hash-distributed table; NIL otherwise (the caller then deparses as usual).
List *templated_update_delete_tasks(List *template_info, Query *bound, ParamListInfo params)
{
    const DistributedTable *target = nullptr;
    int index = single_shard_of_write(bound, &target);
    if (index < 0)
        return NIL; // several shards (or none): the general path
    int param_count = 0;
    Oid *types = nullptr;
    char **values = nullptr;
    if (!params_as_text(params, &param_count, &types, &values))
        return NIL;
    List *relids = NIL;
    ListCell *cell;
    foreach (cell, static_cast<List *>(list_nth(template_info, kWriteRelidsField)))
        relids = lappend_oid(relids, static_cast<Oid>(intVal(lfirst(cell))));
    ShardSubstitution *substitutions = substitutions_for(relids, index);
    char *sql =
        instantiate_query_template(strVal(list_nth(template_info, kWriteTextField)),
                                   static_cast<List *>(list_nth(template_info, kWriteSplicesField)),
                                   substitutions, list_length(relids));
    executor::Task *task = make_shard_task(target, index, sql);
    task->param_count = param_count;
    task->param_types = types;
    task->param_values = values;
    return list_make1(task);
}

// Tasks of a pushed-down INSERT ... SELECT whose parameters are bound.
List *insert_pushdown_tasks(Query *query, int *divisor)
{
    RangeTblEntry *target_rte = rt_fetch(query->resultRelation, query->rtable);
    const DistributedTable *target = metadata::lookup_distributed_table(target_rte->relid);
    if (target->partition_method != metadata::kDistributeByHash)
        return tasks_for_shards(query, target, nullptr, divisor);
    Query *select = rt_fetch(insert_select_index(query), query->rtable)->subquery;
    // Only conditions every selected row satisfies prune (not those inside the nullable side of
    // an outer join, whose preserved rows are inserted on every shard).
    List *quals = with_reference_table_pins(
        select->rtable, result_restricting_quals(reinterpret_cast<Node *>(select->jointree), NIL));
    auto *shards = static_cast<bool *>(palloc(sizeof(bool) * target->shard_count));
    for (int i = 0; i < target->shard_count; i++)
        shards[i] = true;
    Index varno = 0;
    ListCell *cell;
    foreach (cell, select->rtable) {
        varno++;
        auto *rte = static_cast<RangeTblEntry *>(lfirst(cell));
        if (rte->rtekind != RTE_RELATION)
            continue;
        const DistributedTable *table = metadata::lookup_distributed_table(rte->relid);
        if (table != nullptr && table->partition_method == metadata::kDistributeByHash)
            restrict_shards(shards, table, varno, quals);
    }
    return tasks_for_shards(query, target, shards, divisor);
}

// ---------------------------------------------------------------------------------------------
// Rows evaluated on the coordinator (INSERT ... VALUES and pulled INSERT ... SELECT)

// ON CONFLICT ON CONSTRAINT names a coordinator constraint, which has another name on the
// shards: name the constraint's columns instead. An exclusion constraint cannot be named by its
// columns (an inference specification only matches unique indexes), so it is refused rather
// than sent as a statement the shards reject or resolve against another constraint.
void name_conflict_columns(Query *copy, Oid relid)
{
    if (copy->onConflict == nullptr || !OidIsValid(copy->onConflict->constraint))
        return;
    HeapTuple constraint_tuple =
        SearchSysCache1(CONSTROID, ObjectIdGetDatum(copy->onConflict->constraint));
    if (!HeapTupleIsValid(constraint_tuple))
        elog(ERROR, "cache lookup failed for constraint %u", copy->onConflict->constraint);
    auto *constraint = reinterpret_cast<Form_pg_constraint>(GETSTRUCT(constraint_tuple));
    bool exclusion = constraint->contype == CONSTRAINT_EXCLUSION;
    NameData constraint_name = constraint->conname;
    ReleaseSysCache(constraint_tuple);
    if (exclusion)
        ereport(ERROR,
                (errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
                 errmsg("ON CONFLICT ON CONSTRAINT naming exclusion constraint \"%s\" is not "
                        "supported for distributed table \"%s\"",
                        NameStr(constraint_name), get_rel_name(relid)),
                 errhint("Use ON CONFLICT DO NOTHING without a conflict target.")));
    Oid index_oid = get_constraint_index(copy->onConflict->constraint);
    HeapTuple tuple = SearchSysCache1(INDEXRELID, ObjectIdGetDatum(index_oid));
    if (!HeapTupleIsValid(tuple))
        elog(ERROR, "cache lookup failed for index %u", index_oid);
    auto *form = reinterpret_cast<Form_pg_index>(GETSTRUCT(tuple));
    List *elements = NIL;
    for (int i = 0; i < form->indnkeyatts; i++) {
        AttrNumber attno = form->indkey.values[i];
        Oid type;
        int32 typmod;
        Oid collation;
        get_atttypetypmodcoll(relid, attno, &type, &typmod, &collation);
        InferenceElem *element = makeNode(InferenceElem);
        element->expr = reinterpret_cast<Node *>(
            makeVar(copy->resultRelation, attno, type, typmod, collation, 0));
        elements = lappend(elements, element);
    }
    ReleaseSysCache(tuple);
    copy->onConflict->arbiterElems = elements;
    copy->onConflict->constraint = InvalidOid;
}

// Turns `query` into the template every per-shard INSERT is printed from: the rows come from a
// VALUES entry at `replace_index` (0: appended), which the target list reads column by column.
void init_row_router(RowRouter *router, Query *query, Index replace_index,
                     const DistributedTable *target, MemoryContext batch_context)
{
    router->target = target;
    router->batch_context = batch_context;
    Query *copy = static_cast<Query *>(copyObject(query));
    int count = 0;
    ListCell *cell;
    foreach (cell, copy->targetList)
        if (!static_cast<TargetEntry *>(lfirst(cell))->resjunk)
            count++;
    router->column_count = count;
    router->types = static_cast<Oid *>(palloc0(sizeof(Oid) * (count + 1)));
    router->typmods = static_cast<int32 *>(palloc0(sizeof(int32) * (count + 1)));
    router->collations = static_cast<Oid *>(palloc0(sizeof(Oid) * (count + 1)));
    router->lengths = static_cast<int16 *>(palloc0(sizeof(int16) * (count + 1)));
    router->by_values = static_cast<bool *>(palloc0(sizeof(bool) * (count + 1)));
    router->dist_position = -1;

    auto *values = makeNode(RangeTblEntry);
    values->rtekind = RTE_VALUES;
    values->inFromCl = true;
    List *names = NIL;
    int position = 0;
    foreach (cell, copy->targetList) {
        auto *entry = static_cast<TargetEntry *>(lfirst(cell));
        if (entry->resjunk)
            continue;
        Oid type = exprType(reinterpret_cast<Node *>(entry->expr));
        router->types[position] = type;
        router->typmods[position] = exprTypmod(reinterpret_cast<Node *>(entry->expr));
        router->collations[position] = exprCollation(reinterpret_cast<Node *>(entry->expr));
        get_typlenbyval(type, &router->lengths[position], &router->by_values[position]);
        if (target->partition_method == metadata::kDistributeByHash && !target->single_shard &&
            entry->resno == target->dist_column)
            router->dist_position = position;
        values->coltypes = lappend_oid(values->coltypes, type);
        values->coltypmods = lappend_int(values->coltypmods, router->typmods[position]);
        values->colcollations = lappend_oid(values->colcollations, router->collations[position]);
        names = lappend(names, makeString(psprintf("column%d", position + 1)));
        position++;
    }
    values->eref = makeAlias("*VALUES*", names);
    Index index = replace_index;
    if (index == 0) {
        copy->rtable = lappend(copy->rtable, values);
        index = list_length(copy->rtable);
    } else {
        ListCell *slot = list_nth_cell(copy->rtable, index - 1);
        lfirst(slot) = values;
    }
    position = 0;
    foreach (cell, copy->targetList) {
        auto *entry = static_cast<TargetEntry *>(lfirst(cell));
        if (entry->resjunk)
            continue;
        entry->expr = reinterpret_cast<Expr *>(makeVar(index, position + 1, router->types[position],
                                                       router->typmods[position],
                                                       router->collations[position], 0));
        position++;
    }
    router->template_query = copy;
    router->values_index = index;
    router->row_template = NIL;
    router->relids = statement_relation_oids(copy);
    router->rows = static_cast<List **>(palloc0(sizeof(List *) * Max(target->shard_count, 1)));
    router->positions = static_cast<List **>(palloc0(sizeof(List *) * Max(target->shard_count, 1)));
    router->task_positions = NIL;
    router->row_count = 0;
    router->shard_last_run = static_cast<int *>(palloc0(sizeof(int) * Max(target->shard_count, 1)));
}

void attribute_write_tenant(List *tasks, Query *bound, const DistributedTable *target)
{
    if (list_length(tasks) != 1 || target == nullptr ||
        target->partition_method != metadata::kDistributeByHash || target->single_shard)
        return;
    List *quals = restricting_quals(reinterpret_cast<Node *>(bound->jointree), NIL);
    quals =
        reinterpret_cast<List *>(eval_const_expressions(nullptr, reinterpret_cast<Node *>(quals)));
    Const *pin = nullptr;
    ListCell *cell;
    foreach (cell, quals) {
        Expr *value = distribution_equality_value(target, bound->resultRelation,
                                                  static_cast<Expr *>(lfirst(cell)));
        if (value == nullptr || !IsA(value, Const))
            continue;
        auto *constant = reinterpret_cast<Const *>(value);
        if (constant->constisnull || (pin != nullptr && !equal(pin, constant)))
            return; // NULL, or two values: not one tenant
        pin = constant;
    }
    if (pin == nullptr)
        return;
    auto *task = static_cast<executor::Task *>(linitial(tasks));
    task->tenant_value = pin;
    task->tenant_colocation_id = target->colocation_id;
}

// Adds one evaluated row (values/nulls in target-list order) to its shard's group.
void route_row(RowRouter *router, Datum *values, bool *nulls)
{
    const DistributedTable *target = router->target;
    int shard_index = 0;
    // A single-shard table's rows all go to its one shard.
    if (target->partition_method == metadata::kDistributeByHash && !target->single_shard) {
        if (router->dist_position < 0 || nulls[router->dist_position])
            metadata::report_null_distribution_value(target->relid, target->dist_column);
        const metadata::ShardInterval *shard =
            metadata::find_shard_for_value(target, values[router->dist_position]);
        if (shard == nullptr)
            ereport(ERROR, (errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
                            errmsg("no shard of table \"%s\" covers the inserted value",
                                   get_rel_name(target->relid))));
        shard_index = shard->shard_index;
    }
    MemoryContext old = MemoryContextSwitchTo(router->batch_context);
    List *row = NIL;
    for (int i = 0; i < router->column_count; i++) {
        Datum value =
            nulls[i] ? (Datum)0 : datumCopy(values[i], router->by_values[i], router->lengths[i]);
        row = lappend(row, makeConst(router->types[i], router->typmods[i], router->collations[i],
                                     router->lengths[i], value, nulls[i], router->by_values[i]));
    }
    router->rows[shard_index] = lappend(router->rows[shard_index], row);
    router->positions[shard_index] = lappend_int(router->positions[shard_index], router->row_count);
    if (router->split_runs)
        note_row_run(router, shard_index);
    // citus_stat_tenants: the batch's tenant, if all its rows have one distribution value.
    if (executor::tenant_stats_enabled() && router->dist_position >= 0 && !router->tenant_mixed) {
        auto *value = static_cast<Const *>(list_nth(row, router->dist_position));
        if (router->tenant == nullptr)
            router->tenant = value;
        else if (!equal(router->tenant, value))
            router->tenant_mixed = true;
    }
    MemoryContextSwitchTo(old);
    router->row_count++;
}

// A shard holding routed rows, and the place of its first row in the batch.
struct ShardFirstRow {
    int first_row;
    int shard_index;
};

// Orders ShardFirstRow entries by first row for qsort.
static int compare_first_rows(const void *a, const void *b)
{
    return static_cast<const ShardFirstRow *>(a)->first_row -
           static_cast<const ShardFirstRow *>(b)->first_row;
}

// The tasks inserting the routed rows (one multi-row INSERT per shard); empties the groups.
// The tasks come in the order of their first rows: when several fail, the executor reports the
// error of the first failed task (see defer_task_error in distributed_scan.cpp), which then is
// the one holding the earliest rows, as PostgreSQL would report the first row that fails.
List *routed_row_tasks(RowRouter *router, int *divisor)
{
    const DistributedTable *target = router->target;
    RangeTblEntry *values = rt_fetch(router->values_index, router->template_query->rtable);
    List *tasks = NIL;
    *divisor = 1;
    MemoryContext old = MemoryContextSwitchTo(router->batch_context);
    router->task_positions = NIL;
    auto *order =
        static_cast<ShardFirstRow *>(palloc(sizeof(ShardFirstRow) * (target->shard_count + 1)));
    int groups = 0;
    for (int i = 0; i < target->shard_count; i++)
        if (router->rows[i] != NIL)
            order[groups++] = {router->positions[i] != NIL ? linitial_int(router->positions[i]) : 0,
                               i};
    qsort(order, groups, sizeof(ShardFirstRow), compare_first_rows);
    router->rows_must_match = router->split_runs && groups > 1 && router->runs_unsafe;
    router->task_runs = NIL;
    if (router->split_runs && groups > 1 && !router->runs_unsafe) {
        auto *shard_order = static_cast<int *>(palloc(sizeof(int) * groups));
        for (int g = 0; g < groups; g++)
            shard_order[g] = order[g].shard_index;
        tasks = routed_run_tasks(router, shard_order, groups);
        groups = 0;
    }
    for (int g = 0; g < groups; g++) {
        int i = order[g].shard_index;
        // One task per shard of a hash-distributed table (a reference table's rows go to
        // every placement instead: no places then).
        if (target->partition_method == metadata::kDistributeByHash)
            router->task_positions = lappend(router->task_positions, router->positions[i]);
        router->positions[i] = NIL;
        if (router->row_template != NIL && list_length(router->rows[i]) == 1) {
            tasks = lappend(tasks, templated_row_task(
                                       router, i, static_cast<List *>(linitial(router->rows[i]))));
            router->rows[i] = NIL;
            continue;
        }
        if (target->partition_method == metadata::kDistributeByHash) {
            tasks = lappend(tasks, shard_rows_task(router, i, router->rows[i]));
        } else {
            values->values_lists = router->rows[i];
            tasks = list_concat(tasks,
                                tasks_for_shards(router->template_query, target, nullptr, divisor));
        }
        router->rows[i] = NIL;
    }
    values->values_lists = NIL;
    router->row_count = 0;
    router->run_shards = NIL;
    router->run_lengths = NIL;
    router->shard_revisited = false;
    router->runs_unsafe = false;
    for (int i = 0; i < target->shard_count; i++)
        router->shard_last_run[i] = 0;
    if (router->tenant != nullptr && !router->tenant_mixed && list_length(tasks) == 1 &&
        target->partition_method == metadata::kDistributeByHash && !target->single_shard) {
        auto *task = static_cast<executor::Task *>(linitial(tasks));
        task->tenant_value = router->tenant;
        task->tenant_colocation_id = target->colocation_id;
    }
    router->tenant = nullptr;
    router->tenant_mixed = false;
    MemoryContextSwitchTo(old);
    return tasks;
}

executor::Task *shard_rows_task(RowRouter *router, int shard_index, List *rows)
{
    if (router->row_template != NIL && list_length(rows) == 1)
        return templated_row_task(router, shard_index, static_cast<List *>(linitial(rows)));
    return make_shard_task(router->target, shard_index, shard_rows_sql(router, shard_index, rows));
}

char *shard_rows_sql(RowRouter *router, int shard_index, List *rows)
{
    RangeTblEntry *values = rt_fetch(router->values_index, router->template_query->rtable);
    values->values_lists = rows;
    char *sql = deparse_query_for_shards(router->template_query,
                                         substitutions_for(router->relids, shard_index),
                                         list_length(router->relids));
    values->values_lists = NIL;
    return sql;
}

Node *values_row_mutator(Node *node, ValuesRowContext *context)
{
    if (node == nullptr)
        return nullptr;
    if (IsA(node, Var)) {
        auto *var = reinterpret_cast<Var *>(node);
        if (var->varno == static_cast<int>(context->varno) && var->varlevelsup == 0)
            return static_cast<Node *>(copyObject(list_nth(context->row, var->varattno - 1)));
    }
    return expression_tree_mutator(node, TESSERA_MUTATOR(values_row_mutator), context);
}

} // namespace tessera::planner::modify
