// What a session's running turn is doing now, folded from its events: the raw facts the
// activity line (activity-text.ts) puts in words. Which turn runs: the server runs the
// chat_requests in order, each until its chat_response, so the oldest unanswered one
// is the running turn and the others wait behind it. Each phase keeps when it began,
// from the events' timestamps (the server's clock), so a page reloaded mid-turn still
// says for how long. Framework-free and pure.
import { Field, MessageType, PermissionField, SessionStatus, type Envelope, type JsonObject, type JsonValue } from '../types/websocket';
import { num, obj, str } from './claude/envelope';
import { toolGist } from './tool-gist';

/** What the model does between events: nothing seen yet, thinking, writing a tool call, writing the reply, or neither (waiting on the API). */
export type Phase = 'starting' | 'thinking' | 'tool-input' | 'writing' | 'waiting';

export interface OpenTool {
  toolUseId: string;
  name: string;
  gist: string;
  since: number;
}

export interface OpenPrompt {
  permissionId: string;
  toolName: string;
  since: number;
}

export interface ApiRetry {
  attempt: number;
  maxRetries?: number;
  /** When the next attempt goes (the update's time plus its delay). */
  at: number;
}

export interface TurnActivity {
  running: boolean;
  /** chat_requests not answered yet, oldest first: the first one's turn is the one running. */
  unanswered: string[];
  /** The latest chat_request ids seen (a bounded window): a message sent from here has arrived. */
  seen: string[];
  phase: Phase;
  /** When the phase began (ms since the epoch). */
  since: number;
  /** The tool whose input the model is writing (phase tool-input). */
  writingTool?: string;
  /** Tool calls without their result yet, in the order they began (a subagent's included). */
  tools: OpenTool[];
  prompts: OpenPrompt[];
  retry?: ApiRetry;
  /** session_update.detail.process: running, stopped, waiting (for a free Claude Code slot). */
  process?: string;
}

export const idleActivity: TurnActivity = { running: false, unanswered: [], seen: [], phase: 'starting', since: 0, tools: [], prompts: [] };

const SEEN_WINDOW = 64;

/** The event's time (the server's), or `receivedAt` when it has none. */
function timeOf(envelope: Envelope, receivedAt: number): number {
  const at = Date.parse(envelope.timestamp);
  return Number.isNaN(at) ? receivedAt : at;
}

function objectOf(value: JsonValue | undefined): JsonObject | undefined {
  return value && typeof value === 'object' && !Array.isArray(value) ? value : undefined;
}

function retryOf(detail: JsonObject, at: number): ApiRetry | undefined {
  const retry = objectOf(detail.retry);
  const attempt = retry ? num(retry, 'attempt') : undefined;
  if (!retry || attempt === undefined) return undefined;
  const result: ApiRetry = { attempt, at: at + (num(retry, 'delayMs') ?? 0) };
  const max = num(retry, 'maxRetries');
  if (max !== undefined) result.maxRetries = max;
  return result;
}

function enter(state: TurnActivity, phase: Phase, at: number): TurnActivity {
  return state.phase === phase ? state : { ...state, phase, since: at };
}

/** The state after a turn ended: the next unanswered message (if any) starts now. */
function afterTurn(state: TurnActivity, unanswered: string[], at: number): TurnActivity {
  const next: TurnActivity = { ...state, unanswered, phase: 'starting', since: at, tools: [], prompts: [] };
  delete next.retry;
  delete next.writingTool;
  return next;
}

/** Folds one event (or the join's answer) into the activity. */
export function foldActivity(state: TurnActivity, envelope: Envelope, receivedAt: number): TurnActivity {
  const p = envelope.payload;
  const at = timeOf(envelope, receivedAt);
  switch (envelope.type) {
    case MessageType.chatRequest: {
      const id = str(p, Field.requestId) ?? envelope.id;
      if (state.seen.includes(id)) return state;
      const seen = [...state.seen, id].slice(-SEEN_WINDOW);
      const unanswered = [...state.unanswered, id];
      // The first unanswered message starts now; a later one waits behind it.
      return state.unanswered.length === 0 ? { ...afterTurn(state, unanswered, at), seen } : { ...state, unanswered, seen };
    }
    case MessageType.chatResponse: {
      const id = str(p, Field.requestId) ?? '';
      const index = state.unanswered.indexOf(id);
      if (index < 0) return state;
      return afterTurn(state, state.unanswered.slice(index + 1), at);
    }
    case MessageType.sessionUpdate: {
      const status = str(p, Field.status);
      const detail = obj(p, Field.detail);
      let next = state;
      if (detail) {
        next = { ...next };
        const retry = retryOf(detail, at);
        if (retry) next.retry = retry;
        else delete next.retry;
        const process = str(detail, 'process');
        if (process !== undefined) next.process = process;
        // The open prompts the server knows of: one closed while this page was away goes.
        const pending = detail[PermissionField.pendingPermissions];
        if (Array.isArray(pending)) next.prompts = next.prompts.filter((prompt) => pending.includes(prompt.permissionId));
      }
      if (status === SessionStatus.running && !next.running) next = { ...next, running: true };
      // Idle: nothing runs, whatever was missed (a lost chat_response) is over.
      if (status === SessionStatus.idle) next = { ...afterTurn(next, [], at), running: false };
      return next;
    }
    case MessageType.thinking:
      return p[Field.isComplete] === true ? enter(state, 'waiting', at) : enter(state, 'thinking', at);
    case MessageType.chatStream: {
      if (p[Field.isComplete] === true) return enter(state, 'waiting', at);
      return (str(p, Field.delta) ?? '') === '' ? state : enter(state, 'writing', at);
    }
    case MessageType.toolInput: {
      const name = str(p, 'name') ?? 'tool';
      if (state.phase === 'tool-input' && state.writingTool === name) return state;
      return { ...state, phase: 'tool-input', since: at, writingTool: name };
    }
    case MessageType.toolUse: {
      const toolUseId = str(p, 'toolUseId') ?? envelope.id;
      if (state.tools.some((tool) => tool.toolUseId === toolUseId)) return state;
      const name = str(p, 'name') ?? 'tool';
      const tool: OpenTool = { toolUseId, name, gist: toolGist(name, obj(p, 'input') ?? {}), since: at };
      return { ...enter(state, 'waiting', at), tools: [...state.tools, tool] };
    }
    case MessageType.toolResult: {
      const toolUseId = str(p, 'toolUseId') ?? '';
      if (!state.tools.some((tool) => tool.toolUseId === toolUseId)) return state;
      // The model takes it from here: waiting on the API again, from now.
      return { ...state, phase: 'waiting', since: at, tools: state.tools.filter((tool) => tool.toolUseId !== toolUseId) };
    }
    case MessageType.permissionRequest: {
      const permissionId = str(p, PermissionField.permissionId) ?? envelope.id;
      if (state.prompts.some((prompt) => prompt.permissionId === permissionId)) return state;
      return { ...state, prompts: [...state.prompts, { permissionId, toolName: str(p, PermissionField.toolName) ?? 'tool', since: at }] };
    }
    case MessageType.permissionResolved: {
      const permissionId = str(p, PermissionField.permissionId) ?? '';
      if (!state.prompts.some((prompt) => prompt.permissionId === permissionId)) return state;
      return { ...state, prompts: state.prompts.filter((prompt) => prompt.permissionId !== permissionId) };
    }
    default:
      return state;
  }
}

/** Folds a batch of a session's events, in order; the same object when nothing changed. */
export function foldActivities(state: TurnActivity, envelopes: readonly Envelope[], receivedAt: number): TurnActivity {
  return envelopes.reduce((s, envelope) => foldActivity(s, envelope, receivedAt), state);
}

/** Whether a turn is under way: the session runs, or a message of it waits for its answer. */
export function turnUnderWay(state: TurnActivity): boolean {
  return state.running || state.unanswered.length > 0;
}
