// What the browser remembers between visits (localStorage): the project new sessions
// start in, the model chosen per session, whether to notify when Claude Code asks
// for permission, the connection settings (WebSocket or HTTP only; the debug log), and
// the theme.
// Storage may be full or disabled; then nothing is remembered and nothing fails.
import { THEME_KEY, parseTheme, type ThemeChoice } from './theme';

const lastProjectKey = 'tether.lastProject';
const modelsKey = 'tether.models';
const notifyPermissionsKey = 'tether.notifyPermissions';
const useWebSocketKey = 'tether.useWebSocket';
const debugLogKey = 'tether.debugLog';

function read(key: string): string | null {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}

function write(key: string, value: string): void {
  try {
    localStorage.setItem(key, value);
  } catch {
    // Not remembered: a preference, not data.
  }
}

export function lastProject(): string | null {
  return read(lastProjectKey);
}

export function rememberProject(path: string): void {
  write(lastProjectKey, path);
}

export function rememberedModels(): Record<string, string> {
  try {
    const parsed: unknown = JSON.parse(read(modelsKey) ?? '{}');
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return {};
    return Object.fromEntries(Object.entries(parsed).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
  } catch {
    return {};
  }
}

export function rememberModels(models: Record<string, string>): void {
  write(modelsKey, JSON.stringify(models));
}

/** "Notify me when Claude Code asks for permission" (off unless the user turned it on). */
export function notifyOnPermission(): boolean {
  return read(notifyPermissionsKey) === 'on';
}

export function rememberNotifyOnPermission(on: boolean): void {
  write(notifyPermissionsKey, on ? 'on' : 'off');
}

/** "Use WebSocket" (on unless the user turned it off: then HTTP only, for a proxy that eats WebSockets). */
export function rememberedUseWebSocket(): boolean {
  return read(useWebSocketKey) !== 'off';
}

export function rememberUseWebSocket(on: boolean): void {
  write(useWebSocketKey, on ? 'on' : 'off');
}

/** "Log the connection to the browser console" (off unless turned on). */
export function rememberedDebugLog(): boolean {
  return read(debugLogKey) === 'on';
}

export function rememberDebugLog(on: boolean): void {
  write(debugLogKey, on ? 'on' : 'off');
}

/** The theme: light, dark, or the system's (the default). public/theme-boot.js reads the same key. */
export function rememberedTheme(): ThemeChoice {
  return parseTheme(read(THEME_KEY));
}

export function rememberTheme(choice: ThemeChoice): void {
  write(THEME_KEY, choice);
}

const workbenchKey = 'tether.workbench';
export type WorkbenchTab = 'files' | 'changes';

/** The Files / Changes panel beside the chat: open or closed, and its tab. */
export function rememberedWorkbench(): { open: boolean; tab: WorkbenchTab } {
  try {
    const parsed: unknown = JSON.parse(read(workbenchKey) ?? '{}');
    const value = parsed && typeof parsed === 'object' ? (parsed as { open?: unknown; tab?: unknown }) : {};
    return { open: value.open === true, tab: value.tab === 'changes' ? 'changes' : 'files' };
  } catch {
    return { open: false, tab: 'files' };
  }
}

export function rememberWorkbench(open: boolean, tab: WorkbenchTab): void {
  write(workbenchKey, JSON.stringify({ open, tab }));
}
