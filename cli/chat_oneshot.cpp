// `tether chat -m "question"`: one message, its reply on stdout, exit code 0 when the
// reply completed normally. On a terminal the reply streams; into a pipe the exact
// final text is written once it is complete. Failures go to stderr, exit code 1.
#include "cli/chat_modes.hpp"

#include "tether/client.hpp"
#include "tether/client/reply_assembler.hpp"

#include <condition_variable>
#include <iostream>
#include <mutex>
#include <unistd.h>

namespace tether::cli {
namespace {

std::string title_from(const std::string& message) {
  auto title = message.substr(0, 60);
  for (auto& c : title)
    if (c == '\n' || c == '\r' || c == '\t') c = ' ';
  return message.size() > 60 ? title + "…" : title;
}

std::string stop_text(protocol::StopReason reason) {
  switch (reason) {
    case protocol::StopReason::cancelled: return "the reply was cancelled";
    case protocol::StopReason::interrupted: return "the server stopped in the middle of the reply";
    case protocol::StopReason::error: return "the backend failed";
    case protocol::StopReason::end_turn: break;
  }
  return {};
}

}  // namespace

int run_one_shot(const ChatOptions& options) {
  const bool stream = ::isatty(STDOUT_FILENO) == 1;
  std::string session_id;
  std::int64_t head_seq = 0;
  try {
    RestClient rest(options.client);
    if (options.session) {
      const auto history = rest.get_session(*options.session);
      session_id = history.session.id;
      head_seq = history.session.head_seq;  // only this message's reply is of interest
    } else {
      session_id = rest.create_session(title_from(*options.message)).id;
    }
  } catch (const RestError& e) {
    std::cerr << "tether chat: " << e.what();
    if (!e.error().hint.empty()) std::cerr << " " << e.error().hint;
    std::cerr << "\n";
    return 1;
  }

  std::mutex mutex;
  std::condition_variable changed;
  bool done = false;
  std::string failure;
  std::string request_id;
  ReplyAssembler replies;
  std::optional<protocol::StopReason> stop_reason;
  std::string final_text;

  WebSocketClient client(options.client);
  client.on_message([&](const protocol::Envelope& envelope) {
    std::lock_guard lock(mutex);
    if (done) return;
    if (envelope.type == protocol::MessageType::error && envelope.reply_to == request_id) {
      const auto error = protocol::error_from_json(envelope.payload);
      failure = error.message + (error.hint.empty() ? "" : " " + error.hint);
      done = true;
      changed.notify_all();
      return;
    }
    const auto update = replies.apply(envelope);
    if (!update || update->request_id != request_id) return;
    if (stream) {
      std::cout << (update->replaced ? "\n" + update->text : update->appended) << std::flush;
    }
    if (update->complete) {
      stop_reason = update->stop_reason;
      final_text = update->text;
      done = true;
      changed.notify_all();
    }
  });
  client.on_state_change([&](const ClientState& state) {
    const bool gave_up = state.status == ConnectionStatus::error ||
                         (state.status == ConnectionStatus::disconnected && !state.is_reconnecting);
    if (!gave_up) return;
    std::lock_guard lock(mutex);
    if (done) return;
    failure = state.last_error.empty() ? "the connection failed" : state.last_error;
    done = true;
    changed.notify_all();
  });

  {
    std::lock_guard lock(mutex);
    client.join(session_id, head_seq);
    request_id = client.send_chat(session_id, *options.message);
  }
  client.connect();

  std::unique_lock lock(mutex);
  if (!changed.wait_for(lock, options.reply_timeout, [&] { return done; })) {
    failure = "no complete reply within " + std::to_string(options.reply_timeout.count()) + " s";
  }
  if (!failure.empty()) {
    if (stream) std::cout << "\n";
    std::cerr << "tether chat: " << failure << "\n";
    return 1;
  }
  if (!stream) std::cout << final_text;
  if (final_text.empty() || final_text.back() != '\n') std::cout << "\n";
  std::cout << std::flush;
  if (stop_reason && *stop_reason != protocol::StopReason::end_turn) {
    std::cerr << "tether chat: " << stop_text(*stop_reason) << ".\n";
    return 1;
  }
  return 0;
}

}  // namespace tether::cli
