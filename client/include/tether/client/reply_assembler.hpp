// Rebuilds reply texts from delivered events, by the protocol's compaction rule
// (docs/protocol.md §2.1): deltas append; a chat_response sets the whole text. So the
// text is exact whether the reply was seen live, in part, or only after a replay.
#pragma once

#include "tether/protocol/envelope.hpp"
#include "tether/protocol/names.hpp"

#include <cstdint>
#include <map>
#include <optional>
#include <string>

namespace tether {

struct Reply {
  std::string text;
  bool complete = false;
  std::optional<protocol::StopReason> stop_reason;
  // The deltas of a turn have consecutive seqs; after a gap (compaction removed the
  // middle while the client was away) later deltas would not fit, so the text waits for
  // the chat_response.
  std::int64_t last_delta_seq = 0;
  bool gap = false;
};

struct ReplyUpdate {
  std::string request_id;
  std::string appended;   // new text at the end of what was there
  bool replaced = false;  // the text changed otherwise: show `text` whole again
  std::string text;       // the whole text so far
  bool complete = false;
  std::optional<protocol::StopReason> stop_reason;
};

class ReplyAssembler {
 public:
  // chat_stream and chat_response change a reply; other envelopes give nothing.
  std::optional<ReplyUpdate> apply(const protocol::Envelope& envelope);
  const Reply* find(const std::string& request_id) const;

 private:
  std::map<std::string, Reply> replies_;
};

}  // namespace tether
