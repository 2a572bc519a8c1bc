// COPY and TRUNCATE on distributed and reference tables.
//
// COPY FROM: PostgreSQL's own COPY parser reads the input on the coordinator (text, csv, binary,
// from the client, a file or a program), each row's distribution column picks its shard, and the
// rows travel in COPY text format to the shards (executor/copy_router.cpp). When the input needs
// no evaluation on the coordinator (text or csv, no defaults to compute for missing columns, no
// WHERE, no FORCE_NULL/FORCE_NOT_NULL), rows are split into fields and re-escaped without
// converting every value: only the distribution column is parsed; the workers check the rest,
// and a row they reject is reported with its input line number. Otherwise every row is parsed
// and its defaults evaluated here, then printed with the types' output functions.
//
// COPY TO: becomes COPY (SELECT columns FROM table) TO, which the distributed planner runs.
// PostgreSQL-style code: no C++ objects with destructors live in these frames.
#include "tessera/commands/write_commands.h"

#include "tessera/core/copy_text.h"
#include "tessera/executor/connection.h"
#include "tessera/executor/copy_router.h"
#include "tessera/metadata/distributed_table.h"

extern "C" {
#include "access/table.h"
#include "access/xact.h"
#include "catalog/namespace.h"
#include "catalog/pg_authid_d.h"
#include "commands/copy.h"
#include "commands/copyfrom_internal.h"
#include "executor/executor.h"
#include "lib/stringinfo.h"
#include "miscadmin.h"
#include "nodes/makefuncs.h"
#include "optimizer/optimizer.h"
#include "parser/parse_coerce.h"
#include "parser/parse_collate.h"
#include "parser/parse_expr.h"
#include "parser/parse_relation.h"
#include "parser/parser.h"
#include "rewrite/rewriteHandler.h"
#include "utils/acl.h"
#include "utils/builtins.h"
#include "utils/guc.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/portal.h"
#include "utils/rel.h"
#include "utils/rls.h"
#include "utils/snapmgr.h"
}

namespace tessera::commands {

namespace {

// Appends `value` escaped for the COPY text format.
void append_escaped(StringInfo row, const char *value)
{
    size_t length = strlen(value);
    enlargeStringInfo(row, static_cast<int>(core::copy_text_escaped_bound(length)) + 1);
    row->len += static_cast<int>(core::copy_text_escape(value, length, row->data + row->len));
    row->data[row->len] = '\0';
}

// "a, b, ..." for attribute numbers `attnums` of `rel`.
char *column_names_sql(Relation rel, List *attnums)
{
    StringInfoData list;
    initStringInfo(&list);
    ListCell *cell;
    foreach (cell, attnums) {
        if (cell != list_head(attnums))
            appendStringInfoString(&list, ", ");
        Form_pg_attribute att = TupleDescAttr(RelationGetDescr(rel), lfirst_int(cell) - 1);
        appendStringInfoString(&list, quote_identifier(NameStr(att->attname)));
    }
    return list.data;
}

// "(a, b, ...)" for attribute numbers `attnums` of `rel`.
char *column_list_sql(Relation rel, List *attnums)
{
    return psprintf("(%s)", column_names_sql(rel, attnums));
}

// Checks what DoCopy checks before reading a file or program.
void check_copy_source(const CopyStmt *stmt)
{
    if (stmt->filename == nullptr)
        return;
    if (stmt->is_program && !has_privs_of_role(GetUserId(), ROLE_PG_EXECUTE_SERVER_PROGRAM))
        ereport(ERROR, (errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
                        errmsg("permission denied to COPY from a program"),
                        errhint("Superusers and members of pg_execute_server_program may; "
                                "psql's \\copy reads on the client side instead.")));
    if (!stmt->is_program && !has_privs_of_role(GetUserId(), ROLE_PG_READ_SERVER_FILES))
        ereport(ERROR, (errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
                        errmsg("permission denied to COPY from a file"),
                        errhint("Superusers and members of pg_read_server_files may; psql's "
                                "\\copy reads on the client side instead.")));
}

// Whether this COPY may open a stream per shard: only as a statement of its own outside a
// transaction block, since later statements of a block must see the rows through the one
// transaction connection per node.
bool may_use_parallel_streams(ProcessUtilityContext context)
{
    return context == PROCESS_UTILITY_TOPLEVEL && !IsTransactionBlock();
}

struct CopyInto {
    Relation rel;
    const metadata::DistributedTable *table;
    CopyFromState cstate;
    List *attnums; // columns of the input, in order
    Node *where;   // implicitly-ANDed list, or nullptr
};

// Fast path: fields split by PostgreSQL's parser, re-escaped; only the distribution column is
// converted (to find the shard).
uint64 copy_raw_fields(CopyInto *copy, executor::CopyRouter *router, MemoryContext row_context)
{
    const metadata::DistributedTable *table = copy->table;
    CopyFromState cstate = copy->cstate;
    int field_count = list_length(copy->attnums);
    int dist_field = -1;
    FmgrInfo dist_input;
    Oid dist_ioparam = InvalidOid;
    int32 dist_typmod = -1;
    const char *dist_name = nullptr;
    // Rows of a single-shard table all go to shard 0, like a reference table's.
    bool by_hash = table->partition_method == metadata::kDistributeByHash && !table->single_shard;
    if (by_hash) {
        int position = 0;
        ListCell *cell;
        foreach (cell, copy->attnums) {
            if (lfirst_int(cell) == table->dist_column)
                dist_field = position;
            position++;
        }
        Form_pg_attribute att = TupleDescAttr(RelationGetDescr(copy->rel), table->dist_column - 1);
        Oid input;
        getTypeInputInfo(att->atttypid, &input, &dist_ioparam);
        fmgr_info(input, &dist_input);
        dist_typmod = att->atttypmod;
        dist_name = pstrdup(NameStr(att->attname));
    }
    StringInfoData row;
    initStringInfo(&row);
    uint64 processed = 0;
    char **fields;
    int nfields;
    for (;;) {
        MemoryContextReset(row_context);
        MemoryContext old = MemoryContextSwitchTo(row_context);
        if (!NextCopyFromRawFields(cstate, &fields, &nfields)) {
            MemoryContextSwitchTo(old);
            break;
        }
        if (nfields > field_count)
            ereport(ERROR, (errcode(ERRCODE_BAD_COPY_FILE_FORMAT),
                            errmsg("extra data after last expected column")));
        if (nfields < field_count) {
            Form_pg_attribute att = TupleDescAttr(RelationGetDescr(copy->rel),
                                                  list_nth_int(copy->attnums, nfields) - 1);
            ereport(ERROR, (errcode(ERRCODE_BAD_COPY_FILE_FORMAT),
                            errmsg("missing data for column \"%s\"", NameStr(att->attname))));
        }
        int shard_index = 0;
        if (by_hash) {
            if (dist_field < 0 || fields[dist_field] == nullptr)
                metadata::report_null_distribution_value(RelationGetRelid(copy->rel),
                                                         table->dist_column);
            cstate->cur_attname = dist_name;
            cstate->cur_attval = fields[dist_field];
            Datum value =
                InputFunctionCall(&dist_input, fields[dist_field], dist_ioparam, dist_typmod);
            cstate->cur_attname = nullptr;
            cstate->cur_attval = nullptr;
            shard_index = metadata::find_shard_for_value(table, value)->shard_index;
        }
        MemoryContextSwitchTo(old);
        resetStringInfo(&row);
        for (int i = 0; i < nfields; i++) {
            if (i > 0)
                appendStringInfoChar(&row, '\t');
            if (fields[i] == nullptr)
                appendStringInfoString(&row, "\\N");
            else
                append_escaped(&row, fields[i]);
        }
        appendStringInfoChar(&row, '\n');
        executor::copy_router_add_row(router, shard_index, row.data, row.len, cstate->cur_lineno);
        processed++;
        if ((processed & 1023) == 0)
            CHECK_FOR_INTERRUPTS();
    }
    return processed;
}

// General path: every row parsed and its defaults evaluated on the coordinator.
uint64 copy_values(CopyInto *copy, executor::CopyRouter *router, List *send_attnums)
{
    const metadata::DistributedTable *table = copy->table;
    TupleDesc desc = RelationGetDescr(copy->rel);
    EState *estate = CreateExecutorState();
    ExprContext *econtext = GetPerTupleExprContext(estate);
    auto *values = static_cast<Datum *>(palloc0(sizeof(Datum) * (desc->natts + 1)));
    auto *nulls = static_cast<bool *>(palloc0(sizeof(bool) * (desc->natts + 1)));
    auto *outputs = static_cast<FmgrInfo *>(palloc0(sizeof(FmgrInfo) * (desc->natts + 1)));
    ListCell *cell;
    foreach (cell, send_attnums) {
        Form_pg_attribute att = TupleDescAttr(desc, lfirst_int(cell) - 1);
        Oid output;
        bool varlena;
        getTypeOutputInfo(att->atttypid, &output, &varlena);
        fmgr_info(output, &outputs[lfirst_int(cell) - 1]);
    }
    ExprState *where = nullptr;
    TupleTableSlot *slot = nullptr;
    if (copy->where != nullptr) {
        where = ExecInitQual(reinterpret_cast<List *>(copy->where), nullptr);
        slot = MakeSingleTupleTableSlot(desc, &TTSOpsVirtual);
    }
    StringInfoData row;
    initStringInfo(&row);
    uint64 processed = 0;
    for (;;) {
        ResetPerTupleExprContext(estate);
        MemoryContext old = MemoryContextSwitchTo(GetPerTupleMemoryContext(estate));
        if (!NextCopyFrom(copy->cstate, econtext, values, nulls)) {
            MemoryContextSwitchTo(old);
            break;
        }
        if (where != nullptr) {
            ExecClearTuple(slot);
            memcpy(slot->tts_values, values, sizeof(Datum) * desc->natts);
            memcpy(slot->tts_isnull, nulls, sizeof(bool) * desc->natts);
            ExecStoreVirtualTuple(slot);
            econtext->ecxt_scantuple = slot;
            if (!ExecQual(where, econtext)) {
                MemoryContextSwitchTo(old);
                continue;
            }
        }
        int shard_index = 0;
        if (table->partition_method == metadata::kDistributeByHash && !table->single_shard) {
            if (nulls[table->dist_column - 1])
                metadata::report_null_distribution_value(RelationGetRelid(copy->rel),
                                                         table->dist_column);
            shard_index =
                metadata::find_shard_for_value(table, values[table->dist_column - 1])->shard_index;
        }
        resetStringInfo(&row);
        foreach (cell, send_attnums) {
            int index = lfirst_int(cell) - 1;
            if (cell != list_head(send_attnums))
                appendStringInfoChar(&row, '\t');
            if (nulls[index])
                appendStringInfoString(&row, "\\N");
            else
                append_escaped(&row, OutputFunctionCall(&outputs[index], values[index]));
        }
        appendStringInfoChar(&row, '\n');
        MemoryContextSwitchTo(old);
        executor::copy_router_add_row(router, shard_index, row.data, row.len,
                                      copy->cstate->cur_lineno);
        processed++;
        if ((processed & 1023) == 0)
            CHECK_FOR_INTERRUPTS();
    }
    if (slot != nullptr)
        ExecDropSingleTupleTableSlot(slot);
    FreeExecutorState(estate);
    return processed;
}

// Every column that holds data (not dropped, not generated), in order.
List *stored_columns(Relation rel)
{
    List *attnums = NIL;
    TupleDesc desc = RelationGetDescr(rel);
    for (int i = 0; i < desc->natts; i++) {
        Form_pg_attribute att = TupleDescAttr(desc, i);
        if (!att->attisdropped && att->attgenerated == '\0')
            attnums = lappend_int(attnums, i + 1);
    }
    return attnums;
}

// COPY FREEZE is refused where PostgreSQL refuses it (it checks in CopyFrom, which is not run
// here): the coordinator's table must have been created or truncated in this subtransaction,
// as TRUNCATE and CREATE TABLE of a distributed table do locally. The shards then receive the
// rows without FREEZE: the data is the same, only not written frozen.
static void check_copy_freeze(CopyFromState cstate, Relation rel)
{
    if (!cstate->opts.freeze)
        return;
    if (rel->rd_rel->relkind == RELKIND_PARTITIONED_TABLE)
        ereport(ERROR, (errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
                        errmsg("cannot perform COPY FREEZE on a partitioned table")));
    if (!ThereAreNoPriorRegisteredSnapshots() || !ThereAreNoReadyPortals())
        ereport(ERROR,
                (errcode(ERRCODE_INVALID_TRANSACTION_STATE),
                 errmsg("cannot perform COPY FREEZE because of prior transaction activity")));
    if (rel->rd_createSubid != GetCurrentSubTransactionId() &&
        rel->rd_newRelfilenodeSubid != GetCurrentSubTransactionId())
        ereport(ERROR, (errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
                        errmsg("cannot perform COPY FREEZE because the table was not created or "
                               "truncated in the current subtransaction")));
}

// COPY table FROM ... into a distributed or reference table; returns the number of rows.
uint64 copy_into_distributed_table(const CopyStmt *stmt, const char *query_string,
                                   ProcessUtilityContext context, QueryEnvironment *query_env)
{
    check_copy_source(stmt);
    ParseState *pstate = make_parsestate(nullptr);
    pstate->p_sourcetext = query_string;
    pstate->p_queryEnv = query_env;

    CopyInto copy{};
    copy.rel = table_openrv(stmt->relation, RowExclusiveLock);
    copy.table = metadata::lookup_distributed_table(RelationGetRelid(copy.rel));
    if (copy.table == nullptr)
        elog(ERROR, "table \"%s\" is not distributed", RelationGetRelationName(copy.rel));

    // Permission to insert into the columns read, as COPY checks it.
    ParseNamespaceItem *item =
        addRangeTableEntryForRelation(pstate, copy.rel, RowExclusiveLock, nullptr, false, false);
    RangeTblEntry *rte = item->p_rte;
    rte->requiredPerms = ACL_INSERT;
    copy.attnums = CopyGetAttnums(RelationGetDescr(copy.rel), copy.rel, stmt->attlist);
    ListCell *cell;
    foreach (cell, copy.attnums)
        rte->insertedCols = bms_add_member(rte->insertedCols,
                                           lfirst_int(cell) - FirstLowInvalidHeapAttributeNumber);
    ExecCheckRTPerms(pstate->p_rtable, true);
    if (check_enable_rls(RelationGetRelid(copy.rel), InvalidOid, false) == RLS_ENABLED)
        ereport(ERROR, (errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
                        errmsg("COPY FROM is not supported for table \"%s\" with row-level "
                               "security",
                               RelationGetRelationName(copy.rel)),
                        errhint("Use INSERT statements instead.")));
    PreventCommandIfReadOnly("COPY FROM");

    if (stmt->whereClause != nullptr) {
        addNSItemToQuery(pstate, item, false, true, true);
        Node *where = transformExpr(pstate, stmt->whereClause, EXPR_KIND_COPY_WHERE);
        where = coerce_to_boolean(pstate, where, "WHERE");
        assign_expr_collations(pstate, where);
        where = eval_const_expressions(nullptr, where);
        where = reinterpret_cast<Node *>(canonicalize_qual(reinterpret_cast<Expr *>(where), false));
        copy.where = reinterpret_cast<Node *>(make_ands_implicit(reinterpret_cast<Expr *>(where)));
    }

    copy.cstate = BeginCopyFrom(pstate, copy.rel, nullptr, stmt->filename, stmt->is_program,
                                nullptr, stmt->attlist, stmt->options);
    CopyFromState cstate = copy.cstate;
    check_copy_freeze(cstate, copy.rel);
    bool raw = !cstate->opts.binary && copy.where == nullptr && cstate->num_defaults == 0 &&
               cstate->opts.force_notnull == NIL && cstate->opts.force_null == NIL;
    if (raw && copy.table->partition_method == metadata::kDistributeByHash &&
        !copy.table->single_shard && !list_member_int(copy.attnums, copy.table->dist_column))
        raw = false;
    List *send_attnums = raw ? copy.attnums : stored_columns(copy.rel);

    // Errors while parsing name the input line, as PostgreSQL's own COPY does.
    ErrorContextCallback callback;
    callback.callback = CopyFromErrorCallback;
    callback.arg = cstate;
    callback.previous = error_context_stack;
    error_context_stack = &callback;

    executor::CopyRouter *router = executor::begin_copy_router(
        copy.table, column_list_sql(copy.rel, send_attnums), may_use_parallel_streams(context));
    MemoryContext row_context =
        AllocSetContextCreate(CurrentMemoryContext, "tessera copy row", ALLOCSET_DEFAULT_SIZES);
    uint64 processed = raw ? copy_raw_fields(&copy, router, row_context)
                           : copy_values(&copy, router, send_attnums);
    error_context_stack = callback.previous;
    executor::finish_copy_router(router);
    MemoryContextDelete(row_context);
    EndCopyFrom(cstate);
    table_close(copy.rel, NoLock);
    return processed;
}

// COPY table TO ... as COPY (SELECT columns FROM ONLY table) TO ...
PlannedStmt *copy_to_as_query(PlannedStmt *pstmt, const CopyStmt *stmt, Oid relid)
{
    Relation rel = table_open(relid, AccessShareLock);
    List *attnums = CopyGetAttnums(RelationGetDescr(rel), rel, stmt->attlist);
    char *sql = psprintf("SELECT %s FROM ONLY %s", column_names_sql(rel, attnums),
                         quote_qualified_identifier(get_namespace_name(RelationGetNamespace(rel)),
                                                    RelationGetRelationName(rel)));
    table_close(rel, NoLock);
    List *parsed = raw_parser(sql, RAW_PARSE_DEFAULT);
    auto *raw = static_cast<RawStmt *>(linitial(parsed));
    auto *rewritten = static_cast<CopyStmt *>(copyObject(const_cast<CopyStmt *>(stmt)));
    rewritten->relation = nullptr;
    rewritten->attlist = NIL;
    rewritten->query = raw->stmt;
    PlannedStmt *copy = static_cast<PlannedStmt *>(copyObject(pstmt));
    copy->utilityStmt = reinterpret_cast<Node *>(rewritten);
    return copy;
}

} // namespace

bool process_distributed_copy(PlannedStmt *pstmt, const char *query_string,
                              ProcessUtilityContext context, QueryEnvironment *query_env,
                              QueryCompletion *qc, PlannedStmt **replacement)
{
    *replacement = nullptr;
    Node *parsetree = pstmt->utilityStmt;
    if (parsetree == nullptr || !IsA(parsetree, CopyStmt) || !metadata::extension_present())
        return false;
    auto *stmt = reinterpret_cast<CopyStmt *>(parsetree);
    if (stmt->relation == nullptr)
        return false; // COPY (query) TO: the query goes through the planner hook
    Oid relid = RangeVarGetRelid(stmt->relation, NoLock, true);
    if (!OidIsValid(relid) || !metadata::is_distributed_table(relid))
        return false;
    if (!stmt->is_from) {
        *replacement = copy_to_as_query(pstmt, stmt, relid);
        return false;
    }
    uint64 processed = copy_into_distributed_table(stmt, query_string, context, query_env);
    if (qc != nullptr)
        SetQueryCompletion(qc, CMDTAG_COPY, processed);
    return true;
}

void truncate_distributed_tables(Node *parsetree)
{
    if (parsetree == nullptr || !IsA(parsetree, TruncateStmt) || !metadata::extension_present())
        return;
    auto *stmt = reinterpret_cast<TruncateStmt *>(parsetree);
    // Shard names per node group.
    executor::GroupBatches commands;
    ListCell *cell;
    foreach (cell, stmt->relations) {
        Oid relid = RangeVarGetRelid(static_cast<RangeVar *>(lfirst(cell)), NoLock, true);
        const metadata::DistributedTable *table =
            OidIsValid(relid) ? metadata::lookup_distributed_table(relid) : nullptr;
        if (table == nullptr)
            continue;
        for (int s = 0; s < table->shard_count; s++) {
            const metadata::ShardInterval &shard = table->shards[s];
            for (int p = 0; p < shard.placement_count; p++) {
                bool created;
                StringInfo command =
                    executor::batch_for_group(&commands, shard.placements[p].group_id, &created);
                appendStringInfoString(command, created ? "TRUNCATE TABLE " : ", ");
                appendStringInfoString(command,
                                       metadata::qualified_shard_name(relid, shard.shard_id));
            }
        }
    }
    if (stmt->behavior == DROP_CASCADE) {
        foreach (cell, commands.batches)
            appendStringInfoString(static_cast<StringInfo>(lfirst(cell)), " CASCADE");
    }
    executor::execute_group_batches_in_transaction(&commands);
}

} // namespace tessera::commands
