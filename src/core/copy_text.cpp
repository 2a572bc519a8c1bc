// COPY text format escaping.
#include "tessera/core/copy_text.h"

namespace tessera::core {

size_t copy_text_escape(const char *value, size_t length, char *out) noexcept
{
    char *start = out;
    for (size_t i = 0; i < length; i++) {
        char c = value[i];
        char escaped = 0;
        switch (c) {
        case '\\':
            escaped = '\\';
            break;
        case '\t':
            escaped = 't';
            break;
        case '\n':
            escaped = 'n';
            break;
        case '\r':
            escaped = 'r';
            break;
        case '\v':
            escaped = 'v';
            break;
        case '\b':
            escaped = 'b';
            break;
        case '\f':
            escaped = 'f';
            break;
        default:
            break;
        }
        if (escaped != 0) {
            *out++ = '\\';
            *out++ = escaped;
        } else {
            *out++ = c;
        }
    }
    return static_cast<size_t>(out - start);
}

} // namespace tessera::core
