#include "server/transport/rest_api.hpp"

#include "server/backends/workspace.hpp"
#include "server/transport/rest_bodies.hpp"
#include "server/hub/hub.hpp"
#include "server/transport/server_context.hpp"

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

struct RouteMatch {
  std::string id;  // the {id} segment, when the pattern has one
  boost::urls::params_view query;
};

using Handler = awaitable<Response> (*)(const Request&, const RouteMatch&, ServerContext&);

struct Route {
  http::verb method;
  std::string_view pattern;
  Handler handler;
};

json::object session_json(const SessionView& view, const Backend& backend) {
  const auto& record = view.record;
  return json::object{{field::id, record.id},
                      {field::title, record.title},
                      {field::cwd, record.cwd},
                      {field::created_at, record.created_at},
                      {field::updated_at, record.updated_at},
                      {field::status, view.status},
                      {field::backend, backend.name()},
                      {field::head_seq, record.head_seq}};
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
  json::array sessions;
  for (const auto& view : co_await context.hub.list()) sessions.push_back(session_json(view, context.hub.backend()));
  co_return json_response(request, http::status::ok, json::object{{field::sessions, std::move(sessions)}});
}

awaitable<Response> create_session(const Request& request, const RouteMatch&, ServerContext& context) {
  auto body = parse_new_session_body(request.body());
  if (!body) co_return error_response(request, body.error());
  std::string title = std::move(body->title);
  // The cwd must lie inside a --workspace root (default: where `tether serve` started):
  // the Claude Code CLI runs commands there.
  std::optional<std::string> requested_cwd = std::move(body->cwd);
  auto roots = canonical_workspace_roots(context.config.workspace, std::filesystem::current_path());
  if (!roots) co_return error_response(request, roots.error());
  auto resolved_cwd = resolve_session_cwd(requested_cwd, *roots);
  if (!resolved_cwd) co_return error_response(request, resolved_cwd.error());
  std::string cwd = std::move(*resolved_cwd);
  auto view = co_await context.hub.create(std::move(title), std::move(cwd));
  spdlog::info("session {} created", view.record.id);
  co_return json_response(request, http::status::created,
                          json::object{{field::session, session_json(view, context.hub.backend())}});
}

awaitable<Response> get_session(const Request& request, const RouteMatch& match, ServerContext& context) {
  auto session = co_await context.hub.find(match.id);
  if (!session) co_return no_session(request, match.id);
  auto view = co_await session->view(true);
  co_return json_response(request, http::status::ok,
                          json::object{{field::session, session_json(view, context.hub.backend())},
                                       {field::messages, std::move(view.messages)}});
}

awaitable<Response> rename_session(const Request& request, const RouteMatch& match, ServerContext& context) {
  auto title = parse_rename_body(request.body());
  if (!title) co_return error_response(request, title.error());
  if (!co_await context.hub.rename(match.id, std::move(*title))) co_return no_session(request, match.id);
  auto session = co_await context.hub.find(match.id);
  if (!session) co_return no_session(request, match.id);
  const auto view = co_await session->view(false);
  co_return json_response(request, http::status::ok,
                          json::object{{field::session, session_json(view, context.hub.backend())}});
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
  const auto limit = query_integer(match.query, "limit").value_or(kMaxEventsPerPage);
  if (after < 0 || limit < 1) {
    co_return error_response(request, ErrorCode::invalid_message, "\"after\" and \"limit\" must be whole numbers.");
  }
  auto session = co_await context.hub.find(match.id);
  if (!session) co_return no_session(request, match.id);
  auto [frames, head] = co_await session->events_after(
      after, std::min<std::size_t>(static_cast<std::size_t>(limit), kMaxEventsPerPage));
  // The stored envelopes are JSON already: splice them in rather than re-encode.
  std::string body = "{\"events\":[";
  for (std::size_t i = 0; i < frames.size(); ++i) {
    if (i > 0) body += ',';
    body += *frames[i];
  }
  body += "],\"headSeq\":" + std::to_string(head) + "}";
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
    Route{http::verb::post, "/api/claude/messages", post_message},
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
