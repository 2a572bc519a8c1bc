// Names of the prepared transactions a coordinator creates on other nodes, and the rule that
// recovery applies to each one it finds. Pure C++ (no PostgreSQL header, no allocation), so the
// PostgreSQL-side code can call it from frames that may raise errors.
//
// A name is  tessera_<database oid>_<backend pid>_<transaction id>_<sequence>: the database oid
// scopes it to one database of the coordinator, and the transaction id is the coordinator's
// top-level transaction id, which recovery checks to know whether the decision is final.
#pragma once

#include <cstddef>
#include <cstdint>

namespace tessera::core {

// The parts of a prepared-transaction name.
struct PreparedGid {
    uint32_t database; // database oid on the coordinator
    int32_t pid;       // coordinator backend that prepared it
    uint32_t xid;      // coordinator's top-level transaction id
    uint32_t sequence; // distinguishes the participants of one transaction
};

// Writes "tessera_<database>_" into `out` (of `size` bytes, NUL-terminated). Returns the length
// it needed, like snprintf.
int format_prepared_gid_prefix(char *out, size_t size, uint32_t database);

// Writes the full name of `gid` into `out`. Returns the length it needed, like snprintf.
int format_prepared_gid(char *out, size_t size, const PreparedGid &gid);

// Parses a name written by format_prepared_gid. Returns false (leaving *out unspecified) for
// anything else: another prefix, missing or non-numeric parts, trailing characters, overflow.
bool parse_prepared_gid(const char *text, PreparedGid *out);

// What recovery does with one prepared transaction it found on a node.
enum class Resolution {
    kLeave,    // the coordinator transaction is still running: it will decide itself
    kCommit,   // a commit record exists: the coordinator committed
    kRollback, // the coordinator transaction ended without a commit record: it did not commit
};

// The decision for a prepared transaction. `preparer_in_progress` must be checked after the
// prepared transaction was seen on the node, and `commit_recorded` read after that check with a
// fresh snapshot: then a finished transaction's record, if any, is visible.
Resolution resolve_prepared_transaction(bool preparer_in_progress, bool commit_recorded);

} // namespace tessera::core
