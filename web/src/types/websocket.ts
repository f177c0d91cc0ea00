// Protocol v1 (docs/protocol.md) for TypeScript: every type tag, field name, error code,
// stop reason and close code, once, and the shapes of the REST answers the client reads
// (`Session`, §5.1; projects, folders, transcripts, capabilities, docs/projects.md).
// This is the twin of protocol/include/tether/protocol/names.hpp; code elsewhere names
// these constants and never spells a protocol string itself, so the two sides cannot drift
// apart. An envelope's payload is read field by field by name (lib/claude/envelope.ts
// `str`, `num`, `obj`), checked where it is used.

export const MessageType = {
  // client -> server
  sessionJoin: 'session_join',
  sessionLeave: 'session_leave',
  chatRequest: 'chat_request', // also server -> client: the session's record of it
  chatCancel: 'chat_cancel',
  ping: 'ping',
  permissionResponse: 'permission_response',
  setPermissionMode: 'set_permission_mode',
  // server -> client
  connectionStatus: 'connection_status',
  chatStream: 'chat_stream',
  chatResponse: 'chat_response',
  sessionUpdate: 'session_update',
  thinking: 'thinking',
  toolUse: 'tool_use',
  toolInput: 'tool_input', // a tool's input as the model writes it (transient)
  toolResult: 'tool_result',
  permissionRequest: 'permission_request',
  permissionResolved: 'permission_resolved',
  ack: 'ack',
  pong: 'pong',
  error: 'error',
} as const;
export type MessageType = (typeof MessageType)[keyof typeof MessageType];

const allTypes: ReadonlySet<string> = new Set(Object.values(MessageType));
export function isMessageType(text: string): text is MessageType {
  return allTypes.has(text);
}

const clientTypes: ReadonlySet<MessageType> = new Set<MessageType>([
  MessageType.sessionJoin,
  MessageType.sessionLeave,
  MessageType.chatRequest,
  MessageType.chatCancel,
  MessageType.ping,
  MessageType.permissionResponse,
  MessageType.setPermissionMode,
]);
/** True for the types a client may send. */
export function isClientMessage(type: MessageType): boolean {
  return clientTypes.has(type);
}

/** JSON field names, as in names.hpp `namespace field`. */
export const Field = {
  id: 'id',
  type: 'type',
  payload: 'payload',
  timestamp: 'timestamp',
  replyTo: 'replyTo',
  seq: 'seq',
  sessionId: 'sessionId',
  lastSeq: 'lastSeq',
  message: 'message',
  model: 'model',
  requestId: 'requestId',
  delta: 'delta',
  isComplete: 'isComplete',
  stopReason: 'stopReason',
  status: 'status',
  connectionId: 'connectionId',
  serverVersion: 'serverVersion',
  heartbeatIntervalMs: 'heartbeatIntervalMs',
  duplicate: 'duplicate',
  code: 'code',
  hint: 'hint',
  backend: 'backend',
  backendReason: 'backendReason',
  detail: 'detail',
  headSeq: 'headSeq',
  title: 'title',
  createdAt: 'createdAt',
  updatedAt: 'updatedAt',
  role: 'role',
  content: 'content',
  messages: 'messages',
  sessions: 'sessions',
  session: 'session',
  events: 'events',
  error: 'error',
  cwd: 'cwd',
  // joining a long session at its tail, and paging back (§3.1)
  tailTurns: 'tailTurns',
  historyStart: 'historyStart',
  hasOlder: 'hasOlder',
  // chat_request images (docs/projects.md)
  images: 'images',
  mediaType: 'mediaType',
  data: 'data',
} as const;

export const SessionStatus = { idle: 'idle', running: 'running' } as const;
export type SessionStatus = (typeof SessionStatus)[keyof typeof SessionStatus];

export const StopReason = {
  endTurn: 'end_turn',
  cancelled: 'cancelled',
  error: 'error',
  interrupted: 'interrupted',
} as const;
export type StopReason = (typeof StopReason)[keyof typeof StopReason];

export const ErrorCode = {
  invalidJson: 'invalid_json',
  invalidMessage: 'invalid_message',
  unknownType: 'unknown_type',
  messageTooLarge: 'message_too_large',
  sessionNotFound: 'session_not_found',
  unauthorized: 'unauthorized',
  forbidden: 'forbidden',
  notFound: 'not_found',
  methodNotAllowed: 'method_not_allowed',
  upgradeRequired: 'upgrade_required',
  rateLimited: 'rate_limited',
  overloaded: 'overloaded',
  backendUnavailable: 'backend_unavailable',
  backendError: 'backend_error',
  folderMissing: 'folder_missing', // the session's folder is gone (docs/projects.md)
  internal: 'internal',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** WebSocket close codes of §4.2 (1006 is the browser's "closed without a close frame"); pinned with the C++ twin to protocol/vocabulary.json. */
export const CloseCode = {
  normal: 1000,
  goingAway: 1001,
  protocolError: 1002,
  abnormal: 1006,
  invalidPayload: 1007,
  policy: 1008,
  tooLarge: 1009,
  internal: 1011,
  tryAgainLater: 1013,
} as const;

export const PermissionBehavior = { allow: 'allow', deny: 'deny' } as const;
export type PermissionBehavior = (typeof PermissionBehavior)[keyof typeof PermissionBehavior];

/** Claude Code permission modes, selectable per session, in the order a UI offers them; pinned with the C++ twin to protocol/vocabulary.json. */
export const PermissionMode = {
  default: 'default',
  acceptEdits: 'acceptEdits',
  plan: 'plan',
  bypassPermissions: 'bypassPermissions',
} as const;
export type PermissionMode = (typeof PermissionMode)[keyof typeof PermissionMode];

export const Backend = { echo: 'echo', claudeCode: 'claude-code' } as const;

/** HTTP routes of §1 and §5. */
export const Route = {
  websocket: '/api/claude/ws',
  stream: '/api/claude/stream',
  messages: '/api/claude/messages',
  sessions: '/api/sessions',
  // docs/projects.md
  projects: '/api/projects',
  folders: '/api/folders',
  transcripts: '/api/claude/transcripts',
  capabilities: '/api/claude/capabilities',
} as const;

/** Query parameters of the routes above (docs/projects.md). */
export const QueryParam = {
  path: 'path',
  offset: 'offset',
  limit: 'limit',
  hidden: 'hidden',
  cwd: 'cwd',
  // GET /api/sessions/{id}/events (§5.1)
  before: 'before',
  after: 'after',
} as const;

/** Path of a session's events (§5.1), under Route.sessions. */
export const EVENTS_PATH = 'events';

export type JsonValue = string | number | boolean | null | JsonValue[] | JsonObject;
export interface JsonObject {
  [key: string]: JsonValue;
}

/** One protocol message. `payload` is `{}` when absent on the wire. */
export interface Envelope {
  id: string;
  type: MessageType;
  payload: JsonObject;
  timestamp: string;
  replyTo?: string;
  seq?: number;
}

/** Image types a chat_request may carry, and its limits (docs/projects.md, "Images"). */
export const ImageMediaType = {
  png: 'image/png',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
} as const;
export type ImageMediaType = (typeof ImageMediaType)[keyof typeof ImageMediaType];
export const MAX_IMAGE_BYTES = 5 * 1024 * 1024; // decoded, per image
export const MAX_IMAGES_PER_MESSAGE = 8;
export const MAX_IMAGES_TOTAL_BYTES = 5.5 * 1024 * 1024; // decoded, all the images of one message

export interface ImageAttachment {
  mediaType: ImageMediaType;
  data: string; // base64, without a `data:` prefix
}

/** `GET /api/sessions/{id}/events?before=N&limit=L` (§5.1): the latest L events before N, ascending. */
export interface EventsPage {
  events: Envelope[];
  headSeq: number;
  hasOlder: boolean;
}

export type PermissionSuggestion = Record<string, JsonValue>;

/** How a prompt closed: answered (allow, deny) or withdrawn by the CLI (cancelled). */
export const PermissionOutcome = { ...PermissionBehavior, cancelled: 'cancelled' } as const;
export type PermissionOutcome = (typeof PermissionOutcome)[keyof typeof PermissionOutcome];

/** permission_resolved `reason`: why a prompt closed without a client's answer. */
export const PermissionCloseReason = { interrupted: 'interrupted', timeout: 'timeout' } as const;
export type PermissionCloseReason = (typeof PermissionCloseReason)[keyof typeof PermissionCloseReason];

/**
 * Field names of the Claude Code permission prompts (names.hpp, the Claude Code block of
 * `namespace field`), and of the waiting prompts a session reports.
 */
export const PermissionField = {
  permissionId: 'permissionId',
  toolName: 'toolName',
  input: 'input',
  behavior: 'behavior',
  reason: 'reason', // close_reason
  answeredBy: 'answeredBy', // the connectionId whose answer closed the prompt
  suggestion: 'suggestion', // the index of the prompt's suggestion the user picked
  remember: 'remember',
  pendingPermissions: 'pendingPermissions', // session_update.detail: ids of the open prompts
  promptsWaiting: 'promptsWaiting', // REST Session: how many prompts wait (absent = 0)
} as const;

/**
 * Field names of a file tool's tool_result (names.hpp, the Claude Code block of `namespace
 * field`): `patch`, hunks with the file's own line numbers, or `patchTruncated` (§6.1).
 */
export const PatchField = {
  patch: 'patch',
  patchTruncated: 'patchTruncated',
  oldStart: 'oldStart',
  oldLines: 'oldLines',
  newStart: 'newStart',
  newLines: 'newLines',
  lines: 'lines',
} as const;

/** Who sends an HTTP-fallback POST: the connectionId its SSE stream was given (answeredBy). */
export const CONNECTION_HEADER = 'X-Tether-Connection';

/** REST `Session` (§5.1). */
export interface Session {
  id: string;
  title: string;
  createdAt: string;
  updatedAt: string;
  status: SessionStatus;
  backend: string;
  headSeq: number;
  cwd: string;
  // docs/projects.md
  origin?: SessionOrigin; // absent from servers before projects: treat as tether
  claudeSessionId?: string;
  model?: string;
  permissionMode?: string;
  cwdExists?: boolean; // false when the folder is gone; absent = exists
  resumeCommand?: string;
  /** Open permission prompts of a loaded session; absent = none. */
  promptsWaiting?: number;
}

/** Where a session came from: made in Tether, or opened from a Claude Code transcript. */
export const SessionOrigin = { tether: 'tether', terminal: 'terminal' } as const;
export type SessionOrigin = (typeof SessionOrigin)[keyof typeof SessionOrigin];

/** `POST /api/sessions` body for a new session (every field optional). */
export interface NewSessionRequest {
  cwd?: string;
  title?: string;
  model?: string;
  permissionMode?: string;
}

/** `POST /api/sessions` body that opens a Claude Code conversation in Tether. */
export interface OpenTranscriptRequest {
  claudeSessionId: string;
}

/** `GET /api/projects` */
export interface ProjectInfo {
  path: string;
  name: string;
  displayPath: string;
  isRoot: boolean;
  exists: boolean;
  sessionCount: number;
  terminalCount: number;
  lastActivity: string | null;
}
export interface ProjectsResponse {
  home: string;
  roots: string[];
  projects: ProjectInfo[];
}

/** `GET /api/folders` */
export interface FolderEntry {
  name: string;
  path: string;
}
export interface FolderListing {
  path: string;
  displayPath: string;
  parent: string | null; // null at a root: the picker cannot go above it
  root: string;
  folders: FolderEntry[];
  total: number;
  nextOffset: number | null;
}

/** `GET /api/claude/transcripts` */
export interface TranscriptInfo {
  claudeSessionId: string;
  cwd: string;
  title: string;
  lastActivity: string;
  messageCount: number;
  bytes: number;
  skippedLines: number;
}
export interface TranscriptsResponse {
  configDir: string;
  skippedLines: number;
  elapsedMs: number;
  transcripts: TranscriptInfo[];
}

/** `GET /api/claude/capabilities?cwd=P` */
interface ModelChoice {
  value: string;
  displayName: string;
  description?: string;
}
export interface SlashCommand {
  name: string;
  description: string;
  argumentHint?: string;
}
export interface Capabilities {
  backend: string;
  defaultModel: string;
  models: ModelChoice[];
  commands: SlashCommand[];
  outputStyles: string[];
  permissionModes: string[];
}

/** Connection states shared with libtether. */
export const ConnectionState = {
  connecting: 'connecting',
  connected: 'connected',
  disconnected: 'disconnected',
  error: 'error',
} as const;
export type ConnectionState = (typeof ConnectionState)[keyof typeof ConnectionState];

export const TransportKind = { websocket: 'websocket', http: 'http' } as const;
export type TransportKind = (typeof TransportKind)[keyof typeof TransportKind];
