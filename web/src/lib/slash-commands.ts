// The slash-command list of the composer: when it opens (a `/` at the very start, and no
// space typed yet) and which commands match what was typed. Claude Code reads a slash
// command from the message text, so choosing one only fills the composer.
import type { SlashCommand } from '../types/websocket';

/** The command name being typed (`/rev` -> `rev`), or null when the list should be closed. */
export function slashQuery(text: string): string | null {
  if (!text.startsWith('/')) return null;
  const rest = text.slice(1);
  return /\s/.test(rest) ? null : rest;
}

/** Commands matching the query: names starting with it, then names containing it, then descriptions. */
export function filterCommands(commands: readonly SlashCommand[], query: string): SlashCommand[] {
  const q = query.toLowerCase();
  if (q === '') return [...commands];
  const starts: SlashCommand[] = [];
  const contains: SlashCommand[] = [];
  const described: SlashCommand[] = [];
  for (const command of commands) {
    const name = command.name.toLowerCase();
    if (name.startsWith(q)) starts.push(command);
    else if (name.includes(q)) contains.push(command);
    else if (command.description.toLowerCase().includes(q)) described.push(command);
  }
  return [...starts, ...contains, ...described];
}

/** What the composer holds after choosing a command: its name and a space for arguments. */
export function commandText(command: SlashCommand): string {
  return `/${command.name} `;
}

/** The next highlighted index for ArrowUp/ArrowDown, wrapping around. */
export function moveHighlight(index: number, count: number, step: 1 | -1): number {
  if (count === 0) return 0;
  return (index + step + count) % count;
}
