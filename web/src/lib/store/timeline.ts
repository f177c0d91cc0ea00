// A session's conversation as the UI shows it, and the pure function that folds
// protocol events into it. Framework-free and synchronous, so the rules (replies
// replaced by chat_response, tool results matched to their call, permission prompts
// closed by permission_resolved) are tested without React or sockets.
import {
  Field,
  MessageType,
  PatchField,
  PermissionField,
  SessionStatus,
  type Envelope,
  type JsonObject,
  type ImageAttachment,
  type JsonValue,
  type PermissionSuggestion,
  type StopReason,
} from '../../types/websocket';
import { num, obj, str } from '../claude/envelope';
import { decodePatch, type PatchHunk } from '../file-patch';
import { imagesOf } from '../images';
import { updateChild } from './tool-tree';

export type Delivery = 'queued' | 'sent' | 'failed';

export interface UserItem {
  kind: 'user';
  id: string; // the chat_request envelope id (= requestId)
  text: string;
  images?: ImageAttachment[]; // chat_request.images, when it had any
  delivery?: Delivery; // only for messages sent from this page
  error?: string;
  /** When the server took it (its chat_request's timestamp), or, until then, when it was typed here. */
  at?: string;
}

export interface AssistantItem {
  kind: 'assistant';
  id: string; // `a:<requestId>`
  requestId: string;
  text: string;
  streaming: boolean;
  stopReason?: StopReason;
  detail?: JsonObject;
  /** When the reply ended (its chat_response's timestamp); on the last segment. */
  at?: string;
}

export interface ThinkingItem {
  kind: 'thinking';
  id: string;
  text: string;
  complete: boolean; // the block's whole text has arrived (its deltas were replaced by it)
}

export interface ToolResult {
  content: JsonValue;
  isError: boolean;
  /** A file tool's change with the file's line numbers (tool_result `patch`), when it was well formed. */
  patch?: PatchHunk[];
  /** The change was too large for the server to send its patch. */
  patchTruncated?: true;
}

export interface ToolItem {
  kind: 'tool';
  id: string; // `tool:<toolUseId>` (ids of all items share one namespace)
  toolUseId: string;
  name: string;
  input: JsonObject;
  result?: ToolResult;
  /** The input's JSON text so far while the model writes it (tool_input), until the tool_use has it whole. */
  inputText?: string;
  /** The Task call whose subagent made this call, when that Task is not in the history held. */
  parentToolUseId?: string;
  /** A Task call's subagent calls, in order (tool-tree.ts). */
  children?: ToolItem[];
  /** The turn it belongs to, and how many UTF-8 bytes of its reply came before it (a top-level call). */
  requestId?: string;
  replyOffset?: number;
}

export interface PermissionItem {
  kind: 'permission';
  id: string; // `perm:<permissionId>`
  permissionId: string;
  toolName: string;
  input: JsonObject;
  description: string;
  suggestions: PermissionSuggestion[];
  title?: string;
  resolved?: Resolution;
}

export interface Resolution {
  behavior: string; // PermissionOutcome: allow, deny, cancelled
  message?: string;
  /** Why it closed without an answer: interrupted (a server stop), timeout. */
  reason?: string;
  /** The connectionId of the client that answered it. */
  answeredBy?: string;
  /** When it closed (the event's timestamp, ISO-8601). */
  at?: string;
  /** An allow that applied the prompt's suggestions[suggestion] for the session. */
  suggestion?: number;
  /** An allow for the rest of the session ("Allow for this session"). */
  remember?: boolean;
}

export type TimelineItem = UserItem | AssistantItem | ThinkingItem | ToolItem | PermissionItem;

export interface SessionView {
  items: TimelineItem[];
  status: SessionStatus;
  backend: string | null;
  backendReason: string | null;
  detail: JsonObject;
  /** permission_resolved whose permission_request is older than the history held, by permissionId. */
  orphanResolutions: Record<string, Resolution>;
}

export const emptyView: SessionView = { items: [], status: SessionStatus.idle, backend: null, backendReason: null, detail: {}, orphanResolutions: {} };

/** Folds a batch of events (in order) into a view; returns the same object when nothing changed. */
export function applyEvents(view: SessionView, envelopes: readonly Envelope[]): SessionView {
  const draft = new Draft(view);
  for (const envelope of envelopes) draft.apply(envelope);
  return draft.result();
}

/** A user message sent from this page, shown before the server has it. */
export function addLocalMessage(view: SessionView, id: string, text: string, images: ImageAttachment[] = [], at?: string): SessionView {
  if (view.items.some((item) => item.id === id)) return view;
  const item: UserItem = { kind: 'user', id, text, delivery: 'queued' };
  if (at) item.at = at;
  if (images.length > 0) item.images = images;
  return { ...view, items: [...view.items, item] };
}

/** The server acked (or refused) one of our messages. */
export function setDelivery(view: SessionView, id: string, delivery: Delivery, error?: string): SessionView {
  const index = view.items.findIndex((item) => item.kind === 'user' && item.id === id);
  if (index < 0) return view;
  const items = [...view.items];
  const item = items[index] as UserItem;
  items[index] = error === undefined ? { ...item, delivery } : { ...item, delivery, error };
  return { ...view, items };
}

function newTool(toolUseId: string, name: string): ToolItem {
  return { kind: 'tool', id: `tool:${toolUseId}`, toolUseId, name, input: {} };
}

const isProvisional = (item: TimelineItem): boolean => item.kind === 'tool' && item.inputText !== undefined;

class Draft {
  private items: TimelineItem[] | null = null;
  private index: Map<string, number> | null = null;
  private fields: Partial<SessionView> = {};

  constructor(private readonly base: SessionView) {}

  result(): SessionView {
    if (!this.items && Object.keys(this.fields).length === 0) return this.base;
    return { ...this.base, ...this.fields, items: this.items ?? this.base.items };
  }

  apply(envelope: Envelope): void {
    const p = envelope.payload;
    switch (envelope.type) {
      case MessageType.chatRequest: {
        const id = str(p, Field.requestId) ?? envelope.id;
        const existing = this.find(id);
        if (existing === undefined) {
          const item: UserItem = { kind: 'user', id, text: str(p, Field.message) ?? '' };
          if (envelope.timestamp) item.at = envelope.timestamp;
          const images = imagesOf(p[Field.images]);
          if (images.length > 0) item.images = images;
          this.push(item);
        } else {
          const item = this.list()[existing] as UserItem;
          // The server has it, so it was delivered even if our ack got lost. It moves to
          // where the server put it: after what was in the history before it (a message
          // restored after a reload was shown before the history arrived).
          const delivered: UserItem = item.delivery === 'queued' ? { ...item, delivery: 'sent' } : item;
          const placed: UserItem = envelope.timestamp ? { ...delivered, at: envelope.timestamp } : delivered;
          this.list().splice(existing, 1);
          this.index = null;
          this.push(placed);
        }
        break;
      }
      case MessageType.chatStream: {
        const requestId = str(p, Field.requestId) ?? '';
        this.appendDelta(requestId, str(p, Field.delta) ?? '', p[Field.isComplete] === true);
        break;
      }
      case MessageType.chatResponse: {
        const requestId = str(p, Field.requestId) ?? '';
        const detail = obj(p, Field.detail);
        this.completeReply(requestId, str(p, Field.message) ?? '', (str(p, Field.stopReason) ?? 'end_turn') as StopReason, detail, envelope.timestamp);
        break;
      }
      case MessageType.sessionUpdate: {
        const status = str(p, Field.status);
        if (status === SessionStatus.idle || status === SessionStatus.running) this.fields.status = status;
        const backend = str(p, Field.backend);
        if (backend !== undefined) this.fields.backend = backend;
        this.fields.backendReason = str(p, Field.backendReason) ?? null;
        const detail = obj(p, Field.detail);
        if (detail) this.fields.detail = { ...(this.fields.detail ?? this.base.detail), ...detail };
        if (status === SessionStatus.idle) this.finishStreaming();
        break;
      }
      case MessageType.thinking: {
        // Live deltas grow the open block; the closing event carries the whole text,
        // which replaces them (docs/protocol.md §6.1).
        const complete = p[Field.isComplete] === true;
        const whole = str(p, 'text') ?? str(p, 'thinking');
        const items = this.list();
        const last = items.at(-1);
        if (last?.kind === 'thinking' && !last.complete) {
          this.replace(items.length - 1, { ...last, text: complete && whole !== undefined ? whole : last.text + (str(p, Field.delta) ?? ''), complete });
        } else {
          this.push({ kind: 'thinking', id: `t:${envelope.seq ?? envelope.id}`, text: whole ?? str(p, Field.delta) ?? '', complete: complete || whole !== undefined });
        }
        break;
      }
      case MessageType.toolInput: {
        // The input as the model writes it: a provisional card until the tool_use (§6.1).
        const toolUseId = str(p, 'toolUseId') ?? '';
        const delta = str(p, Field.delta) ?? '';
        const name = str(p, 'name') ?? 'tool';
        this.updateTool(toolUseId, str(p, 'parentToolUseId'), (old) => {
          if (old && old.inputText === undefined) return old; // the whole input is here already
          return { ...(old ?? newTool(toolUseId, name)), name, inputText: (old?.inputText ?? '') + delta };
        });
        break;
      }
      case MessageType.toolUse: {
        const toolUseId = str(p, 'toolUseId') ?? envelope.id;
        const name = str(p, 'name') ?? 'tool';
        const input = obj(p, 'input') ?? {};
        const placed: Partial<ToolItem> = {};
        const requestId = str(p, Field.requestId);
        const replyOffset = num(p, 'replyOffset');
        if (requestId !== undefined && replyOffset !== undefined) Object.assign(placed, { requestId, replyOffset });
        this.updateTool(toolUseId, str(p, 'parentToolUseId'), (old) => {
          if (!old) return { ...newTool(toolUseId, name), input, ...placed };
          if (old.inputText === undefined && old.name !== 'tool') return old; // a duplicate
          const whole: ToolItem = { ...old, name, input, ...placed };
          delete whole.inputText;
          return whole;
        });
        break;
      }
      case MessageType.toolResult: {
        const toolUseId = str(p, 'toolUseId') ?? '';
        const result: ToolResult = { content: p.content ?? '', isError: p.isError === true };
        const patch = decodePatch(p[PatchField.patch]);
        if (patch) result.patch = patch;
        else if (p[PatchField.patchTruncated] === true) result.patchTruncated = true;
        this.updateTool(toolUseId, str(p, 'parentToolUseId'), (old) => ({ ...(old ?? newTool(toolUseId, 'tool')), result }));
        break;
      }
      case MessageType.permissionRequest: {
        const permissionId = str(p, 'permissionId') ?? envelope.id;
        const id = `perm:${permissionId}`;
        if (this.find(id) !== undefined) break;
        const suggestions = Array.isArray(p.suggestions) ? (p.suggestions.filter((s) => typeof s === 'object' && s !== null && !Array.isArray(s)) as PermissionSuggestion[]) : [];
        const item: PermissionItem = {
          kind: 'permission',
          id,
          permissionId,
          toolName: str(p, 'toolName') ?? 'tool',
          input: obj(p, 'input') ?? {},
          description: str(p, 'description') ?? '',
          suggestions,
        };
        const title = str(p, 'title');
        if (title !== undefined) item.title = title;
        this.push(item);
        break;
      }
      case MessageType.permissionResolved: {
        const permissionId = str(p, PermissionField.permissionId) ?? '';
        const resolved: Resolution = { behavior: str(p, PermissionField.behavior) ?? 'deny' };
        const message = str(p, Field.message);
        if (message !== undefined) resolved.message = message;
        const reason = str(p, PermissionField.reason);
        if (reason !== undefined) resolved.reason = reason;
        const answeredBy = str(p, PermissionField.answeredBy);
        if (answeredBy !== undefined) resolved.answeredBy = answeredBy;
        if (envelope.timestamp !== '') resolved.at = envelope.timestamp;
        const suggestion = p[PermissionField.suggestion];
        if (typeof suggestion === 'number') resolved.suggestion = suggestion;
        if (p[PermissionField.remember] === true) resolved.remember = true;
        const at = this.find(`perm:${permissionId}`);
        // Its prompt may be in a page of older history not loaded yet: kept until it is.
        if (at === undefined) this.fields.orphanResolutions = { ...(this.fields.orphanResolutions ?? this.base.orphanResolutions), [permissionId]: resolved };
        else this.replace(at, { ...(this.list()[at] as PermissionItem), resolved });
        break;
      }
      default:
        break;
    }
  }

  // A reply's text arrives in segments: the text before a tool call, the text after it.
  // Each segment is its own item, so the text stays where it was written among the
  // tool cards. The first segment's id is `a:<requestId>`, later ones `a:<requestId>:<n>`.
  private segments(requestId: string): number[] {
    const found: number[] = [];
    this.list().forEach((item, i) => {
      if (item.kind === 'assistant' && item.requestId === requestId) found.push(i);
    });
    return found;
  }

  private appendDelta(requestId: string, delta: string, done: boolean): void {
    const items = this.list();
    // The open segment is the last item, or the last one before user messages typed
    // meanwhile (those do not split a reply; a tool call does).
    let i = items.length - 1;
    while (i >= 0 && items[i]?.kind === 'user') i--;
    const open = items[i];
    if (open?.kind === 'assistant' && open.requestId === requestId) {
      if (open.stopReason !== undefined) return; // complete already: a late delta changes nothing
      this.replace(i, { ...open, text: open.text + delta, streaming: !done });
      return;
    }
    const count = this.segments(requestId).length;
    if (count > 0 && (items[this.segments(requestId)[count - 1] ?? 0] as AssistantItem).stopReason !== undefined) return;
    if (delta.length === 0 && done) return; // an empty closing delta opens nothing
    this.push({ kind: 'assistant', id: count === 0 ? `a:${requestId}` : `a:${requestId}:${count + 1}`, requestId, text: delta, streaming: !done });
  }

  // chat_response carries the whole reply. When the segments hold exactly that text
  // they stay; otherwise (deltas missed, or compacted away before a replay) one item
  // with the whole text replaces them, so the text shown is always exactly the reply.
  private completeReply(requestId: string, message: string, stopReason: StopReason, detail: JsonObject | undefined, at: string): void {
    const found = this.segments(requestId);
    const items = this.list();
    const joined = found.map((i) => (items[i] as AssistantItem).text).join('');
    const finish = (item: AssistantItem): AssistantItem => {
      const done: AssistantItem = { ...item, streaming: false, stopReason };
      if (detail) done.detail = detail;
      if (at) done.at = at;
      return done;
    };
    if (found.length > 0 && joined === message) {
      found.forEach((i, n) => {
        const item = items[i] as AssistantItem;
        this.replace(i, n === found.length - 1 ? finish(item) : { ...item, streaming: false });
      });
      return;
    }
    const whole = finish({ kind: 'assistant', id: `a:${requestId}`, requestId, text: message, streaming: false });
    if (found.length === 0) {
      if (!this.placeBetweenCalls(requestId, message, finish)) this.push(whole);
      return;
    }
    const [first, ...rest] = found;
    this.replace(first ?? 0, whole);
    for (const i of rest.reverse()) items.splice(i, 1);
    this.index = null; // positions moved
  }

  /**
   * A replayed turn whose deltas were compacted away: its reply comes whole, and its tool
   * calls say where in it they happened (replyOffset, in UTF-8 bytes). The text is cut
   * there and each piece put before its call, as the turn read live. False when the turn
   * has no such call in the history held.
   */
  private placeBetweenCalls(requestId: string, message: string, finish: (item: AssistantItem) => AssistantItem): boolean {
    const items = this.list();
    const calls: { at: number; offset: number }[] = [];
    items.forEach((item, at) => {
      if (item.kind === 'tool' && item.requestId === requestId && item.replyOffset !== undefined) calls.push({ at, offset: item.replyOffset });
    });
    if (calls.length === 0) return false;
    const bytes = new TextEncoder().encode(message);
    const decoder = new TextDecoder();
    let from = 0;
    const pieces = calls.map(({ at, offset }) => {
      const to = Math.min(Math.max(offset, from), bytes.length);
      const text = decoder.decode(bytes.subarray(from, to));
      from = to;
      return { at, text };
    });
    const rest = decoder.decode(bytes.subarray(from));
    const written = Math.max(1, [...pieces.map((p) => p.text), rest].filter((text) => text.length > 0).length);
    let n = 0;
    const segment = (text: string): AssistantItem => {
      n += 1;
      const item: AssistantItem = { kind: 'assistant', id: n === 1 ? `a:${requestId}` : `a:${requestId}:${n}`, requestId, text, streaming: false };
      return n === written ? finish(item) : item;
    };
    const before = pieces.map((p) => (p.text.length > 0 ? segment(p.text) : null));
    const last = rest.length > 0 || n === 0 ? segment(rest) : null;
    for (let k = pieces.length - 1; k >= 0; k -= 1) {
      const item = before[k];
      if (item) items.splice(pieces[k]?.at ?? 0, 0, item);
    }
    this.index = null; // positions moved
    if (last) this.push(last);
    return true;
  }

  /**
   * A session that went idle has no reply streaming any more (e.g. its end was lost), and
   * a tool whose input was being written but never came whole (a cancel) is not a call:
   * it goes, as it does from the history once the turn is compacted.
   */
  private finishStreaming(): void {
    const items = this.list();
    items.forEach((item, i) => {
      if (item.kind === 'assistant' && item.streaming) this.replace(i, { ...item, streaming: false });
      if (item.kind === 'tool' && item.children?.some(isProvisional)) this.replace(i, { ...item, children: item.children.filter((c) => !isProvisional(c)) });
    });
    if (items.some(isProvisional)) {
      this.items = items.filter((item) => !isProvisional(item));
      this.index = null;
    }
  }

  /**
   * Applies `update` to a tool call: under its Task when it has one in the history held,
   * else at the top level (a subagent's call whose Task is older than what is held
   * keeps its parentToolUseId, for prependEvents to nest it once the Task is loaded).
   */
  private updateTool(toolUseId: string, parentToolUseId: string | undefined, update: (old: ToolItem | undefined) => ToolItem): void {
    const parentAt = parentToolUseId === undefined ? undefined : this.find(`tool:${parentToolUseId}`);
    const parent = parentAt === undefined ? undefined : this.list()[parentAt];
    if (parentAt !== undefined && parent?.kind === 'tool') {
      this.replace(parentAt, updateChild(parent, toolUseId, update));
      return;
    }
    const at = this.find(`tool:${toolUseId}`);
    const old = at === undefined ? undefined : this.list()[at];
    const updated = update(old?.kind === 'tool' ? old : undefined);
    const item = parentToolUseId === undefined ? updated : { ...updated, parentToolUseId };
    if (at === undefined) this.push(item);
    else this.replace(at, item);
  }

  private list(): TimelineItem[] {
    this.items ??= [...this.base.items];
    return this.items;
  }

  private find(id: string): number | undefined {
    if (!this.index) {
      this.index = new Map();
      this.list().forEach((item, i) => this.index?.set(item.id, i));
    }
    return this.index.get(id);
  }

  private push(item: TimelineItem): void {
    const items = this.list();
    const last = items.at(-1);
    // A tool call or thinking after reply text: that text segment is finished.
    if (last?.kind === 'assistant' && last.streaming && item.kind !== 'user') items[items.length - 1] = { ...last, streaming: false };
    this.find(item.id); // builds the index before the push
    this.index?.set(item.id, items.length);
    items.push(item);
  }

  private replace(at: number, item: TimelineItem): void {
    this.list()[at] = item;
  }
}
