#include "server/transport/rest_api.hpp"

#include "server/async/blocking.hpp"
#include "server/hub/hub.hpp"
#include "server/transport/rest_bodies.hpp"
#include "server/transport/rest_projects.hpp"
#include "server/transport/rest_route.hpp"
#include "server/transport/rest_workbench.hpp"
#include "server/transport/server_context.hpp"
#include "server/transport/session_json.hpp"
#include "tether/protocol/vocabulary.hpp"

#include <boost/json/parse.hpp>
#include <boost/url/parse.hpp>
#include <spdlog/spdlog.h>

#include <array>
#include <charconv>
#include <filesystem>

namespace tether::server {
namespace http = boost::beast::http;
namespace json = boost::json;
namespace field = protocol::field;
using boost::asio::awaitable;
using protocol::ErrorCode;

namespace {

constexpr std::size_t kMaxEventsPerPage = 1000;
// Sent with the HTTP fallback's POSTs: the connectionId its SSE stream was given.
constexpr std::string_view kConnectionHeader = "X-Tether-Connection";

// Whether each folder is still there, looked up off the network threads.
awaitable<std::vector<bool>> folders_exist(ServerContext& context, std::vector<std::string> cwds) {
  auto look = [cwds = std::move(cwds)] {
    std::vector<bool> exist;
    for (const auto& cwd : cwds) {
      std::error_code error;
      exist.push_back(std::filesystem::is_directory(cwd, error));
    }
    return exist;
  };
  co_return co_await run_blocking(context.blocking, std::move(look));
}

awaitable<json::object> session_answer(ServerContext& context, const SessionView& view) {
  std::vector<std::string> cwd{view.record.cwd};
  const auto exists = co_await folders_exist(context, std::move(cwd));
  co_return json::object{{field::session, session_json(view, context.hub.backend().name(), exists.front())}};
}

std::optional<std::int64_t> query_integer(const boost::urls::params_view& query, std::string_view name) {
  auto it = query.find(name);
  if (it == query.end() || !(*it).has_value) return std::nullopt;
  return parse_whole_number(std::string((*it).value)).value_or(-1);
}

Response no_session(const Request& request, const std::string& id) {
  return error_response(request, ErrorCode::session_not_found, "There is no session \"" + id + "\".");
}

awaitable<Response> list_sessions(const Request& request, const RouteMatch&, ServerContext& context) {
  const auto views = co_await context.hub.list();
  std::vector<std::string> cwds;
  for (const auto& view : views) cwds.push_back(view.record.cwd);
  const auto exist = co_await folders_exist(context, std::move(cwds));
  json::array sessions;
  for (std::size_t i = 0; i < views.size(); ++i) sessions.push_back(session_json(views[i], context.hub.backend().name(), exist[i]));
  co_return json_response(request, http::status::ok, json::object{{field::sessions, std::move(sessions)}});
}

// POST /api/sessions {claudeSessionId}: the Tether session that continues a Claude Code
// conversation: the one that already does, or a new one whose history is read from the
// transcript when it is first opened (Session::sync_external_history).
awaitable<Response> open_conversation(const Request& request, ServerContext& context, NewSessionBody body) {
  const auto id = *body.claude_session_id;
  for (const auto& view : co_await context.hub.list()) {
    if (claude_session_id_of(view.record) == id) {
      co_return json_response(request, http::status::ok, co_await session_answer(context, view));
    }
  }
  auto find = [catalog = context.conversations, id] {
    return catalog ? catalog->find(id) : std::optional<ExternalConversation>{};
  };
  auto conversation = co_await run_blocking(context.blocking, std::move(find));
  if (!conversation) {
    co_return error_response(request, protocol::Error{ErrorCode::not_found,
                                                      "There is no Claude Code conversation " + id +
                                                          " inside the workspace.",
                                                      "List them with GET /api/claude/transcripts."});
  }
  SessionSeed seed{body.title.empty() ? conversation->title : std::move(body.title), conversation->cwd,
                   std::string(protocol::session_origin::terminal), json::object{{field::claude_session_id, id}}};
  auto view = co_await context.hub.create(std::move(seed));
  spdlog::info("session {} opens Claude Code conversation {} ({})", view.record.id, id, view.record.cwd);
  // Read the transcript now, so that the answer already counts its history.
  if (auto session = co_await context.hub.find(view.record.id)) view = co_await session->view(true);
  view.messages = {};
  co_return json_response(request, http::status::created, co_await session_answer(context, view));
}

awaitable<Response> create_session(const Request& request, const RouteMatch&, ServerContext& context) {
  auto body = parse_new_session_body(request.body());
  if (!body) co_return error_response(request, body.error());
  if (body->claude_session_id) co_return co_await open_conversation(request, context, std::move(*body));
  // The cwd must lie inside a --workspace root (default: where `tether serve` started):
  // the Claude Code CLI runs commands there.
  const auto& workspace = *context.workspace;
  auto resolve = [&workspace, requested = body->cwd.value_or("")] { return workspace.resolve_directory(requested); };
  auto cwd = co_await run_blocking(context.blocking, std::move(resolve));
  if (!cwd) co_return error_response(request, cwd.error());
  json::object state;
  const auto model = body->model.value_or(context.config.model);
  if (!model.empty()) state[field::selected_model] = model;
  const auto mode = body->permission_mode.value_or(context.config.permission_mode);
  const bool mode_allowed = protocol::permission_mode_allowed(mode, context.config.allow_bypass_permissions);
  if (!mode_allowed) {
    co_return error_response(request, ErrorCode::invalid_message,
                             "\"permissionMode\" must be default, acceptEdits or plan" +
                                 std::string(context.config.allow_bypass_permissions ? " or bypassPermissions." : "."));
  }
  state[field::permission_mode] = mode;
  // Named, not a temporary inside co_await: GCC 12 destroys such a temporary twice.
  SessionSeed seed{std::move(body->title), cwd->string(), std::string(protocol::session_origin::tether),
                   std::move(state)};
  auto view = co_await context.hub.create(std::move(seed));
  spdlog::info("session {} created in {}", view.record.id, view.record.cwd);
  co_return json_response(request, http::status::created, co_await session_answer(context, view));
}

awaitable<Response> get_session(const Request& request, const RouteMatch& match, ServerContext& context) {
  auto session = co_await context.hub.find(match.id);
  if (!session) co_return no_session(request, match.id);
  auto view = co_await session->view(true);
  auto answer = co_await session_answer(context, view);
  answer[field::messages] = std::move(view.messages);
  co_return json_response(request, http::status::ok, answer);
}

awaitable<Response> rename_session(const Request& request, const RouteMatch& match, ServerContext& context) {
  auto title = parse_rename_body(request.body());
  if (!title) co_return error_response(request, title.error());
  if (!co_await context.hub.rename(match.id, std::move(*title))) co_return no_session(request, match.id);
  auto session = co_await context.hub.find(match.id);
  if (!session) co_return no_session(request, match.id);
  const auto view = co_await session->view(false);
  co_return json_response(request, http::status::ok, co_await session_answer(context, view));
}

awaitable<Response> delete_session(const Request& request, const RouteMatch& match, ServerContext& context) {
  if (!co_await context.hub.remove(match.id)) co_return no_session(request, match.id);
  spdlog::info("session {} deleted", match.id);
  Response response{http::status::no_content, request.version()};
  add_security_headers(response);
  response.keep_alive(request.keep_alive());
  co_return response;
}

awaitable<Response> session_events(const Request& request, const RouteMatch& match, ServerContext& context) {
  const auto after = query_integer(match.query, "after").value_or(0);
  const auto before = query_integer(match.query, "before").value_or(0);
  const auto limit = query_integer(match.query, "limit").value_or(kMaxEventsPerPage);
  if (after < 0 || before < 0 || limit < 1) {
    co_return error_response(request, ErrorCode::invalid_message,
                             "\"after\", \"before\" and \"limit\" must be whole numbers.");
  }
  if (after > 0 && before > 0) {
    co_return error_response(request, ErrorCode::invalid_message, "Page with \"after\" or with \"before\", not both.");
  }
  auto session = co_await context.hub.find(match.id);
  if (!session) co_return no_session(request, match.id);
  auto page = co_await session->events_page(after, before,
                                            std::min<std::size_t>(static_cast<std::size_t>(limit), kMaxEventsPerPage));
  const auto& frames = page.frames;
  // The stored envelopes are JSON already: splice them in rather than re-encode.
  std::string body = "{\"events\":[";
  for (std::size_t i = 0; i < frames.size(); ++i) {
    if (i > 0) body += ',';
    body += *frames[i];
  }
  body += "],\"headSeq\":" + std::to_string(page.head_seq) + ",\"hasOlder\":" + (page.has_older ? "true" : "false") + "}";
  Response response{http::status::ok, request.version()};
  add_security_headers(response);
  response.set(http::field::content_type, "application/json");
  response.keep_alive(request.keep_alive());
  response.body() = std::move(body);
  response.prepare_payload();
  co_return response;
}

awaitable<Response> post_message(const Request& request, const RouteMatch&, ServerContext& context) {
  ClientContext client;  // no subscriber: this transport answers, it does not stream
  // The SSE stream this POST belongs to names the client; the value is only ever shown.
  const auto stream_id = request[kConnectionHeader];
  // (A connectionId has the alphabet and length of a session id.)
  client.connection_id = protocol::is_valid_session_id(stream_id) ? std::string(stream_id) : "http";
  auto answer = co_await context.dispatcher.handle(request.body(), client);
  const auto status = answer.error ? static_cast<http::status>(protocol::http_status(*answer.error)) : http::status::ok;
  Response response{status, request.version()};
  add_security_headers(response);
  response.set(http::field::content_type, "application/json");
  response.keep_alive(request.keep_alive());
  response.body() = *answer.frame;
  response.prepare_payload();
  co_return response;
}

constexpr std::array kRoutes{
    Route{http::verb::get, "/api/sessions", list_sessions},
    Route{http::verb::post, "/api/sessions", create_session},
    Route{http::verb::get, "/api/sessions/{id}", get_session},
    Route{http::verb::patch, "/api/sessions/{id}", rename_session},
    Route{http::verb::delete_, "/api/sessions/{id}", delete_session},
    Route{http::verb::get, "/api/sessions/{id}/events", session_events},
    Route{http::verb::get, "/api/sessions/{id}/files", list_project_files},
    Route{http::verb::get, "/api/sessions/{id}/file", read_project_file},
    Route{http::verb::get, "/api/sessions/{id}/git", project_git_status},
    Route{http::verb::get, "/api/sessions/{id}/git/diff", project_git_diff},
    Route{http::verb::post, "/api/claude/messages", post_message},
    Route{http::verb::get, "/api/projects", list_projects},
    Route{http::verb::get, "/api/folders", list_folders},
    Route{http::verb::get, "/api/claude/transcripts", list_transcripts},
    Route{http::verb::get, "/api/claude/capabilities", claude_capabilities},
};

// Matches "/a/{id}/b" against a path; fills id.
bool matches(std::string_view pattern, std::string_view path, std::string& id) {
  while (!pattern.empty() && !path.empty()) {
    if (pattern.starts_with("{id}")) {
      const auto end = path.find('/');
      id = std::string(path.substr(0, end));
      if (id.empty()) return false;
      pattern.remove_prefix(4);
      path.remove_prefix(end == std::string_view::npos ? path.size() : end);
      continue;
    }
    if (pattern.front() != path.front()) return false;
    pattern.remove_prefix(1);
    path.remove_prefix(1);
  }
  return pattern.empty() && path.empty();
}

}  // namespace

awaitable<std::optional<Response>> handle_rest(const Request& request, ServerContext& context) {
  auto target = boost::urls::parse_origin_form(request.target());
  if (!target) co_return error_response(request, ErrorCode::invalid_message, "The request target is not a valid URL.");
  const std::string path = target->path();
  bool path_known = false;
  for (const auto& route : kRoutes) {
    RouteMatch match{{}, target->params()};
    if (!matches(route.pattern, path, match.id)) continue;
    path_known = true;
    if (route.method != request.method()) continue;
    if (!match.id.empty() && !protocol::is_valid_session_id(match.id)) co_return no_session(request, match.id);
    co_return co_await route.handler(request, match, context);
  }
  if (path_known) {
    co_return error_response(request, ErrorCode::method_not_allowed,
                             std::string(request.method_string()) + " is not supported on " + path + ".");
  }
  co_return std::nullopt;
}

}  // namespace tether::server
