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
#include "utils/fmgroids.h"
#include "utils/lsyscache.h"
#include "utils/rel.h"
#include "utils/relcache.h"
#include "utils/syscache.h"
#include "utils/typcache.h"
}

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

bool single_row_reference_write(Query *bound, uint32 *key_hash)
{
    if ((bound->commandType != CMD_UPDATE && bound->commandType != CMD_DELETE) ||
        bound->cteList != NIL || bound->hasSubLinks || list_length(bound->rtable) != 1 ||
        list_length(bound->jointree->fromlist) != 1 ||
        contain_volatile_functions(reinterpret_cast<Node *>(bound)))
        return false;
    Oid relid = rt_fetch(bound->resultRelation, bound->rtable)->relid;
    Relation relation = RelationIdGetRelation(relid);
    if (!RelationIsValid(relation))
        return false;
    std::vector<KeyColumn> key = sole_primary_key(relation);
    RelationClose(relation);
    if (key.empty() || (bound->commandType == CMD_UPDATE && assigns_key_column(bound, key)))
        return false;

    List *quals = make_ands_implicit(reinterpret_cast<Expr *>(bound->jointree->quals));
    uint32 hash = 0;
    for (const KeyColumn &column : key) {
        Const *value = nullptr;
        ListCell *cell;
        foreach (cell, quals) {
            value = key_equality_constant(static_cast<Node *>(lfirst(cell)),
                                          static_cast<Index>(bound->resultRelation), column);
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

void lock_reference_row(uint64 shard_id, uint32 key_hash)
{
    lock_shard_for_write(shard_id, RowExclusiveLock);
    // Keys of different shards may share a tag (the shard id's low half): they then only wait
    // for each other needlessly.
    LOCKTAG key_tag;
    SET_LOCKTAG_ADVISORY(key_tag, MyDatabaseId, static_cast<uint32>(shard_id), key_hash,
                         kReferenceKeyLockClass);
    (void)LockAcquire(&key_tag, ExclusiveLock, false, false);
}

} // namespace tessera::planner::modify
