// The choices offered for a session's model and permission mode, from what the CLI
// reports (GET /api/claude/capabilities). Shared by the new-session dialog and the header.
import { PermissionMode, type Capabilities } from '../types/websocket';

export interface Choice {
  value: string;
  label: string;
}

const modeLabels: Record<string, string> = {
  [PermissionMode.default]: 'Ask before acting',
  [PermissionMode.acceptEdits]: 'Accept edits',
  [PermissionMode.plan]: 'Plan only',
  [PermissionMode.bypassPermissions]: 'Bypass permissions',
};

export function modeLabel(mode: string): string {
  return modeLabels[mode] ?? mode;
}

/** default, acceptEdits, plan; bypassPermissions only when the server allows it; and the current mode. */
export function permissionModeChoices(capabilities: Capabilities | undefined, current?: string): Choice[] {
  const modes: string[] = [PermissionMode.default, PermissionMode.acceptEdits, PermissionMode.plan];
  if (capabilities?.permissionModes.includes(PermissionMode.bypassPermissions)) modes.push(PermissionMode.bypassPermissions);
  if (current && !modes.includes(current)) modes.push(current);
  return modes.map((value) => ({ value, label: modeLabel(value) }));
}

/** `''` is the backend's default model; then the CLI's models; and the current one if it is not listed. */
export function modelChoices(capabilities: Capabilities | undefined, current?: string): Choice[] {
  const fallback = capabilities?.defaultModel;
  const choices: Choice[] = [{ value: '', label: fallback ? `Default (${fallback})` : 'Default' }];
  for (const model of capabilities?.models ?? []) {
    if (model.value === '' || model.value === 'default') continue; // that is the first choice
    choices.push({ value: model.value, label: model.displayName || model.value });
  }
  if (current && !choices.some((c) => c.value === current)) choices.push({ value: current, label: current });
  return choices;
}
