import { afterEach, describe, expect, it, vi } from 'vitest';
import { copyText } from './clipboard';

afterEach(() => vi.unstubAllGlobals());

describe('copyText', () => {
  it('falls back to a hidden textarea and execCommand on a page without the Clipboard API', async () => {
    vi.stubGlobal('isSecureContext', false);
    let copied = '';
    const exec = vi.fn(() => {
      copied = document.querySelector('textarea')?.value ?? '';
      return true;
    });
    document.execCommand = exec;
    expect(await copyText('cd /w && claude --resume x')).toBe(true);
    expect(exec).toHaveBeenCalledWith('copy');
    expect(copied).toBe('cd /w && claude --resume x');
    expect(document.querySelector('textarea')).toBeNull(); // cleaned up
  });

  it('says so when the browser refuses', async () => {
    vi.stubGlobal('isSecureContext', false);
    document.execCommand = () => false;
    expect(await copyText('x')).toBe(false);
  });
});
