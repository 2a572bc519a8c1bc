// PostgreSQL COPY text format: escaping of column values.
#pragma once

#include <cstddef>

namespace tessera::core {

// Upper bound of the escaped size of `length` bytes (every byte may become two).
constexpr size_t copy_text_escaped_bound(size_t length)
{
    return 2 * length;
}

// Writes `value[0..length)` escaped for the COPY text format (backslash, tab, newline, carriage
// return, vertical tab, backspace and form feed become backslash sequences) to `out`, which must
// have room for copy_text_escaped_bound(length) bytes. Returns the number of bytes written.
size_t copy_text_escape(const char *value, size_t length, char *out) noexcept;

} // namespace tessera::core
