// Tests for COPY text escaping.
#include "tessera/core/copy_text.h"

#include <gtest/gtest.h>

#include <string>

namespace {

std::string escape(const std::string &in)
{
    std::string out(tessera::core::copy_text_escaped_bound(in.size()), '\0');
    out.resize(tessera::core::copy_text_escape(in.data(), in.size(), out.data()));
    return out;
}

} // namespace

TEST(CopyText, PlainTextUnchanged)
{
    EXPECT_EQ(escape("hello world"), "hello world");
    EXPECT_EQ(escape(""), "");
    EXPECT_EQ(escape("\xc3\xa9t\xc3\xa9"), "\xc3\xa9t\xc3\xa9");
}

TEST(CopyText, SpecialCharactersEscaped)
{
    EXPECT_EQ(escape("a\tb\nc\rd\\e"), "a\\tb\\nc\\rd\\\\e");
    EXPECT_EQ(escape("\v\b\f"), "\\v\\b\\f");
    EXPECT_EQ(escape("\\N"), "\\\\N");
}

TEST(CopyText, BoundHolds)
{
    std::string worst(100, '\t');
    EXPECT_EQ(escape(worst).size(), tessera::core::copy_text_escaped_bound(worst.size()));
}
