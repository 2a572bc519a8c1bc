// CREATE INDEX (also CONCURRENTLY, and on partitioned tables) and DROP INDEX on distributed and
// reference tables, propagated to every shard. PostgreSQL-style code.
//
// A new index is rebuilt for each shard from the catalogs after the local index exists
// (shard_ddl), so names, expressions and options come out exactly as for new shards. DROP INDEX
// is generated from the parse tree, with the shards' index names, before the local drop.
#include "tessera/commands/ddl_propagation_internal.h"
#include "tessera/executor/connection.h"
#include "tessera/executor/worker_messages.h"
#include "tessera/metadata/nodes.h"
#include "tessera/operations/shard_ddl.h"

extern "C" {
#include "access/relation.h"
#include "catalog/index.h"
#include "catalog/namespace.h"
#include "catalog/pg_class.h"
#include "catalog/pg_index.h"
#include "catalog/pg_inherits.h"
#include "nodes/makefuncs.h"
#include "storage/lmgr.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"
#include "utils/rel.h"
#include "utils/syscache.h"
}

namespace tessera::commands::ddl_internal {

namespace {

// An index on a partitioned table made one on each partition (locally). Appends to `items` the
// commands that create those indexes on the partitions' shards first, named from the catalogs
// as for new shards: the index of the partitioned table's shard then attaches them instead of
// creating indexes with names the workers choose.
List *partition_index_items(List *items, Oid index_oid)
{
    if (get_rel_relkind(index_oid) != RELKIND_PARTITIONED_INDEX)
        return items;
    ListCell *cell;
    foreach (cell, find_inheritance_children(index_oid, NoLock)) {
        Oid partition_index = lfirst_oid(cell);
        Oid partition = IndexGetRelation(partition_index, false);
        if (!metadata::is_distributed_table(partition))
            continue;
        TableCommands *commands = new_table_commands(partition);
        for (int i = 0; i < commands->count; i++) {
            // A partition index that existed before (attached by the statement) is on the
            // shards already, under this same name.
            char *command =
                operations::shard_index_command(partition, partition_index, commands->shard_ids[i]);
            bool unique = strncmp(command, "CREATE UNIQUE INDEX ", 20) == 0;
            commands->commands[i] = psprintf("CREATE %sINDEX IF NOT EXISTS %s",
                                             unique ? "UNIQUE " : "", command + (unique ? 20 : 13));
        }
        items = lappend(items, commands);
    }
    return items;
}

} // namespace

// Oids of the indexes of `relid`, as the relcache lists them.
List *index_oids(Oid relid)
{
    Relation rel = relation_open(relid, AccessShareLock);
    List *oids = list_copy(RelationGetIndexList(rel));
    relation_close(rel, AccessShareLock);
    return oids;
}

namespace {

// Oids of the indexes the statement created on the table: those it has now that were not in
// state->old_objects before the statement ran, in the relcache's order. Used for the plain and
// the concurrent CREATE INDEX alike.
List *created_index_oids(const DdlPropagation *state)
{
    List *created = NIL;
    ListCell *cell;
    foreach (cell, index_oids(state->relid)) {
        Oid index_oid = lfirst_oid(cell);
        if (!list_member_oid(state->old_objects, index_oid))
            created = lappend_oid(created, index_oid);
    }
    return created;
}

} // namespace

// Every index the statement made (not in state->old_objects) is created on every shard, the
// partitions' shards first for an index on a partitioned table.
void finish_create_index(DdlPropagation *state)
{
    Oid relid = state->relid;
    const metadata::DistributedTable *table = metadata::lookup_distributed_table(relid);
    if (table == nullptr)
        return;
    operations::check_definition_functions(relid); // index expressions the workers can run
    List *items = NIL;
    ListCell *cell;
    foreach (cell, created_index_oids(state)) {
        Oid index_oid = lfirst_oid(cell);
        if (table->dist_column != InvalidAttrNumber) {
            HeapTuple tuple = SearchSysCache1(INDEXRELID, ObjectIdGetDatum(index_oid));
            if (!HeapTupleIsValid(tuple))
                elog(ERROR, "cache lookup failed for index %u", index_oid);
            auto *form = reinterpret_cast<Form_pg_index>(GETSTRUCT(tuple));
            bool unique = form->indisunique;
            bool has_column = false;
            for (int i = 0; i < form->indnkeyatts; i++)
                has_column = has_column || form->indkey.values[i] == table->dist_column;
            ReleaseSysCache(tuple);
            if (unique && !has_column)
                refuse_unique_without_dist_column(relid, "unique index", get_rel_name(index_oid),
                                                  table->dist_column);
        }
        items = partition_index_items(items, index_oid);
        TableCommands *commands = new_table_commands(relid);
        for (int i = 0; i < commands->count; i++)
            commands->commands[i] =
                operations::shard_index_command(relid, index_oid, commands->shard_ids[i]);
        items = lappend(items, commands);
    }
    send_table_commands(items);
}

// CREATE UNIQUE INDEX CONCURRENTLY is checked before it runs: the local index is committed
// before the shards see anything, so a unique index without the distribution column (which
// the shards cannot enforce) is refused from the statement itself.
void check_unique_index_statement(IndexStmt *stmt, Oid relid)
{
    const metadata::DistributedTable *table = metadata::lookup_distributed_table(relid);
    if (!stmt->unique || table == nullptr || table->dist_column == InvalidAttrNumber)
        return;
    const char *column = get_attname(relid, table->dist_column, false);
    ListCell *cell;
    foreach (cell, stmt->indexParams) {
        auto *element = castNode(IndexElem, lfirst(cell));
        if (element->name != nullptr && strcmp(element->name, column) == 0)
            return;
    }
    refuse_unique_without_dist_column(relid, "unique index",
                                      stmt->idxname != nullptr ? stmt->idxname : "(unnamed)",
                                      table->dist_column);
}

// Runs every command of `items` (TableCommands*) on every placement of its shard, one at a
// time, each on its own outside any transaction: for CREATE / DROP INDEX CONCURRENTLY, which
// refuse to run in a transaction block (or a multi-statement string). `what` names the work in
// the error, which says that the shards may be left half done, as PostgreSQL leaves an index
// after a failed concurrent build.
void send_table_commands_one_by_one(List *items, const char *what)
{
    ListCell *cell;
    foreach (cell, items) {
        auto *item = static_cast<TableCommands *>(lfirst(cell));
        const metadata::DistributedTable *table = metadata::lookup_distributed_table(item->relid);
        if (table == nullptr)
            elog(ERROR, "relation %u is not a distributed table", item->relid);
        for (int i = 0; i < item->count; i++) {
            const metadata::ShardInterval *shard = find_shard(table, item->shard_ids[i]);
            if (shard == nullptr || item->commands[i] == nullptr)
                continue;
            for (int p = 0; p < shard->placement_count; p++) {
                metadata::WorkerNode *node =
                    metadata::usable_node_for_group(shard->placements[p].group_id);
                executor::NodeConnection *connection = executor::get_node_connection(
                    node->node_name, node->node_port, executor::kConnectionExclusive);
                executor::send_command(connection, item->commands[i]);
                PGresult *result = executor::get_command_result_all(connection);
                if (result != nullptr && PQresultStatus(result) == PGRES_COMMAND_OK) {
                    PQclear(result);
                    executor::release_connection(connection);
                    continue;
                }
                // The shard's own error (its SQLSTATE: 23505 for a duplicate key, its names
                // the coordinator's), with where it happened and what it leaves behind.
                executor::WorkerMessage worker{};
                if (result != nullptr)
                    executor::read_worker_message(result, &worker);
                int code = worker.sqlcode != 0 ? worker.sqlcode : ERRCODE_CONNECTION_FAILURE;
                char *message = worker.message != nullptr ? worker.message : pstrdup("no result");
                char *detail = worker.detail;
                if (result != nullptr)
                    PQclear(result);
                ereport(ERROR,
                        (errcode(code), errmsg_internal("%s", message),
                         detail != nullptr ? errdetail_internal("%s", detail) : 0,
                         executor::errworkerfields(&worker),
                         errhint("Other shards may be left with or without the index (or with "
                                 "an invalid one); DROP INDEX removes it everywhere, then run "
                                 "the statement again."),
                         errcontext("%s on a shard of table \"%s\" on node %s:%d", what,
                                    get_rel_name(item->relid), node->node_name, node->node_port)));
            }
        }
    }
}

// CREATE INDEX CONCURRENTLY: PostgreSQL built the coordinator's index in transactions of its
// own and we are in the last of them. Each shard's index is built the same way, with CREATE
// INDEX CONCURRENTLY on each placement (so writes to the shards go on meanwhile).
void finish_create_index_concurrently(DdlPropagation *state)
{
    Oid relid = state->relid;
    // No DDL, move or drop of the table while the shards build (writes go on).
    LockRelationOid(relid, ShareUpdateExclusiveLock);
    if (metadata::lookup_distributed_table(relid) == nullptr)
        return;
    // (The coordinator's index is committed already; the error keeps it from the shards.)
    operations::check_definition_functions(relid);
    List *items = NIL;
    ListCell *cell;
    foreach (cell, created_index_oids(state)) {
        Oid index_oid = lfirst_oid(cell);
        TableCommands *commands = new_table_commands(relid);
        for (int i = 0; i < commands->count; i++) {
            char *command =
                operations::shard_index_command(relid, index_oid, commands->shard_ids[i]);
            // "CREATE [UNIQUE] INDEX name ..." as shard_index_command builds it
            const char *keyword = strstr(command, "INDEX ");
            if (keyword == nullptr)
                elog(ERROR, "unexpected shard index command: %s", command);
            int prefix = static_cast<int>(keyword - command) + 6;
            commands->commands[i] =
                psprintf("%.*sCONCURRENTLY %s", prefix, command, command + prefix);
        }
        items = lappend(items, commands);
    }
    send_table_commands_one_by_one(items, "CREATE INDEX CONCURRENTLY");
}

// "ALTER INDEX <old>_<id> RENAME TO <new>_<id>" (or DROP INDEX) for every shard of `table_relid`.
TableCommands *index_commands(Oid table_relid, Oid index_oid, const char *new_name,
                              DropBehavior behavior)
{
    TableCommands *commands = new_table_commands(table_relid);
    const char *old_name = get_rel_name(index_oid);
    Oid schema = get_rel_namespace(index_oid);
    for (int i = 0; i < commands->count; i++) {
        int64 shard_id = commands->shard_ids[i];
        char *shard_index = qualified_shard_object(schema, old_name, shard_id);
        if (new_name != nullptr)
            commands->commands[i] =
                psprintf("ALTER INDEX %s RENAME TO %s", shard_index,
                         quote_identifier(metadata::shard_table_name(new_name, shard_id)));
        else // IF EXISTS: a failed CREATE INDEX CONCURRENTLY leaves some shards without it
            commands->commands[i] = psprintf("DROP INDEX IF EXISTS %s%s", shard_index,
                                             behavior == DROP_CASCADE ? " CASCADE" : "");
    }
    return commands;
}

// The DROP INDEX of each shard's index, for the indexes that belong to distributed tables.
DdlPropagation *prepare_drop_index(DropStmt *stmt)
{
    List *items = NIL;
    Oid any_table = InvalidOid;
    ListCell *cell;
    foreach (cell, stmt->objects) {
        RangeVar *range = makeRangeVarFromNameList(static_cast<List *>(lfirst(cell)));
        Oid index_oid = RangeVarGetRelid(range, NoLock, true);
        // A partitioned table's index too: dropping the shard's drops its partitions' indexes.
        if (!OidIsValid(index_oid) || (get_rel_relkind(index_oid) != RELKIND_INDEX &&
                                       get_rel_relkind(index_oid) != RELKIND_PARTITIONED_INDEX))
            continue;
        Oid table_relid = IndexGetRelation(index_oid, true);
        if (!OidIsValid(table_relid) || !metadata::is_distributed_table(table_relid))
            continue;
        any_table = table_relid;
        TableCommands *commands = index_commands(table_relid, index_oid, nullptr, stmt->behavior);
        if (stmt->concurrent) // sent after the local drop, each on its own (finish)
            for (int i = 0; i < commands->count; i++)
                commands->commands[i] = psprintf("DROP INDEX CONCURRENTLY %s",
                                                 commands->commands[i] + strlen("DROP INDEX "));
        items = lappend(items, commands);
    }
    DdlPropagation *state = ready_state(any_table, items);
    if (state != nullptr)
        state->concurrent = stmt->concurrent;
    return state;
}

} // namespace tessera::commands::ddl_internal
