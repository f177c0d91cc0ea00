import { describe, expect, it } from 'vitest';
import { CONNECTION_DROPPED, answerAcked, answerRefused, answerable, connectionLost, isAnswer, type Answers } from './permission-answer';

const sending: Answers = { p1: { status: 'sending', envelopeId: 'e1', choice: 'Allow' } };

describe('a permission answer in flight', () => {
  it('sending, then sent on its ack: not answerable meanwhile', () => {
    expect(answerable(undefined)).toBe(true);
    expect(answerable(sending.p1)).toBe(false);
    const sent = answerAcked(sending, 'e1');
    expect(sent.p1).toEqual({ status: 'sent', envelopeId: 'e1', choice: 'Allow' });
    expect(answerable(sent.p1)).toBe(false);
    expect(answerAcked(sending, 'other')).toBe(sending);
  });

  it('an error reply fails it with the reason: answerable again', () => {
    const failed = answerRefused(sending, 'e1', 'permission_response: suggestion 3 is not one this prompt offers');
    expect(failed.p1).toEqual({ status: 'failed', reason: 'permission_response: suggestion 3 is not one this prompt offers', choice: 'Allow' });
    expect(answerable(failed.p1)).toBe(true);
    expect(isAnswer(sending, 'e1')).toBe(true);
    expect(isAnswer(failed, 'e1')).toBe(false);
  });

  it('the connection dropped before the ack: failed, and not to be resent; an acked one stays', () => {
    const answers: Answers = { ...sending, p2: { status: 'sent', envelopeId: 'e2', choice: 'Deny' } };
    const { answers: after, discard } = connectionLost(answers);
    expect(discard).toEqual(['e1']);
    expect(after.p1).toEqual({ status: 'failed', reason: CONNECTION_DROPPED, choice: 'Allow' });
    expect(after.p2).toBe(answers.p2);
    expect(connectionLost(after).answers).toBe(after); // nothing more to fail
  });
});
