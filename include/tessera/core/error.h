// Errors raised by Tessera's own C++ logic. The PG boundary turns them into ereport(ERROR).
#pragma once

#include <stdexcept>
#include <string>

namespace tessera {

// A user-facing error with a SQLSTATE and optional DETAIL and HINT. Thrown from C++ code; the
// entry-point wrapper in src/pg/ reports it to the client as a regular PostgreSQL ERROR.
class Error : public std::runtime_error {
public:
    explicit Error(std::string message, std::string sqlstate = "XX000", std::string detail = {},
                   std::string hint = {})
        : std::runtime_error(std::move(message)), sqlstate_(std::move(sqlstate)),
          detail_(std::move(detail)), hint_(std::move(hint))
    {
    }

    const std::string &sqlstate() const { return sqlstate_; }
    const std::string &detail() const { return detail_; }
    const std::string &hint() const { return hint_; }

private:
    std::string sqlstate_;
    std::string detail_;
    std::string hint_;
};

// SQLSTATE codes we use, named as in PostgreSQL's errcodes.txt.
namespace sqlstate {
inline constexpr const char *kInvalidParameterValue = "22023";
inline constexpr const char *kObjectNotInPrerequisiteState = "55000";
inline constexpr const char *kFeatureNotSupported = "0A000";
inline constexpr const char *kConnectionFailure = "08006";
inline constexpr const char *kInsufficientPrivilege = "42501";
inline constexpr const char *kDuplicateObject = "42710";
inline constexpr const char *kUndefinedObject = "42704";
inline constexpr const char *kInternalError = "XX000";
} // namespace sqlstate

} // namespace tessera
