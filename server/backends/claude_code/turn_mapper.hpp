// Maps what the CLI prints during one turn to what Tether's protocol shows: text
// deltas -> chat_stream, thinking -> thinking, a tool's input while the model writes it
// -> tool_input, tool calls -> tool_use / tool_result (a subagent's too, with the Task
// call they belong to), the result line -> the turn's chat_response. Pure: it returns actions, the session
// carries them out, so every mapping rule has a unit test.
#pragma once

#include "server/backends/backend.hpp"
#include "server/backends/claude_code/cli_event.hpp"

#include <boost/json/object.hpp>

#include <map>
#include <optional>
#include <set>
#include <string>
#include <variant>
#include <vector>

namespace tether::server::claude_code {

struct EmitDelta {
  std::string text;
};
struct EmitEvent {
  protocol::MessageType type;
  boost::json::object payload;
};
struct FinishTurn {
  TurnResult result;
};
using TurnAction = std::variant<EmitDelta, EmitEvent, FinishTurn>;

class TurnMapper {
 public:
  // One CLI event of the running turn; session-level lines (init, retry, control)
  // produce nothing here.
  std::vector<TurnAction> on_event(const CliEvent& event);

  // Why the turn is being stopped by us (cancel, stall watchdog): an interrupted
  // result then ends the turn with this reason and, for errors, this text.
  void set_stop_override(protocol::StopReason reason, std::string error_text = {});

  // The turn cannot finish normally (the process died or was killed): its result,
  // keeping the text streamed so far.
  TurnResult abandon(protocol::StopReason reason, boost::json::object detail) const;

  // True while a tool_use has no tool_result yet: the CLI is running a tool, not
  // waiting on the API, so silence is not a stall.
  bool tool_running() const noexcept { return !running_tools_.empty(); }
  const std::string& text() const noexcept { return text_; }
  bool finished() const noexcept { return finished_; }

 private:
  void append_text(std::string_view piece, std::vector<TurnAction>& actions);
  TurnResult finish(const TurnEnd& end);

  std::string text_;                        // the reply so far, exactly the deltas emitted
  bool new_text_block_ = false;             // next text starts a new block: separate it
  std::string current_message_id_;          // of the message being streamed
  std::set<std::string> streamed_messages_;  // messages whose text came as deltas
  std::set<std::string> streamed_thinking_;  // messages whose thinking came as deltas
  std::set<std::string> running_tools_;
  std::map<int, std::pair<std::string, std::string>> streaming_tools_;  // block index -> tool id, name
  std::optional<protocol::StopReason> stop_override_;
  std::string override_error_;
  bool finished_ = false;
};

// The separator between two text blocks of one reply (e.g. before and after a tool).
inline constexpr std::string_view kBlockSeparator = "\n\n";

}  // namespace tether::server::claude_code
