// The environment in which SQL text for the workers is printed (worker_text_environment.h).
#include "tessera/pg/worker_text_environment.h"

extern "C" {
#include "catalog/namespace.h"
#include "miscadmin.h"
#include "parser/parser.h"
#include "utils/float.h"
#include "utils/guc.h"
}

namespace tessera::pg {

int enter_worker_text_environment()
{
    int level = NewGUCNestLevel();
    // The worker connections' own styles (executor/connection_manager.cpp, kSessionOptions).
    // Dates print the same in ISO style whatever the field order.
    struct Setting {
        const char *name;
        const char *value;
        bool needed;
    } settings[] = {{"DateStyle", "ISO, YMD", DateStyle != USE_ISO_DATES},
                    {"IntervalStyle", "postgres", IntervalStyle != INTSTYLE_POSTGRES},
                    {"extra_float_digits", "3", extra_float_digits < 1},
                    {"standard_conforming_strings", "on", !standard_conforming_strings}};
    for (const Setting &setting : settings)
        if (setting.needed)
            (void)set_config_option(setting.name, setting.value, PGC_USERSET, PGC_S_SESSION,
                                    GUC_ACTION_SAVE, true, 0, false);
    OverrideSearchPath *path = GetOverrideSearchPath(CurrentMemoryContext);
    path->schemas = NIL;
    path->addCatalog = true;
    path->addTemp = false;
    PushOverrideSearchPath(path);
    return level;
}

void leave_worker_text_environment(int level)
{
    PopOverrideSearchPath();
    AtEOXact_GUC(true, level);
}

} // namespace tessera::pg
