// The tool calls a Task's subagent made, under the Task's card (lib/store/tool-tree.ts):
// open while the subagent works, so its progress can be followed, and folded to a count
// once the Task is done; the reader's own choice wins either way.
import { useId, useState, type ReactNode } from 'react';
import type { ToolItem } from '../lib/store/timeline';

function count(n: number): string {
  return n === 0 ? 'no tool calls yet' : n === 1 ? '1 tool call' : `${n} tool calls`;
}

export function SubagentCalls({ item, renderCall }: { item: ToolItem; renderCall: (call: ToolItem) => ReactNode }) {
  const calls = item.children ?? [];
  const running = !item.result;
  const [choice, setChoice] = useState<boolean | null>(null);
  const open = (choice ?? running) && calls.length > 0;
  const id = useId();
  if (calls.length === 0 && !running) return null;
  return (
    <div className="border-t border-zinc-200 px-3 py-1.5 dark:border-zinc-800" data-testid="subagent-calls">
      <button
        type="button"
        aria-expanded={open}
        aria-controls={id}
        disabled={calls.length === 0}
        onClick={() => { setChoice(!open); }}
        className="flex items-center gap-1.5 text-xs text-zinc-600 enabled:hover:text-zinc-900 dark:text-zinc-400 dark:enabled:hover:text-zinc-100"
      >
        <span aria-hidden className={`inline-block transition-transform ${open ? 'rotate-90' : ''}`}>
          ▸
        </span>
        Subagent: {count(calls.length)}
        {running && <span className="text-zinc-500">· working…</span>}
      </button>
      {open && (
        <ol id={id} aria-label="Subagent tool calls" className="mt-1.5 space-y-1.5 border-l-2 border-zinc-200 pl-2.5 dark:border-zinc-700">
          {calls.map((call) => (
            <li key={call.id}>{renderCall(call)}</li>
          ))}
        </ol>
      )}
    </div>
  );
}
