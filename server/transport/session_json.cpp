// The REST Session object; see session_json.hpp.
#include "server/transport/session_json.hpp"

#include <boost/json/parse.hpp>

namespace tether::server {
namespace json = boost::json;
namespace field = protocol::field;

namespace {

json::object backend_state_of(const SessionRecord& record) {
  boost::system::error_code ec;
  auto state = json::parse(record.backend_state, ec);
  return !ec && state.is_object() ? std::move(state.get_object()) : json::object{};
}

std::string text_in(const json::object& object, std::string_view name) {
  const auto* value = object.if_contains(name);
  return value && value->is_string() ? std::string(value->get_string()) : std::string();
}

}  // namespace

std::string claude_session_id_of(const SessionRecord& record) {
  return text_in(backend_state_of(record), field::claude_session_id);
}

std::string resume_command(const std::string& cwd, const std::string& claude_session_id) {
  std::string quoted = "'";
  for (const char c : cwd) quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
  quoted += "'";
  return "cd " + quoted + " && claude --resume " + claude_session_id;
}

json::object session_json(const SessionView& view, std::string_view backend, bool cwd_exists) {
  const auto& record = view.record;
  json::object session{{field::id, record.id},
                       {field::title, record.title},
                       {field::cwd, record.cwd},
                       {field::cwd_exists, cwd_exists},
                       {field::created_at, record.created_at},
                       {field::updated_at, record.updated_at},
                       {field::status, view.status},
                       {field::backend, backend},
                       {field::head_seq, record.head_seq},
                       {field::origin, record.origin}};
  if (view.prompts_waiting > 0) session[field::prompts_waiting] = view.prompts_waiting;
  const auto state = backend_state_of(record);
  if (auto id = text_in(state, field::claude_session_id); !id.empty()) {
    session[field::resume_command] = resume_command(record.cwd, id);
    session[field::claude_session_id] = std::move(id);
  }
  auto model = text_in(state, field::selected_model);
  if (model.empty()) model = text_in(state, field::model);
  if (!model.empty()) session[field::model] = std::move(model);
  if (auto mode = text_in(state, field::permission_mode); !mode.empty()) session[field::permission_mode] = std::move(mode);
  return session;
}

}  // namespace tether::server
