// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { copyText } from './clipboard';
import { fakeExecCommand } from './testing/exec-command';

afterEach(() => {
  vi.unstubAllGlobals();
  document.body.innerHTML = '';
});

describe('copyText', () => {
  it('falls back to a hidden textarea and execCommand on a page without the Clipboard API', async () => {
    vi.stubGlobal('isSecureContext', false);
    let copied = '';
    const exec = vi.fn(() => {
      const area = document.querySelector('textarea');
      copied = area?.value.slice(area.selectionStart, area.selectionEnd) ?? '';
      return true;
    });
    fakeExecCommand(exec);
    expect(await copyText('cd /w && claude --resume x')).toBe(true);
    expect(exec).toHaveBeenCalledWith('copy');
    expect(copied).toBe('cd /w && claude --resume x'); // selected, as execCommand needs it
    expect(document.querySelector('textarea')).toBeNull(); // cleaned up
  });

  it('uses the fallback when a secure page has no clipboard either, and gives focus back', async () => {
    vi.stubGlobal('navigator', { clipboard: undefined }); // copyText reads nothing else of it
    const button = document.createElement('button');
    document.body.appendChild(button);
    button.focus();
    fakeExecCommand(() => true);
    expect(await copyText('x')).toBe(true);
    expect(document.activeElement).toBe(button);
  });

  it('says so when the browser refuses', async () => {
    vi.stubGlobal('isSecureContext', false);
    fakeExecCommand(() => false);
    expect(await copyText('x')).toBe(false);
    fakeExecCommand(() => {
      throw new Error('not allowed');
    });
    expect(await copyText('x')).toBe(false);
    expect(document.querySelector('textarea')).toBeNull();
  });
});
