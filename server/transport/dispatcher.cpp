#include "server/transport/dispatcher.hpp"

#include "server/hub/hub.hpp"
#include "server/metrics/metrics.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>

namespace tether::server {
using boost::asio::awaitable;
using protocol::ErrorCode;
namespace field = protocol::field;
using protocol::MessageType;

namespace {

Answer reply(MessageType type, boost::json::object payload, std::string reply_to) {
  return Answer{make_encoded(protocol::encode(protocol::make_envelope(type, std::move(payload), protocol::stamp_now(),
                                                                             std::move(reply_to)))),
                std::nullopt};
}

protocol::Error no_session(const std::string& id) {
  return protocol::make_error(ErrorCode::session_not_found, "There is no session \"" + id + "\".");
}

}  // namespace

Answer Dispatcher::error_answer(protocol::Error error, std::optional<std::string> reply_to) {
  const auto code = error.code;
  metrics::registry().error(code);
  return Answer{make_encoded(protocol::encode(
                    protocol::make_envelope(MessageType::error, protocol::to_json(error), protocol::stamp_now(),
                                            std::move(reply_to)))),
                code};
}

awaitable<Answer> Dispatcher::handle(std::string_view text, ClientContext& client) {
  auto object = protocol::parse_object(text, limits_);
  if (!object) co_return error_answer(object.error());
  auto id = protocol::peek_id(*object, limits_);
  auto envelope = protocol::to_envelope(std::move(*object), limits_);
  if (!envelope) co_return error_answer(envelope.error(), id);
  auto message = protocol::parse_client_message(*envelope);
  if (!message) co_return error_answer(message.error(), id);
  const auto& reply_to = envelope->id;

  if (std::holds_alternative<protocol::Ping>(*message)) co_return reply(MessageType::pong, {}, reply_to);

  if (auto* join = std::get_if<protocol::SessionJoin>(&*message)) {
    if (!client.subscriber) {
      co_return error_answer(protocol::make_error(ErrorCode::invalid_message,
                                                  "session_join needs a stream: use the WebSocket or "
                                                  "GET /api/claude/stream."),
                             reply_to);
    }
    auto session = co_await hub_.find(join->session_id);
    if (!session) co_return error_answer(no_session(join->session_id), reply_to);
    co_await session->join(client.subscriber, join->last_seq, reply_to, join->tail_turns);
    if (std::find(client.joined.begin(), client.joined.end(), session) == client.joined.end()) {
      client.joined.push_back(session);
    }
    co_return Answer{};
  }

  if (auto* leave = std::get_if<protocol::SessionLeave>(&*message)) {
    auto it = std::find_if(client.joined.begin(), client.joined.end(),
                           [&](const auto& s) { return s->id() == leave->session_id; });
    if (it != client.joined.end()) {
      co_await (*it)->leave(client.subscriber);
      client.joined.erase(it);
    }
    co_return reply(MessageType::ack, {}, reply_to);
  }

  // The rest address a session that need not be joined.
  const std::string session_id = std::visit(
      [](const auto& m) -> std::string {
        if constexpr (requires { m.session_id; }) {
          return m.session_id;
        } else {
          return {};
        }
      },
      *message);
  auto session = co_await hub_.find(session_id);
  if (!session) co_return error_answer(no_session(session_id), reply_to);

  if (auto* chat = std::get_if<protocol::ChatRequest>(&*message)) {
    auto ack = co_await session->submit(std::move(*chat), reply_to);
    if (!ack) co_return error_answer(ack.error(), reply_to);
    co_return reply(MessageType::ack, protocol::to_json(*ack), reply_to);
  }
  if (std::holds_alternative<protocol::ChatCancel>(*message)) {
    co_await session->cancel();
    co_return reply(MessageType::ack, {}, reply_to);
  }
  auto& control = std::get<protocol::SessionControl>(*message);
  // Set here, never taken from the client's payload: the history says who decided.
  if (control.type == MessageType::permission_response) control.payload[field::answered_by] = client.connection_id;
  auto result = co_await session->control(std::move(control));
  if (!result) co_return error_answer(result.error(), reply_to);
  co_return reply(MessageType::ack, {}, reply_to);
}

awaitable<void> Dispatcher::detach(ClientContext& client) {
  for (auto& session : client.joined) co_await session->leave(client.subscriber);
  client.joined.clear();
}

}  // namespace tether::server
