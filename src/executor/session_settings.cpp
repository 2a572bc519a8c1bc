// The session settings that worker sessions follow: which ones, the coordinator session's values
// as last read (checked cheaply before every command), and the SET commands that bring a
// connection's session in line with them.
#include "tessera/executor/connection_internal.h"

extern "C" {
#include "commands/trigger.h"
#include "miscadmin.h"
#include "pgtime.h"
#include "tsearch/ts_cache.h"
#include "utils/builtins.h"
#include "utils/bytea.h"
#include "utils/guc.h"
#include "utils/guc_tables.h"
#include "utils/memutils.h"
#include "utils/pg_locale.h"
#include "utils/xml.h"
}

#include <array>

namespace tessera::executor {

namespace {

// Settings that must match the coordinator session's for a query to compute the same result on
// a worker: time zone conversions, bytea output, the text search configuration that
// to_tsvector(text) and to_tsquery(text) use, the locale categories behind to_char, money
// input/output and month/day names, and how XML encodes binary values and parses text
// (xmlelement of a bytea, text::xml, xml_is_well_formed). (Not extra_float_digits: worker
// sessions keep 3, so that floats reach the coordinator exactly; float-to-text conversions are
// never shipped.)
constexpr const char *kPropagatedSettings[] = {
    "TimeZone",    "bytea_output", "default_text_search_config",
    "lc_monetary", "lc_numeric",   "lc_time",
    "xmlbinary",   "xmloption"};

// The values of kPropagatedSettings as last read, and the variables behind them when they were
// read: while those are unchanged (the common case, checked on every command) the values need
// not be looked up and quoted again.
struct PropagatedSettingsSnapshot {
    bool valid = false;
    const pg_tz *timezone = nullptr;
    int bytea_output = 0;
    int xmlbinary = 0;
    int xmloption = 0;
    int replication_role = SESSION_REPLICATION_ROLE_ORIGIN;
    bool superuser = false;     // read only once session_replication_role was changed
    char *strings[4] = {};      // text search configuration, lc_monetary, lc_numeric, lc_time
    char *statements = nullptr; // the SET commands, joined ("SET a TO 'x';SET b TO 'y';")
    List *custom = NIL;         // names and values of the custom settings, alternating
};
PropagatedSettingsSnapshot settings_snapshot;

// The string-valued variables among kPropagatedSettings, in PropagatedSettingsSnapshot order.
std::array<const char *, 4> setting_strings()
{
    return {TSCurrentConfig, locale_monetary, locale_numeric, locale_time};
}

// The value of `variable` if it is a custom setting that worker sessions must share (a
// placeholder such as app.tenant_id, made by SET or set_config for no loaded module: policies,
// defaults and functions read them with current_setting), else nullptr. Tessera's and Citus's
// own prefixes never have placeholders (they are reserved).
const char *custom_setting_value(struct config_generic *variable)
{
    if (!(variable->flags & GUC_CUSTOM_PLACEHOLDER) || variable->vartype != PGC_STRING)
        return nullptr;
    const char *value = *reinterpret_cast<struct config_string *>(variable)->variable;
    return value != nullptr ? value : "";
}

// Positions in get_guc_variables() of the custom placeholder settings. Scanning every setting
// (several hundred) before each remote command costs more than the rest of the settings check,
// so the positions are kept until the number of settings changes: a first SET of a new custom
// setting adds one, a module reserving its prefix removes its placeholders, and one a module
// defines later keeps its position but stops being a placeholder (custom_setting_value sees it).
struct CustomSettingPositions {
    int variable_count = -1;
    int *positions = nullptr;
    int count = 0;
};
CustomSettingPositions custom_positions;

// custom_positions for the current settings, rescanned when their number changed.
const CustomSettingPositions &custom_setting_positions()
{
    int variable_count = GetNumConfigOptions();
    if (custom_positions.variable_count == variable_count)
        return custom_positions;
    struct config_generic **variables = get_guc_variables();
    if (custom_positions.positions != nullptr)
        pfree(custom_positions.positions);
    custom_positions.positions = static_cast<int *>(
        MemoryContextAlloc(TopMemoryContext, sizeof(int) * Max(variable_count, 1)));
    custom_positions.count = 0;
    for (int i = 0; i < variable_count; i++)
        if (custom_setting_value(variables[i]) != nullptr)
            custom_positions.positions[custom_positions.count++] = i;
    custom_positions.variable_count = variable_count;
    return custom_positions;
}

// A custom setting's name ("app.tenant_id") as SET reads it back: each dotted part quoted.
char *quoted_setting_name(const char *name)
{
    StringInfoData out;
    initStringInfo(&out);
    const char *start = name;
    for (;;) {
        const char *dot = strchr(start, '.');
        char *part = dot != nullptr ? pnstrdup(start, dot - start) : pstrdup(start);
        appendStringInfoString(&out, quote_identifier(part));
        if (dot == nullptr)
            break;
        appendStringInfoChar(&out, '.');
        start = dot + 1;
    }
    return out.data;
}

// Names and values (char*, alternating, not copied) of the custom settings, in name order.
List *custom_settings()
{
    List *pairs = NIL;
    struct config_generic **variables = get_guc_variables();
    const CustomSettingPositions &custom = custom_setting_positions();
    for (int k = 0; k < custom.count; k++) {
        struct config_generic *variable = variables[custom.positions[k]];
        const char *value = custom_setting_value(variable);
        if (value != nullptr)
            pairs = lappend(lappend(pairs, const_cast<char *>(variable->name)),
                            const_cast<char *>(value));
    }
    return pairs;
}

// Set once this session's session_replication_role left "origin": from then on the setting is
// sent to the workers (sessions that never change it send nothing, as before).
bool replication_role_changed = false;

// Whether the current user may set session_replication_role (superuser only), once the session
// ever changed it; false before (the answer is then not needed).
bool replication_role_settable()
{
    if (SessionReplicationRole != SESSION_REPLICATION_ROLE_ORIGIN)
        replication_role_changed = true;
    return replication_role_changed && superuser();
}

// "SET session_replication_role TO 'replica'" when worker sessions must follow the session's
// value: "replica" keeps foreign key and user triggers from firing on the shards, as it does in
// PostgreSQL (data loaders and fixtures set it). Only a superuser can set it, so nothing is sent
// for others (they cannot have changed it), nor for sessions that never changed it.
char *replication_role_command()
{
    if (!replication_role_settable())
        return nullptr;
    return psprintf("SET session_replication_role TO %s",
                    quote_literal_cstr(GetConfigOption("session_replication_role", false, false)));
}

// Whether the session's settings are still those settings_snapshot was taken of.
bool settings_snapshot_current()
{
    const PropagatedSettingsSnapshot &snapshot = settings_snapshot;
    if (!snapshot.valid || snapshot.timezone != session_timezone ||
        snapshot.bytea_output != bytea_output || snapshot.xmlbinary != xmlbinary ||
        snapshot.xmloption != xmloption || snapshot.replication_role != SessionReplicationRole ||
        snapshot.superuser != replication_role_settable())
        return false;
    std::array<const char *, 4> current = setting_strings();
    for (size_t i = 0; i < current.size(); i++) {
        if (current[i] == nullptr || strcmp(current[i], snapshot.strings[i]) != 0)
            return false;
    }
    // The custom settings, in the same (name) order as when read.
    List *custom = custom_settings();
    bool same = list_length(custom) == list_length(snapshot.custom);
    ListCell *now_cell;
    ListCell *then_cell;
    forboth(now_cell, custom, then_cell, snapshot.custom)
    {
        if (!same || strcmp(static_cast<char *>(lfirst(now_cell)),
                            static_cast<char *>(lfirst(then_cell))) != 0) {
            same = false;
            break;
        }
    }
    list_free(custom);
    return same;
}

// "SET a.b TO 'v'" for each custom setting, in name order, appended to `statements`.
List *custom_setting_commands(List *statements)
{
    List *custom = custom_settings();
    for (int i = 0; i + 1 < list_length(custom); i += 2)
        statements = lappend(
            statements,
            psprintf("SET %s TO %s", quoted_setting_name(static_cast<char *>(list_nth(custom, i))),
                     quote_literal_cstr(static_cast<char *>(list_nth(custom, i + 1)))));
    list_free(custom);
    return statements;
}

// Reads the settings anew (GetConfigOption, as SHOW prints them) into settings_snapshot.
void take_settings_snapshot()
{
    PropagatedSettingsSnapshot &snapshot = settings_snapshot;
    StringInfoData statements;
    initStringInfo(&statements);
    for (const char *name : kPropagatedSettings)
        appendStringInfo(&statements, "SET %s TO %s;", name,
                         quote_literal_cstr(GetConfigOption(name, false, false)));
    char *role_command = replication_role_command();
    if (role_command != nullptr)
        appendStringInfo(&statements, "%s;", role_command);
    ListCell *cell;
    foreach (cell, custom_setting_commands(NIL))
        appendStringInfo(&statements, "%s;", static_cast<char *>(lfirst(cell)));
    list_free_deep(snapshot.custom);
    snapshot.custom = NIL;
    List *custom = custom_settings();
    MemoryContext old_context = MemoryContextSwitchTo(TopMemoryContext);
    ListCell *pair_cell;
    foreach (pair_cell, custom)
        snapshot.custom = lappend(snapshot.custom, pstrdup(static_cast<char *>(lfirst(pair_cell))));
    MemoryContextSwitchTo(old_context);
    list_free(custom);
    if (snapshot.statements != nullptr)
        pfree(snapshot.statements);
    snapshot.statements = MemoryContextStrdup(TopMemoryContext, statements.data);
    pfree(statements.data);
    std::array<const char *, 4> current = setting_strings();
    for (size_t i = 0; i < current.size(); i++) {
        if (snapshot.strings[i] != nullptr)
            pfree(snapshot.strings[i]);
        snapshot.strings[i] = MemoryContextStrdup(TopMemoryContext, current[i] ? current[i] : "");
    }
    snapshot.timezone = session_timezone;
    snapshot.bytea_output = bytea_output;
    snapshot.xmlbinary = xmlbinary;
    snapshot.xmloption = xmloption;
    snapshot.replication_role = SessionReplicationRole;
    snapshot.superuser = replication_role_settable();
    // A string setting not yet set (nullptr) never matches, so the next command reads again.
    snapshot.valid = true;
}

} // namespace

// SET commands bringing the connection's session in line with the coordinator session (one
// statement each), or NIL when nothing changed since they were last sent.
List *settings_to_send(NodeConnection *connection)
{
    if (!settings_snapshot_current())
        take_settings_snapshot();
    const char *wanted = settings_snapshot.statements;
    if (connection->session_settings != nullptr &&
        strcmp(connection->session_settings, wanted) == 0)
        return NIL;
    if (connection->session_settings != nullptr)
        pfree(connection->session_settings);
    connection->session_settings = MemoryContextStrdup(connections_memory(), wanted);
    List *statements = NIL;
    for (const char *name : kPropagatedSettings)
        statements =
            lappend(statements, psprintf("SET %s TO %s", name,
                                         quote_literal_cstr(GetConfigOption(name, false, false))));
    char *role_command = replication_role_command();
    if (role_command != nullptr)
        statements = lappend(statements, role_command);
    return custom_setting_commands(statements);
}

} // namespace tessera::executor
