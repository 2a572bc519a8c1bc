// Deparsing for workers: PostgreSQL's own ruleutils prints the query, in a fixed environment;
// then table names are swapped for shard names by scanning the printed SQL's tokens, which
// keeps string literals, comments and column names untouched. The query is first rewritten so
// that its printed text reads back the same on a worker (deparse_rewrites.cpp).
#include "tessera/planner/deparse.h"
#include "tessera/planner/deparse_internal.h"

#include "tessera/pg/worker_text_environment.h"
#include "tessera/planner/sql_tokens.h"

#include "tessera/metadata/distributed_functions.h"
#include "tessera/metadata/distributed_table.h"

extern "C" {
#include "access/transam.h"
#include "catalog/pg_collation_d.h"
#include "catalog/pg_operator_d.h"
#include "catalog/pg_proc_d.h"
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
#include "parser/parsetree.h"
#include "utils/builtins.h"
#include "utils/float.h"
#include "utils/fmgroids.h"
#include "utils/guc.h"
#include "utils/lsyscache.h"
#include "utils/ruleutils.h"
}

namespace tessera::planner {

namespace {

// The fixed deparse environment (pg/worker_text_environment.h).
int enter_environment()
{
    return pg::enter_worker_text_environment();
}

void leave_environment(int level)
{
    pg::leave_worker_text_environment(level);
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

// Rewrites every schema.table reference of a substituted table into its shard's name. With
// `splices`, the names are left out instead and (offset, relid) pairs recording where each goes
// are appended to *splices (a template, see instantiate_query_template).
char *substitute_shard_names(const char *sql, const ShardSubstitution *substitutions, int count,
                             List **splices = nullptr)
{
    int token_count = 0;
    SqlToken *tokens = scan_sql_tokens(sql, &token_count, true);
    StringInfoData out;
    initStringInfo(&out);
    int copied = 0;
    for (int i = 0; i + 2 < token_count; i++) {
        if (tokens[i].word == nullptr || tokens[i + 1].code != '.' || tokens[i + 2].word == nullptr)
            continue;
        // After "::" the name is the table's row type (ruleutils casts a whole-row reference
        // at the top of a SELECT list to it): the shard's row type has the same columns.
        if (i > 0 && tokens[i - 1].code == '.')
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

// True for the OID alias types (regclass, regtype, ...): their values are object identifiers,
// which name different objects on different nodes.
bool is_object_identifier_type(Oid type)
{
    switch (type) {
    case REGCLASSOID:
    case REGTYPEOID:
    case REGPROCOID:
    case REGPROCEDUREOID:
    case REGOPEROID:
    case REGOPERATOROID:
    case REGCONFIGOID:
    case REGDICTIONARYOID:
    case REGNAMESPACEOID:
    case REGROLEOID:
    case REGCOLLATIONOID:
        return true;
    default:
        return false;
    }
}

// True if values of `type` print differently under other DateStyle/IntervalStyle settings:
// date/time types, arrays, ranges, multiranges and domains of them, and records or
// polymorphic types that may hold them; or on another node: the OID alias types (regclass,
// regtype, ...), printed as names. With `into_json`, for values turned into JSON: the JSON
// functions write dates and timestamps in ISO 8601 whatever the styles, so only the other
// date/time types count (a range goes into JSON as its text, bounds in the styles). With
// `printed`, for values printed (not read): floats too, whose digits follow
// extra_float_digits, and the geometric types, whose coordinates print as floats.
bool style_dependent_type(Oid type, bool into_json, bool printed)
{
    if (is_object_identifier_type(type))
        return true; // OID aliases print as names looked up in the node's catalogs
    switch (type) {
    case DATEOID:
    case TIMESTAMPOID:
    case TIMESTAMPTZOID:
        return !into_json;
    case FLOAT4OID:
    case FLOAT8OID:
    case POINTOID:
    case LSEGOID:
    case PATHOID:
    case BOXOID:
    case POLYGONOID:
    case LINEOID:
    case CIRCLEOID:
        return printed;
    case TIMEOID:
    case TIMETZOID:
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
        return style_dependent_type(element, into_json, printed);
    switch (get_typtype(type)) {
    case TYPTYPE_COMPOSITE:
        return true;
    case TYPTYPE_DOMAIN:
        return style_dependent_type(getBaseType(type), into_json, printed);
    case TYPTYPE_RANGE:
        // range_out prints the bounds with the subtype's output function, in JSON too
        return style_dependent_type(get_range_subtype(type), false, printed);
    case TYPTYPE_MULTIRANGE:
        return style_dependent_type(get_multirange_range(type), false, printed);
    default:
        return false;
    }
}

// True if `type` is text-like: a date/time or float value turned into it carries the style.
bool textual_type(Oid type)
{
    return type == TEXTOID || type == VARCHAROID || type == BPCHAROID || type == NAMEOID ||
           type == CSTRINGOID || type == JSONOID || type == JSONBOID || type == XMLOID ||
           type == UNKNOWNOID;
}

// True if `node` calls a function that reads JSON strings into the fields of a row with
// the fields' input functions (json[b]_populate_record[set], json[b]_to_record[set]): a date
// read there follows DateStyle's field order, an interval IntervalStyle.
bool parses_json_into_row(Node *node)
{
    if (!IsA(node, FuncExpr))
        return false;
    switch (reinterpret_cast<FuncExpr *>(node)->funcid) {
    case F_JSON_POPULATE_RECORD:
    case F_JSONB_POPULATE_RECORD:
    case F_JSON_POPULATE_RECORDSET:
    case F_JSONB_POPULATE_RECORDSET:
    case F_JSON_TO_RECORD:
    case F_JSONB_TO_RECORD:
    case F_JSON_TO_RECORDSET:
    case F_JSONB_TO_RECORDSET:
        return true;
    default:
        return false;
    }
}

} // namespace

bool depends_on_text_style(Node *node)
{
    // Decided whatever the session's settings are now: a cached plan outlives SET DateStyle,
    // and a shipped conversion always gives the text of the workers' sessions (ISO styles,
    // extra_float_digits 3).
    // A value of a date/time or float type (or holding one) turned into text: a cast through the
    // type's output function, or a function, operator or aggregate that formats its arguments
    // (||, concat, format, to_json, json_agg, ...).
    List *arguments = NIL;
    switch (nodeTag(node)) {
    case T_CoerceViaIO: {
        // Both ways: formatting a date as text, and reading text as a date (DMY vs YMD).
        Oid input = exprType(reinterpret_cast<Node *>(reinterpret_cast<CoerceViaIO *>(node)->arg));
        Oid output = exprType(node);
        return (textual_type(output) && style_dependent_type(input, false, true)) ||
               (textual_type(input) && style_dependent_type(output, false, false));
    }
    case T_FuncExpr:
        if (parses_json_into_row(node))
            return style_dependent_type(exprType(node), false, false);
        arguments = reinterpret_cast<FuncExpr *>(node)->args;
        break;
    case T_OpExpr:
        arguments = reinterpret_cast<OpExpr *>(node)->args;
        break;
    case T_WindowFunc:
        arguments = reinterpret_cast<WindowFunc *>(node)->args;
        break;
    case T_Aggref: {
        ListCell *cell;
        foreach (cell, reinterpret_cast<Aggref *>(node)->args)
            arguments = lappend(arguments, static_cast<TargetEntry *>(lfirst(cell))->expr);
        break;
    }
    case T_XmlExpr: {
        // xmlelement / xmlforest / xmlattributes print their values: dates and timestamps
        // in XML Schema's ISO form (as JSON does), the rest with the output functions
        XmlExpr *xml = reinterpret_cast<XmlExpr *>(node);
        arguments = list_concat_copy(xml->named_args, xml->args);
        break;
    }
    default:
        return false;
    }
    Oid result = exprType(node);
    if (!textual_type(result))
        return false;
    bool into_json = result == JSONOID || result == JSONBOID || IsA(node, XmlExpr);
    ListCell *cell;
    foreach (cell, arguments)
        if (style_dependent_type(exprType(static_cast<Node *>(lfirst(cell))), into_json, true))
            return true;
    return false;
}

namespace {

// True if built-in function `func` answers from the catalogs of the node that runs it, by
// object names or OIDs, which differ between nodes (a worker has shards, not the distributed
// table, and its own OIDs): the privilege checks (has_table_privilege, ..., pg_has_role), the
// pg_get_* deparsers and lookups, the object comments (obj_description, ...), and functions
// describing objects, files and indexes by OID.
bool reads_node_catalog(Oid func)
{
    if (func >= FirstNormalObjectId)
        return false;
    const char *name = get_func_name(func);
    if (name == nullptr)
        return false;
    static const char *const object_functions[] = {"pg_has_role",
                                                   "pg_describe_object",
                                                   "pg_identify_object",
                                                   "pg_identify_object_as_address",
                                                   "pg_tablespace_location",
                                                   "pg_relation_filenode",
                                                   "pg_relation_filepath",
                                                   "pg_filenode_relation",
                                                   "pg_relation_is_updatable",
                                                   "pg_column_is_updatable",
                                                   "pg_index_has_property",
                                                   "pg_index_column_has_property",
                                                   "pg_indexam_has_property"};
    for (const char *object_function : object_functions)
        if (strcmp(name, object_function) == 0)
            return true;
    size_t length = strlen(name);
    return (strncmp(name, "has_", 4) == 0 && length > 10 &&
            strcmp(name + length - 10, "_privilege") == 0) ||
           strncmp(name, "pg_get_", 7) == 0 ||
           (length > 12 && strcmp(name + length - 12, "_description") == 0);
}

// True if built-in function `func` answers from the session or transaction of the node that
// runs it: transaction and statement start times, settings, the search path (names printed or
// looked up), backend, client and transaction ids, the session's cursors and statements. A
// stable function of an extension counts as one too: it may read the extension's settings
// (pg_trgm's % reads pg_trgm.similarity_threshold), which worker sessions do not follow.
bool reads_node_session(Oid func, void *)
{
    if (func >= FirstNormalObjectId)
        return func_volatile(func) == PROVOLATILE_STABLE &&
               metadata::extension_object_on_workers(ProcedureRelationId, func);
    switch (func) {
    case F_NOW:
    case F_TRANSACTION_TIMESTAMP:
    case F_STATEMENT_TIMESTAMP:
    case F_AGE_TIMESTAMPTZ: // age(x) is age(current_date, x)
    case F_AGE_TIMESTAMP:
    case F_AGE_XID:
    case F_MXID_AGE:
    case F_CURRENT_SETTING_TEXT:
    case F_CURRENT_SETTING_TEXT_BOOL:
    case F_CURRENT_SCHEMA:
    case F_CURRENT_SCHEMAS:
    case F_CURRENT_QUERY:
    case F_PG_BACKEND_PID:
    case F_PG_POSTMASTER_START_TIME: // the node's server, not the coordinator's
    case F_PG_CONF_LOAD_TIME:
    case F_PG_CLIENT_ENCODING:
    case F_INET_CLIENT_ADDR:
    case F_INET_CLIENT_PORT:
    case F_INET_SERVER_ADDR:
    case F_INET_SERVER_PORT:
    case F_PG_MY_TEMP_SCHEMA:
    case F_PG_IS_OTHER_TEMP_SCHEMA:
    case F_PG_TRIGGER_DEPTH:
    case F_PG_LISTENING_CHANNELS:
    case F_PG_CURSOR:
    case F_PG_PREPARED_STATEMENT:
    case F_TXID_CURRENT:
    case F_TXID_CURRENT_IF_ASSIGNED:
    case F_TXID_CURRENT_SNAPSHOT:
    case F_PG_CURRENT_XACT_ID:
    case F_PG_CURRENT_XACT_ID_IF_ASSIGNED:
    case F_PG_CURRENT_SNAPSHOT:
    case F_PG_TABLE_IS_VISIBLE:
    case F_PG_TYPE_IS_VISIBLE:
    case F_PG_FUNCTION_IS_VISIBLE:
    case F_PG_OPERATOR_IS_VISIBLE:
    case F_PG_OPCLASS_IS_VISIBLE:
    case F_PG_OPFAMILY_IS_VISIBLE:
    case F_PG_CONVERSION_IS_VISIBLE:
    case F_PG_COLLATION_IS_VISIBLE:
    case F_PG_STATISTICS_OBJ_IS_VISIBLE:
    case F_PG_TS_PARSER_IS_VISIBLE:
    case F_PG_TS_DICT_IS_VISIBLE:
    case F_PG_TS_CONFIG_IS_VISIBLE:
    case F_PG_TS_TEMPLATE_IS_VISIBLE:
    case F_FORMAT_TYPE:
    case F_PG_TYPEOF: // the node's OID of the type
    case F_PG_COLLATION_FOR:
    case F_TO_REGCLASS:
    case F_TO_REGPROC:
    case F_TO_REGPROCEDURE:
    case F_TO_REGOPER:
    case F_TO_REGOPERATOR:
    case F_TO_REGTYPE:
    case F_TO_REGNAMESPACE:
    case F_TO_REGROLE:
    case F_TO_REGCOLLATION:
    case F_REGPROCIN:
    case F_REGPROCOUT:
    case F_REGPROCEDUREIN:
    case F_REGPROCEDUREOUT:
    case F_REGOPERIN:
    case F_REGOPEROUT:
    case F_REGOPERATORIN:
    case F_REGOPERATOROUT:
    case F_REGCLASSIN:
    case F_REGCLASSOUT:
    case F_REGTYPEIN:
    case F_REGTYPEOUT:
    case F_REGCONFIGIN:
    case F_REGCONFIGOUT:
    case F_REGDICTIONARYIN:
    case F_REGDICTIONARYOUT:
    case F_REGNAMESPACEIN:
    case F_REGNAMESPACEOUT:
    case F_REGROLEIN:
    case F_REGROLEOUT:
    case F_REGCOLLATIONIN:
    case F_REGCOLLATIONOUT:
        return true;
    default:
        return reads_node_catalog(func);
    }
}

} // namespace

bool depends_on_node_session(Node *node)
{
    if (node == nullptr)
        return false;
    if (IsA(node, SQLValueFunction)) {
        switch (reinterpret_cast<SQLValueFunction *>(node)->op) {
        case SVFOP_CURRENT_ROLE:
        case SVFOP_CURRENT_USER:
        case SVFOP_USER:
        case SVFOP_CURRENT_CATALOG:
            return false; // workers run as the calling user, in the same database
        default:
            return true; // CURRENT_DATE, CURRENT_TIMESTAMP, ..., SESSION_USER, CURRENT_SCHEMA
        }
    }
    return check_functions_in_node(node, reads_node_session, nullptr);
}

namespace {

// Walker for contains_node_session_expression.
bool node_session_walker(Node *node, void *)
{
    if (node == nullptr)
        return false;
    if (IsA(node, Query))
        return query_tree_walker(reinterpret_cast<Query *>(node),
                                 TESSERA_WALKER(node_session_walker), nullptr, 0);
    if (depends_on_node_session(node))
        return true;
    return expression_tree_walker(node, TESSERA_WALKER(node_session_walker), nullptr);
}

// Walker: true if `node` reads rows (columns, aggregates, subqueries), or with `*params`
// parameters too: what varies per row or per execution cannot be computed once up front, while
// parameters alone are bound before execution.
bool reads_rows_walker(Node *node, bool *params)
{
    if (node == nullptr)
        return false;
    if (IsA(node, Var) || IsA(node, Aggref) || IsA(node, WindowFunc) || IsA(node, SubLink) ||
        IsA(node, GroupingFunc) || (*params && IsA(node, Param)))
        return true;
    return expression_tree_walker(node, TESSERA_WALKER(reads_rows_walker), params);
}

// True if `node` reads rows; with `params`, parameters count as well.
bool reads_rows(Node *node, bool params)
{
    return reads_rows_walker(node, &params);
}

// What text_style_walker looks for.
struct TextStyleSearch {
    bool dmy;       // the session reads dates in another field order than the workers
    bool over_rows; // only conversions the coordinator cannot compute up front count
};

// Walker for text_styles_matter: true at a conversion whose text differs under the session's
// styles from the workers'.
bool text_style_walker(Node *node, TextStyleSearch *search)
{
    if (node == nullptr)
        return false;
    if (IsA(node, Query))
        return query_tree_walker(reinterpret_cast<Query *>(node), TESSERA_WALKER(text_style_walker),
                                 search, 0);
    // Conversions of constants (parameters included, bound first) are computed on the
    // coordinator at execution (evaluate_node_session_expressions).
    if (search->over_rows && !reads_rows(node, false) && !contain_volatile_functions(node))
        return false;
    if (depends_on_text_style(node)) {
        // Printing follows DateStyle, IntervalStyle and extra_float_digits (any value above 0
        // prints the shortest exact digits, as the workers' 3 does); reading text as a date
        // also follows the field order.
        if (DateStyle != USE_ISO_DATES || IntervalStyle != INTSTYLE_POSTGRES ||
            extra_float_digits < 1)
            return true;
        if (search->dmy && IsA(node, CoerceViaIO) &&
            textual_type(
                exprType(reinterpret_cast<Node *>(reinterpret_cast<CoerceViaIO *>(node)->arg))))
            return true;
        if (search->dmy && parses_json_into_row(node))
            return true;
    }
    return expression_tree_walker(node, TESSERA_WALKER(text_style_walker), search);
}

// Walker for session_expression_over_rows; `in_subqueries` points to whether subqueries count.
bool session_over_rows_walker(Node *node, bool *in_subqueries)
{
    if (node == nullptr)
        return false;
    if (IsA(node, Query))
        return *in_subqueries &&
               query_tree_walker(reinterpret_cast<Query *>(node),
                                 TESSERA_WALKER(session_over_rows_walker), in_subqueries, 0);
    // (A date/time or float value printed as text over the rows follows the session's DateStyle,
    // IntervalStyle and extra_float_digits, which the workers' connections do not share.)
    if ((depends_on_node_session(node) || depends_on_text_style(node)) && reads_rows(node, false))
        return true;
    return expression_tree_walker(node, TESSERA_WALKER(session_over_rows_walker), in_subqueries);
}

// What evaluate_node_session_expressions is doing, for its error message.
struct SessionEvaluation {
    const char *command;
    const char *relname;
};

// Mutator for evaluate_node_session_expressions.
Node *session_evaluation_mutator(Node *node, SessionEvaluation *context)
{
    if (node == nullptr)
        return nullptr;
    if (IsA(node, Query))
        return reinterpret_cast<Node *>(
            query_tree_mutator(reinterpret_cast<Query *>(node),
                               TESSERA_MUTATOR(session_evaluation_mutator), context, 0));
    if (depends_on_node_session(node)) {
        if (reads_rows(node, true))
            ereport(ERROR,
                    (errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
                     errmsg("functions that read the session, such as now() or "
                            "current_setting(), need constant arguments in %s on distributed "
                            "table \"%s\"",
                            context->command, context->relname),
                     errdetail("The statement runs on the workers; such functions are computed "
                               "on the coordinator first.")));
        return reinterpret_cast<Node *>(evaluate_expr(
            reinterpret_cast<Expr *>(node), exprType(node), exprTypmod(node), exprCollation(node)));
    }
    // Conversions of constants to or from date/time or float text: computed under the session's
    // styles, not the workers' (those over the rows never get here: session_expression_over_rows).
    if (depends_on_text_style(node) && !reads_rows(node, true) &&
        !contain_volatile_functions(node) && text_styles_matter(node))
        return reinterpret_cast<Node *>(evaluate_expr(
            reinterpret_cast<Expr *>(node), exprType(node), exprTypmod(node), exprCollation(node)));
    return expression_tree_mutator(node, TESSERA_MUTATOR(session_evaluation_mutator), context);
}

} // namespace

bool session_expression_over_rows(Node *node, bool in_subqueries)
{
    return session_over_rows_walker(node, &in_subqueries);
}

bool contains_node_session_expression(Node *node)
{
    return node_session_walker(node, nullptr);
}

bool text_styles_matter(Node *node)
{
    TextStyleSearch search{DateOrder != DATEORDER_YMD, false};
    return text_style_walker(node, &search);
}

bool text_styles_matter_over_rows(Node *node)
{
    TextStyleSearch search{DateOrder != DATEORDER_YMD, true};
    return text_style_walker(node, &search);
}

Node *evaluate_node_session_expressions(Node *node, const char *command, const char *relname)
{
    SessionEvaluation context{command, relname};
    return session_evaluation_mutator(node, &context);
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
    case T_Param: {
        // Parameters of the statement may travel with the task when the caller allows it
        // (context: bool *), as values of types every node knows.
        auto *param = reinterpret_cast<Param *>(node);
        return context == nullptr || !*static_cast<bool *>(context) ||
               param->paramkind != PARAM_EXTERN || param->paramtype >= FirstNormalObjectId;
    }
    case T_Var:
        if (reinterpret_cast<Var *>(node)->varattno < 0 ||
            reinterpret_cast<Var *>(node)->varlevelsup != 0)
            return true;
        break;
    case T_Const:
        if (!type_known_on_workers(reinterpret_cast<Const *>(node)->consttype))
            return true;
        break;
    default:
        break;
    }
    if (IsA(node, List))
        return expression_tree_walker(node, TESSERA_WALKER(unshippable_walker), context);
    if (depends_on_text_style(node) || depends_on_node_session(node))
        return true;
    if (!IsA(node, Var) && !type_known_on_workers(exprType(node)))
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
            node, [](Oid func, void *) { return !metadata::function_on_workers(func); }, nullptr) ||
        applies_coordinator_operator(node))
        return true;
    return expression_tree_walker(node, TESSERA_WALKER(unshippable_walker), context);
}

} // namespace

bool applies_coordinator_operator(Node *node)
{
    Oid opno = InvalidOid;
    if (node == nullptr)
        return false;
    if (IsA(node, OpExpr) || IsA(node, DistinctExpr) || IsA(node, NullIfExpr))
        opno = reinterpret_cast<OpExpr *>(node)->opno;
    else if (IsA(node, ScalarArrayOpExpr))
        opno = reinterpret_cast<ScalarArrayOpExpr *>(node)->opno;
    return opno >= FirstNormalObjectId &&
           !metadata::extension_object_on_workers(OperatorRelationId, opno);
}

bool type_known_on_workers(Oid type)
{
    // Object identifiers: an object's name and OID differ between nodes.
    Oid element = get_element_type(type);
    if (is_object_identifier_type(OidIsValid(element) ? element : type))
        return false;
    if (type < FirstNormalObjectId)
        return true;
    // Enums are created on the workers with the tables using them; an extension's types come
    // with the extension, in the coordinator's schema (constants print schema-qualified).
    Oid base = OidIsValid(element) ? element : type;
    return type_is_enum(base) || metadata::extension_object_on_workers(TypeRelationId, base);
}

bool calls_coordinator_function(Node *node)
{
    // A COLLATE clause (planned: a RelabelType) naming a collation made by users: the workers
    // have it only if some shard column uses it, which a query cannot count on. (A column's own
    // collation is on the workers: its shards were made with it.)
    Oid collation = InvalidOid;
    if (node == nullptr)
        return false;
    if (IsA(node, CollateExpr))
        collation = reinterpret_cast<CollateExpr *>(node)->collOid;
    else if (IsA(node, RelabelType))
        collation = reinterpret_cast<RelabelType *>(node)->resultcollid;
    if (collation >= FirstNormalObjectId || applies_coordinator_operator(node))
        return true;
    return check_functions_in_node(
        node,
        [](Oid func, void *) {
            return !metadata::function_on_workers(func) ||
                   func_volatile(func) == PROVOLATILE_VOLATILE;
        },
        nullptr);
}

bool makes_table_row(Node *node)
{
    if (node == nullptr ||
        !(IsA(node, RowExpr) || IsA(node, CoerceViaIO) || IsA(node, ConvertRowtypeExpr)))
        return false;
    Oid relid = get_typ_typrelid(exprType(node));
    return OidIsValid(relid) && metadata::lookup_distributed_table(relid) != nullptr;
}

bool is_shippable_expression(Node *node, bool statement_params)
{
    if (contain_volatile_functions(node))
        return false;
    return !unshippable_walker(node, &statement_params);
}

char *deparse_query_for_shards(Query *query, const ShardSubstitution *substitutions, int count)
{
    Query *copy = copyObject(query);
    rewrite_for_printing(copy);
    int level = enter_environment();
    char *sql = pg_get_querydef(copy, false);
    leave_environment(level);
    return substitute_shard_names(sql, substitutions, count);
}

char *deparse_query_template(Query *query, const ShardSubstitution *substitutions, int count,
                             List **splices)
{
    Query *copy = copyObject(query);
    rewrite_for_printing(copy);
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
    expr = expand_row_compares(static_cast<Node *>(copyObject(expr)));
    int level = enter_environment();
    List *context = deparse_context_for(get_rel_name(relid), relid);
    char *sql = deparse_expression(expr, context, false, false);
    leave_environment(level);
    return sql;
}

} // namespace tessera::planner
