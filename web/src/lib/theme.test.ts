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

/** index.html's highlight.js theme links, in this document's head; the media of each by theme. */
function codeThemeLinks() {
  const html = new DOMParser().parseFromString(readFileSync(join(import.meta.dirname, '../../index.html'), 'utf8'), 'text/html');
  const links = [...html.querySelectorAll<HTMLLinkElement>('link[data-code-theme]')];
  document.head.replaceChildren(...links.map((link) => document.importNode(link)));
  const media = (theme: string) => document.querySelector<HTMLLinkElement>(`link[data-code-theme="${theme}"]`)?.media;
  return () => ({ light: media('light'), dark: media('dark') });
}

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

  it('applies a theme as the dark class and the color-scheme of <html>, and its highlight.js theme', () => {
    const media = codeThemeLinks();
    // Before any script: the system's (light also when it says nothing).
    expect(media()).toEqual({ light: '(prefers-color-scheme: light)', dark: '(prefers-color-scheme: dark)' });
    applyTheme('dark');
    expect(root().classList.contains('dark')).toBe(true);
    expect(root().style.colorScheme).toBe('dark');
    expect(media()).toEqual({ light: 'not all', dark: 'all' });
    applyTheme('light');
    expect(root().classList.contains('dark')).toBe(false);
    expect(root().style.colorScheme).toBe('light');
    expect(media()).toEqual({ light: 'all', dark: 'not all' });
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
    const media = codeThemeLinks();
    stubSystem(true);
    boot();
    expect(root().classList.contains('dark')).toBe(true); // nothing chosen: the system's
    expect(media()).toEqual({ light: 'not all', dark: 'all' });
    localStorage.setItem(THEME_KEY, 'light');
    boot();
    expect(root().classList.contains('dark')).toBe(false);
    expect(root().style.colorScheme).toBe('light');
    expect(media()).toEqual({ light: 'all', dark: 'not all' });
    stubSystem(false);
    localStorage.setItem(THEME_KEY, 'dark');
    boot();
    expect(root().classList.contains('dark')).toBe(true);
    expect(root().style.colorScheme).toBe('dark');
  });
});
