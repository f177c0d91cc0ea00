// One REST route: method, path pattern and handler, so that the routes of every file
// (rest_api.cpp: sessions; rest_projects.cpp: projects, folders, Claude Code;
// rest_workbench.cpp: a session's files and git changes) form one table.
#pragma once

#include "server/transport/http_types.hpp"

#include <boost/asio/awaitable.hpp>
#include <boost/beast/http/verb.hpp>
#include <boost/url/params_view.hpp>

#include <string>
#include <string_view>

namespace tether::server {

struct ServerContext;

struct RouteMatch {
  std::string id;  // the {id} segment, when the pattern has one
  boost::urls::params_view query;
};

using Handler = boost::asio::awaitable<Response> (*)(const Request&, const RouteMatch&, ServerContext&);

struct Route {
  boost::beast::http::verb method;
  std::string_view pattern;
  Handler handler;
};

}  // namespace tether::server
