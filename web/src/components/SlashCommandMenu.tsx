// The list of slash commands above the composer while a `/command` is being typed:
// the highlighted one is chosen with Enter or Tab, any one with a click.
import type { SlashCommand } from '../types/websocket';

interface Props {
  commands: SlashCommand[];
  highlighted: number;
  onPick: (command: SlashCommand) => void;
  onHighlight: (index: number) => void;
}

export const slashMenuId = 'slash-command-menu';
export const slashOptionId = (index: number) => `slash-command-${index}`;

export function SlashCommandMenu({ commands, highlighted, onPick, onHighlight }: Props) {
  return (
    <ul
      id={slashMenuId}
      role="listbox"
      aria-label="Slash commands"
      className="absolute right-0 bottom-full left-0 mb-1 max-h-64 overflow-y-auto rounded-xl border border-zinc-200 bg-white py-1 shadow-lg dark:border-zinc-700 dark:bg-zinc-900"
      data-testid="slash-menu"
    >
      {commands.map((command, i) => (
        <li
          key={command.name}
          id={slashOptionId(i)}
          role="option"
          aria-selected={i === highlighted}
          // mousedown, not click: the textarea keeps the focus.
          onMouseDown={(e) => {
            e.preventDefault();
            onPick(command);
          }}
          onMouseEnter={() => { onHighlight(i); }}
          className={`cursor-pointer px-3 py-1.5 text-sm ${i === highlighted ? 'bg-blue-50 dark:bg-blue-950/50' : ''}`}
        >
          <span className="font-mono font-medium">/{command.name}</span>
          {command.argumentHint && <span className="ml-1.5 font-mono text-xs text-zinc-500 dark:text-zinc-400">{command.argumentHint}</span>}
          {command.description && <span className="block truncate text-xs text-zinc-500 dark:text-zinc-400">{command.description}</span>}
        </li>
      ))}
    </ul>
  );
}
