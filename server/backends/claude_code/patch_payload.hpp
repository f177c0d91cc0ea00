// A file tool's patch (cli_event.hpp FilePatch) in a tool_result payload, live
// (turn_mapper) and imported from a transcript (transcript_history) alike:
// `patch`: [{oldStart, oldLines, newStart, newLines, lines}], or past the bounds
// `patchTruncated: true` (docs/protocol.md §6.1). Header-only: the transcript targets
// (tests, fuzz, bench) build transcript_history without turn_mapper.
#pragma once

#include "server/backends/claude_code/cli_event.hpp"
#include "tether/protocol/names.hpp"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include <optional>

namespace tether::server::claude_code {

// Nothing without a patch.
inline void add_patch(boost::json::object& payload, const std::optional<FilePatch>& patch) {
  namespace field = protocol::field;
  if (!patch) return;
  if (patch->truncated) {
    payload[field::patch_truncated] = true;
    return;
  }
  boost::json::array hunks;
  hunks.reserve(patch->hunks.size());
  for (const auto& hunk : patch->hunks) {
    boost::json::array lines;
    lines.reserve(hunk.lines.size());
    for (const auto& line : hunk.lines) lines.emplace_back(line);
    hunks.emplace_back(boost::json::object{{field::old_start, hunk.old_start},
                                           {field::old_lines, hunk.old_lines},
                                           {field::new_start, hunk.new_start},
                                           {field::new_lines, hunk.new_lines},
                                           {field::lines, std::move(lines)}});
  }
  payload[field::patch] = std::move(hunks);
}

}  // namespace tether::server::claude_code
