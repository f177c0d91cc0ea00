import { describe, expect, it } from 'vitest';
import { addLocalMessage, applyEvents, emptyView } from './timeline';
import { removeLocalMessage, retextLocalMessage } from './local-messages';

describe('a message not sent yet', () => {
  const view = applyEvents(addLocalMessage(emptyView, 'mine', 'frist'), [
    { id: 'e1', type: 'chat_request', payload: { sessionId: 's', requestId: 'theirs', message: 'from elsewhere' }, timestamp: '', seq: 1 },
  ]);

  it('edited: its text changes, in place', () => {
    const edited = retextLocalMessage(view, 'mine', 'first');
    expect(edited.items.map((i) => i.kind === 'user' && i.text)).toEqual(['first', 'from elsewhere']);
    expect(retextLocalMessage(edited, 'mine', 'first')).toBe(edited);
  });

  it('cancelled: it goes; a message from elsewhere is never touched', () => {
    expect(removeLocalMessage(view, 'mine').items.map((i) => i.id)).toEqual(['theirs']);
    expect(removeLocalMessage(view, 'theirs')).toBe(view);
    expect(retextLocalMessage(view, 'theirs', 'x')).toBe(view);
  });
});
