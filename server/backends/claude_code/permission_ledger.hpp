// Bookkeeping of the CLI's open permission prompts (can_use_tool control requests).
// Turns a prompt into a permission_request payload, checks a client's
// permission_response, decides that the first answer wins, and builds the exact
// control_response the CLI requires (allow always carries updatedInput, deny always a
// message). Pure and single-threaded: the owner serializes access.
#pragma once

#include "server/backends/claude_code/cli_event.hpp"
#include "tether/protocol/errors.hpp"

#include <boost/json/object.hpp>

#include <cstddef>
#include <deque>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace tether::server::claude_code {

// What answering a prompt produces: the line for the CLI's stdin and the payload of the
// permission_resolved event that closes the prompt on every client.
struct PermissionResolution {
  std::string stdin_line;
  boost::json::object resolved_event;
};

class PermissionLedger {
 public:
  // Registers the prompt and returns the payload of its permission_request event.
  boost::json::object open(const PermissionPrompt& prompt);

  // A client's permission_response payload. An answer to a prompt that is already
  // resolved returns nullopt (the first answer won; later ones change nothing). An
  // ill-formed answer or an unknown permissionId is an invalid_message error.
  protocol::Result<std::optional<PermissionResolution>> answer(const boost::json::object& payload);

  // The CLI withdrew its request (control_cancel_request): the payload of the
  // permission_resolved event with behavior "cancelled", or nullopt if it was not open.
  std::optional<boost::json::object> cancel(const std::string& request_id);

  // Every open prompt resolved as cancelled (the process ended); their events.
  std::vector<boost::json::object> cancel_all();

  bool has_open() const noexcept { return !open_.empty(); }
  std::vector<std::string> open_ids() const;

 private:
  struct OpenPrompt {
    PermissionPrompt prompt;
  };
  void remember_resolved(const std::string& id);

  std::map<std::string, OpenPrompt> open_;
  std::deque<std::string> recently_resolved_;  // bounded: answers that lost the race
  static constexpr std::size_t kRememberedResolved = 256;
};

// The message the CLI gets for a deny without one (the CLI rejects a deny without it).
inline constexpr std::string_view kDefaultDenyMessage = "The user denied this tool use in Tether.";

}  // namespace tether::server::claude_code
