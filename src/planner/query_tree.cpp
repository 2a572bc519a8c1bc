// Small helpers over analysed query trees shared by the planners.
#include "tessera/planner/query_tree.h"
#include "tessera/metadata/distributed_table.h"
#include "tessera/planner/deparse.h"

extern "C" {
#include "catalog/pg_class_d.h"
#include "executor/executor.h"
#include "miscadmin.h"
#include "nodes/makefuncs.h"
#include "nodes/nodeFuncs.h"
#include "rewrite/rewriteManip.h"
#include "utils/builtins.h"
#include "utils/datum.h"
#include "utils/fmgroids.h"
#include "utils/guc.h"
#include "utils/guc_tables.h"
#include "utils/lsyscache.h"
#include "utils/rls.h"
#include "utils/typcache.h"
}

namespace tessera::planner {

namespace {

// True if values equal under `from`'s default equality and collation are exactly those equal
// under `to`'s: the same equality operator, and the same collation or two deterministic ones.
bool same_equality(Oid from_type, Oid from_collation, Oid to_type, Oid to_collation)
{
    if (from_type != to_type) {
        TypeCacheEntry *from = lookup_type_cache(from_type, TYPECACHE_EQ_OPR);
        TypeCacheEntry *to = lookup_type_cache(to_type, TYPECACHE_EQ_OPR);
        if (!OidIsValid(from->eq_opr) || from->eq_opr != to->eq_opr)
            return false;
    }
    if (from_collation == to_collation)
        return true;
    return OidIsValid(from_collation) && OidIsValid(to_collation) &&
           get_collation_isdeterministic(from_collation) &&
           get_collation_isdeterministic(to_collation);
}

} // namespace

Expr *strip_relabel(Expr *expr)
{
    while (expr != nullptr && IsA(expr, RelabelType)) {
        auto *relabel = reinterpret_cast<RelabelType *>(expr);
        Node *arg = reinterpret_cast<Node *>(relabel->arg);
        if (!same_equality(exprType(arg), exprCollation(arg), relabel->resulttype,
                           relabel->resultcollid))
            break;
        expr = relabel->arg;
    }
    return expr;
}

Var *same_level_var(Expr *expr)
{
    expr = strip_relabel(expr);
    if (expr == nullptr || !IsA(expr, Var))
        return nullptr;
    auto *var = reinterpret_cast<Var *>(expr);
    return var->varlevelsup == 0 ? var : nullptr;
}

List *add_conjuncts(List *list, Node *qual)
{
    if (qual == nullptr)
        return list;
    if (IsA(qual, List))
        return list_concat(list, reinterpret_cast<List *>(copyObject(qual)));
    return list_concat(list, make_ands_implicit(reinterpret_cast<Expr *>(qual)));
}

namespace {

// The quals of join tree `node`; outer-join conditions only when `outer_joins_too`.
List *join_tree_quals(Node *node, List *quals, bool outer_joins_too)
{
    if (node == nullptr)
        return quals;
    if (IsA(node, FromExpr)) {
        auto *from = reinterpret_cast<FromExpr *>(node);
        ListCell *cell;
        foreach (cell, from->fromlist)
            quals = join_tree_quals(static_cast<Node *>(lfirst(cell)), quals, outer_joins_too);
        return add_conjuncts(quals, from->quals);
    }
    if (IsA(node, JoinExpr)) {
        auto *join = reinterpret_cast<JoinExpr *>(node);
        quals = join_tree_quals(join->larg, quals, outer_joins_too);
        quals = join_tree_quals(join->rarg, quals, outer_joins_too);
        if (outer_joins_too || join->jointype == JOIN_INNER)
            quals = add_conjuncts(quals, join->quals);
        return quals;
    }
    return quals;
}

// Walker for query_relation_oids.
bool relation_oids_walker(Node *node, List **relids)
{
    if (node == nullptr)
        return false;
    if (IsA(node, RangeTblEntry)) {
        auto *rte = reinterpret_cast<RangeTblEntry *>(node);
        // A view still a relation after rewriting is the target an auto-updatable view's
        // write was moved from: kept for permission checks only, never read.
        if (rte->rtekind == RTE_RELATION && rte->relkind != RELKIND_VIEW)
            *relids = list_append_unique_oid(*relids, rte->relid);
        return false;
    }
    if (IsA(node, Query))
        return query_tree_walker(reinterpret_cast<Query *>(node),
                                 TESSERA_WALKER(relation_oids_walker), relids,
                                 QTW_EXAMINE_RTES_BEFORE);
    return expression_tree_walker(node, TESSERA_WALKER(relation_oids_walker), relids);
}

// Walker for has_row_security.
bool row_security_walker(Node *node, void *)
{
    if (node == nullptr)
        return false;
    if (IsA(node, RangeTblEntry))
        return reinterpret_cast<RangeTblEntry *>(node)->securityQuals != NIL;
    if (IsA(node, Query)) {
        auto *query = reinterpret_cast<Query *>(node);
        if (query->hasRowSecurity || query->withCheckOptions != NIL)
            return true;
        return query_tree_walker(query, TESSERA_WALKER(row_security_walker), nullptr,
                                 QTW_EXAMINE_RTES_BEFORE);
    }
    return expression_tree_walker(node, TESSERA_WALKER(row_security_walker), nullptr);
}

} // namespace

bool has_row_security(Query *query)
{
    return row_security_walker(reinterpret_cast<Node *>(query), nullptr);
}

namespace {

// True if `node` itself reads something of the session that the workers' sessions share with
// the coordinator's: the time (worker sessions follow TimeZone; a policy reading it is evaluated
// once, on the shard, as PostgreSQL evaluates it once) or a custom setting (a placeholder such
// as app.tenant_id, sent to every worker session; remote_commands.cpp). A missing dotted
// setting is missing on the workers too.
bool reads_shared_session(Node *node)
{
    if (IsA(node, SQLValueFunction)) {
        switch (reinterpret_cast<SQLValueFunction *>(node)->op) {
        case SVFOP_CURRENT_DATE:
        case SVFOP_CURRENT_TIME:
        case SVFOP_CURRENT_TIME_N:
        case SVFOP_CURRENT_TIMESTAMP:
        case SVFOP_CURRENT_TIMESTAMP_N:
        case SVFOP_LOCALTIME:
        case SVFOP_LOCALTIME_N:
        case SVFOP_LOCALTIMESTAMP:
        case SVFOP_LOCALTIMESTAMP_N:
            return true;
        default:
            return false;
        }
    }
    if (!IsA(node, FuncExpr))
        return false;
    auto *call = reinterpret_cast<FuncExpr *>(node);
    switch (call->funcid) {
    case F_NOW:
    case F_TRANSACTION_TIMESTAMP:
    case F_STATEMENT_TIMESTAMP:
        return true;
    case F_CURRENT_SETTING_TEXT:
    case F_CURRENT_SETTING_TEXT_BOOL: {
        auto *name = static_cast<Node *>(linitial(call->args));
        if (!IsA(name, Const) || reinterpret_cast<Const *>(name)->constisnull)
            return false;
        char *setting = TextDatumGetCString(reinterpret_cast<Const *>(name)->constvalue);
        if (strchr(setting, '.') == nullptr)
            return false;
        if (GetConfigOption(setting, true, false) == nullptr)
            return true;
        return (GetConfigOptionFlags(setting, true) & GUC_CUSTOM_PLACEHOLDER) != 0;
    }
    default:
        return false;
    }
}

// Walker for evaluated_alike_on_shards: true at a part of a policy's expression that a shard's
// session could answer otherwise than the coordinator's (SESSION_USER, the search path, backend
// or transaction ids, settings the workers do not follow, text of dates under DateStyle, ...).
bool session_difference_walker(Node *node, void *)
{
    if (node == nullptr)
        return false;
    if ((depends_on_node_session(node) || depends_on_text_style(node)) &&
        !reads_shared_session(node))
        return true;
    return expression_tree_walker(node, TESSERA_WALKER(session_difference_walker), nullptr);
}

// True if a shard evaluates policy expressions `quals` (security quals or check options) as the
// coordinator would for the same role; otherwise stripping them would let the shard apply a
// different condition than PostgreSQL.
bool evaluated_alike_on_shards(Node *quals)
{
    return !session_difference_walker(quals, nullptr);
}

// Walker for without_shard_enforced_row_security: clears, in place, the policies' security quals
// of distributed tables and the policies' check options; *context (bool) becomes false at
// anything the shards do not enforce (a view, a policy of a local table, a view's CHECK OPTION,
// a security-barrier view read by a query).
bool strip_row_security_walker(Node *node, void *context)
{
    bool *enforced = static_cast<bool *>(context);
    if (node == nullptr)
        return false;
    if (IsA(node, RangeTblEntry)) {
        auto *rte = reinterpret_cast<RangeTblEntry *>(node);
        if (rte->rtekind == RTE_RELATION && rte->relkind == RELKIND_VIEW)
            *enforced = false; // a security-barrier view's conditions may be among the quals
        // A security-barrier view read in FROM: PostgreSQL keeps the user's leaky conditions
        // above its own, which deparsed SQL (a plain subquery) would not; only the coordinator's
        // plan keeps that order, so the query keeps all its quals for that plan.
        if (rte->rtekind == RTE_SUBQUERY && rte->security_barrier)
            *enforced = false;
        if (rte->securityQuals != NIL) {
            if (rte->rtekind == RTE_RELATION && metadata::is_distributed_table(rte->relid) &&
                evaluated_alike_on_shards(reinterpret_cast<Node *>(rte->securityQuals)))
                rte->securityQuals = NIL;
            else
                *enforced = false;
        }
        return false;
    }
    if (IsA(node, Query)) {
        auto *query = reinterpret_cast<Query *>(node);
        List *kept = NIL;
        ListCell *cell;
        foreach (cell, query->withCheckOptions) {
            auto *option = static_cast<WithCheckOption *>(lfirst(cell));
            if (option->kind == WCO_VIEW_CHECK || !evaluated_alike_on_shards(option->qual)) {
                *enforced = false;
                kept = lappend(kept, option);
            }
        }
        query->withCheckOptions = kept;
        query->hasRowSecurity = false;
        return query_tree_walker(query, TESSERA_WALKER(strip_row_security_walker), context,
                                 QTW_EXAMINE_RTES_BEFORE);
    }
    return expression_tree_walker(node, TESSERA_WALKER(strip_row_security_walker), context);
}

} // namespace

namespace {

// What other_role_walker looks for: `differs` tells whether a distributed or reference table's
// entry, checked by PostgreSQL as another role than the current one (a view's or rule's owner),
// would be treated otherwise by the shards, which see the current role; `relid` becomes the
// first such table.
struct OtherRoleSearch {
    bool (*differs)(RangeTblEntry *rte);
    Oid relid;
};

// Walker for OtherRoleSearch: stops at the first table entry checked as another role for which
// the search's `differs` holds.
bool other_role_walker(Node *node, void *context)
{
    if (node == nullptr)
        return false;
    auto *search = static_cast<OtherRoleSearch *>(context);
    if (IsA(node, RangeTblEntry)) {
        auto *rte = reinterpret_cast<RangeTblEntry *>(node);
        if (rte->rtekind != RTE_RELATION || !OidIsValid(rte->checkAsUser) ||
            rte->checkAsUser == GetUserId() || !metadata::is_distributed_table(rte->relid) ||
            !search->differs(rte))
            return false;
        search->relid = rte->relid;
        return true;
    }
    if (IsA(node, Query))
        return query_tree_walker(reinterpret_cast<Query *>(node), TESSERA_WALKER(other_role_walker),
                                 context, QTW_EXAMINE_RTES_BEFORE);
    return expression_tree_walker(node, TESSERA_WALKER(other_role_walker), context);
}

// True if the table's policies for the entry's checking role and for the current role differ.
bool row_security_differs(RangeTblEntry *rte)
{
    int as_checker = check_enable_rls(rte->relid, rte->checkAsUser, true);
    int as_user = check_enable_rls(rte->relid, InvalidOid, true);
    return !(as_checker == RLS_NONE || (as_checker == RLS_NONE_ENV && as_user == RLS_NONE_ENV));
}

// True if the current role lacks the privileges the entry asks of its checking role.
bool privileges_differ(RangeTblEntry *rte)
{
    RangeTblEntry as_current_role = *rte;
    as_current_role.checkAsUser = InvalidOid;
    return !ExecCheckRTPerms(list_make1(&as_current_role), false);
}

} // namespace

Oid row_security_checked_as_other_role(Query *query)
{
    OtherRoleSearch search{row_security_differs, InvalidOid};
    other_role_walker(reinterpret_cast<Node *>(query), &search);
    return search.relid;
}

Oid table_denied_to_current_role(Query *query)
{
    OtherRoleSearch search{privileges_differ, InvalidOid};
    other_role_walker(reinterpret_cast<Node *>(query), &search);
    return search.relid;
}

Query *without_shard_enforced_row_security(Query *query)
{
    auto *copy = static_cast<Query *>(copyObject(query));
    bool enforced = true;
    strip_row_security_walker(reinterpret_cast<Node *>(copy), &enforced);
    return enforced ? copy : nullptr;
}

List *restricting_quals(Node *node, List *quals)
{
    return join_tree_quals(node, quals, false);
}

List *result_restricting_quals(Node *node, List *quals)
{
    if (node == nullptr)
        return quals;
    if (IsA(node, FromExpr)) {
        auto *from = reinterpret_cast<FromExpr *>(node);
        ListCell *cell;
        foreach (cell, from->fromlist)
            quals = result_restricting_quals(static_cast<Node *>(lfirst(cell)), quals);
        return add_conjuncts(quals, from->quals);
    }
    if (!IsA(node, JoinExpr))
        return quals;
    auto *join = reinterpret_cast<JoinExpr *>(node);
    switch (join->jointype) {
    case JOIN_INNER:
        quals = result_restricting_quals(join->larg, quals);
        quals = result_restricting_quals(join->rarg, quals);
        return add_conjuncts(quals, join->quals);
    case JOIN_LEFT:
        return result_restricting_quals(join->larg, quals);
    case JOIN_RIGHT:
        return result_restricting_quals(join->rarg, quals);
    default:
        return quals; // FULL: both sides may be null-extended
    }
}

List *all_join_quals(Node *node, List *quals)
{
    return join_tree_quals(node, quals, true);
}

List *query_relation_oids(Node *query, List *relids)
{
    relation_oids_walker(query, &relids);
    return relids;
}

List *statement_relation_oids(Query *query)
{
    // A rule's action keeps the rule's OLD and NEW entries and the original statement's range
    // table (for permission checks): entries nothing in the statement refers to, left out here.
    Query shallow = *query;
    shallow.rtable = NIL;
    int index = 0;
    ListCell *cell;
    foreach (cell, query->rtable) {
        auto *rte = static_cast<RangeTblEntry *>(lfirst(cell));
        index++;
        if (rte->rtekind == RTE_RELATION && index != query->resultRelation &&
            !rangeTableEntry_used(reinterpret_cast<Node *>(query), index, 0)) {
            auto *unused = makeNode(RangeTblEntry);
            unused->rtekind = RTE_RESULT;
            rte = unused;
        }
        shallow.rtable = lappend(shallow.rtable, rte);
    }
    List *relids = NIL;
    relation_oids_walker(reinterpret_cast<Node *>(&shallow), &relids);
    return relids;
}

namespace {

// A constant holding `value`, the value of `param`.
Const *param_value_const(Param *param, ParamExternData *value)
{
    int16 length;
    bool by_value;
    get_typlenbyval(param->paramtype, &length, &by_value);
    Const *constant = makeConst(param->paramtype, param->paramtypmod, param->paramcollid, length,
                                value->value, value->isnull, by_value);
    if (!value->isnull && !by_value)
        constant->constvalue = datumCopy(value->value, by_value, length);
    constant->location = param->location;
    return constant;
}

// Mutator for bind_params.
Node *bind_params_mutator(Node *node, ParamListInfo params)
{
    if (node == nullptr)
        return nullptr;
    if (IsA(node, Param) && reinterpret_cast<Param *>(node)->paramkind == PARAM_EXTERN &&
        params != nullptr) {
        auto *param = reinterpret_cast<Param *>(node);
        if (param->paramid < 1 || param->paramid > params->numParams)
            ereport(ERROR, (errcode(ERRCODE_UNDEFINED_PARAMETER),
                            errmsg("there is no parameter $%d", param->paramid)));
        ParamExternData workspace;
        ParamExternData *value = params->paramFetch != nullptr
                                     ? params->paramFetch(params, param->paramid, false, &workspace)
                                     : &params->params[param->paramid - 1];
        return reinterpret_cast<Node *>(param_value_const(param, value));
    }
    if (IsA(node, Query))
        return reinterpret_cast<Node *>(query_tree_mutator(
            reinterpret_cast<Query *>(node), TESSERA_MUTATOR(bind_params_mutator), params, 0));
    return expression_tree_mutator(node, TESSERA_MUTATOR(bind_params_mutator), params);
}

// Mutator for bind_constant_params; *bound counts the parameters replaced.
struct ConstantParams {
    ParamListInfo params;
    int bound;
};
Node *bind_constant_params_mutator(Node *node, ConstantParams *context)
{
    if (node == nullptr)
        return nullptr;
    if (IsA(node, Param) && reinterpret_cast<Param *>(node)->paramkind == PARAM_EXTERN) {
        auto *param = reinterpret_cast<Param *>(node);
        ParamListInfo params = context->params;
        if (param->paramid < 1 || param->paramid > params->numParams)
            return node;
        ParamExternData workspace;
        ParamExternData *value = params->paramFetch != nullptr
                                     ? params->paramFetch(params, param->paramid, true, &workspace)
                                     : &params->params[param->paramid - 1];
        if (value == nullptr || (value->pflags & PARAM_FLAG_CONST) == 0 ||
            value->ptype != param->paramtype)
            return node;
        context->bound++;
        return reinterpret_cast<Node *>(param_value_const(param, value));
    }
    if (IsA(node, Query))
        return reinterpret_cast<Node *>(
            query_tree_mutator(reinterpret_cast<Query *>(node),
                               TESSERA_MUTATOR(bind_constant_params_mutator), context, 0));
    return expression_tree_mutator(node, TESSERA_MUTATOR(bind_constant_params_mutator), context);
}

} // namespace

Query *bind_constant_params(Query *query, ParamListInfo params)
{
    if (params == nullptr || params->numParams == 0)
        return query;
    ConstantParams context{params, 0};
    Node *bound =
        bind_constant_params_mutator(reinterpret_cast<Node *>(copyObject(query)), &context);
    return context.bound > 0 ? reinterpret_cast<Query *>(bound) : query;
}

Query *bind_params(Query *query, ParamListInfo params)
{
    return reinterpret_cast<Query *>(
        bind_params_mutator(reinterpret_cast<Node *>(copyObject(query)), params));
}

namespace {

struct NodeTest {
    bool (*test)(Node *);
};

// Walker of any_node_at_any_level.
bool any_node_walker(Node *node, NodeTest *test)
{
    if (node == nullptr)
        return false;
    if (IsA(node, Query))
        return query_tree_walker(reinterpret_cast<Query *>(node), TESSERA_WALKER(any_node_walker),
                                 test, 0);
    if (test->test(node))
        return true;
    return expression_tree_walker(node, TESSERA_WALKER(any_node_walker), test);
}

// Walker of query_locks_rows.
bool locks_rows_walker(Node *node, void *)
{
    if (node == nullptr)
        return false;
    if (IsA(node, Query)) {
        auto *query = reinterpret_cast<Query *>(node);
        return query->rowMarks != NIL ||
               query_tree_walker(query, TESSERA_WALKER(locks_rows_walker), nullptr, 0);
    }
    return expression_tree_walker(node, TESSERA_WALKER(locks_rows_walker), nullptr);
}

} // namespace

bool query_locks_rows(Query *query)
{
    return locks_rows_walker(reinterpret_cast<Node *>(query), nullptr);
}

bool any_node_at_any_level(Node *node, bool (*test)(Node *))
{
    NodeTest context{test};
    return any_node_walker(node, &context);
}

} // namespace tessera::planner
