#include "server/hub/session_events.hpp"

#include "server/hub/prompt_uuid.hpp"
#include "tether/protocol.hpp"

#include <map>
#include <unordered_set>

namespace tether::server {
namespace json = boost::json;
using protocol::MessageType;
namespace field = protocol::field;

namespace {

json::object payload_of(const EncodedText& frame) {
  auto envelope = protocol::decode_envelope(*frame);
  return envelope ? std::move(envelope->payload) : json::object{};
}

struct OpenPrompt {
  std::string request_id;
  json::value tool_use_id;
  json::value tool_name;
};

// Prompts opened and not resolved in what the log holds (a load holds every unfinished
// turn whole), by permission id.
std::map<std::string, OpenPrompt> open_prompts_in(const SessionLog& log) {
  std::map<std::string, OpenPrompt> open;
  for (const auto& event : log.events()) {
    if (event.type != MessageType::permission_request && event.type != MessageType::permission_resolved) continue;
    const auto payload = payload_of(event.frame);
    const auto* id = payload.if_contains(field::permission_id);
    if (!id || !id->is_string()) continue;
    if (event.type == MessageType::permission_resolved) {
      open.erase(std::string(id->get_string()));
      continue;
    }
    const auto* tool_use = payload.if_contains(field::tool_use_id);
    const auto* tool_name = payload.if_contains(field::tool_name);
    open[std::string(id->get_string())] = OpenPrompt{event.request_id.value_or(""), tool_use ? *tool_use : json::value(),
                                                     tool_name ? *tool_name : json::value()};
  }
  return open;
}

}  // namespace

Recovery plan_recovery(const SessionLog& log, const std::string& session_id) {
  Recovery recovery;
  auto open_prompts = open_prompts_in(log);
  auto close_prompts_of = [&](const std::string& request_id) {
    std::erase_if(open_prompts, [&](auto& entry) {
      auto& [permission_id, prompt] = entry;
      if (prompt.request_id != request_id) return false;
      recovery.events.push_back(SessionEvent{MessageType::permission_resolved,
                                             json::object{{field::session_id, session_id},
                                                          {field::request_id, request_id},
                                                          {field::permission_id, permission_id},
                                                          {field::tool_use_id, std::move(prompt.tool_use_id)},
                                                          {field::tool_name, std::move(prompt.tool_name)},
                                                          {field::behavior, protocol::permission_behavior::cancelled},
                                                          {field::close_reason,
                                                           protocol::permission_close_reason::interrupted}},
                                             request_id,
                                             {},
                                             std::nullopt});
      recovery.closed_prompts.push_back(permission_id);
      return true;
    });
  };
  for (const auto& request_id : log.unfinished_requests()) {
    std::string partial;
    std::int64_t request_seq = 0;
    for (const auto& event : log.events()) {
      if (event.request_id != request_id) continue;
      if (event.type == MessageType::chat_request) request_seq = event.seq;
      if (event.type != MessageType::chat_stream) continue;
      const auto payload = payload_of(event.frame);
      if (const auto* delta = payload.if_contains(field::delta); delta && delta->is_string()) {
        partial += delta->get_string();
      }
    }
    close_prompts_of(request_id);
    recovery.events.push_back(SessionEvent{
        MessageType::chat_response,
        protocol::to_json(protocol::ChatResponse{session_id, request_id, std::move(partial),
                                                 protocol::StopReason::interrupted, {}}),
        request_id, {}, request_seq});
    recovery.interrupted_turns.push_back(request_id);
  }
  // A turn that ended while its prompt was open (a stop that wrote the end, not the close).
  while (!open_prompts.empty()) {
    const auto request_id = open_prompts.begin()->second.request_id;  // a copy: the entry goes
    close_prompts_of(request_id);
  }
  return recovery;
}

Import plan_import(ExternalHistory history, const SessionLog& log, const std::string& session_id) {
  Import import;
  std::unordered_set<std::string> sent_by_tether;
  for (const auto& [request_id, seq] : log.request_seqs()) sent_by_tether.insert(prompt_uuid(session_id, request_id));
  std::unordered_set<std::string> imported_now;  // a history that names a prompt twice imports it once
  for (auto& turn : history.turns) {
    if (sent_by_tether.contains(turn.prompt_uuid)) continue;
    const auto request_id = "cc-" + turn.prompt_uuid;
    if (log.knows_request(request_id) || !imported_now.insert(request_id).second) continue;
    ++import.turns;
    import.events.push_back(SessionEvent{
        MessageType::chat_request,
        protocol::to_json(protocol::ChatRequestRecord{session_id, request_id, std::move(turn.prompt), std::nullopt,
                                                      std::move(turn.images)}),
        request_id, turn.started_at, std::nullopt});
    for (auto& [type, payload] : turn.events) {
      payload[field::session_id] = session_id;
      payload[field::request_id] = request_id;
      import.events.push_back(SessionEvent{type, std::move(payload), request_id, turn.started_at, std::nullopt});
    }
    turn.detail[field::imported] = true;
    import.events.push_back(SessionEvent{
        MessageType::chat_response,
        protocol::to_json(protocol::ChatResponse{session_id, request_id, std::move(turn.reply),
                                                 protocol::StopReason::end_turn, std::move(turn.detail)}),
        request_id, std::move(turn.ended_at), std::nullopt});
  }
  return import;
}

}  // namespace tether::server
