// The files this session's turns changed, as the Files panel marks them: the paths in
// the inputs of Claude Code's file tools (Edit, MultiEdit, Write: file_path;
// NotebookEdit: notebook_path), subagents' calls included, made relative to the
// session's folder. A path outside that folder is left out (the panel shows only it).
import type { TimelineItem, ToolItem } from './store/timeline';

const pathKeyOf: Record<string, string> = { Edit: 'file_path', MultiEdit: 'file_path', Write: 'file_path', NotebookEdit: 'notebook_path' };

/** Collapses `.`, `..` and repeated slashes of an absolute path; null when `..` climbs past the root. */
export function normalizeAbsolute(path: string): string | null {
  if (!path.startsWith('/')) return null;
  const parts: string[] = [];
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (parts.length === 0) return null;
      parts.pop();
    } else parts.push(part);
  }
  return `/${parts.join('/')}`;
}

/** `path` relative to `cwd` ("src/app.ts"), or null when it is not inside it (or is the folder itself). */
export function relativeToCwd(path: string, cwd: string): string | null {
  const file = normalizeAbsolute(path);
  const base = normalizeAbsolute(cwd);
  if (file === null || base === null) return null;
  const prefix = base === '/' ? '/' : `${base}/`;
  if (!file.startsWith(prefix) || file.length === prefix.length) return null;
  return file.slice(prefix.length);
}

/** The path a file tool call changes, relative to the session's folder; null for other tools. */
export function touchedPath(tool: Pick<ToolItem, 'name' | 'input'>, cwd: string): string | null {
  const key = pathKeyOf[tool.name];
  if (key === undefined) return null;
  const value = tool.input[key];
  return typeof value === 'string' ? relativeToCwd(value, cwd) : null;
}

function visit(tools: readonly ToolItem[], cwd: string, into: Set<string>): void {
  for (const tool of tools) {
    const path = touchedPath(tool, cwd);
    if (path !== null) into.add(path);
    if (tool.children) visit(tool.children, cwd, into);
  }
}

/** Every file the session's tool calls changed, relative to `cwd`. */
export function touchedFiles(items: readonly TimelineItem[], cwd: string): Set<string> {
  const touched = new Set<string>();
  visit(items.filter((item): item is ToolItem => item.kind === 'tool'), cwd, touched);
  return touched;
}

/** The folders that hold a touched file (each ancestor), so a collapsed folder can say so. */
export function touchedFolders(files: ReadonlySet<string>): Set<string> {
  const folders = new Set<string>();
  for (const file of files) {
    let at = file.lastIndexOf('/');
    while (at > 0) {
      folders.add(file.slice(0, at));
      at = file.lastIndexOf('/', at - 1);
    }
  }
  return folders;
}
