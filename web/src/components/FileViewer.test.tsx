// @vitest-environment jsdom
import { render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { FileViewer } from './FileViewer';
import { settle } from './testing/flow-harness';

function answer(body: unknown) {
  vi.stubGlobal('fetch', vi.fn(() => Promise.resolve(new Response(JSON.stringify(body), { status: 200, headers: { 'Content-Type': 'application/json' } }))));
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('FileViewer', () => {
  it('a binary file is not shown', async () => {
    answer({ path: 'logo.png', size: 2048, binary: true, tooLarge: false });
    render(<FileViewer sessionId="s" path="logo.png" />);
    expect(screen.getByText('Loading logo.png…').getAttribute('aria-busy')).toBe('true');
    await settle();
    expect(screen.getByTestId('file-note').textContent).toBe('Binary file (2 kB) — not shown.');
  });

  it('a file over the limit says its size and the limit', async () => {
    answer({ path: 'dump.sql', size: 2_300_000, tooLarge: true, limit: 1_048_576 });
    render(<FileViewer sessionId="s" path="dump.sql" />);
    await settle();
    expect(screen.getByTestId('file-note').textContent).toBe('Too large to show (2.3 MB, limit 1 MB).');
  });

  it('a long file is virtualized: only the lines in view are in the page', async () => {
    const text = Array.from({ length: 3000 }, (_, i) => `line ${i + 1}`).join('\n');
    answer({ path: 'long.txt', size: text.length, binary: false, tooLarge: false, text });
    render(<FileViewer sessionId="s" path="long.txt" />);
    await settle();
    const code = screen.getByRole('region', { name: 'Contents of long.txt' });
    expect(code.getAttribute('data-lines')).toBe('3000');
    expect(code.getAttribute('data-virtual')).toBe('true');
    expect(code.querySelectorAll('[data-line]').length).toBeLessThan(200);
  });

  it('a malformed answer is an error that says so, with a Retry', async () => {
    answer({ path: 'a.ts', size: 'big' });
    render(<FileViewer sessionId="s" path="a.ts" />);
    await settle();
    const alert = screen.getByRole('alert');
    expect(alert.textContent).toContain("The server's answer for a file is malformed: size is not a count.");
    expect(screen.getByRole('button', { name: 'Retry' })).toBeTruthy();
  });
});
