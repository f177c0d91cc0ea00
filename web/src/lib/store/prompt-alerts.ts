// Makes a waiting permission prompt noticeable outside the page: the tab title counts
// the prompts that wait (over every session the page knows), and, when the user opted
// in and the browser allows it, a prompt that arrives while the page is hidden becomes a
// system notification; clicking it brings the window forward on that session. The
// decisions are pure (tab-title, permission-notification, prompts-waiting); this is
// their I/O shell, subscribed to the store. Returns a disposer that restores the title.
import { permissionNotification, shouldNotify, type NotificationAccess, type NotificationContent } from '../permission-notification';
import { notifyOnPermission } from '../preferences';
import { openPrompt, pendingPermissionIds, totalPromptsWaiting } from '../prompts-waiting';
import { tabTitle } from '../tab-title';
import { useClaudeStore, type ClaudeState } from './claude-store';

/** The browser's Notification API, narrowed to what is used (a fake in tests). */
export interface NotificationPort {
  access(): NotificationAccess;
  show(content: NotificationContent, onClick: () => void): void;
}

export function browserNotifications(win: Window = window): NotificationPort {
  // Absent from some browsers (and from insecure origins in others).
  const Api = (win as Window & typeof globalThis).Notification as typeof Notification | undefined;
  return {
    access: () => (Api ? Api.permission : 'unsupported'),
    show: (content, onClick) => {
      if (!Api) return;
      try {
        const notification = new Api(content.title, { body: content.body, tag: content.tag });
        notification.onclick = () => {
          onClick();
          notification.close();
        };
      } catch {
        // Some browsers only notify from a service worker: the title still says it.
      }
    },
  };
}

export interface PromptAlertOptions {
  doc?: Document;
  notifications?: NotificationPort;
  /** The user's setting (read when a prompt arrives, so a change applies at once). */
  enabled?: () => boolean;
  /** A notification was clicked: show this session. */
  open: (sessionId: string) => void;
}

export function watchPromptAlerts(options: PromptAlertOptions): () => void {
  const doc = options.doc ?? document;
  const notifications = options.notifications ?? browserNotifications();
  const enabled = options.enabled ?? notifyOnPermission;
  const base = doc.title;
  // Prompts already seen (notified, or arrived while the page was in sight): never again.
  const handled = new Set<string>();
  let seen: Pick<ClaudeState, 'sessions' | 'views'> | null = null;

  const update = (state: ClaudeState) => {
    if (seen?.sessions === state.sessions && seen.views === state.views) return;
    seen = { sessions: state.sessions, views: state.views };
    const title = tabTitle(base, totalPromptsWaiting(state.sessions, state.views));
    if (doc.title !== title) doc.title = title;
    for (const [sessionId, view] of Object.entries(state.views)) {
      for (const permissionId of pendingPermissionIds(view) ?? []) {
        if (handled.has(permissionId)) continue;
        const prompt = openPrompt(view, permissionId);
        if (!prompt) continue; // its permission_request is not folded in yet: next update
        handled.add(permissionId);
        if (!shouldNotify({ enabled: enabled(), access: notifications.access(), hidden: doc.hidden })) continue;
        const sessionTitle = state.sessions.find((s) => s.id === sessionId)?.title;
        const content = permissionNotification({ permissionId, toolName: prompt.toolName, input: prompt.input, ...(sessionTitle ? { sessionTitle } : {}) });
        notifications.show(content, () => { options.open(sessionId); });
      }
    }
  };

  update(useClaudeStore.getState());
  const unsubscribe = useClaudeStore.subscribe(update);
  return () => {
    unsubscribe();
    doc.title = base;
  };
}
