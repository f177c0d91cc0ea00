// The I/O shell of WebSocketClient: it feeds ClientCore (under one mutex, so that any
// thread may call the client) and carries out the core's actions on one strand, in the
// order the core produced them. Transports and timers live on the strand only; their
// events carry the transport's generation and are checked by the core, so a late event
// of a replaced transport changes nothing.
#include "tether/client/websocket_client.hpp"

#include "tether/client/endpoint.hpp"
#include "tether/protocol.hpp"
#include "tls.hpp"
#include "transport.hpp"

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>

#include <atomic>
#include <deque>
#include <map>
#include <mutex>
#include <thread>

// See core.cpp: GCC 12 false positives when moving the Action variant at -O2.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif

namespace tether {
namespace asio = boost::asio;

struct WebSocketClient::OwnedThread {
  asio::io_context context{1};
  asio::executor_work_guard<asio::io_context::executor_type> work{context.get_executor()};
  std::thread thread;
};

struct WebSocketClient::Impl : std::enable_shared_from_this<Impl> {
  Impl(ClientConfig config, asio::io_context& context)
      : strand(asio::make_strand(context)),
        core(config, [] { return std::chrono::steady_clock::now(); }, default_random_source()) {
    for (auto& timer : timers) timer = std::make_unique<asio::steady_timer>(strand);
    std::string reason;
    auto parsed = parse_endpoint(config.url, &reason);
    if (!parsed) {
      setup_error = reason;
      return;
    }
    transport_context.executor = strand;
    transport_context.endpoint = *parsed;
    transport_context.token = config.token.empty() ? parsed->token_in_url : config.token;
    transport_context.max_message_bytes = config.max_message_bytes;
    transport_context.request_timeout = config.timeout;
    // The server's SSE keepalive comes every 15 s; a stream quiet for three of them is dead.
    transport_context.stream_idle_timeout =
        std::max(std::chrono::milliseconds(45'000), config.ping_interval + config.pong_timeout);
    if (parsed->secure) {
      try {
        transport_context.tls = detail::make_tls_context(config.ca_file);
      } catch (const std::exception& e) {
        setup_error = e.what();
      }
    }
  }

  // Runs `command` on the core and schedules its actions. Any thread.
  template <class Command>
  auto with_core(Command&& command) {
    std::unique_lock lock(mutex);
    if constexpr (std::is_void_v<decltype(command(core))>) {
      command(core);
      schedule(lock);
    } else {
      auto result = command(core);
      schedule(lock);
      return result;
    }
  }

  void schedule(std::unique_lock<std::mutex>& lock) {
    for (auto& action : core.take_actions()) pending.push_back(std::move(action));
    if (pending.empty() || drain_posted) return;
    drain_posted = true;
    lock.unlock();
    asio::post(strand, [self = shared_from_this()] { self->drain(); });
  }

  // Carries out the actions one by one, outside the lock, so that callbacks may call
  // back into the client. Strand only.
  void drain() {
    for (;;) {
      Action action;
      {
        std::lock_guard lock(mutex);
        if (pending.empty()) {
          drain_posted = false;
          return;
        }
        action = std::move(pending.front());
        pending.pop_front();
      }
      std::visit([this](auto& a) { execute(a); }, action);
    }
  }

  void execute(action::OpenTransport& a) {
    if (!setup_error.empty()) {
      with_core([&](ClientCore& c) { c.on_closed(a.generation, {TransportFailure::Kind::fatal, setup_error}); });
      return;
    }
    std::weak_ptr<Impl> weak = shared_from_this();
    const auto generation = a.generation;
    detail::TransportEvents events{
        [weak, generation] {
          if (auto self = weak.lock()) self->with_core([&](ClientCore& c) { c.on_ready(generation); });
        },
        [weak, generation](std::string text) {
          if (auto self = weak.lock()) self->with_core([&](ClientCore& c) { c.on_frame(generation, text); });
        },
        [weak, generation](TransportFailure failure) {
          if (auto self = weak.lock()) {
            self->transports.erase(generation);
            self->with_core([&](ClientCore& c) { c.on_closed(generation, std::move(failure)); });
          }
        }};
    auto transport = a.kind == TransportKind::http_fallback
                         ? detail::make_http_fallback_transport(transport_context, std::move(events))
                         : detail::make_websocket_transport(transport_context, std::move(events));
    transports[generation] = transport;
    transport->start();
  }

  void execute(action::CloseTransport& a) {
    const auto it = transports.find(a.generation);
    if (it == transports.end()) return;
    auto transport = std::move(it->second);
    transports.erase(it);
    transport->close();
  }

  void execute(action::Send& a) {
    const auto it = transports.find(a.generation);
    if (it != transports.end()) it->second->send(std::move(a.text));
  }

  void execute(action::StartTimer& a) {
    auto& timer = *timers[static_cast<std::size_t>(a.kind)];
    timer.expires_after(a.delay);
    std::weak_ptr<Impl> weak = shared_from_this();
    timer.async_wait([weak, kind = a.kind, token = a.token](const boost::system::error_code& ec) {
      if (ec) return;  // cancelled: the core has moved on
      if (auto self = weak.lock()) self->with_core([&](ClientCore& c) { c.on_timer(kind, token); });
    });
  }

  void execute(action::CancelTimer& a) { timers[static_cast<std::size_t>(a.kind)]->cancel(); }

  void execute(action::Deliver& a) {
    if (stopped) return;
    if (message_handler) message_handler(a.envelope);
  }

  void execute(action::StateChanged& a) {
    if (stopped) return;
    if (state_handler) state_handler(a.state);
  }

  // Strand only: the end of everything, on destruction.
  void shut_down() {
    for (auto& [generation, transport] : transports) transport->close();
    transports.clear();
    for (auto& timer : timers) timer->cancel();
  }

  asio::strand<asio::io_context::executor_type> strand;
  std::mutex mutex;
  ClientCore core;                // guarded by mutex
  std::deque<Action> pending;     // guarded by mutex
  bool drain_posted = false;      // guarded by mutex
  std::atomic<bool> stopped = false;
  MessageHandler message_handler;  // set before connect()
  StateHandler state_handler;      // set before connect()
  detail::TransportContext transport_context;
  std::string setup_error;
  std::map<Generation, std::shared_ptr<detail::Transport>> transports;  // strand only
  std::array<std::unique_ptr<asio::steady_timer>, kTimerKinds> timers;   // strand only
};

WebSocketClient::WebSocketClient(ClientConfig config) : thread_(std::make_unique<OwnedThread>()) {
  impl_ = std::make_shared<Impl>(std::move(config), thread_->context);
  thread_->thread = std::thread([owned = thread_.get()] { owned->context.run(); });
}

WebSocketClient::WebSocketClient(ClientConfig config, asio::io_context& context)
    : impl_(std::make_shared<Impl>(std::move(config), context)) {}

WebSocketClient::~WebSocketClient() {
  impl_->stopped = true;
  impl_->with_core([](ClientCore& c) { c.disconnect(); });
  asio::post(impl_->strand, [self = impl_] { self->shut_down(); });
  if (thread_) {
    // The shutdown above runs first (the strand keeps order); then nothing is left to do
    // but abandoned handlers, which the io_context destroys with itself.
    asio::post(impl_->strand, [owned = thread_.get()] { owned->context.stop(); });
    thread_->work.reset();
    impl_.reset();
    if (thread_->thread.get_id() == std::this_thread::get_id()) {
      // Destroyed from one of its own callbacks: the thread cannot join itself, and its
      // io_context is still running this very call. It stops by itself right after; its
      // few objects are left to the process rather than freed under its feet.
      thread_->thread.detach();
      (void)thread_.release();
    } else {
      thread_->thread.join();
      thread_.reset();
    }
  }
}

void WebSocketClient::on_message(MessageHandler handler) {
  std::lock_guard lock(impl_->mutex);
  impl_->message_handler = std::move(handler);
}

void WebSocketClient::on_state_change(StateHandler handler) {
  std::lock_guard lock(impl_->mutex);
  impl_->state_handler = std::move(handler);
}

void WebSocketClient::connect() {
  impl_->with_core([](ClientCore& c) { c.connect(); });
}

void WebSocketClient::disconnect() {
  impl_->with_core([](ClientCore& c) { c.disconnect(); });
}

void WebSocketClient::reconnect() {
  impl_->with_core([](ClientCore& c) { c.reconnect(); });
}

std::string WebSocketClient::send(protocol::MessageType type, boost::json::object payload) {
  return impl_->with_core([&](ClientCore& c) { return c.send(type, std::move(payload)); });
}

std::string WebSocketClient::send_chat(const std::string& session_id, const std::string& message) {
  return send(protocol::MessageType::chat_request,
              protocol::to_json(protocol::ChatRequest{session_id, message, std::nullopt}));
}

void WebSocketClient::join(const std::string& session_id, std::int64_t last_seq, std::optional<std::int64_t> tail_turns) {
  impl_->with_core([&](ClientCore& c) { c.join(session_id, last_seq, tail_turns); });
}

void WebSocketClient::leave(const std::string& session_id) {
  impl_->with_core([&](ClientCore& c) { c.leave(session_id); });
}

ClientState WebSocketClient::state() const {
  std::lock_guard lock(impl_->mutex);
  return impl_->core.state();
}

std::size_t WebSocketClient::queued() const {
  std::lock_guard lock(impl_->mutex);
  return impl_->core.queued();
}

std::int64_t WebSocketClient::last_seq(const std::string& session_id) const {
  std::lock_guard lock(impl_->mutex);
  return impl_->core.last_seq(session_id);
}

}  // namespace tether
