// CLI events -> protocol actions for one turn; see turn_mapper.hpp.
#include "server/backends/claude_code/turn_mapper.hpp"

#include "server/backends/claude_code/patch_payload.hpp"
#include "tether/protocol/names.hpp"

namespace tether::server::claude_code {
namespace json = boost::json;
namespace field = protocol::field;
using protocol::MessageType;
using protocol::StopReason;

namespace {

// The CLI's own diagnostics in `errors` ("[ede_diagnostic] result_type=user …") say
// nothing to a user; the rest ("Reached maximum number of turns (1)") does.
std::string user_facing_errors(const std::vector<std::string>& errors) {
  std::string text;
  for (const auto& error : errors) {
    if (error.starts_with("[ede_diagnostic]")) continue;
    if (!text.empty()) text += "; ";
    text += error;
  }
  return text;
}

}  // namespace

void TurnMapper::set_stop_override(StopReason reason, std::string error_text) {
  stop_override_ = reason;
  override_error_ = std::move(error_text);
}

void TurnMapper::append_text(std::string_view piece, std::vector<TurnAction>& actions) {
  if (piece.empty()) return;
  std::string delta;
  if (new_text_block_ && !text_.empty()) delta = kBlockSeparator;
  new_text_block_ = false;
  delta += piece;
  text_ += delta;
  actions.push_back(EmitDelta{std::move(delta)});
}

std::vector<TurnAction> TurnMapper::on_event(const CliEvent& event) {
  std::vector<TurnAction> actions;
  if (finished_) return actions;

  if (const auto* start = std::get_if<MessageStart>(&event)) {
    current_message_id_ = start->message_id;
    new_text_block_ = true;
    streaming_tools_.clear();
  } else if (const auto* block = std::get_if<BlockStart>(&event)) {
    if (block->block_type == "text") new_text_block_ = true;
    if (block->block_type == "tool_use" && !block->tool_use_id.empty()) {
      streaming_tools_[block->index] = {block->tool_use_id, block->tool_name};
    }
  } else if (const auto* input = std::get_if<ToolInputDelta>(&event)) {
    const auto tool = streaming_tools_.find(input->index);
    if (tool != streaming_tools_.end() && !input->partial_json.empty()) {
      actions.push_back(EmitEvent{MessageType::tool_input, {{field::tool_use_id, tool->second.first},
                                                            {field::name, tool->second.second},
                                                            {field::delta, input->partial_json}}});
    }
  } else if (const auto* delta = std::get_if<TextDelta>(&event)) {
    streamed_messages_.insert(current_message_id_);
    append_text(delta->text, actions);
  } else if (const auto* thinking = std::get_if<ThinkingDelta>(&event)) {
    streamed_thinking_.insert(current_message_id_);
    actions.push_back(EmitEvent{MessageType::thinking, {{field::delta, thinking->text}, {field::is_complete, false}}});
  } else if (const auto* assistant = std::get_if<AssistantMessage>(&event)) {
    // A subagent's messages are its own conversation; only the main one is the reply.
    // Its tool calls are shown, under the Task call that started it.
    if (assistant->parent_tool_use_id) {
      for (const auto& content : assistant->blocks) {
        if (const auto* tool = std::get_if<ToolUseBlock>(&content)) {
          running_tools_.insert(tool->id);
          actions.push_back(EmitEvent{MessageType::tool_use, {{field::tool_use_id, tool->id},
                                                              {field::name, tool->name},
                                                              {field::input, tool->input},
                                                              {field::parent_tool_use_id, *assistant->parent_tool_use_id}}});
        }
      }
      return actions;
    }
    for (const auto& content : assistant->blocks) {
      if (const auto* text = std::get_if<TextBlock>(&content)) {
        // Text that was not streamed (the CLI's synthetic API-error message, a
        // non-streaming fallback) would otherwise never reach the user.
        if (!streamed_messages_.contains(assistant->message_id)) {
          new_text_block_ = true;
          append_text(text->text, actions);
        }
      } else if (const auto* thought = std::get_if<ThinkingBlock>(&content)) {
        actions.push_back(EmitEvent{MessageType::thinking,
                                    {{field::delta, ""}, {field::text, thought->text}, {field::is_complete, true}}});
      } else if (const auto* tool = std::get_if<ToolUseBlock>(&content)) {
        running_tools_.insert(tool->id);
        // Where in the reply the call happened: once the turn's deltas are compacted, a
        // client still places it between the right pieces of the chat_response's text.
        actions.push_back(EmitEvent{MessageType::tool_use, {{field::tool_use_id, tool->id},
                                                            {field::name, tool->name},
                                                            {field::input, tool->input},
                                                            {field::reply_offset, text_.size()}}});
      }
    }
  } else if (const auto* user = std::get_if<UserMessage>(&event)) {
    if (user->is_replay) return actions;
    for (const auto& result : user->tool_results) {
      running_tools_.erase(result.tool_use_id);
      json::object payload{{field::tool_use_id, result.tool_use_id},
                           {field::content, result.content},
                           {field::is_error, result.is_error}};
      add_patch(payload, result.patch);
      if (user->parent_tool_use_id) payload[field::parent_tool_use_id] = *user->parent_tool_use_id;
      actions.push_back(EmitEvent{MessageType::tool_result, std::move(payload)});
    }
    if (!user->tool_results.empty() && !user->parent_tool_use_id) new_text_block_ = true;
  } else if (const auto* end = std::get_if<TurnEnd>(&event)) {
    actions.push_back(FinishTurn{finish(*end)});
  }
  return actions;
}

TurnResult TurnMapper::finish(const TurnEnd& end) {
  finished_ = true;
  TurnResult result;
  const bool succeeded = end.subtype == "success" && !end.is_error;
  if (succeeded) result.stop_reason = StopReason::end_turn;
  else if (stop_override_) result.stop_reason = *stop_override_;
  else result.stop_reason = StopReason::error;

  // No streamed text at all (no partial messages): the CLI's result text is the reply.
  result.message = text_.empty() && end.result ? *end.result : text_;

  auto& detail = result.detail;
  detail[field::usage] = end.usage;
  detail[field::cost_usd] = end.total_cost_usd;
  detail[field::duration_ms] = end.duration_ms;
  detail[field::duration_api_ms] = end.duration_api_ms;
  detail[field::num_turns] = end.num_turns;
  detail[field::claude_session_id] = end.session_id;
  if (end.terminal_reason) detail[field::terminal_reason] = *end.terminal_reason;
  if (end.api_error_status) detail[field::api_error_status] = *end.api_error_status;
  if (!end.permission_denials.empty()) detail[field::permission_denials] = end.permission_denials;
  if (!succeeded && result.stop_reason == StopReason::error) {
    std::string error = !override_error_.empty() ? override_error_
                        : end.result && !end.result->empty() ? *end.result
                                                              : user_facing_errors(end.errors);
    if (error.empty()) error = "Claude Code ended the turn with an error (" + end.subtype + ")";
    detail[field::error] = std::move(error);
  }
  return result;
}

TurnResult TurnMapper::abandon(StopReason reason, json::object detail) const {
  TurnResult result;
  result.stop_reason = reason;
  result.message = text_;
  result.detail = std::move(detail);
  return result;
}

}  // namespace tether::server::claude_code
