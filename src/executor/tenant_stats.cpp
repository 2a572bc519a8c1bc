// Tenant monitoring: citus.stat_tenants_* settings, the shared table of tenants, the executor
// hooks that attribute each top-level statement, and citus_stat_tenants(_local)(_reset).
//
// The table holds up to 3 × citus.stat_tenants_limit tenants. Each attributed statement adds
// kOneQueryScore to its tenant's score, and a score halves with every period that passes, so
// the score ranks tenants by recent activity. When a new tenant finds the table full, the
// tenants with the lowest scores are dropped until 2 × limit remain. A tenant not in the table
// enters it only for the fraction citus.stat_tenants_untracked_sample_rate of its statements.
// Counters are kept for the period running now (citus.stat_tenants_period seconds, aligned to
// multiples of the period) and the one before it.
#include "tessera/executor/tenant_stats.h"

#include "tessera/pg/guard.h"

#include <sys/resource.h>

#include <algorithm>

extern "C" {
#include "access/xact.h"
#include "common/pg_prng.h"
#include "executor/executor.h"
#include "funcapi.h"
#include "mb/pg_wchar.h"
#include "miscadmin.h"
#include "storage/ipc.h"
#include "storage/lwlock.h"
#include "storage/shmem.h"
#include "utils/builtins.h"
#include "utils/guc.h"
#include "utils/lsyscache.h"
#include "utils/timestamp.h"
#include "utils/tuplestore.h"
}

int tessera_stat_tenants_track = 0;

namespace {

int stat_tenants_limit = 100;
int stat_tenants_period = 60;
int stat_tenants_log_level = -1; // -1: off, else an elevel
double stat_tenants_untracked_sample_rate = 1.0;

const struct config_enum_entry track_options[] = {
    {"none", 0, false},
    {"all", 1, false},
    {nullptr, 0, false},
};

const struct config_enum_entry log_level_options[] = {
    {"off", -1, false},        {"debug5", DEBUG5, false},   {"debug4", DEBUG4, false},
    {"debug3", DEBUG3, false}, {"debug2", DEBUG2, false},   {"debug1", DEBUG1, false},
    {"debug", DEBUG2, true},   {"log", LOG, false},         {"info", INFO, true},
    {"notice", NOTICE, false}, {"warning", WARNING, false}, {nullptr, 0, false},
};

constexpr int kAttributeBytes = 101;           // tenant values are cut to 100 bytes
constexpr int64 kOneQueryScore = 1000000000LL; // score added by one statement

// One tenant: a distribution column value of one colocation group in one database.
struct TenantEntry {
    Oid database;
    int32 colocation_id;
    int32 node_id; // node whose shard served the tenant's latest statement
    char attribute[kAttributeBytes];
    int64 score;
    TimestampTz last_query;
    TimestampTz last_score_reduction;
    int32 reads_this;
    int32 reads_last;
    int32 queries_this;
    int32 queries_last;
    double cpu_this;
    double cpu_last;
};

struct TenantShared {
    LWLock *lock;
    int capacity; // 3 × citus.stat_tenants_limit, fixed at server start
    int count;
    TenantEntry entries[FLEXIBLE_ARRAY_MEMBER];
};

shmem_request_hook_type previous_shmem_request = nullptr;
shmem_startup_hook_type previous_shmem_startup = nullptr;
ExecutorStart_hook_type previous_executor_start = nullptr;
ExecutorEnd_hook_type previous_executor_end = nullptr;
TenantShared *shared = nullptr;

// The statement being attributed in this backend: the top-level QueryDesc, when it started,
// and what its scans noted so far.
struct StatementNote {
    QueryDesc *top;
    TimestampTz statement_start; // GetCurrentStatementStartTimestamp() when it began
    int nest_level;              // GetCurrentTransactionNestLevel() when it began
    struct rusage usage_start;
    bool has_tenant;
    bool unattributed; // a scan not pinned to the tenant (or to another one) ran
    int32 colocation_id;
    int32 node_id;
    char attribute[kAttributeBytes];
};
StatementNote note;

// Bytes of shared memory for a table of `capacity` tenants.
Size shared_size(int capacity)
{
    return add_size(offsetof(TenantShared, entries), mul_size(sizeof(TenantEntry), capacity));
}

// shmem_request_hook: reserves the table (sized by citus.stat_tenants_limit) and its lock.
void request_shared_memory()
{
    if (previous_shmem_request != nullptr)
        previous_shmem_request();
    RequestAddinShmemSpace(MAXALIGN(shared_size(stat_tenants_limit * 3)));
    RequestNamedLWLockTranche("tessera_stat_tenants", 1);
}

// shmem_startup_hook: attaches to (or first initializes) the table.
void attach_shared_memory()
{
    if (previous_shmem_startup != nullptr)
        previous_shmem_startup();
    LWLockAcquire(AddinShmemInitLock, LW_EXCLUSIVE);
    bool found;
    shared = static_cast<TenantShared *>(
        ShmemInitStruct("tessera stat tenants", shared_size(stat_tenants_limit * 3), &found));
    if (!found) {
        memset(shared, 0, offsetof(TenantShared, entries));
        shared->lock = &(GetNamedLWLockTranche("tessera_stat_tenants"))->lock;
        shared->capacity = stat_tenants_limit * 3;
    }
    LWLockRelease(AddinShmemInitLock);
}

// Length of one period in microseconds.
int64 period_usecs()
{
    return static_cast<int64>(Max(stat_tenants_period, 1)) * USECS_PER_SEC;
}

// Start of the period holding `time`.
TimestampTz period_start(TimestampTz time)
{
    int64 period = period_usecs();
    int64 offset = time % period;
    if (offset < 0)
        offset += period;
    return time - offset;
}

// Rolls the entry's counters over when periods have passed since its latest statement: the
// period it ran in becomes the last one if it is the one just before `now`'s.
void roll_periods(TenantEntry *entry, TimestampTz now)
{
    TimestampTz current = period_start(now);
    if (entry->last_query >= current)
        return;
    if (entry->last_query >= current - period_usecs()) {
        entry->reads_last = entry->reads_this;
        entry->queries_last = entry->queries_this;
        entry->cpu_last = entry->cpu_this;
    } else {
        entry->reads_last = 0;
        entry->queries_last = 0;
        entry->cpu_last = 0;
    }
    entry->reads_this = 0;
    entry->queries_this = 0;
    entry->cpu_this = 0;
    entry->last_query = now; // the counters now describe `now`'s period
}

// Halves the entry's score once for every period boundary passed since it was last reduced.
void reduce_score(TenantEntry *entry, TimestampTz now)
{
    int64 periods =
        (period_start(now) - period_start(entry->last_score_reduction)) / period_usecs();
    if (periods <= 0)
        return;
    entry->score = periods >= 63 ? 0 : entry->score >> periods;
    entry->last_score_reduction = now;
}

// Orders entries by score, highest first (ties by colocation group and value, so that equal
// scores come out in a stable order).
bool higher_score(const TenantEntry &a, const TenantEntry &b)
{
    if (a.score != b.score)
        return a.score > b.score;
    if (a.colocation_id != b.colocation_id)
        return a.colocation_id < b.colocation_id;
    return strcmp(a.attribute, b.attribute) < 0;
}

// Makes room in the full table: keeps the 2 × limit tenants with the highest scores.
void evict_tenants(TimestampTz now)
{
    for (int i = 0; i < shared->count; i++)
        reduce_score(&shared->entries[i], now);
    std::sort(shared->entries, shared->entries + shared->count, higher_score);
    shared->count = Min(shared->count, stat_tenants_limit * 2);
}

// Adds one statement of the noted tenant to the table.
void record_statement(bool is_read, double cpu_seconds)
{
    if (shared == nullptr)
        return;
    TimestampTz now = GetCurrentTimestamp();
    LWLockAcquire(shared->lock, LW_EXCLUSIVE);
    TenantEntry *entry = nullptr;
    for (int i = 0; i < shared->count && entry == nullptr; i++) {
        TenantEntry *candidate = &shared->entries[i];
        if (candidate->database == MyDatabaseId && candidate->colocation_id == note.colocation_id &&
            strcmp(candidate->attribute, note.attribute) == 0)
            entry = candidate;
    }
    if (entry == nullptr) {
        // A tenant not tracked yet enters for a sample of its statements only.
        if (stat_tenants_untracked_sample_rate < 1.0 &&
            pg_prng_double(&pg_global_prng_state) >= stat_tenants_untracked_sample_rate) {
            LWLockRelease(shared->lock);
            return;
        }
        if (shared->count >= shared->capacity)
            evict_tenants(now);
        entry = &shared->entries[shared->count++];
        memset(entry, 0, sizeof(TenantEntry));
        entry->database = MyDatabaseId;
        entry->colocation_id = note.colocation_id;
        strlcpy(entry->attribute, note.attribute, sizeof(entry->attribute));
        entry->last_query = now;
        entry->last_score_reduction = now;
    }
    roll_periods(entry, now);
    reduce_score(entry, now);
    entry->last_query = now;
    entry->node_id = note.node_id;
    entry->score += kOneQueryScore;
    entry->queries_this++;
    if (is_read)
        entry->reads_this++;
    entry->cpu_this += cpu_seconds;
    LWLockRelease(shared->lock);
}

// Seconds of CPU (user and system) this backend used between `start` and now.
double cpu_seconds_since(const struct rusage &start)
{
    struct rusage now;
    getrusage(RUSAGE_SELF, &now);
    double user = static_cast<double>(now.ru_utime.tv_sec - start.ru_utime.tv_sec) +
                  static_cast<double>(now.ru_utime.tv_usec - start.ru_utime.tv_usec) / 1e6;
    double system = static_cast<double>(now.ru_stime.tv_sec - start.ru_stime.tv_sec) +
                    static_cast<double>(now.ru_stime.tv_usec - start.ru_stime.tv_usec) / 1e6;
    return Max(user + system, 0.0);
}

// ExecutorStart hook: with tracking on, a statement that is not part of the one being
// attributed (a new client statement, or one after the previous ended) begins a new note.
// Statements run inside it (functions, triggers) add their scans to its note.
void tenant_executor_start(QueryDesc *query_desc, int eflags)
{
    if (tessera_stat_tenants_track != 0 && (eflags & EXEC_FLAG_EXPLAIN_ONLY) == 0 &&
        (note.top == nullptr || note.statement_start != GetCurrentStatementStartTimestamp())) {
        note.top = query_desc;
        note.statement_start = GetCurrentStatementStartTimestamp();
        note.nest_level = GetCurrentTransactionNestLevel();
        note.has_tenant = false;
        note.unattributed = false;
        getrusage(RUSAGE_SELF, &note.usage_start);
    }
    if (previous_executor_start != nullptr)
        previous_executor_start(query_desc, eflags);
    else
        standard_ExecutorStart(query_desc, eflags);
}

// ExecutorEnd hook: the end of the noted top-level statement records its tenant, if all its
// distributed scans ran for that one tenant.
void tenant_executor_end(QueryDesc *query_desc)
{
    if (note.top == query_desc) {
        note.top = nullptr;
        if (note.has_tenant && !note.unattributed && tessera_stat_tenants_track != 0) {
            double cpu = cpu_seconds_since(note.usage_start);
            if (stat_tenants_log_level >= 0)
                ereport(stat_tenants_log_level,
                        (errmsg("attributing the statement to tenant \"%s\" of colocation group "
                                "%d",
                                note.attribute, note.colocation_id)));
            record_statement(query_desc->operation == CMD_SELECT, cpu);
        }
    }
    if (previous_executor_end != nullptr)
        previous_executor_end(query_desc);
    else
        standard_ExecutorEnd(query_desc);
}

// Transaction callback: a statement that failed never reached ExecutorEnd; forget it.
void on_transaction_end(XactEvent event, void *)
{
    if (event == XACT_EVENT_ABORT || event == XACT_EVENT_PARALLEL_ABORT)
        note.top = nullptr;
}

// Subtransaction callback: a statement that failed inside a subtransaction it started in (a
// statement of a PL/pgSQL block with an EXCEPTION clause, or after a SAVEPOINT) is forgotten
// too, so that the next statement of the same client command starts a note of its own. A
// subtransaction that began inside the statement (and failed there) leaves it as it is.
void on_subtransaction_end(SubXactEvent event, SubTransactionId, SubTransactionId, void *)
{
    if (event == SUBXACT_EVENT_ABORT_SUB && note.top != nullptr &&
        GetCurrentTransactionNestLevel() <= note.nest_level)
        note.top = nullptr;
}

} // namespace

namespace tessera::executor {

void register_tenant_stats_settings()
{
    DefineCustomEnumVariable(
        "citus.stat_tenants_track",
        "Counts the statements routed to each tenant for citus_stat_tenants ('none' or 'all').",
        nullptr, &tessera_stat_tenants_track, 0, track_options, PGC_SUSET, 0, nullptr, nullptr,
        nullptr);
    DefineCustomIntVariable("citus.stat_tenants_limit",
                            "Tenants citus_stat_tenants shows; three times as many are tracked.",
                            nullptr, &stat_tenants_limit, 100, 1, 10000, PGC_POSTMASTER, 0, nullptr,
                            nullptr, nullptr);
    DefineCustomIntVariable("citus.stat_tenants_period",
                            "Length of the periods citus_stat_tenants counts statements in.",
                            nullptr, &stat_tenants_period, 60, 1, 24 * 60 * 60, PGC_SUSET,
                            GUC_UNIT_S, nullptr, nullptr, nullptr);
    DefineCustomEnumVariable("citus.stat_tenants_log_level",
                             "Message level of the log line written for every statement "
                             "attributed to a tenant ('off': none).",
                             nullptr, &stat_tenants_log_level, -1, log_level_options, PGC_USERSET,
                             0, nullptr, nullptr, nullptr);
    DefineCustomRealVariable("citus.stat_tenants_untracked_sample_rate",
                             "Fraction of the statements of a tenant not tracked yet that start "
                             "tracking it.",
                             nullptr, &stat_tenants_untracked_sample_rate, 1.0, 0.0, 1.0, PGC_SUSET,
                             0, nullptr, nullptr, nullptr);
}

void install_tenant_stats()
{
    previous_shmem_request = shmem_request_hook;
    shmem_request_hook = request_shared_memory;
    previous_shmem_startup = shmem_startup_hook;
    shmem_startup_hook = attach_shared_memory;
    previous_executor_start = ExecutorStart_hook;
    ExecutorStart_hook = tenant_executor_start;
    previous_executor_end = ExecutorEnd_hook;
    ExecutorEnd_hook = tenant_executor_end;
    RegisterXactCallback(on_transaction_end, nullptr);
    RegisterSubXactCallback(on_subtransaction_end, nullptr);
}

void note_scan_tenant(int32 colocation_id, const Const *value, int32 node_id)
{
    if (note.top == nullptr || note.unattributed)
        return;
    if (value == nullptr || value->constisnull) {
        note.unattributed = true;
        return;
    }
    Oid output;
    bool varlena;
    getTypeOutputInfo(value->consttype, &output, &varlena);
    char *text = OidOutputFunctionCall(output, value->constvalue);
    int length = pg_mbcliplen(text, static_cast<int>(strlen(text)), kAttributeBytes - 1);
    if (note.has_tenant) {
        // Another scan of the statement: attributed only if it serves the same tenant.
        if (note.colocation_id != colocation_id || strncmp(note.attribute, text, length) != 0 ||
            note.attribute[length] != '\0')
            note.unattributed = true;
        note.node_id = node_id;
        return;
    }
    note.has_tenant = true;
    note.colocation_id = colocation_id;
    note.node_id = node_id;
    memcpy(note.attribute, text, length);
    note.attribute[length] = '\0';
}

} // namespace tessera::executor

namespace {

// Rows of the tenant table for this database, highest score first, at most the limit unless
// `all`; rolls periods and scores forward to now first.
void emit_tenants(FunctionCallInfo fcinfo, bool all, bool with_node)
{
    InitMaterializedSRF(fcinfo, 0);
    auto *rsinfo = reinterpret_cast<ReturnSetInfo *>(fcinfo->resultinfo);
    if (shared == nullptr)
        return;
    TimestampTz now = GetCurrentTimestamp();
    auto *rows = static_cast<TenantEntry *>(palloc(sizeof(TenantEntry) * (shared->capacity + 1)));
    int count = 0;
    LWLockAcquire(shared->lock, LW_EXCLUSIVE);
    for (int i = 0; i < shared->count; i++) {
        TenantEntry *entry = &shared->entries[i];
        if (entry->database != MyDatabaseId)
            continue;
        roll_periods(entry, now);
        reduce_score(entry, now);
        rows[count++] = *entry;
    }
    LWLockRelease(shared->lock);
    std::sort(rows, rows + count, higher_score);
    if (!all)
        count = Min(count, stat_tenants_limit);
    for (int r = 0; r < count; r++) {
        Datum values[11];
        bool nulls[11] = {false};
        int c = 0;
        if (with_node)
            values[c++] = Int32GetDatum(rows[r].node_id);
        values[c++] = Int32GetDatum(rows[r].colocation_id);
        values[c++] = CStringGetTextDatum(rows[r].attribute);
        values[c++] = Int32GetDatum(rows[r].reads_this);
        values[c++] = Int32GetDatum(rows[r].reads_last);
        values[c++] = Int32GetDatum(rows[r].queries_this);
        values[c++] = Int32GetDatum(rows[r].queries_last);
        values[c++] = Float8GetDatum(rows[r].cpu_this);
        values[c++] = Float8GetDatum(rows[r].cpu_last);
        values[c++] = Int64GetDatum(rows[r].score);
        tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
    }
}

// Removes this database's tenants from the table.
void reset_tenants()
{
    if (shared == nullptr)
        return;
    LWLockAcquire(shared->lock, LW_EXCLUSIVE);
    int kept = 0;
    for (int i = 0; i < shared->count; i++)
        if (shared->entries[i].database != MyDatabaseId)
            shared->entries[kept++] = shared->entries[i];
    shared->count = kept;
    LWLockRelease(shared->lock);
}

} // namespace

// citus_stat_tenants(return_all_tenants): the tenants this coordinator attributed statements
// to, with the node that served each one's latest statement.
TESSERA_FUNCTION(citus_stat_tenants)
{
    emit_tenants(fcinfo, PG_ARGISNULL(0) ? false : PG_GETARG_BOOL(0), true);
    return (Datum)0;
}

// citus_stat_tenants_local(return_all_tenants): the same without the node column.
TESSERA_FUNCTION(citus_stat_tenants_local)
{
    emit_tenants(fcinfo, PG_ARGISNULL(0) ? false : PG_GETARG_BOOL(0), false);
    return (Datum)0;
}

// citus_stat_tenants_reset() and citus_stat_tenants_local_reset(): forget every tenant of this
// database.
TESSERA_FUNCTION(citus_stat_tenants_local_reset)
{
    reset_tenants();
    PG_RETURN_VOID();
}
