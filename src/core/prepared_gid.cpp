// Prepared-transaction names and the recovery rule; see prepared_gid.h.
#include "tessera/core/prepared_gid.h"

#include <cinttypes>
#include <cstdio>
#include <cstring>

namespace tessera::core {

namespace {

constexpr const char *kPrefix = "tessera_";

// Reads decimal digits at *text up to `max`, then expects `terminator` ('\0' or '_'). Advances
// *text past the terminator. Returns false on no digits, overflow or a different terminator.
bool read_number(const char **text, uint64_t max, char terminator, uint64_t *value)
{
    const char *p = *text;
    uint64_t result = 0;
    if (*p < '0' || *p > '9')
        return false;
    while (*p >= '0' && *p <= '9') {
        result = result * 10 + static_cast<uint64_t>(*p - '0');
        if (result > max)
            return false;
        p++;
    }
    if (*p != terminator)
        return false;
    *text = terminator == '\0' ? p : p + 1;
    *value = result;
    return true;
}

} // namespace

int format_prepared_gid_prefix(char *out, size_t size, uint32_t database)
{
    return snprintf(out, size, "%s%" PRIu32 "_", kPrefix, database);
}

int format_prepared_gid(char *out, size_t size, const PreparedGid &gid)
{
    return snprintf(out, size, "%s%" PRIu32 "_%" PRId32 "_%" PRIu32 "_%" PRIu32, kPrefix,
                    gid.database, gid.pid, gid.xid, gid.sequence);
}

bool parse_prepared_gid(const char *text, PreparedGid *out)
{
    size_t prefix_length = strlen(kPrefix);
    if (text == nullptr || strncmp(text, kPrefix, prefix_length) != 0)
        return false;
    const char *p = text + prefix_length;
    uint64_t database, pid, xid, sequence;
    if (!read_number(&p, UINT32_MAX, '_', &database) || !read_number(&p, INT32_MAX, '_', &pid) ||
        !read_number(&p, UINT32_MAX, '_', &xid) || !read_number(&p, UINT32_MAX, '\0', &sequence))
        return false;
    out->database = static_cast<uint32_t>(database);
    out->pid = static_cast<int32_t>(pid);
    out->xid = static_cast<uint32_t>(xid);
    out->sequence = static_cast<uint32_t>(sequence);
    return true;
}

Resolution resolve_prepared_transaction(bool preparer_in_progress, bool commit_recorded)
{
    if (preparer_in_progress)
        return Resolution::kLeave;
    return commit_recorded ? Resolution::kCommit : Resolution::kRollback;
}

} // namespace tessera::core
