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

void ConnectionRegistry::close_all() {
  std::vector<std::shared_ptr<Closable>> open;
  {
    std::lock_guard lock(mutex_);
    for (auto& [key, weak] : connections_)
      if (auto connection = weak.lock()) open.push_back(std::move(connection));
  }
  for (auto& connection : open) connection->close_for_shutdown();
}

}  // namespace tether::server
