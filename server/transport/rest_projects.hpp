// The REST routes of projects, the folder picker, Claude Code's own conversations and
// what the CLI offers (docs/projects.md). Everything that touches the disk or starts a
// process runs on the blocking executor.
#pragma once

#include "server/transport/rest_route.hpp"

namespace tether::server {

boost::asio::awaitable<Response> list_projects(const Request&, const RouteMatch&, ServerContext&);
boost::asio::awaitable<Response> list_folders(const Request&, const RouteMatch&, ServerContext&);
boost::asio::awaitable<Response> list_transcripts(const Request&, const RouteMatch&, ServerContext&);
boost::asio::awaitable<Response> claude_capabilities(const Request&, const RouteMatch&, ServerContext&);

}  // namespace tether::server
