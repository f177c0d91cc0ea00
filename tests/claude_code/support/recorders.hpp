// Test doubles of the hub's side of the backend interface: a TurnObserver and a
// BackendStateSink that record every call and let the test wait (with a deadline)
// until a condition holds. Thread-safe: the backend calls them from its strand.
#pragma once

#include "server/backends/backend.hpp"

#include <boost/json/object.hpp>

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace tether::test {

using namespace std::chrono_literals;

class RecordingObserver final : public server::TurnObserver {
 public:
  struct Event {
    protocol::MessageType type;
    boost::json::object payload;
  };

  void on_delta(std::string text) override {
    std::lock_guard lock(mutex_);
    deltas_ += text;
    ++delta_count_;
    changed_.notify_all();
  }
  void on_event(protocol::MessageType type, boost::json::object payload) override {
    std::lock_guard lock(mutex_);
    events_.push_back({type, std::move(payload)});
    changed_.notify_all();
  }
  void on_complete(server::TurnResult result) override {
    std::lock_guard lock(mutex_);
    ++completions_;
    if (!result_) result_ = std::move(result);
    changed_.notify_all();
  }

  // Waits for the turn's end; nullopt on timeout.
  std::optional<server::TurnResult> wait_result(std::chrono::milliseconds timeout = 60s) {
    std::unique_lock lock(mutex_);
    changed_.wait_for(lock, timeout, [&] { return result_.has_value(); });
    return result_;
  }
  // Waits for an event of this type (the n-th, from 0); nullopt on timeout.
  std::optional<boost::json::object> wait_event(protocol::MessageType type, std::size_t nth = 0,
                                                std::chrono::milliseconds timeout = 60s) {
    std::unique_lock lock(mutex_);
    std::optional<boost::json::object> found;
    changed_.wait_for(lock, timeout, [&] {
      std::size_t seen = 0;
      for (const auto& event : events_)
        if (event.type == type && seen++ == nth) {
          found = event.payload;
          return true;
        }
      return result_.has_value();
    });
    return found;
  }
  bool wait_deltas(std::size_t at_least_bytes, std::chrono::milliseconds timeout = 60s) {
    std::unique_lock lock(mutex_);
    return changed_.wait_for(lock, timeout, [&] { return deltas_.size() >= at_least_bytes || result_.has_value(); }) &&
           deltas_.size() >= at_least_bytes;
  }
  std::string deltas() const {
    std::lock_guard lock(mutex_);
    return deltas_;
  }
  std::vector<Event> events(std::optional<protocol::MessageType> type = std::nullopt) const {
    std::lock_guard lock(mutex_);
    std::vector<Event> selected;
    for (const auto& event : events_)
      if (!type || event.type == *type) selected.push_back(event);
    return selected;
  }
  int completions() const {
    std::lock_guard lock(mutex_);
    return completions_;
  }

 private:
  mutable std::mutex mutex_;
  std::condition_variable changed_;
  std::string deltas_;
  int delta_count_ = 0;
  std::vector<Event> events_;
  std::optional<server::TurnResult> result_;
  int completions_ = 0;
};

class RecordingSink final : public server::BackendStateSink {
 public:
  void on_state(boost::json::object state) override {
    std::lock_guard lock(mutex_);
    states_.push_back(std::move(state));
    changed_.notify_all();
  }
  boost::json::object last() const {
    std::lock_guard lock(mutex_);
    return states_.empty() ? boost::json::object() : states_.back();
  }
  std::vector<boost::json::object> all() const {
    std::lock_guard lock(mutex_);
    return states_;
  }
  // Waits until some reported state satisfies the predicate; returns it.
  std::optional<boost::json::object> wait_for(const std::function<bool(const boost::json::object&)>& predicate,
                                               std::chrono::milliseconds timeout = 30s) {
    std::unique_lock lock(mutex_);
    std::optional<boost::json::object> found;
    changed_.wait_for(lock, timeout, [&] {
      for (const auto& state : states_)
        if (predicate(state)) {
          found = state;
          return true;
        }
      return false;
    });
    return found;
  }

 private:
  mutable std::mutex mutex_;
  std::condition_variable changed_;
  std::vector<boost::json::object> states_;
};

}  // namespace tether::test
