#include "server/hub/session.hpp"

#include "server/async/blocking.hpp"
#include "server/metrics/metrics.hpp"
#include "server/hub/conversation_view.hpp"
#include "server/hub/prompt_uuid.hpp"
#include "server/store/store.hpp"

#include <boost/asio/bind_executor.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <filesystem>

namespace tether::server {
namespace asio = boost::asio;
namespace json = boost::json;
using asio::awaitable;
using asio::use_awaitable;
using protocol::MessageType;
namespace field = protocol::field;

namespace {

// Runs fn on the strand and gives its result back to the awaiting coroutine.
template <class Fn>
auto on_strand(const Session::Strand& strand, Fn fn) -> awaitable<std::invoke_result_t<Fn&>> {
  using R = std::invoke_result_t<Fn&>;
  auto run = [fn = std::move(fn)]() mutable -> awaitable<R> { co_return fn(); };
  co_return co_await asio::co_spawn(strand, std::move(run), use_awaitable);
}

// What a finished turn drops (docs/protocol.md §2.1): the reply's deltas (its
// chat_response has the text), tool input deltas (the tool_use has the input), thinking deltas (the complete thinking event has it), and
// the session's state reports during the turn (every join's answer has the current one).
bool is_transient(MessageType type, const json::object& payload, bool in_turn) {
  if (type == MessageType::chat_stream || type == MessageType::tool_input) return true;
  if (type == MessageType::session_update) return in_turn;
  if (type == MessageType::thinking) {
    const auto* complete = payload.if_contains(field::is_complete);
    return !(complete && complete->is_bool() && complete->get_bool());
  }
  return false;
}

std::vector<LoggedEvent> to_logged(std::vector<EventRecord> records) {
  std::vector<LoggedEvent> events;
  events.reserve(records.size());
  for (auto& record : records) {
    const auto type = protocol::parse_message_type(record.type).value_or(MessageType::session_update);
    events.push_back(LoggedEvent{record.seq, type, std::move(record.request_id), make_encoded(std::move(record.envelope)),
                                 record.transient});
  }
  return events;
}

// The backend state with no process running and no prompt open (protocol fields of the
// claude-code state; other backends have neither and are returned as they are).
json::object without_live_process(json::object state) {
  if (auto* process = state.if_contains(field::process); process && process->is_string()) *process = "stopped";
  if (auto* pending = state.if_contains(field::pending_permissions); pending && pending->is_array()) {
    pending->get_array().clear();
  }
  return state;
}

// How many permission prompts a backend state says are open.
std::int64_t pending_prompts(const json::object& state) {
  const auto* pending = state.if_contains(field::pending_permissions);
  return pending && pending->is_array() ? static_cast<std::int64_t>(pending->get_array().size()) : 0;
}

// Stored events as the frames clients receive (the envelope text is stored as sent).
std::vector<EncodedText> frames_of(std::vector<EventRecord> records) {
  std::vector<EncodedText> frames;
  frames.reserve(records.size());
  for (auto& record : records) frames.push_back(make_encoded(std::move(record.envelope)));
  return frames;
}

json::object parse_state(const std::string& text) {
  boost::system::error_code ec;
  auto value = json::parse(text, ec);
  return !ec && value.is_object() ? std::move(value.get_object()) : json::object{};
}

}  // namespace

// Forwards a backend's reports onto the session's strand; reports about a turn that
// is no longer the running one (a late callback) are dropped there.
class Session::Observer : public TurnObserver {
 public:
  Observer(std::weak_ptr<Session> session, Strand strand, std::uint64_t turn)
      : session_(std::move(session)), strand_(std::move(strand)), turn_(turn) {}

  void on_delta(std::string text) override {
    post([turn = turn_, text = std::move(text)](Session& s) mutable { s.on_delta(turn, std::move(text)); });
  }
  void on_event(MessageType type, json::object payload) override {
    post([turn = turn_, type, payload = std::move(payload)](Session& s) mutable {
      s.on_event(turn, type, std::move(payload));
    });
  }
  void on_complete(TurnResult result) override {
    post([turn = turn_, result = std::move(result)](Session& s) mutable { s.on_complete(turn, std::move(result)); });
  }

 private:
  template <class Fn>
  void post(Fn fn) {
    asio::post(strand_, [session = session_, fn = std::move(fn)]() mutable {
      if (auto s = session.lock()) fn(*s);
    });
  }

  std::weak_ptr<Session> session_;
  Strand strand_;
  std::uint64_t turn_;
};

class Session::StateSink : public BackendStateSink {
 public:
  StateSink(std::weak_ptr<Session> session, Strand strand) : session_(std::move(session)), strand_(std::move(strand)) {}
  void on_state(json::object state) override {
    asio::post(strand_, [session = session_, state = std::move(state)]() mutable {
      if (auto s = session.lock()) s->on_state(std::move(state));
    });
  }

 private:
  std::weak_ptr<Session> session_;
  Strand strand_;
};

Session::Session(Strand strand, Store& store, Backend& backend, LoadedSession loaded, HistorySource* history,
                 asio::any_io_executor blocking, std::size_t held_history_bytes)
    : strand_(std::move(strand)),
      store_(store),
      backend_(backend),
      id_(loaded.session.id),
      record_(std::move(loaded.session)),
      backend_state_(parse_state(record_.backend_state)),
      log_(record_.head_seq, to_logged(std::move(loaded.events)), std::move(loaded.requests), loaded.first_seq,
           held_history_bytes),
      history_(history),
      blocking_(std::move(blocking)) {}

template <class Append>
awaitable<bool> Session::append_durably(Append append) {
  auto append_and_wait = [this, append = std::move(append)]() mutable -> awaitable<bool> {
    const auto head = append();
    co_return co_await wait_durable(head, std::chrono::steady_clock::now() + kDurableWait);
  };
  co_return co_await asio::co_spawn(strand_, append_and_wait(), use_awaitable);
}

awaitable<void> Session::recover() {
  auto complete_cut_turns = [this, self = shared_from_this()] {
    // What the store says of the backend was true of a process that no longer exists:
    // a freshly loaded session has none, and no prompt waits.
    if (auto stopped = without_live_process(backend_state_); stopped != backend_state_) {
      backend_state_ = std::move(stopped);
      store_.submit([id = id_, text = json::serialize(backend_state_)](Repository& repository) {
        repository.save_backend_state(id, text);
      });
    }
    auto recovery = plan_recovery(log_, id_);
    for (const auto& request_id : recovery.interrupted_turns) {
      spdlog::info("session {}: turn {} was cut off by a stop; recording it as interrupted", id_, request_id);
    }
    // A late answer to a prompt closed here is told why it comes too late (control()).
    interrupted_prompts_.insert(recovery.closed_prompts.begin(), recovery.closed_prompts.end());
    append_session_events(std::move(recovery.events));
    if (!recovery.interrupted_turns.empty()) {
      append_event(MessageType::session_update, update_payload(log_.head_seq() + 1));
    }
    flush();
    return log_.head_seq();
  };
  // Nobody sees the session before its recovery is durable.
  if (!co_await append_durably(std::move(complete_cut_turns))) {
    spdlog::error("session {}: its recovery is not stored yet; it is written once the disk works", id_);
  }
}

awaitable<void> Session::join(std::shared_ptr<Subscriber> subscriber, std::int64_t last_seq, std::string reply_to,
                              std::optional<std::int64_t> tail_turns) {
  co_await sync_external_history();
  auto start_replay = [this, self = shared_from_this(), subscriber, last_seq, reply_to = std::move(reply_to),
                       tail_turns]() mutable {
    forget_subscriber(subscriber.get());
    last_used_ = std::chrono::steady_clock::now();
    const auto after = last_seq == 0 && tail_turns ? log_.tail_start(*tail_turns) : last_seq;
    catching_up_.push_back(
        Catchup{++joins_, subscriber, after, std::move(reply_to), after + 1, log_.has_events_before(after + 1)});
    send_replay_piece(subscriber.get());
  };
  co_await on_strand(strand_, std::move(start_replay));
}

void Session::send_replay_piece(const Subscriber* subscriber) {
  auto entry = std::find_if(catching_up_.begin(), catching_up_.end(),
                            [&](const Catchup& c) { return c.subscriber.lock().get() == subscriber; });
  if (entry == catching_up_.end()) return;  // it left meanwhile
  auto target = entry->subscriber.lock();
  if (!target) {
    catching_up_.erase(entry);
    return;
  }
  if (entry->after < log_.released_through()) {
    read_stored_replay_piece(*entry);
    return;
  }
  auto piece = log_.replay_piece(entry->after, kReplayPieceBytes);
  if (!piece.reaches_durable) {
    entry->after = piece.last_seq;
    deliver_replay_piece(std::move(target), std::move(piece.frames));
    return;
  }
  // Caught up: the answer, then live events. On the strand, so no broadcast falls between.
  auto answer_payload = update_payload(log_.durable_seq());
  answer_payload[field::history_start] = entry->history_start;
  answer_payload[field::has_older] = entry->has_older;
  piece.frames.push_back(
      make_encoded(protocol::encode(protocol::make_envelope(MessageType::session_update, std::move(answer_payload),
                                                            protocol::stamp_now(), entry->reply_to))));
  catching_up_.erase(entry);
  target->deliver(make_event_batch(std::move(piece.frames)));
  subscribers_.push_back(std::move(target));
}

// The next piece goes once this one is out: the socket sets the pace, and a join however
// far behind is never mistaken for a reader that stopped reading.
void Session::deliver_replay_piece(std::shared_ptr<Subscriber> target, std::vector<EncodedText> frames) {
  const Subscriber* subscriber = target.get();
  std::size_t bytes = 0;
  for (const auto& frame : frames) bytes += frame->size();
  metrics::registry().replay_bytes.add(bytes);
  target->deliver_replay(make_event_batch(std::move(frames)), [session = weak_from_this(), strand = strand_, subscriber] {
    asio::post(strand, [session, subscriber] {
      if (auto live = session.lock()) live->send_replay_piece(subscriber);
    });
  });
}

// Events the log no longer holds come from the store, a piece at a time like the rest.
void Session::read_stored_replay_piece(const Catchup& entry) {
  const auto through = log_.released_through();
  auto read = [id = id_, after = entry.after, through](Repository& repository) {
    return repository.events_after(id, after, through, kReplayPieceBytes, SIZE_MAX);
  };
  auto on_read = [self = shared_from_this(), join = entry.join, through](std::exception_ptr error,
                                                                          std::vector<EventRecord> events) {
    auto entry = std::find_if(self->catching_up_.begin(), self->catching_up_.end(),
                              [&](const Catchup& c) { return c.join == join; });
    if (entry == self->catching_up_.end()) return;  // it left meanwhile
    auto target = entry->subscriber.lock();
    if (!target) {
      self->catching_up_.erase(entry);
      return;
    }
    if (error) {
      spdlog::error("session {}: a replay could not read its stored history; trying again in {} ms", self->id_,
                    kReplayReadRetry.count());
      auto pause = std::make_shared<asio::steady_timer>(self->strand_, kReplayReadRetry);
      pause->async_wait([self, pause, subscriber = target.get()](boost::system::error_code) {
        self->send_replay_piece(subscriber);
      });
      return;
    }
    if (events.empty()) {  // compacted away: nothing stored is left before `through`
      entry->after = std::max(entry->after, through);
      self->send_replay_piece(target.get());
      return;
    }
    entry->after = events.back().seq;
    self->deliver_replay_piece(std::move(target), frames_of(std::move(events)));
  };
  store_.async_run(std::move(read), asio::bind_executor(strand_, std::move(on_read)));
}

void Session::forget_subscriber(const Subscriber* subscriber) {
  std::erase_if(subscribers_, [&](const auto& weak) {
    auto existing = weak.lock();
    return !existing || existing.get() == subscriber;
  });
  std::erase_if(catching_up_, [&](const Catchup& c) {
    auto existing = c.subscriber.lock();
    return !existing || existing.get() == subscriber;
  });
}

awaitable<void> Session::leave(std::shared_ptr<Subscriber> subscriber) {
  auto unsubscribe = [this, self = shared_from_this(), subscriber] {
    forget_subscriber(subscriber.get());
    last_used_ = std::chrono::steady_clock::now();
  };
  co_await on_strand(strand_, std::move(unsubscribe));
}

awaitable<protocol::Result<protocol::Ack>> Session::submit(protocol::ChatRequest request, std::string request_id) {
  // One visit to the strand: the message is appended, and the answer waits there for it
  // to be durable (a duplicate: for its original, which may still be in group commit).
  const auto accepted = co_await asio::co_spawn(strand_, accept_message(request, request_id), use_awaitable);
  if (accepted.folder_missing) {
    co_return protocol::Error{protocol::ErrorCode::folder_missing,
                              "The project folder " + record_.cwd + " is gone, so Claude Code cannot work there.",
                              "Restore the folder, or start a new session in another project; this session stays "
                              "readable."};
  }
  // While the store fails, the session writes the message again (store_failed) and the
  // answer waits a while for it.
  if (!accepted.stored) {
    spdlog::error("session {}: message {} (seq {}) is not stored after {} s; the client was told so", id_, request_id,
                  accepted.seq, std::chrono::duration_cast<std::chrono::seconds>(kDurableWait).count());
    co_return protocol::Error{protocol::ErrorCode::internal,
                              "The message could not be stored yet: the server's disk is failing.",
                              "It is kept and written as soon as the disk works again. Send it again with the same "
                              "id to learn whether it was stored; the server log says what failed."};
  }
  co_return protocol::Ack{accepted.duplicate};
}

// On the strand.
awaitable<Session::Accepted> Session::accept_message(protocol::ChatRequest& request, const std::string& request_id) {
  auto self = shared_from_this();
  Accepted accepted;
  if (log_.knows_request(request_id)) {
    // A resend: acknowledged once its original is durable (not the session's head, which
    // may be events of a later turn still in group commit).
    accepted.duplicate = true;
    accepted.seq = log_.request_seq(request_id);
  } else {
    // A project folder that is gone: no turn can run there. Refused before the message is
    // stored, so that it can be sent again once the folder is back. (One stat.)
    std::error_code error;
    if (!std::filesystem::is_directory(record_.cwd, error)) {
      accepted.folder_missing = true;
      co_return accepted;
    }
    append_event(MessageType::chat_request,
                 protocol::to_json(protocol::ChatRequestRecord{id_, request_id, request.message, request.model,
                                                               request.images}),
                 request_id);
    accepted.seq = log_.head_seq();
    turns_.enqueue(Turn{0, std::move(request), request_id, accepted.seq, {}});
    start_next_turn();
    flush();
  }
  accepted.stored = co_await wait_durable(accepted.seq, std::chrono::steady_clock::now() + kDurableWait);
  co_return accepted;
}

awaitable<bool> Session::wait_durable(std::int64_t seq, std::chrono::steady_clock::time_point deadline) {
  auto self = shared_from_this();
  while (log_.durable_seq() < seq) {
    if (std::chrono::steady_clock::now() >= deadline) co_return false;
    asio::steady_timer wake(strand_, deadline);
    durable_waiters_.push_back(&wake);
    boost::system::error_code ignored;
    co_await wake.async_wait(asio::redirect_error(use_awaitable, ignored));
    std::erase(durable_waiters_, &wake);
  }
  co_return true;
}

awaitable<void> Session::cancel() {
  auto cancel_turn = [this, self = shared_from_this()] {
    if (turns_.running() && backend_session_) backend_session_->cancel();
  };
  co_await on_strand(strand_, std::move(cancel_turn));
}

awaitable<protocol::Result<void>> Session::control(protocol::SessionControl control) {
  auto forward_control = [this, self = shared_from_this(), &control]() -> protocol::Result<void> {
    if (control.type == MessageType::permission_response) {
      const auto* id = control.payload.if_contains(field::permission_id);
      if (id && id->is_string() && interrupted_prompts_.contains(std::string(id->get_string()))) {
        return protocol::Error{protocol::ErrorCode::invalid_message,
                               "The permission prompt " + std::string(id->get_string()) +
                                   " is closed: the server stopped while it was open, and its turn was interrupted.",
                               "Send the message again to run the turn anew; Claude Code will ask again."};
      }
    }
    return backend_session().handle_control(control);
  };
  co_return co_await on_strand(strand_, std::move(forward_control));
}

awaitable<SessionView> Session::view(bool with_messages) {
  if (with_messages) co_await sync_external_history();
  struct Described {
    SessionView view;
    std::int64_t released_through = 0;  // messages up to here are read from the store
  };
  auto describe = [this, self = shared_from_this(), with_messages] {
    if (with_messages) last_used_ = std::chrono::steady_clock::now();
    Described described{SessionView{record_, visible_status(), {}}, log_.released_through()};
    auto& view = described.view;
    view.record.head_seq = log_.durable_seq();
    view.record.backend_state = json::serialize(backend_state_);
    view.prompts_waiting = pending_prompts(backend_state_);
    if (!with_messages) return described;
    for (const auto& event : log_.events()) {
      if (event.seq > log_.durable_seq()) break;
      add_conversation_message(view.messages, event.seq, event.type, *event.frame);
    }
    if (const auto* running = turns_.running()) {
      view.messages.push_back(json::object{{field::request_id, running->request_id},
                                           {field::role, "assistant"},
                                           {field::content, running->text},
                                           {field::stop_reason, nullptr}});
    }
    return described;
  };
  auto described = co_await on_strand(strand_, std::move(describe));
  if (!with_messages || described.released_through == 0) co_return std::move(described.view);
  auto read = [id = id_, through = described.released_through](Repository& repository) {
    return repository.message_events(id, through);
  };
  const auto stored = co_await store_.async_run(std::move(read), use_awaitable);
  json::array messages;
  messages.reserve(stored.size() + described.view.messages.size());
  for (const auto& event : stored) {
    add_conversation_message(messages, event.seq,
                             protocol::parse_message_type(event.type).value_or(MessageType::session_update),
                             event.envelope);
  }
  for (auto& message : described.view.messages) messages.push_back(std::move(message));
  described.view.messages = std::move(messages);
  co_return std::move(described.view);
}

awaitable<Session::EventPage> Session::events_page(std::int64_t after, std::int64_t before, std::size_t limit) {
  struct Planned {
    EventPage page;
    bool from_store = false;  // the log does not hold all of it
  };
  auto page = [this, self = shared_from_this(), after, before, limit] {
    last_used_ = std::chrono::steady_clock::now();
    Planned planned;
    auto& result = planned.page;
    result.head_seq = log_.durable_seq();
    const auto events = before > 0 ? log_.events_before(before, limit) : log_.events_after(after, limit);
    const bool released_part = before > 0 ? events.size() < limit && log_.released_through() > 0
                                          : after < log_.released_through();
    if (released_part) {
      planned.from_store = true;
      return planned;
    }
    for (const auto* event : events) result.frames.push_back(event->frame);
    if (before > 0) result.has_older = log_.has_events_before(events.empty() ? before : events.front()->seq);
    return planned;
  };
  auto planned = co_await on_strand(strand_, std::move(page));
  if (!planned.from_store) co_return std::move(planned.page);
  auto read = [id = id_, after, before, limit, through = planned.page.head_seq](Repository& repository) {
    EventPage result;
    result.head_seq = through;
    auto events = before > 0 ? repository.events_before(id, before, through, limit)
                             : repository.events_after(id, after, through, SIZE_MAX, limit);
    if (before > 0) result.has_older = repository.has_events_before(id, events.empty() ? before : events.front().seq);
    result.frames = frames_of(std::move(events));
    return result;
  };
  co_return co_await store_.async_run(std::move(read), use_awaitable);
}

awaitable<void> Session::rename(std::string title, std::string updated_at) {
  auto set_title = [this, self = shared_from_this(), &title, &updated_at] {
    record_.title = std::move(title);
    record_.updated_at = std::move(updated_at);
  };
  co_await on_strand(strand_, std::move(set_title));
}

awaitable<void> Session::sync_external_history() {
  if (history_ == nullptr) co_return;
  struct Snapshot {
    bool skip = false;  // nothing to read, or a turn of Tether's own is under way
    json::object state;
    std::string cwd;
    std::int64_t offset = 0;
  };
  auto snapshot = [this, self = shared_from_this()] {
    const bool nothing_to_read = !history_->may_have_history(backend_state_);
    return Snapshot{nothing_to_read || turns_.busy() || closed_, backend_state_,
                    record_.cwd, record_.history_offset};
  };
  auto before = co_await on_strand(strand_, std::move(snapshot));
  if (before.skip) co_return;
  auto read = [history = history_, before] { return history->read_since(before.state, before.cwd, before.offset); };
  auto gained = co_await run_blocking(blocking_, std::move(read));
  if (!gained) co_return;
  auto append = [this, self = shared_from_this(), gained = std::move(*gained)]() mutable {
    append_external(std::move(gained));
    return log_.head_seq();
  };
  // Whoever opened the session sees the imported turns in what it reads next.
  co_await append_durably(std::move(append));
}

void Session::append_external(ExternalHistory history) {
  // A turn started meanwhile is Tether's own and its prompt is in the history too: the
  // next sync reads this stretch again (uuids keep it from being imported twice).
  if (turns_.busy() || closed_) return;
  const auto end_offset = history.end_offset;
  auto import = plan_import(std::move(history), log_, id_);
  append_session_events(std::move(import.events));
  if (import.turns > 0) {
    spdlog::info("session {}: {} turn(s) from its Claude Code transcript", id_, import.turns);
    // A process kept warm since the last turn has not seen these turns: the next message
    // starts a new one, which resumes the conversation with them.
    backend_session_.reset();
    append_event(MessageType::session_update, update_payload(log_.head_seq() + 1));
  }
  record_.history_offset = end_offset;
  flush();
  store_.submit([id = id_, offset = end_offset](Repository& repository) {
    repository.save_history_offset(id, offset);
  });
}

awaitable<bool> Session::unloadable(std::chrono::steady_clock::duration quiet_for) {
  auto check = [this, self = shared_from_this(), quiet_for] {
    std::erase_if(subscribers_, [](const auto& weak) { return weak.expired(); });
    const bool busy = turns_.busy() || !subscribers_.empty() || !catching_up_.empty() || !commits_.idle() ||
                      !compact_when_broadcast_.empty();
    return !busy && !closed_ && std::chrono::steady_clock::now() - last_used_ >= quiet_for;
  };
  co_return co_await on_strand(strand_, std::move(check));
}

awaitable<void> Session::close() {
  auto shut_down = [this, self = shared_from_this()] {
    closed_ = true;
    if (turns_.running()) metrics::registry().turns_running.add(-1);
    metrics::registry().permission_prompts_waiting.add(-pending_prompts(backend_state_));
    if (backend_session_) backend_session_->shutdown();
    subscribers_.clear();
    catching_up_.clear();
    turns_.clear();
  };
  co_await on_strand(strand_, std::move(shut_down));
}

void Session::append_event(MessageType type, json::object payload, std::optional<std::string> request_id,
                           std::string timestamp) {
  last_used_ = std::chrono::steady_clock::now();
  auto stamp = protocol::Stamp{protocol::generate_id(),
                               timestamp.empty() ? protocol::now_timestamp() : std::move(timestamp)};
  auto envelope = protocol::make_envelope(type, std::move(payload), std::move(stamp));
  envelope.seq = log_.next_seq();
  auto frame = make_encoded(protocol::encode(envelope));
  const bool transient = is_transient(type, envelope.payload, turns_.running() != nullptr);
  commits_.add(EventRecord{*envelope.seq, std::string(protocol::to_string(type)), request_id, *frame, transient}, frame);
  log_.append(LoggedEvent{*envelope.seq, type, std::move(request_id), std::move(frame), transient});
  follow(commits_.appended(std::chrono::steady_clock::now()));
}

void Session::append_session_events(std::vector<SessionEvent> events) {
  for (auto& event : events) {
    append_event(event.type, std::move(event.payload), std::move(event.request_id), std::move(event.timestamp));
    if (event.compact_from) {
      log_.compact(*event.compact_from, log_.head_seq());
      commits_.add_compaction(*event.compact_from, log_.head_seq());
    }
  }
}

void Session::follow(GroupCommit::Wake wake) {
  switch (wake) {
    case GroupCommit::Wake::none:
      return;
    case GroupCommit::Wake::now:
      asio::post(strand_, [self = shared_from_this()] { self->flush(); });
      return;
    case GroupCommit::Wake::at:
      batch_timer_.expires_at(commits_.wake_at());
      batch_timer_.async_wait([self = shared_from_this()](boost::system::error_code) { self->flush(); });
      return;
    case GroupCommit::Wake::advance:
      batch_timer_.cancel();  // its handler flushes
      return;
  }
}

void Session::flush() {
  auto taken = commits_.take(std::chrono::steady_clock::now());
  if (!taken) return;
  const auto last_seq = taken->records.empty() ? 0 : taken->records.back().seq;
  // Shared by the job and its completion: a failed batch is written again, whole.
  auto batch = std::make_shared<StoreBatch>(std::move(*taken));
  store_.async_run(
      [id = id_, batch, now = protocol::now_timestamp()](Repository& repository) {
        repository.append_events(id, batch->records, now);
        // After the turn's last events, in the same transaction: nothing of it is left behind.
        for (const auto& [first, last] : batch->compactions) repository.compact_turn(id, first, last);
      },
      asio::bind_executor(strand_, [self = shared_from_this(), batch, last_seq](std::exception_ptr error) {
        if (error) {
          self->store_failed(std::move(*batch), error);
          return;
        }
        metrics::registry().events_stored.add(batch->records.size());
        self->log_.mark_durable(last_seq);
        for (auto* waiter : self->durable_waiters_) waiter->cancel();
        if (!batch->frames.empty()) self->broadcast(make_event_batch(std::move(batch->frames)));
        self->compact_broadcast_turns(last_seq);
        self->follow(self->commits_.completed(std::chrono::steady_clock::now()));  // what came meanwhile
      }));
}

// Not durable, so never shown: a client would otherwise hold a seq that the next start
// could give to another event. GroupCommit keeps the batch and says when to try again.
void Session::store_failed(StoreBatch batch, std::exception_ptr error) {
  std::string why = "unknown error";
  try {
    std::rethrow_exception(error);
  } catch (const std::exception& e) {
    why = e.what();
  } catch (...) {
  }
  const auto first_seq = batch.records.empty() ? 0 : batch.records.front().seq;
  const auto last_seq = batch.records.empty() ? 0 : batch.records.back().seq;
  const auto events = batch.records.size();
  const auto pause = std::chrono::duration_cast<std::chrono::milliseconds>(commits_.failed(std::move(batch)));
  if (events == 0) {
    spdlog::error("session {}: a compaction could not be stored ({}); retrying in {} ms", id_, why, pause.count());
  } else {
    spdlog::error("session {}: {} event(s), seq {} to {}, could not be stored ({}); retrying in {} ms", id_, events,
                  first_seq, last_seq, why, pause.count());
  }
  batch_timer_.expires_after(pause);
  batch_timer_.async_wait([self = shared_from_this()](boost::system::error_code) { self->flush(); });
}

void Session::compact_broadcast_turns(std::int64_t broadcast_seq) {
  std::erase_if(compact_when_broadcast_, [&](const auto& pending) {
    if (pending.second > broadcast_seq) return false;
    log_.compact(pending.first, pending.second);
    return true;
  });
}

void Session::broadcast(const SharedEventBatch& batch) {
  std::erase_if(subscribers_, [&](const auto& weak) {
    auto subscriber = weak.lock();
    if (!subscriber) return true;
    // Counted first: a client may read the batch, and scrape, before deliver() returns.
    metrics::registry().events_delivered.add(batch->events.size());
    subscriber->deliver(batch);
    return false;
  });
}

BackendSession& Session::backend_session() {
  if (!backend_session_) {
    backend_session_ = backend_.open_session(SessionContext{id_, record_.cwd, backend_state_,
                                                            std::make_shared<StateSink>(weak_from_this(), strand_),
                                                            strand_.get_inner_executor()});
  }
  return *backend_session_;
}

void Session::start_next_turn() {
  if (closed_) return;
  auto* turn = turns_.start_next();
  if (!turn) return;
  metrics::registry().turns_running.add(1);
  append_event(MessageType::session_update, update_payload(log_.head_seq() + 1));
  TurnInput input{turn->request_id, turn->request.message, turn->request.model, turn->request.images,
                  prompt_uuid(id_, turn->request_id)};
  auto observer = std::make_shared<Observer>(weak_from_this(), strand_, turn->number);
  try {
    backend_session().start_turn(std::move(input), std::move(observer));
  } catch (const std::exception& error) {
    spdlog::error("session {}: the {} backend could not start a turn: {}", id_, backend_.name(), error.what());
    finish_turn(TurnResult{protocol::StopReason::error, std::nullopt,
                           json::object{{field::error, "The backend could not start: " + std::string(error.what())}}});
  }
}

void Session::on_delta(std::uint64_t number, std::string text) {
  auto* turn = turns_.running(number);
  if (!turn || text.empty()) return;
  turn->text += text;
  const auto request_id = turn->request_id;
  append_event(MessageType::chat_stream, protocol::to_json(protocol::ChatStream{id_, request_id, std::move(text), false}),
               request_id);
}

void Session::on_event(std::uint64_t number, MessageType type, json::object payload) {
  const auto* turn = turns_.running(number);
  if (!turn) return;
  const auto request_id = turn->request_id;
  payload[field::session_id] = id_;
  payload[field::request_id] = request_id;
  append_event(type, std::move(payload), request_id);
}

void Session::on_complete(std::uint64_t number, TurnResult result) {
  if (!turns_.running(number)) return;
  finish_turn(std::move(result));
}

void Session::finish_turn(TurnResult result) {
  const auto* turn = turns_.running();
  const auto request_id = turn->request_id;
  const auto request_seq = turn->request_seq;
  append_event(MessageType::chat_stream, protocol::to_json(protocol::ChatStream{id_, request_id, "", true}), request_id);
  auto reply = result.message.value_or(turns_.running()->text);
  append_event(MessageType::chat_response,
               protocol::to_json(protocol::ChatResponse{id_, request_id, std::move(reply), result.stop_reason,
                                                        std::move(result.detail)}),
               request_id);
  turns_.finish();
  metrics::registry().turns_running.add(-1);
  // The live tabs see every delta; whoever joins later gets the chat_response instead.
  // The in-memory log is compacted only once that response has been broadcast: a tab
  // joining before then replays the stored deltas and gets the rest live, with no gap.
  compact_when_broadcast_.emplace_back(request_seq, log_.head_seq());
  commits_.add_compaction(request_seq, log_.head_seq());
  flush();
  append_event(MessageType::session_update, update_payload(log_.head_seq() + 1));
  start_next_turn();
}

void Session::on_state(json::object state) {
  if (closed_) return;
  metrics::registry().permission_prompts_waiting.add(pending_prompts(state) - pending_prompts(backend_state_));
  backend_state_ = std::move(state);
  store_.submit([id = id_, text = json::serialize(backend_state_)](Repository& repository) {
    repository.save_backend_state(id, text);
  });
  append_event(MessageType::session_update, update_payload(log_.head_seq() + 1));
}

std::string Session::status() const {
  return std::string(turns_.busy() ? protocol::session_status::running : protocol::session_status::idle);
}

// A view shows history up to the durable seq, so a turn whose end is not durable yet is
// still running there: "idle" promises that the whole reply can be read.
std::string Session::visible_status() const {
  return compact_when_broadcast_.empty() ? status() : std::string(protocol::session_status::running);
}

json::object Session::update_payload(std::int64_t head_seq) const {
  return protocol::to_json(
      protocol::SessionUpdate{id_, status(), std::string(backend_.name()), backend_.reason(), head_seq, backend_state_});
}

}  // namespace tether::server
