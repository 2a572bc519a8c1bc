// Distributed functions (create_distributed_function): a function is created on every worker as
// the coordinator defines it, with its schema, the user types of its arguments and result, its
// owner and its EXECUTE privileges, in the coordinated transaction (a failure anywhere leaves it
// nowhere), and recorded in pg_dist_object; the planner then lets shard queries call it on the
// workers. CREATE OR REPLACE, ALTER, renames, SET SCHEMA, OWNER TO, GRANT / REVOKE and DROP of a
// distributed function follow on the workers; nodes added later get every distributed function.
// CALL is not delegated to a worker: the distribution argument and colocation are checked and
// recorded (as Citus does), and the function itself runs where its caller runs.
#include "tessera/commands/function_propagation.h"

#include "tessera/executor/connection.h"
#include "tessera/metadata/catalog.h"
#include "tessera/metadata/distributed_functions.h"
#include "tessera/metadata/distributed_table.h"
#include "tessera/metadata/nodes.h"
#include "tessera/operations/worker_extensions.h"
#include "tessera/operations/worker_objects.h"
#include "tessera/pg/guard.h"
#include "tessera/pg/worker_text_environment.h"

extern "C" {
#include "access/htup_details.h"
#include "catalog/dependency.h"
#include "catalog/namespace.h"
#include "catalog/pg_class.h"
#include "catalog/pg_proc.h"
#include "catalog/pg_type.h"
#include "commands/extension.h"
#include "executor/spi.h"
#include "funcapi.h"
#include "lib/stringinfo.h"
#include "miscadmin.h"
#include "parser/parse_func.h"
#include "utils/acl.h"
#include "utils/builtins.h"
#include "utils/fmgroids.h"
#include "utils/lsyscache.h"
#include "utils/regproc.h"
#include "utils/syscache.h"
#include "utils/varlena.h"
}

namespace tessera::commands {

namespace {

// The commands that give function `func` (named `identity` on the workers) on a worker the
// EXECUTE privileges it has on the coordinator: every privilege there revoked, then the
// coordinator's granted (its default ones when it has no explicit list).
char *function_acl_commands(Oid func, const char *identity)
{
    HeapTuple tuple = SearchSysCache1(PROCOID, ObjectIdGetDatum(func));
    if (!HeapTupleIsValid(tuple))
        elog(ERROR, "cache lookup failed for function %u", func);
    Oid owner = reinterpret_cast<Form_pg_proc>(GETSTRUCT(tuple))->proowner;
    bool isnull;
    Datum acl_datum = SysCacheGetAttr(PROCOID, tuple, Anum_pg_proc_proacl, &isnull);
    Acl *acl = isnull ? acldefault(OBJECT_FUNCTION, owner) : DatumGetAclPCopy(acl_datum);
    ReleaseSysCache(tuple);

    const char *identity_literal = quote_literal_cstr(identity);
    char *revoke = psprintf(
        "DECLARE grantee text; BEGIN "
        "FOR grantee IN SELECT DISTINCT CASE WHEN a.grantee = 0 THEN 'PUBLIC' "
        "ELSE pg_catalog.quote_ident(r.rolname) END "
        "FROM pg_catalog.pg_proc p CROSS JOIN LATERAL pg_catalog.aclexplode(COALESCE(p.proacl, "
        "pg_catalog.acldefault('f', p.proowner))) a "
        "LEFT JOIN pg_catalog.pg_roles r ON r.oid = a.grantee "
        "WHERE p.oid = %s::pg_catalog.regprocedure LOOP "
        "EXECUTE 'REVOKE ALL ON ROUTINE ' || %s || ' FROM ' || grantee || ' CASCADE'; "
        "END LOOP; END",
        identity_literal, identity_literal);
    StringInfoData commands;
    initStringInfo(&commands);
    appendStringInfo(&commands, "DO %s;\n", quote_literal_cstr(revoke));
    AclItem *items = ACL_DAT(acl);
    for (int i = 0; i < ACL_NUM(acl); i++) {
        if ((ACLITEM_GET_PRIVS(items[i]) & ACL_EXECUTE) == 0)
            continue;
        const char *grantee = items[i].ai_grantee == ACL_ID_PUBLIC
                                  ? "PUBLIC"
                                  : quote_identifier(GetUserNameFromId(items[i].ai_grantee, false));
        appendStringInfo(&commands, "GRANT EXECUTE ON ROUTINE %s TO %s%s;\n", identity, grantee,
                         (ACLITEM_GET_GOPTIONS(items[i]) & ACL_EXECUTE) != 0 ? " WITH GRANT OPTION"
                                                                             : "");
    }
    return commands.data;
}

// The result type and then the argument types of the function whose pg_proc row is `tuple`:
// the types its definition needs on a worker.
List *signature_types(HeapTuple tuple)
{
    Oid *argument_types;
    char **names;
    char *modes;
    int count = get_func_arg_info(tuple, &argument_types, &names, &modes);
    List *types = list_make1_oid(reinterpret_cast<Form_pg_proc>(GETSTRUCT(tuple))->prorettype);
    for (int i = 0; i < count; i++)
        types = lappend_oid(types, argument_types[i]);
    return types;
}

// The name and argument types of function `func` as the workers read them (schema-qualified).
char *worker_identity(Oid func)
{
    int level = pg::enter_worker_text_environment();
    char *identity = format_procedure_qualified(func);
    pg::leave_worker_text_environment(level);
    return identity;
}

// The commands that create (or replace) function `func` on a worker as the coordinator defines
// it: its schema and the user types of its arguments and result where missing, the definition
// (bodies not checked, so functions calling each other can be created in any order), its owner
// and its privileges.
char *function_create_commands(Oid func)
{
    HeapTuple tuple = SearchSysCache1(PROCOID, ObjectIdGetDatum(func));
    if (!HeapTupleIsValid(tuple))
        elog(ERROR, "cache lookup failed for function %u", func);
    auto *form = reinterpret_cast<Form_pg_proc>(GETSTRUCT(tuple));
    Oid namespace_oid = form->pronamespace;
    Oid owner = form->proowner;
    List *types = signature_types(tuple);
    ReleaseSysCache(tuple);

    StringInfoData commands;
    initStringInfo(&commands);
    appendStringInfoString(&commands, operations::function_extension_commands(func));
    appendStringInfo(&commands, "%s;\n", operations::ensure_schema_command(namespace_oid));
    appendStringInfoString(&commands, operations::ensure_types_commands(types));
    int level = pg::enter_worker_text_environment();
    char *definition =
        TextDatumGetCString(OidFunctionCall1(F_PG_GET_FUNCTIONDEF, ObjectIdGetDatum(func)));
    pg::leave_worker_text_environment(level);
    char *identity = worker_identity(func);
    appendStringInfo(&commands,
                     "SET LOCAL check_function_bodies TO off;\n%s;\n"
                     "SET LOCAL check_function_bodies TO DEFAULT;\n",
                     definition);
    appendStringInfo(&commands, "ALTER ROUTINE %s OWNER TO %s;\n", identity,
                     quote_identifier(GetUserNameFromId(owner, false)));
    appendStringInfoString(&commands, function_acl_commands(func, identity));
    return commands.data;
}

// Sends `commands` to every worker in the coordinated transaction (raising, before anything
// is sent, if a worker is disabled: it would miss the change).
void run_on_every_worker(const char *commands)
{
    executor::execute_on_every_node_in_transaction(metadata::every_worker_node_or_error(),
                                                   commands);
}

// The function a statement names (ObjectWithArgs of kind `kind`), or InvalidOid if there is
// none (the statement itself then reports it).
Oid named_function(ObjectType kind, Node *object)
{
    if (object == nullptr || !IsA(object, ObjectWithArgs))
        return InvalidOid;
    return LookupFuncWithArgs(kind, castNode(ObjectWithArgs, object), true);
}

// True for the object kinds that name functions and procedures.
bool is_routine_kind(ObjectType kind)
{
    return kind == OBJECT_FUNCTION || kind == OBJECT_PROCEDURE || kind == OBJECT_ROUTINE;
}

// The function CREATE OR REPLACE FUNCTION / PROCEDURE `stmt` just created or replaced.
Oid created_function(CreateFunctionStmt *stmt)
{
    auto *object = makeNode(ObjectWithArgs);
    object->objname = stmt->funcname;
    ListCell *cell;
    foreach (cell, stmt->parameters) {
        auto *parameter = castNode(FunctionParameter, lfirst(cell));
        // A function's signature has its input arguments; a procedure's, its output ones too.
        if (parameter->mode == FUNC_PARAM_TABLE ||
            (parameter->mode == FUNC_PARAM_OUT && !stmt->is_procedure))
            continue;
        object->objargs = lappend(object->objargs, parameter->argType);
    }
    return LookupFuncWithArgs(stmt->is_procedure ? OBJECT_PROCEDURE : OBJECT_FUNCTION, object,
                              true);
}

// The index among the input arguments of function `func` (described by `count` arguments of
// `types`, `names`, `modes`) that `name` designates ("$n" or an argument's name), and its type;
// raises if there is none.
int32 distribution_argument(Oid func, const char *name, int count, const Oid *types, char **names,
                            const char *modes, Oid *type)
{
    int input = 0;
    int wanted = -1;
    if (name[0] == '$') {
        char *end = nullptr;
        long number = strtol(name + 1, &end, 10);
        if (end != name + 1 && *end == '\0')
            wanted = static_cast<int>(number) - 1;
    }
    for (int i = 0; i < count; i++) {
        char mode = modes == nullptr ? PROARGMODE_IN : modes[i];
        if (mode == PROARGMODE_OUT || mode == PROARGMODE_TABLE)
            continue;
        if (input == wanted || (wanted < 0 && names != nullptr && names[i] != nullptr &&
                                strcmp(names[i], name) == 0)) {
            *type = types[i];
            return input;
        }
        input++;
    }
    ereport(ERROR,
            (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
             errmsg("function %s has no input argument %s", format_procedure(func), name),
             errhint("Give the name of an input argument of the function, or $n for its n-th.")));
    return -1;
}

// The colocation group a function distributed by an argument of type `type` joins: that of
// table `colocate_with`, or for 'default' the first group of hash-distributed tables whose
// distribution column has that type. Raises if there is none or the types differ.
int32 function_colocation(Oid func, Oid type, const char *colocate_with)
{
    if (pg_strcasecmp(colocate_with, "default") == 0) {
        int32 found = 0;
        ListCell *cell;
        foreach (cell, metadata::read_all_partition_rows()) {
            auto *row = static_cast<metadata::PartitionRow *>(lfirst(cell));
            if (row->partition_method != 'h')
                continue;
            metadata::ColocationRow *group = metadata::read_colocation_row(row->colocation_id);
            if (group != nullptr && group->distribution_type == type &&
                (found == 0 || row->colocation_id < found))
                found = row->colocation_id;
        }
        if (found == 0)
            ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                            errmsg("cannot colocate function %s: no distributed table is "
                                   "distributed by a column of type %s",
                                   format_procedure(func), format_type_be(type)),
                            errhint("Distribute such a table first, or name one in "
                                    "colocate_with.")));
        return found;
    }
    if (pg_strcasecmp(colocate_with, "none") == 0)
        ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                        errmsg("colocate_with 'none' is not supported for functions with a "
                               "distribution argument"),
                        errhint("Use 'default' or the name of a distributed table.")));
    RangeVar *name = makeRangeVarFromNameList(stringToQualifiedNameList(colocate_with));
    Oid relid = RangeVarGetRelid(name, AccessShareLock, false);
    metadata::PartitionRow *row = metadata::read_partition_row(relid);
    if (row == nullptr || row->partition_method != 'h')
        ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                        errmsg("cannot colocate function %s with table \"%s\": it is not a "
                               "distributed table",
                               format_procedure(func), get_rel_name(relid))));
    metadata::ColocationRow *group = metadata::read_colocation_row(row->colocation_id);
    if (group == nullptr || group->distribution_type != type)
        ereport(ERROR, (errcode(ERRCODE_DATATYPE_MISMATCH),
                        errmsg("cannot colocate function %s with table \"%s\"",
                               format_procedure(func), get_rel_name(relid)),
                        errdetail("The distribution argument has type %s, the table's distribution "
                                  "column type %s.",
                                  format_type_be(type),
                                  group == nullptr ? "unknown"
                                                   : format_type_be(group->distribution_type))));
    return row->colocation_id;
}

// Raises unless function `func` (its pg_proc row `tuple`) can be created on the workers: a
// user-defined function or procedure, not an aggregate or window function, not part of an
// extension, owned by the caller, and not taking or returning a table's row type (the workers
// have shards, not the table).
void check_distributable(Oid func, HeapTuple tuple)
{
    auto *form = reinterpret_cast<Form_pg_proc>(GETSTRUCT(tuple));
    List *types = signature_types(tuple);
    if (func < FirstNormalObjectId)
        ereport(ERROR,
                (errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
                 errmsg("function %s is built in: every node has it", format_procedure(func))));
    if (form->prokind == PROKIND_AGGREGATE || form->prokind == PROKIND_WINDOW)
        ereport(ERROR, (errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
                        errmsg("%s functions are not supported by create_distributed_function",
                               form->prokind == PROKIND_AGGREGATE ? "aggregate" : "window")));
    if (OidIsValid(getExtensionOfObject(ProcedureRelationId, func)))
        ereport(ERROR, (errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
                        errmsg("function %s belongs to an extension", format_procedure(func)),
                        errhint("Create the extension on every node instead.")));
    if (!pg_proc_ownercheck(func, GetUserId()))
        aclcheck_error(ACLCHECK_NOT_OWNER,
                       form->prokind == PROKIND_PROCEDURE ? OBJECT_PROCEDURE : OBJECT_FUNCTION,
                       NameStr(form->proname));
    ListCell *cell;
    foreach (cell, types) {
        Oid type = lfirst_oid(cell);
        Oid element = get_element_type(type);
        Oid relid = get_typ_typrelid(OidIsValid(element) ? element : type);
        if (OidIsValid(relid) && get_rel_relkind(relid) != RELKIND_COMPOSITE_TYPE)
            ereport(ERROR, (errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
                            errmsg("function %s uses the row type of table \"%s\", which is not "
                                   "supported by create_distributed_function",
                                   format_procedure(func), get_rel_name(relid)),
                            errdetail("The worker nodes have the table's shards, not the table.")));
    }
}

} // namespace

char *prepare_function_propagation(Node *parsetree)
{
    if (parsetree == nullptr || creating_extension || !metadata::extension_present())
        return nullptr;
    if (IsA(parsetree, RenameStmt)) {
        auto *stmt = castNode(RenameStmt, parsetree);
        if (!is_routine_kind(stmt->renameType))
            return nullptr;
        Oid func = named_function(stmt->renameType, stmt->object);
        if (!metadata::is_distributed_function(func))
            return nullptr;
        return psprintf("ALTER ROUTINE %s RENAME TO %s;\n", worker_identity(func),
                        quote_identifier(stmt->newname));
    }
    if (IsA(parsetree, AlterObjectSchemaStmt)) {
        auto *stmt = castNode(AlterObjectSchemaStmt, parsetree);
        if (!is_routine_kind(stmt->objectType))
            return nullptr;
        Oid func = named_function(stmt->objectType, stmt->object);
        if (!metadata::is_distributed_function(func))
            return nullptr;
        Oid schema = get_namespace_oid(stmt->newschema, true);
        if (!OidIsValid(schema))
            return nullptr; // the statement reports it
        return psprintf("%s;\nALTER ROUTINE %s SET SCHEMA %s;\n",
                        operations::ensure_schema_command(schema), worker_identity(func),
                        quote_identifier(stmt->newschema));
    }
    if (IsA(parsetree, AlterOwnerStmt)) {
        auto *stmt = castNode(AlterOwnerStmt, parsetree);
        if (!is_routine_kind(stmt->objectType))
            return nullptr;
        Oid func = named_function(stmt->objectType, stmt->object);
        if (!metadata::is_distributed_function(func))
            return nullptr;
        Oid owner = get_rolespec_oid(stmt->newowner, true);
        if (!OidIsValid(owner))
            return nullptr;
        return psprintf("ALTER ROUTINE %s OWNER TO %s;\n", worker_identity(func),
                        quote_identifier(GetUserNameFromId(owner, false)));
    }
    return nullptr;
}

void finish_function_propagation(Node *parsetree, char *prepared)
{
    if (parsetree == nullptr || creating_extension || !metadata::extension_present())
        return;
    StringInfoData commands;
    initStringInfo(&commands);
    if (prepared != nullptr)
        appendStringInfoString(&commands, prepared);
    if (IsA(parsetree, AlterOwnerStmt) && prepared != nullptr) {
        // The owner's privileges passed to the new owner.
        auto *stmt = castNode(AlterOwnerStmt, parsetree);
        Oid func = named_function(stmt->objectType, stmt->object);
        if (OidIsValid(func))
            appendStringInfoString(&commands, function_acl_commands(func, worker_identity(func)));
    } else if (IsA(parsetree, CreateFunctionStmt)) {
        auto *stmt = castNode(CreateFunctionStmt, parsetree);
        Oid func = stmt->replace ? created_function(stmt) : InvalidOid;
        if (metadata::is_distributed_function(func))
            appendStringInfoString(&commands, function_create_commands(func));
    } else if (IsA(parsetree, AlterFunctionStmt)) {
        auto *stmt = castNode(AlterFunctionStmt, parsetree);
        Oid func = named_function(stmt->objtype, reinterpret_cast<Node *>(stmt->func));
        if (metadata::is_distributed_function(func))
            appendStringInfoString(&commands, function_create_commands(func));
    } else if (IsA(parsetree, GrantStmt)) {
        auto *stmt = castNode(GrantStmt, parsetree);
        if (!is_routine_kind(stmt->objtype))
            return;
        List *functions = NIL;
        if (stmt->targtype == ACL_TARGET_OBJECT) {
            ListCell *cell;
            foreach (cell, stmt->objects) {
                Oid func = named_function(stmt->objtype, static_cast<Node *>(lfirst(cell)));
                if (metadata::is_distributed_function(func))
                    functions = lappend_oid(functions, func);
            }
        } else {
            // ALL FUNCTIONS / PROCEDURES / ROUTINES IN SCHEMA: every distributed function is
            // brought up to date (they are few).
            functions = metadata::distributed_functions();
        }
        ListCell *cell;
        foreach (cell, functions) {
            Oid func = lfirst_oid(cell);
            if (SearchSysCacheExists1(PROCOID, ObjectIdGetDatum(func)))
                appendStringInfoString(&commands,
                                       function_acl_commands(func, worker_identity(func)));
        }
    }
    if (commands.len > 0)
        run_on_every_worker(commands.data);
}

void drop_distributed_functions()
{
    MemoryContext caller_context = CurrentMemoryContext;
    if (SPI_connect() != SPI_OK_CONNECT)
        elog(ERROR, "SPI_connect failed");
    if (SPI_execute("SELECT objid, object_identity "
                    "FROM pg_catalog.pg_event_trigger_dropped_objects() "
                    "WHERE classid = 'pg_catalog.pg_proc'::pg_catalog.regclass",
                    true, 0) != SPI_OK_SELECT)
        elog(ERROR, "could not read the dropped objects");
    int count = static_cast<int>(SPI_processed);
    MemoryContext spi_context = MemoryContextSwitchTo(caller_context);
    auto *functions = static_cast<Oid *>(palloc0(sizeof(Oid) * (count + 1)));
    auto **identities = static_cast<char **>(palloc0(sizeof(char *) * (count + 1)));
    for (int i = 0; i < count; i++) {
        bool isnull;
        functions[i] = DatumGetObjectId(
            SPI_getbinval(SPI_tuptable->vals[i], SPI_tuptable->tupdesc, 1, &isnull));
        identities[i] = SPI_getvalue(SPI_tuptable->vals[i], SPI_tuptable->tupdesc, 2);
    }
    MemoryContextSwitchTo(spi_context);
    SPI_finish();

    StringInfoData commands;
    initStringInfo(&commands);
    for (int i = 0; i < count; i++)
        if (identities[i] != nullptr && metadata::forget_distributed_function(functions[i]))
            // What depends on it on a worker (shard defaults or constraints) went with it here.
            appendStringInfo(&commands, "DROP ROUTINE IF EXISTS %s CASCADE;\n", identities[i]);
    if (commands.len > 0)
        run_on_every_worker(commands.data);
}

void ensure_function_on_workers(Oid func)
{
    if (metadata::function_on_workers(func) ||
        OidIsValid(getExtensionOfObject(ProcedureRelationId, func)))
        return;
    HeapTuple tuple = SearchSysCache1(PROCOID, ObjectIdGetDatum(func));
    if (!HeapTupleIsValid(tuple))
        elog(ERROR, "cache lookup failed for function %u", func);
    check_distributable(func, tuple);
    ReleaseSysCache(tuple);
    run_on_every_worker(function_create_commands(func));
    metadata::record_distributed_function(func, -1, 0, -1);
}

void copy_distributed_functions_to_node(const char *node_name, int node_port)
{
    StringInfoData commands;
    initStringInfo(&commands);
    ListCell *cell;
    foreach (cell, metadata::distributed_functions()) {
        Oid func = lfirst_oid(cell);
        if (SearchSysCacheExists1(PROCOID, ObjectIdGetDatum(func)))
            appendStringInfoString(&commands, function_create_commands(func));
    }
    if (commands.len == 0)
        return;
    executor::NodeConnection *connection = executor::get_node_connection(node_name, node_port);
    executor::join_coordinated_transaction(connection);
    PQclear(executor::execute_command(connection, commands.data));
}

} // namespace tessera::commands

// create_distributed_function(function_name regprocedure, distribution_arg_name text,
// colocate_with text, force_delegation bool): creates the function on every worker and records
// it in pg_dist_object, so that shard queries may call it there. The distribution argument
// (and with it colocate_with and force_delegation) is checked and recorded; CALL is not
// delegated to workers. Calling it again for a distributed function re-creates it there.
TESSERA_FUNCTION(tessera_create_distributed_function)
{
    if (PG_ARGISNULL(0))
        ereport(ERROR, (errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
                        errmsg("function_name must not be null")));
    Oid func = PG_GETARG_OID(0);
    const char *colocate_with = PG_ARGISNULL(2) ? "default" : text_to_cstring(PG_GETARG_TEXT_PP(2));
    int force_delegation = PG_ARGISNULL(3) ? -1 : (PG_GETARG_BOOL(3) ? 1 : 0);

    HeapTuple tuple = SearchSysCache1(PROCOID, ObjectIdGetDatum(func));
    if (!HeapTupleIsValid(tuple))
        ereport(ERROR, (errcode(ERRCODE_UNDEFINED_FUNCTION),
                        errmsg("function with OID %u does not exist", func)));
    tessera::commands::check_distributable(func, tuple);
    Oid *types;
    char **names;
    char *modes;
    int count = get_func_arg_info(tuple, &types, &names, &modes);
    ReleaseSysCache(tuple);

    int32 argument_index = -1;
    int32 colocation_id = 0;
    if (!PG_ARGISNULL(1)) {
        Oid type = InvalidOid;
        argument_index = tessera::commands::distribution_argument(
            func, text_to_cstring(PG_GETARG_TEXT_PP(1)), count, types, names, modes, &type);
        colocation_id = tessera::commands::function_colocation(func, type, colocate_with);
    } else if (pg_strcasecmp(colocate_with, "default") != 0) {
        ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                        errmsg("colocate_with requires a distribution argument"),
                        errhint("Give distribution_arg_name too.")));
    } else if (force_delegation == 1) {
        ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                        errmsg("force_delegation requires a distribution argument"),
                        errhint("Give distribution_arg_name too.")));
    }

    tessera::commands::run_on_every_worker(tessera::commands::function_create_commands(func));
    tessera::metadata::record_distributed_function(func, argument_index, colocation_id,
                                                   force_delegation);
    PG_RETURN_VOID();
}
