// The sidebar as data: one group per project, newest activity first, and inside each the
// Tether sessions and the Claude Code transcripts not yet opened in Tether, newest first.
// Pure, so the ordering rules are tested without React.
import type { ProjectInfo, Session, TranscriptInfo } from '../types/websocket';
import { baseName, shortenPath } from './paths';

export type SidebarRow =
  | { kind: 'session'; key: string; activity: number; session: Session }
  | { kind: 'transcript'; key: string; activity: number; transcript: TranscriptInfo };

export interface ProjectGroup {
  path: string;
  name: string;
  displayPath: string;
  exists: boolean;
  isRoot: boolean;
  activity: number; // ms since the epoch; 0 when nothing happened there
  rows: SidebarRow[];
}

export interface SidebarInput {
  projects: readonly ProjectInfo[];
  sessions: readonly Session[];
  transcripts: readonly TranscriptInfo[];
  home: string | null;
}

function time(iso: string | null | undefined): number {
  const t = iso ? Date.parse(iso) : NaN;
  return Number.isNaN(t) ? 0 : t;
}

export function groupSidebar({ projects, sessions, transcripts, home }: SidebarInput): ProjectGroup[] {
  const groups = new Map<string, ProjectGroup>();
  const order: string[] = []; // the server's order, for groups with equal activity
  const groupOf = (path: string, exists = true): ProjectGroup => {
    let group = groups.get(path);
    if (!group) {
      // A session or transcript in a folder the project list does not know (yet).
      group = { path, name: baseName(path), displayPath: shortenPath(path, home), exists, isRoot: false, activity: 0, rows: [] };
      groups.set(path, group);
      order.push(path);
    }
    return group;
  };
  for (const project of projects) {
    groups.set(project.path, {
      path: project.path,
      name: project.name,
      displayPath: project.displayPath,
      exists: project.exists,
      isRoot: project.isRoot,
      activity: time(project.lastActivity),
      rows: [],
    });
    order.push(project.path);
  }
  // A transcript that a session holds already is that session's row (the transcript
  // list may be older than the sessions list for a moment after opening one).
  const held = new Set(sessions.map((s) => s.claudeSessionId).filter((id): id is string => Boolean(id)));
  for (const session of sessions) {
    groupOf(session.cwd, session.cwdExists !== false).rows.push({ kind: 'session', key: `s:${session.id}`, activity: time(session.updatedAt), session });
  }
  for (const transcript of transcripts) {
    if (held.has(transcript.claudeSessionId)) continue;
    groupOf(transcript.cwd).rows.push({ kind: 'transcript', key: `t:${transcript.claudeSessionId}`, activity: time(transcript.lastActivity), transcript });
  }
  const list = order.map((path) => groups.get(path)).filter((g): g is ProjectGroup => g !== undefined);
  for (const group of list) {
    group.rows.sort((a, b) => b.activity - a.activity);
    group.activity = Math.max(group.activity, group.rows[0]?.activity ?? 0);
  }
  // Newest activity first; groups with nothing in them (roots without sessions) last.
  return list
    .map((group, index) => ({ group, index }))
    .sort((a, b) => Number(b.group.rows.length > 0) - Number(a.group.rows.length > 0) || b.group.activity - a.group.activity || a.index - b.index)
    .map(({ group }) => group);
}
