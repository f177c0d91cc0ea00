// Reply reconstruction (see reply_assembler.hpp).
#include "tether/client/reply_assembler.hpp"

#include "tether/protocol/messages.hpp"

namespace tether {

std::optional<ReplyUpdate> ReplyAssembler::apply(const protocol::Envelope& envelope) {
  using protocol::MessageType;
  if (envelope.type == MessageType::chat_stream) {
    auto stream = protocol::chat_stream_from_json(envelope.payload);
    if (!stream) return std::nullopt;
    auto& reply = replies_[stream->request_id];
    if (reply.complete) return std::nullopt;  // the final text is set already
    if (envelope.seq) {
      if (reply.last_delta_seq != 0 && *envelope.seq != reply.last_delta_seq + 1) reply.gap = true;
      reply.last_delta_seq = *envelope.seq;
    }
    if (reply.gap) return std::nullopt;
    reply.text += stream->delta;
    return ReplyUpdate{stream->request_id, stream->delta, false, reply.text, false, std::nullopt};
  }
  if (envelope.type == MessageType::chat_response) {
    auto response = protocol::chat_response_from_json(envelope.payload);
    if (!response) return std::nullopt;
    auto& reply = replies_[response->request_id];
    ReplyUpdate update{response->request_id, {}, false, response->message, true, response->stop_reason};
    if (response->message.starts_with(reply.text)) {
      update.appended = response->message.substr(reply.text.size());
    } else {
      update.replaced = true;
    }
    reply.text = response->message;
    reply.complete = true;
    reply.stop_reason = response->stop_reason;
    return update;
  }
  return std::nullopt;
}

const Reply* ReplyAssembler::find(const std::string& request_id) const {
  const auto it = replies_.find(request_id);
  return it == replies_.end() ? nullptr : &it->second;
}

}  // namespace tether
