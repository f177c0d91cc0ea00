// @vitest-environment jsdom
import { act, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CopyButton } from './CopyButton';
import { fakeExecCommand } from '../lib/testing/exec-command';

afterEach(() => vi.unstubAllGlobals());

async function click(name: string) {
  await act(async () => {
    fireEvent.click(screen.getByRole('button', { name }));
    await Promise.resolve();
  });
}

describe('CopyButton on a plain-http page (no Clipboard API)', () => {
  it('says Copied', async () => {
    vi.stubGlobal('isSecureContext', false);
    fakeExecCommand(() => true);
    render(<CopyButton text="claude --resume abc" label="Resume in terminal" />);
    await click('Resume in terminal');
    expect(screen.getByRole('button').textContent).toBe('✓ Copied');
  });

  it('says Copy failed, and shows the text selected to copy by hand', async () => {
    vi.stubGlobal('isSecureContext', false);
    fakeExecCommand(() => false);
    render(<CopyButton text="claude --resume abc" label="Resume in terminal" />);
    await click('Resume in terminal');
    expect(screen.getByRole('button').textContent).toBe('Copy failed');
    const box = screen.getByRole<HTMLInputElement>('textbox', { name: 'Text to copy' });
    expect(box.value).toBe('claude --resume abc');
    expect(document.activeElement).toBe(box);
    fireEvent.keyDown(box, { key: 'Escape' });
    expect(screen.queryByRole('textbox')).toBeNull();
    expect(screen.getByRole('button').textContent).toBe('Resume in terminal');
  });
});
