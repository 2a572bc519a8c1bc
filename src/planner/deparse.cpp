// Deparsing for workers: PostgreSQL's own ruleutils prints the query, in a fixed environment;
// then table names are swapped for shard names by scanning the printed SQL's tokens, which
// keeps string literals, comments and column names untouched.
#include "tessera/planner/deparse.h"
#include "tessera/planner/sql_tokens.h"

#include "tessera/metadata/distributed_table.h"

extern "C" {
#include "access/transam.h"
#include "catalog/pg_collation_d.h"
#include "catalog/pg_type_d.h"
#include "common/keywords.h"
#include "lib/stringinfo.h"
#include "nodes/makefuncs.h"
#include "nodes/nodeFuncs.h"
#include "optimizer/optimizer.h"
#include "parser/scanner.h"

#include "catalog/namespace.h"
#include "miscadmin.h"
#include "parser/gram.h"
#include "parser/parser.h"
#include "utils/builtins.h"
#include "utils/float.h"
#include "utils/guc.h"
#include "utils/lsyscache.h"
#include "utils/ruleutils.h"
}

namespace tessera::planner {

namespace {

// Enters the fixed deparse environment; returns the GUC nest level to pass to leave_environment.
// Only settings that differ are changed (the defaults are already right), and the search path is
// overridden directly rather than through its setting: this runs for every routed query.
int enter_environment()
{
    int level = NewGUCNestLevel();
    struct Setting {
        const char *name;
        const char *value;
        bool needed;
    } settings[] = {{"DateStyle", "ISO, YMD", DateStyle != USE_ISO_DATES},
                    {"IntervalStyle", "postgres", IntervalStyle != INTSTYLE_POSTGRES},
                    {"extra_float_digits", "3", extra_float_digits < 1},
                    {"standard_conforming_strings", "on", !standard_conforming_strings}};
    for (const Setting &setting : settings)
        if (setting.needed)
            (void)set_config_option(setting.name, setting.value, PGC_USERSET, PGC_S_SESSION,
                                    GUC_ACTION_SAVE, true, 0, false);
    // Only pg_catalog visible: every other object is printed with its schema.
    OverrideSearchPath *path = GetOverrideSearchPath(CurrentMemoryContext);
    path->schemas = NIL;
    path->addCatalog = true;
    path->addTemp = false;
    PushOverrideSearchPath(path);
    return level;
}

void leave_environment(int level)
{
    PopOverrideSearchPath();
    AtEOXact_GUC(true, level);
}

// The PARAM_MULTIEXPR Param an UPDATE target entry's expression assigns (under the field
// stores, subscripts, domain and implicit coercions ruleutils looks through), or nullptr.
Param *multiassignment_param(Node *expr)
{
    while (expr != nullptr) {
        if (IsA(expr, FieldStore))
            expr = static_cast<Node *>(linitial(reinterpret_cast<FieldStore *>(expr)->newvals));
        else if (IsA(expr, SubscriptingRef) &&
                 reinterpret_cast<SubscriptingRef *>(expr)->refassgnexpr != nullptr)
            expr =
                reinterpret_cast<Node *>(reinterpret_cast<SubscriptingRef *>(expr)->refassgnexpr);
        else if (IsA(expr, CoerceToDomain))
            expr = reinterpret_cast<Node *>(reinterpret_cast<CoerceToDomain *>(expr)->arg);
        else
            break;
    }
    expr = strip_implicit_coercions(expr);
    if (expr != nullptr && IsA(expr, Param) &&
        reinterpret_cast<Param *>(expr)->paramkind == PARAM_MULTIEXPR)
        return reinterpret_cast<Param *>(expr);
    return nullptr;
}

// Orders the entries of an UPDATE target list so that ruleutils prints
// SET (a, b) = (SELECT ...) right. The rewriter sorts the list by column number, but ruleutils
// expects each multiple assignment's columns together, in the sub-SELECT's output order (it
// pairs them by position): plain assignments first, then the multiple assignments by Param id
// (sub-link, then column), then the resjunk entries. The order of SET items has no meaning.
List *order_multiassignments(List *targets)
{
    List *plain = NIL;
    List *multi = NIL;
    List *junk = NIL;
    ListCell *cell;
    foreach (cell, targets) {
        auto *entry = static_cast<TargetEntry *>(lfirst(cell));
        if (entry->resjunk)
            junk = lappend(junk, entry);
        else if (multiassignment_param(reinterpret_cast<Node *>(entry->expr)) != nullptr)
            multi = lappend(multi, entry);
        else
            plain = lappend(plain, entry);
    }
    if (multi == NIL)
        return targets;
    list_sort(multi, [](const ListCell *a, const ListCell *b) {
        int left = multiassignment_param(
                       reinterpret_cast<Node *>(static_cast<TargetEntry *>(lfirst(a))->expr))
                       ->paramid;
        int right = multiassignment_param(
                        reinterpret_cast<Node *>(static_cast<TargetEntry *>(lfirst(b))->expr))
                        ->paramid;
        return left < right ? -1 : (left > right ? 1 : 0);
    });
    return list_concat(list_concat(plain, multi), junk);
}

// Prepares one query level for printing: UPDATE and ON CONFLICT DO UPDATE target lists in the
// order ruleutils needs for multiple assignments.
void prepare_query_level(Query *query)
{
    if (query->commandType == CMD_UPDATE)
        query->targetList = order_multiassignments(query->targetList);
    if (query->onConflict != nullptr && query->onConflict->action == ONCONFLICT_UPDATE)
        query->onConflict->onConflictSet = order_multiassignments(query->onConflict->onConflictSet);
}

// Gives every relation in the query an explicit alias, so column references printed as
// alias.column still resolve once the relation name is replaced by a shard name; and puts
// each query level's SET list in printable order (prepare_query_level).
bool add_aliases_walker(Node *node, void *context)
{
    if (node == nullptr)
        return false;
    if (IsA(node, RangeTblEntry)) {
        auto *rte = reinterpret_cast<RangeTblEntry *>(node);
        if (rte->rtekind == RTE_RELATION && rte->alias == nullptr)
            rte->alias = makeAlias(rte->eref->aliasname, NIL);
        return false;
    }
    if (IsA(node, Query)) {
        prepare_query_level(reinterpret_cast<Query *>(node));
        return query_tree_walker(reinterpret_cast<Query *>(node),
                                 TESSERA_WALKER(add_aliases_walker), context,
                                 QTW_EXAMINE_RTES_BEFORE);
    }
    return expression_tree_walker(node, TESSERA_WALKER(add_aliases_walker), context);
}

// The substitution for schema.relation, or nullptr.
const ShardSubstitution *find_substitution(const char *schema, const char *relation,
                                           const ShardSubstitution *substitutions, int count)
{
    for (int i = 0; i < count; i++) {
        Oid relid = substitutions[i].relid;
        if (strcmp(get_rel_name(relid), relation) == 0 &&
            strcmp(get_namespace_name(get_rel_namespace(relid)), schema) == 0)
            return &substitutions[i];
    }
    return nullptr;
}

// Rewrites every schema.table reference of a substituted table into its shard's name.
// Rewrites every schema.table reference of a substituted table into its shard's name. With
// `splices`, the names are left out instead and (offset, relid) pairs recording where each goes
// are appended to *splices (a template, see instantiate_query_template).
char *substitute_shard_names(const char *sql, const ShardSubstitution *substitutions, int count,
                             List **splices = nullptr)
{
    int token_count = 0;
    SqlToken *tokens = scan_sql_tokens(sql, &token_count);
    StringInfoData out;
    initStringInfo(&out);
    int copied = 0;
    for (int i = 0; i + 2 < token_count; i++) {
        if (tokens[i].word == nullptr || tokens[i + 1].code != '.' || tokens[i + 2].word == nullptr)
            continue;
        if (i > 0 && (tokens[i - 1].code == '.' || tokens[i - 1].code == TYPECAST))
            continue;
        if (i + 3 < token_count && (tokens[i + 3].code == '(' || tokens[i + 3].code == '.'))
            continue; // a function call or a longer name, not a relation
        const ShardSubstitution *match =
            find_substitution(tokens[i].word, tokens[i + 2].word, substitutions, count);
        if (match == nullptr)
            continue;
        int end = i + 3 < token_count ? tokens[i + 3].start : static_cast<int>(strlen(sql));
        while (end > tokens[i + 2].start && isspace(static_cast<unsigned char>(sql[end - 1])))
            end--;
        appendBinaryStringInfo(&out, sql + copied, tokens[i].start - copied);
        if (splices != nullptr)
            *splices = lappend(*splices, list_make2(makeInteger(out.len),
                                                    makeInteger(static_cast<int>(match->relid))));
        else
            appendStringInfoString(&out,
                                   metadata::qualified_shard_name(match->relid, match->shard_id));
        copied = end;
        i += 2;
    }
    appendStringInfoString(&out, sql + copied);
    return out.data;
}

} // namespace

namespace {

// True if values of `type` print differently under other DateStyle/IntervalStyle settings:
// date/time types, arrays of them, and records or polymorphic types that may hold them.
bool style_dependent_type(Oid type)
{
    switch (type) {
    case DATEOID:
    case TIMEOID:
    case TIMETZOID:
    case TIMESTAMPOID:
    case TIMESTAMPTZOID:
    case INTERVALOID:
    case RECORDOID:
    case ANYELEMENTOID:
    case ANYOID:
    case ANYARRAYOID:
    case ANYNONARRAYOID:
    case ANYCOMPATIBLEOID:
        return true;
    default:
        break;
    }
    Oid element = get_element_type(type);
    if (OidIsValid(element))
        return style_dependent_type(element);
    return get_typtype(type) == TYPTYPE_COMPOSITE;
}

// True if `type` is text-like: a date/time value turned into it carries the style.
bool textual_type(Oid type)
{
    return type == TEXTOID || type == VARCHAROID || type == BPCHAROID || type == NAMEOID ||
           type == CSTRINGOID || type == JSONOID || type == JSONBOID || type == XMLOID ||
           type == UNKNOWNOID;
}

// Walker: true if some argument of a call yields a style-dependent type.
bool style_dependent_argument(Node *node, void *)
{
    if (node == nullptr)
        return false;
    return style_dependent_type(exprType(node));
}

} // namespace

bool depends_on_date_style(Node *node)
{
    if (DateStyle == USE_ISO_DATES && IntervalStyle == INTSTYLE_POSTGRES)
        return false;
    // A value of a date/time type (or holding one) turned into text: a cast through the type's
    // output function, or a function or operator that formats its arguments (||, concat,
    // format, to_json, ...).
    List *arguments = NIL;
    switch (nodeTag(node)) {
    case T_CoerceViaIO: {
        // Both ways: formatting a date as text, and reading text as a date (DMY vs YMD).
        Oid input = exprType(reinterpret_cast<Node *>(reinterpret_cast<CoerceViaIO *>(node)->arg));
        Oid output = exprType(node);
        return (textual_type(output) && style_dependent_type(input)) ||
               (textual_type(input) && style_dependent_type(output));
    }
    case T_FuncExpr:
        arguments = reinterpret_cast<FuncExpr *>(node)->args;
        break;
    case T_OpExpr:
        arguments = reinterpret_cast<OpExpr *>(node)->args;
        break;
    default:
        return false;
    }
    if (!textual_type(exprType(node)))
        return false;
    ListCell *cell;
    foreach (cell, arguments)
        if (style_dependent_argument(static_cast<Node *>(lfirst(cell)), nullptr))
            return true;
    return false;
}

namespace {

// Walker for is_shippable_expression.
bool unshippable_walker(Node *node, void *context)
{
    if (node == nullptr)
        return false;
    switch (nodeTag(node)) {
    case T_SubLink:
    case T_SubPlan:
    case T_AlternativeSubPlan:
    case T_Aggref:
    case T_WindowFunc:
    case T_GroupingFunc:
    case T_NextValueExpr:
    case T_CurrentOfExpr:
    case T_SetToDefault:
        return true;
    case T_Param:
        return true;
    case T_Var:
        if (reinterpret_cast<Var *>(node)->varattno < 0 ||
            reinterpret_cast<Var *>(node)->varlevelsup != 0)
            return true;
        break;
    case T_Const:
        if (reinterpret_cast<Const *>(node)->consttype >= FirstNormalObjectId)
            return true;
        break;
    default:
        break;
    }
    if (IsA(node, List))
        return expression_tree_walker(node, TESSERA_WALKER(unshippable_walker), context);
    if (depends_on_date_style(node))
        return true;
    if (!IsA(node, Var) && exprType(node) >= FirstNormalObjectId)
        return true;
    // Planned expressions carry collations only as node fields, which are not printed: a
    // non-default collation would silently become the worker's default. Columns keep theirs.
    if (!IsA(node, Var)) {
        Oid collation = exprCollation(node);
        Oid input_collation = exprInputCollation(node);
        if ((OidIsValid(collation) && collation != DEFAULT_COLLATION_OID) ||
            (OidIsValid(input_collation) && input_collation != DEFAULT_COLLATION_OID))
            return true;
    }
    if (check_functions_in_node(
            node, [](Oid func, void *) { return func >= FirstNormalObjectId; }, nullptr))
        return true;
    return expression_tree_walker(node, TESSERA_WALKER(unshippable_walker), context);
}

} // namespace

bool is_shippable_expression(Node *node)
{
    if (contain_volatile_functions(node))
        return false;
    return !unshippable_walker(node, nullptr);
}

char *deparse_query_for_shards(Query *query, const ShardSubstitution *substitutions, int count)
{
    Query *copy = copyObject(query);
    prepare_query_level(copy);
    query_tree_walker(copy, TESSERA_WALKER(add_aliases_walker), nullptr, QTW_EXAMINE_RTES_BEFORE);
    int level = enter_environment();
    char *sql = pg_get_querydef(copy, false);
    leave_environment(level);
    return substitute_shard_names(sql, substitutions, count);
}

char *deparse_query_template(Query *query, const ShardSubstitution *substitutions, int count,
                             List **splices)
{
    Query *copy = copyObject(query);
    prepare_query_level(copy);
    query_tree_walker(copy, TESSERA_WALKER(add_aliases_walker), nullptr, QTW_EXAMINE_RTES_BEFORE);
    int level = enter_environment();
    char *sql = pg_get_querydef(copy, false);
    leave_environment(level);
    *splices = NIL;
    return substitute_shard_names(sql, substitutions, count, splices);
}

char *instantiate_query_template(const char *text, List *splices,
                                 const ShardSubstitution *substitutions, int count)
{
    StringInfoData out;
    initStringInfo(&out);
    int copied = 0;
    ListCell *cell;
    foreach (cell, splices) {
        List *splice = static_cast<List *>(lfirst(cell));
        int offset = intVal(linitial(splice));
        Oid relid = static_cast<Oid>(intVal(lsecond(splice)));
        appendBinaryStringInfo(&out, text + copied, offset - copied);
        for (int i = 0; i < count; i++)
            if (substitutions[i].relid == relid)
                appendStringInfoString(
                    &out, metadata::qualified_shard_name(relid, substitutions[i].shard_id));
        copied = offset;
    }
    appendStringInfoString(&out, text + copied);
    return out.data;
}

char *param_value_text(Oid type, Datum value)
{
    Oid output;
    bool varlena;
    getTypeOutputInfo(type, &output, &varlena);
    int level = enter_environment();
    char *text = OidOutputFunctionCall(output, value);
    leave_environment(level);
    return text;
}

bool params_as_text(ParamListInfo params, int *count, Oid **types, char ***values)
{
    int n = params->numParams;
    auto *param_types = static_cast<Oid *>(palloc0(sizeof(Oid) * (n + 1)));
    auto *param_values = static_cast<char **>(palloc0(sizeof(char *) * (n + 1)));
    for (int i = 0; i < n; i++) {
        ParamExternData workspace;
        ParamExternData *value = params->paramFetch != nullptr
                                     ? params->paramFetch(params, i + 1, false, &workspace)
                                     : &params->params[i];
        if (value->ptype >= FirstNormalObjectId || !OidIsValid(value->ptype))
            return false;
        param_types[i] = value->ptype;
        if (!value->isnull)
            param_values[i] = param_value_text(value->ptype, value->value);
    }
    *count = n;
    *types = param_types;
    *values = param_values;
    return true;
}

char *deparse_relation_expression(Node *expr, Oid relid)
{
    int level = enter_environment();
    List *context = deparse_context_for(get_rel_name(relid), relid);
    char *sql = deparse_expression(expr, context, false, false);
    leave_environment(level);
    return sql;
}

} // namespace tessera::planner
