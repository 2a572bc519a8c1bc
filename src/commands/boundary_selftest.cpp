// Self-test of the PG/C++ error boundary, callable from SQL so regression tests can prove that
// errors cross it cleanly in both directions and that no C++ object is leaked on the way.
#include "tessera/pg/guard.h"

extern "C" {
#include "utils/builtins.h"
#include "utils/fmgrprotos.h"
}

#include <memory>
#include <string>
#include <vector>

namespace {

int live_objects = 0;

// An object whose destructor must run however the call ends.
struct Tracked {
    Tracked() { live_objects++; }
    ~Tracked() { live_objects--; }
    Tracked(const Tracked &) = delete;
    Tracked &operator=(const Tracked &) = delete;
};

// Calls a PostgreSQL function that raises an ERROR (integer division by zero) a few C++ frames
// deep, with tracked objects alive in each frame.
int32 divide_deep(int depth, int32 divisor)
{
    Tracked here;
    std::vector<std::string> owned(3, "allocated on the C++ heap");
    if (depth > 0)
        return divide_deep(depth - 1, divisor);
    return tessera::pg::guard([&] {
        return DatumGetInt32(
            DirectFunctionCall2(int4div, Int32GetDatum(42), Int32GetDatum(divisor)));
    });
}

} // namespace

// tessera_test_error_boundary(mode text) returns int: 'pg_error' raises a PostgreSQL error deep
// inside guarded C++ frames; 'cpp_error' throws a Tessera error with DETAIL and HINT;
// 'std_error' throws a plain std::exception; 'ok' returns a value computed through the guard.
TESSERA_FUNCTION(tessera_test_error_boundary)
{
    std::string mode = text_to_cstring(PG_GETARG_TEXT_PP(0));
    auto tracked = std::make_unique<Tracked>();
    if (mode == "pg_error")
        PG_RETURN_INT32(divide_deep(5, 0));
    if (mode == "cpp_error")
        throw tessera::Error("boundary test error", tessera::sqlstate::kInvalidParameterValue,
                             "raised from C++", "nothing to do: this is a test");
    if (mode == "std_error")
        throw std::out_of_range("boundary test out of range");
    if (mode == "ok")
        PG_RETURN_INT32(divide_deep(5, 2));
    throw tessera::Error("unknown mode \"" + mode + "\"",
                         tessera::sqlstate::kInvalidParameterValue);
}

// tessera_test_live_objects() returns how many tracked C++ objects are alive: 0 after any
// sequence of tessera_test_error_boundary calls proves destructors ran on every error path.
TESSERA_FUNCTION(tessera_test_live_objects)
{
    PG_RETURN_INT32(live_objects);
}
