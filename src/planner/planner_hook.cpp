// The planner hook: the door through which queries on distributed tables reach Tessera's planner.
#include "tessera/module.h"
#include "tessera/pg/guard.h"

extern "C" {
#include "optimizer/planner.h"
}

namespace {

planner_hook_type previous_planner_hook = nullptr;

// Plans a query. For now every query goes to the previous hook or the standard planner.
PlannedStmt *tessera_planner(Query *parse, const char *query_string, int cursor_options,
                             ParamListInfo bound_params)
{
    if (previous_planner_hook != nullptr)
        return previous_planner_hook(parse, query_string, cursor_options, bound_params);
    return standard_planner(parse, query_string, cursor_options, bound_params);
}

} // namespace

namespace tessera {

void install_planner_hook()
{
    previous_planner_hook = planner_hook;
    planner_hook = tessera_planner;
}

} // namespace tessera
