// Which project the new-session dialog starts on: the one used last, while it is still
// a project whose folder exists; else the first workspace root; else none (the server's
// default, for a server that does not list projects).
import type { ProjectsResponse } from '../types/websocket';

export function defaultProject(projects: ProjectsResponse | null, last: string | null): string | undefined {
  if (!projects) return last ?? undefined;
  if (last && projects.projects.some((p) => p.path === last && p.exists)) return last;
  return projects.roots[0] ?? projects.projects.find((p) => p.exists)?.path;
}
