// The CLI's suggestions on a permission prompt (permission_request.suggestions, as the
// CLI sends them) in words a button can carry: "Always allow `npm test` in this
// session", "Accept edits from now on". Tether applies a picked one for the session only
// (docs/protocol.md §6.2), and only the kinds it can (addRules, setMode,
// addDirectories): any other gets no words, so no button.
import type { JsonValue, PermissionSuggestion } from '../types/websocket';

const SESSION = 'in this session';

function text(value: JsonValue | undefined): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

/** Claude Code writes an absolute path in a rule as `//path`. */
function shownPath(path: string): string {
  return path.startsWith('//') ? path.slice(1) : path;
}

function joined(parts: string[]): string {
  if (parts.length <= 1) return parts.join('');
  return `${parts.slice(0, -1).join(', ')} and ${parts.at(-1) ?? ''}`;
}

/** One rule as what it lets through: "`npm test`", "commands that start with `npm run`", "Bash". */
function ruleWords(rule: JsonValue): string | undefined {
  if (!rule || typeof rule !== 'object' || Array.isArray(rule)) return undefined;
  const tool = text(rule.toolName);
  if (!tool) return undefined;
  const content = text(rule.ruleContent);
  if (!content) return tool;
  switch (tool) {
    case 'Bash':
      return content.endsWith(':*') ? `commands that start with \`${content.slice(0, -2)}\`` : `\`${content}\``;
    case 'Read':
      return `reading \`${shownPath(content)}\``;
    case 'Edit':
    case 'Write':
    case 'MultiEdit':
    case 'NotebookEdit':
      return `edits to \`${shownPath(content)}\``;
    case 'WebFetch':
      return content.startsWith('domain:') ? `fetching from \`${content.slice('domain:'.length)}\`` : `${tool} \`${content}\``;
    default:
      return `${tool} \`${content}\``;
  }
}

const modes: Record<string, string> = {
  acceptEdits: 'Accept edits from now on',
  plan: 'Switch to plan mode',
  bypassPermissions: 'Allow everything from now on',
  default: 'Ask before acting from now on',
};

/** The words for one suggestion, or undefined when Tether does not offer it. */
export function suggestionLabel(suggestion: PermissionSuggestion): string | undefined {
  switch (suggestion.type) {
    case 'addRules': {
      if (suggestion.behavior !== undefined && suggestion.behavior !== 'allow') return undefined;
      const rules = Array.isArray(suggestion.rules) ? suggestion.rules.map(ruleWords) : [];
      if (rules.length === 0 || rules.some((r) => r === undefined)) return undefined;
      return `Always allow ${joined(rules as string[])} ${SESSION}`;
    }
    case 'setMode': {
      const mode = text(suggestion.mode);
      return mode === undefined ? undefined : modes[mode];
    }
    case 'addDirectories': {
      const dirs = Array.isArray(suggestion.directories) ? suggestion.directories.map(text) : [];
      if (dirs.length === 0 || dirs.some((d) => d === undefined)) return undefined;
      return `Allow access to ${joined(dirs.map((d) => `\`${d ?? ''}\``))} ${SESSION}`;
    }
    default:
      return undefined;
  }
}

export interface SuggestionChoice {
  /** The index in the prompt's suggestions: what permission_response.suggestion carries. */
  index: number;
  label: string;
}

/** The suggestions a prompt can offer as buttons, with their indexes. */
export function suggestionChoices(suggestions: readonly PermissionSuggestion[]): SuggestionChoice[] {
  return suggestions.flatMap((suggestion, index) => {
    const label = suggestionLabel(suggestion);
    return label === undefined ? [] : [{ index, label }];
  });
}

/** What an allow also granted, for the decision: the picked suggestion, or the whole tool for the session. */
export function grantedWith(resolution: { suggestion?: number; remember?: boolean }, suggestions: readonly PermissionSuggestion[]): string | undefined {
  if (resolution.suggestion !== undefined) {
    const picked = suggestions[resolution.suggestion];
    return picked ? suggestionLabel(picked) : undefined;
  }
  return resolution.remember ? 'Allowed for this session' : undefined;
}
