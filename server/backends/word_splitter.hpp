// Splits text into the pieces the echo backend streams: each word with the whitespace
// that follows it (leading whitespace goes with the first word), so the pieces joined
// are exactly the text.
#pragma once

#include <string_view>
#include <vector>

namespace tether::server {

std::vector<std::string_view> split_words(std::string_view text);

}  // namespace tether::server
