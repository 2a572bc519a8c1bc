// Builds the row-level security DDL of shard tables from the catalogs of the logical table:
// each pg_policy row as CREATE POLICY on the shard (expressions from pg_get_expr, printed with
// every function and type qualified as the workers read them), and the table's ENABLE / FORCE
// ROW LEVEL SECURITY flags.
#include "tessera/operations/shard_policies.h"

#include "tessera/metadata/distributed_table.h"
#include "tessera/operations/shard_ddl.h"
#include "tessera/pg/worker_text_environment.h"

extern "C" {
#include "access/genam.h"
#include "access/htup_details.h"
#include "access/stratnum.h"
#include "access/table.h"
#include "catalog/indexing.h"
#include "catalog/objectaddress.h"
#include "catalog/pg_policy.h"
#include "lib/stringinfo.h"
#include "miscadmin.h"
#include "nodes/nodeFuncs.h"
#include "rewrite/rewriteHandler.h"
#include "utils/acl.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/fmgroids.h"
#include "utils/lsyscache.h"
#include "utils/regproc.h"
#include "utils/rel.h"
#include "utils/syscache.h"
}

namespace tessera::operations {

namespace {

// Copies of the pg_policy rows of `relid`, in name order.
List *policy_tuples(Oid relid)
{
    return catalog_rows_of_relation(PolicyRelationId, PolicyPolrelidPolnameIndexId,
                                    Anum_pg_policy_polrelid, relid);
}

// The stored expression tree of column `attnum` (polqual or polwithcheck) of policy row
// `tuple`, or nullptr when it is null.
Node *policy_expression(HeapTuple tuple, AttrNumber attnum, TupleDesc desc)
{
    bool isnull;
    Datum value = heap_getattr(tuple, attnum, desc, &isnull);
    if (isnull)
        return nullptr;
    return static_cast<Node *>(stringToNode(TextDatumGetCString(value)));
}

// True if `node` contains a subquery.
bool sublink_walker(Node *node, void *)
{
    if (node == nullptr)
        return false;
    if (IsA(node, SubLink))
        return true;
    return expression_tree_walker(
        node, reinterpret_cast<bool (*)()>(reinterpret_cast<void (*)()>(sublink_walker)), nullptr);
}

// The pg_policy row of policy `policy_oid` (a copy).
HeapTuple read_policy(Oid policy_oid, TupleDesc *desc_out, Relation *rel_out)
{
    Relation rel = table_open(PolicyRelationId, AccessShareLock);
    HeapTuple copy = get_catalog_object_by_oid(rel, Anum_pg_policy_oid, policy_oid);
    if (!HeapTupleIsValid(copy))
        elog(ERROR, "could not find tuple for policy %u", policy_oid);
    *desc_out = RelationGetDescr(rel);
    *rel_out = rel;
    return copy;
}

} // namespace

bool has_row_level_security(Oid relid)
{
    HeapTuple tuple = SearchSysCache1(RELOID, ObjectIdGetDatum(relid));
    if (!HeapTupleIsValid(tuple))
        return false;
    auto *form = reinterpret_cast<Form_pg_class>(GETSTRUCT(tuple));
    bool enabled = form->relrowsecurity || form->relforcerowsecurity;
    ReleaseSysCache(tuple);
    return enabled || policy_tuples(relid) != NIL;
}

void check_shard_policies(Oid relid)
{
    Relation rel = table_open(PolicyRelationId, AccessShareLock);
    TupleDesc desc = RelationGetDescr(rel);
    ListCell *cell;
    foreach (cell, policy_tuples(relid)) {
        HeapTuple tuple = static_cast<HeapTuple>(lfirst(cell));
        auto *form = reinterpret_cast<Form_pg_policy>(GETSTRUCT(tuple));
        const AttrNumber columns[] = {Anum_pg_policy_polqual, Anum_pg_policy_polwithcheck};
        for (AttrNumber attnum : columns) {
            Node *expression = policy_expression(tuple, attnum, desc);
            if (expression == nullptr)
                continue;
            if (sublink_walker(expression, nullptr))
                ereport(ERROR,
                        (errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
                         errmsg("policy \"%s\" of table \"%s\" has a subquery, which is not "
                                "supported for distributed tables",
                                NameStr(form->polname), get_rel_name(relid)),
                         errdetail("Policies are enforced on the workers, where the shard is "
                                   "alone: a subquery could not read other tables there."),
                         errhint("Write the policy with conditions on the table's own columns, "
                                 "settings (current_setting) and roles.")));
            Oid func = first_missing_function(expression);
            if (OidIsValid(func))
                ereport(
                    ERROR,
                    (errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
                     errmsg("policy \"%s\" of table \"%s\" calls function %s, which is not "
                            "distributed",
                            NameStr(form->polname), get_rel_name(relid), format_procedure(func)),
                     errdetail("Policies are enforced on the workers, where only "
                               "distributed functions exist."),
                     errhint("Run SELECT create_distributed_function('%s'); first.",
                             format_procedure_qualified(func))));
        }
    }
    table_close(rel, AccessShareLock);
}

Oid policy_oid_by_name(Oid relid, const char *name)
{
    ListCell *cell;
    foreach (cell, policy_tuples(relid)) {
        auto *form =
            reinterpret_cast<Form_pg_policy>(GETSTRUCT(static_cast<HeapTuple>(lfirst(cell))));
        if (strcmp(NameStr(form->polname), name) == 0)
            return form->oid;
    }
    ereport(ERROR,
            (errcode(ERRCODE_UNDEFINED_OBJECT),
             errmsg("policy \"%s\" for table \"%s\" does not exist", name, get_rel_name(relid))));
}

char *shard_policy_command(Oid relid, Oid policy_oid, int64 shard_id)
{
    TupleDesc desc;
    Relation rel;
    HeapTuple tuple = read_policy(policy_oid, &desc, &rel);
    auto *form = reinterpret_cast<Form_pg_policy>(GETSTRUCT(tuple));
    StringInfoData buf;
    initStringInfo(&buf);
    appendStringInfo(&buf, "CREATE POLICY %s ON %s AS %s FOR ",
                     quote_identifier(NameStr(form->polname)),
                     metadata::qualified_shard_name(relid, shard_id),
                     form->polpermissive ? "PERMISSIVE" : "RESTRICTIVE");
    switch (form->polcmd) {
    case 'r':
        appendStringInfoString(&buf, "SELECT");
        break;
    case 'a':
        appendStringInfoString(&buf, "INSERT");
        break;
    case 'w':
        appendStringInfoString(&buf, "UPDATE");
        break;
    case 'd':
        appendStringInfoString(&buf, "DELETE");
        break;
    default:
        appendStringInfoString(&buf, "ALL");
        break;
    }
    // The roles: {0} is PUBLIC.
    bool isnull;
    Datum roles_datum = heap_getattr(tuple, Anum_pg_policy_polroles, desc, &isnull);
    appendStringInfoString(&buf, " TO ");
    if (isnull) {
        appendStringInfoString(&buf, "PUBLIC");
    } else {
        ArrayType *roles = DatumGetArrayTypeP(roles_datum);
        Datum *elements;
        int count;
        deconstruct_array(roles, OIDOID, sizeof(Oid), true, TYPALIGN_INT, &elements, nullptr,
                          &count);
        for (int i = 0; i < count; i++) {
            Oid role = DatumGetObjectId(elements[i]);
            if (i > 0)
                appendStringInfoString(&buf, ", ");
            appendStringInfoString(&buf, role == ACL_ID_PUBLIC
                                             ? "PUBLIC"
                                             : quote_identifier(GetUserNameFromId(role, false)));
        }
    }
    // The expressions as the workers read them (qualified names, their styles).
    int level = pg::enter_worker_text_environment();
    const struct {
        AttrNumber attnum;
        const char *keyword;
    } parts[] = {{Anum_pg_policy_polqual, "USING"}, {Anum_pg_policy_polwithcheck, "WITH CHECK"}};
    for (const auto &part : parts) {
        Datum value = heap_getattr(tuple, part.attnum, desc, &isnull);
        if (isnull)
            continue;
        char *printed =
            TextDatumGetCString(DirectFunctionCall2(pg_get_expr, value, ObjectIdGetDatum(relid)));
        appendStringInfo(&buf, " %s (%s)", part.keyword, printed);
    }
    pg::leave_worker_text_environment(level);
    table_close(rel, AccessShareLock);
    return buf.data;
}

List *shard_policy_commands(Oid relid, int64 shard_id)
{
    List *commands = NIL;
    ListCell *cell;
    foreach (cell, policy_tuples(relid)) {
        auto *form =
            reinterpret_cast<Form_pg_policy>(GETSTRUCT(static_cast<HeapTuple>(lfirst(cell))));
        commands = lappend(commands, shard_policy_command(relid, form->oid, shard_id));
    }
    HeapTuple tuple = SearchSysCache1(RELOID, ObjectIdGetDatum(relid));
    if (!HeapTupleIsValid(tuple))
        elog(ERROR, "cache lookup failed for relation %u", relid);
    auto *form = reinterpret_cast<Form_pg_class>(GETSTRUCT(tuple));
    bool enabled = form->relrowsecurity;
    bool forced = form->relforcerowsecurity;
    ReleaseSysCache(tuple);
    if (enabled)
        commands = lappend(commands, psprintf("ALTER TABLE %s ENABLE ROW LEVEL SECURITY",
                                              metadata::qualified_shard_name(relid, shard_id)));
    if (forced)
        commands = lappend(commands, psprintf("ALTER TABLE %s FORCE ROW LEVEL SECURITY",
                                              metadata::qualified_shard_name(relid, shard_id)));
    return commands;
}

} // namespace tessera::operations
