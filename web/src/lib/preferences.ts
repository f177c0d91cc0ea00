// What the browser remembers between visits (localStorage): the project new sessions
// start in, the model chosen per session, and whether to notify when Claude Code asks
// for permission. Storage may be full or disabled; then nothing is remembered and
// nothing fails.
const lastProjectKey = 'tether.lastProject';
const modelsKey = 'tether.models';
const notifyPermissionsKey = 'tether.notifyPermissions';

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
