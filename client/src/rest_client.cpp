// RestClient (see rest_client.hpp): one short-lived io_context per call, one HTTP/1.1
// exchange under a deadline, JSON decoded with the protocol's field names.
#include "tether/client/rest_client.hpp"

#include "http_connect.hpp"
#include "tls.hpp"
#include "tether/protocol.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

namespace tether {
namespace {
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace json = boost::json;
using namespace protocol;

struct Answer {
  unsigned status = 0;
  std::string body;
};

template <class Stream>
asio::awaitable<Answer> exchange(const detail::TransportContext& context, http::verb verb, std::string target,
                                 std::string body) {
  auto stream = detail::new_stream<Stream>(co_await asio::this_coro::executor, context);
  beast::get_lowest_layer(*stream).expires_after(context.request_timeout);
  co_await detail::open_stream(*stream, context.endpoint);
  http::request<http::string_body> request{verb, target, 11};
  request.set(http::field::host, context.endpoint.host_header());
  if (!context.token.empty()) request.set(http::field::authorization, "Bearer " + context.token);
  request.set(http::field::user_agent, "libtether");
  if (!body.empty()) {
    request.set(http::field::content_type, "application/json");
    request.body() = std::move(body);
  }
  request.prepare_payload();
  co_await http::async_write(*stream, request, asio::use_awaitable);
  beast::flat_buffer buffer;
  http::response_parser<http::string_body> parser;
  parser.body_limit(64u << 20);  // a long session's history
  co_await http::async_read(*stream, buffer, parser, asio::use_awaitable);
  co_return Answer{parser.get().result_int(), std::move(parser.get().body())};
}

json::object object_of(const Answer& answer) {
  boost::system::error_code ec;
  auto value = json::parse(answer.body, ec);
  if (!ec && value.is_object()) return std::move(value.get_object());
  return {};
}

std::string string_of(const json::object& object, std::string_view name) {
  const auto* value = object.if_contains(name);
  return value != nullptr && value->is_string() ? std::string(value->get_string()) : std::string();
}

std::int64_t integer_of(const json::object& object, std::string_view name) {
  const auto* value = object.if_contains(name);
  return value != nullptr && (value->is_int64() || value->is_uint64()) ? value->to_number<std::int64_t>() : 0;
}

const json::object& member_object(const json::object& object, std::string_view name) {
  static const json::object empty;
  const auto* value = object.if_contains(name);
  return value != nullptr && value->is_object() ? value->get_object() : empty;
}

SessionInfo session_of(const json::object& object) {
  return {string_of(object, field::id), string_of(object, field::title), string_of(object, field::status),
          string_of(object, field::backend), integer_of(object, field::head_seq)};
}

}  // namespace

RestClient::RestClient(ClientConfig config) : config_(std::move(config)) {}

namespace {
Answer call(const ClientConfig& config, http::verb verb, const std::string& target, std::string body) {
  std::string reason;
  const auto endpoint = parse_endpoint(config.url, &reason);
  if (!endpoint) throw RestError(0, make_error(ErrorCode::invalid_message, reason));
  detail::TransportContext context;
  context.endpoint = *endpoint;
  context.token = config.token.empty() ? endpoint->token_in_url : config.token;
  context.request_timeout = config.timeout;
  asio::io_context io;
  context.executor = io.get_executor();
  try {
    if (endpoint->secure) context.tls = detail::make_tls_context(config.ca_file);
  } catch (const std::exception& e) {
    throw RestError(0, make_error(ErrorCode::internal, e.what()));
  }
  auto future = endpoint->secure
                    ? asio::co_spawn(io, exchange<detail::TlsStream>(context, verb, target, std::move(body)), asio::use_future)
                    : asio::co_spawn(io, exchange<detail::PlainStream>(context, verb, target, std::move(body)),
                                     asio::use_future);
  io.run();
  Answer answer;
  try {
    answer = future.get();
  } catch (const boost::system::system_error& e) {
    throw RestError(0, Error{ErrorCode::internal,
                             "Cannot reach the server at " + endpoint->host_header() + ": " + e.code().message() + ".",
                             "Is `tether serve` running there? Check --url."});
  }
  if (answer.status >= 200 && answer.status < 300) return answer;
  const auto error = member_object(object_of(answer), field::error);
  auto decoded = error.empty() ? make_error(ErrorCode::internal, "The server answered HTTP " +
                                                                     std::to_string(answer.status) + ".")
                               : error_from_json(error);
  throw RestError(answer.status, std::move(decoded));
}
}  // namespace

SessionInfo RestClient::create_session(const std::string& title) {
  json::object body;
  if (!title.empty()) body[field::title] = title;
  const auto answer = call(config_, http::verb::post, std::string(route::sessions), json::serialize(body));
  return session_of(member_object(object_of(answer), field::session));
}

std::vector<SessionInfo> RestClient::list_sessions() {
  const auto answer = call(config_, http::verb::get, std::string(route::sessions), {});
  std::vector<SessionInfo> sessions;
  const auto object = object_of(answer);
  if (const auto* list = object.if_contains(field::sessions); list != nullptr && list->is_array()) {
    for (const auto& item : list->get_array())
      if (item.is_object()) sessions.push_back(session_of(item.get_object()));
  }
  return sessions;
}

SessionHistory RestClient::get_session(const std::string& session_id) {
  if (!is_valid_session_id(session_id)) {
    throw RestError(0, make_error(ErrorCode::invalid_message, "\"" + session_id + "\" is not a session id."));
  }
  const auto answer = call(config_, http::verb::get, std::string(route::sessions) + "/" + session_id, {});
  const auto object = object_of(answer);
  SessionHistory history{session_of(member_object(object, field::session)), {}};
  if (const auto* list = object.if_contains(field::messages); list != nullptr && list->is_array()) {
    for (const auto& item : list->get_array()) {
      if (!item.is_object()) continue;
      const auto& m = item.get_object();
      StoredMessage message{string_of(m, field::request_id), string_of(m, field::role), string_of(m, field::content),
                            std::nullopt, integer_of(m, field::seq)};
      if (auto reason = string_of(m, field::stop_reason); !reason.empty()) message.stop_reason = std::move(reason);
      history.messages.push_back(std::move(message));
    }
  }
  return history;
}

EventPage RestClient::events_before(const std::string& session_id, std::int64_t before, std::size_t limit) {
  if (!is_valid_session_id(session_id)) {
    throw RestError(0, make_error(ErrorCode::invalid_message, "\"" + session_id + "\" is not a session id."));
  }
  const auto target = std::string(route::sessions) + "/" + session_id + "/events?before=" + std::to_string(before) +
                      "&limit=" + std::to_string(limit);
  const auto object = object_of(call(config_, http::verb::get, target, {}));
  EventPage page;
  page.head_seq = integer_of(object, field::head_seq);
  const auto* older = object.if_contains(field::has_older);
  page.has_older = older != nullptr && older->is_bool() && older->get_bool();
  if (const auto* list = object.if_contains(field::events); list != nullptr && list->is_array()) {
    for (const auto& item : list->get_array()) {
      if (!item.is_object()) continue;
      auto envelope = protocol::decode_envelope(json::serialize(item));
      if (envelope) page.events.push_back(std::move(*envelope));
    }
  }
  return page;
}

}  // namespace tether
