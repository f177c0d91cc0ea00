// Projects, folders, Claude Code conversations and capabilities over REST; see
// rest_projects.hpp and docs/projects.md.
#include "server/transport/rest_projects.hpp"

#include "server/async/blocking.hpp"
#include "server/hub/hub.hpp"
#include "server/projects/folder_listing.hpp"
#include "server/projects/project_list.hpp"
#include "server/transport/rest_bodies.hpp"
#include "server/transport/server_context.hpp"
#include "server/transport/session_json.hpp"

#include <unordered_set>

#include <chrono>

namespace tether::server {
namespace http = boost::beast::http;
namespace json = boost::json;
namespace field = protocol::field;
using boost::asio::awaitable;
using protocol::ErrorCode;

namespace {

constexpr std::size_t kMaxFoldersPerPage = 1000;
constexpr std::size_t kDefaultFoldersPerPage = 200;

std::optional<std::string> query_text(const boost::urls::params_view& query, std::string_view name) {
  auto it = query.find(name);
  if (it == query.end() || !(*it).has_value) return std::nullopt;
  return std::string((*it).value);
}

json::value path_or_null(const std::optional<std::filesystem::path>& path) {
  return path ? json::value(path->string()) : json::value(nullptr);
}

}  // namespace

awaitable<Response> list_projects(const Request& request, const RouteMatch&, ServerContext& context) {
  std::vector<SessionPlace> places;
  for (const auto& view : co_await context.hub.list()) places.push_back({view.record.cwd, view.record.updated_at});
  const auto& workspace = *context.workspace;
  auto collect = [&workspace, catalog = context.conversations, places = std::move(places)] {
    auto conversations = catalog ? catalog->list() : std::vector<ExternalConversation>{};
    return collect_projects(workspace, places, conversations);
  };
  const auto projects = co_await run_blocking(context.blocking, std::move(collect));
  json::array list;
  for (const auto& project : projects) {
    list.push_back(json::object{{field::path, project.path.string()},
                                {field::name, project.path.filename().string()},
                                {field::display_path, workspace.display(project.path)},
                                {field::is_root, project.is_root},
                                {field::exists, project.exists},
                                {field::session_count, project.session_count},
                                {field::terminal_count, project.terminal_count},
                                {field::last_activity, project.last_activity.empty()
                                                           ? json::value(nullptr)
                                                           : json::value(project.last_activity)}});
  }
  json::array roots;
  for (const auto& root : workspace.roots()) roots.push_back(json::string(root.string()));
  co_return json_response(request, http::status::ok,
                          json::object{{field::home, workspace.home().string()},
                                       {field::roots, std::move(roots)},
                                       {field::projects, std::move(list)}});
}

awaitable<Response> list_folders(const Request& request, const RouteMatch& match, ServerContext& context) {
  FolderQuery query;
  query.path = query_text(match.query, field::path).value_or("");
  const auto offset = query_text(match.query, "offset");
  const auto limit = query_text(match.query, "limit");
  const auto parsed_offset = offset ? parse_whole_number(*offset) : std::optional<std::int64_t>(0);
  const auto parsed_limit =
      limit ? parse_whole_number(*limit) : std::optional<std::int64_t>(static_cast<std::int64_t>(kDefaultFoldersPerPage));
  if (!parsed_offset || !parsed_limit || *parsed_limit < 1) {
    co_return error_response(request, ErrorCode::invalid_message,
                             "\"offset\" and \"limit\" must be whole numbers (limit at least 1).");
  }
  query.offset = static_cast<std::size_t>(*parsed_offset);
  query.limit = std::min<std::size_t>(static_cast<std::size_t>(*parsed_limit), kMaxFoldersPerPage);
  const auto hidden = query_text(match.query, "hidden");
  query.hidden = hidden && (*hidden == "1" || *hidden == "true");
  const auto& workspace = *context.workspace;
  auto list = [&workspace, query] { return tether::server::list_folders(workspace, query); };
  auto page = co_await run_blocking(context.blocking, std::move(list));
  if (!page) co_return error_response(request, page.error());
  json::array folders;
  for (const auto& name : page->names)
    folders.push_back(json::object{{field::name, name}, {field::path, (page->path / name).string()}});
  co_return json_response(
      request, http::status::ok,
      json::object{{field::path, page->path.string()},
                   {field::display_path, workspace.display(page->path)},
                   {field::parent, path_or_null(page->parent)},
                   {field::root, page->root.string()},
                   {field::folders, std::move(folders)},
                   {field::total, page->total},
                   {field::next_offset, page->next_offset ? json::value(*page->next_offset) : json::value(nullptr)}});
}

awaitable<Response> list_transcripts(const Request& request, const RouteMatch&, ServerContext& context) {
  // Conversations that a Tether session already holds are listed as that session.
  std::unordered_set<std::string> held;
  for (const auto& view : co_await context.hub.list()) {
    if (auto id = claude_session_id_of(view.record); !id.empty()) held.insert(std::move(id));
  }
  const auto started = std::chrono::steady_clock::now();
  auto read = [catalog = context.conversations] {
    return catalog ? catalog->list() : std::vector<ExternalConversation>{};
  };
  const auto conversations = co_await run_blocking(context.blocking, std::move(read));
  const auto elapsed =
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started).count();
  json::array list;
  std::int64_t skipped = 0;
  for (const auto& conversation : conversations) {
    skipped += conversation.skipped_lines;
    if (held.contains(conversation.id)) continue;
    list.push_back(json::object{{field::claude_session_id, conversation.id},
                                {field::cwd, conversation.cwd},
                                {field::title, conversation.title},
                                {field::last_activity, conversation.last_activity},
                                {field::message_count, conversation.message_count},
                                {field::bytes, conversation.bytes},
                                {field::skipped_lines, conversation.skipped_lines}});
  }
  const auto location = context.conversations ? context.conversations->location().string() : std::string();
  co_return json_response(request, http::status::ok,
                          json::object{{field::config_dir, location},
                                       {field::skipped_lines, skipped},
                                       {field::elapsed_ms, elapsed},
                                       {field::transcripts, std::move(list)}});
}

awaitable<Response> claude_capabilities(const Request& request, const RouteMatch& match, ServerContext& context) {
  auto cwd = context.workspace->resolve_directory(query_text(match.query, field::cwd).value_or(""));
  if (!cwd) co_return error_response(request, cwd.error());
  auto& backend = context.hub.backend();
  auto ask = [&backend, cwd = cwd->string()] { return backend.capabilities(cwd); };
  auto offered = co_await run_blocking(context.blocking, std::move(ask));
  if (!offered) co_return error_response(request, offered.error());
  json::array modes{"default", "acceptEdits", "plan"};
  if (context.config.allow_bypass_permissions) modes.push_back("bypassPermissions");
  json::object answer = std::move(*offered);
  for (auto name : {field::models, field::commands, field::output_styles})
    if (!answer.contains(name)) answer[name] = json::array{};
  answer[field::backend] = backend.name();
  answer[field::default_model] = context.config.model;
  answer[field::permission_modes] = std::move(modes);
  co_return json_response(request, http::status::ok, answer);
}

}  // namespace tether::server
