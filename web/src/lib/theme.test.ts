// @vitest-environment jsdom
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runInThisContext } from 'node:vm';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { THEME_KEY, applyTheme, followTheme, parseTheme, resolveTheme } from './theme';
import { rememberTheme, rememberedTheme } from './preferences';

function stubSystem(dark: boolean) {
  const listeners = new Set<() => void>();
  const query = {
    get matches() {
      return dark;
    },
    addEventListener: (_: string, f: () => void) => listeners.add(f),
    removeEventListener: (_: string, f: () => void) => listeners.delete(f),
  };
  vi.stubGlobal('matchMedia', () => query);
  return {
    change(next: boolean) {
      dark = next;
      listeners.forEach((f) => { f(); });
    },
    listeners,
  };
}

const root = () => document.documentElement;

afterEach(() => {
  vi.unstubAllGlobals();
  localStorage.clear();
  root().className = '';
  root().style.colorScheme = '';
});

describe('theme', () => {
  it('reads a stored choice; anything else is the system’s', () => {
    expect(parseTheme('light')).toBe('light');
    expect(parseTheme('dark')).toBe('dark');
    expect(parseTheme('system')).toBe('system');
    expect(parseTheme(null)).toBe('system');
    expect(parseTheme('blue')).toBe('system');
  });

  it('resolves a choice against the system’s preference', () => {
    expect(resolveTheme('light', true)).toBe('light');
    expect(resolveTheme('dark', false)).toBe('dark');
    expect(resolveTheme('system', true)).toBe('dark');
    expect(resolveTheme('system', false)).toBe('light');
  });

  it('applies a theme as the dark class and the color-scheme of <html>', () => {
    applyTheme('dark');
    expect(root().classList.contains('dark')).toBe(true);
    expect(root().style.colorScheme).toBe('dark');
    applyTheme('light');
    expect(root().classList.contains('dark')).toBe(false);
    expect(root().style.colorScheme).toBe('light');
  });

  it('is remembered with the preferences, under the key the boot script reads', () => {
    expect(rememberedTheme()).toBe('system');
    rememberTheme('dark');
    expect(localStorage.getItem(THEME_KEY)).toBe('dark');
    expect(rememberedTheme()).toBe('dark');
  });

  it('follows the system while the choice is "system", and a choice made in another tab', () => {
    const system = stubSystem(false);
    let choice = parseTheme(null);
    const stop = followTheme(() => choice);
    expect(root().classList.contains('dark')).toBe(false);
    system.change(true);
    expect(root().classList.contains('dark')).toBe(true);
    choice = 'light';
    system.change(true);
    expect(root().classList.contains('dark')).toBe(false);
    choice = 'dark';
    window.dispatchEvent(new StorageEvent('storage', { key: THEME_KEY }));
    expect(root().classList.contains('dark')).toBe(true);
    stop();
    expect(system.listeners.size).toBe(0);
  });

  it('the boot script (run before the first paint) applies the same choice', () => {
    const script = readFileSync(join(import.meta.dirname, '../../public/theme-boot.js'), 'utf8');
    const boot = () => void runInThisContext(script);
    stubSystem(true);
    boot();
    expect(root().classList.contains('dark')).toBe(true); // nothing chosen: the system's
    localStorage.setItem(THEME_KEY, 'light');
    boot();
    expect(root().classList.contains('dark')).toBe(false);
    expect(root().style.colorScheme).toBe('light');
    stubSystem(false);
    localStorage.setItem(THEME_KEY, 'dark');
    boot();
    expect(root().classList.contains('dark')).toBe(true);
    expect(root().style.colorScheme).toBe('dark');
  });
});
