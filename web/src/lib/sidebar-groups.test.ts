import { describe, expect, it } from 'vitest';
import type { ProjectInfo, Session, TranscriptInfo } from '../types/websocket';
import { groupSidebar } from './sidebar-groups';

const project = (path: string, lastActivity: string | null, extra: Partial<ProjectInfo> = {}): ProjectInfo => ({
  path,
  name: path.slice(path.lastIndexOf('/') + 1),
  displayPath: path.replace('/home/ada', '~'),
  isRoot: false,
  exists: true,
  sessionCount: 0,
  terminalCount: 0,
  lastActivity,
  ...extra,
});
const session = (id: string, cwd: string, updatedAt: string, extra: Partial<Session> = {}): Session => ({
  id,
  title: id,
  createdAt: updatedAt,
  updatedAt,
  status: 'idle',
  backend: 'echo',
  headSeq: 0,
  cwd,
  ...extra,
});
const transcript = (claudeSessionId: string, cwd: string, lastActivity: string): TranscriptInfo => ({
  claudeSessionId,
  cwd,
  title: claudeSessionId,
  lastActivity,
  messageCount: 2,
  bytes: 10,
  skippedLines: 0,
});

const root = '/home/ada/src';
const shop = '/home/ada/src/shop';
const blog = '/home/ada/src/blog';

describe('groupSidebar', () => {
  it('groups sessions and transcripts by project, newest activity first, rows newest first', () => {
    const groups = groupSidebar({
      home: '/home/ada',
      projects: [project(root, null, { isRoot: true }), project(shop, '2026-12-01T09:00:00Z'), project(blog, '2026-12-01T08:00:00Z')],
      sessions: [session('s1', shop, '2026-12-01T07:00:00Z'), session('s2', blog, '2026-12-01T10:00:00Z')],
      transcripts: [transcript('t1', shop, '2026-12-01T09:00:00Z'), transcript('t2', shop, '2026-12-01T06:00:00Z')],
    });
    expect(groups.map((g) => g.path)).toEqual([blog, shop, root]); // the root has nothing: last
    expect(groups[1]?.rows.map((r) => r.key)).toEqual(['t:t1', 's:s1', 't:t2']);
    expect(groups[1]?.displayPath).toBe('~/src/shop');
    expect(groups[2]?.rows).toEqual([]);
  });

  it('makes a group for a folder the project list does not know, with ~ and the folder name', () => {
    const groups = groupSidebar({ home: '/home/ada', projects: [], sessions: [session('s1', '/home/ada/x/y', '2026-12-01T07:00:00Z', { cwdExists: false })], transcripts: [] });
    expect(groups).toHaveLength(1);
    expect(groups[0]).toMatchObject({ path: '/home/ada/x/y', name: 'y', displayPath: '~/x/y', exists: false });
  });

  it('leaves out a transcript a session already holds', () => {
    const groups = groupSidebar({
      home: null,
      projects: [],
      sessions: [session('s1', shop, '2026-12-01T07:00:00Z', { claudeSessionId: 'c1', origin: 'terminal' })],
      transcripts: [transcript('c1', shop, '2026-12-01T07:00:00Z'), transcript('c2', shop, '2026-12-01T05:00:00Z')],
    });
    expect(groups[0]?.rows.map((r) => r.key)).toEqual(['s:s1', 't:c2']);
  });

  it('keeps a project whose folder is gone, with its sessions', () => {
    const groups = groupSidebar({ home: null, projects: [project(shop, '2026-12-01T09:00:00Z', { exists: false })], sessions: [session('s1', shop, '2026-12-01T07:00:00Z')], transcripts: [] });
    expect(groups[0]).toMatchObject({ exists: false });
    expect(groups[0]?.rows).toHaveLength(1);
  });

  it('keeps the server order between groups with equal activity', () => {
    const groups = groupSidebar({ home: null, projects: [project(root, null, { isRoot: true }), project('/other-root', null, { isRoot: true })], sessions: [], transcripts: [] });
    expect(groups.map((g) => g.path)).toEqual([root, '/other-root']);
  });
});
