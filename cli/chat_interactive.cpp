// Interactive `tether chat`: joins (or creates) a session, shows its history and every
// new event as it arrives, streams replies, keeps the connection status at the bottom.
// A session opens at its latest turns (kTailTurns); /older pages back through the rest.
// Commands: /new, /sessions, /switch ID, /older, /cancel, /allow, /deny, /quit (and
// Ctrl-R to retry now).
#include "cli/chat_modes.hpp"

#include "cli/chat_events.hpp"
#include "cli/chat_status.hpp"
#include "cli/chat_terminal.hpp"
#include "tether/client.hpp"
#include "tether/client/reply_assembler.hpp"

#include <condition_variable>
#include <deque>
#include <iostream>
#include <mutex>
#include <set>

namespace tether::cli {
namespace {
using protocol::MessageType;

constexpr std::string_view kHelp =
    "Commands: /new  /sessions  /switch ID  /older  /cancel  /allow [always]  /deny [reason]  /quit\n"
    "          (Ctrl-R: retry the connection now)\n";

// A session opens at its latest turns: a long history is paged back on demand (/older).
constexpr std::int64_t kTailTurns = 20;
constexpr std::size_t kOlderPage = 200;

std::string string_field(const protocol::Envelope& envelope, std::string_view name) {
  const auto* value = envelope.payload.if_contains(name);
  return value != nullptr && value->is_string() ? std::string(value->get_string()) : std::string();
}

// What the screen shows; fed by the client's callbacks (one at a time) and the input loop.
class ChatView {
 public:
  explicit ChatView(Terminal& terminal) : terminal_(terminal) {}

  void set_session(const std::string& id) {
    std::lock_guard lock(mutex_);
    session_ = id;
    open_permissions_.clear();  // the join's replay brings back the new session's open ones
    oldest_shown_ = 0;
    has_older_ = false;
  }

  // Where /older continues: before the oldest seq shown, when older events exist.
  std::optional<std::int64_t> older_from() {
    std::lock_guard lock(mutex_);
    if (!has_older_ || oldest_shown_ <= 1) return std::nullopt;
    return oldest_shown_;
  }

  // An older page, printed under a rule (a terminal cannot insert above what it showed).
  void show_older(const EventPage& page) {
    std::lock_guard lock(mutex_);
    terminal_.print("── earlier ──\n");
    for (const auto& envelope : page.events) {
      if (envelope.type == MessageType::chat_request) {
        terminal_.print("› " + string_field(envelope, protocol::field::message) + "\n");
      } else if (envelope.type == MessageType::chat_response) {
        terminal_.print(string_field(envelope, protocol::field::message) + "\n");
      } else if (auto text = describe_turn_event(envelope)) {
        terminal_.print(*text);
      }
    }
    if (!page.events.empty()) oldest_shown_ = *page.events.front().seq;
    has_older_ = page.has_older;
    terminal_.print(has_older_ ? "── /older for more ──\n" : "── the beginning of the session ──\n");
    terminal_.show_prompt();
  }
  std::string session() {
    std::lock_guard lock(mutex_);
    return session_;
  }
  // Sends under the view's lock, so that the message's own record (which may arrive at
  // once) is known to be ours and not shown twice.
  void send(WebSocketClient& client, const std::string& text) {
    std::lock_guard lock(mutex_);
    last_sent_ = client.send_chat(session_, text);
    mine_.insert(last_sent_);
  }

  // For scripted input: the next line waits until the last reply is complete, or the
  // connection is given up, or `limit` passes.
  void wait_for_reply(std::chrono::seconds limit) {
    std::unique_lock lock(mutex_);
    replied_.wait_for(lock, limit, [&] {
      const auto* reply = replies_.find(last_sent_);
      return last_sent_.empty() || given_up_ || (reply != nullptr && reply->complete);
    });
  }

  // The oldest permission prompt still open in this session, if any.
  std::optional<std::string> open_permission() {
    std::lock_guard lock(mutex_);
    if (open_permissions_.empty()) return std::nullopt;
    return open_permissions_.front();
  }

  void set_given_up(bool given_up) {
    std::lock_guard lock(mutex_);
    given_up_ = given_up;
    replied_.notify_all();
  }

  void show(const protocol::Envelope& envelope) {
    std::lock_guard lock(mutex_);
    const auto session = string_field(envelope, protocol::field::session_id);
    if (!session.empty() && session != session_) return;  // a session just left
    if (envelope.seq && (oldest_shown_ == 0 || *envelope.seq < oldest_shown_)) oldest_shown_ = *envelope.seq;
    switch (envelope.type) {
      case MessageType::chat_request:
        if (!mine_.contains(string_field(envelope, protocol::field::request_id))) {
          terminal_.print("› " + string_field(envelope, protocol::field::message) + "\n");
        }
        return;
      case MessageType::chat_stream:
      case MessageType::chat_response: {
        const auto update = replies_.apply(envelope);
        if (!update) return;
        terminal_.print(update->replaced ? "\n" + update->text : update->appended);
        if (update->complete) {
          replied_.notify_all();
          if (update->stop_reason && *update->stop_reason != protocol::StopReason::end_turn) {
            terminal_.print(std::string(" [") + std::string(protocol::to_string(*update->stop_reason)) + "]");
          }
          terminal_.print("\n");
          terminal_.show_prompt();
        }
        return;
      }
      case MessageType::session_update:
        // The answer to our join, announced once per session (rejoins repeat it).
        if (envelope.reply_to && announced_.insert(session_).second) {
          auto line = "(session " + session_ + ", backend " + string_field(envelope, protocol::field::backend);
          if (auto reason = string_field(envelope, protocol::field::backend_reason); !reason.empty()) {
            line += ": " + reason;
          }
          terminal_.print(line + ")\n");
          if (const auto update = protocol::session_update_from_json(envelope.payload); update && update->has_older) {
            has_older_ = true;
            if (update->history_start) oldest_shown_ = *update->history_start;
            terminal_.print("(earlier turns are not shown: /older pages back)\n");
          }
          terminal_.show_prompt();
        }
        return;
      case MessageType::permission_request:
      case MessageType::permission_resolved: {
        const auto id = string_field(envelope, protocol::field::permission_id);
        std::erase(open_permissions_, id);
        if (envelope.type == MessageType::permission_request) open_permissions_.push_back(id);
        terminal_.print(*describe_turn_event(envelope));
        terminal_.show_prompt();
        return;
      }
      case MessageType::tool_use:
      case MessageType::tool_result:
        if (auto text = describe_turn_event(envelope)) terminal_.print(*text);
        return;
      case MessageType::error: {
        const auto error = protocol::error_from_json(envelope.payload);
        terminal_.print("! " + error.message + (error.hint.empty() ? "" : " " + error.hint) + "\n");
        terminal_.show_prompt();
        return;
      }
      default:
        return;
    }
  }

 private:
  Terminal& terminal_;
  std::mutex mutex_;
  std::string session_;
  std::set<std::string> mine_;
  std::string last_sent_;
  std::set<std::string> announced_;
  std::deque<std::string> open_permissions_;
  bool given_up_ = false;
  std::int64_t oldest_shown_ = 0;  // the lowest seq on screen (0: none yet)
  bool has_older_ = false;
  std::condition_variable replied_;
  ReplyAssembler replies_;
};

void list_sessions(RestClient& rest, Terminal& terminal, const std::string& current) {
  std::string text;
  for (const auto& s : rest.list_sessions()) {
    text += (s.id == current ? "* " : "  ") + s.id + "  " + s.status + "  " + s.title + "\n";
  }
  terminal.print(text.empty() ? "(no sessions)\n" : text);
}

}  // namespace

int run_interactive(const ChatOptions& options) {
  RestClient rest(options.client);
  std::string session;
  try {
    session = options.session ? rest.get_session(*options.session).session.id : rest.create_session().id;
  } catch (const RestError& e) {
    std::cerr << "tether chat: " << e.what() << (e.error().hint.empty() ? "" : " " + e.error().hint) << "\n";
    return 1;
  }

  Terminal terminal;
  ChatView view(terminal);
  view.set_session(session);
  WebSocketClient client(options.client);
  client.on_message([&view](const protocol::Envelope& envelope) { view.show(envelope); });
  client.on_state_change([&terminal, &view](const ClientState& state) {
    terminal.set_status(format_status(state, terminal.color()));
    view.set_given_up(state.status == ConnectionStatus::error ||
                      (state.status == ConnectionStatus::disconnected && !state.is_reconnecting));
  });
  terminal.print(std::string(kHelp));
  client.join(session, 0, kTailTurns);
  client.connect();

  for (;;) {
    const auto input = terminal.read();
    if (input.kind == Terminal::Input::Kind::quit) break;
    if (input.kind == Terminal::Input::Kind::retry) {
      client.reconnect();
      continue;
    }
    const auto& line = input.line;
    if (line.empty()) continue;
    try {
      if (line == "/quit" || line == "/exit") break;
      if (line == "/new") {
        const auto created = rest.create_session();
        client.leave(session);
        session = created.id;
        view.set_session(session);
        client.join(session, 0, kTailTurns);
      } else if (line == "/allow" || line == "/allow always" || line == "/deny" || line.starts_with("/deny ")) {
        const auto permission = view.open_permission();
        if (!permission) {
          terminal.print("(no permission prompt is open)\n");
          continue;
        }
        const bool allow = line.starts_with("/allow");
        const auto reason = !allow && line.size() > 6 ? line.substr(6) : std::string();
        client.send(MessageType::permission_response,
                    permission_answer(session, *permission, allow, line == "/allow always", reason));
      } else if (line == "/older") {
        if (const auto before = view.older_from()) {
          view.show_older(rest.events_before(session, *before, kOlderPage));
        } else {
          terminal.print("(nothing older)\n");
        }
      } else if (line == "/sessions") {
        list_sessions(rest, terminal, session);
      } else if (line.starts_with("/switch")) {
        const auto id = line.size() > 8 ? line.substr(8) : std::string();
        const auto found = rest.get_session(id).session.id;  // throws for an unknown id
        client.leave(session);
        session = found;
        view.set_session(session);
        client.join(session, 0, kTailTurns);
      } else if (line == "/cancel") {
        client.send(MessageType::chat_cancel, protocol::to_json(protocol::ChatCancel{session}));
      } else if (line.starts_with("/")) {
        terminal.print(std::string(kHelp));
      } else {
        view.send(client, line);
        if (!terminal.keyboard()) view.wait_for_reply(options.reply_timeout);
      }
    } catch (const RestError& e) {
      terminal.print("! " + std::string(e.what()) + "\n");
    } catch (const OutboxFullError& e) {
      terminal.print("! " + std::string(e.what()) + " Not sent.\n");
    }
  }
  return 0;
}

}  // namespace tether::cli
