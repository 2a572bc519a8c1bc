// Small helpers over analysed query trees shared by the planners.
// PostgreSQL-side functions (palloc, ereport).
#pragma once

#include "tessera/pg/pg_includes.h"

extern "C" {
#include "nodes/params.h"
#include "nodes/parsenodes.h"
}

namespace tessera::planner {

// `expr` without binary-compatible relabelling on top, as far as the relabelling keeps which
// values are equal (varchar to text, a domain to its base type); one that changes it (text to
// bpchar, which ignores trailing spaces, or to a nondeterministic collation) stays.
Expr *strip_relabel(Expr *expr);

// The column `expr` is (through binary relabelling) when it is a Var of the query level itself;
// nullptr otherwise.
Var *same_level_var(Expr *expr);

// Appends the AND-ed conjuncts of `qual` (an expression or an implicit-AND List) to `list`.
List *add_conjuncts(List *list, Node *qual);

// Appends to `quals` the conditions under join tree `node` that restrict every row of their
// inputs: WHERE clauses and inner-join conditions (not outer-join ones).
List *restricting_quals(Node *node, List *quals);

// Appends to `quals` the conditions under join tree `node` that every row of its result
// satisfies: WHERE clauses and the conditions of inner joins not below the nullable side of an
// outer join (an inner join there only decides which rows get null-extended). Pruning the shard
// groups of a whole statement by a pin may only use these.
List *result_restricting_quals(Node *node, List *quals);

// Appends to `quals` every condition under join tree `node`, outer-join ones included: where
// rows of two relations meet at all (for checks that equalities tie relations together).
List *all_join_quals(Node *node, List *quals);

// True if some level of `query` (subqueries, CTEs and sublinks included) reads a table through
// row-level security policies or writes through a view WITH CHECK OPTION or a policy: the
// rewriter's security quals and check options, which deparsed worker SQL would leave out.
bool has_row_security(Query *query);

// A copy of `query` without the row-level security that the shards enforce themselves: the
// security quals of distributed and reference tables and the policies' check options (their
// shards have the same policies, and worker queries run as the same role, so the statement
// sent to the shards is checked there exactly as PostgreSQL would check it here). nullptr if
// some of it is not enforced by shards: a view in the query (a security-barrier view's
// conditions are security quals too, or a subquery the user's conditions must stay above), a
// view's WITH CHECK OPTION, a local table's policies. Used for writes (modify_planner.cpp) and
// for SELECT (planner_hook.cpp: every SELECT plan, routed, pushed down or the coordinator's).
Query *without_shard_enforced_row_security(Query *query);

// The first distributed or reference table `query` reads (at any level) with another role's
// row-level security than the current role's: a view owned by another role reads it, so
// PostgreSQL applies the owner's policies (or none, for an owner who bypasses them), while the
// shards, read as the session's role, apply the session role's. InvalidOid if none.
Oid row_security_checked_as_other_role(Query *query);

// The first distributed or reference table `query` uses (at any level) with another role's
// privileges, those of a view's owner, that the current role lacks: the shards, reached as the
// current role, would refuse it. InvalidOid if none.
Oid table_denied_to_current_role(Query *query);

// The OIDs of the relations a query reads or writes at any level (subqueries, CTEs, sublinks),
// each once, appended to `relids`.
List *query_relation_oids(Node *query, List *relids);

// query_relation_oids of a statement without the relations of its range table that nothing in
// it refers to (a rule action's OLD and NEW and its original statement's entries).
List *statement_relation_oids(Query *query);

// True if some level of `query` (subqueries, CTEs and sublinks included) locks rows: FOR
// UPDATE / NO KEY UPDATE / SHARE / KEY SHARE.
bool query_locks_rows(Query *query);

// True if `test` holds for some expression node of `node` (an expression, a List or a Query), at
// any query level: subqueries, CTEs and sublinks included.
bool any_node_at_any_level(Node *node, bool (*test)(Node *));

// A copy of `query` with every external parameter replaced by a constant holding its value in
// `params` (left alone when `params` is nullptr).
Query *bind_params(Query *query, ParamListInfo params);

// For planning with the values of a custom plan (the planner's bound parameters): a copy of
// `query` with the external parameters whose values are fixed for this plan (PARAM_FLAG_CONST,
// as PostgreSQL's own constant folding requires) replaced by constants; `query` itself when
// there are none.
Query *bind_constant_params(Query *query, ParamListInfo params);

} // namespace tessera::planner
