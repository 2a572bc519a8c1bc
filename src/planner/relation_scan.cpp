// Scanning one distributed table from the coordinator's plan: every scan of a distributed or
// reference table that PostgreSQL plans becomes a Tessera Adaptive scan that reads the table's
// (pruned) shards with the shippable filters applied on the workers. The rest of the query —
// joins, aggregates, sorting — runs on the coordinator exactly as PostgreSQL would run it, which
// makes this the general, always-correct way to answer any query over distributed tables.
#include "tessera/executor/distributed_scan.h"
#include "tessera/metadata/distributed_table.h"
#include "tessera/planner/deparse.h"
#include "tessera/planner/planner.h"
#include "tessera/planner/shard_pruning.h"

extern "C" {
#include "access/sysattr.h"
#include "access/table.h"
#include "lib/stringinfo.h"
#include "nodes/extensible.h"
#include "nodes/makefuncs.h"
#include "optimizer/optimizer.h"
#include "optimizer/pathnode.h"
#include "optimizer/paths.h"
#include "optimizer/restrictinfo.h"
#include "parser/parsetree.h"
#include "rewrite/rewriteManip.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"
#include "utils/rel.h"
}

namespace tessera::planner {

namespace {

set_rel_pathlist_hook_type previous_rel_pathlist_hook = nullptr;
CustomPathMethods path_methods;

// Estimated cost of reaching the workers: a round trip plus per-row transfer.
constexpr Cost kRemoteStartupCost = 100.0;
constexpr Cost kRemoteRowCost = 0.05;

// The comma-separated quoted column list for the given attribute numbers.
char *column_list(Relation relation, const AttrNumber *attnos, int count)
{
    StringInfoData out;
    initStringInfo(&out);
    for (int i = 0; i < count; i++) {
        Form_pg_attribute attribute = TupleDescAttr(RelationGetDescr(relation), attnos[i] - 1);
        appendStringInfo(&out, "%s%s", i > 0 ? ", " : "",
                         quote_identifier(NameStr(attribute->attname)));
    }
    if (count == 0)
        appendStringInfoString(&out, "NULL");
    return out.data;
}

// The attributes the plan needs from the table: those in the target list and local quals.
// tableoid is the coordinator's table (the scan sets it on its rows); other system columns,
// which have no meaning across nodes, raise an ERROR.
AttrNumber *needed_attributes(Relation relation, Index relid, List *tlist, List *local_quals,
                              int *count)
{
    Bitmapset *attrs = nullptr;
    pull_varattnos(reinterpret_cast<Node *>(tlist), relid, &attrs);
    pull_varattnos(reinterpret_cast<Node *>(local_quals), relid, &attrs);
    TupleDesc desc = RelationGetDescr(relation);
    bool whole_row = false;
    int member = -1;
    while ((member = bms_next_member(attrs, member)) >= 0) {
        AttrNumber attno = member + FirstLowInvalidHeapAttributeNumber;
        if (attno == InvalidAttrNumber)
            whole_row = true;
        else if (attno < 0 && attno != TableOidAttributeNumber)
            ereport(ERROR, (errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
                            errmsg("system columns are not supported for distributed tables"),
                            errdetail("Table \"%s\" is distributed; its rows live on other "
                                      "nodes.",
                                      RelationGetRelationName(relation))));
    }
    auto *attnos = static_cast<AttrNumber *>(palloc(sizeof(AttrNumber) * (desc->natts + 1)));
    int n = 0;
    for (int i = 0; i < desc->natts; i++) {
        if (TupleDescAttr(desc, i)->attisdropped)
            continue;
        AttrNumber attno = static_cast<AttrNumber>(i + 1);
        if (whole_row || bms_is_member(attno - FirstLowInvalidHeapAttributeNumber, attrs))
            attnos[n++] = attno;
    }
    *count = n;
    return attnos;
}

// The TABLESAMPLE clause of a shard scan ("" without one): each shard is sampled the same way,
// which samples the table as a whole the way the method samples one table. Only the built-in
// methods, whose arguments the workers can evaluate, are sent; others are refused.
char *tablesample_clause(const RangeTblEntry *rte, List **params)
{
    const TableSampleClause *sample = rte->tablesample;
    if (sample == nullptr)
        return pstrdup("");
    char *method = get_func_name(sample->tsmhandler);
    Node *arguments = reinterpret_cast<Node *>(
        list_concat(list_copy(sample->args),
                    sample->repeatable != nullptr ? list_make1(sample->repeatable) : NIL));
    if (sample->tsmhandler >= FirstNormalObjectId)
        ereport(ERROR,
                (errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
                 errmsg("TABLESAMPLE method %s is not supported for distributed tables", method),
                 errhint("Use the built-in methods SYSTEM or BERNOULLI.")));
    if (!is_shippable_expression(arguments, true))
        ereport(ERROR,
                (errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
                 errmsg("TABLESAMPLE arguments that the workers cannot evaluate are not supported "
                        "for distributed tables"),
                 errdetail("Table \"%s\" is distributed; each shard is sampled on its worker.",
                           get_rel_name(rte->relid)),
                 errhint("Use constants or parameters as arguments.")));
    *params = list_concat_unique_int(*params, referenced_params(arguments));
    StringInfoData out;
    initStringInfo(&out);
    appendStringInfo(&out, " TABLESAMPLE %s (", quote_identifier(method));
    ListCell *cell;
    foreach (cell, sample->args)
        appendStringInfo(
            &out, "%s%s", cell == list_head(sample->args) ? "" : ", ",
            deparse_relation_expression(static_cast<Node *>(lfirst(cell)), rte->relid));
    appendStringInfoChar(&out, ')');
    if (sample->repeatable != nullptr)
        appendStringInfo(
            &out, " REPEATABLE (%s)",
            deparse_relation_expression(reinterpret_cast<Node *>(sample->repeatable), rte->relid));
    return out.data;
}

// Builds the CustomScan for a distributed-table scan path.
Plan *plan_relation_scan(PlannerInfo *root, RelOptInfo *rel, CustomPath *, List *tlist,
                         List *clauses, List *)
{
    RangeTblEntry *rte = planner_rt_fetch(rel->relid, root);
    const metadata::DistributedTable *table = metadata::lookup_distributed_table(rte->relid);
    if (table == nullptr)
        elog(ERROR, "relation %u is no longer distributed", rte->relid);

    List *remote_quals = NIL;
    List *local_quals = NIL;
    ListCell *cell;
    foreach (cell, clauses) {
        auto *rinfo = static_cast<RestrictInfo *>(lfirst(cell));
        if (rinfo->pseudoconstant)
            continue;
        if (is_shippable_expression(reinterpret_cast<Node *>(rinfo->clause), true))
            remote_quals = lappend(remote_quals, rinfo->clause);
        else
            local_quals = lappend(local_quals, rinfo->clause);
    }

    Relation relation = table_open(rte->relid, NoLock);
    int column_count = 0;
    AttrNumber *attnos = needed_attributes(relation, rel->relid, tlist, local_quals, &column_count);
    char *columns = column_list(relation, attnos, column_count);
    table_close(relation, NoLock);

    StringInfoData where;
    initStringInfo(&where);
    if (remote_quals != NIL) {
        // Deparse with the relation as range-table entry 1, as deparse_relation_expression needs.
        Node *quals = reinterpret_cast<Node *>(
            make_ands_explicit(static_cast<List *>(copyObject(remote_quals))));
        ChangeVarNodes(quals, rel->relid, 1, 0);
        appendStringInfo(&where, " WHERE %s", deparse_relation_expression(quals, rte->relid));
    }

    bool *wanted = prune_shards(table, rel->relid, remote_quals);
    // A generic plan's parameters in the conditions: their values go with every task.
    List *statement_params = referenced_params(reinterpret_cast<Node *>(remote_quals));
    char *sample = tablesample_clause(rte, &statement_params);
    List *tasks = NIL;
    for (int i = 0; i < table->shard_count; i++) {
        if (!wanted[i])
            continue;
        const metadata::ShardInterval &shard = table->shards[i];
        if (shard.placement_count < 1)
            ereport(ERROR, (errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
                            errmsg("shard %lld of table \"%s\" has no placement",
                                   (long long)shard.shard_id, get_rel_name(rte->relid))));
        auto *task = static_cast<executor::Task *>(palloc0(sizeof(executor::Task)));
        task->group_id = shard.placements[0].group_id;
        executor::route_task_to_shard(task, table, i);
        for (int p = 1; p < shard.placement_count; p++)
            task->fallback_groups =
                lappend_int(task->fallback_groups, shard.placements[p].group_id);
        task->sql = psprintf("SELECT %s FROM %s%s%s", columns,
                             metadata::qualified_shard_name(rte->relid, shard.shard_id), sample,
                             where.data);
        task->statement_params = statement_params;
        tasks = lappend(tasks, task);
        if (table->partition_method != metadata::kDistributeByHash)
            break; // a reference table: one placement answers
    }

    List *column_attnos = NIL;
    for (int i = 0; i < column_count; i++)
        column_attnos = lappend(column_attnos, makeInteger(attnos[i]));
    if (column_attnos == NIL)
        column_attnos = list_make1(makeInteger(0)); // no column needed: rows only
    CustomScan *scan = executor::make_distributed_scan(executor::TaskSource::kStatic, tasks,
                                                       column_attnos, nullptr);
    scan->scan.scanrelid = rel->relid;
    scan->scan.plan.targetlist = tlist;
    scan->scan.plan.qual = local_quals;
    return &scan->scan.plan;
}

// set_rel_pathlist hook: a distributed table's only path is a Tessera scan of its shards.
void set_distributed_rel_pathlist(PlannerInfo *root, RelOptInfo *rel, Index rti, RangeTblEntry *rte)
{
    if (previous_rel_pathlist_hook != nullptr)
        previous_rel_pathlist_hook(root, rel, rti, rte);
    if (rte->rtekind == RTE_FUNCTION) {
        mark_presorted_worker_results(root, rel, rte);
        return;
    }
    // Members of append relations too: UNION ALL branches become such members.
    if (rte->rtekind != RTE_RELATION || !IS_SIMPLE_REL(rel) || !metadata::extension_present() ||
        !metadata::is_distributed_table(rte->relid))
        return;

    CustomPath *path = makeNode(CustomPath);
    path->path.pathtype = T_CustomScan;
    path->path.parent = rel;
    path->path.pathtarget = rel->reltarget;
    path->path.param_info = nullptr;
    path->path.parallel_aware = false;
    path->path.parallel_safe = false;
    path->path.parallel_workers = 0;
    path->path.rows = rel->rows;
    path->path.startup_cost = kRemoteStartupCost;
    path->path.total_cost = kRemoteStartupCost + rel->rows * kRemoteRowCost;
    path->path.pathkeys = NIL;
    path->methods = &path_methods;
    rel->pathlist = list_make1(path);
    rel->partial_pathlist = NIL;
    rel->consider_parallel = false;
}

} // namespace

void install_relation_scan_hook()
{
    path_methods.CustomName = "Tessera Adaptive";
    path_methods.PlanCustomPath = plan_relation_scan;
    previous_rel_pathlist_hook = set_rel_pathlist_hook;
    set_rel_pathlist_hook = set_distributed_rel_pathlist;
}

} // namespace tessera::planner
