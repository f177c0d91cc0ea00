// The connection settings and diagnostics between the client and the store: the
// remembered settings are loaded into the store and the client follows the store
// (switching transport when "Use WebSocket" changes, mirroring its log to the console
// when asked or with ?debug=1), and the client's diagnostics are put into the store for
// the connection details. `diagnosticsText` makes the report that "Copy diagnostics" copies.
import type { ClaudeWebSocketClient } from '../claude/websocket-client';
import { diagnosticsReport } from '../claude/diagnostics-report';
import { rememberedDebugLog, rememberedUseWebSocket } from '../preferences';
import { setDiagnostics, useClaudeStore, type ClaudeState } from './claude-store';

let client: ClaudeWebSocketClient | null = null;

export interface DiagnosticsOptions {
  /** ?debug=1: mirror the log to the console whatever the setting says. */
  forceDebugLog?: boolean;
}

/** Call before connect(), so that a page set to HTTP only never opens a WebSocket. */
export function startDiagnostics(instance: ClaudeWebSocketClient, options: DiagnosticsOptions = {}): () => void {
  client = instance;
  const apply = (state: ClaudeState) => {
    instance.setWebSocketEnabled(state.useWebSocket);
    instance.setDebugLog(state.debugLog || options.forceDebugLog === true);
  };
  useClaudeStore.setState({ useWebSocket: rememberedUseWebSocket(), debugLog: rememberedDebugLog() });
  apply(useClaudeStore.getState());
  setDiagnostics(instance.diagnostics());
  const disposers = [
    instance.onDiagnostics(setDiagnostics),
    useClaudeStore.subscribe((state, before) => {
      if (state.useWebSocket !== before.useWebSocket || state.debugLog !== before.debugLog) apply(state);
    }),
  ];
  return () => {
    for (const dispose of disposers) dispose();
    client = null;
  };
}

/** The report as of now (fresh from the client, not the store's last copy); never with the token. */
export function diagnosticsText(): string {
  const diagnostics = client?.diagnostics() ?? useClaudeStore.getState().diagnostics;
  return diagnosticsReport(diagnostics, useClaudeStore.getState().connection, {
    now: Date.now(),
    pageUrl: window.location.href,
    userAgent: navigator.userAgent,
    online: navigator.onLine,
  });
}
