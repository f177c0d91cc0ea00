// Light, dark, or whatever the system says: the user's choice (remembered with the other
// preferences) resolved to what the page shows. The page is dark when <html> has the
// class `dark` (Tailwind's dark: variant is bound to it in styles/index.css), and its
// color-scheme follows, so scrollbars and form controls match, and so does the code blocks'
// highlight.js theme (its own github.css or github-dark.css, the two <link>s in
// index.html, the other one switched off by its media). public/theme-boot.js
// applies the same before the first paint (no flash); this module keeps it right after:
// when the user switches, and when the system changes while the choice is "system".

export const themeChoices = ['light', 'dark', 'system'] as const;
export type ThemeChoice = (typeof themeChoices)[number];
export type Theme = 'light' | 'dark';

/** The key public/theme-boot.js reads too: keep the two in step. */
export const THEME_KEY = 'tether.theme';

const DARK_QUERY = '(prefers-color-scheme: dark)';

/** A stored value as a choice; anything else (nothing stored, an old value) is "system". */
export function parseTheme(raw: string | null | undefined): ThemeChoice {
  return raw === 'light' || raw === 'dark' ? raw : 'system';
}

export function resolveTheme(choice: ThemeChoice, systemDark: boolean): Theme {
  if (choice === 'system') return systemDark ? 'dark' : 'light';
  return choice;
}

export function systemPrefersDark(win: Window = window): boolean {
  return typeof win.matchMedia === 'function' && win.matchMedia(DARK_QUERY).matches;
}

export function applyTheme(theme: Theme, doc: Document = document): void {
  const root = doc.documentElement;
  root.classList.toggle('dark', theme === 'dark');
  root.style.colorScheme = theme;
  for (const link of doc.querySelectorAll<HTMLLinkElement>('link[data-code-theme]')) link.media = link.dataset.codeTheme === theme ? 'all' : 'not all';
}

/** Shows `choice` now (the user switched). */
export function showTheme(choice: ThemeChoice, win: Window = window): void {
  applyTheme(resolveTheme(choice, systemPrefersDark(win)), win.document);
}

/**
 * Applies `choice()` now, whenever the system's preference changes (it matters only
 * while the choice is "system"), and when another tab changes the choice. Returns the
 * disposer.
 */
export function followTheme(choice: () => ThemeChoice, win: Window = window): () => void {
  const apply = () => { showTheme(choice(), win); };
  const onStorage = (e: StorageEvent) => {
    if (e.key === THEME_KEY) apply();
  };
  apply();
  win.addEventListener('storage', onStorage);
  const query = typeof win.matchMedia === 'function' ? win.matchMedia(DARK_QUERY) : null;
  query?.addEventListener('change', apply);
  return () => {
    win.removeEventListener('storage', onStorage);
    query?.removeEventListener('change', apply);
  };
}
