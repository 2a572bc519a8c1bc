// UPDATE / DELETE rewritten to modify the rows through their primary keys, computed on the
// coordinator first: the fallback for statements the shards cannot run as they are (see
// plan_update_delete_or_rewrite in modify_planner.cpp). PostgreSQL-style code.
#include "tessera/planner/modify_internal.h"

#include "tessera/metadata/distributed_table.h"

extern "C" {
#include "access/relation.h"
#include "catalog/namespace.h"
#include "catalog/pg_type.h"
#include "nodes/makefuncs.h"
#include "nodes/nodeFuncs.h"
#include "optimizer/optimizer.h"
#include "parser/parsetree.h"
#include "storage/lmgr.h"
#include "utils/lsyscache.h"
#include "utils/rel.h"
#include "utils/relcache.h"
#include "utils/typcache.h"
}

namespace tessera::planner::modify {

namespace {

// Context of returning_mutator: Vars of the statement's top level become Vars of the target
// (at 1) or outputs of the key subquery (at 2), added to `outputs` as needed.
struct ReturningContext {
    Index target_varno;
    List *outputs; // TargetEntry list of the key subquery
    bool failed;
};

Node *returning_mutator(Node *node, ReturningContext *context)
{
    if (node == nullptr)
        return nullptr;
    if (IsA(node, Var)) {
        auto *var = reinterpret_cast<Var *>(copyObject(node));
        if (var->varlevelsup != 0 || var->varattno <= 0) {
            context->failed = true; // whole rows, system columns, outer references
            return reinterpret_cast<Node *>(var);
        }
        if (var->varno == static_cast<int>(context->target_varno)) {
            var->varno = var->varnosyn = 1;
            return reinterpret_cast<Node *>(var);
        }
        int position = 0;
        ListCell *cell;
        foreach (cell, context->outputs) {
            position++;
            if (equal(static_cast<TargetEntry *>(lfirst(cell))->expr, node))
                return reinterpret_cast<Node *>(
                    makeVar(2, position, var->vartype, var->vartypmod, var->varcollid, 0));
        }
        int resno = list_length(context->outputs) + 1;
        context->outputs =
            lappend(context->outputs, makeTargetEntry(reinterpret_cast<Expr *>(copyObject(node)),
                                                      resno, psprintf("r%d", resno), false));
        return reinterpret_cast<Node *>(
            makeVar(2, resno, var->vartype, var->vartypmod, var->varcollid, 0));
    }
    if (IsA(node, SubLink) || IsA(node, Query)) {
        context->failed = true;
        return node;
    }
    return expression_tree_mutator(node, TESSERA_MUTATOR(returning_mutator), context);
}

} // namespace

// UPDATE / DELETE `query` on `target` rewritten to modify the rows through their primary key:
//   UPDATE t SET c = k.c ... FROM (SELECT t.pk, <new values>, <returned columns of other
//   tables> FROM t, <the statement's FROM / USING> WHERE <its conditions>) k WHERE t.pk = k.pk
// The subquery is independent of the modified rows, so it is computed on the coordinator and
// its rows sent to the shards (without a primary key, rows are matched on the binary images of
// all their columns).
// nullptr when the statement has parts that cannot move (data-modifying WITH, multiple
// assignments, subqueries in RETURNING).
Query *rewrite_through_keys(Query *query, const DistributedTable *target)
{
    if (query->hasModifyingCTE || query->hasRecursive || query->rowMarks != NIL)
        return nullptr;
    // The primary key; without one, every column (duplicate rows are equal in every column, so
    // they are all modified alike, as PostgreSQL would).
    Relation relation = relation_open(target->relid, AccessShareLock);
    Bitmapset *keys = RelationGetIndexAttrBitmap(relation, INDEX_ATTR_BITMAP_PRIMARY_KEY);
    bool whole_row = bms_is_empty(keys);
    TupleDesc desc = RelationGetDescr(relation);
    for (int i = 0; whole_row && i < desc->natts; i++)
        if (!TupleDescAttr(desc, i)->attisdropped)
            keys = bms_add_member(keys, TupleDescAttr(desc, i)->attnum -
                                            FirstLowInvalidHeapAttributeNumber);
    relation_close(relation, AccessShareLock);
    if (bms_is_empty(keys))
        return nullptr;
    // Rows matched on all their columns cannot tell exact duplicates apart: each would get the
    // values computed for any of them, and a condition true for one would modify them all. So
    // nothing that differs between evaluations (nextval(), random(), ...) is allowed there.
    if (whole_row && (contain_volatile_functions(reinterpret_cast<Node *>(query->targetList)) ||
                      contain_volatile_functions(reinterpret_cast<Node *>(query->jointree))))
        return nullptr;
    Index target_varno = query->resultRelation;
    RangeTblEntry *target_rte = rt_fetch(target_varno, query->rtable);

    // The key subquery: the statement's range table, joins and conditions, as a SELECT.
    Query *keyed = makeNode(Query);
    keyed->commandType = CMD_SELECT;
    keyed->querySource = QSRC_ORIGINAL;
    keyed->canSetTag = true;
    keyed->rtable = static_cast<List *>(copyObject(query->rtable));
    keyed->cteList = static_cast<List *>(copyObject(query->cteList));
    keyed->hasSubLinks = query->hasSubLinks;
    // (The target is already in the join list of UPDATE / DELETE; here it is read like the
    // other tables, so it is printed in FROM too.)
    keyed->jointree = static_cast<FromExpr *>(copyObject(query->jointree));
    rt_fetch(target_varno, keyed->rtable)->inFromCl = true;
    List *outputs = NIL;
    List *key_attnos = NIL;
    int attno = -1;
    while ((attno = bms_next_member(keys, attno)) >= 0) {
        AttrNumber column = attno + FirstLowInvalidHeapAttributeNumber;
        Oid type;
        int32 typmod;
        Oid collation;
        get_atttypetypmodcoll(target->relid, column, &type, &typmod, &collation);
        int resno = list_length(outputs) + 1;
        outputs =
            lappend(outputs, makeTargetEntry(reinterpret_cast<Expr *>(makeVar(
                                                 target_varno, column, type, typmod, collation, 0)),
                                             resno, psprintf("k%d", resno), false));
        key_attnos = lappend_int(key_attnos, column);
    }
    // New values of UPDATE.
    List *assignments = NIL;
    ListCell *cell;
    if (query->commandType == CMD_UPDATE) {
        foreach (cell, query->targetList) {
            auto *entry = static_cast<TargetEntry *>(lfirst(cell));
            if (entry->resjunk)
                return nullptr; // multiple assignments: their sub-SELECTs are resjunk entries
            int resno = list_length(outputs) + 1;
            outputs = lappend(outputs, makeTargetEntry(static_cast<Expr *>(copyObject(entry->expr)),
                                                       resno, psprintf("v%d", resno), false));
            Node *value = reinterpret_cast<Node *>(entry->expr);
            assignments = lappend(assignments,
                                  makeTargetEntry(reinterpret_cast<Expr *>(makeVar(
                                                      2, resno, exprType(value), exprTypmod(value),
                                                      exprCollation(value), 0)),
                                                  entry->resno, entry->resname, false));
        }
    }
    ReturningContext returning{target_varno, outputs, false};
    List *returning_list = reinterpret_cast<List *>(
        returning_mutator(reinterpret_cast<Node *>(query->returningList), &returning));
    if (returning.failed)
        return nullptr;
    keyed->targetList = returning.outputs;

    // The statement: the target at 1, the key subquery at 2 (a WITH query computed on the
    // coordinator first), joined on the primary key.
    CommonTableExpr *cte = makeNode(CommonTableExpr);
    cte->ctename = pstrdup("tessera_keys");
    cte->ctequery = reinterpret_cast<Node *>(keyed);
    cte->ctematerialized = CTEMaterializeAlways;
    cte->cterefcount = 1;
    RangeTblEntry *keys_rte = makeNode(RangeTblEntry);
    keys_rte->rtekind = RTE_CTE;
    keys_rte->ctename = cte->ctename;
    keys_rte->ctelevelsup = 0;
    keys_rte->inFromCl = true;
    List *names = NIL;
    foreach (cell, keyed->targetList) {
        auto *entry = static_cast<TargetEntry *>(lfirst(cell));
        Node *expr = reinterpret_cast<Node *>(entry->expr);
        names = lappend(names, makeString(pstrdup(entry->resname)));
        cte->ctecoltypes = lappend_oid(cte->ctecoltypes, exprType(expr));
        cte->ctecoltypmods = lappend_int(cte->ctecoltypmods, exprTypmod(expr));
        cte->ctecolcollations = lappend_oid(cte->ctecolcollations, exprCollation(expr));
    }
    cte->ctecolnames = names;
    keys_rte->coltypes = cte->ctecoltypes;
    keys_rte->coltypmods = cte->ctecoltypmods;
    keys_rte->colcollations = cte->ctecolcollations;
    keys_rte->eref = makeAlias(cte->ctename, names);
    Query *rewritten = static_cast<Query *>(copyObject(query));
    rewritten->rtable = list_make2(copyObject(target_rte), keys_rte);
    rewritten->resultRelation = 1;
    rewritten->cteList = list_make1(cte);
    rewritten->hasSubLinks = false;
    rewritten->targetList = assignments;
    rewritten->returningList = returning_list;
    List *conditions = NIL;
    if (whole_row) {
        // Rows are matched on all their columns by their binary images (record *=, NULLs
        // match): values equal by the type's operator may still differ (numeric 1.0 and 1.00,
        // float 0 and -0), and PostgreSQL would have modified only the row that qualified.
        RowExpr *target_row = makeNode(RowExpr);
        RowExpr *key_row = makeNode(RowExpr);
        int column_position = 0;
        foreach (cell, key_attnos) {
            column_position++;
            AttrNumber column = static_cast<AttrNumber>(lfirst_int(cell));
            Oid type;
            int32 typmod;
            Oid collation;
            get_atttypetypmodcoll(target->relid, column, &type, &typmod, &collation);
            target_row->args =
                lappend(target_row->args, makeVar(1, column, type, typmod, collation, 0));
            key_row->args =
                lappend(key_row->args, makeVar(2, column_position, type, typmod, collation, 0));
        }
        RowExpr *rows[] = {target_row, key_row};
        for (RowExpr *row : rows) {
            row->row_typeid = RECORDOID;
            // (printed as ROW(...)::record: two bare ROW()s would be compared column by column)
            row->row_format = COERCE_EXPLICIT_CAST;
            row->location = -1;
        }
        Oid image_eq = OpernameGetOprid(
            list_make2(makeString(pstrdup("pg_catalog")), makeString(pstrdup("*="))), RECORDOID,
            RECORDOID);
        if (!OidIsValid(image_eq))
            return nullptr;
        conditions =
            list_make1(make_opclause(image_eq, BOOLOID, false, reinterpret_cast<Expr *>(target_row),
                                     reinterpret_cast<Expr *>(key_row), InvalidOid, InvalidOid));
        key_attnos = NIL;
    }
    int position = 0;
    foreach (cell, key_attnos) {
        position++;
        AttrNumber column = static_cast<AttrNumber>(lfirst_int(cell));
        Oid type;
        int32 typmod;
        Oid collation;
        get_atttypetypmodcoll(target->relid, column, &type, &typmod, &collation);
        TypeCacheEntry *entry = lookup_type_cache(type, TYPECACHE_EQ_OPR);
        if (!OidIsValid(entry->eq_opr))
            return nullptr;
        Expr *equality = make_opclause(
            entry->eq_opr, BOOLOID, false,
            reinterpret_cast<Expr *>(makeVar(1, column, type, typmod, collation, 0)),
            reinterpret_cast<Expr *>(makeVar(2, position, type, typmod, collation, 0)), InvalidOid,
            collation);
        conditions = lappend(conditions, equality);
    }
    RangeTblRef *subquery_ref = makeNode(RangeTblRef);
    subquery_ref->rtindex = 2;
    rewritten->jointree = makeFromExpr(list_make1(subquery_ref),
                                       reinterpret_cast<Node *>(make_ands_explicit(conditions)));
    return rewritten;
}

// The key subquery reads the rows and computes their new values before, and apart from, the
// statement that writes them: another session's write of one of these rows committed in between
// would be overwritten with values computed from the old row (a lost update), where PostgreSQL
// would apply the statement to the new row. Every write to a distributed or reference table
// goes through the coordinator with RowExclusiveLock on its table (COPY too), so
// ShareRowExclusiveLock, which conflicts with that lock and with itself but not with reads,
// keeps them out from before the key subquery runs until the transaction ends. It is taken
// now (the plan runs in this transaction, or is one-shot) and recorded as the target's lock
// mode, which PostgreSQL takes again whenever it reuses a cached plan.
void lock_against_concurrent_writes(Query *rewritten, const DistributedTable *target)
{
    LockRelationOid(target->relid, ShareRowExclusiveLock);
    RangeTblEntry *rte = rt_fetch(rewritten->resultRelation, rewritten->rtable);
    rte->rellockmode = ShareRowExclusiveLock;
}

} // namespace tessera::planner::modify
