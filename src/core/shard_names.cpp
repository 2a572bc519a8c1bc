#include "tessera/core/shard_names.h"

#include <cstring>
#include <limits>

namespace tessera::core {

bool parse_shard_id_suffix(const std::string &name, int64_t *shard_id)
{
    size_t underscore = name.rfind('_');
    if (underscore == std::string::npos || underscore == 0 || underscore + 1 == name.size())
        return false;
    if (name[underscore + 1] == '0')
        return false; // shard ids are printed without leading zeros
    int64_t value = 0;
    for (size_t i = underscore + 1; i < name.size(); i++) {
        char c = name[i];
        if (c < '0' || c > '9')
            return false;
        int digit = c - '0';
        if (value > (std::numeric_limits<int64_t>::max() - digit) / 10)
            return false;
        value = value * 10 + digit;
    }
    *shard_id = value;
    return true;
}

namespace {

// Where the part of `text` that may be rewritten starts: after the last ')' of a DETAIL that
// reports row values (which are user data and may hold anything, quotes included), else 0.
size_t rewritable_start(const std::string &text)
{
    static const char *const kValuePrefixes[] = {"Key (", "Failing row contains ("};
    for (const char *prefix : kValuePrefixes) {
        if (text.compare(0, strlen(prefix), prefix) == 0) {
            size_t close = text.rfind(')');
            return close == std::string::npos ? text.size() : close + 1;
        }
    }
    return 0;
}

// True if the text before position `quote` (an opening quote) ends in `word` and a space.
bool after_word(const std::string &text, size_t quote, const char *word)
{
    size_t length = strlen(word);
    return quote >= length + 1 && text[quote - 1] == ' ' &&
           text.compare(quote - 1 - length, length, word) == 0;
}

} // namespace

std::string rewrite_shard_names(const std::string &text, ShardNameResolver resolve, void *context)
{
    size_t start = rewritable_start(text);
    std::string out = text.substr(0, start);
    size_t pos = start;
    while (pos < text.size()) {
        size_t open = text.find('"', pos);
        size_t close = open == std::string::npos ? std::string::npos : text.find('"', open + 1);
        if (close == std::string::npos) {
            out.append(text, pos, std::string::npos);
            break;
        }
        out.append(text, pos, open + 1 - pos);
        std::string name = text.substr(open + 1, close - open - 1);
        int64_t shard_id = 0;
        const char *replacement = nullptr;
        // `shard "x_5"`: Tessera's own messages name shards on purpose.
        if (parse_shard_id_suffix(name, &shard_id) && !after_word(text, open, "shard"))
            replacement = resolve(context, name.c_str(), shard_id,
                                  after_word(text, open, "constraint") ? QuotedNameRole::kConstraint
                                                                       : QuotedNameRole::kRelation);
        out.append(replacement != nullptr ? replacement : name);
        out.push_back('"');
        pos = close + 1;
    }
    return out;
}

} // namespace tessera::core
