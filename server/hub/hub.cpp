#include "server/hub/hub.hpp"

#include "server/store/store.hpp"

#include <boost/asio/post.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/json/serialize.hpp>

#include <random>

namespace tether::server {
namespace asio = boost::asio;
namespace json = boost::json;
using asio::awaitable;
using asio::use_awaitable;

EventKinds stored_event_kinds() {
  using protocol::MessageType;
  const auto name = [](MessageType type) { return std::string(protocol::to_string(type)); };
  return EventKinds{name(MessageType::chat_request),
                    name(MessageType::chat_response),
                    {name(MessageType::chat_request), name(MessageType::chat_response), name(MessageType::tool_use),
                     name(MessageType::tool_result)}};
}

namespace {

// 128 random bits, hex: unguessable, so a session id is not a way in by itself.
std::string new_session_id() {
  static thread_local std::mt19937_64 generator{std::random_device{}()};
  static constexpr char kHex[] = "0123456789abcdef";
  std::string id = "s";
  for (int i = 0; i < 2; ++i) {
    auto bits = generator();
    for (int j = 0; j < 16; ++j, bits >>= 4) id += kHex[bits & 0xF];
  }
  return id;
}

std::vector<SessionRecord> list_records(Repository& repository) { return repository.list_sessions(); }

std::vector<std::string> unfinished_sessions(Repository& repository) {
  return repository.sessions_with_unfinished_turns();
}

}  // namespace

Hub::Hub(asio::any_io_executor executor, Store& store, Backend& backend, HistorySource* history,
         asio::any_io_executor blocking, std::size_t held_history_bytes)
    : executor_(std::move(executor)),
      store_(store),
      backend_(backend),
      history_(history),
      blocking_(blocking ? std::move(blocking) : executor_),
      held_history_bytes_(held_history_bytes) {}

awaitable<std::shared_ptr<Session>> Hub::find(std::string id) {
  if (!protocol::is_valid_session_id(id)) co_return nullptr;
  {
    std::lock_guard lock(mutex_);
    if (auto it = sessions_.find(id); it != sessions_.end()) co_return it->second;
  }
  auto load = [id, bytes = held_history_bytes_](Repository& repository) { return repository.load_session(id, bytes); };
  auto loaded = co_await store_.async_run(std::move(load), use_awaitable);
  if (!loaded) co_return nullptr;
  auto session = std::make_shared<Session>(asio::make_strand(executor_), store_, backend_, std::move(*loaded),
                                           history_, blocking_, held_history_bytes_);
  {
    std::lock_guard lock(mutex_);
    // Another caller may have loaded it meanwhile: theirs wins, ours was never used.
    auto [it, inserted] = sessions_.emplace(id, session);
    if (!inserted) co_return it->second;
  }
  co_await session->recover();
  co_return session;
}

awaitable<SessionView> Hub::create(SessionSeed seed) {
  SessionRecord record;
  record.id = new_session_id();
  record.title = seed.title.empty() ? "New session" : std::move(seed.title);
  record.cwd = std::move(seed.cwd);
  record.origin = std::move(seed.origin);
  record.backend_state = json::serialize(seed.backend_state);
  record.created_at = protocol::now_timestamp();
  record.updated_at = record.created_at;
  auto insert = [record](Repository& repository) { repository.create_session(record); };
  co_await store_.async_run(std::move(insert), use_awaitable);
  co_return SessionView{std::move(record), std::string(protocol::session_status::idle), {}};
}

awaitable<std::vector<SessionView>> Hub::list() {
  auto records = co_await store_.async_run(&list_records, use_awaitable);
  std::vector<SessionView> views;
  views.reserve(records.size());
  for (auto& record : records) {
    std::shared_ptr<Session> live;
    {
      std::lock_guard lock(mutex_);
      if (auto it = sessions_.find(record.id); it != sessions_.end()) live = it->second;
    }
    if (live) {
      views.push_back(co_await live->view(false));
    } else {
      views.push_back(SessionView{std::move(record), std::string(protocol::session_status::idle), {}});
    }
  }
  co_return views;
}

awaitable<bool> Hub::rename(std::string id, std::string title) {
  if (!protocol::is_valid_session_id(id)) co_return false;
  const auto now = protocol::now_timestamp();
  auto update = [id, title, now](Repository& repository) { return repository.rename_session(id, title, now); };
  const bool found = co_await store_.async_run(std::move(update), use_awaitable);
  std::shared_ptr<Session> live;
  {
    std::lock_guard lock(mutex_);
    if (auto it = sessions_.find(id); it != sessions_.end()) live = it->second;
  }
  if (live) co_await live->rename(std::move(title), now);
  co_return found;
}

awaitable<bool> Hub::remove(std::string id) {
  if (!protocol::is_valid_session_id(id)) co_return false;
  std::shared_ptr<Session> live;
  {
    std::lock_guard lock(mutex_);
    if (auto it = sessions_.find(id); it != sessions_.end()) {
      live = std::move(it->second);
      sessions_.erase(it);
    }
  }
  if (live) co_await live->close();
  auto erase = [id](Repository& repository) { return repository.delete_session(id); };
  co_return co_await store_.async_run(std::move(erase), use_awaitable);
}

awaitable<void> Hub::recover() {
  auto ids = co_await store_.async_run(&unfinished_sessions, use_awaitable);
  for (auto& id : ids) co_await find(std::move(id));
}

awaitable<std::size_t> Hub::unload_quiet_sessions(std::chrono::steady_clock::duration quiet_for) {
  std::vector<std::shared_ptr<Session>> candidates;
  {
    std::lock_guard lock(mutex_);
    for (auto& [id, session] : sessions_)
      if (session.use_count() == 1) candidates.push_back(session);  // held by the map alone
  }
  std::size_t unloaded = 0;
  for (auto& session : candidates) {
    if (!co_await session->unloadable(quiet_for)) continue;
    // The coroutine that ran the check on the session's strand lets go of its reference
    // only after we resume: give it a turn of the event loop.
    co_await asio::post(co_await asio::this_coro::executor, use_awaitable);
    {
      std::lock_guard lock(mutex_);
      // Held by the map and this loop alone: nobody found it meanwhile (find takes this
      // lock), and no store job, timer or caller keeps it (they hold it while they run).
      auto it = sessions_.find(session->id());
      if (it == sessions_.end() || it->second != session || session.use_count() != 2) continue;
      sessions_.erase(it);
    }
    co_await session->close();
    ++unloaded;
  }
  co_return unloaded;
}

awaitable<void> Hub::shutdown() {
  std::vector<std::shared_ptr<Session>> sessions;
  {
    std::lock_guard lock(mutex_);
    for (auto& [id, session] : sessions_) sessions.push_back(session);
  }
  for (auto& session : sessions) co_await session->close();
}

std::size_t Hub::loaded_sessions() const {
  std::lock_guard lock(mutex_);
  return sessions_.size();
}

awaitable<std::optional<std::string>> Hub::check_store() {
  auto record = [](Repository& repository) { repository.record_health_check(protocol::now_timestamp()); };
  std::optional<std::string> failure;
  try {
    co_await store_.async_run(std::move(record), use_awaitable);
  } catch (const std::exception& error) {
    failure = error.what();
  }
  co_return failure;
}

}  // namespace tether::server
