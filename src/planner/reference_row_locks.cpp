// Coordinator locks of single-row writes to reference tables. Writes to every copy of a
// reference table run in parallel, so two writes of the same rows must not reach the copies in
// different orders (the copies would diverge, or the writes wait for each other on different
// nodes, a cycle no node sees): lock_shards_for_write serialises them on the coordinator. An
// UPDATE or DELETE that names one row by its whole primary key and reads nothing but that row
// needs less: it commutes with every other such write of another key, so it takes the table's
// lock in a mode those writes share and an exclusive lock on its key alone.
#include "tessera/planner/modify_internal.h"

extern "C" {
#include "access/hash.h"
#include "access/htup_details.h"
#include "catalog/pg_am_d.h"
#include "catalog/pg_index.h"
#include "commands/defrem.h"
#include "common/hashfn.h"
#include "miscadmin.h"
#include "nodes/makefuncs.h"
#include "nodes/nodeFuncs.h"
#include "optimizer/optimizer.h"
#include "parser/parsetree.h"
#include "storage/lock.h"
#include "storage/proc.h"
#include "utils/fmgroids.h"
#include "utils/lsyscache.h"
#include "utils/rel.h"
#include "utils/relcache.h"
#include "utils/syscache.h"
#include "utils/typcache.h"
}

#include <algorithm>
#include <utility>
#include <vector>

namespace tessera::planner::modify {

namespace {

// Lock class of the per-key locks (advisory lock tags; kShardWriteLockClass is the table's).
constexpr uint16 kReferenceKeyLockClass = 12;

// One column of a primary key: its attribute number, type and collation.
struct KeyColumn {
    AttrNumber attnum;
    Oid type;
    Oid collation;
};

// The columns of `relation`'s primary key, when it is a plain btree key over columns with
// their types' default operator classes and the table has no other unique index or exclusion
// constraint (another unique column would let writes of two different keys conflict).
// Empty otherwise.
std::vector<KeyColumn> sole_primary_key(Relation relation)
{
    std::vector<KeyColumn> key;
    bool found = false;
    List *indexes = RelationGetIndexList(relation);
    ListCell *cell;
    foreach (cell, indexes) {
        HeapTuple tuple = SearchSysCache1(INDEXRELID, ObjectIdGetDatum(lfirst_oid(cell)));
        if (!HeapTupleIsValid(tuple))
            return {};
        auto *index = reinterpret_cast<Form_pg_index>(GETSTRUCT(tuple));
        bool constrains = index->indisunique || index->indisexclusion;
        bool usable = index->indisprimary && !index->indisexclusion &&
                      heap_attisnull(tuple, Anum_pg_index_indexprs, nullptr) &&
                      heap_attisnull(tuple, Anum_pg_index_indpred, nullptr) &&
                      index->indnkeyatts == index->indnatts;
        std::vector<KeyColumn> columns;
        if (usable) {
            bool isnull = false;
            Datum classes = SysCacheGetAttr(INDEXRELID, tuple, Anum_pg_index_indclass, &isnull);
            auto *opclasses = reinterpret_cast<oidvector *>(DatumGetPointer(classes));
            for (int i = 0; usable && i < index->indnkeyatts; i++) {
                AttrNumber attnum = index->indkey.values[i];
                if (attnum <= 0) {
                    usable = false;
                    break;
                }
                Form_pg_attribute attribute = TupleDescAttr(RelationGetDescr(relation), attnum - 1);
                usable =
                    opclasses->values[i] == GetDefaultOpClass(attribute->atttypid, BTREE_AM_OID);
                columns.push_back({attnum, attribute->atttypid, attribute->attcollation});
            }
        }
        ReleaseSysCache(tuple);
        if (!constrains)
            continue;
        if (!usable || found)
            return {}; // an unusable key, or a second unique index
        found = true;
        key = std::move(columns);
    }
    return key;
}

// The constant that `qual` (a top-level condition of the statement) compares column `column`
// of the target (range-table index `target`) with by its type's equality, or nullptr.
Const *key_equality_constant(Node *qual, Index target, const KeyColumn &column)
{
    if (!IsA(qual, OpExpr) || list_length(reinterpret_cast<OpExpr *>(qual)->args) != 2)
        return nullptr;
    auto *op = reinterpret_cast<OpExpr *>(qual);
    TypeCacheEntry *type = lookup_type_cache(column.type, TYPECACHE_EQ_OPR);
    if (op->opno != type->eq_opr)
        return nullptr;
    Node *left = strip_implicit_coercions(static_cast<Node *>(linitial(op->args)));
    Node *right = strip_implicit_coercions(static_cast<Node *>(lsecond(op->args)));
    if (IsA(right, Var))
        std::swap(left, right);
    if (!IsA(left, Var) || !IsA(right, Const))
        return nullptr;
    auto *var = reinterpret_cast<Var *>(left);
    auto *constant = reinterpret_cast<Const *>(right);
    if (var->varno != static_cast<int>(target) || var->varlevelsup != 0 ||
        var->varattno != column.attnum || constant->constisnull ||
        constant->consttype != column.type)
        return nullptr;
    return constant;
}

// Whether UPDATE `bound` assigns a column of `key`.
bool assigns_key_column(Query *bound, const std::vector<KeyColumn> &key)
{
    ListCell *cell;
    foreach (cell, bound->targetList) {
        auto *entry = static_cast<TargetEntry *>(lfirst(cell));
        for (const KeyColumn &column : key)
            if (!entry->resjunk && entry->resno == column.attnum)
                return true;
    }
    return false;
}

} // namespace

namespace {

// The hash of the whole primary key value that the conditions of `query` (its only range-table
// entry, `target`, is the relation `relid`) pin the rows to, when they name one row by it:
// equality with a constant on every key column, and the table has no other unique index or
// exclusion constraint. False otherwise.
bool pinned_key_hash(Query *query, Index target, Oid relid, uint32 *key_hash)
{
    Relation relation = RelationIdGetRelation(relid);
    if (!RelationIsValid(relation))
        return false;
    std::vector<KeyColumn> key = sole_primary_key(relation);
    RelationClose(relation);
    if (key.empty() || (query->commandType == CMD_UPDATE && assigns_key_column(query, key)))
        return false;

    List *quals = make_ands_implicit(reinterpret_cast<Expr *>(query->jointree->quals));
    uint32 hash = 0;
    for (const KeyColumn &column : key) {
        Const *value = nullptr;
        ListCell *cell;
        foreach (cell, quals) {
            value = key_equality_constant(static_cast<Node *>(lfirst(cell)), target, column);
            if (value != nullptr)
                break;
        }
        if (value == nullptr)
            return false;
        TypeCacheEntry *type = lookup_type_cache(column.type, TYPECACHE_HASH_PROC_FINFO);
        if (!OidIsValid(type->hash_proc))
            return false;
        // The type's hash agrees with its equality (the type cache checks that), so equal keys
        // written differently (1.0 and 1.00) take the same lock.
        Datum column_hash =
            FunctionCall1Coll(&type->hash_proc_finfo, column.collation, value->constvalue);
        hash = hash_combine(hash, DatumGetUInt32(column_hash));
    }
    *key_hash = hash;
    return true;
}

// Whether `query` reads one table only (range-table entry 1), with nothing to compute first.
bool reads_one_table(Query *query)
{
    return query->cteList == NIL && !query->hasSubLinks && list_length(query->rtable) == 1 &&
           list_length(query->jointree->fromlist) == 1 && query->setOperations == nullptr &&
           !contain_volatile_functions(reinterpret_cast<Node *>(query));
}

} // namespace

bool single_row_reference_write(Query *bound, uint32 *key_hash, LOCKMODE *key_mode)
{
    if ((bound->commandType != CMD_UPDATE && bound->commandType != CMD_DELETE) ||
        !reads_one_table(bound))
        return false;
    Oid relid = rt_fetch(bound->resultRelation, bound->rtable)->relid;
    if (!pinned_key_hash(bound, static_cast<Index>(bound->resultRelation), relid, key_hash))
        return false;
    // An UPDATE that keeps the key is FOR NO KEY UPDATE of the row, a DELETE is FOR UPDATE (so
    // it also conflicts with FOR KEY SHARE readers); see row_lock_key_mode.
    *key_mode = bound->commandType == CMD_DELETE ? AccessExclusiveLock : ExclusiveLock;
    return true;
}

void lock_reference_row(uint64 shard_id, uint32 key_hash, LOCKMODE key_mode)
{
    lock_shard_for_write(shard_id, RowExclusiveLock);
    // Keys of different shards may share a tag (the shard id's low half): they then only wait
    // for each other needlessly.
    LOCKTAG key_tag;
    SET_LOCKTAG_ADVISORY(key_tag, MyDatabaseId, static_cast<uint32>(shard_id), key_hash,
                         kReferenceKeyLockClass);
    (void)LockAcquire(&key_tag, key_mode, false, false);
}

namespace {

// Past this many key locks in one transaction a locking read of reference rows locks the whole
// table instead (the shard lock in the mode of a read that names no key): every key lock stays
// in the shared lock table until the transaction ends, and foreign key checks of a coordinator
// table that references a reference table take one per referenced key. PostgreSQL sizes that
// table for max_locks_per_transaction (default 64) locks per transaction.
constexpr int kMaxReferenceKeyLocks = 64;

// Key locks taken so far by the transaction numbered `key_lock_transaction`.
int key_locks_taken = 0;
LocalTransactionId key_lock_transaction = InvalidLocalTransactionId;

// One locked reference table of a locking read.
struct ReadLock {
    Oid relid;
    uint64 shard_id;
    LockClauseStrength strength;
    LockWaitPolicy policy;
    bool pinned; // the read names one row by its whole primary key: key_hash
    uint32 key_hash;
};

// Walker: adds the reference tables every locking clause of a query level locks to *locks (a
// std::vector<ReadLock>), the strongest strength and policy per table.
bool collect_read_locks(Node *node, void *context)
{
    if (node == nullptr)
        return false;
    if (IsA(node, Query)) {
        auto *query = reinterpret_cast<Query *>(node);
        auto *locks = static_cast<std::vector<ReadLock> *>(context);
        ListCell *cell;
        foreach (cell, query->rowMarks) {
            auto *mark = static_cast<RowMarkClause *>(lfirst(cell));
            RangeTblEntry *rte = rt_fetch(mark->rti, query->rtable);
            if (rte->rtekind != RTE_RELATION)
                continue;
            const metadata::DistributedTable *table =
                metadata::lookup_distributed_table(rte->relid);
            if (table == nullptr || table->partition_method == metadata::kDistributeByHash ||
                table->shard_count < 1)
                continue;
            bool found = false;
            for (ReadLock &lock : *locks) {
                if (lock.relid != rte->relid)
                    continue;
                found = true;
                lock.strength = std::max(lock.strength, mark->strength);
                lock.policy = std::max(lock.policy, mark->waitPolicy);
                lock.pinned = false; // locked at two places: no single key
            }
            if (!found)
                locks->push_back({rte->relid, static_cast<uint64>(table->shards[0].shard_id),
                                  mark->strength, mark->waitPolicy, false, 0});
        }
        return query_tree_walker(query, TESSERA_WALKER(collect_read_locks), context, 0);
    }
    return expression_tree_walker(node, TESSERA_WALKER(collect_read_locks), context);
}

// The mode of the per-key lock of a read locking one row with `strength`: the heavyweight lock
// modes PostgreSQL itself uses for tuple locks of that strength, whose conflicts are those of
// the row lock strengths (FOR KEY SHARE AccessShareLock ... FOR UPDATE AccessExclusiveLock).
// Single-row writes take ExclusiveLock (UPDATE keeping the key) or AccessExclusiveLock
// (DELETE).
LOCKMODE row_lock_key_mode(LockClauseStrength strength)
{
    switch (strength) {
    case LCS_FORKEYSHARE:
        return AccessShareLock;
    case LCS_FORSHARE:
        return RowShareLock;
    case LCS_FORNOKEYUPDATE:
        return ExclusiveLock;
    default:
        return AccessExclusiveLock;
    }
}

// Whether a lock of `strength` only shares the rows (FOR KEY SHARE, FOR SHARE).
bool shares_rows(LockClauseStrength strength)
{
    return strength == LCS_FORKEYSHARE || strength == LCS_FORSHARE;
}

// Takes one lock for a read with `policy`: true when held; false when not available and
// `policy` does not wait.
bool acquire(const LOCKTAG &tag, LOCKMODE mode, LockWaitPolicy policy, LockAcquireResult *result)
{
    *result = LockAcquire(&tag, mode, false, policy != LockWaitBlock);
    return *result != LOCKACQUIRE_NOT_AVAIL;
}

// Raises the error of a NOWAIT read of `relid` whose rows are locked.
[[noreturn]] void rows_not_available(Oid relid)
{
    ereport(ERROR,
            (errcode(ERRCODE_LOCK_NOT_AVAILABLE),
             errmsg("could not obtain lock on row in relation \"%s\"", get_rel_name(relid))));
    pg_unreachable();
}

} // namespace

char *reference_read_locks(Query *bound)
{
    std::vector<ReadLock> locks;
    (void)collect_read_locks(reinterpret_cast<Node *>(bound), &locks);
    if (locks.empty())
        return nullptr;
    if (locks.size() == 1 && bound->rowMarks != NIL && reads_one_table(bound) &&
        rt_fetch(1, bound->rtable)->relid == locks[0].relid)
        locks[0].pinned = pinned_key_hash(bound, 1, locks[0].relid, &locks[0].key_hash);
    // Shard id order, so two reads of the same tables queue instead of locking in turn.
    std::sort(locks.begin(), locks.end(), [](const ReadLock &left, const ReadLock &right) {
        return left.shard_id < right.shard_id;
    });
    StringInfoData spec;
    initStringInfo(&spec);
    for (const ReadLock &lock : locks)
        appendStringInfo(&spec, "%u " UINT64_FORMAT " %d %d %d %u;", lock.relid, lock.shard_id,
                         static_cast<int>(lock.strength), static_cast<int>(lock.policy),
                         lock.pinned ? 1 : 0, lock.key_hash);
    return spec.data;
}

bool take_reference_read_locks(const char *spec)
{
    if (key_lock_transaction != MyProc->lxid) {
        key_lock_transaction = MyProc->lxid;
        key_locks_taken = 0;
    }
    const char *cursor = spec;
    while (*cursor != '\0') {
        unsigned int relid = 0;
        unsigned long long shard_id = 0;
        int strength_value = 0;
        int policy_value = 0;
        int pinned_value = 0;
        unsigned int key_hash = 0;
        int consumed = 0;
        if (sscanf(cursor, "%u %llu %d %d %d %u;%n", &relid, &shard_id, &strength_value,
                   &policy_value, &pinned_value, &key_hash, &consumed) != 6 ||
            consumed == 0)
            elog(ERROR, "malformed reference row locks \"%s\"", spec);
        cursor += consumed;
        auto strength = static_cast<LockClauseStrength>(strength_value);
        auto policy = static_cast<LockWaitPolicy>(policy_value);
        bool pinned = pinned_value != 0 && key_locks_taken < kMaxReferenceKeyLocks;
        // The table's lock (the shard's write lock tag): writes of any rows take ExclusiveLock,
        // single-row writes RowExclusiveLock (their key lock decides). A read naming one key
        // shares it with those (RowShareLock, or RowExclusiveLock when it would write the row,
        // so that it conflicts with reads sharing every row); a read of any rows takes
        // ShareLock (shares rows: conflicts with every write) or ExclusiveLock.
        LOCKMODE shard_mode = pinned ? (shares_rows(strength) ? RowShareLock : RowExclusiveLock)
                                     : (shares_rows(strength) ? ShareLock : ExclusiveLock);
        LOCKTAG shard_tag;
        SET_LOCKTAG_ADVISORY(shard_tag, MyDatabaseId, static_cast<uint32>(shard_id >> 32),
                             static_cast<uint32>(shard_id), kShardWriteLockClass);
        LockAcquireResult result;
        if (!acquire(shard_tag, shard_mode, policy, &result)) {
            if (policy == LockWaitError)
                rows_not_available(relid);
            if (!pinned)
                ereport(ERROR,
                        (errcode(ERRCODE_LOCK_NOT_AVAILABLE),
                         errmsg("could not obtain lock on rows of reference table \"%s\"",
                                get_rel_name(relid)),
                         errdetail("Another transaction writes or locks rows of the table. SKIP "
                                   "LOCKED skips the locked rows of a reference table only in a "
                                   "query that names one row by its whole primary key.")));
            return false; // the one row is taken
        }
        if (!pinned)
            continue;
        LOCKTAG key_tag;
        SET_LOCKTAG_ADVISORY(key_tag, MyDatabaseId, static_cast<uint32>(shard_id), key_hash,
                             kReferenceKeyLockClass);
        LockAcquireResult key_result;
        if (!acquire(key_tag, row_lock_key_mode(strength), policy, &key_result)) {
            if (policy == LockWaitError)
                rows_not_available(relid);
            (void)LockRelease(&shard_tag, shard_mode, false);
            return false;
        }
        if (key_result == LOCKACQUIRE_OK)
            key_locks_taken++;
    }
    return true;
}

} // namespace tessera::planner::modify
