// Roles and privileges across the cluster. PostgreSQL-style code.
//
// Worker connections are opened as the calling user, so every role of the coordinator must exist
// on the workers too, and the privileges of a distributed table must hold on its shards. After
// the statement ran locally, this file makes the same change on the workers, inside the
// coordinated transaction (role DDL is transactional), so it commits or aborts everywhere:
//   CREATE/ALTER ROLE, ALTER ROLE ... RENAME / SET, GRANT/REVOKE role
//                       the user's own text, on every active worker;
//   DROP ROLE           DROP ROLE IF EXISTS on every active worker (the coordinator already
//                       checked that the roles exist; a worker added later may lack them);
//   REASSIGN OWNED, DROP OWNED
//                       rebuilt with the role names resolved, on every active worker (the
//                       shards' owners and privileges follow the tables');
//   GRANT/REVOKE ON TABLE (also ALL TABLES IN SCHEMA)
//                       rebuilt from the GrantStmt for every shard of the distributed and
//                       reference tables named, on every placement;
//   GRANT/REVOKE ON SCHEMA
//                       rebuilt for the schemas that hold distributed tables, on the nodes
//                       that hold their shards (the shards live in the same schema there).
// While a worker is disabled, the role statements whose effect citus_activate_node does not
// redo there (copy_roles_to_node) are refused: see activation_reproduces.
#include "tessera/commands/ddl_propagation.h"
#include "tessera/commands/session_statement.h"

#include "tessera/executor/connection.h"
#include "tessera/metadata/distributed_table.h"
#include "tessera/metadata/nodes.h"

extern "C" {
#include "catalog/namespace.h"
#include "catalog/pg_type_d.h"
#include "commands/dbcommands.h"
#include "commands/extension.h"
#include "executor/spi.h"
#include "lib/stringinfo.h"
#include "miscadmin.h"
#include "nodes/parsenodes.h"
#include "utils/acl.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/guc.h"
#include "utils/lsyscache.h"
#include "utils/varlena.h"
}

namespace tessera::commands {

namespace {

// Runs `sql` on every node of `nodes` (a List of WorkerNode*) in the coordinated transaction,
// the nodes in parallel; the first remote error is raised. The nodes read it under this
// session's DateStyle and IntervalStyle (VALID UNTIL '01/02/2030' is January 2nd under the
// default ISO, MDY, which worker connections do not use), then get their own styles back.
void send_to_nodes(List *nodes, const char *sql)
{
    executor::execute_on_every_node_in_transaction(
        nodes, psprintf("SET LOCAL DateStyle TO %s;\nSET LOCAL IntervalStyle TO %s;\n%s;\n"
                        "SET LOCAL DateStyle TO DEFAULT;\nSET LOCAL IntervalStyle TO DEFAULT",
                        quote_literal_cstr(GetConfigOption("DateStyle", false, false)),
                        quote_literal_cstr(GetConfigOption("IntervalStyle", false, false)), sql));
}

// The statements that make role `row` of pg_authid (as read by copy_roles_to_node) exist on a
// node with the same attributes and password.
void append_role_commands(StringInfo out, HeapTuple row, TupleDesc desc)
{
    auto text = [&](int column) { return SPI_getvalue(row, desc, column); };
    auto flag = [&](int column, const char *yes, const char *no) {
        char *value = SPI_getvalue(row, desc, column);
        return value != nullptr && value[0] == 't' ? yes : no;
    };
    char *name = text(1);
    const char *role = quote_identifier(name);
    appendStringInfo(out,
                     "DO $tessera$BEGIN IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles "
                     "WHERE rolname = %s) THEN CREATE ROLE %s; END IF; END$tessera$;\n",
                     quote_literal_cstr(name), role);
    char *password = text(10);
    char *valid_until = text(11);
    appendStringInfo(out, "ALTER ROLE %s WITH %s %s %s %s %s %s %s CONNECTION LIMIT %s", role,
                     flag(2, "SUPERUSER", "NOSUPERUSER"), flag(3, "INHERIT", "NOINHERIT"),
                     flag(4, "CREATEROLE", "NOCREATEROLE"), flag(5, "CREATEDB", "NOCREATEDB"),
                     flag(6, "LOGIN", "NOLOGIN"), flag(7, "REPLICATION", "NOREPLICATION"),
                     flag(8, "BYPASSRLS", "NOBYPASSRLS"), text(9));
    appendStringInfo(out, " PASSWORD %s",
                     password != nullptr ? quote_literal_cstr(password) : "NULL");
    if (valid_until != nullptr)
        appendStringInfo(out, " VALID UNTIL %s", quote_literal_cstr(valid_until));
    appendStringInfoString(out, ";\n");
}

// A grantee or role as SQL: PUBLIC, or the quoted name (CURRENT_USER and the like resolved here,
// since a worker connection's session user is this backend's current user).
const char *role_sql(RoleSpec *role)
{
    if (role->roletype == ROLESPEC_PUBLIC)
        return "PUBLIC";
    return quote_identifier(get_rolespec_name(role));
}

// ---------------------------------------------------------------------------------------------
// GRANT / REVOKE on tables and schemas

struct GrantText {
    const char *head; // "GRANT SELECT, INSERT (a) ON TABLE " or "REVOKE ... ON TABLE "
    const char *tail; // " TO x WITH GRANT OPTION" or " FROM x CASCADE"
};

GrantText *grant_text(GrantStmt *stmt, const char *object_keyword)
{
    StringInfoData head;
    initStringInfo(&head);
    appendStringInfoString(&head, stmt->is_grant ? "GRANT " : "REVOKE ");
    if (!stmt->is_grant && stmt->grant_option)
        appendStringInfoString(&head, "GRANT OPTION FOR ");
    if (stmt->privileges == NIL) {
        appendStringInfoString(&head, "ALL PRIVILEGES");
    } else {
        ListCell *cell;
        foreach (cell, stmt->privileges) {
            auto *priv = castNode(AccessPriv, lfirst(cell));
            if (cell != list_head(stmt->privileges))
                appendStringInfoString(&head, ", ");
            // Privilege names come from the grammar as lower-case keywords.
            appendStringInfoString(&head, priv->priv_name != nullptr ? priv->priv_name : "all");
            if (priv->cols != NIL) {
                appendStringInfoString(&head, " (");
                ListCell *col;
                foreach (col, priv->cols) {
                    if (col != list_head(priv->cols))
                        appendStringInfoString(&head, ", ");
                    appendStringInfoString(&head, quote_identifier(strVal(lfirst(col))));
                }
                appendStringInfoChar(&head, ')');
            }
        }
    }
    appendStringInfo(&head, " ON %s ", object_keyword);

    StringInfoData tail;
    initStringInfo(&tail);
    appendStringInfoString(&tail, stmt->is_grant ? " TO " : " FROM ");
    ListCell *cell;
    foreach (cell, stmt->grantees) {
        if (cell != list_head(stmt->grantees))
            appendStringInfoString(&tail, ", ");
        appendStringInfoString(&tail, role_sql(castNode(RoleSpec, lfirst(cell))));
    }
    if (stmt->is_grant && stmt->grant_option)
        appendStringInfoString(&tail, " WITH GRANT OPTION");
    if (!stmt->is_grant && stmt->behavior == DROP_CASCADE)
        appendStringInfoString(&tail, " CASCADE");

    auto *text = static_cast<GrantText *>(palloc(sizeof(GrantText)));
    text->head = head.data;
    text->tail = tail.data;
    return text;
}

char *shard_grant_command(Oid relid, int64 shard_id, void *arg)
{
    auto *text = static_cast<GrantText *>(arg);
    return psprintf("%s%s%s", text->head, metadata::qualified_shard_name(relid, shard_id),
                    text->tail);
}

// Distributed and reference tables in schema `schema` (a List of Oid).
List *distributed_tables_in_schema(Oid schema)
{
    List *relids = NIL;
    ListCell *cell;
    foreach (cell, metadata::all_distributed_tables()) {
        if (get_rel_namespace(lfirst_oid(cell)) == schema)
            relids = lappend_oid(relids, lfirst_oid(cell));
    }
    return relids;
}

void propagate_table_grant(GrantStmt *stmt)
{
    List *relids = NIL;
    ListCell *cell;
    if (stmt->targtype == ACL_TARGET_OBJECT) {
        foreach (cell, stmt->objects) {
            Oid relid = RangeVarGetRelid(castNode(RangeVar, lfirst(cell)), NoLock, true);
            if (OidIsValid(relid) && metadata::is_distributed_table(relid))
                relids = list_append_unique_oid(relids, relid);
        }
    } else if (stmt->targtype == ACL_TARGET_ALL_IN_SCHEMA) {
        foreach (cell, stmt->objects) {
            Oid schema = get_namespace_oid(strVal(lfirst(cell)), true);
            if (OidIsValid(schema))
                relids = list_concat_unique_oid(relids, distributed_tables_in_schema(schema));
        }
    }
    if (relids == NIL)
        return;
    send_commands_to_shards(relids, shard_grant_command, grant_text(stmt, "TABLE"));
}

void propagate_schema_grant(GrantStmt *stmt)
{
    if (stmt->targtype != ACL_TARGET_OBJECT)
        return;
    GrantText *text = grant_text(stmt, "SCHEMA");
    ListCell *cell;
    foreach (cell, stmt->objects) {
        const char *name = strVal(lfirst(cell));
        Oid schema = get_namespace_oid(name, true);
        if (!OidIsValid(schema))
            continue;
        // The nodes that hold shards of the schema's tables (the schema exists there).
        List *groups = NIL;
        ListCell *table_cell;
        foreach (table_cell, distributed_tables_in_schema(schema)) {
            const metadata::DistributedTable *table =
                metadata::lookup_distributed_table(lfirst_oid(table_cell));
            if (table != nullptr)
                groups = metadata::placement_groups(table, groups);
        }
        List *nodes = NIL;
        ListCell *group_cell;
        foreach (group_cell, groups)
            nodes = lappend(nodes, metadata::usable_node_for_group(lfirst_int(group_cell)));
        send_to_nodes(nodes, psprintf("%s%s%s", text->head, quote_identifier(name), text->tail));
    }
}

// GRANT / REVOKE ON DATABASE naming this database: worker connections log into the database of
// the same name on every worker as the calling user, so CONNECT, CREATE (schemas made there for
// shards) and TEMPORARY (temporary objects made for a query) are checked there as here. Other
// databases named in the statement are not Tessera's to change on the workers.
void propagate_database_grant(GrantStmt *stmt)
{
    if (stmt->targtype != ACL_TARGET_OBJECT)
        return;
    const char *current = get_database_name(MyDatabaseId);
    bool names_current = false;
    ListCell *cell;
    foreach (cell, stmt->objects) {
        if (strcmp(strVal(lfirst(cell)), current) == 0)
            names_current = true;
    }
    if (!names_current)
        return;
    GrantText *text = grant_text(stmt, "DATABASE");
    // citus_add_node and citus_activate_node copy the database's privileges
    // (append_database_privilege_commands), so a disabled worker may miss a GRANT; a role whose
    // privileges are all revoked is no longer listed there, so REVOKE is refused then.
    send_to_nodes(stmt->is_grant
                      ? metadata::active_worker_nodes()
                      : metadata::every_worker_node_or_error(
                            "citus_activate_node() grants the node the database's privileges "
                            "but cannot revoke those of roles the coordinator no longer lists."),
                  psprintf("%s%s%s", text->head, quote_identifier(current), text->tail));
}

// Appends to `out` the commands that give a node this database's privileges as the
// coordinator has them (pg_database.datacl), for citus_add_node and citus_activate_node: when
// they differ from PostgreSQL's defaults, PUBLIC's and those of the roles listed are revoked and
// the coordinator's granted again (a superuser grants as the database's owner). Roles the
// coordinator no longer lists keep what the node gave them.
void append_database_privilege_commands(StringInfo out)
{
    if (SPI_execute(psprintf("SELECT a.grantee = 0, r.rolname, a.privilege_type, a.is_grantable "
                             "FROM pg_catalog.pg_database d, "
                             "pg_catalog.aclexplode(d.datacl) a "
                             "LEFT JOIN pg_catalog.pg_authid r ON r.oid = a.grantee "
                             "WHERE d.oid = %u ORDER BY a.grantee, a.privilege_type",
                             MyDatabaseId),
                    true, 0) != SPI_OK_SELECT)
        elog(ERROR, "could not read pg_database");
    if (SPI_processed == 0)
        return; // datacl is NULL: the defaults, as on a new node
    const char *database = quote_identifier(get_database_name(MyDatabaseId));
    StringInfoData grantees;
    initStringInfo(&grantees);
    appendStringInfoString(&grantees, "PUBLIC");
    StringInfoData grants;
    initStringInfo(&grants);
    const char *previous = "PUBLIC";
    for (uint64 i = 0; i < SPI_processed; i++) {
        HeapTuple row = SPI_tuptable->vals[i];
        TupleDesc desc = SPI_tuptable->tupdesc;
        bool is_public = SPI_getvalue(row, desc, 1)[0] == 't';
        char *name = SPI_getvalue(row, desc, 2);
        if (!is_public && name == nullptr)
            continue; // a role that no longer exists
        const char *grantee = is_public ? "PUBLIC" : quote_identifier(name);
        // Rows come ordered by grantee: each role is revoked once.
        if (strcmp(grantee, previous) != 0)
            appendStringInfo(&grantees, ", %s", grantee);
        previous = grantee;
        char *grantable = SPI_getvalue(row, desc, 4);
        appendStringInfo(&grants, "GRANT %s ON DATABASE %s TO %s%s;\n", SPI_getvalue(row, desc, 3),
                         database, grantee,
                         grantable != nullptr && grantable[0] == 't' ? " WITH GRANT OPTION" : "");
    }
    appendStringInfo(out, "REVOKE ALL ON DATABASE %s FROM %s CASCADE;\n%s", database, grantees.data,
                     grants.data);
}

// ---------------------------------------------------------------------------------------------
// Roles

// "a, b": the roles of a REASSIGN / DROP OWNED, resolved here (role_sql).
char *role_list_sql(List *roles)
{
    StringInfoData sql;
    initStringInfo(&sql);
    ListCell *cell;
    foreach (cell, roles)
        appendStringInfo(&sql, "%s%s", sql.len == 0 ? "" : ", ",
                         role_sql(castNode(RoleSpec, lfirst(cell))));
    return sql.data;
}

// The SQL to run on every worker for role statement `parsetree`, or nullptr if it is none.
char *role_command(Node *parsetree, PlannedStmt *pstmt, const char *query_string)
{
    switch (nodeTag(parsetree)) {
    case T_CreateRoleStmt:
    case T_AlterRoleStmt:
    case T_AlterRoleSetStmt:
    case T_GrantRoleStmt:
        return statement_text(pstmt, query_string);
    case T_RenameStmt:
        if (castNode(RenameStmt, parsetree)->renameType != OBJECT_ROLE)
            return nullptr;
        return statement_text(pstmt, query_string);
    case T_DropRoleStmt: {
        StringInfoData sql;
        initStringInfo(&sql);
        appendStringInfoString(&sql, "DROP ROLE IF EXISTS ");
        List *roles = castNode(DropRoleStmt, parsetree)->roles;
        ListCell *cell;
        foreach (cell, roles) {
            auto *role = castNode(RoleSpec, lfirst(cell));
            if (role->roletype != ROLESPEC_CSTRING)
                return nullptr; // refused by the local DROP ROLE already
            if (cell != list_head(roles))
                appendStringInfoString(&sql, ", ");
            appendStringInfoString(&sql, quote_identifier(role->rolename));
        }
        return sql.data;
    }
    case T_ReassignOwnedStmt: {
        // The shards (and the schemas and types made for them) are owned as the tables are.
        auto *stmt = castNode(ReassignOwnedStmt, parsetree);
        return psprintf("REASSIGN OWNED BY %s TO %s", role_list_sql(stmt->roles),
                        role_sql(stmt->newrole));
    }
    case T_DropOwnedStmt: {
        // Privileges granted to the roles on shards, and what they own on the workers.
        auto *stmt = castNode(DropOwnedStmt, parsetree);
        return psprintf("DROP OWNED BY %s%s", role_list_sql(stmt->roles),
                        stmt->behavior == DROP_CASCADE ? " CASCADE" : "");
    }
    default:
        return nullptr;
    }
}

// Whether role statement `parsetree` leaves nothing that copy_roles_to_node, run when a
// disabled worker is activated again, does not redo there: the creation of a role, its
// attributes and password (ALTER ROLE other than ALTER GROUP ... DROP USER), memberships
// granted, and role settings of this database (ALTER ROLE ... [IN DATABASE this one] SET /
// RESET: the copy resets and copies them all). Drops, renames, revoked memberships, settings
// for other databases and REASSIGN / DROP OWNED are not redone, so a disabled worker would
// keep the old state.
bool activation_reproduces(Node *parsetree)
{
    switch (nodeTag(parsetree)) {
    case T_CreateRoleStmt:
        return true;
    case T_AlterRoleStmt:
        return castNode(AlterRoleStmt, parsetree)->action != -1; // -1: ALTER GROUP DROP USER
    case T_GrantRoleStmt:
        return castNode(GrantRoleStmt, parsetree)->is_grant;
    case T_AlterRoleSetStmt: {
        const char *database = castNode(AlterRoleSetStmt, parsetree)->database;
        return database == nullptr || strcmp(database, get_database_name(MyDatabaseId)) == 0;
    }
    default:
        return false;
    }
}

// Appends to `out` the commands that give a node the role settings (ALTER ROLE ... SET) that
// apply in this database: a role's own and its `IN DATABASE` this one, and ALTER ROLE ALL's
// (not ALTER DATABASE's), read from pg_db_role_setting. The settings of the roles users made are
// reset first, so the node ends up with the coordinator's; the bootstrap superuser's and ALTER
// ROLE ALL's are only set.
void append_role_setting_commands(StringInfo out)
{
    if (SPI_execute(psprintf("SELECT r.rolname, s.setdatabase <> 0, s.setconfig, r.oid >= 16384 "
                             "FROM pg_catalog.pg_db_role_setting s "
                             "LEFT JOIN pg_catalog.pg_authid r ON r.oid = s.setrole "
                             "WHERE (s.setrole <> 0 AND r.oid IS NOT NULL AND s.setdatabase IN "
                             "(0, %u)) OR (s.setrole = 0 AND s.setdatabase = 0) "
                             "ORDER BY s.setrole, s.setdatabase",
                             MyDatabaseId),
                    true, 0) != SPI_OK_SELECT)
        elog(ERROR, "could not read pg_db_role_setting");
    const char *database = quote_identifier(get_database_name(MyDatabaseId));
    for (uint64 i = 0; i < SPI_processed; i++) {
        HeapTuple row = SPI_tuptable->vals[i];
        TupleDesc desc = SPI_tuptable->tupdesc;
        char *name = SPI_getvalue(row, desc, 1);
        char *in_database = SPI_getvalue(row, desc, 2);
        char *made_by_user = SPI_getvalue(row, desc, 4);
        const char *target = psprintf(
            "ALTER ROLE %s%s%s", name != nullptr ? quote_identifier(name) : "ALL",
            in_database[0] == 't' ? " IN DATABASE " : "", in_database[0] == 't' ? database : "");
        if (made_by_user != nullptr && made_by_user[0] == 't')
            appendStringInfo(out, "%s RESET ALL;\n", target);
        bool isnull;
        Datum config = SPI_getbinval(row, desc, 3, &isnull);
        if (isnull)
            continue;
        Datum *items;
        bool *nulls;
        int count;
        deconstruct_array(DatumGetArrayTypeP(config), TEXTOID, -1, false, TYPALIGN_INT, &items,
                          &nulls, &count);
        for (int k = 0; k < count; k++) {
            if (nulls[k])
                continue;
            // "name=value", value as SHOW prints it; list settings whose elements are quoted
            // (search_path) are split back into their elements, as ALTER ROLE ... SET got them.
            char *item = TextDatumGetCString(items[k]);
            char *equals = strchr(item, '=');
            if (equals == nullptr)
                continue;
            *equals = '\0';
            char *value = equals + 1;
            StringInfoData values;
            initStringInfo(&values);
            List *elements = NIL;
            if ((GetConfigOptionFlags(item, true) & GUC_LIST_QUOTE) != 0 &&
                SplitGUCList(pstrdup(value), ',', &elements) && elements != NIL) {
                ListCell *cell;
                foreach (cell, elements)
                    appendStringInfo(&values, "%s%s", values.len > 0 ? ", " : "",
                                     quote_literal_cstr(static_cast<char *>(lfirst(cell))));
            } else {
                appendStringInfoString(&values, quote_literal_cstr(value));
            }
            appendStringInfo(out, "%s SET %s TO %s;\n", target, quote_identifier(item),
                             values.data);
        }
    }
}

} // namespace

void copy_roles_to_node(const char *node_name, int node_port)
{
    // The commands outlive SPI_finish, which frees the memory allocated while SPI is connected:
    // the buffer is made (and grows) in the caller's context.
    StringInfoData commands;
    initStringInfo(&commands);
    SPI_connect();
    // Roles made by users (not the bootstrap superuser or the predefined pg_ roles).
    if (SPI_execute("SELECT rolname, rolsuper, rolinherit, rolcreaterole, rolcreatedb, "
                    "rolcanlogin, rolreplication, rolbypassrls, rolconnlimit, rolpassword, "
                    "rolvaliduntil FROM pg_catalog.pg_authid WHERE oid >= 16384 ORDER BY oid",
                    true, 0) != SPI_OK_SELECT)
        elog(ERROR, "could not read pg_authid");
    for (uint64 i = 0; i < SPI_processed; i++)
        append_role_commands(&commands, SPI_tuptable->vals[i], SPI_tuptable->tupdesc);
    if (SPI_execute("SELECT r.rolname, m.rolname, a.admin_option FROM pg_catalog.pg_auth_members a "
                    "JOIN pg_catalog.pg_authid r ON r.oid = a.roleid "
                    "JOIN pg_catalog.pg_authid m ON m.oid = a.member "
                    "WHERE a.roleid >= 16384 AND a.member >= 16384 ORDER BY 1, 2",
                    true, 0) != SPI_OK_SELECT)
        elog(ERROR, "could not read pg_auth_members");
    for (uint64 i = 0; i < SPI_processed; i++) {
        HeapTuple row = SPI_tuptable->vals[i];
        TupleDesc desc = SPI_tuptable->tupdesc;
        char *admin = SPI_getvalue(row, desc, 3);
        appendStringInfo(&commands, "GRANT %s TO %s%s;\n",
                         quote_identifier(SPI_getvalue(row, desc, 1)),
                         quote_identifier(SPI_getvalue(row, desc, 2)),
                         admin != nullptr && admin[0] == 't' ? " WITH ADMIN OPTION" : "");
    }
    append_role_setting_commands(&commands);
    append_database_privilege_commands(&commands);
    SPI_finish();
    if (commands.len == 0)
        return;
    metadata::WorkerNode *node = metadata::find_node(node_name, node_port);
    if (node != nullptr)
        send_to_nodes(list_make1(node), commands.data);
}

void propagate_role_and_grant_statement(PlannedStmt *pstmt, const char *query_string,
                                        ProcessUtilityContext context)
{
    (void)context;
    Node *parsetree = pstmt->utilityStmt;
    if (parsetree == nullptr || creating_extension || !metadata::extension_present())
        return;
    if (IsA(parsetree, GrantStmt)) {
        auto *stmt = castNode(GrantStmt, parsetree);
        if (stmt->objtype == OBJECT_TABLE)
            propagate_table_grant(stmt);
        else if (stmt->objtype == OBJECT_SCHEMA)
            propagate_schema_grant(stmt);
        else if (stmt->objtype == OBJECT_DATABASE)
            propagate_database_grant(stmt);
        return;
    }
    if (query_string == nullptr)
        return;
    char *sql = role_command(parsetree, pstmt, query_string);
    if (sql == nullptr)
        return;
    // A disabled worker misses the statement. What citus_activate_node() redoes there
    // (copy_roles_to_node) may skip it; anything else is refused until the node is back.
    send_to_nodes(activation_reproduces(parsetree)
                      ? metadata::active_worker_nodes()
                      : metadata::every_worker_node_or_error(
                            "citus_activate_node() creates the roles the node lacks and sets "
                            "their attributes, passwords and memberships there, but cannot undo "
                            "a role dropped or renamed, a membership revoked, a role setting or "
                            "a change of owners and privileges."),
                  sql);
}

} // namespace tessera::commands
