// Privilege checks shared by the SQL functions that reshape the cluster.
#include "tessera/pg/privileges.h"

#include "tessera/pg/pg_includes.h"

extern "C" {
#include "miscadmin.h"
}

namespace tessera::pg {

void require_superuser(const char *action)
{
    if (!superuser())
        ereport(ERROR, (errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
                        errmsg("only superusers can %s", action)));
}

} // namespace tessera::pg
