// One Claude Code tool call: its name and gist (the command, the file path), its output
// collapsible, and Edit/Write shown as a diff. Output is shown as plain text, never HTML.
import { memo } from 'react';
import type { JsonObject } from '../types/websocket';
import type { ToolItem } from '../lib/store/timeline';
import { toolGist, toolOutputText } from '../lib/tool-gist';
import { DiffView } from './DiffView';

function str(input: JsonObject, key: string): string {
  const value = input[key];
  return typeof value === 'string' ? value : '';
}

export function ToolInput({ name, input }: { name: string; input: JsonObject }) {
  if (name === 'Edit') return <DiffView before={str(input, 'old_string')} after={str(input, 'new_string')} />;
  if (name === 'Write') return <DiffView before="" after={str(input, 'content')} />;
  if (name === 'MultiEdit' && Array.isArray(input.edits)) {
    return (
      <div className="space-y-1">
        {input.edits.map((edit, i) =>
          edit && typeof edit === 'object' && !Array.isArray(edit) ? <DiffView key={i} before={str(edit, 'old_string')} after={str(edit, 'new_string')} /> : null,
        )}
      </div>
    );
  }
  return null;
}

function lineCount(text: string): string {
  const n = text.split('\n').length;
  return n === 1 ? '1 line' : `${n} lines`;
}

export const ToolCard = memo(function ToolCard({ item }: { item: ToolItem }) {
  const gist = toolGist(item.name, item.input);
  const output = item.result ? toolOutputText(item.result.content) : null;
  const running = !item.result;
  return (
    <div className="rounded-lg border border-zinc-200 bg-zinc-50/60 text-sm dark:border-zinc-800 dark:bg-zinc-900/60" data-testid="tool-card" data-tool={item.name}>
      <div className="flex items-baseline gap-2 px-3 py-2">
        <span className="font-semibold">{item.name}</span>
        <code className="min-w-0 flex-1 truncate text-xs text-zinc-600 dark:text-zinc-400" title={gist}>
          {gist}
        </code>
        <span className={`text-xs ${item.result?.isError ? 'text-red-600 dark:text-red-400' : 'text-zinc-500'}`}>
          {running ? 'running…' : item.result?.isError ? 'failed' : 'done'}
        </span>
      </div>
      <div className="px-3 pb-2">
        <ToolInput name={item.name} input={item.input} />
      </div>
      {output !== null && (
        <details className="border-t border-zinc-200 px-3 py-1.5 dark:border-zinc-800">
          <summary className="cursor-pointer text-xs text-zinc-500">Output{output.length > 0 ? ` (${lineCount(output)})` : ' (empty)'}</summary>
          <pre className="mt-1 max-h-80 overflow-auto text-xs whitespace-pre-wrap" data-testid="tool-output">
            {output}
          </pre>
        </details>
      )}
    </div>
  );
});
