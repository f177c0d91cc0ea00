// One Claude Code tool call: its name, its gist (the command, the file path) and where
// it is (writing its input, running, done, failed, Bash's exit status); a file change
// as a diff; a Task's subagent calls nested under it; what the call gave back. While
// the model is still writing the input (tool_input), the card is drawn from the JSON
// written so far, and the tool_use replaces it with the whole input. A file's path inside
// the session's folder is a button that opens it in the Files panel.
import { memo, useMemo } from 'react';
import type { JsonObject } from '../types/websocket';
import { readPartialJson } from '../lib/partial-json';
import type { ToolItem } from '../lib/store/timeline';
import { isSubagentTool } from '../lib/store/tool-tree';
import { toolGist } from '../lib/tool-gist';
import { toolStatus, type ToolTone } from '../lib/tool-status';
import { useClaudeStore } from '../lib/store/claude-store';
import { openFileInWorkbench } from '../lib/store/workbench-store';
import { relativeToCwd } from '../lib/touched-files';
import { SubagentCalls } from './SubagentCalls';
import { ToolInput } from './ToolInput';
import { ToolOutput } from './ToolOutput';

const toneClass: Record<ToolTone, string> = {
  working: 'text-blue-700 dark:text-blue-400',
  done: 'text-zinc-500 dark:text-zinc-400',
  failed: 'font-medium text-red-700 dark:text-red-400',
};

const isObject = (value: unknown): value is JsonObject => typeof value === 'object' && value !== null && !Array.isArray(value);

// A path or address still being written is not shown in the gist until it is whole
// (a half path reads as a different file); a command or pattern may grow in place.
const waitsToBeWhole = (key: string) => /(path|url)$/i.test(key);

/** The input to draw: the whole one, or what can be read of the JSON written so far. */
function useShownInput(item: ToolItem): { input: JsonObject; gistInput: JsonObject } {
  return useMemo(() => {
    if (item.inputText === undefined) return { input: item.input, gistInput: item.input };
    const { value, pending } = readPartialJson(item.inputText);
    const input = isObject(value) ? value : {};
    if (pending === null || !waitsToBeWhole(pending)) return { input, gistInput: input };
    const gistInput = Object.fromEntries(Object.entries(input).filter(([key]) => key !== pending));
    return { input, gistInput };
  }, [item.input, item.inputText]);
}

function label(name: string, gist: string): string {
  const short = gist.length > 120 ? `${gist.slice(0, 117)}...` : gist;
  return short ? `${name}: ${short}` : name;
}

/** The file a tool call names, relative to the session's folder, when it is inside it. */
function useOpenablePath(item: ToolItem): { sessionId: string; path: string } | null {
  const sessionId = useClaudeStore((s) => s.currentSessionId);
  const cwd = useClaudeStore((s) => s.sessions.find((x) => x.id === s.currentSessionId)?.cwd);
  const raw = item.inputText === undefined ? (item.input.file_path ?? item.input.notebook_path) : undefined;
  if (!sessionId || !cwd || typeof raw !== 'string') return null;
  const path = relativeToCwd(raw, cwd);
  return path === null ? null : { sessionId, path };
}

export const ToolCard = memo(function ToolCard({ item, nested = false }: { item: ToolItem; nested?: boolean }) {
  const { input, gistInput } = useShownInput(item);
  const gist = toolGist(item.name, gistInput);
  const status = toolStatus(item);
  const writing = item.inputText !== undefined;
  const subagent = isSubagentTool(item.name);
  const showsInput = ['Edit', 'MultiEdit', 'Write'].includes(item.name);
  const pathGist = showsInput || item.name === 'Read' || item.name === 'NotebookEdit';
  const openable = useOpenablePath(item);
  return (
    <article
      aria-label={label(item.name, gist)}
      className={`rounded-lg border text-sm ${
        nested ? 'border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-950/40' : 'border-zinc-200 bg-zinc-50/60 dark:border-zinc-800 dark:bg-zinc-900/60'
      }`}
      data-testid="tool-card"
      data-tool={item.name}
      data-state={writing ? 'writing' : !item.result ? 'running' : item.result.isError ? 'failed' : 'done'}
    >
      <div className={`flex items-baseline gap-2 px-3 ${nested ? 'py-1.5' : 'py-2'}`}>
        <span className="font-semibold">{item.name}</span>
        {/* A subagent's call whose Task is in older history not loaded yet. */}
        {item.parentToolUseId !== undefined && <span className="shrink-0 text-xs text-zinc-500 dark:text-zinc-400">in a subagent</span>}
        {/* A path too long for the line keeps its end (the file's name) and loses its start. */}
        {pathGist && openable ? (
          // The path opens the file in the Files panel.
          <button
            type="button"
            className="min-w-0 flex-1 truncate text-left font-mono text-xs text-blue-700 hover:underline dark:text-blue-400"
            dir="rtl"
            title={`Open ${openable.path} in the Files panel`}
            aria-label={`Open ${openable.path} in the Files panel`}
            onClick={() => { openFileInWorkbench(openable.sessionId, openable.path); }}
            data-testid="tool-path"
          >
            <bdi dir="ltr">{gist}</bdi>
          </button>
        ) : (
          <code className="min-w-0 flex-1 truncate text-left text-xs text-zinc-600 dark:text-zinc-400" dir={pathGist ? 'rtl' : undefined} title={gist}>
            {pathGist ? <bdi dir="ltr">{gist}</bdi> : gist}
          </code>
        )}
        <span className={`shrink-0 text-xs ${toneClass[status.tone]}`} data-testid="tool-status">
          {status.label}
        </span>
      </div>
      {showsInput && (
        <div className="px-3 pb-2">
          <ToolInput name={item.name} input={input} result={item.result} following={writing} />
        </div>
      )}
      {subagent && <SubagentCalls item={item} renderCall={(call) => <ToolCard item={call} nested />} />}
      <ToolOutput item={item} />
    </article>
  );
});
