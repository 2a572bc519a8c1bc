// CREATE / ALTER SUBSCRIPTION and distributed tables. PostgreSQL-style code.
//
// Logical replication applies the publisher's rows to the local table of the same name. For a
// distributed or reference table that is the coordinator's table, which is always empty and read
// by nothing: the rows would be lost from sight, never reaching the shards. So a subscription may
// not take in such a table: CREATE SUBSCRIPTION asks the publisher for its publications' tables
// before anything is created (a replication slot made there would outlive an error raised
// afterwards), and every CREATE / ALTER SUBSCRIPTION is checked again once it ran, against the
// tables it recorded in pg_subscription_rel (REFRESH PUBLICATION, SET / ADD PUBLICATION add
// tables there; an error then rolls the change back).
#include "tessera/commands/distributed_utility.h"
#include "tessera/metadata/distributed_table.h"

extern "C" {
#include "access/genam.h"
#include "access/htup_details.h"
#include "access/stratnum.h"
#include "access/table.h"
#include "access/tupdesc.h"
#include "catalog/namespace.h"
#include "catalog/pg_subscription.h"
#include "catalog/pg_subscription_rel.h"
#include "catalog/pg_type_d.h"
#include "commands/defrem.h"
#include "executor/tuptable.h"
#include "fmgr.h"
#include "lib/stringinfo.h"
#include "nodes/parsenodes.h"
#include "replication/walreceiver.h"
#include "utils/builtins.h"
#include "utils/fmgroids.h"
#include "utils/lsyscache.h"
#include "utils/tuplestore.h"
}

namespace tessera::commands {

namespace {

// Raises the error for subscribing to distributed or reference table `relid`.
[[noreturn]] void refuse_subscribed_table(Oid relid)
{
    ereport(ERROR,
            (errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
             errmsg("subscribing to a table is not supported for distributed tables"),
             errdetail("Table \"%s\" is %s: the subscription would write the coordinator's local "
                       "table, which is always empty, not its shards.",
                       get_rel_name(relid),
                       metadata::is_reference_table(relid) ? "a reference table" : "distributed"),
             errhint("Leave the table out of the subscribed publications, or subscribe into a "
                     "local table and copy its rows with INSERT ... SELECT.")));
}

// Whether CREATE SUBSCRIPTION option list `options` says connect = false (no tables then).
bool connects(List *options)
{
    ListCell *cell;
    foreach (cell, options) {
        auto *option = castNode(DefElem, lfirst(cell));
        if (strcmp(option->defname, "connect") == 0)
            return defGetBoolean(option);
    }
    return true;
}

// Refuses CREATE SUBSCRIPTION `stmt` when a table of its publications, as the publisher lists
// them (the query CREATE SUBSCRIPTION itself runs there), is a distributed or reference table
// here. Returns silently when the publisher cannot be reached or queried: CREATE SUBSCRIPTION
// then fails by itself, or the check after it runs applies.
void check_publisher_tables(CreateSubscriptionStmt *stmt)
{
    if (!connects(stmt->options) || stmt->publication == NIL)
        return;
    load_file("libpqwalreceiver", false);
    char *error = nullptr;
    WalReceiverConn *connection = walrcv_connect(stmt->conninfo, true, stmt->subname, &error);
    if (connection == nullptr)
        return;
    StringInfoData query;
    initStringInfo(&query);
    appendStringInfoString(&query, "SELECT DISTINCT t.schemaname::text, t.tablename::text "
                                   "FROM pg_catalog.pg_publication_tables t WHERE t.pubname IN (");
    ListCell *cell;
    foreach (cell, stmt->publication)
        appendStringInfo(&query, "%s%s", cell == list_head(stmt->publication) ? "" : ", ",
                         quote_literal_cstr(strVal(lfirst(cell))));
    appendStringInfoChar(&query, ')');
    Oid types[2] = {TEXTOID, TEXTOID};
    WalRcvExecResult *result = walrcv_exec(connection, query.data, 2, types);
    Oid refused = InvalidOid;
    if (result->status == WALRCV_OK_TUPLES) {
        TupleTableSlot *slot = MakeSingleTupleTableSlot(result->tupledesc, &TTSOpsMinimalTuple);
        while (!OidIsValid(refused) &&
               tuplestore_gettupleslot(result->tuplestore, true, false, slot)) {
            bool null_schema;
            bool null_table;
            Datum schema = slot_getattr(slot, 1, &null_schema);
            Datum table = slot_getattr(slot, 2, &null_table);
            if (!null_schema && !null_table) {
                Oid namespace_oid = get_namespace_oid(TextDatumGetCString(schema), true);
                Oid relid = OidIsValid(namespace_oid)
                                ? get_relname_relid(TextDatumGetCString(table), namespace_oid)
                                : InvalidOid;
                if (OidIsValid(relid) && metadata::is_distributed_table(relid))
                    refused = relid;
            }
            ExecClearTuple(slot);
        }
        ExecDropSingleTupleTableSlot(slot);
    }
    walrcv_clear_result(result);
    walrcv_disconnect(connection);
    if (OidIsValid(refused))
        refuse_subscribed_table(refused);
}

} // namespace

void check_subscription_statement(Node *parsetree)
{
    if (parsetree == nullptr || !IsA(parsetree, CreateSubscriptionStmt) ||
        !metadata::extension_present() || metadata::all_distributed_tables() == NIL)
        return;
    check_publisher_tables(castNode(CreateSubscriptionStmt, parsetree));
}

void check_subscription_tables(Node *parsetree)
{
    if (parsetree == nullptr || !metadata::extension_present())
        return;
    const char *name = nullptr;
    if (IsA(parsetree, CreateSubscriptionStmt))
        name = castNode(CreateSubscriptionStmt, parsetree)->subname;
    else if (IsA(parsetree, AlterSubscriptionStmt))
        name = castNode(AlterSubscriptionStmt, parsetree)->subname;
    else
        return;
    Oid subscription = get_subscription_oid(name, true);
    if (!OidIsValid(subscription))
        return;
    ListCell *cell;
    foreach (cell, GetSubscriptionRelations(subscription)) {
        Oid relid = static_cast<SubscriptionRelState *>(lfirst(cell))->relid;
        if (metadata::is_distributed_table(relid))
            refuse_subscribed_table(relid);
    }
}

Oid subscription_writing_into(Oid relid)
{
    Relation rel = table_open(SubscriptionRelRelationId, AccessShareLock);
    ScanKeyData key;
    ScanKeyInit(&key, Anum_pg_subscription_rel_srrelid, BTEqualStrategyNumber, F_OIDEQ,
                ObjectIdGetDatum(relid));
    SysScanDesc scan =
        systable_beginscan(rel, SubscriptionRelSrrelidSrsubidIndexId, true, nullptr, 1, &key);
    Oid subscription = InvalidOid;
    HeapTuple tuple = systable_getnext(scan);
    if (HeapTupleIsValid(tuple))
        subscription = reinterpret_cast<Form_pg_subscription_rel>(GETSTRUCT(tuple))->srsubid;
    systable_endscan(scan);
    table_close(rel, AccessShareLock);
    return subscription;
}

void check_not_subscribed(Oid relid, const char *kind)
{
    Oid subscription = subscription_writing_into(relid);
    if (!OidIsValid(subscription))
        return;
    const char *name = get_subscription_name(subscription, true);
    ereport(ERROR,
            (errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
             errmsg("cannot %s table \"%s\": subscription \"%s\" writes into it", kind,
                    get_rel_name(relid), name != nullptr ? name : "?"),
             errdetail("Logical replication would keep writing the coordinator's local table, "
                       "which is always empty once the table is distributed, not its shards."),
             errhint("Leave the table out of the subscription's publications (then ALTER "
                     "SUBSCRIPTION ... REFRESH PUBLICATION) or drop the subscription first.")));
}

} // namespace tessera::commands
