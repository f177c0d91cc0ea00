// How many permission prompts of a session wait for the user: what the sidebar marks
// and the tab title counts. A joined session knows it live (its backend state lists the
// open prompts, session_update.detail.pendingPermissions); any other session only as of
// the last load of the sessions list (`promptsWaiting`, absent = none).
import { PermissionField, type Session } from '../types/websocket';
import type { PermissionItem, SessionView } from './store/timeline';

/** The ids of the open prompts a joined session's backend reported; undefined when it reported none (echo, not joined yet). */
export function pendingPermissionIds(view: SessionView | undefined): string[] | undefined {
  const pending = view?.detail[PermissionField.pendingPermissions];
  if (!Array.isArray(pending)) return undefined;
  return pending.filter((id): id is string => typeof id === 'string');
}

/** Open prompts of one session: the live view when it has a say, else the list. */
export function promptsWaiting(session: Session | undefined, view: SessionView | undefined): number {
  const live = pendingPermissionIds(view);
  if (live) return live.length;
  const listed = session?.promptsWaiting;
  return typeof listed === 'number' && listed > 0 ? Math.floor(listed) : 0;
}

/** Open prompts over every session the page knows (listed or joined), but `except` (the one in view, say). */
export function totalPromptsWaiting(sessions: readonly Session[], views: Readonly<Record<string, SessionView>>, except: string | null = null): number {
  let total = 0;
  const listed = new Set<string>();
  for (const session of sessions) {
    listed.add(session.id);
    if (session.id !== except) total += promptsWaiting(session, views[session.id]);
  }
  for (const [id, view] of Object.entries(views)) if (!listed.has(id) && id !== except) total += promptsWaiting(undefined, view);
  return total;
}

/** The open prompt with this id in a view's timeline (searched from the end, where open prompts are). */
export function openPrompt(view: SessionView, permissionId: string): PermissionItem | undefined {
  for (let i = view.items.length - 1; i >= 0; i--) {
    const item = view.items[i];
    if (item?.kind === 'permission' && item.permissionId === permissionId) return item.resolved ? undefined : item;
  }
  return undefined;
}
