// Permission prompt bookkeeping; see permission_ledger.hpp.
#include "server/backends/claude_code/permission_ledger.hpp"

#include "server/backends/claude_code/stdin_line.hpp"
#include "tether/protocol/names.hpp"

#include <algorithm>

namespace tether::server::claude_code {
namespace json = boost::json;
namespace field = protocol::field;
namespace behavior = protocol::permission_behavior;

namespace {

protocol::Error invalid(std::string message) {
  return protocol::make_error(protocol::ErrorCode::invalid_message, std::move(message));
}

// "Remember" must never write settings files (destinations localSettings and the like
// do): the CLI's own suggestions are reused with their destination set to the session.
json::array session_permissions(const PermissionPrompt& prompt) {
  json::array updates;
  for (const auto& suggestion : prompt.suggestions) {
    const auto* object = suggestion.if_object();
    if (!object) continue;
    const auto* type = object->if_contains("type");
    if (!type || !type->is_string() || type->get_string() != "addRules") continue;
    json::object update = *object;
    update["destination"] = "session";
    updates.push_back(std::move(update));
  }
  if (updates.empty()) {
    updates.push_back(json::object{{"type", "addRules"},
                                   {"rules", json::array{json::object{{"toolName", prompt.tool_name}}}},
                                   {"behavior", "allow"},
                                   {"destination", "session"}});
  }
  return updates;
}

// One of the CLI's suggestions, picked by the user ("always allow `npm test` in this
// session", "accept edits from now on"): kept as the CLI made it, but for this session
// only. Nothing when it is not a suggestion Tether can apply.
std::optional<json::object> session_suggestion(const PermissionPrompt& prompt, std::size_t index) {
  if (index >= prompt.suggestions.size() || !prompt.suggestions[index].is_object()) return std::nullopt;
  json::object update = prompt.suggestions[index].get_object();
  const auto* type = update.if_contains("type");
  if (!type || !type->is_string()) return std::nullopt;
  const auto kind = type->get_string();
  if (kind != "addRules" && kind != "setMode" && kind != "addDirectories") return std::nullopt;
  update["destination"] = "session";
  return update;
}

}  // namespace

json::object PermissionLedger::open(const PermissionPrompt& prompt) {
  json::object event{{field::permission_id, prompt.request_id},
                     {field::tool_name, prompt.tool_name},
                     {field::tool_use_id, prompt.tool_use_id},
                     {field::input, prompt.input},
                     {field::description, prompt.description},
                     {field::suggestions, prompt.suggestions}};
  if (prompt.blocked_path) event[field::blocked_path] = *prompt.blocked_path;
  if (prompt.title) event[field::title] = *prompt.title;
  open_[prompt.request_id] = OpenPrompt{prompt};
  return event;
}

protocol::Result<std::optional<PermissionResolution>> PermissionLedger::answer(const json::object& payload) {
  const auto* id_value = payload.if_contains(field::permission_id);
  if (!id_value || !id_value->is_string() || id_value->get_string().empty())
    return invalid("permission_response: permissionId must be a non-empty string");
  const std::string id(id_value->get_string());

  const auto* behavior_value = payload.if_contains(field::behavior);
  if (!behavior_value || !behavior_value->is_string() ||
      (behavior_value->get_string() != behavior::allow && behavior_value->get_string() != behavior::deny))
    return invalid("permission_response: behavior must be \"allow\" or \"deny\"");
  const bool allow = behavior_value->get_string() == behavior::allow;

  const auto* updated_input = payload.if_contains(field::updated_input);
  if (updated_input && !updated_input->is_object() && !updated_input->is_null())
    return invalid("permission_response: updatedInput must be an object");
  const auto* message = payload.if_contains(field::message);
  if (message && !message->is_string() && !message->is_null())
    return invalid("permission_response: message must be a string");
  const auto* remember = payload.if_contains(field::remember);
  if (remember && !remember->is_bool() && !remember->is_null())
    return invalid("permission_response: remember must be a boolean");
  const auto* suggestion = payload.if_contains(field::suggestion);
  if (suggestion && !suggestion->is_null() && !(suggestion->is_int64() && suggestion->get_int64() >= 0) &&
      !suggestion->is_uint64())
    return invalid("permission_response: suggestion must be the index of one of the prompt's suggestions");

  auto found = open_.find(id);
  if (found == open_.end()) {
    if (std::find(recently_resolved_.begin(), recently_resolved_.end(), id) != recently_resolved_.end())
      return std::optional<PermissionResolution>();
    return invalid("permission_response: no open permission prompt " + id);
  }
  std::optional<json::object> picked;
  if (suggestion && !suggestion->is_null()) {
    const auto index = suggestion->is_uint64() ? suggestion->get_uint64() : static_cast<std::uint64_t>(suggestion->get_int64());
    picked = session_suggestion(found->second.prompt, static_cast<std::size_t>(index));
    if (!picked) {
      return invalid("permission_response: suggestion " + std::to_string(index) +
                     " is not one this prompt offers (addRules, setMode or addDirectories)");
    }
  }
  const PermissionPrompt prompt = std::move(found->second.prompt);
  open_.erase(found);
  remember_resolved(id);

  json::object resolved{{field::permission_id, id},
                        {field::tool_use_id, prompt.tool_use_id},
                        {field::tool_name, prompt.tool_name},
                        {field::behavior, allow ? behavior::allow : behavior::deny}};
  if (const auto* by = payload.if_contains(field::answered_by); by && by->is_string()) {
    resolved[field::answered_by] = by->get_string();
  }
  json::object response;
  if (allow) {
    // The CLI fails the tool without updatedInput; unchanged input is echoed back.
    json::object input = updated_input && updated_input->is_object() ? updated_input->get_object() : prompt.input;
    response = {{"behavior", "allow"}, {"updatedInput", input}, {"toolUseID", prompt.tool_use_id}};
    if (picked) {
      response["updatedPermissions"] = json::array{*picked};
      resolved[field::suggestion] = *suggestion;
    } else if (remember && remember->is_bool() && remember->get_bool()) {
      response["updatedPermissions"] = session_permissions(prompt);
      resolved[field::remember] = true;
    }
    if (input != prompt.input) resolved[field::updated_input] = std::move(input);
  } else {
    std::string text = message && message->is_string() && !message->get_string().empty()
                           ? std::string(message->get_string())
                           : std::string(kDefaultDenyMessage);
    response = {{"behavior", "deny"}, {"message", text}, {"toolUseID", prompt.tool_use_id}};
    resolved[field::message] = std::move(text);
  }
  return std::optional<PermissionResolution>(
      PermissionResolution{control_success_line(id, std::move(response)), std::move(resolved)});
}

std::optional<json::object> PermissionLedger::cancel(const std::string& request_id) {
  auto found = open_.find(request_id);
  if (found == open_.end()) return std::nullopt;
  json::object resolved{{field::permission_id, request_id},
                        {field::tool_use_id, found->second.prompt.tool_use_id},
                        {field::tool_name, found->second.prompt.tool_name},
                        {field::behavior, behavior::cancelled}};
  open_.erase(found);
  remember_resolved(request_id);
  return resolved;
}

std::vector<json::object> PermissionLedger::cancel_all() {
  std::vector<json::object> events;
  while (!open_.empty()) {
    const std::string id = open_.begin()->first;
    if (auto event = cancel(id)) events.push_back(std::move(*event));
  }
  return events;
}

std::vector<std::string> PermissionLedger::open_ids() const {
  std::vector<std::string> ids;
  for (const auto& [id, prompt] : open_) ids.push_back(id);
  return ids;
}

void PermissionLedger::remember_resolved(const std::string& id) {
  recently_resolved_.push_back(id);
  if (recently_resolved_.size() > kRememberedResolved) recently_resolved_.pop_front();
}

}  // namespace tether::server::claude_code
