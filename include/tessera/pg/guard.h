// The PG/C++ boundary. PostgreSQL reports errors by longjmp, which must never cross a C++ frame
// holding objects with destructors; C++ exceptions must never reach PostgreSQL. Two tools keep
// those worlds apart:
//   guard(fn)  - runs PostgreSQL calls from C++; a PostgreSQL ERROR becomes a PgError exception.
//   entry(fn)  - wraps every extern "C" entry point; any exception becomes ereport(ERROR) once
//                all C++ destructors have run.
#pragma once

#include "tessera/core/error.h"
#include "tessera/pg/pg_includes.h"

#include <exception>
#include <new>
#include <type_traits>
#include <utility>

extern "C" {
#include "utils/elog.h"
#include "utils/memutils.h"
}

namespace tessera::pg {

// A PostgreSQL error caught by guard(); carries the copied ErrorData until entry() rethrows it.
class PgError : public std::exception {
public:
    explicit PgError(ErrorData *data) : data_(data) {}
    const char *what() const noexcept override
    {
        return data_ != nullptr && data_->message != nullptr ? data_->message : "postgres error";
    }
    ErrorData *data() const { return data_; }

private:
    ErrorData *data_;
};

// Captures the current PostgreSQL error into memory context `into` and clears the error state.
ErrorData *capture_error(MemoryContext into);

// A call made under PG_TRY by run_guarded: the body, its argument, and any C++ exception the
// body threw (kept here so it never unwinds through the PG_TRY frame).
struct GuardedCall {
    void (*body)(void *);
    void *arg;
    std::exception_ptr cpp_error;
};

// Runs call.body(call.arg) under PG_TRY. Returns the PostgreSQL error it raised (copied into the
// caller's memory context) or nullptr; a C++ exception is stored in call.cpp_error.
ErrorData *run_guarded(GuardedCall &call);

// Runs fn(), which may call PostgreSQL; a PostgreSQL ERROR raised inside is rethrown as PgError
// so C++ destructors up the stack run. The error must reach entry() (or a subtransaction
// rollback): the caught state is only safe to rethrow, not to continue from.
template <typename Fn> auto guard(Fn &&fn) -> decltype(fn())
{
    using Result = decltype(fn());
    if constexpr (std::is_void_v<Result>) {
        auto body = [&] { fn(); };
        GuardedCall call{[](void *arg) { (*static_cast<decltype(body) *>(arg))(); }, &body, {}};
        if (ErrorData *error = run_guarded(call))
            throw PgError(error);
        if (call.cpp_error)
            std::rethrow_exception(call.cpp_error);
    } else {
        // Results of guarded calls are PostgreSQL values (pointers, Datums, scalars).
        Result result{};
        auto body = [&] { result = fn(); };
        GuardedCall call{[](void *arg) { (*static_cast<decltype(body) *>(arg))(); }, &body, {}};
        if (ErrorData *error = run_guarded(call))
            throw PgError(error);
        if (call.cpp_error)
            std::rethrow_exception(call.cpp_error);
        return result;
    }
}

// Reports a caught exception as a PostgreSQL ERROR. Never returns. Called by entry() after the
// frame that held the exception has been left, so every C++ destructor has already run.
[[noreturn]] void report_exception(std::exception_ptr exception);

// Runs the body of an extern "C" entry point; any exception leaves as ereport(ERROR).
template <typename Fn> auto entry(Fn &&fn) -> decltype(fn())
{
    std::exception_ptr failure;
    try {
        return fn();
    } catch (...) {
        failure = std::current_exception();
    }
    report_exception(std::move(failure));
}

} // namespace tessera::pg

// Defines an SQL-callable C function `name` whose body is C++ run under entry(). Use as:
//   TESSERA_FUNCTION(my_func) { ... return Datum; }
#define TESSERA_FUNCTION(name)                                                                     \
    static Datum name##_body(FunctionCallInfo fcinfo);                                             \
    extern "C" {                                                                                   \
    PG_FUNCTION_INFO_V1(name);                                                                     \
    }                                                                                              \
    extern "C" Datum name(PG_FUNCTION_ARGS)                                                        \
    {                                                                                              \
        return tessera::pg::entry([&]() -> Datum { return name##_body(fcinfo); });                 \
    }                                                                                              \
    static Datum name##_body(FunctionCallInfo fcinfo)
