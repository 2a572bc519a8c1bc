// The PG/C++ error boundary: PostgreSQL errors to C++ exceptions and back.
#include "tessera/pg/guard.h"

namespace tessera::pg {

// Copies the error being handled into `into` and resets PostgreSQL's error state, so the error
// can travel as a C++ exception and be rethrown later with ReThrowError.
ErrorData *capture_error(MemoryContext into)
{
    MemoryContextSwitchTo(into);
    ErrorData *data = CopyErrorData();
    FlushErrorState();
    return data;
}

ErrorData *run_guarded(GuardedCall &call)
{
    MemoryContext caller_context = CurrentMemoryContext;
    ErrorData *volatile error = nullptr;
    PG_TRY();
    {
        try {
            call.body(call.arg);
        } catch (...) {
            call.cpp_error = std::current_exception();
        }
    }
    PG_CATCH();
    {
        error = capture_error(caller_context);
    }
    PG_END_TRY();
    return error;
}

namespace {

// What report_exception needs to raise an ERROR, held in palloc'd memory only.
struct PendingError {
    ErrorData *pg = nullptr;
    int sqlstate = ERRCODE_INTERNAL_ERROR;
    char *message = nullptr;
    char *detail = nullptr;
    char *hint = nullptr;
    bool out_of_memory = false;
};

// Turns a five-character SQLSTATE string into PostgreSQL's packed code.
int pack_sqlstate(const std::string &code)
{
    if (code.size() != 5)
        return ERRCODE_INTERNAL_ERROR;
    return MAKE_SQLSTATE(code[0], code[1], code[2], code[3], code[4]);
}

// Copies an optional std::string into palloc'd memory (nullptr when empty).
char *copy_optional(const std::string &text)
{
    return text.empty() ? nullptr : pstrdup(text.c_str());
}

// Reads the exception into a PendingError without raising anything.
PendingError describe(const std::exception_ptr &exception)
{
    PendingError pending;
    try {
        std::rethrow_exception(exception);
    } catch (const PgError &e) {
        pending.pg = e.data();
    } catch (const tessera::Error &e) {
        pending.sqlstate = pack_sqlstate(e.sqlstate());
        pending.message = pstrdup(e.what());
        pending.detail = copy_optional(e.detail());
        pending.hint = copy_optional(e.hint());
    } catch (const std::bad_alloc &) {
        pending.out_of_memory = true;
    } catch (const std::exception &e) {
        pending.message = psprintf("internal error in tessera: %s", e.what());
    } catch (...) {
        pending.message = pstrdup("internal error in tessera: unknown exception");
    }
    return pending;
}

} // namespace

[[noreturn]] void report_exception(std::exception_ptr exception)
{
    PendingError pending = describe(exception);
    exception = nullptr; // free the exception object before longjmp skips this frame
    if (pending.pg != nullptr)
        ReThrowError(pending.pg);
    if (pending.out_of_memory)
        ereport(ERROR, (errcode(ERRCODE_OUT_OF_MEMORY), errmsg("out of memory")));
    ereport(ERROR, (errcode(pending.sqlstate), errmsg_internal("%s", pending.message),
                    pending.detail ? errdetail_internal("%s", pending.detail) : 0,
                    pending.hint ? errhint("%s", pending.hint) : 0));
    pg_unreachable();
}

} // namespace tessera::pg
