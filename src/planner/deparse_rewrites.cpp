// The rewrites applied to a shard query before ruleutils prints it, each making the printed SQL
// mean on a worker what the query means here: merged SET assignments split and put in the order
// ruleutils pairs them in, output columns renamed where they would shadow a bare-printed column
// (a single relation's columns, USING / NATURAL and FULL JOIN merged columns), and relations
// given explicit aliases.
// PostgreSQL-style code: no C++ objects with destructors live in these frames.
#include "tessera/planner/deparse_internal.h"

extern "C" {
#include "access/stratnum.h"
#include "catalog/pg_operator.h"
#include "catalog/pg_type_d.h"
#include "nodes/makefuncs.h"
#include "nodes/nodeFuncs.h"
#include "optimizer/optimizer.h"
#include "parser/parsetree.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"
#include "utils/syscache.h"
}

namespace tessera::planner {

namespace {

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

// The field or element assignment (FieldStore, assigning SubscriptingRef) whose input is `node`'s
// input: the node itself, under an implicit domain coercion or not; else nullptr.
Node *assignment_node(Node *node)
{
    if (node != nullptr && IsA(node, CoerceToDomain) &&
        reinterpret_cast<CoerceToDomain *>(node)->coercionformat == COERCE_IMPLICIT_CAST)
        node = reinterpret_cast<Node *>(reinterpret_cast<CoerceToDomain *>(node)->arg);
    if (node != nullptr && (IsA(node, FieldStore) ||
                            (IsA(node, SubscriptingRef) &&
                             reinterpret_cast<SubscriptingRef *>(node)->refassgnexpr != nullptr)))
        return node;
    return nullptr;
}

// Splits the SET entries the rewriter merged back into one entry per assignment. Several SET
// items on one column (SET a[1] = x, a[3] = y or SET c.f = x, c.g = y) become one expression in
// which each assignment's input is the previous assignment (or one FieldStore of several
// fields); ruleutils prints only the outermost assignment, so the others were lost on the
// workers. Printed one by one, innermost (leftmost) first, the worker merges them the same way.
List *split_merged_assignments(List *targets)
{
    List *result = NIL;
    bool split = false;
    ListCell *cell;
    foreach (cell, targets) {
        auto *entry = static_cast<TargetEntry *>(lfirst(cell));
        Node *node =
            entry->resjunk ? nullptr : assignment_node(reinterpret_cast<Node *>(entry->expr));
        List *stages = NIL; // innermost first
        while (node != nullptr) {
            stages = lcons(node, stages);
            Node *input =
                IsA(node, FieldStore)
                    ? reinterpret_cast<Node *>(reinterpret_cast<FieldStore *>(node)->arg)
                    : reinterpret_cast<Node *>(reinterpret_cast<SubscriptingRef *>(node)->refexpr);
            node = assignment_node(input);
        }
        bool merged = list_length(stages) > 1 ||
                      (stages != NIL && IsA(linitial(stages), FieldStore) &&
                       list_length(static_cast<FieldStore *>(linitial(stages))->fieldnums) > 1);
        if (!merged) {
            result = lappend(result, entry);
            continue;
        }
        split = true;
        ListCell *stage;
        foreach (stage, stages) {
            Node *assignment = static_cast<Node *>(lfirst(stage));
            if (IsA(assignment, FieldStore)) {
                auto *store = reinterpret_cast<FieldStore *>(assignment);
                ListCell *field;
                ListCell *value;
                forboth(field, store->fieldnums, value, store->newvals)
                {
                    FieldStore *one = makeNode(FieldStore);
                    one->arg = store->arg;
                    one->newvals = list_make1(lfirst(value));
                    one->fieldnums = list_make1_int(lfirst_int(field));
                    one->resulttype = store->resulttype;
                    result = lappend(result, makeTargetEntry(reinterpret_cast<Expr *>(one),
                                                             entry->resno, entry->resname, false));
                }
            } else {
                result = lappend(result, makeTargetEntry(reinterpret_cast<Expr *>(assignment),
                                                         entry->resno, entry->resname, false));
            }
        }
    }
    return split ? result : targets;
}

// Prepares one query level for printing: UPDATE and ON CONFLICT DO UPDATE target lists with
// merged assignments split (split_merged_assignments) and in the order ruleutils needs for
// multiple assignments.
void prepare_query_level(Query *query)
{
    if (query->commandType == CMD_UPDATE)
        query->targetList = order_multiassignments(split_merged_assignments(query->targetList));
    if (query->onConflict != nullptr && query->onConflict->action == ONCONFLICT_UPDATE)
        query->onConflict->onConflictSet =
            order_multiassignments(split_merged_assignments(query->onConflict->onConflictSet));
}

// Whether output column `entry` is a plain reference that ruleutils prints as the bare name
// `name`: column `name` of the relation or unaliased join at range table index `rti`.
bool prints_as_bare_name(const TargetEntry *entry, const char *name, Index rti, List *columns)
{
    auto *var = reinterpret_cast<const Var *>(entry->expr);
    return IsA(var, Var) && var->varno == static_cast<int>(rti) && var->varlevelsup == 0 &&
           var->varattno > 0 && var->varattno <= list_length(columns) &&
           strcmp(strVal(list_nth(columns, var->varattno - 1)), name) == 0;
}

// The names ruleutils prints bare (without a relation alias) at a query level, with the range
// table index each belongs to (as a list of (String name, Integer rti) pairs): every column of
// the only relation of a single-relation level, and the merged columns of unaliased USING /
// NATURAL joins (a FULL join's merged column is a COALESCE, printed as the bare column name).
List *bare_printed_names(Query *query)
{
    List *names = NIL;
    if (list_length(query->rtable) == 1) {
        ListCell *cell;
        foreach (cell, static_cast<RangeTblEntry *>(linitial(query->rtable))->eref->colnames)
            names = lappend(names, list_make2(lfirst(cell), makeInteger(1)));
        return names;
    }
    Index rti = 0;
    ListCell *cell;
    foreach (cell, query->rtable) {
        rti++;
        auto *rte = static_cast<RangeTblEntry *>(lfirst(cell));
        if (rte->rtekind != RTE_JOIN || rte->alias != nullptr)
            continue;
        for (int i = 0; i < rte->joinmergedcols && i < list_length(rte->eref->colnames); i++)
            names = lappend(names, list_make2(list_nth(rte->eref->colnames, i),
                                              makeInteger(static_cast<int>(rti))));
    }
    return names;
}

// Whether `name` is one of the names of bare_printed_names' list.
bool names_a_bare_column(const char *name, List *bare)
{
    ListCell *cell;
    foreach (cell, bare)
        if (strcmp(strVal(linitial(static_cast<List *>(lfirst(cell)))), name) == 0)
            return true;
    return false;
}

// ruleutils prints some column references bare (bare_printed_names: a single relation's columns
// without its alias, a FULL JOIN ... USING's merged column), and the worker's parser takes a bare
// name in ORDER BY or DISTINCT ON for an output column of that name first: SELECT -id AS id ...
// ORDER BY t.id would come back as ... ORDER BY id and sort by -id, and SELECT tenant_id,
// a.tenant_id FROM a FULL JOIN b USING (tenant_id) ORDER BY 1 as ... ORDER BY tenant_id, which
// is ambiguous. So at such a top level, every output column named like a bare-printed column
// but computing something else gets a name of its own; the bare name then means the column
// again. Only the shard query's column names change, and the coordinator reads worker rows by
// position.
void rename_shadowing_outputs(Query *query)
{
    if (query->commandType != CMD_SELECT ||
        (query->sortClause == NIL && query->distinctClause == NIL))
        return;
    List *bare = bare_printed_names(query);
    if (bare == NIL)
        return;
    ListCell *cell;
    foreach (cell, query->targetList) {
        auto *entry = static_cast<TargetEntry *>(lfirst(cell));
        if (entry->resjunk || entry->resname == nullptr)
            continue;
        bool shadows = false;
        ListCell *pair;
        foreach (pair, bare) {
            auto *name_rti = static_cast<List *>(lfirst(pair));
            const char *name = strVal(linitial(name_rti));
            auto rti = static_cast<Index>(intVal(lsecond(name_rti)));
            if (strcmp(name, entry->resname) != 0)
                continue;
            RangeTblEntry *rte = rt_fetch(rti, query->rtable);
            if (!prints_as_bare_name(entry, name, rti, rte->eref->colnames))
                shadows = true;
        }
        if (!shadows)
            continue;
        for (int n = entry->resno;; n++) {
            char *name = psprintf("tessera_column_%d", n);
            if (!names_a_bare_column(name, bare)) {
                entry->resname = name;
                break;
            }
        }
    }
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

// The schema of operator `opno`, or InvalidOid.
Oid operator_namespace(Oid opno)
{
    HeapTuple tuple = SearchSysCache1(OPEROID, ObjectIdGetDatum(opno));
    if (!HeapTupleIsValid(tuple))
        return InvalidOid;
    Oid nspid = reinterpret_cast<Form_pg_operator>(GETSTRUCT(tuple))->oprnamespace;
    ReleaseSysCache(tuple);
    return nspid;
}

// True if the columns of row comparison `rcexpr` compare with operators of different schemas.
// ruleutils prints a row comparison with the first column's operator name alone (qualified when
// not visible) and the worker looks that name up for every column: `(citext, int) < (...)`
// became `OPERATOR(public.<)` for the int column too (an error on the worker), and
// `(int, citext) < (...)` a bare `<` that a worker without the extension's schema in its search
// path would resolve to text's for the citext column (case-sensitive: a wrong answer).
bool row_compare_mixes_schemas(RowCompareExpr *rcexpr)
{
    Oid first = operator_namespace(linitial_oid(rcexpr->opnos));
    ListCell *cell;
    foreach (cell, rcexpr->opnos)
        if (operator_namespace(lfirst_oid(cell)) != first)
            return true;
    return false;
}

// `rcexpr` spelled column by column, each operator printed with its own name: for (a1, a2) <
// (b1, b2), `a1 < b1 OR (a1 = b1 AND a2 < b2)` (the same answer, NULLs included: the first
// unequal column decides, a NULL before it makes the result NULL); the strict and equality
// operators come from each column's operator family. `rcexpr` itself when one is missing.
Node *expand_row_compare(RowCompareExpr *rcexpr)
{
    int n = list_length(rcexpr->opnos);
    int strict = rcexpr->rctype == ROWCOMPARE_LT || rcexpr->rctype == ROWCOMPARE_LE
                     ? BTLessStrategyNumber
                     : BTGreaterStrategyNumber;
    Expr *result = nullptr;
    for (int i = n - 1; i >= 0; i--) {
        auto *left = static_cast<Expr *>(list_nth(rcexpr->largs, i));
        auto *right = static_cast<Expr *>(list_nth(rcexpr->rargs, i));
        Oid opno = list_nth_oid(rcexpr->opnos, i);
        Oid collation = list_nth_oid(rcexpr->inputcollids, i);
        if (i == n - 1) {
            result = make_opclause(opno, BOOLOID, false, left, right, InvalidOid, collation);
            continue;
        }
        Oid family = list_nth_oid(rcexpr->opfamilies, i);
        Oid lefttype = InvalidOid;
        Oid righttype = InvalidOid;
        op_input_types(opno, &lefttype, &righttype);
        Oid strict_op = get_opfamily_member(family, lefttype, righttype, strict);
        Oid equal_op = get_opfamily_member(family, lefttype, righttype, BTEqualStrategyNumber);
        if (!OidIsValid(strict_op) || !OidIsValid(equal_op))
            return reinterpret_cast<Node *>(rcexpr);
        Expr *before = make_opclause(strict_op, BOOLOID, false, left, right, InvalidOid, collation);
        Expr *equal = make_opclause(equal_op, BOOLOID, false, copyObject(left), copyObject(right),
                                    InvalidOid, collation);
        result = makeBoolExpr(
            OR_EXPR, list_make2(before, makeBoolExpr(AND_EXPR, list_make2(equal, result), -1)), -1);
    }
    return reinterpret_cast<Node *>(result);
}

// Mutator: expands, in place at every query level, the row comparisons ruleutils would print
// with a wrong operator for some column (row_compare_mixes_schemas). Volatile ones, whose
// columns the expansion would evaluate twice, are left alone.
Node *expand_row_compares_mutator(Node *node, void *context)
{
    if (node == nullptr)
        return nullptr;
    if (IsA(node, Query))
        return reinterpret_cast<Node *>(query_tree_mutator(
            reinterpret_cast<Query *>(node), TESSERA_MUTATOR(expand_row_compares_mutator), context,
            QTW_DONT_COPY_QUERY));
    node = expression_tree_mutator(node, TESSERA_MUTATOR(expand_row_compares_mutator), context);
    if (IsA(node, RowCompareExpr) &&
        row_compare_mixes_schemas(reinterpret_cast<RowCompareExpr *>(node)) &&
        !contain_volatile_functions(node))
        return expand_row_compare(reinterpret_cast<RowCompareExpr *>(node));
    return node;
}

} // namespace

Node *expand_row_compares(Node *expr)
{
    return expand_row_compares_mutator(expr, nullptr);
}

void rewrite_for_printing(Query *query)
{
    query_tree_mutator(query, TESSERA_MUTATOR(expand_row_compares_mutator), nullptr,
                       QTW_DONT_COPY_QUERY);
    prepare_query_level(query);
    rename_shadowing_outputs(query);
    query_tree_walker(query, TESSERA_WALKER(add_aliases_walker), nullptr, QTW_EXAMINE_RTES_BEFORE);
}

} // namespace tessera::planner
