// The session's cache of plans for statements without parameters (see statement_cache.h).
//
// Applications that send their values inside the SQL text (the simple protocol: psql, pgbench's
// default, psycopg2 and other drivers that inline parameters) make the coordinator plan every
// statement anew, deparse its shard SQL and parse it again on the worker. A single-table
// statement is taken here instead: its constants in WHERE (and in the values an INSERT or
// UPDATE writes) become parameters $1..$n, the result is planned once as a prepared statement's
// generic plan would be, and each statement of the same shape gets a copy of that plan with its
// own constants attached; the executor hook hands them to the plan as parameter values. Only
// plans that route at execution by their parameters are kept (router reads, INSERT ... VALUES,
// UPDATE / DELETE): a multi-shard read planned without its values would be a worse plan, so
// such shapes are remembered as not cached and planned with their constants as before.
//
// Entries are dropped on any relation cache invalidation (DDL, shard metadata changes) and on
// changes to functions, types, operators and schemas, as PostgreSQL's plan cache does. The key
// is the parameterised query tree (hashed by PostgreSQL's query jumbling, then compared with
// equal()), the current role and the settings the planner reads.
#include "tessera/planner/statement_cache.h"

#include "tessera/executor/distributed_scan.h"
#include "tessera/metadata/distributed_table.h"
#include "tessera/planner/modify_planner.h"
#include "tessera/planner/shard_pruning.h"
#include "tessera/settings.h"

extern "C" {
#include "catalog/pg_type.h"
#include "common/hashfn.h"
#include "executor/executor.h"
#include "miscadmin.h"
#include "nodes/makefuncs.h"
#include "nodes/nodeFuncs.h"
#include "storage/lmgr.h"
#include "utils/catcache.h"
#include "utils/datum.h"
#include "utils/hsearch.h"
#include "utils/inval.h"
#include "utils/memutils.h"
#include "utils/queryjumble.h"
#include "utils/rls.h"
#include "utils/syscache.h"
}

namespace tessera::planner {

namespace {

// Entries kept at most; the cache starts over when full (a session uses few shapes).
constexpr long kMaxEntries = 512;
// Parameters a statement sent to a worker may carry (the protocol counts them in 16 bits): a
// statement with more constants (a long IN list) keeps them in its text, as without the cache.
constexpr int kMaxParameters = 65535;

// One statement shape.
struct CacheEntry {
    uint64 hash;          // hash key: the jumbled parameterised query, role and settings
    MemoryContext memory; // holds shape and plan
    Oid role;
    int settings;
    Query *shape;      // the parameterised query
    PlannedStmt *plan; // its plan; nullptr: the shape is planned with its constants
};

HTAB *entries = nullptr;
MemoryContext cache_memory = nullptr;
// Bumped by every invalidation: a plan made while one arrived is not kept.
uint64 generation = 0;
bool reset_pending = false;
int explain_depth = 0;
ExecutorStart_hook_type previous_executor_start = nullptr;

// What the statement's constants become: the parameterised copy of the query and the constants.
struct Parameterisation {
    List *constants = NIL; // Const nodes, in parameter order
    bool has_params = false;
};

// The planner settings a cached plan depends on, as one number.
int planner_settings()
{
    return (tessera_enable_router_planner ? 1 : 0) | (tessera_enable_multi_shard_pushdown ? 2 : 0) |
           (tessera_enable_sorted_merge ? 4 : 0) | (tessera_enable_unsafe_triggers ? 8 : 0) |
           (row_security ? 16 : 0) | (tessera_multi_shard_modify_mode << 5);
}

// True for types whose constants become parameters: the values applications put in WHERE and
// in rows. Others (arrays, JSON, OIDs and reg* types, ...) stay in the shape as they are.
bool parameter_type(Oid type)
{
    switch (type) {
    case BOOLOID:
    case INT2OID:
    case INT4OID:
    case INT8OID:
    case FLOAT4OID:
    case FLOAT8OID:
    case NUMERICOID:
    case TEXTOID:
    case VARCHAROID:
    case BPCHAROID:
    case DATEOID:
    case TIMEOID:
    case TIMESTAMPOID:
    case TIMESTAMPTZOID:
    case INTERVALOID:
    case UUIDOID:
        return true;
    default:
        return false;
    }
}

// Mutator: replaces constants of parameter types by parameters, collecting them.
Node *parameterise_mutator(Node *node, void *context)
{
    if (node == nullptr)
        return nullptr;
    auto *state = static_cast<Parameterisation *>(context);
    if (IsA(node, Const)) {
        auto *constant = reinterpret_cast<Const *>(node);
        if (constant->constisnull || !parameter_type(constant->consttype))
            return reinterpret_cast<Node *>(copyObject(constant));
        state->constants = lappend(state->constants, copyObject(constant));
        Param *param = makeNode(Param);
        param->paramkind = PARAM_EXTERN;
        param->paramid = list_length(state->constants);
        param->paramtype = constant->consttype;
        param->paramtypmod = constant->consttypmod;
        param->paramcollid = constant->constcollid;
        param->location = constant->location;
        return reinterpret_cast<Node *>(param);
    }
    if (IsA(node, Param)) {
        state->has_params = true;
        return reinterpret_cast<Node *>(copyObject(node));
    }
    if (IsA(node, FuncExpr) &&
        reinterpret_cast<FuncExpr *>(node)->funcformat != COERCE_EXPLICIT_CALL) {
        // A cast: only its value may become a parameter; a length coercion's typmod and
        // explicitness stay, PostgreSQL prints and runs the cast by them. SQL syntax (EXTRACT,
        // AT TIME ZONE, TRIM, ...) keeps its constant arguments: PostgreSQL prints some of them
        // as keywords.
        auto *call = reinterpret_cast<FuncExpr *>(copyObject(node));
        bool cast = call->funcformat != COERCE_SQL_SYNTAX;
        ListCell *cell;
        foreach (cell, call->args) {
            auto *argument = static_cast<Node *>(lfirst(cell));
            if ((cast && cell != list_head(call->args)) || (!cast && IsA(argument, Const)))
                continue;
            lfirst(cell) = parameterise_mutator(argument, context);
        }
        return reinterpret_cast<Node *>(call);
    }
    return expression_tree_mutator(node, TESSERA_MUTATOR(parameterise_mutator), context);
}

// Walker: true at a parameter.
bool has_param_walker(Node *node, void *)
{
    if (node == nullptr)
        return false;
    if (IsA(node, Param))
        return true;
    return expression_tree_walker(node, TESSERA_WALKER(has_param_walker), nullptr);
}

// True if `node` (the WHERE, or an AND-ed part of it) equates the distribution column of
// `table` (range table entry 1) with a constant, as shard pruning recognises it.
bool pins_with_constant(Node *node, const metadata::DistributedTable *table)
{
    if (node == nullptr)
        return false;
    if (IsA(node, BoolExpr) && reinterpret_cast<BoolExpr *>(node)->boolop == AND_EXPR) {
        ListCell *cell;
        foreach (cell, reinterpret_cast<BoolExpr *>(node)->args) {
            if (pins_with_constant(static_cast<Node *>(lfirst(cell)), table))
                return true;
        }
        return false;
    }
    Expr *value = distribution_equality_value(table, 1, reinterpret_cast<Expr *>(node));
    return value != nullptr && IsA(value, Const);
}

// True if `query` is a statement shape the cache takes: one table read or written, no
// subqueries, CTEs, set operations, window functions, row locks, ON CONFLICT or parameters.
bool cacheable_shape(Query *query, int cursor_options)
{
    if (!tessera_enable_statement_cache || explain_depth > 0 ||
        (cursor_options & ~CURSOR_OPT_PARALLEL_OK) != 0)
        return false;
    if (query->commandType != CMD_SELECT && query->commandType != CMD_INSERT &&
        query->commandType != CMD_UPDATE && query->commandType != CMD_DELETE)
        return false;
    if (query->utilityStmt != nullptr || query->hasSubLinks || query->hasModifyingCTE ||
        query->cteList != NIL || query->setOperations != nullptr || query->hasTargetSRFs ||
        query->hasWindowFuncs || query->rowMarks != NIL || query->hasForUpdate ||
        query->onConflict != nullptr || query->groupingSets != NIL || query->hasRecursive ||
        query->hasRowSecurity || list_length(query->rtable) != 1)
        return false;
    auto *rte = static_cast<RangeTblEntry *>(linitial(query->rtable));
    if (rte->rtekind != RTE_RELATION || rte->securityQuals != NIL || rte->tablesample != nullptr)
        return false;
    // A read of a distributed table routes by its values only when they pin the distribution
    // column: other reads are planned with their constants, without trying a generic plan.
    const metadata::DistributedTable *table = metadata::lookup_distributed_table(rte->relid);
    if (table == nullptr)
        return false;
    if (query->commandType == CMD_SELECT && table->dist_column != InvalidAttrNumber &&
        (query->jointree == nullptr || !pins_with_constant(query->jointree->quals, table)))
        return false;
    return !query_tree_walker(query, TESSERA_WALKER(has_param_walker), nullptr, 0);
}

// The parameterised copy of `query` (constants of WHERE and of the values written), or nullptr
// when it has no constant to take or more than a worker statement can carry.
// The copy is shallow where nothing changes (it shares the range table and the like with
// `query`): it is only read, and copied whole before it is planned or kept.
Query *parameterise(Query *query, Parameterisation *state)
{
    Query *shape = makeNode(Query);
    *shape = *query;
    if (query->jointree != nullptr) {
        shape->jointree = makeNode(FromExpr);
        *shape->jointree = *query->jointree;
        shape->jointree->quals = parameterise_mutator(query->jointree->quals, state);
    }
    if (shape->commandType == CMD_INSERT || shape->commandType == CMD_UPDATE) {
        shape->targetList = NIL;
        ListCell *cell;
        foreach (cell, query->targetList) {
            auto *entry = static_cast<TargetEntry *>(lfirst(cell));
            if (!entry->resjunk) {
                TargetEntry *copy = flatCopyTargetEntry(entry);
                copy->expr = reinterpret_cast<Expr *>(
                    parameterise_mutator(reinterpret_cast<Node *>(entry->expr), state));
                entry = copy;
            }
            shape->targetList = lappend(shape->targetList, entry);
        }
    }
    if (state->has_params || state->constants == NIL ||
        list_length(state->constants) > kMaxParameters)
        return nullptr;
    // Where the statement sits in the query string is not part of its shape.
    shape->stmt_location = 0;
    shape->stmt_len = 0;
    shape->queryId = 0;
    return shape;
}

// Drops every entry (after an invalidation, or when the cache is full).
void reset_cache()
{
    if (cache_memory != nullptr)
        MemoryContextReset(cache_memory);
    entries = nullptr;
    reset_pending = false;
}

// The cache's table, created on first use.
HTAB *cache_table()
{
    if (reset_pending || (entries != nullptr && hash_get_num_entries(entries) >= kMaxEntries))
        reset_cache();
    if (entries == nullptr) {
        if (cache_memory == nullptr)
            cache_memory = AllocSetContextCreate(CacheMemoryContext, "tessera statement cache",
                                                 ALLOCSET_DEFAULT_SIZES);
        HASHCTL info;
        memset(&info, 0, sizeof(info));
        info.keysize = sizeof(uint64);
        info.entrysize = sizeof(CacheEntry);
        info.hcxt = cache_memory;
        entries = hash_create("tessera statement cache", 64, &info,
                              HASH_ELEM | HASH_BLOBS | HASH_CONTEXT);
    }
    return entries;
}

// Walker: mixes the values of the constants left in a shape (LIMIT, target list, arrays, JSON,
// enums, ...) into the hash. Query jumbling hashes only their types, so shapes differing in them
// (a page's OFFSET, a status enum) would share one entry and evict each other at every run.
bool constant_hash_walker(Node *node, void *context)
{
    if (node == nullptr)
        return false;
    if (IsA(node, Query))
        return query_tree_walker(reinterpret_cast<Query *>(node),
                                 TESSERA_WALKER(constant_hash_walker), context, 0);
    if (IsA(node, Const)) {
        auto *constant = reinterpret_cast<Const *>(node);
        auto *hash = static_cast<uint64 *>(context);
        uint64 value = constant->constisnull ? 1 : 0;
        if (!constant->constisnull) {
            Size size =
                datumGetSize(constant->constvalue, constant->constbyval, constant->constlen);
            // As datumIsEqual (equal()'s test) compares them: by value, or the bytes pointed to.
            value = constant->constbyval
                        ? hash_bytes_uint32(static_cast<uint32>(constant->constvalue)) ^
                              static_cast<uint64>(constant->constvalue)
                        : hash_bytes_extended(reinterpret_cast<const unsigned char *>(
                                                  DatumGetPointer(constant->constvalue)),
                                              static_cast<int>(size), 0);
        }
        *hash = (*hash * 31) ^ value;
        return false;
    }
    return expression_tree_walker(node, TESSERA_WALKER(constant_hash_walker), context);
}

// The hash of a shape for the current role and settings.
uint64 shape_hash(Query *shape, Oid role, int settings)
{
    JumbleQuery(shape, "");
    uint64 hash = shape->queryId;
    shape->queryId = 0;
    (void)query_tree_walker(shape, TESSERA_WALKER(constant_hash_walker), &hash, 0);
    hash ^= (static_cast<uint64>(role) << 32) ^ static_cast<uint64>(settings) * 0x9E3779B97F4A7C15;
    return hash;
}

// A copy of `plan` for this statement: its constants attached (read by the executor hook) and
// its place in the query string.
PlannedStmt *plan_for_statement(PlannedStmt *plan, Query *query, List *constants)
{
    auto *copy = static_cast<PlannedStmt *>(copyObject(plan));
    reinterpret_cast<CustomScan *>(copy->planTree)->custom_exprs = constants;
    copy->stmt_location = query->stmt_location;
    copy->stmt_len = query->stmt_len;
    copy->queryId = query->queryId;
    return copy;
}

// Takes the locks `plan` was made under (its range table's lock modes), as PostgreSQL's plan
// cache does before it runs a prepared statement's plan: planning may have asked for more than
// parse analysis took (an UPDATE / DELETE rewritten through its rows' keys holds
// ShareRowExclusiveLock against lost updates), and a reused plan is not planned again.
void lock_plan_relations(PlannedStmt *plan)
{
    ListCell *cell;
    foreach (cell, plan->rtable) {
        auto *rte = static_cast<RangeTblEntry *>(lfirst(cell));
        if (rte->rtekind == RTE_RELATION && rte->rellockmode != NoLock)
            LockRelationOid(rte->relid, rte->rellockmode);
    }
}

// Stores the outcome for a shape: its plan, or nullptr for "plan with constants".
void remember(uint64 hash, Query *shape, Oid role, int settings, PlannedStmt *plan)
{
    HTAB *table = cache_table();
    bool found;
    auto *entry = static_cast<CacheEntry *>(hash_search(table, &hash, HASH_ENTER, &found));
    if (found)
        MemoryContextDelete(entry->memory);
    entry->memory =
        AllocSetContextCreate(cache_memory, "tessera cached statement", ALLOCSET_SMALL_SIZES);
    MemoryContext old = MemoryContextSwitchTo(entry->memory);
    entry->role = role;
    entry->settings = settings;
    entry->shape = static_cast<Query *>(copyObject(shape));
    entry->plan = plan != nullptr ? static_cast<PlannedStmt *>(copyObject(plan)) : nullptr;
    MemoryContextSwitchTo(old);
}

// Invalidation callbacks: the next lookup starts over.
void relcache_changed(Datum, Oid)
{
    generation++;
    reset_pending = true;
}

void syscache_changed(Datum, int, uint32)
{
    generation++;
    reset_pending = true;
}

// True if `top` is a plan that routes at execution by its parameters (router read, INSERT ...
// VALUES, UPDATE / DELETE): the plans the cache keeps and hands constants to.
bool routes_at_execution(Plan *top)
{
    return top != nullptr &&
           (executor::routes_by_parameters(top) || routes_writes_at_execution(top));
}

// ExecutorStart hook: a plan from the cache gets its statement's constants as the values of
// its parameters.
void statement_cache_executor_start(QueryDesc *query_desc, int eflags)
{
    Plan *top = query_desc->plannedstmt->planTree;
    if (top != nullptr && IsA(top, CustomScan) &&
        reinterpret_cast<CustomScan *>(top)->custom_exprs != NIL && routes_at_execution(top)) {
        List *constants = reinterpret_cast<CustomScan *>(top)->custom_exprs;
        ParamListInfo params = makeParamList(list_length(constants));
        int index = 0;
        ListCell *cell;
        foreach (cell, constants) {
            auto *constant = static_cast<Const *>(lfirst(cell));
            ParamExternData *param = &params->params[index++];
            param->value = constant->constvalue;
            param->isnull = constant->constisnull;
            param->pflags = PARAM_FLAG_CONST;
            param->ptype = constant->consttype;
        }
        query_desc->params = params;
    }
    if (previous_executor_start != nullptr)
        previous_executor_start(query_desc, eflags);
    else
        standard_ExecutorStart(query_desc, eflags);
}

} // namespace

PlannedStmt *plan_with_statement_cache(Query *query, const char *query_string, int cursor_options,
                                       ParamListInfo bound_params, DistributedPlanner plan)
{
    if (bound_params != nullptr || !cacheable_shape(query, cursor_options))
        return nullptr;
    Parameterisation state;
    Query *shape = parameterise(query, &state);
    if (shape == nullptr)
        return nullptr;
    Oid role = GetUserId();
    int settings = planner_settings();
    uint64 hash = shape_hash(shape, role, settings);
    bool found = false;
    auto *entry = static_cast<CacheEntry *>(hash_search(cache_table(), &hash, HASH_FIND, &found));
    if (found && entry->role == role && entry->settings == settings && equal(entry->shape, shape)) {
        if (entry->plan == nullptr)
            return nullptr;
        PlannedStmt *reused = plan_for_statement(entry->plan, query, state.constants);
        // Locks taken now may bring invalidations (a change committed meanwhile): the statement
        // is then planned anew, with its constants.
        uint64 before_locks = generation;
        lock_plan_relations(reused);
        return generation == before_locks ? reused : nullptr;
    }
    // A miss: plan the shape as a prepared statement's generic plan. Kept only if it routes at
    // execution by its parameters and no invalidation arrived meanwhile.
    uint64 started = generation;
    PlannedStmt *generic =
        plan(static_cast<Query *>(copyObject(shape)), query_string, cursor_options, nullptr);
    bool reusable = generic->rowMarks == NIL && routes_at_execution(generic->planTree);
    if (generation == started)
        remember(hash, shape, role, settings, reusable ? generic : nullptr);
    if (!reusable)
        return nullptr;
    return plan_for_statement(generic, query, state.constants);
}

void enter_explain()
{
    explain_depth++;
}

void leave_explain()
{
    if (explain_depth > 0)
        explain_depth--;
}

void install_statement_cache()
{
    CacheRegisterRelcacheCallback(relcache_changed, (Datum)0);
    const int caches[] = {PROCOID, TYPEOID, OPEROID, NAMESPACEOID, AMOPOPID};
    for (int cache : caches)
        CacheRegisterSyscacheCallback(cache, syscache_changed, (Datum)0);
    previous_executor_start = ExecutorStart_hook;
    ExecutorStart_hook = statement_cache_executor_start;
}

} // namespace tessera::planner
