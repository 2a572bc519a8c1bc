// EXPLAIN of a Tessera Adaptive scan: the merge keys, the task count and, for one task (or every
// task with tessera.explain_all_tasks), where it runs, its query and the plan its node makes.
#include "tessera/executor/distributed_scan_internal.h"

#include "tessera/settings.h"

#include <cctype>

extern "C" {
#include "commands/explain.h"
#include "lib/stringinfo.h"
}

namespace tessera::executor {

namespace {

ParamInliner param_inliner = nullptr;

} // namespace

namespace distributed_scan_internal {

namespace {

// `sql` with each run of whitespace outside string literals and quoted names shown as one space,
// for EXPLAIN.
char *single_line(const char *sql)
{
    StringInfoData out;
    initStringInfo(&out);
    bool in_literal = false;    // '...' (a doubled quote toggles twice)
    bool in_identifier = false; // "..." (likewise)
    for (const char *p = sql; *p != '\0'; p++) {
        if (*p == '\'' && !in_identifier)
            in_literal = !in_literal;
        else if (*p == '"' && !in_literal)
            in_identifier = !in_identifier;
        if (!in_literal && !in_identifier && isspace(static_cast<unsigned char>(*p))) {
            while (isspace(static_cast<unsigned char>(p[1])))
                p++;
            if (out.len > 0)
                appendStringInfoChar(&out, ' ');
            continue;
        }
        appendStringInfoChar(&out, *p);
    }
    return out.data;
}

// EXPLAIN ANALYZE: the slowest task's time and the sum of all tasks' times.
void explain_task_times(DistributedScanState *state, ExplainState *es)
{
    double total = 0, slowest = 0;
    for (int i = 0; i < state->task_count; i++) {
        total += state->tasks[i].elapsed_ms;
        slowest = Max(slowest, state->tasks[i].elapsed_ms);
    }
    ExplainPropertyFloat("Slowest Task Time", "ms", slowest, 3, es);
    ExplainPropertyFloat("Total Task Time", "ms", total, 3, es);
}

// EXPLAIN of one task: where it runs, its query (VERBOSE) and the plan its node makes for it.
// `one_of_many`: the only task shown, as a "Task" group that also holds the scan's task times.
void explain_task(DistributedScanState *state, const TaskRun &task, bool one_of_many,
                  ExplainState *es)
{
    // Constants the planner made parameters go back in place: the plan shown is the one the
    // statement's own values get.
    bool inline_params = task.task->params_are_constants && param_inliner != nullptr;
    const char *sql = inline_params ? param_inliner(task.sql, task.task->param_count,
                                                    task.task->param_types, task.task->param_values)
                                    : task.sql;
    // Of several statements the first only: EXPLAIN of them all would run the others.
    const char *explained = task.task->explain_sql != nullptr ? task.task->explain_sql : sql;
    ExplainOpenGroup("Task", one_of_many ? "Task" : nullptr, true, es);
    if (es->verbose)
        ExplainPropertyText("Query", single_line(sql), es);
    ExplainPropertyText("Node", psprintf("host=%s port=%d", task.host, task.port), es);
    if (es->analyze && one_of_many)
        explain_task_times(state, es);
    else if (es->analyze)
        ExplainPropertyFloat("Task Time", "ms", task.elapsed_ms, 3, es);
    NodeConnection *connection = get_node_connection(task.host, task.port);
    char *explain = psprintf("EXPLAIN (COSTS %s) %s", es->costs ? "true" : "false", explained);
    PGresult *result;
    if (task.task->param_count > 0 && !inline_params) {
        send_command(connection, explain, task.task->param_count, task.task->param_types,
                     task.task->param_values);
        result = get_command_result_all(connection);
        if (result == nullptr || PQresultStatus(result) != PGRES_TUPLES_OK)
            raise_remote_error(connection, result);
    } else {
        result = execute_command(connection, explain);
    }
    if (es->format == EXPLAIN_FORMAT_TEXT) {
        // One indented line per remote plan line, under a heading, like a child plan.
        appendStringInfoSpaces(es->str, es->indent * 2);
        appendStringInfoString(es->str, "Remote Plan:\n");
        for (int i = 0; i < PQntuples(result); i++) {
            appendStringInfoSpaces(es->str, es->indent * 2 + 2);
            appendStringInfo(es->str, "%s\n", PQgetvalue(result, i, 0));
        }
    } else {
        StringInfoData plan;
        initStringInfo(&plan);
        for (int i = 0; i < PQntuples(result); i++)
            appendStringInfo(&plan, "%s%s", i > 0 ? "\n" : "", PQgetvalue(result, i, 0));
        ExplainPropertyText("Remote Plan", plan.data, es);
    }
    PQclear(result);
    ExplainCloseGroup("Task", one_of_many ? "Task" : nullptr, true, es);
}

} // namespace

// EXPLAIN: the merge keys of a merging scan, the task count and, for one task (every task
// with tessera.explain_all_tasks), where it runs and the worker's own plan.
void explain_scan(CustomScanState *node, List *, ExplainState *es)
{
    auto *state = reinterpret_cast<DistributedScanState *>(node);
    if (!state->started)
        resolve_tasks(state, true);
    if (state->merge_key_count > 0)
        ExplainPropertyText("Merge Sort Key", merge_key_text(state), es);
    ExplainPropertyInteger("Task Count", nullptr, state->task_count, es);
    if (state->task_count == 0)
        return;
    ExplainPropertyText("Tasks Shown",
                        state->task_count > 1 && !tessera_explain_all_tasks ? "One of many" : "All",
                        es);
    if (!tessera_explain_all_tasks) {
        explain_task(state, state->tasks[0], true, es);
        return;
    }
    // citus.explain_all_tasks: the scan's task times, then every task with its own.
    if (es->analyze)
        explain_task_times(state, es);
    ExplainOpenGroup("Tasks", "Tasks", false, es);
    for (int i = 0; i < state->task_count; i++)
        explain_task(state, state->tasks[i], false, es);
    ExplainCloseGroup("Tasks", "Tasks", false, es);
}

} // namespace distributed_scan_internal

void set_param_inliner(ParamInliner inliner)
{
    param_inliner = inliner;
}

} // namespace tessera::executor
