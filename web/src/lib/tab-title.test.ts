import { describe, expect, it } from 'vitest';
import { tabTitle } from './tab-title';

describe('tab title', () => {
  it('leads with the waiting prompts, and is the plain title when none wait', () => {
    expect(tabTitle('Tether', 1)).toBe('(1) Permission needed · Tether');
    expect(tabTitle('Tether', 3)).toBe('(3) Permission needed · Tether');
    expect(tabTitle('Tether', 0)).toBe('Tether');
  });
});
