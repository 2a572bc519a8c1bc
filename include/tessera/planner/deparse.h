// Turning query trees back into SQL text for workers, with shard names in place of tables.
//
// All deparsing runs in a fixed environment: DateStyle ISO, IntervalStyle postgres,
// extra_float_digits 3 (so literals mean the same on every node, whatever the session uses) and
// an empty search_path (so every non-catalog object is printed schema-qualified).
// PostgreSQL-side functions: palloc'd results, ereport on failure.
#pragma once

#include "tessera/pg/pg_includes.h"

extern "C" {
#include "nodes/params.h"
#include "nodes/parsenodes.h"
#include "nodes/pg_list.h"
}

namespace tessera::planner {

// Which shard replaces which table when deparsing for one task.
struct ShardSubstitution {
    Oid relid;
    int64 shard_id;
};

// Deparses `query` (not modified) into SQL for a worker, every reference to a table listed in
// `substitutions` (count entries) pointing at its shard instead.
char *deparse_query_for_shards(Query *query, const ShardSubstitution *substitutions, int count);

// Deparses `query` once for all shard groups: the SQL with the names of the tables in
// `substitutions` left out, and in *splices where each goes (a List of (Integer offset,
// Integer relid) pairs). External parameters stay $n placeholders.
char *deparse_query_template(Query *query, const ShardSubstitution *substitutions, int count,
                             List **splices);

// The SQL of a template for one shard group: each table name spliced in as its shard's.
char *instantiate_query_template(const char *text, List *splices,
                                 const ShardSubstitution *substitutions, int count);

// A parameter value as text that every node reads back the same (ISO date styles, full float
// precision), for sending with a worker query.
char *param_value_text(Oid type, Datum value);

// Every parameter of `params` as text for a worker (see param_value_text) with its type OID;
// false (nothing set) if some parameter has no type or a type made by users, whose OID may
// differ on the workers.
bool params_as_text(ParamListInfo params, int *count, Oid **types, char ***values);

// Deparses `expr` whose Vars all belong to relation `relid` (range table index 1), printing
// column names unqualified. For WHERE clauses of single-table shard queries.
char *deparse_relation_expression(Node *expr, Oid relid);

// True if `node` can be evaluated on a worker with the same result: no volatile functions, no
// sublinks or executor parameters, and only built-in functions, operators, types and collations
// (objects created by users may not exist on the workers). With `statement_params`, the
// statement's own parameters of built-in types are allowed: the caller sends their values.
bool is_shippable_expression(Node *node, bool statement_params = false);

// True if `node` itself turns a date/time or float value into text (or reads a date/time value
// from text) in a way that depends on DateStyle, IntervalStyle or extra_float_digits. Decided
// whatever the current settings are, since a cached plan outlives SET DateStyle: such
// conversions always run on the coordinator.
bool depends_on_text_style(Node *node);

// True if `node` itself reads the session or transaction of the node evaluating it (now(),
// CURRENT_DATE, current_setting(), current_schema, to_regclass(), ...): a worker would answer
// from its own connection's session, so such expressions run on the coordinator.
bool depends_on_node_session(Node *node);

// True if a value of `type` means the same on the workers: a built-in type, an enum (or an
// array of one), which distributed tables' columns bring to the workers with the same labels
// (see operations/worker_objects.cpp) and which deparses by name, or a type of an extension
// other than tessera (or an array of one: citext, hstore), which every worker has in the
// coordinator's schema and which deparses schema-qualified. Not the object identifier
// types (regclass, regtype, ...): 'orders'::regclass names the coordinator's table, which the
// workers do not have, and OIDs differ between nodes.
bool type_known_on_workers(Oid type);

// True if `node` itself (not its children) applies an operator made by users that no extension
// brings to the workers: the statement sent there would name an operator they do not have.
bool applies_coordinator_operator(Node *node);

// True if `node` itself (not its children) calls a user-defined function that is not
// distributed (create_distributed_function), which the workers may not have, or a volatile one,
// which must run once, on the coordinator; or applies a collation made by users (COLLATE), which
// the workers may not have either (and a nondeterministic one would also make values of different
// shards equal); or applies an operator made by users that no extension brings to the workers.
bool calls_coordinator_function(Node *node);

// True if `node` itself (not a column reference) makes a value of a distributed or reference
// table's row type (ROW(...)::orders, '...'::text::orders): the worker query would name the
// table's type, which only the coordinator has (a routed query's own tables are renamed to
// their shards, other tables are not), so such expressions run on the coordinator.
bool makes_table_row(Node *node);

// True if some part of `node` (a query, sublinks and subqueries included, or an expression)
// depends on the node's session (depends_on_node_session).
bool contains_node_session_expression(Node *node);

// True if some part of `node` (a query, sublinks and subqueries included, or an expression)
// converts between text and date/time or float values (depends_on_text_style) in a way that the
// session's current DateStyle, IntervalStyle or extra_float_digits make differ from the
// workers' connections (ISO, YMD; postgres; 3).
bool text_styles_matter(Node *node);

// text_styles_matter for the conversions that read rows (or call volatile functions) only:
// those of constants and parameters evaluate_node_session_expressions computes on the
// coordinator.
bool text_styles_matter_over_rows(Node *node);

// True if an expression of `node` (with `in_subqueries`, also of its subqueries) depends on the
// node's session, or on the session's text styles (depends_on_text_style), and reads rows
// (age(created_at), to_char(ts, ...), ts::text): it can neither be computed once up front nor be
// left to the workers.
bool session_expression_over_rows(Node *node, bool in_subqueries);

// `node` (a query or an expression; copied) with each part that reads the session (see
// depends_on_node_session) replaced by its value computed here, on the coordinator, for
// statements the workers run whole (UPDATE/DELETE, ON CONFLICT DO UPDATE): now() is then the
// coordinator transaction's, the same on every shard. Raises an ERROR for such a part that
// reads columns, which cannot be computed once here for all rows of `command` on `relname`.
// Conversions of constants between text and date/time or float values are computed here too
// while the session's styles differ from the workers' (text_styles_matter).
Node *evaluate_node_session_expressions(Node *node, const char *command, const char *relname);

} // namespace tessera::planner
