// The workbench over REST; see rest_workbench.hpp. This file only reads the query, finds
// the session's project and writes the JSON: the checks and the work are in
// server/workbench/.
#include "server/transport/rest_workbench.hpp"

#include "server/async/blocking.hpp"
#include "server/hub/hub.hpp"
#include "server/transport/rest_bodies.hpp"
#include "server/transport/server_context.hpp"
#include "server/workbench/git_changes.hpp"
#include "server/workbench/project_files.hpp"
#include "tether/protocol/names.hpp"

namespace tether::server {
namespace http = boost::beast::http;
namespace json = boost::json;
namespace field = protocol::field;
namespace wb = workbench;
using boost::asio::awaitable;
using protocol::ErrorCode;

namespace {

std::optional<std::string> query_text(const boost::urls::params_view& query, std::string_view name) {
  auto it = query.find(name);
  if (it == query.end() || !(*it).has_value) return std::nullopt;
  return std::string((*it).value);
}

bool query_flag(const boost::urls::params_view& query, std::string_view name) {
  const auto value = query_text(query, name);
  return value && (*value == "1" || *value == "true");
}

// The session's project folder (its cwd); none when there is no such session.
awaitable<std::optional<std::string>> project_of(ServerContext& context, const std::string& id) {
  auto session = co_await context.hub.find(id);
  if (!session) co_return std::nullopt;
  const auto view = co_await session->view(false);
  co_return view.record.cwd;
}

Response no_session(const Request& request, const std::string& id) {
  return error_response(request, ErrorCode::session_not_found, "There is no session \"" + id + "\".");
}

json::value text_or_null(const std::optional<std::string>& text) {
  return text ? json::value(*text) : json::value(nullptr);
}

}  // namespace

awaitable<Response> list_project_files(const Request& request, const RouteMatch& match, ServerContext& context) {
  wb::ListQuery query;
  query.path = query_text(match.query, field::path).value_or("");
  const auto offset = query_text(match.query, "offset");
  const auto limit = query_text(match.query, field::limit);
  const auto parsed_offset = offset ? parse_whole_number(*offset) : std::optional<std::int64_t>(0);
  const auto parsed_limit = limit ? parse_whole_number(*limit)
                                  : std::optional<std::int64_t>(static_cast<std::int64_t>(wb::kDefaultEntriesPerPage));
  if (!parsed_offset || !parsed_limit || *parsed_limit < 1) {
    co_return error_response(request, ErrorCode::invalid_message,
                             "\"offset\" and \"limit\" must be whole numbers (limit at least 1).");
  }
  query.offset = static_cast<std::size_t>(*parsed_offset);
  query.limit = std::min(static_cast<std::size_t>(*parsed_limit), wb::kMaxEntriesPerPage);
  query.hidden = query_flag(match.query, "hidden");
  const auto root = co_await project_of(context, match.id);
  if (!root) co_return no_session(request, match.id);
  auto list = [root = *root, query] {
    const auto ignored = [&root](const std::vector<std::string>& paths) { return wb::git_ignored(root, paths); };
    return wb::list_directory(root, query, ignored);
  };
  auto page = co_await run_blocking(context.blocking, std::move(list));
  if (!page) co_return error_response(request, page.error());
  json::array entries;
  for (const auto& entry : page->entries) {
    entries.push_back(json::object{{field::name, entry.name},
                                   {field::kind, wb::to_string(entry.kind)},
                                   {field::size, entry.size}});
  }
  co_return json_response(
      request, http::status::ok,
      json::object{{field::path, page->path},
                   {field::entries, std::move(entries)},
                   {field::total, page->total},
                   {field::next_offset, page->next_offset ? json::value(*page->next_offset) : json::value(nullptr)},
                   {field::ignored_hidden, page->ignored_hidden}});
}

awaitable<Response> read_project_file(const Request& request, const RouteMatch& match, ServerContext& context) {
  const auto path = query_text(match.query, field::path).value_or("");
  if (path.empty()) co_return error_response(request, ErrorCode::invalid_message, "Name the file: ?path=<relative path>.");
  const auto root = co_await project_of(context, match.id);
  if (!root) co_return no_session(request, match.id);
  auto read = [root = *root, path] { return wb::read_file(root, path); };
  auto file = co_await run_blocking(context.blocking, std::move(read));
  if (!file) co_return error_response(request, file.error());
  json::object answer{{field::path, file->path}, {field::size, file->size}, {field::too_large, file->too_large}};
  if (file->too_large) {
    answer[field::limit] = wb::kMaxFileBytes;
  } else {
    answer[field::binary] = file->binary;
    if (!file->binary) answer[field::text] = std::move(file->text);
  }
  co_return json_response(request, http::status::ok, answer);
}

awaitable<Response> project_git_status(const Request& request, const RouteMatch& match, ServerContext& context) {
  const auto root = co_await project_of(context, match.id);
  if (!root) co_return no_session(request, match.id);
  auto ask = [root = *root] { return wb::git_status(root); };
  auto status = co_await run_blocking(context.blocking, std::move(ask));
  if (!status) co_return error_response(request, status.error());
  if (!*status) co_return json_response(request, http::status::ok, json::object{{field::repository, false}});
  const auto& git = **status;
  json::array files;
  for (const auto& file : git.files) {
    json::object item{{field::path, file.path},
                      {field::status, wb::to_string(file.status)},
                      {field::staged, file.staged},
                      {field::unstaged, file.unstaged}};
    if (file.old_path) item[field::old_path] = *file.old_path;
    files.push_back(std::move(item));
  }
  co_return json_response(request, http::status::ok,
                          json::object{{field::repository, true},
                                       {field::branch, text_or_null(git.branch)},
                                       {field::head, text_or_null(git.head)},
                                       {field::upstream, text_or_null(git.upstream)},
                                       {field::ahead, git.ahead},
                                       {field::behind, git.behind},
                                       {field::files, std::move(files)},
                                       {field::truncated, git.truncated}});
}

awaitable<Response> project_git_diff(const Request& request, const RouteMatch& match, ServerContext& context) {
  wb::DiffQuery query{query_text(match.query, field::path).value_or(""), query_flag(match.query, field::staged)};
  const auto root = co_await project_of(context, match.id);
  if (!root) co_return no_session(request, match.id);
  auto ask = [root = *root, query] { return wb::git_diff(root, query); };
  auto diff = co_await run_blocking(context.blocking, std::move(ask));
  if (!diff) co_return error_response(request, diff.error());
  co_return json_response(request, http::status::ok,
                          json::object{{field::diff, std::move(diff->text)}, {field::truncated, diff->truncated}});
}

}  // namespace tether::server
