// Vitest setup: DOM matchers-free; cleans the rendered tree after each test. jsdom does
// no layout (every element is 0×0), and a virtualized list renders nothing in a viewport
// of no height: the message list gets a desktop-sized one, with more content than fits.
import { afterEach } from 'vitest';
import { cleanup } from '@testing-library/react';

// Files without a DOM (`@vitest-environment` node, the default) have nothing to clean.
const hasDom = typeof HTMLElement !== 'undefined';
if (hasDom) afterEach(() => { cleanup(); });

const viewport = { clientHeight: 760, clientWidth: 1100, scrollHeight: 5000 } as const;
for (const [key, size] of hasDom ? Object.entries(viewport) : []) {
  Object.defineProperty(HTMLElement.prototype, key, {
    configurable: true,
    get(this: HTMLElement) {
      return this.dataset.testid === 'message-list' ? size : 0;
    },
  });
}
