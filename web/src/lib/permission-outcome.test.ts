import { describe, expect, it } from 'vitest';
import { answeredByLabel, describeOutcome } from './permission-outcome';

describe('permission outcome', () => {
  it('who answered: this tab by its own connection ids, else another tab or client', () => {
    expect(answeredByLabel('c-1', ['c-0', 'c-1'])).toBe('this tab');
    expect(answeredByLabel('c-9', ['c-1'])).toBe('another tab/client');
    expect(answeredByLabel('http', ['c-1'])).toBe('another tab/client');
    expect(answeredByLabel(undefined, ['c-1'])).toBeUndefined();
    expect(answeredByLabel('', ['c-1'])).toBeUndefined();
  });

  it('allowed or denied by a client', () => {
    expect(describeOutcome({ behavior: 'allow', answeredBy: 'c-1' }, ['c-1'])).toEqual({ kind: 'allow', label: 'Allowed', answeredBy: 'this tab' });
    expect(describeOutcome({ behavior: 'deny', message: 'no', answeredBy: 'c-2' }, ['c-1'])).toEqual({ kind: 'deny', label: 'Denied', answeredBy: 'another tab/client' });
  });

  it('closed without an answer: why', () => {
    expect(describeOutcome({ behavior: 'cancelled', reason: 'interrupted' }, [])).toEqual({ kind: 'cancelled', label: 'Cancelled', reason: 'interrupted by a server stop' });
    expect(describeOutcome({ behavior: 'deny', reason: 'timeout' }, [])).toEqual({ kind: 'deny', label: 'Denied', reason: 'timed out: nobody answered' });
    expect(describeOutcome({ behavior: 'cancelled' }, [])).toEqual({ kind: 'cancelled', label: 'Cancelled', reason: 'the turn ended first' });
  });
});
