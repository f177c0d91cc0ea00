#include "server/transport/server_context.hpp"

#include <vector>

namespace tether::server {

bool ConnectionRegistry::add(const std::shared_ptr<Closable>& connection, std::size_t limit) {
  std::lock_guard lock(mutex_);
  if (connections_.size() >= limit) return false;
  connections_.emplace(connection.get(), connection);
  return true;
}

void ConnectionRegistry::remove(const Closable* connection) {
  std::lock_guard lock(mutex_);
  connections_.erase(connection);
}

std::size_t ConnectionRegistry::size() const {
  std::lock_guard lock(mutex_);
  return connections_.size();
}

std::size_t ConnectionRegistry::sse_count() const {
  std::size_t count = 0;
  for (const auto& connection : open_connections()) count += connection->is_sse();
  return count;
}

// The connections are called outside the lock: they may remove themselves meanwhile.
std::vector<std::shared_ptr<Closable>> ConnectionRegistry::open_connections() const {
  std::vector<std::shared_ptr<Closable>> open;
  std::lock_guard lock(mutex_);
  open.reserve(connections_.size());
  for (const auto& [key, weak] : connections_)
    if (auto connection = weak.lock()) open.push_back(std::move(connection));
  return open;
}

void ConnectionRegistry::close_all() {
  for (const auto& connection : open_connections()) connection->close_for_shutdown();
}

void ConnectionRegistry::check_silence(std::chrono::steady_clock::time_point now) {
  for (const auto& connection : open_connections()) connection->check_silence(now);
}

}  // namespace tether::server
