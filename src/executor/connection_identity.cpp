// Who a node connection logs in as: the current user's role logs in itself if it can; a NOLOGIN
// role (reached by SET ROLE or a SECURITY DEFINER function) is taken on by a member that can log
// in (the session or authenticated user), who sets the role at connection start. Moved from
// connection_manager.cpp, unchanged.
#include "tessera/executor/connection_manager_internal.h"

extern "C" {
#include "access/htup_details.h"
#include "catalog/pg_authid.h"
#include "miscadmin.h"
#include "utils/acl.h"
#include "utils/syscache.h"
}

#include <cctype>

namespace tessera::executor {

namespace {

// True if the role exists and may log in (pg_authid.rolcanlogin).
bool role_can_login(Oid role)
{
    HeapTuple tuple = SearchSysCache1(AUTHOID, ObjectIdGetDatum(role));
    if (!HeapTupleIsValid(tuple))
        return false;
    bool can_login = reinterpret_cast<Form_pg_authid>(GETSTRUCT(tuple))->rolcanlogin;
    ReleaseSysCache(tuple);
    return can_login;
}

} // namespace

// The identity for the current user. A role that can log in logs in itself, as always. One that
// cannot (a NOLOGIN role reached by SET ROLE or a SECURITY DEFINER function) is taken on by the
// session user, or else the authenticated user (SET SESSION AUTHORIZATION), who logs in and sets
// the role at connection start, as the node allows only a member of the role (or a superuser):
// the shards then check privileges and apply policies for that role, as the coordinator does.
ConnectionIdentity current_identity()
{
    ConnectionIdentity identity{GetUserId(), InvalidOid};
    if (role_can_login(identity.role)) {
        identity.login = identity.role;
        return identity;
    }
    Oid candidates[2] = {GetSessionUserId(), GetAuthenticatedUserId()};
    for (Oid candidate : candidates) {
        if (role_can_login(candidate) && is_member_of_role(candidate, identity.role)) {
            identity.login = candidate;
            break;
        }
    }
    return identity;
}

// The identity for the current user, or an ERROR when no user may log in and set the role
// (a SECURITY DEFINER function of a NOLOGIN role called by a user who is not its member).
ConnectionIdentity current_identity_or_error(const char *host, int port)
{
    ConnectionIdentity identity = current_identity();
    if (!OidIsValid(identity.login)) {
        const char *role = GetUserNameFromId(identity.role, false);
        const char *session = GetUserNameFromId(GetSessionUserId(), false);
        ereport(ERROR,
                (errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
                 errmsg("permission denied to set role \"%s\" on node %s:%d", role, host, port),
                 errdetail("Role \"%s\" cannot log in, so connections to the nodes log in as "
                           "session user \"%s\" and set the role, which needs membership in "
                           "it.",
                           role, session),
                 errhint("Grant role \"%s\" to \"%s\", or allow it to log in.", role, session)));
    }
    return identity;
}

// Appends `value` to `buffer` escaped for the startup packet's options, which split on
// whitespace and take a backslash to mean that the next character is literal.
void append_option_value(StringInfo buffer, const char *value)
{
    for (const char *c = value; *c != '\0'; c++) {
        if (isspace(static_cast<unsigned char>(*c)) || *c == '\\')
            appendStringInfoChar(buffer, '\\');
        appendStringInfoChar(buffer, *c);
    }
}

} // namespace tessera::executor
