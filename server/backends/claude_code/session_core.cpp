// One session's process, turn, prompts and timers; see session_core.hpp.
// Hazards handled here: a process that dies mid-turn (the turn fails with the exit code
// and stderr, the next message resumes), an interrupt the CLI ignores (killed after the
// grace period), a silent API stream (the stall watchdog), --resume refused (start over
// and say so), and answers racing between tabs (the ledger decides, under its mutex).
#include "server/backends/claude_code/session_core.hpp"

#include "server/backends/claude_code/cli_command.hpp"
#include "server/backends/claude_code/retry_notice.hpp"
#include "server/backends/claude_code/stdin_line.hpp"

#include <boost/asio/post.hpp>
#include <spdlog/spdlog.h>

#include <algorithm>

namespace tether::server::claude_code {
namespace asio = boost::asio;
namespace json = boost::json;
namespace field = protocol::field;
using protocol::MessageType;
using protocol::StopReason;

namespace {

template <class... F>
struct Overloaded : F... {
  using F::operator()...;
};
template <class... F>
Overloaded(F...) -> Overloaded<F...>;

std::string string_in(const json::object& object, std::string_view key) {
  const auto* value = object.if_contains(key);
  return value && value->is_string() ? std::string(value->get_string()) : std::string();
}

std::string whole_seconds(std::chrono::milliseconds duration) {
  return std::to_string((duration.count() + 500) / 1000) + " s";
}

json::object unavailable_detail(std::string message) {
  return {{field::error, std::move(message)},
          {field::code, protocol::to_string(protocol::ErrorCode::backend_unavailable)},
          {field::hint, kInstallHint}};
}

}  // namespace

SessionCore::SessionCore(SessionContext context, std::shared_ptr<const BackendSettings> settings)
    : context_(std::move(context)),
      settings_(std::move(settings)),
      strand_(asio::make_strand(context_.executor)),
      stall_timer_(strand_),
      interrupt_timer_(strand_),
      idle_timer_(strand_) {
  // After a restart (or an idle stop) the conversation continues with --resume.
  const auto& saved = context_.saved_state;
  claude_session_id_ = string_in(saved, field::claude_session_id);
  selected_model_ = string_in(saved, field::selected_model);
  if (selected_model_.empty()) selected_model_ = settings_->options.model;
  permission_mode_ = string_in(saved, field::permission_mode);
  if (!is_allowed_permission_mode(settings_->options, permission_mode_))
    permission_mode_ = settings_->options.permission_mode;
  model_ = string_in(saved, field::model);
}

// ---- calls from the hub (any thread) ----

void SessionCore::start_turn(TurnInput input, std::shared_ptr<TurnObserver> observer) {
  asio::post(strand_, [self = shared_from_this(), input = std::move(input), observer = std::move(observer)]() mutable {
    self->do_start_turn(std::move(input), std::move(observer));
  });
}

void SessionCore::cancel() {
  asio::post(strand_, [self = shared_from_this()] { self->do_cancel(); });
}

void SessionCore::shutdown() {
  if (shut_down_.exchange(true)) return;
  asio::post(strand_, [self = shared_from_this()] { self->do_shutdown(); });
}

protocol::Result<void> SessionCore::handle_control(const protocol::SessionControl& control) {
  using protocol::ErrorCode;
  if (control.type == MessageType::permission_response) {
    std::optional<PermissionResolution> resolution;
    {
      std::lock_guard lock(ledger_mutex_);
      auto answer = ledger_.answer(control.payload);
      if (answer.has_error()) return answer.error();
      resolution = std::move(*answer);
    }
    // Resolved by an earlier answer: this one changes nothing (the first answer wins).
    if (!resolution) return {};
    asio::post(strand_, [self = shared_from_this(), resolution = std::move(*resolution)]() mutable {
      self->deliver_resolution(std::move(resolution));
    });
    return {};
  }
  if (control.type == MessageType::set_permission_mode) {
    const auto* mode = control.payload.if_contains(field::mode);
    if (!mode || !mode->is_string())
      return protocol::make_error(ErrorCode::invalid_message, "set_permission_mode: mode must be a string");
    std::string value(mode->get_string());
    if (!is_allowed_permission_mode(settings_->options, value)) {
      std::string message = "set_permission_mode: mode must be default, acceptEdits or plan";
      message += settings_->options.allow_bypass_permissions
                     ? " or bypassPermissions"
                     : " (bypassPermissions needs a server started with --allow-bypass-permissions)";
      return protocol::make_error(ErrorCode::invalid_message, std::move(message));
    }
    asio::post(strand_, [self = shared_from_this(), value = std::move(value)]() mutable {
      self->do_set_permission_mode(std::move(value));
    });
    return {};
  }
  return protocol::make_error(ErrorCode::invalid_message,
                              std::string(protocol::to_string(control.type)) + " is not a claude-code session control");
}

// ---- on the strand ----

void SessionCore::do_start_turn(TurnInput input, std::shared_ptr<TurnObserver> observer) {
  if (shut_down_) {
    observer->on_complete({StopReason::interrupted, std::string(), {{field::error, "the session was closed"}}});
    return;
  }
  if (turn_) {
    observer->on_complete({StopReason::error, std::string(), {{field::error, "a turn is already running"}}});
    return;
  }
  if (!settings_->executable) {
    observer->on_complete({StopReason::error, std::string(), unavailable_detail(settings_->lookup_explanation)});
    return;
  }
  idle_timer_.cancel();
  idle_token_.reset();  // its process has a turn now: not one to stop for room
  turn_ = std::make_unique<Turn>();
  turn_->id = next_turn_id_++;
  turn_->observer = std::move(observer);
  turn_->input = std::move(input);
  notice_.reset();

  if (turn_->input.model && !turn_->input.model->empty() && *turn_->input.model != selected_model_) {
    selected_model_ = *turn_->input.model;
    if (process_) send_control("set_model", {{"model", selected_model_}});
  }
  if (!process_) {
    start_process_when_free();
    return;
  }
  report_state();
  send_user_message();
  arm_stall_watchdog();
}

void SessionCore::start_process_when_free() {
  if (!settings_->slots) {
    if (spawn_process(nullptr)) {
      report_state();
      send_user_message();
      arm_stall_watchdog();
    }
    return;
  }
  const auto turn_id = turn_->id;
  const bool granted_now = settings_->slots->acquire([weak = weak_from_this(), strand = strand_, turn_id](auto slot) {
    asio::post(strand, [weak, turn_id, slot = std::move(slot)]() mutable {
      auto self = weak.lock();
      // Cancelled or closed meanwhile: the slot goes back (to the next in line) here.
      if (!self || !self->turn_ || self->turn_->id != turn_id || self->process_ || self->shut_down_) return;
      if (self->waiting_for_slot_) {  // the wait is over, and so is its notice (not another one)
        self->waiting_for_slot_ = false;
        self->notice_.reset();
      }
      if (!self->spawn_process(std::move(slot))) return;
      self->report_state();
      self->send_user_message();
      self->arm_stall_watchdog();
    });
  });
  if (!granted_now) {
    waiting_for_slot_ = true;
    spdlog::info("claude-code: session {}: waiting for a free Claude Code slot ({} in use)", context_.session_id,
                 settings_->slots->capacity());
    notice_ = "Waiting for a free Claude Code slot: all " + std::to_string(settings_->slots->capacity()) +
              " are in use (--max-claude-processes). This message runs as soon as one is free.";
    report_state();
  }
}

bool SessionCore::spawn_process(std::shared_ptr<ProcessSlots::Slot> slot) {
  LaunchRequest request{*settings_->executable, context_.cwd, permission_mode_, selected_model_, std::nullopt};
  if (!claude_session_id_.empty()) request.resume_id = claude_session_id_;
  const auto spec = make_launch_spec(request, settings_->options, settings_->inherited_env, settings_->running_as_root);

  const auto generation = ++generation_;
  std::weak_ptr<SessionCore> weak = weak_from_this();
  CliProcessCallbacks callbacks{
      [weak, generation](std::string line) {
        if (auto self = weak.lock()) self->on_line(generation, std::move(line));
      },
      // The slot lives as long as this callback: until the process has been reaped.
      [weak, generation, slot = std::move(slot)](int exit_code) {
        if (auto self = weak.lock()) self->on_exit(generation, exit_code);
      }};
  std::error_code error;
  process_ = CliProcess::spawn(strand_, spec, settings_->options, context_.session_id, std::move(callbacks), error);
  if (!process_) {
    json::object detail;
    if (error == std::errc::not_a_directory) {
      detail = {{field::error, "the session's working directory " + context_.cwd + " does not exist"},
                {field::code, protocol::to_string(protocol::ErrorCode::backend_error)}};
    } else if (error == std::errc::no_such_file_or_directory || error == std::errc::permission_denied) {
      detail = unavailable_detail("the Claude Code CLI at " + spec.executable + " cannot be started: " + error.message());
    } else {
      detail = {{field::error, "the Claude Code CLI could not be started: " + error.message()},
                {field::code, protocol::to_string(protocol::ErrorCode::backend_error)}};
    }
    spdlog::error("claude-code: session {}: {}", context_.session_id, string_in(detail, field::error));
    finish_turn(turn_->mapper.abandon(StopReason::error, std::move(detail)));
    return false;
  }
  process_resumed_ = request.resume_id.has_value();
  resume_refused_ = false;
  spdlog::info("claude-code: session {}: pid {} in {}{}", context_.session_id, process_->pid(), context_.cwd,
               process_resumed_ ? " resuming " + claude_session_id_ : std::string());
  return true;
}

void SessionCore::send_user_message() {
  if (process_ && turn_) process_->write(user_message_line(turn_->input.message, turn_->input.images, turn_->input.prompt_uuid));
}

void SessionCore::send_control(std::string_view subtype, json::object fields) {
  if (!process_) return;
  std::string id = "tether-" + std::to_string(next_request_id_++);
  outgoing_requests_[id] = std::string(subtype);
  process_->write(control_request_line(id, subtype, std::move(fields)));
}

void SessionCore::on_line(std::uint64_t generation, std::string line) {
  if (generation != generation_ || line.empty()) return;
  last_output_ = Clock::now();
  if (turn_ && !turn_->saw_output) {
    turn_->saw_output = true;
    // The start-up allowance is over: re-arm the watchdog with the normal window.
    if (!turn_->stalled && !turn_->cancel_requested) schedule_stall_check(turn_->id);
  }
  spdlog::trace("claude-code: session {}: < {}", context_.session_id, line.substr(0, 200));
  const CliEvent event = parse_cli_line(line);
  std::visit(
      Overloaded{
          [&](const Unrecognized& unrecognized) {
            spdlog::warn("claude-code: session {}: skipped a stdout line ({}): {}", context_.session_id,
                         unrecognized.reason, line.substr(0, 300));
          },
          [&](const Ignored&) {},
          [&](const SystemInit& init) {
            claude_session_id_ = init.session_id;
            model_ = init.model;
            if (!init.permission_mode.empty()) permission_mode_ = init.permission_mode;
            tools_.clear();
            for (const auto& tool : init.tools) tools_.emplace_back(tool);
            claude_code_version_ = init.version;
            report_state();
          },
          [&](const SystemStatus& status) {
            // The mode also changes from inside (ExitPlanMode leaves plan mode).
            if (status.permission_mode) {
              permission_mode_ = *status.permission_mode;
              report_state();
            }
          },
          [&](const ApiRetry& retry) {
            notice_ = retry_notice(retry);
            retry_notice_ = notice_;
            json::object detail{{"attempt", retry.attempt},
                                {"maxRetries", retry.max_retries},
                                {"delayMs", retry.retry_delay_ms},
                                {"error", retry.error}};
            if (retry.error_status) detail["status"] = *retry.error_status;
            retry_ = std::move(detail);
            report_state();
          },
          [&](const PermissionPrompt& prompt) {
            if (!turn_) {
              // Prompts only come during a turn; without one nobody could answer it.
              process_->write(control_error_line(prompt.request_id, "Tether has no turn running to ask the user"));
              return;
            }
            json::object payload;
            {
              std::lock_guard lock(ledger_mutex_);
              payload = ledger_.open(prompt);
            }
            emit(MessageType::permission_request, std::move(payload));
            report_state();
            deny_when_unanswered(prompt.request_id);
          },
          [&](const OtherControlRequest& request) { answer_other_request(request); },
          [&](const ControlCancel& cancel) {
            std::optional<json::object> resolved;
            {
              std::lock_guard lock(ledger_mutex_);
              resolved = ledger_.cancel(cancel.request_id);
            }
            if (resolved) {
              emit(MessageType::permission_resolved, std::move(*resolved));
              report_state();
            }
          },
          [&](const ControlResponse& response) {
            auto found = outgoing_requests_.find(response.request_id);
            if (found == outgoing_requests_.end()) return;
            if (!response.success) {
              spdlog::warn("claude-code: session {}: {} refused: {}", context_.session_id, found->second, response.error);
              notice_ = "Claude Code refused " + found->second + ": " + response.error;
              report_state();
            }
            outgoing_requests_.erase(found);
          },
          [&](const TurnEnd& end) { on_turn_end(end, event); },
          [&](const auto&) {
            if (turn_) apply(turn_->mapper.on_event(event));
          },
      },
      event);
}

void SessionCore::on_turn_end(const TurnEnd& end, const CliEvent& event) {
  // --resume of a conversation the CLI does not have (another machine, deleted
  // transcripts, another cwd): it prints this result and exits 1. on_exit starts over.
  if (process_resumed_ && end.is_error && end.num_turns == 0) {
    for (const auto& error : end.errors) {
      if (error.find("No conversation found") != std::string::npos) {
        resume_refused_ = true;
        resume_refusal_ = error;
        return;
      }
    }
  }
  if (!turn_) return;
  apply(turn_->mapper.on_event(event));
}

void SessionCore::apply(std::vector<TurnAction> actions) {
  for (auto& action : actions) {
    if (!turn_) return;
    if (auto* delta = std::get_if<EmitDelta>(&action)) turn_->observer->on_delta(std::move(delta->text));
    else if (auto* event = std::get_if<EmitEvent>(&action)) emit(event->type, std::move(event->payload));
    else finish_turn(std::move(std::get<FinishTurn>(action).result));
  }
}

void SessionCore::answer_other_request(const OtherControlRequest& request) {
  // Every CLI request needs an answer or the CLI waits forever. Tether registers no
  // hooks and no SDK MCP servers, so these are declined in the way the CLI expects.
  if (request.subtype == "request_user_dialog") {
    process_->write(control_success_line(request.request_id, {{"behavior", "cancelled"}}));
  } else if (request.subtype == "elicitation") {
    process_->write(control_success_line(request.request_id, {{"action", "decline"}}));
  } else {
    spdlog::warn("claude-code: session {}: declined CLI request {}", context_.session_id, request.subtype);
    process_->write(control_error_line(request.request_id, "Tether does not support " + request.subtype));
  }
}

void SessionCore::emit(MessageType type, json::object payload) {
  if (turn_) turn_->observer->on_event(type, std::move(payload));
}

// --permission-timeout: a prompt nobody answers in time is denied, with a message that
// tells the model (and every tab) why, instead of blocking the session and its queue.
void SessionCore::deny_when_unanswered(const std::string& permission_id) {
  const auto timeout = settings_->options.permission_timeout;
  if (timeout.count() <= 0) return;
  auto timer = std::make_shared<asio::steady_timer>(strand_, timeout);
  timer->async_wait([weak = weak_from_this(), timer, permission_id, timeout](boost::system::error_code error) {
    auto self = weak.lock();
    if (error || !self || self->shut_down_) return;
    const auto seconds = std::chrono::duration_cast<std::chrono::seconds>(timeout).count();
    const json::object answer{{field::permission_id, permission_id},
                              {field::behavior, protocol::permission_behavior::deny},
                              {field::message, "Nobody answered within " + std::to_string(seconds) +
                                                   " s, so Tether denied this tool use (--permission-timeout)."}};
    std::optional<PermissionResolution> resolution;
    {
      std::lock_guard lock(self->ledger_mutex_);
      auto answered = self->ledger_.answer(answer);
      if (answered.has_error() || !*answered) return;  // answered, withdrawn or gone meanwhile
      resolution = std::move(**answered);
    }
    spdlog::info("claude-code: session {}: permission prompt {} unanswered for {} s; denied",
                 self->context_.session_id, permission_id, seconds);
    resolution->resolved_event[field::close_reason] = protocol::permission_close_reason::timeout;
    self->deliver_resolution(std::move(*resolution));
  });
}

void SessionCore::deliver_resolution(PermissionResolution resolution) {
  if (process_) process_->write(std::move(resolution.stdin_line));
  emit(MessageType::permission_resolved, std::move(resolution.resolved_event));
  last_output_ = Clock::now();  // the wait for the user is not a stall
  report_state();
}

void SessionCore::do_set_permission_mode(std::string mode) {
  permission_mode_ = std::move(mode);
  send_control("set_permission_mode", {{"mode", permission_mode_}});
  report_state();
}

void SessionCore::on_exit(std::uint64_t generation, int exit_code) {
  if (generation != generation_) return;
  const std::string stderr_text = process_ ? process_->stderr_tail() : std::string();
  process_.reset();
  outgoing_requests_.clear();
  std::vector<json::object> cancelled;
  {
    std::lock_guard lock(ledger_mutex_);
    cancelled = ledger_.cancel_all();
  }
  for (auto& event : cancelled) emit(MessageType::permission_resolved, std::move(event));

  if (resume_refused_) {
    resume_refused_ = false;
    spdlog::warn("claude-code: session {}: --resume {} refused: {}", context_.session_id, claude_session_id_,
                 resume_refusal_);
    claude_session_id_.clear();
    notice_ = "Could not resume the earlier Claude Code conversation (" + resume_refusal_ +
              "); this message starts a new conversation.";
    report_state();
    if (turn_) start_process_when_free();
    return;
  }
  report_state();
  if (!turn_) return;
  if (turn_->cancel_requested) {
    finish_turn(turn_->mapper.abandon(StopReason::cancelled, {}));
    return;
  }
  json::object detail{{field::exit_code, exit_code}};
  std::string error;
  if (turn_->stalled) {
    error = notice_.value_or("the turn stalled");
  } else {
    error = "Claude Code exited with code " + std::to_string(exit_code) + " during the turn";
    if (!stderr_text.empty()) error += ": " + stderr_text;
    error += ". The next message resumes the conversation.";
  }
  detail[field::error] = std::move(error);
  if (!stderr_text.empty()) detail[field::stderr_tail] = stderr_text;
  finish_turn(turn_->mapper.abandon(StopReason::error, std::move(detail)));
}

void SessionCore::finish_turn(TurnResult result) {
  if (!turn_) return;
  auto turn = std::move(turn_);
  stall_timer_.cancel();
  interrupt_timer_.cancel();
  // A retry notice is over with its turn; other notices stay until the next message.
  if (notice_ && notice_ == retry_notice_) notice_.reset();
  retry_.reset();
  report_state();
  turn->observer->on_complete(std::move(result));
  arm_idle_timer();
}

void SessionCore::do_cancel() {
  if (!turn_ || turn_->cancel_requested) return;
  turn_->cancel_requested = true;
  turn_->mapper.set_stop_override(StopReason::cancelled);
  if (!process_) {  // still waiting for a slot: the grant, when it comes, is given back
    waiting_for_slot_ = false;
    notice_.reset();
    finish_turn(turn_->mapper.abandon(StopReason::cancelled, {}));
    return;
  }
  interrupt_with_deadline();
}

// interrupt keeps the process and the partial reply; a CLI that does not end the turn
// within the grace period is killed (the next message resumes with --resume).
void SessionCore::interrupt_with_deadline() {
  send_control("interrupt");
  const auto turn_id = turn_->id;
  interrupt_timer_.expires_after(settings_->options.interrupt_grace);
  interrupt_timer_.async_wait([self = shared_from_this(), turn_id](boost::system::error_code error) {
    if (error || !self->turn_ || self->turn_->id != turn_id || !self->process_) return;
    spdlog::warn("claude-code: session {}: no end of turn {} after the interrupt; stopping pid {}",
                 self->context_.session_id, turn_id, self->process_->pid());
    self->process_->terminate();
  });
}

void SessionCore::arm_stall_watchdog() {
  if (!turn_) return;
  last_output_ = Clock::now();
  schedule_stall_check(turn_->id);
}

// Until the turn's first output the window is at least kStartupAllowance: starting the
// CLI (MCP servers, plugins, a busy machine) is not a stalled API stream.
std::chrono::milliseconds SessionCore::stall_window() const {
  const auto timeout = settings_->options.turn_stall_timeout;
  if (turn_ && !turn_->saw_output) return std::max<std::chrono::milliseconds>(timeout, kStartupAllowance);
  return timeout;
}

void SessionCore::schedule_stall_check(std::uint64_t turn_id) {
  stall_timer_.expires_at(last_output_ + stall_window());
  stall_timer_.async_wait([self = shared_from_this(), turn_id](boost::system::error_code error) {
    if (!error) self->check_stall(turn_id);
  });
}

bool SessionCore::permission_prompt_open() {
  std::lock_guard lock(ledger_mutex_);
  return ledger_.has_open();
}

void SessionCore::check_stall(std::uint64_t turn_id) {
  if (!turn_ || turn_->id != turn_id || turn_->stalled || turn_->cancel_requested || !process_) return;
  const auto now = Clock::now();
  if (now < last_output_ + stall_window()) {
    schedule_stall_check(turn_id);
    return;
  }
  // Silence while a tool runs or while the user decides is expected, not a stall.
  if (turn_->mapper.tool_running() || permission_prompt_open()) {
    last_output_ = now;
    schedule_stall_check(turn_id);
    return;
  }
  turn_->stalled = true;
  std::string text = "Claude Code produced no output for " + whole_seconds(settings_->options.turn_stall_timeout) +
                     " (the Anthropic API stream stalled), so the turn was stopped. Send the message again to retry.";
  spdlog::warn("claude-code: session {}: turn {} stalled; interrupting", context_.session_id, turn_id);
  turn_->mapper.set_stop_override(StopReason::error, text);
  notice_ = std::move(text);
  report_state();
  interrupt_with_deadline();
}

void SessionCore::arm_idle_timer() {
  if (!process_ || shut_down_) return;
  const auto generation = generation_;
  idle_timer_.expires_after(settings_->options.idle_process_timeout);
  idle_timer_.async_wait([self = shared_from_this(), generation](boost::system::error_code error) {
    if (!error) self->retire_idle_process(generation, "idle");
  });
  // Another session waiting for a slot may ask this idle process to make room first.
  if (settings_->slots) {
    idle_token_ = settings_->slots->idle([weak = weak_from_this(), strand = strand_, generation] {
      asio::post(strand, [weak, generation] {
        if (auto self = weak.lock()) self->retire_idle_process(generation, "another session needs its slot");
      });
    });
  }
}

void SessionCore::retire_idle_process(std::uint64_t generation, std::string_view why) {
  if (turn_ || generation != generation_ || !process_) return;
  spdlog::info("claude-code: session {}: {}; stopping pid {} (the next message resumes)", context_.session_id, why,
               process_->pid());
  idle_timer_.cancel();
  idle_token_.reset();
  // Detached at once: a message arriving while it exits gets a fresh process.
  ++generation_;
  auto process = std::move(process_);
  outgoing_requests_.clear();
  process->retire();
  report_state();
}

void SessionCore::do_shutdown() {
  idle_token_.reset();
  waiting_for_slot_ = false;
  stall_timer_.cancel();
  interrupt_timer_.cancel();
  idle_timer_.cancel();
  {
    std::lock_guard lock(ledger_mutex_);
    ledger_.cancel_all();
  }
  const bool was_running = turn_ != nullptr;
  if (turn_) {
    auto turn = std::move(turn_);
    turn->observer->on_complete(turn->mapper.abandon(StopReason::interrupted, {{field::error, "the server stopped"}}));
  }
  if (process_) {
    ++generation_;
    auto process = std::move(process_);
    // Between turns, end the CLI with stdin EOF: it exits by itself after saving its
    // transcript, so that --resume works after a restart. Mid-turn, stop it now.
    if (was_running) {
      process->terminate();  // keeps itself alive until reaped
    } else {
      process->retire();
    }
  }
}

void SessionCore::report_state() {
  if (!context_.state_sink) return;
  json::object state{{field::claude_session_id, claude_session_id_},
                     {field::selected_model, selected_model_},
                     {field::model, model_},
                     {field::permission_mode, permission_mode_},
                     {field::tools, tools_},
                     {field::claude_code_version, claude_code_version_},
                     {field::process, process_ ? "running" : waiting_for_slot_ ? "waiting" : "stopped"}};
  json::array pending;
  {
    std::lock_guard lock(ledger_mutex_);
    for (const auto& id : ledger_.open_ids()) pending.emplace_back(id);
  }
  state[field::pending_permissions] = std::move(pending);
  if (notice_) state[field::notice] = *notice_;
  if (retry_) state[field::retry] = *retry_;
  if (state == last_reported_) return;
  last_reported_ = state;
  context_.state_sink->on_state(std::move(state));
}

}  // namespace tether::server::claude_code
