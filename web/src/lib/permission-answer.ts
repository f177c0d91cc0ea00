// Where this tab's answer to a permission prompt is: sending (no ack yet), sent (the
// server has it; the prompt closes when its permission_resolved arrives), or failed,
// with why (an error reply, the connection dropped before the ack, or no connection at
// all), which makes the prompt answerable again. Pure: the store keeps the map, the
// actions feed it what happened.

export type AnswerState =
  | { status: 'sending'; envelopeId: string; choice: string }
  | { status: 'sent'; envelopeId: string; choice: string }
  | { status: 'failed'; reason: string; choice: string };

/** By permissionId. */
export type Answers = Readonly<Record<string, AnswerState>>;

// Said after "Your answer did not get through: ".
export const NOT_CONNECTED = 'there is no connection. Answer again once it is back.';
export const CONNECTION_DROPPED =
  'the connection dropped before the server confirmed it. If it arrived, this prompt closes by itself once the connection is back; if not, answer again.';

/** An answer only waits while the page waits for its ack: a failed one can be given again. */
export function answerable(state: AnswerState | undefined): boolean {
  return state === undefined || state.status === 'failed';
}

function update(answers: Answers, envelopeId: string, change: (state: AnswerState) => AnswerState): Answers {
  for (const [permissionId, state] of Object.entries(answers)) {
    if (state.status !== 'failed' && state.envelopeId === envelopeId) return { ...answers, [permissionId]: change(state) };
  }
  return answers;
}

/** The ack of an answer: the server has it. */
export function answerAcked(answers: Answers, envelopeId: string): Answers {
  return update(answers, envelopeId, (state) => (state.status === 'sending' ? { ...state, status: 'sent' } : state));
}

/** An error reply to an answer: it failed, and says why. */
export function answerRefused(answers: Answers, envelopeId: string, reason: string): Answers {
  return update(answers, envelopeId, (state) => ({ status: 'failed', reason, choice: state.choice }));
}

/** Whether an envelope id is one of the answers in flight. */
export function isAnswer(answers: Answers, envelopeId: string): boolean {
  return Object.values(answers).some((state) => state.status !== 'failed' && state.envelopeId === envelopeId);
}

/**
 * The connection dropped: every answer still without its ack failed. Returns the new map
 * and the envelope ids to stop resending (an answer given again later must not race an
 * old one that went out after the reconnect).
 */
export function connectionLost(answers: Answers): { answers: Answers; discard: string[] } {
  const discard: string[] = [];
  const next: Record<string, AnswerState> = { ...answers };
  for (const [permissionId, state] of Object.entries(answers)) {
    if (state.status !== 'sending') continue;
    discard.push(state.envelopeId);
    next[permissionId] = { status: 'failed', reason: CONNECTION_DROPPED, choice: state.choice };
  }
  return discard.length === 0 ? { answers, discard } : { answers: next, discard };
}
