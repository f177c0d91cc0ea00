// Answering a permission prompt from this tab, and what became of the answer: sending
// until its ack, then sent (the prompt closes when permission_resolved arrives); an
// error reply, or a connection that dropped before the ack, makes the prompt answerable
// again with the reason shown (the answer is not resent behind the user's back: they
// may want to answer otherwise, or another tab may have answered meanwhile).
import { ErrorCode, Field, MessageType, PermissionBehavior, PermissionField, type Envelope, type JsonObject } from '../../types/websocket';
import type { ClaudeWebSocketClient } from '../claude/websocket-client';
import { str } from '../claude/envelope';
import { NOT_CONNECTED, answerAcked, answerRefused, connectionLost, isAnswer } from '../permission-answer';
import { setPermissionAnswers, useClaudeStore } from './claude-store';

export interface PermissionAnswer {
  behavior: PermissionBehavior;
  message?: string;
  remember?: boolean;
  updatedInput?: JsonObject;
  /** The index of the prompt's suggestion to apply (allow only). */
  suggestion?: number;
}

let client: ClaudeWebSocketClient | null = null;

export function startPermissionAnswers(instance: ClaudeWebSocketClient): () => void {
  client = instance;
  const stop = instance.onStateChange((snapshot) => {
    if (snapshot.state === 'connected') return;
    const { answers, discard } = connectionLost(useClaudeStore.getState().permissionAnswers);
    for (const id of discard) instance.discard(id);
    if (discard.length > 0) setPermissionAnswers(answers);
  });
  return () => {
    stop();
    client = null;
  };
}

/** What the answer was, in the words of the button that gave it (shown while it is sent). */
function choiceOf(answer: PermissionAnswer): string {
  if (answer.behavior === PermissionBehavior.deny) return 'Deny';
  if (answer.suggestion !== undefined) return 'suggestion';
  return answer.remember ? 'Allow for this session' : 'Allow';
}

export function answerPermission(sessionId: string, permissionId: string, answer: PermissionAnswer): void {
  if (!client) throw new Error('startPermissionAnswers() was not called');
  const answers = useClaudeStore.getState().permissionAnswers;
  const choice = choiceOf(answer);
  if (useClaudeStore.getState().connection.state !== 'connected') {
    setPermissionAnswers({ ...answers, [permissionId]: { status: 'failed', reason: NOT_CONNECTED, choice } });
    return;
  }
  const payload: JsonObject = { sessionId, [PermissionField.permissionId]: permissionId, [PermissionField.behavior]: answer.behavior };
  if (answer.message) payload[Field.message] = answer.message;
  if (answer.remember) payload[PermissionField.remember] = true;
  if (answer.updatedInput) payload.updatedInput = answer.updatedInput;
  if (answer.suggestion !== undefined) payload[PermissionField.suggestion] = answer.suggestion;
  const envelope = client.send(MessageType.permissionResponse, payload);
  setPermissionAnswers({ ...useClaudeStore.getState().permissionAnswers, [permissionId]: { status: 'sending', envelopeId: envelope.id, choice } });
}

/** An ack or error that answers one of our permission answers; true when it was one. */
export function settlePermissionReply(envelope: Envelope): boolean {
  const answers = useClaudeStore.getState().permissionAnswers;
  const replyTo = envelope.replyTo;
  if (replyTo === undefined || !isAnswer(answers, replyTo)) return false;
  if (envelope.type === MessageType.ack) {
    setPermissionAnswers(answerAcked(answers, replyTo));
    return true;
  }
  if (envelope.type !== MessageType.error) return false;
  const code = str(envelope.payload, Field.code);
  if (code === ErrorCode.rateLimited) return true; // still in the outbox: it goes again by itself
  const message = str(envelope.payload, Field.message) ?? 'The server refused the answer.';
  const hint = str(envelope.payload, Field.hint) ?? '';
  client?.discard(replyTo);
  setPermissionAnswers(answerRefused(answers, replyTo, hint ? `${message} ${hint}` : message));
  return true;
}
