// GET /healthz: whether this server can do its job, and if not, why. Each check says
// ok, degraded (it works, with a problem an operator should fix) or failing (it cannot
// serve: 503); the answer's status is the worst of them.
//   database: a write committed on the store thread (a failing or read-only disk fails it);
//   disk:     free space where the data dir is;
//   backend:  what keeps the backend from working (the Claude Code CLI not found).
#pragma once

#include "server/transport/http_types.hpp"

#include <boost/asio/awaitable.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace tether::server {

struct ServerContext;

enum class Health { ok, degraded, failing };

struct HealthCheck {
  std::string name;
  Health health = Health::ok;
  std::string detail;
};

// The worst of the checks (ok when there are none).
Health overall(const std::vector<HealthCheck>& checks);
std::string_view to_string(Health health);
// The disk check from the free bytes: degraded under 1 GiB, failing under 64 MiB.
HealthCheck disk_check(std::optional<std::uint64_t> free_bytes);

boost::asio::awaitable<Response> health_response(const Request& request, ServerContext& context);

}  // namespace tether::server
