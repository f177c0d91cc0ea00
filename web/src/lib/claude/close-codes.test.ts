import { describe, expect, it } from 'vitest';
import { closeLabel, describeClose, isTrouble } from './close-codes';

describe('close codes', () => {
  it('tells apart the codes the server uses', () => {
    const names = [1001, 1006, 1008, 1009, 1011, 1013].map((code) => describeClose(code).name);
    expect(new Set(names).size).toBe(names.length);
    expect(describeClose(1008).name).toMatch(/rate limit/);
    expect(describeClose(1009).name).toBe('message too big');
    expect(describeClose(1013).name).toMatch(/try again later/);
    expect(describeClose(1001).name).toBe('server going away');
    expect(describeClose(1006).name).toBe('connection dropped');
  });

  it('says what to do', () => {
    expect(describeClose(1009).action).toMatch(/shorter message/);
    expect(describeClose(1009).action).toMatch(/--max-message-bytes/);
    expect(describeClose(1008).action).toMatch(/Send less often/);
    expect(describeClose(1006).action).toMatch(/Use WebSocket/);
    expect(describeClose(1013).action).toMatch(/nothing is lost/);
  });

  it('names unknown and application codes instead of failing', () => {
    expect(describeClose(4001).name).toBe('application close');
    expect(describeClose(1234).name).toBe('unknown close code');
    expect(describeClose(1234).code).toBe(1234);
  });

  it('labels a close with its reason', () => {
    expect(closeLabel(1009)).toBe('1009 message too big');
    expect(closeLabel(1006, 'connect timeout')).toBe('1006 connection dropped (connect timeout)');
  });

  it('counts every close but a normal one as trouble', () => {
    expect(isTrouble(1000)).toBe(false);
    expect(isTrouble(1006)).toBe(true);
  });
});
