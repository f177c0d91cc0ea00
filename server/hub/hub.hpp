// The registry of sessions. Sessions are loaded from the store on first use and stay
// in memory while the server runs; the hub creates, lists, renames and deletes them.
#pragma once

#include "server/hub/session.hpp"

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>

#include <chrono>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace tether::server {

class Backend;
class Store;

// What a new session starts with.
struct SessionSeed {
  std::string title;
  std::string cwd;
  std::string origin = "tether";     // protocol::session_origin
  boost::json::object backend_state;  // e.g. the model chosen, a Claude Code session id to resume
};

// The event types the store must tell apart: turns begin with chat_request and end with
// chat_response; a conversation's messages are those and the tool calls.
EventKinds stored_event_kinds();

class Hub {
 public:
  // history: the sessions' external history (Claude Code transcripts), may be null;
  // blocking: where it is read (file I/O, never on a network thread).
  // held_history_bytes: how much of its history a loaded session holds in memory.
  Hub(boost::asio::any_io_executor executor, Store& store, Backend& backend, HistorySource* history = nullptr,
      boost::asio::any_io_executor blocking = {},
      std::size_t held_history_bytes = Session::kDefaultHeldHistoryBytes);

  // The session, loaded if needed; nullptr when there is none with that id.
  boost::asio::awaitable<std::shared_ptr<Session>> find(std::string id);
  boost::asio::awaitable<SessionView> create(SessionSeed seed);
  boost::asio::awaitable<std::vector<SessionView>> list();
  boost::asio::awaitable<bool> rename(std::string id, std::string title);
  boost::asio::awaitable<bool> remove(std::string id);

  // At start: completes the turns that the last stop cut off.
  boost::asio::awaitable<void> recover();
  // Unloads the sessions that have been quiet for `quiet_for` (Session::unloadable) and
  // that nobody holds: memory follows the active sessions, not the stored ones. Returns
  // how many left memory.
  boost::asio::awaitable<std::size_t> unload_quiet_sessions(std::chrono::steady_clock::duration quiet_for);
  // Ends every backend; called once when the server stops.
  boost::asio::awaitable<void> shutdown();

  std::size_t loaded_sessions() const;
  // For /healthz: commits a small write on the store thread; why it failed, or nothing.
  boost::asio::awaitable<std::optional<std::string>> check_store();
  Backend& backend() noexcept { return backend_; }

 private:
  boost::asio::any_io_executor executor_;
  Store& store_;
  Backend& backend_;
  HistorySource* history_;
  boost::asio::any_io_executor blocking_;
  std::size_t held_history_bytes_;
  mutable std::mutex mutex_;
  std::unordered_map<std::string, std::shared_ptr<Session>> sessions_;
};

}  // namespace tether::server
