// The observed client of the fault suite (see conversation.hpp).
#include "conversation.hpp"

namespace tether::test {
namespace {
std::string session_of(const protocol::Envelope& envelope) {
  const auto* value = envelope.payload.if_contains(protocol::field::session_id);
  return value != nullptr && value->is_string() ? std::string(value->get_string()) : std::string();
}

// Flags two callbacks running at once: the client promises they never do.
class CallbackGuard {
 public:
  CallbackGuard(std::atomic<bool>& flag, std::vector<std::string>& violations, std::mutex& mutex) : flag_(flag) {
    if (flag_.exchange(true)) {
      std::lock_guard lock(mutex);
      violations.push_back("two callbacks ran concurrently");
    }
  }
  ~CallbackGuard() { flag_ = false; }

 private:
  std::atomic<bool>& flag_;
};
}  // namespace

Conversation::Conversation(ClientConfig config) : client_(std::make_unique<WebSocketClient>(std::move(config))) {
  client_->on_message([this](const protocol::Envelope& envelope) { on_message(envelope); });
  client_->on_state_change([this](const ClientState& state) { on_state(state); });
}

Conversation::~Conversation() { client_.reset(); }  // no callback runs after this

void Conversation::on_message(const protocol::Envelope& envelope) {
  CallbackGuard guard(in_callback_, violations_, mutex_);
  std::lock_guard lock(mutex_);
  if (envelope.seq) {
    auto& last = last_seq_[session_of(envelope)];
    if (*envelope.seq <= last) {
      violations_.push_back("seq " + std::to_string(*envelope.seq) + " delivered after " + std::to_string(last));
    }
    last = *envelope.seq;
  }
  if (envelope.type == protocol::MessageType::chat_stream) {
    if (auto stream = protocol::chat_stream_from_json(envelope.payload)) {
      // The deltas of one turn have consecutive seqs. A gap on one connection is a lost
      // delta; a gap across a reconnect is compaction, which the protocol allows.
      if (const auto it = last_delta_.find(stream->request_id); it != last_delta_.end() && envelope.seq &&
                                                                  *envelope.seq != it->second.seq + 1) {
        if (it->second.connection == connections_) {
          violations_.push_back("delta seq " + std::to_string(*envelope.seq) + " of " + stream->request_id +
                                " follows seq " + std::to_string(it->second.seq) + " on the same connection");
        } else {
          compacted_[stream->request_id] = true;
        }
      }
      if (envelope.seq) last_delta_[stream->request_id] = {*envelope.seq, connections_};
      live_deltas_[stream->request_id] += stream->delta;
      ++delta_counts_[stream->request_id];
      delta_seqs_[stream->request_id] +=
          (envelope.seq ? std::to_string(*envelope.seq) : "?") + "@c" + std::to_string(connections_) + " ";
    }
  }
  if (envelope.type == protocol::MessageType::chat_response) {
    if (auto response = protocol::chat_response_from_json(envelope.payload)) {
      const auto& live = live_deltas_[response->request_id];
      if (!compacted_[response->request_id] && !response->message.starts_with(live)) {
        violations_.push_back("the deltas of " + response->request_id +
                              " are not a prefix of its reply (a delta missing or doubled); delta seqs: " +
                              delta_seqs_[response->request_id] + "; response seq " +
                              (envelope.seq ? std::to_string(*envelope.seq) : "?") + "; live text: \"" + live +
                              "\"; reply: \"" + response->message + "\"");
      }
      if (++completions_[response->request_id] > 1) {
        violations_.push_back("the reply " + response->request_id + " was completed twice");
      }
    }
  }
  replies_.apply(envelope);
  recent_events_.push_back(std::string(protocol::to_string(envelope.type)) +
                           (envelope.seq ? " #" + std::to_string(*envelope.seq) : std::string()));
  if (recent_events_.size() > 40) recent_events_.erase(recent_events_.begin());
  changed_.notify_all();
}

void Conversation::on_state(const ClientState& state) {
  CallbackGuard guard(in_callback_, violations_, mutex_);
  std::lock_guard lock(mutex_);
  if (state.status == ConnectionStatus::connected && state_.status != ConnectionStatus::connected) ++connections_;
  state_ = state;
  states_.push_back(state);
  changed_.notify_all();
}

bool Conversation::wait_until(const std::function<bool()>& predicate, std::chrono::milliseconds limit) {
  std::unique_lock lock(mutex_);
  return changed_.wait_for(lock, limit, predicate);
}

bool Conversation::wait_state(const std::function<bool(const ClientState&)>& predicate,
                              std::chrono::milliseconds limit) {
  return wait_until([&] { return predicate(state_); }, limit);
}

bool Conversation::wait_state_seen(const std::function<bool(const ClientState&)>& predicate, std::size_t from,
                                   std::chrono::milliseconds limit) {
  return wait_until(
      [&] {
        for (auto i = from; i < states_.size(); ++i)
          if (predicate(states_[i])) return true;
        return false;
      },
      limit);
}

std::size_t Conversation::state_count() {
  std::lock_guard lock(mutex_);
  return states_.size();
}

bool Conversation::wait_connected(std::chrono::milliseconds limit, TransportKind transport) {
  return wait_state(
      [&](const ClientState& s) { return s.status == ConnectionStatus::connected && s.transport == transport; },
      limit);
}

bool Conversation::wait_reply(const std::string& request_id, std::chrono::milliseconds limit) {
  return wait_until(
      [&] {
        const auto* reply = replies_.find(request_id);
        return reply != nullptr && reply->complete;
      },
      limit);
}

std::size_t Conversation::deltas_locked(const std::string& request_id) const {
  const auto it = delta_counts_.find(request_id);
  return it == delta_counts_.end() ? 0 : it->second;
}

std::string Conversation::reply_text(const std::string& request_id) {
  std::lock_guard lock(mutex_);
  const auto* reply = replies_.find(request_id);
  return reply == nullptr ? std::string() : reply->text;
}

std::optional<protocol::StopReason> Conversation::stop_reason(const std::string& request_id) {
  std::lock_guard lock(mutex_);
  const auto* reply = replies_.find(request_id);
  return reply == nullptr ? std::nullopt : reply->stop_reason;
}

ClientState Conversation::state() {
  std::lock_guard lock(mutex_);
  return state_;
}

std::string Conversation::recent() {
  std::lock_guard lock(mutex_);
  std::string text = "last events:";
  for (const auto& e : recent_events_) text += " " + e + ",";
  text += "\nlast states:";
  const auto from = states_.size() > 12 ? states_.size() - 12 : 0;
  for (auto i = from; i < states_.size(); ++i) {
    text += "\n  " + std::string(to_string(states_[i].status)) + " " + std::string(to_string(states_[i].transport)) +
            " attempts=" + std::to_string(states_[i].reconnect_attempts) + " " + states_[i].last_error;
  }
  return text;
}

std::vector<std::string> Conversation::violations() {
  std::lock_guard lock(mutex_);
  return violations_;
}

std::size_t Conversation::states_seen(TransportKind transport) {
  std::lock_guard lock(mutex_);
  std::size_t n = 0;
  for (const auto& s : states_)
    if (s.status == ConnectionStatus::connected && s.transport == transport) ++n;
  return n;
}

}  // namespace tether::test
