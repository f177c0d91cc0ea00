import { describe, expect, it } from 'vitest';
import { baseName, shortenPath } from './paths';
import { relativeTime } from './relative-time';

describe('shortenPath', () => {
  it('writes the home folder as ~', () => {
    expect(shortenPath('/home/ada/src/shop', '/home/ada')).toBe('~/src/shop');
    expect(shortenPath('/home/ada', '/home/ada/')).toBe('~');
  });
  it('leaves other paths alone, also look-alikes of home', () => {
    expect(shortenPath('/home/adam/x', '/home/ada')).toBe('/home/adam/x');
    expect(shortenPath('/srv/app', '/home/ada')).toBe('/srv/app');
    expect(shortenPath('/srv/app', null)).toBe('/srv/app');
    expect(shortenPath('/srv/app', '/')).toBe('/srv/app');
  });
});

describe('baseName', () => {
  it('is the last component', () => {
    expect(baseName('/home/ada/src/shop')).toBe('shop');
    expect(baseName('/home/ada/src/shop/')).toBe('shop');
    expect(baseName('/')).toBe('/');
  });
});

describe('relativeTime', () => {
  const now = Date.parse('2026-12-01T12:00:00Z');
  it('says how long ago, in the largest unit', () => {
    expect(relativeTime('2026-12-01T11:59:30Z', now)).toBe('just now');
    expect(relativeTime('2026-12-01T11:55:00Z', now)).toBe('5 min ago');
    expect(relativeTime('2026-12-01T09:00:00Z', now)).toBe('3 h ago');
    expect(relativeTime('2026-11-28T12:00:00Z', now)).toBe('3 d ago');
  });
  it('is empty for nothing or garbage', () => {
    expect(relativeTime(null, now)).toBe('');
    expect(relativeTime('not a date', now)).toBe('');
  });
});
