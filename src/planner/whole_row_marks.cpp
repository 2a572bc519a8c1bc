// Distributed tables read by the coordinator's plan of a statement that marks rows: UPDATE,
// DELETE or MERGE into a local table, or a SELECT locking rows of local tables. PostgreSQL marks
// every other table's rows of such a statement by ctid, to fetch them again when a concurrent
// update makes it recheck a row; a distributed table's rows have no ctid on the coordinator. Read
// through a subquery, the same rows are marked by their whole value instead (as PostgreSQL does
// for a foreign table), which is all a recheck needs.
#include "tessera/planner/whole_row_marks.h"
#include "tessera/metadata/distributed_table.h"
#include "tessera/pg/guard.h"

extern "C" {
#include "access/table.h"
#include "catalog/pg_type.h"
#include "nodes/makefuncs.h"
#include "nodes/nodeFuncs.h"
#include "parser/parsetree.h"
#include "utils/rel.h"
}

namespace tessera::planner {

namespace {

// Context of whole_row_or_system_walker: the range-table index looked for, and how many query
// levels below its own the walk is.
struct ColumnUseContext {
    Index rti;
    Index depth;
};

// Walker: true at a whole-row or system column of the table at context->rti (a subquery's
// whole row is a record, not the table's row type; system columns are not among its output).
bool whole_row_or_system_walker(Node *node, ColumnUseContext *context)
{
    if (node == nullptr)
        return false;
    if (IsA(node, Var)) {
        auto *var = reinterpret_cast<Var *>(node);
        return var->varno == static_cast<int>(context->rti) && var->varlevelsup == context->depth &&
               var->varattno <= 0;
    }
    if (IsA(node, Query)) {
        context->depth++;
        bool found = query_tree_walker(reinterpret_cast<Query *>(node),
                                       TESSERA_WALKER(whole_row_or_system_walker), context, 0);
        context->depth--;
        return found;
    }
    return expression_tree_walker(node, TESSERA_WALKER(whole_row_or_system_walker), context);
}

// True if the table at `rti` of `query` is locked by the statement's own FOR UPDATE / SHARE.
bool locked_by_query(Query *query, Index rti)
{
    ListCell *cell;
    foreach (cell, query->rowMarks)
        if (static_cast<RowMarkClause *>(lfirst(cell))->rti == rti)
            return true;
    return false;
}

// True if the table entry `rte` at `rti` of `query` can be read through a subquery that returns
// its columns at their own positions.
bool can_read_through_subquery(Query *query, RangeTblEntry *rte, Index rti)
{
    if (rte->rtekind != RTE_RELATION || !metadata::is_distributed_table(rte->relid))
        return false;
    if (rti == static_cast<Index>(query->resultRelation) || locked_by_query(query, rti) ||
        rte->securityQuals != NIL || rte->tablesample != nullptr)
        return false;
    ColumnUseContext context{rti, 0};
    return !query_tree_walker(query, TESSERA_WALKER(whole_row_or_system_walker), &context, 0);
}

// Turns `rte` (a table) into a subquery reading all of its columns, each at its attribute number
// (a dropped column as a NULL), so that the statement's references to the table's columns keep
// their meaning. The subquery is a security barrier only so that PostgreSQL does not pull it up
// again; its conditions that are leakproof still reach the table's scan.
void read_through_subquery(RangeTblEntry *rte)
{
    Query *subquery = makeNode(Query);
    subquery->commandType = CMD_SELECT;
    subquery->querySource = QSRC_ORIGINAL;
    subquery->canSetTag = true;
    auto *table = static_cast<RangeTblEntry *>(copyObject(rte));
    subquery->rtable = list_make1(table);
    auto *ref = makeNode(RangeTblRef);
    ref->rtindex = 1;
    subquery->jointree = makeFromExpr(list_make1(ref), nullptr);
    Relation relation = table_open(rte->relid, NoLock);
    TupleDesc desc = RelationGetDescr(relation);
    for (int i = 0; i < desc->natts; i++) {
        Form_pg_attribute attribute = TupleDescAttr(desc, i);
        auto attno = static_cast<AttrNumber>(i + 1);
        Expr *column = attribute->attisdropped
                           ? reinterpret_cast<Expr *>(makeNullConst(INT4OID, -1, InvalidOid))
                           : reinterpret_cast<Expr *>(makeVar(1, attno, attribute->atttypid,
                                                              attribute->atttypmod,
                                                              attribute->attcollation, 0));
        const char *name = attribute->attisdropped ? "" : NameStr(attribute->attname);
        subquery->targetList =
            lappend(subquery->targetList, makeTargetEntry(column, attno, pstrdup(name), false));
    }
    table_close(relation, NoLock);

    rte->rtekind = RTE_SUBQUERY;
    rte->subquery = subquery;
    rte->security_barrier = true;
    rte->relid = InvalidOid;
    rte->relkind = 0;
    rte->rellockmode = 0;
    rte->inh = false;
    rte->requiredPerms = 0;
    rte->checkAsUser = InvalidOid;
    rte->selectedCols = nullptr;
    rte->insertedCols = nullptr;
    rte->updatedCols = nullptr;
    rte->extraUpdatedCols = nullptr;
}

// True if `query` itself marks the rows of the tables it reads besides its target (see
// marks_rows_of_other_tables), not counting the queries nested in it.
bool marks_rows_itself(const Query *query)
{
    return query->commandType == CMD_UPDATE || query->commandType == CMD_DELETE ||
           query->commandType == CMD_MERGE || query->rowMarks != NIL;
}

// Walker: true at a query, at any level (WITH queries and sublinks included), that marks rows.
bool marking_query_walker(Node *node, void *context)
{
    if (node == nullptr)
        return false;
    if (IsA(node, Query)) {
        auto *query = reinterpret_cast<Query *>(node);
        return marks_rows_itself(query) ||
               query_tree_walker(query, TESSERA_WALKER(marking_query_walker), context, 0);
    }
    return expression_tree_walker(node, TESSERA_WALKER(marking_query_walker), context);
}

// Context of wrap_walker: whether the query level walked is planned as part of a level that
// marks rows (the marking level itself, its subqueries and sublinks, which PostgreSQL may pull
// up into it, and its WITH queries, which it may inline).
struct WrapContext {
    bool marking;
};

// Walker: applies read_through_subquery at every query level planned within one that marks rows.
// Such a level may be nested: a data-modifying WITH query under a SELECT, or a locking subquery;
// the levels around it are left alone. WITH queries are walked too: PostgreSQL inlines a SELECT
// referenced once into the statement, and its tables then get the statement's row marks.
bool wrap_walker(Node *node, WrapContext *context)
{
    if (node == nullptr)
        return false;
    if (IsA(node, Query)) {
        auto *query = reinterpret_cast<Query *>(node);
        WrapContext inner{context->marking || marks_rows_itself(query)};
        // Inner levels first: the subqueries made here are not walked again.
        query_tree_walker(query, TESSERA_WALKER(wrap_walker), &inner, 0);
        if (!inner.marking)
            return false;
        Index rti = 0;
        ListCell *cell;
        foreach (cell, query->rtable) {
            auto *rte = static_cast<RangeTblEntry *>(lfirst(cell));
            rti++;
            if (can_read_through_subquery(query, rte, rti))
                read_through_subquery(rte);
        }
        return false;
    }
    return expression_tree_walker(node, TESSERA_WALKER(wrap_walker), context);
}

} // namespace

bool marks_rows_of_other_tables(Query *query)
{
    return marking_query_walker(reinterpret_cast<Node *>(query), nullptr);
}

Query *distributed_tables_read_whole(Query *query)
{
    query = static_cast<Query *>(copyObject(query));
    WrapContext context{false};
    wrap_walker(reinterpret_cast<Node *>(query), &context);
    return query;
}

} // namespace tessera::planner
