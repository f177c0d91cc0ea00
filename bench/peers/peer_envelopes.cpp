// See peer_envelopes.hpp: the encoding of naive_beast.cpp behind a C++17 interface.
#include "bench/peers/peer_envelopes.hpp"

#include "tether/protocol.hpp"

namespace tether::bench_peer {
namespace {
std::string event(protocol::MessageType type, boost::json::object payload, std::int64_t seq) {
  auto envelope = protocol::make_envelope(type, std::move(payload), protocol::stamp_now());
  envelope.seq = seq;
  return protocol::encode(envelope);
}
}  // namespace

std::vector<Incoming> decode(std::string_view frame) {
  std::vector<Incoming> out;
  for (const auto part : protocol::split_frame(frame)) {
    auto envelope = protocol::decode_envelope(part);
    if (!envelope) continue;
    auto message = protocol::parse_client_message(*envelope);
    if (!message) continue;
    if (std::holds_alternative<protocol::Ping>(*message)) {
      out.push_back({Incoming::Kind::ping, envelope->id, {}, {}});
    } else if (auto* join = std::get_if<protocol::SessionJoin>(&*message)) {
      out.push_back({Incoming::Kind::session_join, envelope->id, join->session_id, {}});
    } else if (auto* request = std::get_if<protocol::ChatRequest>(&*message)) {
      out.push_back({Incoming::Kind::chat_request, envelope->id, request->session_id, request->message});
    }
  }
  return out;
}

std::string pong(const std::string& reply_to) {
  return protocol::encode(protocol::make_envelope(protocol::MessageType::pong, {}, protocol::stamp_now(), reply_to));
}

std::string ack(const std::string& reply_to) {
  return protocol::encode(protocol::make_envelope(protocol::MessageType::ack, {}, protocol::stamp_now(), reply_to));
}

std::string chat_stream(const std::string& session_id, const std::string& request_id, std::string delta,
                        bool complete, std::int64_t seq) {
  return event(protocol::MessageType::chat_stream,
               protocol::to_json(protocol::ChatStream{session_id, request_id, std::move(delta), complete}), seq);
}

std::string chat_response(const std::string& session_id, const std::string& request_id, const std::string& message,
                          std::int64_t seq) {
  protocol::ChatResponse response;
  response.session_id = session_id;
  response.request_id = request_id;
  response.message = message;
  return event(protocol::MessageType::chat_response, protocol::to_json(response), seq);
}

}  // namespace tether::bench_peer
