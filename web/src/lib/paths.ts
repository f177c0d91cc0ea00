// Paths as people read them: the home folder as `~`, a folder by its last name.
// The server gives `displayPath` for what it lists; this covers the paths it does not
// (a session's cwd, a root in the folder picker's breadcrumb).

/** `/home/ada/src/shop` -> `~/src/shop` when home is `/home/ada`; other paths unchanged. */
export function shortenPath(path: string, home: string | null | undefined): string {
  if (!home || home === '/') return path;
  const base = home.endsWith('/') ? home.slice(0, -1) : home;
  if (path === base) return '~';
  if (path.startsWith(`${base}/`)) return `~${path.slice(base.length)}`;
  return path;
}

/** The last component of a path (`/` for the root itself). */
export function baseName(path: string): string {
  const trimmed = path.replace(/\/+$/, '');
  if (trimmed === '') return '/';
  return trimmed.slice(trimmed.lastIndexOf('/') + 1);
}
