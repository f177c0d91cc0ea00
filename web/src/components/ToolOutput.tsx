// What a tool call gave back. Bash: its output at once, in colour, folded when long
// (the exit status is in the card's header). A failure of any tool: its message, open.
// Anything else: its output behind a summary with its size, out of the way.
import { useMemo } from 'react';
import { bashOutcome } from '../lib/bash-result';
import { countLines } from '../lib/fold';
import type { ToolItem } from '../lib/store/timeline';
import { toolOutputText } from '../lib/tool-gist';
import { FoldedText } from './FoldedText';

function size(text: string): string {
  const n = countLines(text);
  return n === 0 ? 'empty' : n === 1 ? '1 line' : `${n} lines`;
}

export function ToolOutput({ item }: { item: ToolItem }) {
  const text = useMemo(() => (item.result ? toolOutputText(item.result.content) : null), [item.result]);
  if (text === null || !item.result) return null;
  const frame = 'border-t border-zinc-200 px-3 py-2 dark:border-zinc-800';
  if (item.name === 'Bash') {
    const { output } = bashOutcome(text, item.result.isError);
    return (
      <div className={frame}>
        {output.trim().length > 0 ? <FoldedText text={output} label="Output" testId="tool-output" /> : <p className="text-xs text-zinc-500">No output.</p>}
      </div>
    );
  }
  if (item.result.isError) {
    return (
      <div className={frame}>
        <FoldedText text={text} label="Error" testId="tool-output" />
      </div>
    );
  }
  return (
    <details className={`${frame} py-1.5`}>
      <summary className="cursor-pointer text-xs text-zinc-500 dark:text-zinc-400">{item.children ? 'Result' : 'Output'} ({size(text)})</summary>
      <div className="mt-1">
        <FoldedText text={text} label="Output" testId="tool-output" />
      </div>
    </details>
  );
}
