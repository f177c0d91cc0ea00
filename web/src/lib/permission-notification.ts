// When a permission prompt becomes a system notification, and what it says. The user
// opted in (a setting), the browser allowed it, and the page is out of sight when the
// prompt arrives: a prompt seen in the page needs no notification. The caller asks once
// per prompt; the tag also keeps the system from stacking repeats.
import type { JsonObject } from '../types/websocket';
import { toolGist } from './tool-gist';

/** Notification.permission, or 'unsupported' where the browser has no Notification. */
export type NotificationAccess = NotificationPermission | 'unsupported';

export interface NotifyContext {
  /** The user's setting "Notify me when Claude Code asks for permission". */
  enabled: boolean;
  access: NotificationAccess;
  /** document.hidden when the prompt arrived. */
  hidden: boolean;
}

export function shouldNotify(context: NotifyContext): boolean {
  return context.enabled && context.access === 'granted' && context.hidden;
}

export interface PromptToNotify {
  permissionId: string;
  toolName: string;
  input: JsonObject;
  /** The session's title, when it has one. */
  sessionTitle?: string;
}

export interface NotificationContent {
  title: string;
  body: string;
  tag: string;
}

const BODY_CHARS = 120;

function shorten(text: string, max: number): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length > max ? `${oneLine.slice(0, max - 1)}…` : oneLine;
}

export function notificationTag(permissionId: string): string {
  return `tether-permission-${permissionId}`;
}

export function permissionNotification(prompt: PromptToNotify): NotificationContent {
  const gist = shorten(toolGist(prompt.toolName, prompt.input), BODY_CHARS);
  const where = prompt.sessionTitle ? `${shorten(prompt.sessionTitle, 60)}: ` : '';
  return {
    title: `Claude Code asks to use ${prompt.toolName}`,
    body: `${where}${gist || 'waiting for your answer'}`,
    tag: notificationTag(prompt.permissionId),
  };
}
