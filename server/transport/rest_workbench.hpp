// The REST routes of the workbench: a session's project files and git changes, read-only
// (docs/protocol.md §5.1.2). The project is the session's cwd; every path a client names is
// checked by server/workbench/project_path.hpp, and everything that touches the disk or
// runs git runs on the blocking executor.
#pragma once

#include "server/transport/rest_route.hpp"

namespace tether::server {

boost::asio::awaitable<Response> list_project_files(const Request&, const RouteMatch&, ServerContext&);
boost::asio::awaitable<Response> read_project_file(const Request&, const RouteMatch&, ServerContext&);
boost::asio::awaitable<Response> project_git_status(const Request&, const RouteMatch&, ServerContext&);
boost::asio::awaitable<Response> project_git_diff(const Request&, const RouteMatch&, ServerContext&);

}  // namespace tether::server
