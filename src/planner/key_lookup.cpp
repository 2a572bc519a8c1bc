// Lookups by a unique key, sent to workers as prepared statements (see key_lookup.h).
#include "tessera/planner/key_lookup.h"

#include "tessera/planner/deparse.h"
#include "tessera/planner/sql_tokens.h"

extern "C" {
#include "access/htup_details.h"
#include "access/relation.h"
#include "catalog/pg_index.h"
#include "nodes/makefuncs.h"
#include "nodes/nodeFuncs.h"
#include "parser/scanner.h"

#include "parser/gram.h"
#include "utils/builtins.h"
#include "utils/fmgroids.h"
#include "utils/lsyscache.h"
#include "utils/rel.h"
#include "utils/syscache.h"
}

#include <cctype>

namespace tessera::planner {

namespace {

// One `column = constant` conjunct of the query's WHERE clause.
struct KeyEquality {
    AttrNumber attno;
    Oid opno;
    Const *constant;
};

// The column a conjunct side names (looking through binary-compatible relabelling), or 0.
AttrNumber column_of(Node *node)
{
    while (node != nullptr && IsA(node, RelabelType))
        node = reinterpret_cast<Node *>(reinterpret_cast<RelabelType *>(node)->arg);
    if (node == nullptr || !IsA(node, Var))
        return 0;
    auto *var = reinterpret_cast<Var *>(node);
    return var->varno == 1 && var->varlevelsup == 0 && var->varattno > 0 ? var->varattno : 0;
}

// Records `conjunct` in *equalities when it compares a column with a non-NULL constant of a
// built-in type (whose OID means the same on every node) by an equality operator.
void note_equality(Node *conjunct, List **equalities)
{
    if (!IsA(conjunct, OpExpr))
        return;
    auto *op = reinterpret_cast<OpExpr *>(conjunct);
    if (list_length(op->args) != 2 || get_oprrest(op->opno) != F_EQSEL)
        return;
    Node *left = static_cast<Node *>(linitial(op->args));
    Node *right = static_cast<Node *>(lsecond(op->args));
    AttrNumber attno = column_of(left);
    Node *other = right;
    if (attno == 0) {
        attno = column_of(right);
        other = left;
    }
    if (attno == 0 || !IsA(other, Const))
        return;
    auto *constant = reinterpret_cast<Const *>(other);
    if (constant->constisnull || constant->consttype >= FirstNormalObjectId)
        return;
    auto *equality = static_cast<KeyEquality *>(palloc(sizeof(KeyEquality)));
    *equality = {attno, op->opno, constant};
    *equalities = lappend(*equalities, equality);
}

// The equality on `attno` whose operator the index column's operator family `opfamily` knows.
KeyEquality *equality_for(List *equalities, AttrNumber attno, Oid opfamily)
{
    ListCell *cell;
    foreach (cell, equalities) {
        auto *equality = static_cast<KeyEquality *>(lfirst(cell));
        if (equality->attno == attno && op_in_opfamily(equality->opno, opfamily))
            return equality;
    }
    return nullptr;
}

// The equalities covering every key column of one unique, non-partial index of `relid` on
// plain columns (a List of KeyEquality, in index column order), or NIL if no index is covered.
List *covered_unique_index(Oid relid, List *equalities)
{
    Relation relation = relation_open(relid, AccessShareLock);
    List *indexes = RelationGetIndexList(relation);
    relation_close(relation, AccessShareLock);
    ListCell *cell;
    foreach (cell, indexes) {
        HeapTuple tuple = SearchSysCache1(INDEXRELID, ObjectIdGetDatum(lfirst_oid(cell)));
        if (!HeapTupleIsValid(tuple))
            continue;
        auto *index = reinterpret_cast<Form_pg_index>(GETSTRUCT(tuple));
        List *covering = NIL;
        bool usable = index->indisunique && index->indisvalid &&
                      heap_attisnull(tuple, Anum_pg_index_indexprs, nullptr) &&
                      heap_attisnull(tuple, Anum_pg_index_indpred, nullptr);
        bool isnull;
        Datum classes = SysCacheGetAttr(INDEXRELID, tuple, Anum_pg_index_indclass, &isnull);
        auto *opclasses = reinterpret_cast<oidvector *>(DatumGetPointer(classes));
        for (int i = 0; usable && i < index->indnkeyatts; i++) {
            KeyEquality *equality = equality_for(equalities, index->indkey.values[i],
                                                 get_opclass_family(opclasses->values[i]));
            usable = equality != nullptr;
            covering = lappend(covering, equality);
        }
        ReleaseSysCache(tuple);
        if (usable && covering != NIL)
            return covering;
    }
    return NIL;
}

// Adds the constants an UPDATE assigns (a whole assigned expression, or an operand of the
// operator computing it, as in `SET n = n + 1`) to *key as KeyEquality entries without a column:
// they vary from one execution of an application's statement to the next as key values do.
void note_assigned_constants(List *target_list, List **key)
{
    ListCell *cell;
    foreach (cell, target_list) {
        auto *entry = static_cast<TargetEntry *>(lfirst(cell));
        if (entry->resjunk)
            continue;
        List *operands = IsA(entry->expr, OpExpr) ? reinterpret_cast<OpExpr *>(entry->expr)->args
                                                  : list_make1(entry->expr);
        ListCell *operand;
        foreach (operand, operands) {
            if (!IsA(lfirst(operand), Const))
                continue;
            auto *constant = static_cast<Const *>(lfirst(operand));
            if (constant->consttype >= FirstNormalObjectId)
                continue;
            auto *assigned = static_cast<KeyEquality *>(palloc(sizeof(KeyEquality)));
            *assigned = {0, InvalidOid, constant};
            *key = lappend(*key, assigned);
        }
    }
}

// Replaces the constants listed in `context` (a List of KeyEquality, the n-th becoming $n+1)
// with parameters of their types.
Node *constants_to_params(Node *node, List *context)
{
    if (node == nullptr)
        return nullptr;
    if (IsA(node, Const)) {
        int position = 0;
        ListCell *cell;
        foreach (cell, context) {
            position++;
            Const *constant = static_cast<KeyEquality *>(lfirst(cell))->constant;
            if (constant != reinterpret_cast<Const *>(node))
                continue;
            Param *param = makeNode(Param);
            param->paramkind = PARAM_EXTERN;
            param->paramid = position;
            param->paramtype = constant->consttype;
            param->paramtypmod = constant->consttypmod;
            param->paramcollid = constant->constcollid;
            param->location = -1;
            return reinterpret_cast<Node *>(param);
        }
        return node;
    }
    return expression_tree_mutator(node, TESSERA_MUTATOR(constants_to_params), context);
}

} // namespace

Query *parameterize_unique_key_lookup(Query *query, KeyParameters *params)
{
    bool write = query->commandType == CMD_UPDATE || query->commandType == CMD_DELETE;
    if ((query->commandType != CMD_SELECT && !write) || list_length(query->rtable) != 1 ||
        (write && query->resultRelation != 1) || query->jointree == nullptr ||
        query->jointree->quals == nullptr)
        return nullptr;
    auto *rte = static_cast<RangeTblEntry *>(linitial(query->rtable));
    if (rte->rtekind != RTE_RELATION || rte->relkind != RELKIND_RELATION)
        return nullptr;
    Query *copy = static_cast<Query *>(copyObject(query));
    Node *quals = copy->jointree->quals;
    List *conjuncts =
        is_andclause(quals) ? reinterpret_cast<BoolExpr *>(quals)->args : list_make1(quals);
    List *equalities = NIL;
    ListCell *cell;
    foreach (cell, conjuncts)
        note_equality(static_cast<Node *>(lfirst(cell)), &equalities);
    if (equalities == NIL)
        return nullptr;
    List *key = covered_unique_index(rte->relid, equalities);
    if (key == NIL)
        return nullptr;
    if (query->commandType == CMD_UPDATE)
        note_assigned_constants(copy->targetList, &key);
    copy->jointree->quals = constants_to_params(quals, key);
    if (query->commandType == CMD_UPDATE)
        copy->targetList = reinterpret_cast<List *>(
            constants_to_params(reinterpret_cast<Node *>(copy->targetList), key));
    params->count = list_length(key);
    params->types = static_cast<Oid *>(palloc(sizeof(Oid) * params->count));
    params->values = static_cast<char **>(palloc(sizeof(char *) * params->count));
    int i = 0;
    foreach (cell, key) {
        Const *constant = static_cast<KeyEquality *>(lfirst(cell))->constant;
        params->types[i] = constant->consttype;
        params->values[i] = constant->constisnull
                                ? nullptr
                                : param_value_text(constant->consttype, constant->constvalue);
        i++;
    }
    return copy;
}

char *inline_key_parameters(const char *sql, int count, const Oid *types, char *const *values)
{
    int token_count = 0;
    SqlToken *tokens = scan_sql_tokens(sql, &token_count, true);
    StringInfoData text;
    initStringInfo(&text);
    int copied = 0;
    for (int i = 0; i < token_count; i++) {
        if (tokens[i].code != PARAM)
            continue;
        int start = tokens[i].start;
        int end = start + 1;
        while (isdigit(static_cast<unsigned char>(sql[end])))
            end++;
        int number = atoi(sql + start + 1);
        if (number < 1 || number > count)
            continue;
        appendBinaryStringInfo(&text, sql + copied, start - copied);
        appendStringInfo(&text, "(%s::%s)",
                         values[number - 1] != nullptr ? quote_literal_cstr(values[number - 1])
                                                       : "NULL",
                         format_type_be_qualified(types[number - 1]));
        copied = end;
    }
    appendStringInfoString(&text, sql + copied);
    return text.data;
}

} // namespace tessera::planner
