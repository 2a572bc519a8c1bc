// The ProcessUtility hook: where DDL on distributed tables will be propagated to the workers.
#include "tessera/commands/distributed_utility.h"
#include "tessera/module.h"
#include "tessera/pg/guard.h"

extern "C" {
#include "tcop/utility.h"
}

namespace {

ProcessUtility_hook_type previous_utility_hook = nullptr;

// Runs a utility statement through the previous hook or PostgreSQL's standard implementation.
void tessera_process_utility(PlannedStmt *pstmt, const char *query_string, bool read_only_tree,
                             ProcessUtilityContext context, ParamListInfo params,
                             QueryEnvironment *query_env, DestReceiver *dest, QueryCompletion *qc)
{
    tessera::commands::check_utility_statement(pstmt->utilityStmt);
    if (previous_utility_hook != nullptr)
        previous_utility_hook(pstmt, query_string, read_only_tree, context, params, query_env, dest,
                              qc);
    else
        standard_ProcessUtility(pstmt, query_string, read_only_tree, context, params, query_env,
                                dest, qc);
}

} // namespace

namespace tessera {

void install_utility_hook()
{
    previous_utility_hook = ProcessUtility_hook;
    ProcessUtility_hook = tessera_process_utility;
}

} // namespace tessera
