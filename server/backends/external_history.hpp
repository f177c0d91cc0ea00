// History that a backend keeps outside Tether: the conversations Claude Code writes to
// its own transcripts, also when it runs in a terminal. A session that has one reads
// what it gained whenever the session is opened, and appends it as ordinary events.
#pragma once

#include "tether/protocol/images.hpp"
#include "tether/protocol/names.hpp"

#include <boost/json/object.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace tether::server {

// One prompt and what answered it, as a live turn would have produced it.
struct ExternalTurn {
  std::string prompt_uuid;  // the prompt's identity in the external history
  std::string prompt;
  std::vector<protocol::ImageAttachment> images;
  std::string started_at;  // ISO-8601, as recorded
  std::string ended_at;
  // thinking (complete), tool_use, tool_result payloads, in order; no sessionId/requestId.
  std::vector<std::pair<protocol::MessageType, boost::json::object>> events;
  std::string reply;
  boost::json::object detail;  // model, usage
};

struct ExternalHistory {
  std::vector<ExternalTurn> turns;
  std::int64_t end_offset = 0;  // where the next read starts
  std::int64_t skipped_lines = 0;
};

// Reads a session's external history. Blocking (files): called on the hub's blocking
// executor, never on a network thread.
class HistorySource {
 public:
  virtual ~HistorySource() = default;
  // What the history gained after `offset`, for a session with this backend state and
  // cwd; nothing when the session has no external history or it did not grow. offset
  // kBaseline: nothing is imported, the answer only says where the history ends now.
  virtual std::optional<ExternalHistory> read_since(const boost::json::object& backend_state, const std::string& cwd,
                                                    std::int64_t offset) = 0;
  // Whether a session with this backend state can have an external history at all; no
  // I/O, so that the joins of every other session skip the blocking executor.
  virtual bool may_have_history(const boost::json::object& backend_state) const = 0;
  static constexpr std::int64_t kBaseline = -1;
};

}  // namespace tether::server
