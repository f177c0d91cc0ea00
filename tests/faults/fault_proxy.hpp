// A fault-injecting TCP proxy for the fault suite: it sits between a client and the real
// server and can reset connections, go silent without closing (half-open), delay,
// throttle, split the byte stream at random points, refuse WebSocket upgrades, and
// terminate TLS (so that a wss client can be tested against a self-signed certificate).
// It runs on its own thread; every setter may be called from any thread.
#pragma once

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

namespace tether::test {

class FaultProxy {
 public:
  struct Options {
    std::string upstream_host = "127.0.0.1";
    std::uint16_t upstream_port = 0;
    // Both set: the proxy speaks TLS to its clients (and plain TCP to the upstream).
    std::string tls_certificate_file;
    std::string tls_key_file;
    unsigned seed = 1;  // for the random split points and reset intervals
  };

  explicit FaultProxy(Options options);
  ~FaultProxy();
  FaultProxy(const FaultProxy&) = delete;
  FaultProxy& operator=(const FaultProxy&) = delete;

  std::uint16_t port() const noexcept { return port_; }
  void set_upstream_port(std::uint16_t port);

  // Resets every live connection (RST to both sides).
  void reset_all();
  // Resets every live connection at random intervals in [min, max] until stopped.
  void start_random_resets(std::chrono::milliseconds min, std::chrono::milliseconds max);
  void stop_random_resets();
  // Silent: nothing is forwarded either way and nothing is closed, like a network path
  // that died without telling anyone. Data waits, and flows again when it returns.
  void set_silent(bool silent);
  void set_delay(std::chrono::milliseconds delay);
  void set_throttle(std::size_t bytes_per_second);  // 0 = unlimited
  void set_split(bool split);                       // forward in random 1..64-byte pieces
  // Answers every WebSocket upgrade with 403 instead of forwarding it.
  void set_refuse_upgrades(bool refuse);

  std::size_t connections_accepted() const noexcept;
  std::size_t resets() const noexcept;
  std::size_t upgrades_refused() const noexcept;

  struct State;

 private:
  std::shared_ptr<State> state_;
  std::uint16_t port_ = 0;
};

}  // namespace tether::test
