// One session's process, turn, prompts and timers; see session_core.hpp. The when of
// it all (spawn, resume, interrupt, kill, stall, idle, slots) is SessionLifecycle's;
// here are the how and the words: messages, notices, stop reasons, log lines.
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

const char* process_state_name(ProcessState state) {
  switch (state) {
    case ProcessState::running: return "running";
    case ProcessState::waiting_for_slot: return "waiting";
    case ProcessState::stopped: break;
  }
  return "stopped";
}

LifecycleSettings lifecycle_settings(const BackendSettings& settings) {
  return {settings.executable.has_value(), settings.slots != nullptr, settings.options.turn_stall_timeout,
          settings.options.interrupt_grace, settings.options.idle_process_timeout};
}

}  // namespace

SessionCore::SessionCore(SessionContext context, std::shared_ptr<const BackendSettings> settings)
    : context_(std::move(context)),
      settings_(std::move(settings)),
      strand_(asio::make_strand(context_.executor)),
      stall_timer_(strand_),
      interrupt_timer_(strand_),
      idle_timer_(strand_),
      lifecycle_(lifecycle_settings(*settings_), false) {
  // After a restart (or an idle stop) the conversation continues with --resume.
  const auto& saved = context_.saved_state;
  claude_session_id_ = string_in(saved, field::claude_session_id);
  lifecycle_.set_resumable(!claude_session_id_.empty());
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

// shutdown() counts from the moment it is called, on any thread, though its teardown
// runs later on the strand: the core learns of it before any event in between (a turn
// that starts then is refused, a slot granted then goes back).
SessionLifecycle& SessionCore::lifecycle() {
  if (shut_down_) lifecycle_.close();
  return lifecycle_;
}

void SessionCore::perform(LifecycleActions actions) {
  for (auto& action : actions) {
    std::visit(Overloaded{
                   [&](const lifecycle::AcquireSlot& acquire) { acquire_slot(acquire.turn_id); },
                   [&](const lifecycle::SpawnProcess& spawn) { spawn_process(spawn.generation, spawn.resume); },
                   [&](const lifecycle::SendUserMessage&) { send_user_message(); },
                   [&](const lifecycle::SendInterrupt&) { send_control("interrupt"); },
                   [&](const lifecycle::ArmTimer& arm) { arm_timer(arm); },
                   [&](const lifecycle::CancelTimer& cancel) { timer_for(cancel.timer).cancel(); },
                   [&](const lifecycle::MarkIdle& idle) { mark_idle(idle.generation); },
                   [&](const lifecycle::ClearIdle&) { idle_token_.reset(); },
                   [&](const lifecycle::TurnCancelled&) {
                     if (turn_) turn_->mapper.set_stop_override(StopReason::cancelled);
                   },
                   [&](const lifecycle::TurnStalled& stalled) { turn_stalled(stalled.turn_id); },
                   [&](const lifecycle::TerminateProcess& terminate) { terminate_process(terminate); },
                   [&](const lifecycle::RetireProcess& retire) { retire_process(retire.why); },
                   [&](const lifecycle::ProcessEnded&) { process_ended(); },
                   [&](const lifecycle::ResumeRefused& refused) {
                     spdlog::warn("claude-code: session {}: --resume {} refused: {}", context_.session_id,
                                  claude_session_id_, refused.refusal);
                     claude_session_id_.clear();
                     notice_ = "Could not resume the earlier Claude Code conversation (" + refused.refusal +
                               "); this message starts a new conversation.";
                   },
                   [&](const lifecycle::NoticeWaitingForSlot&) {
                     notice_ = "Waiting for a free Claude Code slot: all " +
                               std::to_string(settings_->slots->capacity()) +
                               " are in use (--max-claude-processes). This message runs as soon as one is free.";
                   },
                   [&](const lifecycle::ClearNotice&) { notice_.reset(); },
                   [&](const lifecycle::ReportState&) { report_state(); },
                   [&](const lifecycle::FinishTurn& finish) { finish_turn(finish); },
               },
               action);
  }
}

void SessionCore::do_start_turn(TurnInput input, std::shared_ptr<TurnObserver> observer) {
  if (const auto refusal = lifecycle().turn_refusal()) {
    switch (*refusal) {
      case TurnRefusal::closed:
        observer->on_complete({StopReason::interrupted, std::string(), {{field::error, "the session was closed"}}});
        return;
      case TurnRefusal::busy:
        observer->on_complete({StopReason::error, std::string(), {{field::error, "a turn is already running"}}});
        return;
      case TurnRefusal::no_cli:
        observer->on_complete({StopReason::error, std::string(), unavailable_detail(settings_->lookup_explanation)});
        return;
    }
  }
  turn_ = std::make_unique<Turn>();
  turn_->observer = std::move(observer);
  turn_->input = std::move(input);
  notice_.reset();

  if (turn_->input.model && !turn_->input.model->empty() && *turn_->input.model != selected_model_) {
    selected_model_ = *turn_->input.model;
    if (process_) send_control("set_model", {{"model", selected_model_}});
  }
  perform(lifecycle().start_turn(Clock::now()));
}

void SessionCore::acquire_slot(std::uint64_t turn_id) {
  auto grant = [weak = weak_from_this(), strand = strand_, turn_id](std::shared_ptr<ProcessSlots::Slot> slot) {
    asio::post(strand, [weak, turn_id, slot = std::move(slot)]() mutable {
      if (auto self = weak.lock()) self->on_slot_granted(turn_id, std::move(slot));
    });
  };
  if (settings_->slots->acquire(std::move(grant))) return;
  spdlog::info("claude-code: session {}: waiting for a free Claude Code slot ({} in use)", context_.session_id,
               settings_->slots->capacity());
  perform(lifecycle().slot_queued());
}

void SessionCore::on_slot_granted(std::uint64_t turn_id, std::shared_ptr<ProcessSlots::Slot> slot) {
  granted_slot_ = std::move(slot);
  perform(lifecycle().slot_granted(turn_id));
  granted_slot_.reset();  // not taken by a process: it goes to the next in line
}

void SessionCore::spawn_process(std::uint64_t generation, bool resume) {
  LaunchRequest request{*settings_->executable, context_.cwd, permission_mode_, selected_model_, std::nullopt};
  if (resume) request.resume_id = claude_session_id_;
  const auto spec = make_launch_spec(request, settings_->options, settings_->inherited_env, settings_->running_as_root);

  std::weak_ptr<SessionCore> weak = weak_from_this();
  CliProcessCallbacks callbacks{
      [weak, generation](std::string line) {
        if (auto self = weak.lock()) self->on_line(generation, std::move(line));
      },
      // The slot lives as long as this callback: until the process has been reaped.
      [weak, generation, slot = std::move(granted_slot_)](int exit_code) {
        if (auto self = weak.lock()) self->perform(self->lifecycle().process_exited(generation, exit_code));
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
    if (turn_) turn_->result = turn_->mapper.abandon(StopReason::error, std::move(detail));
    perform(lifecycle().spawn_failed());
    return;
  }
  spdlog::info("claude-code: session {}: pid {} in {}{}", context_.session_id, process_->pid(), context_.cwd,
               resume ? " resuming " + claude_session_id_ : std::string());
  perform(lifecycle().process_started(Clock::now()));
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
  if (line.empty() || !lifecycle().current(generation)) return;
  perform(lifecycle().output_seen(generation, Clock::now()));
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
            lifecycle_.set_resumable(!claude_session_id_.empty());
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
  // The exit that follows a refused --resume starts over: this result is not the turn's.
  if (lifecycle().refuses_resume(end)) return;
  if (!turn_) return;
  apply(turn_->mapper.on_event(event));
}

void SessionCore::apply(std::vector<TurnAction> actions) {
  for (auto& action : actions) {
    if (!turn_) return;
    if (auto* delta = std::get_if<EmitDelta>(&action)) turn_->observer->on_delta(std::move(delta->text));
    else if (auto* event = std::get_if<EmitEvent>(&action)) emit(event->type, std::move(event->payload));
    else {
      turn_->result = std::move(std::get<FinishTurn>(action).result);
      perform(lifecycle().turn_completed(Clock::now()));
    }
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
  lifecycle().user_answered(Clock::now());  // the wait for the user is not a stall
  report_state();
}

void SessionCore::do_set_permission_mode(std::string mode) {
  permission_mode_ = std::move(mode);
  send_control("set_permission_mode", {{"mode", permission_mode_}});
  report_state();
}

void SessionCore::process_ended() {
  const std::string stderr_text = process_ ? process_->stderr_tail() : std::string();
  if (turn_) turn_->exit_stderr = stderr_text;
  process_.reset();
  outgoing_requests_.clear();
  std::vector<json::object> cancelled;
  {
    std::lock_guard lock(ledger_mutex_);
    cancelled = ledger_.cancel_all();
  }
  for (auto& event : cancelled) emit(MessageType::permission_resolved, std::move(event));
}

void SessionCore::terminate_process(const lifecycle::TerminateProcess& terminate) {
  if (!process_) return;
  if (terminate.why == TerminateReason::shutdown) {
    auto process = std::move(process_);  // detached: it keeps itself alive until reaped
    process->terminate();
    return;
  }
  spdlog::warn("claude-code: session {}: no end of turn {} after the interrupt; stopping pid {}", context_.session_id,
               terminate.turn_id, process_->pid());
  process_->terminate();
}

void SessionCore::retire_process(RetireReason why) {
  if (!process_) return;
  if (why != RetireReason::shutdown) {
    spdlog::info("claude-code: session {}: {}; stopping pid {} (the next message resumes)", context_.session_id,
                 why == RetireReason::idle ? "idle" : "another session needs its slot", process_->pid());
  }
  auto process = std::move(process_);
  outgoing_requests_.clear();
  process->retire();
}

boost::asio::steady_timer& SessionCore::timer_for(LifecycleTimer which) {
  switch (which) {
    case LifecycleTimer::stall: return stall_timer_;
    case LifecycleTimer::interrupt: return interrupt_timer_;
    case LifecycleTimer::idle: break;
  }
  return idle_timer_;
}

void SessionCore::arm_timer(const lifecycle::ArmTimer& arm) {
  auto& armed = timer_for(arm.timer);
  armed.expires_at(arm.at);
  armed.async_wait([self = shared_from_this(), which = arm.timer, token = arm.token](boost::system::error_code error) {
    if (!error) self->on_timer(which, token);
  });
}

void SessionCore::on_timer(LifecycleTimer which, std::uint64_t token) {
  // Silence while a tool runs or while the user decides is expected, not a stall.
  const bool silence_expected =
      which == LifecycleTimer::stall && ((turn_ && turn_->mapper.tool_running()) || permission_prompt_open());
  perform(lifecycle().timer_fired(which, token, Clock::now(), silence_expected));
}

// Another session waiting for a slot may ask this idle process to make room.
void SessionCore::mark_idle(std::uint64_t generation) {
  if (!settings_->slots) return;
  idle_token_ = settings_->slots->idle([weak = weak_from_this(), strand = strand_, generation] {
    asio::post(strand, [weak, generation] {
      if (auto self = weak.lock()) self->perform(self->lifecycle().slot_needed(generation));
    });
  });
}

bool SessionCore::permission_prompt_open() {
  std::lock_guard lock(ledger_mutex_);
  return ledger_.has_open();
}

void SessionCore::turn_stalled(std::uint64_t turn_id) {
  std::string text = "Claude Code produced no output for " + whole_seconds(settings_->options.turn_stall_timeout) +
                     " (the Anthropic API stream stalled), so the turn was stopped. Send the message again to retry.";
  spdlog::warn("claude-code: session {}: turn {} stalled; interrupting", context_.session_id, turn_id);
  if (turn_) turn_->mapper.set_stop_override(StopReason::error, text);
  notice_ = std::move(text);
}

void SessionCore::finish_turn(const lifecycle::FinishTurn& finish) {
  if (!turn_) return;
  auto turn = std::move(turn_);
  TurnResult result = result_of(*turn, finish);
  if (finish.ending == TurnEnding::server_stopped) {
    turn->observer->on_complete(std::move(result));
    return;
  }
  // A retry notice is over with its turn; other notices stay until the next message.
  if (notice_ && notice_ == retry_notice_) notice_.reset();
  retry_.reset();
  report_state();
  turn->observer->on_complete(std::move(result));
}

TurnResult SessionCore::result_of(Turn& turn, const lifecycle::FinishTurn& finish) const {
  switch (finish.ending) {
    case TurnEnding::completed:
    case TurnEnding::spawn_failed:
      if (turn.result) return std::move(*turn.result);
      break;
    case TurnEnding::cancelled:
      return turn.mapper.abandon(StopReason::cancelled, {});
    case TurnEnding::server_stopped:
      return turn.mapper.abandon(StopReason::interrupted, {{field::error, "the server stopped"}});
    case TurnEnding::stalled:
    case TurnEnding::exited: {
      json::object detail{{field::exit_code, finish.exit_code}};
      const std::string& stderr_text = turn.exit_stderr;
      std::string error;
      if (finish.ending == TurnEnding::stalled) {
        error = notice_.value_or("the turn stalled");
      } else {
        error = "Claude Code exited with code " + std::to_string(finish.exit_code) + " during the turn";
        if (!stderr_text.empty()) error += ": " + stderr_text;
        error += ". The next message resumes the conversation.";
      }
      detail[field::error] = std::move(error);
      if (!stderr_text.empty()) detail[field::stderr_tail] = stderr_text;
      return turn.mapper.abandon(StopReason::error, std::move(detail));
    }
  }
  return turn.mapper.abandon(StopReason::error, {});
}

void SessionCore::do_cancel() {
  perform(lifecycle().cancel(Clock::now()));
}

void SessionCore::do_shutdown() {
  {
    std::lock_guard lock(ledger_mutex_);
    ledger_.cancel_all();
  }
  perform(lifecycle().shutdown());
}

void SessionCore::report_state() {
  if (!context_.state_sink) return;
  json::object state{{field::claude_session_id, claude_session_id_},
                     {field::selected_model, selected_model_},
                     {field::model, model_},
                     {field::permission_mode, permission_mode_},
                     {field::tools, tools_},
                     {field::claude_code_version, claude_code_version_},
                     {field::process, process_state_name(lifecycle_.process_state())}};
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
