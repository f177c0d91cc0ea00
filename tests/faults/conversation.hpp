// A WebSocketClient under observation, for the fault suite: it records every delivered
// event and state, rebuilds replies by the compaction rule, and checks the delivery
// guarantees as events arrive (seqs strictly increasing per session; a reply's deltas
// consecutive on any one connection and a prefix of the final reply unless compaction
// skipped some across a reconnect; each reply completed once; callbacks never concurrent).
// Waits are on conditions with deadlines, never fixed sleeps.
#pragma once

#include "tether/client.hpp"
#include "tether/client/reply_assembler.hpp"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <vector>

namespace tether::test {

class Conversation {
 public:
  explicit Conversation(ClientConfig config);
  ~Conversation();

  WebSocketClient& client() { return *client_; }

  // True when `predicate` (called under the lock) holds within `limit`.
  bool wait_until(const std::function<bool()>& predicate, std::chrono::milliseconds limit);
  bool wait_state(const std::function<bool(const ClientState&)>& predicate, std::chrono::milliseconds limit);
  // Like wait_state, but over every state reported since `from` (an index of
  // state_count()), so that a short-lived state is not missed.
  bool wait_state_seen(const std::function<bool(const ClientState&)>& predicate, std::size_t from,
                       std::chrono::milliseconds limit);
  std::size_t state_count();
  bool wait_connected(std::chrono::milliseconds limit, TransportKind transport = TransportKind::websocket);
  bool wait_reply(const std::string& request_id, std::chrono::milliseconds limit);

  // Under the lock, for use inside wait_until predicates (and after the waits).
  const Reply* reply_locked(const std::string& request_id) const { return replies_.find(request_id); }
  std::size_t deltas_locked(const std::string& request_id) const;

  std::string reply_text(const std::string& request_id);
  std::optional<protocol::StopReason> stop_reason(const std::string& request_id);
  ClientState state();
  std::vector<std::string> violations();
  std::size_t states_seen(TransportKind transport);
  // The last events and states, for a failure message.
  std::string recent();

 private:
  void on_message(const protocol::Envelope& envelope);
  void on_state(const ClientState& state);

  std::mutex mutex_;
  std::condition_variable changed_;
  ReplyAssembler replies_;
  std::map<std::string, std::string> live_deltas_;
  std::map<std::string, std::size_t> delta_counts_;
  std::map<std::string, std::string> delta_seqs_;  // "3@c1 4@c1 9@c2": for a failure message
  struct LastDelta {
    std::int64_t seq = 0;
    int connection = 0;
  };
  std::map<std::string, LastDelta> last_delta_;
  // Replies whose deltas skipped seqs across a reconnect: compaction (docs/protocol.md
  // §2.1) removed the middle, and the chat_response sets the text.
  std::map<std::string, bool> compacted_;
  std::map<std::string, int> completions_;
  std::map<std::string, std::int64_t> last_seq_;
  std::vector<std::string> violations_;
  std::vector<ClientState> states_;
  std::vector<std::string> recent_events_;
  int connections_ = 0;  // how many times the client got connected, to place events
  ClientState state_;
  std::atomic<bool> in_callback_{false};
  std::unique_ptr<WebSocketClient> client_;
};

}  // namespace tether::test
