#include "server/backends/echo_backend.hpp"

#include "server/backends/word_splitter.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/use_awaitable.hpp>

namespace tether::server {
namespace asio = boost::asio;

namespace {

// One turn: owned by its coroutine and by the session (to cancel it).
struct EchoTurn {
  explicit EchoTurn(asio::any_io_executor executor) : timer(std::move(executor)) {}
  asio::steady_timer timer;
  bool cancelled = false;
};

asio::awaitable<void> stream_words(std::shared_ptr<EchoTurn> turn, std::string message,
                                   std::shared_ptr<TurnObserver> observer, std::chrono::milliseconds delay) {
  for (const auto word : split_words(message)) {
    if (delay.count() > 0) {
      turn->timer.expires_after(delay);
      boost::system::error_code ec;
      co_await turn->timer.async_wait(asio::redirect_error(asio::use_awaitable, ec));
    } else {
      co_await asio::post(turn->timer.get_executor(), asio::use_awaitable);  // let others run
    }
    if (turn->cancelled) break;
    observer->on_delta(std::string(word));
  }
  observer->on_complete(TurnResult{turn->cancelled ? protocol::StopReason::cancelled : protocol::StopReason::end_turn,
                                   std::nullopt, {}});
}

class EchoSession final : public BackendSession {
 public:
  EchoSession(asio::any_io_executor executor, std::chrono::milliseconds delay)
      : strand_(asio::make_strand(std::move(executor))), delay_(delay) {}

  ~EchoSession() override { shutdown(); }

  void start_turn(TurnInput input, std::shared_ptr<TurnObserver> observer) override {
    auto turn = std::make_shared<EchoTurn>(strand_);
    current_ = turn;
    asio::co_spawn(strand_, stream_words(turn, std::move(input.message), std::move(observer), delay_), asio::detached);
  }

  void cancel() override {
    asio::post(strand_, [turn = current_] {
      if (auto t = turn.lock()) {
        t->cancelled = true;
        t->timer.cancel();
      }
    });
  }

  protocol::Result<void> handle_control(const protocol::SessionControl& control) override {
    return protocol::make_error(protocol::ErrorCode::invalid_message,
                                "The echo backend has no \"" + std::string(protocol::to_string(control.type)) +
                                    "\": it never asks for permissions.");
  }

  void shutdown() override { cancel(); }

 private:
  asio::strand<asio::any_io_executor> strand_;
  std::chrono::milliseconds delay_;
  std::weak_ptr<EchoTurn> current_;
};

}  // namespace

EchoBackend::EchoBackend(std::chrono::milliseconds delay, std::optional<std::string> reason)
    : delay_(delay), reason_(std::move(reason)) {}

std::unique_ptr<BackendSession> EchoBackend::open_session(SessionContext context) {
  return std::make_unique<EchoSession>(context.executor, delay_);
}

protocol::Result<std::string> EchoBackend::self_check() {
  if (!reason_) return std::string("echo");
  return protocol::Error{protocol::ErrorCode::backend_unavailable, *reason_,
                         "Or start the server with --backend echo if echo is what you meant."};
}

}  // namespace tether::server
