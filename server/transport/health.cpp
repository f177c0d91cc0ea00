#include "server/transport/health.hpp"

#include "server/async/blocking.hpp"
#include "server/hub/hub.hpp"
#include "server/transport/server_context.hpp"
#include "tether/protocol/names.hpp"

#include <boost/asio/use_awaitable.hpp>

#include <sys/statvfs.h>

#include <algorithm>

namespace tether::server {
namespace http = boost::beast::http;
namespace json = boost::json;
namespace field = protocol::field;

namespace {

constexpr std::uint64_t kMiB = 1024 * 1024;

std::optional<std::uint64_t> free_bytes(const std::filesystem::path& dir) {
  struct statvfs info {};
  if (::statvfs(dir.c_str(), &info) != 0) return std::nullopt;
  return static_cast<std::uint64_t>(info.f_bavail) * info.f_frsize;
}

}  // namespace

Health overall(const std::vector<HealthCheck>& checks) {
  Health worst = Health::ok;
  for (const auto& check : checks) worst = std::max(worst, check.health);
  return worst;
}

std::string_view to_string(Health health) {
  switch (health) {
    case Health::ok: return "ok";
    case Health::degraded: return "degraded";
    case Health::failing: return "failing";
  }
  return "failing";
}

HealthCheck disk_check(std::optional<std::uint64_t> free) {
  if (!free) return {"disk", Health::degraded, "the free space of the data dir's disk cannot be read"};
  const auto text = std::to_string(*free / kMiB) + " MiB free where the data dir is";
  if (*free < 64 * kMiB) return {"disk", Health::failing, text + ": writes will fail soon; free some space"};
  if (*free < 1024 * kMiB) return {"disk", Health::degraded, text + ": free some space"};
  return {"disk", Health::ok, text};
}

namespace {

// database_error: why the write check failed; nothing when it passed (or no store).
Response health_answer(const Request& request, ServerContext& context, const std::optional<std::string>& database_error,
                       const protocol::Result<std::string>& backend) {
  std::vector<HealthCheck> checks;
  if (database_error) {
    checks.push_back(HealthCheck{"database", Health::failing,
                                 "a write could not be committed (" + *database_error +
                                     "): no message can be stored; check the disk of the data dir"});
  } else {
    checks.push_back(HealthCheck{"database", Health::ok, "a write was committed"});
  }
  checks.push_back(disk_check(free_bytes(context.config.data_dir)));
  if (backend) {
    checks.push_back(HealthCheck{"backend", Health::ok, *backend});
  } else {
    checks.push_back(HealthCheck{"backend", Health::degraded, backend.error().message + " " + backend.error().hint});
  }

  const auto status = overall(checks);
  json::object by_name;
  for (const auto& check : checks) {
    by_name[check.name] = json::object{{field::status, to_string(check.health)}, {"detail", check.detail}};
  }
  const auto uptime =
      std::chrono::duration_cast<std::chrono::seconds>(std::chrono::steady_clock::now() - context.started).count();
  return json_response(request, status == Health::failing ? http::status::service_unavailable : http::status::ok,
                       json::object{{field::status, to_string(status)},
                                    {"checks", std::move(by_name)},
                                    {"version", TETHER_VERSION},
                                    {"uptimeSeconds", uptime},
                                    {"connections", context.websockets.size()},
                                    {field::sessions, context.hub.loaded_sessions()},
                                    {field::backend, context.hub.backend().name()}});
}

}  // namespace

// A coroutine only for the store's answer; the rest is plain code (GCC 12 mishandles some
// temporaries in coroutines: tests/lint).
boost::asio::awaitable<Response> health_response(const Request& request, ServerContext& context) {
  std::optional<std::string> database_error;
  database_error = co_await context.hub.check_store();
  auto check_backend = [&backend = context.hub.backend()] { return backend.self_check(); };
  const auto backend = co_await run_blocking(context.blocking, std::move(check_backend));
  auto answer = health_answer(request, context, database_error, backend);
  co_return answer;
}

}  // namespace tether::server
