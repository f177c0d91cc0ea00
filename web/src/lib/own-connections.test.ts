// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { loadOwnConnectionIds, saveOwnConnectionIds, withConnectionId } from './own-connections';

afterEach(() => { sessionStorage.clear(); });

describe('own connection ids', () => {
  it('adds an id once, keeps the newest fifty', () => {
    expect(withConnectionId(['a'], 'b')).toEqual(['a', 'b']);
    expect(withConnectionId(['a', 'b'], 'a')).toEqual(['b', 'a']);
    const many = Array.from({ length: 50 }, (_, i) => `c${i}`);
    const next = withConnectionId(many, 'new');
    expect(next).toHaveLength(50);
    expect(next[0]).toBe('c1');
    expect(next.at(-1)).toBe('new');
  });

  it('survives a reload of the tab (sessionStorage); unreadable storage is an empty list', () => {
    saveOwnConnectionIds(['c1', 'c2']);
    expect(loadOwnConnectionIds()).toEqual(['c1', 'c2']);
    sessionStorage.setItem('tether.ownConnections', '{bad');
    expect(loadOwnConnectionIds()).toEqual([]);
  });
});
