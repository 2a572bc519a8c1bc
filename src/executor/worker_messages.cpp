// Errors and notices of workers as the coordinator reports them (see worker_messages.h). Shard
// names are recognised exactly: a quoted name "<name>_<shardid>" is replaced only if <shardid>
// is a shard in pg_dist_shard and the name is the one Tessera gives that shard's table, or one
// of the table's indexes (index-backed constraints share their index's name), as
// metadata::shard_table_name builds it (long names shortened with a hash included).
#include "tessera/executor/worker_messages.h"

#include "tessera/core/shard_names.h"
#include "tessera/metadata/catalog.h"
#include "tessera/metadata/distributed_table.h"

#include <new>
#include <string>

extern "C" {
#include "access/xact.h"
#include "catalog/namespace.h"
#include "catalog/pg_type.h"
#include "utils/builtins.h"
#include "utils/elog.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/rel.h"
#include "utils/relcache.h"
#include "utils/syscache.h"
}

namespace tessera::executor {

namespace {

using core::QuotedNameRole;

// What the resolver knows of the message being rewritten.
struct ResolveContext {
    int64 table_shard_id; // shard of the error's table field, 0 if unknown
    bool tables_only;     // only shard table names (for the table field)
};

// The coordinator's name of shard object `name` of shard `shard_id` in `role`, or nullptr.
// Catalog lookups: only inside a valid transaction.
const char *coordinator_name(const char *name, int64 shard_id, QuotedNameRole role,
                             bool tables_only)
{
    Oid relid = metadata::relid_of_shard(shard_id);
    if (!OidIsValid(relid))
        return nullptr;
    char *relname = get_rel_name(relid);
    if (relname == nullptr)
        return nullptr;
    if (role == QuotedNameRole::kRelation &&
        strcmp(metadata::shard_table_name(relname, shard_id), name) == 0)
        return relname;
    if (tables_only)
        return nullptr;
    Relation rel = RelationIdGetRelation(relid);
    if (!RelationIsValid(rel))
        return nullptr;
    List *indexes = RelationGetIndexList(rel);
    RelationClose(rel);
    ListCell *cell;
    foreach (cell, indexes) {
        char *index_name = get_rel_name(lfirst_oid(cell));
        if (index_name != nullptr &&
            strcmp(metadata::shard_table_name(index_name, shard_id), name) == 0)
            return index_name;
    }
    return nullptr;
}

// core::ShardNameResolver over the catalogs. A constraint named in an error that has a table
// field is one of that table's, so it must carry the same shard id. Never raises: a failed
// lookup keeps the name (the statement is failing anyway, or the notice is only text).
const char *resolve_shard_name(void *context, const char *name, int64_t shard_id,
                               QuotedNameRole role)
{
    const ResolveContext *resolve = static_cast<const ResolveContext *>(context);
    if (role == QuotedNameRole::kConstraint && resolve->table_shard_id != 0 &&
        shard_id != resolve->table_shard_id)
        return nullptr;
    const char *volatile found = nullptr;
    MemoryContext caller = CurrentMemoryContext;
    PG_TRY();
    {
        found = coordinator_name(name, shard_id, role, resolve->tables_only);
    }
    PG_CATCH();
    {
        MemoryContextSwitchTo(caller);
        FlushErrorState();
        found = nullptr;
    }
    PG_END_TRY();
    return found;
}

// True when shard names can be looked up: in a transaction that is not failed, with Tessera's
// catalogs present.
bool can_resolve()
{
    return IsTransactionState() && !IsAbortedTransactionBlockState() &&
           metadata::extension_present();
}

// `text` (nullptr allowed) with shard names rewritten, palloc'd; `text` itself when nothing can
// be done (no memory for the copy, say).
char *rewritten(const char *text, const ResolveContext &context)
{
    if (text == nullptr)
        return nullptr;
    char *copy = nullptr;
    try {
        std::string result = core::rewrite_shard_names(text, resolve_shard_name,
                                                       const_cast<ResolveContext *>(&context));
        copy = static_cast<char *>(palloc_extended(result.size() + 1, MCXT_ALLOC_NO_OOM));
        if (copy != nullptr)
            memcpy(copy, result.c_str(), result.size() + 1);
    } catch (const std::bad_alloc &) {
        copy = nullptr;
    }
    return copy != nullptr ? copy : pstrdup(text);
}

// A bare name of an error field (`name`, nullptr allowed) rewritten as it would be in a message
// after the word `word`, which tells its role.
char *rewritten_name(const char *name, const char *word, const ResolveContext &context)
{
    if (name == nullptr)
        return nullptr;
    char *quoted = rewritten(psprintf("%s \"%s\"", word, name), context);
    size_t prefix = strlen(word) + 2;
    return pnstrdup(quoted + prefix, strlen(quoted) - prefix - 1);
}

// True for SQLSTATEs that report whether an object exists on the worker: the worker's own
// names are the useful ones then ("relation "t_102008" already exists" is about the worker).
bool about_worker_objects(int sqlcode)
{
    return sqlcode == ERRCODE_DUPLICATE_TABLE || sqlcode == ERRCODE_DUPLICATE_OBJECT ||
           sqlcode == ERRCODE_UNDEFINED_TABLE || sqlcode == ERRCODE_UNDEFINED_OBJECT;
}

// A notice as libpq delivered it, copied (with malloc: the receiver runs inside libpq calls,
// where a PostgreSQL error must not be raised) until emit_worker_notices reports it.
struct QueuedNotice {
    QueuedNotice *next;
    char *fields[11]; // indexed as kNoticeFields
};

constexpr int kNoticeFields[11] = {
    PG_DIAG_SEVERITY_NONLOCALIZED,
    PG_DIAG_SQLSTATE,
    PG_DIAG_MESSAGE_PRIMARY,
    PG_DIAG_MESSAGE_DETAIL,
    PG_DIAG_MESSAGE_HINT,
    PG_DIAG_SCHEMA_NAME,
    PG_DIAG_TABLE_NAME,
    PG_DIAG_COLUMN_NAME,
    PG_DIAG_DATATYPE_NAME,
    PG_DIAG_CONSTRAINT_NAME,
    PG_DIAG_SEVERITY,
};

QueuedNotice *queue_head = nullptr;
QueuedNotice *queue_tail = nullptr;
bool forwarding = false;
bool callbacks_registered = false;

// Frees one queued notice.
void free_notice(QueuedNotice *notice)
{
    for (char *field : notice->fields)
        free(field);
    free(notice);
}

// Drops every queued notice and stops forwarding (at transaction or subtransaction abort, and
// at transaction end: notices of a statement that failed are not reported after its error).
void reset_notices()
{
    while (queue_head != nullptr) {
        QueuedNotice *next = queue_head->next;
        free_notice(queue_head);
        queue_head = next;
    }
    queue_tail = nullptr;
    forwarding = false;
}

// Transaction callback: see reset_notices.
void on_transaction_end(XactEvent event, void *)
{
    if (event == XACT_EVENT_ABORT || event == XACT_EVENT_PARALLEL_ABORT ||
        event == XACT_EVENT_COMMIT || event == XACT_EVENT_PARALLEL_COMMIT ||
        event == XACT_EVENT_PREPARE)
        reset_notices();
}

// Subtransaction callback: see reset_notices.
void on_subtransaction_end(SubXactEvent event, SubTransactionId, SubTransactionId, void *)
{
    if (event == SUBXACT_EVENT_ABORT_SUB)
        reset_notices();
}

// libpq notice receiver of worker connections: queues the notice while forwarding is on, else
// writes it to the server log as libpq's default receiver would (to stderr).
void receive_notice(void *, const PGresult *result)
{
    if (!forwarding) {
        fprintf(stderr, "%s", PQresultErrorMessage(result));
        return;
    }
    QueuedNotice *notice = static_cast<QueuedNotice *>(calloc(1, sizeof(QueuedNotice)));
    if (notice == nullptr)
        return;
    for (int i = 0; i < 11; i++) {
        const char *value = PQresultErrorField(result, kNoticeFields[i]);
        notice->fields[i] = value != nullptr ? strdup(value) : nullptr;
    }
    if (queue_tail != nullptr)
        queue_tail->next = notice;
    else
        queue_head = notice;
    queue_tail = notice;
}

// The elevel of a notice of severity `severity` (not localized).
int notice_level(const char *severity)
{
    if (severity == nullptr)
        return NOTICE;
    if (strcmp(severity, "WARNING") == 0)
        return WARNING;
    if (strcmp(severity, "INFO") == 0)
        return INFO;
    if (strcmp(severity, "LOG") == 0)
        return LOG;
    if (strcmp(severity, "DEBUG") == 0)
        return DEBUG1;
    return NOTICE;
}

// The sqlcode of a SQLSTATE text, or 0.
int sqlcode_of(const char *sqlstate)
{
    if (sqlstate == nullptr || strlen(sqlstate) != 5)
        return 0;
    return MAKE_SQLSTATE(sqlstate[0], sqlstate[1], sqlstate[2], sqlstate[3], sqlstate[4]);
}

// `text` with the worker's name for data type `type_name` of schema `schema_name` (qualified
// there, as the worker connection's search_path lacks the schema) written as this session
// prints it (format_type_be: unqualified when the search_path finds it), as in "value for
// domain positive_money violates check constraint ...". `text` itself when nothing changes.
char *with_local_type_name(char *text, const char *schema_name, const char *type_name)
{
    if (text == nullptr || schema_name == nullptr || type_name == nullptr)
        return text;
    Oid namespace_oid = get_namespace_oid(schema_name, true);
    if (!OidIsValid(namespace_oid))
        return text;
    Oid type = GetSysCacheOid2(TYPENAMENSP, Anum_pg_type_oid, CStringGetDatum(type_name),
                               ObjectIdGetDatum(namespace_oid));
    if (!OidIsValid(type))
        return text;
    const char *remote = quote_qualified_identifier(schema_name, type_name);
    const char *local = format_type_be(type);
    const char *at = strstr(text, remote);
    if (at == nullptr || strcmp(remote, local) == 0)
        return text;
    return psprintf("%.*s%s%s", static_cast<int>(at - text), text, local, at + strlen(remote));
}

// Fills `message` from raw field texts (each may be nullptr), rewriting shard names.
void fill_message(WorkerMessage *message, const char *const *raw)
{
    // raw: severity, sqlstate, primary, detail, hint, schema, table, column, datatype, constraint
    message->severity = raw[0] != nullptr ? pstrdup(raw[0]) : nullptr;
    message->sqlcode = sqlcode_of(raw[1]);
    message->schema_name = raw[5] != nullptr ? pstrdup(raw[5]) : nullptr;
    message->column_name = raw[7] != nullptr ? pstrdup(raw[7]) : nullptr;
    message->datatype_name = raw[8] != nullptr ? pstrdup(raw[8]) : nullptr;
    if (about_worker_objects(message->sqlcode) || !can_resolve()) {
        message->message = raw[2] != nullptr ? pstrdup(raw[2]) : nullptr;
        message->detail = raw[3] != nullptr ? pstrdup(raw[3]) : nullptr;
        message->hint = raw[4] != nullptr ? pstrdup(raw[4]) : nullptr;
        message->table_name = raw[6] != nullptr ? pstrdup(raw[6]) : nullptr;
        message->constraint_name = raw[9] != nullptr ? pstrdup(raw[9]) : nullptr;
        return;
    }
    ResolveContext context{0, true};
    int64_t table_shard_id = 0;
    message->table_name = rewritten_name(raw[6], "relation", context);
    if (raw[6] != nullptr && strcmp(message->table_name, raw[6]) != 0 &&
        core::parse_shard_id_suffix(raw[6], &table_shard_id))
        context.table_shard_id = table_shard_id;
    context.tables_only = false;
    message->constraint_name = rewritten_name(raw[9], "constraint", context);
    message->message = with_local_type_name(rewritten(raw[2], context), message->schema_name,
                                            message->datatype_name);
    message->detail = rewritten(raw[3], context);
    message->hint = rewritten(raw[4], context);
}

} // namespace

void read_worker_message(const PGresult *result, WorkerMessage *message)
{
    const char *raw[10];
    for (int i = 0; i < 10; i++)
        raw[i] = PQresultErrorField(result, kNoticeFields[i]);
    fill_message(message, raw);
}

int errworkerfields(const WorkerMessage *message)
{
    if (message->schema_name != nullptr)
        err_generic_string(PG_DIAG_SCHEMA_NAME, message->schema_name);
    if (message->table_name != nullptr)
        err_generic_string(PG_DIAG_TABLE_NAME, message->table_name);
    if (message->column_name != nullptr)
        err_generic_string(PG_DIAG_COLUMN_NAME, message->column_name);
    if (message->datatype_name != nullptr)
        err_generic_string(PG_DIAG_DATATYPE_NAME, message->datatype_name);
    if (message->constraint_name != nullptr)
        err_generic_string(PG_DIAG_CONSTRAINT_NAME, message->constraint_name);
    return 0;
}

void watch_worker_notices(PGconn *conn)
{
    if (!callbacks_registered) {
        RegisterXactCallback(on_transaction_end, nullptr);
        RegisterSubXactCallback(on_subtransaction_end, nullptr);
        callbacks_registered = true;
    }
    PQsetNoticeReceiver(conn, receive_notice, nullptr);
}

void forward_worker_notices(bool on)
{
    forwarding = on;
}

void emit_worker_notices()
{
    while (queue_head != nullptr) {
        // Unlinked before reporting, so that each notice is reported once whatever happens.
        QueuedNotice *notice = queue_head;
        queue_head = notice->next;
        if (queue_head == nullptr)
            queue_tail = nullptr;
        WorkerMessage message;
        const char *raw[10];
        for (int i = 0; i < 10; i++)
            raw[i] = notice->fields[i];
        fill_message(&message, raw);
        free_notice(notice);
        int level = notice_level(message.severity);
        ereport(level, (message.sqlcode != 0 ? errcode(message.sqlcode) : 0,
                        errmsg_internal("%s", message.message != nullptr ? message.message : ""),
                        message.detail != nullptr ? errdetail_internal("%s", message.detail) : 0,
                        message.hint != nullptr ? errhint("%s", message.hint) : 0,
                        errworkerfields(&message)));
    }
}

} // namespace tessera::executor
